// SPDX-License-Identifier: GPL-2.0
/*
 * handshake.c - the two calls of the module core: the API handshake every
 * open file starts with, and the null trap that measures a bare crossing.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "xnu_core.h"
#include "xnu_sysctl.h"

/* Feature bits of this build; later subsystems add theirs. */
#define XNU_FEATURES	(XNU_FEAT_TRAPS | XNU_FEAT_SYSCTL | XNU_FEAT_MACH_IPC)

/**
 * xnu_trap_handshake() - XNU_TRAP_HANDSHAKE: agree on the API version
 * @xf:		the caller's open file
 * @arg:	a struct xnu_handshake, copied in and out by the dispatcher
 *
 * The module's answer is filled in whatever the outcome, so a caller with
 * the wrong version can report what it found. Each handshake replaces the
 * last: a failed one leaves the file without a handshake.
 *
 * Return: 0, -EINVAL for unknown flags, -EPROTONOSUPPORT when the caller's
 * API version cannot be served by this module.
 */
long xnu_trap_handshake(struct xnu_file *xf, void *arg)
{
	struct xnu_handshake *hs = arg;
	u32 user_api = hs->user_api;

	if (hs->flags)
		return -EINVAL;

	hs->kernel_api = XNU_API_VERSION;
	hs->trap_count = XNU_TRAP_NR_COUNT;
	hs->features = XNU_FEATURES;
	memset(hs->version, 0, sizeof(hs->version));
	strscpy(hs->version, XNUCROSS_VERSION, sizeof(hs->version));

	if (XNU_API_VERSION_MAJOR(user_api) != XNU_API_MAJOR ||
	    XNU_API_VERSION_MINOR(user_api) > XNU_API_MINOR)
		return -EPROTONOSUPPORT;

	xf->user_api = user_api;
	WRITE_ONCE(xf->handshaken, true);
	return 0;
}

/**
 * xnu_trap_null() - XNU_TRAP_NULL: do nothing
 * @xf:		the caller's open file
 * @arg:	unused, the trap takes no argument
 *
 * Return: 0.
 */
long xnu_trap_null(struct xnu_file *xf, void *arg)
{
	return 0;
}

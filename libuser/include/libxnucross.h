/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libxnucross.h - the library's own entry points: access to /dev/xnucross.
 *
 * Darwin programs do not call these; the Darwin APIs the library provides
 * (<sys/sysctl.h>, <mach/mach.h>, ...) use them underneath. Tools and tests
 * use them to reach the module directly.
 *
 * The device is opened, and the API handshake made, on the first call that
 * needs it. If that fails (module not loaded, no permission, API mismatch),
 * the call fails with errno set, a message naming the module and how to load
 * it is printed once per process on stderr (unless XNUCROSS_QUIET is set in
 * the environment), and xnucross_strerror() returns the same message. A later
 * call tries again, so loading the module afterwards is enough.
 *
 * Environment:
 *   XNUCROSS_DEVICE  path of the device node (default /dev/xnucross)
 *   XNUCROSS_QUIET   if set, print nothing on stderr
 */
#ifndef LIBXNUCROSS_H
#define LIBXNUCROSS_H

#include <stdint.h>

#include "xnucross.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct xnucross_info - what the module said in the handshake
 * @kernel_api:	the module's API version (XNU_API_VERSION encoding)
 * @user_api:	the API version this library was built against
 * @trap_count:	number of trap numbers the module knows
 * @features:	XNU_FEAT_* bits
 * @version:	the module's version string
 */
struct xnucross_info {
	uint32_t kernel_api;
	uint32_t user_api;
	uint32_t trap_count;
	uint64_t features;
	char version[XNU_VERSION_LEN];
};

/*
 * The open, handshaken descriptor of /dev/xnucross, opened on first use.
 * Returns -1 with errno set on failure: ENODEV when the module is not
 * loaded, EACCES/EPERM when the node's mode refuses the caller,
 * EPROTONOSUPPORT when the module's API version does not match.
 */
int xnucross_fd(void);

/* The module's handshake answer; 0, or -1 with errno as xnucross_fd(). */
int xnucross_info(struct xnucross_info *info);

/*
 * One trap call: ioctl(xnucross_fd(), cmd, arg), retried on EINTR.
 * Returns the ioctl's result, or -1 with errno set. XNU_TRAP_HANDSHAKE is
 * refused with EINVAL: the library makes the handshake itself, and a failed
 * one would leave the shared descriptor unusable.
 */
int xnucross_trap(uint32_t cmd, void *arg);

/* The message of the last failure to reach the module ("" if none). */
const char *xnucross_strerror(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBXNUCROSS_H */

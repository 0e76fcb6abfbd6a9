// SPDX-License-Identifier: GPL-2.0
/*
 * builtin_debug.c - the built-in debug.* leaves: debug.bpf_bufsize, the
 * seed's sysctlbyname() example, declared as XNU's bsd/net/bpf.c does.
 */
#include <linux/kernel.h>

#include "sysctl_internal.h"
#include "builtin.h"

/*
 * Darwin's default read buffer size of a new /dev/bpf descriptor
 * (BPF_BUFSIZE). Linux has no BPF device and no equivalent default (packet
 * sockets size their buffers from the socket options), so this is a plain
 * tunable that nothing in Linux reads: the value a ported program gets and
 * sets, kept in this module (back to 4096 when it is reloaded).
 */
#define XNU_BPF_BUFSIZE		4096

static int xnu_bpf_bufsize = XNU_BPF_BUFSIZE;

SYSCTL_INT(_debug, OID_AUTO, bpf_bufsize, CTLFLAG_RW | CTLFLAG_LOCKED,
	   &xnu_bpf_bufsize, 0, "");

static struct sysctl_oid *const xnu_debug_oids[] = {
	&sysctl__debug_bpf_bufsize,
};

const struct xnu_builtin_set xnu_builtin_debug = {
	.name = "debug",
	.oids = xnu_debug_oids,
	.count = ARRAY_SIZE(xnu_debug_oids),
};

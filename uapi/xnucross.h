/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnucross.h - the user/kernel contract of /dev/xnucross.
 *
 * This header is the only definition shared by the kernel module and user
 * space. It holds the trap-table ioctl encoding, the trap numbers, their
 * argument structures, the API version and the feature bits.
 *
 * Protocol
 * --------
 * Every call on /dev/xnucross is an ioctl whose command word is encoded the
 * BSD (Darwin) way:
 *
 *   bit 31      XNU_IOC_IN    the kernel copies the argument in
 *   bit 30      XNU_IOC_OUT   the kernel copies the argument out
 *   bit 29      XNU_IOC_VOID  no argument
 *   bits 16-28  argument size in bytes (less than XNU_IOCPARM_MAX)
 *   bits 8-15   group, XNU_TRAP_GROUP ('x') for the trap table
 *   bits 0-7    trap number
 *
 * The dispatcher, not the trap, copies the argument: the trap sees a kernel
 * buffer of exactly the encoded size.
 *
 * Errors (negated in the kernel, errno in user space):
 *   ENOTTY  the group is not XNU_TRAP_GROUP or the trap number is unused
 *   EINVAL  a known trap with a different size or direction, or a flag
 *           bit the trap does not know
 *   EFAULT  the argument pointer cannot be copied in or out
 *   EPROTO  a trap other than XNU_TRAP_HANDSHAKE before a successful
 *           handshake on this open file
 *
 * The first call on every open file is XNU_TRAP_HANDSHAKE: the caller states
 * the API version it was built for and the module answers with its own API
 * version, its feature bits and its version string. The handshake succeeds
 * only when the major versions are equal and the module's minor version is
 * at least the caller's; otherwise it fails with EPROTONOSUPPORT and still
 * copies the module's answer out, so the caller can say what it found.
 * A handshake may be repeated: the last one decides, and a failed one leaves
 * the file without a handshake. The version string is cut to fit
 * XNU_VERSION_LEN, NUL included.
 */
#ifndef _UAPI_XNUCROSS_H
#define _UAPI_XNUCROSS_H

#include <linux/const.h>
#include <linux/types.h>

/* The BSD ioctl command encoding: XNU_IOR() and friends. */
#include "xnu_ioccom.h"

/* The device node the module creates. */
#define XNUCROSS_DEVICE_NAME	"xnucross"
#define XNUCROSS_DEVICE_PATH	"/dev/" XNUCROSS_DEVICE_NAME

/* API version: the major changes on incompatible changes, the minor on additions. */
#define XNU_API_MAJOR		1
#define XNU_API_MINOR		4
#define XNU_API_VERSION		((XNU_API_MAJOR << 16) | XNU_API_MINOR)
#define XNU_API_VERSION_MAJOR(v)	((__u32)(v) >> 16)
#define XNU_API_VERSION_MINOR(v)	((__u32)(v) & 0xffff)

/* Feature bits reported by the handshake; later subsystems add theirs. */
#define XNU_FEAT_TRAPS		_BITULL(0)	/* trap table and handshake */
#define XNU_FEAT_SYSCTL		_BITULL(1)	/* XNU_TRAP_SYSCTL, xnu_sysctl.h */
#define XNU_FEAT_MACH_IPC	_BITULL(2)	/* Mach traps, xnu_mach_traps.h */

/* The trap table's group. */
#define XNU_TRAP_GROUP		'x'

/* Trap numbers: one entry each in the module's trap table. */
enum xnu_trap_nr {
	XNU_TRAP_NR_HANDSHAKE = 0,
	XNU_TRAP_NR_NULL = 1,
	XNU_TRAP_NR_SYSCTL = 2,
	/* Mach IPC: argument structures in xnu_mach_traps.h. */
	XNU_TRAP_NR_MACH_MSG = 3,
	XNU_TRAP_NR_TASK_SELF = 4,
	XNU_TRAP_NR_REPLY_PORT = 5,
	XNU_TRAP_NR_PORT_ALLOCATE = 6,
	XNU_TRAP_NR_PORT_ALLOCATE_NAME = 7,
	XNU_TRAP_NR_PORT_DEALLOCATE = 8,
	XNU_TRAP_NR_PORT_DESTROY = 9,
	XNU_TRAP_NR_PORT_MOD_REFS = 10,
	XNU_TRAP_NR_PORT_GET_REFS = 11,
	XNU_TRAP_NR_PORT_INSERT_RIGHT = 12,
	XNU_TRAP_NR_PORT_EXTRACT_RIGHT = 13,
	XNU_TRAP_NR_PORT_TYPE = 14,
	XNU_TRAP_NR_PORT_MOVE_MEMBER = 15,
	XNU_TRAP_NR_PORT_GET_ATTRIBUTES = 16,
	XNU_TRAP_NR_PORT_SET_ATTRIBUTES = 17,
	XNU_TRAP_NR_PORT_REQUEST_NOTIFICATION = 18,
	XNU_TRAP_NR_PORT_NAMES = 19,
	XNU_TRAP_NR_PORT_GET_CONTEXT = 20,
	XNU_TRAP_NR_PORT_SET_CONTEXT = 21,
	XNU_TRAP_NR_TASK_GET_SPECIAL_PORT = 22,
	XNU_TRAP_NR_TASK_SET_SPECIAL_PORT = 23,
	XNU_TRAP_NR_PORTS_REGISTER = 24,
	XNU_TRAP_NR_PORTS_LOOKUP = 25,
	XNU_TRAP_NR_HOST_SELF = 26,
	XNU_TRAP_NR_THREAD_SELF = 27,
	/* Mach semaphores: struct xnu_semaphore_args, xnu_mach_traps.h. */
	XNU_TRAP_NR_SEMAPHORE_SIGNAL = 28,
	XNU_TRAP_NR_SEMAPHORE_SIGNAL_ALL = 29,
	XNU_TRAP_NR_SEMAPHORE_SIGNAL_THREAD = 30,
	XNU_TRAP_NR_SEMAPHORE_WAIT = 31,
	XNU_TRAP_NR_SEMAPHORE_WAIT_SIGNAL = 32,
	XNU_TRAP_NR_SEMAPHORE_TIMEDWAIT = 33,
	XNU_TRAP_NR_SEMAPHORE_TIMEDWAIT_SIGNAL = 34,
	/* Boundary memory (wiring, rings): 35 and up. */
	/* Page wiring: xnu_vm.h. */
	XNU_TRAP_NR_VM_WIRE = 35,
	XNU_TRAP_NR_VM_UNWIRE = 36,
	XNU_TRAP_NR_VM_WIRE_INFO = 37,
	/* Wired rings: xnu_ring.h. */
	XNU_TRAP_NR_RING_ATTACH = 38,
	XNU_TRAP_NR_RING_WAIT = 39,
	XNU_TRAP_NR_COUNT
};

#define XNU_VERSION_LEN		32

/**
 * struct xnu_handshake - argument of XNU_TRAP_HANDSHAKE
 * @user_api:	in: XNU_API_VERSION the caller was built against
 * @flags:	in: must be 0
 * @kernel_api:	out: the module's XNU_API_VERSION
 * @trap_count:	out: number of trap numbers the module knows
 * @features:	out: XNU_FEAT_* bits of this module build
 * @version:	out: the module's version string, NUL-terminated
 */
struct xnu_handshake {
	__u32 user_api;
	__u32 flags;
	__u32 kernel_api;
	__u32 trap_count;
	__u64 features;
	char version[XNU_VERSION_LEN];
};

/* Negotiate the API; must be the first call on an open file. */
#define XNU_TRAP_HANDSHAKE \
	XNU_IOWR(XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE, struct xnu_handshake)
/* Does nothing: the cost of one crossing, for benchmarks. */
#define XNU_TRAP_NULL		XNU_IO(XNU_TRAP_GROUP, XNU_TRAP_NR_NULL)

#endif /* _UAPI_XNUCROSS_H */

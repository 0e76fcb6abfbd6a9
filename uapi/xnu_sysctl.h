/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_sysctl.h - Darwin sysctl numbers shared by the kernel and user faces
 * (CTL_*, KERN_*, HW_*, CTLTYPE_*, CTLFLAG_*, the sysctl meta-OIDs) and the
 * sysctl trap's argument. The generic netlink control plane's protocol is
 * in xnu_sysctl_genl.h.
 *
 * Values are XNU's (bsd/sys/sysctl.h); only Darwin's kinds 1-5 exist, and
 * width and signedness are given by the format string ("I", "IU", "L",
 * "LU", "Q", "QU", "A", "S,<type>", "N").
 *
 * The sysctl trap
 * ---------------
 * XNU_TRAP_SYSCTL runs one sysctl(2) or sysctlbyname(2) request in one
 * crossing. Every pointer in struct xnu_sysctl_args is a user address; the
 * module reads and writes *oldlenp itself (a size_t, so 64-bit callers
 * only), as XNU does: it is written on success and on ENOMEM. Errors are
 * XNU's (see Documentation/sysctl.rst):
 *   EINVAL        namelen < 2 or > CTL_MAXNAME (by MIB); unknown flags;
 *                 a 32-bit caller;
 *                 a short new value; an OID without handler
 *   ENAMETOOLONG  a name longer than XNU_SYSCTL_MAXNAMELEN bytes
 *   ENOENT        an unknown component; a node without handler
 *   EISDIR        components after a leaf
 *   EPERM         a write to a read-only OID, to a CTLFLAG_SECURE OID while
 *                 kern.securelevel > 0, or without CAP_SYS_ADMIN and
 *                 without CTLFLAG_ANYBODY
 *   ENOMEM        the old value does not fit: nothing of the failing chunk
 *                 is copied, *oldlenp is what was copied before it
 *   ERANGE        a 64-bit value read into 4 bytes, or 8 bytes written to
 *                 a 32-bit value, does not fit
 *   EFAULT        a pointer that cannot be read or written
 */
#ifndef _UAPI_XNU_SYSCTL_H
#define _UAPI_XNU_SYSCTL_H

#include <linux/types.h>

/*
 * Linux's binary-sysctl header names its own numbers CTL_KERN, CTL_NET,
 * KERN_OSTYPE, ... (enumerators with other values). Include it first, so
 * the Darwin macros below take over those names in all code after them
 * (a later #include of it is a no-op).
 */
#include <linux/sysctl.h>
#undef CTL_MAXNAME

#include "xnucross.h"

#define CTL_MAXNAME		12	/* largest number of components */

/* Kinds (the low 4 bits of oid_kind). */
#define CTLTYPE			0xf
#define CTLTYPE_NODE		1
#define CTLTYPE_INT		2
#define CTLTYPE_STRING		3
#define CTLTYPE_QUAD		4
#define CTLTYPE_OPAQUE		5
#define CTLTYPE_STRUCT		CTLTYPE_OPAQUE

/* Flags (the high bits of oid_kind). */
#define CTLFLAG_RD		0x80000000	/* allow reads of variable */
#define CTLFLAG_WR		0x40000000	/* allow writes to the variable */
#define CTLFLAG_RW		(CTLFLAG_RD | CTLFLAG_WR)
#define CTLFLAG_NOLOCK		0x20000000	/* XNU: do not lock; no effect here */
#define CTLFLAG_ANYBODY		0x10000000	/* all users can set this var */
#define CTLFLAG_SECURE		0x08000000	/* set only if securelevel <= 0 */
#define CTLFLAG_MASKED		0x04000000	/* deprecated, do not display */
#define CTLFLAG_NOAUTO		0x02000000	/* do not auto-register */
#define CTLFLAG_KERN		0x01000000	/* valid inside the kernel */
#define CTLFLAG_LOCKED		0x00800000	/* handler does its own locking */
#define CTLFLAG_OID2		0x00400000	/* struct has descr and version */
#define CTLFLAG_PERMANENT	0x00200000	/* kernel-private in XNU */
#define CTLFLAG_EXPERIMENT	0x00100000	/* trial-experiment tunable */

#define OID_AUTO		(-1)	/* the next free number under the parent */
#define OID_AUTO_START		100	/* conventional first OID_AUTO number */

/* Top-level names. */
#define CTL_UNSPEC		0	/* unused; the sysctl meta node */
#define CTL_KERN		1	/* "high kernel": proc, limits */
#define CTL_VM			2	/* virtual memory */
#define CTL_VFS			3	/* file system */
#define CTL_NET			4	/* network */
#define CTL_DEBUG		5	/* debugging parameters */
#define CTL_HW			6	/* generic cpu/io */
#define CTL_MACHDEP		7	/* machine dependent */
#define CTL_USER		8	/* user-level */
#define CTL_MAXID		9	/* number of valid top-level ids */

/* The meta-OIDs under {0, ...}. */
#define CTL_SYSCTL_DEBUG	0	/* {0,0}: always ENOENT */
#define CTL_SYSCTL_NAME		1	/* {0,1,mib...}: the dotted name */
#define CTL_SYSCTL_NEXT		2	/* {0,2,mib...}: the next leaf's MIB */
#define CTL_SYSCTL_NAME2OID	3	/* {0,3}: the MIB of the name in newp */
#define CTL_SYSCTL_OIDFMT	4	/* {0,4,mib...}: u32 kind + format */
#define CTL_SYSCTL_OIDDESCR	5	/* {0,5,mib...}: the description */

/* CTL_KERN identifiers. */
#define KERN_OSTYPE		1	/* string: system version */
#define KERN_OSRELEASE		2	/* string: system release */
#define KERN_OSREV		3	/* int: system revision */
#define KERN_VERSION		4	/* string: compile time info */
#define KERN_MAXVNODES		5	/* int: max vnodes */
#define KERN_MAXPROC		6	/* int: max processes */
#define KERN_MAXFILES		7	/* int: max open files */
#define KERN_ARGMAX		8	/* int: max arguments to exec */
#define KERN_SECURELVL		9	/* int: system security level */
#define KERN_HOSTNAME		10	/* string: hostname */
#define KERN_HOSTID		11	/* int: host identifier */
#define KERN_CLOCKRATE		12	/* struct: struct clockrate */
#define KERN_VNODE		13	/* struct: vnode structures */
#define KERN_PROC		14	/* struct: process entries */
#define KERN_FILE		15	/* struct: file entries */
#define KERN_PROF		16	/* node: kernel profiling info */
#define KERN_POSIX1		17	/* int: POSIX.1 version */
#define KERN_NGROUPS		18	/* int: # of supplemental group ids */
#define KERN_JOB_CONTROL	19	/* int: is job control available */
#define KERN_SAVED_IDS		20	/* int: saved set-user/group-ID */
#define KERN_BOOTTIME		21	/* struct: time kernel was booted */

/* CTL_HW identifiers. */
#define HW_MACHINE		1	/* string: machine class */
#define HW_MODEL		2	/* string: specific machine model */
#define HW_NCPU			3	/* int: number of cpus */
#define HW_BYTEORDER		4	/* int: machine byte order */
#define HW_PHYSMEM		5	/* int: total memory */
#define HW_USERMEM		6	/* int: non-kernel memory */
#define HW_PAGESIZE		7	/* int: software page size */
#define HW_DISKNAMES		8	/* strings: disk drive names */
#define HW_DISKSTATS		9	/* struct: diskstats[] */
#define HW_EPOCH		10	/* int: 0 for Legacy, else NewWorld */
#define HW_FLOATINGPT		11	/* int: has HW floating point? */
#define HW_MACHINE_ARCH		12	/* string: machine architecture */
#define HW_VECTORUNIT		13	/* int: has HW vector unit? */
#define HW_BUS_FREQ		14	/* int: Bus Frequency */
#define HW_CPU_FREQ		15	/* int: CPU Frequency */
#define HW_CACHELINE		16	/* int: Cache Line Size in Bytes */
#define HW_L1ICACHESIZE		17	/* int: L1 I Cache Size in Bytes */
#define HW_L1DCACHESIZE		18	/* int: L1 D Cache Size in Bytes */
#define HW_L2SETTINGS		19	/* int: L2 Cache Settings */
#define HW_L2CACHESIZE		20	/* int: L2 Cache Size in Bytes */
#define HW_L3SETTINGS		21	/* int: L3 Cache Settings */
#define HW_L3CACHESIZE		22	/* int: L3 Cache Size in Bytes */
#define HW_TB_FREQ		23	/* int: Bus Frequency */
#define HW_MEMSIZE		24	/* uint64_t: physical ram size */
#define HW_AVAILCPU		25	/* int: number of available CPUs */
#define HW_TARGET		26	/* string: model identifier */
#define HW_PRODUCT		27	/* string: product identifier */
#define HW_MAXID		28	/* number of valid hw ids */

/* Longest name sysctlbyname() takes, NUL excluded (MAXPATHLEN - 1). */
#define XNU_SYSCTL_MAXNAMELEN	1023

/* struct xnu_sysctl_args.flags */
#define XNU_SYSCTL_BYNAME	0x1	/* name is a string of namelen bytes */
#define XNU_SYSCTL_FLAGS	XNU_SYSCTL_BYNAME

/**
 * struct xnu_sysctl_args - argument of XNU_TRAP_SYSCTL
 * @name:	user address of int[namelen] (a MIB), or with
 *		XNU_SYSCTL_BYNAME of the name's namelen bytes (no NUL needed)
 * @oldp:	user address for the old value, or 0
 * @oldlenp:	user address of the size_t holding oldp's size, or 0
 * @newp:	user address of the new value, or 0
 * @newlen:	size of the new value; 0 means no write, whatever newp is
 * @namelen:	MIB components, or the name's length in bytes
 * @flags:	XNU_SYSCTL_* bits
 */
struct xnu_sysctl_args {
	__u64 name;
	__u64 oldp;
	__u64 oldlenp;
	__u64 newp;
	__u64 newlen;
	__u32 namelen;
	__u32 flags;
};

/* One sysctl(2) or sysctlbyname(2) request. */
#define XNU_TRAP_SYSCTL \
	XNU_IOW(XNU_TRAP_GROUP, XNU_TRAP_NR_SYSCTL, struct xnu_sysctl_args)

#endif /* _UAPI_XNU_SYSCTL_H */

/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_vm.h - page wiring traps of /dev/xnucross: wire a range of the
 * caller's memory (the vm_wire()/mlock() role), unwire it, and read the
 * wiring counters.
 *
 * A wired range is a region: its pages are pinned long-term
 * (FOLL_LONGTERM) and charged to the calling user's RLIMIT_MEMLOCK (all
 * its processes together, as io_uring does; not with CAP_IPC_LOCK), and
 * show in the process's VmPin. A read wiring of private writable memory
 * breaks copy-on-write first (it pins the pages the process will write).
 * A region belongs to the open file it was made on:
 * unwiring it, closing the file or the process exiting releases it; a
 * kernel module using it (<xnucross/wire.h>) keeps the pages pinned until
 * it lets go. Regions never merge or split: wiring a range twice makes two
 * regions, each to be unwired once.
 *
 * The traps return a kern_return_t, as mach_vm_wire() would:
 *   KERN_SUCCESS
 *   KERN_INVALID_ARGUMENT    flags, prot outside VM_PROT_READ|WRITE, a
 *                            range that wraps or is empty, unwire of a
 *                            handle or range that is not a live region of
 *                            this file (double unwire)
 *   KERN_INVALID_ADDRESS     part of the range is not mapped
 *   KERN_PROTECTION_FAILURE  write wiring of memory that is not writable,
 *                            or of a shared mapping of a file whose file
 *                            system writes back (anonymous, shmem/memfd
 *                            and hugetlbfs memory wire for writing)
 *   KERN_RESOURCE_SHORTAGE   over RLIMIT_MEMLOCK without CAP_IPC_LOCK, or
 *                            out of memory
 * and a negative errno for transport errors (EFAULT, EBADFD: a file bound
 * to another process, e.g. inherited across fork() or passed with
 * SCM_RIGHTS; every wiring trap checks it).
 *
 * XNU_TRAP_VM_WIRE_INFO's file fields are 0 for a file that never wired.
 */
#ifndef _UAPI_XNU_VM_H
#define _UAPI_XNU_VM_H

#include <linux/types.h>

#include "xnucross.h"

/* XNU's VM_PROT_* bits that wiring uses. */
#define XNU_VM_PROT_NONE	0x0
#define XNU_VM_PROT_READ	0x1
#define XNU_VM_PROT_WRITE	0x2

/* Most pages one region may hold (4 GiB of 4 KiB pages). */
#define XNU_VM_WIRE_MAX_PAGES	0x100000U

/**
 * struct xnu_vm_wire_args - XNU_TRAP_VM_WIRE and XNU_TRAP_VM_UNWIRE
 * @addr:	wire: start of the range (rounded down to a page);
 *		unwire: with @handle 0, the start of the region to unwire
 * @size:	bytes (the end is rounded up to a page); unwire by range:
 *		must round to the same pages as the region
 * @prot:	wire: XNU_VM_PROT_READ, optionally | XNU_VM_PROT_WRITE (the
 *		pages are pinned for writing); unwire: ignored
 * @flags:	must be 0
 * @handle:	wire: out, the region's handle (never 0); unwire: the
 *		region to unwire, or 0 to name it by @addr and @size (the
 *		most recently wired region with that range)
 */
struct xnu_vm_wire_args {
	__u64 addr;
	__u64 size;
	__u32 prot;
	__u32 flags;
	__u64 handle;
};

/**
 * struct xnu_vm_wire_info - XNU_TRAP_VM_WIRE_INFO: wiring counters
 * @flags:		in: must be 0
 * @file_regions:	out: live regions of this open file
 * @file_pages:		out: pages those regions hold
 * @pinned_pages:	out: pages the module holds pinned now, for every
 *			process and module (what a leak test checks)
 * @regions:		out: regions alive now, everywhere
 * @wired_total:	out: pages ever pinned since load
 * @unwired_total:	out: pages ever unpinned since load
 */
struct xnu_vm_wire_info {
	__u32 flags;
	__u32 file_regions;
	__u64 file_pages;
	__u64 pinned_pages;
	__u64 regions;
	__u64 wired_total;
	__u64 unwired_total;
};

#define XNU_TRAP_VM_WIRE \
	XNU_IOWR(XNU_TRAP_GROUP, XNU_TRAP_NR_VM_WIRE, struct xnu_vm_wire_args)
#define XNU_TRAP_VM_UNWIRE \
	XNU_IOW(XNU_TRAP_GROUP, XNU_TRAP_NR_VM_UNWIRE, struct xnu_vm_wire_args)
#define XNU_TRAP_VM_WIRE_INFO \
	XNU_IOWR(XNU_TRAP_GROUP, XNU_TRAP_NR_VM_WIRE_INFO, \
		 struct xnu_vm_wire_info)

#endif /* _UAPI_XNU_VM_H */

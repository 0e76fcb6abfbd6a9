/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_ring.h - the wired ring: a ring of variable-size records in a
 * user-allocated buffer, wired and shared with a kernel consumer, and the
 * traps that attach it (XNU_TRAP_RING_ATTACH) and wait on it
 * (XNU_TRAP_RING_WAIT). See Documentation/memory.rst for the protocol.
 *
 * Layout of a ring buffer (page-aligned, wired by the attach):
 *
 *   offset 0                     XNU_RING_HDR_SIZE       + size
 *   | struct xnu_ring_hdr  ....  | data: records ........ |
 *
 * prod and cons are free-running byte counts (mod 2^32); used = prod -
 * cons is never above size; a record starts at (index & (size - 1)).
 * A record is struct xnu_ring_rec, then len bytes, padded to
 * XNU_RING_ALIGN; it never crosses the end of the data area: when it does
 * not fit before the end, the producer writes a record whose len is
 * XNU_RING_WRAP there and continues at offset 0.
 *
 * One producer and one consumer per ring. The kernel side never trusts
 * the shared memory: it keeps its own copy of its index and of the
 * geometry, checks every index and length it reads, and breaks the ring
 * (XNU_RING_F_BROKEN) on the first inconsistency.
 */
#ifndef _UAPI_XNU_RING_H
#define _UAPI_XNU_RING_H

#include <linux/types.h>

#include "xnucross.h"

#define XNU_RING_MAGIC		0x474e5258U	/* "XRNG" */
#define XNU_RING_VERSION	1
#define XNU_RING_HDR_SIZE	256		/* the data area starts here */
#define XNU_RING_ALIGN		8		/* records are padded to this */
#define XNU_RING_WRAP		0xffffffffU	/* record len: go to offset 0 */
#define XNU_RING_MIN_SIZE	256		/* smallest data area */
#define XNU_RING_MAX_SIZE	0x40000000U	/* largest data area */

/* Bytes a record of @len payload bytes takes in the data area. */
#define XNU_RING_REC_SPACE(len) \
	(8U + (((__u32)(len) + XNU_RING_ALIGN - 1) & ~(XNU_RING_ALIGN - 1U)))

/* hdr.flags, written by the kernel. */
#define XNU_RING_F_ATTACHED	0x1	/* a kernel consumer has it */
#define XNU_RING_F_DEAD		0x2	/* torn down: the producer must stop */
#define XNU_RING_F_BROKEN	0x4	/* an inconsistency was found */
#define XNU_RING_F_TO_USER	0x8	/* the kernel produces, the user consumes */

/**
 * struct xnu_ring_hdr - the shared header at the start of a ring buffer
 * @magic:	XNU_RING_MAGIC (set by the user before attaching)
 * @version:	XNU_RING_VERSION
 * @size:	bytes of the data area: a power of two from
 *		XNU_RING_MIN_SIZE, with XNU_RING_HDR_SIZE + @size within the
 *		buffer
 * @high_wm:	bytes used at or above which the producer stops writing
 * @low_wm:	bytes used at or below which a stopped producer may go on
 *		(0 < @low_wm < @high_wm <= @size)
 * @max_rec:	largest payload a record may have (at most @size / 2 - 8)
 * @flags:	XNU_RING_F_*, written by the kernel (the user sets 0)
 * @reserved:	0
 * @prod:	producer index, written only by the producer
 * @prod_wait:	set by a kernel producer that found no room: the user
 *		consumer rings the doorbell once it drained to @low_wm
 * @pad1:	0
 * @cons:	consumer index, written only by the consumer
 * @pad2:	0
 * @kstat:	kernel-written counters, for the user's information only:
 *		[0] doorbells received, [1] records consumed or produced by
 *		the kernel, [2] payload bytes
 * @pad3:	0
 *
 * Both indices start at 0. The attach reads the geometry once; changing
 * it later does not reach the kernel.
 */
struct xnu_ring_hdr {
	__u32 magic;
	__u32 version;
	__u32 size;
	__u32 high_wm;
	__u32 low_wm;
	__u32 max_rec;
	__u32 flags;
	__u32 reserved[9];
	__u32 prod;
	__u32 prod_wait;
	__u32 pad1[14];
	__u32 cons;
	__u32 pad2[15];
	__u64 kstat[3];
	__u64 pad3[5];
};

/**
 * struct xnu_ring_rec - the head of a record
 * @len:	payload bytes, or XNU_RING_WRAP
 * @tag:	the producer's, passed through
 */
struct xnu_ring_rec {
	__u32 len;
	__u32 tag;
};

#define XNU_RING_NAME_MAX	64

/**
 * struct xnu_ring_attach_args - XNU_TRAP_RING_ATTACH
 * @tx_addr:	in: the ring the user produces into (page-aligned)
 * @tx_len:	in: its buffer's bytes (header included)
 * @rx_addr:	in: the ring the kernel produces into, or 0 for none
 * @rx_len:	in: its buffer's bytes
 * @consumer:	in: the name a kernel consumer registered, NUL-terminated
 * @flags:	in: must be 0
 * @port:	out: a send right to the ring's kernel object port (doorbell:
 *		ring_doorbell(), xnu_ring.defs); deallocating the last send
 *		right tears the ring down
 * @ring_id:	out: the ring's id for XNU_TRAP_RING_WAIT on this file
 * @reserved:	in: must be 0
 *
 * Both buffers are wired (charged to RLIMIT_MEMLOCK) until the ring is
 * torn down: by its consumer unregistering, its port losing its last send
 * right, or the file closing. Returns KERN_SUCCESS, KERN_INVALID_ARGUMENT
 * (flags, a bad header or geometry, buffers not page-aligned or
 * overlapping), KERN_INVALID_NAME (no consumer of that name),
 * KERN_FAILURE (the consumer refused), KERN_RESOURCE_SHORTAGE (out of
 * memory, the consumer's included), or a wiring error (xnu_vm.h).
 */
struct xnu_ring_attach_args {
	__u64 tx_addr;
	__u64 tx_len;
	__u64 rx_addr;
	__u64 rx_len;
	char consumer[XNU_RING_NAME_MAX];
	__u32 flags;
	__u32 port;
	__u32 ring_id;
	__u32 reserved;
};

/* XNU_TRAP_RING_WAIT: what to wait for. */
#define XNU_RING_WAIT_NONE	0	/* only read the counters */
#define XNU_RING_WAIT_SPACE	1	/* tx used <= low_wm */
#define XNU_RING_WAIT_DATA	2	/* rx not empty */

#define XNU_RING_WAIT_FOREVER	0xffffffffU

/**
 * struct xnu_ring_wait_args - XNU_TRAP_RING_WAIT
 * @ring_id:	in: from XNU_TRAP_RING_ATTACH on this file
 * @what:	in: XNU_RING_WAIT_*
 * @timeout_ms:	in: milliseconds, 0 to only check, XNU_RING_WAIT_FOREVER
 * @flags:	in: must be 0
 * @doorbells:	out: doorbells the ring received
 * @records:	out: records the kernel consumed from tx
 * @bytes:	out: their payload bytes
 * @rx_records:	out: records the kernel produced into rx
 *
 * Returns KERN_SUCCESS (the condition holds; the counters are written),
 * KERN_OPERATION_TIMED_OUT, KERN_ABORTED (a signal), KERN_TERMINATED
 * (the ring was torn down or broken), KERN_INVALID_ARGUMENT (flags, what,
 * DATA without an rx ring, no ring of that id on this file).
 */
struct xnu_ring_wait_args {
	__u32 ring_id;
	__u32 what;
	__u32 timeout_ms;
	__u32 flags;
	__u64 doorbells;
	__u64 records;
	__u64 bytes;
	__u64 rx_records;
};

#define XNU_TRAP_RING_ATTACH \
	XNU_IOWR(XNU_TRAP_GROUP, XNU_TRAP_NR_RING_ATTACH, \
		 struct xnu_ring_attach_args)
#define XNU_TRAP_RING_WAIT \
	XNU_IOWR(XNU_TRAP_GROUP, XNU_TRAP_NR_RING_WAIT, \
		 struct xnu_ring_wait_args)

/* The doorbell's MIG subsystem (kmod/mach/defs/xnu_ring.defs). */
#define XNU_RING_SUBSYSTEM	7900

#endif /* _UAPI_XNU_RING_H */

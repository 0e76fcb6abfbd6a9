/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_sample_ring.h - what the sample ring consumer (xnu_sample_ring.ko)
 * shares with its users (the ring selftest, xnubench): its consumer name,
 * the result records it posts, and its ioctl baseline device.
 */
#ifndef XNU_SAMPLE_RING_H
#define XNU_SAMPLE_RING_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define XNU_SAMPLE_RING_MODULE	"xnu_sample_ring"
#define XNU_SAMPLE_RING_NAME	"org.xnucross.sample.ring"
#define XNU_SAMPLE_RING_DEV	"xnu_sample_ring"

/**
 * struct xnu_sample_ring_result - what the sample posts per record
 * @tag:	the record's tag
 * @len:	its payload bytes
 * @csum:	its checksum (xnu_sample_ring_csum() in the sample)
 * @seq:	results posted on this ring before this one
 */
struct xnu_sample_ring_result {
	__u32 tag;
	__u32 len;
	__u32 csum;
	__u32 seq;
};

/* Largest buffer of the ioctl baseline. */
#define XNU_SAMPLE_RING_IOC_MAX	0x100000U

/**
 * struct xnu_sample_ring_ioc - XNU_SAMPLE_RING_IOC_CSUM
 * @addr:	in: user address of the bytes
 * @len:	in: how many (at most XNU_SAMPLE_RING_IOC_MAX)
 * @csum:	out: their checksum
 */
struct xnu_sample_ring_ioc {
	__u64 addr;
	__u32 len;
	__u32 csum;
};

#define XNU_SAMPLE_RING_IOC_CSUM \
	_IOWR('r', 1, struct xnu_sample_ring_ioc)

/* XNU_SAMPLE_RING_IOC_WIRED operations (<xnucross/wire.h> exercised). */
#define XNU_SAMPLE_WIRED_CSUM_HANDLE	0	/* xnu_wired_get(handle) */
#define XNU_SAMPLE_WIRED_CSUM_ADDR	1	/* xnu_wired_find(addr, len) */
#define XNU_SAMPLE_WIRED_HOLD		2	/* keep xnu_wired_get(handle) */
#define XNU_SAMPLE_WIRED_CREATE		3	/* keep xnu_wired_create() */
#define XNU_SAMPLE_WIRED_CSUM_HELD	4	/* checksum the kept region */
#define XNU_SAMPLE_WIRED_DROP		5	/* xnu_wired_put() the kept one */
/* The same with the caller's mmap_lock held, as a vm_ops callback would. */
#define XNU_SAMPLE_WIRED_DROP_MMAP_LOCKED	6

/**
 * struct xnu_sample_ring_wired - XNU_SAMPLE_RING_IOC_WIRED
 * @handle:	in: a region handle (mach_vm_wire's, xnucross_vm_wire())
 * @addr:	in: a user address (CSUM_ADDR, CREATE)
 * @len:	in: bytes to checksum from the region's start, or to wire
 * @op:		in: XNU_SAMPLE_WIRED_*
 * @csum:	out: the checksum (CSUM_*)
 * @pages:	out: the region's pages (CSUM_*, HOLD, CREATE)
 *
 * Errors: ENOENT (no such region of the caller), EINVAL (@len beyond the
 * region, bad @op), EBUSY (a region is kept already), plus
 * xnu_wired_create()'s.
 */
struct xnu_sample_ring_wired {
	__u64 handle;
	__u64 addr;
	__u32 len;
	__u32 op;
	__u32 csum;
	__u32 pages;
};

#define XNU_SAMPLE_RING_IOC_WIRED \
	_IOWR('r', 2, struct xnu_sample_ring_wired)

#endif /* XNU_SAMPLE_RING_H */

/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_copyio_test.h - the protocol of the test module xnu_copyio_test
 * (kmod/tests/xnu_copyio_test.c): a cdevsw device, /dev/xnu_copyio_test
 * (mode 0600), whose ioctls run copyin(), copyout(), copyinstr() and
 * copyoutstr() on the addresses a test gives and report what they
 * returned. Shared by the module, selftests/copyio_test.c and
 * tools/bench/bench_copy.c.
 */
#ifndef XNU_COPYIO_TEST_H
#define XNU_COPYIO_TEST_H

#include <sys/ioccom.h>

#define XCT_NODE	"xnu_copyio_test"
#define XCT_BUF_MAX	(4U << 20)	/* the largest len of a request */

/**
 * struct xct_req - one call
 * @uaddr:	the user_addr_t passed (any value: unmapped, kernel...)
 * @len:	the length passed (XCT_BUF_MAX at most)
 * @done:	out: the done length of the string forms
 * @sum:	out: xct_hash() of what copyin()/copyinstr() copied (of @len
 *		bytes, of @done bytes), when they returned 0
 * @strlen:	copyoutstr(): length of the string copied out, XCT_BUF_MAX - 1
 *		at most (its bytes are 'a' + i % 26, then a NUL)
 * @error:	out: what the function returned (0, EFAULT, ENAMETOOLONG)
 */
struct xct_req {
	unsigned long long uaddr;
	unsigned long long len;
	unsigned long long done;
	unsigned long long sum;
	unsigned int strlen;
	int error;
};

/**
 * struct xct_kaddr - a kernel buffer, to pass its address as a user one
 * @kaddr:	its address
 * @len:	its size
 * @sum:	xct_hash() of its bytes now
 */
struct xct_kaddr {
	unsigned long long kaddr;
	unsigned long long len;
	unsigned long long sum;
};

#define XCT_COPYIN	_IOWR('C', 1, struct xct_req)
/* Copies out @len bytes of xct_pattern(). */
#define XCT_COPYOUT	_IOWR('C', 2, struct xct_req)
#define XCT_COPYINSTR	_IOWR('C', 3, struct xct_req)
#define XCT_COPYOUTSTR	_IOWR('C', 4, struct xct_req)
#define XCT_KADDR	_IOR('C', 5, struct xct_kaddr)

/* The byte at offset @i of what XCT_COPYOUT copies. */
static inline unsigned char xct_pattern(unsigned long long i)
{
	return (unsigned char)(i ^ (i >> 8) ^ (i >> 16) ^ 0x5a);
}

/* FNV-1a, 64 bits. */
static inline unsigned long long xct_hash(const void *buf, unsigned long long len)
{
	const unsigned char *p = buf;
	unsigned long long h = 0xcbf29ce484222325ULL;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

#endif /* XNU_COPYIO_TEST_H */

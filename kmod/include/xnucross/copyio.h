/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnucross/copyio.h - copying between the kernel and the calling process
 * with Darwin's signatures and returns (kmod/vm/copyio.c): copyin(),
 * copyout(), copyinstr(), copyoutstr(). Each returns 0 or a positive
 * errno: EFAULT for an address the caller may not use (unmapped, not
 * writable for copyout, a kernel address, a range past the end of user
 * space or wrapping), ENAMETOOLONG from the string forms. They may sleep
 * (page faults): call them from the process's own context, never under a
 * spinlock. Darwin kexts reach them through <sys/systm.h>.
 */
#ifndef _XNUCROSS_COPYIO_H
#define _XNUCROSS_COPYIO_H

#include <linux/types.h>

/* A user-space address, 64 bits wide whatever the process, as in XNU. */
#ifndef _XNU_USER_ADDR_T
#define _XNU_USER_ADDR_T
typedef u64 user_addr_t;
#define USER_ADDR_NULL	((user_addr_t)0)
#endif

int copyin(const user_addr_t uaddr, void *kaddr, size_t len);
int copyout(const void *kaddr, user_addr_t udaddr, size_t len);
int copyinstr(const user_addr_t uaddr, void *kaddr, size_t len,
	      size_t *done);
int copyoutstr(const void *kaddr, user_addr_t udaddr, size_t len,
	       size_t *done);

#endif /* _XNUCROSS_COPYIO_H */

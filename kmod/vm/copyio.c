// SPDX-License-Identifier: GPL-2.0
/*
 * copyio.c - copyin(), copyout(), copyinstr() and copyoutstr(): Darwin's
 * kernel API for copying between the kernel and the calling process, over
 * copy_from_user(), copy_to_user() and strncpy_from_user().
 *
 * The returns are XNU's (osfmk/x86_64/copyio.c, bsd/kern/kern_subr.c):
 * 0 or EFAULT (positive); a length of 0 succeeds without looking at the
 * address; a range that wraps or ends past the top of user space is EFAULT
 * before anything is copied, so a kernel address passed as a user_addr_t
 * is refused and never dereferenced. copyinstr() reports in *done the
 * bytes copied including the NUL (0 on EFAULT, len on ENAMETOOLONG);
 * copyoutstr() always reports min(strlen + 1, len).
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <xnucross/copyio.h>

/*
 * copy_{from,to}_user() warn about sizes above INT_MAX; larger copies go
 * in pieces of this size.
 */
#define XNU_COPY_CHUNK	SZ_1G

/* Whether [uaddr, uaddr + len) is a user range: no wrap, below the top. */
static bool xnu_urange_ok(user_addr_t uaddr, size_t len)
{
	if (uaddr != (unsigned long)uaddr)
		return false;
	return access_ok(u64_to_user_ptr(uaddr), len);
}

/**
 * copyin() - copy from the calling process into the kernel
 * @uaddr:	user address to read
 * @kaddr:	kernel buffer of at least @len bytes
 * @len:	bytes to copy
 *
 * Context: process context; may sleep.
 * Return: 0, or EFAULT when any byte cannot be read (the bytes before the
 * fault may have been copied).
 */
int copyin(const user_addr_t uaddr, void *kaddr, size_t len)
{
	user_addr_t src = uaddr;
	char *dst = kaddr;
	size_t n;

	if (!len)
		return 0;
	if (!xnu_urange_ok(uaddr, len))
		return EFAULT;
	while (len) {
		n = min_t(size_t, len, XNU_COPY_CHUNK);
		if (copy_from_user(dst, u64_to_user_ptr(src), n))
			return EFAULT;
		dst += n;
		src += n;
		len -= n;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(copyin);

/**
 * copyout() - copy from the kernel into the calling process
 * @kaddr:	kernel buffer of at least @len bytes
 * @udaddr:	user address to write
 * @len:	bytes to copy
 *
 * Context: process context; may sleep.
 * Return: 0, or EFAULT when any byte cannot be written (read-only or
 * unmapped memory, a kernel address); the bytes before the fault may have
 * been written.
 */
int copyout(const void *kaddr, user_addr_t udaddr, size_t len)
{
	const char *src = kaddr;
	user_addr_t dst = udaddr;
	size_t n;

	if (!len)
		return 0;
	if (!xnu_urange_ok(udaddr, len))
		return EFAULT;
	while (len) {
		n = min_t(size_t, len, XNU_COPY_CHUNK);
		if (copy_to_user(u64_to_user_ptr(dst), src, n))
			return EFAULT;
		src += n;
		dst += n;
		len -= n;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(copyout);

/**
 * copyinstr() - copy a NUL-terminated string from the calling process
 * @uaddr:	user address of the string
 * @kaddr:	kernel buffer of at least @len bytes
 * @len:	size of @kaddr: the most bytes copied, NUL included
 * @done:	where the count of bytes copied goes (may be NULL)
 *
 * As XNU, the whole range [@uaddr, @uaddr + @len) must lie in user space
 * even when the string ends earlier; the string itself is read only up to
 * its NUL, so it may end just before an unmapped page.
 *
 * Context: process context; may sleep.
 * Return: 0 with *@done = string length + 1; ENAMETOOLONG when no NUL is
 * in the first @len bytes (*@done = @len, @kaddr not terminated); EFAULT
 * with *@done = 0. A @len of 0 returns 0 with *@done = 0.
 */
int copyinstr(const user_addr_t uaddr, void *kaddr, size_t len,
	      size_t *done)
{
	long ret;

	if (done)
		*done = 0;
	if (!len)
		return 0;
	if (!xnu_urange_ok(uaddr, len))
		return EFAULT;
	/* strncpy_from_user() counts in a long. */
	ret = strncpy_from_user(kaddr, u64_to_user_ptr(uaddr),
				min_t(size_t, len, LONG_MAX));
	if (ret < 0)
		return EFAULT;
	if ((size_t)ret >= len) {
		if (done)
			*done = len;
		return ENAMETOOLONG;
	}
	if (done)
		*done = ret + 1;
	return 0;
}
EXPORT_SYMBOL_GPL(copyinstr);

/**
 * copyoutstr() - copy a NUL-terminated kernel string to the calling process
 * @kaddr:	the string
 * @udaddr:	user address to write
 * @len:	room at @udaddr, NUL included
 * @done:	where the count of bytes written goes (may be NULL)
 *
 * Writes min(strlen(@kaddr) + 1, @len) bytes: the string cut to @len
 * bytes, without a NUL, when it does not fit.
 *
 * Context: process context; may sleep.
 * Return: 0; ENAMETOOLONG when the string and its NUL do not fit in @len;
 * EFAULT when the bytes cannot be written (it wins over ENAMETOOLONG).
 * *@done is set in every case, to the count attempted.
 */
int copyoutstr(const void *kaddr, user_addr_t udaddr, size_t len,
	       size_t *done)
{
	size_t slen = strlen(kaddr) + 1;
	size_t n = min(slen, len);
	int error = 0;

	if (slen > len)
		error = ENAMETOOLONG;
	if (copyout(kaddr, udaddr, n))
		error = EFAULT;
	if (done)
		*done = n;
	return error;
}
EXPORT_SYMBOL_GPL(copyoutstr);

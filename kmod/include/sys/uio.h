/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sys/uio.h - Darwin's uio KPI for a device's d_read and d_write: the
 * transfer a read(2) or write(2) asked for, moved with uiomove() and
 * inspected with uio_resid(), uio_offset() and uio_rw(). Here a uio wraps
 * the Linux iov_iter of the call (so readv/writev work); its fields are
 * private, as Darwin's are to kexts.
 */
#ifndef _XNU_KERNEL_SYS_UIO_H
#define _XNU_KERNEL_SYS_UIO_H

#include <linux/types.h>

struct iov_iter;

/* Direction: UIO_READ moves kernel data to the process. */
enum uio_rw { UIO_READ, UIO_WRITE };

/* I/O flags of d_read/d_write (Darwin's sys/vnode.h values). */
#define IO_NDELAY	0x0010	/* the file is non-blocking */

typedef s64 user_ssize_t;

/**
 * struct uio - one read or write being served (private fields)
 * @uio_xnu_iter:	the Linux iterator over the caller's buffers
 * @uio_xnu_offset:	file offset of the next byte moved
 * @uio_xnu_rw:		UIO_READ or UIO_WRITE
 */
struct uio {
	struct iov_iter *uio_xnu_iter;
	loff_t uio_xnu_offset;
	enum uio_rw uio_xnu_rw;
};

typedef struct uio *uio_t;

int uiomove(const char *cp, int n, struct uio *uio);
user_ssize_t uio_resid(uio_t a_uio);
off_t uio_offset(uio_t a_uio);
int uio_rw(uio_t a_uio);

#endif /* _XNU_KERNEL_SYS_UIO_H */

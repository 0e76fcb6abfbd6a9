/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_ioccom.h - Darwin's BSD ioctl command encoding (<sys/ioccom.h>) under
 * XNU_ names, so that Linux code (the module, the library, the tests) can
 * build and decode Darwin command words next to <linux/ioctl.h>, whose
 * _IOR() and IOC_IN mean something else.
 *
 *   bit 31      XNU_IOC_IN    the kernel copies the argument in
 *   bit 30      XNU_IOC_OUT   the kernel copies the argument out
 *   bit 29      XNU_IOC_VOID  no argument (the int argument is passed)
 *   bits 16-28  argument size in bytes, XNU_IOCPARM_MASK at most
 *   bits 8-15   group
 *   bits 0-7    command number
 *
 * A size above XNU_IOCPARM_MASK does not fit: XNU_IOC() keeps its low 13
 * bits, as Darwin's _IOC() does. Darwin programs use the Darwin names of
 * <sys/ioccom.h> (libxnucross) instead; the values are the same.
 *
 * The definitions are token for token those of xnucross.h, which has them
 * too, so the two headers can be included in any order.
 */
#ifndef _UAPI_XNU_IOCCOM_H
#define _UAPI_XNU_IOCCOM_H

#include <linux/types.h>

#define XNU_IOCPARM_MASK	0x1fffU
#define XNU_IOCPARM_MAX		(XNU_IOCPARM_MASK + 1)
#define XNU_IOC_VOID		0x20000000U
#define XNU_IOC_OUT		0x40000000U
#define XNU_IOC_IN		0x80000000U
#define XNU_IOC_INOUT		(XNU_IOC_IN | XNU_IOC_OUT)
#define XNU_IOC_DIRMASK		0xe0000000U
#define XNU_IOCPARM_LEN(x)	(((x) >> 16) & XNU_IOCPARM_MASK)
#define XNU_IOCGROUP(x)		(((x) >> 8) & 0xff)
#define XNU_IOCNUM(x)		((x) & 0xff)
/* The command without its size: what a driver may switch on. */
#define XNU_IOCBASECMD(x)	((x) & ~(XNU_IOCPARM_MASK << 16))

#define XNU_IOC(inout, group, num, len) \
	((__u32)((inout) | (((len) & XNU_IOCPARM_MASK) << 16) | \
		 ((group) << 8) | (num)))
#define XNU_IO(g, n)		XNU_IOC(XNU_IOC_VOID, (g), (n), 0)
#define XNU_IOR(g, n, t)	XNU_IOC(XNU_IOC_OUT, (g), (n), sizeof(t))
#define XNU_IOW(g, n, t)	XNU_IOC(XNU_IOC_IN, (g), (n), sizeof(t))
#define XNU_IOWR(g, n, t)	XNU_IOC(XNU_IOC_INOUT, (g), (n), sizeof(t))

#endif /* _UAPI_XNU_IOCCOM_H */

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
 * <sys/ioccom.h> (libxnucross, and the kext API) instead; those headers
 * take their values from here. xnucross.h includes this header.
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

/*
 * Darwin's names for the same encoding, for the two <sys/ioccom.h> (the
 * library's, the kext API's): they include the Linux ioctl header first,
 * then this one with XNU_IOCCOM_DARWIN_NAMES defined, which replaces
 * Linux's _IOC(), _IOR(), IOC_IN and the rest with Darwin's. IOCPARM_MASK
 * (an int) and _IOC() (no cast) keep the types they have on Darwin.
 */
#if defined(XNU_IOCCOM_DARWIN_NAMES) && !defined(_UAPI_XNU_IOCCOM_DARWIN)
#define _UAPI_XNU_IOCCOM_DARWIN

#undef IOCPARM_MASK
#undef IOCPARM_LEN
#undef IOCBASECMD
#undef IOCGROUP
#undef IOCPARM_MAX
#undef IOC_VOID
#undef IOC_OUT
#undef IOC_IN
#undef IOC_INOUT
#undef IOC_DIRMASK
#undef _IOC
#undef _IO
#undef _IOR
#undef _IOW
#undef _IOWR

/* Parameter length, at most 13 bits. */
#define IOCPARM_MASK	0x1fff
#define IOCPARM_LEN(x)	(((x) >> 16) & IOCPARM_MASK)
#define IOCBASECMD(x)	((x) & ~(IOCPARM_MASK << 16))
#define IOCGROUP(x)	XNU_IOCGROUP(x)
/* Largest argument: one more than any encodable size. */
#define IOCPARM_MAX	(IOCPARM_MASK + 1)
/* No parameters (the int argument is passed). */
#define IOC_VOID	XNU_IOC_VOID
/* Copy parameters out. */
#define IOC_OUT		XNU_IOC_OUT
/* Copy parameters in. */
#define IOC_IN		XNU_IOC_IN
/* Copy parameters in and out. */
#define IOC_INOUT	XNU_IOC_INOUT
/* Mask for IN/OUT/VOID. */
#define IOC_DIRMASK	XNU_IOC_DIRMASK

#define _IOC(inout, group, num, len) \
	((inout) | (((len) & IOCPARM_MASK) << 16) | ((group) << 8) | (num))
#define _IO(g, n)	_IOC(IOC_VOID, (g), (n), 0)
#define _IOR(g, n, t)	_IOC(IOC_OUT, (g), (n), sizeof(t))
#define _IOW(g, n, t)	_IOC(IOC_IN, (g), (n), sizeof(t))
/* This should be _IORW, but stdio got there first (Darwin's comment). */
#define _IOWR(g, n, t)	_IOC(IOC_INOUT, (g), (n), sizeof(t))

#endif /* XNU_IOCCOM_DARWIN_NAMES */

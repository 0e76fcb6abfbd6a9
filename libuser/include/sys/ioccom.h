/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sys/ioccom.h - Darwin's BSD ioctl command encoding for Darwin programs
 * built against libxnucross: IOC_VOID, IOC_OUT, IOC_IN, IOCPARM_*, _IOC(),
 * _IO(), _IOR(), _IOW(), _IOWR() with Darwin's values.
 *
 * The clash with Linux: glibc's <sys/ioctl.h> (through <asm-generic/ioctl.h>)
 * also defines _IOC, _IO, _IOR, _IOW, _IOWR, IOC_IN, IOC_OUT and IOC_INOUT,
 * with Linux's encoding (IOC_IN is 0x40000000 there, 0x80000000 here). This
 * header settles it for the whole translation unit, in whatever order the
 * two are included: it includes <sys/ioctl.h> first (so a later include of
 * it, or of <linux/ioctl.h>, changes nothing), then replaces the Linux
 * definitions with Darwin's. A file that includes <sys/ioccom.h> therefore
 * always gets Darwin's numbers, as on Darwin, where <sys/ioctl.h> includes
 * <sys/ioccom.h>.
 *
 * Consequences: a program that relies on <sys/ioctl.h> alone for _IOR()
 * gets Linux's values and must add #include <sys/ioccom.h> (harmless on
 * Darwin); and Linux ioctl numbers written with _IOR() in Linux headers
 * (<linux/fs.h>, ...) come out wrong in a file that includes this one. Code
 * that needs both encodings uses <xnucross/xnu_ioccom.h>, whose XNU_IOR()
 * and friends do not clash with anything.
 */
#ifndef _XNU_SYS_IOCCOM_H_
#define _XNU_SYS_IOCCOM_H_

#include <stdint.h>
#include <sys/ioctl.h>

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
#define IOCGROUP(x)	(((x) >> 8) & 0xff)

/* Largest argument: one more than any encodable size. */
#define IOCPARM_MAX	(IOCPARM_MASK + 1)
/* No parameters (the int argument is passed). */
#define IOC_VOID	(uint32_t)0x20000000
/* Copy parameters out. */
#define IOC_OUT		(uint32_t)0x40000000
/* Copy parameters in. */
#define IOC_IN		(uint32_t)0x80000000
/* Copy parameters in and out. */
#define IOC_INOUT	(IOC_IN | IOC_OUT)
/* Mask for IN/OUT/VOID. */
#define IOC_DIRMASK	(uint32_t)0xe0000000

#define _IOC(inout, group, num, len) \
	((inout) | (((len) & IOCPARM_MASK) << 16) | ((group) << 8) | (num))
#define _IO(g, n)	_IOC(IOC_VOID, (g), (n), 0)
#define _IOR(g, n, t)	_IOC(IOC_OUT, (g), (n), sizeof(t))
#define _IOW(g, n, t)	_IOC(IOC_IN, (g), (n), sizeof(t))
/* This should be _IORW, but stdio got there first (Darwin's comment). */
#define _IOWR(g, n, t)	_IOC(IOC_INOUT, (g), (n), sizeof(t))

#endif /* _XNU_SYS_IOCCOM_H_ */

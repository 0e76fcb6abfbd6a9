/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sys/ioccom.h - Darwin's BSD ioctl command encoding for ported kexts:
 * IOC_VOID, IOC_OUT, IOC_IN, IOCPARM_*, _IOC(), _IO(), _IOR(), _IOW(),
 * _IOWR() with Darwin's values (uapi/xnu_ioccom.h has them as XNU_*).
 *
 * Linux's <asm-generic/ioctl.h> defines the same names with Linux's
 * encoding. This header includes <linux/ioctl.h> first and then replaces
 * those definitions, so in a file that includes it every _IOR() is
 * Darwin's, whatever the include order. Include the Darwin headers after
 * the Linux ones: a Linux header included later that expands _IOR() in an
 * inline function would see Darwin's macro.
 */
#ifndef _XNU_KERNEL_SYS_IOCCOM_H
#define _XNU_KERNEL_SYS_IOCCOM_H

#include <linux/ioctl.h>
#include <linux/types.h>

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

#define IOCPARM_MASK	0x1fff
#define IOCPARM_LEN(x)	(((x) >> 16) & IOCPARM_MASK)
#define IOCBASECMD(x)	((x) & ~(IOCPARM_MASK << 16))
#define IOCGROUP(x)	(((x) >> 8) & 0xff)
#define IOCPARM_MAX	(IOCPARM_MASK + 1)
#define IOC_VOID	(u32)0x20000000
#define IOC_OUT		(u32)0x40000000
#define IOC_IN		(u32)0x80000000
#define IOC_INOUT	(IOC_IN | IOC_OUT)
#define IOC_DIRMASK	(u32)0xe0000000

#define _IOC(inout, group, num, len) \
	((inout) | (((len) & IOCPARM_MASK) << 16) | ((group) << 8) | (num))
#define _IO(g, n)	_IOC(IOC_VOID, (g), (n), 0)
#define _IOR(g, n, t)	_IOC(IOC_OUT, (g), (n), sizeof(t))
#define _IOW(g, n, t)	_IOC(IOC_IN, (g), (n), sizeof(t))
#define _IOWR(g, n, t)	_IOC(IOC_INOUT, (g), (n), sizeof(t))

#endif /* _XNU_KERNEL_SYS_IOCCOM_H */

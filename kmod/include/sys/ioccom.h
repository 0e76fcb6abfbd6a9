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

/* The definitions: uapi's, under Darwin's names. */
#define XNU_IOCCOM_DARWIN_NAMES
#include "xnu_ioccom.h"

#endif /* _XNU_KERNEL_SYS_IOCCOM_H */

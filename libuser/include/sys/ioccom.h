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

/* The definitions: uapi's, under Darwin's names. */
#define XNU_IOCCOM_DARWIN_NAMES
#include "xnu_ioccom.h"

#endif /* _XNU_SYS_IOCCOM_H_ */

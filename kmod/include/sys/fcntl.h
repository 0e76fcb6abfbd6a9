/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sys/fcntl.h - the kernel file flags Darwin's device entry points receive
 * (the fflag of d_open, d_close and d_ioctl), with Darwin's values.
 */
#ifndef _XNU_KERNEL_SYS_FCNTL_H
#define _XNU_KERNEL_SYS_FCNTL_H

#include <linux/fcntl.h>

#define FREAD		0x00000001	/* open for reading */
#define FWRITE		0x00000002	/* open for writing */
#define FNONBLOCK	0x00000004	/* O_NONBLOCK on Darwin */
#define FNDELAY		FNONBLOCK

#endif /* _XNU_KERNEL_SYS_FCNTL_H */

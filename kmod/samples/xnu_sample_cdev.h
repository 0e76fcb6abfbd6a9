/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_sample_cdev.h - the protocol of the sample kext xnu_sample_cdev
 * (kmod/samples/xnu_sample_cdev.c): its node and its Darwin-encoded ioctl
 * commands, shared by the kext and the programs that drive it (they
 * include it after <sys/ioccom.h> resolves to the Darwin header: the
 * kernel's kmod/include or libxnucross's include directory).
 */
#ifndef XNU_SAMPLE_CDEV_H
#define XNU_SAMPLE_CDEV_H

#include <sys/ioccom.h>

#define SAMPLE_NODE		"xnu_sample"	/* /dev/xnu_sample, mode 0644 */
#define SAMPLE_NODE_MODE	0644
#define SAMPLE_DATA_MAX		4096		/* bytes read/write keep */
#define SAMPLE_BIG_SIZE		IOCPARM_MASK	/* the largest encodable size */

/**
 * struct sample_stats - what SAMPLE_GET_STATS reports
 * @value:	the counter
 * @calls:	d_ioctl calls so far (this one included)
 * @opens:	d_open calls so far
 * @closes:	d_close calls so far
 */
struct sample_stats {
	unsigned int value;
	unsigned int calls;
	unsigned int opens;
	unsigned int closes;
};

/**
 * struct sample_add - SAMPLE_ADD: add @delta, get the new value
 * @delta:	in
 * @result:	out
 */
struct sample_add {
	int delta;
	int result;
};

/* SAMPLE_BIG: every byte complemented. */
struct sample_big {
	unsigned char bytes[SAMPLE_BIG_SIZE];
};

/* SAMPLE_WIDE: the driver sets @first only; the rest comes back zero. */
struct sample_wide {
	unsigned int first;
	unsigned char rest[60];
};

#define SAMPLE_GET_STATS	_IOR('S', 1, struct sample_stats)
#define SAMPLE_SET_VALUE	_IOW('S', 2, unsigned int)
#define SAMPLE_ADD		_IOWR('S', 3, struct sample_add)
/* The int argument becomes the value. */
#define SAMPLE_SET_VOID		_IO('S', 4)
#define SAMPLE_BIG		_IOWR('S', 5, struct sample_big)
/* IOC_IN with size 0: the driver gets the pointer value itself. */
#define SAMPLE_IN_PTR		_IOC(IOC_IN, 'S', 6, 0)
#define SAMPLE_GET_PTR		_IOR('S', 7, unsigned long long)
#define SAMPLE_WIDE		_IOR('S', 8, struct sample_wide)
/* Changes its argument, then fails with EINVAL: nothing is copied out. */
#define SAMPLE_FAIL		_IOWR('S', 9, struct sample_add)
/* Forget the data (not readable until written again). */
#define SAMPLE_CLEAR		_IO('S', 10)

#endif /* XNU_SAMPLE_CDEV_H */

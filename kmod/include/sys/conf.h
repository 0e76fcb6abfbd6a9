/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sys/conf.h - Darwin's character device switch for kexts: struct cdevsw
 * with XNU's entry-point types, cdevsw_add(), cdevsw_remove(),
 * cdevsw_isfree(), and Darwin's dev_t macros makedev(), major(), minor()
 * (major in the top 8 bits, minor in the low 24).
 *
 * A kext fills a struct cdevsw, registers it with cdevsw_add(-1, &sw) to
 * get a major, and makes /dev nodes with devfs_make_node()
 * (<miscfs/devfs/devfs.h>). Every call on such a node reaches the entry
 * points with a Darwin dev_t; they return 0 or a positive errno (a
 * negative -errno is taken too; ERESTART restarts the system call).
 *
 * What maps, and how (details in Documentation/ioctl.rst):
 *   d_open		every open(2); fflag FREAD|FWRITE|FNONBLOCK, devtype S_IFCHR
 *   d_close	the last close of the device (of all files open on that
 *			dev_t), as on Darwin; d_open and d_close are serialised
 *   d_read, d_write	read/readv/pread and write..., with a struct uio
 *			(<sys/uio.h>) over the caller's buffers; ioflag IO_NDELAY
 *   d_ioctl	the BSD dispatcher: the argument is copied in before and
 *			out after, as XNU's ioctl() does, and @data is a kernel
 *			pointer
 *   d_select	poll/select/epoll, with selrecord()/selwakeup()
 *			(<sys/select.h>); FREAD, FWRITE or 0 (exceptional)
 *   d_mmap, d_stop, d_reset, d_ttys, d_strategy, d_reserved_*, d_type
 *			kept for source compatibility, never called (mmap(2)
 *			on the node fails with ENODEV)
 * A NULL entry behaves as Darwin's eno_* stub: ENODEV, except d_select
 * (a NULL or eno_select device is always ready, as Darwin's enodev and
 * seltrue answer).
 *
 * The module that called cdevsw_add() stays loaded while any file of its
 * device is open; cdevsw_remove() refuses (-1) while a file is open or a
 * node made with devfs_make_node() still exists.
 */
#ifndef _XNU_KERNEL_SYS_CONF_H
#define _XNU_KERNEL_SYS_CONF_H

#include <linux/module.h>
#include <linux/types.h>

#include <sys/fcntl.h>

struct buf;
struct proc;
struct tty;
struct uio;

/* Darwin's dev_t layout. */
#define major(x)	((s32)(((u32)(x) >> 24) & 0xff))
#define minor(x)	((s32)((x) & 0xffffff))
#define makedev(x, y)	((dev_t)(((x) << 24) | (y)))
#ifndef NODEV
#define NODEV		((dev_t)-1)
#endif

/* d_type values, returned by FIODTYPE on Darwin. */
#define D_TAPE	1
#define D_DISK	2
#define D_TTY	3

/* Device switch function types, as XNU declares them. */
typedef int open_close_fcn_t(dev_t dev, int flags, int devtype,
			     struct proc *p);
typedef void strategy_fcn_t(struct buf *bp);
typedef int ioctl_fcn_t(dev_t dev, u_long cmd, caddr_t data, int fflag,
			struct proc *p);
typedef int read_write_fcn_t(dev_t dev, struct uio *uio, int ioflag);
typedef int stop_fcn_t(struct tty *tp, int rw);
typedef int reset_fcn_t(int uban);
typedef int select_fcn_t(dev_t dev, int which, void *wql, struct proc *p);
typedef int mmap_fcn_t(void);
typedef int rsvd_fcn_t(void);

#define d_open_t	open_close_fcn_t
#define d_close_t	open_close_fcn_t
#define d_read_t	read_write_fcn_t
#define d_write_t	read_write_fcn_t
#define d_ioctl_t	ioctl_fcn_t
#define d_stop_t	stop_fcn_t
#define d_reset_t	reset_fcn_t
#define d_select_t	select_fcn_t
#define d_mmap_t	mmap_fcn_t
#define d_strategy_t	strategy_fcn_t

/* Empty entries: here a NULL of the right type does what enodev does. */
#define eno_opcl	((open_close_fcn_t *)NULL)
#define eno_strat	((strategy_fcn_t *)NULL)
#define eno_ioctl	((ioctl_fcn_t *)NULL)
#define eno_rdwrt	((read_write_fcn_t *)NULL)
#define eno_stop	((stop_fcn_t *)NULL)
#define eno_reset	((reset_fcn_t *)NULL)
#define eno_mmap	((mmap_fcn_t *)NULL)
#define eno_select	((select_fcn_t *)NULL)
#define eno_getc	((rsvd_fcn_t *)NULL)
#define eno_putc	((rsvd_fcn_t *)NULL)

/**
 * struct cdevsw - a character device's entry points (XNU's layout)
 * @d_open:	open(2) of a node of the device
 * @d_close:	close of an open file
 * @d_read:	read(2), readv(2), pread(2)
 * @d_write:	write(2), writev(2), pwrite(2)
 * @d_ioctl:	ioctl(2), argument already copied (BSD rules)
 * @d_stop:	tty stop, unused
 * @d_reset:	unused
 * @d_ttys:	unused
 * @d_select:	poll(2), select(2), epoll
 * @d_mmap:	unused (Darwin's type takes no arguments)
 * @d_strategy:	block I/O, unused
 * @d_reserved_1: unused
 * @d_reserved_2: unused
 * @d_type:	D_TAPE, D_DISK, D_TTY or 0
 */
struct cdevsw {
	open_close_fcn_t *d_open;
	open_close_fcn_t *d_close;
	read_write_fcn_t *d_read;
	read_write_fcn_t *d_write;
	ioctl_fcn_t *d_ioctl;
	stop_fcn_t *d_stop;
	reset_fcn_t *d_reset;
	struct tty **d_ttys;
	select_fcn_t *d_select;
	mmap_fcn_t *d_mmap;
	strategy_fcn_t *d_strategy;
	rsvd_fcn_t *d_reserved_1;
	rsvd_fcn_t *d_reserved_2;
	int d_type;
};

/* Number of majors in the switch. */
#define XNU_NCHRDEV	64

int cdevsw_isfree(int index);
int xnu_cdevsw_add(int index, const struct cdevsw *csw,
		   struct module *owner);
int cdevsw_remove(int index, const struct cdevsw *csw);

/*
 * cdevsw_add(index, csw) - as XNU's; the calling module is recorded so
 * it stays loaded while its device is open.
 */
#define cdevsw_add(index, csw)	xnu_cdevsw_add((index), (csw), THIS_MODULE)

#endif /* _XNU_KERNEL_SYS_CONF_H */

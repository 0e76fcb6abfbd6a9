// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_sample_cdev.c - a sample kext: a character device registered the
 * Darwin way (cdevsw_add() + devfs_make_node()), the example of
 * Documentation/ioctl.rst. /dev/xnu_sample has:
 *   - a counter driven by Darwin-encoded ioctls (_IOR, _IOW, _IOWR, _IO;
 *     protocol in xnu_sample_cdev.h), whose arguments the BSD dispatcher
 *     copies in and out, so d_ioctl only sees kernel memory;
 *   - SAMPLE_DATA_MAX bytes of data written and read at the file offset
 *     with uiomove();
 *   - select/poll: readable when it holds data, writable while not full.
 */
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include <sys/conf.h>
#include <sys/uio.h>
#include <sys/select.h>
#include <miscfs/devfs/devfs.h>

#include "xnu_sample_cdev.h"

/* The device's state (one device, minor 0). */
static struct {
	struct mutex lock;		/* guards everything below */
	u32 value, calls, opens, closes;
	u64 last_ptr;
	size_t len;			/* bytes of data held */
	char data[SAMPLE_DATA_MAX];
	struct selinfo rsel;		/* waiting for data */
} sc = {
	.lock = __MUTEX_INITIALIZER(sc.lock),
};

static int sample_major = -1;
static void *sample_node;

static int sample_open(dev_t dev, int flags, int devtype, struct proc *p)
{
	if (minor(dev) != 0)
		return ENXIO;
	mutex_lock(&sc.lock);
	sc.opens++;
	mutex_unlock(&sc.lock);
	return 0;
}

static int sample_close(dev_t dev, int flags, int devtype, struct proc *p)
{
	mutex_lock(&sc.lock);
	sc.closes++;
	mutex_unlock(&sc.lock);
	return 0;
}

static int sample_read(dev_t dev, struct uio *uio, int ioflag)
{
	off_t off = uio_offset(uio);
	int error = 0;
	size_t n;

	mutex_lock(&sc.lock);
	if (off >= 0 && off < sc.len) {
		n = min_t(size_t, uio_resid(uio), sc.len - off);
		error = uiomove(sc.data + off, n, uio);
	}
	mutex_unlock(&sc.lock);
	return error;
}

static int sample_write(dev_t dev, struct uio *uio, int ioflag)
{
	off_t off = uio_offset(uio);
	int error;
	size_t n;

	if (!uio_resid(uio))
		return 0;
	if (off < 0)
		return EINVAL;
	if (off >= SAMPLE_DATA_MAX)
		return ENOSPC;
	mutex_lock(&sc.lock);
	n = min_t(size_t, uio_resid(uio), SAMPLE_DATA_MAX - off);
	error = uiomove(sc.data + off, n, uio);
	/* What was moved counts, even after a fault part way. */
	sc.len = max_t(size_t, sc.len, uio_offset(uio));
	mutex_unlock(&sc.lock);
	selwakeup(&sc.rsel);
	return error;
}

static int sample_ioctl(dev_t dev, u_long cmd, caddr_t data, int fflag,
			struct proc *p)
{
	struct sample_stats *st;
	struct sample_add *add;
	struct sample_big *big;
	struct sample_wide *wide;
	int error = 0;
	size_t i;

	mutex_lock(&sc.lock);
	sc.calls++;
	switch (cmd) {
	case SAMPLE_GET_STATS:
		st = (struct sample_stats *)data;
		st->value = sc.value;
		st->calls = sc.calls;
		st->opens = sc.opens;
		st->closes = sc.closes;
		break;
	case SAMPLE_SET_VALUE:
		sc.value = *(u32 *)data;
		break;
	case SAMPLE_ADD:
		add = (struct sample_add *)data;
		sc.value += add->delta;
		add->result = sc.value;
		break;
	case SAMPLE_SET_VOID:
		sc.value = *(int *)data;
		break;
	case SAMPLE_BIG:
		big = (struct sample_big *)data;
		for (i = 0; i < sizeof(big->bytes); i++)
			big->bytes[i] = ~big->bytes[i];
		break;
	case SAMPLE_IN_PTR:
		sc.last_ptr = *(u64 *)data;
		break;
	case SAMPLE_GET_PTR:
		*(u64 *)data = sc.last_ptr;
		break;
	case SAMPLE_WIDE:
		wide = (struct sample_wide *)data;
		wide->first = sc.value;
		break;
	case SAMPLE_CLEAR:
		sc.len = 0;
		break;
	case SAMPLE_FAIL:
		add = (struct sample_add *)data;
		add->result = -1;
		error = EINVAL;
		break;
	default:
		error = ENOTTY;
		break;
	}
	mutex_unlock(&sc.lock);
	return error;
}

static int sample_select(dev_t dev, int which, void *wql, struct proc *p)
{
	int ready = 0;

	mutex_lock(&sc.lock);
	switch (which) {
	case FREAD:
		ready = sc.len > 0;
		if (!ready)
			selrecord(p, &sc.rsel, wql);
		break;
	case FWRITE:
		ready = sc.len < SAMPLE_DATA_MAX;
		break;
	default:
		break;
	}
	mutex_unlock(&sc.lock);
	return ready;
}

static const struct cdevsw sample_cdevsw = {
	.d_open		= sample_open,
	.d_close	= sample_close,
	.d_read		= sample_read,
	.d_write	= sample_write,
	.d_ioctl	= sample_ioctl,
	.d_stop		= eno_stop,
	.d_reset	= eno_reset,
	.d_ttys		= NULL,
	.d_select	= sample_select,
	.d_mmap		= eno_mmap,
	.d_strategy	= eno_strat,
	.d_reserved_1	= eno_getc,
	.d_reserved_2	= eno_putc,
	.d_type		= 0,
};

static int __init sample_init(void)
{
	sample_major = cdevsw_add(-1, &sample_cdevsw);
	if (sample_major < 0) {
		pr_err("cdevsw_add failed\n");
		return -EBUSY;
	}
	sample_node = devfs_make_node(makedev(sample_major, 0), DEVFS_CHAR,
				      UID_ROOT, GID_WHEEL, SAMPLE_NODE_MODE,
				      "%s", SAMPLE_NODE);
	if (!sample_node) {
		pr_err("devfs_make_node failed\n");
		cdevsw_remove(sample_major, &sample_cdevsw);
		return -ENOMEM;
	}
	pr_info("/dev/%s is major %d\n", SAMPLE_NODE, sample_major);
	return 0;
}

static void __exit sample_exit(void)
{
	selthreadclear(&sc.rsel);
	devfs_remove(sample_node);
	if (cdevsw_remove(sample_major, &sample_cdevsw) != sample_major)
		pr_err("cdevsw_remove failed\n");
}

module_init(sample_init);
module_exit(sample_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The xnucross authors");
MODULE_DESCRIPTION("Sample kext: a Darwin cdevsw character device with BSD ioctls");

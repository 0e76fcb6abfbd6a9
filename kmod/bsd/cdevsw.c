// SPDX-License-Identifier: GPL-2.0
/*
 * cdevsw.c - Darwin's character device switch on Linux: cdevsw_add() and
 * cdevsw_remove(), the /dev nodes of devfs_make_node(), and the file
 * operations every such node has: open/close, read/write through a
 * struct uio, poll through d_select, and the BSD ioctl dispatcher, which
 * copies the argument in and out for the driver as XNU's ioctl() does.
 *
 * Each registered major (a slot of xnu_cdevsw[], the Darwin major) owns a
 * Linux char device region with a dynamic major and 2^20 minors; a Darwin
 * dev_t is makedev(slot, Linux minor).
 *
 * Locking: xnu_devfs_lock (a mutex) serialises making and removing nodes
 * and removing majors; inside it, xnu_cdevsw_lock (a mutex) guards the
 * table, the open and node counts and the node lists; no driver entry
 * point is called with either held. A slot's oc_lock (taken after, never
 * with, xnu_cdevsw_lock) is held across d_open and d_close, as XNU's
 * devsw_lock() is. A slot cannot be removed while a file is open on it,
 * so the entry points of an open file are read without a lock.
 *
 * Removing a major that still has nodes succeeds, as on Darwin (a kext's
 * exit calls cdevsw_remove() and then devfs_remove()): the nodes leave
 * /dev at once and their handles stay valid for devfs_remove() until the
 * module that made them goes. A module that goes without removing its
 * majors or nodes has them removed by a module notifier, so no slot ever
 * names a freed module.
 */
#include <linux/cdev.h>
#include <linux/compat.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "xnu_core.h"
#include "xnu_ioccom.h"

#include <sys/conf.h>
#include <sys/uio.h>
#include <sys/select.h>
#include <miscfs/devfs/devfs.h>

/* Minors of one major: all Linux allows (Darwin has 24 bits). */
#define XNU_CDEV_MINORS		(MINORMASK + 1)
/* XNU's stack buffer for ioctl arguments; larger ones are allocated. */
#define XNU_IOCTL_STKBUF	128

/**
 * struct xnu_cdevsw_slot - one major of the switch
 * @sw:		the driver's entry points (a copy, as XNU keeps)
 * @used:	registered
 * @owner:	the module that registered it, pinned while a file is open
 * @lbase:	first Linux device number of its region
 * @cdev:	the Linux char device of the region
 * @opens:	files open on the major
 * @nodes:	devfs nodes made on the major
 * @node_list:	those nodes (struct xnu_devfs_node.link)
 * @oc_lock:	serialises d_open and d_close and guards @devopens, as XNU's
 *		devsw_lock() does per device
 * @devopens:	open files per minor (xarray value entries), so d_close runs
 *		on the last close of a device only, as on Darwin
 */
struct xnu_cdevsw_slot {
	struct cdevsw sw;
	bool used;
	struct module *owner;
	dev_t lbase;
	struct cdev *cdev;
	unsigned int opens;
	unsigned int nodes;
	struct list_head node_list;
	struct mutex oc_lock;		/* d_open/d_close, @devopens */
	struct xarray devopens;
};

static const struct file_operations xnu_cdev_fops;
static struct xnu_cdevsw_slot xnu_cdevsw[XNU_NCHRDEV];
static DEFINE_MUTEX(xnu_cdevsw_lock);
/* Node making and removal, major removal; taken before xnu_cdevsw_lock. */
static DEFINE_MUTEX(xnu_devfs_lock);
/* Nodes whose major was removed, until devfs_remove() or their module goes. */
static LIST_HEAD(xnu_devfs_orphans);

static void xnu_devfs_orphan_nodes_locked(struct xnu_cdevsw_slot *slot,
					  struct list_head *del);
static void xnu_devfs_del_nodes(struct list_head *del, bool put);

/* A driver's return: 0, positive errno, or -errno; to a Linux -errno. */
static int xnu_bsd_errno(int err)
{
	if (!err)
		return 0;
	if (err == ERESTART)
		return -ERESTARTSYS;
	if (err > 0 && err <= MAX_ERRNO)
		return -err;
	if (err < 0 && err >= -MAX_ERRNO)
		return err;
	return -EIO;
}

static inline int xnu_slot_index(const struct xnu_cdevsw_slot *slot)
{
	return slot - xnu_cdevsw;
}

/* The Darwin dev_t of an open file. */
static dev_t xnu_file_dev(struct file *file)
{
	const struct xnu_cdevsw_slot *slot = file->private_data;

	return makedev(xnu_slot_index(slot), iminor(file_inode(file)));
}

/* The fflag Darwin entry points get. */
static int xnu_fflag(struct file *file)
{
	int fflag = 0;

	if (file->f_mode & FMODE_READ)
		fflag |= FREAD;
	if (file->f_mode & FMODE_WRITE)
		fflag |= FWRITE;
	if (file->f_flags & O_NONBLOCK)
		fflag |= FNONBLOCK;
	return fflag;
}

static inline struct proc *xnu_current_proc(void)
{
	return (struct proc *)current;
}

/* ---- the switch ---------------------------------------------------------- */

/* XNU's rule: -1 searches from 0, below -1 from -index; else index itself. */
static int xnu_cdevsw_free_locked(int index)
{
	if (index == INT_MIN)
		return -1;
	if (index < 0) {
		index = index == -1 ? 0 : -index;
		while (index < XNU_NCHRDEV && xnu_cdevsw[index].used)
			index++;
	}
	if (index < 0 || index >= XNU_NCHRDEV || xnu_cdevsw[index].used)
		return -1;
	return index;
}

/**
 * cdevsw_isfree() - whether a major is free
 * @index: the major; -1 to find the first free one, below -1 to find the
 *	   first free one from -@index on
 *
 * Return: the free major, or -1.
 */
int cdevsw_isfree(int index)
{
	mutex_lock(&xnu_cdevsw_lock);
	index = xnu_cdevsw_free_locked(index);
	mutex_unlock(&xnu_cdevsw_lock);
	return index;
}
EXPORT_SYMBOL_GPL(cdevsw_isfree);

/**
 * xnu_cdevsw_add() - register a character device switch (cdevsw_add())
 * @index: the major wanted; -1 for the first free one, below -1 for the
 *	   first free one from -@index on
 * @csw:   the entry points, copied
 * @owner: the registering module (cdevsw_add() passes THIS_MODULE); it
 *	   cannot be unloaded while a file of the device is open
 *
 * Kexts call it as cdevsw_add(index, csw), XNU's signature. The device's
 * nodes are made with devfs_make_node().
 *
 * Context: process context, may sleep.
 * Return: the major, or -1 when @index is taken or out of range, no major
 * is free, or Linux could not give a device region.
 */
int xnu_cdevsw_add(int index, const struct cdevsw *csw, struct module *owner)
{
	struct xnu_cdevsw_slot *slot;
	struct cdev *cdev;
	char name[32];
	dev_t base;
	int ret;

	if (!csw)
		return -1;
	mutex_lock(&xnu_cdevsw_lock);
	index = xnu_cdevsw_free_locked(index);
	if (index < 0)
		goto out;
	snprintf(name, sizeof(name), "xnu_cdevsw%d", index);
	ret = alloc_chrdev_region(&base, 0, XNU_CDEV_MINORS, name);
	if (ret) {
		pr_warn("%s: no device region for major %d: %d\n",
			__func__, index, ret);
		index = -1;
		goto out;
	}
	cdev = cdev_alloc();
	if (!cdev) {
		unregister_chrdev_region(base, XNU_CDEV_MINORS);
		index = -1;
		goto out;
	}
	cdev->owner = THIS_MODULE;
	cdev->ops = &xnu_cdev_fops;
	ret = cdev_add(cdev, base, XNU_CDEV_MINORS);
	if (ret) {
		pr_warn("%s: cannot add major %d: %d\n", __func__, index, ret);
		kobject_put(&cdev->kobj);
		unregister_chrdev_region(base, XNU_CDEV_MINORS);
		index = -1;
		goto out;
	}
	slot = &xnu_cdevsw[index];
	slot->sw = *csw;
	slot->owner = owner;
	slot->lbase = base;
	slot->cdev = cdev;
	slot->opens = 0;
	slot->nodes = 0;
	INIT_LIST_HEAD(&slot->node_list);
	mutex_init(&slot->oc_lock);
	xa_init(&slot->devopens);
	slot->used = true;
out:
	mutex_unlock(&xnu_cdevsw_lock);
	return index;
}
EXPORT_SYMBOL_GPL(xnu_cdevsw_add);

/*
 * Empty a used slot with no open file: its nodes go from @slot's list to
 * the orphans (each still to be device_del()'d: on @del), the slot is
 * cleared. Returns its cdev and region base through @cdev and @base.
 * Both locks held.
 */
static void xnu_cdevsw_clear_locked(struct xnu_cdevsw_slot *slot,
				    struct list_head *del, struct cdev **cdev,
				    dev_t *base)
{
	lockdep_assert_held(&xnu_devfs_lock);
	lockdep_assert_held(&xnu_cdevsw_lock);
	xnu_devfs_orphan_nodes_locked(slot, del);
	*cdev = slot->cdev;
	*base = slot->lbase;
	xa_destroy(&slot->devopens);
	mutex_destroy(&slot->oc_lock);
	memset(slot, 0, sizeof(*slot));
}

/**
 * cdevsw_remove() - unregister a character device switch
 * @index: the major cdevsw_add() returned
 * @csw:   entry points equal to those registered
 *
 * Nodes made with devfs_make_node() on the major leave /dev now, as XNU
 * does not refuse either; their handles stay valid for devfs_remove()
 * (which a kext's exit calls after this). Unlike XNU, which lets open
 * files fall onto empty entries, the removal is refused while a file of
 * the device is open; a module's exit cannot run while its device is
 * open, so there it always succeeds.
 *
 * Context: process context, may sleep.
 * Return: @index, or -1 when it is not registered with these entry
 * points, or a file of it is open.
 */
int cdevsw_remove(int index, const struct cdevsw *csw)
{
	struct xnu_cdevsw_slot *slot;
	struct cdev *cdev;
	LIST_HEAD(del);
	dev_t base;

	if (index < 0 || index >= XNU_NCHRDEV || !csw)
		return -1;
	slot = &xnu_cdevsw[index];
	mutex_lock(&xnu_devfs_lock);
	mutex_lock(&xnu_cdevsw_lock);
	if (!slot->used ||
	    memcmp(&slot->sw, csw, offsetofend(struct cdevsw, d_type))) {
		mutex_unlock(&xnu_cdevsw_lock);
		mutex_unlock(&xnu_devfs_lock);
		return -1;
	}
	if (slot->opens) {
		mutex_unlock(&xnu_cdevsw_lock);
		mutex_unlock(&xnu_devfs_lock);
		pr_warn("%s: major %d busy: %u open files\n",
			__func__, index, slot->opens);
		return -1;
	}
	xnu_cdevsw_clear_locked(slot, &del, &cdev, &base);
	mutex_unlock(&xnu_cdevsw_lock);
	/* Out of /dev; devfs_remove() or the module's going frees them. */
	xnu_devfs_del_nodes(&del, false);
	mutex_unlock(&xnu_devfs_lock);

	cdev_del(cdev);
	unregister_chrdev_region(base, XNU_CDEV_MINORS);
	return index;
}
EXPORT_SYMBOL_GPL(cdevsw_remove);

/* ---- open and close ------------------------------------------------------ */

static int xnu_cdev_open(struct inode *inode, struct file *file)
{
	struct xnu_cdevsw_slot *slot = NULL;
	unsigned long min = iminor(inode), count;
	dev_t dev;
	int i, err;

	mutex_lock(&xnu_cdevsw_lock);
	for (i = 0; i < XNU_NCHRDEV; i++) {
		if (xnu_cdevsw[i].used &&
		    MAJOR(xnu_cdevsw[i].lbase) == imajor(inode)) {
			slot = &xnu_cdevsw[i];
			break;
		}
	}
	if (!slot || !try_module_get(slot->owner)) {
		mutex_unlock(&xnu_cdevsw_lock);
		return -ENXIO;
	}
	slot->opens++;
	mutex_unlock(&xnu_cdevsw_lock);

	file->private_data = slot;
	dev = xnu_file_dev(file);
	mutex_lock(&slot->oc_lock);
	err = slot->sw.d_open ? slot->sw.d_open(dev, xnu_fflag(file), S_IFCHR,
						xnu_current_proc()) : ENODEV;
	if (!err) {
		count = xa_to_value(xa_load(&slot->devopens, min) ?:
				    xa_mk_value(0));
		if (xa_is_err(xa_store(&slot->devopens, min,
				       xa_mk_value(count + 1), GFP_KERNEL))) {
			/* Undo an open nothing will close. */
			if (!count && slot->sw.d_close)
				slot->sw.d_close(dev, xnu_fflag(file), S_IFCHR,
						 xnu_current_proc());
			err = ENOMEM;
		}
	}
	mutex_unlock(&slot->oc_lock);
	if (!err)
		return 0;

	mutex_lock(&xnu_cdevsw_lock);
	slot->opens--;
	mutex_unlock(&xnu_cdevsw_lock);
	module_put(slot->owner);
	return xnu_bsd_errno(err);
}

/* d_close runs when the last open file of the device goes, as on Darwin. */
static int xnu_cdev_release(struct inode *inode, struct file *file)
{
	struct xnu_cdevsw_slot *slot = file->private_data;
	struct module *owner = slot->owner;
	unsigned long min = iminor(inode), count;

	mutex_lock(&slot->oc_lock);
	count = xa_to_value(xa_load(&slot->devopens, min) ?: xa_mk_value(1));
	if (count > 1) {
		/* Replacing a present entry allocates nothing. */
		xa_store(&slot->devopens, min, xa_mk_value(count - 1),
			 GFP_KERNEL);
	} else {
		xa_erase(&slot->devopens, min);
		if (slot->sw.d_close)
			slot->sw.d_close(xnu_file_dev(file), xnu_fflag(file),
					 S_IFCHR, xnu_current_proc());
	}
	mutex_unlock(&slot->oc_lock);

	mutex_lock(&xnu_cdevsw_lock);
	slot->opens--;
	mutex_unlock(&xnu_cdevsw_lock);
	module_put(owner);
	return 0;
}

/* ---- read and write ------------------------------------------------------- */

static ssize_t xnu_cdev_rw(struct kiocb *iocb, struct iov_iter *iter,
			   enum uio_rw rw)
{
	struct file *file = iocb->ki_filp;
	struct xnu_cdevsw_slot *slot = file->private_data;
	read_write_fcn_t *fn = rw == UIO_READ ? slot->sw.d_read :
						slot->sw.d_write;
	size_t count = iov_iter_count(iter), moved;
	struct uio uio = {
		.uio_xnu_iter = iter,
		.uio_xnu_offset = iocb->ki_pos,
		.uio_xnu_rw = rw,
	};
	int ioflag = 0, err;

	if (!fn)
		return -ENODEV;
	if ((file->f_flags & O_NONBLOCK) || (iocb->ki_flags & IOCB_NOWAIT))
		ioflag |= IO_NDELAY;
	err = fn(xnu_file_dev(file), &uio, ioflag);
	moved = count - iov_iter_count(iter);
	iocb->ki_pos += moved;
	/* As XNU: an interrupted transfer that moved bytes succeeds. */
	if (err && moved &&
	    (err == EINTR || err == ERESTART || err == EAGAIN))
		err = 0;
	if (err)
		return xnu_bsd_errno(err);
	return moved;
}

static ssize_t xnu_cdev_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	return xnu_cdev_rw(iocb, to, UIO_READ);
}

static ssize_t xnu_cdev_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	return xnu_cdev_rw(iocb, from, UIO_WRITE);
}

/**
 * uiomove() - move bytes between a kernel buffer and a read or write
 * @cp:  the kernel buffer: the source for UIO_READ, the destination for
 *	 UIO_WRITE
 * @n:   bytes at most; fewer when the transfer has less room left
 * @uio: the transfer d_read or d_write got
 *
 * Advances the transfer (uio_resid() decreases, uio_offset() increases)
 * by the bytes moved.
 *
 * Context: the d_read/d_write call; may sleep.
 * Return: 0, or EFAULT when the caller's buffer faulted part way.
 */
int uiomove(const char *cp, int n, struct uio *uio)
{
	size_t want, done;

	if (n <= 0)
		return 0;
	want = min_t(size_t, n, iov_iter_count(uio->uio_xnu_iter));
	if (uio->uio_xnu_rw == UIO_READ)
		done = copy_to_iter(cp, want, uio->uio_xnu_iter);
	else
		done = copy_from_iter((char *)cp, want, uio->uio_xnu_iter);
	uio->uio_xnu_offset += done;
	return done == want ? 0 : EFAULT;
}
EXPORT_SYMBOL_GPL(uiomove);

/**
 * uio_resid() - bytes a transfer still wants
 * @a_uio: the transfer
 *
 * Return: the bytes left to move.
 */
user_ssize_t uio_resid(uio_t a_uio)
{
	return iov_iter_count(a_uio->uio_xnu_iter);
}
EXPORT_SYMBOL_GPL(uio_resid);

/**
 * uio_offset() - file offset of a transfer's next byte
 * @a_uio: the transfer
 *
 * Return: the offset (the file position plus the bytes moved so far).
 */
off_t uio_offset(uio_t a_uio)
{
	return a_uio->uio_xnu_offset;
}
EXPORT_SYMBOL_GPL(uio_offset);

/**
 * uio_rw() - direction of a transfer
 * @a_uio: the transfer
 *
 * Return: UIO_READ (to the process) or UIO_WRITE.
 */
int uio_rw(uio_t a_uio)
{
	return a_uio->uio_xnu_rw;
}
EXPORT_SYMBOL_GPL(uio_rw);

/* ---- ioctl ------------------------------------------------------------------ */

/*
 * XNU's ioctl(): the size comes from the command word; IOC_IN copies the
 * argument in (a bad pointer is EFAULT before the driver runs; with size
 * 0 the pointer value itself is passed), IOC_OUT zeroes the buffer and
 * copies it out after the driver succeeded (EFAULT then), IOC_VOID passes
 * the argument value (a driver reads *(int *)data).
 */
static long xnu_cdev_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct xnu_cdevsw_slot *slot = file->private_data;
	void __user *uarg = (void __user *)arg;
	u64 stkbuf[XNU_IOCTL_STKBUF / sizeof(u64)] = { 0 };
	u32 size = XNU_IOCPARM_LEN(cmd);
	void *data = stkbuf, *mem = NULL;
	int err;

	/* Cannot happen with a 13-bit size; XNU's check, XNU's errno. */
	if (size > XNU_IOCPARM_MAX)
		return -ENOTTY;
	if (size > sizeof(stkbuf)) {
		mem = kzalloc(size, GFP_KERNEL);
		if (!mem)
			return -ENOMEM;
		data = mem;
	}
	if (cmd & XNU_IOC_IN) {
		if (size) {
			if (copy_from_user(data, uarg, size)) {
				err = EFAULT;
				goto out;
			}
		} else {
			*(u64 *)data = arg;
		}
	} else if ((cmd & XNU_IOC_OUT) && size) {
		/* Already zero. A kernel address fails before the driver. */
		if (!access_ok(uarg, size)) {
			err = EFAULT;
			goto out;
		}
	} else if (cmd & XNU_IOC_VOID) {
		*(u64 *)data = arg;
	}

	err = slot->sw.d_ioctl ?
		slot->sw.d_ioctl(xnu_file_dev(file), cmd, data,
				 xnu_fflag(file), xnu_current_proc()) : ENODEV;
	if (!err && (cmd & XNU_IOC_OUT) && size &&
	    copy_to_user(uarg, data, size))
		err = EFAULT;
out:
	kfree(mem);
	return xnu_bsd_errno(err);
}

/* ---- select ------------------------------------------------------------------ */

#define XNU_SEL_HASH_BITS	6
#define XNU_SEL_MAGIC		0x73656c63U	/* "selc" */

static wait_queue_head_t xnu_sel_wq[1 << XNU_SEL_HASH_BITS];

/**
 * struct xnu_sel_ctx - the wql d_select gets: the poll in progress
 * @magic:	XNU_SEL_MAGIC, to catch a wql that is not one
 * @file:	the file polled
 * @pt:		its poll table
 */
struct xnu_sel_ctx {
	u32 magic;
	struct file *file;
	poll_table *pt;
};

static wait_queue_head_t *xnu_sel_queue(struct selinfo *sip)
{
	return &xnu_sel_wq[hash_ptr(sip, XNU_SEL_HASH_BITS)];
}

/**
 * selrecord() - record that a poll waits for a condition
 * @selector: the polling process (d_select's @p); unused
 * @sip:      the driver's selinfo for the condition
 * @wql:      the wql argument d_select got; NULL records nothing
 *
 * Call it from d_select when the condition is false; selwakeup() on @sip
 * then wakes the poller.
 */
void selrecord(struct proc *selector, struct selinfo *sip, void *wql)
{
	struct xnu_sel_ctx *ctx = wql;

	if (!ctx || !sip)
		return;
	if (WARN_ON_ONCE(ctx->magic != XNU_SEL_MAGIC))
		return;
	poll_wait(ctx->file, xnu_sel_queue(sip), ctx->pt);
}
EXPORT_SYMBOL_GPL(selrecord);

/**
 * selwakeup() - wake every poll waiting on a selinfo
 * @sip: the selinfo
 *
 * Context: any context that may wake processes (not under a raw spinlock
 * taken by a waker); it does not sleep.
 */
void selwakeup(struct selinfo *sip)
{
	if (sip)
		wake_up_interruptible_all(xnu_sel_queue(sip));
}
EXPORT_SYMBOL_GPL(selwakeup);

/**
 * selthreadclear() - forget the pollers of a selinfo about to go away
 * @sip: the selinfo
 *
 * Nothing is stored in a selinfo here, so there is nothing to clear; the
 * device's open files (which pollers hold) keep the driver loaded.
 */
void selthreadclear(struct selinfo *sip)
{
}
EXPORT_SYMBOL_GPL(selthreadclear);

static __poll_t xnu_cdev_poll(struct file *file, poll_table *pt)
{
	struct xnu_cdevsw_slot *slot = file->private_data;
	select_fcn_t *d_select = slot->sw.d_select;
	__poll_t req = poll_requested_events(pt), mask = 0;
	struct xnu_sel_ctx ctx = {
		.magic = XNU_SEL_MAGIC,
		.file = file,
		.pt = pt,
	};
	void *wql = pt ? &ctx : NULL;
	dev_t dev = xnu_file_dev(file);

	if (!d_select)
		return EPOLLIN | EPOLLRDNORM | EPOLLOUT | EPOLLWRNORM;
	if ((req & (EPOLLIN | EPOLLRDNORM)) &&
	    d_select(dev, FREAD, wql, xnu_current_proc()))
		mask |= EPOLLIN | EPOLLRDNORM;
	if ((req & (EPOLLOUT | EPOLLWRNORM)) &&
	    d_select(dev, FWRITE, wql, xnu_current_proc()))
		mask |= EPOLLOUT | EPOLLWRNORM;
	if ((req & (EPOLLPRI | EPOLLRDBAND)) &&
	    d_select(dev, 0, wql, xnu_current_proc()))
		mask |= EPOLLPRI;
	return mask;
}

static const struct file_operations xnu_cdev_fops = {
	.owner		= THIS_MODULE,
	.open		= xnu_cdev_open,
	.release	= xnu_cdev_release,
	.read_iter	= xnu_cdev_read_iter,
	.write_iter	= xnu_cdev_write_iter,
	.unlocked_ioctl	= xnu_cdev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.poll		= xnu_cdev_poll,
	.llseek		= default_llseek,
};

/* ---- devfs nodes ----------------------------------------------------------- */

/**
 * struct xnu_devfs_node - a node made by devfs_make_node()
 * @dev:	the Linux device; its devtmpfs node is the /dev node
 * @slot:	the major it belongs to, -1 once that was removed (the node
 *		is then an orphan, out of /dev)
 * @owner:	the module of the major (an orphan is freed when it goes)
 * @link:	on the major's node list, or on xnu_devfs_orphans
 * @del_link:	on a list of nodes leaving /dev (xnu_devfs_lock)
 * @mode:	permission bits of the node
 * @uid:	its owner
 * @gid:	its group
 */
struct xnu_devfs_node {
	struct device dev;
	int slot;
	struct module *owner;
	struct list_head link;
	struct list_head del_link;
	umode_t mode;
	kuid_t uid;
	kgid_t gid;
};

static struct class xnu_bsd_class = {
	.name = "xnubsd",
};

/* Whether a node of that device name exists (sysfs would warn on it). */
static bool xnu_devfs_name_taken(const char *devname)
{
	struct device *dev;

	dev = class_find_device_by_name(&xnu_bsd_class, devname);
	if (!dev)
		return false;
	put_device(dev);
	return true;
}

/* The node's mode and owner, for devtmpfs. */
static void xnu_devfs_node_attrs(const struct device *dev, umode_t *mode,
				 kuid_t *uid, kgid_t *gid)
{
	const struct xnu_devfs_node *node = dev_get_drvdata(dev);

	if (mode)
		*mode = node->mode;
	if (uid)
		*uid = node->uid;
	if (gid)
		*gid = node->gid;
}

/*
 * device_type.devnode takes a const device from 6.2 on: both forms, and
 * the initializer picks the one the kernel's structure declares.
 */
#define XNU_DEVNODE_IS_CONST \
	__same_type(((struct device_type *)NULL)->devnode, \
		    &xnu_devfs_devnode_const)

static __maybe_unused char *
xnu_devfs_devnode_const(const struct device *dev, umode_t *mode,
			kuid_t *uid, kgid_t *gid)
{
	xnu_devfs_node_attrs(dev, mode, uid, gid);
	return NULL;
}

static __maybe_unused char *
xnu_devfs_devnode_mutable(struct device *dev, umode_t *mode, kuid_t *uid,
			  kgid_t *gid)
{
	xnu_devfs_node_attrs(dev, mode, uid, gid);
	return NULL;
}

static const struct device_type xnu_devfs_type = {
	.name = "xnu_devfs_node",
	.devnode = __builtin_choose_expr(XNU_DEVNODE_IS_CONST,
					 xnu_devfs_devnode_const,
					 xnu_devfs_devnode_mutable),
};

static void xnu_devfs_release(struct device *dev)
{
	kfree(container_of(dev, struct xnu_devfs_node, dev));
}

/**
 * devfs_make_node() - make a /dev node for a device of a registered major
 * @dev:    the Darwin device number, makedev(major from cdevsw_add(), minor)
 * @chrblk: DEVFS_CHAR (block devices are not supported)
 * @uid:    owner of the node
 * @gid:    group of the node
 * @perms:  permission bits of the node (0777 at most, no set-id bits)
 * @fmt:    printf format of the name under /dev ('/' makes directories)
 * @...:    its arguments
 *
 * Context: process context, may sleep.
 * A name already used by another node of this API is refused; a name
 * devtmpfs already has from another driver (e.g. "null") gives a device
 * without a /dev node, as devtmpfs leaves the existing node alone.
 *
 * Return: a handle for devfs_remove(), or NULL when the major is not
 * registered, the minor is above 2^20 - 1, the name is taken or empty, or
 * the other arguments are invalid.
 */
void *devfs_make_node(dev_t dev, int chrblk, uid_t uid, gid_t gid,
		      int perms, const char *fmt, ...)
{
	struct xnu_devfs_node *node;
	struct xnu_cdevsw_slot *slot;
	int maj = major(dev), min = minor(dev);
	kuid_t kuid = make_kuid(&init_user_ns, uid);
	kgid_t kgid = make_kgid(&init_user_ns, gid);
	va_list ap;
	char *name;
	int ret;

	if (chrblk != DEVFS_CHAR || perms & ~0777 || !fmt ||
	    !uid_valid(kuid) || !gid_valid(kgid) ||
	    maj < 0 || maj >= XNU_NCHRDEV || min >= XNU_CDEV_MINORS)
		return NULL;
	va_start(ap, fmt);
	name = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	if (!name)
		return NULL;
	if (!*name) {
		kfree(name);
		return NULL;
	}
	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node) {
		kfree(name);
		return NULL;
	}

	slot = &xnu_cdevsw[maj];
	/* Held to the end: the major cannot be removed meanwhile. */
	mutex_lock(&xnu_devfs_lock);
	mutex_lock(&xnu_cdevsw_lock);
	if (!slot->used) {
		mutex_unlock(&xnu_cdevsw_lock);
		mutex_unlock(&xnu_devfs_lock);
		kfree(node);
		kfree(name);
		return NULL;
	}
	slot->nodes++;
	list_add_tail(&node->link, &slot->node_list);
	node->owner = slot->owner;
	node->dev.devt = MKDEV(MAJOR(slot->lbase), min);
	mutex_unlock(&xnu_cdevsw_lock);

	node->slot = maj;
	node->mode = perms;
	node->uid = kuid;
	node->gid = kgid;
	device_initialize(&node->dev);
	node->dev.class = &xnu_bsd_class;
	node->dev.type = &xnu_devfs_type;
	node->dev.release = xnu_devfs_release;
	dev_set_drvdata(&node->dev, node);
	ret = dev_set_name(&node->dev, "%s", name);
	kfree(name);
	if (!ret && xnu_devfs_name_taken(dev_name(&node->dev)))
		ret = -EEXIST;
	if (!ret)
		ret = device_add(&node->dev);
	if (ret) {
		mutex_lock(&xnu_cdevsw_lock);
		slot->nodes--;
		list_del(&node->link);
		mutex_unlock(&xnu_cdevsw_lock);
	}
	mutex_unlock(&xnu_devfs_lock);
	if (ret) {
		put_device(&node->dev);
		return NULL;
	}
	return node;
}
EXPORT_SYMBOL_GPL(devfs_make_node);

/**
 * devfs_remove() - remove a node made by devfs_make_node()
 * @handle: what devfs_make_node() returned (NULL is ignored)
 *
 * Files already open on the node stay usable until closed. The node of a
 * major already removed with cdevsw_remove() is out of /dev already; this
 * frees it.
 *
 * Context: process context, may sleep.
 */
void devfs_remove(void *handle)
{
	struct xnu_devfs_node *node = handle;
	bool orphan;

	if (!node)
		return;
	mutex_lock(&xnu_devfs_lock);
	mutex_lock(&xnu_cdevsw_lock);
	orphan = node->slot < 0;
	if (!orphan)
		xnu_cdevsw[node->slot].nodes--;
	list_del_init(&node->link);
	mutex_unlock(&xnu_cdevsw_lock);
	if (!orphan)
		device_del(&node->dev);
	mutex_unlock(&xnu_devfs_lock);
	put_device(&node->dev);
}
EXPORT_SYMBOL_GPL(devfs_remove);

/*
 * Make the nodes of @slot orphans (their major is being removed): off its
 * list onto xnu_devfs_orphans, and onto @del by a reference each, to
 * leave /dev with xnu_devfs_del_nodes(). Both locks held.
 */
static void xnu_devfs_orphan_nodes_locked(struct xnu_cdevsw_slot *slot,
					  struct list_head *del)
{
	struct xnu_devfs_node *node, *tmp;

	list_for_each_entry_safe(node, tmp, &slot->node_list, link) {
		node->slot = -1;
		list_move_tail(&node->link, &xnu_devfs_orphans);
		get_device(&node->dev);
		list_add_tail(&node->del_link, del);
	}
	slot->nodes = 0;
}

/*
 * Take the nodes on @del out of /dev and drop the reference
 * xnu_devfs_orphan_nodes_locked() took; @put: drop the node's own one as
 * well (nobody will call devfs_remove()). xnu_devfs_lock held.
 */
static void xnu_devfs_del_nodes(struct list_head *del, bool put)
{
	struct xnu_devfs_node *node, *tmp;

	lockdep_assert_held(&xnu_devfs_lock);
	list_for_each_entry_safe(node, tmp, del, del_link) {
		list_del_init(&node->del_link);
		device_del(&node->dev);
		if (put)
			put_device(&node->dev);
		put_device(&node->dev);
	}
}

/*
 * A module is going: remove the majors it left registered and the nodes
 * it left (orphans included), so that no slot or node names freed code.
 * Its exit has run and no file of its devices is open (an open file
 * holds the module).
 */
static int xnu_bsd_module_event(struct notifier_block *nb,
				unsigned long action, void *data)
{
	struct xnu_devfs_node *node, *tmp;
	struct module *mod = data;
	struct cdev *cdevs[XNU_NCHRDEV];
	dev_t bases[XNU_NCHRDEV];
	LIST_HEAD(orphans);
	LIST_HEAD(del);
	int i, n = 0;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	mutex_lock(&xnu_devfs_lock);
	mutex_lock(&xnu_cdevsw_lock);
	for (i = 0; i < XNU_NCHRDEV; i++) {
		if (!xnu_cdevsw[i].used || xnu_cdevsw[i].owner != mod)
			continue;
		if (WARN_ON(xnu_cdevsw[i].opens))
			continue;
		pr_warn("module %s left major %d registered; removed it\n",
			mod->name, i);
		xnu_cdevsw_clear_locked(&xnu_cdevsw[i], &del, &cdevs[n],
					&bases[n]);
		n++;
	}
	list_for_each_entry_safe(node, tmp, &xnu_devfs_orphans, link)
		if (node->owner == mod)
			list_move_tail(&node->link, &orphans);
	mutex_unlock(&xnu_cdevsw_lock);
	xnu_devfs_del_nodes(&del, false);
	mutex_unlock(&xnu_devfs_lock);
	list_for_each_entry_safe(node, tmp, &orphans, link) {
		list_del_init(&node->link);
		put_device(&node->dev);
	}
	for (i = 0; i < n; i++) {
		cdev_del(cdevs[i]);
		unregister_chrdev_region(bases[i], XNU_CDEV_MINORS);
	}
	return NOTIFY_DONE;
}

static struct notifier_block xnu_bsd_module_nb = {
	.notifier_call = xnu_bsd_module_event,
};

/* ---- start and stop ------------------------------------------------------------ */

/**
 * xnu_bsd_init() - start the BSD device layer: the node class, the select
 * wait queues, the module notifier that cleans up after a kext
 *
 * Return: 0 or a negative errno.
 */
int xnu_bsd_init(void)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(xnu_sel_wq); i++)
		init_waitqueue_head(&xnu_sel_wq[i]);
	ret = class_register(&xnu_bsd_class);
	if (ret)
		return ret;
	ret = register_module_notifier(&xnu_bsd_module_nb);
	if (ret)
		class_unregister(&xnu_bsd_class);
	return ret;
}

/**
 * xnu_bsd_exit() - stop the BSD device layer
 *
 * Runs when no module using the API is loaded, so the switch is empty.
 */
void xnu_bsd_exit(void)
{
	int i;

	unregister_module_notifier(&xnu_bsd_module_nb);
	for (i = 0; i < XNU_NCHRDEV; i++)
		WARN_ON(xnu_cdevsw[i].used);
	WARN_ON(!list_empty(&xnu_devfs_orphans));
	class_unregister(&xnu_bsd_class);
}

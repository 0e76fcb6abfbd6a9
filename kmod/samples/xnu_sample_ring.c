// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_sample_ring.c - a sample kext consuming wired rings: it registers the
 * ring consumer "org.xnucross.sample.ring"; for every record a process
 * produces into its ring, it computes a checksum in place (zero copy) and
 * posts a struct xnu_sample_ring_result into the process's result ring.
 * The draining runs in a work item (one per ring, so one context per
 * ring), scheduled by the doorbell.
 *
 * For comparison (the benchmark's baseline) it also registers the misc
 * device /dev/xnu_sample_ring whose first ioctl copies a buffer in and
 * returns the same checksum: one crossing and one copy per record. Its
 * second ioctl uses the wired-memory API (<xnucross/wire.h>) on the
 * caller's regions: find one by handle or address and checksum it through
 * its kernel mapping, keep a reference to one past its unwire, or wire a
 * range itself, and drop what it keeps (also with the caller's mmap_lock
 * held, which the API allows).
 *
 * Parameter "paused" (root, 0644): while set, doorbells are counted but the
 * rings are not drained (the tests use it to fill a ring).
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mmap_lock.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include <xnucross/ring.h>
#include <xnucross/wire.h>

#include "xnu_sample_ring.h"

/* Records drained per run of the work before it yields. */
#define SAMPLE_BUDGET	256

static bool paused;
module_param(paused, bool, 0644);
MODULE_PARM_DESC(paused, "Count doorbells but drain no ring (default N)");

static struct workqueue_struct *sample_wq;

/**
 * struct sample_ring - what the sample keeps per ring
 * @ring:	the ring
 * @work:	drains it
 * @seq:	results posted
 */
struct sample_ring {
	struct xnu_ring *ring;
	struct work_struct work;
	u32 seq;
};

/**
 * xnu_sample_ring_csum() - the sample's checksum
 * @data:	the bytes
 * @len:	how many
 *
 * The sum (mod 2^64) of the bytes read as little-endian 64-bit words, the
 * last one padded with zeros; the result is the sum's halves XORed.
 *
 * Return: the checksum.
 */
static u32 xnu_sample_ring_csum(const void *data, size_t len)
{
	const u8 *p = data;
	u64 s = 0, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		s += le64_to_cpu((__force __le64)w);
	}
	if (i < len) {
		w = 0;
		memcpy(&w, p + i, len - i);
		s += le64_to_cpu((__force __le64)w);
	}
	return (u32)(s ^ (s >> 32));
}

static void sample_drain(struct work_struct *work)
{
	struct sample_ring *sr = container_of(work, struct sample_ring, work);
	struct xnu_sample_ring_result res;
	const void *data;
	unsigned int n;
	ssize_t len;
	u32 tag;

	if (READ_ONCE(paused))
		return;
	for (n = 0; n < SAMPLE_BUDGET; n++) {
		/* Room for the result first: a popped record is never lost. */
		if (!xnu_ring_can_push(sr->ring, sizeof(res)))
			return;	/* the process rings when it drained */
		len = xnu_ring_peek(sr->ring, &data, &tag);
		if (len < 0)
			return;	/* empty (the next doorbell), broken or dead */
		res.tag = tag;
		res.len = len;
		res.csum = xnu_sample_ring_csum(data, len);
		res.seq = sr->seq++;
		xnu_ring_consume(sr->ring);
		if (xnu_ring_push(sr->ring, &res, sizeof(res), tag))
			return;
		cond_resched();
	}
	/* Budget spent: let others run, then go on. */
	queue_work(sample_wq, &sr->work);
}

static int sample_attach(struct xnu_ring *ring)
{
	struct sample_ring *sr;

	/* Results must fit the rx ring, or it would never drain. */
	if (xnu_ring_rx_max_rec(ring) < sizeof(struct xnu_sample_ring_result))
		return -EINVAL;
	sr = kzalloc(sizeof(*sr), GFP_KERNEL);
	if (!sr)
		return -ENOMEM;
	sr->ring = ring;
	INIT_WORK(&sr->work, sample_drain);
	xnu_ring_set_private(ring, sr);
	return 0;
}

/* In the producer's thread, under RCU: only schedule. */
static void sample_doorbell(struct xnu_ring *ring)
{
	struct sample_ring *sr = xnu_ring_private(ring);

	queue_work(sample_wq, &sr->work);
}

static void sample_detach(struct xnu_ring *ring)
{
	struct sample_ring *sr = xnu_ring_private(ring);

	cancel_work_sync(&sr->work);
	xnu_ring_set_private(ring, NULL);
	kfree(sr);
}

static struct xnu_ring_consumer sample_consumer = {
	.name = XNU_SAMPLE_RING_NAME,
	.attach = sample_attach,
	.doorbell = sample_doorbell,
	.detach = sample_detach,
	.owner = THIS_MODULE,
};

/* ---- the device: the ioctl baseline, wired regions ---------------------- */

/**
 * struct sample_file - an open file of the device
 * @buf:	the baseline's copy buffer
 * @lock:	protects @held
 * @held:	a region kept by XNU_SAMPLE_WIRED_HOLD or _CREATE
 */
struct sample_file {
	void *buf;
	struct mutex lock;	/* held */
	struct xnu_wired *held;
};

static int sample_dev_open(struct inode *inode, struct file *file)
{
	struct sample_file *sf = kzalloc(sizeof(*sf), GFP_KERNEL);

	if (!sf)
		return -ENOMEM;
	sf->buf = kvmalloc(XNU_SAMPLE_RING_IOC_MAX, GFP_KERNEL);
	if (!sf->buf) {
		kfree(sf);
		return -ENOMEM;
	}
	mutex_init(&sf->lock);
	file->private_data = sf;
	return 0;
}

static int sample_dev_release(struct inode *inode, struct file *file)
{
	struct sample_file *sf = file->private_data;

	xnu_wired_put(sf->held);
	kvfree(sf->buf);
	kfree(sf);
	return 0;
}

static long sample_csum_ioctl(struct sample_file *sf, void __user *uarg)
{
	struct xnu_sample_ring_ioc ioc;

	if (copy_from_user(&ioc, uarg, sizeof(ioc)))
		return -EFAULT;
	if (ioc.len > XNU_SAMPLE_RING_IOC_MAX)
		return -EINVAL;
	if (copy_from_user(sf->buf, u64_to_user_ptr(ioc.addr), ioc.len))
		return -EFAULT;
	ioc.csum = xnu_sample_ring_csum(sf->buf, ioc.len);
	if (copy_to_user(uarg, &ioc, sizeof(ioc)))
		return -EFAULT;
	return 0;
}

/* Checksum the first @w->len bytes of region @r through its mapping. */
static int sample_wired_csum(struct xnu_wired *r,
			     struct xnu_sample_ring_wired *w)
{
	unsigned int npages;
	void *va;

	xnu_wired_pages(r, &npages);
	w->pages = npages;
	if (w->len > xnu_wired_size(r))
		return -EINVAL;
	va = xnu_wired_vmap(r);
	if (!va)
		return -ENOMEM;
	w->csum = xnu_sample_ring_csum(va, w->len);
	return 0;
}

static long sample_wired_op(struct sample_file *sf,
			    struct xnu_sample_ring_wired *w)
{
	struct xnu_wired *r;
	unsigned int npages;
	int ret;

	switch (w->op) {
	case XNU_SAMPLE_WIRED_CSUM_HANDLE:
	case XNU_SAMPLE_WIRED_CSUM_ADDR:
		r = w->op == XNU_SAMPLE_WIRED_CSUM_HANDLE ?
		    xnu_wired_get(w->handle) :
		    xnu_wired_find(w->addr, w->len);
		if (!r)
			return -ENOENT;
		ret = sample_wired_csum(r, w);
		xnu_wired_put(r);
		return ret;
	case XNU_SAMPLE_WIRED_HOLD:
	case XNU_SAMPLE_WIRED_CREATE:
		if (sf->held)
			return -EBUSY;
		if (w->op == XNU_SAMPLE_WIRED_HOLD) {
			r = xnu_wired_get(w->handle);
			if (!r)
				return -ENOENT;
		} else {
			r = xnu_wired_create(w->addr, w->len, false);
			if (IS_ERR(r))
				return PTR_ERR(r);
		}
		xnu_wired_pages(r, &npages);
		w->pages = npages;
		sf->held = r;
		return 0;
	case XNU_SAMPLE_WIRED_CSUM_HELD:
		if (!sf->held)
			return -ENOENT;
		return sample_wired_csum(sf->held, w);
	case XNU_SAMPLE_WIRED_DROP:
		if (!sf->held)
			return -ENOENT;
		xnu_wired_put(sf->held);
		sf->held = NULL;
		return 0;
	case XNU_SAMPLE_WIRED_DROP_MMAP_LOCKED:
		/* Allowed by <xnucross/wire.h>: the put takes no mmap_lock. */
		if (!sf->held)
			return -ENOENT;
		if (!current->mm)
			return -EINVAL;
		mmap_read_lock(current->mm);
		xnu_wired_put(sf->held);
		mmap_read_unlock(current->mm);
		sf->held = NULL;
		return 0;
	default:
		return -EINVAL;
	}
}

static long sample_wired_ioctl(struct sample_file *sf, void __user *uarg)
{
	struct xnu_sample_ring_wired w;
	long ret;

	if (copy_from_user(&w, uarg, sizeof(w)))
		return -EFAULT;
	mutex_lock(&sf->lock);
	ret = sample_wired_op(sf, &w);
	mutex_unlock(&sf->lock);
	if (!ret && copy_to_user(uarg, &w, sizeof(w)))
		ret = -EFAULT;
	return ret;
}

static long sample_dev_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	switch (cmd) {
	case XNU_SAMPLE_RING_IOC_CSUM:
		return sample_csum_ioctl(file->private_data,
					 (void __user *)arg);
	case XNU_SAMPLE_RING_IOC_WIRED:
		return sample_wired_ioctl(file->private_data,
					  (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations sample_dev_fops = {
	.owner = THIS_MODULE,
	.open = sample_dev_open,
	.release = sample_dev_release,
	.unlocked_ioctl = sample_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice sample_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = XNU_SAMPLE_RING_DEV,
	.fops = &sample_dev_fops,
	.mode = 0666,
};

static int __init sample_ring_init(void)
{
	int ret;

	sample_wq = alloc_workqueue("xnu_sample_ring", WQ_UNBOUND, 0);
	if (!sample_wq)
		return -ENOMEM;
	ret = xnu_ring_consumer_register(&sample_consumer);
	if (ret)
		goto out_wq;
	ret = misc_register(&sample_dev);
	if (ret)
		goto out_consumer;
	return 0;

out_consumer:
	xnu_ring_consumer_unregister(&sample_consumer);
out_wq:
	destroy_workqueue(sample_wq);
	return ret;
}

static void __exit sample_ring_exit(void)
{
	misc_deregister(&sample_dev);
	/* Tears down the rings still attached: their producers get errors. */
	xnu_ring_consumer_unregister(&sample_consumer);
	destroy_workqueue(sample_wq);
}

module_init(sample_ring_init);
module_exit(sample_ring_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xnucross sample kext: a wired-ring consumer that checksums records");

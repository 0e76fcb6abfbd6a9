// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_copyio_test.c - test module for selftests/copyio_test and the
 * copyout row of xnubench: a cdevsw device whose ioctls run copyin(),
 * copyout(), copyinstr() and copyoutstr() on the user addresses a test
 * passes (unmapped, read-only, kernel addresses, ranges crossing page
 * ends) and report what they returned (protocol: xnu_copyio_test.h).
 *
 * Its init also checks the cdevsw API's rules: slot search and conflicts,
 * cdevsw_remove() with other entry points or while a node exists (it
 * succeeds, the node's handle staying valid for devfs_remove()),
 * devfs_make_node() on a free major or as a block device. A failed check
 * fails the load.
 */
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <sys/conf.h>
#include <sys/systm.h>
#include <miscfs/devfs/devfs.h>

#include "xnu_copyio_test.h"

#define XCT_SENTINEL_LEN	PAGE_SIZE

static DEFINE_MUTEX(xct_lock);		/* one request at a time */
static char *xct_in;			/* what copyin()/copyinstr() fill */
static char *xct_out;			/* xct_pattern(), for copyout() */
static char *xct_str;			/* the string of copyoutstr() */
static char *xct_sentinel;		/* the kernel buffer of XCT_KADDR */
static int xct_major = -1;
static void *xct_node;

static int xct_open(dev_t dev, int flags, int devtype, struct proc *p)
{
	return 0;
}

static int xct_close(dev_t dev, int flags, int devtype, struct proc *p)
{
	return 0;
}

static int xct_run(u_long cmd, struct xct_req *req)
{
	size_t done = 0, i;

	if (req->len > XCT_BUF_MAX)
		return EINVAL;
	switch (cmd) {
	case XCT_COPYIN:
		req->error = copyin(req->uaddr, xct_in, req->len);
		if (!req->error)
			req->sum = xct_hash(xct_in, req->len);
		break;
	case XCT_COPYOUT:
		req->error = copyout(xct_out, req->uaddr, req->len);
		break;
	case XCT_COPYINSTR:
		req->error = copyinstr(req->uaddr, xct_in, req->len, &done);
		req->done = done;
		if (!req->error)
			req->sum = xct_hash(xct_in, done);
		break;
	case XCT_COPYOUTSTR:
		if (req->strlen >= XCT_BUF_MAX)
			return EINVAL;
		for (i = 0; i < req->strlen; i++)
			xct_str[i] = 'a' + i % 26;
		xct_str[req->strlen] = '\0';
		req->error = copyoutstr(xct_str, req->uaddr, req->len, &done);
		req->done = done;
		break;
	default:
		return ENOTTY;
	}
	return 0;
}

static int xct_ioctl(dev_t dev, u_long cmd, caddr_t data, int fflag,
		     struct proc *p)
{
	struct xct_kaddr *ka;
	int error;

	if (cmd == XCT_KADDR) {
		ka = (struct xct_kaddr *)data;
		ka->kaddr = (unsigned long)xct_sentinel;
		ka->len = XCT_SENTINEL_LEN;
		ka->sum = xct_hash(xct_sentinel, XCT_SENTINEL_LEN);
		return 0;
	}
	mutex_lock(&xct_lock);
	error = xct_run(cmd, (struct xct_req *)data);
	mutex_unlock(&xct_lock);
	return error;
}

static const struct cdevsw xct_cdevsw = {
	.d_open		= xct_open,
	.d_close	= xct_close,
	.d_ioctl	= xct_ioctl,
};

/* The same entry points but one: a different registration. */
static const struct cdevsw xct_other_cdevsw = {
	.d_open		= xct_open,
	.d_close	= xct_close,
};

#define XCT_CHECK(cond) do {						\
	if (!(cond)) {							\
		pr_err("check failed: %s\n", #cond);			\
		ok = false;						\
	}								\
} while (0)

/* The cdevsw API's rules, with xct_major registered and its node made. */
static bool xct_check_cdevsw(void)
{
	bool ok = true;
	void *node;
	int other;

	XCT_CHECK(cdevsw_isfree(xct_major) == -1);
	XCT_CHECK(cdevsw_add(xct_major, &xct_other_cdevsw) == -1);
	XCT_CHECK(cdevsw_add(XNU_NCHRDEV, &xct_other_cdevsw) == -1);
	XCT_CHECK(cdevsw_add(-1, NULL) == -1);
	XCT_CHECK(cdevsw_remove(-1, &xct_cdevsw) == -1);
	XCT_CHECK(cdevsw_remove(XNU_NCHRDEV, &xct_cdevsw) == -1);
	/* Other entry points do not remove it. */
	XCT_CHECK(cdevsw_remove(xct_major, &xct_other_cdevsw) == -1);

	other = cdevsw_add(-1, &xct_other_cdevsw);
	XCT_CHECK(other >= 0 && other != xct_major);
	if (other >= 0) {
		XCT_CHECK(cdevsw_isfree(other) == -1);
		/* Searching from @other on finds the next free one. */
		if (other > 1)
			XCT_CHECK(cdevsw_isfree(-other) > other);
		XCT_CHECK(!devfs_make_node(makedev(other, 0), DEVFS_BLOCK,
					   UID_ROOT, GID_WHEEL, 0600,
					   "xnu_copyio_test_blk"));
		XCT_CHECK(!devfs_make_node(makedev(other, 0), DEVFS_CHAR,
					   UID_ROOT, GID_WHEEL, 01600,
					   "xnu_copyio_test_suid"));
		/* The name is taken. */
		XCT_CHECK(!devfs_make_node(makedev(other, 1), DEVFS_CHAR,
					   UID_ROOT, GID_WHEEL, 0600, "%s",
					   XCT_NODE));
		node = devfs_make_node(makedev(other, 0), DEVFS_CHAR, UID_ROOT,
				       GID_WHEEL, 0600, "xnu_copyio_test_other");
		XCT_CHECK(node);
		XCT_CHECK(cdevsw_remove(other, &xct_cdevsw) == -1);
		/* A live node does not keep it (Darwin's exit order)... */
		XCT_CHECK(cdevsw_remove(other, &xct_other_cdevsw) == other);
		XCT_CHECK(cdevsw_isfree(other) == other);
		/* ...and its handle stays valid for devfs_remove(). */
		devfs_remove(node);
		/* No node on a free major. */
		XCT_CHECK(!devfs_make_node(makedev(other, 0), DEVFS_CHAR,
					   UID_ROOT, GID_WHEEL, 0600,
					   "xnu_copyio_test_free"));
	}
	return ok;
}

static void xct_free(void)
{
	kvfree(xct_in);
	kvfree(xct_out);
	kvfree(xct_str);
	kfree(xct_sentinel);
}

static int __init xct_init(void)
{
	size_t i;

	xct_in = kvmalloc(XCT_BUF_MAX, GFP_KERNEL);
	xct_out = kvmalloc(XCT_BUF_MAX, GFP_KERNEL);
	xct_str = kvmalloc(XCT_BUF_MAX, GFP_KERNEL);
	xct_sentinel = kmalloc(XCT_SENTINEL_LEN, GFP_KERNEL);
	if (!xct_in || !xct_out || !xct_str || !xct_sentinel) {
		xct_free();
		return -ENOMEM;
	}
	for (i = 0; i < XCT_BUF_MAX; i++)
		xct_out[i] = xct_pattern(i);
	memset(xct_sentinel, 0x5a, XCT_SENTINEL_LEN);

	xct_major = cdevsw_add(-1, &xct_cdevsw);
	if (xct_major < 0) {
		xct_free();
		return -EBUSY;
	}
	xct_node = devfs_make_node(makedev(xct_major, 0), DEVFS_CHAR,
				   UID_ROOT, GID_WHEEL, 0600, "%s", XCT_NODE);
	if (!xct_node) {
		cdevsw_remove(xct_major, &xct_cdevsw);
		xct_free();
		return -ENOMEM;
	}
	if (!xct_check_cdevsw()) {
		devfs_remove(xct_node);
		cdevsw_remove(xct_major, &xct_cdevsw);
		xct_free();
		return -EINVAL;
	}
	return 0;
}

static void __exit xct_exit(void)
{
	devfs_remove(xct_node);
	if (cdevsw_remove(xct_major, &xct_cdevsw) != xct_major)
		pr_err("cdevsw_remove failed\n");
	xct_free();
}

module_init(xct_init);
module_exit(xct_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The xnucross authors");
MODULE_DESCRIPTION("Test module: copyin/copyout and the cdevsw API, for the selftests");

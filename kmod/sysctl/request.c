// SPDX-License-Identifier: GPL-2.0
/*
 * request.c - running sysctl requests: the XNU_TRAP_SYSCTL trap (one
 * sysctl(2) or sysctlbyname(2) call per crossing), XNU's sysctl_root checks
 * (write permission before the handler, CTLFLAG_SECURE, root unless
 * CTLFLAG_ANYBODY), the transfer functions behind SYSCTL_IN/SYSCTL_OUT for
 * user and kernel buffers, the global handler mutex, and the EAGAIN retry.
 */
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sysctl_internal.h"

/* Names up to this length are copied through the stack. */
#define XNU_SYSCTL_STACK_NAME	128

/* Serialises handlers reached through an OID without CTLFLAG_LOCKED. */
DEFINE_MUTEX(xnu_sysctl_giant);

/* ---- transfer functions: XNU's sysctl_old_user/new_user/_kernel ---- */

/* A chunk that does not fit is not copied at all, and oldidx stays. */
static int xnu_sysctl_old_user(struct sysctl_req *req, const void *p, size_t l)
{
	if (req->oldptr) {
		if (req->oldlen - req->oldidx < l)
			return ENOMEM;
		if (l && copy_to_user(u64_to_user_ptr(req->oldptr + req->oldidx),
				      p, l))
			return EFAULT;
	}
	req->oldidx += l;
	return 0;
}

static int xnu_sysctl_new_user(struct sysctl_req *req, void *p, size_t l)
{
	if (!req->newptr)
		return 0;
	if (req->newlen - req->newidx < l)
		return EINVAL;
	if (l && copy_from_user(p, u64_to_user_ptr(req->newptr + req->newidx),
				l))
		return EFAULT;
	req->newidx += l;
	return 0;
}

/* XNU's sysctl_old_kernel copies what fits, then says ENOMEM. */
static int xnu_sysctl_old_kernel(struct sysctl_req *req, const void *p,
				 size_t l)
{
	size_t i = 0;

	if (req->oldptr) {
		i = min(l, req->oldlen - req->oldidx);
		if (i)
			memcpy((char *)(uintptr_t)req->oldptr + req->oldidx, p, i);
	}
	req->oldidx += l;
	return req->oldptr && i != l ? ENOMEM : 0;
}

static int xnu_sysctl_new_kernel(struct sysctl_req *req, void *p, size_t l)
{
	if (!req->newptr)
		return 0;
	if (req->newlen - req->newidx < l)
		return EINVAL;
	memcpy(p, (char *)(uintptr_t)req->newptr + req->newidx, l);
	req->newidx += l;
	return 0;
}

/* ---- one request ---- */

/*
 * XNU's sysctl_root after the lookup: checks, then the handler, under the
 * global mutex when giant. A handler's negative -errno is turned into the
 * positive one XNU handlers return.
 */
static int xnu_sysctl_run(struct sysctl_oid *oidp, int *name, u32 namelen,
			  u32 indx, bool giant, struct sysctl_req *req)
{
	int kind = oidp->oid_kind;
	int error;

	if (req->newptr) {
		if (!(kind & CTLFLAG_WR) ||
		    ((kind & CTLFLAG_SECURE) && xnu_sysctl_securelevel() > 0))
			return EPERM;
		if (!(kind & CTLFLAG_ANYBODY) && !capable(CAP_SYS_ADMIN))
			return EPERM;
	}
	if (!oidp->oid_handler)
		return EINVAL;

	if (giant && mutex_lock_killable(&xnu_sysctl_giant))
		return EINTR;
	if ((kind & CTLTYPE) == CTLTYPE_NODE)
		error = oidp->oid_handler(oidp, name + indx, namelen - indx, req);
	else
		error = oidp->oid_handler(oidp, oidp->oid_arg1,
					  oidp->oid_arg2, req);
	if (giant)
		mutex_unlock(&xnu_sysctl_giant);
	return error < 0 ? -error : error;
}

/*
 * XNU's userland_sysctl: look up and run, again from the start while the
 * handler says EAGAIN. Returns a positive errno; *out is the request as the
 * last attempt left it.
 */
static int xnu_sysctl_root(int *name, u32 namelen, const struct sysctl_req *req,
			   struct sysctl_req *out)
{
	struct sysctl_oid *oidp;
	bool giant;
	int error;
	u32 indx;

	for (;;) {
		*out = *req;
		oidp = xnu_sysctl_get_mib(name, namelen, &indx, &giant);
		if (IS_ERR(oidp))
			return -PTR_ERR(oidp);
		error = xnu_sysctl_run(oidp, name, namelen, indx, giant, out);
		xnu_sysctl_put(oidp);
		if (error != EAGAIN)
			return error;
		if (fatal_signal_pending(current))
			return EINTR;
		cond_resched();
	}
}

int xnu_sysctl_read_kernel(const int *mib, u32 miblen, void *buf, size_t *len)
{
	struct sysctl_req req = {
		.p = current,
		.oldptr = (user_addr_t)(uintptr_t)buf,
		.oldlen = *len,
		.oldfunc = xnu_sysctl_old_kernel,
		.newfunc = xnu_sysctl_new_kernel,
	}, done;
	int name[CTL_MAXNAME];
	int error;

	if (!miblen || miblen > CTL_MAXNAME)
		return -EINVAL;
	memcpy(name, mib, miblen * sizeof(int));
	error = xnu_sysctl_root(name, miblen, &req, &done);
	if (error && error != ENOMEM)
		return -error;
	*len = done.oldidx;
	return -error;
}

/* The MIB of a sysctlbyname() name, copied from user space. */
static int xnu_sysctl_user_name2oid(u64 uname, u32 namelen, int *mib)
{
	char stackbuf[XNU_SYSCTL_STACK_NAME], *name = stackbuf;
	int ret;

	if (namelen >= XNU_SYSCTL_MAXNAMELEN + 1)
		return -ENAMETOOLONG;
	if (namelen >= sizeof(stackbuf)) {
		name = kmalloc(namelen + 1, GFP_KERNEL);
		if (!name)
			return -ENOMEM;
	}
	if (copy_from_user(name, u64_to_user_ptr(uname), namelen)) {
		ret = -EFAULT;
	} else {
		name[namelen] = '\0';
		ret = xnu_sysctl_name2oid(name, strlen(name), mib);
	}
	if (name != stackbuf)
		kfree(name);
	return ret;
}

/**
 * xnu_trap_sysctl() - XNU_TRAP_SYSCTL: one sysctl(2) or sysctlbyname(2)
 * @xf:		the caller's open file
 * @arg:	a struct xnu_sysctl_args, copied in by the dispatcher
 *
 * *oldlenp is read before and written after, on success and on ENOMEM,
 * as XNU's sysctl() does.
 *
 * Return: 0 or a negative errno, as described in uapi/xnu_sysctl.h.
 */
long xnu_trap_sysctl(struct xnu_file *xf, void *arg)
{
	const struct xnu_sysctl_args *a = arg;
	size_t __user *oldlenp = u64_to_user_ptr(a->oldlenp);
	struct sysctl_req req = {
		.p = current,
		.oldfunc = xnu_sysctl_old_user,
		.newfunc = xnu_sysctl_new_user,
	}, done;
	int name[CTL_MAXNAME];
	u32 namelen;
	size_t oldlen = 0;
	int error;

	if (a->flags & ~XNU_SYSCTL_FLAGS)
		return -EINVAL;
	if (a->flags & XNU_SYSCTL_BYNAME) {
		error = xnu_sysctl_user_name2oid(a->name, a->namelen, name);
		if (error < 0)
			return error;
		namelen = error;
	} else {
		namelen = a->namelen;
		if (namelen < 2 || namelen > CTL_MAXNAME)
			return -EINVAL;
		if (copy_from_user(name, u64_to_user_ptr(a->name),
				   namelen * sizeof(int)))
			return -EFAULT;
	}
	if (oldlenp && get_user(oldlen, oldlenp))
		return -EFAULT;

	req.oldptr = a->oldp;
	req.oldlen = oldlen;
	if (a->newlen) {
		req.newptr = a->newp;
		req.newlen = a->newlen;
	}

	error = xnu_sysctl_root(name, namelen, &req, &done);
	if (error && error != ENOMEM)
		return -error;
	if (oldlenp) {
		oldlen = done.oldptr && done.oldidx > done.oldlen ?
			 done.oldlen : done.oldidx;
		if (put_user(oldlen, oldlenp))
			return -EFAULT;
	}
	if (!error && done.newptr && name[0] != CTL_UNSPEC)
		xnu_sysctl_notify_change(name, namelen);
	return -error;
}

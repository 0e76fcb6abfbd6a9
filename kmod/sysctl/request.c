// SPDX-License-Identifier: GPL-2.0
/*
 * request.c - running sysctl requests: the XNU_TRAP_SYSCTL trap (one
 * sysctl(2) or sysctlbyname(2) call per crossing), XNU's sysctl_root checks
 * (write permission before the handler, CTLFLAG_SECURE, root unless
 * CTLFLAG_ANYBODY), the transfer functions behind SYSCTL_IN/SYSCTL_OUT for
 * user and kernel buffers, the global handler mutex, and the EAGAIN retry.
 */
#include <linux/capability.h>
#include <linux/compat.h>
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

/*
 * Into a kernel buffer: as sysctl_old_user, a chunk that does not fit is
 * not copied and oldidx stays, so oldidx never passes oldlen whatever the
 * handler does after an error. (XNU's sysctl_old_kernel copies what fits
 * and advances anyway, which lets a handler that goes on writing after
 * ENOMEM run past the buffer.)
 */
static int xnu_sysctl_old_kernel(struct sysctl_req *req, const void *p,
				 size_t l)
{
	if (req->oldptr) {
		if (req->oldlen - req->oldidx < l)
			return ENOMEM;
		if (l)
			memcpy((char *)(uintptr_t)req->oldptr + req->oldidx, p, l);
	}
	req->oldidx += l;
	return 0;
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
 * XNU's sysctl_root after the lookup: checks, then the handler. A handler's
 * negative -errno is turned into the positive one XNU handlers return.
 */
static int xnu_sysctl_run(struct sysctl_oid *oidp, int *name, u32 namelen,
			  u32 indx, struct sysctl_req *req)
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

	if ((kind & CTLTYPE) == CTLTYPE_NODE)
		error = oidp->oid_handler(oidp, name + indx, namelen - indx, req);
	else
		error = oidp->oid_handler(oidp, oidp->oid_arg1,
					  oidp->oid_arg2, req);
	return error < 0 ? -error : error;
}

/*
 * XNU's userland_sysctl: look up and run, again from the start (output and
 * input cursors reset) while the handler says EAGAIN. oidp, when not NULL,
 * is the OID already looked up for the first attempt (with giant), and
 * takes the whole MIB. Returns a positive errno.
 *
 * A handler that needs the global mutex is looked up again once the mutex
 * is held, and holds no in-flight count while it waits for it: otherwise
 * a handler holding the mutex and unregistering that OID would wait for a
 * count that waits for the mutex.
 */
static int xnu_sysctl_root(int *name, u32 namelen, struct sysctl_oid *oidp,
			   bool giant, struct sysctl_req *req)
{
	bool locked = false;
	u32 indx = namelen;
	int error;

	for (;;) {
		if (!oidp) {
			oidp = xnu_sysctl_get_mib(name, namelen, &indx, &giant);
			if (IS_ERR(oidp)) {
				error = -PTR_ERR(oidp);
				break;
			}
		}
		if (giant && !locked) {
			xnu_sysctl_put(oidp);
			oidp = NULL;
			if (mutex_lock_killable(&xnu_sysctl_giant))
				return EINTR;
			locked = true;
			continue;
		}
		req->oldidx = 0;
		req->newidx = 0;
		error = xnu_sysctl_run(oidp, name, namelen, indx, req);
		xnu_sysctl_put(oidp);
		if (error != EAGAIN)
			break;
		if (fatal_signal_pending(current)) {
			error = EINTR;
			break;
		}
		cond_resched();
		oidp = NULL;
	}
	if (locked)
		mutex_unlock(&xnu_sysctl_giant);
	return error;
}

int xnu_sysctl_read_kernel(const int *mib, u32 miblen, void *buf, size_t *len)
{
	struct sysctl_req req = {
		.p = current,
		.oldptr = (user_addr_t)(uintptr_t)buf,
		.oldlen = *len,
		.oldfunc = xnu_sysctl_old_kernel,
		.newfunc = xnu_sysctl_new_kernel,
	};
	int name[CTL_MAXNAME];
	int error;

	if (!miblen || miblen > CTL_MAXNAME)
		return -EINVAL;
	memcpy(name, mib, miblen * sizeof(int));
	error = xnu_sysctl_root(name, miblen, NULL, false, &req);
	if (error && error != ENOMEM)
		return -error;
	*len = min(req.oldidx, req.oldlen);
	return -error;
}

/*
 * The OID a sysctlbyname() name copied from user space names, looked up as
 * xnu_sysctl_get_name() does; its MIB goes to mib and *miblen.
 */
static struct sysctl_oid *xnu_sysctl_user_name(u64 uname, u32 namelen,
					       int *mib, u32 *miblen,
					       bool *giant)
{
	char stackbuf[XNU_SYSCTL_STACK_NAME], *name = stackbuf;
	struct sysctl_oid *oidp;

	if (namelen >= XNU_SYSCTL_MAXNAMELEN + 1)
		return ERR_PTR(-ENAMETOOLONG);
	if (namelen >= sizeof(stackbuf)) {
		name = kmalloc(namelen + 1, GFP_KERNEL);
		if (!name)
			return ERR_PTR(-ENOMEM);
	}
	if (copy_from_user(name, u64_to_user_ptr(uname), namelen)) {
		oidp = ERR_PTR(-EFAULT);
	} else {
		name[namelen] = '\0';
		oidp = xnu_sysctl_get_name(name, strlen(name), mib, miblen,
					   giant);
	}
	if (name != stackbuf)
		kfree(name);
	return oidp;
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
	};
	struct sysctl_oid *oidp = NULL;
	int name[CTL_MAXNAME];
	bool giant = false;
	u32 namelen;
	size_t oldlen = 0;
	int error;

	/* *oldlenp is a 64-bit size_t: 32-bit callers are not served. */
	if (a->flags & ~XNU_SYSCTL_FLAGS || in_compat_syscall())
		return -EINVAL;
	if (a->flags & XNU_SYSCTL_BYNAME) {
		oidp = xnu_sysctl_user_name(a->name, a->namelen, name, &namelen,
					    &giant);
		if (IS_ERR(oidp))
			return PTR_ERR(oidp);
	} else {
		namelen = a->namelen;
		if (namelen < 2 || namelen > CTL_MAXNAME)
			return -EINVAL;
		if (copy_from_user(name, u64_to_user_ptr(a->name),
				   namelen * sizeof(int)))
			return -EFAULT;
	}
	if (oldlenp && get_user(oldlen, oldlenp)) {
		if (oidp)
			xnu_sysctl_put(oidp);
		return -EFAULT;
	}

	req.oldptr = a->oldp;
	req.oldlen = oldlen;
	if (a->newlen) {
		req.newptr = a->newp;
		req.newlen = a->newlen;
	}

	error = xnu_sysctl_root(name, namelen, oidp, giant, &req);
	if (error && error != ENOMEM)
		return -error;
	if (oldlenp) {
		oldlen = req.oldptr && req.oldidx > req.oldlen ?
			 req.oldlen : req.oldidx;
		if (put_user(oldlen, oldlenp))
			return -EFAULT;
	}
	if (!error && req.newptr && name[0] != CTL_UNSPEC)
		xnu_sysctl_notify_change(name, namelen);
	return -error;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * meta.c - the meta-OIDs under {0} ("sysctl"): {0,0} debug (always ENOENT),
 * {0,1} name, {0,2} next, {0,3} name2oid, {0,4} oidfmt and {0,5} oiddescr,
 * with XNU's declarations, inputs, outputs and errors.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sysctl_internal.h"

/* Room for a name of CTL_MAXNAME components of the longest OID name. */
#define XNU_SYSCTL_FULLNAME	(CTL_MAXNAME * XNU_SYSCTL_NAMEBUF)

/* Room for a format or a description. */
#define XNU_SYSCTL_INFOLEN	PAGE_SIZE

/* {0,0}: XNU prints the tree to the kernel log and says ENOENT; we only say. */
static int sysctl_sysctl_debug(struct sysctl_oid *oidp, void *arg1, int arg2,
			       struct sysctl_req *req)
{
	return ENOENT;
}

SYSCTL_PROC(_sysctl, CTL_SYSCTL_DEBUG, debug,
	    CTLTYPE_STRING | CTLFLAG_RD | CTLFLAG_LOCKED, NULL, 0,
	    sysctl_sysctl_debug, "-", "");

/*
 * {0,1,mib...}: the dotted name, output component by component as XNU does
 * (so a short buffer gets what fit before the failing chunk), then a NUL.
 */
static int sysctl_sysctl_name(struct sysctl_oid *oidp, void *arg1, int arg2,
			      struct sysctl_req *req)
{
	char *buf, *tok, *rest;
	int error = 0, n;
	bool first = true;

	buf = kmalloc(XNU_SYSCTL_FULLNAME, GFP_KERNEL);
	if (!buf)
		return ENOMEM;
	n = xnu_sysctl_mib_name(arg1, arg2, buf, XNU_SYSCTL_FULLNAME);
	if (n < 0) {
		error = -n;
		goto out;
	}
	rest = buf;
	while (n && (tok = strsep(&rest, "."))) {
		if (!first)
			error = SYSCTL_OUT(req, ".", 1);
		if (!error)
			error = SYSCTL_OUT(req, tok, strlen(tok));
		if (error)
			goto out;
		first = false;
	}
	error = SYSCTL_OUT(req, "", 1);
out:
	kfree(buf);
	return error;
}

SYSCTL_NODE(_sysctl, CTL_SYSCTL_NAME, name, CTLFLAG_RD | CTLFLAG_LOCKED,
	    sysctl_sysctl_name, "");

/* {0,2,mib...}: the MIB of the next leaf, ENOENT at the end. */
static int sysctl_sysctl_next(struct sysctl_oid *oidp, void *arg1, int arg2,
			      struct sysctl_req *req)
{
	int next[CTL_MAXNAME];
	int n;

	n = xnu_sysctl_next(arg1, arg2, next, true);
	if (n < 0)
		return -n;
	return SYSCTL_OUT(req, next, n * sizeof(int));
}

SYSCTL_NODE(_sysctl, CTL_SYSCTL_NEXT, next, CTLFLAG_RD | CTLFLAG_LOCKED,
	    sysctl_sysctl_next, "");

/* {0,3}: the MIB of the name written as the new value; a final '.' is dropped. */
static int sysctl_sysctl_name2oid(struct sysctl_oid *oidp, void *arg1,
				  int arg2, struct sysctl_req *req)
{
	int mib[CTL_MAXNAME];
	char *name;
	int error, n;

	/* No name: also when newlen came without newp (XNU reads garbage). */
	if (req->newlen < 1 || !req->newptr)
		return ENOENT;
	if (req->newlen > XNU_SYSCTL_MAXNAMELEN)
		return ENAMETOOLONG;
	name = kmalloc(req->newlen + 1, GFP_KERNEL);
	if (!name)
		return ENOMEM;
	error = SYSCTL_IN(req, name, req->newlen);
	if (error)
		goto out;
	name[req->newlen] = '\0';
	if (name[req->newlen - 1] == '.')
		name[req->newlen - 1] = '\0';
	n = xnu_sysctl_name2oid(name, strlen(name), mib);
	if (n < 0)
		error = -n;
	else
		error = SYSCTL_OUT(req, mib, n * sizeof(int));
out:
	kfree(name);
	return error;
}

SYSCTL_PROC(_sysctl, CTL_SYSCTL_NAME2OID, name2oid,
	    CTLFLAG_RW | CTLFLAG_ANYBODY | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, 0, sysctl_sysctl_name2oid, "I", "");

/* {0,4,mib...}: the kind word (type and flags), then the format string. */
static int sysctl_sysctl_oidfmt(struct sysctl_oid *oidp, void *arg1, int arg2,
				struct sysctl_req *req)
{
	char *fmt;
	u32 kind;
	int error;

	fmt = kmalloc(XNU_SYSCTL_INFOLEN, GFP_KERNEL);
	if (!fmt)
		return ENOMEM;
	error = -xnu_sysctl_mib_info(arg1, arg2, &kind, fmt, XNU_SYSCTL_INFOLEN,
				     NULL, 0);
	if (!error)
		error = SYSCTL_OUT(req, &kind, sizeof(kind));
	if (!error)
		error = SYSCTL_OUT(req, fmt, strlen(fmt) + 1);
	kfree(fmt);
	return error;
}

SYSCTL_NODE(_sysctl, CTL_SYSCTL_OIDFMT, oidfmt, CTLFLAG_RD | CTLFLAG_LOCKED,
	    sysctl_sysctl_oidfmt, "");

/* {0,5,mib...}: the description. */
static int sysctl_sysctl_oiddescr(struct sysctl_oid *oidp, void *arg1,
				  int arg2, struct sysctl_req *req)
{
	char *descr;
	int error;

	descr = kmalloc(XNU_SYSCTL_INFOLEN, GFP_KERNEL);
	if (!descr)
		return ENOMEM;
	error = -xnu_sysctl_mib_info(arg1, arg2, NULL, NULL, 0, descr,
				     XNU_SYSCTL_INFOLEN);
	if (!error)
		error = SYSCTL_OUT(req, descr, strlen(descr) + 1);
	kfree(descr);
	return error;
}

SYSCTL_NODE(_sysctl, CTL_SYSCTL_OIDDESCR, oiddescr,
	    CTLFLAG_RD | CTLFLAG_LOCKED, sysctl_sysctl_oiddescr, "");

static struct sysctl_oid *const xnu_sysctl_meta[] = {
	&sysctl__sysctl_debug, &sysctl__sysctl_name, &sysctl__sysctl_next,
	&sysctl__sysctl_name2oid, &sysctl__sysctl_oidfmt,
	&sysctl__sysctl_oiddescr,
};

int xnu_sysctl_meta_init(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(xnu_sysctl_meta); i++)
		sysctl_register_oid(xnu_sysctl_meta[i]);
	return 0;
}

void xnu_sysctl_meta_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(xnu_sysctl_meta) - 1; i >= 0; i--)
		sysctl_unregister_oid(xnu_sysctl_meta[i]);
}

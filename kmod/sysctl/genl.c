// SPDX-License-Identifier: GPL-2.0
/*
 * genl.c - the sysctl control plane: the "xnu_sysctl" generic netlink
 * family (uapi/xnu_sysctl_genl.h). A dump of the tree or of a subtree with
 * every OID's name, MIB, kind, format, description and value, marked
 * NLM_F_DUMP_INTR when the tree's generation moves under it; per-socket
 * watches of MIBs, refcounted per MIB and dropped when the socket closes
 * (NETLINK_URELEASE); and the "events" multicast group, which reports
 * writes to watched MIBs and every registration and unregistration.
 *
 * Locking: xnu_genl_lock (a mutex) guards the watch tables. It is never
 * held while calling into the tree or a handler, so the tree may call
 * xnu_sysctl_notify_*() from anywhere it holds no lock of its own.
 */
#include <linux/errno.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "sysctl_internal.h"
#include "xnu_sysctl_genl.h"

/* Room for a format string; longer ones are cut by the tree. */
#define XNU_GENL_FMTLEN		128
/* Value buffers start at a page and double up to this. */
/* The largest value an attribute can carry (nla_len is 16 bits). */
#define XNU_GENL_VALUE_MAX	(U16_MAX - NLA_HDRLEN)

/* cb->seq values: the generation is still the one the dump started at. */
#define XNU_GENL_SEQ_SAME	1
#define XNU_GENL_SEQ_MOVED	2

/**
 * struct xnu_genl_oid - a watched MIB
 * @node:	in xnu_genl_oids
 * @refs:	watches on it, all sockets together
 * @miblen:	components in @mib
 * @mib:	the MIB
 */
struct xnu_genl_oid {
	struct hlist_node node;
	u32 refs;
	u32 miblen;
	int mib[CTL_MAXNAME];
};

/**
 * struct xnu_genl_sock - a netlink socket holding watches
 * @node:	in xnu_genl_socks
 * @portid:	its port id
 * @count:	entries in @watches
 * @watches:	its struct xnu_genl_watch entries
 */
struct xnu_genl_sock {
	struct hlist_node node;
	u32 portid;
	u32 count;
	struct list_head watches;
};

/**
 * struct xnu_genl_watch - one socket's watch of one MIB
 * @link:	in the socket's @watches
 * @oid:	the watched MIB
 */
struct xnu_genl_watch {
	struct list_head link;
	struct xnu_genl_oid *oid;
};

static DEFINE_MUTEX(xnu_genl_lock);
static DEFINE_HASHTABLE(xnu_genl_oids, 8);
static DEFINE_HASHTABLE(xnu_genl_socks, 6);
static u32 xnu_genl_nr_socks;
static u32 xnu_genl_nr_watches;
/* Distinct MIBs watched; read without the lock by the change fast path. */
static atomic_t xnu_genl_nr_oids = ATOMIC_INIT(0);
/* Set while the family is registered: events may be sent. */
static bool xnu_genl_registered;

static struct genl_family xnu_genl_family;

enum xnu_genl_mcgrp {
	XNU_GENL_MCGRP_EVENTS,
};

static const struct genl_multicast_group xnu_genl_mcgrps[] = {
	[XNU_GENL_MCGRP_EVENTS] = { .name = XNU_SYSCTL_GENL_MCGRP },
};

/* ---- MIBs and values ---- */

static u32 xnu_genl_mib_hash(const int *mib, u32 miblen)
{
	return jhash2((const u32 *)mib, miblen, miblen);
}

/* The policy's check of XNU_SYSCTL_A_MIB: 1 to CTL_MAXNAME ints. */
static int xnu_genl_validate_mib(const struct nlattr *attr,
				 struct netlink_ext_ack *extack)
{
	int len = nla_len(attr);

	if (len < (int)sizeof(int) || len > CTL_MAXNAME * (int)sizeof(int) ||
	    len % (int)sizeof(int)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "MIB must hold 1 to CTL_MAXNAME 32-bit ints");
		return -EINVAL;
	}
	return 0;
}

/* Copy a validated MIB attribute; returns its number of components. */
static u32 xnu_genl_get_mib(const struct nlattr *attr, int *mib)
{
	u32 miblen = nla_len(attr) / sizeof(int);

	memcpy(mib, nla_data(attr), miblen * sizeof(int));
	return miblen;
}

/**
 * struct xnu_genl_value - a growable buffer for values read from the tree
 * @buf:	the buffer (kvmalloc), or NULL
 * @size:	its size
 */
struct xnu_genl_value {
	void *buf;
	size_t size;
};

static void xnu_genl_value_free(struct xnu_genl_value *v)
{
	kvfree(v->buf);
	v->buf = NULL;
	v->size = 0;
}

/*
 * Read an OID's value into v, growing it as needed. Returns the value's
 * length, or -errno: the read's error, or -EMSGSIZE for a value larger than
 * XNU_GENL_VALUE_MAX.
 */
static long xnu_genl_read_value(const int *mib, u32 miblen,
				struct xnu_genl_value *v)
{
	size_t len, size;
	void *buf;
	int ret;

	for (;;) {
		if (!v->buf) {
			size = v->size ? v->size : PAGE_SIZE;
			buf = kvmalloc(size, GFP_KERNEL_ACCOUNT);
			if (!buf)
				return -ENOMEM;
			v->buf = buf;
			v->size = size;
		}
		len = v->size;
		ret = xnu_sysctl_read_kernel(mib, miblen, v->buf, &len);
		if (!ret)
			return min(len, v->size);
		if (ret != -ENOMEM)
			return ret;
		if (v->size >= XNU_GENL_VALUE_MAX)
			return -EMSGSIZE;
		size = min_t(size_t, v->size * 2, XNU_GENL_VALUE_MAX);
		xnu_genl_value_free(v);
		v->size = size;
	}
}

/* ---- the dump ---- */

static const struct nla_policy xnu_genl_get_policy[XNU_SYSCTL_A_DUMP_FLAGS + 1] = {
	[XNU_SYSCTL_A_MIB] = NLA_POLICY_VALIDATE_FN(NLA_BINARY,
						    xnu_genl_validate_mib),
	[XNU_SYSCTL_A_DUMP_FLAGS] = NLA_POLICY_MASK(NLA_U32,
						    XNU_SYSCTL_DUMP_FLAGS_ALL),
};

static const struct nla_policy xnu_genl_watch_policy[XNU_SYSCTL_A_MIB + 1] = {
	[XNU_SYSCTL_A_MIB] = NLA_POLICY_VALIDATE_FN(NLA_BINARY,
						    xnu_genl_validate_mib),
};

/**
 * struct xnu_genl_dump - a dump's cursor, allocated by .start, freed by .done
 * @prefix:	the subtree's MIB
 * @prefixlen:	its components (0: the whole tree)
 * @mib:	the current OID: the last one emitted, or the next to emit
 * @miblen:	its components (0: before the first)
 * @pending:	@mib is still to be emitted
 * @gen:	the tree's generation when the dump started
 * @flags:	XNU_SYSCTL_DUMP_* bits
 * @kind:	scratch: the current OID's kind
 * @value:	scratch: its value
 * @name:	scratch: its name
 * @fmt:	scratch: its format
 * @descr:	scratch: its description
 */
struct xnu_genl_dump {
	int prefix[CTL_MAXNAME];
	u32 prefixlen;
	int mib[CTL_MAXNAME];
	u32 miblen;
	bool pending;
	u64 gen;
	u32 flags;
	u32 kind;
	struct xnu_genl_value value;
	char name[XNU_SYSCTL_NAMEBUF];
	char fmt[XNU_GENL_FMTLEN];
	char descr[XNU_SYSCTL_NAMEBUF];
};

/* The cursor lives in cb->ctx. */
struct xnu_genl_dump_ctx {
	struct xnu_genl_dump *dump;
};

static struct xnu_genl_dump *xnu_genl_cursor(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct xnu_genl_dump_ctx) > sizeof(cb->ctx));
	return ((struct xnu_genl_dump_ctx *)cb->ctx)->dump;
}

/* Say in cb->seq whether the tree changed since the dump started. */
static void xnu_genl_dump_seq(struct netlink_callback *cb,
			      const struct xnu_genl_dump *d)
{
	cb->seq = xnu_sysctl_generation() == d->gen ? XNU_GENL_SEQ_SAME :
						       XNU_GENL_SEQ_MOVED;
}

static int xnu_genl_dump_start(struct netlink_callback *cb)
{
	struct nlattr *attrs[ARRAY_SIZE(xnu_genl_get_policy)];
	struct xnu_genl_dump *d;
	int ret;

	/*
	 * The core validated the request already; parsing it again here
	 * reads it the same way on every kernel (6.1 and 6.12 keep the
	 * parsed attributes in different places).
	 */
	ret = genlmsg_parse(cb->nlh, &xnu_genl_family, attrs,
			    ARRAY_SIZE(attrs) - 1, xnu_genl_get_policy,
			    cb->extack);
	if (ret)
		return ret;
	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	if (attrs[XNU_SYSCTL_A_DUMP_FLAGS])
		d->flags = nla_get_u32(attrs[XNU_SYSCTL_A_DUMP_FLAGS]);
	d->gen = xnu_sysctl_generation();
	if (attrs[XNU_SYSCTL_A_MIB]) {
		d->prefixlen = xnu_genl_get_mib(attrs[XNU_SYSCTL_A_MIB],
						d->prefix);
		ret = xnu_sysctl_mib_info(d->prefix, d->prefixlen, &d->kind,
					  NULL, 0, NULL, 0);
		if (ret) {
			NL_SET_ERR_MSG_ATTR(cb->extack, attrs[XNU_SYSCTL_A_MIB],
					    "no such OID");
			kfree(d);
			return ret;
		}
		/* The subtree's root comes first, unless it is a plain node. */
		memcpy(d->mib, d->prefix, d->prefixlen * sizeof(int));
		d->miblen = d->prefixlen;
		d->pending = !(d->flags & XNU_SYSCTL_DUMP_LEAVES) ||
			     (d->kind & CTLTYPE) != CTLTYPE_NODE;
	}
	((struct xnu_genl_dump_ctx *)cb->ctx)->dump = d;
	/*
	 * A non-zero prev_seq makes nl_dump_check_consistent() compare from
	 * the first message on, NLMSG_DONE included.
	 */
	cb->seq = XNU_GENL_SEQ_SAME;
	cb->prev_seq = XNU_GENL_SEQ_SAME;
	return 0;
}

static int xnu_genl_dump_done(struct netlink_callback *cb)
{
	struct xnu_genl_dump *d = xnu_genl_cursor(cb);

	if (d) {
		xnu_genl_value_free(&d->value);
		kfree(d);
	}
	return 0;
}

/* Put one entry; value is the value's length or -errno, ignored for nodes. */
static int xnu_genl_put_entry(struct sk_buff *skb, struct netlink_callback *cb,
			      struct xnu_genl_dump *d, long value)
{
	bool node = (d->kind & CTLTYPE) == CTLTYPE_NODE;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &xnu_genl_family, NLM_F_MULTI, XNU_SYSCTL_CMD_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put(skb, XNU_SYSCTL_A_MIB, d->miblen * sizeof(int), d->mib) ||
	    nla_put_string(skb, XNU_SYSCTL_A_NAME, d->name) ||
	    nla_put_u32(skb, XNU_SYSCTL_A_KIND, d->kind) ||
	    nla_put_string(skb, XNU_SYSCTL_A_FMT, d->fmt) ||
	    nla_put_string(skb, XNU_SYSCTL_A_DESCR, d->descr) ||
	    nla_put_u64_64bit(skb, XNU_SYSCTL_A_GENERATION, d->gen,
			      XNU_SYSCTL_A_PAD))
		goto cancel;
	if ((d->kind & CTLFLAG_MASKED) && nla_put_flag(skb, XNU_SYSCTL_A_MASKED))
		goto cancel;
	if (!node && !(d->flags & XNU_SYSCTL_DUMP_NO_VALUES)) {
		if (value >= 0 ? nla_put(skb, XNU_SYSCTL_A_VALUE, (int)value,
					 d->value.buf) :
				 nla_put_u32(skb, XNU_SYSCTL_A_ERROR, -value))
			goto cancel;
	}
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * Emit d->mib. Returns 0 when it was emitted or skipped (it vanished),
 * -EMSGSIZE when the skb is full, another -errno on failure.
 */
static int xnu_genl_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			     struct xnu_genl_dump *d)
{
	long value = 0;
	int ret;

	ret = xnu_sysctl_mib_info(d->mib, d->miblen, &d->kind, NULL, 0,
				  NULL, 0);
	if (ret == -ENOENT || ret == -EISDIR) {
		/* Unregistered since the walk found it: skip, say so. */
		cb->seq = XNU_GENL_SEQ_MOVED;
		return 0;
	}
	if (ret)
		return ret;
	/* An OID without format or description (-ENOENT) gets "". */
	if (xnu_sysctl_mib_info(d->mib, d->miblen, NULL, d->fmt,
				sizeof(d->fmt), NULL, 0))
		d->fmt[0] = '\0';
	if (xnu_sysctl_mib_info(d->mib, d->miblen, NULL, NULL, 0,
				d->descr, sizeof(d->descr)))
		d->descr[0] = '\0';
	ret = xnu_sysctl_mib_name(d->mib, d->miblen, d->name, sizeof(d->name));
	if (ret == -ENAMETOOLONG)
		return 0;	/* a name no message can carry: skip that OID */
	if (ret < 0)
		return ret;
	if ((d->kind & CTLTYPE) != CTLTYPE_NODE &&
	    !(d->flags & XNU_SYSCTL_DUMP_NO_VALUES))
		value = xnu_genl_read_value(d->mib, d->miblen, &d->value);
	/* Anything read while the tree changed is flagged. */
	xnu_genl_dump_seq(cb, d);

	ret = xnu_genl_put_entry(skb, cb, d, value);
	if (ret == -EMSGSIZE && !skb->len) {
		/* Too large even for an empty message: send it without. */
		ret = xnu_genl_put_entry(skb, cb, d, -EMSGSIZE);
	}
	return ret;
}

static bool xnu_genl_in_subtree(const struct xnu_genl_dump *d,
				const int *mib, u32 miblen)
{
	return miblen >= d->prefixlen &&
	       !memcmp(mib, d->prefix, d->prefixlen * sizeof(int));
}

static int xnu_genl_dump_get(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct xnu_genl_dump *d = xnu_genl_cursor(cb);
	bool leaves = d->flags & XNU_SYSCTL_DUMP_LEAVES;
	int next[CTL_MAXNAME];
	int n, ret;

	for (;;) {
		if (!d->pending) {
			n = xnu_sysctl_next(d->mib, d->miblen, next, leaves);
			if (n == -ENOENT)
				break;
			if (n < 0)
				return n;
			if (!xnu_genl_in_subtree(d, next, n))
				break;
			memcpy(d->mib, next, n * sizeof(int));
			d->miblen = n;
			d->pending = true;
		}
		ret = xnu_genl_dump_one(skb, cb, d);
		if (ret == -EMSGSIZE && skb->len)
			return skb->len;
		if (ret)
			return ret;
		d->pending = false;
	}
	/* The end: NLMSG_DONE is flagged too if the tree moved. */
	xnu_genl_dump_seq(cb, d);
	return skb->len;
}

/* ---- watches ---- */

static struct xnu_genl_sock *xnu_genl_sock_find(u32 portid)
{
	struct xnu_genl_sock *s;

	lockdep_assert_held(&xnu_genl_lock);
	hash_for_each_possible(xnu_genl_socks, s, node, portid)
		if (s->portid == portid)
			return s;
	return NULL;
}

static struct xnu_genl_oid *xnu_genl_oid_find(const int *mib, u32 miblen)
{
	struct xnu_genl_oid *o;

	lockdep_assert_held(&xnu_genl_lock);
	hash_for_each_possible(xnu_genl_oids, o, node,
			       xnu_genl_mib_hash(mib, miblen))
		if (o->miblen == miblen &&
		    !memcmp(o->mib, mib, miblen * sizeof(int)))
			return o;
	return NULL;
}

static struct xnu_genl_watch *xnu_genl_watch_find(struct xnu_genl_sock *s,
						  const int *mib, u32 miblen)
{
	struct xnu_genl_watch *w;

	list_for_each_entry(w, &s->watches, link)
		if (w->oid->miblen == miblen &&
		    !memcmp(w->oid->mib, mib, miblen * sizeof(int)))
			return w;
	return NULL;
}

/* Drop one watch; frees its MIB on the last reference. */
static void xnu_genl_watch_del(struct xnu_genl_sock *s,
			       struct xnu_genl_watch *w)
{
	lockdep_assert_held(&xnu_genl_lock);
	list_del(&w->link);
	s->count--;
	xnu_genl_nr_watches--;
	if (!--w->oid->refs) {
		hash_del(&w->oid->node);
		atomic_dec(&xnu_genl_nr_oids);
		kfree(w->oid);
	}
	kfree(w);
}

/* Drop a socket and all its watches. */
static void xnu_genl_sock_del(struct xnu_genl_sock *s)
{
	struct xnu_genl_watch *w, *tmp;

	lockdep_assert_held(&xnu_genl_lock);
	list_for_each_entry_safe(w, tmp, &s->watches, link)
		xnu_genl_watch_del(s, w);
	hash_del(&s->node);
	xnu_genl_nr_socks--;
	kfree(s);
}

static int xnu_genl_watch_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct xnu_genl_sock *s, *new_s = NULL;
	struct xnu_genl_oid *o, *new_o = NULL;
	struct xnu_genl_watch *w = NULL;
	struct nlattr *attr = info->attrs[XNU_SYSCTL_A_MIB];
	u32 portid = info->snd_portid;
	int mib[CTL_MAXNAME];
	u32 miblen, kind;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, XNU_SYSCTL_A_MIB))
		return -EINVAL;
	miblen = xnu_genl_get_mib(attr, mib);
	ret = xnu_sysctl_mib_info(mib, miblen, &kind, NULL, 0, NULL, 0);
	if (ret) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no such OID");
		return ret;
	}
	if ((kind & CTLTYPE) == CTLTYPE_NODE) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "a node has no value");
		return -EISDIR;
	}

	/* Allocate first: nothing below sleeps with the lock held. */
	new_s = kzalloc(sizeof(*new_s), GFP_KERNEL_ACCOUNT);
	new_o = kzalloc(sizeof(*new_o), GFP_KERNEL_ACCOUNT);
	w = kzalloc(sizeof(*w), GFP_KERNEL_ACCOUNT);
	if (!new_s || !new_o || !w) {
		ret = -ENOMEM;
		goto out_free;
	}

	mutex_lock(&xnu_genl_lock);
	s = xnu_genl_sock_find(portid);
	if (s && xnu_genl_watch_find(s, mib, miblen)) {
		ret = -EEXIST;
		goto out_unlock;
	}
	if (s && s->count >= XNU_SYSCTL_GENL_MAX_WATCHES) {
		NL_SET_ERR_MSG(info->extack, "too many watches on this socket");
		ret = -ENOSPC;
		goto out_unlock;
	}
	if (!s) {
		s = new_s;
		new_s = NULL;
		s->portid = portid;
		INIT_LIST_HEAD(&s->watches);
		hash_add(xnu_genl_socks, &s->node, portid);
		xnu_genl_nr_socks++;
	}
	o = xnu_genl_oid_find(mib, miblen);
	if (!o) {
		o = new_o;
		new_o = NULL;
		memcpy(o->mib, mib, miblen * sizeof(int));
		o->miblen = miblen;
		hash_add(xnu_genl_oids, &o->node,
			 xnu_genl_mib_hash(mib, miblen));
		atomic_inc(&xnu_genl_nr_oids);
	}
	o->refs++;
	w->oid = o;
	list_add_tail(&w->link, &s->watches);
	w = NULL;
	s->count++;
	xnu_genl_nr_watches++;
	ret = 0;
out_unlock:
	mutex_unlock(&xnu_genl_lock);
out_free:
	kfree(w);
	kfree(new_o);
	kfree(new_s);
	return ret;
}

static int xnu_genl_unwatch_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[XNU_SYSCTL_A_MIB];
	struct xnu_genl_watch *w = NULL;
	struct xnu_genl_sock *s;
	int mib[CTL_MAXNAME];
	u32 miblen;

	if (GENL_REQ_ATTR_CHECK(info, XNU_SYSCTL_A_MIB))
		return -EINVAL;
	miblen = xnu_genl_get_mib(attr, mib);

	mutex_lock(&xnu_genl_lock);
	s = xnu_genl_sock_find(info->snd_portid);
	if (s)
		w = xnu_genl_watch_find(s, mib, miblen);
	if (w) {
		xnu_genl_watch_del(s, w);
		if (!s->count)
			xnu_genl_sock_del(s);
	}
	mutex_unlock(&xnu_genl_lock);
	if (!w) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "not watched by this socket");
		return -ENOENT;
	}
	return 0;
}

static int xnu_genl_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	u32 socks, oids, watches, mine;
	struct xnu_genl_sock *s;
	struct sk_buff *msg;
	void *hdr;

	mutex_lock(&xnu_genl_lock);
	socks = xnu_genl_nr_socks;
	oids = atomic_read(&xnu_genl_nr_oids);
	watches = xnu_genl_nr_watches;
	s = xnu_genl_sock_find(info->snd_portid);
	mine = s ? s->count : 0;
	mutex_unlock(&xnu_genl_lock);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &xnu_genl_family, 0,
				XNU_SYSCTL_CMD_GET_STATS);
	if (!hdr ||
	    nla_put_u32(msg, XNU_SYSCTL_A_STATS_SOCKETS, socks) ||
	    nla_put_u32(msg, XNU_SYSCTL_A_STATS_OIDS, oids) ||
	    nla_put_u32(msg, XNU_SYSCTL_A_STATS_WATCHES, watches) ||
	    nla_put_u32(msg, XNU_SYSCTL_A_STATS_MINE, mine) ||
	    nla_put_u64_64bit(msg, XNU_SYSCTL_A_GENERATION,
			      xnu_sysctl_generation(), XNU_SYSCTL_A_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Closing a socket drops its watches. The notifier runs after the port id
 * was released, so a new socket that took the same id in that window loses
 * the watches it made meanwhile (it never gains another's).
 */
static int xnu_genl_urelease(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct netlink_notify *n = ptr;
	struct xnu_genl_sock *s;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net))
		return NOTIFY_DONE;
	mutex_lock(&xnu_genl_lock);
	s = xnu_genl_sock_find(n->portid);
	if (s)
		xnu_genl_sock_del(s);
	mutex_unlock(&xnu_genl_lock);
	return NOTIFY_DONE;
}

static struct notifier_block xnu_genl_notifier = {
	.notifier_call = xnu_genl_urelease,
};

/* ---- events ---- */

static bool xnu_genl_listened(void)
{
	return READ_ONCE(xnu_genl_registered) &&
	       genl_has_listeners(&xnu_genl_family, &init_net,
				  XNU_GENL_MCGRP_EVENTS) > 0;
}

/*
 * Send cmd about mib to the events group. A change event carries no value:
 * read here it would be read with the writer's rights and handed to every
 * listener, so listeners read it themselves.
 */
static void xnu_genl_send_event(u8 cmd, const int *mib, u32 miblen,
				const char *leaf)
{
	struct sk_buff *msg;
	char *name;
	void *hdr;
	int ret;

	name = kmalloc(XNU_SYSCTL_NAMEBUF, GFP_KERNEL);
	if (!name)
		return;
	/* With leaf: the parent's name, then the leaf's own. */
	ret = xnu_sysctl_mib_name(mib, leaf ? miblen - 1 : miblen, name,
				  XNU_SYSCTL_NAMEBUF);
	if (ret >= 0 && leaf) {
		int n = snprintf(name + ret, XNU_SYSCTL_NAMEBUF - ret, "%s%s",
				 ret ? "." : "", leaf);

		ret = n < XNU_SYSCTL_NAMEBUF - ret ? ret + n : -ENAMETOOLONG;
	}
	if (ret < 0)
		goto out;

	msg = genlmsg_new(nla_total_size(miblen * sizeof(int)) +
			  nla_total_size(ret + 1) +
			  nla_total_size_64bit(sizeof(u64)), GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = genlmsg_put(msg, 0, 0, &xnu_genl_family, 0, cmd);
	if (!hdr ||
	    nla_put(msg, XNU_SYSCTL_A_MIB, miblen * sizeof(int), mib) ||
	    nla_put_string(msg, XNU_SYSCTL_A_NAME, name))
		goto out_free;
	if (nla_put_u64_64bit(msg, XNU_SYSCTL_A_GENERATION,
			      xnu_sysctl_generation(), XNU_SYSCTL_A_PAD))
		goto out_free;
	genlmsg_end(msg, hdr);
	/* -ESRCH: the last listener left meanwhile. */
	genlmsg_multicast(&xnu_genl_family, msg, 0, XNU_GENL_MCGRP_EVENTS,
			  GFP_KERNEL);
	goto out;
out_free:
	nlmsg_free(msg);
out:
	kfree(name);
}

/**
 * xnu_sysctl_notify_change() - report a successful write if it is watched
 * @mib:	the written OID's MIB
 * @miblen:	its components
 *
 * Called by the request code after a write succeeded, with no lock held;
 * the value is read again here, in the writer's context.
 */
void xnu_sysctl_notify_change(const int *mib, u32 miblen)
{
	bool watched;

	if (!miblen || miblen > CTL_MAXNAME ||
	    !atomic_read(&xnu_genl_nr_oids) || !xnu_genl_listened())
		return;
	mutex_lock(&xnu_genl_lock);
	watched = xnu_genl_oid_find(mib, miblen);
	mutex_unlock(&xnu_genl_lock);
	if (watched)
		xnu_genl_send_event(XNU_SYSCTL_CMD_CHANGED, mib, miblen, NULL);
}

/**
 * xnu_sysctl_notify_registration() - report a registration or unregistration
 * @mib:	the OID's MIB
 * @miblen:	its components
 * @leaf:	the OID's own name
 * @registered:	true for a registration, false for an unregistration
 *
 * Called by the tree without its lock held.
 */
void xnu_sysctl_notify_registration(const int *mib, u32 miblen,
				    const char *leaf, bool registered)
{
	if (!miblen || miblen > CTL_MAXNAME || !xnu_genl_listened())
		return;
	xnu_genl_send_event(registered ? XNU_SYSCTL_CMD_REGISTERED :
					 XNU_SYSCTL_CMD_UNREGISTERED,
			    mib, miblen, leaf);
}

/* ---- the family ---- */

/* GET_STATS takes no attributes: no policy makes the core refuse any. */
static const struct genl_ops xnu_genl_ops[] = {
	{
		.cmd = XNU_SYSCTL_CMD_GET,
		.start = xnu_genl_dump_start,
		.dumpit = xnu_genl_dump_get,
		.done = xnu_genl_dump_done,
		.policy = xnu_genl_get_policy,
		.maxattr = ARRAY_SIZE(xnu_genl_get_policy) - 1,
	},
	{
		.cmd = XNU_SYSCTL_CMD_WATCH,
		.doit = xnu_genl_watch_doit,
		.policy = xnu_genl_watch_policy,
		.maxattr = ARRAY_SIZE(xnu_genl_watch_policy) - 1,
	},
	{
		.cmd = XNU_SYSCTL_CMD_UNWATCH,
		.doit = xnu_genl_unwatch_doit,
		.policy = xnu_genl_watch_policy,
		.maxattr = ARRAY_SIZE(xnu_genl_watch_policy) - 1,
	},
	{
		.cmd = XNU_SYSCTL_CMD_GET_STATS,
		.doit = xnu_genl_stats_doit,
	},
};

static struct genl_family xnu_genl_family = {
	.name = XNU_SYSCTL_GENL_NAME,
	.version = XNU_SYSCTL_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = xnu_genl_ops,
	.n_ops = ARRAY_SIZE(xnu_genl_ops),
	.mcgrps = xnu_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(xnu_genl_mcgrps),
	/* Every command validates strictly, header and flags included. */
	.resv_start_op = XNU_SYSCTL_CMD_GET,
	/* Ops lock for themselves: dumps run handlers, which may sleep. */
	.parallel_ops = true,
};

/**
 * xnu_sysctl_genl_init() - register the generic netlink family
 *
 * Return: 0 or -errno.
 */
int xnu_sysctl_genl_init(void)
{
	int ret;

	ret = netlink_register_notifier(&xnu_genl_notifier);
	if (ret)
		return ret;
	ret = genl_register_family(&xnu_genl_family);
	if (ret) {
		netlink_unregister_notifier(&xnu_genl_notifier);
		return ret;
	}
	WRITE_ONCE(xnu_genl_registered, true);
	return 0;
}

/**
 * xnu_sysctl_genl_exit() - unregister the family and drop every watch
 */
void xnu_sysctl_genl_exit(void)
{
	struct xnu_genl_sock *s;
	struct hlist_node *tmp;
	int bkt;

	WRITE_ONCE(xnu_genl_registered, false);
	genl_unregister_family(&xnu_genl_family);
	netlink_unregister_notifier(&xnu_genl_notifier);
	mutex_lock(&xnu_genl_lock);
	hash_for_each_safe(xnu_genl_socks, bkt, tmp, s, node)
		xnu_genl_sock_del(s);
	mutex_unlock(&xnu_genl_lock);
}

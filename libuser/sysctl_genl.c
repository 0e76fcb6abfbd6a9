// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sysctl_genl.c - libxnucross's side of the sysctl control plane
 * (<xnucross_sysctl.h>): consistent dumps of the tree, restarted when the
 * kernel flags them NLM_F_DUMP_INTR, and event handles that watch OIDs and
 * read the "events" multicast group. libnl-genl-3 resolves the family and
 * builds requests; replies are read with recv() and parsed here, so every
 * flag and error the kernel sends is seen as sent.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "sys/sysctl.h"
#include "xnu_sysctl_genl.h"
#include "xnucross_sysctl.h"

#define XNU_NL_BUFSIZE		(64 * 1024)
#define XNU_NL_RCVBUF		(1024 * 1024)
/* Values are stored at this alignment. */
#define XNU_VALUE_ALIGN		16

/* One generic netlink socket bound to the family. */
struct xnu_nl {
	struct nl_sock *sk;
	int family;
	int fd;
	char *buf;
	size_t bufsize;
};

static int xnu_nlerr(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:
		return ENOMEM;
	case NLE_PERM:
		return EPERM;
	case NLE_INVAL:
	case NLE_RANGE:
	case NLE_MSGSIZE:
		return EINVAL;
	case NLE_AGAIN:
		return EAGAIN;
	case NLE_INTR:
		return EINTR;
	case NLE_NOACCESS:
		return EACCES;
	case NLE_OBJ_NOTFOUND:
		return ENODEV;
	case NLE_BAD_SOCK:
		return EBADF;
	default:
		return EIO;
	}
}

static void xnu_nl_close(struct xnu_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	free(nl->buf);
	memset(nl, 0, sizeof(*nl));
	nl->fd = -1;
}

/* Open a socket and find the family; 0 or -errno (ENODEV: no family). */
static int xnu_nl_open(struct xnu_nl *nl)
{
	int ret;

	memset(nl, 0, sizeof(*nl));
	nl->fd = -1;
	nl->bufsize = XNU_NL_BUFSIZE;
	nl->buf = malloc(nl->bufsize);
	nl->sk = nl_socket_alloc();
	if (!nl->buf || !nl->sk) {
		ret = -ENOMEM;
		goto err;
	}
	nl_socket_disable_seq_check(nl->sk);
	nl_socket_disable_auto_ack(nl->sk);
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		ret = -xnu_nlerr(ret);
		goto err;
	}
	nl->family = genl_ctrl_resolve(nl->sk, XNU_SYSCTL_GENL_NAME);
	if (nl->family < 0) {
		ret = nl->family == -NLE_OBJ_NOTFOUND ? -ENODEV :
			-xnu_nlerr(nl->family);
		goto err;
	}
	nl->fd = nl_socket_get_fd(nl->sk);
	return 0;
err:
	xnu_nl_close(nl);
	return ret;
}

/* Send a request with an attribute payload built by the caller. */
static struct nl_msg *xnu_nl_msg(struct xnu_nl *nl, int flags, uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, XNU_SYSCTL_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Send and free msg; 0 with its sequence number in *seq, or -errno. */
static int xnu_nl_send(struct xnu_nl *nl, struct nl_msg *msg, uint32_t *seq)
{
	int ret = nl_send_auto(nl->sk, msg);

	*seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	return ret < 0 ? -xnu_nlerr(ret) : 0;
}

/*
 * Receive one datagram into nl->buf, whatever its size. Returns its length
 * or -errno; EINTR is retried unless keep_eintr.
 */
static ssize_t xnu_nl_recv(struct xnu_nl *nl, int flags, int keep_eintr)
{
	ssize_t n;
	char *buf;

	for (;;) {
		n = recv(nl->fd, NULL, 0, MSG_PEEK | MSG_TRUNC | flags);
		if (n < 0 && errno == EINTR && !keep_eintr)
			continue;
		if (n < 0)
			return -errno;
		if ((size_t)n > nl->bufsize) {
			buf = realloc(nl->buf, n);
			if (!buf)
				return -ENOMEM;
			nl->buf = buf;
			nl->bufsize = n;
		}
		n = recv(nl->fd, nl->buf, nl->bufsize, flags);
		if (n < 0 && errno == EINTR && !keep_eintr)
			continue;
		if (n < 0)
			return -errno;
		return n;
	}
}

typedef int (*xnu_nl_fn)(struct nlmsghdr *nlh, void *arg);

/*
 * Read the replies to request seq until its ACK (do) or NLMSG_DONE (dump),
 * calling fn on every message of the family. *intr is set when a message
 * carries NLM_F_DUMP_INTR. Returns 0, the kernel's -errno, or fn's first
 * failure (the replies are read to the end anyway).
 */
static int xnu_nl_replies(struct xnu_nl *nl, uint32_t seq, int dump,
			  xnu_nl_fn fn, void *arg, int *intr)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	int ret = 0, err;
	ssize_t n;

	for (;;) {
		n = xnu_nl_recv(nl, 0, 0);
		if (n < 0)
			return (int)n;
		for (nlh = (struct nlmsghdr *)nl->buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if ((nlh->nlmsg_flags & NLM_F_DUMP_INTR) && intr)
				*intr = 1;
			switch (nlh->nlmsg_type) {
			case NLMSG_NOOP:
				continue;
			case NLMSG_ERROR:
				if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return -EPROTO;
				e = NLMSG_DATA(nlh);
				if (e->error)
					return e->error;
				if (!dump)
					return ret;
				continue;
			case NLMSG_DONE:
				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
					memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
					if (err < 0)
						return err;
				}
				return ret;
			default:
				if (nlh->nlmsg_type != nl->family || !fn)
					continue;
				err = fn(nlh, arg);
				if (err && !ret)
					ret = err;
			}
		}
	}
}

/* ---- attributes ---- */

/* The attributes of a message of the family, checked for their sizes. */
static int xnu_parse(struct nlmsghdr *nlh, struct nlattr **tb)
{
	static const int fixed[XNU_SYSCTL_A_MAX + 1] = {
		[XNU_SYSCTL_A_KIND] = 4,
		[XNU_SYSCTL_A_ERROR] = 4,
		[XNU_SYSCTL_A_GENERATION] = 8,
		[XNU_SYSCTL_A_MASKED] = 0,
		[XNU_SYSCTL_A_STATS_SOCKETS] = 4,
		[XNU_SYSCTL_A_STATS_OIDS] = 4,
		[XNU_SYSCTL_A_STATS_WATCHES] = 4,
		[XNU_SYSCTL_A_STATS_MINE] = 4,
	};
	static const int is_string[XNU_SYSCTL_A_MAX + 1] = {
		[XNU_SYSCTL_A_NAME] = 1,
		[XNU_SYSCTL_A_FMT] = 1,
		[XNU_SYSCTL_A_DESCR] = 1,
	};
	int i, len;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	if (genlmsg_parse(nlh, 0, tb, XNU_SYSCTL_A_MAX, NULL) < 0)
		return -EPROTO;
	for (i = 1; i <= XNU_SYSCTL_A_MAX; i++) {
		if (!tb[i])
			continue;
		len = nla_len(tb[i]);
		if (fixed[i] && len != fixed[i])
			return -EPROTO;
		if (is_string[i] &&
		    (len < 1 || ((char *)nla_data(tb[i]))[len - 1]))
			return -EPROTO;
	}
	if (tb[XNU_SYSCTL_A_MIB]) {
		len = nla_len(tb[XNU_SYSCTL_A_MIB]);
		if (len < (int)sizeof(int) ||
		    len > XNUCROSS_SYSCTL_MAXNAME * (int)sizeof(int) ||
		    len % sizeof(int))
			return -EPROTO;
	}
	return 0;
}

static unsigned int xnu_get_mib(struct nlattr *attr, int *mib)
{
	unsigned int n = nla_len(attr) / sizeof(int);

	memcpy(mib, nla_data(attr), n * sizeof(int));
	return n;
}

static int xnu_put_mib(struct nl_msg *msg, const int *mib, unsigned int miblen)
{
	return nla_put(msg, XNU_SYSCTL_A_MIB, miblen * sizeof(int), mib);
}

static int xnu_check_mib(const int *mib, unsigned int miblen)
{
	if (!mib || !miblen || miblen > XNUCROSS_SYSCTL_MAXNAME)
		return -EINVAL;
	return 0;
}

/* ---- dumps ---- */

/* A list and the blocks its entries point into. */
struct xnu_list {
	struct xnucross_sysctl_list pub;
	void **blocks;
	size_t cap;
	int have_gen;
};

static size_t xnu_align(size_t n)
{
	return (n + XNU_VALUE_ALIGN - 1) & ~(size_t)(XNU_VALUE_ALIGN - 1);
}

/* Append one dump message to the list. */
static int xnu_dump_entry(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[XNU_SYSCTL_A_MAX + 1];
	struct xnu_list *l = arg;
	struct xnucross_sysctl_entry *e;
	size_t vlen = 0, nlen, flen, dlen;
	char *block;
	int ret;

	ret = xnu_parse(nlh, tb);
	if (ret)
		return ret;
	if (!tb[XNU_SYSCTL_A_MIB] || !tb[XNU_SYSCTL_A_NAME] ||
	    !tb[XNU_SYSCTL_A_KIND] || !tb[XNU_SYSCTL_A_FMT] ||
	    !tb[XNU_SYSCTL_A_DESCR])
		return -EPROTO;
	if (l->pub.count == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		void *p;

		p = realloc(l->pub.entries, cap * sizeof(*l->pub.entries));
		if (!p)
			return -ENOMEM;
		l->pub.entries = p;
		p = realloc(l->blocks, cap * sizeof(*l->blocks));
		if (!p)
			return -ENOMEM;
		l->blocks = p;
		l->cap = cap;
	}
	if (tb[XNU_SYSCTL_A_VALUE])
		vlen = nla_len(tb[XNU_SYSCTL_A_VALUE]);
	nlen = nla_len(tb[XNU_SYSCTL_A_NAME]);
	flen = nla_len(tb[XNU_SYSCTL_A_FMT]);
	dlen = nla_len(tb[XNU_SYSCTL_A_DESCR]);
	block = malloc(xnu_align(vlen) + nlen + flen + dlen);
	if (!block)
		return -ENOMEM;

	e = &l->pub.entries[l->pub.count];
	memset(e, 0, sizeof(*e));
	e->miblen = xnu_get_mib(tb[XNU_SYSCTL_A_MIB], e->mib);
	e->kind = nla_get_u32(tb[XNU_SYSCTL_A_KIND]);
	e->masked = !!tb[XNU_SYSCTL_A_MASKED];
	if (tb[XNU_SYSCTL_A_VALUE]) {
		memcpy(block, nla_data(tb[XNU_SYSCTL_A_VALUE]), vlen);
		e->has_value = 1;
		e->value = block;
		e->valuelen = vlen;
	}
	if (tb[XNU_SYSCTL_A_ERROR])
		e->error = (int)nla_get_u32(tb[XNU_SYSCTL_A_ERROR]);
	e->name = block + xnu_align(vlen);
	memcpy((char *)e->name, nla_data(tb[XNU_SYSCTL_A_NAME]), nlen);
	e->fmt = e->name + nlen;
	memcpy((char *)e->fmt, nla_data(tb[XNU_SYSCTL_A_FMT]), flen);
	e->descr = e->fmt + flen;
	memcpy((char *)e->descr, nla_data(tb[XNU_SYSCTL_A_DESCR]), dlen);
	if (tb[XNU_SYSCTL_A_GENERATION] && !l->have_gen) {
		l->pub.generation = nla_get_u64(tb[XNU_SYSCTL_A_GENERATION]);
		l->have_gen = 1;
	}
	l->blocks[l->pub.count++] = block;
	return 0;
}

void xnucross_sysctl_list_free(struct xnucross_sysctl_list *list)
{
	struct xnu_list *l = (struct xnu_list *)list;
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->pub.count; i++)
		free(l->blocks[i]);
	free(l->blocks);
	free(l->pub.entries);
	free(l);
}

/* One dump on nl; 0, -EAGAIN when interrupted, or -errno. */
static int xnu_dump_once(struct xnu_nl *nl, const int *mib,
			 unsigned int miblen, unsigned int flags,
			 struct xnu_list *l)
{
	uint32_t kflags = flags & (XNUCROSS_SYSCTL_DUMP_LEAVES |
				   XNUCROSS_SYSCTL_DUMP_NO_VALUES);
	struct nl_msg *msg;
	uint32_t seq;
	int ret, intr = 0;

	msg = xnu_nl_msg(nl, NLM_F_DUMP, XNU_SYSCTL_CMD_GET);
	if (!msg)
		return -ENOMEM;
	if ((miblen && xnu_put_mib(msg, mib, miblen)) ||
	    (kflags && nla_put_u32(msg, XNU_SYSCTL_A_DUMP_FLAGS, kflags))) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = xnu_nl_send(nl, msg, &seq);
	if (ret)
		return ret;
	ret = xnu_nl_replies(nl, seq, 1, xnu_dump_entry, l, &intr);
	if (!ret && intr)
		ret = -EAGAIN;
	return ret;
}

int xnucross_sysctl_dump_list(const int *mib, unsigned int miblen,
			      unsigned int flags,
			      struct xnucross_sysctl_list **listp)
{
	unsigned int tries = flags & XNUCROSS_SYSCTL_DUMP_NO_RETRY ? 1 :
			     XNUCROSS_SYSCTL_DUMP_RETRIES;
	struct xnu_list *l = NULL;
	struct xnu_nl nl;
	unsigned int i;
	int ret;

	if (!listp || (miblen && xnu_check_mib(mib, miblen)) ||
	    (flags & ~(XNUCROSS_SYSCTL_DUMP_LEAVES |
		       XNUCROSS_SYSCTL_DUMP_NO_VALUES |
		       XNUCROSS_SYSCTL_DUMP_NO_RETRY))) {
		errno = EINVAL;
		return -1;
	}
	ret = xnu_nl_open(&nl);
	if (ret) {
		errno = -ret;
		return -1;
	}
	for (i = 0; i < tries; i++) {
		l = calloc(1, sizeof(*l));
		if (!l) {
			ret = -ENOMEM;
			break;
		}
		ret = xnu_dump_once(&nl, mib, miblen, flags, l);
		if (!ret)
			break;
		xnucross_sysctl_list_free(&l->pub);
		l = NULL;
		if (ret != -EAGAIN)
			break;
	}
	xnu_nl_close(&nl);
	if (ret) {
		errno = -ret;
		return -1;
	}
	*listp = &l->pub;
	return 0;
}

int xnucross_sysctl_dump(const int *mib, unsigned int miblen,
			 unsigned int flags, xnucross_sysctl_dump_fn fn,
			 void *arg)
{
	struct xnucross_sysctl_list *list;
	size_t i;
	int ret = 0;

	if (!fn) {
		errno = EINVAL;
		return -1;
	}
	if (xnucross_sysctl_dump_list(mib, miblen, flags, &list))
		return -1;
	for (i = 0; i < list->count && !ret; i++)
		ret = fn(&list->entries[i], arg);
	xnucross_sysctl_list_free(list);
	return ret;
}

/* ---- events ---- */

struct xnu_mib {
	int mib[XNUCROSS_SYSCTL_MAXNAME];
	unsigned int miblen;
};

struct xnucross_sysctl_events {
	struct xnu_nl cmd;		/* requests: owns the watches */
	struct xnu_nl mc;		/* the events group */
	unsigned int flags;
	struct xnu_mib *watches;
	size_t nwatches;
	size_t capwatches;
	size_t pos;			/* next message in mc.buf */
	size_t len;			/* bytes in mc.buf */
	void *value;			/* the last event's value */
	size_t valuesize;
};

struct xnucross_sysctl_events *xnucross_sysctl_events_open(unsigned int flags)
{
	struct xnucross_sysctl_events *ev;
	int ret, grp;

	if (flags & ~XNUCROSS_SYSCTL_EV_REGISTRATIONS) {
		errno = EINVAL;
		return NULL;
	}
	ev = calloc(1, sizeof(*ev));
	if (!ev) {
		errno = ENOMEM;
		return NULL;
	}
	ev->flags = flags;
	ret = xnu_nl_open(&ev->cmd);
	if (ret)
		goto err;
	ret = xnu_nl_open(&ev->mc);
	if (ret)
		goto err_cmd;
	grp = genl_ctrl_resolve_grp(ev->mc.sk, XNU_SYSCTL_GENL_NAME,
				    XNU_SYSCTL_GENL_MCGRP);
	if (grp < 0) {
		ret = grp == -NLE_OBJ_NOTFOUND ? -ENODEV : -xnu_nlerr(grp);
		goto err_mc;
	}
	/* A larger buffer loses fewer events; the kernel caps it. */
	nl_socket_set_buffer_size(ev->mc.sk, XNU_NL_RCVBUF, 0);
	ret = nl_socket_add_membership(ev->mc.sk, grp);
	if (ret < 0) {
		ret = -xnu_nlerr(ret);
		goto err_mc;
	}
	return ev;
err_mc:
	xnu_nl_close(&ev->mc);
err_cmd:
	xnu_nl_close(&ev->cmd);
err:
	free(ev);
	errno = -ret;
	return NULL;
}

void xnucross_sysctl_events_close(struct xnucross_sysctl_events *ev)
{
	int err = errno;

	if (!ev)
		return;
	/* Closing the request socket drops its watches in the kernel. */
	xnu_nl_close(&ev->cmd);
	xnu_nl_close(&ev->mc);
	free(ev->watches);
	free(ev->value);
	free(ev);
	errno = err;
}

int xnucross_sysctl_events_fd(struct xnucross_sysctl_events *ev)
{
	if (!ev) {
		errno = EINVAL;
		return -1;
	}
	return ev->mc.fd;
}

/* A do request with a MIB on the handle's request socket. */
static int xnu_mib_request(struct xnucross_sysctl_events *ev, uint8_t cmd,
			   const int *mib, unsigned int miblen)
{
	struct nl_msg *msg;
	uint32_t seq;
	int ret;

	msg = xnu_nl_msg(&ev->cmd, NLM_F_ACK, cmd);
	if (!msg)
		return -ENOMEM;
	if (xnu_put_mib(msg, mib, miblen)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = xnu_nl_send(&ev->cmd, msg, &seq);
	if (ret)
		return ret;
	return xnu_nl_replies(&ev->cmd, seq, 0, NULL, NULL, NULL);
}

static struct xnu_mib *xnu_watch_find(struct xnucross_sysctl_events *ev,
				      const int *mib, unsigned int miblen)
{
	size_t i;

	for (i = 0; i < ev->nwatches; i++)
		if (ev->watches[i].miblen == miblen &&
		    !memcmp(ev->watches[i].mib, mib, miblen * sizeof(int)))
			return &ev->watches[i];
	return NULL;
}

int xnucross_sysctl_watch(struct xnucross_sysctl_events *ev, const int *mib,
			  unsigned int miblen)
{
	struct xnu_mib *w;
	int ret;

	if (!ev || xnu_check_mib(mib, miblen)) {
		errno = EINVAL;
		return -1;
	}
	if (ev->nwatches == ev->capwatches) {
		size_t cap = ev->capwatches ? 2 * ev->capwatches : 16;

		w = realloc(ev->watches, cap * sizeof(*w));
		if (!w) {
			errno = ENOMEM;
			return -1;
		}
		ev->watches = w;
		ev->capwatches = cap;
	}
	ret = xnu_mib_request(ev, XNU_SYSCTL_CMD_WATCH, mib, miblen);
	if (ret) {
		errno = -ret;
		return -1;
	}
	w = &ev->watches[ev->nwatches++];
	memcpy(w->mib, mib, miblen * sizeof(int));
	w->miblen = miblen;
	return 0;
}

int xnucross_sysctl_unwatch(struct xnucross_sysctl_events *ev, const int *mib,
			    unsigned int miblen)
{
	struct xnu_mib *w;
	int ret;

	if (!ev || xnu_check_mib(mib, miblen)) {
		errno = EINVAL;
		return -1;
	}
	ret = xnu_mib_request(ev, XNU_SYSCTL_CMD_UNWATCH, mib, miblen);
	if (ret) {
		errno = -ret;
		return -1;
	}
	w = xnu_watch_find(ev, mib, miblen);
	if (w)
		*w = ev->watches[--ev->nwatches];
	return 0;
}

static int xnu_name_mib(const char *name, int *mib, unsigned int *miblen)
{
	size_t n = XNUCROSS_SYSCTL_MAXNAME;

	if (!name) {
		errno = EINVAL;
		return -1;
	}
	if (sysctlnametomib(name, mib, &n))
		return -1;
	*miblen = (unsigned int)n;
	return 0;
}

int xnucross_sysctl_watch_name(struct xnucross_sysctl_events *ev,
			       const char *name)
{
	int mib[XNUCROSS_SYSCTL_MAXNAME];
	unsigned int miblen;

	if (xnu_name_mib(name, mib, &miblen))
		return -1;
	return xnucross_sysctl_watch(ev, mib, miblen);
}

int xnucross_sysctl_unwatch_name(struct xnucross_sysctl_events *ev,
				 const char *name)
{
	int mib[XNUCROSS_SYSCTL_MAXNAME];
	unsigned int miblen;

	if (xnu_name_mib(name, mib, &miblen))
		return -1;
	return xnucross_sysctl_unwatch(ev, mib, miblen);
}

/*
 * Turn a multicast message into *event. Returns 1 when it is for this
 * handle, 0 when it is filtered out, -errno on failure.
 */
static int xnu_event_parse(struct xnucross_sysctl_events *ev,
			   struct nlmsghdr *nlh,
			   struct xnucross_sysctl_event *event)
{
	struct nlattr *tb[XNU_SYSCTL_A_MAX + 1];
	struct genlmsghdr *gh;
	size_t vlen;
	void *p;
	int ret;

	ret = xnu_parse(nlh, tb);
	if (ret)
		return ret;
	gh = nlmsg_data(nlh);
	if (!tb[XNU_SYSCTL_A_MIB] || !tb[XNU_SYSCTL_A_NAME])
		return -EPROTO;
	memset(event, 0, sizeof(*event));
	event->miblen = xnu_get_mib(tb[XNU_SYSCTL_A_MIB], event->mib);
	event->name = nla_data(tb[XNU_SYSCTL_A_NAME]);
	switch (gh->cmd) {
	case XNU_SYSCTL_CMD_CHANGED:
		if (!xnu_watch_find(ev, event->mib, event->miblen))
			return 0;
		event->type = XNUCROSS_SYSCTL_EV_CHANGED;
		/*
		 * The event says which OID changed, not its value: read it
		 * here, with this process's own rights, as a sysctl() would.
		 */
		for (;;) {
			vlen = 0;
			if (sysctl(event->mib, event->miblen, NULL, &vlen,
				   NULL, 0) < 0)
				break;
			if (vlen > ev->valuesize || !ev->value) {
				p = realloc(ev->value, vlen ? vlen : 1);
				if (!p)
					return -ENOMEM;
				ev->value = p;
				ev->valuesize = vlen;
			}
			vlen = ev->valuesize;
			if (sysctl(event->mib, event->miblen, ev->value, &vlen,
				   NULL, 0) == 0) {
				event->has_value = 1;
				event->value = ev->value;
				event->valuelen = vlen;
				return 1;
			}
			if (errno != ENOMEM)
				break;
			ev->valuesize = 0;	/* it grew: probe again */
		}
		event->error = errno;
		return 1;
	case XNU_SYSCTL_CMD_REGISTERED:
	case XNU_SYSCTL_CMD_UNREGISTERED:
		if (!(ev->flags & XNUCROSS_SYSCTL_EV_REGISTRATIONS))
			return 0;
		event->type = gh->cmd == XNU_SYSCTL_CMD_REGISTERED ?
			      XNUCROSS_SYSCTL_EV_REGISTERED :
			      XNUCROSS_SYSCTL_EV_UNREGISTERED;
		if (tb[XNU_SYSCTL_A_GENERATION])
			event->generation =
				nla_get_u64(tb[XNU_SYSCTL_A_GENERATION]);
		return 1;
	default:
		return 0;
	}
}

static int64_t xnu_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int xnucross_sysctl_event_next(struct xnucross_sysctl_events *ev,
			       struct xnucross_sysctl_event *event,
			       int timeout_ms)
{
	int64_t deadline = timeout_ms > 0 ? xnu_now_ms() + timeout_ms : 0;
	struct pollfd pfd;
	struct nlmsghdr *nlh;
	ssize_t n;
	int ret, wait;

	if (!ev || !event) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		while (ev->pos < ev->len) {
			nlh = (struct nlmsghdr *)(ev->mc.buf + ev->pos);
			if (!NLMSG_OK(nlh, (int)(ev->len - ev->pos))) {
				ev->pos = ev->len;
				break;
			}
			ev->pos += NLMSG_ALIGN(nlh->nlmsg_len);
			if (nlh->nlmsg_type != ev->mc.family)
				continue;
			ret = xnu_event_parse(ev, nlh, event);
			if (ret < 0) {
				errno = -ret;
				return -1;
			}
			if (ret)
				return 1;
		}

		if (timeout_ms < 0) {
			wait = -1;
		} else if (timeout_ms == 0) {
			wait = 0;
		} else {
			int64_t left = deadline - xnu_now_ms();

			wait = left > 0 ? (int)left : 0;
		}
		pfd.fd = ev->mc.fd;
		pfd.events = POLLIN;
		ret = poll(&pfd, 1, wait);
		if (ret < 0)
			return -1;
		if (!ret)
			return 0;
		n = xnu_nl_recv(&ev->mc, MSG_DONTWAIT, 1);
		if (n == -EAGAIN || n == -EWOULDBLOCK)
			continue;
		if (n == -ENOBUFS) {
			memset(event, 0, sizeof(*event));
			event->type = XNUCROSS_SYSCTL_EV_LOST;
			return 1;
		}
		if (n < 0) {
			errno = (int)-n;
			return -1;
		}
		ev->pos = 0;
		ev->len = (size_t)n;
	}
}

/* ---- counters ---- */

static int xnu_stats_reply(struct nlmsghdr *nlh, void *arg)
{
	struct xnucross_sysctl_genl_stats *st = arg;
	struct nlattr *tb[XNU_SYSCTL_A_MAX + 1];
	int ret;

	ret = xnu_parse(nlh, tb);
	if (ret)
		return ret;
	if (!tb[XNU_SYSCTL_A_STATS_SOCKETS] || !tb[XNU_SYSCTL_A_STATS_OIDS] ||
	    !tb[XNU_SYSCTL_A_STATS_WATCHES] || !tb[XNU_SYSCTL_A_STATS_MINE] ||
	    !tb[XNU_SYSCTL_A_GENERATION])
		return -EPROTO;
	st->sockets = nla_get_u32(tb[XNU_SYSCTL_A_STATS_SOCKETS]);
	st->oids = nla_get_u32(tb[XNU_SYSCTL_A_STATS_OIDS]);
	st->watches = nla_get_u32(tb[XNU_SYSCTL_A_STATS_WATCHES]);
	st->mine = nla_get_u32(tb[XNU_SYSCTL_A_STATS_MINE]);
	st->generation = nla_get_u64(tb[XNU_SYSCTL_A_GENERATION]);
	return 0;
}

int xnucross_sysctl_genl_stats(struct xnucross_sysctl_events *ev,
			       struct xnucross_sysctl_genl_stats *stats)
{
	struct xnu_nl tmp, *nl = ev ? &ev->cmd : &tmp;
	struct nl_msg *msg;
	uint32_t seq;
	int ret;

	if (!stats) {
		errno = EINVAL;
		return -1;
	}
	if (!ev) {
		ret = xnu_nl_open(&tmp);
		if (ret) {
			errno = -ret;
			return -1;
		}
	}
	memset(stats, 0, sizeof(*stats));
	msg = xnu_nl_msg(nl, NLM_F_ACK, XNU_SYSCTL_CMD_GET_STATS);
	ret = msg ? xnu_nl_send(nl, msg, &seq) : -ENOMEM;
	if (!ret)
		ret = xnu_nl_replies(nl, seq, 0, xnu_stats_reply, stats, NULL);
	if (!ev)
		xnu_nl_close(&tmp);
	if (ret) {
		errno = -ret;
		return -1;
	}
	return 0;
}

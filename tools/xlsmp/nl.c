// SPDX-License-Identifier: GPL-2.0
/*
 * nl.c - xlsmp's side of the "xnu_mach" generic netlink family: one dump
 * of XNU_MACH_CMD_SPACE per process. libnl-genl-3 resolves the family and
 * builds the request; the replies are read with recv() and parsed here, so
 * every error the kernel sends (and its extended-ack explanation) is seen
 * as sent.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "xlsmp.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define XLSMP_BUFSIZE	(64 * 1024)

struct xlsmp_nl {
	struct nl_sock *sk;
	int family;
	int fd;
	char *buf;
	size_t bufsize;
};

static int nlerr_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:
		return ENOMEM;
	case NLE_PERM:
		return EPERM;
	case NLE_NOACCESS:
		return EACCES;
	case NLE_OBJ_NOTFOUND:
		return ENODEV;
	case NLE_AGAIN:
		return EAGAIN;
	case NLE_INTR:
		return EINTR;
	default:
		return EIO;
	}
}

void xlsmp_nl_close(struct xlsmp_nl *nl)
{
	if (!nl)
		return;
	if (nl->sk)
		nl_socket_free(nl->sk);
	free(nl->buf);
	free(nl);
}

int xlsmp_nl_open(struct xlsmp_nl **nlp)
{
	struct xlsmp_nl *nl;
	int one = 1, ret;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->bufsize = XLSMP_BUFSIZE;
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
		ret = -nlerr_to_errno(ret);
		goto err;
	}
	nl->fd = nl_socket_get_fd(nl->sk);
	/* Errors explained, and without the request echoed back. */
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, XNU_MACH_GENL_NAME);
	if (nl->family < 0) {
		ret = nl->family == -NLE_OBJ_NOTFOUND ? -ENODEV :
			-nlerr_to_errno(nl->family);
		goto err;
	}
	*nlp = nl;
	return 0;
err:
	xlsmp_nl_close(nl);
	return ret;
}

/* Receive one datagram into nl->buf, whatever its size; length or -errno. */
static ssize_t xlsmp_recv(struct xlsmp_nl *nl)
{
	ssize_t n;
	char *buf;

	for (;;) {
		n = recv(nl->fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
		if (n < 0 && errno == EINTR)
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
		n = recv(nl->fd, nl->buf, nl->bufsize, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		return n;
	}
}

/* Copy the extended ack's message of an NLMSG_ERROR, if it has one. */
static void xlsmp_ext_ack(struct nlmsghdr *nlh, char *msg, size_t msglen)
{
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e), len;

	if (!msglen || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + off),
		      nlh->nlmsg_len - NLMSG_HDRLEN - off, NULL) < 0 ||
	    !tb[NLMSGERR_ATTR_MSG])
		return;
	len = strnlen(nla_data(tb[NLMSGERR_ATTR_MSG]),
		      nla_len(tb[NLMSGERR_ATTR_MSG]));
	if (len >= msglen)
		len = msglen - 1;
	memcpy(msg, nla_data(tb[NLMSGERR_ATTR_MSG]), len);
	msg[len] = '\0';
}

/* Append one dump message to the space; 0 or -errno. */
static int xlsmp_add(struct xlsmp_space *space, struct nlmsghdr *nlh)
{
	static const int u32_attrs[] = {
		XNU_MACH_A_PID, XNU_MACH_A_NAME, XNU_MACH_A_TYPE,
		XNU_MACH_A_UREFS, XNU_MACH_A_MSGCOUNT, XNU_MACH_A_QLIMIT,
		XNU_MACH_A_MEMBERS, XNU_MACH_A_RECEIVER_PID,
	};
	struct nlattr *tb[XNU_MACH_A_MAX + 1];
	struct xlsmp_entry *e;
	size_t i, len;

	if (!genlmsg_valid_hdr(nlh, 0) ||
	    genlmsg_parse(nlh, 0, tb, XNU_MACH_A_MAX, NULL) < 0)
		return -EPROTO;
	for (i = 0; i < sizeof(u32_attrs) / sizeof(u32_attrs[0]); i++)
		if (!tb[u32_attrs[i]] || nla_len(tb[u32_attrs[i]]) != 4)
			return -EPROTO;
	if (!tb[XNU_MACH_A_PORT_ID] || nla_len(tb[XNU_MACH_A_PORT_ID]) != 8 ||
	    !tb[XNU_MACH_A_KOTYPE] || nla_len(tb[XNU_MACH_A_KOTYPE]) < 1)
		return -EPROTO;

	if (space->count == space->cap) {
		size_t cap = space->cap ? 2 * space->cap : 64;

		e = realloc(space->entries, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		space->entries = e;
		space->cap = cap;
	}
	e = &space->entries[space->count++];
	memset(e, 0, sizeof(*e));
	e->pid = nla_get_u32(tb[XNU_MACH_A_PID]);
	e->name = nla_get_u32(tb[XNU_MACH_A_NAME]);
	e->type = nla_get_u32(tb[XNU_MACH_A_TYPE]);
	e->urefs = nla_get_u32(tb[XNU_MACH_A_UREFS]);
	e->port_id = nla_get_u64(tb[XNU_MACH_A_PORT_ID]);
	len = strnlen(nla_data(tb[XNU_MACH_A_KOTYPE]),
		      nla_len(tb[XNU_MACH_A_KOTYPE]));
	if (len >= sizeof(e->kotype))
		len = sizeof(e->kotype) - 1;
	memcpy(e->kotype, nla_data(tb[XNU_MACH_A_KOTYPE]), len);
	e->msgcount = nla_get_u32(tb[XNU_MACH_A_MSGCOUNT]);
	e->qlimit = nla_get_u32(tb[XNU_MACH_A_QLIMIT]);
	e->members = nla_get_u32(tb[XNU_MACH_A_MEMBERS]);
	e->receiver_pid = (int32_t)nla_get_u32(tb[XNU_MACH_A_RECEIVER_PID]);
	return 0;
}

/*
 * Read the dump's replies (sequence seq) to NLMSG_DONE or an error.
 * Returns 0, the kernel's -errno, or the first parse failure.
 */
static int xlsmp_replies(struct xlsmp_nl *nl, uint32_t seq,
			 struct xlsmp_space *space, char *msg, size_t msglen)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	int ret = 0, err;
	ssize_t n;

	for (;;) {
		n = xlsmp_recv(nl);
		if (n < 0)
			return (int)n;
		for (nlh = (struct nlmsghdr *)nl->buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			switch (nlh->nlmsg_type) {
			case NLMSG_NOOP:
				continue;
			case NLMSG_ERROR:
				if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return -EPROTO;
				e = NLMSG_DATA(nlh);
				if (!e->error)
					continue;
				xlsmp_ext_ack(nlh, msg, msglen);
				return e->error;
			case NLMSG_DONE:
				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
					memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
					if (err < 0)
						return err;
				}
				return ret;
			default:
				if (nlh->nlmsg_type != nl->family || ret)
					continue;
				ret = xlsmp_add(space, nlh);
			}
		}
	}
}

void xlsmp_space_free(struct xlsmp_space *space)
{
	free(space->entries);
	memset(space, 0, sizeof(*space));
}

int xlsmp_dump(struct xlsmp_nl *nl, uint32_t pid, struct xlsmp_space *space,
	       char *msg, size_t msglen)
{
	struct nl_msg *req;
	uint32_t seq;
	int ret;

	if (msglen)
		msg[0] = '\0';
	space->count = 0;
	req = nlmsg_alloc();
	if (!req)
		return -ENOMEM;
	if (!genlmsg_put(req, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 NLM_F_DUMP, XNU_MACH_CMD_SPACE,
			 XNU_MACH_GENL_VERSION) ||
	    nla_put_u32(req, XNU_MACH_A_PID, pid)) {
		nlmsg_free(req);
		return -ENOMEM;
	}
	ret = nl_send_auto(nl->sk, req);
	seq = nlmsg_hdr(req)->nlmsg_seq;
	nlmsg_free(req);
	if (ret < 0)
		return -nlerr_to_errno(ret);
	return xlsmp_replies(nl, seq, space, msg, msglen);
}

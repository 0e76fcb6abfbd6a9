// SPDX-License-Identifier: GPL-2.0
/*
 * genl.c - xnufuzz's generic netlink family: hand-built requests to the
 * module's families ("xnu_sysctl", "xnu_mach") on a raw NETLINK_GENERIC
 * socket: every command number and some past them, do and dump, random
 * nlmsg_flags, genlmsghdr version and reserved fields, valid attributes,
 * attributes of the wrong type or length, unknown, duplicated, missing,
 * and truncated ones; dumps read to the end, read halfway then abandoned
 * or cut by closing the socket; watches added and left for the close to
 * clean up; the multicast group joined now and then. libnl only resolves
 * the family and group ids.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "xnufuzz.h"
#include "xnu_sysctl.h"
#include "xnu_sysctl_genl.h"
#include "xnu_mach_genl.h"

static int fz_fam_sysctl, fz_fam_mach, fz_grp_events;
static __thread int fz_nl = -1;
static __thread uint32_t fz_nl_seq;

/*
 * Resolve the families (once per process, before the threads start);
 * -1 when neither resolves (every genl call would then test nothing).
 */
int fz_genl_setup(struct fz_ctx *c)
{
	struct nl_sock *s;

	if (fz_fam_sysctl || fz_fam_mach)
		return 0;
	s = nl_socket_alloc();
	if (!s)
		return -1;
	if (genl_connect(s) == 0) {
		fz_fam_sysctl = genl_ctrl_resolve(s, XNU_SYSCTL_GENL_NAME);
		fz_fam_mach = genl_ctrl_resolve(s, XNU_MACH_GENL_NAME);
		fz_grp_events = genl_ctrl_resolve_grp(s, XNU_SYSCTL_GENL_NAME,
						      XNU_SYSCTL_GENL_MCGRP);
	}
	nl_socket_free(s);
	if (fz_fam_sysctl < 0)
		fz_fam_sysctl = 0;
	if (fz_fam_mach < 0)
		fz_fam_mach = 0;
	if (fz_grp_events < 0)
		fz_grp_events = 0;
	return fz_fam_sysctl || fz_fam_mach ? 0 : -1;
}

static int fz_nl_open(struct fz_ctx *c)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;

	fz_nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fz_nl < 0)
		return -1;
	if (bind(fz_nl, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fz_nl);
		fz_nl = -1;
		return -1;
	}
	if (fz_one_in(c, 2))
		setsockopt(fz_nl, SOL_NETLINK, NETLINK_EXT_ACK, &one,
			   sizeof(one));
	if (fz_grp_events && fz_one_in(c, 4))
		setsockopt(fz_nl, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
			   &fz_grp_events, sizeof(fz_grp_events));
	return 0;
}

/* Append one attribute at @p (room for @room bytes); returns bytes used. */
static size_t fz_attr(struct fz_ctx *c, uint8_t *p, size_t room, int family)
{
	struct nlattr *na = (void *)p;
	uint8_t *d = p + NLA_HDRLEN;
	uint32_t len, i, type;

	if (room < NLA_HDRLEN + 64)
		return 0;
	type = fz_one_in(c, 8) ? fz_below(c, 0x10000) :
		fz_below(c, family == fz_fam_mach ? XNU_MACH_A_MAX + 3 :
			 XNU_SYSCTL_A_MAX + 3);
	switch (fz_below(c, 6)) {
	case 0:	/* a u32 */
		len = 4;
		*(uint32_t *)d = fz_u32(c);
		if (type == XNU_MACH_A_PID && family == fz_fam_mach &&
		    fz_one_in(c, 2)) {
			static const int32_t pids[] = { 0, 1, 2, -1 };

			/* ourselves, a sibling (a fuzzing process), others */
			*(uint32_t *)d = fz_one_in(c, 4) ?
				(uint32_t)getpid() + fz_below(c, 5) - 2 :
				fz_one_in(c, 3) ? (uint32_t)pids[fz_below(c, 4)] :
				(uint32_t)getppid() + fz_below(c, 400);
		}
		break;
	case 1:	/* a MIB: 0 to CTL_MAXNAME + 2 ints */
		len = 4 * fz_below(c, CTL_MAXNAME + 3);
		for (i = 0; i < len / 4; i++)
			((int32_t *)d)[i] = fz_one_in(c, 4) ? (int32_t)fz_u32(c) :
				(int32_t)fz_below(c, 10);
		if (len >= 8 && fz_one_in(c, 4)) {
			/* a real leaf, mostly: kern.ostype, hw.ncpu */
			((int32_t *)d)[0] = fz_one_in(c, 2) ? CTL_KERN : CTL_HW;
			((int32_t *)d)[1] = fz_one_in(c, 2) ? 1 : 3;
			len = 8;
		}
		if (!fz_one_in(c, 4))
			type = XNU_SYSCTL_A_MIB;
		break;
	case 2:	/* a u64 */
		len = 8;
		*(uint64_t *)d = fz_u64(c);
		break;
	case 3:	/* a flag */
		len = 0;
		break;
	default:	/* bytes, odd lengths */
		len = fz_below(c, 64);
		fz_fill(c, d, len);
		break;
	}
	na->nla_type = (uint16_t)type;
	if (fz_one_in(c, 32))
		na->nla_type |= fz_one_in(c, 2) ? NLA_F_NESTED :
			NLA_F_NET_BYTEORDER;
	na->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (fz_one_in(c, 32))	/* a lie about the length */
		na->nla_len = (uint16_t)fz_u32(c);
	return NLA_ALIGN(NLA_HDRLEN + len);
}

/*
 * Count the kernel's first answer to request @seq: an error reply with a
 * negative errno in the errno counter; an ack (error 0), a data message
 * or the end of a dump in the success one.
 */
static void fz_nl_count(struct fz_ctx *c, const struct nlmsghdr *h,
			uint32_t seq, bool *counted)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);

	if (*counted || h->nlmsg_seq != seq)
		return;
	*counted = true;
	if (h->nlmsg_type == NLMSG_ERROR &&
	    h->nlmsg_len >= NLMSG_LENGTH(sizeof(e->error)) && e->error < 0)
		__atomic_add_fetch(&c->traps_errno[FZ_GENL], 1, __ATOMIC_RELAXED);
	else
		__atomic_add_fetch(&c->traps_ok[FZ_GENL], 1, __ATOMIC_RELAXED);
}

/* Read what the kernel answers, to the end of a dump or not. */
static void fz_nl_read(struct fz_ctx *c, bool dump, uint32_t seq)
{
	size_t alen;
	uint8_t *buf = fz_arena(c, &alen);
	int limit = dump ? (fz_one_in(c, 4) ? 1 + (int)fz_below(c, 3) : 200) : 4;
	ssize_t n;
	size_t rem, step;
	const struct nlmsghdr *h;
	bool counted = false;

	while (limit-- > 0) {
		n = recv(fz_nl, buf, alen, MSG_DONTWAIT);
		if (n <= 0)
			return;
		/*
		 * Not NLMSG_NEXT() on a signed length cast to size_t: past a
		 * last message whose length is not aligned it goes negative,
		 * the cast makes it huge, and the walk leaves the buffer.
		 */
		for (h = (const void *)buf, rem = (size_t)n;
		     NLMSG_OK(h, rem); rem -= step,
		     h = (const void *)((const uint8_t *)h + step)) {
			fz_nl_count(c, h, seq, &counted);
			if (h->nlmsg_type == NLMSG_DONE ||
			    h->nlmsg_type == NLMSG_ERROR)
				return;
			step = NLMSG_ALIGN(h->nlmsg_len);
			if (step >= rem)
				break;
		}
	}
}

void fz_genl_one(struct fz_ctx *c)
{
	uint8_t msg[1024];
	struct nlmsghdr *h = (void *)msg;
	struct genlmsghdr *g = (void *)(msg + NLMSG_HDRLEN);
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	size_t off;
	int family, nattr, i;
	bool dump;

	/* Never true: a process whose setup resolved no family exits. */
	if (!fz_fam_sysctl && !fz_fam_mach)
		return;
	fz_count(c, FZ_GENL);
	if (fz_nl >= 0 && fz_one_in(c, 64)) {
		/* Close, with whatever watches and dump the socket has. */
		close(fz_nl);
		fz_nl = -1;
	}
	if (fz_nl < 0 && fz_nl_open(c) < 0)
		return;
	family = fz_one_in(c, 2) ? fz_fam_sysctl : fz_fam_mach;
	if (!family)
		family = fz_fam_sysctl ? fz_fam_sysctl : fz_fam_mach;
	memset(msg, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	h->nlmsg_type = fz_one_in(c, 64) ? (uint16_t)fz_u32(c) : (uint16_t)family;
	dump = fz_one_in(c, 2);
	h->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0) |
		(fz_one_in(c, 2) ? NLM_F_ACK : 0);
	if (fz_one_in(c, 16))
		h->nlmsg_flags |= (uint16_t)fz_u32(c);
	h->nlmsg_seq = ++fz_nl_seq;
	g->cmd = fz_one_in(c, 8) ? (uint8_t)fz_below(c, 256) :
		(uint8_t)fz_below(c, family == fz_fam_mach ? 3 :
				  XNU_SYSCTL_CMD_MAX + 2);
	g->version = fz_one_in(c, 8) ? (uint8_t)fz_below(c, 256) : 1;
	g->reserved = fz_one_in(c, 16) ? (uint16_t)fz_u32(c) : 0;
	off = NLMSG_HDRLEN + GENL_HDRLEN;
	nattr = fz_one_in(c, 4) ? 0 : (int)fz_below(c, 5);
	for (i = 0; i < nattr; i++)
		off += fz_attr(c, msg + off, sizeof(msg) - off, family);
	h->nlmsg_len = (uint32_t)off;
	if (fz_one_in(c, 32))	/* truncated or padded */
		h->nlmsg_len = (uint32_t)(fz_below(c, (uint32_t)off + 8));
	if (sendto(fz_nl, msg, off, 0, (struct sockaddr *)&to, sizeof(to)) < 0 &&
	    errno == EBADF)
		fz_nl = -1;
	else
		fz_nl_read(c, dump, h->nlmsg_seq);
}

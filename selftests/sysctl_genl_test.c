// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl_genl_test - the sysctl control plane (the "xnu_sysctl" generic
 * netlink family) through libxnucross and raw netlink: the dump (kern.ostype
 * is "Darwin" with its kind, format and MIB; a subtree holds only its own
 * names; values equal sysctl() reads; nodes, leaves-only, no-values and
 * CTLFLAG_MASKED marks), change events of watched OIDs only, registration
 * events, dump consistency while another thread registers and unregisters
 * OIDs (only consistent dumps or NLM_F_DUMP_INTR), malformed requests
 * refused by the policies, and watches dropped when their socket closes
 * (the GET_STATS counters). Read-only tests run as root and as nobody;
 * the others need root to write OIDs and load xnu_sysctl_test.ko.
 */
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "sys/sysctl.h"
#include "xnu_sysctl_genl.h"
#include "xnucross_sysctl.h"
#include "xnu_selftest.h"
#include "kselftest_harness.h"
#include "xnu_sysctl_selftest.h"

#define BULK_PREFIX	"debug.emutest.bulk_node.o"

/* ---- helpers ---- */

static int write_int(const char *name, int v)
{
	return sysctlbyname(name, NULL, NULL, &v, sizeof(v)) ? errno : 0;
}

static int read_int(const char *name, int *v)
{
	size_t len = sizeof(*v);

	return sysctlbyname(name, v, &len, NULL, 0) ? errno : 0;
}

static int mibcmp(const int *a, unsigned int alen, const int *b,
		  unsigned int blen)
{
	unsigned int i;

	for (i = 0; i < alen && i < blen; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

static const struct xnucross_sysctl_entry *
find_entry(const struct xnucross_sysctl_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (!strcmp(l->entries[i].name, name))
			return &l->entries[i];
	return NULL;
}

/* The next event within ms, or 0 (timeout) / -1 (failure). */
static int next_event(struct xnucross_sysctl_events *ev,
		      struct xnucross_sysctl_event *e, int ms)
{
	return xnucross_sysctl_event_next(ev, e, ms);
}

/* Open an event handle and watch name with the effective uid nobody. */
static struct xnucross_sysctl_events *open_as_nobody(unsigned int flags,
						     const char *name)
{
	struct xnucross_sysctl_events *ev;
	int err = 0;

	if (setegid(XNU_NOBODY) || seteuid(XNU_NOBODY))
		return NULL;
	ev = xnucross_sysctl_events_open(flags);
	if (ev && name && xnucross_sysctl_watch_name(ev, name)) {
		err = errno;
		xnucross_sysctl_events_close(ev);
		ev = NULL;
	}
	if (seteuid(0) || setegid(0))
		abort();
	errno = err;
	return ev;
}

/* ---- raw requests ---- */

/* A raw genl socket and the family's id; the socket, or -1. */
static int raw_open(int *family)
{
	struct nl_sock *sk = nl_socket_alloc();
	int fd;

	if (!sk || genl_connect(sk))
		return -1;
	*family = genl_ctrl_resolve(sk, XNU_SYSCTL_GENL_NAME);
	fd = dup(nl_socket_get_fd(sk));
	nl_socket_free(sk);
	return *family < 0 ? -1 : fd;
}

/*
 * Send cmd with the attributes in attrs (already in netlink format) and
 * return the kernel's answer: 0 (ack or a clean end of dump), or the errno.
 */
static int raw_request(int family, uint8_t cmd, uint16_t flags,
		       uint8_t reserved, const void *attrs, size_t alen)
{
	char buf[8192];
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr gh;
		char attrs[256];
	} req;
	struct nlmsghdr *nlh;
	int fd, fam, ret = -1;
	ssize_t n;

	fd = raw_open(&fam);
	if (fd < 0 || fam != family || alen > sizeof(req.attrs))
		return -1;
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + alen);
	req.nlh.nlmsg_type = family;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	req.nlh.nlmsg_seq = 42;
	req.gh.cmd = cmd;
	req.gh.version = XNU_SYSCTL_GENL_VERSION;
	req.gh.reserved = reserved;
	memcpy(req.attrs, attrs, alen);
	if (send(fd, &req, req.nlh.nlmsg_len, 0) < 0)
		goto out;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			goto out;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				ret = -((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
				goto out;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				ret = 0;
				goto out;
			}
		}
	}
out:
	close(fd);
	return ret;
}

/* Append one attribute to buf at *len. */
static void raw_attr(char *buf, size_t *len, uint16_t type, const void *data,
		     size_t dlen)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + dlen, .nla_type = type };

	memcpy(buf + *len, &nla, sizeof(nla));
	memcpy(buf + *len + NLA_HDRLEN, data, dlen);
	*len += NLA_ALIGN(NLA_HDRLEN + dlen);
}

/* ---- fixture: root or nobody ---- */

FIXTURE(genl) {
	int nobody;
};
XNU_FIXTURE_PROTOTYPES(genl);

FIXTURE_VARIANT(genl) {
	int nobody;
};

FIXTURE_VARIANT_ADD(genl, root) { .nobody = 0 };
FIXTURE_VARIANT_ADD(genl, nobody) { .nobody = 1 };

FIXTURE_SETUP(genl)
{
	self->nobody = variant->nobody;
	if (variant->nobody)
		ASSERT_EQ(0, xnu_drop_to_nobody());
}

FIXTURE_TEARDOWN(genl)
{
}

TEST_F(genl, dump_finds_ostype)
{
	const struct xnucross_sysctl_entry *e, *prev = NULL;
	struct xnucross_sysctl_list *l;
	size_t i;

	ASSERT_EQ(0, xnucross_sysctl_dump_list(NULL, 0, 0, &l)) {
		TH_LOG("dump: %s", strerror(errno));
	}
	ASSERT_LT(20, l->count);
	EXPECT_NE(0, l->generation);

	e = find_entry(l, "kern.ostype");
	ASSERT_NE(NULL, e);
	ASSERT_EQ(2, e->miblen);
	EXPECT_EQ(CTL_KERN, e->mib[0]);
	EXPECT_EQ(KERN_OSTYPE, e->mib[1]);
	EXPECT_EQ(CTLTYPE_STRING, e->kind & CTLTYPE);
	EXPECT_NE(0, e->kind & CTLFLAG_RD);
	EXPECT_STREQ("A", e->fmt);
	ASSERT_TRUE(e->has_value);
	EXPECT_EQ(7, e->valuelen);
	EXPECT_EQ(0, memcmp(e->value, "Darwin", 7));
	EXPECT_EQ(0, e->error);

	/* Nodes are there, without value; the order is depth-first. */
	e = find_entry(l, "kern");
	ASSERT_NE(NULL, e);
	EXPECT_EQ(1, e->miblen);
	EXPECT_EQ(CTLTYPE_NODE, e->kind & CTLTYPE);
	EXPECT_FALSE(e->has_value);
	EXPECT_STREQ("N", e->fmt);
	for (i = 0; i < l->count; i++) {
		e = &l->entries[i];
		if (prev) {
			EXPECT_GT(0, mibcmp(prev->mib, prev->miblen, e->mib,
					    e->miblen)) {
				TH_LOG("%s after %s", e->name, prev->name);
			}
		}
		/* A leaf has a value or says why not; a node has neither. */
		if ((e->kind & CTLTYPE) == CTLTYPE_NODE) {
			EXPECT_FALSE(e->has_value || e->error);
		} else {
			EXPECT_TRUE(e->has_value != !!e->error) {
				TH_LOG("%s: value %d error %d", e->name,
				       e->has_value, e->error);
			}
		}
		EXPECT_EQ(!!(e->kind & CTLFLAG_MASKED), e->masked);
		prev = e;
	}
	xnucross_sysctl_list_free(l);
}

TEST_F(genl, subtree_and_flags)
{
	int hw[] = { CTL_HW }, ostype[] = { CTL_KERN, KERN_OSTYPE };
	struct xnucross_sysctl_list *l, *leaves, *bare;
	const struct xnucross_sysctl_entry *e;
	size_t i;

	ASSERT_EQ(0, xnucross_sysctl_dump_list(hw, 1, 0, &l));
	ASSERT_LT(5, l->count);
	EXPECT_STREQ("hw", l->entries[0].name);
	EXPECT_EQ(1, l->entries[0].miblen);
	for (i = 0; i < l->count; i++) {
		e = &l->entries[i];
		EXPECT_EQ(CTL_HW, e->mib[0]);
		EXPECT_TRUE(i == 0 ? !strcmp(e->name, "hw") :
				     !strncmp(e->name, "hw.", 3)) {
			TH_LOG("%s in the hw dump", e->name);
		}
	}
	EXPECT_NE(NULL, find_entry(l, "hw.ncpu"));
	EXPECT_NE(NULL, find_entry(l, "hw.pagesize"));

	/* Leaves only: no plain node, the same leaves. */
	ASSERT_EQ(0, xnucross_sysctl_dump_list(hw, 1, XNUCROSS_SYSCTL_DUMP_LEAVES,
					       &leaves));
	EXPECT_EQ(NULL, find_entry(leaves, "hw"));
	for (i = 0; i < l->count; i++)
		if ((l->entries[i].kind & CTLTYPE) != CTLTYPE_NODE)
			EXPECT_NE(NULL, find_entry(leaves, l->entries[i].name));

	/* No values: no handler runs, nothing carries a value. */
	ASSERT_EQ(0, xnucross_sysctl_dump_list(hw, 1,
					       XNUCROSS_SYSCTL_DUMP_NO_VALUES,
					       &bare));
	EXPECT_EQ(l->count, bare->count);
	for (i = 0; i < bare->count; i++)
		EXPECT_FALSE(bare->entries[i].has_value ||
			     bare->entries[i].error);
	xnucross_sysctl_list_free(l);
	xnucross_sysctl_list_free(leaves);
	xnucross_sysctl_list_free(bare);

	/* A leaf's subtree is the leaf. */
	ASSERT_EQ(0, xnucross_sysctl_dump_list(ostype, 2, 0, &l));
	ASSERT_EQ(1, l->count);
	EXPECT_STREQ("kern.ostype", l->entries[0].name);
	xnucross_sysctl_list_free(l);
}

TEST_F(genl, values_match_sysctl)
{
	int tops[] = { CTL_KERN, CTL_HW };
	struct xnucross_sysctl_list *l;
	const struct xnucross_sysctl_entry *e;
	unsigned char buf[65536];
	int mib[CTL_MAXNAME];
	size_t i, len, n, checked = 0;
	unsigned int t;

	for (t = 0; t < ARRAY_SIZE(tops); t++) {
		ASSERT_EQ(0, xnucross_sysctl_dump_list(&tops[t], 1, 0, &l));
		for (i = 0; i < l->count; i++) {
			e = &l->entries[i];
			if ((e->kind & CTLTYPE) == CTLTYPE_NODE)
				continue;
			/* The name resolves to the MIB. */
			n = CTL_MAXNAME;
			ASSERT_EQ(0, sysctlnametomib(e->name, mib, &n)) {
				TH_LOG("%s: %s", e->name, strerror(errno));
			}
			EXPECT_EQ(0, mibcmp(mib, n, e->mib, e->miblen));
			len = sizeof(buf);
			if (sysctl((int *)e->mib, e->miblen, buf, &len, NULL,
				   0)) {
				EXPECT_FALSE(e->has_value);
				EXPECT_EQ(errno, e->error);
				continue;
			}
			ASSERT_TRUE(e->has_value) {
				TH_LOG("%s: dump error %d, sysctl read %zu bytes",
				       e->name, e->error, len);
			}
			EXPECT_EQ(len, e->valuelen) {
				TH_LOG("%s", e->name);
			}
			EXPECT_EQ(0, memcmp(buf, e->value,
					    len < e->valuelen ? len :
								e->valuelen)) {
				TH_LOG("%s differs", e->name);
			}
			checked++;
		}
		xnucross_sysctl_list_free(l);
	}
	EXPECT_LT(15, checked);
}

TEST_F(genl, bad_requests_refused)
{
	int family, fd, mib[CTL_MAXNAME + 1], i;
	char a[256];
	uint32_t u32 = 0;
	uint16_t u16 = 0;
	uint64_t u64 = 0;
	size_t len;

	fd = raw_open(&family);
	ASSERT_LE(0, fd);
	close(fd);
	for (i = 0; i < CTL_MAXNAME + 1; i++)
		mib[i] = i ? 1 : CTL_KERN;

	/* Sanity: the raw path works. */
	EXPECT_EQ(0, raw_request(family, XNU_SYSCTL_CMD_GET_STATS, 0, 0,
				 NULL, 0));
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_MIB, mib, 2 * sizeof(int));
	EXPECT_EQ(0, raw_request(family, XNU_SYSCTL_CMD_GET, NLM_F_DUMP, 0,
				 a, len));

	/* MIBs: oversize, empty, not whole ints. */
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_MIB, mib, sizeof(mib));
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_GET, NLM_F_DUMP,
				      0, a, len));
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_WATCH, 0, 0,
				      a, len));
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_MIB, mib, 0);
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_GET, NLM_F_DUMP,
				      0, a, len));
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_MIB, mib, 5);
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_WATCH, 0, 0,
				      a, len));
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_UNWATCH, 0, 0,
				      a, len));

	/* Flags: wrong sizes, unknown bits. */
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_DUMP_FLAGS, &u16, sizeof(u16));
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_GET, NLM_F_DUMP,
				      0, a, len));
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_DUMP_FLAGS, &u64, sizeof(u64));
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_GET, NLM_F_DUMP,
				      0, a, len));
	len = 0;
	u32 = 0x80;
	raw_attr(a, &len, XNU_SYSCTL_A_DUMP_FLAGS, &u32, sizeof(u32));
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_GET, NLM_F_DUMP,
				      0, a, len));

	/* Attributes the command does not take, or nobody knows. */
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_NAME, "kern", 5);
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_GET, NLM_F_DUMP,
				      0, a, len));
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_MAX + 7, &u32, sizeof(u32));
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_GET, NLM_F_DUMP,
				      0, a, len));
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_MIB, mib, 2 * sizeof(int));
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_GET_STATS, 0, 0,
				      a, len));
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_DUMP_FLAGS, &u32, sizeof(u32));
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_WATCH, 0, 0,
				      a, len));

	/* No MIB; a reserved header; an event as a request; GET as a do. */
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_WATCH, 0, 0,
				      NULL, 0));
	EXPECT_EQ(EINVAL, raw_request(family, XNU_SYSCTL_CMD_GET_STATS, 0, 1,
				      NULL, 0));
	EXPECT_EQ(EOPNOTSUPP, raw_request(family, XNU_SYSCTL_CMD_CHANGED, 0,
					  0, NULL, 0));
	EXPECT_EQ(EOPNOTSUPP, raw_request(family, XNU_SYSCTL_CMD_GET, 0, 0,
					  NULL, 0));

	/* Well-formed, but no such OID; after a leaf; a node. */
	len = 0;
	mib[0] = 99;
	raw_attr(a, &len, XNU_SYSCTL_A_MIB, mib, sizeof(int));
	EXPECT_EQ(ENOENT, raw_request(family, XNU_SYSCTL_CMD_GET, NLM_F_DUMP,
				      0, a, len));
	EXPECT_EQ(ENOENT, raw_request(family, XNU_SYSCTL_CMD_WATCH, 0, 0,
				      a, len));
	mib[0] = CTL_KERN;
	mib[1] = KERN_OSTYPE;
	mib[2] = 5;
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_MIB, mib, 3 * sizeof(int));
	EXPECT_EQ(EISDIR, raw_request(family, XNU_SYSCTL_CMD_GET, NLM_F_DUMP,
				      0, a, len));
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_MIB, mib, sizeof(int));
	EXPECT_EQ(EISDIR, raw_request(family, XNU_SYSCTL_CMD_WATCH, 0, 0,
				      a, len));
	len = 0;
	raw_attr(a, &len, XNU_SYSCTL_A_MIB, mib, 2 * sizeof(int));
	EXPECT_EQ(ENOENT, raw_request(family, XNU_SYSCTL_CMD_UNWATCH, 0, 0,
				      a, len));
}

/* Watches: refcounted per MIB, per socket, gone with the socket. */
TEST_F(genl, close_drops_watches)
{
	struct xnucross_sysctl_genl_stats s0, s;
	struct xnucross_sysctl_events *a, *b;
	int pfd[2], status;
	char c;
	pid_t pid;

	ASSERT_EQ(0, xnucross_sysctl_genl_stats(NULL, &s0));
	EXPECT_EQ(0, s0.mine);
	a = xnucross_sysctl_events_open(0);
	b = xnucross_sysctl_events_open(0);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(0, xnucross_sysctl_watch_name(a, "kern.ostype"));
	ASSERT_EQ(0, xnucross_sysctl_watch_name(a, "hw.ncpu"));
	ASSERT_EQ(0, xnucross_sysctl_watch_name(a, "debug.bpf_bufsize"));
	EXPECT_EQ(-1, xnucross_sysctl_watch_name(a, "hw.ncpu"));
	EXPECT_EQ(EEXIST, errno);
	EXPECT_EQ(-1, xnucross_sysctl_watch_name(a, "kern"));
	EXPECT_EQ(EISDIR, errno);
	ASSERT_EQ(0, xnucross_sysctl_watch_name(b, "kern.ostype"));

	ASSERT_EQ(0, xnucross_sysctl_genl_stats(a, &s));
	EXPECT_EQ(3, s.mine);
	EXPECT_EQ(s0.sockets + 2, s.sockets);
	EXPECT_EQ(s0.watches + 4, s.watches);
	EXPECT_EQ(s0.oids + 3, s.oids);

	/* Unwatch, then close: back to the start. */
	ASSERT_EQ(0, xnucross_sysctl_unwatch_name(a, "hw.ncpu"));
	EXPECT_EQ(-1, xnucross_sysctl_unwatch_name(a, "hw.ncpu"));
	EXPECT_EQ(ENOENT, errno);
	ASSERT_EQ(0, xnucross_sysctl_genl_stats(b, &s));
	EXPECT_EQ(1, s.mine);
	EXPECT_EQ(s0.watches + 3, s.watches);
	EXPECT_EQ(s0.oids + 2, s.oids);
	xnucross_sysctl_events_close(a);
	ASSERT_EQ(0, xnucross_sysctl_genl_stats(b, &s));
	EXPECT_EQ(s0.sockets + 1, s.sockets);
	EXPECT_EQ(s0.watches + 1, s.watches);
	EXPECT_EQ(s0.oids + 1, s.oids);
	xnucross_sysctl_events_close(b);
	ASSERT_EQ(0, xnucross_sysctl_genl_stats(NULL, &s));
	EXPECT_EQ(s0.sockets, s.sockets);
	EXPECT_EQ(s0.watches, s.watches);
	EXPECT_EQ(s0.oids, s.oids);

	/* A process killed while watching leaves nothing behind. */
	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct xnucross_sysctl_events *ev;

		ev = xnucross_sysctl_events_open(0);
		if (!ev || xnucross_sysctl_watch_name(ev, "kern.ostype") ||
		    xnucross_sysctl_watch_name(ev, "debug.bpf_bufsize"))
			_exit(1);
		if (write(pfd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(pfd[1]);
	ASSERT_EQ(1, read(pfd[0], &c, 1));
	close(pfd[0]);
	ASSERT_EQ(0, xnucross_sysctl_genl_stats(NULL, &s));
	EXPECT_EQ(s0.watches + 2, s.watches);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, xnucross_sysctl_genl_stats(NULL, &s));
	EXPECT_EQ(s0.sockets, s.sockets);
	EXPECT_EQ(s0.watches, s.watches);
	EXPECT_EQ(s0.oids, s.oids);
}

/* ---- root: writes, registrations ---- */

/* A write to a watched OID is reported; unwatched ones are not. */
TEST(change_events)
{
	struct xnucross_sysctl_events *ev, *other;
	struct xnucross_sysctl_event e;
	int old, val, mib[CTL_MAXNAME];
	size_t n = CTL_MAXNAME;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, read_int("debug.bpf_bufsize", &old));
	ASSERT_EQ(0, sysctlnametomib("debug.bpf_bufsize", mib, &n));
	/* Watched by a handle opened as nobody; another watches hw.ncpu. */
	ev = open_as_nobody(0, "debug.bpf_bufsize");
	ASSERT_NE(NULL, ev) {
		TH_LOG("watch as nobody: %s", strerror(errno));
	}
	other = open_as_nobody(0, "hw.ncpu");
	ASSERT_NE(NULL, other);
	ASSERT_EQ(0, next_event(ev, &e, 0));

	val = old + 4096;
	ASSERT_EQ(0, write_int("debug.bpf_bufsize", val));
	ASSERT_EQ(1, next_event(ev, &e, 2000));
	EXPECT_EQ(XNUCROSS_SYSCTL_EV_CHANGED, e.type);
	EXPECT_EQ(0, mibcmp(mib, n, e.mib, e.miblen));
	EXPECT_STREQ("debug.bpf_bufsize", e.name);
	ASSERT_TRUE(e.has_value);
	ASSERT_EQ(sizeof(int), e.valuelen);
	EXPECT_EQ(val, *(const int *)e.value);
	EXPECT_EQ(0, next_event(ev, &e, 200));
	/* The other handle does not watch it. */
	EXPECT_EQ(0, next_event(other, &e, 200));

	/* A read is not a change; a failed write is not either. */
	ASSERT_EQ(0, read_int("debug.bpf_bufsize", &val));
	EXPECT_EQ(0, next_event(ev, &e, 200));

	/* Restore: reported too. */
	ASSERT_EQ(0, write_int("debug.bpf_bufsize", old));
	ASSERT_EQ(1, next_event(ev, &e, 2000));
	EXPECT_EQ(old, *(const int *)e.value);

	/* Unwatched: nothing. */
	ASSERT_EQ(0, xnucross_sysctl_unwatch(ev, mib, n));
	ASSERT_EQ(0, write_int("debug.bpf_bufsize", old + 1));
	EXPECT_EQ(0, next_event(ev, &e, 300));
	ASSERT_EQ(0, write_int("debug.bpf_bufsize", old));
	EXPECT_EQ(0, next_event(ev, &e, 300));
	xnucross_sysctl_events_close(ev);
	xnucross_sysctl_events_close(other);
	ASSERT_EQ(0, read_int("debug.bpf_bufsize", &val));
	EXPECT_EQ(old, val);
}

TEST(registration_events)
{
	struct xnucross_sysctl_events *ev, *plain;
	struct xnucross_sysctl_event e;
	int mibs[3][CTL_MAXNAME];
	unsigned int miblens[3];
	uint64_t gen = 0;
	char name[64];
	int i, got, seen;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, emu_ensure_loaded());
	ASSERT_EQ(0, write_int("debug.emutest.bulk", 0));
	ev = open_as_nobody(XNUCROSS_SYSCTL_EV_REGISTRATIONS, NULL);
	ASSERT_NE(NULL, ev);
	plain = xnucross_sysctl_events_open(0);
	ASSERT_NE(NULL, plain);

	ASSERT_EQ(0, write_int("debug.emutest.bulk", 3));
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(1, next_event(ev, &e, 2000));
		ASSERT_EQ(XNUCROSS_SYSCTL_EV_REGISTERED, e.type);
		snprintf(name, sizeof(name), BULK_PREFIX "%d", i);
		EXPECT_STREQ(name, e.name);
		EXPECT_LT(gen, e.generation);
		gen = e.generation;
		memcpy(mibs[i], e.mib, sizeof(e.mib));
		miblens[i] = e.miblen;
	}
	ASSERT_EQ(0, write_int("debug.emutest.bulk", 0));
	seen = 0;
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(1, next_event(ev, &e, 2000));
		ASSERT_EQ(XNUCROSS_SYSCTL_EV_UNREGISTERED, e.type);
		EXPECT_LT(gen, e.generation);
		gen = e.generation;
		for (got = 0; got < 3; got++)
			if (!mibcmp(mibs[got], miblens[got], e.mib, e.miblen))
				seen |= 1 << got;
	}
	EXPECT_EQ(7, seen);
	EXPECT_EQ(0, next_event(ev, &e, 200));
	/* Without the flag, a handle hears none of it. */
	EXPECT_EQ(0, next_event(plain, &e, 0));
	xnucross_sysctl_events_close(ev);
	xnucross_sysctl_events_close(plain);
}

/* MASKED OIDs are in the dump, marked. */
TEST(masked_marked)
{
	struct xnucross_sysctl_list *l;
	const struct xnucross_sysctl_entry *e;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, emu_ensure_loaded());
	ASSERT_EQ(0, xnucross_sysctl_dump_list(NULL, 0, 0, &l));
	e = find_entry(l, "debug.emutest.masked");
	ASSERT_NE(NULL, e);
	EXPECT_TRUE(e->masked);
	EXPECT_NE(0, e->kind & CTLFLAG_MASKED);
	e = find_entry(l, "debug.emutest.bulk");
	ASSERT_NE(NULL, e);
	EXPECT_FALSE(e->masked);
	xnucross_sysctl_list_free(l);
}

/* One socket holds at most XNU_SYSCTL_GENL_MAX_WATCHES watches. */
TEST(watch_limit)
{
	struct xnucross_sysctl_genl_stats s;
	struct xnucross_sysctl_events *ev;
	char name[64];
	int i;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, emu_ensure_loaded());
	ASSERT_EQ(0, write_int("debug.emutest.bulk",
			       XNU_SYSCTL_GENL_MAX_WATCHES + 1));
	ev = xnucross_sysctl_events_open(0);
	ASSERT_NE(NULL, ev);
	for (i = 0; i < XNU_SYSCTL_GENL_MAX_WATCHES; i++) {
		snprintf(name, sizeof(name), BULK_PREFIX "%d", i);
		ASSERT_EQ(0, xnucross_sysctl_watch_name(ev, name));
	}
	snprintf(name, sizeof(name), BULK_PREFIX "%d", i);
	EXPECT_EQ(-1, xnucross_sysctl_watch_name(ev, name));
	EXPECT_EQ(ENOSPC, errno);
	ASSERT_EQ(0, xnucross_sysctl_genl_stats(ev, &s));
	EXPECT_EQ(XNU_SYSCTL_GENL_MAX_WATCHES, s.mine);
	/* Watches outlive the OIDs; the socket's close ends them. */
	ASSERT_EQ(0, write_int("debug.emutest.bulk", 0));
	ASSERT_EQ(0, xnucross_sysctl_genl_stats(ev, &s));
	EXPECT_EQ(XNU_SYSCTL_GENL_MAX_WATCHES, s.mine);
	xnucross_sysctl_events_close(ev);
	ASSERT_EQ(0, xnucross_sysctl_genl_stats(NULL, &s));
	EXPECT_GT(XNU_SYSCTL_GENL_MAX_WATCHES, s.watches);
}

/* ---- consistency under concurrent registration ---- */

static volatile int toggling;

static void *toggle_bulk(void *arg)
{
	long n = 0;

	while (toggling) {
		if (write_int("debug.emutest.bulk", n++ % 2 ? 0 : 40))
			return (void *)-1L;
		/* Room for some dumps to go through whole. */
		if (n % 4 == 0)
			usleep(20000);
	}
	return (void *)n;
}

/*
 * A dump of bulk_node is, when not interrupted, a snapshot: o0 .. o<m-1>
 * in order, each with its own index as value, whole.
 */
static int check_bulk_dump(struct __test_metadata *_metadata,
			   const struct xnucross_sysctl_list *l)
{
	const struct xnucross_sysctl_entry *e;
	char name[64];
	size_t i;

	for (i = 1; i < l->count; i++) {
		e = &l->entries[i];
		snprintf(name, sizeof(name), BULK_PREFIX "%zu", i - 1);
		if (strcmp(name, e->name) || (e->kind & CTLTYPE) != CTLTYPE_INT ||
		    strcmp(e->fmt, "I") || strcmp(e->descr, "bulk") ||
		    !e->has_value || e->valuelen != sizeof(int) ||
		    *(const int *)e->value != (int)(i - 1)) {
			TH_LOG("entry %zu of %zu: %s (%s/%s) value %d", i,
			       l->count, e->name, e->fmt, e->descr,
			       e->has_value ? *(const int *)e->value : -1);
			return -1;
		}
	}
	return 0;
}

TEST(dump_consistent_under_registration)
{
	struct xnucross_sysctl_list *l;
	int node[CTL_MAXNAME], ok = 0, intr = 0, whole = 0, i;
	size_t n = CTL_MAXNAME;
	unsigned long taint = xnu_taint();
	time_t end;
	pthread_t th;
	void *res;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, emu_ensure_loaded());
	ASSERT_EQ(0, sysctlnametomib("debug.emutest.bulk_node", node, &n));

	toggling = 1;
	ASSERT_EQ(0, pthread_create(&th, NULL, toggle_bulk, NULL));
	end = time(NULL) + 8;
	for (i = 0; time(NULL) < end && (intr < 20 || ok < 40); i++) {
		if (xnucross_sysctl_dump_list(node, n,
					      XNUCROSS_SYSCTL_DUMP_NO_RETRY,
					      &l)) {
			EXPECT_EQ(EAGAIN, errno);
			intr++;
		} else {
			EXPECT_EQ(0, check_bulk_dump(_metadata, l));
			ok++;
			xnucross_sysctl_list_free(l);
		}
		/* The whole tree too, now and then. */
		if (i % 8 == 0) {
			if (xnucross_sysctl_dump_list(NULL, 0,
					XNUCROSS_SYSCTL_DUMP_NO_RETRY |
					(i % 16 ? XNUCROSS_SYSCTL_DUMP_NO_VALUES : 0),
					&l)) {
				EXPECT_EQ(EAGAIN, errno);
				intr++;
			} else {
				whole++;
				xnucross_sysctl_list_free(l);
			}
		}
	}
	toggling = 0;
	ASSERT_EQ(0, pthread_join(th, &res));
	EXPECT_LT(0L, (long)res);
	TH_LOG("%d dumps: %d consistent, %d interrupted, %d whole trees",
	       i, ok, intr, whole);
	EXPECT_LT(0, intr);
	EXPECT_LT(0, ok);

	/* Quiet again: the retrying dump succeeds and is complete. */
	ASSERT_EQ(0, write_int("debug.emutest.bulk", 25));
	ASSERT_EQ(0, xnucross_sysctl_dump_list(node, n, 0, &l));
	EXPECT_EQ(26, l->count);
	EXPECT_EQ(0, check_bulk_dump(_metadata, l));
	xnucross_sysctl_list_free(l);
	ASSERT_EQ(0, write_int("debug.emutest.bulk", 0));
	EXPECT_EQ(taint & XNU_TAINT_BAD, xnu_taint() & XNU_TAINT_BAD);
}

/* ---- handlers writing on after an error; events and rights ---- */

#define CHUNK_LEN	3000
#define CHUNKS		3

/* Byte k of debug.emutest.chunks (the test module's emu_chunk_byte()). */
static unsigned char chunk_byte(size_t k)
{
	return (k * 13 + k / CHUNK_LEN + 7) % 251;
}

/* The first byte of p that is not the chunks pattern, or len. */
static size_t chunks_mismatch(const unsigned char *p, size_t len)
{
	size_t k;

	for (k = 0; k < len; k++)
		if (p[k] != chunk_byte(k))
			break;
	return k;
}

/*
 * Regression: into a kernel buffer, a chunk that did not fit was partly
 * copied and oldidx advanced anyway, so a handler writing on after ENOMEM
 * (as Darwin handlers do) wrote past the dump's value buffer, and a value
 * could end in a partial chunk.
 */
TEST(dump_handler_writing_past_enomem)
{
	static unsigned char buf[4 * CHUNK_LEN];
	const struct xnucross_sysctl_entry *e;
	unsigned long taint = xnu_taint();
	struct xnucross_sysctl_list *l;
	int mib[CTL_MAXNAME], mode, overrun;
	size_t n = CTL_MAXNAME, len;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, emu_ensure_loaded());
	ASSERT_EQ(0, sysctlnametomib("debug.emutest.chunks", mib, &n));
	for (mode = 0; mode < 2; mode++) {
		/* 0: the handler returns its first error; 1: it returns 0. */
		ASSERT_EQ(0, write_int("debug.emutest.chunks_mode", mode));
		ASSERT_EQ(0, write_int("debug.emutest.chunks_overrun", 0));
		ASSERT_EQ(0, xnucross_sysctl_dump_list(mib, n, 0, &l)) {
			TH_LOG("mode %d: dump: %s", mode, strerror(errno));
		}
		ASSERT_EQ(1, l->count);
		e = &l->entries[0];
		EXPECT_STREQ("debug.emutest.chunks", e->name);
		ASSERT_TRUE(e->has_value) {
			TH_LOG("mode %d: no value, error %d", mode, e->error);
		}
		if (mode == 0) {
			/* Grown until it fitted: all of it. */
			EXPECT_EQ(CHUNKS * CHUNK_LEN, e->valuelen);
		} else {
			/* What the first buffer held: whole chunks only. */
			EXPECT_LT(0U, e->valuelen);
			EXPECT_GE(CHUNKS * CHUNK_LEN, e->valuelen);
			EXPECT_EQ(0U, e->valuelen % CHUNK_LEN) {
				TH_LOG("mode 1: a value of %zu bytes: a partial chunk",
				       e->valuelen);
			}
		}
		len = e->valuelen < CHUNKS * CHUNK_LEN ? e->valuelen :
							   CHUNKS * CHUNK_LEN;
		EXPECT_EQ(len, chunks_mismatch(e->value, len));
		overrun = -1;
		EXPECT_EQ(0, read_int("debug.emutest.chunks_overrun",
				      &overrun));
		EXPECT_EQ(0, overrun) {
			TH_LOG("mode %d: %d chunks left oldidx past the kernel buffer",
			       mode, overrun);
		}
		xnucross_sysctl_list_free(l);

		/* sysctl() into a user buffer agrees. */
		len = sizeof(buf);
		ASSERT_EQ(0, sysctl(mib, n, buf, &len, NULL, 0));
		EXPECT_EQ(CHUNKS * CHUNK_LEN, len);
		EXPECT_EQ(len, chunks_mismatch(buf, len));
	}
	/* The whole tree's dump goes through it too. */
	ASSERT_EQ(0, write_int("debug.emutest.chunks_overrun", 0));
	ASSERT_EQ(0, xnucross_sysctl_dump_list(NULL, 0, 0, &l));
	e = find_entry(l, "debug.emutest.chunks");
	ASSERT_NE(NULL, e);
	EXPECT_TRUE(e->has_value && e->valuelen % CHUNK_LEN == 0);
	xnucross_sysctl_list_free(l);
	EXPECT_EQ(0, read_int("debug.emutest.chunks_overrun", &overrun));
	EXPECT_EQ(0, overrun);
	ASSERT_EQ(0, write_int("debug.emutest.chunks_mode", 0));
	EXPECT_EQ(taint & XNU_TAINT_BAD, xnu_taint() & XNU_TAINT_BAD);
}

/* What a listener saw of one change event. */
struct ev_seen {
	int ret;	/* xnucross_sysctl_event_next(), or -100 - setup step */
	int err;
	int type;
	int has_value;
	int error;
	size_t valuelen;
	int value;
	int read_err;	/* the listener's own sysctl() of the OID */
};

/*
 * In a child running as nobody: watch name, say so on ready, wait for one
 * event and report it on out.
 */
static void nobody_listener(const char *name, int ready, int out)
{
	struct xnucross_sysctl_events *ev;
	struct xnucross_sysctl_event e;
	struct ev_seen s = { 0 };
	int v;

	if (xnu_drop_to_nobody()) {
		s.ret = -101;
	} else if (!(ev = xnucross_sysctl_events_open(0))) {
		s.ret = -102;
	} else if (xnucross_sysctl_watch_name(ev, name)) {
		s.ret = -103;
	} else {
		s.read_err = read_int(name, &v);
		if (write(ready, "r", 1) != 1)
			_exit(2);
		s.ret = xnucross_sysctl_event_next(ev, &e, 5000);
		if (s.ret == 1) {
			s.type = e.type;
			s.has_value = e.has_value;
			s.error = e.error;
			s.valuelen = e.valuelen;
			if (e.has_value && e.valuelen == sizeof(int))
				memcpy(&s.value, e.value, sizeof(int));
		}
	}
	s.err = errno;
	if (write(out, &s, sizeof(s)) != sizeof(s))
		_exit(2);
	_exit(0);
}

/*
 * Regression: a change event carried the value the kernel read right after
 * the write, with the writer's rights: a listener that may not read the
 * OID got its value anyway.
 */
TEST(change_event_read_with_listener_rights)
{
	const char *name = "debug.emutest.rootonly";
	struct xnucross_sysctl_events *ev;
	struct xnucross_sysctl_event e;
	int ready[2], out[2], status, v;
	unsigned long devmode;
	struct ev_seen s;
	char c;
	pid_t pid;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, xnu_devmode(&devmode));
	if ((devmode & 0006) != 0006)
		SKIP(return, "devmode %#lo refuses nobody", devmode);
	ASSERT_EQ(0, emu_ensure_loaded());
	ASSERT_EQ(0, write_int(name, 77));
	ASSERT_EQ(0, read_int(name, &v));
	ASSERT_EQ(77, v);
	ev = xnucross_sysctl_events_open(0);
	ASSERT_NE(NULL, ev);
	ASSERT_EQ(0, xnucross_sysctl_watch_name(ev, name));

	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(out, O_CLOEXEC));
	fflush(stdout);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(ready[0]);
		close(out[0]);
		nobody_listener(name, ready[1], out[1]);
	}
	close(ready[1]);
	close(out[1]);
	/* The listener watches (or failed, and closed the pipe). */
	EXPECT_EQ(1, read(ready[0], &c, 1));
	close(ready[0]);

	ASSERT_EQ(0, write_int(name, 4321));
	memset(&s, 0, sizeof(s));
	ASSERT_EQ((ssize_t)sizeof(s), read(out[0], &s, sizeof(s)));
	close(out[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* Nobody may not read it, and the event does not tell it either. */
	EXPECT_EQ(EPERM, s.read_err);
	ASSERT_EQ(1, s.ret) {
		TH_LOG("nobody's listener: %d (%s)", s.ret, strerror(s.err));
	}
	EXPECT_EQ(XNUCROSS_SYSCTL_EV_CHANGED, s.type);
	EXPECT_FALSE(s.has_value) {
		TH_LOG("nobody's event has the value: %zu bytes, %d",
		       s.valuelen, s.value);
	}
	EXPECT_EQ(EPERM, s.error);

	/* Root's listener reads it. */
	ASSERT_EQ(1, next_event(ev, &e, 2000));
	EXPECT_EQ(XNUCROSS_SYSCTL_EV_CHANGED, e.type);
	ASSERT_TRUE(e.has_value);
	ASSERT_EQ(sizeof(int), e.valuelen);
	EXPECT_EQ(4321, *(const int *)e.value);
	EXPECT_EQ(0, e.error);
	xnucross_sysctl_events_close(ev);
	EXPECT_EQ(0, write_int(name, 77));
}

/* ---- xsysctl --watch ---- */

TEST(xsysctl_watch)
{
	const char *prog = getenv("XSYSCTL");
	char out[4096], want[128];
	int pfd[2], old, status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;
	time_t end;

	if (geteuid())
		SKIP(return, "needs root");
	if (!prog || !*prog)
		prog = "xsysctl";
	ASSERT_EQ(0, read_int("debug.bpf_bufsize", &old));
	ASSERT_EQ(0, pipe2(pfd, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		dup2(pfd[1], 1);
		execlp(prog, prog, "--watch", "debug.bpf_bufsize", "kern.ostype",
		       (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	/* The first values, then a change. */
	snprintf(want, sizeof(want), "debug.bpf_bufsize: %d\nkern.ostype: Darwin\n",
		 old);
	end = time(NULL) + 10;
	while (got < strlen(want) && time(NULL) < end) {
		n = read(pfd[0], out + got, sizeof(out) - 1 - got);
		if (n <= 0)
			break;
		got += n;
	}
	out[got] = '\0';
	ASSERT_STREQ(want, out);
	ASSERT_EQ(0, write_int("debug.bpf_bufsize", old + 8192));
	snprintf(want, sizeof(want), "debug.bpf_bufsize: %d -> %d\n", old,
		 old + 8192);
	got = 0;
	while (got < strlen(want) && time(NULL) < end) {
		n = read(pfd[0], out + got, sizeof(out) - 1 - got);
		if (n <= 0)
			break;
		got += n;
	}
	out[got] = '\0';
	EXPECT_EQ(0, write_int("debug.bpf_bufsize", old));
	EXPECT_STREQ(want, out);
	kill(pid, SIGTERM);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	close(pfd[0]);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

XNU_SYSCTL_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * security_test.c - the security sweep of issue 7: every privileged path
 * refused to nobody with its documented error (and allowed to root where
 * that is the contract), no way to name or reach another task's ports,
 * and no kernel pointer or uninitialised byte in anything the module
 * writes to user space.
 *
 * 1. Privileged paths (fixture priv, as root and as nobody; and tests that
 *    fork a nobody child of a root parent):
 *    - sysctl writes of OIDs without CTLFLAG_ANYBODY: EPERM without
 *      CAP_SYS_ADMIN (debug.bpf_bufsize, kern.maxproc, kern.maxfiles,
 *      kern.hostname, kern.securelevel, the test module's leaves);
 *      read-only OIDs: EPERM for all; CTLFLAG_ANYBODY leaves ({0,3} and
 *      debug.emutest.any) work for everybody;
 *    - thread_policy_set(): real-time and a raised precedence are
 *      KERN_PROTECTION_FAILURE without CAP_SYS_NICE/RLIMIT_RTPRIO/
 *      RLIMIT_NICE, and for root's thread port given to nobody;
 *    - wiring over RLIMIT_MEMLOCK: KERN_RESOURCE_SHORTAGE without
 *      CAP_IPC_LOCK;
 *    - bootstrap: another uid's name cannot be checked in, registered
 *      over or removed (BOOTSTRAP_NOT_PRIVILEGED); look-ups are public;
 *    - semaphore_destroy() of root's semaphore by nobody: a no-op (XNU);
 *    - the Mach genl family: another user's space cannot be listed
 *      (EPERM), a missing process is ESRCH;
 *    - the device node's mode is devmode; module parameters are not
 *      writable by nobody;
 *    - an open file of another process (inherited): EBADFD; a file of the
 *      program a process ran before execve(): EBADFD, and the new program
 *      is in a new task (exec_keeps_no_task, the regression test of the
 *      task-across-exec bug);
 *    - nobody as root of its own user namespace gains nothing (sysctl,
 *      bootstrap, genl, real-time, wiring) and its messages' trailers
 *      carry its global ids.
 * 2. Names: a name of another space means nothing in a child's space
 *    (KERN_INVALID_NAME, MACH_SEND_INVALID_DEST, MACH_RCV_INVALID_NAME,
 *    MACH_SEND_INVALID_REPLY), including as the task of a trap; a nobody
 *    child shares no port with root but the kernel's host, bootstrap and
 *    clock services (compared by port identity, from the genl family).
 * 3. Bytes: every out-buffer is filled with a pattern before the call and
 *    each byte afterwards is a documented value, zero, or untouched; no
 *    8-byte window of anything returned looks like a kernel address and
 *    no three bytes are the debug kernel's uninitialised-stack pattern
 *    (0xfe, CONFIG_INIT_STACK_ALL_PATTERN):
 *    the handshake, trailers of every MACH_RCV_TRAILER_ELEMENTS, the
 *    receive-error header, kernel notifications, MIG replies of every
 *    kernel routine (well formed) and of a sweep of ids and request sizes
 *    on every kernel object type, out-of-line arrays and their page
 *    tails, the out-structs of the traps, sysctl names, formats,
 *    descriptions and values of the whole tree (with and without the
 *    test module), and the sysctl and Mach generic netlink dumps.
 */
#include <ctype.h>
#include <sched.h>
#include <dirent.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <strings.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include <mach/thread_act.h>
#include <mach/thread_policy.h>
#include <sys/sysctl.h>
#include <mach/clock.h>
#include <xnucross/wire.h>

#include "xnu_mach_genl.h"
#include "xnu_sysctl_genl.h"
#include "xnu_vm.h"

#include "xnu_mach_selftest.h"
#include "xnu_kmod_selftest.h"

#define PAT	0xa5

/* In a test body: skip the test unless devmode lets nobody open the device. */
#define SKIP_UNLESS_NOBODY_OPENS() do {					\
	unsigned long __devmode;					\
									\
	ASSERT_EQ(0, xnu_devmode(&__devmode));				\
	if ((__devmode & 0006) != 0006)					\
		SKIP(return, "devmode %#lo refuses nobody", __devmode);	\
} while (0)

/* ---- byte checks ------------------------------------------------------------ */

/*
 * An x86-64 kernel address: the direct map, vmalloc, vmemmap and KASAN
 * areas (0xffff8000_00000000 up), or the kernel image and modules
 * (0xffffffff_80000000 up). Not a pair of 32-bit values whose high one is
 * a small negative number (-1 to -4096: MIG and Mach error codes,
 * MACH_PORT_DEAD, ~x of a small x) - user values are made of those.
 */
static bool kaddr_like(uint64_t v)
{
	uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;

	if (hi == 0xffffffffU)
		return lo >= 0x80000000U && lo < 0xff000000U;
	return hi >= 0xffff8000U && hi < 0xfffff000U;
}

/*
 * The debug kernel of make check-debug sets CONFIG_INIT_STACK_ALL_PATTERN:
 * its uninitialised stack bytes are STACK_PAT (GCC's pattern). A run of
 * STACK_PAT_RUN of them in what the kernel wrote is stack padding or a
 * field it never set; no value we are given holds one.
 */
#define STACK_PAT	0xfe
#define STACK_PAT_RUN	3

/* Offset of the first run of STACK_PAT_RUN STACK_PAT bytes, or -1. */
static long find_stack_pat(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		run = p[i] == STACK_PAT ? run + 1 : 0;
		if (run == STACK_PAT_RUN)
			return (long)(i + 1 - run);
	}
	return -1;
}

/*
 * Offset of the first 8-byte window (4-aligned) that looks like one, or
 * of uninitialised stack bytes (find_stack_pat()); -1 when none.
 */
static long find_kaddr(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t v;
	size_t i;

	for (i = 0; i + 8 <= len; i += 4) {
		memcpy(&v, p + i, 8);
		if (kaddr_like(v))
			return (long)i;
	}
	return find_stack_pat(buf, len);
}

/* A string holding something printed like a kernel pointer. */
static bool str_has_kptr(const char *s, size_t len)
{
	size_t i, n;

	for (i = 0; i < len; i++) {
		for (n = 0; i + n < len && isxdigit((unsigned char)s[i + n]); n++)
			;
		if (n >= 16 && !strncasecmp(s + i + n - 16, "ffff", 4))
			return true;
		i += n;
	}
	return false;
}

/* Offset of the first byte of buf[from, to) that is not PAT, or -1. */
static long not_pat(const void *buf, size_t from, size_t to)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = from; i < to; i++)
		if (p[i] != PAT)
			return (long)i;
	return -1;
}

/* Offset of the first byte of buf[from, to) that is not 0, or -1. */
static long not_zero(const void *buf, size_t from, size_t to)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = from; i < to; i++)
		if (p[i])
			return (long)i;
	return -1;
}

/* ---- a generic netlink dump, raw -------------------------------------------- */

/* Resolve a generic netlink family; its id or -1. */
static int genl_family(const char *name)
{
	struct nl_sock *sk = nl_socket_alloc();
	int id = -1;

	if (!sk)
		return -1;
	if (!genl_connect(sk))
		id = genl_ctrl_resolve(sk, name);
	nl_socket_free(sk);
	return id < 0 ? -1 : id;
}

/* One attribute of a dump entry, or NULL. */
static const struct nlattr *nl_attr(const struct nlmsghdr *nlh, int type)
{
	const struct nlattr *a;
	int rem;

	a = (const void *)((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	rem = (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	while (rem >= (int)NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem) {
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		rem -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	return NULL;
}

static uint64_t nl_u(const struct nlmsghdr *nlh, int type)
{
	const struct nlattr *a = nl_attr(nlh, type);
	uint64_t v = 0;

	if (a)
		memcpy(&v, (const char *)a + NLA_HDRLEN,
		       a->nla_len - NLA_HDRLEN > 8 ? 8 : a->nla_len - NLA_HDRLEN);
	return v;
}

/**
 * struct dump - what a raw dump saw
 * @err:	0, or the errno the family answered
 * @entries:	messages of the dump
 * @kaddr:	messages in which find_kaddr() found something
 * @fn:		called for each entry, or NULL
 * @arg:	its argument
 */
struct dump {
	int err;
	unsigned int entries;
	unsigned int kaddr;
	void (*fn)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
};

/*
 * Dump @cmd of family @name with the attribute @attr (u32 @val) when
 * @attr is not 0; every payload byte is scanned for kernel addresses.
 * 0, or -1 when the socket failed.
 */
static int genl_dump(const char *name, int cmd, int attr, uint32_t val,
		     struct dump *d)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr gh;
		struct nlattr a;
		uint32_t v;
	} req;
	static char buf[65536];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fam = genl_family(name), fd, done = 0;
	ssize_t n;

	d->err = 0;
	if (fam < 0)
		return -1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -1;
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) +
			    (attr ? NLA_HDRLEN + 4 : 0);
	req.nlh.nlmsg_type = fam;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nlh.nlmsg_seq = 1;
	req.gh.cmd = cmd;
	req.gh.version = 1;
	req.a.nla_len = NLA_HDRLEN + 4;
	req.a.nla_type = attr;
	req.v = val;
	if (sendto(fd, &req, req.nlh.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	while (!done) {
		struct nlmsghdr *nlh;

		memset(buf, PAT, sizeof(buf));
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		for (nlh = (void *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				d->err = -e->error;
				done = 1;
				break;
			}
			d->entries++;
			if (find_kaddr(NLMSG_DATA(nlh), nlh->nlmsg_len -
				       NLMSG_HDRLEN) >= 0)
				d->kaddr++;
			if (d->fn)
				d->fn(nlh, d->arg);
		}
	}
	close(fd);
	return 0;
}

/* ---- port identities of a space (the Mach genl family) ----------------------- */

#define MAX_IDS	256

/**
 * struct ids - the ports of one space as xlsmp sees them
 * @n:		entries
 * @id:		XNU_MACH_A_PORT_ID of each (0: sets, dead names)
 * @type:	XNU_MACH_A_TYPE of each
 * @kotype:	XNU_MACH_A_KOTYPE of each
 */
struct ids {
	unsigned int n;
	uint64_t id[MAX_IDS];
	uint32_t type[MAX_IDS];
	char kotype[MAX_IDS][XNU_MACH_GENL_KOTYPE_LEN];
};

static void ids_add(const struct nlmsghdr *nlh, void *arg)
{
	struct ids *ids = arg;
	const struct nlattr *k = nl_attr(nlh, XNU_MACH_A_KOTYPE);

	if (ids->n >= MAX_IDS)
		return;
	ids->id[ids->n] = nl_u(nlh, XNU_MACH_A_PORT_ID);
	ids->type[ids->n] = (uint32_t)nl_u(nlh, XNU_MACH_A_TYPE);
	ids->kotype[ids->n][0] = 0;
	if (k)
		snprintf(ids->kotype[ids->n], XNU_MACH_GENL_KOTYPE_LEN, "%.*s",
			 (int)(k->nla_len - NLA_HDRLEN),
			 (const char *)k + NLA_HDRLEN);
	ids->n++;
}

/* The ports of the space of @pid (0: the caller); the errno or 0. */
static int space_ids(pid_t pid, struct ids *ids, unsigned int *kaddr)
{
	struct dump d = { .fn = ids_add, .arg = ids };

	ids->n = 0;
	if (genl_dump(XNU_MACH_GENL_NAME, XNU_MACH_CMD_SPACE,
		      XNU_MACH_A_PID, (uint32_t)pid, &d))
		return -1;
	if (kaddr)
		*kaddr = d.kaddr;
	return d.err;
}

/* ---- 1. privileged paths ----------------------------------------------------- */

MT_FIXTURE_ROOT_NOBODY(priv)

/* sysctlbyname() write of @v; 0 or errno. */
static int sc_write_int(const char *name, int v)
{
	return sysctlbyname(name, NULL, NULL, &v, sizeof(v)) ? errno : 0;
}

static int sc_read_int(const char *name, int *v)
{
	size_t len = sizeof(*v);

	return sysctlbyname(name, v, &len, NULL, 0) ? errno : 0;
}

TEST_F(priv, sysctl_writes)
{
	static const char *const root_only[] = {
		"kern.maxproc", "kern.maxfiles", "kern.securelevel",
	};
	char host[80];
	size_t len = sizeof(host);
	unsigned int i;
	int mib[CTL_MAXNAME];
	size_t miblen = sizeof(mib);
	int v;

	/* A plain RW int: root may write it (same value), nobody EPERM. */
	ASSERT_EQ(0, sc_read_int("debug.bpf_bufsize", &v));
	EXPECT_EQ(self->env.nobody ? EPERM : 0,
		  sc_write_int("debug.bpf_bufsize", v));

	/* Linux-backed and security leaves: only the check is reached. */
	if (self->env.nobody) {
		for (i = 0; i < ARRAY_SIZE(root_only); i++) {
			ASSERT_EQ(0, sc_read_int(root_only[i], &v));
			EXPECT_EQ(EPERM, sc_write_int(root_only[i], v)) {
				TH_LOG("%s", root_only[i]);
			}
		}
		ASSERT_EQ(0, sysctlbyname("kern.hostname", host, &len, NULL, 0));
		EXPECT_EQ(-1, sysctlbyname("kern.hostname", NULL, NULL, host,
					   strlen(host) + 1));
		EXPECT_EQ(EPERM, errno);
	}

	/* Read-only leaves: EPERM for everybody, root included. */
	EXPECT_EQ(-1, sysctlbyname("kern.ostype", NULL, NULL, "Linux", 6));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, sysctlbyname("hw.ncpu", NULL, NULL, &v, sizeof(v)));
	EXPECT_EQ(EPERM, errno);

	/* CTLFLAG_ANYBODY ({0,3}, name2oid, takes its name as a write). */
	EXPECT_EQ(0, sysctlnametomib("kern.ostype", mib, &miblen));
	EXPECT_EQ(2, miblen);
	EXPECT_EQ(CTL_KERN, mib[0]);
	EXPECT_EQ(KERN_OSTYPE, mib[1]);
}

/* As nobody: the CTLFLAG_ANYBODY leaf of the sysctl test module. */
static int anybody_child(void *arg)
{
	int v = 0;

	MT_CHILD_EQ(0, sc_write_int("debug.emutest.any", 7));
	MT_CHILD_EQ(0, sc_read_int("debug.emutest.any", &v));
	MT_CHILD_EQ(7, v);
	MT_CHILD_EQ(0, sc_read_int("debug.emutest.i", &v));
	MT_CHILD_EQ(EPERM, sc_write_int("debug.emutest.i", v));
	MT_CHILD_EQ(0, sc_read_int("debug.emutest.ro", &v));
	MT_CHILD_EQ(EPERM, sc_write_int("debug.emutest.ro", v));
	return 0;
}

TEST(sysctl_anybody)
{
	const char *mod = "xnu_sysctl_test";
	int was = xnu_kmod_loaded(mod), res = -1, v = 0;

	SKIP_UNLESS_NOBODY_OPENS();
	if (!was && xnu_kmod_load(mod, "XNU_SYSCTL_TEST_KO"))
		SKIP(return, "cannot load %s", mod);
	ASSERT_EQ(0, sc_write_int("debug.emutest.any", 0));
	EXPECT_EQ(0, xnu_run_as_nobody(anybody_child, NULL, &res));
	EXPECT_EQ(0, res);
	EXPECT_EQ(0, sc_read_int("debug.emutest.any", &v));
	EXPECT_EQ(7, v);
	EXPECT_EQ(0, sc_write_int("debug.emutest.any", 0));
	if (!was)
		EXPECT_EQ(0, xnu_kmod_unload(mod));
}

TEST_F(priv, thread_policy)
{
	thread_time_constraint_policy_data_t tc = {
		.period = 0, .computation = 50000, .constraint = 100000,
		.preemptible = 1,
	};
	thread_precedence_policy_data_t prec = { .importance = 5 };
	thread_extended_policy_data_t ext = { .timeshare = 1 };
	struct rlimit zero = { 0, 0 };
	thread_act_t th = mach_thread_self();
	kern_return_t kr;

	ASSERT_TRUE(MACH_PORT_VALID(th));
	/* Without the rlimits only a capability lets a thread go up. */
	ASSERT_EQ(0, setrlimit(RLIMIT_RTPRIO, &zero));
	ASSERT_EQ(0, setrlimit(RLIMIT_NICE, &zero));

	kr = thread_policy_set(th, THREAD_TIME_CONSTRAINT_POLICY,
			       (thread_policy_t)&tc,
			       THREAD_TIME_CONSTRAINT_POLICY_COUNT);
	EXPECT_EQ(self->env.nobody ? KERN_PROTECTION_FAILURE : KERN_SUCCESS,
		  kr);
	kr = thread_policy_set(th, THREAD_EXTENDED_POLICY,
			       (thread_policy_t)&ext,
			       THREAD_EXTENDED_POLICY_COUNT);
	EXPECT_EQ(KERN_SUCCESS, kr);

	kr = thread_policy_set(th, THREAD_PRECEDENCE_POLICY,
			       (thread_policy_t)&prec,
			       THREAD_PRECEDENCE_POLICY_COUNT);
	EXPECT_EQ(self->env.nobody ? KERN_PROTECTION_FAILURE : KERN_SUCCESS,
		  kr);
	/* Back down (or staying) is the owner's right. */
	prec.importance = 0;
	kr = thread_policy_set(th, THREAD_PRECEDENCE_POLICY,
			       (thread_policy_t)&prec,
			       THREAD_PRECEDENCE_POLICY_COUNT);
	EXPECT_EQ(KERN_SUCCESS, kr);
	mach_port_deallocate(TASK, th);
}

TEST_F(priv, wire_over_memlock)
{
	struct rlimit lim = { 64 << 10, 64 << 10 };
	size_t size = 1 << 20;
	uint64_t handle = 0;
	kern_return_t kr;
	void *p;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	memset(p, 1, size);
	ASSERT_EQ(0, setrlimit(RLIMIT_MEMLOCK, &lim));
	kr = xnucross_vm_wire(p, size, XNU_VM_PROT_READ | XNU_VM_PROT_WRITE,
			      &handle);
	EXPECT_EQ(self->env.nobody ? KERN_RESOURCE_SHORTAGE : KERN_SUCCESS, kr);
	if (kr == KERN_SUCCESS)
		EXPECT_EQ(KERN_SUCCESS, xnucross_vm_unwire(handle));
	munmap(p, size);
}

TEST_F(priv, device_node_mode)
{
	unsigned long devmode;
	struct stat st;

	ASSERT_EQ(0, xnu_devmode(&devmode));
	ASSERT_EQ(0, stat(XNUCROSS_DEVICE_PATH, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0U, st.st_uid);
	EXPECT_EQ(devmode & 0777, st.st_mode & 0777);
}

TEST_F(priv, module_params_not_user_writable)
{
	char path[512];
	struct dirent *de;
	struct stat st;
	unsigned int n = 0;
	DIR *dir;
	int fd;

	dir = opendir(MT_PARAM_DIR);
	ASSERT_NE(NULL, dir);
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), MT_PARAM_DIR "%s", de->d_name);
		ASSERT_EQ(0, stat(path, &st));
		EXPECT_EQ(0, st.st_mode & (S_IWGRP | S_IWOTH)) {
			TH_LOG("%s is %o", path, st.st_mode & 07777);
		}
		n++;
		if (!self->env.nobody)
			continue;
		fd = open(path, O_WRONLY | O_CLOEXEC);
		EXPECT_EQ(-1, fd) {
			TH_LOG("nobody opened %s for writing", path);
		}
		if (fd >= 0)
			close(fd);
		else
			EXPECT_EQ(EACCES, errno);
	}
	closedir(dir);
	EXPECT_LT(0, n);
}

/* As a child: the errno of listing @pid's space. */
static int dump_errno(void *arg)
{
	struct ids *ids = malloc(sizeof(*ids));
	int ret;

	if (!ids)
		return -1;
	ret = space_ids((pid_t)(long)arg, ids, NULL);
	free(ids);
	return ret;
}

TEST(genl_space_of_others)
{
	int res = -1;

	/* This root process has a Mach task. */
	ASSERT_TRUE(MACH_PORT_VALID(mach_task_self()));
	ASSERT_EQ(0, dump_errno((void *)0L));
	ASSERT_EQ(0, dump_errno((void *)(long)getpid()));
	ASSERT_EQ(0, xnu_run_as_nobody(dump_errno, (void *)(long)getpid(),
				       &res));
	EXPECT_EQ(EPERM, res);
	ASSERT_EQ(0, xnu_run_as_nobody(dump_errno, (void *)(long)0x3fffff00,
				       &res));
	EXPECT_EQ(ESRCH, res);
}

/* ---- nobody as root of its own user namespace --------------------------------- */

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

struct userns_arg {
	pid_t root_pid;		/* a root process with a Mach task */
	char name[128];		/* a bootstrap name root holds */
};

/*
 * As nobody, become root of a new user namespace (every capability, in
 * that namespace only): the module checks capabilities in the initial
 * namespace and identifies users by their global ids, so nothing opens.
 * 0, 1000 when user namespaces are not available, or a failed check.
 */
static int userns_child(void *arg)
{
	const struct userns_arg *a = arg;
	thread_time_constraint_policy_data_t tc = {
		.period = 0, .computation = 50000, .constraint = 100000,
		.preemptible = 1,
	};
	struct rlimit lim = { 64 << 10, 64 << 10 }, zero = { 0, 0 };
	mach_port_t rcv = MACH_PORT_NULL;
	uint64_t handle;
	size_t size = 1 << 20;
	void *p;
	int v;

	if (setrlimit(RLIMIT_MEMLOCK, &lim) || setrlimit(RLIMIT_RTPRIO, &zero))
		return 2;
	/* Dropping root made this process non-dumpable: /proc/self is root's. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		return 4;
	if (unshare(CLONE_NEWUSER))
		return 1000;
	if (write_file("/proc/self/uid_map", "0 65534 1") ||
	    write_file("/proc/self/setgroups", "deny") ||
	    write_file("/proc/self/gid_map", "0 65534 1") ||
	    setgid(0) || setuid(0))
		return 3;
	MT_CHILD_EQ(0, geteuid());

	MT_CHILD_EQ(0, sc_read_int("debug.bpf_bufsize", &v));
	MT_CHILD_EQ(EPERM, sc_write_int("debug.bpf_bufsize", v));
	MT_CHILD_EQ(EPERM, sc_write_int("kern.securelevel", 0));
	MT_CHILD_EQ(BOOTSTRAP_NOT_PRIVILEGED,
		    bootstrap_check_in(bootstrap_port, a->name, &rcv));
	MT_CHILD_EQ(EPERM, dump_errno((void *)(long)a->root_pid));
	MT_CHILD_EQ(KERN_PROTECTION_FAILURE,
		    thread_policy_set(mach_thread_self(),
				      THREAD_TIME_CONSTRAINT_POLICY,
				      (thread_policy_t)&tc,
				      THREAD_TIME_CONSTRAINT_POLICY_COUNT));
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	MT_CHILD_TRUE(p != MAP_FAILED);
	MT_CHILD_EQ(KERN_RESOURCE_SHORTAGE,
		    xnucross_vm_wire(p, size, XNU_VM_PROT_READ, &handle));
	/* A message to root: its trailer must say who really sent it. */
	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_look_up(bootstrap_port, a->name, &rcv));
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send(rcv, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			    42, 42, MACH_SEND_TIMEOUT, MT_WAIT_MS));
	return 0;
}

TEST(userns_root_is_nobody)
{
	struct userns_arg a;
	mach_port_t rcv = MACH_PORT_NULL;
	int res = -1;

	SKIP_UNLESS_NOBODY_OPENS();
	ASSERT_TRUE(MACH_PORT_VALID(mach_task_self()));
	a.root_pid = getpid();
	mt_service_name(a.name, sizeof(a.name), "userns");
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(bootstrap_port, a.name,
						   &rcv));
	ASSERT_EQ(0, xnu_run_as_nobody(userns_child, &a, &res));
	if (res == 1000)
		SKIP(goto out, "no unprivileged user namespaces");
	EXPECT_EQ(0, res);
	{
		union mt_rcv buf;
		mach_msg_audit_trailer_t *t;

		memset(&buf, 0, sizeof(buf));
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mach_msg(&buf.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT |
				   MACH_RCV_TRAILER_TYPE(0) |
				   MACH_RCV_TRAILER_ELEMENTS(
					   MACH_RCV_TRAILER_AUDIT),
				   0, sizeof(buf), rcv, MT_WAIT_MS,
				   MACH_PORT_NULL));
		EXPECT_EQ(42, buf.head.msgh_id);
		t = (void *)(buf.bytes + buf.head.msgh_size);
		EXPECT_EQ(XNU_NOBODY, t->msgh_sender.val[0]);
		EXPECT_EQ(XNU_NOBODY, t->msgh_sender.val[1]);
		EXPECT_EQ(XNU_NOBODY, t->msgh_audit.val[0]);
		EXPECT_EQ(XNU_NOBODY, t->msgh_audit.val[1]);
		EXPECT_EQ(XNU_NOBODY, t->msgh_audit.val[3]);
	}
out:
	EXPECT_EQ(KERN_SUCCESS, bootstrap_register(bootstrap_port, a.name,
						   MACH_PORT_NULL));
	EXPECT_EQ(KERN_SUCCESS, mt_kill(rcv));
}

/* ---- bootstrap names of another user --------------------------------------- */

static char bs_name[128];

static int bs_nobody(void *arg)
{
	mach_port_t port = MACH_PORT_NULL, rcv = MACH_PORT_NULL;
	kern_return_t kr;

	kr = bootstrap_check_in(bootstrap_port, bs_name, &rcv);
	if (kr != BOOTSTRAP_NOT_PRIVILEGED)
		return 1000 + kr;
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
			       &port) ||
	    mach_port_insert_right(mach_task_self(), port, port,
				   MACH_MSG_TYPE_MAKE_SEND))
		return 2;
	kr = bootstrap_register(bootstrap_port, bs_name, port);
	if (kr != BOOTSTRAP_NOT_PRIVILEGED)
		return 2000 + kr;
	kr = bootstrap_register(bootstrap_port, bs_name, MACH_PORT_NULL);
	if (kr != BOOTSTRAP_NOT_PRIVILEGED)
		return 3000 + kr;
	/* Look-ups are public, as on Darwin. */
	kr = bootstrap_look_up(bootstrap_port, bs_name, &rcv);
	if (kr != KERN_SUCCESS)
		return 4000 + kr;
	return 0;
}

TEST(bootstrap_other_users_names)
{
	mach_port_t rcv = MACH_PORT_NULL, got = MACH_PORT_NULL;
	int res = -1;

	SKIP_UNLESS_NOBODY_OPENS();
	mt_service_name(bs_name, sizeof(bs_name), "security");
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(bootstrap_port, bs_name,
						   &rcv));
	ASSERT_EQ(0, xnu_run_as_nobody(bs_nobody, NULL, &res));
	EXPECT_EQ(0, res);
	/* Still root's. */
	EXPECT_EQ(KERN_SUCCESS, bootstrap_look_up(bootstrap_port, bs_name,
						  &got));
	EXPECT_EQ(rcv, got);
	EXPECT_EQ(KERN_SUCCESS, bootstrap_register(bootstrap_port, bs_name,
						   MACH_PORT_NULL));
	EXPECT_EQ(KERN_SUCCESS, mt_kill(rcv));
}

/* ---- rights root gives to nobody ---------------------------------------------- */

/* Root's answer: send rights to its thread and to one of its semaphores. */
struct gift_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t thread;
	mach_msg_port_descriptor_t sem;
};

struct gift_rcv {
	struct gift_msg msg;
	mach_msg_max_trailer_t trailer;
};

static char gift_name[128];

/* As nobody: ask root for the rights, then try to abuse them. */
static int gift_child(void *arg)
{
	thread_time_constraint_policy_data_t tc = {
		.period = 0, .computation = 50000, .constraint = 100000,
		.preemptible = 1,
	};
	thread_precedence_policy_data_t prec = { .importance = -5 };
	mach_port_t server = MACH_PORT_NULL, reply;
	struct gift_rcv rcv;
	struct mt_msg req;
	mach_msg_return_t mr;

	if (bootstrap_look_up(bootstrap_port, gift_name, &server))
		return 1;
	reply = mt_port();
	if (!reply)
		return 2;
	memset(&req, 0, sizeof(req));
	mt_header(&req.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE),
		  sizeof(req), server, reply, 1);
	memset(&rcv, 0, sizeof(rcv));
	mr = mach_msg_overwrite(&req.head, MACH_SEND_MSG | MACH_RCV_MSG |
				MACH_RCV_TIMEOUT, sizeof(req), sizeof(rcv),
				reply, MT_WAIT_MS, MACH_PORT_NULL,
				&rcv.msg.head, sizeof(rcv));
	if (mr != MACH_MSG_SUCCESS)
		return 3;
	MT_CHILD_EQ(2, rcv.msg.head.msgh_id);
	MT_CHILD_EQ(2, rcv.msg.body.msgh_descriptor_count);
	/* Linux's rules for another user's thread, whoever holds its port. */
	MT_CHILD_EQ(KERN_PROTECTION_FAILURE,
		    thread_policy_set(rcv.msg.thread.name,
				      THREAD_PRECEDENCE_POLICY,
				      (thread_policy_t)&prec,
				      THREAD_PRECEDENCE_POLICY_COUNT));
	MT_CHILD_EQ(KERN_PROTECTION_FAILURE,
		    thread_policy_set(rcv.msg.thread.name,
				      THREAD_TIME_CONSTRAINT_POLICY,
				      (thread_policy_t)&tc,
				      THREAD_TIME_CONSTRAINT_POLICY_COUNT));
	/* Only the owner destroys a semaphore: a no-op here (XNU). */
	MT_CHILD_EQ(KERN_SUCCESS, semaphore_destroy(mach_task_self(),
						    rcv.msg.sem.name));
	return 0;
}

TEST(rights_given_to_nobody)
{
	mach_port_t rcv = MACH_PORT_NULL, th, sem;
	struct gift_msg m;
	union mt_rcv req;
	pid_t pid;
	int nice0;

	SKIP_UNLESS_NOBODY_OPENS();
	mt_service_name(gift_name, sizeof(gift_name), "gift");
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(bootstrap_port, gift_name,
						   &rcv));
	th = mach_thread_self();
	ASSERT_TRUE(MACH_PORT_VALID(th));
	ASSERT_EQ(KERN_SUCCESS, semaphore_create(mach_task_self(), &sem,
						 SYNC_POLICY_FIFO, 0));
	errno = 0;
	nice0 = getpriority(PRIO_PROCESS, 0);
	ASSERT_EQ(0, errno);

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (xnu_drop_to_nobody())
			_exit(200);
		_exit(gift_child(NULL));
	}
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(rcv, &req));
	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m),
		  req.head.msgh_remote_port, MACH_PORT_NULL, 2);
	m.body.msgh_descriptor_count = 2;
	m.thread.name = th;
	m.thread.disposition = MACH_MSG_TYPE_COPY_SEND;
	m.thread.type = MACH_MSG_PORT_DESCRIPTOR;
	m.sem.name = sem;
	m.sem.disposition = MACH_MSG_TYPE_COPY_SEND;
	m.sem.type = MACH_MSG_PORT_DESCRIPTOR;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			   sizeof(m), 0, MACH_PORT_NULL, MT_WAIT_MS,
			   MACH_PORT_NULL));
	EXPECT_EQ(0, mt_wait_ok(pid));
	/* Nothing changed here. */
	EXPECT_EQ(nice0, getpriority(PRIO_PROCESS, 0));
	EXPECT_EQ(SCHED_OTHER, sched_getscheduler(0));
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal(sem));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(mach_task_self(), sem));
	EXPECT_EQ(KERN_SUCCESS, bootstrap_register(bootstrap_port, gift_name,
						   MACH_PORT_NULL));
	EXPECT_EQ(KERN_SUCCESS, mt_kill(rcv));
}

/* ---- a file of another process ---------------------------------------------- */

struct foreign {
	int fd;
};

static int foreign_child(void *arg)
{
	struct foreign *f = arg;
	struct xnu_mach_port_args pa = { 0 };
	struct xnu_vm_wire_info wi = { 0 };
	int ret;

	ret = ioctl(f->fd, XNU_TRAP_TASK_SELF, &pa);
	if (ret != -1 || errno != EBADFD)
		return 100 + (ret < 0 ? errno : 50);
	ret = ioctl(f->fd, XNU_TRAP_VM_WIRE_INFO, &wi);
	if (ret != -1 || errno != EBADFD)
		return 200 + (ret < 0 ? errno : 50);
	return 0;
}

TEST(foreign_file)
{
	struct xnu_mach_port_args pa = { 0 };
	struct foreign f;
	unsigned long devmode;
	int res = -1;
	pid_t pid;

	f.fd = xnu_open_handshaken();
	ASSERT_LE(0, f.fd);
	ASSERT_EQ(KERN_SUCCESS, ioctl(f.fd, XNU_TRAP_TASK_SELF, &pa));
	ASSERT_TRUE(MACH_PORT_VALID(pa.name));
	ASSERT_EQ(0, xnu_devmode(&devmode));
	if ((devmode & 0006) == 0006) {
		ASSERT_EQ(0, xnu_run_as_nobody(foreign_child, &f, &res));
		EXPECT_EQ(0, res);
	}
	/* A root child too: the file is bound to the process, not the user. */
	pid = mt_fork(foreign_child, &f);
	ASSERT_LT(0, pid);
	EXPECT_EQ(0, mt_wait_ok(pid));
	/* Still ours. */
	EXPECT_EQ(KERN_SUCCESS, ioctl(f.fd, XNU_TRAP_TASK_SELF, &pa));
	close(f.fd);
}

/* ---- a task does not outlive its program (execve) -------------------------- */

#define EXEC_PROBE_ENV	"XNU_SECURITY_EXEC_PROBE"

/*
 * After execve() in exec_keeps_no_task: the new program must not be in
 * the old program's task. Runs before the harness's main() when the
 * environment asks for it, and exits with a bit per failed check.
 */
__attribute__((constructor)) static void exec_probe(void)
{
	struct xnu_mach_port_args pa = { 0 };
	const char *v = getenv(EXEC_PROBE_ENV);
	mach_port_type_t type;
	unsigned int name;
	mach_port_t task;
	int fd, code = 0;

	int rd = -1, wr = -1;
	char c = 0;

	if (!v || sscanf(v, "%d:%u:%d:%d", &fd, &name, &rd, &wr) < 2)
		return;
	/* The file the old program opened (not close-on-exec) is not ours. */
	if (ioctl(fd, XNU_TRAP_TASK_SELF, &pa) != -1 || errno != EBADFD)
		code |= 1;
	/* Our task is a new one: the old program's names mean nothing. */
	task = mach_task_self();
	if (!MACH_PORT_VALID(task))
		code |= 2;
	else if (mach_port_type(task, name, &type) != KERN_INVALID_NAME)
		code |= 4;
	/* Let the parent look at what it holds of the old program, then end. */
	if (wr >= 0 && (write(wr, &code, 1) != 1 || read(rd, &c, 1) != 1))
		code |= 8;
	_exit(code);
}

/*
 * In a forked child: open the device without close-on-exec, make 40
 * receive rights in its task and execute this program again, which then
 * runs exec_probe() (given the descriptor, the last right's name and, when
 * not -1, the ends of the pipes @rd from and @wr to the parent). Exits
 * with 102 and up when that setup fails.
 */
static void __attribute__((noreturn)) exec_probe_start(int rd, int wr)
{
	char *const argv[] = { "security_test", NULL };
	struct xnu_mach_port_args pa = { 0 };
	char env[64];
	unsigned int i;
	int fd;

	fd = xnu_open_handshaken();
	if (fd < 0 || fcntl(fd, F_SETFD, 0) ||
	    ioctl(fd, XNU_TRAP_TASK_SELF, &pa) != KERN_SUCCESS)
		_exit(102);
	pa.task = pa.name;
	pa.right = MACH_PORT_RIGHT_RECEIVE;
	for (i = 0; i < 40; i++)
		if (ioctl(fd, XNU_TRAP_PORT_ALLOCATE, &pa) != KERN_SUCCESS)
			_exit(103);
	snprintf(env, sizeof(env), "%d:%u:%d:%d", fd, pa.name, rd, wr);
	setenv(EXEC_PROBE_ENV, env, 1);
	execv("/proc/self/exe", argv);
	_exit(104);
}

/*
 * A program that keeps /dev/xnucross open across execve() (a descriptor
 * without close-on-exec) must not hand its task - its port space, special
 * ports, and every send right others hold to its task port - to the
 * program it executes: with a set-user-ID program, whoever held the old
 * task port would control the new, privileged program's space. XNU gives
 * an exec'ed program a new task; so does xnucross.
 */
TEST(exec_keeps_no_task)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		exec_probe_start(-1, -1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) {
		TH_LOG("after execve: %s%s%s%s",
		       WEXITSTATUS(status) >= 100 ? "setup failed " : "",
		       WEXITSTATUS(status) < 100 && (WEXITSTATUS(status) & 1) ?
		       "the old program's file still works; " : "",
		       WEXITSTATUS(status) < 100 && (WEXITSTATUS(status) & 2) ?
		       "no task; " : "",
		       WEXITSTATUS(status) < 100 && (WEXITSTATUS(status) & 4) ?
		       "the old program's port is in the new task" : "");
	}
}

/* Its thread port, sent to a bootstrap name before the exec. */
struct exec_thread_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t thread;
};

/*
 * The thread ports of the old program die with it too: a holder (here the
 * parent) gets KERN_TERMINATED from the thread that now runs another
 * program, as from an exited one - never its scheduling state.
 */
TEST(exec_kills_thread_ports)
{
	struct {
		struct exec_thread_msg msg;
		mach_msg_max_trailer_t trailer;
	} rcv;
	thread_extended_policy_data_t ext;
	mach_msg_type_number_t count;
	boolean_t get_default = 0;
	mach_port_t svc = MACH_PORT_NULL;
	char name[128], c = 0;
	int to_child[2], to_parent[2], status;
	kern_return_t kr;
	pid_t pid;

	mt_service_name(name, sizeof(name), "execthread");
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(bootstrap_port, name,
						   &svc));
	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(to_parent));
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct exec_thread_msg m;
		mach_port_t server;

		close(to_child[1]);
		close(to_parent[0]);
		if (bootstrap_look_up(bootstrap_port, name, &server))
			_exit(100);
		memset(&m, 0, sizeof(m));
		mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
			  MACH_MSGH_BITS_COMPLEX, sizeof(m), server,
			  MACH_PORT_NULL, 9);
		m.body.msgh_descriptor_count = 1;
		m.thread.name = mach_thread_self();
		m.thread.disposition = MACH_MSG_TYPE_COPY_SEND;
		m.thread.type = MACH_MSG_PORT_DESCRIPTOR;
		if (mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			     sizeof(m), 0, MACH_PORT_NULL, MT_WAIT_MS,
			     MACH_PORT_NULL))
			_exit(101);
		/* The old program's task stays alive: a file survives exec. */
		exec_probe_start(to_child[0], to_parent[1]);
	}
	close(to_child[0]);
	close(to_parent[1]);
	memset(&rcv, 0, sizeof(rcv));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&rcv.msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			   sizeof(rcv), svc, MT_WAIT_MS, MACH_PORT_NULL));
	ASSERT_EQ(9, rcv.msg.head.msgh_id);
	/* The child runs the new program now. */
	ASSERT_EQ(1, read(to_parent[0], &c, 1));
	count = THREAD_EXTENDED_POLICY_COUNT;
	kr = thread_policy_get(rcv.msg.thread.name, THREAD_EXTENDED_POLICY,
			       (thread_policy_t)&ext, &count, &get_default);
	/* Dead with the old program, as an exited thread's port. */
	EXPECT_EQ(KERN_TERMINATED, kr) {
		TH_LOG("the old program's thread port still reaches the thread");
	}
	ASSERT_EQ(1, write(to_child[1], &c, 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(KERN_SUCCESS, bootstrap_register(bootstrap_port, name,
						   MACH_PORT_NULL));
	EXPECT_EQ(KERN_SUCCESS, mt_kill(svc));
}

/* ---- 2. names of another space ------------------------------------------------ */

struct names_arg {
	mach_port_t rcv;	/* a receive right (with send) of the parent */
	mach_port_t pset;	/* a port set of the parent */
	int nobody;
};

static int names_child(void *arg)
{
	const struct names_arg *a = arg;
	mach_port_t task, own;
	mach_port_type_t type;
	union mt_rcv buf;
	struct mt_msg msg;
	struct xnu_mach_port_args pa = { 0 };
	mach_msg_return_t mr;

	if (a->nobody && xnu_drop_to_nobody())
		return 2;
	task = mach_task_self();
	MT_CHILD_TRUE(MACH_PORT_VALID(task));
	/* The child's own names stay below the parent's. */
	own = mt_port_send();
	MT_CHILD_TRUE(own != MACH_PORT_NULL);
	MT_CHILD_TRUE(own != a->rcv && own != a->pset);

	MT_CHILD_EQ(KERN_INVALID_NAME, mach_port_type(task, a->rcv, &type));
	MT_CHILD_EQ(KERN_INVALID_NAME, mach_port_type(task, a->pset, &type));
	MT_CHILD_EQ(KERN_INVALID_NAME, mach_port_destroy(task, a->rcv));
	MT_CHILD_EQ(KERN_INVALID_NAME, mach_port_deallocate(task, a->rcv));
	MT_CHILD_EQ(KERN_INVALID_NAME,
		    mach_port_mod_refs(task, a->rcv, MACH_PORT_RIGHT_RECEIVE,
				       -1));
	MT_CHILD_EQ(KERN_INVALID_NAME,
		    mach_port_insert_right(task, a->rcv, a->rcv,
					   MACH_MSG_TYPE_MAKE_SEND));
	MT_CHILD_EQ(KERN_INVALID_NAME,
		    mach_port_move_member(task, own, a->pset));
	mr = mt_send_simple(a->rcv, 1);
	MT_CHILD_EQ(MACH_SEND_INVALID_DEST, mr);
	mr = mt_recv_poll(a->rcv, &buf);
	MT_CHILD_EQ(MACH_RCV_INVALID_NAME, mr);
	mr = mt_recv_poll(a->pset, &buf);
	MT_CHILD_EQ(MACH_RCV_INVALID_NAME, mr);
	/* A message naming it as its reply port. */
	memset(&msg, 0, sizeof(msg));
	mt_header(&msg.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
					 MACH_MSG_TYPE_MAKE_SEND),
		  sizeof(msg), own, a->rcv, 7);
	mr = mach_msg(&msg.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(msg),
		      0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	MT_CHILD_EQ(MACH_SEND_INVALID_REPLY, mr);
	/* As the task of a trap. */
	pa.task = a->rcv;
	pa.right = MACH_PORT_RIGHT_RECEIVE;
	MT_CHILD_EQ(MACH_SEND_INVALID_DEST,
		    mt_raw(XNU_TRAP_PORT_ALLOCATE, &pa));
	pa.task = a->rcv;
	pa.name = own;
	MT_CHILD_EQ(MACH_SEND_INVALID_DEST, mt_raw(XNU_TRAP_PORT_TYPE, &pa));
	return 0;
}

TEST(names_of_another_space)
{
	struct names_arg a = { 0 };
	mach_port_t fill[48];
	unsigned long devmode;
	unsigned int i;
	pid_t pid;

	ASSERT_TRUE(MACH_PORT_VALID(mach_task_self()));
	/* Push the parent's names above anything the child will have. */
	for (i = 0; i < ARRAY_SIZE(fill); i++)
		PORT(fill[i]);
	PORT_SEND(a.rcv);
	a.pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, a.pset);
	ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(mach_task_self(),
						      fill[0], a.pset));

	pid = mt_fork(names_child, &a);
	ASSERT_LT(0, pid);
	EXPECT_EQ(0, mt_wait_ok(pid));
	ASSERT_EQ(0, xnu_devmode(&devmode));
	if ((devmode & 0006) == 0006) {
		a.nobody = 1;
		pid = mt_fork(names_child, &a);
		ASSERT_LT(0, pid);
		EXPECT_EQ(0, mt_wait_ok(pid));
	}
	/* Untouched here. */
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_SEND, mt_type(a.rcv));
	EXPECT_EQ(1U, mt_refs(a.rcv, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(0U, mt_msgcount(a.rcv));
	EXPECT_EQ(MACH_PORT_TYPE_PORT_SET, mt_type(a.pset));
}

/* The kernel services every task holds rights to. */
static bool shared_kotype(const char *k)
{
	return !strcmp(k, "host") || !strcmp(k, "bootstrap") ||
	       !strcmp(k, "clock");
}

/* As a nobody child: how many of the parent's ports it can reach. */
static int reach_child(void *arg)
{
	const struct ids *parent = arg;
	struct ids *own = malloc(sizeof(*own));
	mach_port_t p, sem;
	unsigned int i, j, shared = 0;

	if (!own)
		return -1;
	/* Everything a task gets without asking anybody. */
	if (!MACH_PORT_VALID(mach_task_self()) ||
	    !MACH_PORT_VALID(mach_host_self()) ||
	    !MACH_PORT_VALID(mach_thread_self()) ||
	    task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &p) ||
	    semaphore_create(mach_task_self(), &sem, SYNC_POLICY_FIFO, 0))
		return 1;
	if (space_ids(0, own, NULL) || own->n < 4)
		return 2;
	for (i = 0; i < own->n; i++) {
		if (!own->id[i])
			continue;
		for (j = 0; j < parent->n; j++) {
			if (own->id[i] != parent->id[j])
				continue;
			if (!shared_kotype(own->kotype[i])) {
				fprintf(stderr, "# child shares %s port %llu\n",
					own->kotype[i],
					(unsigned long long)own->id[i]);
				free(own);
				return 3;
			}
			shared++;
		}
	}
	free(own);
	return 100 + (int)shared;
}

TEST(no_rights_to_root_ports)
{
	struct ids *parent = malloc(sizeof(*parent));
	mach_port_t p, sem, th;
	unsigned int kaddr = 0, tasks = 0, i;
	int res = -1;

	ASSERT_NE(NULL, parent);
	SKIP_UNLESS_NOBODY_OPENS();
	PORT_SEND(p);
	th = mach_thread_self();
	ASSERT_TRUE(MACH_PORT_VALID(th));
	ASSERT_TRUE(MACH_PORT_VALID(mach_host_self()));
	ASSERT_EQ(KERN_SUCCESS, semaphore_create(mach_task_self(), &sem,
						 SYNC_POLICY_FIFO, 0));
	ASSERT_EQ(0, space_ids(0, parent, &kaddr));
	EXPECT_EQ(0U, kaddr);
	for (i = 0; i < parent->n; i++)
		tasks += !strcmp(parent->kotype[i], "task");
	ASSERT_LE(1U, tasks);
	ASSERT_EQ(0, xnu_run_as_nobody(reach_child, parent, &res));
	/* Only host, bootstrap (and clock) ports are the same. */
	EXPECT_LE(100, res);
	EXPECT_GE(103, res);
	free(parent);
}

/* ---- 3. bytes written to user space ------------------------------------------ */

MT_FIXTURE_ROOT_NOBODY(bytes)

TEST_F(bytes, handshake)
{
	struct xnu_handshake hs;
	size_t vlen;
	int fd;

	fd = xnu_open_raw();
	ASSERT_LE(0, fd);
	memset(&hs, PAT, sizeof(hs));
	hs.user_api = XNU_API_VERSION;
	hs.flags = 0;
	ASSERT_EQ(0, xnu_ioctl_err(fd, XNU_TRAP_HANDSHAKE, &hs));
	EXPECT_EQ((__u32)XNU_API_VERSION, hs.user_api);
	EXPECT_EQ(0U, hs.flags);
	EXPECT_EQ((__u32)XNU_API_VERSION, hs.kernel_api);
	EXPECT_EQ((__u32)XNU_TRAP_NR_COUNT, hs.trap_count);
	EXPECT_EQ(0ULL, hs.features & ~(XNU_FEAT_TRAPS | XNU_FEAT_SYSCTL |
					XNU_FEAT_MACH_IPC));
	vlen = strnlen(hs.version, sizeof(hs.version));
	ASSERT_GT(sizeof(hs.version), vlen);
	EXPECT_EQ(-1, not_zero(hs.version, vlen, sizeof(hs.version)));

	/* A refused one still answers, the same way. */
	memset(&hs, PAT, sizeof(hs));
	hs.user_api = (XNU_API_MAJOR + 1) << 16;
	hs.flags = 0;
	EXPECT_EQ(EPROTONOSUPPORT, xnu_ioctl_err(fd, XNU_TRAP_HANDSHAKE, &hs));
	vlen = strnlen(hs.version, sizeof(hs.version));
	ASSERT_GT(sizeof(hs.version), vlen);
	EXPECT_EQ(-1, not_zero(hs.version, vlen, sizeof(hs.version)));
	EXPECT_EQ((__u32)XNU_API_VERSION, hs.kernel_api);
	close(fd);
}

/* The audit token the kernel reports for this process (kmsg.c). */
static void my_audit(unsigned int v[8])
{
	v[0] = getuid();
	v[1] = geteuid();
	v[2] = getegid();
	v[3] = getuid();
	v[4] = getgid();
	v[5] = (unsigned int)getpid();
	v[6] = (unsigned int)getsid(0);
	v[7] = 0;
}

#define RCV_BUF	1024

TEST_F(bytes, trailers)
{
	static const int elements[] = {
		MACH_RCV_TRAILER_NULL, MACH_RCV_TRAILER_SEQNO,
		MACH_RCV_TRAILER_SENDER, MACH_RCV_TRAILER_AUDIT,
		MACH_RCV_TRAILER_CTX, 5, 6, MACH_RCV_TRAILER_AV,
		MACH_RCV_TRAILER_LABELS, 15,
	};
	const uint64_t ctx = 0x1122334455667788ULL;
	unsigned char buf[RCV_BUF];
	mach_msg_header_t *h = (void *)buf;
	unsigned int audit[8], i;
	mach_port_t port;

	my_audit(audit);
	PORT_SEND(port);
	ASSERT_EQ(KERN_SUCCESS, mach_port_set_context(TASK, port, ctx));
	for (i = 0; i < ARRAY_SIZE(elements); i++) {
		mach_msg_option_t opt = MACH_RCV_MSG | MACH_RCV_TIMEOUT |
			MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
			MACH_RCV_TRAILER_ELEMENTS(elements[i]);
		mach_msg_size_t tsize = REQUESTED_TRAILER_SIZE(opt);
		mach_msg_max_trailer_t t;
		mach_msg_size_t size;

		ASSERT_EQ(MACH_MSG_SUCCESS, mt_send_simple(port, 100 + i));
		memset(buf, PAT, sizeof(buf));
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mach_msg(h, opt, 0, sizeof(buf), port, MT_WAIT_MS,
				   MACH_PORT_NULL));
		size = h->msgh_size;
		ASSERT_GE(sizeof(buf), size + tsize);
		memset(&t, 0, sizeof(t));
		memcpy(&t, buf + size, tsize);
		EXPECT_EQ(MACH_MSG_TRAILER_FORMAT_0, t.msgh_trailer_type);
		EXPECT_EQ(tsize, t.msgh_trailer_size);
		if (tsize >= 12)
			EXPECT_EQ(i, t.msgh_seqno);
		if (tsize >= 20) {
			EXPECT_EQ(geteuid(), t.msgh_sender.val[0]);
			EXPECT_EQ(getegid(), t.msgh_sender.val[1]);
		}
		if (tsize >= 52)
			EXPECT_EQ(0, memcmp(audit, t.msgh_audit.val,
					    sizeof(audit)));
		if (tsize >= 60)
			EXPECT_EQ(ctx, t.msgh_context);
		if (tsize >= 68) {
			EXPECT_EQ(0, t.msgh_ad);
			EXPECT_EQ(0U, t.msgh_labels.sender);
		}
		/* Not a byte after the trailer, nothing kernel-like. */
		EXPECT_EQ(-1, not_pat(buf, size + tsize, sizeof(buf))) {
			TH_LOG("elements %d: wrote past the trailer",
			       elements[i]);
		}
		EXPECT_EQ(-1, find_kaddr(buf, size + tsize));
	}

	/* The receive-error path: a header and the kernel's trailer. */
	for (i = 0; i < ARRAY_SIZE(elements); i++) {
		mach_msg_option_t opt = MACH_RCV_MSG | MACH_RCV_TIMEOUT |
			MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
			MACH_RCV_TRAILER_ELEMENTS(elements[i]);
		mach_msg_size_t tsize = REQUESTED_TRAILER_SIZE(opt);
		mach_msg_max_trailer_t t;

		ASSERT_EQ(MACH_MSG_SUCCESS, mt_send_simple(port, 200 + i));
		memset(buf, PAT, sizeof(buf));
		/* Room for the header and trailer, not the message. */
		ASSERT_EQ(MACH_RCV_TOO_LARGE,
			  mach_msg(h, opt, 0, sizeof(*h) + tsize, port,
				   MT_WAIT_MS, MACH_PORT_NULL));
		EXPECT_EQ(sizeof(*h), h->msgh_size);
		EXPECT_EQ(MACH_PORT_NULL, h->msgh_voucher_port);
		memset(&t, 0, sizeof(t));
		memcpy(&t, buf + sizeof(*h), tsize);
		EXPECT_EQ(tsize, t.msgh_trailer_size);
		if (tsize >= 20) {
			EXPECT_EQ(0U, t.msgh_sender.val[0]);
			EXPECT_EQ(1U, t.msgh_sender.val[1]);
		}
		if (tsize >= 52)
			EXPECT_EQ(-1, not_zero(&t.msgh_audit, 0,
					       sizeof(t.msgh_audit)));
		EXPECT_EQ(-1, not_pat(buf, sizeof(*h) + tsize, sizeof(buf)));
		EXPECT_EQ(-1, find_kaddr(buf, sizeof(*h) + tsize));
	}
	EXPECT_EQ(KERN_SUCCESS, mt_kill(port));
}

/* Receive a kernel-made message on @port and check its bytes. */
static void check_kernel_msg(struct __test_metadata *_metadata,
			     mach_port_t port, mach_msg_id_t id,
			     mach_msg_size_t size)
{
	mach_msg_option_t opt = MACH_RCV_MSG | MACH_RCV_TIMEOUT |
		MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
		MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AV);
	mach_msg_size_t tsize = REQUESTED_TRAILER_SIZE(opt);
	static const NDR_record_t ndr = XNU_NDR_RECORD_INIT;
	unsigned char buf[RCV_BUF];
	mach_msg_header_t *h = (void *)buf;
	mach_msg_max_trailer_t t;

	memset(buf, PAT, sizeof(buf));
	ASSERT_EQ(MACH_MSG_SUCCESS, mach_msg(h, opt, 0, sizeof(buf), port,
					     MT_WAIT_MS, MACH_PORT_NULL));
	EXPECT_EQ(id, h->msgh_id);
	ASSERT_EQ(size, h->msgh_size);
	EXPECT_EQ(MACH_PORT_NULL, h->msgh_voucher_port);
	if (!(h->msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	    size >= sizeof(*h) + sizeof(ndr))
		EXPECT_EQ(0, memcmp(buf + sizeof(*h), &ndr, sizeof(ndr)));
	if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		mach_msg_port_descriptor_t *pd = (void *)(buf + sizeof(*h) + 4);

		EXPECT_EQ(1U, *(uint32_t *)(buf + sizeof(*h)));
		EXPECT_EQ(0U, pd->pad1);
		EXPECT_EQ(0U, MT_BF(pd->pad2));
	}
	memcpy(&t, buf + size, tsize);
	EXPECT_EQ(tsize, t.msgh_trailer_size);
	EXPECT_EQ(0U, t.msgh_sender.val[0]);
	EXPECT_EQ(1U, t.msgh_sender.val[1]);
	EXPECT_EQ(-1, not_zero(&t.msgh_audit, 0, sizeof(t.msgh_audit)));
	EXPECT_EQ(-1, not_pat(buf, size + tsize, sizeof(buf)));
	EXPECT_EQ(-1, find_kaddr(buf, size + tsize));
}

/* The notifications the kernel sends. */
TEST_F(bytes, notifications)
{
	mach_port_t port, notify, so, prev = MACH_PORT_NULL;

	PORT_SEND(port);
	PORT(notify);

	/* A send-once right that dies unused. */
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, so));
	check_kernel_msg(_metadata, port, MACH_NOTIFY_SEND_ONCE,
			 XNU_NOTIFY_SEND_ONCE_SIZE);

	/* No more senders. */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_request_notification(TASK, port,
						 MACH_NOTIFY_NO_SENDERS, 0,
						 notify,
						 MACH_MSG_TYPE_MAKE_SEND_ONCE,
						 &prev));
	ASSERT_EQ(KERN_SUCCESS, mach_port_mod_refs(TASK, port,
						   MACH_PORT_RIGHT_SEND, -1));
	check_kernel_msg(_metadata, notify, MACH_NOTIFY_NO_SENDERS,
			 XNU_NOTIFY_NO_SENDERS_SIZE);

	/* Port destroyed: the receive right comes back in the message. */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_request_notification(TASK, port,
						 MACH_NOTIFY_PORT_DESTROYED, 0,
						 notify,
						 MACH_MSG_TYPE_MAKE_SEND_ONCE,
						 &prev));
	ASSERT_EQ(KERN_SUCCESS, mt_kill(port));
	check_kernel_msg(_metadata, notify, MACH_NOTIFY_PORT_DESTROYED,
			 XNU_NOTIFY_PORT_DESTROYED_SIZE);
	EXPECT_EQ(KERN_SUCCESS, mt_kill(notify));
}

/* ---- MIG replies of the kernel's objects ------------------------------------ */

/**
 * struct sweep - what a MIG sweep saw
 * @calls:	requests sent
 * @replies:	replies received
 * @ok:		replies with RetCode KERN_SUCCESS or complex
 * @bad:	problems (logged)
 */
struct sweep {
	unsigned int calls, replies, ok, bad;
};

/* Check the out-of-line regions of a complex reply; munmap them. */
static void check_ool(struct __test_metadata *_metadata, struct sweep *s,
		      mach_msg_header_t *h, int id)
{
	mach_msg_body_t *body = (void *)(h + 1);
	unsigned char *p = (void *)(body + 1);
	unsigned int i;

	for (i = 0; i < body->msgh_descriptor_count && i < 8; i++) {
		mach_msg_type_descriptor_t *td = (void *)p;

		if (MT_BF(td->type) == MACH_MSG_PORT_DESCRIPTOR) {
			mach_msg_port_descriptor_t *pd = (void *)p;

			EXPECT_EQ(0U, pd->pad1);
			EXPECT_EQ(0U, MT_BF(pd->pad2));
			p += sizeof(*pd);
		} else if (MT_BF(td->type) == MACH_MSG_OOL_DESCRIPTOR ||
			   MT_BF(td->type) == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			mach_msg_ool_descriptor_t *od = (void *)p;
			size_t len = od->size, page = 4096, map;

			if (MT_BF(td->type) == MACH_MSG_OOL_PORTS_DESCRIPTOR)
				len *= sizeof(mach_port_name_t);
			map = (len + page - 1) & ~(page - 1);
			if (od->address && len) {
				if (find_kaddr(od->address, len) >= 0 ||
				    not_zero(od->address, len, map) >= 0) {
					s->bad++;
					TH_LOG("id %d: OOL region leaks", id);
				}
				munmap(od->address, map);
			}
			p += sizeof(*od);
		} else {
			s->bad++;
			TH_LOG("id %d: descriptor type %u", id, MT_BF(td->type));
			return;
		}
	}
}

/*
 * Send @id to @dest with @size bytes of request (header, NDR, @args)
 * and check the reply's bytes.
 */
static int mig_probe(struct __test_metadata *_metadata, struct sweep *s,
		     mach_port_t dest, mach_port_t reply, int id,
		     mach_msg_size_t size, const uint32_t *args)
{
	static const NDR_record_t ndr = XNU_NDR_RECORD_INIT;
	mach_msg_option_t opt = MACH_SEND_MSG | MACH_RCV_MSG |
		MACH_SEND_TIMEOUT | MACH_RCV_TIMEOUT | MACH_RCV_LARGE |
		MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
		MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AV);
	mach_msg_size_t tsize = REQUESTED_TRAILER_SIZE(opt);
	union {
		mach_msg_header_t h;
		unsigned char b[256];
	} req;
	union {
		mach_msg_header_t h;
		mig_reply_error_t e;
		unsigned char b[RCV_BUF];
	} rep;
	mach_msg_max_trailer_t t;
	mach_msg_return_t mr;
	long off;

	memset(&req, 0, sizeof(req));
	req.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					 MACH_MSG_TYPE_MAKE_SEND_ONCE);
	req.h.msgh_size = size;
	req.h.msgh_remote_port = dest;
	req.h.msgh_local_port = reply;
	req.h.msgh_id = id;
	if (size >= sizeof(req.h) + sizeof(ndr))
		memcpy(req.b + sizeof(req.h), &ndr, sizeof(ndr));
	if (size > sizeof(req.h) + sizeof(ndr))
		memcpy(req.b + sizeof(req.h) + sizeof(ndr), args,
		       size - sizeof(req.h) - sizeof(ndr));
	memset(&rep, PAT, sizeof(rep));
	s->calls++;
	mr = mach_msg_overwrite(&req.h, opt, size, sizeof(rep), reply,
				MT_WAIT_MS, MACH_PORT_NULL, &rep.h,
				sizeof(rep));
	if (mr == MACH_RCV_TIMED_OUT)
		return INT_MIN;	/* no reply (MIG_NO_REPLY, a simpleroutine) */
	if (mr != MACH_MSG_SUCCESS) {
		s->bad++;
		TH_LOG("id %d size %u: mach_msg %#x", id, size, mr);
		return INT_MIN;
	}
	s->replies++;
	if (rep.h.msgh_id != id + 100 || rep.h.msgh_size < 36 ||
	    rep.h.msgh_size + tsize > sizeof(rep)) {
		s->bad++;
		TH_LOG("id %d size %u: reply id %d size %u", id, size,
		       rep.h.msgh_id, rep.h.msgh_size);
		return INT_MIN;
	}
	memcpy(&t, rep.b + rep.h.msgh_size, tsize);
	if (t.msgh_trailer_size != tsize || t.msgh_sender.val[0] != 0 ||
	    t.msgh_sender.val[1] != 1 ||
	    not_zero(&t.msgh_audit, 0, sizeof(t.msgh_audit)) >= 0 ||
	    t.msgh_ad || t.msgh_labels.sender) {
		s->bad++;
		TH_LOG("id %d size %u: trailer not the kernel's", id, size);
	}
	off = not_pat(rep.b, rep.h.msgh_size + tsize, sizeof(rep));
	if (off >= 0) {
		s->bad++;
		TH_LOG("id %d size %u: byte %ld written past the trailer", id,
		       size, off);
	}
	off = find_kaddr(rep.b, rep.h.msgh_size + tsize);
	if (off >= 0) {
		s->bad++;
		TH_LOG("id %d size %u: kernel address at %ld", id, size, off);
	}
	if (rep.h.msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		s->ok++;
		check_ool(_metadata, s, &rep.h, id);
		return KERN_SUCCESS;
	}
	if (memcmp(&rep.e.NDR, &ndr, sizeof(ndr))) {
		s->bad++;
		TH_LOG("id %d size %u: NDR record", id, size);
	}
	if (rep.e.RetCode == KERN_SUCCESS)
		s->ok++;
	else if (rep.h.msgh_size != sizeof(mig_reply_error_t)) {
		s->bad++;
		TH_LOG("id %d size %u: error %d in %u bytes", id, size,
		       rep.e.RetCode, rep.h.msgh_size);
	}
	return rep.e.RetCode;
}

/*
 * Every id in [first, last] with requests of 24 to 88 bytes, the
 * arguments: a receive right of ours (fresh for each id), small numbers.
 */
static void mig_sweep(struct __test_metadata *_metadata, struct sweep *s,
		      mach_port_t dest, int first, int last)
{
	mach_port_t reply, port;
	uint32_t args[16];
	mach_msg_size_t size;
	int id, set;

	reply = mt_port();
	ASSERT_NE(MACH_PORT_NULL, reply);
	for (id = first; id <= last; id++) {
		for (set = 0; set < 2; set++) {
			port = mt_port_send();
			ASSERT_NE(MACH_PORT_NULL, port);
			memset(args, 0, sizeof(args));
			args[0] = set ? 0 : port;
			args[1] = set ? 1 : MACH_PORT_RIGHT_RECEIVE;
			args[2] = set ? port : MACH_PORT_RECEIVE_STATUS;
			args[3] = 17;
			args[4] = 1;
			for (size = 24; size <= 88; size += 4)
				mig_probe(_metadata, s, dest, reply, id, size,
					  args);
			mach_port_destroy(mach_task_self(), port);
		}
	}
	mach_port_destroy(mach_task_self(), reply);
}

TEST_F(bytes, mig_replies)
{
	struct sweep s = { 0 };
	mach_port_t host, clock, thread, sem;

	host = mach_host_self();
	ASSERT_TRUE(MACH_PORT_VALID(host));
	ASSERT_EQ(KERN_SUCCESS, host_get_clock_service(host, SYSTEM_CLOCK,
						       &clock));
	thread = mach_thread_self();
	ASSERT_TRUE(MACH_PORT_VALID(thread));
	ASSERT_EQ(KERN_SUCCESS, semaphore_create(TASK, &sem, SYNC_POLICY_FIFO,
						 0));

	mig_sweep(_metadata, &s, TASK, 3199, 3231);	/* mach_port */
	mig_sweep(_metadata, &s, TASK, 3399, 3421);	/* task */
	mig_sweep(_metadata, &s, host, 199, 210);	/* mach_host */
	mig_sweep(_metadata, &s, clock, 999, 1003);	/* clock */
	mig_sweep(_metadata, &s, thread, 3599, 3620);	/* thread_act */
	mig_sweep(_metadata, &s, sem, 0, 2);		/* no subsystem */
	mig_sweep(_metadata, &s, bootstrap_port, 401, 405);
	TH_LOG("%u requests, %u replies, %u successful", s.calls, s.replies,
	       s.ok);
	EXPECT_EQ(0U, s.bad);
	EXPECT_LT(s.calls / 2, s.replies);
	EXPECT_LT(10U, s.ok);
	semaphore_destroy(TASK, sem);
}

/* Placeholders in a routine's arguments. */
#define A_PORT	0xfffff001U	/* a receive right with a send right */
#define A_PSET	0xfffff002U	/* a port set */
#define A_SPARE	0xfffff003U	/* a receive right with a send right, to lose */

enum { D_TASK, D_HOST, D_CLOCK, D_THREAD, D_BOOTSTRAP };

/**
 * struct routine - a well-formed request of one kernel routine
 * @name:	the routine
 * @dest:	D_*: the object it is sent to
 * @id:		msgh_id
 * @size:	request bytes
 * @args:	the words after the NDR record (A_* replaced)
 */
struct routine {
	const char *name;
	int dest;
	int id;
	mach_msg_size_t size;
	uint32_t args[6];
};

static const struct routine routines[] = {
	{ "mach_port_names", D_TASK, 3200, 24, { 0 } },
	{ "mach_port_type", D_TASK, 3201, 36, { A_PORT } },
	{ "mach_port_allocate", D_TASK, 3204, 36, { MACH_PORT_RIGHT_RECEIVE } },
	{ "mach_port_destroy", D_TASK, 3205, 36, { A_SPARE } },
	{ "mach_port_deallocate", D_TASK, 3206, 36, { A_SPARE } },
	{ "mach_port_get_refs", D_TASK, 3207, 40,
	  { A_PORT, MACH_PORT_RIGHT_SEND } },
	{ "mach_port_mod_refs", D_TASK, 3208, 44,
	  { A_PORT, MACH_PORT_RIGHT_SEND, 1 } },
	{ "mach_port_set_mscount", D_TASK, 3210, 40, { A_PORT, 0 } },
	{ "mach_port_get_set_status", D_TASK, 3211, 36, { A_PSET } },
	{ "mach_port_move_member", D_TASK, 3212, 40, { A_SPARE, A_PSET } },
	{ "mach_port_extract_right", D_TASK, 3215, 40,
	  { A_PORT, MACH_MSG_TYPE_MAKE_SEND } },
	{ "mach_port_set_seqno", D_TASK, 3216, 40, { A_PORT, 0 } },
	{ "mach_port_get_attributes", D_TASK, 3217, 44,
	  { A_PORT, MACH_PORT_RECEIVE_STATUS, XNU_MACH_ATTR_MAX } },
	{ "mach_port_get_attributes", D_TASK, 3217, 44,
	  { A_PORT, MACH_PORT_INFO_EXT, XNU_MACH_ATTR_MAX } },
	{ "mach_port_set_attributes", D_TASK, 3218, 48,
	  { A_PORT, MACH_PORT_LIMITS_INFO, 1, 5 } },
	{ "mach_port_get_srights", D_TASK, 3222, 36, { A_PORT } },
	{ "mach_port_insert_member", D_TASK, 3226, 40, { A_SPARE, A_PSET } },
	{ "mach_port_extract_member", D_TASK, 3227, 40, { A_PORT, A_PSET } },
	{ "mach_port_get_context", D_TASK, 3228, 36, { A_PORT } },
	{ "mach_port_set_context", D_TASK, 3229, 44, { A_PORT, 7, 0 } },
	{ "semaphore_create", D_TASK, 3418, 40, { SYNC_POLICY_FIFO, 0 } },
	{ "host_get_clock_service", D_HOST, 206, 36, { SYSTEM_CLOCK } },
	{ "clock_get_time", D_CLOCK, 1000, 24, { 0 } },
	{ "clock_get_attributes", D_CLOCK, 1001, 40,
	  { CLOCK_GET_TIME_RES, 1 } },
	{ "thread_policy_set", D_THREAD, 3617, 44,
	  { THREAD_PRECEDENCE_POLICY, 1, 0 } },
	{ "thread_policy_get", D_THREAD, 3618, 44,
	  { THREAD_EXTENDED_POLICY, 1, 0 } },
	{ "thread_policy_get", D_THREAD, 3618, 44,
	  { THREAD_TIME_CONSTRAINT_POLICY, 4, 1 } },
};

/* Each kernel routine, well formed: it succeeds, its reply is clean. */
TEST_F(bytes, mig_routines)
{
	mach_port_t dest[5], reply, port, spare, pset, th;
	struct sweep s = { 0 };
	uint32_t args[16];
	unsigned int i, j;
	int ret;

	dest[D_TASK] = TASK;
	dest[D_HOST] = mach_host_self();
	ASSERT_EQ(KERN_SUCCESS, host_get_clock_service(dest[D_HOST],
						       SYSTEM_CLOCK,
						       &dest[D_CLOCK]));
	th = mach_thread_self();
	dest[D_THREAD] = th;
	dest[D_BOOTSTRAP] = bootstrap_port;
	PORT(reply);
	for (i = 0; i < ARRAY_SIZE(routines); i++) {
		const struct routine *r = &routines[i];

		PORT_SEND(port);
		PORT_SEND(spare);
		pset = mt_pset();
		ASSERT_NE(MACH_PORT_NULL, pset);
		ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(TASK, port,
							      pset));
		memset(args, 0, sizeof(args));
		for (j = 0; j < ARRAY_SIZE(r->args); j++)
			args[j] = r->args[j] == A_PORT ? port :
				  r->args[j] == A_PSET ? pset :
				  r->args[j] == A_SPARE ? spare : r->args[j];
		ret = mig_probe(_metadata, &s, dest[r->dest], reply, r->id,
				r->size, args);
		EXPECT_EQ(KERN_SUCCESS, ret) {
			TH_LOG("%s (%d)", r->name, r->id);
		}
		mach_port_destroy(TASK, port);
		mach_port_destroy(TASK, spare);
		mach_port_destroy(TASK, pset);
	}
	EXPECT_EQ(0U, s.bad);
	EXPECT_EQ(ARRAY_SIZE(routines), s.ok);
	mach_port_deallocate(TASK, th);
}

/* ---- the out-structs of the traps -------------------------------------------- */

TEST_F(bytes, trap_outs)
{
	struct xnu_mach_port_names pn;
	struct xnu_mach_port_attr at;
	struct xnu_mach_port_args pa;
	struct xnu_mach_ports pl;
	struct xnu_vm_wire_info wi;
	mach_port_name_t names[64];
	mach_port_type_t types[64];
	static const int flavors[] = {
		MACH_PORT_LIMITS_INFO, MACH_PORT_RECEIVE_STATUS,
		MACH_PORT_DNREQUESTS_SIZE, MACH_PORT_TEMPOWNER,
		MACH_PORT_IMPORTANCE_RECEIVER, MACH_PORT_DENAP_RECEIVER,
		MACH_PORT_INFO_EXT,
	};
	mach_port_t port;
	unsigned int i;

	PORT_SEND(port);

	memset(&wi, PAT, sizeof(wi));
	wi.flags = 0;
	ASSERT_EQ(0, mt_raw(XNU_TRAP_VM_WIRE_INFO, &wi));
	EXPECT_EQ(-1, find_kaddr(&wi, sizeof(wi)));
	/*
	 * Every counter set, each byte accounted for: the file's part of
	 * everyone's, nothing unpinned that was not pinned, and page counts
	 * (below 2^40) where an untouched PAT or a stack pattern byte in a
	 * high byte would not fit.
	 */
	EXPECT_EQ(0U, wi.flags);
	EXPECT_GE(wi.regions, (__u64)wi.file_regions);
	EXPECT_GE(wi.pinned_pages, wi.file_pages);
	EXPECT_GE(wi.wired_total, wi.unwired_total);
	EXPECT_GT(1ULL << 40, wi.regions);
	EXPECT_GT(1ULL << 40, wi.pinned_pages);
	EXPECT_GT(1ULL << 40, wi.wired_total);

	memset(names, PAT, sizeof(names));
	memset(types, PAT, sizeof(types));
	memset(&pn, 0, sizeof(pn));
	pn.task = TASK;
	pn.capacity = 64;
	pn.names = (uintptr_t)names;
	pn.types = (uintptr_t)types;
	ASSERT_EQ(KERN_SUCCESS, mt_raw(XNU_TRAP_PORT_NAMES, &pn));
	ASSERT_GE(64U, pn.count);
	EXPECT_EQ(-1, not_pat(names, pn.count * sizeof(names[0]),
			      sizeof(names)));
	EXPECT_EQ(-1, not_pat(types, pn.count * sizeof(types[0]),
			      sizeof(types)));
	EXPECT_EQ(-1, find_kaddr(names, pn.count * sizeof(names[0])));
	EXPECT_EQ(-1, find_kaddr(types, pn.count * sizeof(types[0])));

	for (i = 0; i < ARRAY_SIZE(flavors); i++) {
		memset(&at, PAT, sizeof(at));
		at.task = TASK;
		at.name = port;
		at.flavor = flavors[i];
		at.count = XNU_MACH_ATTR_MAX;
		at.flags = 0;
		if (mt_raw(XNU_TRAP_PORT_GET_ATTRIBUTES, &at) != KERN_SUCCESS)
			continue;
		ASSERT_GE(XNU_MACH_ATTR_MAX, at.count);
		EXPECT_EQ(-1, find_kaddr(at.info, at.count * 4));
		/* The trap clears the whole array first. */
		EXPECT_EQ(-1, not_zero(at.info, at.count * 4, sizeof(at.info)));
	}

	memset(&pl, PAT, sizeof(pl));
	pl.task = TASK;
	pl.count = 0;
	pl.flags = 0;
	ASSERT_EQ(KERN_SUCCESS, mt_raw(XNU_TRAP_PORTS_LOOKUP, &pl));
	EXPECT_EQ(TASK_PORT_REGISTER_MAX, pl.count);
	/* Each slot MACH_PORT_NULL or a name of ours: no other byte. */
	for (i = 0; i < TASK_PORT_REGISTER_MAX; i++) {
		mach_port_type_t type;

		if (pl.ports[i] == MACH_PORT_NULL)
			continue;
		EXPECT_EQ(KERN_SUCCESS, mach_port_type(TASK, pl.ports[i], &type)) {
			TH_LOG("ports[%u] = %#x: not a name", i, pl.ports[i]);
		}
	}
	EXPECT_EQ(0U, pl.flags);

	memset(&pa, PAT, sizeof(pa));
	pa.task = TASK;
	pa.name = port;
	pa.flags = 0;
	ASSERT_EQ(KERN_SUCCESS, mt_raw(XNU_TRAP_PORT_GET_CONTEXT, &pa));
	EXPECT_EQ(0U, pa.poly);
	EXPECT_EQ(0U, pa.sync);

	memset(&pa, PAT, sizeof(pa));
	pa.task = TASK;
	pa.name = port;
	pa.right = MACH_PORT_RIGHT_SEND;
	pa.flags = 0;
	ASSERT_EQ(KERN_SUCCESS, mt_raw(XNU_TRAP_PORT_GET_REFS, &pa));
	EXPECT_EQ(1, pa.delta);

	memset(&pa, PAT, sizeof(pa));
	pa.task = TASK;
	pa.name = port;
	pa.flags = 0;
	ASSERT_EQ(KERN_SUCCESS, mt_raw(XNU_TRAP_PORT_TYPE, &pa));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_SEND, pa.right);

	EXPECT_EQ(KERN_SUCCESS, mt_kill(port));
}

/* ---- the sysctl tree ----------------------------------------------------------- */

#define SC_BUF	8192

/* Walk the whole tree: names, formats, descriptions, values. */
static void sysctl_walk(struct __test_metadata *_metadata, unsigned int min)
{
	int next[CTL_MAXNAME + 2] = { 0, 2 }, mib[CTL_MAXNAME];
	static unsigned char val[SC_BUF];
	unsigned int miblen = 0, leaves = 0, values = 0, bad = 0;
	size_t len;
	int q[CTL_MAXNAME + 2];

	for (;;) {
		size_t nlen = sizeof(mib);
		unsigned int kind, type;
		char fmt[64], name[512];

		memcpy(next + 2, mib, miblen * sizeof(int));
		if (sysctl(next, miblen + 2, mib, &nlen, NULL, 0))
			break;
		miblen = nlen / sizeof(int);
		leaves++;
		ASSERT_LT(leaves, 100000U);

		/* {0,1}: the name; {0,4}: kind and format; {0,5}: descr. */
		q[0] = 0;
		memcpy(q + 2, mib, miblen * sizeof(int));
		q[1] = 1;
		memset(val, PAT, sizeof(val));
		len = sizeof(name);
		ASSERT_EQ(0, sysctl(q, miblen + 2, val, &len, NULL, 0));
		ASSERT_LT(0U, len);
		if (not_pat(val, len, sizeof(val)) >= 0 || val[len - 1] ||
		    str_has_kptr((char *)val, len))
			bad++;
		snprintf(name, sizeof(name), "%.*s", (int)sizeof(name) - 1,
			 (char *)val);
		q[1] = 4;
		memset(val, PAT, sizeof(val));
		len = sizeof(val);
		ASSERT_EQ(0, sysctl(q, miblen + 2, val, &len, NULL, 0));
		ASSERT_LT(4U, len);
		memcpy(&kind, val, 4);
		snprintf(fmt, sizeof(fmt), "%.*s", (int)sizeof(fmt) - 1,
			 (char *)val + 4);
		if (not_pat(val, len, sizeof(val)) >= 0 || val[len - 1])
			bad++;
		q[1] = 5;
		memset(val, PAT, sizeof(val));
		len = sizeof(val);
		if (!sysctl(q, miblen + 2, val, &len, NULL, 0) &&
		    (not_pat(val, len, sizeof(val)) >= 0 ||
		     str_has_kptr((char *)val, len)))
			bad++;

		/* The value itself. */
		type = kind & CTLTYPE;
		memset(val, PAT, sizeof(val));
		len = sizeof(val);
		if (sysctl(mib, miblen, val, &len, NULL, 0))
			continue;
		values++;
		if (len > sizeof(val) || not_pat(val, len, sizeof(val)) >= 0) {
			bad++;
			TH_LOG("%s: wrote past its length %zu", name, len);
		}
		if (type == CTLTYPE_STRING ? str_has_kptr((char *)val, len) :
					     find_kaddr(val, len) >= 0) {
			bad++;
			TH_LOG("%s (%s): a kernel address", name, fmt);
		}
	}
	TH_LOG("%u leaves, %u values read", leaves, values);
	EXPECT_LT(min, leaves);
	EXPECT_LT(min - 5, values);
	EXPECT_EQ(0U, bad);
}

TEST_F(bytes, sysctl_tree)
{
	sysctl_walk(_metadata, 25);
}

/* The same with the sysctl test module's leaves (opaque, struct, quad...). */
TEST(sysctl_tree_test_module)
{
	const char *mod = "xnu_sysctl_test";
	int was = xnu_kmod_loaded(mod);

	if (!was && xnu_kmod_load(mod, "XNU_SYSCTL_TEST_KO"))
		SKIP(return, "cannot load %s", mod);
	sysctl_walk(_metadata, 40);
	if (!was)
		EXPECT_EQ(0, xnu_kmod_unload(mod));
}

TEST_F(bytes, genl_dumps)
{
	struct dump d = { 0 };
	struct ids *ids = malloc(sizeof(*ids));
	unsigned int kaddr = 1;

	ASSERT_NE(NULL, ids);
	ASSERT_EQ(0, genl_dump(XNU_SYSCTL_GENL_NAME, XNU_SYSCTL_CMD_GET, 0, 0,
			       &d));
	EXPECT_EQ(0, d.err);
	EXPECT_LT(30U, d.entries);
	EXPECT_EQ(0U, d.kaddr);

	ASSERT_EQ(0, space_ids(0, ids, &kaddr));
	EXPECT_LT(0U, ids->n);
	EXPECT_EQ(0U, kaddr);
	free(ids);
}

TEST_HARNESS_MAIN

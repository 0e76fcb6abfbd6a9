// SPDX-License-Identifier: GPL-2.0
/*
 * xsysctl_test - the xsysctl command (macOS sysctl(8)) run as a program:
 * exact standard output, standard error and exit status for the built-in
 * OIDs (kern.ostype with -n, -e, -t, -d, -N, -b; numbers with -x;
 * kern.boottime as S,timeval), node listings and -a checked against a walk
 * of the tree made here with sysctl(3) (masked OIDs hidden, user.* first,
 * no sysctl.*), Darwin's error messages (unknown oid, read only, not a
 * leaf, invalid integer, empty numeric value, EPERM for nobody) and an exit
 * status that counts the failed arguments; name=value writes on
 * debug.bpf_bufsize (restored afterwards); -f files; and, when the sysctl
 * test module is installed, every value type of debug.emutest (unsigned,
 * long, quad, string writes with their NUL, opaque dumps with -o and -x).
 *
 * The program is /usr/bin/xsysctl, or $XSYSCTL; it runs with argv[0]
 * "xsysctl", so its messages start "xsysctl: ".
 */
#include <poll.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>

#include <sys/sysctl.h>

#include "libxnucross.h"
#include "xnu_selftest.h"
#include "kselftest_harness.h"

#define XS_OUT_MAX	(1 << 18)
#define XS_ERR_MAX	(1 << 14)

struct xs_run {
	char out[XS_OUT_MAX];
	size_t outlen;
	char err[XS_ERR_MAX];
	size_t errlen;
	int status;		/* exit status, or 128 + signal */
};

static const char *xs_path(void)
{
	const char *p = getenv("XSYSCTL");

	return p && *p ? p : "/usr/bin/xsysctl";
}

/* Append what fd has to buf; false at end of file. */
static bool xs_drain(int fd, char *buf, size_t *len, size_t max)
{
	char scratch[4096];
	ssize_t n;

	if (*len < max - 1)
		n = read(fd, buf + *len, max - 1 - *len);
	else
		n = read(fd, scratch, sizeof(scratch));
	if (n <= 0)
		return n < 0 && errno == EINTR;
	if (*len < max - 1)
		*len += n;
	buf[*len] = '\0';
	return true;
}

/*
 * Run xsysctl with args (NULL-terminated), as nobody if asked, with
 * XNUCROSS_DEVICE set to device if not NULL. 0, or -1 when it could not be
 * run at all.
 */
static int xs_run(struct xs_run *r, bool nobody, const char *device,
		  const char *const *args)
{
	const char *argv[64];
	int out[2], err[2], status, i;
	struct pollfd pfd[2];
	bool out_open = true, err_open = true;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	argv[0] = "xsysctl";
	for (i = 0; args[i] && i < 62; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;

	if (pipe2(out, O_CLOEXEC))
		return -1;
	if (pipe2(err, O_CLOEXEC)) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0)
			_exit(126);
		if (nobody && xnu_drop_to_nobody())
			_exit(125);
		unsetenv("XNUCROSS_QUIET");
		if (device)
			setenv("XNUCROSS_DEVICE", device, 1);
		execv(xs_path(), (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	while (out_open || err_open) {
		pfd[0].fd = out_open ? out[0] : -1;
		pfd[0].events = POLLIN;
		pfd[1].fd = err_open ? err[0] : -1;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents)
			out_open = xs_drain(out[0], r->out, &r->outlen,
					    sizeof(r->out));
		if (pfd[1].revents)
			err_open = xs_drain(err[0], r->err, &r->errlen,
					    sizeof(r->err));
	}
	close(out[0]);
	close(err[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFEXITED(status))
		r->status = WEXITSTATUS(status);
	else
		r->status = 128 + WTERMSIG(status);
	return 0;
}

#define XS_ARGS(...)	((const char *const []){ __VA_ARGS__, NULL })

/* Run as root (the test's own user) and end the test if it cannot run. */
#define RUN(r, ...) \
	ASSERT_EQ(0, xs_run((r), false, NULL, XS_ARGS(__VA_ARGS__))) { \
		TH_LOG("cannot run %s", xs_path()); \
	}

#define RUN_NOBODY(r, ...) \
	ASSERT_EQ(0, xs_run((r), true, NULL, XS_ARGS(__VA_ARGS__))) { \
		TH_LOG("cannot run %s", xs_path()); \
	}

/* Exact stdout, stderr and exit status. */
#define EXPECT_RUN(r, out_, err_, status_) do { \
		EXPECT_STREQ((out_), (r)->out); \
		EXPECT_STREQ((err_), (r)->err); \
		EXPECT_EQ((status_), (r)->status); \
	} while (0)

static struct xs_run *xs_alloc(struct __test_metadata *_metadata)
{
	struct xs_run *r = calloc(1, sizeof(*r));

	ASSERT_NE(NULL, r);
	return r;
}

/* Skip the nobody tests when the device's mode refuses nobody. */
static bool nobody_may_open(void)
{
	unsigned long devmode;

	return !xnu_devmode(&devmode) && (devmode & 0006) == 0006;
}

static int read_int(const char *name, int *val)
{
	size_t len = sizeof(*val);

	if (sysctlbyname(name, val, &len, NULL, 0))
		return -errno;
	return len == sizeof(*val) ? 0 : -EIO;
}

static int write_int(const char *name, int val)
{
	return sysctlbyname(name, NULL, NULL, &val, sizeof(val)) ? -errno : 0;
}

/* {0, what, mib...} into buf; the bytes, or -1. */
static int meta(int what, const int *mib, int len, void *buf, size_t size)
{
	int q[CTL_MAXNAME + 2];

	q[0] = 0;
	q[1] = what;
	memcpy(q + 2, mib, len * sizeof(int));
	if (sysctl(q, len + 2, buf, &size, NULL, 0))
		return -1;
	return (int)size;
}

/*
 * The names of the leaves under prefix (len components; everything from
 * kern on when len is 0), one per line, without CTLFLAG_MASKED ones: what
 * "xsysctl -N" must print, found here with sysctl(3) directly.
 */
static int walk_names(const int *prefix, int len, char *buf, size_t size)
{
	int cur[CTL_MAXNAME], next[CTL_MAXNAME], curlen, n;
	char name[1024], fmt[1024];
	size_t used = 0;
	unsigned int kind;

	buf[0] = '\0';
	if (len) {
		memcpy(cur, prefix, len * sizeof(int));
		curlen = len;
	} else {
		cur[0] = CTL_KERN;
		curlen = 1;
	}
	for (;;) {
		n = meta(CTL_SYSCTL_NEXT, cur, curlen, next, sizeof(next));
		if (n < 0)
			return errno == ENOENT ? 0 : -errno;
		n /= sizeof(int);
		if (n < len || (len && memcmp(next, prefix, len * sizeof(int))))
			return 0;
		if (meta(CTL_SYSCTL_NAME, next, n, name, sizeof(name)) < 0)
			return -errno;
		if (meta(CTL_SYSCTL_OIDFMT, next, n, fmt, sizeof(fmt)) < 4)
			return -EIO;
		memcpy(&kind, fmt, sizeof(kind));
		if (!(kind & CTLFLAG_MASKED)) {
			used += snprintf(buf + used, size - used, "%s\n", name);
			if (used >= size)
				return -ENOSPC;
		}
		memcpy(cur, next, n * sizeof(int));
		curlen = n;
	}
}

/* The description of an OID, as {0,5} gives it. */
static int descr_of(const char *name, char *buf, size_t size)
{
	int mib[CTL_MAXNAME];
	size_t len = CTL_MAXNAME;
	int got;

	if (sysctlnametomib(name, mib, &len))
		return -errno;
	got = meta(CTL_SYSCTL_OIDDESCR, mib, (int)len, buf, size - 1);
	if (got < 0)
		return -errno;
	buf[got] = '\0';
	return 0;
}

/* Does text hold line (a whole line)? */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
		p++;
	}
	return false;
}

/* ---- reading: kern.ostype and the flags ---- */

TEST(ostype)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "kern.ostype");
	EXPECT_RUN(r, "kern.ostype: Darwin\n", "", 0);
	free(r);
}

TEST(ostype_n)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "-n", "kern.ostype");
	EXPECT_RUN(r, "Darwin\n", "", 0);
	free(r);
}

TEST(ostype_e)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "-e", "kern.ostype");
	EXPECT_RUN(r, "kern.ostype=Darwin\n", "", 0);
	free(r);
}

TEST(ostype_N)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "-N", "kern.ostype");
	EXPECT_RUN(r, "kern.ostype\n", "", 0);
	free(r);
}

/* -b: the raw value, NUL included, no name and no newline. */
TEST(ostype_b)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "-b", "kern.ostype");
	EXPECT_EQ(7U, r->outlen);
	EXPECT_EQ(0, memcmp(r->out, "Darwin", 7));
	EXPECT_RUN(r, "Darwin", "", 0);
	free(r);
}

TEST(types_t)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "-t", "kern.ostype");
	EXPECT_RUN(r, "kern.ostype: string\n", "", 0);
	RUN(r, "-t", "hw.ncpu", "hw.memsize", "kern.boottime", "user.line_max");
	EXPECT_RUN(r, "hw.ncpu: integer\nhw.memsize: int64_t\n"
		   "kern.boottime: opaque\nuser.line_max: integer\n", "", 0);
	free(r);
}

/* -d prints the {0,5} description, with -t and -n as sysctl(8) does. */
TEST(descriptions_d)
{
	struct xs_run *r = xs_alloc(_metadata);
	char descr[1024], want[2048];

	ASSERT_EQ(0, descr_of("kern.ostype", descr, sizeof(descr)));
	RUN(r, "-d", "kern.ostype");
	snprintf(want, sizeof(want), "kern.ostype: %s\n", descr);
	EXPECT_RUN(r, want, "", 0);
	RUN(r, "-t", "-d", "kern.ostype");
	snprintf(want, sizeof(want), "kern.ostype: string: %s\n", descr);
	EXPECT_RUN(r, want, "", 0);
	RUN(r, "-n", "-t", "-d", "kern.ostype");
	snprintf(want, sizeof(want), "string: %s\n", descr);
	EXPECT_RUN(r, want, "", 0);
	free(r);
}

/* Integers in decimal, with -x as %#010x, with -b as 4 raw bytes. */
TEST(integer_formats)
{
	struct xs_run *r = xs_alloc(_metadata);
	char want[128];
	int ncpu;

	ASSERT_EQ(0, read_int("hw.ncpu", &ncpu));
	RUN(r, "hw.ncpu");
	snprintf(want, sizeof(want), "hw.ncpu: %d\n", ncpu);
	EXPECT_RUN(r, want, "", 0);
	RUN(r, "-x", "hw.ncpu");
	snprintf(want, sizeof(want), "hw.ncpu: %#010x\n", ncpu);
	EXPECT_RUN(r, want, "", 0);
	RUN(r, "-b", "hw.ncpu");
	EXPECT_EQ(sizeof(ncpu), r->outlen);
	EXPECT_EQ(0, memcmp(r->out, &ncpu, sizeof(ncpu)));
	EXPECT_EQ(0, r->status);
	free(r);
}

/* hw.memsize: a 64-bit number, read as 8 bytes. */
TEST(quad_value)
{
	struct xs_run *r = xs_alloc(_metadata);
	size_t len = sizeof(uint64_t);
	char want[128];
	uint64_t mem;

	ASSERT_EQ(0, sysctlbyname("hw.memsize", &mem, &len, NULL, 0));
	ASSERT_EQ(sizeof(mem), len);
	RUN(r, "hw.memsize");
	snprintf(want, sizeof(want), "hw.memsize: %lld\n", (long long)mem);
	EXPECT_RUN(r, want, "", 0);
	free(r);
}

/* S,timeval: "{ sec = N, usec = N } <ctime>", as macOS prints boottime. */
TEST(boottime_timeval)
{
	struct xs_run *r = xs_alloc(_metadata);
	char when[64], want[256], *nl;
	unsigned char tv[16];
	size_t len = sizeof(tv);
	int64_t sec;
	int32_t usec;
	time_t t;

	ASSERT_EQ(0, sysctlbyname("kern.boottime", tv, &len, NULL, 0));
	ASSERT_EQ(sizeof(tv), len);
	memcpy(&sec, tv, sizeof(sec));
	memcpy(&usec, tv + 8, sizeof(usec));
	t = (time_t)sec;
	ASSERT_NE(NULL, ctime_r(&t, when));
	nl = strchr(when, '\n');
	if (nl)
		*nl = '\0';
	snprintf(want, sizeof(want), "kern.boottime: { sec = %lld, usec = %d } %s\n",
		 (long long)sec, usec, when);
	RUN(r, "kern.boottime");
	EXPECT_RUN(r, want, "", 0);
	free(r);
}

/* user.* comes from the library, with confstr()'s path. */
TEST(user_names)
{
	struct xs_run *r = xs_alloc(_metadata);
	char path[1024], want[1200];

	ASSERT_LT(0U, confstr(_CS_PATH, path, sizeof(path)));
	snprintf(want, sizeof(want), "user.cs_path: %s\nuser.line_max: %ld\n",
		 path, sysconf(_SC_LINE_MAX));
	RUN(r, "user.cs_path", "user.line_max");
	EXPECT_RUN(r, want, "", 0);
	RUN(r, "user.cs_path=/bin");
	EXPECT_RUN(r, "", "xsysctl: oid 'user.cs_path' is read only\n", 1);
	free(r);
}

/* ---- errors and the exit status ---- */

TEST(unknown_oid)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "nope.nothing");
	EXPECT_RUN(r, "", "xsysctl: unknown oid 'nope.nothing'\n", 1);
	RUN(r, "kern.ostype.extra");
	EXPECT_RUN(r, "", "xsysctl: unknown oid 'kern.ostype.extra'\n", 1);
	/* -q: no message, still a failure; -i: not a failure. */
	RUN(r, "-q", "nope.nothing");
	EXPECT_RUN(r, "", "", 1);
	RUN(r, "-i", "nope.nothing", "kern.ostype");
	EXPECT_RUN(r, "kern.ostype: Darwin\n", "", 0);
	free(r);
}

TEST(read_only)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "kern.ostype=Linux");
	EXPECT_RUN(r, "", "xsysctl: oid 'kern.ostype' is read only\n", 1);
	RUN(r, "hw.ncpu:4");
	EXPECT_RUN(r, "", "xsysctl: oid 'hw.ncpu' is read only\n", 1);
	free(r);
}

TEST(not_a_leaf)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "kern=1");
	EXPECT_RUN(r, "", "xsysctl: oid 'kern' isn't a leaf node\n", 1);
	free(r);
}

/* Every failed argument counts; the others still print. */
TEST(exit_status_counts_failures)
{
	struct xs_run *r = xs_alloc(_metadata);
	char want[128];
	int ncpu;

	ASSERT_EQ(0, read_int("hw.ncpu", &ncpu));
	RUN(r, "kern.ostype", "nope.a", "kern.ostype=x", "hw.ncpu", "nope.b");
	snprintf(want, sizeof(want), "kern.ostype: Darwin\nhw.ncpu: %d\n", ncpu);
	EXPECT_RUN(r, want,
		   "xsysctl: unknown oid 'nope.a'\n"
		   "xsysctl: oid 'kern.ostype' is read only\n"
		   "xsysctl: unknown oid 'nope.b'\n", 3);
	free(r);
}

TEST(usage)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "-N", "-n", "kern.ostype");
	EXPECT_STREQ("", r->out);
	EXPECT_EQ(0, strncmp(r->err, "usage: xsysctl ", 15)) {
		TH_LOG("stderr: %s", r->err);
	}
	EXPECT_EQ(1, r->status);
	RUN(r, "-Z");
	EXPECT_NE(NULL, strstr(r->err, "usage: xsysctl "));
	EXPECT_EQ(1, r->status);
	/* Options end at the first name, as with BSD getopt(). */
	RUN(r, "kern.ostype", "-n");
	EXPECT_RUN(r, "kern.ostype: Darwin\n", "xsysctl: unknown oid '-n'\n", 1);
	free(r);
}

/* No module: the library's message, then the errno of xnucross_fd(). */
TEST(module_unreachable)
{
	struct xs_run *r = xs_alloc(_metadata);

	ASSERT_EQ(0, xs_run(r, false, "/dev/xnucross-none",
			    XS_ARGS("kern.ostype")));
	EXPECT_STREQ("", r->out);
	EXPECT_EQ(0, strncmp(r->err, "libxnucross: /dev/xnucross-none: ", 33)) {
		TH_LOG("stderr: %s", r->err);
	}
	EXPECT_NE(NULL, strstr(r->err, "\nxsysctl: unknown oid 'kern.ostype': No such device\n"));
	EXPECT_EQ(1, r->status);
	free(r);
}

/* -f: one setting per line, '#' comments, line numbers in messages. */
TEST(settings_file)
{
	struct xs_run *r = xs_alloc(_metadata);
	char path[] = "/tmp/xsysctl_test.XXXXXX";
	const char text[] = "# settings\nkern.ostype   # the OS\n\n"
			    "nope.x\nkern.ostype=Linux\n";
	int fd;

	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)strlen(text), write(fd, text, strlen(text)));
	close(fd);
	RUN(r, "-f", path);
	unlink(path);
	EXPECT_RUN(r, "kern.ostype: Darwin\n",
		   "xsysctl: unknown oid 'nope.x' at line 4\n"
		   "xsysctl: oid 'kern.ostype' is read only at line 5\n", 2);
	RUN(r, "-f", "/nonexistent/xsysctl.conf");
	EXPECT_RUN(r, "", "xsysctl: /nonexistent/xsysctl.conf: No such file or directory\n",
		   66);
	free(r);
}

/* ---- listings ---- */

/* The 6.1 harness has no TEST_TIMEOUT(): a fixture with nothing in it. */
FIXTURE(slow) {
	int unused;
};

XNU_FIXTURE_PROTOTYPES(slow);

FIXTURE_SETUP(slow)
{
}

FIXTURE_TEARDOWN(slow)
{
}

/* A node lists its leaves in the kernel's order, masked ones hidden. */
TEST_F_TIMEOUT(slow, node_listing, 120)
{
	struct xs_run *r = xs_alloc(_metadata);
	static char want[XS_OUT_MAX];
	int hw[1] = { CTL_HW };
	char line[128];
	int ncpu;

	ASSERT_EQ(0, walk_names(hw, 1, want, sizeof(want)));
	ASSERT_NE(NULL, strstr(want, "hw.ncpu\n"));
	RUN(r, "-N", "hw");
	EXPECT_RUN(r, want, "", 0);

	/* XNU's compat OIDs under fixed numbers are masked: not listed... */
	EXPECT_EQ(NULL, strstr(r->out, "hw.pagesize_compat"));
	/* ...but shown when named. */
	RUN(r, "-N", "hw.pagesize_compat");
	EXPECT_RUN(r, "hw.pagesize_compat\n", "", 0);

	ASSERT_EQ(0, read_int("hw.ncpu", &ncpu));
	snprintf(line, sizeof(line), "hw.ncpu: %d", ncpu);
	RUN(r, "hw");
	EXPECT_TRUE(has_line(r->out, line)) {
		TH_LOG("stdout: %s", r->out);
	}
	EXPECT_STREQ("", r->err);
	EXPECT_EQ(0, r->status);
	free(r);
}

/* -a: user.* first, then everything from kern on, never sysctl.*. */
TEST_F_TIMEOUT(slow, all, 300)
{
	static const struct ctlname user[] = CTL_USER_NAMES;
	struct xs_run *r = xs_alloc(_metadata);
	static char want[XS_OUT_MAX];
	size_t used = 0;
	unsigned int i;

	for (i = 1; i < sizeof(user) / sizeof(user[0]); i++)
		used += snprintf(want + used, sizeof(want) - used,
				 "user.%s\n", user[i].ctl_name);
	ASSERT_EQ(0, walk_names(NULL, 0, want + used, sizeof(want) - used));
	RUN(r, "-a", "-N");
	EXPECT_RUN(r, want, "", 0);

	RUN(r, "-a");
	EXPECT_EQ(0, strncmp(r->out, "user.cs_path: ", 14));
	EXPECT_TRUE(has_line(r->out, "kern.ostype: Darwin"));
	EXPECT_EQ(NULL, strstr(r->out, "\nsysctl."));
	EXPECT_EQ(NULL, strstr(r->out, "masked"));
	EXPECT_STREQ("", r->err);
	EXPECT_EQ(0, r->status);
	free(r);
}

/* ---- writing debug.bpf_bufsize ---- */

FIXTURE(bpf) {
	int saved;
};

XNU_FIXTURE_PROTOTYPES(bpf);

FIXTURE_SETUP(bpf)
{
	ASSERT_EQ(0, read_int("debug.bpf_bufsize", &self->saved));
}

FIXTURE_TEARDOWN(bpf)
{
	int now;

	if (!read_int("debug.bpf_bufsize", &now) && now != self->saved)
		EXPECT_EQ(0, write_int("debug.bpf_bufsize", self->saved));
}

/* name=value prints "name: old -> new", and the value is set. */
TEST_F(bpf, write_as_root)
{
	struct xs_run *r = xs_alloc(_metadata);
	int v1 = self->saved == 8192 ? 16384 : 8192, v2 = v1 + 4096, now;
	char arg[64], want[128];

	snprintf(arg, sizeof(arg), "debug.bpf_bufsize=%d", v1);
	snprintf(want, sizeof(want), "debug.bpf_bufsize: %d -> %d\n",
		 self->saved, v1);
	RUN(r, arg);
	EXPECT_RUN(r, want, "", 0);
	ASSERT_EQ(0, read_int("debug.bpf_bufsize", &now));
	EXPECT_EQ(v1, now);

	/* name: value, blanks around the separator, -n. */
	snprintf(arg, sizeof(arg), "debug.bpf_bufsize : %#x", v2);
	snprintf(want, sizeof(want), "%d -> %d\n", v1, v2);
	RUN(r, "-n", arg);
	EXPECT_RUN(r, want, "", 0);
	RUN(r, "-n", "debug.bpf_bufsize");
	snprintf(want, sizeof(want), "%d\n", v2);
	EXPECT_RUN(r, want, "", 0);
	free(r);
}

TEST_F(bpf, bad_numbers)
{
	struct xs_run *r = xs_alloc(_metadata);
	int now;

	RUN(r, "debug.bpf_bufsize=abc");
	EXPECT_RUN(r, "", "xsysctl: invalid integer 'abc'\n", 1);
	RUN(r, "debug.bpf_bufsize=12x");
	EXPECT_RUN(r, "", "xsysctl: invalid integer '12x'\n", 1);
	RUN(r, "debug.bpf_bufsize=");
	EXPECT_RUN(r, "", "xsysctl: empty numeric value\n", 1);
	ASSERT_EQ(0, read_int("debug.bpf_bufsize", &now));
	EXPECT_EQ(self->saved, now);
	free(r);
}

/* nobody: the old value, then the kernel's EPERM, and nothing changes. */
TEST_F(bpf, write_as_nobody_eperm)
{
	struct xs_run *r = xs_alloc(_metadata);
	char arg[64], want[128], msg[160];
	int now;

	if (!nobody_may_open())
		SKIP(return, "devmode refuses nobody");
	snprintf(arg, sizeof(arg), "debug.bpf_bufsize=%d", self->saved + 1);
	snprintf(want, sizeof(want), "debug.bpf_bufsize: %d\n", self->saved);
	snprintf(msg, sizeof(msg), "xsysctl: %s: Operation not permitted\n",
		 arg);
	RUN_NOBODY(r, arg);
	EXPECT_RUN(r, want, msg, 1);
	ASSERT_EQ(0, read_int("debug.bpf_bufsize", &now));
	EXPECT_EQ(self->saved, now);

	/* Reading is anybody's. */
	RUN_NOBODY(r, "kern.ostype");
	EXPECT_RUN(r, "kern.ostype: Darwin\n", "", 0);
	free(r);
}

/* ---- every value type, with the sysctl test module ---- */

#define EMU_MODULE	"xnu_sysctl_test"

FIXTURE(emu) {
	bool loaded_here;
};

XNU_FIXTURE_PROTOTYPES(emu);

FIXTURE_SETUP(emu)
{
	struct utsname u;
	char path[512];
	int fd, ret;

	ASSERT_EQ(0, uname(&u));
	snprintf(path, sizeof(path), "/lib/modules/%s/extra/%s.ko", u.release,
		 EMU_MODULE);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		SKIP(_exit(255), "%s: %s", path, strerror(errno));
	ret = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	ASSERT_TRUE(ret == 0 || errno == EEXIST) {
		TH_LOG("finit_module %s: %s", path, strerror(errno));
	}
	self->loaded_here = ret == 0;
	ASSERT_EQ(0, write_int("debug.emutest.reset", 1));
}

FIXTURE_TEARDOWN(emu)
{
	if (self->loaded_here) {
		EXPECT_EQ(0, syscall(SYS_delete_module, EMU_MODULE, O_NONBLOCK));
	} else {
		EXPECT_EQ(0, write_int("debug.emutest.reset", 1));
	}
}

/* The types sysctl(8) derives from kind and format. */
TEST_F(emu, types)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "-t", "debug.emutest.i", "debug.emutest.u", "debug.emutest.l",
	    "debug.emutest.q", "debug.emutest.s", "debug.emutest.o",
	    "debug.emutest.ro");
	EXPECT_RUN(r, "debug.emutest.i: integer\n"
		   "debug.emutest.u: unsigned integer\n"
		   "debug.emutest.l: long integer\n"
		   "debug.emutest.q: int64_t\n"
		   "debug.emutest.s: string\n"
		   "debug.emutest.o: opaque\n"
		   "debug.emutest.ro: integer\n", "", 0);
	RUN(r, "-d", "-t", "debug.emutest.i");
	EXPECT_RUN(r, "debug.emutest.i: integer: an int\n", "", 0);
	free(r);
}

TEST_F(emu, values)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "debug.emutest.i", "debug.emutest.u", "debug.emutest.l",
	    "debug.emutest.q", "debug.emutest.qs", "debug.emutest.s",
	    "debug.emutest.cs");
	EXPECT_RUN(r, "debug.emutest.i: 17\n"
		   "debug.emutest.u: 4294967280\n"
		   "debug.emutest.l: -5000000000\n"
		   "debug.emutest.q: 4886718345\n"
		   "debug.emutest.qs: -1234\n"
		   "debug.emutest.s: hello\n"
		   "debug.emutest.cs: constant\n", "", 0);
	RUN(r, "-x", "debug.emutest.u", "debug.emutest.q");
	EXPECT_RUN(r, "debug.emutest.u: 0xfffffff0\n"
		   "debug.emutest.q: 0x0000000123456789\n", "", 0);
	free(r);
}

/* Opaque values: hidden without -o/-x, dumped with them. */
TEST_F(emu, opaque)
{
	struct xs_run *r = xs_alloc(_metadata);

	RUN(r, "debug.emutest.o");
	EXPECT_RUN(r, "", "", 0);
	RUN(r, "-o", "debug.emutest.o");
	EXPECT_RUN(r, "debug.emutest.o: Format:S,foo Length:12 "
		   "Dump:0x0102030405060708090a0b0c\n", "", 0);
	RUN(r, "-x", "debug.emutest.o");
	EXPECT_RUN(r, "debug.emutest.o: Format:S,foo Length:12 "
		   "Dump:0x0102030405060708090a0b0c\n", "", 0);
	RUN(r, "debug.emutest.o=1");
	EXPECT_RUN(r, "", "xsysctl: oid 'debug.emutest.o' is type 5, cannot set that\n",
		   1);
	free(r);
}

TEST_F(emu, writes)
{
	struct xs_run *r = xs_alloc(_metadata);
	char s[32];
	size_t len = sizeof(s);

	RUN(r, "debug.emutest.u=0x10", "debug.emutest.l=-7",
	    "debug.emutest.q=-9000000000");
	EXPECT_RUN(r, "debug.emutest.u: 4294967280 -> 16\n"
		   "debug.emutest.l: -5000000000 -> -7\n"
		   "debug.emutest.q: 4886718345 -> -9000000000\n", "", 0);
	RUN(r, "debug.emutest.u=x1");
	EXPECT_RUN(r, "", "xsysctl: invalid unsigned integer 'x1'\n", 1);

	/* Strings go with their NUL: 14 characters fit in 16 bytes... */
	RUN(r, "debug.emutest.s='abcdefghijklmn'");
	EXPECT_RUN(r, "debug.emutest.s: hello -> abcdefghijklmn\n", "", 0);
	ASSERT_EQ(0, sysctlbyname("debug.emutest.s", s, &len, NULL, 0));
	EXPECT_EQ(15U, len);
	EXPECT_STREQ("abcdefghijklmn", s);
	/* ...15 make newlen 16, which XNU refuses. */
	RUN(r, "debug.emutest.s=abcdefghijklmno");
	EXPECT_RUN(r, "debug.emutest.s: abcdefghijklmn\n",
		   "xsysctl: debug.emutest.s=abcdefghijklmno: Invalid argument\n", 1);

	/* The handler's own refusal. */
	RUN(r, "debug.emutest.ci=1");
	EXPECT_RUN(r, "debug.emutest.ci: 42\n",
		   "xsysctl: debug.emutest.ci=1: Operation not permitted\n", 1);
	free(r);
}

/* Masked OIDs are hidden in listings only. */
TEST_F_TIMEOUT(emu, masked, 120)
{
	struct xs_run *r = xs_alloc(_metadata);
	static char want[XS_OUT_MAX];
	int mib[CTL_MAXNAME];
	size_t len = CTL_MAXNAME;

	ASSERT_EQ(0, sysctlnametomib("debug.emutest", mib, &len));
	ASSERT_EQ(0, walk_names(mib, (int)len, want, sizeof(want)));
	EXPECT_EQ(NULL, strstr(want, "masked"));
	RUN(r, "-N", "debug.emutest");
	EXPECT_RUN(r, want, "", 0);
	RUN(r, "debug.emutest.masked");
	EXPECT_RUN(r, "debug.emutest.masked: 5\n", "", 0);
	free(r);
}

TEST_HARNESS_MAIN

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnu_fault_selftest.h - the fault-injection driver of fault_inject_test:
 * the debugfs knobs of failslab and fail_page_alloc (saved, set so that
 * fail-nth reaches sleeping allocations too, restored), per-task fail-nth
 * (/proc/thread-self/fail-nth: arm N, the Nth fault site of this thread
 * fails; read back 0 when it was consumed), and the loop that runs one
 * scenario in a fresh forked child for n = 1, 2, 3, ... until the
 * operation's whole path ran without consuming the fault.
 *
 * A scenario is a function run in the child: it prepares its state
 * (injection off), brackets the operation with fi_arm()/fi_disarm(),
 * records the result (fi_ret()), then checks with injection off that the
 * result is success or an allowed error code and that the state is
 * consistent; it returns 0, or the line of the failed check (fi->why says
 * what). Then the child arms fail-nth again and exits, so the exit path
 * (the device's release: the task and its space torn down) sees the
 * faults too.
 *
 * Include it after xnu_mach_selftest.h.
 */
#ifndef XNU_FAULT_SELFTEST_H
#define XNU_FAULT_SELFTEST_H

#include <malloc.h>
#include <sys/mount.h>
#include <sys/utsname.h>

#define FI_NTH		"/proc/thread-self/fail-nth"
#define FI_DEBUGFS	"/sys/kernel/debug"
#define FI_MAX_SITES	4000	/* give up on a path longer than this */
#define FI_CHILD_S	60	/* a child taking longer hangs */
#define FI_MAX_CODES	8

/* A debugfs knob: its path, the value the test wants, the saved one. */
struct fi_knob {
	const char *path;
	const char *want;
	char saved[32];
	int have;
};

static struct fi_knob fi_knobs[] = {
	{ .path = FI_DEBUGFS "/failslab/ignore-gfp-wait", .want = "N" },
	{ .path = FI_DEBUGFS "/failslab/verbose", .want = "0" },
	{ .path = FI_DEBUGFS "/fail_page_alloc/ignore-gfp-wait", .want = "N" },
	{ .path = FI_DEBUGFS "/fail_page_alloc/ignore-gfp-highmem", .want = "N" },
	{ .path = FI_DEBUGFS "/fail_page_alloc/min-order", .want = "0" },
	{ .path = FI_DEBUGFS "/fail_page_alloc/verbose", .want = "0" },
};

#define FI_NKNOBS	(sizeof(fi_knobs) / sizeof(fi_knobs[0]))

static inline int fi_write_text(const char *path, const char *val)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -EIO;
}

/*
 * Why fault injection cannot run here (NULL when it can): fail-nth and the
 * failslab knobs must exist (debugfs is mounted when it is not).
 */
static inline const char *fi_unavailable(void)
{
	if (access(FI_NTH, W_OK))
		return FI_NTH " is absent: the kernel lacks CONFIG_FAULT_INJECTION (run on the debug kernel)";
	if (access(FI_DEBUGFS "/failslab", F_OK))
		mount("debugfs", FI_DEBUGFS, "debugfs", 0, NULL);
	if (access(fi_knobs[0].path, W_OK))
		return "no writable " FI_DEBUGFS "/failslab: needs CONFIG_FAILSLAB, debugfs and root";
	return NULL;
}

/* Save every knob and set it as the test wants; 0 or -errno. */
static inline int fi_knobs_set(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < FI_NKNOBS; i++) {
		struct fi_knob *k = &fi_knobs[i];

		if (xnu_read_text(k->path, k->saved, sizeof(k->saved)))
			continue;	/* fail_page_alloc is optional */
		k->have = 1;
		ret = fi_write_text(k->path, k->want);
		if (ret)
			return ret;
	}
	return 0;
}

static inline void fi_knobs_restore(void)
{
	unsigned int i;

	for (i = 0; i < FI_NKNOBS; i++)
		if (fi_knobs[i].have)
			fi_write_text(fi_knobs[i].path, fi_knobs[i].saved);
}

/**
 * struct fi - one run of a scenario in its child
 * @n:		the fault site armed
 * @nth_fd:	/proc/thread-self/fail-nth
 * @armed:	fi_arm() was called and fi_disarm() not yet
 * @consumed:	the armed fault was injected
 * @ret:	the operation's result (0 or a Darwin code / errno)
 * @line:	the line of the failed check, 0 when all passed
 * @why:	what failed
 */
struct fi {
	unsigned int n;
	int nth_fd;
	int armed;
	int consumed;
	int ret;
	int line;
	char why[200];
};

/* Arm fail-nth: the @fi->n-th fault site of this thread fails. */
static inline void fi_arm(struct fi *fi)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", fi->n);

	if (pwrite(fi->nth_fd, buf, (size_t)len, 0) == len)
		fi->armed = 1;
}

/* Disarm; returns whether the fault was injected (fail-nth read 0). */
static inline int fi_disarm(struct fi *fi)
{
	char buf[16];
	ssize_t n;

	if (!fi->armed)
		return fi->consumed;
	n = pread(fi->nth_fd, buf, sizeof(buf) - 1, 0);
	if (pwrite(fi->nth_fd, "0", 1, 0) != 1)
		fi->consumed = 0;
	fi->armed = 0;
	if (n > 0) {
		buf[n] = '\0';
		fi->consumed |= strtoul(buf, NULL, 10) == 0;
	}
	return fi->consumed;
}

/* Fail the scenario at this line (a printf-style reason). */
#define FI_FAIL(fi, ...) do {						\
	fi_disarm(fi);							\
	snprintf((fi)->why, sizeof((fi)->why), __VA_ARGS__);		\
	return __LINE__;						\
} while (0)

#define FI_TRUE(fi, cond) do {						\
	if (!(cond))							\
		FI_FAIL(fi, "line %d: %s", __LINE__, #cond);		\
} while (0)

#define FI_EQ(fi, want, seen) do {					\
	long long __w = (long long)(want), __s = (long long)(seen);	\
	if (__w != __s)							\
		FI_FAIL(fi, "line %d: %s (%#llx) != %s (%#llx)",	\
			__LINE__, #want, (unsigned long long)__w, #seen,\
			(unsigned long long)__s);			\
} while (0)

/*
 * The operation's result @ret must be 0 or one of the allowed codes (a
 * 0-terminated list); it is recorded as the scenario's result.
 */
static inline int fi_code_ok(int ret, const int *allowed)
{
	if (!ret)
		return 1;
	for (; *allowed; allowed++)
		if (ret == *allowed)
			return 1;
	return 0;
}

#define FI_RESULT(fi, result, ...) do {					\
	static const int __ok[] = { __VA_ARGS__, 0 };			\
	int __r = (int)(result);					\
	if (!(fi)->ret)							\
		(fi)->ret = __r;					\
	if (!fi_code_ok(__r, __ok))					\
		FI_FAIL(fi, "line %d: %s returned %#x (%s), not an allowed code",\
			__LINE__, #result, (unsigned int)__r,		\
			__r > 0 && __r < 4096 ? strerror(__r) :		\
			mach_error_string(__r));			\
} while (0)

/* Make the heap and the stack big enough that no later use faults pages in. */
static inline void fi_prefault(void)
{
	volatile char stack[128 * 1024];
	void *p;

	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 128 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	p = malloc(8 << 20);
	if (p) {
		memset(p, 1, 8 << 20);
		free(p);
	}
	memset((char *)stack, 0, sizeof(stack));
}

/* What a child sends back. */
struct fi_report {
	int consumed;
	int ret;
	int line;
	char why[200];
};

typedef int (*fi_fn)(struct fi *fi);

/*
 * Run @fn once in a fresh child with fault site @n armed; 0 with @rep
 * filled, or -1 when the child died or hung (@rep->why says how).
 */
static inline int fi_child(fi_fn fn, unsigned int n, struct fi_report *rep)
{
	int rfd, wfd, status;
	struct fi fi;
	ssize_t got;
	pid_t pid;

	memset(rep, 0, sizeof(*rep));
	pid = xnu_fork_piped(&rfd, &wfd);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		alarm(FI_CHILD_S);
		fi_prefault();
		memset(&fi, 0, sizeof(fi));
		fi.n = n;
		fi.nth_fd = open(FI_NTH, O_RDWR | O_CLOEXEC);
		if (fi.nth_fd < 0)
			_exit(3);
		fi.line = fn(&fi);
		fi_disarm(&fi);
		rep->consumed = fi.consumed;
		rep->ret = fi.ret;
		rep->line = fi.line;
		memcpy(rep->why, fi.why, sizeof(rep->why));
		if (write(wfd, rep, sizeof(*rep)) != sizeof(*rep))
			_exit(4);
		/* The exit path: the n-th fault site of the teardown fails. */
		fi_arm(&fi);
		_exit(0);
	}
	got = read(rfd, rep, sizeof(*rep));
	close(rfd);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (got != sizeof(*rep)) {
		snprintf(rep->why, sizeof(rep->why),
			 "the child died before reporting (%s %d)",
			 WIFSIGNALED(status) ? "signal" : "exit",
			 WIFSIGNALED(status) ? WTERMSIG(status) :
			 WEXITSTATUS(status));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(rep->why, sizeof(rep->why),
			 "the child's exit failed (status %#x)", status);
		return -1;
	}
	return 0;
}

/**
 * struct fi_stats - what a scenario's loop saw
 * @sites:	fault sites on the operation's path (the loop's last n - 1)
 * @failed:	injected faults the operation reported as an error
 * @survived:	injected faults the operation succeeded despite
 * @codes:	the distinct error codes seen
 * @ncodes:	how many
 */
struct fi_stats {
	unsigned int sites;
	unsigned int failed;
	unsigned int survived;
	int codes[FI_MAX_CODES];
	unsigned int ncodes;
};

static inline void fi_note_code(struct fi_stats *st, int code)
{
	unsigned int i;

	for (i = 0; i < st->ncodes; i++)
		if (st->codes[i] == code)
			return;
	if (st->ncodes < FI_MAX_CODES)
		st->codes[st->ncodes++] = code;
}

/*
 * The loop: n = 1, 2, ... until a run consumes no fault. Returns 0, or
 * the n whose run failed (@rep holds why).
 */
static inline unsigned int fi_loop(fi_fn fn, struct fi_stats *st,
				   struct fi_report *rep)
{
	unsigned int n;

	memset(st, 0, sizeof(*st));
	for (n = 1; n <= FI_MAX_SITES; n++) {
		if (fi_child(fn, n, rep) || rep->line)
			return n;
		if (!rep->consumed)
			break;
		st->sites = n;
		if (rep->ret) {
			st->failed++;
			fi_note_code(st, rep->ret);
		} else {
			st->survived++;
		}
	}
	if (n > FI_MAX_SITES) {
		snprintf(rep->why, sizeof(rep->why),
			 "more than %u fault sites", FI_MAX_SITES);
		return n;
	}
	return 0;
}

static inline void fi_print_stats(const char *name, const struct fi_stats *st)
{
	char codes[160] = "";
	size_t off = 0;
	unsigned int i;

	for (i = 0; i < st->ncodes && off < sizeof(codes); i++)
		off += (size_t)snprintf(codes + off, sizeof(codes) - off,
					"%s%#x", i ? "," : "",
					(unsigned int)st->codes[i]);
	ksft_print_msg("fault sites: %-22s %4u  (error %u, survived %u; codes %s)\n",
		       name, st->sites, st->failed, st->survived,
		       st->ncodes ? codes : "-");
	/* The harness's child ends with _exit(): stdout is not flushed. */
	fflush(stdout);
}

/*
 * On the sanitizer kernel of make check-debug (release "*-xnudebug")
 * fault injection must be there and every scenario must run: what skips
 * elsewhere fails there.
 */
static inline bool fi_must_run(void)
{
	struct utsname u;

	return !uname(&u) && strstr(u.release, "xnudebug");
}

#endif /* XNU_FAULT_SELFTEST_H */

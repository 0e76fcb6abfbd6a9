// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl_stress_test - the sysctl tree under concurrency (rows #31-#32 of
 * the reference's matrix and the stress cases), with the test
 * module xnu_sysctl_test: unregistering an OID whose handler is sleeping
 * returns only after the handler finished, and so does unloading its
 * module; 8 threads reading and writing one int only ever see values that
 * were written; a handler's EAGAIN is retried transparently; the sample
 * kext xnu_sample_sysctl is loaded and unloaded 100 times while 4 threads
 * read hw.l2cr and walk the tree with {0,2} (ENOENT is the only error
 * allowed); a process killed while a handler sleeps leaves nothing behind
 * (the module unloads at once). Root only: loading modules needs it. The
 * program loads the test module ($XNU_SYSCTL_TEST_KO) and unloads it at
 * the end; the sample comes from $XNU_SAMPLE_SYSCTL_KO (default
 * /lib/modules/$(uname -r)/extra/xnu_sample_sysctl.ko).
 */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>

#include <sys/sysctl.h>

#include "libxnucross.h"
#include "xnu_selftest.h"
#include "kselftest_harness.h"

#include "xnu_sysctl_selftest.h"

#define SAMPLE_MODULE	"xnu_sample_sysctl"

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long get_quad_or(const struct sc *c, const char *name)
{
	long long v = LLONG_MIN;
	size_t len = sizeof(v);

	if (sc_name(c, name, &v, &len, NULL, 0) || len != sizeof(v))
		return LLONG_MIN;
	return v;
}

/* Wait up to ms for debug.emutest.sleepy_active to be want; 0 when it is. */
static int wait_active(const struct sc *c, int want, int ms)
{
	long long end = now_ns() + ms * 1000000LL;

	while (now_ns() < end) {
		if (get_int_or(c, EMU "sleepy_active") == want)
			return 0;
		usleep(5000);
	}
	return -1;
}

/* A /dev/kmsg reader positioned at the end of the log, or -1. */
static int kmsg_open_end(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether a record logged since kmsg_open_end() contains s. */
static int kmsg_has(int fd, const char *s)
{
	char rec[2048];
	ssize_t n;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			return 0;
		rec[n] = '\0';
		if (strstr(rec, s))
			return 1;
	}
}

FIXTURE(st) {
	struct sc c;
	unsigned long taint;
};

XNU_FIXTURE_PROTOTYPES(st);

FIXTURE_SETUP(st)
{
	self->c.fd = -1;
	self->taint = xnu_taint();
	/* A failed test may have left the module unloaded. */
	if (!emu_loaded())
		ASSERT_EQ(0, emu_load());
	ASSERT_LE(0, sc_open(&self->c, 0));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "reset", 1));
}

FIXTURE_TEARDOWN(st)
{
	unsigned long taint = xnu_taint();

	if (self->c.fd >= 0)
		close(self->c.fd);
	EXPECT_EQ(0UL, (taint & ~self->taint) & XNU_TAINT_BAD) {
		TH_LOG("kernel taint went from %#lx to %#lx", self->taint,
		       taint);
	}
}

/* One read of sleepy, on its own descriptor, in a thread. */
struct reader {
	pthread_t th;
	int err;
	int val;
	size_t len;
	long long t_start, t_end;
};

static void *sleepy_reader(void *arg)
{
	struct reader *r = arg;
	struct sc c;

	r->err = -1;
	if (sc_open(&c, 0) < 0)
		return NULL;
	r->len = sizeof(r->val);
	r->t_start = now_ns();
	r->err = sc_name(&c, EMU "sleepy", &r->val, &r->len, NULL, 0);
	r->t_end = now_ns();
	close(c.fd);
	return NULL;
}

/* #31: unregister while a handler sleeps waits for it. */
TEST_F(st, unregister_waits_for_sleeping_handler)
{
	struct reader r = { 0 };
	long long t0, t1;
	int v;

	ASSERT_EQ(0, sc_set_int(&self->c, EMU "sleep_ms", 1000));
	ASSERT_EQ(0, pthread_create(&r.th, NULL, sleepy_reader, &r));
	ASSERT_EQ(0, wait_active(&self->c, 1, 5000));
	t0 = now_ns();
	EXPECT_EQ(0, sc_set_int(&self->c, EMU "unreg_sleepy", 1));
	t1 = now_ns();
	pthread_join(r.th, NULL);

	/* The reader got its value: the handler ran to its end. */
	EXPECT_EQ(0, r.err);
	EXPECT_EQ(EMU_SLEEPY_VALUE, r.val);
	EXPECT_EQ(4U, r.len);
	/* The unregister returned with nobody inside, after the handler. */
	EXPECT_EQ(0, get_int_or(&self->c, EMU "unreg_active"));
	EXPECT_LE(get_quad_or(&self->c, EMU "sleepy_exit_ns"),
		  get_quad_or(&self->c, EMU "unreg_ns"));
	EXPECT_LE(r.t_start + 950000000LL, t1) {
		TH_LOG("unregister returned %lld ms after the read started",
		       (t1 - r.t_start) / 1000000);
	}
	EXPECT_LT(t0, t1);
	/* Gone, then back. */
	EXPECT_EQ(ENOENT, sc_get_int(&self->c, EMU "sleepy", &v));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "sleep_ms", 0));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "unreg_sleepy", 2));
	EXPECT_EQ(EMU_SLEEPY_VALUE, get_int_or(&self->c, EMU "sleepy"));
}

/* Unloading the module while its handler sleeps waits for it too. */
TEST_F(st, unload_waits_for_sleeping_handler)
{
	struct reader r = { 0 };
	long long t1;
	int kfd;

	ASSERT_EQ(0, sc_set_int(&self->c, EMU "sleep_ms", 1000));
	kfd = kmsg_open_end();
	ASSERT_LE(0, kfd);
	ASSERT_EQ(0, pthread_create(&r.th, NULL, sleepy_reader, &r));
	ASSERT_EQ(0, wait_active(&self->c, 1, 5000));
	close(self->c.fd);
	self->c.fd = -1;
	EXPECT_EQ(0, emu_delete(EMU_MODULE));
	t1 = now_ns();
	pthread_join(r.th, NULL);
	EXPECT_FALSE(emu_loaded());
	EXPECT_EQ(0, r.err);
	EXPECT_EQ(EMU_SLEEPY_VALUE, r.val);
	EXPECT_LE(r.t_start + 950000000LL, t1) {
		TH_LOG("unload returned %lld ms after the read started",
		       (t1 - r.t_start) / 1000000);
	}
	/* The module's exit saw no reader inside after the unregister. */
	EXPECT_FALSE(kmsg_has(kfd, "readers inside"));
	close(kfd);
	ASSERT_EQ(0, emu_load());
}

/* 8 threads on debug.emutest.i: values are only ever ones written. */
#define RW_THREADS	8
#define RW_SECONDS	2

struct rw_arg {
	pthread_t th;
	int id;
	atomic_int *stop;
	long ops;
	int bad;
	int err;
};

/* Writers write id * 1000 + 0..99; the module's default is 17. */
static int rw_valid(int v)
{
	return v == 17 || (v >= 1000 && v < 1000 * (RW_THREADS / 2 + 1) &&
			   v % 1000 < 100);
}

static void *rw_thread(void *p)
{
	struct rw_arg *a = p;
	struct sc c;
	int v, old, err, writer = a->id % 2, j = 0;
	size_t len;

	if (sc_open(&c, 0) < 0) {
		a->err = errno;
		return NULL;
	}
	/* Half of them through libxnucross, half through the raw trap. */
	c.lib = a->id / 2 % 2;
	while (!atomic_load(a->stop)) {
		old = -1;
		len = sizeof(old);
		if (writer) {
			v = (a->id / 2 + 1) * 1000 + j++ % 100;
			err = sc_name(&c, EMU "i", &old, &len, &v, sizeof(v));
		} else {
			err = sc_name(&c, EMU "i", &old, &len, NULL, 0);
		}
		if (err) {
			a->err = err;
			break;
		}
		if (len != sizeof(old) || !rw_valid(old))
			a->bad++;
		a->ops++;
	}
	close(c.fd);
	return NULL;
}

TEST_F(st, concurrent_readers_writers)
{
	struct rw_arg args[RW_THREADS];
	atomic_int stop = 0;
	int k;

	memset(args, 0, sizeof(args));
	for (k = 0; k < RW_THREADS; k++) {
		args[k].id = k;
		args[k].stop = &stop;
		ASSERT_EQ(0, pthread_create(&args[k].th, NULL, rw_thread,
					    &args[k]));
	}
	sleep(RW_SECONDS);
	atomic_store(&stop, 1);
	for (k = 0; k < RW_THREADS; k++) {
		pthread_join(args[k].th, NULL);
		EXPECT_EQ(0, args[k].err) {
			TH_LOG("thread %d: %s", k, strerror(args[k].err));
		}
		EXPECT_EQ(0, args[k].bad) {
			TH_LOG("thread %d saw %d unwritten values", k,
			       args[k].bad);
		}
		EXPECT_LT(0, args[k].ops);
	}
	EXPECT_TRUE(rw_valid(get_int_or(&self->c, EMU "i")));
}

/* #32: a handler's EAGAIN restarts the request, invisibly. */
TEST_F(st, eagain_retried_transparently)
{
	int lib, v;
	size_t len;

	for (lib = 0; lib < 2; lib++) {
		self->c.lib = lib;
		ASSERT_EQ(0, sc_set_int(&self->c, EMU "eagain_calls", 0));
		ASSERT_EQ(0, sc_set_int(&self->c, EMU "eagain_left", 3));
		v = 0;
		len = sizeof(v);
		EXPECT_EQ(0, sc_name(&self->c, EMU "eagain", &v, &len, NULL,
				     0));
		EXPECT_EQ(4U, len);
		EXPECT_EQ(7777, v);
		EXPECT_EQ(4, get_int_or(&self->c, EMU "eagain_calls"));
		EXPECT_EQ(0, get_int_or(&self->c, EMU "eagain_left"));

		/* A size probe is retried the same way. */
		ASSERT_EQ(0, sc_set_int(&self->c, EMU "eagain_calls", 0));
		ASSERT_EQ(0, sc_set_int(&self->c, EMU "eagain_left", 1));
		len = 0;
		EXPECT_EQ(0, sc_name(&self->c, EMU "eagain", NULL, &len, NULL,
				     0));
		EXPECT_EQ(4U, len);
		EXPECT_EQ(2, get_int_or(&self->c, EMU "eagain_calls"));
	}
}

/* ---- the sample kext, loaded and unloaded under readers ---- */

#define SAMPLE_ROUNDS	100
#define SAMPLE_READERS	4

static void sample_ko(char *buf, size_t len)
{
	xnu_kmod_path(SAMPLE_MODULE, "XNU_SAMPLE_SYSCTL_KO", buf, len);
}

struct sample_arg {
	pthread_t th;
	int id;
	atomic_int *stop;
	long reads, walks, found, enoent;
	int err;
};

static void *sample_reader(void *p)
{
	struct sample_arg *a = p;
	int cur[CTL_MAXNAME + 2], next[CTL_MAXNAME], v, err;
	size_t len, ncur;
	struct sc c;

	if (sc_open(&c, 0) < 0) {
		a->err = errno;
		return NULL;
	}
	c.lib = a->id % 2;
	while (!atomic_load(a->stop) && !a->err) {
		if (a->id < 2) {
			len = sizeof(v);
			err = sc_name(&c, "hw.l2cr", &v, &len, NULL, 0);
			if (!err)
				a->found++;
			else if (err == ENOENT)
				a->enoent++;
			else
				a->err = err;
			a->reads++;
			continue;
		}
		/* One {0,2} walk of the whole tree. */
		ncur = 0;
		for (;;) {
			cur[0] = CTL_UNSPEC;
			cur[1] = CTL_SYSCTL_NEXT;
			len = sizeof(next);
			err = sc_mib(&c, cur, ncur + 2, next, &len, NULL, 0);
			if (err == ENOENT)
				break;
			if (err) {
				a->err = err;
				break;
			}
			ncur = len / sizeof(int);
			memcpy(cur + 2, next, len);
		}
		a->walks++;
	}
	close(c.fd);
	return NULL;
}

TEST_F_TIMEOUT(st, sample_kext_load_unload_under_readers, 120)
{
	struct sample_arg args[SAMPLE_READERS];
	char ko[PATH_MAX];
	atomic_int stop = 0;
	int k, round, err, was_loaded;

	sample_ko(ko, sizeof(ko));
	if (access(ko, R_OK))
		SKIP(return, "no sample kext at %.200s", ko);
	was_loaded = access("/sys/module/" SAMPLE_MODULE, F_OK) == 0;
	if (was_loaded)
		ASSERT_EQ(0, emu_delete(SAMPLE_MODULE));

	memset(args, 0, sizeof(args));
	for (k = 0; k < SAMPLE_READERS; k++) {
		args[k].id = k;
		args[k].stop = &stop;
		ASSERT_EQ(0, pthread_create(&args[k].th, NULL, sample_reader,
					    &args[k]));
	}
	for (round = 0; round < SAMPLE_ROUNDS; round++) {
		err = emu_finit(ko);
		if (err) {
			TH_LOG("round %d: load: %s", round, strerror(err));
			break;
		}
		usleep(2000);
		err = emu_delete(SAMPLE_MODULE);
		if (err) {
			TH_LOG("round %d: unload: %s", round, strerror(err));
			break;
		}
	}
	atomic_store(&stop, 1);
	for (k = 0; k < SAMPLE_READERS; k++) {
		pthread_join(args[k].th, NULL);
		EXPECT_EQ(0, args[k].err) {
			TH_LOG("reader %d: %s", k, strerror(args[k].err));
		}
	}
	EXPECT_EQ(SAMPLE_ROUNDS, round);
	EXPECT_LT(0, args[0].reads + args[1].reads);
	EXPECT_LT(0, args[2].walks + args[3].walks);
	/* Unloaded now: gone from the tree. */
	EXPECT_EQ(ENOENT, sc_get_int(&self->c, "hw.l2cr", &k));
	TH_LOG("hw.l2cr reads: %ld found, %ld ENOENT; %ld walks",
	       args[0].found + args[1].found, args[0].enoent + args[1].enoent,
	       args[2].walks + args[3].walks);
	if (was_loaded)
		EXPECT_EQ(0, emu_finit(ko));
}

/* A process killed inside a sleeping handler leaves nothing behind. */
TEST_F(st, sigkill_inside_handler)
{
	long long t_kill, t_dead;
	int status, v;
	pid_t pid;

	ASSERT_EQ(0, sc_set_int(&self->c, EMU "sleep_ms", 20000));
	fflush(stdout);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sc c;
		size_t len = sizeof(v);

		if (sc_open(&c, 0) < 0)
			_exit(2);
		sc_name(&c, EMU "sleepy", &v, &len, NULL, 0);
		_exit(3);	/* only reached if the sleep ended */
	}
	EXPECT_EQ(0, wait_active(&self->c, 1, 5000));
	t_kill = now_ns();
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	t_dead = now_ns();
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	/* The handler's sleep was cut short, not waited out. */
	EXPECT_GT(t_kill + 5000000000LL, t_dead);
	EXPECT_EQ(0, wait_active(&self->c, 0, 2000));
	/* Nothing is pinned: the module goes at once, and comes back. */
	close(self->c.fd);
	self->c.fd = -1;
	EXPECT_EQ(0, emu_delete(EMU_MODULE));
	EXPECT_FALSE(emu_loaded());
	ASSERT_EQ(0, emu_load());
	ASSERT_LE(0, sc_open(&self->c, 0));
	EXPECT_EQ(0, get_int_or(&self->c, EMU "sleepy_active"));
}

/* One write of an int, on its own descriptor, in a thread. */
struct writer {
	pthread_t th;
	const char *name;
	int val;
	int err;
	long long t_start, t_end;
};

static void *int_writer(void *arg)
{
	struct writer *w = arg;
	struct sc c;

	w->err = -1;
	if (sc_open(&c, 0) < 0)
		return NULL;
	w->t_start = now_ns();
	w->err = sc_set_int(&c, w->name, w->val);
	w->t_end = now_ns();
	close(c.fd);
	return NULL;
}

/*
 * Regression: a second sysctl_unregister_oid() of an OID still draining
 * returned at once ("is not registered") instead of waiting for it.
 */
TEST_F(st, second_unregister_waits_for_draining)
{
	struct writer a = { .name = EMU "unreg_sleepy", .val = 1 };
	struct reader r = { 0 };
	int mib[CTL_MAXNAME], err = 0, kfd;
	long long t_b0, t_b1, end;
	size_t n;

	ASSERT_EQ(0, sc_set_int(&self->c, EMU "sleep_ms", 1000));
	kfd = kmsg_open_end();
	ASSERT_LE(0, kfd);
	ASSERT_EQ(0, pthread_create(&r.th, NULL, sleepy_reader, &r));
	ASSERT_EQ(0, wait_active(&self->c, 1, 5000));
	/* A: the first unregistration, which waits for the reader. */
	ASSERT_EQ(0, pthread_create(&a.th, NULL, int_writer, &a));
	/* A has unlinked sleepy when its name no longer resolves. */
	end = now_ns() + 2000000000LL;
	while (now_ns() < end) {
		n = CTL_MAXNAME;
		err = sc_nametomib(&self->c, EMU "sleepy", mib, &n);
		if (err)
			break;
		usleep(2000);
	}
	EXPECT_EQ(ENOENT, err);
	usleep(100000);
	/* B, ~100 ms later, with the reader still inside. */
	EXPECT_EQ(1, get_int_or(&self->c, EMU "sleepy_active"));
	t_b0 = now_ns();
	err = sc_set_int(&self->c, EMU "unreg_again", 1);
	t_b1 = now_ns();
	pthread_join(a.th, NULL);
	pthread_join(r.th, NULL);

	EXPECT_EQ(0, err);
	EXPECT_EQ(0, a.err);
	EXPECT_EQ(0, r.err);
	EXPECT_EQ(EMU_SLEEPY_VALUE, r.val);
	/* B returned with nobody inside, after the reader finished. */
	EXPECT_EQ(0, get_int_or(&self->c, EMU "again_active"));
	EXPECT_LE(get_quad_or(&self->c, EMU "sleepy_exit_ns"),
		  get_quad_or(&self->c, EMU "again_ns"));
	EXPECT_LE(r.t_start + 950000000LL, t_b1) {
		TH_LOG("second unregister returned %lld ms after the read started (%lld ms after it was called)",
		       (t_b1 - r.t_start) / 1000000, (t_b1 - t_b0) / 1000000);
	}
	EXPECT_LE(r.t_end, t_b1 + 50000000LL);
	EXPECT_FALSE(kmsg_has(kfd, "sleepy is not registered"));
	close(kfd);
	/* Gone once, then back. */
	EXPECT_EQ(ENOENT, sc_get_int(&self->c, EMU "sleepy", &err));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "sleep_ms", 0));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "unreg_sleepy", 2));
	EXPECT_EQ(EMU_SLEEPY_VALUE, get_int_or(&self->c, EMU "sleepy"));
}

/* Wait for a child until end; its wait status, or -1 if still running. */
static int wait_child(pid_t pid, long long end)
{
	int status;

	for (;;) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		if (now_ns() >= end)
			return -1;
		usleep(5000);
	}
}

/*
 * Regression: a request waiting for the global handler mutex held its
 * OID's in-flight count, so a handler holding the mutex and unregistering
 * that OID deadlocked with it.
 */
TEST_F_TIMEOUT(st, giant_waiter_holds_no_oid, 60)
{
	int go[2], ws, rs, busy = 0, v;
	pid_t writer, reader;
	long long end;
	char c = 'x';

	ASSERT_EQ(61, get_int_or(&self->c, EMU "victim"));
	ASSERT_EQ(0, pipe(go));
	fflush(stdout);
	/* The reader, ready on its descriptor, waits for the go. */
	reader = fork();
	ASSERT_LE(0, reader);
	if (reader == 0) {
		struct sc rc;
		size_t len = sizeof(v);
		int err;

		close(go[1]);
		if (sc_open(&rc, 0) < 0 || read(go[0], &c, 1) != 1)
			_exit(120);
		v = 0;
		err = sc_name(&rc, EMU "victim", &v, &len, NULL, 0);
		if (err == ENOENT || (!err && v == 61 && len == sizeof(v)))
			_exit(0);
		_exit(err ? (err < 120 ? err : 122) : 121);
	}
	close(go[0]);
	/* The writer: victim_unreg=1 holds the mutex 300 ms, unregisters. */
	writer = fork();
	ASSERT_LE(0, writer);
	if (writer == 0) {
		struct sc wc;

		if (sc_open(&wc, 0) < 0)
			_exit(120);
		v = sc_set_int(&wc, EMU "victim_unreg", 1);
		_exit(v >= 0 && v < 120 ? v : 122);
	}
	end = now_ns() + 5000000000LL;
	while (now_ns() < end &&
	       (busy = get_int_or(&self->c, EMU "victim_busy")) != 1)
		usleep(2000);
	EXPECT_EQ(1, busy);
	/* Now the reader looks victim up and queues on the mutex. */
	EXPECT_EQ(1, write(go[1], &c, 1));
	close(go[1]);

	end = now_ns() + 10000000000LL;
	rs = wait_child(reader, end);
	ws = wait_child(writer, end);
	EXPECT_NE(-1, rs) {
		TH_LOG("the reader of victim is stuck after 10 s: deadlock; killing it");
	}
	EXPECT_NE(-1, ws) {
		TH_LOG("victim_unreg is stuck after 10 s: deadlock");
	}
	if (rs == -1) {
		kill(reader, SIGKILL);
		waitpid(reader, &rs, 0);
	}
	if (ws == -1)
		waitpid(writer, &ws, 0);	/* the reader's death freed it */
	EXPECT_TRUE(WIFEXITED(rs) && WEXITSTATUS(rs) == 0) {
		TH_LOG("reader: status %#x", rs);
	}
	EXPECT_TRUE(WIFEXITED(ws) && WEXITSTATUS(ws) == 0) {
		TH_LOG("writer: status %#x", ws);
	}
	EXPECT_EQ(ENOENT, sc_get_int(&self->c, EMU "victim", &v));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "victim_unreg", 2));
	EXPECT_EQ(61, get_int_or(&self->c, EMU "victim"));
}

/*
 * Regression: the unload safety net missed an OID whose only pointer into
 * the going module was oid_arg1; it stayed registered and read freed
 * module memory. (Last: it leaves the module reloaded.)
 */
TEST_F(st, zz_unload_unlinks_oid_with_arg1_in_module)
{
	int mib[CTL_MAXNAME], v, kfd;
	size_t n = CTL_MAXNAME, len;
	struct sc c;

	kfd = kmsg_open_end();
	ASSERT_LE(0, kfd);
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "leak", 1));
	ASSERT_EQ(5151, get_int_or(&self->c, "debug.emutest_leaked"));
	ASSERT_EQ(0, sc_nametomib(&self->c, "debug.emutest_leaked", mib, &n));
	close(self->c.fd);
	self->c.fd = -1;
	ASSERT_EQ(0, emu_delete(EMU_MODULE));
	EXPECT_FALSE(emu_loaded());

	/* Gone with the module, by name and by MIB. */
	ASSERT_LE(0, sc_open(&c, 0));
	EXPECT_EQ(ENOENT, sc_get_int(&c, "debug.emutest_leaked", &v));
	len = sizeof(v);
	EXPECT_EQ(ENOENT, sc_mib(&c, mib, n, &v, &len, NULL, 0));
	close(c.fd);
	EXPECT_TRUE(kmsg_has(kfd, "left emutest_leaked registered"));
	close(kfd);
	ASSERT_EQ(0, emu_load());
}

XNU_SYSCTL_HARNESS_MAIN

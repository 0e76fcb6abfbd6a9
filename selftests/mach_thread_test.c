// SPDX-License-Identifier: GPL-2.0
/*
 * mach_thread_test - thread ports and the thread_act subsystem (3600),
 * served by the module through MIG code xmig generated at build time
 * (kmod/mach/defs/thread_act.defs), see Documentation/mach-threads.rst:
 *   - mach_thread_self(): the same name on every call with one more user
 *     reference, another name for another thread; a thread that exited:
 *     KERN_TERMINATED, and once the task's table of thread objects has
 *     grown to its first sweep (32 entries) its name is a dead name
 *     (MACH_SEND_INVALID_DEST);
 *   - thread_policy_get()/_set() of every flavor: values, defaults
 *     (get_default in and out), CountInOut (count 20 -> 16 integers, the
 *     rest zero; the caller's buffer past them untouched), count too
 *     small, unknown and refused flavors, bad time constraints, the
 *     KERN_POLICY_STATIC-free wrapper;
 *   - the effects through Linux: sched_getscheduler()/sched_getparam()
 *     and getpriority() of the thread's tid;
 *   - Linux's permission rules: nobody cannot become real-time without
 *     RLIMIT_RTPRIO (KERN_PROTECTION_FAILURE) but can with it, cannot
 *     lower its nice value, and cannot change a root thread through its
 *     port;
 *   - a thread port sent to another process (a forked child, through
 *     mach_ports_register()) works there, and dies (a dead name there)
 *     when the task of its thread terminates;
 *   - raw messages: exact sizes (get 44 / 44 + 4n, set 40 + 4n / 36),
 *     a short or oversized request -> MIG_BAD_ARGUMENTS, ids 3600 and
 *     3619 -> MIG_BAD_ID, a thread_act routine sent to the task or host
 *     port -> KERN_INVALID_ARGUMENT (XNU's one table of kernel routines:
 *     the routine runs and finds no thread);
 *   - as root and as nobody where no privilege is involved.
 */
#define PRIVATE 1
#include "xnu_mach_selftest.h"

#include <sched.h>
#include <sys/resource.h>

#include <mach/thread_act.h>
#include <mach/thread_policy.h>

#define NS_PER_MS	1000000U
#define NS_PER_US	1000U
/* Thread objects a task's table holds before its first sweep. */
#define SWEEP_MIN	32U

MT_FIXTURE_ROOT_NOBODY(thr)
MT_FIXTURE(thr_root)

/* ---- helpers ------------------------------------------------------------ */

/* A thread of the test that takes its port and waits to be let go. */
struct worker {
	pthread_t th;
	pid_t tid;
	mach_port_t port;
	int stay;
	pthread_barrier_t ready;
	pthread_barrier_t done;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	w->tid = mt_gettid();
	w->port = mach_thread_self();
	pthread_barrier_wait(&w->ready);
	if (w->stay)
		pthread_barrier_wait(&w->done);
	return NULL;
}

/* Start @w; with @stay it runs until worker_stop(). 0 or -1. */
static int worker_start(struct worker *w, int stay)
{
	memset(w, 0, sizeof(*w));
	w->stay = stay;
	if (pthread_barrier_init(&w->ready, NULL, 2) ||
	    pthread_barrier_init(&w->done, NULL, 2))
		return -1;
	if (pthread_create(&w->th, NULL, worker_main, w))
		return -1;
	pthread_barrier_wait(&w->ready);
	return 0;
}

static void worker_stop(struct worker *w)
{
	if (w->stay)
		pthread_barrier_wait(&w->done);
	pthread_join(w->th, NULL);
	pthread_barrier_destroy(&w->ready);
	pthread_barrier_destroy(&w->done);
}

/* thread_policy_get() of one integer; MT_BAD when it fails. */
static unsigned int get1(mach_port_t thread, thread_policy_flavor_t flavor,
			 boolean_t *gd)
{
	integer_t info[THREAD_POLICY_STATE_COUNT] = { 0 };
	mach_msg_type_number_t count = 1;
	boolean_t def = gd ? *gd : FALSE;

	if (thread_policy_get(thread, flavor, info, &count, &def) ||
	    count != 1)
		return MT_BAD;
	if (gd)
		*gd = def;
	return (unsigned int)info[0];
}

static kern_return_t set1(mach_port_t thread, thread_policy_flavor_t flavor,
			  integer_t value)
{
	return thread_policy_set(thread, flavor, &value, 1);
}

static kern_return_t set_tc(mach_port_t thread, uint32_t period,
			    uint32_t computation, uint32_t constraint,
			    mach_msg_type_number_t count)
{
	thread_time_constraint_policy_data_t tc = {
		.period = period,
		.computation = computation,
		.constraint = constraint,
		.preemptible = TRUE,
	};

	return thread_policy_set(thread, THREAD_TIME_CONSTRAINT_POLICY,
				 (thread_policy_t)&tc, count);
}

static int nice_of(pid_t tid)
{
	errno = 0;
	return getpriority(PRIO_PROCESS, (id_t)tid);
}

static int rt_prio_of(pid_t tid)
{
	struct sched_param sp = { 0 };

	if (sched_getparam(tid, &sp))
		return -1;
	return sp.sched_priority;
}

/* The user references of a send right, or MT_BAD. */
static unsigned int send_refs(mach_port_t name)
{
	return mt_refs(name, MACH_PORT_RIGHT_SEND);
}

/* ---- raw messages --------------------------------------------------------- */

struct get_req {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	thread_policy_flavor_t flavor;
	mach_msg_type_number_t policy_infoCnt;
	boolean_t get_default;
};

struct set_req {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	thread_policy_flavor_t flavor;
	mach_msg_type_number_t policy_infoCnt;
	integer_t policy_info[17];
};

struct get_rep {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
	mach_msg_type_number_t policy_infoCnt;
	integer_t policy_info[17];
};

static mach_msg_return_t rpc(mach_port_t dest, void *req, mach_msg_size_t len,
			     mach_msg_id_t id, union mt_rcv *buf,
			     mach_port_t *replyp)
{
	return mt_rpc(dest, req, len, id, 0, buf, replyp);
}

/* The reply in @buf is a 36-byte error reply to @id saying @code. */
static void check_error(struct __test_metadata *_metadata,
			const union mt_rcv *buf, mach_port_t reply,
			mach_msg_id_t id, kern_return_t code)
{
	mt_check_mig_reply_error(_metadata, buf, reply, id, code,
				 MT_MIG_NDR);
	mt_kill(reply);
}

/* ---- thread ports ----------------------------------------------------------- */

/* The same thread: the same name, one more user reference per call. */
TEST_F(thr, self_same_name)
{
	mach_port_t a, b, c;

	a = mach_thread_self();
	ASSERT_TRUE(MACH_PORT_VALID(a));
	EXPECT_NE(TASK, a);
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(a));
	EXPECT_EQ(1U, send_refs(a));
	b = mach_thread_self();
	EXPECT_EQ(a, b);
	EXPECT_EQ(2U, send_refs(a));
	c = thread_self_trap();
	EXPECT_EQ(a, c);
	EXPECT_EQ(3U, send_refs(a));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, a));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, a));
	EXPECT_EQ(1U, send_refs(a));
	/* Released and asked again: the same port, so the same name rules. */
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, a));
	EXPECT_EQ(MT_BAD, mt_type(a));
	b = mach_thread_self();
	ASSERT_TRUE(MACH_PORT_VALID(b));
	EXPECT_EQ(1U, send_refs(b));
	/* Still the thread it was: policy calls reach it. */
	EXPECT_EQ(1U, get1(b, THREAD_EXTENDED_POLICY, NULL));
}

/* Two threads, two ports; each thread's port is its own. */
TEST_F(thr, threads_differ)
{
	struct worker w1, w2;
	mach_port_t me = mach_thread_self();

	ASSERT_EQ(0, worker_start(&w1, 1));
	ASSERT_EQ(0, worker_start(&w2, 1));
	ASSERT_TRUE(MACH_PORT_VALID(w1.port));
	ASSERT_TRUE(MACH_PORT_VALID(w2.port));
	EXPECT_NE(me, w1.port);
	EXPECT_NE(me, w2.port);
	EXPECT_NE(w1.port, w2.port);
	EXPECT_EQ(1U, send_refs(w1.port));
	/* Precedence set through w1's port changes w1's nice only. */
	EXPECT_EQ(KERN_SUCCESS, set1(w1.port, THREAD_PRECEDENCE_POLICY, -4));
	EXPECT_EQ(4, nice_of(w1.tid));
	EXPECT_EQ(0, nice_of(w2.tid));
	EXPECT_EQ(0, nice_of(mt_gettid()));
	EXPECT_EQ((unsigned int)-4, get1(w1.port, THREAD_PRECEDENCE_POLICY,
					 NULL));
	EXPECT_EQ(0U, get1(w2.port, THREAD_PRECEDENCE_POLICY, NULL));
	worker_stop(&w1);
	worker_stop(&w2);
}

/* An exited thread: KERN_TERMINATED, then a dead name once swept. */
TEST_F(thr, exited_thread)
{
	integer_t info[4] = { 0 };
	mach_msg_type_number_t count = 4;
	boolean_t gd = FALSE;
	struct worker w, w2;
	mach_port_t old;
	unsigned int i;

	ASSERT_EQ(0, worker_start(&w, 0));
	worker_stop(&w);
	old = w.port;
	ASSERT_TRUE(MACH_PORT_VALID(old));
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(old));
	EXPECT_EQ(KERN_TERMINATED,
		  thread_policy_get(old, THREAD_EXTENDED_POLICY, info, &count,
				    &gd));
	EXPECT_EQ(KERN_TERMINATED, set1(old, THREAD_PRECEDENCE_POLICY, 0));
	/* XNU checks these before the thread's state. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT, set1(old, THREAD_QOS_POLICY, 0));
	/*
	 * New thread objects sweep the dead ones once the table has grown
	 * enough (32 entries at first): the port dies, the name is dead.
	 */
	for (i = 0; i < 2 * SWEEP_MIN && mt_type(old) == MACH_PORT_TYPE_SEND;
	     i++) {
		ASSERT_EQ(0, worker_start(&w2, 0));
		worker_stop(&w2);
		ASSERT_TRUE(MACH_PORT_VALID(w2.port));
		EXPECT_NE(old, w2.port);
		if (i == 0)
			EXPECT_EQ(KERN_TERMINATED,
				  set1(old, THREAD_AFFINITY_POLICY, 1));
	}
	EXPECT_LE(SWEEP_MIN - 3, i);
	EXPECT_GT(2 * SWEEP_MIN, i);
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(old));
	count = 4;
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  thread_policy_get(old, THREAD_EXTENDED_POLICY, info, &count,
				    &gd));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, old));
	/* The calling thread's own port is unaffected. */
	EXPECT_EQ(1U, get1(mach_thread_self(), THREAD_EXTENDED_POLICY, NULL));
}

/* ---- flavors ------------------------------------------------------------------ */

/* STANDARD / EXTENDED: timeshare, fixed recorded, get_default. */
TEST_F(thr, extended)
{
	mach_port_t me = mach_thread_self();
	integer_t info[2] = { 7, 7 };
	mach_msg_type_number_t count = 0;
	boolean_t gd = FALSE;

	EXPECT_EQ(1U, get1(me, THREAD_EXTENDED_POLICY, &gd));
	EXPECT_FALSE(gd);
	/* Count 0 (the STANDARD flavor's): success, nothing written. */
	EXPECT_EQ(KERN_SUCCESS, thread_policy_get(me, THREAD_STANDARD_POLICY,
						  info, &count, &gd));
	EXPECT_EQ(0U, count);
	EXPECT_EQ(7, info[0]);

	EXPECT_EQ(KERN_SUCCESS, set1(me, THREAD_EXTENDED_POLICY, FALSE));
	EXPECT_EQ(0U, get1(me, THREAD_EXTENDED_POLICY, NULL));
	EXPECT_EQ(SCHED_OTHER, sched_getscheduler(0));
	/* Asking for the default: TRUE, and get_default stays TRUE. */
	gd = TRUE;
	EXPECT_EQ(1U, get1(me, THREAD_EXTENDED_POLICY, &gd));
	EXPECT_TRUE(gd);
	/* XNU: anything but TRUE is fixed priority. */
	EXPECT_EQ(KERN_SUCCESS, set1(me, THREAD_EXTENDED_POLICY, 2));
	EXPECT_EQ(0U, get1(me, THREAD_EXTENDED_POLICY, NULL));
	/* STANDARD (count 0) is timeshare again. */
	EXPECT_EQ(KERN_SUCCESS,
		  thread_policy_set(me, THREAD_STANDARD_POLICY, info, 0));
	EXPECT_EQ(1U, get1(me, THREAD_EXTENDED_POLICY, NULL));
	EXPECT_EQ(KERN_SUCCESS, set1(me, THREAD_EXTENDED_POLICY, TRUE));
	EXPECT_EQ(1U, get1(me, THREAD_EXTENDED_POLICY, NULL));
}

/* CountInOut: count 20 -> 16 integers back, zero past the flavor's. */
TEST_F(thr, count_in_out)
{
	mach_port_t me = mach_thread_self();
	integer_t info[20];
	mach_msg_type_number_t count = 20, i;
	boolean_t gd = FALSE;

	memset(info, 0xaa, sizeof(info));
	ASSERT_EQ(KERN_SUCCESS, thread_policy_get(me, THREAD_EXTENDED_POLICY,
						  info, &count, &gd));
	EXPECT_EQ(16U, count);
	EXPECT_EQ(1, info[0]);
	for (i = 1; i < 16; i++)
		EXPECT_EQ(0, info[i]);
	for (i = 16; i < 20; i++)
		EXPECT_EQ((integer_t)0xaaaaaaaa, info[i]);

	memset(info, 0xaa, sizeof(info));
	count = 20;
	ASSERT_EQ(KERN_SUCCESS,
		  thread_policy_get(me, THREAD_TIME_CONSTRAINT_POLICY, info,
				    &count, &gd));
	EXPECT_EQ(16U, count);
	EXPECT_TRUE(gd);
	for (i = 4; i < 16; i++)
		EXPECT_EQ(0, info[i]);

	/* Exactly the flavor's count comes back as asked. */
	count = 3;
	gd = FALSE;
	memset(info, 0xaa, sizeof(info));
	ASSERT_EQ(KERN_SUCCESS, thread_policy_get(me, THREAD_AFFINITY_POLICY,
						  info, &count, &gd));
	EXPECT_EQ(3U, count);
	EXPECT_EQ(0, info[0]);
	EXPECT_EQ(0, info[1]);
	EXPECT_EQ(0, info[2]);
	EXPECT_EQ((integer_t)0xaaaaaaaa, info[3]);
}

/* TIME_CONSTRAINT: defaults, validation (XNU's bounds), no privilege. */
TEST_F(thr, time_constraint_checks)
{
	mach_port_t me = mach_thread_self();
	thread_time_constraint_policy_data_t tc;
	mach_msg_type_number_t count = THREAD_TIME_CONSTRAINT_POLICY_COUNT;
	boolean_t gd = FALSE;

	memset(&tc, 0xaa, sizeof(tc));
	ASSERT_EQ(KERN_SUCCESS,
		  thread_policy_get(me, THREAD_TIME_CONSTRAINT_POLICY,
				    (thread_policy_t)&tc, &count, &gd));
	EXPECT_EQ(4U, count);
	/* Not real-time: the defaults, and get_default says so. */
	EXPECT_TRUE(gd);
	EXPECT_EQ(0U, tc.period);
	EXPECT_EQ(5 * NS_PER_MS, tc.computation);
	EXPECT_EQ(10 * NS_PER_MS, tc.constraint);
	EXPECT_EQ(TRUE, tc.preemptible);
	count = 3;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  thread_policy_get(me, THREAD_TIME_CONSTRAINT_POLICY,
				    (thread_policy_t)&tc, &count, &gd));

	/* constraint < computation; computation outside 50 us .. 50 ms. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  set_tc(me, 0, 2 * NS_PER_MS, NS_PER_MS, 4));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  set_tc(me, 0, 49 * NS_PER_US, NS_PER_MS, 4));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  set_tc(me, 0, 51 * NS_PER_MS, 60 * NS_PER_MS, 4));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  set_tc(me, 0, NS_PER_MS, 2 * NS_PER_MS, 3));
	EXPECT_EQ(SCHED_OTHER, sched_getscheduler(0));

	if (self->env.nobody) {
		struct rlimit rl = { 0, 0 };

		/* Without RLIMIT_RTPRIO Linux refuses nobody SCHED_RR. */
		ASSERT_EQ(0, setrlimit(RLIMIT_RTPRIO, &rl));
		EXPECT_EQ(KERN_PROTECTION_FAILURE,
			  set_tc(me, 0, NS_PER_MS, 2 * NS_PER_MS, 4));
		EXPECT_EQ(SCHED_OTHER, sched_getscheduler(0));
		gd = FALSE;
		count = 4;
		EXPECT_EQ(KERN_SUCCESS,
			  thread_policy_get(me, THREAD_TIME_CONSTRAINT_POLICY,
					    (thread_policy_t)&tc, &count, &gd));
		EXPECT_TRUE(gd);
	}
}

/* TIME_CONSTRAINT as root: SCHED_RR, values recorded, and back. */
TEST_F(thr_root, time_constraint)
{
	mach_port_t me = mach_thread_self();
	thread_time_constraint_with_priority_policy_data_t tp;
	thread_time_constraint_policy_data_t tc;
	mach_msg_type_number_t count = 4;
	boolean_t gd = FALSE;
	int nice;

	ASSERT_EQ(0, setpriority(PRIO_PROCESS, (id_t)mt_gettid(), 3));
	ASSERT_EQ(KERN_SUCCESS,
		  set_tc(me, 10 * NS_PER_MS, NS_PER_MS, 4 * NS_PER_MS, 4));
	EXPECT_EQ(SCHED_RR, sched_getscheduler(0));
	EXPECT_EQ(1, rt_prio_of(0));
	ASSERT_EQ(KERN_SUCCESS,
		  thread_policy_get(me, THREAD_TIME_CONSTRAINT_POLICY,
				    (thread_policy_t)&tc, &count, &gd));
	EXPECT_FALSE(gd);
	EXPECT_EQ(10 * NS_PER_MS, tc.period);
	/* XNU raises a computation below constraint / 2 to it. */
	EXPECT_EQ(2 * NS_PER_MS, tc.computation);
	EXPECT_EQ(4 * NS_PER_MS, tc.constraint);
	EXPECT_EQ(TRUE, tc.preemptible);
	/* Real-time: the extended flavor reports its default. */
	gd = FALSE;
	EXPECT_EQ(1U, get1(me, THREAD_EXTENDED_POLICY, &gd));
	EXPECT_TRUE(gd);
	/* The private flavor: priority 97 only, count 5. */
	count = 5;
	gd = FALSE;
	memset(&tp, 0, sizeof(tp));
	ASSERT_EQ(KERN_SUCCESS,
		  thread_policy_get(me,
				    THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY,
				    (thread_policy_t)&tp, &count, &gd));
	EXPECT_EQ(97U, tp.priority);
	EXPECT_EQ(4 * NS_PER_MS, tp.constraint);
	tp.priority = 98;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  thread_policy_set(me,
				    THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY,
				    (thread_policy_t)&tp, 5));
	tp.priority = 97;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  thread_policy_set(me,
				    THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY,
				    (thread_policy_t)&tp, 4));
	tp.period = 0;
	tp.computation = 3 * NS_PER_MS;
	tp.constraint = 5 * NS_PER_MS;
	EXPECT_EQ(KERN_SUCCESS,
		  thread_policy_set(me,
				    THREAD_TIME_CONSTRAINT_WITH_PRIORITY_POLICY,
				    (thread_policy_t)&tp, 5));
	count = 4;
	gd = FALSE;
	ASSERT_EQ(KERN_SUCCESS,
		  thread_policy_get(me, THREAD_TIME_CONSTRAINT_POLICY,
				    (thread_policy_t)&tc, &count, &gd));
	EXPECT_EQ(0U, tc.period);
	EXPECT_EQ(3 * NS_PER_MS, tc.computation);

	/* Back to timeshare, at the nice value the thread had. */
	EXPECT_EQ(KERN_SUCCESS, set1(me, THREAD_EXTENDED_POLICY, TRUE));
	EXPECT_EQ(SCHED_OTHER, sched_getscheduler(0));
	nice = nice_of(mt_gettid());
	EXPECT_EQ(3, nice);
	gd = FALSE;
	EXPECT_EQ(1U, get1(me, THREAD_EXTENDED_POLICY, &gd));
	EXPECT_FALSE(gd);
	count = 4;
	ASSERT_EQ(KERN_SUCCESS,
		  thread_policy_get(me, THREAD_TIME_CONSTRAINT_POLICY,
				    (thread_policy_t)&tc, &count, &gd));
	EXPECT_TRUE(gd);
}

/* Real-time by other means (chrt): reported as real-time, XNU defaults. */
TEST_F(thr_root, time_constraint_external)
{
	struct sched_param sp = { .sched_priority = 5 };
	thread_time_constraint_policy_data_t tc;
	mach_port_t me = mach_thread_self();
	mach_msg_type_number_t count = 4;
	boolean_t gd = FALSE;

	ASSERT_EQ(0, sched_setscheduler(0, SCHED_FIFO, &sp));
	ASSERT_EQ(KERN_SUCCESS,
		  thread_policy_get(me, THREAD_TIME_CONSTRAINT_POLICY,
				    (thread_policy_t)&tc, &count, &gd));
	EXPECT_FALSE(gd);
	EXPECT_EQ(5 * NS_PER_MS, tc.computation);
	EXPECT_EQ(1U, get1(me, THREAD_EXTENDED_POLICY, &gd));
	EXPECT_TRUE(gd);
	EXPECT_EQ(KERN_SUCCESS, set1(me, THREAD_EXTENDED_POLICY, TRUE));
	EXPECT_EQ(SCHED_OTHER, sched_getscheduler(0));
}

struct rt_child {
	pid_t parent_tid;
};

/* Nobody with RLIMIT_RTPRIO 1 may become real-time (priority 1). */
static int rt_rlimit_child(void *arg)
{
	struct rlimit rl = { 1, 1 };
	mach_port_t me;

	(void)arg;
	MT_CHILD_EQ(0, setrlimit(RLIMIT_RTPRIO, &rl));
	MT_CHILD_EQ(0, xnu_drop_to_nobody());
	me = mach_thread_self();
	MT_CHILD_TRUE(MACH_PORT_VALID(me));
	MT_CHILD_EQ(KERN_SUCCESS,
		    set_tc(me, 0, NS_PER_MS, 2 * NS_PER_MS, 4));
	MT_CHILD_EQ(SCHED_RR, sched_getscheduler(0));
	MT_CHILD_EQ(1, rt_prio_of(0));
	/* Leaving real time is always allowed. */
	MT_CHILD_EQ(KERN_SUCCESS, set1(me, THREAD_EXTENDED_POLICY, TRUE));
	MT_CHILD_EQ(SCHED_OTHER, sched_getscheduler(0));
	/* With the limit at 0 again, no way back. */
	rl.rlim_cur = 0;
	MT_CHILD_EQ(0, setrlimit(RLIMIT_RTPRIO, &rl));
	MT_CHILD_EQ(KERN_PROTECTION_FAILURE,
		    set_tc(me, 0, NS_PER_MS, 2 * NS_PER_MS, 4));
	return 0;
}

TEST_F(thr_root, time_constraint_rlimit)
{
	EXPECT_EQ(0, mt_wait_ok(mt_fork(rt_rlimit_child, NULL)));
}

/* PRECEDENCE: importance is minus the nice value; Linux's nice rules. */
TEST_F(thr, precedence)
{
	mach_port_t me = mach_thread_self();
	pid_t tid = mt_gettid();
	boolean_t gd = FALSE;

	EXPECT_EQ(0U, get1(me, THREAD_PRECEDENCE_POLICY, &gd));
	EXPECT_FALSE(gd);
	EXPECT_EQ(KERN_SUCCESS, set1(me, THREAD_PRECEDENCE_POLICY, -5));
	EXPECT_EQ(5, nice_of(tid));
	EXPECT_EQ((unsigned int)-5, get1(me, THREAD_PRECEDENCE_POLICY, NULL));
	/* Seen from Linux: setpriority() shows through. */
	ASSERT_EQ(0, setpriority(PRIO_PROCESS, (id_t)tid, 7));
	EXPECT_EQ((unsigned int)-7, get1(me, THREAD_PRECEDENCE_POLICY, NULL));
	gd = TRUE;
	EXPECT_EQ(0U, get1(me, THREAD_PRECEDENCE_POLICY, &gd));
	EXPECT_TRUE(gd);
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  thread_policy_set(me, THREAD_PRECEDENCE_POLICY, NULL, 0));
	if (self->env.nobody) {
		/* Raising priority needs RLIMIT_NICE or CAP_SYS_NICE. */
		EXPECT_EQ(KERN_PROTECTION_FAILURE,
			  set1(me, THREAD_PRECEDENCE_POLICY, 0));
		EXPECT_EQ(7, nice_of(tid));
		/* Lowering it never does. */
		EXPECT_EQ(KERN_SUCCESS,
			  set1(me, THREAD_PRECEDENCE_POLICY, -9));
		EXPECT_EQ(9, nice_of(tid));
	} else {
		EXPECT_EQ(KERN_SUCCESS,
			  set1(me, THREAD_PRECEDENCE_POLICY, 100));
		EXPECT_EQ(-20, nice_of(tid));
		EXPECT_EQ(20U, get1(me, THREAD_PRECEDENCE_POLICY, NULL));
		EXPECT_EQ(KERN_SUCCESS,
			  set1(me, THREAD_PRECEDENCE_POLICY, -100));
		EXPECT_EQ(19, nice_of(tid));
		EXPECT_EQ(KERN_SUCCESS, set1(me, THREAD_PRECEDENCE_POLICY, 0));
		EXPECT_EQ(0, nice_of(tid));
	}
}

/* AFFINITY: the tag is recorded; the default is THREAD_AFFINITY_TAG_NULL. */
TEST_F(thr, affinity)
{
	mach_port_t me = mach_thread_self();
	integer_t info[1];
	mach_msg_type_number_t count = 0;
	boolean_t gd = FALSE;

	EXPECT_EQ((unsigned int)THREAD_AFFINITY_TAG_NULL,
		  get1(me, THREAD_AFFINITY_POLICY, NULL));
	EXPECT_EQ(KERN_SUCCESS, set1(me, THREAD_AFFINITY_POLICY, 7));
	EXPECT_EQ(7U, get1(me, THREAD_AFFINITY_POLICY, NULL));
	gd = TRUE;
	EXPECT_EQ(0U, get1(me, THREAD_AFFINITY_POLICY, &gd));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  thread_policy_set(me, THREAD_AFFINITY_POLICY, info, 0));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  thread_policy_get(me, THREAD_AFFINITY_POLICY, info, &count,
				    &gd));
	/* Another thread has its own tag. */
	{
		struct worker w;

		ASSERT_EQ(0, worker_start(&w, 1));
		EXPECT_EQ(0U, get1(w.port, THREAD_AFFINITY_POLICY, NULL));
		worker_stop(&w);
	}
	EXPECT_EQ(KERN_SUCCESS,
		  set1(me, THREAD_AFFINITY_POLICY, THREAD_AFFINITY_TAG_NULL));
	EXPECT_EQ(0U, get1(me, THREAD_AFFINITY_POLICY, NULL));
}

/* LATENCY_QOS / THROUGHPUT_QOS: Darwin's tiers, validated and recorded. */
TEST_F(thr, qos_tiers)
{
	mach_port_t me = mach_thread_self();
	boolean_t gd = TRUE;

	EXPECT_EQ(0U, get1(me, THREAD_LATENCY_QOS_POLICY, NULL));
	EXPECT_EQ(0U, get1(me, THREAD_THROUGHPUT_QOS_POLICY, NULL));
	EXPECT_EQ(KERN_SUCCESS,
		  set1(me, THREAD_LATENCY_QOS_POLICY, LATENCY_QOS_TIER_3));
	EXPECT_EQ((unsigned int)LATENCY_QOS_TIER_3,
		  get1(me, THREAD_LATENCY_QOS_POLICY, NULL));
	EXPECT_EQ(0U, get1(me, THREAD_LATENCY_QOS_POLICY, &gd));
	EXPECT_EQ(KERN_SUCCESS, set1(me, THREAD_THROUGHPUT_QOS_POLICY,
				     THROUGHPUT_QOS_TIER_5));
	EXPECT_EQ((unsigned int)THROUGHPUT_QOS_TIER_5,
		  get1(me, THREAD_THROUGHPUT_QOS_POLICY, NULL));
	/* A tier of the other kind, past tier 5, a bare number. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  set1(me, THREAD_LATENCY_QOS_POLICY, THROUGHPUT_QOS_TIER_0));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  set1(me, THREAD_LATENCY_QOS_POLICY, LATENCY_QOS_TIER_5 + 1));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  set1(me, THREAD_THROUGHPUT_QOS_POLICY, 3));
	EXPECT_EQ((unsigned int)LATENCY_QOS_TIER_3,
		  get1(me, THREAD_LATENCY_QOS_POLICY, NULL));
	EXPECT_EQ(KERN_SUCCESS, set1(me, THREAD_LATENCY_QOS_POLICY,
				     LATENCY_QOS_TIER_UNSPECIFIED));
	EXPECT_EQ(0U, get1(me, THREAD_LATENCY_QOS_POLICY, NULL));
}

/* QOS cannot be set (no -qos-policy-allow); it reads as unspecified. */
TEST_F(thr, qos)
{
	thread_qos_policy_data_t q = { THREAD_QOS_UTILITY, 0 };
	mach_port_t me = mach_thread_self();
	mach_msg_type_number_t count = THREAD_QOS_POLICY_COUNT;
	boolean_t gd = FALSE;

	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  thread_policy_set(me, THREAD_QOS_POLICY,
				    (thread_policy_t)&q, THREAD_QOS_POLICY_COUNT));
	ASSERT_EQ(KERN_SUCCESS,
		  thread_policy_get(me, THREAD_QOS_POLICY, (thread_policy_t)&q,
				    &count, &gd));
	EXPECT_EQ(2U, count);
	EXPECT_EQ(THREAD_QOS_UNSPECIFIED, q.qos_tier);
	EXPECT_EQ(0, q.tier_importance);
	count = 1;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  thread_policy_get(me, THREAD_QOS_POLICY, (thread_policy_t)&q,
				    &count, &gd));
}

/* Unknown flavors and those macOS refuses: KERN_INVALID_ARGUMENT. */
TEST_F(thr, bad_flavor)
{
	static const thread_policy_flavor_t bad[] = {
		0, THREAD_BACKGROUND_POLICY, THREAD_POLICY_STATE,
		THREAD_REQUESTED_STATE_POLICY, 12, 0x7fffffff, 0xffffffff,
	};
	mach_port_t me = mach_thread_self();
	integer_t info[16] = { 0 };
	mach_msg_type_number_t count;
	boolean_t gd = FALSE;
	unsigned int i;

	info[0] = THREAD_BACKGROUND_POLICY_DARWIN_BG;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		count = 16;
		EXPECT_EQ(KERN_INVALID_ARGUMENT,
			  thread_policy_set(me, bad[i], info, 16));
		EXPECT_EQ(KERN_INVALID_ARGUMENT,
			  thread_policy_get(me, bad[i], info, &count, &gd));
	}
	/* The stub itself answers as the wrapper does (no static threads). */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  _kernelrpc_thread_policy_set(me, 12, info, 1));
	EXPECT_EQ(KERN_SUCCESS,
		  _kernelrpc_thread_policy_set(me, THREAD_AFFINITY_POLICY,
					       info, 1));
}

/* Not a thread port. */
TEST_F(thr, not_a_thread)
{
	integer_t info[4] = { 0 };
	mach_msg_type_number_t count = 4;
	boolean_t gd = FALSE;
	mach_port_t port;

	/* Another kernel object's port: the routine runs, finds no thread. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  thread_policy_get(TASK, THREAD_EXTENDED_POLICY, info, &count,
				    &gd));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  set1(TASK, THREAD_AFFINITY_POLICY, 1));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  set1(mach_host_self(), THREAD_AFFINITY_POLICY, 1));
	/* Null and dead names, a receive right only, a name never made. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  set1(MACH_PORT_NULL, THREAD_AFFINITY_POLICY, 1));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  set1(MACH_PORT_DEAD, THREAD_AFFINITY_POLICY, 1));
	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port);
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  set1(port, THREAD_AFFINITY_POLICY, 1));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  set1(port + 0x100, THREAD_AFFINITY_POLICY, 1));
	mt_kill(port);
}

/* ---- raw messages ------------------------------------------------------------------ */

TEST_F(thr, raw_sizes)
{
	mach_port_t me = mach_thread_self(), reply;
	struct get_req g = { .NDR = NDR_record };
	struct set_req s = { .NDR = NDR_record };
	union mt_rcv buf;
	const struct get_rep *r = (const void *)&buf;
	const mig_reply_error_t *e = (const void *)&buf;

	/* get: 44 bytes; reply 44 + 4 * min(count, 16). */
	g.flavor = THREAD_EXTENDED_POLICY;
	g.policy_infoCnt = 5;
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &g, 44, 3618, &buf, &reply));
	EXPECT_EQ(44U + 4 * 5, r->Head.msgh_size);
	EXPECT_EQ(3718, r->Head.msgh_id);
	EXPECT_TRUE(mt_ndr_ok(&r->NDR));
	EXPECT_EQ(KERN_SUCCESS, r->RetCode);
	EXPECT_EQ(5U, r->policy_infoCnt);
	EXPECT_EQ(1, r->policy_info[0]);
	EXPECT_EQ(0, r->policy_info[4]);
	EXPECT_EQ(FALSE, r->policy_info[5]);	/* get_default */
	mt_kill(reply);

	g.policy_infoCnt = 100;
	g.get_default = TRUE;
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &g, 44, 3618, &buf, &reply));
	EXPECT_EQ(44U + 4 * 16, r->Head.msgh_size);
	EXPECT_EQ(16U, r->policy_infoCnt);
	EXPECT_EQ(TRUE, r->policy_info[16]);	/* get_default */
	mt_kill(reply);

	/* Count too small for the flavor: an error reply. */
	g.flavor = THREAD_PRECEDENCE_POLICY;
	g.policy_infoCnt = 0;
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &g, 44, 3618, &buf, &reply));
	check_error(_metadata, &buf, reply, 3618, KERN_INVALID_ARGUMENT);

	/* Short and long requests. */
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &g, 40, 3618, &buf, &reply));
	check_error(_metadata, &buf, reply, 3618, MIG_BAD_ARGUMENTS);
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &g, 24, 3618, &buf, &reply));
	check_error(_metadata, &buf, reply, 3618, MIG_BAD_ARGUMENTS);
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &s, 48, 3618, &buf, &reply));
	check_error(_metadata, &buf, reply, 3618, MIG_BAD_ARGUMENTS);

	/* set: 40 + 4 * count, reply 36. */
	s.flavor = THREAD_AFFINITY_POLICY;
	s.policy_infoCnt = 1;
	s.policy_info[0] = 3;
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &s, 44, 3617, &buf, &reply));
	check_error(_metadata, &buf, reply, 3617, KERN_SUCCESS);
	EXPECT_EQ(3U, get1(me, THREAD_AFFINITY_POLICY, NULL));
	/* The size disagrees with the count, or the count is above 16. */
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &s, 48, 3617, &buf, &reply));
	check_error(_metadata, &buf, reply, 3617, MIG_BAD_ARGUMENTS);
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &s, 40, 3617, &buf, &reply));
	check_error(_metadata, &buf, reply, 3617, MIG_BAD_ARGUMENTS);
	s.policy_infoCnt = 17;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(me, &s, 40 + 4 * 17, 3617, &buf, &reply));
	check_error(_metadata, &buf, reply, 3617, MIG_BAD_ARGUMENTS);
	s.policy_infoCnt = 16;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(me, &s, 40 + 4 * 16, 3617, &buf, &reply));
	check_error(_metadata, &buf, reply, 3617, KERN_SUCCESS);

	/* The complex bit (no descriptors follow): MIG_BAD_ARGUMENTS. */
	g.flavor = THREAD_EXTENDED_POLICY;
	g.policy_infoCnt = 1;
	g.get_default = FALSE;
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_rpc(me, &g, 44, 3618,
					   MACH_MSGH_BITS_COMPLEX, &buf,
					   &reply));
	check_error(_metadata, &buf, reply, 3618, MIG_BAD_ARGUMENTS);
	s.flavor = THREAD_AFFINITY_POLICY;
	s.policy_infoCnt = 1;
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_rpc(me, &s, 44, 3617,
					   MACH_MSGH_BITS_COMPLEX, &buf,
					   &reply));
	check_error(_metadata, &buf, reply, 3617, MIG_BAD_ARGUMENTS);

	/* Ids the subsystem does not serve. */
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &g, 44, 3619, &buf, &reply));
	check_error(_metadata, &buf, reply, 3619, MIG_BAD_ID);
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &g, 44, 3600, &buf, &reply));
	check_error(_metadata, &buf, reply, 3600, MIG_BAD_ID);
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc(me, &g, 44, 3616, &buf, &reply));
	check_error(_metadata, &buf, reply, 3616, MIG_BAD_ID);
	(void)e;
	/* The thread is untouched by the refused requests. */
	EXPECT_EQ(1U, get1(me, THREAD_EXTENDED_POLICY, NULL));
}

/* ---- another process ------------------------------------------------------------------ */

struct remote {
	pid_t tid;		/* the parent's thread */
	int nobody;		/* the child drops to nobody first */
};

/* In the child: the parent's thread port from mach_ports_lookup(). */
static int remote_child(void *arg)
{
	const struct remote *rm = arg;
	mach_port_t *got = NULL, port;
	mach_msg_type_number_t count = 0;
	boolean_t gd = FALSE;

	if (rm->nobody)
		MT_CHILD_EQ(0, xnu_drop_to_nobody());
	MT_CHILD_EQ(KERN_SUCCESS,
		    mach_ports_lookup(mach_task_self(), &got, &count));
	port = got[0];
	MT_CHILD_TRUE(MACH_PORT_VALID(port));
	MT_CHILD_TRUE(port != mach_thread_self());
	/* Reading works for anyone holding the port. */
	MT_CHILD_EQ(-2, (integer_t)get1(port, THREAD_PRECEDENCE_POLICY, &gd));
	MT_CHILD_EQ(5U, get1(port, THREAD_AFFINITY_POLICY, NULL));
	if (rm->nobody) {
		/* Not the owner of root's thread: Linux refuses. */
		MT_CHILD_EQ(KERN_PROTECTION_FAILURE,
			    set1(port, THREAD_PRECEDENCE_POLICY, -6));
		MT_CHILD_EQ(KERN_PROTECTION_FAILURE,
			    set_tc(port, 0, NS_PER_MS, 2 * NS_PER_MS, 4));
		MT_CHILD_EQ(2, nice_of(rm->tid));
		/* Recorded-only flavors need no Linux permission. */
		MT_CHILD_EQ(KERN_SUCCESS, set1(port, THREAD_AFFINITY_POLICY, 6));
	} else {
		MT_CHILD_EQ(KERN_SUCCESS,
			    set1(port, THREAD_PRECEDENCE_POLICY, -6));
		MT_CHILD_EQ(6, nice_of(rm->tid));
		MT_CHILD_EQ(KERN_SUCCESS, set1(port, THREAD_AFFINITY_POLICY, 6));
	}
	return 0;
}

static void remote_run(struct __test_metadata *_metadata, int nobody)
{
	mach_port_t me = mach_thread_self(), reg[1];
	struct remote rm = { .tid = mt_gettid(), .nobody = nobody };

	ASSERT_EQ(KERN_SUCCESS, set1(me, THREAD_PRECEDENCE_POLICY, -2));
	ASSERT_EQ(KERN_SUCCESS, set1(me, THREAD_AFFINITY_POLICY, 5));
	reg[0] = me;
	ASSERT_EQ(KERN_SUCCESS, mach_ports_register(mach_task_self(), reg, 1));
	EXPECT_EQ(0, mt_wait_ok(mt_fork(remote_child, &rm)));
	EXPECT_EQ(nobody ? 2 : 6, nice_of(rm.tid));
	EXPECT_EQ(6U, get1(me, THREAD_AFFINITY_POLICY, NULL));
}

TEST_F(thr_root, remote)
{
	remote_run(_metadata, 0);
}

TEST_F(thr_root, remote_nobody)
{
	remote_run(_metadata, 1);
}

/* ---- task termination --------------------------------------------------------------- */

/* Shared with a grandchild: its result, -1 while it runs. */
struct orphan {
	int result;
	int fd;			/* read end: EOF once the middle child is gone */
	int ready;		/* write end: the port was looked up */
};

static int orphan_check(struct orphan *o)
{
	mach_port_t *got = NULL, port;
	mach_msg_type_number_t count = 0;
	uint64_t end;
	char c;

	MT_CHILD_EQ(KERN_SUCCESS,
		    mach_ports_lookup(mach_task_self(), &got, &count));
	port = got[0];
	MT_CHILD_TRUE(MACH_PORT_VALID(port));
	MT_CHILD_EQ(MACH_PORT_TYPE_SEND, mt_type(port));
	MT_CHILD_EQ(1, write(o->ready, "r", 1));
	close(o->ready);
	/* The task whose thread it names exits. */
	MT_CHILD_EQ(0, read(o->fd, &c, 1));
	end = mt_now_ns() + MT_WAIT_MS * 1000000ull;
	while (mt_type(port) == MACH_PORT_TYPE_SEND && mt_now_ns() < end)
		mt_sleep_ms(5);
	MT_CHILD_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(port));
	MT_CHILD_EQ(MACH_SEND_INVALID_DEST,
		    set1(port, THREAD_AFFINITY_POLICY, 1));
	return 0;
}

/* The middle child: registers its thread port, forks, exits. */
static int orphan_parent(void *arg)
{
	struct orphan *o = arg;
	mach_port_t reg[1];
	int p[2], r[2];
	pid_t pid;
	char c;

	MT_CHILD_EQ(0, pipe(p));
	MT_CHILD_EQ(0, pipe(r));
	reg[0] = mach_thread_self();
	MT_CHILD_TRUE(MACH_PORT_VALID(reg[0]));
	MT_CHILD_EQ(KERN_SUCCESS, mach_ports_register(mach_task_self(), reg, 1));
	fflush(stderr);
	pid = fork();
	MT_CHILD_TRUE(pid >= 0);
	if (pid == 0) {
		close(p[1]);
		close(r[0]);
		o->fd = p[0];
		o->ready = r[1];
		__atomic_store_n(&o->result, orphan_check(o),
				 __ATOMIC_RELEASE);
		_exit(0);
	}
	close(p[0]);
	close(r[1]);
	/* Exit once the grandchild holds the port (or gave up). */
	MT_CHILD_TRUE(read(r[0], &c, 1) >= 0);
	return 0;
}

/* A terminated task's thread ports die: rights elsewhere are dead names. */
TEST_F(thr, task_exit)
{
	struct orphan *o;
	uint64_t end;

	o = mmap(NULL, sizeof(*o), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, o);
	o->result = -1;
	EXPECT_EQ(0, mt_wait_ok(mt_fork(orphan_parent, o)));
	end = mt_now_ns() + 2 * MT_WAIT_MS * 1000000ull;
	while (__atomic_load_n(&o->result, __ATOMIC_ACQUIRE) == -1 &&
	       mt_now_ns() < end)
		mt_sleep_ms(5);
	EXPECT_EQ(0, o->result);
	munmap(o, sizeof(*o));
}

/* Many threads, each with its port; the dead ones are swept. */
TEST_F(thr, many_threads)
{
	struct worker w[8];
	mach_port_t names[8];
	unsigned int i, round;

	for (round = 0; round < 4; round++) {
		for (i = 0; i < 8; i++) {
			ASSERT_EQ(0, worker_start(&w[i], 1));
			names[i] = w[i].port;
			ASSERT_TRUE(MACH_PORT_VALID(names[i]));
		}
		for (i = 0; i < 8; i++) {
			EXPECT_EQ(0U, get1(names[i], THREAD_AFFINITY_POLICY,
					   NULL));
			worker_stop(&w[i]);
		}
		for (i = 0; i < 8; i++) {
			unsigned int type = mt_type(names[i]);

			EXPECT_TRUE(type == MACH_PORT_TYPE_SEND ||
				    type == MACH_PORT_TYPE_DEAD_NAME);
			mach_port_deallocate(TASK, names[i]);
		}
	}
	EXPECT_EQ(1U, get1(mach_thread_self(), THREAD_EXTENDED_POLICY, NULL));
}

TEST_HARNESS_MAIN

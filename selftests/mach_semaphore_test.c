// SPDX-License-Identifier: GPL-2.0
/*
 * mach_semaphore_test - Mach semaphores (reference §5.3, XNU
 * osfmk/kern/sync_sema.c):
 *   - semaphore_create()/semaphore_destroy(), MIG calls on the task port:
 *     bad value or policy -> KERN_INVALID_ARGUMENT, a non-task port ->
 *     KERN_INVALID_ARGUMENT (the routine runs, as in XNU's one table of
 *     kernel routines, and finds no task), a non-semaphore right to
 *     destroy ->
 *     KERN_INVALID_ARGUMENT (the right is consumed), another task's
 *     semaphore -> KERN_SUCCESS without destroying it, the per-task limit
 *     (semaphores_per_task_max) -> KERN_RESOURCE_SHORTAGE;
 *   - raw messages: create 40/40 (complex reply, PORT_SEND), destroy 40
 *     (complex)/36, a short create -> MIG_BAD_ARGUMENTS, a send-once right
 *     to destroy -> MIG_TYPE_ERROR, semaphore.defs ids to a semaphore port
 *     -> MIG_BAD_ID;
 *   - counts: the initial value, signal preposts, signal_all without
 *     waiters changes nothing, with waiters wakes them all; FIFO and LIFO
 *     wake orders; signal_thread (null and named threads);
 *   - timedwait: {0,0} polls, a timeout times out (hrtimer: on time), a
 *     bad tv_nsec -> KERN_INVALID_VALUE before the name is looked at;
 *   - wait_signal/timedwait_signal (the signal goes out, the wait is
 *     queued first: a ping-pong), a destroyed signal semaphore;
 *   - name errors of every trap: KERN_INVALID_NAME, KERN_INVALID_RIGHT,
 *     KERN_INVALID_CAPABILITY; nonzero flags -> -EINVAL;
 *   - destroy wakes a waiter with KERN_TERMINATED, later calls through a
 *     kept right get KERN_TERMINATED; a signal interrupts a wait
 *     (KERN_ABORTED); SIGKILL ends a waiting process;
 *   - two processes: a semaphore sent in a message is waited on by the
 *     other task; when its owner exits the waiter gets KERN_TERMINATED and
 *     the right stays a send right; the last send right frees the port;
 *   - TASK_HOST_PORT is the host port;
 *   - as root and as nobody.
 */
#include "xnu_mach_selftest.h"

#include <mach/semaphore.h>
#include <mach/task.h>

MT_FIXTURE_ROOT_NOBODY(sem)
MT_FIXTURE(semroot)

/* A new semaphore (policy FIFO), or MACH_PORT_NULL. */
static semaphore_t mk(int value)
{
	semaphore_t s = MACH_PORT_NULL;

	if (semaphore_create(mach_task_self(), &s, SYNC_POLICY_FIFO, value))
		return MACH_PORT_NULL;
	return s;
}

#define SEM(var, value) do {				\
	(var) = mk(value);				\
	ASSERT_TRUE(MACH_PORT_VALID(var));		\
} while (0)

static kern_return_t poll_once(semaphore_t s)
{
	mach_timespec_t t = { 0, 0 };

	return semaphore_timedwait(s, t);
}

/* How many times @s can be taken without waiting (takes them all). */
static int drain(semaphore_t s)
{
	int n = 0;

	while (poll_once(s) == KERN_SUCCESS && n < 100000)
		n++;
	return n;
}

/* ---- waiting threads ------------------------------------------------------- */

enum wkind { W_WAIT, W_TIMED, W_WAIT_SIGNAL, W_TIMED_SIGNAL };

struct waiter {
	pthread_t th;
	enum wkind kind;
	semaphore_t sem;
	semaphore_t signal;
	mach_timespec_t t;
	int *seq;
	volatile pid_t tid;
	volatile int order;
	volatile kern_return_t kr;
	volatile int done;
	thread_t self;
};

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	kern_return_t kr;

	w->self = mach_thread_self();
	w->tid = mt_gettid();
	switch (w->kind) {
	case W_WAIT:
		kr = semaphore_wait(w->sem);
		break;
	case W_TIMED:
		kr = semaphore_timedwait(w->sem, w->t);
		break;
	case W_WAIT_SIGNAL:
		kr = semaphore_wait_signal(w->sem, w->signal);
		break;
	default:
		kr = semaphore_timedwait_signal(w->sem, w->signal, w->t);
		break;
	}
	if (w->seq)
		w->order = __atomic_fetch_add(w->seq, 1, __ATOMIC_SEQ_CST);
	w->kr = kr;
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Start a waiter and return once it sleeps in the kernel (0), or -1. */
static int start_waiter(struct waiter *w, enum wkind kind, semaphore_t sem,
			int *seq)
{
	uint64_t end = mt_now_ns() + (uint64_t)MT_WAIT_MS * 1000000ULL;

	memset(w, 0, sizeof(*w));
	w->kind = kind;
	w->sem = sem;
	w->seq = seq;
	w->kr = -1;
	w->order = -1;
	/* The timed kinds: long enough to be woken by the test. */
	w->t.tv_sec = 30;
	if (pthread_create(&w->th, NULL, waiter_main, w))
		return -1;
	while (!w->tid && mt_now_ns() < end)
		mt_sleep_ms(1);
	if (!w->tid)
		return -1;
	return mt_wait_sleeping(getpid(), w->tid, MT_WAIT_MS);
}

/* Wait for a waiter to return; its result, or -1 when it does not. */
static kern_return_t join_waiter(struct waiter *w)
{
	uint64_t end = mt_now_ns() + (uint64_t)MT_WAIT_MS * 1000000ULL;

	while (!__atomic_load_n(&w->done, __ATOMIC_ACQUIRE)) {
		if (mt_now_ns() > end)
			return -1;
		mt_sleep_ms(1);
	}
	pthread_join(w->th, NULL);
	return w->kr;
}

/* ---- create and destroy ------------------------------------------------------ */

TEST_F(sem, create_destroy)
{
	static const int bad_policy[] = { 1, 8, 0x10, 0x80, -1, 0x7 | 0x8 };
	static const int ok_policy[] = {
		SYNC_POLICY_FIFO, SYNC_POLICY_LIFO, 4, 6,
	};
	semaphore_t s;
	unsigned int i;

	for (i = 0; i < sizeof(ok_policy) / sizeof(ok_policy[0]); i++) {
		s = MACH_PORT_NULL;
		ASSERT_EQ(KERN_SUCCESS,
			  semaphore_create(TASK, &s, ok_policy[i], 2));
		ASSERT_TRUE(MACH_PORT_VALID(s));
		EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(s));
		EXPECT_EQ(1U, mt_refs(s, MACH_PORT_RIGHT_SEND));
		EXPECT_EQ(2, drain(s));
		EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
		/* The right was consumed. */
		EXPECT_EQ(KERN_INVALID_NAME, semaphore_signal(s));
	}
	for (i = 0; i < sizeof(bad_policy) / sizeof(bad_policy[0]); i++) {
		s = 0x1234;
		EXPECT_EQ(KERN_INVALID_ARGUMENT,
			  semaphore_create(TASK, &s, bad_policy[i], 0));
	}
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  semaphore_create(TASK, &s, SYNC_POLICY_FIFO, -1));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  semaphore_create(TASK, &s, SYNC_POLICY_FIFO, INT32_MIN));
	/* A large value is fine. */
	s = MACH_PORT_NULL;
	ASSERT_EQ(KERN_SUCCESS,
		  semaphore_create(TASK, &s, SYNC_POLICY_FIFO, INT32_MAX));
	EXPECT_EQ(KERN_SUCCESS, poll_once(s));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));

	/* The task routines on other ports: they run and find no task. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  semaphore_create(mach_host_self(), &s, SYNC_POLICY_FIFO, 0));
	SEM(s, 0);
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  semaphore_create(s, &s, SYNC_POLICY_FIFO, 0));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  semaphore_create(MACH_PORT_NULL, &s, SYNC_POLICY_FIFO, 0));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
}

TEST_F(sem, destroy_errors)
{
	mach_port_t p;
	semaphore_t s;

	/* A send right that is not a semaphore's: consumed, refused. */
	PORT_SEND(p);
	EXPECT_EQ(KERN_INVALID_ARGUMENT, semaphore_destroy(TASK, p));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(p));
	/* The host port. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  semaphore_destroy(TASK, mach_host_self()));
	/*
	 * semaphore_destroy() sent to the host port: refused, and the right
	 * the request moved is gone with the request (the semaphore too,
	 * nobody holds a right to it now).
	 */
	SEM(s, 0);
	EXPECT_EQ(KERN_INVALID_ARGUMENT, semaphore_destroy(mach_host_self(), s));
	EXPECT_EQ(KERN_INVALID_NAME, semaphore_signal(s));
	/* A null right. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  semaphore_destroy(TASK, MACH_PORT_NULL));
}

/* The per-task limit: module parameter semaphores_per_task_max. */
TEST_F(semroot, limit)
{
	long long saved = mt_param("semaphores_per_task_max");
	semaphore_t s[6];
	int i;

	ASSERT_GT(saved, 0);
	ASSERT_EQ(0, mt_set_param("semaphores_per_task_max", 4));
	for (i = 0; i < 4; i++) {
		s[i] = MACH_PORT_NULL;
		EXPECT_EQ(KERN_SUCCESS,
			  semaphore_create(TASK, &s[i], SYNC_POLICY_FIFO, 0));
	}
	EXPECT_EQ(KERN_RESOURCE_SHORTAGE,
		  semaphore_create(TASK, &s[4], SYNC_POLICY_FIFO, 0));
	/* Destroying one makes room. */
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s[0]));
	EXPECT_EQ(KERN_SUCCESS,
		  semaphore_create(TASK, &s[0], SYNC_POLICY_FIFO, 0));
	EXPECT_EQ(KERN_RESOURCE_SHORTAGE,
		  semaphore_create(TASK, &s[5], SYNC_POLICY_FIFO, 0));
	/* Dropping the last send right frees (and disowns) one too. */
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, s[1]));
	EXPECT_EQ(KERN_SUCCESS,
		  semaphore_create(TASK, &s[1], SYNC_POLICY_FIFO, 0));
	EXPECT_EQ(0, mt_set_param("semaphores_per_task_max", saved));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s[i]));
}

/* ---- raw messages -------------------------------------------------------------- */

#pragma pack(push, 4)
struct create_req {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	int policy;
	int value;
	uint32_t extra;
};

struct create_rep {
	mach_msg_header_t Head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t semaphore;
};

struct destroy_req {
	mach_msg_header_t Head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t semaphore;
	uint32_t extra;
};
#pragma pack(pop)

TEST_F(sem, raw_create)
{
	struct create_req req;
	const struct create_rep *rep;
	mach_port_t reply;
	union mt_rcv buf;
	semaphore_t s;

	memset(&req, 0, sizeof(req));
	req.NDR = NDR_record;
	req.policy = SYNC_POLICY_FIFO;
	req.value = 1;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 40, 3418, 0, &buf, &reply));
	rep = (const void *)&buf;
	EXPECT_EQ(40U, rep->Head.msgh_size);
	EXPECT_EQ(3518, rep->Head.msgh_id);
	EXPECT_EQ(reply, rep->Head.msgh_local_port);
	EXPECT_NE(0U, rep->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	EXPECT_EQ(1U, rep->body.msgh_descriptor_count);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, MT_BF(rep->semaphore.disposition));
	EXPECT_EQ(MACH_MSG_PORT_DESCRIPTOR, MT_BF(rep->semaphore.type));
	s = rep->semaphore.name;
	ASSERT_TRUE(MACH_PORT_VALID(s));
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(s));
	EXPECT_EQ(1, drain(s));

	/* Error replies: 36 bytes. */
	req.value = -5;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 40, 3418, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3418, KERN_INVALID_ARGUMENT);
	req.value = 0;
	req.policy = 1;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 40, 3418, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3418, KERN_INVALID_ARGUMENT);
	/* Wrong sizes, the complex bit: MIG_BAD_ARGUMENTS. */
	req.policy = 0;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 36, 3418, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3418, MIG_BAD_ARGUMENTS);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 44, 3418, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3418, MIG_BAD_ARGUMENTS);
	memset(&req, 0, sizeof(req));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 40, 3418, MACH_MSGH_BITS_COMPLEX, &buf,
			 &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3418, MIG_BAD_ARGUMENTS);
	/* Skipped task ids and ids past the subsystem. */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 40, 3417, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3417, MIG_BAD_ID);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 40, 3400, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3400, MIG_BAD_ID);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 40, 3409, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3409, MIG_BAD_ID);
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
}

TEST_F(sem, raw_destroy)
{
	struct destroy_req req;
	mach_port_t reply, p;
	union mt_rcv buf;
	semaphore_t s;

	SEM(s, 0);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, s, MACH_PORT_RIGHT_SEND, 1));
	/* A send-once right: MIG_TYPE_ERROR (the right is destroyed). */
	PORT(p);
	memset(&req, 0, sizeof(req));
	req.body.msgh_descriptor_count = 1;
	req.semaphore.name = p;
	req.semaphore.disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	req.semaphore.type = MACH_MSG_PORT_DESCRIPTOR;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 40, 3419, MACH_MSGH_BITS_COMPLEX, &buf,
			 &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3419, MIG_TYPE_ERROR);
	mt_expect_send_once_notification(_metadata, p);
	/* Not complex, or a wrong size: MIG_BAD_ARGUMENTS. */
	memset(&req, 0, sizeof(req));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 40, 3419, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3419, MIG_BAD_ARGUMENTS);
	req.body.msgh_descriptor_count = 1;
	req.semaphore.name = s;
	req.semaphore.disposition = MACH_MSG_TYPE_COPY_SEND;
	req.semaphore.type = MACH_MSG_PORT_DESCRIPTOR;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 44, 3419, MACH_MSGH_BITS_COMPLEX, &buf,
			 &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3419, MIG_BAD_ARGUMENTS);
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal(s));
	/* The real thing: COPY_SEND arrives as a send right, 36-byte reply. */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &req, 40, 3419, MACH_MSGH_BITS_COMPLEX, &buf,
			 &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3419, KERN_SUCCESS);
	EXPECT_EQ(KERN_TERMINATED, semaphore_signal(s));
	EXPECT_EQ(KERN_TERMINATED, poll_once(s));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, s));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, s));
	EXPECT_EQ(KERN_INVALID_NAME, semaphore_signal(s));
}

/* semaphore.defs (617200...) is not served by the kernel: MIG_BAD_ID. */
TEST_F(sem, raw_bad_id)
{
	struct create_req req;
	mach_port_t reply;
	union mt_rcv buf;
	semaphore_t s;
	int id;

	SEM(s, 0);
	for (id = 617200; id <= 617206; id++) {
		memset(&req, 0, sizeof(req));
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mt_rpc(s, &req, 24, id, 0, &buf, &reply));
		mt_check_mig_error(_metadata, &buf, reply, id, MIG_BAD_ID);
	}
	/* semaphore_create at a semaphore: XNU's routine runs, no task. */
	memset(&req, 0, sizeof(req));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_rpc(s, &req, 40, 3418, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3418,
			   KERN_INVALID_ARGUMENT);
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
}

/* ---- counts ---------------------------------------------------------------- */

TEST_F(sem, counts)
{
	semaphore_t s;
	int i;

	SEM(s, 3);
	EXPECT_EQ(KERN_SUCCESS, semaphore_wait(s));
	EXPECT_EQ(2, drain(s));
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, poll_once(s));
	for (i = 0; i < 5; i++)
		EXPECT_EQ(KERN_SUCCESS, semaphore_signal(s));
	EXPECT_EQ(5, drain(s));
	/* signal_all with nobody waiting adds nothing. */
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal_all(s));
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, poll_once(s));
	/* signal_thread(NULL) with nobody waiting: not waiting, no count. */
	EXPECT_EQ(KERN_NOT_WAITING, semaphore_signal_thread(s, THREAD_NULL));
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, poll_once(s));
	/* A count kept by signal_all is left as is. */
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal(s));
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal_all(s));
	EXPECT_EQ(1, drain(s));
	/* The bare trap names of <mach/mach_traps.h>. */
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal_trap(s));
	EXPECT_EQ(KERN_SUCCESS, semaphore_timedwait_trap(s, 0, 0));
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, semaphore_timedwait_trap(s, 0, 0));
	EXPECT_EQ(KERN_INVALID_VALUE, semaphore_timedwait_trap(s, 0, -1));
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal_all_trap(s));
	EXPECT_EQ(KERN_NOT_WAITING,
		  semaphore_signal_thread_trap(s, MACH_PORT_NULL));
	/* Queued first, then signals itself: woken. */
	EXPECT_EQ(KERN_SUCCESS, semaphore_wait_signal_trap(s, s));
	/* A poll fails before the signal, which stays counted. */
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT,
		  semaphore_timedwait_signal_trap(s, s, 0, 0));
	EXPECT_EQ(KERN_SUCCESS, semaphore_wait_trap(s));
	EXPECT_EQ(0, drain(s));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
}

TEST_F(sem, signal_all_wakes_all)
{
	struct waiter w[4];
	semaphore_t s;
	int i;

	SEM(s, 0);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, start_waiter(&w[i], i & 1 ? W_TIMED : W_WAIT, s,
					  NULL));
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal_all(s));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(KERN_SUCCESS, join_waiter(&w[i]));
	/* The count is 0 afterwards. */
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, poll_once(s));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
}

/* Wake order: FIFO oldest first, LIFO newest first. */
static void check_order(struct __test_metadata *_metadata, mach_port_t task,
			int policy)
{
	struct waiter w[4];
	semaphore_t s = MACH_PORT_NULL;
	int seq = 0, i, j;

	ASSERT_EQ(KERN_SUCCESS, semaphore_create(task, &s, policy, 0));
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, start_waiter(&w[i], W_WAIT, s, &seq));
	for (i = 0; i < 4; i++) {
		j = policy == SYNC_POLICY_LIFO ? 3 - i : i;
		EXPECT_EQ(KERN_SUCCESS, semaphore_signal(s));
		EXPECT_EQ(KERN_SUCCESS, join_waiter(&w[j]));
		EXPECT_EQ(i, w[j].order);
	}
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(task, s));
}

TEST_F(sem, fifo_order)
{
	check_order(_metadata, TASK, SYNC_POLICY_FIFO);
}

TEST_F(sem, lifo_order)
{
	check_order(_metadata, TASK, SYNC_POLICY_LIFO);
}

TEST_F(sem, signal_thread)
{
	struct waiter w[2];
	semaphore_t s;
	thread_t me = mach_thread_self();

	SEM(s, 0);
	ASSERT_EQ(0, start_waiter(&w[0], W_WAIT, s, NULL));
	ASSERT_EQ(0, start_waiter(&w[1], W_WAIT, s, NULL));
	ASSERT_TRUE(MACH_PORT_VALID(w[1].self));
	/* Not a thread: KERN_INVALID_ARGUMENT, before the semaphore. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT, semaphore_signal_thread(s, TASK));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  semaphore_signal_thread(MACH_PORT_NULL, TASK));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  semaphore_signal_thread(s, 0x7777703));
	/* A thread that does not wait on it. */
	ASSERT_TRUE(MACH_PORT_VALID(me));
	EXPECT_EQ(KERN_NOT_WAITING, semaphore_signal_thread(s, me));
	/* The second waiter by name, then any one (the first). */
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal_thread(s, w[1].self));
	EXPECT_EQ(KERN_SUCCESS, join_waiter(&w[1]));
	EXPECT_EQ(KERN_NOT_WAITING, semaphore_signal_thread(s, w[1].self));
	EXPECT_EQ(-1, w[0].kr);
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal_thread(s, THREAD_NULL));
	EXPECT_EQ(KERN_SUCCESS, join_waiter(&w[0]));
	/* Nobody was counted. */
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, poll_once(s));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
	EXPECT_EQ(KERN_INVALID_NAME,
		  semaphore_signal_thread(MACH_PORT_NULL, THREAD_NULL));
}

/* ---- timed waits ------------------------------------------------------------ */

TEST_F(sem, timedwait)
{
	static const int bad_nsec[] = { -1, (int)NSEC_PER_SEC, INT32_MIN,
					INT32_MAX };
	mach_timespec_t t;
	uint64_t t0, dt;
	semaphore_t s;
	unsigned int i;

	SEM(s, 1);
	t.tv_sec = 0;
	t.tv_nsec = 0;
	EXPECT_EQ(KERN_SUCCESS, semaphore_timedwait(s, t));
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, semaphore_timedwait(s, t));
	/* 50 ms: at least that, not much more. */
	t.tv_nsec = 50000000;
	t0 = mt_now_ns();
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, semaphore_timedwait(s, t));
	dt = mt_now_ns() - t0;
	EXPECT_GE(dt, 50000000ULL);
	EXPECT_LT(dt, 1000000000ULL);
	/* Seconds count too. */
	t.tv_sec = 1;
	t.tv_nsec = 1000;
	t0 = mt_now_ns();
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, semaphore_timedwait(s, t));
	dt = mt_now_ns() - t0;
	EXPECT_GE(dt, 1000001000ULL);
	EXPECT_LT(dt, 3000000000ULL);
	/* A bad timespec is refused first, whatever the name. */
	for (i = 0; i < sizeof(bad_nsec) / sizeof(bad_nsec[0]); i++) {
		t.tv_sec = 0;
		t.tv_nsec = bad_nsec[i];
		EXPECT_EQ(KERN_INVALID_VALUE, semaphore_timedwait(s, t));
		EXPECT_EQ(KERN_INVALID_VALUE,
			  semaphore_timedwait(MACH_PORT_NULL, t));
		EXPECT_EQ(KERN_INVALID_VALUE,
			  semaphore_timedwait_signal(s, s, t));
		EXPECT_EQ(KERN_INVALID_VALUE,
			  semaphore_timedwait_signal(0, 0, t));
	}
	/* A signal during a timed wait ends it with success. */
	{
		struct waiter w;

		memset(&w, 0, sizeof(w));
		w.t.tv_sec = 10;
		w.kind = W_TIMED;
		w.sem = s;
		w.kr = -1;
		ASSERT_EQ(0, pthread_create(&w.th, NULL, waiter_main, &w));
		while (!w.tid)
			mt_sleep_ms(1);
		ASSERT_EQ(0, mt_wait_sleeping(getpid(), w.tid, MT_WAIT_MS));
		EXPECT_EQ(KERN_SUCCESS, semaphore_signal(s));
		EXPECT_EQ(KERN_SUCCESS, join_waiter(&w));
	}
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
}

/* ---- wait_signal ------------------------------------------------------------ */

struct pong {
	semaphore_t ping, pong;
	int rounds;
	kern_return_t kr;
};

static void *ponger(void *arg)
{
	struct pong *p = arg;
	kern_return_t kr = semaphore_wait(p->ping);
	int i;

	for (i = 0; i < p->rounds && kr == KERN_SUCCESS; i++)
		kr = semaphore_wait_signal(p->ping, p->pong);
	if (kr == KERN_SUCCESS)
		kr = semaphore_signal(p->pong);
	p->kr = kr;
	return NULL;
}

TEST_F(sem, wait_signal_pingpong)
{
	struct pong p = { .rounds = 2000 };
	mach_timespec_t t = { 5, 0 };
	pthread_t th;
	int i;

	SEM(p.ping, 0);
	SEM(p.pong, 0);
	ASSERT_EQ(0, pthread_create(&th, NULL, ponger, &p));
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal(p.ping));
	for (i = 0; i < p.rounds; i++) {
		kern_return_t kr = i & 1 ?
			semaphore_wait_signal(p.pong, p.ping) :
			semaphore_timedwait_signal(p.pong, p.ping, t);

		ASSERT_EQ(KERN_SUCCESS, kr);
	}
	EXPECT_EQ(KERN_SUCCESS, semaphore_wait(p.pong));
	pthread_join(th, NULL);
	EXPECT_EQ(KERN_SUCCESS, p.kr);
	/* Nothing left over. */
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, poll_once(p.ping));
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, poll_once(p.pong));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, p.ping));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, p.pong));
}

TEST_F(sem, wait_signal_edges)
{
	mach_timespec_t t = { 0, 0 };
	semaphore_t a, b, dead;

	SEM(a, 1);
	SEM(b, 0);
	SEM(dead, 0);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, dead, MACH_PORT_RIGHT_SEND, 1));
	ASSERT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, dead));
	/* No wait needed: success, and b was signalled. */
	EXPECT_EQ(KERN_SUCCESS, semaphore_wait_signal(a, b));
	EXPECT_EQ(1, drain(b));
	/* A poll that times out still signals. */
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT,
		  semaphore_timedwait_signal(a, b, t));
	EXPECT_EQ(1, drain(b));
	/* The signal semaphore is destroyed: the wait is given up. */
	EXPECT_EQ(KERN_TERMINATED, semaphore_wait_signal(a, dead));
	t.tv_sec = 5;
	EXPECT_EQ(KERN_TERMINATED, semaphore_timedwait_signal(a, dead, t));
	/* ...unless no wait was needed. */
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal(a));
	EXPECT_EQ(KERN_SUCCESS, semaphore_wait_signal(a, dead));
	/* The wait semaphore destroyed: KERN_TERMINATED, b still signalled. */
	EXPECT_EQ(KERN_TERMINATED, semaphore_wait_signal(dead, b));
	EXPECT_EQ(1, drain(b));
	/* Name errors: the signal name is looked at first. */
	EXPECT_EQ(KERN_INVALID_NAME, semaphore_wait_signal(a, MACH_PORT_NULL));
	EXPECT_EQ(KERN_INVALID_NAME, semaphore_wait_signal(MACH_PORT_NULL, b));
	EXPECT_EQ(KERN_INVALID_CAPABILITY, semaphore_wait_signal(0, TASK));
	EXPECT_EQ(0, drain(b));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, a));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, b));
}

/* ---- no signal lost or doubled under load ------------------------------------ */

struct stress {
	semaphore_t s;
	volatile int stop_signal;
	volatile int stop_wait;
	long sent;
	long taken;
	kern_return_t bad;
};

static void *stress_signaller(void *arg)
{
	struct stress *st = arg;
	kern_return_t kr;

	while (!st->stop_signal) {
		kr = semaphore_signal(st->s);
		if (kr != KERN_SUCCESS) {
			st->bad = kr;
			break;
		}
		__atomic_fetch_add(&st->sent, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void *stress_waiter(void *arg)
{
	struct stress *st = arg;
	mach_timespec_t t = { 0, 50000 };
	kern_return_t kr;
	unsigned int n = 0;

	while (!st->stop_wait) {
		/* Timed and untimed waits, timeouts racing with signals. */
		if (n++ % 4 == 3 && !st->stop_signal)
			kr = semaphore_wait(st->s);
		else
			kr = semaphore_timedwait(st->s, t);
		if (kr == KERN_SUCCESS)
			__atomic_fetch_add(&st->taken, 1, __ATOMIC_RELAXED);
		else if (kr != KERN_OPERATION_TIMED_OUT) {
			st->bad = kr;
			break;
		}
	}
	return NULL;
}

/*
 * Two signallers, four waiters: every signal wakes exactly one waiter or
 * stays counted, so what was sent is what was taken plus what is left.
 */
TEST_F(sem, stress_conservation)
{
	pthread_t sig[2], wt[4];
	struct stress st;
	int i;

	memset(&st, 0, sizeof(st));
	SEM(st.s, 0);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_create(&wt[i], NULL, stress_waiter, &st));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_create(&sig[i], NULL, stress_signaller,
					    &st));
	mt_sleep_ms(500);
	st.stop_signal = 1;
	for (i = 0; i < 2; i++)
		pthread_join(sig[i], NULL);
	/* Waiters blocked without a timeout need one signal each to leave. */
	st.stop_wait = 1;
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(KERN_SUCCESS, semaphore_signal(st.s));
		st.sent++;
	}
	for (i = 0; i < 4; i++)
		pthread_join(wt[i], NULL);
	EXPECT_EQ(0, st.bad);
	EXPECT_GT(st.sent, 4);
	EXPECT_EQ(st.sent, st.taken + drain(st.s)) {
		TH_LOG("sent %ld, taken %ld", st.sent, st.taken);
	}
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, st.s));
}

/* ---- names -------------------------------------------------------------------- */

/* Every trap on @name gives @kr (the timespec and thread are valid). */
static void check_names(struct __test_metadata *_metadata, semaphore_t good,
			mach_port_name_t name, kern_return_t kr)
{
	mach_timespec_t t = { 0, 1000 };

	EXPECT_EQ(kr, semaphore_signal(name));
	EXPECT_EQ(kr, semaphore_signal_all(name));
	EXPECT_EQ(kr, semaphore_signal_thread(name, THREAD_NULL));
	EXPECT_EQ(kr, semaphore_wait(name));
	EXPECT_EQ(kr, semaphore_timedwait(name, t));
	EXPECT_EQ(kr, semaphore_wait_signal(name, good));
	EXPECT_EQ(kr, semaphore_wait_signal(good, name));
	EXPECT_EQ(kr, semaphore_timedwait_signal(name, good, t));
	EXPECT_EQ(kr, semaphore_timedwait_signal(good, name, t));
}

TEST_F(sem, name_errors)
{
	struct xnu_semaphore_args a;
	mach_port_t recv, send, dead;
	semaphore_t s;

	SEM(s, 0);
	PORT(recv);
	PORT_SEND(send);
	PORT_SEND(dead);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, dead, MACH_PORT_RIGHT_RECEIVE, -1));
	ASSERT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(dead));

	check_names(_metadata, s, MACH_PORT_NULL, KERN_INVALID_NAME);
	check_names(_metadata, s, MACH_PORT_DEAD, KERN_INVALID_NAME);
	check_names(_metadata, s, 0x4321103, KERN_INVALID_NAME);
	check_names(_metadata, s, recv, KERN_INVALID_RIGHT);
	check_names(_metadata, s, dead, KERN_INVALID_RIGHT);
	check_names(_metadata, s, send, KERN_INVALID_CAPABILITY);
	check_names(_metadata, s, TASK, KERN_INVALID_CAPABILITY);
	check_names(_metadata, s, mach_host_self(), KERN_INVALID_CAPABILITY);
	/* Nothing above touched the good one's count. */
	EXPECT_EQ(0, drain(s));

	/* The raw ABI: flags must be 0 (a transport error). */
	memset(&a, 0, sizeof(a));
	a.signal = s;
	a.wait = s;
	a.flags = 1;
	EXPECT_EQ(-EINVAL, mt_raw(XNU_TRAP_SEMAPHORE_SIGNAL, &a));
	EXPECT_EQ(-EINVAL, mt_raw(XNU_TRAP_SEMAPHORE_WAIT, &a));
	EXPECT_EQ(-EINVAL, mt_raw(XNU_TRAP_SEMAPHORE_TIMEDWAIT_SIGNAL, &a));
	a.flags = 0;
	EXPECT_EQ(KERN_SUCCESS, mt_raw(XNU_TRAP_SEMAPHORE_SIGNAL, &a));
	EXPECT_EQ(KERN_SUCCESS, mt_raw(XNU_TRAP_SEMAPHORE_WAIT, &a));
	/* A dead thread name is not a thread. */
	a.thread = MACH_PORT_DEAD;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  mt_raw(XNU_TRAP_SEMAPHORE_SIGNAL_THREAD, &a));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
}

/* ---- destruction, interruption ------------------------------------------------- */

TEST_F(sem, destroy_wakes_waiters)
{
	struct waiter w[3];
	semaphore_t s;
	int i;

	SEM(s, 0);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, s, MACH_PORT_RIGHT_SEND, 1));
	ASSERT_EQ(0, start_waiter(&w[0], W_WAIT, s, NULL));
	ASSERT_EQ(0, start_waiter(&w[1], W_WAIT, s, NULL));
	ASSERT_EQ(0, start_waiter(&w[2], W_WAIT, s, NULL));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
	for (i = 0; i < 3; i++)
		EXPECT_EQ(KERN_TERMINATED, join_waiter(&w[i]));
	/* The kept right: still a send right, every call terminated. */
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(s));
	check_names(_metadata, s, s, KERN_TERMINATED);
	/* Destroying again: success, nothing happens. */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, s, MACH_PORT_RIGHT_SEND, 1));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, s));
	EXPECT_EQ(KERN_INVALID_NAME, semaphore_signal(s));
}

static void on_usr1(int sig)
{
	(void)sig;
}

TEST_F(sem, signal_aborts_wait)
{
	struct sigaction sa;
	struct waiter w;
	semaphore_t s;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	SEM(s, 0);
	ASSERT_EQ(0, start_waiter(&w, W_WAIT, s, NULL));
	ASSERT_EQ(0, pthread_kill(w.th, SIGUSR1));
	EXPECT_EQ(KERN_ABORTED, join_waiter(&w));
	/* A timed wait too; nothing was consumed. */
	memset(&w, 0, sizeof(w));
	w.kind = W_TIMED;
	w.t.tv_sec = 30;
	w.sem = s;
	w.kr = -1;
	ASSERT_EQ(0, pthread_create(&w.th, NULL, waiter_main, &w));
	while (!w.tid)
		mt_sleep_ms(1);
	ASSERT_EQ(0, mt_wait_sleeping(getpid(), w.tid, MT_WAIT_MS));
	ASSERT_EQ(0, pthread_kill(w.th, SIGUSR1));
	EXPECT_EQ(KERN_ABORTED, join_waiter(&w));
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal(s));
	EXPECT_EQ(1, drain(s));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
}

static int wait_forever(void *arg)
{
	semaphore_t s = MACH_PORT_NULL;

	(void)arg;
	MT_CHILD_EQ(KERN_SUCCESS, semaphore_create(mach_task_self(), &s,
						   SYNC_POLICY_FIFO, 0));
	semaphore_wait(s);
	return 99;
}

TEST_F(sem, sigkill_waiting_process)
{
	pid_t pid = mt_fork(wait_forever, NULL);
	int status;

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, mt_wait_sleeping(pid, pid, MT_WAIT_MS));
	/* Stopped by SIGKILL, within the wait limit. */
	ASSERT_EQ(0, kill(pid, SIGKILL));
	status = mt_wait(pid, MT_WAIT_MS);
	ASSERT_NE(-1, status);
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
}

/* ---- two tasks ----------------------------------------------------------------- */

struct peer_arg {
	char name[128];
	int pipe[2];
};

/*
 * The peer: makes a semaphore, sends it to the parent's service, takes a
 * signal the parent sends through it, signals it back once, waits until
 * the parent sleeps on it, then exits (its semaphore is destroyed).
 */
static int peer_main(void *varg)
{
	struct peer_arg *arg = varg;
	semaphore_t s = MACH_PORT_NULL;
	mach_port_t parent;
	pid_t ppid = getppid();
	char c;

	close(arg->pipe[1]);
	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_look_up(bootstrap_port, arg->name, &parent));
	MT_CHILD_EQ(KERN_SUCCESS, semaphore_create(mach_task_self(), &s,
						   SYNC_POLICY_FIFO, 0));
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send_port(parent, MACH_MSG_TYPE_COPY_SEND, s,
				 MACH_MSG_TYPE_COPY_SEND, 77, 0, 0));
	/* The parent signals us through its right. */
	MT_CHILD_EQ(KERN_SUCCESS, semaphore_wait(s));
	MT_CHILD_EQ(KERN_SUCCESS, semaphore_signal(s));
	/* Still ours after the parent's semaphore_destroy(). */
	MT_CHILD_EQ(1, read(arg->pipe[0], &c, 1));
	MT_CHILD_EQ(KERN_SUCCESS, semaphore_signal(s));
	MT_CHILD_EQ(1, read(arg->pipe[0], &c, 1));
	/* Leave once the parent waits. */
	MT_CHILD_EQ(0, mt_wait_sleeping(ppid, ppid, MT_WAIT_MS));
	return 0;
}

TEST_F(sem, two_tasks)
{
	struct peer_arg arg;
	mach_port_t rdv;
	union mt_rcv buf;
	semaphore_t s;
	pid_t pid;
	long long live;
	char c = 'x';

	mt_service_name(arg.name, sizeof(arg.name), "sema");
	ASSERT_EQ(KERN_SUCCESS,
		  bootstrap_check_in(bootstrap_port, arg.name, &rdv));
	ASSERT_EQ(0, pipe(arg.pipe));
	pid = mt_fork(peer_main, &arg);
	ASSERT_LT(0, pid);
	close(arg.pipe[0]);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(rdv, &buf));
	ASSERT_EQ(77, buf.head.msgh_id);
	s = mt_rcv_port(&buf)->name;
	ASSERT_TRUE(MACH_PORT_VALID(s));
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(s));
	/*
	 * Signal the peer once it waits (else our own wait below could take
	 * the signal), then take its answer.
	 */
	ASSERT_EQ(0, mt_wait_sleeping(pid, pid, MT_WAIT_MS));
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal(s));
	EXPECT_EQ(KERN_SUCCESS, semaphore_wait(s));
	/* Not ours to destroy: success, nothing destroyed (right consumed). */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, s, MACH_PORT_RIGHT_SEND, 1));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s));
	EXPECT_EQ(1U, mt_refs(s, MACH_PORT_RIGHT_SEND));
	ASSERT_EQ(1, write(arg.pipe[1], &c, 1));
	EXPECT_EQ(KERN_SUCCESS, semaphore_wait(s));
	/* The owner exits while we wait: KERN_TERMINATED. */
	ASSERT_EQ(1, write(arg.pipe[1], &c, 1));
	EXPECT_EQ(KERN_TERMINATED, semaphore_wait(s));
	EXPECT_EQ(0, mt_wait_ok(pid));
	close(arg.pipe[1]);
	/* The right stays a send right; every call is terminated. */
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(s));
	check_names(_metadata, s, s, KERN_TERMINATED);
	/* Our right was the last: the port goes with it. */
	live = mt_ports_live_settled();
	ASSERT_GT(live, 0);
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, s));
	EXPECT_GE(live - 1, mt_ports_live_wait(live - 1));
}

/* The last send right frees a semaphore and its port. */
TEST_F(sem, no_senders_frees)
{
	semaphore_t s[16];
	long long live;
	int i;

	/* The first MIG call makes the thread's reply port: make it now. */
	SEM(s[0], 0);
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(TASK, s[0]));
	live = mt_ports_live_settled();
	ASSERT_GT(live, 0);
	for (i = 0; i < 16; i++)
		SEM(s[i], i);
	EXPECT_EQ(live + 16, mt_ports_live());
	for (i = 0; i < 16; i++)
		EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, s[i]));
	EXPECT_GE(live, mt_ports_live_wait(live));
}

/* ---- the host special port --------------------------------------------------------- */

TEST_F(sem, task_host_port)
{
	mach_port_t host = MACH_PORT_NULL;

	EXPECT_EQ(KERN_SUCCESS,
		  task_get_special_port(TASK, TASK_HOST_PORT, &host));
	EXPECT_EQ(mach_host_self(), host);
	EXPECT_EQ(KERN_NO_ACCESS,
		  task_set_special_port(TASK, TASK_HOST_PORT, MACH_PORT_NULL));
}

TEST_HARNESS_MAIN

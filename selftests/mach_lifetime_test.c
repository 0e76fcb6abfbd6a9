// SPDX-License-Identifier: GPL-2.0
/*
 * mach_lifetime_test - tasks ending while Mach calls are in flight, the
 * earlier Linux module's most reported bug (teardown deadlocks and oopses).
 * Each case loops, and after it the kernel must be untainted (no oops or
 * WARN) and the test's own space back to its names:
 *   - a child blocked in mach_msg() receive (on a port or a set) or send
 *     (queue full) is killed by SIGKILL;
 *   - a child with several threads blocked receiving and sending exits
 *     (exit_group) from its main thread;
 *   - a child exits while the parent is blocked sending to its full port:
 *     the parent's send succeeds (the message is destroyed);
 *   - the parent waits on a reply port whose send-once right a child holds
 *     and the child exits: the parent gets the send-once notification;
 *   - a child killed at a random point of a loop of Mach calls;
 *   - a thread receiving on a port (or set) that another thread destroys,
 *     or moves away, gets MACH_RCV_PORT_CHANGED.
 */
#include "xnu_mach_selftest.h"

FIXTURE(life) {
	struct mt_env env;
	int names;
};

XNU_FIXTURE_PROTOTYPES(life);

FIXTURE_SETUP(life)
{
	mt_setup(_metadata, &self->env, 0);
	self->names = mt_names(NULL, NULL);
	ASSERT_LE(1, self->names);
}

MT_FIXTURE_TEARDOWN(life)

#define ITER		50

/* What a child needs: the rendezvous name and a pipe to the parent. */
struct life_arg {
	char name[BOOTSTRAP_MAX_NAME_LEN];
	int pipe[2];
	int mode;
};

/* Block in mach_msg() for good: receive on a port or a set, or send. */
static int child_blocks(void *argp)
{
	struct life_arg *arg = argp;
	mach_port_t port, pset;
	union mt_rcv buf;
	char c = 1;

	port = mt_port_send();
	MT_CHILD_TRUE(port != MACH_PORT_NULL);
	switch (arg->mode) {
	case 0:
		MT_CHILD_EQ(1, write(arg->pipe[1], &c, 1));
		mt_recv(port, &buf, sizeof(buf), 0, 0);
		break;
	case 1:
		pset = mt_pset();
		MT_CHILD_TRUE(pset != MACH_PORT_NULL);
		MT_CHILD_EQ(KERN_SUCCESS,
			    mach_port_move_member(mach_task_self(), port,
						  pset));
		MT_CHILD_EQ(1, write(arg->pipe[1], &c, 1));
		mt_recv(pset, &buf, sizeof(buf), 0, 0);
		break;
	default:
		MT_CHILD_EQ(KERN_SUCCESS, mt_set_qlimit(port, 1));
		MT_CHILD_EQ(MACH_MSG_SUCCESS,
			    mt_send(port, MACH_MSG_TYPE_COPY_SEND,
				    MACH_PORT_NULL, 0, 1, 1, 0, 0));
		MT_CHILD_EQ(1, write(arg->pipe[1], &c, 1));
		mt_send(port, MACH_MSG_TYPE_COPY_SEND, port,
			MACH_MSG_TYPE_MAKE_SEND_ONCE, 2, 2, 0, 0);
		break;
	}
	return 99;	/* never: the parent kills it */
}

TEST_F_TIMEOUT(life, killed_while_blocked, 120)
{
	struct life_arg arg;
	int i, status;
	pid_t pid;
	char c;

	for (i = 0; i < ITER; i++) {
		arg.mode = i % 3;
		ASSERT_EQ(0, pipe(arg.pipe));
		pid = mt_fork(child_blocks, &arg);
		ASSERT_LT(0, pid);
		close(arg.pipe[1]);
		ASSERT_EQ(1, read(arg.pipe[0], &c, 1)) {
			TH_LOG("round %d: child exited %d", i, mt_wait_ok(pid));
		}
		close(arg.pipe[0]);
		/* Asleep in the kernel, in mach_msg(). */
		EXPECT_EQ(0, mt_wait_sleeping(pid, pid, MT_WAIT_MS));
		ASSERT_EQ(0, kill(pid, SIGKILL));
		status = mt_wait(pid, MT_WAIT_MS);
		ASSERT_NE(-1, status) {
			TH_LOG("round %d (mode %d): the child did not die",
			       i, arg.mode);
		}
		ASSERT_TRUE(WIFSIGNALED(status));
		ASSERT_EQ(SIGKILL, WTERMSIG(status));
	}
	EXPECT_EQ(self->names, mt_names(NULL, NULL));
}

/* Several threads blocked in mach_msg() when the main thread exits. */
struct blocker {
	mach_port_t port;
	int send;
	pid_t tid;
};

static void *block_thread(void *argp)
{
	struct blocker *b = argp;
	union mt_rcv buf;

	__atomic_store_n(&b->tid, mt_gettid(), __ATOMIC_RELEASE);
	if (b->send)
		mt_send(b->port, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			3, 3, 0, 0);
	else
		mt_recv(b->port, &buf, sizeof(buf), 0, 0);
	return NULL;
}

static int child_threads_exit(void *argp)
{
	struct blocker b[6];
	mach_port_t full, empty, pset, member;
	pthread_t th[6];
	unsigned int i;

	(void)argp;
	full = mt_port_send();
	empty = mt_port();
	pset = mt_pset();
	member = mt_port();
	MT_CHILD_TRUE(full && empty && pset && member);
	MT_CHILD_EQ(KERN_SUCCESS,
		    mach_port_move_member(mach_task_self(), member, pset));
	MT_CHILD_EQ(KERN_SUCCESS, mt_set_qlimit(full, 1));
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send(full, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			    1, 1, 0, 0));
	for (i = 0; i < 6; i++) {
		b[i].tid = 0;
		b[i].send = i >= 4;
		b[i].port = i < 2 ? empty : i < 4 ? pset : full;
		MT_CHILD_EQ(0, pthread_create(&th[i], NULL, block_thread,
					      &b[i]));
	}
	for (i = 0; i < 6; i++) {
		while (!__atomic_load_n(&b[i].tid, __ATOMIC_ACQUIRE))
			mt_sleep_ms(1);
		MT_CHILD_EQ(0, mt_wait_sleeping(getpid(), b[i].tid,
						MT_WAIT_MS));
	}
	return 0;	/* exit_group with every thread in mach_msg() */
}

TEST_F_TIMEOUT(life, exit_with_threads_blocked, 120)
{
	pid_t pid;
	int i;

	for (i = 0; i < ITER / 2; i++) {
		pid = mt_fork(child_threads_exit, NULL);
		ASSERT_LT(0, pid);
		ASSERT_EQ(0, mt_wait_ok(pid)) {
			TH_LOG("round %d", i);
		}
	}
	EXPECT_EQ(self->names, mt_names(NULL, NULL));
}

/*
 * The peer for the two-task cases: looks the parent up, sends it a send
 * right to a port of its own (qlimit 1, full, in mode 0), then waits for
 * the parent's byte and for the parent to sleep in the kernel, and exits.
 * In mode 1 it first receives the parent's request, keeping its reply
 * send-once right.
 */
static int child_peer(void *argp)
{
	struct life_arg *arg = argp;
	mach_port_t parent = MACH_PORT_NULL, mine;
	union mt_rcv buf;
	char c;

	close(arg->pipe[1]);
	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_look_up(bootstrap_port, arg->name, &parent));
	mine = mt_port();
	MT_CHILD_TRUE(mine != MACH_PORT_NULL);
	if (arg->mode == 0) {
		MT_CHILD_EQ(KERN_SUCCESS, mt_set_qlimit(mine, 1));
		MT_CHILD_EQ(MACH_MSG_SUCCESS,
			    mt_send(mine, MACH_MSG_TYPE_MAKE_SEND,
				    MACH_PORT_NULL, 0, 1, 1, 0, 0));
	}
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send_port(parent, MACH_MSG_TYPE_COPY_SEND, mine,
				 MACH_MSG_TYPE_MAKE_SEND, 7, 0, 0));
	if (arg->mode == 1) {
		MT_CHILD_EQ(MACH_MSG_SUCCESS, mt_recv_wait(mine, &buf));
		MT_CHILD_EQ(MACH_PORT_TYPE_SEND_ONCE,
			    mt_type(buf.head.msgh_remote_port));
	}
	MT_CHILD_EQ(1, read(arg->pipe[0], &c, 1));
	/* The parent's next sleep is the call this case is about. */
	mt_wait_sleeping(getppid(), getppid(), MT_WAIT_MS);
	return 0;
}

/* Start a peer; returns its pid and its port's send right in *@peer. */
static pid_t start_peer(struct __test_metadata *_metadata,
			struct life_arg *arg, mach_port_t rdv,
			mach_port_t *peer)
{
	union mt_rcv buf;
	pid_t pid;

	*peer = MACH_PORT_NULL;
	if (pipe(arg->pipe))
		return -1;
	pid = mt_fork(child_peer, arg);
	close(arg->pipe[0]);
	if (pid < 0) {
		close(arg->pipe[1]);
		return -1;
	}
	EXPECT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(rdv, &buf));
	EXPECT_EQ(7, buf.head.msgh_id);
	*peer = mt_rcv_port(&buf)->name;
	return pid;
}

TEST_F_TIMEOUT(life, receiver_exits_under_blocked_sender, 120)
{
	mach_port_t rdv = MACH_PORT_NULL, peer;
	struct life_arg arg = { .mode = 0 };
	mach_msg_return_t mr;
	int i, names;
	pid_t pid;
	char c = 1;

	mt_service_name(arg.name, sizeof(arg.name), "life.send");
	ASSERT_EQ(KERN_SUCCESS,
		  bootstrap_check_in(bootstrap_port, arg.name, &rdv));
	names = mt_names(NULL, NULL);
	for (i = 0; i < ITER; i++) {
		pid = start_peer(_metadata, &arg, rdv, &peer);
		ASSERT_LT(0, pid);
		ASSERT_TRUE(MACH_PORT_VALID(peer));
		ASSERT_EQ(1, write(arg.pipe[1], &c, 1));
		/* Blocks: the queue is full. The receiver dies under it. */
		mr = mt_send(peer, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			     8, 8, 0, 0);
		EXPECT_EQ(MACH_MSG_SUCCESS, mr) {
			TH_LOG("round %d", i);
		}
		close(arg.pipe[1]);
		EXPECT_EQ(0, mt_wait_ok(pid));
		EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(peer));
		EXPECT_EQ(KERN_SUCCESS,
			  mach_port_deallocate(self->env.task, peer));
		if (!_metadata->passed)
			break;
	}
	EXPECT_EQ(names, mt_names(NULL, NULL));
	EXPECT_EQ(0U, mt_msgcount(rdv));
}

TEST_F_TIMEOUT(life, reply_holder_exits_under_blocked_receiver, 120)
{
	mach_port_t rdv = MACH_PORT_NULL, peer, reply;
	struct life_arg arg = { .mode = 1 };
	mach_port_status_t st;
	union mt_rcv buf;
	int i, names;
	pid_t pid;
	char c = 1;

	mt_service_name(arg.name, sizeof(arg.name), "life.reply");
	ASSERT_EQ(KERN_SUCCESS,
		  bootstrap_check_in(bootstrap_port, arg.name, &rdv));
	reply = mt_port();
	ASSERT_NE(MACH_PORT_NULL, reply);
	names = mt_names(NULL, NULL);
	for (i = 0; i < ITER; i++) {
		pid = start_peer(_metadata, &arg, rdv, &peer);
		ASSERT_LT(0, pid);
		ASSERT_TRUE(MACH_PORT_VALID(peer));
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mt_send(peer, MACH_MSG_TYPE_COPY_SEND, reply,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE, 9, 9, 0, 0));
		ASSERT_EQ(1, write(arg.pipe[1], &c, 1));
		/* Wait for the answer the child will never give. */
		ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(reply, &buf)) {
			TH_LOG("round %d", i);
		}
		EXPECT_EQ(MACH_NOTIFY_SEND_ONCE, buf.head.msgh_id);
		EXPECT_EQ(XNU_NOTIFY_SEND_ONCE_SIZE, buf.head.msgh_size);
		EXPECT_EQ(reply, buf.head.msgh_local_port);
		EXPECT_EQ(MACH_PORT_NULL, buf.head.msgh_remote_port);
		close(arg.pipe[1]);
		EXPECT_EQ(0, mt_wait_ok(pid));
		EXPECT_EQ(KERN_SUCCESS,
			  mach_port_deallocate(self->env.task, peer));
		if (!_metadata->passed)
			break;
	}
	ASSERT_EQ(KERN_SUCCESS, mt_status(reply, &st));
	EXPECT_EQ(0U, st.mps_sorights);
	EXPECT_EQ(0U, st.mps_msgcount);
	EXPECT_EQ(names, mt_names(NULL, NULL));
}

/* A child busy with Mach calls, killed wherever it is. */
static int child_busy(void *argp)
{
	struct life_arg *arg = argp;
	mach_port_t a, b, pset, so;
	union mt_rcv buf;
	char c = 1;

	a = mt_port_send();
	b = mt_port();
	pset = mt_pset();
	MT_CHILD_TRUE(a && b && pset);
	MT_CHILD_EQ(KERN_SUCCESS,
		    mach_port_move_member(mach_task_self(), b, pset));
	MT_CHILD_EQ(1, write(arg->pipe[1], &c, 1));
	for (;;) {
		mt_send(a, MACH_MSG_TYPE_COPY_SEND, b,
			MACH_MSG_TYPE_MAKE_SEND_ONCE, 1, 1, MACH_SEND_TIMEOUT,
			0);
		mt_send_port(b, MACH_MSG_TYPE_MAKE_SEND, a,
			     MACH_MSG_TYPE_COPY_SEND, 2, MACH_SEND_TIMEOUT, 0);
		so = mt_make_sonce(a);
		mt_send_port(b, MACH_MSG_TYPE_MAKE_SEND, so,
			     MACH_MSG_TYPE_MOVE_SEND_ONCE, 3,
			     MACH_SEND_TIMEOUT, 0);
		mt_recv_poll(a, &buf);
		mt_recv(pset, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 1);
		mt_port();
	}
	return 0;
}

TEST_F_TIMEOUT(life, killed_at_random_points, 120)
{
	struct life_arg arg;
	unsigned int seed;
	int i, status;
	pid_t pid;
	char c;

	seed = (unsigned int)mt_now_ns();
	for (i = 0; i < ITER; i++) {
		ASSERT_EQ(0, pipe(arg.pipe));
		pid = mt_fork(child_busy, &arg);
		ASSERT_LT(0, pid);
		close(arg.pipe[1]);
		ASSERT_EQ(1, read(arg.pipe[0], &c, 1));
		close(arg.pipe[0]);
		mt_sleep_ms(rand_r(&seed) % 8);
		ASSERT_EQ(0, kill(pid, SIGKILL));
		status = mt_wait(pid, MT_WAIT_MS);
		ASSERT_NE(-1, status) {
			TH_LOG("round %d: the child did not die", i);
		}
		ASSERT_TRUE(WIFSIGNALED(status));
	}
	EXPECT_EQ(self->names, mt_names(NULL, NULL));
}

/* A receiver whose port or set another thread destroys or moves away. */
struct waiter {
	mach_port_t name;
	pid_t tid;
	mach_msg_return_t mr;
};

static void *wait_thread(void *argp)
{
	struct waiter *w = argp;
	union mt_rcv buf;

	__atomic_store_n(&w->tid, mt_gettid(), __ATOMIC_RELEASE);
	w->mr = mt_recv(w->name, &buf, sizeof(buf), MACH_RCV_TIMEOUT,
			MT_WAIT_MS);
	return NULL;
}

TEST_F_TIMEOUT(life, receive_port_changed, 120)
{
	struct waiter w;
	mach_port_t member, away;
	union mt_rcv buf;
	pthread_t th;
	int i;

	away = mt_port();
	ASSERT_NE(MACH_PORT_NULL, away);
	for (i = 0; i < ITER; i++) {
		memset(&w, 0, sizeof(w));
		member = MACH_PORT_NULL;
		switch (i % 3) {
		case 0:
			w.name = mt_port();
			break;
		case 1:
			w.name = mt_pset();
			member = mt_port();
			ASSERT_NE(MACH_PORT_NULL, member);
			ASSERT_EQ(KERN_SUCCESS,
				  mach_port_move_member(self->env.task, member,
							w.name));
			break;
		default:
			w.name = mt_port();
			break;
		}
		ASSERT_NE(MACH_PORT_NULL, w.name);
		ASSERT_EQ(0, pthread_create(&th, NULL, wait_thread, &w));
		while (!__atomic_load_n(&w.tid, __ATOMIC_ACQUIRE))
			mt_sleep_ms(1);
		ASSERT_EQ(0, mt_wait_sleeping(getpid(), w.tid, MT_WAIT_MS));
		switch (i % 3) {
		case 0:
			EXPECT_EQ(KERN_SUCCESS, mt_kill(w.name));
			break;
		case 1:
			EXPECT_EQ(KERN_SUCCESS,
				  mach_port_destroy(self->env.task, w.name));
			break;
		default:
			/* The receive right leaves in a message. */
			EXPECT_EQ(MACH_MSG_SUCCESS,
				  mt_send_port(away, MACH_MSG_TYPE_MAKE_SEND,
					       w.name,
					       MACH_MSG_TYPE_MOVE_RECEIVE, 4,
					       MACH_SEND_TIMEOUT, 0));
			break;
		}
		ASSERT_EQ(0, pthread_join(th, NULL));
		EXPECT_EQ(MACH_RCV_PORT_CHANGED, w.mr) {
			TH_LOG("round %d (case %d): %#x", i, i % 3, w.mr);
		}
		if (member)
			EXPECT_EQ(KERN_SUCCESS, mt_kill(member));
		if (i % 3 == 2) {
			/* Take the moved right back, and let it go. */
			ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(away, &buf));
			EXPECT_EQ(KERN_SUCCESS,
				  mt_kill(mt_rcv_port(&buf)->name));
		}
		if (!_metadata->passed)
			break;
	}
	EXPECT_EQ(self->names + 1, mt_names(NULL, NULL));
}

/*
 * Receive rights in transit in each other's queues: nobody can ever
 * receive them. XNU's ipc_port_check_circularity() destroys the message
 * that would close the cycle; nothing is left once the task that built it
 * exits (mach_ports_live back where it was).
 */
static int child_cycle(void *argp)
{
	struct life_arg *arg = argp;
	mach_port_t p[3], prev;
	unsigned int i, n = arg->mode == 2 ? 3 : 2;

	for (i = 0; i < n; i++) {
		p[i] = mt_port_send();
		MT_CHILD_TRUE(p[i] != MACH_PORT_NULL);
	}
	if (arg->mode == 1) {
		/* Port-destroyed requests a -> b -> a, then exit. */
		MT_CHILD_EQ(KERN_SUCCESS,
			    mach_port_request_notification(
				    mach_task_self(), p[0],
				    MACH_NOTIFY_PORT_DESTROYED, 0, p[1],
				    MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
		MT_CHILD_EQ(KERN_SUCCESS,
			    mach_port_request_notification(
				    mach_task_self(), p[1],
				    MACH_NOTIFY_PORT_DESTROYED, 0, p[0],
				    MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
		return 0;
	}
	/* p[i + 1]'s receive right goes into p[i]'s queue, the last into p[0]'s. */
	for (i = 0; i < n; i++)
		MT_CHILD_EQ(MACH_MSG_SUCCESS,
			    mt_send_port(p[(i + 1) % n],
					 MACH_MSG_TYPE_COPY_SEND, p[i],
					 MACH_MSG_TYPE_MOVE_RECEIVE, 20 + i,
					 MACH_SEND_TIMEOUT, 0));
	/* The last message closed the cycle: it was destroyed, and the rest. */
	for (i = 0; i < n; i++)
		MT_CHILD_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(p[i]));
	return 0;
}

TEST_F_TIMEOUT(life, port_cycles_freed, 120)
{
	struct life_arg arg;
	long long live;
	pid_t pid;
	int i;

	live = mt_ports_live_settled();
	ASSERT_LT(0, live) {
		TH_LOG("no module parameter mach_ports_live");
	}
	for (i = 0; i < 3 * 4; i++) {
		arg.mode = i % 3;
		pid = mt_fork(child_cycle, &arg);
		ASSERT_LT(0, pid);
		ASSERT_EQ(0, mt_wait_ok(pid)) {
			TH_LOG("round %d (mode %d)", i, arg.mode);
		}
		EXPECT_GE(live, mt_ports_live_wait(live)) {
			TH_LOG("round %d (mode %d): ports left behind", i,
			       arg.mode);
		}
		if (!_metadata->passed)
			break;
	}
	EXPECT_EQ(self->names, mt_names(NULL, NULL));
}

TEST_HARNESS_MAIN

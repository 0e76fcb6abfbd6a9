// SPDX-License-Identifier: GPL-2.0
/*
 * stress_kill_test - processes SIGKILLed inside every blocking or holding
 * operation, $XNU_STRESS_LOOPS times each (default 1000; 100 on the debug
 * kernel of make check-debug), one forked child per loop. The child says
 * through a pipe that it is about to block and the parent waits until the
 * kernel has put it to sleep (its state is 'S', or the sysctl test module
 * counts it inside its handler) before the kill:
 *   - mach_msg send blocked on a full queue of the parent's port (the
 *     child got its send right from the parent through a broker port):
 *     the parent's no-senders notification arrives, the queue holds only
 *     what it held, no send right is left;
 *   - mach_msg receive blocked on the child's port, and on a port set
 *     holding it; an RPC (send + receive) waiting for the parent's reply:
 *     the parent's send right to the child's port becomes a dead name and
 *     its dead-name notification arrives; the parent's reply to the dead
 *     caller fails with MACH_SEND_INVALID_DEST; a semaphore_wait(): as on
 *     XNU the semaphore goes inactive with its owner, the parent's send
 *     right stays and a signal through it gives KERN_TERMINATED;
 *   - a sysctl handler sleeping (debug.emutest.sleepy of the test module):
 *     the handler leaves, the module's count of readers is back to 0;
 *   - wired pages held, and a large range being wired (killed at varying
 *     points); a ring producer blocked above the high watermark of a
 *     paused consumer, and a process waiting for ring data: the module's
 *     pinned-page count comes back;
 *   - an OOL send blocked on a full queue, and OOL send/receive loops
 *     killed at varying points;
 *   - the other side (a quarter of the loops): the parent blocked sending
 *     to a killed child's full port, or waiting for the reply of a call
 *     the child never answered, wakes at once (the send is delivered to a
 *     dead port; the call gets the send-once notification of its reply
 *     right, as on XNU); and a child with a thread in each of receive,
 *     port-set receive, semaphore_wait, a sysctl handler, a ring wait and
 *     a blocked send, killed at once.
 * Children that sleep are killed in batches of up to 8, those that run
 * until killed 2 at a time; each is one loop.
 * After each case: the module's live ports come back to what they were,
 * so do its pinned pages and its reference count, sysctl answers, and the
 * kernel is not tainted. Root only (the sample modules, the knobs).
 */
#include <dirent.h>
#include <stdatomic.h>
#include <sys/sysctl.h>
#include <xnucross/ring.h>

#include "xnu_wired_selftest.h"
#include "xnu_sysctl_selftest.h"
#include "xnu_stress_selftest.h"

#define ID_REQ		0x5100
#define ID_REPLY	0x5101
#define ID_GIVE		0x5102
#define OOL_SIZE	(64 * 1024)
#define WIRE_PAGES	64
/*
 * Children killed together (a loop is one child): up to ST_BATCH_MAX of
 * those that sleep, 2 (the guest's CPUs) of those that run until killed.
 */
#define BATCH_OF(done, max)	((self->loops - (done)) < (max) ?	\
				 self->loops - (done) : (max))
#define BATCH(done)		BATCH_OF(done, ST_BATCH_MAX)
#define BATCH_BUSY(done)	BATCH_OF(done, 2U)
#define WIRE_BIG	(4UL << 20)

/* Wait (up to MT_WAIT_MS) for the pinned count to come back to @want. */
static uint64_t st_pinned_settles(uint64_t want)
{
	uint64_t end = mt_now_ns() + (uint64_t)MT_WAIT_MS * 1000000ULL;
	uint64_t now;

	while ((now = pinned()) != want && mt_now_ns() < end)
		mt_sleep_ms(1);
	return now;
}

/* MemAvailable in kB, or -1. */
static long mem_available(void)
{
	char buf[4096], *p;
	long kb = -1;
	int fd;
	ssize_t n;

	fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "MemAvailable:");
	if (p)
		kb = strtol(p + 13, NULL, 10);
	return kb;
}

/* Every 250 loops: the time so far and the memory left. */
#define PROGRESS(i, n) do {					\
	if ((i) / 250 != ((i) + (n)) / 250)				\
		TH_LOG("loop %u: %llu ms, MemAvailable %ld kB", (i),	\
		       (unsigned long long)((mt_now_ns() - self->t0) /	\
					    1000000ULL),		\
		       mem_available());				\
} while (0)

/* Join @th within @ms; 0, or ETIMEDOUT (it is still blocked). */
static int join_within(pthread_t th, unsigned int ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return pthread_timedjoin_np(th, NULL, &ts);
}

/* ---- the fixture ------------------------------------------------------------ */

FIXTURE(kill) {
	struct mt_env env;
	long long live;		/* the module's ports at setup */
	uint64_t pinned;	/* its pinned pages */
	long refcnt;		/* its reference count */
	mach_port_t broker;	/* where children ask for / give rights */
	char service[128];
	uint64_t t0;
	unsigned int loops;
};
XNU_FIXTURE_PROTOTYPES(kill);

FIXTURE_SETUP(kill)
{
	ASSERT_EQ(0, sample_load());
	ASSERT_EQ(0, set_paused(0));
	mt_setup(_metadata, &self->env, 0);
	self->loops = st_loops();
	mt_service_name(self->service, sizeof(self->service), "kill");
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(bootstrap_port,
						   self->service,
						   &self->broker));
	/* After our first MIG call: its reply port is counted too. */
	self->live = mt_ports_live_settled();
	ASSERT_LE(0, self->live);
	self->pinned = pinned_settles(pinned());
	ASSERT_NE(~0ULL, self->pinned);
	self->refcnt = st_refcnt("xnucross");
	ASSERT_LT(0, self->refcnt);
	self->t0 = mt_now_ns();
}

FIXTURE_TEARDOWN(kill)
{
	char buf[64];
	size_t len = sizeof(buf);

	set_paused(0);
	TH_LOG("%u loops (children killed) in %llu ms", st_killed,
	       (unsigned long long)((mt_now_ns() - self->t0) / 1000000ULL));
	/* Everything the children had is gone; the module is usable. */
	EXPECT_EQ(self->live, mt_ports_live_wait(self->live));
	EXPECT_EQ(self->pinned, st_pinned_settles(self->pinned));
	EXPECT_EQ(self->refcnt, st_refcnt("xnucross"));
	EXPECT_EQ(0, sysctlbyname("kern.ostype", buf, &len, NULL, 0));
	/* The service goes, its name too (no dead entry is left). */
	if (self->broker) {
		EXPECT_EQ(KERN_SUCCESS,
			  bootstrap_register(bootstrap_port, self->service,
					     MACH_PORT_NULL));
		EXPECT_EQ(KERN_SUCCESS, mt_kill(self->broker));
	}
	mt_teardown(_metadata, &self->env);
}

/* ---- children ----------------------------------------------------------------- */

/*
 * In a child: ask the parent (its broker @service) for a send right; the
 * name, or MACH_PORT_NULL.
 */
static mach_port_t child_get_right(const char *service)
{
	mach_port_t b = MACH_PORT_NULL, reply;
	mach_msg_header_t req;
	union mt_rcv buf;

	if (bootstrap_look_up(bootstrap_port, service, &b) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	memset(&req, 0, sizeof(req));
	if (mt_rpc(b, &req, sizeof(req), ID_REQ, 0, &buf, &reply) !=
	    MACH_MSG_SUCCESS || buf.head.msgh_id != ID_REPLY)
		return MACH_PORT_NULL;
	return mt_rcv_port(&buf)->name;
}

/* In a child: give the parent a send right to @name (@disp). */
static int child_give_right(const char *service, mach_port_t name,
			    mach_msg_type_name_t disp)
{
	mach_port_t b = MACH_PORT_NULL;

	if (bootstrap_look_up(bootstrap_port, service, &b) != KERN_SUCCESS)
		return -1;
	if (mt_send_port(b, MACH_MSG_TYPE_COPY_SEND, name, disp, ID_GIVE,
			 MACH_SEND_TIMEOUT, MT_WAIT_MS) != MACH_MSG_SUCCESS)
		return -1;
	return 0;
}

/* Send to the parent's full port: blocks. */
static int child_send_blocked(int fd, void *arg)
{
	mach_port_t p = child_get_right(arg);

	MT_CHILD_TRUE(MACH_PORT_VALID(p));
	MT_CHILD_EQ(0, st_ready(fd));
	mt_send(p, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 1, 1, 0, 0);
	return 99;
}

/* What a receiving child blocks on. */
enum rcv_kind { RCV_PORT, RCV_PSET, RCV_SEMA, RCV_RPC };

struct rcv_arg {
	const char *service;
	enum rcv_kind kind;
};

/*
 * Make a port (or a semaphore), give the parent a send right to it, then
 * block on it: receive on it or on a set holding it, wait on the
 * semaphore, or call the parent and wait for its reply.
 */
static int child_rcv_blocked(int fd, void *p)
{
	const struct rcv_arg *a = p;
	mach_port_t q = MACH_PORT_NULL, set, server;
	semaphore_t sema;
	mach_msg_header_t req;
	union mt_rcv buf;

	switch (a->kind) {
	case RCV_SEMA:
		MT_CHILD_EQ(KERN_SUCCESS,
			    semaphore_create(mach_task_self(), &sema,
					     SYNC_POLICY_FIFO, 0));
		MT_CHILD_EQ(0, child_give_right(a->service, sema,
						MACH_MSG_TYPE_COPY_SEND));
		MT_CHILD_EQ(0, st_ready(fd));
		semaphore_wait(sema);
		return 99;
	case RCV_RPC:
		/* The parent's port comes back; the reply port is given. */
		server = child_get_right(a->service);
		MT_CHILD_TRUE(MACH_PORT_VALID(server));
		MT_CHILD_EQ(0, st_ready(fd));
		memset(&req, 0, sizeof(req));
		mt_rpc(server, &req, sizeof(req), ID_REQ, 0, &buf, &q);
		/* mt_rpc() waits MT_WAIT_MS at most: wait again, forever. */
		mt_recv(q, &buf, sizeof(buf), 0, 0);
		return 99;
	default:
		break;
	}
	q = mt_port();
	MT_CHILD_TRUE(MACH_PORT_VALID(q));
	MT_CHILD_EQ(0, child_give_right(a->service, q,
					MACH_MSG_TYPE_MAKE_SEND));
	if (a->kind == RCV_PSET) {
		set = mt_pset();
		MT_CHILD_TRUE(MACH_PORT_VALID(set));
		MT_CHILD_EQ(KERN_SUCCESS,
			    mach_port_move_member(mach_task_self(), q, set));
		q = set;
	}
	MT_CHILD_EQ(0, st_ready(fd));
	mt_recv(q, &buf, sizeof(buf), 0, 0);
	return 99;
}

/* ---- the parent's side ---------------------------------------------------------- */

/* Answer a child's request on the broker with a send right to @port. */
static void serve_right(struct __test_metadata *_metadata,
			mach_port_t broker, mach_port_t port)
{
	union mt_rcv buf;

	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(broker, &buf));
	ASSERT_EQ(ID_REQ, buf.head.msgh_id);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send_port(buf.head.msgh_remote_port,
			       MACH_MSG_TYPE_MOVE_SEND_ONCE, port,
			       MACH_MSG_TYPE_MAKE_SEND, ID_REPLY,
			       MACH_SEND_TIMEOUT, 0));
}

/* Receive the right a child gave on the broker; its name. */
static mach_port_t take_right(struct __test_metadata *_metadata,
			      mach_port_t broker)
{
	union mt_rcv buf;

	if (mt_recv_wait(broker, &buf) != MACH_MSG_SUCCESS ||
	    buf.head.msgh_id != ID_GIVE) {
		TH_LOG("no right from the child (id %d)", buf.head.msgh_id);
		return MACH_PORT_NULL;
	}
	return mt_rcv_port(&buf)->name;
}

/* Ask for a notification of @id about @name on @notify. */
static kern_return_t notify_on(mach_port_t name, mach_msg_id_t id,
			       mach_port_t notify)
{
	mach_port_t prev = MACH_PORT_NULL;

	return mach_port_request_notification(mach_task_self(), name, id, 0,
					      notify,
					      MACH_MSG_TYPE_MAKE_SEND_ONCE,
					      &prev);
}

/* Wait until @pid sleeps, then kill it; 0 when all went as planned. */
static int kill_sleeping(pid_t pid)
{
	int err = mt_wait_sleeping(pid, pid, MT_WAIT_MS);

	if (err)
		fprintf(stderr, "# child %d never slept\n", pid);
	return st_kill(pid) ? -1 : err;
}

TEST_F_TIMEOUT(kill, send_blocked_on_full_queue, 600)
{
	mach_port_t p, notify;
	mach_port_status_t st;
	union mt_rcv buf;
	unsigned int i;
	pid_t pid;
	int rfd;

	PORT(p);
	PORT(notify);
	ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(p, 1));
	/*
	 * Full: one message, sent with a send-once right (a queued message
	 * holds its destination right, and send-once rights are no senders).
	 */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send(p, MACH_MSG_TYPE_MAKE_SEND_ONCE, MACH_PORT_NULL, 0,
			  7, 7, MACH_SEND_TIMEOUT, 0));
	for (i = 0; i < self->loops; i++) {
		/* The child asks for its right, then says it will block. */
		pid = st_spawn(child_send_blocked, self->service, &rfd);
		ASSERT_LT(0, pid);
		serve_right(_metadata, self->broker, p);
		ASSERT_EQ(pid, st_await(pid, rfd));
		ASSERT_EQ(KERN_SUCCESS,
			  notify_on(p, MACH_NOTIFY_NO_SENDERS, notify));
		ASSERT_EQ(0, kill_sleeping(pid)) TH_LOG("loop %u", i);
		/* Its send right went with it. */
		ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(notify, &buf))
			TH_LOG("loop %u", i);
		ASSERT_EQ(MACH_NOTIFY_NO_SENDERS, buf.head.msgh_id);
		ASSERT_EQ(KERN_SUCCESS, mt_status(p, &st));
		ASSERT_EQ(1U, st.mps_msgcount) TH_LOG("loop %u", i);
		ASSERT_EQ(0U, st.mps_srights);
	}
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(p, &buf));
	EXPECT_EQ(7, buf.head.msgh_id);
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(p, &buf));
	EXPECT_EQ(KERN_SUCCESS, mt_kill(p));
	EXPECT_EQ(KERN_SUCCESS, mt_kill(notify));
}

/*
 * A child blocks in @kind holding a port the parent has a send right to;
 * after the kill the parent's right is a dead name and its notification
 * arrives.
 */
static void kill_receivers(struct __test_metadata *_metadata,
			   FIXTURE_DATA(kill) *self, enum rcv_kind kind)
{
	struct rcv_arg a = { .service = self->service, .kind = kind };
	mach_dead_name_notification_t *n;
	mach_port_t notify, q, server = MACH_PORT_NULL, reply;
	union mt_rcv buf;
	unsigned int i, before;
	pid_t pid;
	int rfd;

	PORT(notify);
	if (kind == RCV_RPC)
		PORT(server);
	before = (unsigned int)mt_names(NULL, NULL);
	for (i = 0; i < self->loops; i++) {
		pid = st_spawn(child_rcv_blocked, &a, &rfd);
		ASSERT_LT(0, pid);
		if (kind == RCV_RPC)
			serve_right(_metadata, self->broker, server);
		ASSERT_EQ(pid, st_await(pid, rfd));
		if (kind == RCV_RPC) {
			/* Take the call; the reply right names the child's port. */
			ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(server, &buf));
			reply = buf.head.msgh_remote_port;
			ASSERT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(reply));
			ASSERT_EQ(KERN_SUCCESS,
				  notify_on(reply, MACH_NOTIFY_DEAD_NAME,
					    notify));
			q = reply;
		} else {
			q = take_right(_metadata, self->broker);
			ASSERT_TRUE(MACH_PORT_VALID(q));
		}
		if (kind == RCV_SEMA) {
			/*
			 * As XNU: the owner's death makes the semaphore
			 * inactive, the port and our send right stay.
			 */
			ASSERT_EQ(0, kill_sleeping(pid)) TH_LOG("loop %u", i);
			ASSERT_EQ(KERN_TERMINATED, semaphore_signal(q))
				TH_LOG("loop %u", i);
			ASSERT_EQ(MACH_PORT_TYPE_SEND, mt_type(q));
			ASSERT_EQ(KERN_SUCCESS,
				  mach_port_deallocate(mach_task_self(), q));
			ASSERT_EQ(MT_BAD, mt_type(q));
			continue;
		}
		if (kind != RCV_RPC)
			ASSERT_EQ(KERN_SUCCESS,
				  notify_on(q, MACH_NOTIFY_DEAD_NAME, notify));
		ASSERT_EQ(0, kill_sleeping(pid)) TH_LOG("loop %u", i);
		ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(notify, &buf))
			TH_LOG("loop %u", i);
		ASSERT_EQ(MACH_NOTIFY_DEAD_NAME, buf.head.msgh_id);
		n = (mach_dead_name_notification_t *)&buf;
		ASSERT_EQ(q, n->not_port);
		ASSERT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(q));
		if (kind == RCV_RPC)
			/* The reply to a dead caller fails, the right goes. */
			EXPECT_EQ(MACH_SEND_INVALID_DEST,
				  mt_send(q, MACH_MSG_TYPE_MOVE_SEND_ONCE,
					  MACH_PORT_NULL, 0, ID_REPLY, 0,
					  MACH_SEND_TIMEOUT, 0));
		/* The dead name and the notification's reference. */
		while (mt_type(q) == MACH_PORT_TYPE_DEAD_NAME)
			ASSERT_EQ(KERN_SUCCESS,
				  mach_port_deallocate(mach_task_self(), q));
		ASSERT_EQ(MT_BAD, mt_type(q));
	}
	/* Every right the children gave is gone from the parent's space. */
	EXPECT_EQ(before, (unsigned int)mt_names(NULL, NULL));
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(notify, &buf));
	EXPECT_EQ(KERN_SUCCESS, mt_kill(notify));
	if (server)
		EXPECT_EQ(KERN_SUCCESS, mt_kill(server));
}

TEST_F_TIMEOUT(kill, receive_blocked_on_port, 600)
{
	kill_receivers(_metadata, self, RCV_PORT);
}

TEST_F_TIMEOUT(kill, receive_blocked_on_port_set, 600)
{
	kill_receivers(_metadata, self, RCV_PSET);
}

TEST_F_TIMEOUT(kill, semaphore_wait_blocked, 600)
{
	kill_receivers(_metadata, self, RCV_SEMA);
}

TEST_F_TIMEOUT(kill, rpc_waiting_for_reply, 600)
{
	kill_receivers(_metadata, self, RCV_RPC);
}

/* ---- sysctl ---------------------------------------------------------------------- */

static int child_sysctl_sleepy(int fd, void *arg)
{
	struct sc c;
	size_t len;
	int v;

	(void)arg;
	MT_CHILD_TRUE(sc_open(&c, 0) >= 0);
	MT_CHILD_EQ(0, st_ready(fd));
	len = sizeof(v);
	sc_name(&c, EMU "sleepy", &v, &len, NULL, 0);
	return 99;
}

/* Wait until the test module counts @want readers in sleepy; 0 if so. */
static int sleepy_active_is(const struct sc *c, int want)
{
	uint64_t end = mt_now_ns() + (uint64_t)MT_WAIT_MS * 1000000ULL;

	do {
		if (get_int_or(c, EMU "sleepy_active") == want)
			return 0;
		mt_sleep_ms(1);
	} while (mt_now_ns() < end);
	return -1;
}

TEST_F_TIMEOUT(kill, inside_sysctl_handler, 600)
{
	struct st_batch b;
	unsigned int i, n;
	struct sc c;

	ASSERT_TRUE(emu_loaded());
	ASSERT_LE(0, sc_open(&c, 0));
	ASSERT_EQ(0, sc_set_int(&c, EMU "reset", 1));
	ASSERT_EQ(0, sc_set_int(&c, EMU "sleep_ms", 60000));
	for (i = 0; i < self->loops; i += n) {
		n = BATCH(i);
		PROGRESS(i, n);
		ASSERT_EQ(0, st_batch_start(&b, n, child_sysctl_sleepy, NULL));
		/* All of them inside the handler, then none. */
		ASSERT_EQ(0, sleepy_active_is(&c, (int)n)) TH_LOG("loop %u", i);
		ASSERT_EQ(0, st_batch_kill(&b, false));
		ASSERT_EQ(0, sleepy_active_is(&c, 0)) TH_LOG("loop %u", i);
	}
	EXPECT_EQ(0, sc_set_int(&c, EMU "reset", 1));
	EXPECT_EQ(EMU_SLEEPY_VALUE, get_int_or(&c, EMU "sleepy"));
	close(c.fd);
}

/* ---- wired memory -------------------------------------------------------------- */

static int child_wire_big(int fd, void *arg)
{
	uint64_t handle;
	void *p;

	(void)arg;
	p = mmap(NULL, WIRE_BIG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MT_CHILD_TRUE(p != MAP_FAILED);
	MT_CHILD_EQ(0, st_ready(fd));
	xnucross_vm_wire(p, WIRE_BIG, VM_PROT_READ | VM_PROT_WRITE, &handle);
	for (;;)
		pause();
}

TEST_F_TIMEOUT(kill, holding_wired_pages, 600)
{
	struct st_batch b;
	unsigned int i, n;

	for (i = 0; i < self->loops; i += n) {
		n = BATCH(i);
		PROGRESS(i, n);
		ASSERT_EQ(0, st_batch_start(&b, n, st_child_wire,
						 (void *)(uintptr_t)WIRE_PAGES));
		ASSERT_EQ(self->pinned + n * WIRE_PAGES, pinned())
			TH_LOG("loop %u", i);
		ASSERT_EQ(0, st_batch_kill(&b, false));
		ASSERT_EQ(self->pinned, st_pinned_settles(self->pinned))
			TH_LOG("loop %u", i);
	}
}

TEST_F_TIMEOUT(kill, while_wiring_a_large_range, 600)
{
	struct xnu_vm_wire_info before, after;
	struct st_batch b;
	unsigned int i, n;

	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_wire_info(&before));
	for (i = 0; i < self->loops; i += n) {
		n = BATCH_BUSY(i);
		PROGRESS(i, n);
		ASSERT_EQ(0, st_batch_start(&b, n, child_wire_big, NULL));
		/* Kill them at varying points of the wiring (0..~10 ms in). */
		st_spin_us((i * 997) % 10000);
		ASSERT_EQ(0, st_batch_kill(&b, false));
		ASSERT_EQ(self->pinned, st_pinned_settles(self->pinned))
			TH_LOG("loop %u", i);
	}
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_wire_info(&after));
	/* Whatever was pinned was unpinned. */
	EXPECT_EQ(after.wired_total - before.wired_total,
		  after.unwired_total - before.unwired_total);
	/* Some loops were killed after the wiring, most inside it. */
	TH_LOG("%llu of %u wirings completed before the kill",
	       (unsigned long long)(after.wired_total - before.wired_total) /
	       (WIRE_BIG / getpagesize()), self->loops);
}

/* ---- rings ------------------------------------------------------------------------ */

static int child_ring_producer(int fd, void *arg)
{
	struct xnucross_ring_params prm = { .tx_size = 4096,
					    .rx_size = 4096 };
	xnucross_ring_t *r = NULL;
	uint8_t buf[512] = { 0 };
	uint32_t i;

	(void)arg;
	MT_CHILD_EQ(KERN_SUCCESS,
		    xnucross_ring_create(XNU_SAMPLE_RING_NAME, &prm, &r));
	MT_CHILD_EQ(0, st_ready(fd));
	/* The consumer is paused: this blocks at the high watermark. */
	for (i = 0; i < 1000; i++)
		xnucross_ring_send(r, buf, sizeof(buf), i, 0);
	return 99;
}

static int child_ring_consumer(int fd, void *arg)
{
	struct xnucross_ring_params prm = { .tx_size = 4096,
					    .rx_size = 4096 };
	xnucross_ring_t *r = NULL;

	(void)arg;
	MT_CHILD_EQ(KERN_SUCCESS,
		    xnucross_ring_create(XNU_SAMPLE_RING_NAME, &prm, &r));
	MT_CHILD_EQ(0, st_ready(fd));
	xnucross_ring_wait(r, XNU_RING_WAIT_DATA, XNU_RING_WAIT_FOREVER);
	return 99;
}

static void kill_ring(struct __test_metadata *_metadata,
		      FIXTURE_DATA(kill) *self, st_child_fn fn)
{
	struct st_batch b;
	unsigned int i, n;

	ASSERT_EQ(0, set_paused(1));
	for (i = 0; i < self->loops; i += n) {
		n = BATCH(i);
		PROGRESS(i, n);
		ASSERT_EQ(0, st_batch_start(&b, n, fn, NULL));
		ASSERT_EQ(0, st_batch_kill(&b, true)) TH_LOG("loop %u", i);
		ASSERT_EQ(self->pinned, st_pinned_settles(self->pinned))
			TH_LOG("loop %u", i);
	}
	ASSERT_EQ(0, set_paused(0));
}

TEST_F_TIMEOUT(kill, ring_producer_above_high_watermark, 600)
{
	kill_ring(_metadata, self, child_ring_producer);
}

TEST_F_TIMEOUT(kill, ring_waiting_for_data, 600)
{
	kill_ring(_metadata, self, child_ring_consumer);
}

/* ---- out-of-line memory ------------------------------------------------------------ */

struct ool_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t ool;
};

static mach_msg_return_t send_ool(mach_port_t dest, void *addr,
				  mach_msg_option_t option)
{
	struct ool_msg m;

	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), dest, MACH_PORT_NULL, 3);
	m.body.msgh_descriptor_count = 1;
	m.ool.address = addr;
	m.ool.size = OOL_SIZE;
	m.ool.copy = MACH_MSG_VIRTUAL_COPY;
	m.ool.type = MACH_MSG_OOL_DESCRIPTOR;
	return mach_msg(&m.head, MACH_SEND_MSG | option, sizeof(m), 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

static void *ool_data(void)
{
	void *p = mmap(NULL, OOL_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0x5a, OOL_SIZE);
	return p;
}

/* Queue one OOL message on a port of limit 1, then block on the next. */
static int child_ool_blocked(int fd, void *arg)
{
	mach_port_t q = mt_port();
	void *p = ool_data();

	(void)arg;
	MT_CHILD_TRUE(MACH_PORT_VALID(q) && p);
	MT_CHILD_EQ(KERN_SUCCESS, mt_set_qlimit(q, 1));
	MT_CHILD_EQ(MACH_MSG_SUCCESS, send_ool(q, p, MACH_SEND_TIMEOUT));
	MT_CHILD_EQ(0, st_ready(fd));
	send_ool(q, p, 0);
	return 99;
}

/* Send and receive OOL messages forever. */
static int child_ool_loop(int fd, void *arg)
{
	struct {
		struct ool_msg m;
		mach_msg_max_trailer_t trailer;
	} r;
	mach_port_t q = mt_port();
	void *p = ool_data();

	(void)arg;
	MT_CHILD_TRUE(MACH_PORT_VALID(q) && p);
	MT_CHILD_EQ(0, st_ready(fd));
	for (;;) {
		MT_CHILD_EQ(MACH_MSG_SUCCESS, send_ool(q, p, MACH_SEND_TIMEOUT));
		MT_CHILD_EQ(MACH_MSG_SUCCESS,
			    mt_recv(q, &r, sizeof(r), MACH_RCV_TIMEOUT,
				    MT_WAIT_MS));
		vm_deallocate(mach_task_self(), (vm_address_t)r.m.ool.address,
			      r.m.ool.size);
	}
}

TEST_F_TIMEOUT(kill, ool_send_blocked_on_full_queue, 600)
{
	struct st_batch b;
	unsigned int i, n;

	for (i = 0; i < self->loops; i += n) {
		n = BATCH(i);
		PROGRESS(i, n);
		ASSERT_EQ(0, st_batch_start(&b, n, child_ool_blocked, NULL));
		ASSERT_EQ(0, st_batch_kill(&b, true)) TH_LOG("loop %u", i);
	}
}

TEST_F_TIMEOUT(kill, ool_send_receive_loop, 600)
{
	struct st_batch b;
	unsigned int i, n;

	for (i = 0; i < self->loops; i += n) {
		n = BATCH_BUSY(i);
		PROGRESS(i, n);
		ASSERT_EQ(0, st_batch_start(&b, n, child_ool_loop, NULL));
		st_spin_us((i * 53) % 3000);
		ASSERT_EQ(0, st_batch_kill(&b, false)) TH_LOG("loop %u", i);
	}
}

/* ---- the peer of a killed process ------------------------------------------------ */

/* Give the parent a send right to a full port of ours (limit 1), wait. */
static int child_full_port(int fd, void *arg)
{
	mach_port_t q = mt_port();

	MT_CHILD_TRUE(MACH_PORT_VALID(q));
	MT_CHILD_EQ(KERN_SUCCESS, mt_set_qlimit(q, 1));
	MT_CHILD_EQ(MACH_MSG_SUCCESS, mt_send_simple(q, 1));
	MT_CHILD_EQ(0, child_give_right(arg, q, MACH_MSG_TYPE_MAKE_SEND));
	MT_CHILD_EQ(0, st_ready(fd));
	for (;;)
		pause();
}

/* Give the parent a send right to a port of ours, never receive on it. */
static int child_deaf_server(int fd, void *arg)
{
	mach_port_t q = mt_port();

	MT_CHILD_TRUE(MACH_PORT_VALID(q));
	MT_CHILD_EQ(0, child_give_right(arg, q, MACH_MSG_TYPE_MAKE_SEND));
	MT_CHILD_EQ(0, st_ready(fd));
	for (;;)
		pause();
}

struct peer_call {
	pthread_t th;
	mach_port_t dest;
	bool rpc;
	pid_t tid;
	mach_msg_return_t mr;
	mach_msg_id_t reply_id;
	atomic_bool done;
};

/* Block on the peer: a send to its full port, or a call it never answers. */
static void *peer_caller(void *p)
{
	struct peer_call *c = p;
	mach_msg_header_t req;
	mach_port_t reply;
	union mt_rcv buf;

	c->tid = mt_gettid();
	if (c->rpc) {
		memset(&req, 0, sizeof(req));
		mt_header(&req, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					       MACH_MSG_TYPE_MAKE_SEND_ONCE),
			  sizeof(req), c->dest, reply = mach_reply_port(),
			  ID_REQ);
		memcpy(&buf, &req, sizeof(req));
		c->mr = mach_msg(&buf.head, MACH_SEND_MSG | MACH_RCV_MSG,
				 sizeof(req), sizeof(buf), reply, 0,
				 MACH_PORT_NULL);
		c->reply_id = buf.head.msgh_id;
		mt_kill(reply);
	} else {
		c->mr = mt_send(c->dest, MACH_MSG_TYPE_COPY_SEND,
				MACH_PORT_NULL, 0, 2, 2, 0, 0);
	}
	atomic_store(&c->done, true);
	return NULL;
}

/*
 * The parent blocks on a child's port (a send to its full queue, or a
 * call it never answers); the child is killed: the parent wakes, at once.
 */
static void kill_peer(struct __test_metadata *_metadata,
		      FIXTURE_DATA(kill) *self, bool rpc)
{
	struct peer_call c;
	unsigned int i;
	pid_t pid;
	int rfd;

	/* A quarter of the loops: the other cases cover the killing. */
	for (i = 0; i < self->loops / 4; i++) {
		memset(&c, 0, sizeof(c));
		c.rpc = rpc;
		pid = st_spawn(rpc ? child_deaf_server : child_full_port,
			       self->service, &rfd);
		ASSERT_LT(0, pid);
		c.dest = take_right(_metadata, self->broker);
		ASSERT_TRUE(MACH_PORT_VALID(c.dest));
		ASSERT_EQ(pid, st_await(pid, rfd));
		ASSERT_EQ(0, pthread_create(&c.th, NULL, peer_caller, &c));
		while (!c.tid)
			mt_sleep_ms(1);
		ASSERT_EQ(0, mt_wait_sleeping(getpid(), c.tid, MT_WAIT_MS))
			TH_LOG("loop %u", i);
		ASSERT_EQ(0, st_kill(pid));
		ASSERT_EQ(0, join_within(c.th, MT_WAIT_MS))
			TH_LOG("loop %u: still blocked on a dead peer", i);
		if (rpc) {
			/* The request died with its reply right. */
			ASSERT_EQ(MACH_MSG_SUCCESS, c.mr) TH_LOG("loop %u", i);
			ASSERT_EQ(MACH_NOTIFY_SEND_ONCE, c.reply_id);
		} else {
			/* As XNU: delivered to a dead port, destroyed. */
			ASSERT_EQ(MACH_MSG_SUCCESS, c.mr) TH_LOG("loop %u", i);
		}
		ASSERT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(c.dest));
		while (mt_type(c.dest) == MACH_PORT_TYPE_DEAD_NAME)
			ASSERT_EQ(KERN_SUCCESS,
				  mach_port_deallocate(mach_task_self(),
						       c.dest));
	}
}

TEST_F_TIMEOUT(kill, peer_blocked_sending_wakes, 600)
{
	kill_peer(_metadata, self, false);
}

TEST_F_TIMEOUT(kill, peer_waiting_for_reply_wakes, 600)
{
	kill_peer(_metadata, self, true);
}

/* ---- a process blocked in many places at once ------------------------------------ */

#define MT_THREADS	6

struct mt_child {
	mach_port_t port, pset, full, sema;
	struct sc c;
	xnucross_ring_t *ring;
	atomic_int asleep_soon;
};

static void *mt_block(void *p)
{
	struct mt_child *m = p;
	int k = atomic_fetch_add(&m->asleep_soon, 1), v;
	union mt_rcv buf;
	size_t len = sizeof(v);

	switch (k) {
	case 0:
		mt_recv(m->port, &buf, sizeof(buf), 0, 0);
		break;
	case 1:
		mt_recv(m->pset, &buf, sizeof(buf), 0, 0);
		break;
	case 2:
		semaphore_wait(m->sema);
		break;
	case 3:
		sc_name(&m->c, EMU "sleepy", &v, &len, NULL, 0);
		break;
	case 4:
		xnucross_ring_wait(m->ring, XNU_RING_WAIT_DATA,
				   XNU_RING_WAIT_FOREVER);
		break;
	default:
		/* That port's queue is full (limit 1): this send waits. */
		mt_send(m->full, MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_NULL, 0,
			9, 9, 0, 0);
		break;
	}
	_exit(99);	/* none of them may return */
}

/* One thread in each blocking call of the module, then killed. */
static int child_many_threads(int fd, void *arg)
{
	struct xnucross_ring_params prm = { .tx_size = 4096,
					    .rx_size = 4096 };
	struct mt_child m;
	mach_port_t second;
	pthread_t th;
	int i;

	(void)arg;
	memset(&m, 0, sizeof(m));
	m.port = mt_port();
	second = mt_port();
	m.pset = mt_pset();
	m.full = mt_port();
	MT_CHILD_TRUE(m.port && second && m.pset && m.full);
	MT_CHILD_EQ(KERN_SUCCESS,
		    mach_port_move_member(mach_task_self(), second, m.pset));
	MT_CHILD_EQ(KERN_SUCCESS, mt_set_qlimit(m.full, 1));
	MT_CHILD_EQ(MACH_MSG_SUCCESS, mt_send_simple(m.full, 1));
	MT_CHILD_EQ(KERN_SUCCESS,
		    semaphore_create(mach_task_self(), &m.sema,
				     SYNC_POLICY_FIFO, 0));
	MT_CHILD_TRUE(sc_open(&m.c, 0) >= 0);
	MT_CHILD_EQ(KERN_SUCCESS,
		    xnucross_ring_create(XNU_SAMPLE_RING_NAME, &prm, &m.ring));
	for (i = 0; i < MT_THREADS; i++)
		MT_CHILD_EQ(0, pthread_create(&th, NULL, mt_block, &m));
	MT_CHILD_EQ(0, st_ready(fd));
	for (;;)
		pause();
}

/* Every thread of @pid but the first sleeps; 0 when they all do. */
static int threads_asleep(pid_t pid, unsigned int want)
{
	uint64_t end = mt_now_ns() + (uint64_t)MT_WAIT_MS * 1000000ULL;
	char path[64];
	struct dirent *d;
	unsigned int n;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	do {
		dir = opendir(path);
		if (!dir)
			return -1;
		n = 0;
		while ((d = readdir(dir)))
			if (d->d_name[0] != '.' &&
			    mt_thread_state(pid, atoi(d->d_name)) == 'S')
				n++;
		closedir(dir);
		if (n >= want)
			return 0;
		mt_sleep_ms(1);
	} while (mt_now_ns() < end);
	return -1;
}

TEST_F_TIMEOUT(kill, process_blocked_in_every_call, 600)
{
	struct sc c;
	unsigned int i;
	pid_t pid;

	ASSERT_TRUE(emu_loaded());
	ASSERT_LE(0, sc_open(&c, 0));
	ASSERT_EQ(0, sc_set_int(&c, EMU "reset", 1));
	ASSERT_EQ(0, sc_set_int(&c, EMU "sleep_ms", 60000));
	ASSERT_EQ(0, set_paused(1));
	for (i = 0; i < self->loops / 4; i++) {
		pid = st_fork_child(child_many_threads, NULL);
		ASSERT_LT(0, pid);
		/* Its main thread in pause() and the six others, asleep. */
		ASSERT_EQ(0, threads_asleep(pid, MT_THREADS + 1))
			TH_LOG("loop %u", i);
		ASSERT_EQ(0, sleepy_active_is(&c, 1)) TH_LOG("loop %u", i);
		ASSERT_EQ(0, st_kill(pid)) TH_LOG("loop %u", i);
		ASSERT_EQ(0, sleepy_active_is(&c, 0)) TH_LOG("loop %u", i);
		ASSERT_EQ(self->pinned, st_pinned_settles(self->pinned))
			TH_LOG("loop %u", i);
	}
	ASSERT_EQ(0, set_paused(0));
	EXPECT_EQ(0, sc_set_int(&c, EMU "reset", 1));
	close(c.fd);
}

XNU_SYSCTL_HARNESS_MAIN

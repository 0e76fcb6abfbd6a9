// SPDX-License-Identifier: GPL-2.0
/*
 * mig_example_test - the MIG example of Documentation/mig.rst, both paths,
 * through the stubs and servers xmig generated at build time:
 *   - the kext path: the sample kext's counter (module xnu_sample_kobject,
 *     its kernel server generated from kmod/samples/defs/counter.defs)
 *     called through the user stubs generated from the same file:
 *     counter_add/counter_get in the caller's thread; the simpleroutines
 *     counter_mix/counter_stall served asynchronously by a kernel worker:
 *     in order, the caller not waiting, the queue bounded (qlimit 4:
 *     MACH_SEND_TIMED_OUT with a timeout, a wait without one, which a
 *     signal interrupts and SIGKILL ends at once), rights in a queued message released, the queue
 *     destroyed with the port when the kext unloads; raw
 *     requests: MIG_BAD_ID, MIG_BAD_ARGUMENTS (short, complex), a counter
 *     id sent to another kernel object;
 *   - the user path: example.defs served by a child process
 *     (bootstrap_check_in, mach_msg_server() with the generated demux)
 *     and called through its user stubs (bootstrap_look_up): every
 *     routine, CountInOut clamping, one-way notes in order; MIG_BAD_ID,
 *     MIG_BAD_ARGUMENTS, MIG_TYPE_ERROR (wrong descriptor) from the
 *     server; MIG_SERVER_DIED when the server exits holding the request;
 *     MIG_ARRAY_TOO_LARGE from the user stub given a longer reply;
 *   - all of it as root and as nobody.
 */
#include "xnu_mach_selftest.h"
#include "xnu_kmod_selftest.h"

#include <sys/time.h>

#include "example_types.h"
#include "example.h"
#include "counter.h"
#include "example_routines.h"

#define SAMPLE		"xnu_sample_kobject"
#define COUNTER_MIX	7802
#define COUNTER_QLIMIT	4	/* the kext's async_qlimit */

static int sample_was_loaded;

static int sample_loaded(void)
{
	return xnu_kmod_loaded(SAMPLE);
}

/* finit_module(2) of the sample kext; 0 (also when it is loaded) or errno. */
static int sample_load(void)
{
	int err = xnu_kmod_load(SAMPLE, NULL);

	return err == EEXIST ? 0 : err;
}

/* counter = counter * 31 + x, as the kext computes it. */
static int mix(int value, int x)
{
	return (int)((unsigned int)value * 31 + (unsigned int)x);
}

/* ---- the kext path --------------------------------------------------------- */

FIXTURE(kext) {
	struct mt_env env;
	mach_port_t counter;
};

MT_VARIANTS_ROOT_NOBODY(kext);

FIXTURE_SETUP(kext)
{
	kern_return_t kr;

	if (!sample_loaded())
		SKIP(return, "%s is not loaded (no .ko?)", SAMPLE);
	mt_setup(_metadata, &self->env, variant->nobody);
	self->counter = MACH_PORT_NULL;
	kr = bootstrap_look_up(bootstrap_port, COUNTER_SERVICE, &self->counter);
	ASSERT_EQ(KERN_SUCCESS, kr);
}

MT_FIXTURE_TEARDOWN(kext)

/* The counter's value, through the generated stub. */
static int counter_value(struct __test_metadata *_metadata, mach_port_t c)
{
	int value = 0;

	EXPECT_EQ(KERN_SUCCESS, counter_get(c, &value));
	return value;
}

/* Wait until the counter reads @want (the worker served what was sent). */
static bool counter_wait(mach_port_t c, int want, unsigned int ms)
{
	uint64_t end = mt_now_ns() + (uint64_t)ms * 1000000ULL;
	int value;

	do {
		if (counter_get(c, &value) == KERN_SUCCESS && value == want)
			return true;
		mt_sleep_ms(2);
	} while (mt_now_ns() < end);
	return false;
}

/* The routines: they run in this thread and answer in the same call. */
TEST_F(kext, routines)
{
	int before, value = 0;

	before = counter_value(_metadata, self->counter);
	ASSERT_EQ(KERN_SUCCESS, counter_add(self->counter, 5, &value));
	EXPECT_EQ(before + 5, value);
	ASSERT_EQ(KERN_SUCCESS, counter_add(self->counter, -7, &value));
	EXPECT_EQ(before - 2, value);
	EXPECT_EQ(before - 2, counter_value(_metadata, self->counter));
	/* A port of another kind: the dispatcher knows no such routine. */
	EXPECT_EQ(MIG_BAD_ID, counter_get(mach_host_self(), &value));
	EXPECT_EQ(MACH_SEND_INVALID_DEST, counter_get(MACH_PORT_NULL, &value));
}

/* One-way messages are served by the worker in the order sent. */
TEST_F(kext, async_in_order)
{
	int i, want;

	want = counter_value(_metadata, self->counter);
	for (i = 1; i <= 40; i++) {
		/* Past the queue limit the sender waits for room. */
		ASSERT_EQ(KERN_SUCCESS, counter_mix(self->counter, i));
		want = mix(want, i);
	}
	EXPECT_TRUE(counter_wait(self->counter, want, MT_WAIT_MS)) {
		TH_LOG("counter %d, want %d: lost or out of order",
		       counter_value(_metadata, self->counter), want);
	}
}

/* The caller of a slow one-way request does not wait for it. */
TEST_F(kext, async_caller_does_not_wait)
{
	uint64_t t0, sent, served;
	int before, value;

	before = counter_value(_metadata, self->counter);
	t0 = mt_now_ns();
	ASSERT_EQ(KERN_SUCCESS, counter_stall(self->counter, 500));
	ASSERT_EQ(KERN_SUCCESS, counter_mix(self->counter, 1));
	sent = mt_now_ns() - t0;
	EXPECT_LT(sent, 250000000ULL);
	/* The routines still run in this thread meanwhile. */
	ASSERT_EQ(KERN_SUCCESS, counter_add(self->counter, 0, &value));
	EXPECT_EQ(before, value);
	ASSERT_TRUE(counter_wait(self->counter, mix(before, 1), MT_WAIT_MS));
	/* The mix waited for the stall ahead of it. */
	served = mt_now_ns() - t0;
	EXPECT_GE(served, 450000000ULL);
}

/* counter_mix(x) as a raw message, with send options. */
static mach_msg_return_t raw_mix(mach_port_t c, int x, mach_msg_option_t opt,
				 mach_msg_timeout_t timeout)
{
	__Request__counter_mix_t req;

	memset(&req, 0, sizeof(req));
	mt_header(&req.Head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		  sizeof(req), c, MACH_PORT_NULL, COUNTER_MIX);
	req.NDR = NDR_record;
	req.x = x;
	return mach_msg(&req.Head, MACH_SEND_MSG | opt, sizeof(req), 0,
			MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

static void on_alarm(int sig)
{
}

/*
 * The queue is bounded: with the worker stalled, qlimit messages queue,
 * the next times out (MACH_SEND_TIMEOUT) or waits for room, and a signal
 * ends the wait; nothing queued is lost.
 */
TEST_F(kext, async_queue_bounded)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { 0, 100000 } };
	int i, want, queued = 0;
	mach_msg_return_t mr;
	uint64_t t0;

	want = counter_value(_metadata, self->counter);
	ASSERT_EQ(KERN_SUCCESS, counter_stall(self->counter, 800));
	/* Let the worker take the stall off the queue and sleep in it. */
	mt_sleep_ms(200);
	for (i = 1; i <= COUNTER_QLIMIT + 1; i++) {
		mr = raw_mix(self->counter, i, MACH_SEND_TIMEOUT, 0);
		if (mr != MACH_MSG_SUCCESS)
			break;
		want = mix(want, i);
		queued++;
	}
	EXPECT_EQ(MACH_SEND_TIMED_OUT, mr);
	EXPECT_EQ(COUNTER_QLIMIT, queued);
	/* A routine is not queued: it runs at once, full queue or not. */
	t0 = mt_now_ns();
	EXPECT_NE(want, counter_value(_metadata, self->counter));
	EXPECT_LT(mt_now_ns() - t0, 100000000ULL);
	/* A timeout > 0 waits that long, then fails the same way. */
	t0 = mt_now_ns();
	EXPECT_EQ(MACH_SEND_TIMED_OUT,
		  raw_mix(self->counter, 99, MACH_SEND_TIMEOUT, 50));
	EXPECT_GE(mt_now_ns() - t0, 45000000ULL);
	/* Without a timeout the sender waits; a signal interrupts it. */
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	EXPECT_EQ(MACH_SEND_INTERRUPTED,
		  raw_mix(self->counter, 98, MACH_SEND_INTERRUPT, 0));
	/* ... and gets in once the worker makes room. */
	t0 = mt_now_ns();
	ASSERT_EQ(MACH_MSG_SUCCESS, raw_mix(self->counter, 1000, 0, 0));
	want = mix(want, 1000);
	EXPECT_GE(mt_now_ns() - t0, 100000000ULL);
	EXPECT_TRUE(counter_wait(self->counter, want, MT_WAIT_MS)) {
		TH_LOG("counter %d, want %d",
		       counter_value(_metadata, self->counter), want);
	}
}

/* A sender that blocks on the full queue until killed. */
static int blocked_sender(void *arg)
{
	mach_port_t c = MACH_PORT_NULL;

	if (bootstrap_look_up(bootstrap_port, COUNTER_SERVICE, &c))
		return 1;
	raw_mix(c, 7, 0, 0);
	return 2;
}

/* Senders waiting for room die at once when killed; nothing hangs. */
TEST_F(kext, async_blocked_senders_killable)
{
	pid_t pids[3];
	uint64_t t0;
	int i, want;

	want = counter_value(_metadata, self->counter);
	ASSERT_EQ(KERN_SUCCESS, counter_stall(self->counter, 1500));
	mt_sleep_ms(200);
	for (i = 1; i <= COUNTER_QLIMIT; i++) {
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  raw_mix(self->counter, i, MACH_SEND_TIMEOUT, 0));
		want = mix(want, i);
	}
	for (i = 0; i < 3; i++) {
		pids[i] = mt_fork(blocked_sender, NULL);
		ASSERT_GT(pids[i], 0);
	}
	mt_sleep_ms(200);
	t0 = mt_now_ns();
	for (i = 0; i < 3; i++) {
		int status = 0;

		/* Still blocked (not exited) until killed. */
		EXPECT_EQ(0, waitpid(pids[i], &status, WNOHANG));
		kill(pids[i], SIGKILL);
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFSIGNALED(status));
	}
	/* Long before the stall ends. */
	EXPECT_LT(mt_now_ns() - t0, 700000000ULL);
	/* Their messages were never queued; the queued ones all run. */
	EXPECT_TRUE(counter_wait(self->counter, want, MT_WAIT_MS));
}

/* Send @req (@size bytes, header filled: @id, reply @reply) and receive. */
static mach_msg_return_t rpc_raw(mach_port_t dest, void *req,
				 mach_msg_size_t size, mach_msg_bits_t extra,
				 mach_msg_id_t id, union mt_rcv *buf)
{
	mach_msg_header_t *h = req;
	mach_port_t reply = mach_reply_port();
	mach_msg_return_t mr;

	mt_header(h, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				    MACH_MSG_TYPE_MAKE_SEND_ONCE) | extra,
		  size, dest, reply, id);
	mr = mach_msg(h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, size, 0,
		      MACH_PORT_NULL, MT_WAIT_MS, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS)
		mr = mt_recv_wait(reply, buf);
	mt_kill(reply);
	return mr;
}

/* RetCode of a 36-byte MIG error reply to @id, or MT_BAD. */
static kern_return_t mig_error(const union mt_rcv *buf, mach_msg_id_t id)
{
	const mig_reply_error_t *r = (const void *)buf;

	if (buf->head.msgh_size != sizeof(*r) || buf->head.msgh_id != id + 100)
		return MT_BAD;
	return r->RetCode;
}

/* The kernel server's checks, raw. */
TEST_F(kext, kernel_server_errors)
{
	struct {
		__Request__counter_add_t req;
		uint8_t more[16];
	} m;
	struct mt_port_msg pm;
	union mt_rcv buf;

	memset(&m, 0, sizeof(m));
	m.req.NDR = NDR_record;
	m.req.delta = 1;
	/* The exact request: a 40-byte reply. */
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->counter, &m,
					    sizeof(m.req), 0, 7800, &buf));
	EXPECT_EQ(sizeof(__Reply__counter_add_t), buf.head.msgh_size);
	EXPECT_EQ(7900, buf.head.msgh_id);
	/* Short, long: MIG_BAD_ARGUMENTS. */
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->counter, &m,
					    sizeof(m.req) - 4, 0, 7800, &buf));
	EXPECT_EQ(MIG_BAD_ARGUMENTS, mig_error(&buf, 7800));
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->counter, &m,
					    sizeof(m.req) + 4, 0, 7800, &buf));
	EXPECT_EQ(MIG_BAD_ARGUMENTS, mig_error(&buf, 7800));
	/* An id the subsystem does not have: MIG_BAD_ID. */
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->counter, &m, sizeof(m.req),
					    0, 7804, &buf));
	EXPECT_EQ(MIG_BAD_ID, mig_error(&buf, 7804));
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->counter, &m, sizeof(m.req),
					    0, 7799, &buf));
	EXPECT_EQ(MIG_BAD_ID, mig_error(&buf, 7799));
	/* A descriptor where none belongs: MIG_BAD_ARGUMENTS. */
	memset(&pm, 0, sizeof(pm));
	pm.body.msgh_descriptor_count = 1;
	pm.port.name = self->counter;
	pm.port.disposition = MACH_MSG_TYPE_COPY_SEND;
	pm.port.type = MACH_MSG_PORT_DESCRIPTOR;
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->counter, &pm, sizeof(pm),
					    MACH_MSGH_BITS_COMPLEX, 7801,
					    &buf));
	EXPECT_EQ(MIG_BAD_ARGUMENTS, mig_error(&buf, 7801));
	/* A simpleroutine sent with a reply port runs at once and answers. */
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->counter, &m, sizeof(m.req),
					    0, COUNTER_MIX, &buf));
	EXPECT_EQ(KERN_SUCCESS, mig_error(&buf, COUNTER_MIX));
}

/* Ask for @port's no-senders notification, to be queued on @port. */
static kern_return_t notify_no_senders(mach_port_t port)
{
	mach_port_t previous = MACH_PORT_NULL;

	return mach_port_request_notification(mach_task_self(), port,
					      MACH_NOTIFY_NO_SENDERS, 1, port,
					      MACH_MSG_TYPE_MAKE_SEND_ONCE,
					      &previous);
}

/*
 * A queued one-way message carrying a right the worker's routine refuses
 * (a descriptor counter_mix does not take): the right is released, and
 * the port's no-senders notification tells.
 */
TEST_F(kext, async_rights_released)
{
	mach_port_t port;
	union mt_rcv buf;

	PORT(port);
	ASSERT_EQ(KERN_SUCCESS, notify_no_senders(port));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send_port(self->counter, MACH_MSG_TYPE_COPY_SEND, port,
			       MACH_MSG_TYPE_MAKE_SEND, COUNTER_MIX,
			       MACH_SEND_TIMEOUT, MT_WAIT_MS));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(port, &buf));
	EXPECT_EQ(MACH_NOTIFY_NO_SENDERS, buf.head.msgh_id);
	mt_kill(port);
}

/*
 * One-way messages the worker cannot serve (an unknown id, a short
 * request) are dropped without a reply; the ones behind them still run.
 */
TEST_F(kext, async_bad_requests)
{
	int want;

	want = counter_value(_metadata, self->counter);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send(self->counter, MACH_MSG_TYPE_COPY_SEND,
			  MACH_PORT_NULL, 0, 7850, 1, MACH_SEND_TIMEOUT,
			  MT_WAIT_MS));
	/* struct mt_msg is 40 bytes; counter_mix's request is 36. */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send(self->counter, MACH_MSG_TYPE_COPY_SEND,
			  MACH_PORT_NULL, 0, COUNTER_MIX, 1,
			  MACH_SEND_TIMEOUT, MT_WAIT_MS));
	ASSERT_EQ(KERN_SUCCESS, counter_mix(self->counter, 5));
	want = mix(want, 5);
	EXPECT_TRUE(counter_wait(self->counter, want, MT_WAIT_MS));
}

static void *unload_sample(void *arg)
{
	long *err = arg;

	*err = xnu_kmod_unload(SAMPLE);
	return NULL;
}

/*
 * Unloading the kext while its worker is busy and messages are queued:
 * the queued messages are destroyed with the port at once (their rights
 * released: the no-senders notification comes long before the stall
 * ends), never run; the unload waits for the routine running.
 */
TEST_F(kext, unload_destroys_queue)
{
	mach_port_t port;
	uint64_t t0, notified;
	union mt_rcv buf;
	long err = -1;
	pthread_t t;
	int i;

	if (variant->nobody || sample_was_loaded)
		SKIP(return, "root, and only when this test loaded %s", SAMPLE);
	PORT(port);
	ASSERT_EQ(KERN_SUCCESS, notify_no_senders(port));
	t0 = mt_now_ns();
	ASSERT_EQ(KERN_SUCCESS, counter_stall(self->counter, 1000));
	mt_sleep_ms(50);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mt_send_port(self->counter, MACH_MSG_TYPE_COPY_SEND,
				       port, MACH_MSG_TYPE_MAKE_SEND,
				       COUNTER_MIX, MACH_SEND_TIMEOUT, 0));
	ASSERT_EQ(0, pthread_create(&t, NULL, unload_sample, &err));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(port, &buf));
	notified = mt_now_ns() - t0;
	EXPECT_EQ(MACH_NOTIFY_NO_SENDERS, buf.head.msgh_id);
	EXPECT_LT(notified, 700000000ULL);
	pthread_join(t, NULL);
	EXPECT_EQ(0, err);
	EXPECT_GE(mt_now_ns() - t0, 900000000ULL);
	EXPECT_FALSE(sample_loaded());
	/* Our send right is a dead name now. */
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(self->counter));
	mt_kill(port);
	/* Back for the tests that follow. */
	ASSERT_EQ(0, sample_load());
}

/* ---- the user path ----------------------------------------------------------- */

FIXTURE(user) {
	struct mt_env env;
	char name[BOOTSTRAP_MAX_NAME_LEN];
	pid_t server_pid;
	mach_port_t server;
};

MT_VARIANTS_ROOT_NOBODY(user);

/* The server process: example_serve() until it fails. */
static int server_child(void *arg)
{
	return (int)example_serve(arg) ? 1 : 0;
}

FIXTURE_SETUP(user)
{
	uint64_t end;

	mt_setup(_metadata, &self->env, variant->nobody);
	mt_service_name(self->name, sizeof(self->name), "migex");
	self->server = MACH_PORT_NULL;
	self->server_pid = mt_fork(server_child, self->name);
	ASSERT_GT(self->server_pid, 0);
	end = mt_now_ns() + MT_WAIT_MS * 1000000ULL;
	while (bootstrap_look_up(bootstrap_port, self->name, &self->server) !=
	       KERN_SUCCESS && mt_now_ns() < end)
		mt_sleep_ms(2);
	ASSERT_TRUE(MACH_PORT_VALID(self->server));
}

FIXTURE_TEARDOWN(user)
{
	if (self->server_pid > 0) {
		kill(self->server_pid, SIGKILL);
		waitpid(self->server_pid, NULL, 0);
	}
	mt_teardown(_metadata, &self->env);
}

/* Every routine through the generated stubs and mach_msg_server(). */
TEST_F(user, routines)
{
	example_name_t text = "Hello, MIG 42", upper;
	mach_msg_type_number_t cnt;
	example_ints_t squares;
	int sum = 0, ptype = 0, last = 0, notes = 0;
	mach_port_t port;

	ASSERT_EQ(KERN_SUCCESS, example_add(self->server, 40, 2, &sum));
	EXPECT_EQ(42, sum);
	ASSERT_EQ(KERN_SUCCESS, example_upper(self->server, text, upper));
	EXPECT_STREQ("HELLO, MIG 42", upper);

	/* CountInOut: as many as the caller has room for. */
	cnt = 3;
	ASSERT_EQ(KERN_SUCCESS, example_squares(self->server, 10, squares,
						&cnt));
	ASSERT_EQ(3U, cnt);
	EXPECT_EQ(1, squares[0]);
	EXPECT_EQ(4, squares[1]);
	EXPECT_EQ(9, squares[2]);
	cnt = 16;
	ASSERT_EQ(KERN_SUCCESS, example_squares(self->server, 5, squares,
						&cnt));
	EXPECT_EQ(5U, cnt);
	EXPECT_EQ(25, squares[4]);
	/* More room than the array has: the stub sends 16. */
	cnt = 1000;
	ASSERT_EQ(KERN_SUCCESS, example_squares(self->server, 20, squares,
						&cnt));
	EXPECT_EQ(16U, cnt);
	EXPECT_EQ(256, squares[15]);
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  example_squares(self->server, -1, squares, &cnt));

	/* A send right travels; the server sees a send right... */
	PORT_SEND(port);
	ASSERT_EQ(KERN_SUCCESS, example_port_type(self->server, port, &ptype));
	EXPECT_EQ(MACH_PORT_TYPE_SEND, (mach_port_type_t)ptype);
	/* ... which joins its receive right when it is the server's port. */
	ASSERT_EQ(KERN_SUCCESS, example_port_type(self->server, self->server,
						  &ptype));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, (mach_port_type_t)ptype);
	mt_kill(port);

	/* One-way notes, then a routine behind them on the same queue. */
	ASSERT_EQ(KERN_SUCCESS, example_note(self->server, 7));
	ASSERT_EQ(KERN_SUCCESS, example_note(self->server, 8));
	ASSERT_EQ(KERN_SUCCESS, example_note(self->server, 9));
	ASSERT_EQ(KERN_SUCCESS, example_last(self->server, &last, &notes));
	EXPECT_EQ(9, last);
	EXPECT_EQ(3, notes);
}

/* The generated demux's checks, raw. */
TEST_F(user, server_errors)
{
	struct {
		__Request__example_port_type_t req;
		uint8_t more[16];
	} m;
	__Request__example_add_t *add = (void *)&m;
	mach_port_t p;
	union mt_rcv buf;

	memset(&m, 0, sizeof(m));
	add->NDR = NDR_record;
	add->a = 1;
	add->b = 2;
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->server, add, sizeof(*add),
					    0, 7900, &buf));
	EXPECT_EQ(sizeof(__Reply__example_add_t), buf.head.msgh_size);
	EXPECT_EQ(3, ((__Reply__example_add_t *)&buf)->sum);
	/* Short: MIG_BAD_ARGUMENTS. */
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->server, add,
					    sizeof(*add) - 4, 0, 7900, &buf));
	EXPECT_EQ(MIG_BAD_ARGUMENTS, mig_error(&buf, 7900));
	/* Unknown ids: MIG_BAD_ID. */
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->server, add, sizeof(*add),
					    0, 7907, &buf));
	EXPECT_EQ(MIG_BAD_ID, mig_error(&buf, 7907));
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->server, add, sizeof(*add),
					    0, 1234, &buf));
	EXPECT_EQ(MIG_BAD_ID, mig_error(&buf, 1234));
	/*
	 * example_port_type with a send-once right where a send right
	 * belongs: MIG_TYPE_ERROR (and the right is destroyed: the port
	 * gets its send-once notification).
	 */
	PORT(p);
	memset(&m, 0, sizeof(m));
	m.req.msgh_body.msgh_descriptor_count = 1;
	m.req.port.name = p;
	m.req.port.disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	m.req.port.type = MACH_MSG_PORT_DESCRIPTOR;
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->server, &m, sizeof(m.req),
					    MACH_MSGH_BITS_COMPLEX, 7903,
					    &buf));
	EXPECT_EQ(MIG_TYPE_ERROR, mig_error(&buf, 7903));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(p, &buf));
	EXPECT_EQ(MACH_NOTIFY_SEND_ONCE, buf.head.msgh_id);
	/* No descriptor at all (not complex): MIG_BAD_ARGUMENTS. */
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_raw(self->server, &m, sizeof(m.req),
					    0, 7903, &buf));
	EXPECT_EQ(MIG_BAD_ARGUMENTS, mig_error(&buf, 7903));
	mt_kill(p);
}

/* The server exits holding the request: the stub says MIG_SERVER_DIED. */
TEST_F(user, server_died)
{
	int status = 0;

	EXPECT_EQ(MIG_SERVER_DIED, example_crash(self->server));
	ASSERT_EQ(self->server_pid, waitpid(self->server_pid, &status, 0));
	self->server_pid = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	/* Its port died with it. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  example_add(self->server, 1, 1, &status));
}

/*
 * A fake server answering example_squares with 10 items: a caller with
 * room for 3 gets MIG_ARRAY_TOO_LARGE, the 3 that fit and the count sent.
 */
static void *fake_squares(void *arg)
{
	mach_port_t port = (mach_port_t)(uintptr_t)arg;
	__Reply__example_squares_t rep;
	union mt_rcv buf;
	unsigned int i;

	if (mt_recv_wait(port, &buf) != MACH_MSG_SUCCESS)
		return NULL;
	memset(&rep, 0, sizeof(rep));
	rep.NDR = NDR_record;
	rep.RetCode = KERN_SUCCESS;
	rep.squaresCnt = 10;
	for (i = 0; i < 10; i++)
		rep.squares[i] = 100 + (int)i;
	mt_header(&rep.Head, MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(
					buf.head.msgh_bits), 0),
		  (mach_msg_size_t)(sizeof(rep) - sizeof(rep.squares) + 40),
		  buf.head.msgh_remote_port, MACH_PORT_NULL,
		  buf.head.msgh_id + 100);
	mach_msg(&rep.Head, MACH_SEND_MSG, rep.Head.msgh_size, 0,
		 MACH_PORT_NULL, 0, MACH_PORT_NULL);
	return NULL;
}

TEST_F(user, stub_array_too_large)
{
	mach_msg_type_number_t cnt = 3;
	example_ints_t squares = { 0 };
	mach_port_t port;
	pthread_t t;

	PORT_SEND(port);
	ASSERT_EQ(0, pthread_create(&t, NULL, fake_squares,
				    (void *)(uintptr_t)port));
	EXPECT_EQ(MIG_ARRAY_TOO_LARGE,
		  example_squares(port, 10, squares, &cnt));
	pthread_join(t, NULL);
	EXPECT_EQ(10U, cnt);
	EXPECT_EQ(100, squares[0]);
	EXPECT_EQ(102, squares[2]);
	EXPECT_EQ(0, squares[3]);
	mt_kill(port);
}

int main(int argc, char **argv)
{
	int err;

	sample_was_loaded = xnu_kmod_keep(SAMPLE);
	if (!sample_was_loaded && geteuid() == 0) {
		err = sample_load();
		if (err)
			ksft_print_msg("cannot load %s: %s\n", SAMPLE,
				       strerror(err));
	}
	return test_harness_run(argc, argv);
}

static void __attribute__((constructor)) __constructor_order_last(void)
{
	if (!__constructor_order)
		__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD;
}

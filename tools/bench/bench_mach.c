// SPDX-License-Identifier: GPL-2.0
/*
 * bench_mach.c - xnubench's Mach IPC rows:
 *
 *  - a null RPC to a passive kernel object: one mach_msg(SEND|RCV) to the
 *    test module's XNU_TESTSVC_NAME, whose empty routine runs in this
 *    thread and whose reply is received in the same call;
 *  - the same RPC to XNU_TESTSVC_ACTIVE_NAME, the same routine served by
 *    an active-listener kernel thread;
 *  - a null RPC between two processes: the client sends with a send-once
 *    reply right and receives in one call, the server replies and receives
 *    the next request in one call; both pinned to one CPU, as the pipe
 *    ping-pong row is;
 *  - mach_port_type() of one name in a space of 10 and of 100,000 names;
 *  - two MIG calls through the stubs xmig generated into libxnucross, each
 *    served by the module's generated kernel server in this thread:
 *    clock_get_time() of SYSTEM_CLOCK and thread_policy_get() of
 *    THREAD_EXTENDED_POLICY on mach_thread_self().
 *
 * The kernel-object rows load xnu_mach_test.ko when it is not loaded (the
 * benchmark runs as root in the test VM) and unload it afterwards; they
 * are skipped, with the reason, when it cannot be loaded.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mach/clock.h>
#include <mach/mach.h>
#include <mach/mach_host.h>
#include <mach/thread_act.h>
#include <servers/bootstrap.h>

#include "../../kmod/tests/xnu_mach_testsvc.h"
#include "xnubench.h"

#define TEST_MODULE		"xnu_mach_test"

/* User-user RPC: request ids, and the id that stops the server. */
#define USER_RPC_ID		0x6200
#define USER_RPC_QUIT		0x62ff
#define USER_RPC_HELLO		0x6201
/* How long setup waits for the server, and teardown for its exit. */
#define USER_RPC_TIMEOUT_MS	10000

/* A receive buffer: the largest message used here plus any trailer. */
union rpc_buf {
	mach_msg_header_t head;
	mig_reply_error_t reply;
	char bytes[sizeof(mig_reply_error_t) + MAX_TRAILER_SIZE + 64];
};

static void mach_fail(const struct bench *b, const char *what,
		      kern_return_t kr)
{
	fprintf(stderr, "xnubench: %s: %s: %s (%#x)\n", b->name, what,
		mach_error_string(kr), kr);
}

/* ---- the test module ---------------------------------------------------- */

/* Whether this run loaded the test module (and so unloads it). */
static int loaded_test_module;

/* 0 when loaded; 1 (row skipped) with the reason in b->note otherwise. */
static int test_module_load(struct bench *b)
{
	char why[sizeof(b->note) - sizeof("skipped: ")];

	if (!bench_module_load(TEST_MODULE, &loaded_test_module, why,
			       sizeof(why)))
		return 0;
	snprintf(b->note, sizeof(b->note), "skipped: %s", why);
	return 1;
}

/* Unload the test module if this run loaded it (our rights are gone). */
static void test_module_unload(void)
{
	bench_module_unload(TEST_MODULE, &loaded_test_module);
}

/* ---- null RPC to a kernel object ------------------------------------------ */

/* One null RPC to port[0], reply on port[1]; the result of mach_msg(). */
static mach_msg_return_t kobject_rpc(struct bench *b, union rpc_buf *m)
{
	mach_msg_return_t mr;

	m->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					   MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->head.msgh_size = sizeof(mach_msg_header_t);
	m->head.msgh_remote_port = b->port[0];
	m->head.msgh_local_port = b->port[1];
	m->head.msgh_voucher_port = MACH_PORT_NULL;
	m->head.msgh_id = XNU_TESTSVC_NULL;
	mr = mach_msg(&m->head, MACH_SEND_MSG | MACH_RCV_MSG,
		      sizeof(mach_msg_header_t), sizeof(*m), b->port[1],
		      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS &&
	    (m->head.msgh_id != XNU_TESTSVC_NULL + 100 ||
	     m->head.msgh_size != sizeof(mig_reply_error_t) ||
	     m->reply.RetCode != KERN_SUCCESS))
		return MIG_REPLY_MISMATCH;
	return mr;
}

static int kobject_setup(struct bench *b, const char *service)
{
	mach_port_t port = MACH_PORT_NULL;
	char what[192];
	union rpc_buf m;
	kern_return_t kr;
	int ret;

	ret = test_module_load(b);
	if (ret)
		return ret;
	kr = bootstrap_look_up(bootstrap_port, service, &port);
	if (kr != KERN_SUCCESS) {
		snprintf(what, sizeof(what), "bootstrap_look_up(\"%s\")",
			 service);
		mach_fail(b, what, kr);
		return -1;
	}
	b->port[0] = port;
	b->port[1] = mig_get_reply_port();
	kr = kobject_rpc(b, &m);
	if (kr != MACH_MSG_SUCCESS) {
		mach_fail(b, "mach_msg", kr);
		mach_port_deallocate(mach_task_self(), port);
		return -1;
	}
	snprintf(b->note, sizeof(b->note),
		 "mach_msg(SEND|RCV), id %d to %s, reply on mig_get_reply_port()",
		 XNU_TESTSVC_NULL, service);
	return 0;
}

int mach_kobject_setup(struct bench *b)
{
	return kobject_setup(b, XNU_TESTSVC_NAME);
}

int mach_kobject_active_setup(struct bench *b)
{
	int ret = kobject_setup(b, XNU_TESTSVC_ACTIVE_NAME);

	/* The last kernel-object row: no teardown follows a failed setup. */
	if (ret)
		test_module_unload();
	return ret;
}

int mach_kobject_run(struct bench *b, uint64_t iters)
{
	mach_msg_return_t mr;
	union rpc_buf m;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		mr = kobject_rpc(b, &m);
		if (mr != MACH_MSG_SUCCESS) {
			mach_fail(b, "mach_msg", mr);
			return -1;
		}
	}
	return 0;
}

void mach_kobject_teardown(struct bench *b)
{
	mach_port_deallocate(mach_task_self(), b->port[0]);
	b->port[0] = MACH_PORT_NULL;
}

void mach_kobject_active_teardown(struct bench *b)
{
	mach_kobject_teardown(b);
	test_module_unload();
}

/* ---- null RPC between two processes --------------------------------------- */

/* The server's loop, in the child: reply to each request, receive the next. */
static void __attribute__((noreturn)) user_rpc_serve(mach_port_t service)
{
	mach_msg_return_t mr;
	mach_port_t reply;
	union rpc_buf m;

	mr = mach_msg(&m.head, MACH_RCV_MSG, 0, sizeof(m), service,
		      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	while (mr == MACH_MSG_SUCCESS && m.head.msgh_id == USER_RPC_ID) {
		reply = m.head.msgh_remote_port;
		m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE,
						  0);
		m.head.msgh_size = sizeof(mach_msg_header_t);
		m.head.msgh_remote_port = reply;
		m.head.msgh_local_port = MACH_PORT_NULL;
		m.head.msgh_voucher_port = MACH_PORT_NULL;
		m.head.msgh_id = USER_RPC_ID + 100;
		mr = mach_msg(&m.head, MACH_SEND_MSG | MACH_RCV_MSG,
			      sizeof(mach_msg_header_t), sizeof(m), service,
			      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	}
	if (mr != MACH_MSG_SUCCESS)
		fprintf(stderr, "xnubench: user-user RPC server: mach_msg: %s (%#x)\n",
			mach_error_string(mr), mr);
	_exit(mr == MACH_MSG_SUCCESS && m.head.msgh_id == USER_RPC_QUIT ? 0 : 1);
}

/*
 * The child: find the parent's hand-off port among the inherited
 * registered ports, make a service port, send the parent a send right to
 * it, and serve.
 */
static void __attribute__((noreturn)) user_rpc_child(pid_t parent)
{
	mach_port_t task, service, handoff, *ports = NULL;
	mach_msg_type_number_t count = 0;
	mach_msg_header_t h;
	kern_return_t kr;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	task = mach_task_self();
	kr = mach_ports_lookup(task, &ports, &count);
	if (kr != KERN_SUCCESS || count < 1 || !MACH_PORT_VALID(ports[0])) {
		fprintf(stderr, "xnubench: user-user RPC server: mach_ports_lookup: %s (%#x)\n",
			mach_error_string(kr), kr);
		_exit(1);
	}
	handoff = ports[0];
	vm_deallocate(task, (vm_address_t)ports, count * sizeof(*ports));
	kr = mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &service);
	if (kr != KERN_SUCCESS)
		_exit(1);
	memset(&h, 0, sizeof(h));
	h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				     MACH_MSG_TYPE_MAKE_SEND);
	h.msgh_size = sizeof(h);
	h.msgh_remote_port = handoff;
	h.msgh_local_port = service;
	h.msgh_id = USER_RPC_HELLO;
	kr = mach_msg(&h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(h), 0,
		      MACH_PORT_NULL, USER_RPC_TIMEOUT_MS, MACH_PORT_NULL);
	if (kr != MACH_MSG_SUCCESS) {
		fprintf(stderr, "xnubench: user-user RPC server: hand-off: %s (%#x)\n",
			mach_error_string(kr), kr);
		_exit(1);
	}
	mach_port_deallocate(task, handoff);
	user_rpc_serve(service);
}

/* Stop the server (a quit message, else SIGKILL) and reap it. */
static void user_rpc_stop(struct bench *b)
{
	mach_msg_header_t h;
	kern_return_t kr = MACH_SEND_INVALID_DEST;
	int status, i;

	if (MACH_PORT_VALID(b->port[0])) {
		memset(&h, 0, sizeof(h));
		h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
		h.msgh_size = sizeof(h);
		h.msgh_remote_port = b->port[0];
		h.msgh_id = USER_RPC_QUIT;
		kr = mach_msg(&h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(h),
			      0, MACH_PORT_NULL, 1000, MACH_PORT_NULL);
		mach_port_deallocate(mach_task_self(), b->port[0]);
		b->port[0] = MACH_PORT_NULL;
	}
	/* Give a server that got the quit message a second to exit. */
	for (i = 0; kr == MACH_MSG_SUCCESS && i < 100; i++) {
		if (waitpid(b->pid, &status, WNOHANG) == b->pid)
			return;
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	}
	kill(b->pid, SIGKILL);
	waitpid(b->pid, &status, 0);
}

/*
 * Receive the server's hand-off on port[2]: its header carries a send
 * right to the service port, which becomes port[0].
 */
static int user_rpc_handoff(struct bench *b)
{
	mach_msg_return_t mr;
	union rpc_buf m;

	mr = mach_msg(&m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m),
		      b->port[2], USER_RPC_TIMEOUT_MS, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS) {
		mach_fail(b, "waiting for the server", mr);
		return -1;
	}
	if (m.head.msgh_id != USER_RPC_HELLO ||
	    MACH_MSGH_BITS_REMOTE(m.head.msgh_bits) != MACH_MSG_TYPE_PORT_SEND) {
		fprintf(stderr, "xnubench: %s: unexpected hand-off message\n",
			b->name);
		mach_msg_destroy(&m.head);
		return -1;
	}
	b->port[0] = m.head.msgh_remote_port;
	return 0;
}

/* Drop the hand-off port and its registration. */
static void user_rpc_handoff_done(struct bench *b)
{
	mach_port_t task = mach_task_self(), none = MACH_PORT_NULL;

	mach_ports_register(task, &none, 1);
	mach_port_deallocate(task, b->port[2]);
	mach_port_mod_refs(task, b->port[2], MACH_PORT_RIGHT_RECEIVE, -1);
	b->port[2] = MACH_PORT_NULL;
}

int mach_user_rpc_setup(struct bench *b)
{
	mach_port_t task = mach_task_self(), handoff;
	pid_t parent = getpid();
	kern_return_t kr;

	snprintf(b->note, sizeof(b->note),
		 "mach_msg(SEND|RCV), send-once reply right, to a forked server replying with SEND|RCV; one CPU");
	b->port[0] = MACH_PORT_NULL;
	kr = mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &handoff);
	if (kr != KERN_SUCCESS) {
		mach_fail(b, "mach_port_allocate", kr);
		return -1;
	}
	b->port[2] = handoff;
	kr = mach_port_insert_right(task, handoff, handoff,
				    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = mach_ports_register(task, &handoff, 1);
	if (kr != KERN_SUCCESS) {
		mach_fail(b, "registering the hand-off port", kr);
		user_rpc_handoff_done(b);
		return -1;
	}
	bench_pin_here(b);
	b->pid = fork();
	if (b->pid < 0) {
		fprintf(stderr, "xnubench: %s: fork: %s\n", b->name,
			strerror(errno));
		user_rpc_handoff_done(b);
		sched_setaffinity(0, sizeof(b->cpus), &b->cpus);
		return -1;
	}
	if (b->pid == 0)
		user_rpc_child(parent);
	if (user_rpc_handoff(b)) {
		user_rpc_handoff_done(b);
		user_rpc_stop(b);
		sched_setaffinity(0, sizeof(b->cpus), &b->cpus);
		return -1;
	}
	user_rpc_handoff_done(b);
	b->port[1] = mig_get_reply_port();
	return 0;
}

int mach_user_rpc_run(struct bench *b, uint64_t iters)
{
	mach_msg_return_t mr;
	union rpc_buf m;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						  MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.head.msgh_size = sizeof(mach_msg_header_t);
		m.head.msgh_remote_port = b->port[0];
		m.head.msgh_local_port = b->port[1];
		m.head.msgh_voucher_port = MACH_PORT_NULL;
		m.head.msgh_id = USER_RPC_ID;
		mr = mach_msg(&m.head, MACH_SEND_MSG | MACH_RCV_MSG,
			      sizeof(mach_msg_header_t), sizeof(m), b->port[1],
			      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS) {
			mach_fail(b, "mach_msg", mr);
			return -1;
		}
		if (m.head.msgh_id != USER_RPC_ID + 100) {
			fprintf(stderr, "xnubench: %s: reply id %d\n", b->name,
				m.head.msgh_id);
			return -1;
		}
	}
	return 0;
}

void mach_user_rpc_teardown(struct bench *b)
{
	user_rpc_stop(b);
	sched_setaffinity(0, sizeof(b->cpus), &b->cpus);
}

/* ---- name lookup in a small and a large space ------------------------------ */

/* Destroy the receive rights in b->names. */
static void lookup_free(struct bench *b)
{
	mach_port_t task = mach_task_self();
	size_t i;

	for (i = 0; i < b->count; i++)
		mach_port_mod_refs(task, b->names[i], MACH_PORT_RIGHT_RECEIVE,
				   -1);
	free(b->names);
	b->names = NULL;
	b->count = 0;
}

static int lookup_setup(struct bench *b, size_t n)
{
	mach_port_t task = mach_task_self();
	mach_port_type_t type;
	kern_return_t kr;

	b->names = calloc(n, sizeof(*b->names));
	if (!b->names) {
		fprintf(stderr, "xnubench: %s: out of memory\n", b->name);
		return -1;
	}
	for (b->count = 0; b->count < n; b->count++) {
		kr = mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE,
					&b->names[b->count]);
		if (kr != KERN_SUCCESS) {
			mach_fail(b, kr == KERN_NO_SPACE ?
				  "mach_port_allocate (see the module's ipc_space_max_names)" :
				  "mach_port_allocate", kr);
			lookup_free(b);
			return -1;
		}
	}
	/* The name looked up: allocated in the middle. */
	b->port[0] = b->names[n / 2];
	kr = mach_port_type(task, b->port[0], &type);
	if (kr != KERN_SUCCESS || type != MACH_PORT_TYPE_RECEIVE) {
		mach_fail(b, "mach_port_type", kr);
		lookup_free(b);
		return -1;
	}
	snprintf(b->note, sizeof(b->note),
		 "mach_port_type() of one of %zu receive rights allocated for it",
		 n);
	return 0;
}

int mach_lookup10_setup(struct bench *b)
{
	return lookup_setup(b, 10);
}

int mach_lookup100k_setup(struct bench *b)
{
	return lookup_setup(b, 100000);
}

int mach_lookup_run(struct bench *b, uint64_t iters)
{
	mach_port_t task = mach_task_self();
	mach_port_type_t type;
	kern_return_t kr;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		kr = mach_port_type(task, b->port[0], &type);
		if (kr != KERN_SUCCESS) {
			mach_fail(b, "mach_port_type", kr);
			return -1;
		}
	}
	return 0;
}

void mach_lookup_teardown(struct bench *b)
{
	lookup_free(b);
}

/* ---- MIG calls through generated stubs --------------------------------------- */

/* port[0]: the SYSTEM_CLOCK's port. */
int mach_clock_get_time_setup(struct bench *b)
{
	mach_timespec_t ts;
	clock_serv_t clock = MACH_PORT_NULL;
	kern_return_t kr;

	kr = host_get_clock_service(mach_host_self(), SYSTEM_CLOCK, &clock);
	if (kr != KERN_SUCCESS) {
		mach_fail(b, "host_get_clock_service", kr);
		return -1;
	}
	b->port[0] = clock;
	kr = clock_get_time(clock, &ts);
	if (kr != KERN_SUCCESS) {
		mach_fail(b, "clock_get_time", kr);
		mach_port_deallocate(mach_task_self(), clock);
		return -1;
	}
	snprintf(b->note, sizeof(b->note),
		 "clock_get_time(SYSTEM_CLOCK): xmig stub, kernel server in the caller");
	return 0;
}

int mach_clock_get_time_run(struct bench *b, uint64_t iters)
{
	mach_timespec_t ts;
	kern_return_t kr;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		kr = clock_get_time(b->port[0], &ts);
		if (kr != KERN_SUCCESS) {
			mach_fail(b, "clock_get_time", kr);
			return -1;
		}
		clobber(&ts);
	}
	return 0;
}

void mach_clock_get_time_teardown(struct bench *b)
{
	mach_port_deallocate(mach_task_self(), b->port[0]);
}

/* One thread_policy_get(THREAD_EXTENDED_POLICY) of thread port[0]. */
static kern_return_t policy_get(struct bench *b)
{
	thread_extended_policy_data_t ext;
	mach_msg_type_number_t count = THREAD_EXTENDED_POLICY_COUNT;
	boolean_t get_default = FALSE;
	kern_return_t kr;

	kr = thread_policy_get(b->port[0], THREAD_EXTENDED_POLICY,
			       (thread_policy_t)&ext, &count, &get_default);
	clobber(&ext);
	return kr;
}

/* port[0]: this thread's port. */
int mach_thread_policy_get_setup(struct bench *b)
{
	kern_return_t kr;

	b->port[0] = mach_thread_self();
	if (!MACH_PORT_VALID(b->port[0])) {
		mach_fail(b, "mach_thread_self", KERN_FAILURE);
		return -1;
	}
	kr = policy_get(b);
	if (kr != KERN_SUCCESS) {
		mach_fail(b, "thread_policy_get", kr);
		mach_port_deallocate(mach_task_self(), b->port[0]);
		return -1;
	}
	snprintf(b->note, sizeof(b->note),
		 "thread_policy_get(mach_thread_self(), EXTENDED): xmig stub, kernel server");
	return 0;
}

int mach_thread_policy_get_run(struct bench *b, uint64_t iters)
{
	kern_return_t kr;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		kr = policy_get(b);
		if (kr != KERN_SUCCESS) {
			mach_fail(b, "thread_policy_get", kr);
			return -1;
		}
	}
	return 0;
}

void mach_thread_policy_get_teardown(struct bench *b)
{
	mach_port_deallocate(mach_task_self(), b->port[0]);
}

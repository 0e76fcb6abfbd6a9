/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnu_mach_selftest.h - what the Mach IPC selftests share: a fixture
 * environment (taint noted, optionally running as nobody) and the
 * fixtures made of it alone (root, or root and nobody), small wrappers
 * around the Darwin calls of libxnucross (<mach/mach.h>,
 * <servers/bootstrap.h>) that return a value or a sentinel so tests can
 * compare in one line, message layouts and senders for simple and port
 * descriptor messages, checks of a send-once notification and of an NDR
 * record, raw trap calls for the tests of the ioctl ABI,
 * forked children whose result comes back as their exit status, waiting
 * until a thread sleeps in the kernel, and the unique service names the
 * two-process tests meet through.
 *
 * The harness forks a child per test, so every test is a fresh Mach task
 * with a fresh space. A child forked by a test is a task of its own too:
 * libxnucross reopens the device in it.
 *
 * Include this instead of xnu_selftest.h (it includes it, and the harness).
 */
#ifndef XNU_MACH_SELFTEST_H
#define XNU_MACH_SELFTEST_H

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>

#include <mach/mach.h>
#include <servers/bootstrap.h>

#include "libxnucross.h"
#include "xnu_mach_traps.h"

#include "xnu_selftest.h"
#include "kselftest_harness.h"

/* A wait that must end does so within this (ms). */
#define MT_WAIT_MS		5000
/* What the wrappers below return when the call failed. */
#define MT_BAD			0xdeadbeefU

/* The value of a bit-field, as an unsigned (typeof refuses bit-fields). */
#define MT_BF(x)		((unsigned int)(x))

/* ---- time -------------------------------------------------------------- */

static inline uint64_t mt_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static inline void mt_sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ---- the fixture environment -------------------------------------------- */

/**
 * struct mt_env - what every Mach fixture keeps
 * @task:	mach_task_self() at setup
 * @taint:	kernel taint flags at setup
 * @nobody:	the test runs as nobody
 */
struct mt_env {
	mach_port_t task;
	unsigned long taint;
	int nobody;
};

/*
 * Setup: note the taint, become nobody when asked (skipping the test when
 * devmode refuses nobody), and make the first Mach call.
 */
static inline void mt_setup(struct __test_metadata *_metadata,
			    struct mt_env *env, int nobody)
{
	unsigned long devmode;

	env->taint = xnu_taint();
	env->nobody = nobody;
	ASSERT_NE(~0UL, env->taint);
	if (nobody) {
		ASSERT_EQ(0, xnu_devmode(&devmode));
		if ((devmode & 0006) != 0006)
			SKIP(_exit(255), "devmode %#lo refuses nobody",
			     devmode);
		ASSERT_EQ(0, xnu_drop_to_nobody());
	}
	env->task = mach_task_self();
	ASSERT_TRUE(MACH_PORT_VALID(env->task)) {
		TH_LOG("mach_task_self() = %#x: is xnucross loaded? %s",
		       env->task, xnucross_strerror());
	}
}

/* Teardown: fail when the kernel oopsed, warned or saw a bad page. */
static inline void mt_teardown(struct __test_metadata *_metadata,
			       const struct mt_env *env)
{
	unsigned long taint = xnu_taint();

	/* A failed ASSERT left the harness's handler armed: disarm it. */
	_metadata->trigger = 0;
	EXPECT_EQ(0UL, (taint & ~env->taint) & XNU_TAINT_BAD) {
		TH_LOG("kernel taint went from %#lx to %#lx", env->taint,
		       taint);
	}
}

/*
 * The fixtures that keep only the environment (self->env), with setup and
 * teardown as above (each is a whole definition: no semicolon after it):
 * MT_FIXTURE(name) runs its tests as root, MT_FIXTURE_ROOT_NOBODY(name)
 * twice, as root and as nobody (variants root and nobody).
 * MT_FIXTURE_TEARDOWN(name) is the teardown of any fixture holding env.
 */
#define MT_FIXTURE_TEARDOWN(name)					\
	FIXTURE_TEARDOWN(name)						\
	{								\
		mt_teardown(_metadata, &self->env);			\
	}

#define MT_FIXTURE(name)						\
	FIXTURE(name) {							\
		struct mt_env env;					\
	};								\
	XNU_FIXTURE_PROTOTYPES(name);					\
	FIXTURE_SETUP(name)						\
	{								\
		mt_setup(_metadata, &self->env, 0);			\
	}								\
	MT_FIXTURE_TEARDOWN(name)

/*
 * After FIXTURE(name) { ... }: the variants root and nobody (variant->nobody
 * says which) and the prototypes of the fixture's setup and teardown.
 */
#define MT_VARIANTS_ROOT_NOBODY(name)					\
	FIXTURE_VARIANT(name) {						\
		int nobody;						\
	};								\
	XNU_FIXTURE_PROTOTYPES(name);					\
	FIXTURE_VARIANT_ADD(name, root) {				\
		.nobody = 0,						\
	};								\
	FIXTURE_VARIANT_ADD(name, nobody) {				\
		.nobody = 1,						\
	}

#define MT_FIXTURE_ROOT_NOBODY(name)					\
	FIXTURE(name) {							\
		struct mt_env env;					\
	};								\
	MT_VARIANTS_ROOT_NOBODY(name);					\
	FIXTURE_SETUP(name)						\
	{								\
		mt_setup(_metadata, &self->env, variant->nobody);	\
	}								\
	MT_FIXTURE_TEARDOWN(name)

/* In a test of such a fixture: the task, and a new right or the end. */
#define TASK	(self->env.task)

#define PORT(var) do {					\
	(var) = mt_port();				\
	ASSERT_NE(MACH_PORT_NULL, (var));		\
} while (0)

#define PORT_SEND(var) do {				\
	(var) = mt_port_send();				\
	ASSERT_NE(MACH_PORT_NULL, (var));		\
} while (0)

/* ---- one-line wrappers ---------------------------------------------------- */

/* A new receive right, or MACH_PORT_NULL. */
static inline mach_port_t mt_port(void)
{
	mach_port_t name = MACH_PORT_NULL;

	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
			       &name) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	return name;
}

/* A new receive right with a send right under the same name, or NULL. */
static inline mach_port_t mt_port_send(void)
{
	mach_port_t name = mt_port();

	if (name && mach_port_insert_right(mach_task_self(), name, name,
					   MACH_MSG_TYPE_MAKE_SEND)) {
		mach_port_mod_refs(mach_task_self(), name,
				   MACH_PORT_RIGHT_RECEIVE, -1);
		return MACH_PORT_NULL;
	}
	return name;
}

/* A new port set, or MACH_PORT_NULL. */
static inline mach_port_t mt_pset(void)
{
	mach_port_t name = MACH_PORT_NULL;

	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET,
			       &name) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	return name;
}

/* mach_port_type() of a name, or MT_BAD. */
static inline mach_port_type_t mt_type(mach_port_name_t name)
{
	mach_port_type_t type;

	if (mach_port_type(mach_task_self(), name, &type) != KERN_SUCCESS)
		return MT_BAD;
	return type;
}

/* mach_port_get_refs() of a right, or MT_BAD. */
static inline mach_port_urefs_t mt_refs(mach_port_name_t name,
					mach_port_right_t right)
{
	mach_port_urefs_t refs;

	if (mach_port_get_refs(mach_task_self(), name, right, &refs) !=
	    KERN_SUCCESS)
		return MT_BAD;
	return refs;
}

/* The receive status of a port; kern_return_t. */
static inline kern_return_t mt_status(mach_port_name_t name,
				      mach_port_status_t *st)
{
	mach_msg_type_number_t count = MACH_PORT_RECEIVE_STATUS_COUNT;

	memset(st, 0xa5, sizeof(*st));
	return mach_port_get_attributes(mach_task_self(), name,
					MACH_PORT_RECEIVE_STATUS,
					(mach_port_info_t)st, &count);
}

/* Messages queued on a receive right, or MT_BAD. */
static inline unsigned int mt_msgcount(mach_port_name_t name)
{
	mach_port_status_t st;

	if (mt_status(name, &st) != KERN_SUCCESS)
		return MT_BAD;
	return st.mps_msgcount;
}

/* Set a receive right's queue limit; kern_return_t. */
static inline kern_return_t mt_set_qlimit(mach_port_name_t name,
					  unsigned int qlimit)
{
	mach_port_limits_t lim = { .mpl_qlimit = qlimit };

	return mach_port_set_attributes(mach_task_self(), name,
					MACH_PORT_LIMITS_INFO,
					(mach_port_info_t)&lim,
					MACH_PORT_LIMITS_INFO_COUNT);
}

/* A send-once right made from a receive right, or MACH_PORT_NULL. */
static inline mach_port_t mt_make_sonce(mach_port_name_t port)
{
	mach_msg_type_name_t poly = 0;
	mach_port_t name = MACH_PORT_NULL;

	if (mach_port_extract_right(mach_task_self(), port,
				    MACH_MSG_TYPE_MAKE_SEND_ONCE, &name,
				    &poly) != KERN_SUCCESS ||
	    poly != MACH_MSG_TYPE_PORT_SEND_ONCE)
		return MACH_PORT_NULL;
	return name;
}

/*
 * The names of the space (mach_port_names()); returns how many, or -1.
 * With @names/@types (either may be NULL) the arrays are returned and the
 * caller frees them with mt_free_names().
 */
static inline int mt_names(mach_port_name_t **names, mach_port_type_t **types)
{
	mach_port_name_array_t n = NULL;
	mach_port_type_array_t t = NULL;
	mach_msg_type_number_t nc = 0, tc = 0;

	if (mach_port_names(mach_task_self(), &n, &nc, &t, &tc) !=
	    KERN_SUCCESS || nc != tc)
		return -1;
	if (names)
		*names = n;
	else if (n)
		vm_deallocate(mach_task_self(), (vm_address_t)n,
			      nc * sizeof(*n));
	if (types)
		*types = t;
	else if (t)
		vm_deallocate(mach_task_self(), (vm_address_t)t,
			      tc * sizeof(*t));
	return (int)nc;
}

static inline void mt_free_names(mach_port_name_t *names,
				 mach_port_type_t *types, int count)
{
	if (names && count > 0)
		vm_deallocate(mach_task_self(), (vm_address_t)names,
			      (vm_size_t)count * sizeof(*names));
	if (types && count > 0)
		vm_deallocate(mach_task_self(), (vm_address_t)types,
			      (vm_size_t)count * sizeof(*types));
}

/* Destroy a receive right (mod_refs -1); kern_return_t. */
static inline kern_return_t mt_kill(mach_port_name_t name)
{
	return mach_port_mod_refs(mach_task_self(), name,
				  MACH_PORT_RIGHT_RECEIVE, -1);
}

/* ---- messages --------------------------------------------------------------- */

/* A simple message: the header and four words of data. */
struct mt_msg {
	mach_msg_header_t head;
	uint32_t data[4];
};

/* The largest message the tests receive, with room for any trailer. */
#define MT_RCV_MAX	512

/* A receive buffer: any message of up to MT_RCV_MAX bytes and a trailer. */
union mt_rcv {
	mach_msg_header_t head;
	struct mt_msg msg;
	uint8_t bytes[MT_RCV_MAX + sizeof(mach_msg_max_trailer_t)];
};

/* One port descriptor and a word of data. */
struct mt_port_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
	uint32_t tag;
};

/* Fill a header. */
static inline void mt_header(mach_msg_header_t *h, mach_msg_bits_t bits,
			     mach_msg_size_t size, mach_port_t remote,
			     mach_port_t local, mach_msg_id_t id)
{
	h->msgh_bits = bits;
	h->msgh_size = size;
	h->msgh_remote_port = remote;
	h->msgh_local_port = local;
	h->msgh_voucher_port = MACH_PORT_NULL;
	h->msgh_id = id;
}

/*
 * Send a simple message to @dest (disposition @disp) with reply right
 * @reply (@reply_disp, 0 for none), id @id and data word @word; @option is
 * added to MACH_SEND_MSG (e.g. MACH_SEND_TIMEOUT with @timeout).
 */
static inline mach_msg_return_t mt_send(mach_port_t dest,
					mach_msg_type_name_t disp,
					mach_port_t reply,
					mach_msg_type_name_t reply_disp,
					mach_msg_id_t id, uint32_t word,
					mach_msg_option_t option,
					mach_msg_timeout_t timeout)
{
	struct mt_msg m;

	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(disp, reply_disp), sizeof(m), dest,
		  reply, id);
	m.data[0] = word;
	m.data[1] = ~word;
	return mach_msg(&m.head, MACH_SEND_MSG | option, sizeof(m), 0,
			MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

/*
 * Send a simple message to the receive right @dest (a send right is made
 * for it), without waiting for room.
 */
static inline mach_msg_return_t mt_send_simple(mach_port_t dest,
					       mach_msg_id_t id)
{
	return mt_send(dest, MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_NULL, 0, id,
		       (uint32_t)id, MACH_SEND_TIMEOUT, 0);
}

/*
 * Receive on @name into @buf (@size bytes); @option is added to
 * MACH_RCV_MSG. With MACH_RCV_TIMEOUT in @option, @timeout applies.
 */
static inline mach_msg_return_t mt_recv(mach_port_t name, void *buf,
					mach_msg_size_t size,
					mach_msg_option_t option,
					mach_msg_timeout_t timeout)
{
	memset(buf, 0, size);
	return mach_msg((mach_msg_header_t *)buf, MACH_RCV_MSG | option, 0,
			size, name, timeout, MACH_PORT_NULL);
}

/* Receive what is queued on @name, waiting at most MT_WAIT_MS. */
static inline mach_msg_return_t mt_recv_wait(mach_port_t name,
					     union mt_rcv *buf)
{
	return mt_recv(name, buf, sizeof(*buf), MACH_RCV_TIMEOUT, MT_WAIT_MS);
}

/* Receive without waiting. */
static inline mach_msg_return_t mt_recv_poll(mach_port_t name,
					     union mt_rcv *buf)
{
	return mt_recv(name, buf, sizeof(*buf), MACH_RCV_TIMEOUT, 0);
}

/* Receive and check the send-once notification queued on @port. */
static inline void mt_expect_send_once_notification(
	struct __test_metadata *_metadata, mach_port_t port)
{
	union mt_rcv buf;

	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(port, &buf));
	EXPECT_EQ(MACH_NOTIFY_SEND_ONCE, buf.head.msgh_id);
	EXPECT_EQ(XNU_NOTIFY_SEND_ONCE_SIZE, buf.head.msgh_size);
	EXPECT_EQ(port, buf.head.msgh_local_port);
	EXPECT_EQ(MACH_PORT_NULL, buf.head.msgh_remote_port);
}

/* A message's NDR record is NDR_record's: little-endian, ASCII, IEEE. */
static inline bool mt_ndr_ok(const NDR_record_t *ndr)
{
	static const uint8_t want[8] = { 0, 0, 0, 0, 1, 0, 0, 0 };

	return memcmp(ndr, want, sizeof(want)) == 0;
}

/* ---- raw MIG requests ------------------------------------------------- */

/*
 * Send @len bytes of @req (header filled here: id @id, to @dest with a
 * fresh send-once reply right, bits @extra_bits added) and receive the
 * reply into @buf; the reply port comes back in *@replyp.
 */
static inline mach_msg_return_t mt_rpc(mach_port_t dest, void *req,
				       mach_msg_size_t len, mach_msg_id_t id,
				       mach_msg_bits_t extra_bits,
				       union mt_rcv *buf, mach_port_t *replyp)
{
	mach_port_t reply = mach_reply_port();

	*replyp = reply;
	mt_header(req, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				      MACH_MSG_TYPE_MAKE_SEND_ONCE) |
		  extra_bits, len, dest, reply, id);
	memset(buf, 0, sizeof(*buf));
	memcpy(buf, req, len);
	return mach_msg(&buf->head,
			MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, len,
			sizeof(*buf), reply, MT_WAIT_MS, MACH_PORT_NULL);
}

/* What mt_check_mig_reply_error() checks besides size, id, port, code. */
#define MT_MIG_SIMPLE	0x1	/* the reply is not complex */
#define MT_MIG_NDR	0x2	/* its NDR record is NDR_record's */

/*
 * The reply in @buf is a 36-byte error reply to @id on @reply saying
 * @code, with the properties @checks (MT_MIG_*) asks for.
 */
static inline void
mt_check_mig_reply_error(struct __test_metadata *_metadata,
			 const union mt_rcv *buf, mach_port_t reply,
			 mach_msg_id_t id, kern_return_t code,
			 unsigned int checks)
{
	const mig_reply_error_t *r = (const void *)buf;

	EXPECT_EQ(36U, r->Head.msgh_size);
	EXPECT_EQ(id + 100, r->Head.msgh_id);
	EXPECT_EQ(reply, r->Head.msgh_local_port);
	if (checks & MT_MIG_SIMPLE)
		EXPECT_EQ(0U, r->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	if (checks & MT_MIG_NDR)
		EXPECT_TRUE(mt_ndr_ok(&r->NDR));
	EXPECT_EQ(code, r->RetCode);
}

/* As above, checking all: a simple reply with NDR_record's NDR record. */
static inline void mt_check_mig_error(struct __test_metadata *_metadata,
				      const union mt_rcv *buf,
				      mach_port_t reply, mach_msg_id_t id,
				      kern_return_t code)
{
	mt_check_mig_reply_error(_metadata, buf, reply, id, code,
				 MT_MIG_SIMPLE | MT_MIG_NDR);
}

/*
 * Send a message carrying one port descriptor (@name with disposition
 * @pdisp) and the word @id to @dest, used with disposition @dest_disp.
 */
static inline mach_msg_return_t mt_send_port(mach_port_t dest,
					     mach_msg_type_name_t dest_disp,
					     mach_port_t name,
					     mach_msg_type_name_t pdisp,
					     mach_msg_id_t id,
					     mach_msg_option_t option,
					     mach_msg_timeout_t timeout)
{
	struct mt_port_msg m;

	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(dest_disp, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), dest, MACH_PORT_NULL,
		  id);
	m.body.msgh_descriptor_count = 1;
	m.port.name = name;
	m.port.disposition = pdisp;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.tag = (uint32_t)id;
	return mach_msg(&m.head, MACH_SEND_MSG | option, sizeof(m), 0,
			MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

/* The port descriptor of a received struct mt_port_msg. */
static inline mach_msg_port_descriptor_t *mt_rcv_port(union mt_rcv *buf)
{
	return &((struct mt_port_msg *)buf)->port;
}

/* The trailer after a received message. */
static inline mach_msg_max_trailer_t *mt_trailer(void *buf)
{
	mach_msg_header_t *h = buf;

	return (mach_msg_max_trailer_t *)((uint8_t *)buf + h->msgh_size);
}

/* ---- raw traps ----------------------------------------------------------------- */

/*
 * One trap on @fd: the ioctl's result (a Darwin code, >= 0: the trap
 * result is the ioctl's return value) or -errno.
 */
static inline int mt_trap_fd(int fd, unsigned long cmd, void *arg)
{
	int ret = ioctl(fd, cmd, arg);

	return ret < 0 ? -errno : ret;
}

/* One trap on libxnucross's descriptor, as mt_trap_fd(). */
static inline int mt_raw(unsigned long cmd, void *arg)
{
	int fd = xnucross_fd();

	if (fd < 0)
		return -errno;
	return mt_trap_fd(fd, cmd, arg);
}

/* ---- processes and threads ---------------------------------------------------------- */

/*
 * In a forked child (no harness there): check a condition, or print why
 * not and return the line number as the child's failure.
 */
#define MT_CHILD_TRUE(cond) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "# child %d: %s:%d: %s\n", getpid(),	\
			__FILE__, __LINE__, #cond);			\
		return (__LINE__ % 250) + 1;				\
	}								\
} while (0)

#define MT_CHILD_EQ(expected, seen) do {				\
	long long __e = (long long)(expected);				\
	long long __s = (long long)(seen);				\
	if (__e != __s) {						\
		fprintf(stderr,						\
			"# child %d: %s:%d: %s (%#llx) != %s (%#llx)\n",\
			getpid(), __FILE__, __LINE__, #expected,	\
			(unsigned long long)__e, #seen,			\
			(unsigned long long)__s);			\
		return (__LINE__ % 250) + 1;				\
	}								\
} while (0)

/*
 * Fork a child that runs @fn(@arg) and exits with its result (0 for
 * success). Returns the pid, or -1.
 */
static inline pid_t mt_fork(int (*fn)(void *arg), void *arg)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0)
		_exit(fn(arg) & 0xff);
	return pid;
}

/*
 * Wait for @pid for up to @ms; the wait status, or -1 after killing a
 * child that did not end in time.
 */
static inline int mt_wait(pid_t pid, unsigned int ms)
{
	uint64_t end = mt_now_ns() + (uint64_t)ms * 1000000ULL;
	int status;
	pid_t ret;

	for (;;) {
		ret = waitpid(pid, &status, WNOHANG);
		if (ret == pid)
			return status;
		if (ret < 0 && errno != EINTR)
			return -1;
		if (mt_now_ns() > end)
			break;
		mt_sleep_ms(1);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

/* Wait for a child that must exit with 0; 0, or the problem as a code. */
static inline int mt_wait_ok(pid_t pid)
{
	int status = mt_wait(pid, MT_WAIT_MS);

	if (status == -1)
		return -1;
	if (!WIFEXITED(status))
		return 1000 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return WEXITSTATUS(status);
}

/* The scheduler state letter of a thread ('R', 'S', 'D', ...), or 0. */
static inline char mt_thread_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return 0;
	return p[2];
}

/*
 * Wait until thread @tid of process @pid sleeps (state 'S'), at most @ms.
 * Returns 0 when it does, -1 otherwise.
 */
static inline int mt_wait_sleeping(pid_t pid, pid_t tid, unsigned int ms)
{
	uint64_t end = mt_now_ns() + (uint64_t)ms * 1000000ULL;

	do {
		if (mt_thread_state(pid, tid) == 'S')
			return 0;
		mt_sleep_ms(1);
	} while (mt_now_ns() < end);
	return -1;
}

static inline pid_t mt_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ---- module parameters ---------------------------------------------------------- */

#define MT_PARAM_DIR	"/sys/module/xnucross/parameters/"

/* A numeric module parameter of xnucross, or -1 when it cannot be read. */
static inline long long mt_param(const char *name)
{
	char path[128], buf[32];
	long long v = -1;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), MT_PARAM_DIR "%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		v = strtoll(buf, NULL, 0);
	}
	return v;
}

/* Set a numeric module parameter (root only); 0, or -1. */
static inline int mt_set_param(const char *name, long long value)
{
	char path[128], buf[32];
	ssize_t n;
	int fd, len;

	snprintf(path, sizeof(path), MT_PARAM_DIR "%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%lld", value);
	n = write(fd, buf, (size_t)len);
	close(fd);
	return n == len ? 0 : -1;
}

/* Ports alive in the module (mach_ports_live), or -1. */
static inline long long mt_ports_live(void)
{
	return mt_param("mach_ports_live");
}

/*
 * The live ports once earlier tests' ports are all freed (they go after an
 * RCU grace period): the count once it stays the same for 60 ms, or -1.
 */
static inline long long mt_ports_live_settled(void)
{
	uint64_t end = mt_now_ns() + (uint64_t)MT_WAIT_MS * 1000000ULL;
	long long live = mt_ports_live(), now;
	int same = 0;

	while (live >= 0 && same < 3 && mt_now_ns() < end) {
		mt_sleep_ms(20);
		now = mt_ports_live();
		same = now == live ? same + 1 : 0;
		live = now;
	}
	return live;
}

/*
 * Wait (up to MT_WAIT_MS) until the module's live ports come down to
 * @count; returns the last count seen.
 */
static inline long long mt_ports_live_wait(long long count)
{
	uint64_t end = mt_now_ns() + (uint64_t)MT_WAIT_MS * 1000000ULL;
	long long live;

	for (;;) {
		live = mt_ports_live();
		if (live <= count || mt_now_ns() > end)
			return live;
		mt_sleep_ms(5);
	}
}

/*
 * A full space: ipc_space_max_names lowered to @limit (root only), then
 * receive rights allocated until no name is left. mt_space_unfill() gives
 * the names back and restores the limit.
 */
struct mt_full_space {
	long long saved_limit;
	mach_port_t names[4096];
	unsigned int count;
};

static inline int mt_space_fill(struct mt_full_space *f, unsigned int limit)
{
	mach_port_t name;
	kern_return_t kr;

	f->count = 0;
	f->saved_limit = mt_param("ipc_space_max_names");
	if (f->saved_limit < 0 || mt_set_param("ipc_space_max_names", limit))
		return -1;
	while (f->count < sizeof(f->names) / sizeof(f->names[0])) {
		name = MACH_PORT_NULL;
		kr = mach_port_allocate(mach_task_self(),
					MACH_PORT_RIGHT_RECEIVE, &name);
		if (kr == KERN_NO_SPACE)
			return 0;
		if (kr != KERN_SUCCESS)
			break;
		f->names[f->count++] = name;
	}
	return -1;
}

static inline void mt_space_unfill(struct mt_full_space *f)
{
	unsigned int i;

	if (f->saved_limit > 0)
		mt_set_param("ipc_space_max_names", f->saved_limit);
	for (i = 0; i < f->count; i++)
		mach_port_mod_refs(mach_task_self(), f->names[i],
				   MACH_PORT_RIGHT_RECEIVE, -1);
	f->count = 0;
}

/* ---- service names --------------------------------------------------------------------- */

/*
 * A bootstrap name no other test (or run) uses: the tag, the pid and a
 * counter, so tests of two processes can meet through bootstrap_check_in()
 * and bootstrap_look_up().
 */
static inline void mt_service_name(char *buf, size_t len, const char *tag)
{
	static unsigned int seq;

	snprintf(buf, len, "org.xnucross.selftest.%s.%d.%u", tag,
		 (int)getpid(), seq++);
}

#endif /* XNU_MACH_SELFTEST_H */

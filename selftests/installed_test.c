// SPDX-License-Identifier: GPL-2.0
/*
 * installed_test.c - a user's own program, built against the *installed*
 * libxnucross (headers and shared library found with pkg-config, see the
 * Makefile's installcheck target) and run in the test VM through
 * 'xnuvm --add'. Checks that it really uses the installed shared library and
 * reaches the module through it, and that a Darwin Mach program compiles
 * unchanged against the installed <mach/mach.h> and <servers/bootstrap.h>
 * (Darwin's ABI numbers included) and works through the shared library:
 * a port with a send right, a message to itself and an RPC answered through
 * a send-once reply right, bootstrap_check_in() and bootstrap_look_up() of
 * a name of its own, and the clean-up calls with their exact return codes.
 * Every Darwin header issue 8 lists is included as a macOS program would
 * include it; sysctl(3), the clock service, a thread policy and a
 * semaphore run through the installed library too, Darwin's ioctl
 * encoding is <sys/ioccom.h>'s, and MIG's errors come back as
 * <mach/mig_errors.h> says.
 *
 * The external module: installcheck built selftests/extmod (a kext using
 * xnucross's exported sysctl API) against the installed kernel-API headers
 * and Module.symvers, for each test kernel, into INSTALLED_EXTMOD/<kver>/.
 * It is loaded here (the running kernel's build), shows as a holder of
 * xnucross, serves its OIDs through the installed library (reads, a write
 * as root, refusals as nobody and for a read-only OID), and unloads, taking
 * its OIDs with it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <sys/sysctl.h>
#include <sys/ioccom.h>
#include <mach/mach.h>
#include <mach/message.h>
#include <mach/mach_port.h>
#include <mach/kern_return.h>
#include <mach/clock.h>
#include <mach/mach_host.h>
#include <mach/mig_errors.h>
#include <mach/thread_policy.h>
#include <mach/semaphore.h>
#include <servers/bootstrap.h>

#include <libxnucross.h>

#include "kselftest_harness.h"

#ifndef INSTALLED_LIBDIR
#error "build with -DINSTALLED_LIBDIR=\"<libdir of the installed tree>\""
#endif
#ifndef INSTALLED_EXTMOD
#error "build with -DINSTALLED_EXTMOD=\"<dir of the external module builds>\""
#endif

static int find_lib(struct dl_phdr_info *info, size_t size, void *data)
{
	char *where = data;

	if (strstr(info->dlpi_name, "/libxnucross.so.1")) {
		strncpy(where, info->dlpi_name, PATH_MAX - 1);
		return 1;
	}
	return 0;
}

TEST(uses_installed_shared_library)
{
	char where[PATH_MAX] = "";

	ASSERT_EQ(1, dl_iterate_phdr(find_lib, where));
	EXPECT_EQ(0, strncmp(where, INSTALLED_LIBDIR "/",
			     strlen(INSTALLED_LIBDIR) + 1)) {
		TH_LOG("libxnucross.so.1 loaded from %s", where);
	}
}

TEST(reaches_module_through_library)
{
	struct xnucross_info info;

	ASSERT_EQ(0, xnucross_info(&info)) {
		TH_LOG("%s", xnucross_strerror());
	}
	EXPECT_EQ((uint32_t)XNU_API_VERSION, info.kernel_api);
	EXPECT_EQ((uint32_t)XNU_API_VERSION, info.user_api);
	EXPECT_NE(0ULL, info.features & XNU_FEAT_TRAPS);
	EXPECT_EQ(0, xnucross_trap(XNU_TRAP_NULL, NULL));
}

TEST(unknown_trap_through_library)
{
	EXPECT_EQ(-1, xnucross_trap(XNU_IO(XNU_TRAP_GROUP, 0xfe), NULL));
	EXPECT_EQ(ENOTTY, errno);
}

/*
 * The library a symbol of the program resolved to must be the installed
 * one: the Darwin calls bind to libxnucross.so.1 in INSTALLED_LIBDIR.
 */
static int installed_symbol(void *sym, char *where, size_t len)
{
	Dl_info info;

	if (!dladdr(sym, &info) || !info.dli_fname)
		return 0;
	snprintf(where, len, "%s", info.dli_fname);
	return !strncmp(where, INSTALLED_LIBDIR "/libxnucross.so.1",
			strlen(INSTALLED_LIBDIR "/libxnucross.so.1"));
}

TEST(darwin_calls_bind_to_installed_library)
{
	static const struct {
		const char *name;
		void *sym;
	} syms[] = {
		{ "mach_task_self", (void *)mach_task_self },
		{ "mach_port_allocate", (void *)mach_port_allocate },
		{ "mach_port_insert_right", (void *)mach_port_insert_right },
		{ "mach_msg", (void *)mach_msg },
		{ "mach_port_deallocate", (void *)mach_port_deallocate },
		{ "mach_port_mod_refs", (void *)mach_port_mod_refs },
		{ "bootstrap_check_in", (void *)bootstrap_check_in },
		{ "bootstrap_look_up", (void *)bootstrap_look_up },
		{ "sysctlbyname", (void *)sysctlbyname },
		{ "clock_get_time", (void *)clock_get_time },
		{ "mach_thread_self", (void *)mach_thread_self },
		{ "thread_policy_get", (void *)thread_policy_get },
		{ "semaphore_create", (void *)semaphore_create },
		{ "semaphore_timedwait", (void *)semaphore_timedwait },
	};
	char where[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		where[0] = '\0';
		EXPECT_TRUE(installed_symbol(syms[i].sym, where,
					     sizeof(where))) {
			TH_LOG("%s from '%s'", syms[i].name, where);
		}
	}
}

/*
 * Darwin's numbers, as the installed headers must give them to a program
 * written for macOS.
 */
_Static_assert(sizeof(mach_msg_header_t) == 24, "mach_msg_header_t");
_Static_assert(sizeof(mach_msg_trailer_t) == 8, "mach_msg_trailer_t");
_Static_assert(sizeof(mach_port_t) == 4, "mach_port_t");
_Static_assert(MACH_PORT_NULL == 0, "MACH_PORT_NULL");
_Static_assert(KERN_SUCCESS == 0 && KERN_INVALID_NAME == 15 &&
	       KERN_INVALID_RIGHT == 17 && KERN_INVALID_VALUE == 18,
	       "kern_return_t");
_Static_assert(MACH_MSG_SUCCESS == 0 && MACH_RCV_TIMED_OUT == 0x10004003 &&
	       MACH_SEND_INVALID_DEST == 0x10000003, "mach_msg_return_t");
_Static_assert(MACH_MSG_TYPE_MOVE_SEND_ONCE == 18 &&
	       MACH_MSG_TYPE_COPY_SEND == 19 && MACH_MSG_TYPE_MAKE_SEND == 20 &&
	       MACH_MSG_TYPE_MAKE_SEND_ONCE == 21, "dispositions");
_Static_assert(MACH_PORT_RIGHT_SEND == 0 && MACH_PORT_RIGHT_RECEIVE == 1 &&
	       MACH_PORT_TYPE_SEND_RECEIVE == 0x30000, "rights");
_Static_assert(BOOTSTRAP_SUCCESS == 0 && BOOTSTRAP_UNKNOWN_SERVICE == 1102 &&
	       BOOTSTRAP_SERVICE_ACTIVE == 1103 &&
	       BOOTSTRAP_MAX_NAME_LEN == 128, "bootstrap");

/* ---- a Darwin program, as written for macOS ---------------------------- */

typedef struct {
	mach_msg_header_t header;
	int value;
	char text[32];
} ping_msg_t;

typedef struct {
	ping_msg_t msg;
	mach_msg_trailer_t trailer;
} ping_rcv_t;

static mach_msg_return_t ping_send(mach_port_t dest, mach_port_t reply,
				   mach_msg_id_t id, int value)
{
	ping_msg_t msg;

	memset(&msg, 0, sizeof(msg));
	msg.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					      reply ?
					      MACH_MSG_TYPE_MAKE_SEND_ONCE : 0);
	msg.header.msgh_size = sizeof(msg);
	msg.header.msgh_remote_port = dest;
	msg.header.msgh_local_port = reply;
	msg.header.msgh_id = id;
	msg.value = value;
	snprintf(msg.text, sizeof(msg.text), "ping %d", value);
	return mach_msg(&msg.header, MACH_SEND_MSG, sizeof(msg), 0,
			MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

/*
 * The RetCode of a bare request with msgh_id 1002 (clock_alarm, which the
 * module does not serve) to @clk, or the mach_msg() error.
 */
static kern_return_t clock_alarm_id_at(mach_port_t clk)
{
	union {
		mach_msg_header_t header;
		mig_reply_error_t reply;
		char room[sizeof(mig_reply_error_t) + MAX_TRAILER_SIZE];
	} m;
	mach_port_t reply = mig_get_reply_port();
	mach_msg_return_t mr;

	memset(&m, 0, sizeof(m));
	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.header.msgh_size = sizeof(m.header);
	m.header.msgh_remote_port = clk;
	m.header.msgh_local_port = reply;
	m.header.msgh_id = 1002;
	mr = mach_msg(&m.header, MACH_SEND_MSG | MACH_RCV_MSG,
		      sizeof(m.header), sizeof(m), reply,
		      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return m.reply.RetCode;
}

static mach_msg_return_t ping_receive(mach_port_t port, ping_rcv_t *rcv,
				      mach_msg_option_t option,
				      mach_msg_timeout_t timeout)
{
	memset(rcv, 0, sizeof(*rcv));
	return mach_msg(&rcv->msg.header, MACH_RCV_MSG | option, 0,
			sizeof(*rcv), port, timeout, MACH_PORT_NULL);
}

/*
 * A port with a send right under its name; a message to itself; an RPC to
 * itself answered through the send-once reply right it carried; then the
 * clean-up calls, each with its exact code.
 */
TEST(darwin_port_and_messages)
{
	mach_port_t task = mach_task_self();
	mach_port_t port = MACH_PORT_NULL, reply = MACH_PORT_NULL, so;
	mach_port_type_t type = 0;
	mach_port_urefs_t refs = 0;
	ping_rcv_t rcv;
	ping_msg_t answer;

	ASSERT_TRUE(MACH_PORT_VALID(task)) {
		TH_LOG("mach_task_self(): %s", xnucross_strerror());
	}
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(task,
						   MACH_PORT_RIGHT_RECEIVE,
						   &port));
	ASSERT_TRUE(MACH_PORT_VALID(port));
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(task, port, port,
					 MACH_MSG_TYPE_MAKE_SEND));
	ASSERT_EQ(KERN_SUCCESS, mach_port_type(task, port, &type));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, type);
	ASSERT_EQ(KERN_SUCCESS, mach_port_get_refs(task, port,
						   MACH_PORT_RIGHT_SEND,
						   &refs));
	EXPECT_EQ(1U, refs);

	/* A message to itself. */
	ASSERT_EQ(MACH_MSG_SUCCESS, ping_send(port, MACH_PORT_NULL, 1000, 42));
	ASSERT_EQ(MACH_MSG_SUCCESS, ping_receive(port, &rcv, 0, 0));
	EXPECT_EQ(1000, rcv.msg.header.msgh_id);
	EXPECT_EQ(sizeof(ping_msg_t), rcv.msg.header.msgh_size);
	/* Received: remote is the reply (none), local the destination. */
	EXPECT_EQ(MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND),
		  rcv.msg.header.msgh_bits);
	EXPECT_EQ(port, rcv.msg.header.msgh_local_port);
	EXPECT_EQ(MACH_PORT_NULL, rcv.msg.header.msgh_remote_port);
	EXPECT_EQ(42, rcv.msg.value);
	EXPECT_STREQ("ping 42", rcv.msg.text);
	EXPECT_EQ(MACH_MSG_TRAILER_FORMAT_0, rcv.trailer.msgh_trailer_type);
	EXPECT_EQ(sizeof(mach_msg_trailer_t), rcv.trailer.msgh_trailer_size);
	/* Nothing left. */
	EXPECT_EQ(MACH_RCV_TIMED_OUT, ping_receive(port, &rcv,
						   MACH_RCV_TIMEOUT, 0));

	/* An RPC: the request carries a send-once right to the reply port. */
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(task,
						   MACH_PORT_RIGHT_RECEIVE,
						   &reply));
	ASSERT_EQ(MACH_MSG_SUCCESS, ping_send(port, reply, 1001, 7));
	ASSERT_EQ(MACH_MSG_SUCCESS, ping_receive(port, &rcv, 0, 0));
	EXPECT_EQ(1001, rcv.msg.header.msgh_id);
	EXPECT_EQ(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
				 MACH_MSG_TYPE_PORT_SEND),
		  rcv.msg.header.msgh_bits);
	EXPECT_EQ(port, rcv.msg.header.msgh_local_port);
	so = rcv.msg.header.msgh_remote_port;
	ASSERT_TRUE(MACH_PORT_VALID(so));
	EXPECT_NE(reply, so);
	ASSERT_EQ(KERN_SUCCESS, mach_port_type(task, so, &type));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, type);
	memset(&answer, 0, sizeof(answer));
	answer.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE,
						 0);
	answer.header.msgh_size = sizeof(answer);
	answer.header.msgh_remote_port = so;
	answer.header.msgh_id = rcv.msg.header.msgh_id + 100;
	answer.value = rcv.msg.value * 6;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&answer.header, MACH_SEND_MSG, sizeof(answer), 0,
			   MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE,
			   MACH_PORT_NULL));
	/* The send-once right was used up. */
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_type(task, so, &type));
	ASSERT_EQ(MACH_MSG_SUCCESS, ping_receive(reply, &rcv,
						 MACH_RCV_TIMEOUT, 1000));
	EXPECT_EQ(1101, rcv.msg.header.msgh_id);
	EXPECT_EQ(42, rcv.msg.value);
	EXPECT_EQ(MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE),
		  rcv.msg.header.msgh_bits);
	EXPECT_EQ(reply, rcv.msg.header.msgh_local_port);

	/* Clean-up: the send right, then the receive right. */
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(task, port));
	ASSERT_EQ(KERN_SUCCESS, mach_port_type(task, port, &type));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, type);
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_deallocate(task, port));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_mod_refs(task, port, MACH_PORT_RIGHT_SEND, -1));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -2));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1));
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_type(task, port, &type));
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_deallocate(task, port));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  ping_send(port, MACH_PORT_NULL, 1002, 0));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(task, reply, MACH_PORT_RIGHT_RECEIVE, -1));
	EXPECT_STREQ("(os/kern) invalid name",
		     mach_error_string(KERN_INVALID_NAME));
}

/*
 * bootstrap_check_in() of a name of its own gives the receive right,
 * bootstrap_look_up() a send right under the same name; a message goes
 * through; a second check-in is refused, an unknown name is unknown, and
 * once the port is gone the name is unknown again.
 */
TEST(darwin_bootstrap)
{
	mach_port_t task = mach_task_self();
	mach_port_t rp = MACH_PORT_NULL, sp = MACH_PORT_NULL, other;
	mach_port_type_t type = 0;
	mach_port_urefs_t refs = 0;
	name_t name, unknown;
	ping_rcv_t rcv;

	ASSERT_TRUE(MACH_PORT_VALID(bootstrap_port));
	snprintf(name, sizeof(name), "org.xnucross.installcheck.%d",
		 (int)getpid());
	snprintf(unknown, sizeof(unknown),
		 "org.xnucross.installcheck.%d.unknown", (int)getpid());

	ASSERT_EQ(BOOTSTRAP_SUCCESS, bootstrap_check_in(bootstrap_port, name,
							&rp));
	ASSERT_TRUE(MACH_PORT_VALID(rp));
	ASSERT_EQ(KERN_SUCCESS, mach_port_type(task, rp, &type));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, type);
	ASSERT_EQ(BOOTSTRAP_SUCCESS, bootstrap_look_up(bootstrap_port, name,
						       &sp));
	EXPECT_EQ(rp, sp);
	ASSERT_EQ(KERN_SUCCESS, mach_port_type(task, sp, &type));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, type);
	ASSERT_EQ(KERN_SUCCESS, mach_port_get_refs(task, sp,
						   MACH_PORT_RIGHT_SEND,
						   &refs));
	EXPECT_EQ(1U, refs);

	ASSERT_EQ(MACH_MSG_SUCCESS, ping_send(sp, MACH_PORT_NULL, 2000, 5));
	ASSERT_EQ(MACH_MSG_SUCCESS, ping_receive(rp, &rcv, MACH_RCV_TIMEOUT,
						 1000));
	EXPECT_EQ(2000, rcv.msg.header.msgh_id);
	EXPECT_EQ(5, rcv.msg.value);

	/* Refusals leave the out parameter alone, as MIG stubs do. */
	other = 0x1234;
	EXPECT_EQ(BOOTSTRAP_SERVICE_ACTIVE,
		  bootstrap_check_in(bootstrap_port, name, &other));
	EXPECT_EQ(0x1234U, other);
	EXPECT_EQ(BOOTSTRAP_UNKNOWN_SERVICE,
		  bootstrap_look_up(bootstrap_port, unknown, &other));
	EXPECT_EQ(0x1234U, other);
	EXPECT_STREQ("Unknown service name",
		     bootstrap_strerror(BOOTSTRAP_UNKNOWN_SERVICE));

	/* Clean-up, exact codes; then the name's port is gone. */
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(task, sp));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(task, rp, MACH_PORT_RIGHT_RECEIVE, -1));
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_deallocate(task, rp));
	EXPECT_EQ(BOOTSTRAP_UNKNOWN_SERVICE,
		  bootstrap_look_up(bootstrap_port, name, &other));
	EXPECT_EQ(0x1234U, other);
}

/* ---- sysctl(3), the clock service, MIG errors ------------------------- */

_Static_assert(CTL_KERN == 1 && CTL_HW == 6 && CTL_DEBUG == 5 &&
	       KERN_OSTYPE == 1 && HW_NCPU == 3, "sysctl numbers");
_Static_assert(MIG_TYPE_ERROR == -300 && MIG_BAD_ID == -303 &&
	       MIG_BAD_ARGUMENTS == -304 && MIG_NO_REPLY == -305,
	       "mig_errors");
_Static_assert(SYSTEM_CLOCK == 0 && CALENDAR_CLOCK == 1, "clock ids");

TEST(darwin_sysctl)
{
	int mib[CTL_MAXNAME];
	size_t miblen = CTL_MAXNAME, len;
	char ostype[32];
	int ncpu = 0, ncpu2 = 0;

	len = sizeof(ostype);
	ASSERT_EQ(0, sysctlbyname("kern.ostype", ostype, &len, NULL, 0)) {
		TH_LOG("kern.ostype: %s", strerror(errno));
	}
	EXPECT_STREQ("Darwin", ostype);
	EXPECT_EQ(sizeof("Darwin"), len);

	ASSERT_EQ(0, sysctlnametomib("hw.ncpu", mib, &miblen));
	ASSERT_EQ(2U, miblen);
	EXPECT_EQ(CTL_HW, mib[0]);
	EXPECT_EQ(HW_NCPU, mib[1]);
	len = sizeof(ncpu);
	ASSERT_EQ(0, sysctl(mib, 2, &ncpu, &len, NULL, 0));
	EXPECT_EQ(sizeof(int), len);
	EXPECT_LT(0, ncpu);
	len = sizeof(ncpu2);
	ASSERT_EQ(0, sysctlbyname("hw.ncpu", &ncpu2, &len, NULL, 0));
	EXPECT_EQ(ncpu, ncpu2);

	len = sizeof(ostype);
	EXPECT_EQ(-1, sysctlbyname("kern.no_such_oid_xnucross", ostype, &len,
				   NULL, 0));
	EXPECT_EQ(ENOENT, errno);
}

static uint64_t ns_of(const struct timespec *t)
{
	return (uint64_t)t->tv_sec * 1000000000ULL + t->tv_nsec;
}

TEST(darwin_clock)
{
	clock_serv_t clk = MACH_PORT_NULL;
	mach_timespec_t now;
	struct timespec before, after;
	uint64_t t;

	ASSERT_EQ(KERN_SUCCESS, host_get_clock_service(mach_host_self(),
						       SYSTEM_CLOCK, &clk));
	ASSERT_TRUE(MACH_PORT_VALID(clk));
	clock_gettime(CLOCK_MONOTONIC, &before);
	ASSERT_EQ(KERN_SUCCESS, clock_get_time(clk, &now));
	clock_gettime(CLOCK_MONOTONIC, &after);
	EXPECT_GT(1000000000, now.tv_nsec);
	t = (uint64_t)now.tv_sec * 1000000000ULL + now.tv_nsec;
	/* SYSTEM_CLOCK is CLOCK_MONOTONIC's time. */
	EXPECT_LE(ns_of(&before), t);
	EXPECT_LE(t, ns_of(&after));

	/* A clock routine sent to the host port: it finds no clock there. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT, clock_get_time(mach_host_self(), &now));
	/* An id no kernel object serves. */
	EXPECT_EQ(MIG_BAD_ID, clock_alarm_id_at(clk));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(mach_task_self(), clk));
}

/* ---- ioctl encoding, thread policies, semaphores ----------------------- */

/* Darwin's encoding, whatever <sys/ioctl.h> said before. */
_Static_assert(IOC_IN == 0x80000000U && IOC_OUT == 0x40000000U &&
	       IOC_VOID == 0x20000000U && IOCPARM_MASK == 0x1fff,
	       "ioccom bits");
_Static_assert(_IOWR('x', 1, int) == 0xc0047801U &&
	       _IOR('t', 115, int) == 0x40047473U &&
	       _IOW('f', 126, int) == 0x8004667eU &&
	       _IO('a', 2) == 0x20006102U, "ioccom commands");
_Static_assert(IOCPARM_LEN(_IOR('t', 115, int)) == 4 &&
	       IOCGROUP(_IOWR('x', 1, int)) == 'x', "ioccom decoding");
_Static_assert(THREAD_STANDARD_POLICY == 1 &&
	       THREAD_EXTENDED_POLICY == 1 &&
	       THREAD_TIME_CONSTRAINT_POLICY == 2 &&
	       THREAD_PRECEDENCE_POLICY == 3 &&
	       THREAD_EXTENDED_POLICY_COUNT == 1, "thread policies");
_Static_assert(SYNC_POLICY_FIFO == 0 && SYNC_POLICY_LIFO == 2,
	       "sync policies");

/* A plain thread is timeshare, as a Darwin thread is by default. */
TEST(darwin_thread_policy)
{
	thread_extended_policy_data_t ext = { .timeshare = FALSE };
	mach_msg_type_number_t count = THREAD_EXTENDED_POLICY_COUNT;
	boolean_t get_default = FALSE;
	thread_act_t self = mach_thread_self();

	ASSERT_TRUE(MACH_PORT_VALID(self));
	ASSERT_EQ(KERN_SUCCESS,
		  thread_policy_get(self, THREAD_EXTENDED_POLICY,
				    (thread_policy_t)&ext, &count,
				    &get_default));
	EXPECT_EQ(THREAD_EXTENDED_POLICY_COUNT, count);
	EXPECT_EQ(TRUE, ext.timeshare);
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(mach_task_self(), self));
}

TEST(darwin_semaphore)
{
	mach_port_t task = mach_task_self();
	semaphore_t sem = SEMAPHORE_NULL, bad = SEMAPHORE_NULL;
	mach_timespec_t soon = { .tv_sec = 0, .tv_nsec = 1000000 };

	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  semaphore_create(task, &bad, SYNC_POLICY_FIFO, -1));
	ASSERT_EQ(KERN_SUCCESS,
		  semaphore_create(task, &sem, SYNC_POLICY_FIFO, 1));
	ASSERT_TRUE(MACH_PORT_VALID(sem));
	EXPECT_EQ(KERN_SUCCESS, semaphore_wait(sem));
	EXPECT_EQ(KERN_OPERATION_TIMED_OUT, semaphore_timedwait(sem, soon));
	EXPECT_EQ(KERN_SUCCESS, semaphore_signal(sem));
	EXPECT_EQ(KERN_SUCCESS, semaphore_timedwait(sem, soon));
	EXPECT_EQ(KERN_NOT_WAITING, semaphore_signal_thread(sem, THREAD_NULL));
	EXPECT_EQ(KERN_SUCCESS, semaphore_destroy(task, sem));
	EXPECT_EQ(KERN_INVALID_NAME, semaphore_signal(MACH_PORT_NULL));
}

/* ---- the external module ----------------------------------------------- */

#define EXTMOD_NAME	"xnu_extmod"

static int extmod_path(char *path, size_t len)
{
	struct utsname u;

	if (uname(&u))
		return -1;
	return snprintf(path, len, "%s/%s/%s.ko", INSTALLED_EXTMOD, u.release,
			EXTMOD_NAME) >= (int)len ? -1 : 0;
}

static int get_int(const char *name, int *value)
{
	size_t len = sizeof(*value);

	if (sysctlbyname(name, value, &len, NULL, 0))
		return errno;
	return len == sizeof(*value) ? 0 : EMSGSIZE;
}

static int set_int(const char *name, int value)
{
	return sysctlbyname(name, NULL, NULL, &value, sizeof(value)) ? errno : 0;
}

/* set_int() as nobody, in a child; its errno, or -1 when it could not run. */
static int set_int_as_nobody(const char *name, int value)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		if (setgid(65534) || setuid(65534))
			_exit(255);
		_exit(set_int(name, value));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 255)
		return -1;
	return WEXITSTATUS(status);
}

FIXTURE(extmod) {
	int loaded;
};

/* The 6.1 harness's setup and teardown are global functions. */
void extmod_setup(struct __test_metadata *_metadata, FIXTURE_DATA(extmod) *self,
		  const FIXTURE_VARIANT(extmod) *variant);
void extmod_teardown(struct __test_metadata *_metadata,
		     FIXTURE_DATA(extmod) *self,
		     const FIXTURE_VARIANT(extmod) *variant);

FIXTURE_SETUP(extmod)
{
	char path[PATH_MAX];
	int fd;

	self->loaded = 0;
	ASSERT_EQ(0, getuid()) {
		TH_LOG("loading a module needs root");
	}
	ASSERT_EQ(0, extmod_path(path, sizeof(path)));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) {
		TH_LOG("%s: %s (installcheck builds it for each test kernel)",
		       path, strerror(errno));
	}
	ASSERT_EQ(0, syscall(SYS_finit_module, fd, "", 0)) {
		TH_LOG("finit_module %s: %s", path, strerror(errno));
	}
	close(fd);
	self->loaded = 1;
}

FIXTURE_TEARDOWN(extmod)
{
	if (self->loaded)
		EXPECT_EQ(0, syscall(SYS_delete_module, EXTMOD_NAME, O_NONBLOCK)) {
			TH_LOG("delete_module: %s", strerror(errno));
		}
}

TEST_F(extmod, serves_its_oids_and_unloads)
{
	int mib[CTL_MAXNAME];
	size_t miblen = CTL_MAXNAME;
	struct stat st;
	int v = 0;

	/* Linked against xnucross's exports: xnucross holds it. */
	EXPECT_EQ(0, stat("/sys/module/xnucross/holders/" EXTMOD_NAME, &st)) {
		TH_LOG("xnucross/holders/%s: %s", EXTMOD_NAME, strerror(errno));
	}

	ASSERT_EQ(0, get_int("debug.xnu_extmod.magic", &v));
	EXPECT_EQ(0x5eed, v);
	ASSERT_EQ(0, get_int("debug.xnu_extmod.value", &v));
	EXPECT_EQ(21, v);
	ASSERT_EQ(0, get_int("debug.xnu_extmod.twice", &v));
	EXPECT_EQ(42, v);

	/* OID_AUTO under debug (CTL_DEBUG): numbers from OID_AUTO_START. */
	ASSERT_EQ(0, sysctlnametomib("debug.xnu_extmod.value", mib, &miblen));
	ASSERT_EQ(3U, miblen);
	EXPECT_EQ(CTL_DEBUG, mib[0]);
	EXPECT_LE(OID_AUTO_START, mib[1]);
	EXPECT_LE(OID_AUTO_START, mib[2]);

	/* Written as root; the handler sees the new value. */
	EXPECT_EQ(0, set_int("debug.xnu_extmod.value", 50));
	ASSERT_EQ(0, get_int("debug.xnu_extmod.twice", &v));
	EXPECT_EQ(100, v);
	/* Refused: a read-only OID, and nobody without CTLFLAG_ANYBODY. */
	EXPECT_EQ(EPERM, set_int("debug.xnu_extmod.magic", 1));
	EXPECT_EQ(EPERM, set_int("debug.xnu_extmod.twice", 1));
	EXPECT_EQ(EPERM, set_int_as_nobody("debug.xnu_extmod.value", 7));
	ASSERT_EQ(0, get_int("debug.xnu_extmod.value", &v));
	EXPECT_EQ(50, v);

	/* Unloaded: its OIDs are gone. */
	ASSERT_EQ(0, syscall(SYS_delete_module, EXTMOD_NAME, O_NONBLOCK)) {
		TH_LOG("delete_module: %s", strerror(errno));
	}
	self->loaded = 0;
	EXPECT_EQ(ENOENT, get_int("debug.xnu_extmod.value", &v));
	EXPECT_NE(0, stat("/sys/module/" EXTMOD_NAME, &st));
}

TEST_HARNESS_MAIN

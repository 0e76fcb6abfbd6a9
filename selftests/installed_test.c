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
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <mach/mach.h>
#include <servers/bootstrap.h>

#include <libxnucross.h>

#include "kselftest_harness.h"

#ifndef INSTALLED_LIBDIR
#error "build with -DINSTALLED_LIBDIR=\"<libdir of the installed tree>\""
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

TEST_HARNESS_MAIN

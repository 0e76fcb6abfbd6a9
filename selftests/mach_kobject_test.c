// SPDX-License-Identifier: GPL-2.0
/*
 * mach_kobject_test - kernel-object ports, the name service and task
 * ports, against the kernel objects of xnu_mach_test.ko (protocol:
 * kmod/tests/xnu_mach_testsvc.h):
 *   - bootstrap_look_up() of the test service; a null RPC answered with a
 *     36-byte mig_reply_error_t, id + 100, RetCode 0, local disposition 18,
 *     remote 0, from the kernel (reference §1.5); ADD, ECHO, FAIL (error
 *     reply exactly 36 bytes); an unknown id gets MIG_BAD_ID while
 *     mach_msg() succeeds (peer test 1); a null reply port gets no reply
 *     (test 2); a routine of the wrong object type says
 *     KERN_INVALID_ARGUMENT (test 3); a wrong size or complex bit says
 *     MIG_BAD_ARGUMENTS (test 4); MAKE_OBJECT returns a send right whose
 *     object lives as long as send rights do; TAKE_PORT receives rights;
 *     DEFERRED answers later; all of it again through the active listener
 *     (a kernel thread serving the same routines), and as nobody;
 *   - the name service's rules: check-in, look-up, register, names that
 *     die with their receive right, BOOTSTRAP_SERVICE_ACTIVE, and
 *     BOOTSTRAP_NOT_PRIVILEGED for nobody on root's names, for users on
 *     each other's names (live or dead) and for anyone on the kernel's;
 *     precedence: root takes back a live name a user took first, and a
 *     module (the sample kext) publishing a name a user took first evicts
 *     the user instead of failing to load;
 *   - task special ports: the bootstrap port, setting one, a forked child
 *     inheriting it and the mach_ports_register() ports as they were at
 *     fork (not as the parent changed them right after), and nothing from
 *     a parent whose task was made after the fork;
 *   - task ports: mach_task_self() is a kernel object (MIG_BAD_ID for any
 *     message), and a task's port given to another task lets it work on
 *     the first task's space; mach_port_insert_right() and
 *     mach_port_request_notification() on another task take their rights
 *     from the caller's space (XNU's MIG routines);
 *   - the test module loads (its init checks xnu_port_reference()).
 *
 * The program loads xnu_mach_test.ko from $XNU_MACH_TEST_KO (default
 * /lib/modules/$(uname -r)/extra/xnu_mach_test.ko) when it is not loaded,
 * and unloads it at the end; without it the kernel-object tests skip.
 */
#include "xnu_mach_selftest.h"
#include "xnu_kmod_selftest.h"

#include "../kmod/tests/xnu_mach_testsvc.h"

/* ---- the test module ---------------------------------------------------- */

#define TESTMOD		"xnu_mach_test"
#define TESTMOD_KO_ENV	"XNU_MACH_TEST_KO"

static int testmod_loaded(void)
{
	return xnu_kmod_loaded(TESTMOD);
}

/* The test ends (skipped) when the test module is not there. */
#define NEED_TESTMOD() do {						\
	if (!testmod_loaded())						\
		SKIP(return, "%s is not loaded", TESTMOD);		\
} while (0)

/* ---- RPCs ---------------------------------------------------------------- */

/*
 * Send @size bytes of @req to @dest with a send-once reply right made
 * from @reply, and receive the answer in @buf (with @extra options, e.g.
 * a trailer), as a MIG client does in one mach_msg().
 */
static mach_msg_return_t rpc(mach_port_t dest, mach_port_t reply,
			     const void *req, mach_msg_size_t size,
			     union mt_rcv *buf, mach_msg_option_t extra)
{
	memset(buf, 0, sizeof(*buf));
	memcpy(buf, req, size);
	buf->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					     MACH_MSG_TYPE_MAKE_SEND_ONCE) |
			      (buf->head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	buf->head.msgh_size = size;
	buf->head.msgh_remote_port = dest;
	buf->head.msgh_local_port = reply;
	buf->head.msgh_voucher_port = MACH_PORT_NULL;
	return mach_msg(&buf->head, MACH_SEND_MSG | MACH_RCV_MSG |
			MACH_RCV_TIMEOUT | extra, size, sizeof(*buf), reply,
			MT_WAIT_MS, MACH_PORT_NULL);
}

/* A request of just a header (NULL, GET_VALUE, DEFERRED, LIVE_OBJECTS). */
static mach_msg_return_t rpc_bare(mach_port_t dest, mach_port_t reply,
				  mach_msg_id_t id, union mt_rcv *buf)
{
	mach_msg_header_t h;

	memset(&h, 0, sizeof(h));
	h.msgh_id = id;
	return rpc(dest, reply, &h, sizeof(h), buf, 0);
}

/* A request of a header, the NDR record and one int (FAIL, MAKE_OBJECT). */
static mach_msg_return_t rpc_int(mach_port_t dest, mach_port_t reply,
				 mach_msg_id_t id, int value,
				 union mt_rcv *buf)
{
	struct xnu_testsvc_int_request r;

	memset(&r, 0, sizeof(r));
	r.Head.msgh_id = id;
	r.NDR = NDR_record;
	r.value = value;
	return rpc(dest, reply, &r, sizeof(r), buf, 0);
}

static mach_msg_return_t rpc_add(mach_port_t dest, mach_port_t reply,
				 int a, int b, union mt_rcv *buf)
{
	struct xnu_testsvc_add_request r;

	memset(&r, 0, sizeof(r));
	r.Head.msgh_id = XNU_TESTSVC_ADD;
	r.NDR = NDR_record;
	r.a = a;
	r.b = b;
	return rpc(dest, reply, &r, sizeof(r), buf, 0);
}


/*
 * Check a reply's header: @size bytes, id @id + 100, sent to the reply
 * port's send-once right (received: local 18, remote 0).
 */
static void check_reply(struct __test_metadata *_metadata,
			const union mt_rcv *buf, mach_port_t reply,
			mach_msg_id_t id, mach_msg_size_t size)
{
	EXPECT_EQ(id + XNU_MIG_REPLY_ID_OFFSET, buf->head.msgh_id);
	EXPECT_EQ(size, buf->head.msgh_size) {
		TH_LOG("reply to %d", id);
	}
	EXPECT_EQ(MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE),
		  buf->head.msgh_bits & ~MACH_MSGH_BITS_COMPLEX);
	EXPECT_EQ(reply, buf->head.msgh_local_port);
	EXPECT_EQ(MACH_PORT_NULL, buf->head.msgh_remote_port);
}

/* Check a mig_reply_error_t: 36 bytes, simple, NDR, @ret. */
static void check_error_reply(struct __test_metadata *_metadata,
			      const union mt_rcv *buf, mach_port_t reply,
			      mach_msg_id_t id, kern_return_t ret)
{
	const mig_reply_error_t *e = (const mig_reply_error_t *)buf;

	check_reply(_metadata, buf, reply, id, sizeof(mig_reply_error_t));
	EXPECT_EQ(0U, buf->head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	EXPECT_TRUE(mt_ndr_ok(&e->NDR));
	EXPECT_EQ(ret, e->RetCode) {
		TH_LOG("reply to %d", id);
	}
}

/* LIVE_OBJECTS, or -1. */
static int live_objects(mach_port_t svc, mach_port_t reply)
{
	struct xnu_testsvc_int_reply *r;
	union mt_rcv buf;

	if (rpc_bare(svc, reply, XNU_TESTSVC_LIVE_OBJECTS, &buf) ||
	    buf.head.msgh_size != sizeof(*r))
		return -1;
	r = (struct xnu_testsvc_int_reply *)&buf;
	return r->RetCode ? -1 : r->value;
}

/* Wait (at most MT_WAIT_MS) until LIVE_OBJECTS is @want; the last value. */
static int live_objects_wait(mach_port_t svc, mach_port_t reply, int want)
{
	uint64_t end = mt_now_ns() + MT_WAIT_MS * 1000000ULL;
	int n;

	while ((n = live_objects(svc, reply)) != want && mt_now_ns() < end)
		mt_sleep_ms(2);
	return n;
}

/* MAKE_OBJECT: a send right to a new object of @value, or NULL. */
static mach_port_t make_object(mach_port_t svc, mach_port_t reply, int value)
{
	struct xnu_testsvc_port_reply *r;
	union mt_rcv buf;

	if (rpc_int(svc, reply, XNU_TESTSVC_MAKE_OBJECT, value, &buf) ||
	    buf.head.msgh_size != sizeof(*r))
		return MACH_PORT_NULL;
	r = (struct xnu_testsvc_port_reply *)&buf;
	return r->port.name;
}

/* ---- the kernel objects, passive and served by the listener ------------- */

FIXTURE(kobj) {
	struct mt_env env;
	mach_port_t svc;
	mach_port_t reply;
};

FIXTURE_VARIANT(kobj) {
	const char *name;
};

XNU_FIXTURE_PROTOTYPES(kobj);

FIXTURE_VARIANT_ADD(kobj, passive) {
	.name = XNU_TESTSVC_NAME,
};

FIXTURE_VARIANT_ADD(kobj, active) {
	.name = XNU_TESTSVC_ACTIVE_NAME,
};

FIXTURE_SETUP(kobj)
{
	mt_setup(_metadata, &self->env, 0);
	if (!testmod_loaded())
		SKIP(_exit(255), "%s is not loaded", TESTMOD);
	self->svc = MACH_PORT_NULL;
	ASSERT_EQ(KERN_SUCCESS,
		  bootstrap_look_up(bootstrap_port, variant->name, &self->svc));
	ASSERT_TRUE(MACH_PORT_VALID(self->svc));
	self->reply = mach_reply_port();
	ASSERT_TRUE(MACH_PORT_VALID(self->reply));
}

MT_FIXTURE_TEARDOWN(kobj)

/* The service name gives a send right, the same name each time. */
TEST_F(kobj, look_up)
{
	mach_port_t again = MACH_PORT_NULL;
	union mt_rcv buf;

	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(self->svc));
	EXPECT_EQ(1U, mt_refs(self->svc, MACH_PORT_RIGHT_SEND));
	ASSERT_EQ(KERN_SUCCESS,
		  bootstrap_look_up(bootstrap_port, variant->name, &again));
	EXPECT_EQ(self->svc, again);
	EXPECT_EQ(2U, mt_refs(self->svc, MACH_PORT_RIGHT_SEND));
	/* A kernel object's receive right is not ours to receive on. */
	EXPECT_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(self->svc, &buf));
}

/* Reference §1.5: the null RPC's reply, field by field. */
TEST_F(kobj, null_rpc)
{
	mach_msg_security_trailer_t *tr;
	mach_msg_header_t h;
	union mt_rcv buf;
	unsigned int i;

	memset(&h, 0, sizeof(h));
	h.msgh_id = XNU_TESTSVC_NULL;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, &h, sizeof(h), &buf,
		      MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER)));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_NULL,
			  KERN_SUCCESS);
	/* The reply comes from the kernel. */
	tr = (mach_msg_security_trailer_t *)mt_trailer(&buf);
	EXPECT_EQ(MACH_MSG_TRAILER_FORMAT_0, tr->msgh_trailer_type);
	EXPECT_EQ(MACH_MSG_TRAILER_FORMAT_0_SIZE, tr->msgh_trailer_size);
	EXPECT_EQ(0U, tr->msgh_sender.val[0]);
	EXPECT_EQ(1U, tr->msgh_sender.val[1]);
	/* The send-once right was used up; many calls leave nothing behind. */
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  rpc(self->svc, self->reply, &h, sizeof(h), &buf, 0));
		ASSERT_EQ(XNU_TESTSVC_NULL + 100, buf.head.msgh_id);
	}
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(self->reply));
	EXPECT_EQ(0U, mt_msgcount(self->reply));
	EXPECT_EQ(1U, mt_refs(self->svc, MACH_PORT_RIGHT_SEND));
}

TEST_F(kobj, add)
{
	struct xnu_testsvc_int_reply *r;
	union mt_rcv buf;

	r = (struct xnu_testsvc_int_reply *)&buf;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_add(self->svc, self->reply, 40, 2, &buf));
	check_reply(_metadata, &buf, self->reply, XNU_TESTSVC_ADD,
		    sizeof(*r));
	EXPECT_TRUE(mt_ndr_ok(&r->NDR));
	EXPECT_EQ(KERN_SUCCESS, r->RetCode);
	EXPECT_EQ(42, r->value);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_add(self->svc, self->reply, -5, 3, &buf));
	EXPECT_EQ(-2, r->value);
}

TEST_F(kobj, echo)
{
	static const unsigned int lens[] = { 0, 1, 5, 8, 255,
					     XNU_TESTSVC_ECHO_MAX };
	struct xnu_testsvc_echo_request req;
	struct xnu_testsvc_echo_reply *r;
	mach_msg_size_t size;
	union mt_rcv buf;
	unsigned int i, k;

	r = (struct xnu_testsvc_echo_reply *)&buf;
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		memset(&req, 0, sizeof(req));
		req.Head.msgh_id = XNU_TESTSVC_ECHO;
		req.NDR = NDR_record;
		req.len = lens[i];
		for (k = 0; k < lens[i]; k++)
			req.data[k] = (unsigned char)(k * 13 + i);
		size = 36 + ((lens[i] + 3) & ~3U);
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  rpc(self->svc, self->reply, &req, size, &buf, 0));
		check_reply(_metadata, &buf, self->reply, XNU_TESTSVC_ECHO,
			    40 + ((lens[i] + 3) & ~3U));
		EXPECT_EQ(KERN_SUCCESS, r->RetCode);
		EXPECT_EQ(lens[i], r->len);
		EXPECT_EQ(0, memcmp(req.data, r->data, lens[i])) {
			TH_LOG("echo of %u bytes", lens[i]);
		}
	}
	/* A size that does not match the length. */
	memset(&req, 0, sizeof(req));
	req.Head.msgh_id = XNU_TESTSVC_ECHO;
	req.NDR = NDR_record;
	req.len = 8;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, &req, 40, &buf, 0));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_ECHO,
			  MIG_BAD_ARGUMENTS);
}

/* A failing routine: a 36-byte error reply, whatever it would return. */
TEST_F(kobj, fail)
{
	union mt_rcv buf;

	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_int(self->svc, self->reply, XNU_TESTSVC_FAIL,
			  KERN_NOT_SUPPORTED, &buf));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_FAIL,
			  KERN_NOT_SUPPORTED);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_int(self->svc, self->reply, XNU_TESTSVC_FAIL,
			  BOOTSTRAP_UNKNOWN_SERVICE, &buf));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_FAIL,
			  BOOTSTRAP_UNKNOWN_SERVICE);
}

/* Peer test 1: an unknown id is a successful mach_msg() with MIG_BAD_ID. */
TEST_F(kobj, unknown_id)
{
	static const mach_msg_id_t ids[] = {
		0xDEAD, XNU_TESTSVC_BASE - 1, XNU_TESTSVC_END, 0, -1,
	};
	union mt_rcv buf;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  rpc_bare(self->svc, self->reply, ids[i], &buf));
		check_error_reply(_metadata, &buf, self->reply, ids[i],
				  MIG_BAD_ID);
	}
}

/* Peer test 2: no reply port, no reply; the send itself succeeds. */
TEST_F(kobj, null_reply_port)
{
	struct xnu_testsvc_add_request r;
	union mt_rcv buf;
	int names;

	names = mt_names(NULL, NULL);
	memset(&r, 0, sizeof(r));
	mt_header(&r.Head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		  sizeof(r), self->svc, MACH_PORT_NULL, XNU_TESTSVC_ADD);
	r.NDR = NDR_record;
	r.a = 1;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&r.Head, MACH_SEND_MSG, sizeof(r), 0,
			   MACH_PORT_NULL, 0, MACH_PORT_NULL));
	mt_header(&r.Head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		  sizeof(r), self->svc, MACH_PORT_NULL, 0xDEAD);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&r.Head, MACH_SEND_MSG, sizeof(r), 0,
			   MACH_PORT_NULL, 0, MACH_PORT_NULL));
	EXPECT_EQ(MACH_RCV_TIMED_OUT,
		  mt_recv(self->reply, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 50));
	EXPECT_EQ(names, mt_names(NULL, NULL));
	/* The next call gets its own answer. */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_add(self->svc, self->reply, 2, 3, &buf));
	EXPECT_EQ(XNU_TESTSVC_ADD + 100, buf.head.msgh_id);
	EXPECT_EQ(5, ((struct xnu_testsvc_int_reply *)&buf)->value);
}

/* Peer test 3: a routine of the other object type. */
TEST_F(kobj, wrong_kobject_type)
{
	struct xnu_testsvc_int_reply *r;
	union mt_rcv buf;
	mach_port_t obj;

	obj = make_object(self->svc, self->reply, 77);
	ASSERT_TRUE(MACH_PORT_VALID(obj));
	r = (struct xnu_testsvc_int_reply *)&buf;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_bare(obj, self->reply, XNU_TESTSVC_GET_VALUE, &buf));
	check_reply(_metadata, &buf, self->reply, XNU_TESTSVC_GET_VALUE,
		    sizeof(*r));
	EXPECT_EQ(KERN_SUCCESS, r->RetCode);
	EXPECT_EQ(77, r->value);

	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_add(obj, self->reply, 1, 2, &buf));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_ADD,
			  KERN_INVALID_ARGUMENT);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_bare(self->svc, self->reply, XNU_TESTSVC_GET_VALUE,
			   &buf));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_GET_VALUE,
			  KERN_INVALID_ARGUMENT);
	/* An id no type serves is still MIG_BAD_ID. */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_bare(obj, self->reply, 0xDEAD, &buf));
	check_error_reply(_metadata, &buf, self->reply, 0xDEAD, MIG_BAD_ID);
}

/* Peer test 4: request size and complex bit checked by the stub. */
TEST_F(kobj, wrong_size)
{
	struct {
		mach_msg_header_t head;
		mach_msg_body_t body;
		NDR_record_t ndr;
		int a, b;
	} cx;
	struct {
		struct xnu_testsvc_add_request r;
		uint32_t extra;
	} add;
	uint8_t bare[28];
	union mt_rcv buf;

	memset(&add, 0, sizeof(add));
	add.r.Head.msgh_id = XNU_TESTSVC_ADD;
	add.r.NDR = NDR_record;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, &add, sizeof(add.r) - 4, &buf,
		      0));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_ADD,
			  MIG_BAD_ARGUMENTS);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, &add, sizeof(add), &buf, 0));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_ADD,
			  MIG_BAD_ARGUMENTS);

	memset(&cx, 0, sizeof(cx));
	cx.head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	cx.head.msgh_id = XNU_TESTSVC_ADD;
	cx.ndr = NDR_record;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, &cx, sizeof(cx), &buf, 0));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_ADD,
			  MIG_BAD_ARGUMENTS);

	memset(bare, 0, sizeof(bare));
	((mach_msg_header_t *)bare)->msgh_id = XNU_TESTSVC_NULL;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, bare, sizeof(bare), &buf, 0));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_NULL,
			  MIG_BAD_ARGUMENTS);
}

/* MAKE_OBJECT: a send right; the object dies with the last one. */
TEST_F(kobj, make_object_lifetime)
{
	struct xnu_testsvc_port_reply *pr;
	union mt_rcv buf;
	mach_port_t obj;
	int live0;

	live0 = live_objects(self->svc, self->reply);
	ASSERT_LE(0, live0);

	pr = (struct xnu_testsvc_port_reply *)&buf;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_int(self->svc, self->reply, XNU_TESTSVC_MAKE_OBJECT, 5,
			  &buf));
	check_reply(_metadata, &buf, self->reply, XNU_TESTSVC_MAKE_OBJECT,
		    sizeof(*pr));
	EXPECT_NE(0U, pr->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	EXPECT_EQ(1U, pr->msgh_body.msgh_descriptor_count);
	EXPECT_EQ(MACH_MSG_PORT_DESCRIPTOR, MT_BF(pr->port.type));
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, MT_BF(pr->port.disposition));
	obj = pr->port.name;
	ASSERT_TRUE(MACH_PORT_VALID(obj));
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(obj));
	EXPECT_EQ(1U, mt_refs(obj, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(live0 + 1, live_objects(self->svc, self->reply));

	/* More references to the same right keep it. */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(self->env.task, obj,
				     MACH_PORT_RIGHT_SEND, 1));
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(self->env.task, obj));
	EXPECT_EQ(live0 + 1, live_objects(self->svc, self->reply));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_bare(obj, self->reply, XNU_TESTSVC_GET_VALUE, &buf));
	EXPECT_EQ(5, ((struct xnu_testsvc_int_reply *)&buf)->value);

	/* The last send right goes: no-senders, the object goes. */
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(self->env.task, obj));
	EXPECT_EQ(MT_BAD, mt_type(obj));
	EXPECT_EQ(live0, live_objects_wait(self->svc, self->reply, live0));
}

static int child_makes_object(void *arg)
{
	const char *name = arg;
	mach_port_t svc = MACH_PORT_NULL, reply = mach_reply_port(), obj;

	MT_CHILD_EQ(KERN_SUCCESS, bootstrap_look_up(bootstrap_port, name,
						    &svc));
	obj = make_object(svc, reply, 9);
	MT_CHILD_TRUE(MACH_PORT_VALID(obj));
	obj = make_object(svc, reply, 10);
	MT_CHILD_TRUE(MACH_PORT_VALID(obj));
	return 0;	/* exits holding them */
}

/* Objects whose holder exits die too. */
TEST_F(kobj, object_dies_with_holder)
{
	pid_t pid;
	int live0;

	live0 = live_objects(self->svc, self->reply);
	ASSERT_LE(0, live0);
	pid = mt_fork(child_makes_object, (void *)variant->name);
	ASSERT_LT(0, pid);
	EXPECT_EQ(0, mt_wait_ok(pid));
	EXPECT_EQ(live0, live_objects_wait(self->svc, self->reply, live0));
}

/* TAKE_PORT: the kernel receives a right and releases it. */
TEST_F(kobj, take_port)
{
	struct xnu_testsvc_port_request req;
	struct xnu_testsvc_int_reply *r;
	mach_port_status_t st;
	mach_port_t obj, port;
	union mt_rcv buf;
	int live0;

	live0 = live_objects(self->svc, self->reply);
	ASSERT_LE(0, live0);
	obj = make_object(self->svc, self->reply, 3);
	ASSERT_TRUE(MACH_PORT_VALID(obj));
	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port);
	r = (struct xnu_testsvc_int_reply *)&buf;

	memset(&req, 0, sizeof(req));
	req.Head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	req.Head.msgh_id = XNU_TESTSVC_TAKE_PORT;
	req.msgh_body.msgh_descriptor_count = 1;
	req.port.type = MACH_MSG_PORT_DESCRIPTOR;

	/* A copy of the object's send right: a test object. */
	req.port.name = obj;
	req.port.disposition = MACH_MSG_TYPE_COPY_SEND;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, &req, sizeof(req), &buf, 0));
	check_reply(_metadata, &buf, self->reply, XNU_TESTSVC_TAKE_PORT,
		    sizeof(*r));
	EXPECT_EQ(KERN_SUCCESS, r->RetCode);
	EXPECT_EQ(1, r->value);
	EXPECT_EQ(1U, mt_refs(obj, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(live0 + 1, live_objects(self->svc, self->reply));

	/* A send right to a port of ours: not an object, released. */
	req.port.name = port;
	req.port.disposition = MACH_MSG_TYPE_MAKE_SEND;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, &req, sizeof(req), &buf, 0));
	EXPECT_EQ(KERN_SUCCESS, r->RetCode);
	EXPECT_EQ(0, r->value);
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(0, st.mps_srights);
	EXPECT_EQ(1U, st.mps_mscount);

	/* Our only send right moved in: the object has no sender left. */
	req.port.name = obj;
	req.port.disposition = MACH_MSG_TYPE_MOVE_SEND;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, &req, sizeof(req), &buf, 0));
	EXPECT_EQ(1, r->value);
	EXPECT_EQ(MT_BAD, mt_type(obj));
	EXPECT_EQ(live0, live_objects_wait(self->svc, self->reply, live0));
}

/*
 * A reply that cannot go straight to the receive (a message is queued on
 * the reply port, or there is no receive) is queued like any message: in
 * order, with its own sequence number; a MOVE_SEND destination uses up a
 * user reference; a MAKE_SEND reply right on the port received on works.
 */
TEST_F(kobj, reply_queued)
{
	mach_msg_seqno_trailer_t *tr;
	mach_msg_header_t h;
	union mt_rcv buf;
	mach_msg_option_t seqno =
		MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO);
	mach_port_seqno_t first;

	/* Something already queued: the reply goes behind it. */
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_send_simple(self->reply, 4242));
	memset(&h, 0, sizeof(h));
	h.msgh_id = XNU_TESTSVC_NULL;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, &h, sizeof(h), &buf, seqno));
	EXPECT_EQ(4242, buf.head.msgh_id);
	tr = (mach_msg_seqno_trailer_t *)mt_trailer(&buf);
	first = tr->msgh_seqno;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_recv(self->reply, &buf, sizeof(buf),
			  MACH_RCV_TIMEOUT | seqno, MT_WAIT_MS));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_NULL,
			  KERN_SUCCESS);
	tr = (mach_msg_seqno_trailer_t *)mt_trailer(&buf);
	EXPECT_EQ(first + 1, tr->msgh_seqno);

	/* Handed straight to the receive: the next sequence number. */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc(self->svc, self->reply, &h, sizeof(h), &buf, seqno));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_NULL,
			  KERN_SUCCESS);
	tr = (mach_msg_seqno_trailer_t *)mt_trailer(&buf);
	EXPECT_EQ(first + 2, tr->msgh_seqno);

	/* Send only: the reply waits on the port. */
	mt_header(&h, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				     MACH_MSG_TYPE_MAKE_SEND_ONCE),
		  sizeof(h), self->svc, self->reply, XNU_TESTSVC_NULL);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0, MACH_PORT_NULL,
			   MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(self->reply, &buf));
	check_error_reply(_metadata, &buf, self->reply, XNU_TESTSVC_NULL,
			  KERN_SUCCESS);

	/* MOVE_SEND destination, MAKE_SEND reply on the port received on. */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(mach_task_self(), self->svc,
				     MACH_PORT_RIGHT_SEND, 1));
	memset(&buf, 0, sizeof(buf));
	mt_header(&buf.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND,
					    MACH_MSG_TYPE_MAKE_SEND),
		  sizeof(h), self->svc, self->reply, XNU_TESTSVC_NULL);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&buf.head, MACH_SEND_MSG | MACH_RCV_MSG |
			   MACH_RCV_TIMEOUT, sizeof(h), sizeof(buf),
			   self->reply, MT_WAIT_MS, MACH_PORT_NULL));
	EXPECT_EQ(XNU_TESTSVC_NULL + 100, buf.head.msgh_id);
	EXPECT_EQ(MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND),
		  buf.head.msgh_bits);
	EXPECT_EQ(self->reply, buf.head.msgh_local_port);
	EXPECT_EQ(1U, mt_refs(self->svc, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(0U, mt_msgcount(self->reply));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(self->reply));
}

/* DEFERRED: MIG_NO_REPLY now, the answer later from the kernel. */
TEST_F(kobj, deferred_reply)
{
	union mt_rcv buf;
	uint64_t t0;

	t0 = mt_now_ns();
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_bare(self->svc, self->reply, XNU_TESTSVC_DEFERRED,
			   &buf));
	EXPECT_EQ(XNU_TESTSVC_DEFERRED + 100, buf.head.msgh_id);
	EXPECT_EQ(MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE),
		  buf.head.msgh_bits);
	EXPECT_EQ(self->reply, buf.head.msgh_local_port);
	EXPECT_LE(24U, buf.head.msgh_size);
	EXPECT_LE(10ULL, (mt_now_ns() - t0) / 1000000);
	/* Exactly one answer. */
	EXPECT_EQ(MACH_RCV_TIMED_OUT,
		  mt_recv(self->reply, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 50));
	/* Meanwhile other calls were not held up. */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_add(self->svc, self->reply, 20, 22, &buf));
	EXPECT_EQ(42, ((struct xnu_testsvc_int_reply *)&buf)->value);
}

static int nobody_rpc(void *arg)
{
	const char *name = arg;
	mach_port_t svc = MACH_PORT_NULL, reply;
	union mt_rcv buf;

	if (bootstrap_look_up(bootstrap_port, name, &svc) != KERN_SUCCESS)
		return 1;
	reply = mach_reply_port();
	if (rpc_add(svc, reply, 30, 12, &buf) != MACH_MSG_SUCCESS)
		return 2;
	if (buf.head.msgh_id != XNU_TESTSVC_ADD + 100 ||
	    ((struct xnu_testsvc_int_reply *)&buf)->value != 42)
		return 3;
	if (rpc_bare(svc, reply, 0xDEAD, &buf) != MACH_MSG_SUCCESS ||
	    ((mig_reply_error_t *)&buf)->RetCode != MIG_BAD_ID)
		return 4;
	return 0;
}

/* Anyone may call a published kernel object. */
TEST_F(kobj, as_nobody)
{
	unsigned long devmode;
	int res = -1;

	ASSERT_EQ(0, xnu_devmode(&devmode));
	if ((devmode & 0006) != 0006)
		SKIP(return, "devmode %#lo refuses nobody", devmode);
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_rpc, (void *)variant->name,
				       &res));
	EXPECT_EQ(0, res);
}

/* ---- the name service ------------------------------------------------------- */

FIXTURE(boot) {
	struct mt_env env;
	mach_port_t bp;
};

XNU_FIXTURE_PROTOTYPES(boot);

FIXTURE_SETUP(boot)
{
	mt_setup(_metadata, &self->env, 0);
	self->bp = bootstrap_port;
	ASSERT_TRUE(MACH_PORT_VALID(self->bp));
}

MT_FIXTURE_TEARDOWN(boot)


/* check_in gives the receive right; look_up finds it; a message goes. */
TEST_F(boot, check_in_and_look_up)
{
	char name[BOOTSTRAP_MAX_NAME_LEN];
	mach_port_t rcv = MACH_PORT_NULL, snd = MACH_PORT_NULL, again;
	union mt_rcv buf;

	mt_service_name(name, sizeof(name), "boot");
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(self->bp, name, &rcv));
	ASSERT_TRUE(MACH_PORT_VALID(rcv));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(rcv));
	ASSERT_EQ(KERN_SUCCESS, bootstrap_look_up(self->bp, name, &snd));
	/* The send right joins the receive right's name. */
	EXPECT_EQ(rcv, snd);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(rcv));
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  mt_send(snd, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 321,
			  0, MACH_SEND_TIMEOUT, 0));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(rcv, &buf));
	EXPECT_EQ(321, buf.head.msgh_id);
	/* Checked in already. */
	again = 0x5a5a;
	EXPECT_EQ(BOOTSTRAP_SERVICE_ACTIVE,
		  bootstrap_check_in(self->bp, name, &again));
	EXPECT_EQ(0x5a5aU, again);
}

/* bootstrap_register(): a send right under a name; unregister with NULL. */
TEST_F(boot, register)
{
	char name[BOOTSTRAP_MAX_NAME_LEN];
	mach_port_t port, found = MACH_PORT_NULL, other;

	mt_service_name(name, sizeof(name), "boot.reg");
	port = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, port);
	ASSERT_EQ(KERN_SUCCESS, bootstrap_register(self->bp, name, port));
	/* The service keeps its own send right. */
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	ASSERT_EQ(KERN_SUCCESS, bootstrap_look_up(self->bp, name, &found));
	EXPECT_EQ(port, found);
	EXPECT_EQ(2U, mt_refs(port, MACH_PORT_RIGHT_SEND));

	other = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, other);
	EXPECT_EQ(BOOTSTRAP_SERVICE_ACTIVE,
		  bootstrap_register(self->bp, name, other));
	EXPECT_EQ(BOOTSTRAP_SERVICE_ACTIVE,
		  bootstrap_check_in(self->bp, name, &found));

	/* The owner takes the name back. */
	EXPECT_EQ(KERN_SUCCESS,
		  bootstrap_register(self->bp, name, MACH_PORT_NULL));
	EXPECT_EQ(BOOTSTRAP_UNKNOWN_SERVICE,
		  bootstrap_look_up(self->bp, name, &found));
	EXPECT_EQ(KERN_SUCCESS, bootstrap_register(self->bp, name, other));
	ASSERT_EQ(KERN_SUCCESS, bootstrap_look_up(self->bp, name, &found));
	EXPECT_EQ(other, found);
}

TEST_F(boot, unknown_service)
{
	char name[BOOTSTRAP_MAX_NAME_LEN];
	mach_port_t found = 0x5a5a;

	mt_service_name(name, sizeof(name), "boot.none");
	EXPECT_EQ(BOOTSTRAP_UNKNOWN_SERVICE,
		  bootstrap_look_up(self->bp, name, &found));
	EXPECT_EQ(0x5a5aU, found);
	memset(name, 0, sizeof(name));
	EXPECT_EQ(BOOTSTRAP_UNKNOWN_SERVICE,
		  bootstrap_look_up(self->bp, name, &found));
}

/* A name dies with its receive right, and may be checked in again. */
static int child_checks_in(void *arg)
{
	mach_port_t rcv = MACH_PORT_NULL;

	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_check_in(bootstrap_port, (const char *)arg,
				       &rcv));
	MT_CHILD_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(rcv));
	return 0;
}

TEST_F(boot, name_dies_with_receive_right)
{
	char name[BOOTSTRAP_MAX_NAME_LEN];
	mach_port_t rcv = MACH_PORT_NULL, found;
	pid_t pid;

	mt_service_name(name, sizeof(name), "boot.die");
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(self->bp, name, &rcv));
	ASSERT_EQ(KERN_SUCCESS, mt_kill(rcv));
	EXPECT_EQ(BOOTSTRAP_UNKNOWN_SERVICE,
		  bootstrap_look_up(self->bp, name, &found));
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(self->bp, name, &rcv));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(rcv));

	/* Its owner's exit ends a name too. */
	mt_service_name(name, sizeof(name), "boot.exit");
	pid = mt_fork(child_checks_in, name);
	ASSERT_LT(0, pid);
	ASSERT_EQ(0, mt_wait_ok(pid));
	EXPECT_EQ(BOOTSTRAP_UNKNOWN_SERVICE,
		  bootstrap_look_up(self->bp, name, &found));
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(self->bp, name, &rcv));
}

/* What nobody may and may not do with root's names. */
static int nobody_on_root_name(void *arg)
{
	const char *name = arg;
	char mine[BOOTSTRAP_MAX_NAME_LEN];
	mach_port_t found = MACH_PORT_NULL, port;
	union mt_rcv buf;

	if (bootstrap_look_up(bootstrap_port, name, &found) != KERN_SUCCESS)
		return 1;
	if (mt_send(found, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 654, 0,
		    MACH_SEND_TIMEOUT, 0) != MACH_MSG_SUCCESS)
		return 2;
	if (bootstrap_check_in(bootstrap_port, name, &found) !=
	    BOOTSTRAP_NOT_PRIVILEGED)
		return 3;
	port = mt_port_send();
	if (bootstrap_register(bootstrap_port, (char *)name, port) !=
	    BOOTSTRAP_NOT_PRIVILEGED)
		return 4;
	if (bootstrap_register(bootstrap_port, (char *)name,
			       MACH_PORT_NULL) != BOOTSTRAP_NOT_PRIVILEGED)
		return 5;
	/* Its own names are its own. */
	mt_service_name(mine, sizeof(mine), "boot.nobody");
	found = MACH_PORT_NULL;
	if (bootstrap_check_in(bootstrap_port, mine, &found) != KERN_SUCCESS ||
	    mt_type(found) != MACH_PORT_TYPE_RECEIVE)
		return 6;
	if (mt_send(found, MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_NULL, 0, 1, 0,
		    MACH_SEND_TIMEOUT, 0) != MACH_MSG_SUCCESS ||
	    mt_recv_poll(found, &buf) != MACH_MSG_SUCCESS)
		return 7;
	return 0;
}

TEST_F(boot, nobody_cannot_take_root_names)
{
	char name[BOOTSTRAP_MAX_NAME_LEN];
	mach_port_t rcv = MACH_PORT_NULL, found;
	unsigned long devmode;
	union mt_rcv buf;
	int res = -1;

	ASSERT_EQ(0, xnu_devmode(&devmode));
	if ((devmode & 0006) != 0006)
		SKIP(return, "devmode %#lo refuses nobody", devmode);
	mt_service_name(name, sizeof(name), "boot.root");
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(self->bp, name, &rcv));
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_on_root_name, name, &res));
	EXPECT_EQ(0, res);
	/* nobody's message arrived; root still owns the name. */
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(rcv, &buf));
	EXPECT_EQ(654, buf.head.msgh_id);
	ASSERT_EQ(KERN_SUCCESS, bootstrap_look_up(self->bp, name, &found));
	EXPECT_EQ(rcv, found);
}

/* The kernel's names cannot be taken, not even by root. */
TEST_F(boot, kernel_names_are_not_taken)
{
	mach_port_t found = MACH_PORT_NULL, port;
	name_t name = XNU_TESTSVC_NAME;
	union mt_rcv buf;
	mach_port_t reply;

	NEED_TESTMOD();
	EXPECT_EQ(BOOTSTRAP_NOT_PRIVILEGED,
		  bootstrap_check_in(self->bp, name, &found));
	port = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, port);
	EXPECT_EQ(BOOTSTRAP_NOT_PRIVILEGED,
		  bootstrap_register(self->bp, name, port));
	ASSERT_EQ(KERN_SUCCESS, bootstrap_look_up(self->bp, name, &found));
	reply = mach_reply_port();
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_bare(found, reply, XNU_TESTSVC_NULL, &buf));
	EXPECT_EQ(XNU_TESTSVC_NULL + 100, buf.head.msgh_id);
}

/*
 * When installed, the test module loads: its init checks that a module
 * holding a reference (xnu_port_reference()) may destroy its port twice
 * and look at it afterwards.
 */
TEST_F(boot, test_module_loads)
{
	char ko[PATH_MAX];

	xnu_kmod_path(TESTMOD, TESTMOD_KO_ENV, ko, sizeof(ko));
	if (access(ko, R_OK))
		SKIP(return, "no %s.ko: %s", TESTMOD, strerror(errno));
	EXPECT_TRUE(testmod_loaded()) {
		TH_LOG("%s.ko is installed but did not load (see dmesg)",
		       TESTMOD);
	}
}

/* ---- who may take a name another owner made ------------------------------- */

#define SAMPLE		"xnu_sample_kobject"
#define SAMPLE_SERVICE	"org.xnucross.sample.counter"
#define SAMPLE_GET	7801	/* counter_get: 40-byte reply, the value */
#define OTHER_UID	12345	/* a user that is neither root nor nobody */

/**
 * struct squat_arg - a name a child makes as another user
 * @rdv:	the test's rendezvous name (a receive right of the test)
 * @name:	the name the child checks in
 * @uid:	the user the child becomes
 */
struct squat_arg {
	const char *rdv;
	const char *name;
	uid_t uid;
};

/* Become @uid (and its gid), with no supplementary groups. */
static int become(uid_t uid)
{
	if (setgroups(0, NULL) || setgid(uid) || setuid(uid))
		return -1;
	return geteuid() == uid ? 0 : -1;
}

/*
 * The child: as @uid, check the name in, then hand the receive right to
 * the test, so that the entry stays live, owned by @uid, once it exits.
 */
static int squat_child(void *argp)
{
	struct squat_arg *a = argp;
	mach_port_t rdv = MACH_PORT_NULL, rcv = MACH_PORT_NULL;

	MT_CHILD_EQ(0, become(a->uid));
	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_look_up(bootstrap_port, a->rdv, &rdv));
	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_check_in(bootstrap_port, a->name, &rcv));
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send_port(rdv, MACH_MSG_TYPE_COPY_SEND, rcv,
				 MACH_MSG_TYPE_MOVE_RECEIVE, 1200,
				 MACH_SEND_TIMEOUT, MT_WAIT_MS));
	return 0;
}

/*
 * Have user @uid make the live entry @name; returns its port's receive
 * right (now the test's), or MACH_PORT_NULL.
 */
static mach_port_t squat(const char *name, uid_t uid)
{
	char rdv[BOOTSTRAP_MAX_NAME_LEN];
	struct squat_arg a = { .rdv = rdv, .name = name, .uid = uid };
	mach_port_t r = MACH_PORT_NULL, got = MACH_PORT_NULL;
	union mt_rcv buf;
	pid_t pid;

	mt_service_name(rdv, sizeof(rdv), "boot.rdv");
	if (bootstrap_check_in(bootstrap_port, rdv, &r) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	pid = mt_fork(squat_child, &a);
	if (pid > 0 && mt_wait_ok(pid) == 0 &&
	    mt_recv_poll(r, &buf) == MACH_MSG_SUCCESS &&
	    buf.head.msgh_id == 1200)
		got = mt_rcv_port(&buf)->name;
	mt_kill(r);
	return got;
}

/* The test needs nobody (and another user) to reach the device. */
#define NEED_OTHER_USERS() do {						\
	unsigned long __devmode;					\
									\
	ASSERT_EQ(0, xnu_devmode(&__devmode));				\
	if ((__devmode & 0006) != 0006)					\
		SKIP(return, "devmode %#lo refuses other users",	\
		     __devmode);					\
} while (0)

/* Root takes back a live name a user made first: check_in, register. */
TEST_F(boot, root_reclaims_users_live_name)
{
	char name[BOOTSTRAP_MAX_NAME_LEN];
	mach_port_t old, rcv = MACH_PORT_NULL, found = MACH_PORT_NULL, port;

	NEED_OTHER_USERS();
	mt_service_name(name, sizeof(name), "boot.squat");
	old = squat(name, XNU_NOBODY);
	ASSERT_TRUE(MACH_PORT_VALID(old));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(old));
	ASSERT_EQ(KERN_SUCCESS, bootstrap_look_up(self->bp, name, &found));
	EXPECT_EQ(old, found);

	/* A root daemon starting later gets its name. */
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(self->bp, name, &rcv));
	EXPECT_NE(old, rcv);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(rcv));
	found = MACH_PORT_NULL;
	ASSERT_EQ(KERN_SUCCESS, bootstrap_look_up(self->bp, name, &found));
	EXPECT_EQ(rcv, found);
	/* The user's port lives on, out of the registry. */
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(rcv));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(old));
	/* Root's own live name is not taken twice. */
	EXPECT_EQ(BOOTSTRAP_SERVICE_ACTIVE,
		  bootstrap_check_in(self->bp, name, &found));

	/* The same with bootstrap_register(). */
	mt_service_name(name, sizeof(name), "boot.squat.reg");
	old = squat(name, OTHER_UID);
	ASSERT_TRUE(MACH_PORT_VALID(old));
	port = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, port);
	ASSERT_EQ(KERN_SUCCESS, bootstrap_register(self->bp, name, port));
	found = MACH_PORT_NULL;
	ASSERT_EQ(KERN_SUCCESS, bootstrap_look_up(self->bp, name, &found));
	EXPECT_EQ(port, found);
}

/* nobody tries to take a name it does not own. */
static int nobody_takes(void *arg)
{
	const char *name = arg;
	mach_port_t found = MACH_PORT_NULL, port;

	if (bootstrap_check_in(bootstrap_port, name, &found) !=
	    BOOTSTRAP_NOT_PRIVILEGED)
		return 1;
	port = mt_port_send();
	if (!port)
		return 2;
	if (bootstrap_register(bootstrap_port, (char *)name, port) !=
	    BOOTSTRAP_NOT_PRIVILEGED)
		return 3;
	if (bootstrap_register(bootstrap_port, (char *)name,
			       MACH_PORT_NULL) != BOOTSTRAP_NOT_PRIVILEGED)
		return 4;
	return 0;
}

/*
 * Users are first come, first served among themselves: another user's
 * name, live or dead, and root's name, live or dead, are not theirs.
 */
TEST_F(boot, users_cannot_take_others_names)
{
	char name[BOOTSTRAP_MAX_NAME_LEN];
	mach_port_t old, rcv = MACH_PORT_NULL, found;
	int res = -1;

	NEED_OTHER_USERS();
	mt_service_name(name, sizeof(name), "boot.other");
	old = squat(name, OTHER_UID);
	ASSERT_TRUE(MACH_PORT_VALID(old));
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_takes, name, &res));
	EXPECT_EQ(0, res);
	/* Dead: still reserved for its owner. */
	ASSERT_EQ(KERN_SUCCESS, mt_kill(old));
	EXPECT_EQ(BOOTSTRAP_UNKNOWN_SERVICE,
		  bootstrap_look_up(self->bp, name, &found));
	res = -1;
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_takes, name, &res));
	EXPECT_EQ(0, res);

	/* Root's dead name too. */
	mt_service_name(name, sizeof(name), "boot.rootdead");
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(self->bp, name, &rcv));
	ASSERT_EQ(KERN_SUCCESS, mt_kill(rcv));
	res = -1;
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_takes, name, &res));
	EXPECT_EQ(0, res);
	/* Root has it back. */
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(self->bp, name, &rcv));
}

/* counter_get of the sample module's counter: its reply's id, or -1. */
static int sample_get(mach_port_t counter)
{
	mach_port_t reply = mach_reply_port();
	union mt_rcv buf;
	int id = -1;

	if (rpc_bare(counter, reply, SAMPLE_GET, &buf) == MACH_MSG_SUCCESS &&
	    buf.head.msgh_size == 40 &&
	    ((mig_reply_error_t *)&buf)->RetCode == KERN_SUCCESS)
		id = buf.head.msgh_id;
	mt_kill(reply);
	return id;
}

/*
 * A kernel module publishing a name a user took first evicts the user
 * (the module used to fail to load, and clients got the user's port).
 */
TEST_F(boot, kernel_evicts_users_name)
{
	mach_port_t old, found = MACH_PORT_NULL;
	char ko[PATH_MAX];
	int err, res = -1;

	NEED_OTHER_USERS();
	xnu_kmod_path(SAMPLE, NULL, ko, sizeof(ko));
	if (access(ko, R_OK))
		SKIP(return, "no %s.ko: %s", SAMPLE, strerror(errno));
	if (xnu_kmod_loaded(SAMPLE))
		SKIP(return, "%s is loaded already", SAMPLE);

	old = squat(SAMPLE_SERVICE, XNU_NOBODY);
	ASSERT_TRUE(MACH_PORT_VALID(old));
	ASSERT_EQ(KERN_SUCCESS,
		  bootstrap_look_up(self->bp, SAMPLE_SERVICE, &found));
	ASSERT_EQ(old, found);

	err = xnu_kmod_load(SAMPLE, NULL);
	EXPECT_EQ(0, err) {
		TH_LOG("loading %s: %s", SAMPLE, strerror(err));
	}
	if (!err) {
		found = MACH_PORT_NULL;
		EXPECT_EQ(KERN_SUCCESS,
			  bootstrap_look_up(self->bp, SAMPLE_SERVICE, &found));
		EXPECT_NE(old, found);
		EXPECT_EQ(SAMPLE_GET + 100, sample_get(found));
		EXPECT_EQ(0, xnu_run_as_nobody(nobody_takes, SAMPLE_SERVICE,
					       &res));
		EXPECT_EQ(0, res);
		EXPECT_EQ(0, syscall(SYS_delete_module, SAMPLE, O_NONBLOCK));
		/* The kernel's entry went with the module. */
		EXPECT_EQ(BOOTSTRAP_UNKNOWN_SERVICE,
			  bootstrap_look_up(self->bp, SAMPLE_SERVICE, &found));
	}
	/* The evicted user's port is still the test's, live. */
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE,
		  mt_type(old) & MACH_PORT_TYPE_RECEIVE);
}

/* ---- special ports and task ports ---------------------------------------------- */

TEST_F(boot, bootstrap_special_port)
{
	mach_port_t bp = MACH_PORT_NULL, port, got = MACH_PORT_NULL;

	ASSERT_EQ(KERN_SUCCESS,
		  task_get_special_port(TASK, TASK_BOOTSTRAP_PORT, &bp));
	EXPECT_EQ(self->bp, bp);
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(bp));

	/* TASK_KERNEL_PORT is the task's own port. */
	ASSERT_EQ(KERN_SUCCESS,
		  task_get_special_port(TASK, TASK_KERNEL_PORT, &got));
	EXPECT_EQ(TASK, got);

	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  task_get_special_port(TASK, 0, &got));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  task_get_special_port(TASK, TASK_MAX_SPECIAL_PORT + 1,
					&got));

	/* Set another bootstrap port, get it back, put the old one back. */
	port = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, port);
	ASSERT_EQ(KERN_SUCCESS,
		  task_set_special_port(TASK, TASK_BOOTSTRAP_PORT, port));
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	ASSERT_EQ(KERN_SUCCESS,
		  task_get_special_port(TASK, TASK_BOOTSTRAP_PORT, &got));
	EXPECT_EQ(port, got);
	EXPECT_EQ(2U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	ASSERT_EQ(KERN_SUCCESS,
		  task_set_special_port(TASK, TASK_BOOTSTRAP_PORT, bp));
	ASSERT_EQ(KERN_SUCCESS,
		  task_get_special_port(TASK, TASK_BOOTSTRAP_PORT, &got));
	EXPECT_EQ(bp, got);
}

/* mach_ports_register()/mach_ports_lookup(): three slots. */
TEST_F(boot, ports_register)
{
	mach_port_t a, b, reg[TASK_PORT_REGISTER_MAX + 1], *got = NULL;
	mach_msg_type_number_t count = 0;

	a = mt_port_send();
	b = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, a);
	ASSERT_NE(MACH_PORT_NULL, b);
	reg[0] = a;
	reg[1] = b;
	reg[2] = reg[3] = MACH_PORT_NULL;
	ASSERT_EQ(KERN_SUCCESS, mach_ports_register(TASK, reg, 2));
	ASSERT_EQ(KERN_SUCCESS, mach_ports_lookup(TASK, &got, &count));
	ASSERT_EQ(TASK_PORT_REGISTER_MAX, count);
	ASSERT_NE(NULL, got);
	EXPECT_EQ(a, got[0]);
	EXPECT_EQ(b, got[1]);
	EXPECT_EQ(MACH_PORT_NULL, got[2]);
	vm_deallocate(TASK, (vm_address_t)got, count * sizeof(*got));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  mach_ports_register(TASK, reg, TASK_PORT_REGISTER_MAX + 1));
	/* Registering fewer clears the rest. */
	ASSERT_EQ(KERN_SUCCESS, mach_ports_register(TASK, reg + 1, 1));
	ASSERT_EQ(KERN_SUCCESS, mach_ports_lookup(TASK, &got, &count));
	ASSERT_EQ(TASK_PORT_REGISTER_MAX, count);
	EXPECT_EQ(b, got[0]);
	EXPECT_EQ(MACH_PORT_NULL, got[1]);
	vm_deallocate(TASK, (vm_address_t)got, count * sizeof(*got));
}

/* A forked child inherits the bootstrap port and the registered ports. */
static int child_inherits(void *arg)
{
	mach_port_t bp = MACH_PORT_NULL, *reg = NULL;
	mach_msg_type_number_t count = 0;

	MT_CHILD_EQ(KERN_SUCCESS,
		    task_get_special_port(mach_task_self(),
					  TASK_BOOTSTRAP_PORT, &bp));
	MT_CHILD_EQ(MACH_PORT_TYPE_SEND, mt_type(bp));
	MT_CHILD_EQ(bp, bootstrap_port);
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send(bp, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			    1001, 0, MACH_SEND_TIMEOUT, 0));
	MT_CHILD_EQ(KERN_SUCCESS,
		    mach_ports_lookup(mach_task_self(), &reg, &count));
	MT_CHILD_EQ(TASK_PORT_REGISTER_MAX, count);
	MT_CHILD_EQ(MACH_PORT_TYPE_SEND, mt_type(reg[0]));
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send(reg[0], MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			    1002, 0, MACH_SEND_TIMEOUT, 0));
	MT_CHILD_EQ(MACH_PORT_NULL, reg[1]);
	return 0;
}

TEST_F(boot, fork_inherits_special_ports)
{
	mach_msg_audit_trailer_t *tr;
	mach_port_t boot, reg;
	union mt_rcv buf;
	pid_t pid;

	boot = mt_port_send();
	reg = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, boot);
	ASSERT_NE(MACH_PORT_NULL, reg);
	ASSERT_EQ(KERN_SUCCESS,
		  task_set_special_port(TASK, TASK_BOOTSTRAP_PORT, boot));
	ASSERT_EQ(KERN_SUCCESS, mach_ports_register(TASK, &reg, 1));

	pid = mt_fork(child_inherits, NULL);
	ASSERT_LT(0, pid);
	EXPECT_EQ(0, mt_wait_ok(pid));

	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_recv(boot, &buf, sizeof(buf), MACH_RCV_TIMEOUT |
			  MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT),
			  0));
	EXPECT_EQ(1001, buf.head.msgh_id);
	tr = (mach_msg_audit_trailer_t *)mt_trailer(&buf);
	EXPECT_EQ((unsigned int)pid, tr->msgh_audit.val[5]);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(reg, &buf));
	EXPECT_EQ(1002, buf.head.msgh_id);
	ASSERT_EQ(KERN_SUCCESS,
		  task_set_special_port(TASK, TASK_BOOTSTRAP_PORT, self->bp));
}

/*
 * What a child inherits is what its parent had at fork, even when the
 * parent changes it before the child's first Mach call.
 */
static int child_inherited_at_fork(void *arg)
{
	mach_port_t bp = MACH_PORT_NULL, *reg = NULL;
	mach_msg_type_number_t count = 0;
	int *go = arg;
	char c;

	/* Not a Mach call before the parent put its ports back. */
	MT_CHILD_EQ(1, read(go[0], &c, 1));
	MT_CHILD_EQ(KERN_SUCCESS,
		    task_get_special_port(mach_task_self(),
					  TASK_BOOTSTRAP_PORT, &bp));
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send(bp, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			    1011, 0, MACH_SEND_TIMEOUT, 0));
	MT_CHILD_EQ(KERN_SUCCESS,
		    mach_ports_lookup(mach_task_self(), &reg, &count));
	MT_CHILD_EQ(TASK_PORT_REGISTER_MAX, count);
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send(reg[0], MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			    1012, 0, MACH_SEND_TIMEOUT, 0));
	return 0;
}

TEST_F(boot, fork_inherits_at_fork)
{
	mach_port_t boot, reg, reg2;
	union mt_rcv buf;
	int go[2];
	pid_t pid;

	boot = mt_port_send();
	reg = mt_port_send();
	reg2 = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, boot);
	ASSERT_NE(MACH_PORT_NULL, reg);
	ASSERT_NE(MACH_PORT_NULL, reg2);
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	ASSERT_EQ(KERN_SUCCESS,
		  task_set_special_port(TASK, TASK_BOOTSTRAP_PORT, boot));
	ASSERT_EQ(KERN_SUCCESS, mach_ports_register(TASK, &reg, 1));

	pid = mt_fork(child_inherited_at_fork, go);
	ASSERT_LT(0, pid);
	/* The parent puts its ports back at once. */
	EXPECT_EQ(KERN_SUCCESS,
		  task_set_special_port(TASK, TASK_BOOTSTRAP_PORT, self->bp));
	EXPECT_EQ(KERN_SUCCESS, mach_ports_register(TASK, &reg2, 1));
	EXPECT_EQ(1, write(go[1], "g", 1));
	EXPECT_EQ(0, mt_wait_ok(pid));
	close(go[0]);
	close(go[1]);

	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(boot, &buf));
	EXPECT_EQ(1011, buf.head.msgh_id);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(reg, &buf));
	EXPECT_EQ(1012, buf.head.msgh_id);
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(reg2, &buf));
}

/*
 * A process forked before its parent had a task inherits nothing the
 * parent registers later: the intermediate process Q is made by a raw
 * fork (no fork handlers, no task), forks C the same way, and only then
 * makes its task and registers a port.
 */
static pid_t raw_fork(void)
{
	fflush(stdout);
	fflush(stderr);
	return (pid_t)syscall(SYS_fork);
}

static int raw_child_c(int go)
{
	mach_port_t *reg = NULL;
	mach_msg_type_number_t count = 0;
	char c;

	MT_CHILD_EQ(1, read(go, &c, 1));
	MT_CHILD_EQ(KERN_SUCCESS,
		    mach_ports_lookup(mach_task_self(), &reg, &count));
	MT_CHILD_EQ(TASK_PORT_REGISTER_MAX, count);
	MT_CHILD_EQ(MACH_PORT_NULL, reg[0]);
	return 0;
}

static int raw_child_q(void)
{
	mach_port_t port;
	int go[2], status;
	pid_t c;

	MT_CHILD_EQ(0, pipe2(go, O_CLOEXEC));
	c = raw_fork();
	if (c == 0)
		_exit(raw_child_c(go[0]));
	MT_CHILD_TRUE(c > 0);
	port = mt_port_send();
	MT_CHILD_TRUE(port != MACH_PORT_NULL);
	MT_CHILD_EQ(KERN_SUCCESS,
		    mach_ports_register(mach_task_self(), &port, 1));
	MT_CHILD_EQ(1, write(go[1], "g", 1));
	status = mt_wait_ok(c);
	MT_CHILD_EQ(0, status);
	return 0;
}

TEST_F(boot, fork_inherits_only_what_was_there)
{
	int status;
	pid_t q;

	q = raw_fork();
	if (q == 0)
		_exit(raw_child_q());
	ASSERT_LT(0, q);
	status = mt_wait_ok(q);
	EXPECT_EQ(0, status);
}

/* mach_task_self() names a kernel object: the task port. */
TEST_F(boot, task_port_is_kobject)
{
	mach_port_t reply;
	union mt_rcv buf;

	EXPECT_EQ(TASK, mach_task_self());
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(TASK));
	reply = mach_reply_port();
	ASSERT_TRUE(MACH_PORT_VALID(reply));
	ASSERT_EQ(MACH_MSG_SUCCESS, rpc_bare(TASK, reply, 0xDEAD, &buf));
	check_error_reply(_metadata, &buf, reply, 0xDEAD, MIG_BAD_ID);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  rpc_bare(TASK, reply, XNU_TESTSVC_NULL, &buf));
	check_error_reply(_metadata, &buf, reply, XNU_TESTSVC_NULL,
			  MIG_BAD_ID);
	/* The kernel holds its receive right, not we. */
	EXPECT_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(TASK, &buf));
	EXPECT_EQ(MACH_SEND_INVALID_RIGHT,
		  mt_send_port(reply, MACH_MSG_TYPE_MAKE_SEND, TASK,
			       MACH_MSG_TYPE_MOVE_RECEIVE, 1,
			       MACH_SEND_TIMEOUT, 0));
}

/* A task's port, given to another task, reaches its space. */
struct task_arg {
	char name[BOOTSTRAP_MAX_NAME_LEN];
};

struct two_ports_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t task;
	mach_msg_port_descriptor_t port;
};

static int child_gives_task_port(void *argp)
{
	struct task_arg *arg = argp;
	mach_port_t parent = MACH_PORT_NULL, mine;
	struct two_ports_msg m;
	union mt_rcv buf;
	mach_port_name_t made;

	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_look_up(bootstrap_port, arg->name, &parent));
	mine = mt_port();
	MT_CHILD_TRUE(mine != MACH_PORT_NULL);
	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), parent, MACH_PORT_NULL,
		  1100);
	m.body.msgh_descriptor_count = 2;
	m.task.name = mach_task_self();
	m.task.disposition = MACH_MSG_TYPE_COPY_SEND;
	m.task.type = MACH_MSG_PORT_DESCRIPTOR;
	m.port.name = mine;
	m.port.disposition = MACH_MSG_TYPE_MAKE_SEND;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL));
	/* The parent says which name it made in this space. */
	MT_CHILD_EQ(MACH_MSG_SUCCESS, mt_recv_wait(mine, &buf));
	made = buf.msg.data[0];
	MT_CHILD_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(made));
	MT_CHILD_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(0x777703));
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send(made, MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_NULL, 0,
			    1, 0, MACH_SEND_TIMEOUT, 0));
	MT_CHILD_EQ(MACH_MSG_SUCCESS, mt_recv_poll(made, &buf));
	return 0;
}

TEST_F(boot, other_task_port)
{
	struct task_arg arg;
	struct two_ports_msg *m;
	mach_port_t rdv = MACH_PORT_NULL, ctask, cport;
	mach_port_name_t n = MACH_PORT_NULL, *names = NULL;
	mach_port_type_t type = 0;
	union mt_rcv buf;
	mach_msg_type_number_t nc = 0, tc = 0;
	mach_port_type_t *types = NULL;
	unsigned int i, found = 0;
	pid_t pid;

	mt_service_name(arg.name, sizeof(arg.name), "boot.task");
	ASSERT_EQ(KERN_SUCCESS, bootstrap_check_in(self->bp, arg.name, &rdv));
	pid = mt_fork(child_gives_task_port, &arg);
	ASSERT_LT(0, pid);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(rdv, &buf));
	m = (struct two_ports_msg *)&buf;
	ASSERT_EQ(1100, m->head.msgh_id);
	ctask = m->task.name;
	cport = m->port.name;
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(ctask));
	EXPECT_NE(TASK, ctask);

	/* Work in the child's space through its task port. */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_allocate(ctask, MACH_PORT_RIGHT_RECEIVE, &n));
	EXPECT_EQ(KERN_SUCCESS, mach_port_type(ctask, n, &type));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, type);
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_allocate_name(ctask, MACH_PORT_RIGHT_DEAD_NAME,
					  0x777703));
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_names(ctask, &names, &nc, &types, &tc));
	for (i = 0; i < nc; i++)
		if (names[i] == n && types[i] == MACH_PORT_TYPE_RECEIVE)
			found++;
	EXPECT_EQ(1U, found);
	mt_free_names(names, types, (int)nc);

	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send(cport, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			  n, n, MACH_SEND_TIMEOUT, 0));
	EXPECT_EQ(0, mt_wait_ok(pid));

	/* The task is gone: its port is a dead name. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mach_port_allocate(ctask, MACH_PORT_RIGHT_RECEIVE, &n));
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(ctask));
}

/*
 * Calls on another task take their rights from the caller's space, as
 * XNU's MIG routines (the message carries them), and act on the target.
 */
struct three_ports_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t task;
	mach_msg_port_descriptor_t port;
	mach_msg_port_descriptor_t done;
	uint32_t port_name;	/* the child's name of port */
};

/*
 * The child: its task port, a send right to its receive right @port (and
 * @port's name in its space) and to @done go to the test; then it does
 * what the test says on @done: data[0] a name to send message 1300 to
 * (MACH_PORT_NULL: none), until the test says 0xffffffff.
 */
static int child_serves_its_space(void *argp)
{
	struct task_arg *arg = argp;
	mach_port_t parent = MACH_PORT_NULL, port, done;
	struct three_ports_msg m;
	union mt_rcv buf;
	mach_port_name_t name;

	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_look_up(bootstrap_port, arg->name, &parent));
	port = mt_port();
	done = mt_port();
	MT_CHILD_TRUE(port != MACH_PORT_NULL && done != MACH_PORT_NULL);
	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), parent, MACH_PORT_NULL,
		  1101);
	m.body.msgh_descriptor_count = 3;
	m.task.name = mach_task_self();
	m.task.disposition = MACH_MSG_TYPE_COPY_SEND;
	m.task.type = MACH_MSG_PORT_DESCRIPTOR;
	m.port.name = port;
	m.port.disposition = MACH_MSG_TYPE_MAKE_SEND;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.done.name = done;
	m.done.disposition = MACH_MSG_TYPE_MAKE_SEND;
	m.done.type = MACH_MSG_PORT_DESCRIPTOR;
	m.port_name = port;
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL));
	for (;;) {
		MT_CHILD_EQ(MACH_MSG_SUCCESS, mt_recv_wait(done, &buf));
		name = buf.msg.data[0];
		if (name == 0xffffffffU)
			break;
		if (name == MACH_PORT_NULL)
			continue;
		MT_CHILD_EQ(MACH_PORT_TYPE_SEND, mt_type(name));
		MT_CHILD_EQ(MACH_MSG_SUCCESS,
			    mt_send(name, MACH_MSG_TYPE_COPY_SEND,
				    MACH_PORT_NULL, 0, 1300, 0,
				    MACH_SEND_TIMEOUT, MT_WAIT_MS));
	}
	return 0;
}

/**
 * struct other_task - a child serving its space
 * @pid:	the child
 * @task:	a send right to its task port
 * @port:	a send right to its receive right
 * @port_name:	that receive right's name in the child's space
 * @done:	a send right to the port it takes orders on
 */
struct other_task {
	pid_t pid;
	mach_port_t task;
	mach_port_t port;
	mach_port_name_t port_name;
	mach_port_t done;
};

static int other_task_start(struct other_task *o)
{
	struct task_arg arg;
	struct three_ports_msg *m;
	mach_port_t rdv = MACH_PORT_NULL;
	union mt_rcv buf;
	int ret = -1;

	mt_service_name(arg.name, sizeof(arg.name), "boot.other");
	if (bootstrap_check_in(bootstrap_port, arg.name, &rdv))
		return -1;
	o->pid = mt_fork(child_serves_its_space, &arg);
	if (o->pid > 0 && mt_recv_wait(rdv, &buf) == MACH_MSG_SUCCESS &&
	    buf.head.msgh_id == 1101) {
		m = (struct three_ports_msg *)&buf;
		o->task = m->task.name;
		o->port = m->port.name;
		o->done = m->done.name;
		o->port_name = m->port_name;
		ret = 0;
	}
	mt_kill(rdv);
	return ret;
}

/* Tell the child to send to its @name (0xffffffff: to exit). */
static mach_msg_return_t other_task_order(struct other_task *o,
					  mach_port_name_t name)
{
	return mt_send(o->done, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 1,
		       name, MACH_SEND_TIMEOUT, MT_WAIT_MS);
}

static int other_task_end(struct other_task *o)
{
	other_task_order(o, 0xffffffffU);
	return mt_wait_ok(o->pid);
}

/* mach_port_insert_right() on another task: the right is the caller's. */
TEST_F(boot, insert_right_other_task)
{
	struct other_task o;
	mach_port_t mine, other;
	mach_port_type_t type = 0;
	mach_port_status_t st;
	mach_msg_type_number_t count = MACH_PORT_RECEIVE_STATUS_COUNT;
	union mt_rcv buf;

	ASSERT_EQ(0, other_task_start(&o));
	mine = mt_port();
	ASSERT_NE(MACH_PORT_NULL, mine);

	/* A send right to our port, made from our receive right. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(o.task, 0x666603, mine,
					 MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(mine));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_attributes(TASK, mine,
					   MACH_PORT_RECEIVE_STATUS,
					   (mach_port_info_t)&st, &count));
	EXPECT_EQ(1U, st.mps_mscount);
	EXPECT_EQ(1U, st.mps_srights);
	EXPECT_EQ(MACH_MSG_SUCCESS, other_task_order(&o, 0x666603));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(mine, &buf));
	EXPECT_EQ(1300, buf.head.msgh_id);

	/* A name the caller does not have: the MIG message fails. */
	EXPECT_EQ(MACH_SEND_INVALID_RIGHT,
		  mach_port_insert_right(o.task, 0x666703, 0x7abc03,
					 MACH_MSG_TYPE_COPY_SEND));
	/* The child's name of its port means nothing here. */
	if (mt_type(o.port_name) == MT_BAD)
		EXPECT_EQ(MACH_SEND_INVALID_RIGHT,
			  mach_port_insert_right(o.task, 0x666703,
						 o.port_name,
						 MACH_MSG_TYPE_MAKE_SEND));
	/* Null and dead rights reach the routine. */
	EXPECT_EQ(KERN_INVALID_CAPABILITY,
		  mach_port_insert_right(o.task, 0x666703, MACH_PORT_NULL,
					 MACH_MSG_TYPE_COPY_SEND));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_insert_right(o.task, 0x666702, mine,
					 MACH_MSG_TYPE_MAKE_SEND));
	/* The failed call destroyed the right it carried. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_attributes(TASK, mine,
					   MACH_PORT_RECEIVE_STATUS,
					   (mach_port_info_t)&st, &count));
	EXPECT_EQ(1U, st.mps_srights);
	/* The name is taken in the child's space; the port has a name. */
	other = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, other);
	EXPECT_EQ(KERN_NAME_EXISTS,
		  mach_port_insert_right(o.task, 0x666603, other,
					 MACH_MSG_TYPE_COPY_SEND));
	EXPECT_EQ(KERN_RIGHT_EXISTS,
		  mach_port_insert_right(o.task, 0x666703, o.port,
					 MACH_MSG_TYPE_COPY_SEND));
	EXPECT_EQ(1U, mt_refs(other, MACH_PORT_RIGHT_SEND));

	/* A receive right moves to the other task, joining its send right. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(o.task, 0x666603, mine,
					 MACH_MSG_TYPE_MOVE_RECEIVE));
	EXPECT_EQ(MT_BAD, mt_type(mine));
	EXPECT_EQ(KERN_SUCCESS, mach_port_type(o.task, 0x666603, &type));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, type);
	EXPECT_EQ(0, other_task_end(&o));
}

/*
 * mach_port_request_notification() on another task: the notify right is
 * the caller's, the name the target's.
 */
TEST_F(boot, request_notification_other_task)
{
	mach_port_t notify, previous = 0x5a5a;
	struct other_task o;
	union mt_rcv buf;

	ASSERT_EQ(0, other_task_start(&o));
	notify = mt_port();
	ASSERT_NE(MACH_PORT_NULL, notify);

	/* No-senders of the child's port, told to our port. */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_request_notification(o.task, o.port_name,
						 MACH_NOTIFY_NO_SENDERS, 0,
						 notify,
						 MACH_MSG_TYPE_MAKE_SEND_ONCE,
						 &previous));
	EXPECT_EQ(MACH_PORT_NULL, previous);
	/* Our send right is the only one: dropping it fires it. */
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, o.port));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(notify, &buf));
	EXPECT_EQ(MACH_NOTIFY_NO_SENDERS, buf.head.msgh_id);
	EXPECT_EQ(0, other_task_end(&o));
}

int main(int argc, char **argv)
{
	xnu_kmod_need(TESTMOD, TESTMOD_KO_ENV);
	return test_harness_run(argc, argv);
}

static void __attribute__((constructor)) __constructor_order_last(void)
{
	if (!__constructor_order)
		__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD;
}

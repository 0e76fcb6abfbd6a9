// SPDX-License-Identifier: GPL-2.0
/*
 * mach_clock_test - the host port and Mach clocks, served by the module
 * through MIG code xmig generated at build time (kmod/mach/defs):
 *   - mach_host_self() names one send right (the same name each call);
 *     host_get_clock_service() gives SYSTEM_CLOCK and CALENDAR_CLOCK, and
 *     KERN_INVALID_ARGUMENT for any other id;
 *   - clock_get_time(): SYSTEM_CLOCK between two CLOCK_MONOTONIC readings,
 *     CALENDAR_CLOCK between two CLOCK_REALTIME readings;
 *   - clock_get_attributes(): every flavor of both clocks (10,000,000 ns;
 *     the calendar clock's alarm resolutions 0), count 0 -> KERN_FAILURE,
 *     a count above 1 clamped to 1, an unknown flavor ->
 *     KERN_INVALID_VALUE (reference §5.2);
 *   - raw messages: exact request/reply sizes (24/44, 40/44, 36/40), a
 *     wrong size or the complex bit -> MIG_BAD_ARGUMENTS in a 36-byte
 *     reply, an unknown id (clock_alarm 1002 is not served) -> MIG_BAD_ID,
 *     a clock routine sent to the host or task port runs, as in XNU's one
 *     table of kernel routines, and finds no clock: KERN_INVALID_ARGUMENT
 *     (a request of the wrong size is MIG_BAD_ARGUMENTS first);
 *   - all of it as root and as nobody.
 */
#include "xnu_mach_selftest.h"

#include <mach/clock.h>
#include <mach/clock_types.h>
#include <mach/mach_host.h>

#define RES_10MS	10000000

MT_FIXTURE_ROOT_NOBODY(clk)

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

static uint64_t mts_ns(const mach_timespec_t *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

/* A send right to clock @id, or MACH_PORT_NULL. */
static clock_serv_t get_clock(clock_id_t id)
{
	clock_serv_t clock = MACH_PORT_NULL;

	if (host_get_clock_service(mach_host_self(), id, &clock))
		return MACH_PORT_NULL;
	return clock;
}

/* The reply in @buf is a 36-byte error reply to @id saying @code. */
static void check_error(struct __test_metadata *_metadata,
			const union mt_rcv *buf, mach_port_t reply,
			mach_msg_id_t id, kern_return_t code)
{
	mt_check_mig_reply_error(_metadata, buf, reply, id, code,
				 MT_MIG_SIMPLE);
}

struct get_time_req {
	mach_msg_header_t Head;
	uint32_t extra;
};

struct get_attr_req {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	clock_flavor_t flavor;
	mach_msg_type_number_t count;
	uint32_t extra;
};

#pragma pack(push, 4)
struct get_time_rep {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
	mach_timespec_t cur_time;
};

struct get_attr_rep {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
	mach_msg_type_number_t count;
	int attr[1];
};

struct get_clock_req {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	clock_id_t id;
};

struct get_clock_rep {
	mach_msg_header_t Head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t clock;
};
#pragma pack(pop)

TEST_F(clk, host_self)
{
	mach_port_t host = mach_host_self(), again = mach_host_self();

	ASSERT_TRUE(MACH_PORT_VALID(host));
	EXPECT_EQ(host, again);
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(host));
	EXPECT_NE(TASK, host);
}

TEST_F(clk, clock_service)
{
	mach_port_t host = mach_host_self();
	static const clock_id_t bad[] = { 2, 3, -1, 1000, INT32_MIN };
	clock_serv_t sys, cal, c;
	unsigned int i;

	sys = get_clock(SYSTEM_CLOCK);
	cal = get_clock(CALENDAR_CLOCK);
	ASSERT_TRUE(MACH_PORT_VALID(sys));
	ASSERT_TRUE(MACH_PORT_VALID(cal));
	EXPECT_NE(sys, cal);
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(sys));
	/* Again: the same right, one more user reference. */
	EXPECT_EQ(sys, get_clock(SYSTEM_CLOCK));
	EXPECT_EQ(2U, mt_refs(sys, MACH_PORT_RIGHT_SEND));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = 0x1234;
		EXPECT_EQ(KERN_INVALID_ARGUMENT,
			  host_get_clock_service(host, bad[i], &c));
		EXPECT_EQ(0x1234U, c);
	}
	/* host_get_clock_service() on a clock port, or the task port. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  host_get_clock_service(sys, SYSTEM_CLOCK, &c));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  host_get_clock_service(TASK, SYSTEM_CLOCK, &c));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  host_get_clock_service(MACH_PORT_NULL, SYSTEM_CLOCK, &c));
}

TEST_F(clk, get_time)
{
	struct timespec a, b;
	mach_timespec_t t;
	clock_serv_t sys = get_clock(SYSTEM_CLOCK);
	clock_serv_t cal = get_clock(CALENDAR_CLOCK);
	int i;

	ASSERT_TRUE(MACH_PORT_VALID(sys));
	ASSERT_TRUE(MACH_PORT_VALID(cal));
	for (i = 0; i < 100; i++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		ASSERT_EQ(KERN_SUCCESS, clock_get_time(sys, &t));
		clock_gettime(CLOCK_MONOTONIC, &b);
		EXPECT_LE(ts_ns(&a), mts_ns(&t));
		EXPECT_LE(mts_ns(&t), ts_ns(&b));
		EXPECT_GE(t.tv_nsec, 0);
		EXPECT_LT(t.tv_nsec, 1000000000);

		clock_gettime(CLOCK_REALTIME, &a);
		ASSERT_EQ(KERN_SUCCESS, clock_get_time(cal, &t));
		clock_gettime(CLOCK_REALTIME, &b);
		EXPECT_LE(ts_ns(&a), mts_ns(&t));
		EXPECT_LE(mts_ns(&t), ts_ns(&b));
		EXPECT_GE(t.tv_nsec, 0);
		EXPECT_LT(t.tv_nsec, 1000000000);
	}
	/* A clock routine on the host or task port: no clock there. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT, clock_get_time(mach_host_self(), &t));
	EXPECT_EQ(KERN_INVALID_ARGUMENT, clock_get_time(TASK, &t));
}

TEST_F(clk, attributes)
{
	static const clock_flavor_t flavors[] = {
		CLOCK_GET_TIME_RES, CLOCK_ALARM_CURRES, CLOCK_ALARM_MINRES,
		CLOCK_ALARM_MAXRES,
	};
	static const clock_flavor_t bad[] = { 0, 2, 6, -1, 1000 };
	clock_serv_t sys = get_clock(SYSTEM_CLOCK);
	clock_serv_t cal = get_clock(CALENDAR_CLOCK);
	mach_msg_type_number_t count;
	unsigned int i;
	int attr[4];

	ASSERT_TRUE(MACH_PORT_VALID(sys));
	ASSERT_TRUE(MACH_PORT_VALID(cal));
	for (i = 0; i < 4; i++) {
		count = 1;
		attr[0] = -1;
		EXPECT_EQ(KERN_SUCCESS,
			  clock_get_attributes(sys, flavors[i], attr, &count));
		EXPECT_EQ(1U, count);
		EXPECT_EQ(RES_10MS, attr[0]);

		count = 1;
		attr[0] = -1;
		EXPECT_EQ(KERN_SUCCESS,
			  clock_get_attributes(cal, flavors[i], attr, &count));
		EXPECT_EQ(1U, count);
		EXPECT_EQ(i ? 0 : RES_10MS, attr[0]);
	}
	/* A larger count is clamped to the array's 1. */
	count = 4;
	memset(attr, 0xff, sizeof(attr));
	EXPECT_EQ(KERN_SUCCESS,
		  clock_get_attributes(sys, CLOCK_GET_TIME_RES, attr, &count));
	EXPECT_EQ(1U, count);
	EXPECT_EQ(RES_10MS, attr[0]);
	EXPECT_EQ(-1, attr[1]);
	/* Count 0: the clock op wants exactly one. */
	count = 0;
	EXPECT_EQ(KERN_FAILURE,
		  clock_get_attributes(sys, CLOCK_GET_TIME_RES, attr, &count));
	count = 0;
	EXPECT_EQ(KERN_FAILURE,
		  clock_get_attributes(cal, CLOCK_GET_TIME_RES, attr, &count));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		count = 1;
		EXPECT_EQ(KERN_INVALID_VALUE,
			  clock_get_attributes(sys, bad[i], attr, &count));
		count = 1;
		EXPECT_EQ(KERN_INVALID_VALUE,
			  clock_get_attributes(cal, bad[i], attr, &count));
	}
}

/* The exact messages: request and reply sizes, ids, dispositions. */
TEST_F(clk, raw_sizes)
{
	clock_serv_t sys = get_clock(SYSTEM_CLOCK);
	struct get_clock_req creq;
	struct get_attr_req areq;
	struct get_time_req treq;
	const struct get_clock_rep *crep;
	const struct get_attr_rep *arep;
	const struct get_time_rep *trep;
	mach_port_t reply, clock;
	union mt_rcv buf;
	mach_timespec_t t;

	ASSERT_TRUE(MACH_PORT_VALID(sys));
	memset(&treq, 0, sizeof(treq));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(sys, &treq, 24, 1000, 0, &buf, &reply));
	trep = (const void *)&buf;
	EXPECT_EQ(44U, trep->Head.msgh_size);
	EXPECT_EQ(1100, trep->Head.msgh_id);
	EXPECT_EQ(reply, trep->Head.msgh_local_port);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND_ONCE,
		  MT_BF(MACH_MSGH_BITS_LOCAL(trep->Head.msgh_bits)));
	EXPECT_EQ(0U, MT_BF(MACH_MSGH_BITS_REMOTE(trep->Head.msgh_bits)));
	EXPECT_EQ(KERN_SUCCESS, trep->RetCode);
	EXPECT_TRUE(mt_ndr_ok(&trep->NDR));
	EXPECT_GT(trep->cur_time.tv_sec + trep->cur_time.tv_nsec, 0U);

	memset(&areq, 0, sizeof(areq));
	areq.NDR = NDR_record;
	areq.flavor = CLOCK_GET_TIME_RES;
	areq.count = 1;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(sys, &areq, 40, 1001, 0, &buf, &reply));
	arep = (const void *)&buf;
	EXPECT_EQ(44U, arep->Head.msgh_size);
	EXPECT_EQ(1101, arep->Head.msgh_id);
	EXPECT_EQ(KERN_SUCCESS, arep->RetCode);
	EXPECT_EQ(1U, arep->count);
	EXPECT_EQ(RES_10MS, arep->attr[0]);

	/* Count 0 in the request: an error reply, 36 bytes. */
	areq.count = 0;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(sys, &areq, 40, 1001, 0, &buf, &reply));
	check_error(_metadata, &buf, reply, 1001, KERN_FAILURE);

	memset(&creq, 0, sizeof(creq));
	creq.NDR = NDR_record;
	creq.id = CALENDAR_CLOCK;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(mach_host_self(), &creq, 36, 206, 0, &buf, &reply));
	crep = (const void *)&buf;
	EXPECT_EQ(40U, crep->Head.msgh_size);
	EXPECT_EQ(306, crep->Head.msgh_id);
	EXPECT_NE(0U, crep->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	EXPECT_EQ(1U, crep->body.msgh_descriptor_count);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, MT_BF(crep->clock.disposition));
	EXPECT_EQ(MACH_MSG_PORT_DESCRIPTOR, MT_BF(crep->clock.type));
	clock = crep->clock.name;
	EXPECT_EQ(clock, get_clock(CALENDAR_CLOCK));
	EXPECT_EQ(KERN_SUCCESS, clock_get_time(clock, &t));

	creq.id = 2;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(mach_host_self(), &creq, 36, 206, 0, &buf, &reply));
	check_error(_metadata, &buf, reply, 206, KERN_INVALID_ARGUMENT);
}

/* Wrong sizes and the complex bit: MIG_BAD_ARGUMENTS. */
TEST_F(clk, raw_bad_arguments)
{
	clock_serv_t sys = get_clock(SYSTEM_CLOCK);
	struct get_attr_req areq;
	struct get_time_req treq;
	struct get_clock_req creq;
	mach_port_t reply;
	union mt_rcv buf;

	ASSERT_TRUE(MACH_PORT_VALID(sys));
	memset(&treq, 0, sizeof(treq));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(sys, &treq, 28, 1000, 0, &buf, &reply));
	check_error(_metadata, &buf, reply, 1000, MIG_BAD_ARGUMENTS);

	memset(&areq, 0, sizeof(areq));
	areq.NDR = NDR_record;
	areq.count = 1;
	areq.flavor = CLOCK_GET_TIME_RES;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(sys, &areq, 36, 1001, 0, &buf, &reply));
	check_error(_metadata, &buf, reply, 1001, MIG_BAD_ARGUMENTS);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(sys, &areq, 44, 1001, 0, &buf, &reply));
	check_error(_metadata, &buf, reply, 1001, MIG_BAD_ARGUMENTS);
	/* The complex bit with no descriptor. */
	memset(&areq, 0, sizeof(areq));
	areq.count = 1;
	areq.flavor = CLOCK_GET_TIME_RES;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(sys, &areq, 40, 1001, MACH_MSGH_BITS_COMPLEX, &buf,
			 &reply));
	check_error(_metadata, &buf, reply, 1001, MIG_BAD_ARGUMENTS);

	memset(&creq, 0, sizeof(creq));
	creq.NDR = NDR_record;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(mach_host_self(), &creq, 32, 206, 0, &buf, &reply));
	check_error(_metadata, &buf, reply, 206, MIG_BAD_ARGUMENTS);
}

/*
 * Ids no kernel object serves: MIG_BAD_ID, mach_msg() succeeds. An id
 * another kind of kernel object serves runs its routine (XNU has one table
 * of kernel routines): its size check first, then no object of its kind.
 */
TEST_F(clk, raw_bad_id)
{
	static const mach_msg_id_t ids[] = { 1002, 1003, 999, 0 };
	static const mach_msg_id_t host_ids[] = { 200, 205, 207 };
	clock_serv_t sys = get_clock(SYSTEM_CLOCK);
	struct get_time_req treq;
	mach_port_t reply;
	union mt_rcv buf;
	unsigned int i;

	ASSERT_TRUE(MACH_PORT_VALID(sys));
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		memset(&treq, 0, sizeof(treq));
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mt_rpc(sys, &treq, 24, ids[i], 0, &buf, &reply));
		check_error(_metadata, &buf, reply, ids[i], MIG_BAD_ID);
	}
	for (i = 0; i < sizeof(host_ids) / sizeof(host_ids[0]); i++) {
		memset(&treq, 0, sizeof(treq));
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mt_rpc(mach_host_self(), &treq, 24, host_ids[i], 0,
				 &buf, &reply));
		check_error(_metadata, &buf, reply, host_ids[i], MIG_BAD_ID);
	}
	/* host_get_clock_service (206) at a clock: 24 bytes are too short. */
	memset(&treq, 0, sizeof(treq));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_rpc(sys, &treq, 24, 206, 0, &buf, &reply));
	check_error(_metadata, &buf, reply, 206, MIG_BAD_ARGUMENTS);
	/* clock_get_time (1000) at the host: a well-formed call, no clock. */
	memset(&treq, 0, sizeof(treq));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(mach_host_self(), &treq, 24, 1000, 0, &buf, &reply));
	check_error(_metadata, &buf, reply, 1000, KERN_INVALID_ARGUMENT);
}

TEST_HARNESS_MAIN

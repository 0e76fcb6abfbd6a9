// SPDX-License-Identifier: GPL-2.0
/*
 * seeds_user_test.c - the generated user stubs of the seed routines
 * (clock, thread_act, task, mach_port fixtures) against canned replies:
 * the request bytes they send (size, bits, ports, msgh_id, fields), what
 * they make of good replies, and the MIG errors of bad ones
 * (MIG_REPLY_MISMATCH, MIG_SERVER_DIED, MIG_TYPE_ERROR, MIG_ARRAY_TOO_LARGE,
 * a server's RetCode).
 */
#include <string.h>

#include "fake_mach.h"
#include "clock.h"
#include "thread_act.h"
#include "task.h"
#include "mach_port.h"

#define PORT	((mach_port_t)0x55)

static union {
	mach_msg_header_t h;
	unsigned char b[1024];
} rep;

static const mach_msg_header_t *sent = (const mach_msg_header_t *)xt_sent;

/* A reply as a server sends it: to the reply port, id + 100. */
static void *reply(mach_msg_id_t req_id, mach_msg_size_t size,
		   kern_return_t rc)
{
	mig_reply_error_t *e = (mig_reply_error_t *)&rep.h;

	xt_reset();
	memset(&rep, 0, sizeof(rep));
	e->Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	e->Head.msgh_size = size;
	e->Head.msgh_remote_port = XT_REPLY_PORT;
	e->Head.msgh_id = req_id + 100;
	if (size >= sizeof(*e)) {
		e->NDR = NDR_record;
		e->RetCode = rc;
	}
	xt_canned = &rep.h;
	return &rep;
}

static void complex_reply(void)
{
	rep.h.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

static void test_clock_get_time(void)
{
	__Reply__clock_get_time_t *r;
	mach_timespec_t ts = { 0, 0 };

	r = reply(1000, 44, KERN_SUCCESS);
	r->cur_time.tv_sec = 5;
	r->cur_time.tv_nsec = 6;
	XT_EQ(clock_get_time(PORT, &ts), KERN_SUCCESS);
	XT_EQ(ts.tv_sec, 5);
	XT_EQ(ts.tv_nsec, 6);
	XT_EQ(xt_sent_size, 24);
	XT_EQ(sent->msgh_id, 1000);
	XT_EQ(sent->msgh_bits, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					     MACH_MSG_TYPE_MAKE_SEND_ONCE));
	XT_EQ(sent->msgh_remote_port, PORT);
	XT_EQ(sent->msgh_local_port, XT_REPLY_PORT);
	XT_EQ(sent->msgh_voucher_port, 0);
	XT_EQ(xt_last_option, MACH_SEND_MSG | MACH_RCV_MSG);

	reply(1000, 36, KERN_INVALID_ARGUMENT);
	XT_EQ(clock_get_time(PORT, &ts), KERN_INVALID_ARGUMENT);
	reply(1000, 36, KERN_SUCCESS);
	XT_EQ(clock_get_time(PORT, &ts), MIG_TYPE_ERROR);
	reply(1000, 40, KERN_SUCCESS);
	XT_EQ(clock_get_time(PORT, &ts), MIG_TYPE_ERROR);
	reply(1000, 44, KERN_SUCCESS);
	complex_reply();
	XT_EQ(clock_get_time(PORT, &ts), MIG_TYPE_ERROR);
	reply(1001, 44, KERN_SUCCESS);
	XT_EQ(clock_get_time(PORT, &ts), MIG_REPLY_MISMATCH);
	XT_EQ(xt_destroyed, 1);
	reply(1000, 24, KERN_SUCCESS);
	rep.h.msgh_id = MACH_NOTIFY_SEND_ONCE;
	XT_EQ(clock_get_time(PORT, &ts), MIG_SERVER_DIED);
}

static void test_clock_get_attributes(void)
{
	__Request__clock_get_attributes_t *q = (void *)xt_sent;
	__Reply__clock_get_attributes_t *r;
	mach_msg_type_number_t cnt = 1;
	int attr[1] = { 0 };

	r = reply(1001, 44, KERN_SUCCESS);
	r->clock_attrCnt = 1;
	r->clock_attr[0] = 10000000;
	XT_EQ(clock_get_attributes(PORT, 1, attr, &cnt), KERN_SUCCESS);
	XT_EQ(attr[0], 10000000);
	XT_EQ(cnt, 1);
	XT_EQ(xt_sent_size, 40);
	XT_EQ(q->flavor, 1);
	XT_EQ(q->clock_attrCnt, 1);
	XT_EQ(q->Head.msgh_id, 1001);

	/* CountInOut: the request says min(*cnt, 1). */
	cnt = 5;
	XT_EQ(clock_get_attributes(PORT, 1, attr, &cnt), KERN_SUCCESS);
	XT_EQ(q->clock_attrCnt, 1);
	cnt = 0;
	attr[0] = 0;
	XT_EQ(clock_get_attributes(PORT, 1, attr, &cnt), MIG_ARRAY_TOO_LARGE);
	XT_EQ(q->clock_attrCnt, 0);
	XT_EQ(cnt, 1);
	XT_EQ(attr[0], 0);

	r = reply(1001, 40, KERN_SUCCESS);
	cnt = 1;
	XT_EQ(clock_get_attributes(PORT, 1, attr, &cnt), KERN_SUCCESS);
	XT_EQ(cnt, 0);
	r = reply(1001, 44, KERN_SUCCESS);
	r->clock_attrCnt = 2;
	XT_EQ(clock_get_attributes(PORT, 1, attr, &cnt), MIG_TYPE_ERROR);
	r = reply(1001, 44, KERN_SUCCESS);
	r->clock_attrCnt = 0;
	XT_EQ(clock_get_attributes(PORT, 1, attr, &cnt), MIG_TYPE_ERROR);
	reply(1001, 36, KERN_FAILURE);
	XT_EQ(clock_get_attributes(PORT, 1, attr, &cnt), KERN_FAILURE);
}

static void test_thread_policy(void)
{
	__Request__thread_policy_set_t *qs = (void *)xt_sent;
	__Request__thread_policy_get_t *qg = (void *)xt_sent;
	__Reply__thread_policy_get_t *r;
	integer_t info[16] = { 1, 2, 3, 4 };
	mach_msg_type_number_t cnt = 10;
	boolean_t def = TRUE;

	reply(3617, 36, KERN_SUCCESS);
	XT_EQ(thread_policy_set(PORT, 2, info, 4), KERN_SUCCESS);
	XT_EQ(xt_sent_size, 40 + 16);
	XT_EQ(qs->Head.msgh_id, 3617);
	XT_EQ(qs->flavor, 2);
	XT_EQ(qs->policy_infoCnt, 4);
	XT_EQ(qs->policy_info[3], 4);
	reply(3617, 36, KERN_POLICY_STATIC);
	XT_EQ(thread_policy_set(PORT, 2, info, 0), KERN_POLICY_STATIC);
	XT_EQ(xt_sent_size, 40);
	xt_reset();
	XT_EQ(thread_policy_set(PORT, 2, info, 17), MIG_ARRAY_TOO_LARGE);
	XT_EQ(xt_sends, 0);

	/* The reply's get_default follows the 4 integers it carries. */
	r = reply(3618, 60, KERN_SUCCESS);
	r->policy_infoCnt = 4;
	r->policy_info[0] = 7;
	r->policy_info[3] = 9;
	r->policy_info[4] = FALSE;
	XT_EQ(thread_policy_get(PORT, 2, info, &cnt, &def), KERN_SUCCESS);
	XT_EQ(xt_sent_size, 44);
	XT_EQ(qg->Head.msgh_id, 3618);
	XT_EQ(qg->policy_infoCnt, 10);
	XT_EQ(qg->get_default, TRUE);
	XT_EQ(cnt, 4);
	XT_EQ(info[0], 7);
	XT_EQ(info[3], 9);
	XT_EQ(def, FALSE);

	cnt = 40;
	XT_EQ(thread_policy_get(PORT, 2, info, &cnt, &def), KERN_SUCCESS);
	XT_EQ(qg->policy_infoCnt, 16);
	cnt = 2;
	info[2] = -1;
	XT_EQ(thread_policy_get(PORT, 2, info, &cnt, &def), MIG_ARRAY_TOO_LARGE);
	XT_EQ(cnt, 4);
	XT_EQ(info[2], -1);

	r = reply(3618, 64, KERN_SUCCESS);
	r->policy_infoCnt = 4;
	cnt = 16;
	XT_EQ(thread_policy_get(PORT, 2, info, &cnt, &def), MIG_TYPE_ERROR);
	r = reply(3618, 108, KERN_SUCCESS);
	r->policy_infoCnt = 17;
	XT_EQ(thread_policy_get(PORT, 2, info, &cnt, &def), MIG_TYPE_ERROR);
	reply(3618, 36, KERN_INVALID_ARGUMENT);
	XT_EQ(thread_policy_get(PORT, 2, info, &cnt, &def),
	      KERN_INVALID_ARGUMENT);
}

static void test_semaphores(void)
{
	__Request__semaphore_create_t *qc = (void *)xt_sent;
	__Request__semaphore_destroy_t *qd = (void *)xt_sent;
	__Reply__semaphore_create_t *r;
	semaphore_t sema = 0;

	r = reply(3418, 40, KERN_SUCCESS);
	complex_reply();
	r->msgh_body.msgh_descriptor_count = 1;
	r->semaphore.name = 0x1234;
	r->semaphore.disposition = MACH_MSG_TYPE_MAKE_SEND;
	r->semaphore.type = MACH_MSG_PORT_DESCRIPTOR;
	XT_EQ(semaphore_create(PORT, &sema, 0, 3), KERN_SUCCESS);
	XT_EQ(sema, 0x1234);
	XT_EQ(xt_sent_size, 40);
	XT_EQ(qc->Head.msgh_id, 3418);
	XT_EQ(qc->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX, 0);
	XT_EQ(qc->policy, 0);
	XT_EQ(qc->value, 3);

	r->semaphore.disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	XT_EQ(semaphore_create(PORT, &sema, 0, 3), MIG_TYPE_ERROR);
	r->semaphore.disposition = MACH_MSG_TYPE_MOVE_SEND;
	r->msgh_body.msgh_descriptor_count = 2;
	XT_EQ(semaphore_create(PORT, &sema, 0, 3), MIG_TYPE_ERROR);
	reply(3418, 36, KERN_INVALID_ARGUMENT);
	XT_EQ(semaphore_create(PORT, &sema, 0, -1), KERN_INVALID_ARGUMENT);
	reply(3418, 36, KERN_SUCCESS);
	XT_EQ(semaphore_create(PORT, &sema, 0, 1), MIG_TYPE_ERROR);

	reply(3419, 36, KERN_SUCCESS);
	XT_EQ(semaphore_destroy(PORT, 0x1234), KERN_SUCCESS);
	XT_EQ(xt_sent_size, 40);
	XT_EQ(qd->Head.msgh_bits, MACH_MSGH_BITS_COMPLEX |
	      MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
			     MACH_MSG_TYPE_MAKE_SEND_ONCE));
	XT_EQ(qd->Head.msgh_id, 3419);
	XT_EQ(qd->msgh_body.msgh_descriptor_count, 1);
	XT_EQ(qd->semaphore.name, 0x1234);
	XT_EQ(qd->semaphore.disposition, MACH_MSG_TYPE_MOVE_SEND);
	XT_EQ(qd->semaphore.type, MACH_MSG_PORT_DESCRIPTOR);
	XT_EQ(qd->semaphore.pad1, 0);
	XT_EQ(qd->semaphore.pad2, 0);
}

static void test_mach_port(void)
{
	__Request__mach_port_allocate_t *qa = (void *)xt_sent;
	__Request__mach_port_insert_right_t *qi = (void *)xt_sent;
	__Reply__mach_port_allocate_t *ra;
	__Reply__mach_port_names_t *rn;
	__Reply__mach_port_extract_right_t *re;
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t nc = 0, tc = 0;
	mach_port_name_t name = 0;
	mach_msg_type_name_t poly = 0;
	mach_port_t got = 0;
	mach_port_name_t n2[2] = { 0x103, 0x207 };
	mach_port_type_t t2[2] = { 0x10000, 0x20000 };

	ra = reply(3204, 40, KERN_SUCCESS);
	ra->name = 0x40b;
	XT_EQ(mach_port_allocate(PORT, MACH_PORT_RIGHT_RECEIVE, &name),
	      KERN_SUCCESS);
	XT_EQ(name, 0x40b);
	XT_EQ(xt_sent_size, 36);
	XT_EQ(qa->Head.msgh_id, 3204);
	XT_EQ(qa->right, MACH_PORT_RIGHT_RECEIVE);

	rn = reply(3200, 76, KERN_SUCCESS);
	complex_reply();
	rn->msgh_body.msgh_descriptor_count = 2;
	rn->names.address = n2;
	rn->names.size = sizeof(n2);
	rn->names.type = MACH_MSG_OOL_DESCRIPTOR;
	rn->types.address = t2;
	rn->types.size = sizeof(t2);
	rn->types.type = MACH_MSG_OOL_DESCRIPTOR;
	rn->NDR = NDR_record;
	rn->namesCnt = 2;
	rn->typesCnt = 2;
	XT_EQ(mach_port_names(PORT, &names, &nc, &types, &tc), KERN_SUCCESS);
	XT_EQ(xt_sent_size, 24);
	XT_EQ(nc, 2);
	XT_EQ(tc, 2);
	XT_CHECK(names && names[1] == 0x207);
	XT_CHECK(types && types[1] == 0x20000);
	free(names);
	free(types);
	rn->namesCnt = 3;
	XT_EQ(mach_port_names(PORT, &names, &nc, &types, &tc), MIG_TYPE_ERROR);

	reply(3214, 36, KERN_SUCCESS);
	XT_EQ(mach_port_insert_right(PORT, 0x903, 0x903, MACH_MSG_TYPE_MAKE_SEND),
	      KERN_SUCCESS);
	XT_EQ(xt_sent_size, 52);
	XT_EQ(qi->poly.disposition, MACH_MSG_TYPE_MAKE_SEND);
	XT_EQ(qi->poly.name, 0x903);
	XT_EQ(qi->name, 0x903);

	re = reply(3215, 40, KERN_SUCCESS);
	complex_reply();
	re->msgh_body.msgh_descriptor_count = 1;
	re->poly.name = 0x777;
	re->poly.disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	re->poly.type = MACH_MSG_PORT_DESCRIPTOR;
	XT_EQ(mach_port_extract_right(PORT, 0x903, MACH_MSG_TYPE_MAKE_SEND_ONCE,
				      &got, &poly), KERN_SUCCESS);
	XT_EQ(got, 0x777);
	XT_EQ(poly, MACH_MSG_TYPE_PORT_SEND_ONCE);
}

int main(void)
{
	test_clock_get_time();
	test_clock_get_attributes();
	test_thread_policy();
	test_semaphores();
	test_mach_port();
	return xt_done("seeds_user_test");
}

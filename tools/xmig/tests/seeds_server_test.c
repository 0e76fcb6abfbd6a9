// SPDX-License-Identifier: GPL-2.0
/*
 * seeds_server_test.c - the generated user-space servers of the seed
 * routines, given requests as a receiver sees them: the replies they
 * build (size, bits, id, fields, CountInOut clamping) and the errors of
 * Apple's request checks (MIG_BAD_ARGUMENTS for sizes, complex bits and
 * counts, MIG_TYPE_ERROR for descriptors, MIG_BAD_ID for unknown ids).
 */
#include <string.h>

#include "fake_mach.h"
#include "clockServer.h"
#include "thread_actServer.h"
#include "taskServer.h"
#include "mach_portServer.h"

#define CLOCK	((mach_port_t)0x1c03)
#define OTHER	((mach_port_t)0x2d03)

static union {
	mach_msg_header_t h;
	unsigned char b[1024];
} req, rep;

static mach_msg_type_number_t seen_count;
static mach_msg_type_name_t seen_poly;
static mach_port_t seen_port;
static int seen_flavor;

/* ---- the routines ------------------------------------------------------------ */

kern_return_t clock_get_time(clock_serv_t clock_serv, mach_timespec_t *cur_time)
{
	if (clock_serv != CLOCK)
		return KERN_INVALID_ARGUMENT;
	cur_time->tv_sec = 100;
	cur_time->tv_nsec = 200;
	return KERN_SUCCESS;
}

kern_return_t clock_get_attributes(clock_serv_t clock_serv,
				   clock_flavor_t flavor, clock_attr_t clock_attr,
				   mach_msg_type_number_t *clock_attrCnt)
{
	seen_count = *clock_attrCnt;
	if (*clock_attrCnt != 1)
		return KERN_FAILURE;
	if (flavor != 1)
		return KERN_INVALID_VALUE;
	clock_attr[0] = 10000000;
	return KERN_SUCCESS;
}

kern_return_t clock_alarm(clock_serv_t clock_serv, alarm_type_t alarm_type,
			  mach_timespec_t alarm_time, clock_reply_t alarm_port,
			  mach_msg_type_name_t alarm_portPoly)
{
	seen_port = alarm_port;
	seen_poly = alarm_portPoly;
	return alarm_time.tv_nsec < 0 ? KERN_INVALID_VALUE : KERN_SUCCESS;
}

kern_return_t thread_policy_set(thread_act_t thread,
				thread_policy_flavor_t flavor,
				thread_policy_t policy_info,
				mach_msg_type_number_t policy_infoCnt)
{
	seen_flavor = (int)flavor;
	seen_count = policy_infoCnt;
	return policy_infoCnt ? policy_info[0] : KERN_SUCCESS;
}

kern_return_t thread_policy_get(thread_inspect_t thread,
				thread_policy_flavor_t flavor,
				thread_policy_t policy_info,
				mach_msg_type_number_t *policy_infoCnt,
				boolean_t *get_default)
{
	mach_msg_type_number_t i;

	seen_count = *policy_infoCnt;
	for (i = 0; i < *policy_infoCnt; i++)
		policy_info[i] = (integer_t)i + 1;
	*get_default = !*get_default;
	return KERN_SUCCESS;
}

kern_return_t semaphore_create(task_t task, semaphore_t *semaphore,
			       int policy, int value)
{
	if (value < 0 || (policy & ~6))
		return KERN_INVALID_ARGUMENT;
	*semaphore = 0x5e3;
	return KERN_SUCCESS;
}

kern_return_t semaphore_destroy(task_t task, semaphore_t semaphore)
{
	seen_port = semaphore;
	return KERN_SUCCESS;
}

kern_return_t mach_port_names(ipc_space_t task, mach_port_name_array_t *names,
			      mach_msg_type_number_t *namesCnt,
			      mach_port_type_array_t *types,
			      mach_msg_type_number_t *typesCnt)
{
	*names = NULL;
	*types = NULL;
	*namesCnt = *typesCnt = 0;
	return KERN_SUCCESS;
}

kern_return_t mach_port_type(ipc_space_t task, mach_port_name_t name,
			     mach_port_type_t *ptype)
{
	*ptype = name;
	return KERN_SUCCESS;
}

kern_return_t mach_port_allocate_name(ipc_space_t task,
				      mach_port_right_t right,
				      mach_port_name_t name)
{
	return KERN_SUCCESS;
}

kern_return_t mach_port_allocate(ipc_space_t task, mach_port_right_t right,
				 mach_port_name_t *name)
{
	*name = 0x100 + right;
	return KERN_SUCCESS;
}

kern_return_t mach_port_destroy(ipc_space_t task, mach_port_name_t name)
{
	return KERN_SUCCESS;
}

kern_return_t mach_port_deallocate(ipc_space_t task, mach_port_name_t name)
{
	return KERN_SUCCESS;
}

kern_return_t mach_port_get_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_urefs_t *refs)
{
	*refs = 1;
	return KERN_SUCCESS;
}

kern_return_t mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_delta_t delta)
{
	return KERN_SUCCESS;
}

kern_return_t mach_port_insert_right(ipc_space_t task, mach_port_name_t name,
				     mach_port_t poly,
				     mach_msg_type_name_t polyPoly)
{
	seen_poly = polyPoly;
	return KERN_SUCCESS;
}

kern_return_t mach_port_extract_right(ipc_space_t task, mach_port_name_t name,
				      mach_msg_type_name_t msgt_name,
				      mach_port_t *poly,
				      mach_msg_type_name_t *polyPoly)
{
	*poly = name;
	*polyPoly = msgt_name;
	return KERN_SUCCESS;
}

/* ---- the tests ----------------------------------------------------------------- */

/* A request as the server receives it, @size bytes, to @dest. */
static void *request(mach_msg_id_t id, mach_msg_size_t size, mach_port_t dest)
{
	memset(&req, 0, sizeof(req));
	req.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
					 MACH_MSG_TYPE_PORT_SEND);
	req.h.msgh_size = size;
	req.h.msgh_remote_port = XT_REPLY_PORT;
	req.h.msgh_local_port = dest;
	req.h.msgh_id = id;
	if (size >= 32)
		((mig_reply_error_t *)&req.h)->NDR = NDR_record;
	return &req;
}

static boolean_t serve(xt_demux_t demux)
{
	memset(&rep, 0xa5, sizeof(rep));
	return demux(&req.h, &rep.h);
}

/* The reply is a 36-byte mig_reply_error_t carrying @rc. */
static void expect_error(mach_msg_id_t id, kern_return_t rc)
{
	mig_reply_error_t *e = (mig_reply_error_t *)&rep.h;

	XT_EQ(e->Head.msgh_size, 36);
	XT_EQ(e->Head.msgh_id, id + 100);
	XT_EQ(e->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX, 0);
	XT_EQ(e->RetCode, rc);
	XT_EQ(e->NDR.int_rep, NDR_record.int_rep);
}

static void complex_request(unsigned int n)
{
	req.h.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	((mach_msg_base_t *)&req.h)->body.msgh_descriptor_count = n;
}

static void test_clock(void)
{
	__Reply__clock_get_time_t *rt = (void *)&rep;
	__Request__clock_get_attributes_t *qa;
	__Reply__clock_get_attributes_t *ra = (void *)&rep;
	__Request__clock_alarm_t *ql;

	request(1000, 24, CLOCK);
	XT_EQ(serve(clock_server), TRUE);
	XT_EQ(rt->Head.msgh_size, 44);
	XT_EQ(rt->Head.msgh_id, 1100);
	XT_EQ(rt->Head.msgh_bits, MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0));
	XT_EQ(rt->Head.msgh_remote_port, XT_REPLY_PORT);
	XT_EQ(rt->Head.msgh_local_port, 0);
	XT_EQ(rt->RetCode, KERN_SUCCESS);
	XT_EQ(rt->cur_time.tv_sec, 100);
	XT_EQ(rt->cur_time.tv_nsec, 200);
	request(1000, 24, OTHER);
	serve(clock_server);
	expect_error(1000, KERN_INVALID_ARGUMENT);
	request(1000, 28, CLOCK);
	serve(clock_server);
	expect_error(1000, MIG_BAD_ARGUMENTS);
	request(1000, 24, CLOCK);
	req.h.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	serve(clock_server);
	expect_error(1000, MIG_BAD_ARGUMENTS);

	/* Unknown ids, around the subsystem. */
	request(1003, 24, CLOCK);
	XT_EQ(serve(clock_server), FALSE);
	expect_error(1003, MIG_BAD_ID);
	request(999, 24, CLOCK);
	XT_EQ(serve(clock_server), FALSE);
	expect_error(999, MIG_BAD_ID);

	/* CountInOut: the routine gets min(request count, 1). */
	qa = request(1001, 40, CLOCK);
	qa->flavor = 1;
	qa->clock_attrCnt = 5;
	serve(clock_server);
	XT_EQ(seen_count, 1);
	XT_EQ(ra->Head.msgh_size, 44);
	XT_EQ(ra->clock_attrCnt, 1);
	XT_EQ(ra->clock_attr[0], 10000000);
	qa = request(1001, 40, CLOCK);
	qa->flavor = 1;
	qa->clock_attrCnt = 0;
	serve(clock_server);
	XT_EQ(seen_count, 0);
	expect_error(1001, KERN_FAILURE);
	qa = request(1001, 40, CLOCK);
	qa->flavor = 9;
	qa->clock_attrCnt = 1;
	serve(clock_server);
	expect_error(1001, KERN_INVALID_VALUE);
	request(1001, 44, CLOCK);
	serve(clock_server);
	expect_error(1001, MIG_BAD_ARGUMENTS);

	/* A polymorphic port descriptor: its received type is passed. */
	ql = request(1002, 60, CLOCK);
	complex_request(1);
	ql->alarm_port.name = 0x33;
	ql->alarm_port.disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
	ql->alarm_port.type = MACH_MSG_PORT_DESCRIPTOR;
	ql->NDR = NDR_record;
	serve(clock_server);
	expect_error(1002, KERN_SUCCESS);
	XT_EQ(seen_port, 0x33);
	XT_EQ(seen_poly, MACH_MSG_TYPE_PORT_SEND_ONCE);
	ql->alarm_port.type = MACH_MSG_OOL_DESCRIPTOR;
	serve(clock_server);
	expect_error(1002, MIG_TYPE_ERROR);
	ql->alarm_port.type = MACH_MSG_PORT_DESCRIPTOR;
	ql->msgh_body.msgh_descriptor_count = 2;
	serve(clock_server);
	expect_error(1002, MIG_BAD_ARGUMENTS);
}

static void test_thread_policy(void)
{
	__Request__thread_policy_set_t *qs;
	__Request__thread_policy_get_t *qg;
	__Reply__thread_policy_get_t *rg = (void *)&rep;
	boolean_t def;

	qs = request(3617, 56, CLOCK);
	qs->flavor = 3;
	qs->policy_infoCnt = 4;
	serve(thread_act_server);
	expect_error(3617, KERN_SUCCESS);
	XT_EQ(seen_count, 4);
	XT_EQ(seen_flavor, 3);
	qs->policy_info[0] = KERN_POLICY_STATIC;
	serve(thread_act_server);
	expect_error(3617, KERN_POLICY_STATIC);
	qs->policy_infoCnt = 17;
	qs->Head.msgh_size = 108;
	serve(thread_act_server);
	expect_error(3617, MIG_BAD_ARGUMENTS);
	qs->policy_infoCnt = 4;
	qs->Head.msgh_size = 60;
	serve(thread_act_server);
	expect_error(3617, MIG_BAD_ARGUMENTS);
	qs->policy_infoCnt = 3;
	qs->Head.msgh_size = 56;
	serve(thread_act_server);
	expect_error(3617, MIG_BAD_ARGUMENTS);

	/* The reply carries min(count, 16) integers, get_default after. */
	qg = request(3618, 44, CLOCK);
	qg->flavor = 1;
	qg->policy_infoCnt = 20;
	qg->get_default = TRUE;
	serve(thread_act_server);
	XT_EQ(seen_count, 16);
	XT_EQ(rg->Head.msgh_size, 108);
	XT_EQ(rg->policy_infoCnt, 16);
	XT_EQ(rg->policy_info[15], 16);
	XT_EQ(rg->get_default, FALSE);
	qg->policy_infoCnt = 3;
	qg->get_default = TRUE;	/* the stub passed the request's field */
	serve(thread_act_server);
	XT_EQ(rg->Head.msgh_size, 56);
	XT_EQ(rg->policy_infoCnt, 3);
	XT_EQ(rg->policy_info[2], 3);
	memcpy(&def, (char *)&rep + 52, sizeof(def));
	XT_EQ(def, FALSE);
	qg->policy_infoCnt = 0;
	serve(thread_act_server);
	XT_EQ(rg->Head.msgh_size, 44);
	qg->Head.msgh_size = 40;
	serve(thread_act_server);
	expect_error(3618, MIG_BAD_ARGUMENTS);

	request(3616, 24, CLOCK);
	XT_EQ(serve(thread_act_server), FALSE);
	expect_error(3616, MIG_BAD_ID);
}

static void test_semaphores(void)
{
	__Request__semaphore_create_t *qc;
	__Reply__semaphore_create_t *rc = (void *)&rep;
	__Request__semaphore_destroy_t *qd;

	qc = request(3418, 40, CLOCK);
	qc->value = 2;
	serve(task_server);
	XT_EQ(rc->Head.msgh_size, 40);
	XT_EQ(rc->Head.msgh_id, 3518);
	XT_CHECK(rc->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	XT_EQ(rc->msgh_body.msgh_descriptor_count, 1);
	XT_EQ(rc->semaphore.name, 0x5e3);
	XT_EQ(rc->semaphore.disposition, MACH_MSG_TYPE_COPY_SEND);
	XT_EQ(rc->semaphore.type, MACH_MSG_PORT_DESCRIPTOR);
	XT_EQ(rc->semaphore.pad1, 0);
	qc->value = -1;
	serve(task_server);
	expect_error(3418, KERN_INVALID_ARGUMENT);

	qd = request(3419, 40, CLOCK);
	complex_request(1);
	qd->semaphore.name = 0x1234;
	qd->semaphore.disposition = MACH_MSG_TYPE_PORT_SEND;
	qd->semaphore.type = MACH_MSG_PORT_DESCRIPTOR;
	serve(task_server);
	expect_error(3419, KERN_SUCCESS);
	XT_EQ(seen_port, 0x1234);
	qd->semaphore.disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
	serve(task_server);
	expect_error(3419, MIG_TYPE_ERROR);
	qd->semaphore.disposition = MACH_MSG_TYPE_PORT_SEND;
	qd->semaphore.type = MACH_MSG_OOL_DESCRIPTOR;
	serve(task_server);
	expect_error(3419, MIG_TYPE_ERROR);
	qd->semaphore.type = MACH_MSG_PORT_DESCRIPTOR;
	qd->msgh_body.msgh_descriptor_count = 2;
	serve(task_server);
	expect_error(3419, MIG_BAD_ARGUMENTS);
	qd->msgh_body.msgh_descriptor_count = 1;
	qd->Head.msgh_size = 44;
	serve(task_server);
	expect_error(3419, MIG_BAD_ARGUMENTS);
	qd->Head.msgh_size = 40;
	qd->Head.msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
	serve(task_server);
	expect_error(3419, MIG_BAD_ARGUMENTS);
}

static void test_mach_port(void)
{
	__Request__mach_port_allocate_t *qa;
	__Reply__mach_port_allocate_t *ra = (void *)&rep;
	__Request__mach_port_extract_right_t *qe;
	__Reply__mach_port_extract_right_t *re = (void *)&rep;

	qa = request(3204, 36, CLOCK);
	qa->right = MACH_PORT_RIGHT_RECEIVE;
	serve(mach_port_server);
	XT_EQ(ra->Head.msgh_size, 40);
	XT_EQ(ra->RetCode, KERN_SUCCESS);
	XT_EQ(ra->name, 0x100 + MACH_PORT_RIGHT_RECEIVE);

	/* A polymorphic reply port takes the disposition the routine chose. */
	qe = request(3215, 40, CLOCK);
	qe->name = 0x707;
	qe->msgt_name = MACH_MSG_TYPE_MAKE_SEND;
	serve(mach_port_server);
	XT_EQ(re->Head.msgh_size, 40);
	XT_CHECK(re->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	XT_EQ(re->poly.name, 0x707);
	XT_EQ(re->poly.disposition, MACH_MSG_TYPE_MAKE_SEND);

	request(3202, 24, CLOCK);
	XT_EQ(serve(mach_port_server), FALSE);
	expect_error(3202, MIG_BAD_ID);
}

int main(void)
{
	test_clock();
	test_thread_policy();
	test_semaphores();
	test_mach_port();
	return xt_done("seeds_server_test");
}

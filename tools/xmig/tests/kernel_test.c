// SPDX-License-Identifier: GPL-2.0
/*
 * kernel_test.c - the generated kernel servers (clock, thread_act, task,
 * features fixtures with KERNEL_SERVER) run in user space against a shim
 * of the <xnucross/kobject.h> calls they make, which behaves as
 * kmod/mach/kobject.c documents them: the reply is pre-filled as a
 * mig_reply_error_t, a taken right leaves the request, an error turns the
 * reply into 36 bytes. Checked: the request checks (with the received type
 * of a descriptor's disposition), CountInOut, fields after arrays,
 * translations and destructors, which rights are released when, the
 * reply ports' dispositions, the audit token, out-of-line memory a routine
 * returns (handed to xnu_mig_reply_ool(), which consumes it: ASan's leak
 * check sees any buffer lost).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach/mig.h>

#include "clock_kserver.h"
#include "thread_act_kserver.h"
#include "task_kserver.h"
#include "features_kserver.h"

static int failures;

#define EQ(a, b) do {							\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_) {							\
		fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n",	\
			__FILE__, __LINE__, #a, a_, b_);		\
		failures++;						\
	}								\
} while (0)

/* ---- the shim --------------------------------------------------------------- */

const NDR_record_t NDR_record = XNU_NDR_RECORD_INIT;

struct xnu_port {
	int id;
	int released;		/* rights released by the stubs */
	mach_msg_type_name_t given;	/* disposition a reply carried it with */
};

#define KT_SLOTS	8

struct xnu_mig_call {
	union {
		mach_msg_header_t h;
		unsigned char b[1024];
	} req, rep;
	ipc_port_t port;		/* the request's destination */
	ipc_port_t rights[KT_SLOTS];	/* by descriptor index */
	int fail_reply_port;		/* xnu_mig_reply_port() fails this time */
	int fail_reply_ool;		/* xnu_mig_reply_ool() fails this time */
	unsigned char ool[2][64];	/* what xnu_mig_reply_ool() got */
	int nool;
};

static struct xnu_port obj_port = { .id = 1 }, p_a = { .id = 2 },
	p_b = { .id = 3 }, p_out = { .id = 4 };

static mach_msg_type_name_t kt_received(mach_msg_type_name_t d)
{
	if (d == MACH_MSG_TYPE_COPY_SEND || d == MACH_MSG_TYPE_MAKE_SEND)
		return MACH_MSG_TYPE_PORT_SEND;
	if (d == MACH_MSG_TYPE_MAKE_SEND_ONCE)
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	return d;
}

const mach_msg_header_t *xnu_mig_request(struct xnu_mig_call *call)
{
	return &call->req.h;
}

mach_msg_header_t *xnu_mig_reply(struct xnu_mig_call *call)
{
	return &call->rep.h;
}

ipc_port_t xnu_mig_request_port(struct xnu_mig_call *call)
{
	return call->port;
}

ipc_port_t xnu_mig_take_port(struct xnu_mig_call *call,
			     const mach_msg_port_descriptor_t *desc,
			     mach_msg_type_name_t *typep)
{
	size_t off = (size_t)((const unsigned char *)desc - call->req.b);
	size_t i = (off - 28) / 12;
	ipc_port_t port;

	*typep = 0;
	if (off < 28 || (off - 28) % 12 || i >= KT_SLOTS || !call->rights[i] ||
	    call->rights[i] == IP_DEAD)
		return IP_NULL;
	port = call->rights[i];
	call->rights[i] = IP_NULL;
	*typep = kt_received(desc->disposition);
	return port;
}

/* A slot holding IP_DEAD stands for a dead name sent in the descriptor. */
ipc_port_t xnu_mig_dead_port(struct xnu_mig_call *call,
			     const mach_msg_port_descriptor_t *desc)
{
	size_t off = (size_t)((const unsigned char *)desc - call->req.b);
	size_t i = (off - 28) / 12;

	if (off < 28 || (off - 28) % 12 || i >= KT_SLOTS)
		return IP_NULL;
	return call->rights[i] == IP_DEAD ? IP_DEAD : IP_NULL;
}

kern_return_t xnu_mig_reply_port(struct xnu_mig_call *call,
				 mach_msg_port_descriptor_t *desc,
				 ipc_port_t port, mach_msg_type_name_t disp)
{
	size_t off = (size_t)((unsigned char *)desc - call->rep.b);

	if (call->fail_reply_port-- == 1)
		return KERN_RESOURCE_SHORTAGE;
	if (off < 28 || (off - 28) % 12)
		return KERN_INVALID_ARGUMENT;
	if (port == IP_DEAD) {
		desc->name = MACH_PORT_DEAD;
		port = IP_NULL;
	} else {
		desc->name = port ? (mach_port_t)port->id : 0;
	}
	if (port)
		port->given = disp;
	desc->disposition = kt_received(disp);
	desc->type = MACH_MSG_PORT_DESCRIPTOR;
	return KERN_SUCCESS;
}

/* As kobject.c's: the data is consumed, success or not. */
kern_return_t xnu_mig_reply_ool(struct xnu_mig_call *call,
				mach_msg_ool_descriptor_t *desc, void *data,
				mach_msg_size_t size)
{
	size_t off = (size_t)((unsigned char *)desc - call->rep.b);

	if (!desc) {
		free(data);
		return KERN_SUCCESS;
	}
	if (call->fail_reply_ool-- == 1 || off < 28 || (size && !data) ||
	    size > sizeof(call->ool[0]) || call->nool >= 2) {
		free(data);
		return call->fail_reply_ool == 0 ? KERN_RESOURCE_SHORTAGE :
		       KERN_INVALID_ARGUMENT;
	}
	if (size)
		memcpy(call->ool[call->nool], data, size);
	call->nool++;
	free(data);
	desc->address = 0;
	desc->deallocate = 0;
	desc->copy = MACH_MSG_VIRTUAL_COPY;
	desc->pad1 = 0;
	desc->type = MACH_MSG_OOL_DESCRIPTOR;
	desc->size = size;
	return KERN_SUCCESS;
}

void xnu_mig_set_retcode(struct xnu_mig_call *call, kern_return_t kr)
{
	mig_reply_error_t *out = (mig_reply_error_t *)&call->rep.h;

	if (kr == KERN_SUCCESS) {
		if (!(out->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX))
			out->RetCode = KERN_SUCCESS;
		return;
	}
	out->Head.msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
	out->Head.msgh_size = sizeof(*out);
	out->NDR = NDR_record;
	out->RetCode = kr;
}

const audit_token_t *xnu_mig_audit_token(struct xnu_mig_call *call)
{
	static audit_token_t tok = { { 0, 501, 20, 501, 20, 4242, 0, 1 } };

	(void)call;
	return &tok;
}

void xnu_port_release_right(ipc_port_t port, mach_msg_type_name_t type)
{
	if (port && port != IP_DEAD && type)
		port->released++;
}

/* ---- the objects the routines work on --------------------------------------- */

struct xmig_fx_object {
	int kind;
	int refs;
};

static struct xmig_fx_object the_clock = { .kind = 'c' },
	the_thread = { .kind = 't' },
	the_task = { .kind = 'k' }, the_sema = { .kind = 's' };

static struct xmig_fx_object *kt_ref(ipc_port_t port, struct xmig_fx_object *o)
{
	if (port != &obj_port)
		return NULL;
	o->refs++;
	return o;
}

static void kt_unref(struct xmig_fx_object *o)
{
	if (o)
		o->refs--;
}

kclock_t convert_port_to_clock(ipc_port_t port)
{
	return port == &obj_port ? &the_clock : NULL;
}

kthread_t convert_port_to_thread(ipc_port_t port)
{
	return kt_ref(port, &the_thread);
}

kthread_t convert_port_to_thread_inspect(ipc_port_t port)
{
	return kt_ref(port, &the_thread);
}

ktask_t convert_port_to_task(ipc_port_t port)
{
	return kt_ref(port, &the_task);
}

ksema_t convert_port_to_semaphore(ipc_port_t port)
{
	return port == &p_a ? kt_ref(&obj_port, &the_sema) : NULL;
}

kspace_t convert_port_to_space(ipc_port_t port)
{
	(void)port;
	return NULL;
}

ipc_port_t convert_semaphore_to_port(ksema_t sema)
{
	kt_unref(sema);		/* the send right donates the reference */
	return &p_out;
}

void thread_deallocate(kthread_t thread)
{
	kt_unref(thread);
}

void thread_inspect_deallocate(kthread_t thread)
{
	kt_unref(thread);
}

void task_deallocate(ktask_t task)
{
	kt_unref(task);
}

void semaphore_dereference(ksema_t sema)
{
	kt_unref(sema);
}

void space_deallocate(kspace_t space)
{
	(void)space;
}

/* ---- the routines --------------------------------------------------------------- */

static kern_return_t kt_rc;		/* what routines return */
static mach_msg_type_number_t kt_cnt;	/* a count a routine saw */
static ipc_port_t kt_port;		/* a port a routine got */
static mach_msg_type_name_t kt_poly;

kern_return_t clock_get_time(kclock_t clock_serv, mach_timespec_t *cur_time)
{
	if (!clock_serv)
		return KERN_INVALID_ARGUMENT;
	cur_time->tv_sec = 7;
	cur_time->tv_nsec = 8;
	return KERN_SUCCESS;
}

kern_return_t clock_get_attributes(kclock_t clock_serv, clock_flavor_t flavor,
				   clock_attr_t clock_attr,
				   mach_msg_type_number_t *clock_attrCnt)
{
	kt_cnt = *clock_attrCnt;
	if (*clock_attrCnt != 1)
		return KERN_FAILURE;
	clock_attr[0] = flavor * 10;
	return KERN_SUCCESS;
}

kern_return_t clock_alarm(kclock_t clock_serv, alarm_type_t alarm_type,
			  mach_timespec_t alarm_time, ipc_port_t alarm_port,
			  mach_msg_type_name_t alarm_portPoly)
{
	kt_port = alarm_port;
	kt_poly = alarm_portPoly;
	return kt_rc;
}

kern_return_t thread_policy_set(kthread_t thread, thread_policy_flavor_t flavor,
				thread_policy_t policy_info,
				mach_msg_type_number_t policy_infoCnt)
{
	kt_cnt = policy_infoCnt;
	return thread ? kt_rc : KERN_INVALID_ARGUMENT;
}

kern_return_t thread_policy_get(kthread_t thread, thread_policy_flavor_t flavor,
				thread_policy_t policy_info,
				mach_msg_type_number_t *policy_infoCnt,
				boolean_t *get_default)
{
	mach_msg_type_number_t i;

	kt_cnt = *policy_infoCnt;
	for (i = 0; i < *policy_infoCnt; i++)
		policy_info[i] = (integer_t)(i + 100);
	*get_default = 1;
	return KERN_SUCCESS;
}

kern_return_t semaphore_create(ktask_t task, ksema_t *semaphore, int policy,
			       int value)
{
	if (!task || value < 0)
		return KERN_INVALID_ARGUMENT;
	the_sema.refs++;
	*semaphore = &the_sema;
	return KERN_SUCCESS;
}

kern_return_t semaphore_destroy(ktask_t task, ksema_t semaphore)
{
	return semaphore ? kt_rc : KERN_INVALID_ARGUMENT;
}

kern_return_t srv_xm_add(ipc_port_t server, int a, int b, int *sum)
{
	*sum = a + b;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_notify(ipc_port_t server, int value)
{
	return value;
}

kern_return_t srv_xm_strings(ipc_port_t server, name_t name, vname_t vname,
			     name_t oname, vname_t ovname)
{
	memcpy(oname, name, sizeof(name_t));
	snprintf(ovname, sizeof(vname_t), "%s+", vname);
	return KERN_SUCCESS;
}

kern_return_t srv_xm_arrays(ipc_port_t server, int_array_t ints,
			    mach_msg_type_number_t intsCnt,
			    short_array_t shorts,
			    mach_msg_type_number_t shortsCnt, int tail,
			    int_array_t oints, mach_msg_type_number_t *ointsCnt,
			    byte_array_t obytes,
			    mach_msg_type_number_t *obytesCnt, int *otail)
{
	*ointsCnt = 1;
	oints[0] = ints[intsCnt - 1];
	*obytesCnt = 3;
	memcpy(obytes, "xyz", 3);
	*otail = tail + shorts[shortsCnt - 1];
	return KERN_SUCCESS;
}

kern_return_t srv_xm_countinout(ipc_port_t server, int_array_t vals,
				mach_msg_type_number_t *valsCnt, int *cookie)
{
	kt_cnt = *valsCnt;
	*cookie += 1;
	return kt_rc;
}

kern_return_t srv_xm_ports(ipc_port_t server, ipc_port_t give,
			   ipc_port_t poly, mach_msg_type_name_t polyPoly,
			   ipc_port_t *back, ipc_port_t *opoly,
			   mach_msg_type_name_t *opolyPoly)
{
	kt_port = give;
	kt_poly = polyPoly;
	*back = &p_out;
	*opoly = poly;
	*opolyPoly = MACH_MSG_TYPE_MOVE_SEND_ONCE;
	return kt_rc;
}

kern_return_t srv_xm_audit(ipc_port_t server, audit_token_t atoken, int *pid)
{
	*pid = (int)atoken.val[5];
	return KERN_SUCCESS;
}

kern_return_t srv_xm_same(ipc_port_t server, int_array_t a1,
			  mach_msg_type_number_t a1Cnt, int_array_t a2,
			  int *sum)
{
	*sum = a1[a1Cnt - 1] + a2[a1Cnt - 1];
	return KERN_SUCCESS;
}

kern_return_t srv_xm_fixed(ipc_port_t server, fixed4_t f, pair_t p,
			   fixed4_t ofixed, pair_t *op, pair_t *io)
{
	memcpy(ofixed, f, sizeof(fixed4_t));
	*op = p;
	io->first *= 2;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_wait(ipc_port_t server, int *x)
{
	*x = 1;
	return KERN_SUCCESS;
}

/* Out-of-line memory a kernel routine returns (kt_cnt ints, 3 bytes). */
kern_return_t srv_xm_ool(ipc_port_t server, ool_ints_t *oints,
			 mach_msg_type_number_t *ointsCnt, ool_bytes_t *odata,
			 mach_msg_type_number_t *odataCnt)
{
	int *v = NULL;
	char *d = malloc(3);
	mach_msg_type_number_t i;

	if (kt_rc != KERN_SUCCESS) {
		free(d);
		return kt_rc;	/* a routine that fails returns no memory */
	}
	if (kt_cnt) {
		v = malloc(kt_cnt * sizeof(*v));
		for (i = 0; i < kt_cnt; i++)
			v[i] = (int)i + 10;
	}
	memcpy(d, "abc", 3);
	*oints = v;
	*ointsCnt = kt_cnt;
	*odata = d;
	*odataCnt = 3;
	return KERN_SUCCESS;
}

kern_return_t srv_xm_wide(ipc_port_t server, int64_t a, uint64_t *b,
			  int64_t *c)
{
	*b = (uint64_t)a + 1;
	*c *= 3;
	return KERN_SUCCESS;
}

/* ---- the tests ------------------------------------------------------------------- */

static struct xnu_mig_call call;

/* A request as the dispatcher hands it over, and the pre-filled reply. */
static void *request(mach_msg_id_t id, mach_msg_size_t size)
{
	mig_reply_error_t *out = (mig_reply_error_t *)&call.rep.h;

	memset(&call, 0, sizeof(call));
	call.port = &obj_port;
	call.req.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					      MACH_MSG_TYPE_MAKE_SEND_ONCE);
	call.req.h.msgh_size = size;
	call.req.h.msgh_id = id;
	if (size >= 32)
		((mig_reply_error_t *)&call.req.h)->NDR = NDR_record;
	memset(&call.rep, 0, sizeof(call.rep));
	out->Head.msgh_size = sizeof(*out);
	out->Head.msgh_id = id + 100;
	out->NDR = NDR_record;
	kt_rc = KERN_SUCCESS;
	return &call.req;
}

static void port_desc(mach_msg_port_descriptor_t *d, ipc_port_t port,
		      mach_msg_type_name_t disp, int slot)
{
	d->name = 0x1003;
	d->disposition = disp;
	d->type = MACH_MSG_PORT_DESCRIPTOR;
	call.rights[slot] = port;
}

static void run(const struct xnu_mig_subsystem *ss)
{
	mach_msg_id_t id = call.req.h.msgh_id;

	if (id < ss->start || id >= ss->end || !ss->routines[id - ss->start].stub) {
		fprintf(stderr, "no stub for %d\n", id);
		failures++;
		return;
	}
	if (sizeof(call.rep) < ss->routines[id - ss->start].max_reply)
		failures++;
	ss->routines[id - ss->start].stub(&call);
}

static kern_return_t retcode(void)
{
	mig_reply_error_t *out = (mig_reply_error_t *)&call.rep.h;

	if (out->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)
		return KERN_SUCCESS;
	return out->RetCode;
}

static void test_clock(void)
{
	__Reply__clock_get_time_t *rt = (void *)&call.rep;
	__Request__clock_get_attributes_t *qa;
	__Reply__clock_get_attributes_t *ra = (void *)&call.rep;
	__Request__clock_alarm_t *ql;

	request(1000, 24);
	run(&clock_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(rt->Head.msgh_size, 44);
	EQ(rt->cur_time.tv_sec, 7);
	request(1000, 24);
	call.port = &p_b;		/* not a clock: intran gives NULL */
	run(&clock_subsystem);
	EQ(retcode(), KERN_INVALID_ARGUMENT);
	EQ(call.rep.h.msgh_size, 36);
	request(1000, 28);
	run(&clock_subsystem);
	EQ(retcode(), MIG_BAD_ARGUMENTS);

	qa = request(1001, 40);
	qa->flavor = 3;
	qa->clock_attrCnt = 9;
	run(&clock_subsystem);
	EQ(kt_cnt, 1);
	EQ(ra->Head.msgh_size, 44);
	EQ(ra->clock_attrCnt, 1);
	EQ(ra->clock_attr[0], 30);
	qa = request(1001, 40);
	qa->clock_attrCnt = 0;
	run(&clock_subsystem);
	EQ(retcode(), KERN_FAILURE);

	/* A polymorphic send-once right: released when the routine fails. */
	ql = request(1002, 60);
	ql->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	ql->msgh_body.msgh_descriptor_count = 1;
	port_desc(&ql->alarm_port, &p_a, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0);
	p_a.released = 0;
	run(&clock_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(kt_port == &p_a, 1);
	EQ(kt_poly, MACH_MSG_TYPE_PORT_SEND_ONCE);
	EQ(p_a.released, 0);
	port_desc(&ql->alarm_port, &p_a, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0);
	kt_rc = KERN_FAILURE;
	run(&clock_subsystem);
	EQ(retcode(), KERN_FAILURE);
	EQ(p_a.released, 1);
}

static void test_thread_policy(void)
{
	__Request__thread_policy_set_t *qs;
	__Request__thread_policy_get_t *qg;
	__Reply__thread_policy_get_t *rg = (void *)&call.rep;
	boolean_t def;

	qs = request(3617, 40 + 8);
	qs->policy_infoCnt = 2;
	run(&thread_act_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(kt_cnt, 2);
	EQ(the_thread.refs, 0);	/* intran's reference dropped */
	qs->policy_infoCnt = 3;
	run(&thread_act_subsystem);
	EQ(retcode(), MIG_BAD_ARGUMENTS);

	qg = request(3618, 44);
	qg->policy_infoCnt = 5;
	qg->get_default = 0;
	run(&thread_act_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(kt_cnt, 5);
	EQ(rg->Head.msgh_size, 44 + 20);
	EQ(rg->policy_infoCnt, 5);
	EQ(rg->policy_info[4], 104);
	memcpy(&def, call.rep.b + 60, sizeof(def));
	EQ(def, 1);
	EQ(qg->get_default, 0);	/* the request is read-only */
	qg = request(3618, 44);
	qg->policy_infoCnt = 99;
	run(&thread_act_subsystem);
	EQ(kt_cnt, 16);
	EQ(rg->Head.msgh_size, 108);
	EQ(the_thread.refs, 0);
}

static void test_semaphores(void)
{
	__Request__semaphore_create_t *qc;
	__Reply__semaphore_create_t *rc = (void *)&call.rep;
	__Request__semaphore_destroy_t *qd;

	qc = request(3418, 40);
	qc->value = 1;
	run(&task_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(rc->Head.msgh_size, 40);
	EQ(rc->msgh_body.msgh_descriptor_count, 1);
	EQ(rc->semaphore.name, p_out.id);
	EQ(p_out.given, MACH_MSG_TYPE_MOVE_SEND);
	EQ(rc->semaphore.disposition, MACH_MSG_TYPE_PORT_SEND);
	EQ(the_task.refs, 0);
	EQ(the_sema.refs, 0);
	qc->value = -1;
	run(&task_subsystem);
	EQ(retcode(), KERN_INVALID_ARGUMENT);
	EQ(call.rep.h.msgh_size, 36);
	qc->value = 1;
	call.fail_reply_port = 1;
	run(&task_subsystem);
	EQ(retcode(), KERN_RESOURCE_SHORTAGE);

	/* The client sent a copy of its send right: it arrives as a send
	 * right (17), which is what the check wants. */
	qd = request(3419, 40);
	qd->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	qd->msgh_body.msgh_descriptor_count = 1;
	port_desc(&qd->semaphore, &p_a, MACH_MSG_TYPE_COPY_SEND, 0);
	p_a.released = 0;
	run(&task_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(p_a.released, 1);	/* a translated send right goes after use */
	EQ(the_sema.refs, 0);
	EQ(the_task.refs, 0);
	port_desc(&qd->semaphore, &p_a, MACH_MSG_TYPE_MOVE_SEND, 0);
	kt_rc = KERN_TERMINATED;
	run(&task_subsystem);
	EQ(retcode(), KERN_TERMINATED);
	EQ(p_a.released, 2);
	port_desc(&qd->semaphore, &p_a, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0);
	run(&task_subsystem);
	EQ(retcode(), MIG_TYPE_ERROR);
	EQ(p_a.released, 2);	/* not taken: the dispatcher destroys it */
	qd->msgh_body.msgh_descriptor_count = 2;
	run(&task_subsystem);
	EQ(retcode(), MIG_BAD_ARGUMENTS);
}

static void test_features(void)
{
	__Request__xm_ports_t *qp;
	__Reply__xm_ports_t *rp = (void *)&call.rep;
	__Request__xm_strings_t *qs;
	__Reply__xm_strings_t *rs = (void *)&call.rep;
	__Request__xm_countinout_t *qc;
	__Request__xm_fixed_t *qf;
	__Reply__xm_fixed_t *rf = (void *)&call.rep;
	__Reply__xm_audit_t *ra = (void *)&call.rep;
	__Request__xm_arrays_t *qa;
	int v;

	qp = request(5005, 52);
	qp->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	qp->msgh_body.msgh_descriptor_count = 2;
	port_desc(&qp->give, &p_a, MACH_MSG_TYPE_MAKE_SEND, 0);
	port_desc(&qp->poly, &p_b, MACH_MSG_TYPE_MAKE_SEND_ONCE, 1);
	p_a.released = p_b.released = 0;
	run(&xmtest_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(kt_port == &p_a, 1);
	EQ(kt_poly, MACH_MSG_TYPE_PORT_SEND_ONCE);
	EQ(p_a.released, 0);	/* the routine owns untranslated rights */
	EQ(rp->msgh_body.msgh_descriptor_count, 2);
	EQ(rp->back.name, p_out.id);
	EQ(rp->back.disposition, MACH_MSG_TYPE_PORT_SEND);
	EQ(rp->opoly.name, p_b.id);
	EQ(rp->opoly.disposition, MACH_MSG_TYPE_PORT_SEND_ONCE);
	EQ(rp->Head.msgh_size, 52);
	port_desc(&qp->give, &p_a, MACH_MSG_TYPE_MAKE_SEND, 0);
	port_desc(&qp->poly, &p_b, MACH_MSG_TYPE_MAKE_SEND_ONCE, 1);
	kt_rc = KERN_NO_SPACE;
	run(&xmtest_subsystem);
	EQ(retcode(), KERN_NO_SPACE);
	EQ(p_a.released, 1);
	EQ(p_b.released, 1);
	/* The second reply right fails: both given rights are released. */
	port_desc(&qp->give, &p_a, MACH_MSG_TYPE_MAKE_SEND, 0);
	port_desc(&qp->poly, &p_b, MACH_MSG_TYPE_MAKE_SEND_ONCE, 1);
	call.fail_reply_port = 2;
	kt_rc = KERN_SUCCESS;
	p_out.released = 0;
	run(&xmtest_subsystem);
	EQ(retcode(), KERN_RESOURCE_SHORTAGE);
	EQ(p_b.released, 2);
	/*
	 * A dead name: as IP_DEAD for the untranslated polymorphic right (and
	 * back as MACH_PORT_DEAD), as IP_NULL for the send right; nothing is
	 * released.
	 */
	port_desc(&qp->give, IP_DEAD, MACH_MSG_TYPE_COPY_SEND, 0);
	port_desc(&qp->poly, IP_DEAD, MACH_MSG_TYPE_MOVE_SEND_ONCE, 1);
	kt_port = &p_a;
	p_a.released = p_b.released = p_out.released = 0;
	run(&xmtest_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(kt_port == IP_NULL, 1);
	EQ(kt_poly, MACH_MSG_TYPE_PORT_SEND_ONCE);
	EQ(rp->opoly.name, MACH_PORT_DEAD);
	EQ(rp->opoly.disposition, MACH_MSG_TYPE_PORT_SEND_ONCE);
	port_desc(&qp->give, IP_DEAD, MACH_MSG_TYPE_COPY_SEND, 0);
	port_desc(&qp->poly, IP_DEAD, MACH_MSG_TYPE_MOVE_SEND_ONCE, 1);
	kt_rc = KERN_NO_SPACE;
	run(&xmtest_subsystem);
	EQ(retcode(), KERN_NO_SPACE);
	EQ(p_a.released + p_b.released + p_out.released, 0);
	kt_rc = KERN_SUCCESS;

	qs = request(5002, 24 + 8 + 16 + 8 + 4);
	strcpy(qs->name, "kname");
	qs->vnameCnt = 2;
	strcpy(qs->vname, "v");
	run(&xmtest_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(rs->Head.msgh_size, 24 + 8 + 4 + 16 + 8 + 4);
	EQ(rs->ovnameCnt, 3);
	EQ(strcmp(rs->ovname, "v+"), 0);
	EQ(strcmp(rs->oname, "kname"), 0);
	memcpy(qs->vname, "wxyz", 4);
	run(&xmtest_subsystem);
	EQ(retcode(), MIG_BAD_ARGUMENTS);	/* no NUL in the message */

	qa = request(5003, 24 + 8 + 4 + 4 + 4 + 4 + 4);
	qa->intsCnt = 1;
	qa->ints[0] = 40;
	/* shortsCnt and the shorts move up by 7 ints */
	{
		unsigned char *b = (unsigned char *)qa;
		mach_msg_type_number_t n = 1;
		short s = 2;
		int tail = 100;

		memcpy(b + 40, &n, 4);
		memcpy(b + 44, &s, 2);
		memcpy(b + 48, &tail, 4);
	}
	run(&xmtest_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(call.rep.h.msgh_size, 24 + 8 + 4 + 4 + 4 + 4 + 4 + 4);
	memcpy(&v, call.rep.b + 40, 4);
	EQ(v, 40);
	memcpy(&v, call.rep.b + 52, 4);
	EQ(v, 102);

	qc = request(5004, 40);
	qc->valsCnt = 3;
	qc->cookie = 1;
	kt_rc = KERN_FAILURE;
	run(&xmtest_subsystem);
	EQ(kt_cnt, 3);
	EQ(retcode(), KERN_FAILURE);

	qf = request(5011, 64);
	qf->f[3] = 4;
	qf->p.first = 5;
	qf->io.first = 6;
	run(&xmtest_subsystem);
	EQ(retcode(), KERN_SUCCESS);
	EQ(rf->ofixed[3], 4);
	EQ(rf->op.first, 5);
	EQ(rf->io.first, 12);
	EQ(qf->io.first, 6);

	request(5009, 24);
	run(&xmtest_subsystem);
	EQ(ra->pid, 4242);
	EQ(ra->Head.msgh_size, 40);

	{
		__Request__xm_wide_t *qw = request(5013, 48);
		__Reply__xm_wide_t *rw = (void *)&call.rep;

		qw->a = 41;
		qw->c = -2;
		run(&xmtest_subsystem);
		EQ(rw->Head.msgh_size, 24 + 8 + 4 + 8 + 8);
		EQ(rw->b, 42);
		EQ(rw->c, -6);
	}

	request(5001, 36);
	((__Request__xm_notify_t *)&call.req)->value = KERN_ABORTED;
	run(&xmtest_subsystem);
	EQ(retcode(), KERN_ABORTED);

	{
		__Reply__xm_ool_t *ro = (void *)&call.rep;

		/* Two regions in the reply's two OOL descriptors. */
		request(5007, 24);
		kt_cnt = 5;
		run(&xmtest_subsystem);
		EQ(retcode(), KERN_SUCCESS);
		EQ(ro->Head.msgh_size, 24 + 4 + 16 + 16 + 8 + 4 + 4);
		EQ(ro->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX,
		   MACH_MSGH_BITS_COMPLEX);
		EQ(ro->msgh_body.msgh_descriptor_count, 2);
		EQ(call.nool, 2);
		EQ(ro->oints.type, MACH_MSG_OOL_DESCRIPTOR);
		EQ(ro->oints.size, 20);
		EQ(ro->ointsCnt, 5);
		memcpy(&v, call.ool[0] + 16, 4);
		EQ(v, 14);
		EQ(ro->odata.size, 3);
		EQ(ro->odataCnt, 3);
		EQ(memcmp(call.ool[1], "abc", 3), 0);
		/* None: a null region, still a descriptor. */
		request(5007, 24);
		kt_cnt = 0;
		run(&xmtest_subsystem);
		EQ(retcode(), KERN_SUCCESS);
		EQ(ro->oints.size, 0);
		EQ(call.nool, 2);
		/* The first region fails: the second is released too. */
		request(5007, 24);
		kt_cnt = 2;
		call.fail_reply_ool = 1;
		run(&xmtest_subsystem);
		EQ(retcode(), KERN_RESOURCE_SHORTAGE);
		EQ(call.nool, 0);
		/* The routine fails: no region. */
		request(5007, 24);
		kt_rc = KERN_NO_SPACE;
		run(&xmtest_subsystem);
		EQ(retcode(), KERN_NO_SPACE);
		EQ(call.nool, 0);
		/* A request with a body is no xm_ool request. */
		request(5007, 28);
		run(&xmtest_subsystem);
		EQ(retcode(), MIG_BAD_ARGUMENTS);
		kt_rc = KERN_SUCCESS;
	}
}

int main(void)
{
	test_clock();
	test_thread_policy();
	test_semaphores();
	test_features();
	if (failures) {
		fprintf(stderr, "kernel_test: %d check(s) failed\n", failures);
		return 1;
	}
	printf("kernel_test: ok\n");
	return 0;
}

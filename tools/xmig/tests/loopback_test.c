// SPDX-License-Identifier: GPL-2.0
/*
 * loopback_test.c - every routine of features.defs through its generated
 * user stub, the fake kernel and the generated user-space server; then
 * the error paths: bad requests (MIG_BAD_ARGUMENTS, MIG_TYPE_ERROR,
 * MIG_TRAILER_ERROR), an unknown id (MIG_BAD_ID), bad replies
 * (MIG_REPLY_MISMATCH, MIG_SERVER_DIED, MIG_TYPE_ERROR), arrays too large
 * (MIG_ARRAY_TOO_LARGE) and failed sends.
 */
#include <string.h>

#include "fake_mach.h"
#include "xmtest.h"
#include "options.h"

#define SERVER		((mach_port_t)0x707)

extern boolean_t xmtest_server(mach_msg_header_t *, mach_msg_header_t *);
extern mig_routine_t xmtest_server_routine(mach_msg_header_t *);
extern int lb_notified, lb_vals_extra;
extern mach_msg_type_name_t lb_poly_seen;
extern boolean_t options_demux(mach_msg_header_t *, mach_msg_header_t *);
extern mach_port_t lb_reply_seen;
extern char lb_oneway_seen[16];

mach_msg_timeout_t options_timeout = 1234;

static void lb_reset(void)
{
	xt_reset();
	xt_server = xmtest_server;
}

static void test_scalars(void)
{
	int sum = 0, x = 0;

	lb_reset();
	XT_EQ(usr_xm_add(SERVER, 1, 2, &sum), KERN_SUCCESS);
	XT_EQ(sum, 3);
	XT_EQ(xt_sent_size, 40);
	XT_EQ(((mach_msg_header_t *)xt_sent)->msgh_id, 5000);
	XT_EQ(((mach_msg_header_t *)xt_sent)->msgh_bits,
	      MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE));
	XT_EQ(((mach_msg_header_t *)xt_sent)->msgh_remote_port, SERVER);
	XT_EQ(((mach_msg_header_t *)xt_sent)->msgh_local_port, XT_REPLY_PORT);
	XT_EQ(usr_xm_add(SERVER, -1, 2, &sum), KERN_INVALID_ARGUMENT);

	lb_reset();
	XT_EQ(usr_xm_notify(SERVER, 7), MACH_MSG_SUCCESS);
	XT_EQ(lb_notified, 7);
	XT_EQ(xt_last_option & MACH_RCV_MSG, 0);
	XT_EQ(xt_sent_size, 36);
	XT_EQ(((mach_msg_header_t *)xt_sent)->msgh_bits,
	      MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0));
	XT_EQ(((mach_msg_header_t *)xt_sent)->msgh_local_port, MACH_PORT_NULL);

	lb_reset();
	XT_EQ(usr_xm_wait(SERVER, 250, MACH_RCV_INTERRUPT, &x), KERN_SUCCESS);
	XT_EQ(x, 99);
	XT_EQ(xt_last_timeout, 250);
	XT_EQ(xt_last_option, MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_TIMEOUT |
	      MACH_RCV_TIMEOUT | MACH_RCV_INTERRUPT);
}

static void test_strings(void)
{
	name_t oname, in = "hello", lin = "0123456789abcde";
	vname_t ovname, vin = "variable";
	vname_t lvin = "01234567890123456789012345678";
	__Request__xm_strings_t *req = (void *)xt_sent;

	lb_reset();
	XT_EQ(usr_xm_strings(SERVER, in, vin, oname, ovname), KERN_SUCCESS);
	XT_CHECK(!strcmp(oname, "HELLO"));
	XT_CHECK(!strcmp(ovname, "variable!"));
	XT_EQ(req->vnameCnt, 9);
	XT_EQ(req->vnameOffset, 0);
	XT_EQ(xt_sent_size, 24 + 8 + 16 + 8 + 12);
	/* The longest strings the fields hold, NUL included. */
	XT_EQ(usr_xm_strings(SERVER, lin, lvin, oname, ovname), KERN_SUCCESS);
	XT_CHECK(!strcmp(oname, "0123456789ABCDE"));
	XT_EQ(req->vnameCnt, 30);
	XT_EQ(xt_sent_size, 24 + 8 + 16 + 8 + 32);
	XT_EQ(strlen(ovname), 29);
}

static void test_arrays(void)
{
	int ints[3] = { 1, 2, 3 }, oints[8] = { 0 }, otail = 0;
	short shorts[3] = { 4, 5, 6 };
	mach_msg_type_number_t oic = 8, obc = 7;
	char obytes[7];

	lb_reset();
	XT_EQ(usr_xm_arrays(SERVER, ints, 3, shorts, 3, 7, oints, &oic, obytes,
			    &obc, &otail), KERN_SUCCESS);
	XT_EQ(xt_sent_size, 24 + 8 + 4 + 12 + 4 + 8 + 4);
	XT_EQ(oic, 3);
	XT_EQ(oints[0], 3);
	XT_EQ(oints[2], 1);
	XT_EQ(obc, 5);
	XT_CHECK(!memcmp(obytes, "abcde", 5));
	XT_EQ(otail, 14 + 15);
	/* More than the type holds: refused before sending. */
	lb_reset();
	XT_EQ(usr_xm_arrays(SERVER, oints, 9, shorts, 3, 7, oints, &oic,
			    obytes, &obc, &otail), MIG_ARRAY_TOO_LARGE);
	XT_EQ(xt_sends, 0);
}

static void test_countinout(void)
{
	mach_msg_type_number_t cnt = 3;
	int vals[8] = { 0 }, cookie = 5;
	__Request__xm_countinout_t *req = (void *)xt_sent;

	lb_reset();
	XT_EQ(usr_xm_countinout(SERVER, vals, &cnt, &cookie), KERN_SUCCESS);
	XT_EQ(req->valsCnt, 3);
	XT_EQ(cnt, 3);
	XT_EQ(vals[2], 22);
	XT_EQ(cookie, -5);
	/* The request carries min(capacity, maximum). */
	cnt = 20;
	XT_EQ(usr_xm_countinout(SERVER, vals, &cnt, &cookie), KERN_SUCCESS);
	XT_EQ(req->valsCnt, 8);
	XT_EQ(cnt, 8);
	XT_EQ(vals[7], 77);
	/* A reply larger than the caller's room. */
	cnt = 3;
	memset(vals, 0, sizeof(vals));
	lb_vals_extra = 2;
	XT_EQ(usr_xm_countinout(SERVER, vals, &cnt, &cookie),
	      MIG_ARRAY_TOO_LARGE);
	lb_vals_extra = 0;
	XT_EQ(cnt, 5);
	XT_EQ(vals[2], 22);
	XT_EQ(vals[3], 0);
}

static void test_ports(void)
{
	mach_port_t back = 0, opoly = 0;
	mach_msg_type_name_t opolyPoly = 0;
	__Request__xm_ports_t *req = (void *)xt_sent;

	lb_reset();
	XT_EQ(usr_xm_ports(SERVER, 0x103, 0x207, MACH_MSG_TYPE_COPY_SEND, &back,
			   &opoly, &opolyPoly), KERN_SUCCESS);
	XT_EQ(req->msgh_body.msgh_descriptor_count, 2);
	XT_EQ(req->give.disposition, MACH_MSG_TYPE_MAKE_SEND);
	XT_EQ(req->give.type, MACH_MSG_PORT_DESCRIPTOR);
	XT_EQ(req->poly.disposition, MACH_MSG_TYPE_COPY_SEND);
	XT_EQ(xt_sent_size, 52);
	XT_CHECK(req->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	XT_EQ(lb_poly_seen, MACH_MSG_TYPE_PORT_SEND);
	XT_EQ(back, 0x1103);
	XT_EQ(opoly, 0x2207);
	XT_EQ(opolyPoly, MACH_MSG_TYPE_PORT_SEND_ONCE);
}

static void test_ool(void)
{
	int ints[3] = { 10, 20, 30 }, *oints = NULL;
	mach_msg_type_number_t odc = 0, oic = 0, opc = 0;
	mach_port_t ports[3] = { 1, 2, 3 }, *oports = NULL;
	vm_offset_t odata = 0;

	lb_reset();
	XT_EQ(usr_xm_ool(SERVER, (vm_offset_t)"0123456789", 10, ints, 3, &odata,
			 &odc, &oints, &oic), KERN_SUCCESS);
	XT_EQ(xt_sent_size, 76);
	XT_EQ(odc, 10);
	XT_CHECK(odata && !memcmp((char *)odata, "9876543210", 10));
	XT_EQ(oic, 2);
	XT_CHECK(oints && oints[0] == 3 && oints[1] == 60);
	free((void *)odata);
	free(oints);

	lb_reset();
	XT_EQ(usr_xm_oolports(SERVER, ports, 3, &oports, &opc), KERN_SUCCESS);
	XT_EQ(opc, 2);
	XT_CHECK(oports && oports[0] == 3 && oports[1] == 3);
	free(oports);
}

static void test_misc(void)
{
	int a1[3] = { 1, 2, 3 }, a2[3] = { 10, 20, 30 }, sum = 0, pid = 0;
	fixed4_t f = { 1, 2, 3, 4 }, of = { 0 };
	pair_t p = { 5, 6 }, op = { 0, 0 }, io = { 7, 8 };

	int64_t c = 5;
	uint64_t b = 0;

	lb_reset();
	XT_EQ(usr_xm_wide(SERVER, 1LL << 40, &b, &c), KERN_SUCCESS);
	XT_EQ(b, 1ULL << 41);
	XT_EQ(c, -5);
	XT_EQ(xt_sent_size, 24 + 8 + 8 + 8);

	XT_EQ(usr_xm_audit(SERVER, &pid), KERN_SUCCESS);
	XT_EQ(pid, XT_AUDIT_PID);
	XT_EQ(usr_xm_same(SERVER, a1, 3, a2, &sum), KERN_SUCCESS);
	XT_EQ(sum, 140);
	XT_EQ(xt_sent_size, 24 + 8 + 4 + 12 + 12);
	XT_EQ(usr_xm_fixed(SERVER, f, p, of, &op, &io), KERN_SUCCESS);
	XT_EQ(of[3], 8);
	XT_EQ(op.first, 6);
	XT_EQ(io.second, 9);
}

/* ---- requests the server refuses ---------------------------------------- */

static void grow_request(mach_msg_header_t *m)
{
	m->msgh_size += 4;
}

static void set_complex(mach_msg_header_t *m)
{
	m->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

static void port_as_ool(mach_msg_header_t *m)
{
	((__Request__xm_ports_t *)m)->give.type = MACH_MSG_OOL_DESCRIPTOR;
}

static void port_disposition(mach_msg_header_t *m)
{
	((__Request__xm_ports_t *)m)->give.disposition =
		MACH_MSG_TYPE_PORT_SEND_ONCE;
}

static void unterminated(mach_msg_header_t *m)
{
	memset(((__Request__xm_strings_t *)m)->name, 'x', sizeof(name_t));
}

static void too_many(mach_msg_header_t *m)
{
	((__Request__xm_arrays_t *)m)->intsCnt = 9;
}

static void count_vs_size(mach_msg_header_t *m)
{
	((__Request__xm_arrays_t *)m)->intsCnt = 4;
}

static void bad_trailer_type(mach_msg_header_t *m)
{
	((mach_msg_trailer_t *)((char *)m + m->msgh_size))->msgh_trailer_type = 1;
}

static void short_trailer(mach_msg_header_t *m)
{
	((mach_msg_trailer_t *)((char *)m + m->msgh_size))->msgh_trailer_size = 20;
}

static void test_bad_requests(void)
{
	int ints[3] = { 1, 2, 3 }, oints[8], otail, sum = 0, pid;
	mach_msg_type_number_t oic = 8, obc = 7;
	mach_port_t back, opoly;
	mach_msg_type_name_t pp;
	short shorts[1] = { 1 };
	name_t oname;
	vname_t ovname, vin = "b";
	name_t in = "a";
	char ob[7];

	lb_reset();
	xt_tamper_request = grow_request;
	XT_EQ(usr_xm_add(SERVER, 1, 2, &sum), MIG_BAD_ARGUMENTS);
	xt_tamper_request = set_complex;
	XT_EQ(usr_xm_add(SERVER, 1, 2, &sum), MIG_BAD_ARGUMENTS);
	xt_tamper_request = port_as_ool;
	XT_EQ(usr_xm_ports(SERVER, 1, 2, MACH_MSG_TYPE_COPY_SEND, &back, &opoly,
			   &pp), MIG_TYPE_ERROR);
	xt_tamper_request = port_disposition;
	XT_EQ(usr_xm_ports(SERVER, 1, 2, MACH_MSG_TYPE_COPY_SEND, &back, &opoly,
			   &pp), MIG_TYPE_ERROR);
	xt_tamper_request = unterminated;
	XT_EQ(usr_xm_strings(SERVER, in, vin, oname, ovname), MIG_BAD_ARGUMENTS);
	xt_tamper_request = too_many;
	XT_EQ(usr_xm_arrays(SERVER, ints, 3, shorts, 1, 0, oints, &oic, ob,
			    &obc, &otail), MIG_BAD_ARGUMENTS);
	xt_tamper_request = count_vs_size;
	XT_EQ(usr_xm_arrays(SERVER, ints, 3, shorts, 1, 0, oints, &oic, ob,
			    &obc, &otail), MIG_BAD_ARGUMENTS);
	xt_tamper_request = bad_trailer_type;
	XT_EQ(usr_xm_audit(SERVER, &pid), MIG_TRAILER_ERROR);
	xt_tamper_request = short_trailer;
	XT_EQ(usr_xm_audit(SERVER, &pid), MIG_TRAILER_ERROR);
}

static void test_bad_ids(void)
{
	static const mach_msg_id_t ids[] = { 4999, 5006, 5014, -1, 0x7fffffff };
	union {
		mig_reply_error_t e;
		unsigned char b[256];
	} out;
	mach_msg_header_t in = { 0 };
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		in.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
		in.msgh_size = sizeof(in);
		in.msgh_remote_port = XT_REPLY_PORT;
		in.msgh_id = ids[i];
		memset(&out, 0xa5, sizeof(out));
		XT_EQ(xmtest_server(&in, &out.e.Head), FALSE);
		XT_EQ(out.e.RetCode, MIG_BAD_ID);
		XT_EQ(out.e.Head.msgh_size, 36);
		XT_EQ(out.e.Head.msgh_id, (mach_msg_id_t)((uint32_t)ids[i] + 100));
		XT_EQ(out.e.Head.msgh_remote_port, XT_REPLY_PORT);
		XT_EQ(out.e.Head.msgh_bits,
		      MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0));
		XT_EQ(out.e.NDR.int_rep, NDR_record.int_rep);
	}
	XT_CHECK(xmtest_server_routine(&in) == 0);
}

/* ---- replies the stub refuses -------------------------------------------- */

static void reply_id(mach_msg_header_t *m)
{
	m->msgh_id++;
}

static void reply_send_once(mach_msg_header_t *m)
{
	m->msgh_id = MACH_NOTIFY_SEND_ONCE;
}

static void reply_short(mach_msg_header_t *m)
{
	m->msgh_size -= 4;
}

static void reply_complex(mach_msg_header_t *m)
{
	m->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

static void reply_ok_error(mach_msg_header_t *m)
{
	/* A 36-byte error reply saying "success" is malformed. */
	m->msgh_size = sizeof(mig_reply_error_t);
	((mig_reply_error_t *)m)->RetCode = KERN_SUCCESS;
}

static void reply_port_disp(mach_msg_header_t *m)
{
	((__Reply__xm_ports_t *)m)->back.disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
}

static void reply_count(mach_msg_header_t *m)
{
	((__Reply__xm_countinout_t *)m)->valsCnt = 2;
}

static void test_bad_replies(void)
{
	mach_msg_type_number_t cnt = 3;
	mach_port_t back, opoly;
	mach_msg_type_name_t pp;
	int sum, vals[8], cookie = 1;

	lb_reset();
	xt_tamper_reply = reply_id;
	XT_EQ(usr_xm_add(SERVER, 1, 2, &sum), MIG_REPLY_MISMATCH);
	XT_EQ(xt_destroyed, 1);
	xt_tamper_reply = reply_send_once;
	XT_EQ(usr_xm_add(SERVER, 1, 2, &sum), MIG_SERVER_DIED);
	xt_tamper_reply = reply_short;
	XT_EQ(usr_xm_add(SERVER, 1, 2, &sum), MIG_TYPE_ERROR);
	xt_tamper_reply = reply_complex;
	XT_EQ(usr_xm_add(SERVER, 1, 2, &sum), MIG_TYPE_ERROR);
	xt_tamper_reply = reply_ok_error;
	XT_EQ(usr_xm_add(SERVER, 1, 2, &sum), MIG_TYPE_ERROR);
	xt_tamper_reply = reply_port_disp;
	XT_EQ(usr_xm_ports(SERVER, 1, 2, MACH_MSG_TYPE_COPY_SEND, &back, &opoly,
			   &pp), MIG_TYPE_ERROR);
	xt_tamper_reply = reply_count;
	XT_EQ(usr_xm_countinout(SERVER, vals, &cnt, &cookie), MIG_TYPE_ERROR);

	/* mach_msg() failures keep or drop the thread's reply port. */
	lb_reset();
	xt_fail = MACH_SEND_INVALID_DEST;
	XT_EQ(usr_xm_add(SERVER, 1, 2, &sum), MACH_SEND_INVALID_DEST);
	XT_EQ(xt_put_reply, 1);
	xt_fail = MACH_RCV_INTERRUPTED;
	XT_EQ(usr_xm_add(SERVER, 1, 2, &sum), MACH_RCV_INTERRUPTED);
	XT_EQ(xt_dealloc_reply, 1);
}

/* options.defs: global WaitTime and MsgOption, explicit ports. */
static void test_options(void)
{
	name_t s = "oneway";
	int y = 0;

	xt_reset();
	xt_server = options_demux;
	XT_EQ(u_o_reply(5, SERVER, 0x909, &y), KERN_SUCCESS);
	XT_EQ(y, 5 + (int)SERVER);
	XT_EQ(lb_reply_seen, 0x909);
	XT_EQ(((mach_msg_header_t *)xt_sent)->msgh_local_port, 0x909);
	XT_EQ(((mach_msg_header_t *)xt_sent)->msgh_remote_port, SERVER);
	XT_EQ(xt_last_timeout, 1234);
	XT_EQ(xt_last_option, MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_TIMEOUT |
	      MACH_RCV_TIMEOUT | MACH_SEND_INTERRUPT);
	XT_EQ(u_o_oneway(SERVER, s), MACH_MSG_SUCCESS);
	XT_CHECK(!strcmp(lb_oneway_seen, "oneway"));
	XT_EQ(xt_last_option, MACH_SEND_MSG | MACH_SEND_TIMEOUT |
	      MACH_SEND_INTERRUPT);
	/* After NoWaitTime: no timeout; the MsgOption stays. */
	XT_EQ(u_o_nowait(SERVER, &y), KERN_SUCCESS);
	XT_EQ(y, 6);
	XT_EQ(xt_last_option, MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_INTERRUPT);
	XT_EQ(xt_last_timeout, MACH_MSG_TIMEOUT_NONE);
	/* A failed send leaves a caller's reply port alone. */
	xt_fail = MACH_RCV_INTERRUPTED;
	XT_EQ(u_o_reply(5, SERVER, 0x909, &y), MACH_RCV_INTERRUPTED);
	XT_EQ(xt_dealloc_reply, 0);
}

int main(void)
{
	test_options();
	test_scalars();
	test_strings();
	test_arrays();
	test_countinout();
	test_ports();
	test_ool();
	test_misc();
	test_bad_requests();
	test_bad_ids();
	test_bad_replies();
	return xt_done("loopback_test");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * gen_user.c - the user stubs (<subsystem>User.c), shaped as Apple's MIG
 * writes them: the stub packs the request (descriptors first, then NDR and
 * the body, the fields after a variable array packed tight), sets the
 * header (request port, the thread's reply port from mig_get_reply_port(),
 * msgh_id) and makes one combined send and receive mach_msg(); a
 * simpleroutine only sends. The reply is checked (gen_rcheck.c), then its
 * fields are copied out; an array larger than the caller's room gives
 * MIG_ARRAY_TOO_LARGE.
 */
#include "emit.h"

/* The value of a user parameter (dereferenced when passed by pointer). */
static const char *xm_uval(const struct xm_arg *a)
{
	return a->user_ref ? xm_fmt("(*%s)", a->name) : a->name;
}

static const char *xm_dealloc_expr(const struct xm_arg *a)
{
	if (a->dealloc == DEALLOC_MAYBE)
		return a->dealloc_arg->name;
	return a->dealloc == DEALLOC_YES ? "TRUE" : "FALSE";
}

static void xm_user_kpd(FILE *f, const struct xm_arg *a)
{
	const struct xm_type *t = a->type;
	const char *x = xm_fmt("InP->%s", a->name);
	const char *cnt = t->var_array ? xm_uval(a->count) : NULL;
	uint32_t esz = xm_elem_bytes(a);

	if (a->kpd_kind == XM_KPD_PORT) {
		fprintf(f, "\t%s.name = %s;\n\t%s.pad1 = 0;\n\t%s.pad2 = 0;\n",
			x, xm_uval(a), x, x);
		fprintf(f, "\t%s.disposition = %s;\n", x,
			a->poly && a->poly->user_param ? a->poly->name :
			t->in_str);
		fprintf(f, "\t%s.type = MACH_MSG_PORT_DESCRIPTOR;\n\n", x);
		return;
	}
	fprintf(f, "\t%s.address = (void *)(%s);\n", x, xm_uval(a));
	if (a->kpd_kind == XM_KPD_OOL) {
		if (!cnt)
			fprintf(f, "\t%s.size = %u;\n", x, t->type_size);
		else if (esz > 1)
			fprintf(f, "\t%s.size = %s * %u;\n", x, cnt, esz);
		else
			fprintf(f, "\t%s.size = %s;\n", x, cnt);
		fprintf(f, "\t%s.deallocate = %s;\n", x, xm_dealloc_expr(a));
		fprintf(f, "\t%s.copy = %s;\n\t%s.pad1 = 0;\n", x,
			(a->flags & XF_PHYSICALCOPY) ? "MACH_MSG_PHYSICAL_COPY" :
			"MACH_MSG_VIRTUAL_COPY", x);
		fprintf(f, "\t%s.type = MACH_MSG_OOL_DESCRIPTOR;\n\n", x);
		return;
	}
	fprintf(f, "\t%s.count = %s;\n", x, cnt ? cnt : xm_fmt("%u", t->number));
	fprintf(f, "\t%s.disposition = %s;\n", x,
		a->poly && a->poly->user_param ? a->poly->name : t->in_str);
	fprintf(f, "\t%s.deallocate = %s;\n", x, xm_dealloc_expr(a));
	fprintf(f, "\t%s.copy = MACH_MSG_PHYSICAL_COPY;\n", x);
	fprintf(f, "\t%s.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;\n\n", x);
}

/* The count of a variable request array, as the message will hold it. */
static const char *xm_req_count(const struct xm_arg *a)
{
	if (a->type->is_string)
		return xm_fmt("InP->%s", a->count->name);
	return xm_uval(a->count);
}

static void xm_user_pack(FILE *f, const struct xm_arg *a)
{
	const struct xm_type *t = a->type;
	const char *x = xm_fmt("InP->%s", a->name), *cnt;
	uint32_t esz;

	if (a->kind == AK_NDR) {
		fprintf(f, "\t%s = NDR_record;\n\n", x);
		return;
	}
	if (a->kind == AK_COUNT) {
		fprintf(f, "\t%s = %s;\n\n", x, xm_uval(a));
		return;
	}
	if (a->variable && t->is_string) {
		fprintf(f, "\t%sOffset = 0;\n", x);
		fprintf(f, "\tInP->%s = mig_strncpy_zerofill(%s, %s, %u);\n\n",
			a->count->name, x, a->name, t->number);
		return;
	}
	if (a->variable) {
		cnt = xm_uval(a->count);
		esz = xm_elem_bytes(a);
		fprintf(f, "\tif (%s > %u) {\n\t\treturn MIG_ARRAY_TOO_LARGE;\n\t}\n",
			cnt, xm_max_count(a));
		fprintf(f, "\t(void)memcpy((char *)%s, (const char *)%s, %u * %s);\n",
			x, a->name, esz, cnt);
		if (esz % 4)
			fprintf(f, "\t(void)memset((char *)%s + %u * %s, 0, %s - %u * %s);\n",
				x, esz, cnt, xm_align_expr(a, cnt), esz, cnt);
		fputc('\n', f);
		return;
	}
	if (t->is_string)
		fprintf(f, "\t(void)mig_strncpy_zerofill(%s, %s, %u);\n", x,
			a->name, t->number);
	else if (t->is_struct)
		fprintf(f, "\t%s = %s;\n", x, xm_uval(a));
	else
		fprintf(f, "\t(void)memcpy((char *)%s, (const char *)%s, %u);\n",
			x, a->name, t->type_size);
	if (t->pad_size)
		fprintf(f, "\t(void)memset(%sPad, 0, %u);\n", x, t->pad_size);
	fputc('\n', f);
}

static const char *xm_min_request(const struct xm_routine *rt)
{
	return xm_fmt("(mach_msg_size_t)(sizeof(Request) - %u)",
		      xm_req_var_bytes(rt));
}

/* After a variable array: account for its size, move InP. */
static void xm_user_adjust(FILE *f, const struct xm_routine *rt,
			   const struct xm_arg *a)
{
	fprintf(f, "\tmsgh_size_delta = %s;\n",
		xm_align_expr(a, xm_req_count(a)));
	if (a->req_pos == 0)
		fprintf(f, "\tmsgh_size = %s + msgh_size_delta;\n",
			xm_min_request(rt));
	else
		fprintf(f, "\tmsgh_size += msgh_size_delta;\n");
	fprintf(f, "\tInP = (Request *)((uintptr_t)InP + msgh_size_delta - %u);\n\n",
		xm_max_bytes(a));
}

static void xm_user_finish(FILE *f, const struct xm_routine *rt,
			   const struct xm_arg *a)
{
	if (a->req_pos == 0)
		fprintf(f, "\tmsgh_size = %s + %s;\n\n", xm_min_request(rt),
			xm_align_expr(a, xm_req_count(a)));
	else
		fprintf(f, "\tmsgh_size += %s;\n\n",
			xm_align_expr(a, xm_req_count(a)));
}

static void xm_user_request(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a, *last = NULL, *cnt;

	for (a = rt->args; a; a = a->next)
		if (a->in_req && a->kpd)
			xm_user_kpd(f, a);
	if (!rt->simple_request)
		fprintf(f, "\tInP->msgh_body.msgh_descriptor_count = %u;\n\n",
			rt->req_kpds);
	for (a = rt->args; a; a = a->next) {
		if (last && last->req_pos < a->req_pos) {
			xm_user_adjust(f, rt, last);
			last = NULL;
		}
		if (a->kind == AK_COUNTINOUT) {
			cnt = a->cinout;
			fprintf(f, "\tif (%s < %u)\n\t\tInP->%s = %s;\n\telse\n\t\tInP->%s = %u;\n\n",
				xm_uval(cnt), xm_max_count(cnt->parent), a->name,
				xm_uval(cnt), a->name,
				xm_max_count(cnt->parent));
		} else if (a->req_pack && a->send) {
			xm_user_pack(f, a);
		}
		if (a->variable && a->send)
			last = a;
	}
	if (last)
		xm_user_finish(f, rt, last);
}

static void xm_user_header(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *rp = rt->reply_port;
	const char *reply;

	if (rt->max_req_pos > 0)
		fprintf(f, "\tInP = &Mess.In;\n");
	fprintf(f, "\tInP->Head.msgh_bits = %sMACH_MSGH_BITS(%s, %s);\n",
		rt->simple_request ? "" : "MACH_MSGH_BITS_COMPLEX |\n\t\t",
		rt->request_port->type->in_str, rp->type->in_str);
	if (rp->user_param)
		reply = rp->name;
	else if (rt->oneway)
		reply = "MACH_PORT_NULL";
	else
		reply = "mig_get_reply_port()";
	fprintf(f, "\t/* msgh_size passed as argument */\n");
	fprintf(f, "\tInP->Head.msgh_remote_port = %s;\n", rt->request_port->name);
	fprintf(f, "\tInP->Head.msgh_local_port = %s;\n", reply);
	fprintf(f, "\tInP->Head.msgh_id = %u;\n", rt->id);
	fprintf(f, "\tInP->Head.msgh_voucher_port = MACH_PORT_NULL;\n\n");
}

static void xm_user_send(FILE *f, const struct xm_routine *rt)
{
	const char *size = rt->num_req_var ? "msgh_size" :
			   "(mach_msg_size_t)sizeof(Request)";
	const char *timeout = rt->wait_time ? rt->wait_time :
			      "MACH_MSG_TIMEOUT_NONE";
	const char *tflags = "";

	if (rt->wait_time)
		tflags = rt->oneway || rt->wait_is_send ? "MACH_SEND_TIMEOUT|" :
			 "MACH_SEND_TIMEOUT|MACH_RCV_TIMEOUT|";
	if (rt->oneway) {
		fprintf(f, "\tmsg_result = mach_msg(&InP->Head, MACH_SEND_MSG|%s%s, %s, 0,\n\t\t\t      MACH_PORT_NULL, %s, MACH_PORT_NULL);\n",
			tflags, rt->msg_option, size, timeout);
		fprintf(f, "\treturn msg_result;\n");
		return;
	}
	if (!rt->reply_port->user_param)
		fprintf(f, "\txmig_reply = InP->Head.msgh_local_port;\n");
	fprintf(f, "\tmsg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|%s%s,\n\t\t\t      %s, (mach_msg_size_t)sizeof(Reply),\n\t\t\t      InP->Head.msgh_local_port, %s, MACH_PORT_NULL);\n",
		tflags, rt->msg_option, size, timeout);
	fprintf(f, "\tif (msg_result != MACH_MSG_SUCCESS) {\n");
	if (!rt->reply_port->user_param)
		fprintf(f, "\t\txmig_msg_error(xmig_reply, msg_result);\n");
	fprintf(f, "\t\treturn msg_result;\n\t}\n\n");
}

static void xm_user_call_check(FILE *f, const struct xm_routine *rt)
{
	int i;

	fprintf(f, "\tcheck_result = __MIG_check__Reply__%s_t((__Reply *)Out0P",
		rt->name);
	for (i = 1; i <= rt->max_rep_pos; i++)
		fprintf(f, ", &Out%dP", i);
	fprintf(f, ");\n\tif (check_result != MACH_MSG_SUCCESS) {\n");
	fprintf(f, "\t\tmach_msg_destroy(&Out0P->Head);\n\t\treturn check_result;\n\t}\n\n");
}

static void xm_user_extract_var(FILE *f, const struct xm_arg *a,
				const char *o)
{
	const struct xm_arg *c = a->count;
	const char *cnt = xm_fmt("Out%dP->%s", c->rep_pos, c->name);
	const char *limit = (a->flags & XF_COUNTINOUT) ? xm_uval(c) :
			    xm_fmt("%u", xm_max_count(a));
	uint32_t esz = xm_elem_bytes(a);

	if (a->type->is_string) {
		fprintf(f, "\t(void)mig_strncpy(%s, %s->%s, %u);\n\n", a->name, o,
			a->name, a->type->number);
		return;
	}
	fprintf(f, "\tif (%s > %s) {\n", cnt, limit);
	fprintf(f, "\t\t(void)memcpy((char *)%s, (const char *)%s->%s, %u * %s);\n",
		a->name, o, a->name, esz, limit);
	fprintf(f, "\t\t%s = %s;\n\t\treturn MIG_ARRAY_TOO_LARGE;\n\t}\n",
		xm_uval(c), cnt);
	fprintf(f, "\t(void)memcpy((char *)%s, (const char *)%s->%s, %u * %s);\n\n",
		a->name, o, a->name, esz, cnt);
}

static void xm_user_extract(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a;
	const struct xm_type *t;
	const char *o;

	for (a = rt->args; a; a = a->next) {
		t = a->type;
		o = xm_fmt("Out%dP", a->rep_pos);
		if (a->kind == AK_POLY && a->user_ref) {
			fprintf(f, "\t*%s = Out0P->%s.disposition;\n\n", a->name,
				a->parent->name);
			continue;
		}
		if (!a->user_param || !a->ret ||
		    (a->kind != AK_NORMAL && a->kind != AK_COUNT))
			continue;
		if (a->kpd && a->kpd_kind == XM_KPD_PORT)
			fprintf(f, "\t*%s = Out0P->%s.name;\n\n", a->name, a->name);
		else if (a->kpd)
			fprintf(f, "\t*%s = (%s)(Out0P->%s.address);\n\n", a->name,
				t->user_type, a->name);
		else if (a->variable)
			xm_user_extract_var(f, a, o);
		else if (t->is_string)
			fprintf(f, "\t(void)mig_strncpy(%s, %s->%s, %u);\n\n",
				a->name, o, a->name, t->number);
		else if (t->is_struct)
			fprintf(f, "\t%s = %s->%s;\n\n", xm_uval(a), o, a->name);
		else
			fprintf(f, "\t(void)memcpy((char *)%s, (const char *)%s->%s, %u);\n\n",
				a->name, o, a->name, t->type_size);
	}
}

static void xm_user_locals(FILE *f, const struct xm_routine *rt)
{
	int i;

	fprintf(f, "\ttypedef __Request__%s_t Request __attribute__((unused));\n",
		rt->name);
	if (!rt->oneway) {
		xm_emit_msg_struct(f, rt, false, SIDE_USER, "Reply",
				   "mach_msg_trailer_t", "\t");
		fprintf(f, "\ttypedef __Reply__%s_t __Reply __attribute__((unused));\n",
			rt->name);
	}
	fprintf(f, "\tunion {\n\t\tRequest In;\n%s\t} Mess;\n",
		rt->oneway ? "" : "\t\tReply Out;\n");
	fprintf(f, "\tRequest *InP = &Mess.In;\n");
	if (!rt->oneway)
		fprintf(f, "\tReply *Out0P = &Mess.Out;\n");
	for (i = 1; i <= rt->max_rep_pos; i++)
		fprintf(f, "\t__Reply *Out%dP = NULL;\n", i);
	fprintf(f, "\tmach_msg_return_t msg_result;\n");
	if (rt->num_req_var > 0)
		fprintf(f, "\tunsigned int msgh_size;\n");
	if (rt->max_req_pos > 0)
		fprintf(f, "\tunsigned int msgh_size_delta;\n");
	if (!rt->oneway) {
		fprintf(f, "\tkern_return_t check_result;\n");
		if (!rt->reply_port->user_param)
			fprintf(f, "\tmach_port_t xmig_reply;\n");
	}
	fputc('\n', f);
}

static void xm_user_stub(FILE *f, const struct xm_routine *rt)
{
	fprintf(f, "/* %s %s */\n", rt->oneway ? "SimpleRoutine" : "Routine",
		rt->name);
	fprintf(f, "mig_external ");
	xm_emit_prototype(f, rt, FL_USER, rt->user_name);
	fprintf(f, "\n{\n");
	xm_user_locals(f, rt);
	xm_user_request(f, rt);
	xm_user_header(f, rt);
	xm_user_send(f, rt);
	if (rt->oneway) {
		fprintf(f, "}\n\n");
		return;
	}
	xm_user_call_check(f, rt);
	xm_user_extract(f, rt);
	fprintf(f, "\treturn KERN_SUCCESS;\n}\n\n");
}

static void xm_msg_error_helper(FILE *f)
{
	fputs("/*\n * After a failed mach_msg(): a reply port the send never reached stays\n"
	      " * the thread's; any other failure may have left it in an unknown state,\n"
	      " * so it is destroyed (as __MachMsgErrorWithoutTimeout in Apple's stubs).\n */\n"
	      "static inline void xmig_msg_error(mach_port_t reply_port, mach_msg_return_t mr)\n{\n"
	      "\tswitch (mr) {\n\tcase MACH_SEND_INVALID_DATA:\n\tcase MACH_SEND_INVALID_DEST:\n"
	      "\tcase MACH_SEND_INVALID_HEADER:\n\t\tmig_put_reply_port(reply_port);\n\t\tbreak;\n"
	      "\tdefault:\n\t\tmig_dealloc_reply_port(reply_port);\n\t\tbreak;\n\t}\n}\n\n", f);
}

void xm_gen_user(FILE *f, const struct xm_interface *ifc,
		 const struct xm_options *o)
{
	struct xm_routine **v;
	bool helper = false;
	size_t n, i;

	xm_emit_banner(f, ifc, "User stubs");
	if (xm_is_null_file(o->header_file))
		xm_emit_user_decls(f, ifc);
	else
		fprintf(f, "#include \"%s\"\n", xm_base_name(o->header_file));
	fprintf(f, "\n#include <stdint.h>\n#include <string.h>\n#include <mach/mig.h>\n");
	xm_emit_imports(f, ifc, XI_UCODE);
	fputc('\n', f);
	xm_emit_common_defines(f);
	fprintf(f, "#ifdef __cplusplus\nextern \"C\" {\n#endif\nextern void mach_msg_destroy(mach_msg_header_t *);\n#ifdef __cplusplus\n}\n#endif\n\n");
	v = xm_routines(ifc, FL_USER, &n);
	for (i = 0; i < n; i++)
		helper |= !v[i]->oneway && !v[i]->reply_port->user_param;
	if (helper)
		xm_msg_error_helper(f);
	for (i = 0; i < n; i++) {
		if (!v[i]->oneway)
			xm_emit_reply_check(f, v[i]);
		xm_user_stub(f, v[i]);
	}
}

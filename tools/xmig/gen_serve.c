// SPDX-License-Identifier: GPL-2.0
/*
 * gen_serve.c - the middle of a server stub, shared by the user-space and
 * the kernel flavour: the locals, what is read from the request before the
 * call (translations, the capacity of out arrays, clamped by CountInOut),
 * the call of the server routine with each argument taken from the
 * request, the reply or a local, the destructors, and the packing of the
 * reply body (fields after a variable array move up with it; msgh_size
 * is set as Apple's stubs set it).
 *
 * The kernel flavour reads a const request, so inout values go through
 * locals; its port arguments are ipc_port_t locals (gen_kserver.c takes
 * and gives the rights).
 */
#include "emit.h"

static bool xm_kernel_port(const struct xm_arg *a, enum xm_flavour fl)
{
	return fl == FL_KERNEL && a->kind == AK_NORMAL && a->kpd &&
	       a->kpd_kind == XM_KPD_PORT;
}

/* Whether the server stub keeps the argument in a local. */
static bool xm_srv_local(const struct xm_arg *a, enum xm_flavour fl)
{
	if (a->var_needed)
		return true;
	return fl == FL_KERNEL && (a->reply_copy || xm_kernel_port(a, fl));
}

static const char *xm_intran(const struct xm_arg *a, const char *expr)
{
	return a->type->in_trans ? xm_fmt("%s(%s)", a->type->in_trans, expr) :
				   expr;
}

static const char *xm_in_field(const struct xm_arg *a)
{
	return xm_fmt("%s->%s", xm_in_ptr(a->req_pos), a->name);
}

/* The port a request-port or reply-port argument names. */
static const char *xm_hdr_port(const struct xm_arg *a, enum xm_flavour fl)
{
	if (fl == FL_KERNEL)
		return a->kind == AK_REQUESTPORT ? "xnu_mig_request_port(call)" :
		       "IP_NULL";
	return a->kind == AK_REQUESTPORT ? "In0P->Head.msgh_local_port" :
	       "In0P->Head.msgh_remote_port";
}

void xm_srv_locals(FILE *f, const struct xm_routine *rt, enum xm_flavour fl)
{
	const struct xm_arg *a;
	const struct xm_type *t;

	for (a = rt->args; a; a = a->next) {
		t = a->type;
		if (xm_kernel_port(a, fl) && a->send)
			fprintf(f, "\tipc_port_t %s_port;\n\tmach_msg_type_name_t %s_type;\n",
				a->name, a->name);
		if (!xm_srv_local(a, fl))
			continue;
		if (xm_kernel_port(a, fl) && a->send && !a->var_needed)
			continue;
		if (xm_kernel_port(a, fl) && a->ret)
			fprintf(f, "\t%s %s;\n", t->out_trans ? t->trans_type :
				"ipc_port_t", a->name);
		else if (a->variable)
			fprintf(f, "\t%s %s[%u];\n", t->element->trans_type,
				a->name, xm_max_count(a));
		else
			fprintf(f, "\t%s %s;\n", t->trans_type, a->name);
	}
}

/* Where the server stub has an out count: a local or the reply. */
const char *xm_count_lval(const struct xm_arg *c, enum xm_flavour fl)
{
	return xm_srv_local(c, fl) ? c->name : xm_fmt("OutP->%s", c->name);
}

static void xm_copy_in(FILE *f, const struct xm_arg *a)
{
	const struct xm_type *t = a->type;

	if (t->is_struct)
		fprintf(f, "\t%s = %s;\n", a->name, xm_intran(a, xm_in_field(a)));
	else
		fprintf(f, "\t(void)memcpy(%s, %s, %u);\n", a->name,
			xm_in_field(a), t->type_size);
}

void xm_srv_extract(FILE *f, const struct xm_routine *rt, enum xm_flavour fl)
{
	const struct xm_arg *a, *ci;
	long start = ftell(f);
	const char *lv;

	for (a = rt->args; a; a = a->next) {
		if ((a->kind == AK_REQUESTPORT || a->kind == AK_REPLYPORT) &&
		    a->var_needed) {
			fprintf(f, "\t%s = %s;\n", a->name,
				xm_intran(a, xm_hdr_port(a, fl)));
		} else if (xm_kernel_port(a, fl) && a->send) {
			fprintf(f, "\t%s_port = xnu_mig_take_port(call, &In0P->%s, &%s_type);\n",
				a->name, a->name, a->name);
			if (a->var_needed)
				fprintf(f, "\t%s = %s;\n", a->name,
					xm_intran(a, xm_fmt("%s_port", a->name)));
		} else if (xm_kernel_port(a, fl) && a->ret && !a->type->out_trans) {
			fprintf(f, "\t%s = IP_NULL;\n", a->name);
		} else if (a->kind == AK_NORMAL && a->var_needed && a->send &&
			   a->kpd && a->kpd_kind == XM_KPD_PORT) {
			fprintf(f, "\t%s = %s;\n", a->name,
				xm_intran(a, xm_fmt("In0P->%s.name", a->name)));
		} else if (a->kind == AK_NORMAL && xm_srv_local(a, fl) &&
			   a->send && !a->kpd) {
			xm_copy_in(f, a);
		} else if (a->kind == AK_COUNT && a->ret &&
			   (a->parent->variable || a->parent->kpd)) {
			lv = xm_count_lval(a, fl);
			fprintf(f, "\t%s = %u;\n", lv,
				a->parent->variable ? xm_max_count(a->parent) : 0);
			ci = a->cinout;
			if (ci)
				fprintf(f, "\tif (%s->%s < %s)\n\t\t%s = %s->%s;\n",
					xm_in_ptr(ci->req_pos), ci->name, lv, lv,
					xm_in_ptr(ci->req_pos), ci->name);
		} else if (a->kind == AK_DEALLOC && a->ret) {
			fprintf(f, "\t%s = FALSE;\n", a->name);
		}
	}
	if (ftell(f) != start)
		fputc('\n', f);
}

static const char *xm_trailer_field(const struct xm_arg *a, enum xm_flavour fl)
{
	if (fl == FL_KERNEL)
		return "*xnu_mig_audit_token(call)";
	switch (a->trailer) {
	case TR_SEQNO:
		return "TrailerP->msgh_seqno";
	case TR_SECTOKEN:
		return "TrailerP->msgh_sender";
	case TR_AUDIT:
		return "TrailerP->msgh_audit";
	default:
		return "TrailerP->msgh_context";
	}
}

static const char *xm_srv_count_arg(const struct xm_arg *a,
				     enum xm_flavour fl)
{
	const struct xm_arg *p = a->parent;
	uint32_t esz;

	if (a->ret)
		return xm_fmt("&%s", xm_count_lval(a, fl));
	if (p->kpd_kind == XM_KPD_OOL_PORTS && p->kpd)
		return xm_fmt("In0P->%s.count", p->name);
	if (p->kpd) {
		esz = xm_elem_bytes(p);
		return esz > 1 ? xm_fmt("In0P->%s.size / %u", p->name, esz) :
				 xm_fmt("In0P->%s.size", p->name);
	}
	return xm_in_field(a);
}

/* A user argument, as the server routine receives it. */
static const char *xm_srv_normal_arg(const struct xm_arg *a,
				     enum xm_flavour fl)
{
	const struct xm_type *t = a->type;
	const char *amp = a->server_ref ? "&" : "";

	if (xm_srv_local(a, fl) && !(xm_kernel_port(a, fl) && a->send &&
				     !a->var_needed))
		return xm_fmt("%s%s", amp, a->name);
	if (xm_kernel_port(a, fl))
		return xm_intran(a, xm_fmt("%s_port", a->name));
	if (a->reply_copy)
		return xm_fmt("%s%s", amp, xm_in_field(a));
	if (a->send) {
		if (a->kpd_kind == XM_KPD_PORT && a->kpd)
			return xm_intran(a, xm_fmt("In0P->%s.name", a->name));
		if (a->kpd)
			return xm_fmt("(%s)(In0P->%s.address)", t->trans_type,
				      a->name);
		if (fl == FL_KERNEL && !t->is_struct)
			return xm_fmt("(void *)%s", xm_in_field(a));
		return xm_intran(a, xm_in_field(a));
	}
	if (a->kpd_kind == XM_KPD_PORT && a->kpd)
		return xm_fmt("&OutP->%s.name", a->name);
	if (a->kpd)
		return xm_fmt("(%s *)&(OutP->%s.address)", t->trans_type, a->name);
	return xm_fmt("%sOutP->%s", amp, a->name);
}

static const char *xm_srv_arg(const struct xm_arg *a, enum xm_flavour fl)
{
	switch (a->kind) {
	case AK_REQUESTPORT:
	case AK_REPLYPORT:
		return a->var_needed ? a->name : xm_intran(a, xm_hdr_port(a, fl));
	case AK_TRAILER:
		return xm_trailer_field(a, fl);
	case AK_POLY:
		if (a->server_ref)
			return xm_fmt("&%s", a->name);
		if (fl == FL_KERNEL)
			return xm_fmt("xmig_received_type(In0P->%s.disposition)",
				      a->parent->name);
		return xm_fmt("In0P->%s.disposition", a->parent->name);
	case AK_DEALLOC:
		return xm_fmt("&%s", a->name);
	case AK_COUNT:
		return xm_srv_count_arg(a, fl);
	default:
		return xm_srv_normal_arg(a, fl);
	}
}

void xm_srv_call(FILE *f, const struct xm_routine *rt, enum xm_flavour fl,
		 const char *lval)
{
	const struct xm_arg *a;
	bool first = true;

	fprintf(f, "\t%s = %s(", lval, rt->server_name);
	for (a = rt->args; a; a = a->next) {
		if (!a->server_param)
			continue;
		fprintf(f, "%s%s", first ? "" : ",\n\t\t", xm_srv_arg(a, fl));
		first = false;
	}
	fprintf(f, ");\n");
}

/* Destructors of translated in arguments, last argument first. */
static void xm_srv_destroy_one(FILE *f, const struct xm_arg *a,
			       enum xm_flavour fl)
{
	const struct xm_type *t = a->type;

	if (!a->destroy)
		return;
	if (t->destructor) {
		if (a->var_needed)
			fprintf(f, "\t%s(%s);\n", t->destructor, a->name);
		else if (a->kind == AK_REQUESTPORT || a->kind == AK_REPLYPORT)
			fprintf(f, "\t%s(%s);\n", t->destructor,
				xm_hdr_port(a, fl));
		else if (xm_kernel_port(a, fl))
			fprintf(f, "\t%s(%s_port);\n", t->destructor, a->name);
		else
			fprintf(f, "\t%s(%s);\n", t->destructor,
				a->kpd ? xm_fmt("In0P->%s.name", a->name) :
				xm_in_field(a));
		return;
	}
	/* An unbounded (or Auto) array the routine saw in-line. */
	if (a->kpd_kind == XM_KPD_OOL_PORTS) {
		fprintf(f, "\tmig_deallocate((vm_offset_t)In0P->%s.address,\n\t\t       sizeof(mach_port_t) * In0P->%s.count);\n",
			a->name, a->name);
		fprintf(f, "\tIn0P->%s.address = (void *)0;\n\tIn0P->%s.count = 0;\n",
			a->name, a->name);
		return;
	}
	fprintf(f, "\tmig_deallocate((vm_offset_t)In0P->%s.address, In0P->%s.size);\n",
		a->name, a->name);
	fprintf(f, "\tIn0P->%s.address = (void *)0;\n\tIn0P->%s.size = (mach_msg_size_t)0;\n",
		a->name, a->name);
}

void xm_srv_destroy(FILE *f, const struct xm_routine *rt, enum xm_flavour fl)
{
	const struct xm_arg *a, **v;
	size_t n = 0;

	for (a = rt->args; a; a = a->next)
		n++;
	v = xm_alloc((n + 1) * sizeof(*v));
	n = 0;
	for (a = rt->args; a; a = a->next)
		v[n++] = a;
	while (n--)
		xm_srv_destroy_one(f, v[n], fl);
}

static const char *xm_min_reply(const struct xm_routine *rt)
{
	return xm_fmt("(mach_msg_size_t)(sizeof(Reply) - %u)",
		      xm_rep_var_bytes(rt));
}

/* The count of a variable reply array, once the routine has set it. */
static const char *xm_rep_count(const struct xm_arg *a, enum xm_flavour fl)
{
	if (a->type->is_string)
		return xm_fmt("OutP->%s", a->count->name);
	return xm_count_lval(a->count, fl);
}

static void xm_pack_pad(FILE *f, const struct xm_arg *a)
{
	if (a->type->pad_size && !a->variable)
		fprintf(f, "\t(void)memset(OutP->%sPad, 0, %u);\n", a->name,
			a->type->pad_size);
}

/* A string the routine wrote: its length, bounded by its field. */
static void xm_pack_string(FILE *f, const struct xm_arg *a, bool local)
{
	const char *src = local ? a->name : xm_fmt("OutP->%s", a->name);
	uint32_t n = a->type->number;

	fprintf(f, "\tOutP->%sOffset = 0;\n", a->name);
	fprintf(f, "\tOutP->%s = (mach_msg_type_number_t)strnlen(%s, %u);\n",
		a->count->name, src, n - 1);
	if (local)
		fprintf(f, "\t(void)memcpy(OutP->%s, %s, OutP->%s);\n", a->name,
			a->name, a->count->name);
	fprintf(f, "\tOutP->%s[OutP->%s++] = '\\0';\n", a->name,
		a->count->name);
	fprintf(f, "\t(void)memset(OutP->%s + OutP->%s, 0, _WALIGN_(OutP->%s) - OutP->%s);\n",
		a->name, a->count->name, a->count->name, a->count->name);
}

static void xm_pack_var(FILE *f, const struct xm_arg *a, enum xm_flavour fl,
			bool local)
{
	const char *cnt = xm_rep_count(a, fl);
	uint32_t esz = xm_elem_bytes(a);

	if (local)
		fprintf(f, "\t(void)memcpy((char *)OutP->%s, (const char *)%s, %u * %s);\n",
			a->name, a->name, esz, cnt);
	if (esz % 4)
		fprintf(f, "\t(void)memset((char *)OutP->%s + %u * %s, 0, %s - %u * %s);\n",
			a->name, esz, cnt, xm_align_expr(a, cnt), esz, cnt);
}

static void xm_pack_field(FILE *f, const struct xm_arg *a, enum xm_flavour fl)
{
	const struct xm_type *t = a->type;
	bool local = xm_srv_local(a, fl);
	const char *src = local ? a->name : xm_in_field(a);

	if (a->kind == AK_COUNT) {
		if (local && !a->parent->type->is_string)
			fprintf(f, "\tOutP->%s = %s;\n", a->name, a->name);
		return;
	}
	if (a->variable && t->is_string) {
		xm_pack_string(f, a, local);
		return;
	}
	if (a->variable) {
		xm_pack_var(f, a, fl, local);
		return;
	}
	if (local || a->reply_copy) {
		if (t->is_struct)
			fprintf(f, "\tOutP->%s = %s;\n", a->name,
				local && t->out_trans ?
				xm_fmt("%s(%s)", t->out_trans, a->name) : src);
		else
			fprintf(f, "\t(void)memcpy(OutP->%s, %s, %u);\n", a->name,
				src, t->type_size);
	}
	xm_pack_pad(f, a);
}

static void xm_srv_adjust(FILE *f, const struct xm_routine *rt,
			  const struct xm_arg *a, enum xm_flavour fl)
{
	fprintf(f, "\tmsgh_size_delta = %s;\n",
		xm_align_expr(a, xm_rep_count(a, fl)));
	if (rt->num_rep_var == 1)
		fprintf(f, "\tOutP->Head.msgh_size = %s + msgh_size_delta;\n",
			xm_min_reply(rt));
	else if (a->rep_pos == 0)
		fprintf(f, "\tmsgh_size = %s + msgh_size_delta;\n",
			xm_min_reply(rt));
	else
		fprintf(f, "\tmsgh_size += msgh_size_delta;\n");
	fprintf(f, "\tOutP = (Reply *)((uintptr_t)OutP + msgh_size_delta - %u);\n\n",
		xm_max_bytes(a));
}

static void xm_srv_finish_size(FILE *f, const struct xm_routine *rt,
			       const struct xm_arg *a, enum xm_flavour fl)
{
	const char *sz = xm_align_expr(a, xm_rep_count(a, fl));

	if (a->rep_pos == 0)
		fprintf(f, "\tOutP->Head.msgh_size = %s + %s;\n",
			xm_min_reply(rt), sz);
	else
		fprintf(f, "\tmsgh_size += %s;\n", sz);
}

static bool xm_rep_body(const struct xm_arg *a)
{
	return a->ret && (a->kind == AK_NORMAL || a->kind == AK_COUNT) &&
	       ((a->in_rep && !a->kpd) || a->rep_pack);
}

/* A routine must not return more than an array holds. */
void xm_srv_count_checks(FILE *f, const struct xm_routine *rt,
			 enum xm_flavour fl, const char *bad_count)
{
	const struct xm_arg *a;

	for (a = rt->args; a; a = a->next)
		if (a->variable && a->ret && !a->type->is_string)
			fprintf(f, "\tif (%s > %u) {\n\t\t%s\n\t}\n",
				xm_rep_count(a, fl), xm_max_count(a), bad_count);
}

void xm_srv_reply_body(FILE *f, const struct xm_routine *rt,
		       enum xm_flavour fl)
{
	const struct xm_arg *a, *last = NULL;

	for (a = rt->args; a; a = a->next) {
		if (last && last->rep_pos < a->rep_pos) {
			xm_srv_adjust(f, rt, last, fl);
			last = NULL;
		}
		if (a->kind == AK_NDR && a->in_rep)
			fprintf(f, "\tOutP->NDR = NDR_record;\n");
		else if (xm_rep_body(a))
			xm_pack_field(f, a, fl);
		if (a->variable && a->ret)
			last = a;
	}
	if (last)
		xm_srv_finish_size(f, rt, last, fl);
}

/* The reply's header fields that depend on the whole reply. */
void xm_srv_finish(FILE *f, const struct xm_routine *rt)
{
	if (rt->max_rep_pos > 0)
		fprintf(f, "\tOutP = (Reply *)OutHeadP;\n");
	if (!rt->simple_reply)
		fprintf(f, "\tOutP->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;\n");
	if (rt->num_rep_var == 0)
		fprintf(f, "\tOutP->Head.msgh_size = (mach_msg_size_t)sizeof(Reply);\n");
	else if (rt->num_rep_var > 1)
		fprintf(f, "\tOutP->Head.msgh_size = msgh_size;\n");
	if (!rt->simple_reply)
		fprintf(f, "\tOutP->msgh_body.msgh_descriptor_count = %u;\n",
			rt->rep_kpds);
}

/* Argument words of the server routine (routine_descriptor.argc). */
uint32_t xm_argc(const struct xm_routine *rt)
{
	const struct xm_arg *a;
	const struct xm_type *t;
	uint32_t n = 0;

	for (a = rt->args; a; a = a->next) {
		if (!a->server_param)
			continue;
		t = a->type;
		if (t->is_struct && t->inl && !t->port && t->number &&
		    t->size >= 32)
			n += t->number * (t->size / 32);
		else
			n++;
	}
	return n;
}

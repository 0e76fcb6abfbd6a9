// SPDX-License-Identifier: GPL-2.0
/*
 * gen_rcheck.c - __MIG_check__Reply__<routine>_t(), the user stub's checks
 * of a reply, as Apple's MIG writes them: msgh_id must be the request's
 * + 100 (MIG_SERVER_DIED for a send-once notification, else
 * MIG_REPLY_MISMATCH); the complex bit, descriptor count and size must
 * match, unless the reply is a 36-byte mig_reply_error_t carrying an error
 * (MIG_TYPE_ERROR); then the server's RetCode; then each descriptor's kind
 * and disposition and each array count against its maximum and the size
 * (MIG_TYPE_ERROR). It also finds where the fields after each variable
 * array are (Out1P, Out2P...).
 */
#include "emit.h"

static const char *xm_min_reply(const struct xm_routine *rt)
{
	return xm_fmt("(mach_msg_size_t)(sizeof(__Reply) - %u)",
		      xm_rep_var_bytes(rt));
}

static void xm_rcheck_head(FILE *f, const struct xm_routine *rt)
{
	const char *size;

	fprintf(f, "\tif (Out0P->Head.msgh_id != %u) {\n", rt->id + 100);
	fprintf(f, "\t\tif (Out0P->Head.msgh_id == MACH_NOTIFY_SEND_ONCE)\n\t\t\treturn MIG_SERVER_DIED;\n");
	fprintf(f, "\t\telse\n\t\t\treturn MIG_REPLY_MISMATCH;\n\t}\n\n");
	if (!rt->simple_reply)
		fprintf(f, "\tmsgh_simple = !(Out0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);\n");
	if (rt->no_reply_args) {
		fprintf(f, "\tif ((Out0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||\n\t    (Out0P->Head.msgh_size != (mach_msg_size_t)sizeof(__Reply)))\n\t\treturn MIG_TYPE_ERROR;\n\n");
		return;
	}
	fprintf(f, "\tmsgh_size = Out0P->Head.msgh_size;\n\n");
	if (rt->num_rep_var > 0)
		size = xm_fmt("(msgh_size > (mach_msg_size_t)sizeof(__Reply) ||\n\t      msgh_size < %s)",
			      xm_min_reply(rt));
	else
		size = "(msgh_size != (mach_msg_size_t)sizeof(__Reply))";
	if (rt->simple_reply)
		fprintf(f, "\tif ((Out0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||\n\t    (%s &&\n\t     (msgh_size != (mach_msg_size_t)sizeof(mig_reply_error_t) ||\n\t      Out0P->RetCode == KERN_SUCCESS)))\n",
			size);
	else
		fprintf(f, "\tif ((msgh_simple || Out0P->msgh_body.msgh_descriptor_count != %u ||\n\t     %s) &&\n\t    (!msgh_simple || msgh_size != (mach_msg_size_t)sizeof(mig_reply_error_t) ||\n\t     ((mig_reply_error_t *)Out0P)->RetCode == KERN_SUCCESS))\n",
			rt->rep_kpds, size);
	fprintf(f, "\t\treturn MIG_TYPE_ERROR;\n\n");
	fprintf(f, "\tif (%s)\n\t\treturn ((mig_reply_error_t *)Out0P)->RetCode;\n\n",
		rt->simple_reply ? "Out0P->RetCode != KERN_SUCCESS" : "msgh_simple");
}

static void xm_rcheck_kpd(FILE *f, const struct xm_arg *a)
{
	const struct xm_type *t = a->type;
	const char *x = xm_fmt("Out0P->%s", a->name);

	switch (a->kpd_kind) {
	case XM_KPD_PORT:
		fprintf(f, "\tif (%s.type != MACH_MSG_PORT_DESCRIPTOR", x);
		if (!a->poly)
			fprintf(f, " ||\n\t    %s.disposition != %s", x, t->out_str);
		break;
	case XM_KPD_OOL:
		fprintf(f, "\tif (%s.type != MACH_MSG_OOL_DESCRIPTOR", x);
		if (!t->var_array)
			fprintf(f, " ||\n\t    %s.size != %u", x, t->type_size);
		break;
	default:
		fprintf(f, "\tif (%s.type != MACH_MSG_OOL_PORTS_DESCRIPTOR", x);
		if (!t->var_array)
			fprintf(f, " ||\n\t    %s.count != %u", x, t->number);
		if (!a->poly)
			fprintf(f, " ||\n\t    %s.disposition != %s", x, t->out_str);
		break;
	}
	fprintf(f, ")\n\t\treturn MIG_TYPE_ERROR;\n\n");
}

static void xm_rcheck_var(FILE *f, const struct xm_routine *rt,
			  const struct xm_arg *a)
{
	const char *cnt = xm_fmt("Out%dP->%s", a->count->rep_pos,
				 a->count->name);
	uint32_t esz = xm_elem_bytes(a);
	const char *div = esz > 1 ? xm_fmt(" / %u", esz) : "";
	bool last = a->rep_pos + 1 == rt->num_rep_var;

	fprintf(f, "\tif (%s > %u)\n\t\treturn MIG_TYPE_ERROR;\n", cnt,
		xm_max_count(a));
	if (a->rep_pos == rt->max_rep_pos) {
		fprintf(f, "\tif (((msgh_size - %s)%s < %s) ||\n\t    (msgh_size != %s + %s))\n\t\treturn MIG_TYPE_ERROR;\n\n",
			xm_min_reply(rt), div, cnt, xm_min_reply(rt),
			xm_align_expr(a, cnt));
		return;
	}
	fprintf(f, "\tmsgh_size_delta = %s;\n", xm_align_expr(a, cnt));
	fprintf(f, "\tif (((msgh_size - %s)%s < %s) ||\n\t    (msgh_size %s %s + msgh_size_delta))\n\t\treturn MIG_TYPE_ERROR;\n",
		xm_min_reply(rt), div, cnt, last ? "!=" : "<", xm_min_reply(rt));
	if (!last)
		fprintf(f, "\tmsgh_size -= msgh_size_delta;\n");
	fputc('\n', f);
}

static void xm_rcheck_vars(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a, *last = NULL;

	for (a = rt->args; a; a = a->next) {
		if (last && last->rep_pos < a->rep_pos) {
			fprintf(f, "\tOut%dP = (__Reply *)((uintptr_t)Out%dP + msgh_size_delta - %u);\n\t*Out%dPP = Out%dP;\n\n",
				last->rep_pos + 1, last->rep_pos,
				xm_max_bytes(last), last->rep_pos + 1,
				last->rep_pos + 1);
			last = NULL;
		}
		if (a->variable && a->ret) {
			xm_rcheck_var(f, rt, a);
			last = a;
		}
	}
}

static void xm_rcheck_ool(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a;
	const char *cnt;
	uint32_t esz;

	for (a = rt->args; a; a = a->next) {
		if (!a->ret || !a->kpd || a->kpd_kind == XM_KPD_PORT ||
		    !a->type->var_array)
			continue;
		cnt = xm_fmt("Out%dP->%s", a->count->rep_pos, a->count->name);
		esz = xm_elem_bytes(a);
		if (a->kpd_kind == XM_KPD_OOL_PORTS)
			fprintf(f, "\tif (Out0P->%s.count != %s)\n", a->name, cnt);
		else if (esz > 1)
			fprintf(f, "\tif (Out0P->%s.size / %u != %s)\n", a->name,
				esz, cnt);
		else
			fprintf(f, "\tif (Out0P->%s.size != %s)\n", a->name, cnt);
		fprintf(f, "\t\treturn MIG_TYPE_ERROR;\n\n");
	}
}

void xm_emit_reply_check(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a;
	int i;

	fprintf(f, "/* Checks of a %s reply */\n", rt->name);
	fprintf(f, "mig_internal kern_return_t __MIG_check__Reply__%s_t(__Reply__%s_t *Out0P",
		rt->name, rt->name);
	for (i = 1; i <= rt->max_rep_pos; i++)
		fprintf(f, ", __Reply__%s_t **Out%dPP", rt->name, i);
	fprintf(f, ")\n{\n\ttypedef __Reply__%s_t __Reply __attribute__((unused));\n",
		rt->name);
	for (i = 1; i <= rt->max_rep_pos; i++)
		fprintf(f, "\t__Reply *Out%dP;\n", i);
	if (!rt->simple_reply)
		fprintf(f, "\tboolean_t msgh_simple;\n");
	if (!rt->no_reply_args)
		fprintf(f, "\tunsigned int msgh_size;\n");
	if (rt->max_rep_pos > 0)
		fprintf(f, "\tunsigned int msgh_size_delta;\n");
	fputc('\n', f);
	xm_rcheck_head(f, rt);
	if (rt->no_reply_args) {
		fprintf(f, "\treturn Out0P->RetCode;\n}\n\n");
		return;
	}
	for (a = rt->args; a; a = a->next)
		if (a->in_rep && a->kpd)
			xm_rcheck_kpd(f, a);
	xm_rcheck_vars(f, rt);
	xm_rcheck_ool(f, rt);
	fprintf(f, "\treturn MACH_MSG_SUCCESS;\n}\n\n");
}

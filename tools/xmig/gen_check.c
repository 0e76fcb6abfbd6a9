// SPDX-License-Identifier: GPL-2.0
/*
 * gen_check.c - __MIG_check__Request__<routine>_t(), the request checks
 * of both server flavours, as Apple's MIG writes them: a wrong complex bit,
 * descriptor count or size, an array count beyond its maximum or not
 * matching the size, or a string without its NUL gives MIG_BAD_ARGUMENTS;
 * a descriptor of the wrong kind, disposition or size gives
 * MIG_TYPE_ERROR. For a message with variable arrays it also finds where
 * the fields after each array are (In1P, In2P...).
 *
 * In the kernel flavour the request is read-only and a port descriptor's
 * disposition is the one the client sent, so it is first mapped to the
 * type the right arrives as (xmig_received_type()), which is what XNU's
 * stubs see after copyin.
 */
#include "emit.h"

const char *xm_in_ptr(int pos)
{
	return xm_fmt("In%dP", pos);
}

static const char *xm_min_req(const struct xm_routine *rt)
{
	return xm_fmt("(mach_msg_size_t)(sizeof(__Request) - %u)",
		      xm_req_var_bytes(rt));
}

static void xm_check_head(FILE *f, const struct xm_routine *rt)
{
	const char *size;

	if (rt->num_req_var > 0)
		size = xm_fmt("(msgh_size < %s) ||\n\t    (msgh_size > (mach_msg_size_t)sizeof(__Request))",
			      xm_min_req(rt));
	else
		size = "(In0P->Head.msgh_size != (mach_msg_size_t)sizeof(__Request))";
	if (rt->num_req_var > 0)
		fprintf(f, "\tmsgh_size = In0P->Head.msgh_size;\n");
	if (rt->simple_request)
		fprintf(f, "\tif ((In0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||\n\t    %s)\n",
			size);
	else
		fprintf(f, "\tif (!(In0P->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||\n\t    %s ||\n\t    (In0P->msgh_body.msgh_descriptor_count != %u))\n",
			size, rt->req_kpds);
	fprintf(f, "\t\treturn MIG_BAD_ARGUMENTS;\n\n");
}

/* The disposition test of a port descriptor; "" when anything goes. */
static const char *xm_disp_test(const struct xm_arg *a, enum xm_flavour fl)
{
	const char *d = fl == FL_KERNEL ?
		xm_fmt("xmig_received_type(In0P->%s.disposition)", a->name) :
		xm_fmt("In0P->%s.disposition", a->name);

	if (!a->poly)
		return xm_fmt(" ||\n\t    %s != %s", d, a->type->out_str);
	switch (a->type->out_name) {
	case XM_MOVE_RECEIVE:
		return xm_fmt(" ||\n\t    %s != MACH_MSG_TYPE_MOVE_RECEIVE", d);
	case XM_MOVE_SEND_ONCE:
		return xm_fmt(" ||\n\t    (%s != MACH_MSG_TYPE_MOVE_SEND_ONCE &&\n\t     %s != MACH_MSG_TYPE_MAKE_SEND_ONCE)",
			      d, d);
	case XM_MOVE_SEND:
		return xm_fmt(" ||\n\t    (%s != MACH_MSG_TYPE_MOVE_SEND &&\n\t     %s != MACH_MSG_TYPE_MAKE_SEND &&\n\t     %s != MACH_MSG_TYPE_COPY_SEND)",
			      d, d, d);
	default:
		return "";
	}
}

static void xm_check_kpd(FILE *f, const struct xm_arg *a, enum xm_flavour fl)
{
	const struct xm_type *t = a->type;
	const char *x = xm_fmt("In0P->%s", a->name);

	switch (a->kpd_kind) {
	case XM_KPD_PORT:
		fprintf(f, "\tif (%s.type != MACH_MSG_PORT_DESCRIPTOR%s)\n", x,
			xm_disp_test(a, fl));
		break;
	case XM_KPD_OOL:
		fprintf(f, "\tif (%s.type != MACH_MSG_OOL_DESCRIPTOR", x);
		if (!t->var_array)
			fprintf(f, " ||\n\t    %s.size != %u", x, t->type_size);
		fprintf(f, ")\n");
		break;
	default:
		fprintf(f, "\tif (%s.type != MACH_MSG_OOL_PORTS_DESCRIPTOR", x);
		if (!t->var_array)
			fprintf(f, " ||\n\t    %s.count != %u", x, t->number);
		if (!a->poly)
			fprintf(f, " ||\n\t    %s.disposition != %s", x,
				t->out_str);
		fprintf(f, ")\n");
		break;
	}
	fprintf(f, "\t\treturn MIG_TYPE_ERROR;\n\n");
}

/* The count of a variable array must fit its maximum and the size. */
static void xm_check_var(FILE *f, const struct xm_routine *rt,
			 const struct xm_arg *a)
{
	const char *cnt = xm_fmt("%s->%s", xm_in_ptr(a->count->req_pos),
				 a->count->name);
	uint32_t esz = xm_elem_bytes(a);
	const char *div = esz > 1 ? xm_fmt(" / %u", esz) : "";
	bool last = a->req_pos + 1 == rt->num_req_var;

	fprintf(f, "\tif (%s > %u)\n\t\treturn MIG_BAD_ARGUMENTS;\n", cnt,
		xm_max_count(a));
	if (a->req_pos == rt->max_req_pos) {
		fprintf(f, "\tif (((msgh_size - %s)%s < %s) ||\n\t    (msgh_size != %s + %s))\n\t\treturn MIG_BAD_ARGUMENTS;\n\n",
			xm_min_req(rt), div, cnt, xm_min_req(rt),
			xm_align_expr(a, cnt));
		return;
	}
	fprintf(f, "\tmsgh_size_delta = %s;\n", xm_align_expr(a, cnt));
	fprintf(f, "\tif (((msgh_size - %s)%s < %s) ||\n\t    (msgh_size %s %s + msgh_size_delta))\n\t\treturn MIG_BAD_ARGUMENTS;\n",
		xm_min_req(rt), div, cnt, last ? "!=" : "<", xm_min_req(rt));
	if (!last)
		fprintf(f, "\tmsgh_size -= msgh_size_delta;\n");
	fputc('\n', f);
}

static void xm_check_vars(FILE *f, const struct xm_routine *rt,
			  const char *cq)
{
	const struct xm_arg *a, *last = NULL;

	for (a = rt->args; a; a = a->next) {
		if (last && last->req_pos < a->req_pos) {
			fprintf(f, "\tIn%dP = (%s__Request *)((uintptr_t)In%dP + msgh_size_delta - %u);\n\t*In%dPP = In%dP;\n\n",
				last->req_pos + 1, cq, last->req_pos,
				xm_max_bytes(last), last->req_pos + 1,
				last->req_pos + 1);
			last = NULL;
		}
		if (a->variable && a->send) {
			xm_check_var(f, rt, a);
			last = a;
		}
	}
}

/* An out-of-line region's size must match its count. */
static void xm_check_ool_sizes(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a;
	const char *cnt;
	uint32_t esz;

	for (a = rt->args; a; a = a->next) {
		if (!a->send || !a->kpd || a->kpd_kind == XM_KPD_PORT ||
		    !a->type->var_array)
			continue;
		cnt = xm_fmt("%s->%s", xm_in_ptr(a->count->req_pos),
			     a->count->name);
		esz = xm_elem_bytes(a);
		if (a->kpd_kind == XM_KPD_OOL_PORTS)
			fprintf(f, "\tif (In0P->%s.count != %s)\n", a->name, cnt);
		else if (esz > 1)
			fprintf(f, "\tif (In0P->%s.size / %u != %s)\n", a->name,
				esz, cnt);
		else
			fprintf(f, "\tif (In0P->%s.size != %s)\n", a->name, cnt);
		fprintf(f, "\t\treturn MIG_TYPE_ERROR;\n\n");
	}
}

/* A string must end within its field and within the message. */
static void xm_check_strings(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a;
	bool open = false;
	const char *x;

	for (a = rt->args; a; a = a->next) {
		if (!a->send || !a->type->is_string || a->kpd)
			continue;
		if (!open) {
			fprintf(f, "\t{\n\t\tconst char *msg_limit = (const char *)In0P + In0P->Head.msgh_size;\n\t\tsize_t memchr_limit;\n\n");
			open = true;
		}
		x = xm_fmt("%s->%s", xm_in_ptr(a->req_pos), a->name);
		fprintf(f, "\t\tmemchr_limit = (size_t)(msg_limit - %s);\n", x);
		fprintf(f, "\t\tif (memchr_limit > %u)\n\t\t\tmemchr_limit = %u;\n",
			a->type->number, a->type->number);
		fprintf(f, "\t\tif (memchr(%s, '\\0', memchr_limit) == NULL)\n\t\t\treturn MIG_BAD_ARGUMENTS;\n",
			x);
	}
	if (open)
		fprintf(f, "\t}\n\n");
}

void xm_emit_request_check(FILE *f, const struct xm_routine *rt,
			   enum xm_flavour fl)
{
	const char *cq = fl == FL_KERNEL ? "const " : "";
	const struct xm_arg *a;
	int i;

	fprintf(f, "/* Checks of a %s request */\n", rt->name);
	fprintf(f, "%s kern_return_t __MIG_check__Request__%s_t(%s__Request__%s_t *In0P",
		fl == FL_KERNEL ? "static" : "mig_internal", rt->name, cq,
		rt->name);
	for (i = 1; i <= rt->max_req_pos; i++)
		fprintf(f, ", %s__Request__%s_t **In%dPP", cq, rt->name, i);
	fprintf(f, ")\n{\n\ttypedef __Request__%s_t __Request __attribute__((unused));\n",
		rt->name);
	for (i = 1; i <= rt->max_req_pos; i++)
		fprintf(f, "\t%s__Request *In%dP;\n", cq, i);
	if (rt->num_req_var > 0)
		fprintf(f, "\tunsigned int msgh_size;\n");
	if (rt->max_req_pos > 0)
		fprintf(f, "\tunsigned int msgh_size_delta;\n");
	fputc('\n', f);
	xm_check_head(f, rt);
	for (a = rt->args; a; a = a->next)
		if (a->in_req && a->kpd)
			xm_check_kpd(f, a, fl);
	xm_check_vars(f, rt, cq);
	xm_check_ool_sizes(f, rt);
	xm_check_strings(f, rt);
	fprintf(f, "\treturn MACH_MSG_SUCCESS;\n}\n\n");
}

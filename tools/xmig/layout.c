// SPDX-License-Identifier: GPL-2.0
/*
 * layout.c - message sizes in bytes, as the generated structures have them
 * (LP64 user layout, 4-byte packing): a 24-byte header; in a complex
 * message a 4-byte descriptor count and 12-byte port or 16-byte
 * out-of-line descriptors; then the body. A variable array counts with
 * its maximum in the largest size and with none in the smallest. The
 * -layout option prints them, one line per routine, for tests and for
 * comparing with Apple's MIG.
 */
#include "xmig.h"

#define XM_HEADER	24U
#define XM_BODY		4U

/* Bytes a body field takes at most, and at least. */
static void xm_field_bytes(const struct xm_arg *a, uint32_t *max,
			   uint32_t *min)
{
	const struct xm_type *t = a->type;
	uint32_t head = 0;

	if (!a->variable) {
		*max = *min = t->type_size + t->pad_size;
		return;
	}
	if (t->is_string)
		head += 4;		/* the unused offset */
	if (!a->same)
		head += 4;		/* the count */
	*max = head + t->type_size + t->pad_size;
	*min = head;
}

static void xm_msg_sizes(const struct xm_routine *rt, bool req,
			 uint32_t *minp, uint32_t *maxp)
{
	uint32_t min = XM_HEADER, max, fmax, fmin;
	const struct xm_arg *a;
	bool body, complex = req ? !rt->simple_request : !rt->simple_reply;

	if (complex)
		min += XM_BODY;
	max = min;
	for (a = rt->args; a; a = a->next) {
		if (!(req ? a->in_req : a->in_rep))
			continue;
		if (a->kpd) {
			min += a->type->type_size;
			max += a->type->type_size;
			continue;
		}
		body = a->kind != AK_COUNT || !xm_is_varinline(a->parent->type);
		if (!body)
			continue;
		xm_field_bytes(a, &fmax, &fmin);
		min += fmin;
		max += fmax;
	}
	*minp = min;
	*maxp = max;
}

void xm_layout(const struct xm_routine *rt, struct xm_sizes *sz)
{
	xm_msg_sizes(rt, true, &sz->req_min, &sz->req_max);
	xm_msg_sizes(rt, false, &sz->rep_min, &sz->rep_max);
}

static uint32_t xm_var_bytes(const struct xm_routine *rt, bool req)
{
	const struct xm_arg *a;
	uint32_t n = 0;

	for (a = rt->args; a; a = a->next)
		if (a->variable && (req ? a->in_req : a->in_rep))
			n += a->type->type_size + a->type->pad_size;
	return n;
}

/* sizeof(Request) minus the smallest request: room of variable arrays. */
uint32_t xm_req_var_bytes(const struct xm_routine *rt)
{
	return xm_var_bytes(rt, true);
}

uint32_t xm_rep_var_bytes(const struct xm_routine *rt)
{
	return xm_var_bytes(rt, false);
}

static void xm_range(FILE *f, const char *what, uint32_t min, uint32_t max)
{
	if (min == max)
		fprintf(f, " %s %u", what, max);
	else
		fprintf(f, " %s %u..%u", what, min, max);
}

void xm_layout_dump(FILE *f, const struct xm_interface *ifc)
{
	const struct xm_stmt *s;
	struct xm_routine *rt;
	struct xm_sizes sz;

	fprintf(f, "subsystem %s %u %u\n", ifc->name, ifc->base,
		ifc->base + ifc->count);
	for (s = ifc->stmts; s; s = s->next) {
		if (s->kind != S_ROUTINE)
			continue;
		rt = xm_routine_build(ifc, s->routine, FL_USER);
		xm_layout(rt, &sz);
		fprintf(f, "%s %s %u", rt->oneway ? "simpleroutine" : "routine",
			rt->name, rt->id);
		xm_range(f, rt->simple_request ? "request" : "complex-request",
			 sz.req_min, sz.req_max);
		if (!rt->oneway)
			xm_range(f, rt->simple_reply ? "reply" :
				 "complex-reply", sz.rep_min, sz.rep_max);
		fputc('\n', f);
	}
}

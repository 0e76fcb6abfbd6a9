// SPDX-License-Identifier: GPL-2.0
/*
 * routine.c - what a routine's arguments mean, for one server flavour.
 *
 * From the arguments as written it builds the full list migcom works
 * with: the first argument without a direction is the request port; each
 * user argument gets its implicit companions (argument.c); the reply port
 * is added when not declared (make-send-once for a routine, none for a
 * simpleroutine); NDR and RetCode lead the message bodies. Then each
 * field's variable position is found (a field after a variable array
 * moves with it) and the messages are classified (simple or complex,
 * descriptor counts).
 */
#include <string.h>

#include "routine.h"


struct xm_arg *xm_arg_new(const char *name, enum xm_akind kind,
				 struct xm_type *type,
				 const struct xm_loc *loc)
{
	struct xm_arg *a = xm_alloc(sizeof(*a));

	a->name = name;
	a->kind = kind;
	a->type = type;
	a->loc = *loc;
	return a;
}

void xm_insert_after(struct xm_arg *pos, struct xm_arg *a)
{
	a->next = pos->next;
	pos->next = a;
}

static bool xm_is_int(const struct xm_type *t)
{
	return t->in_name == XM_TYPE_INTEGER_32 &&
	       t->out_name == XM_TYPE_INTEGER_32 && t->number == 1 &&
	       t->size == 32 && t->inl && t->is_struct && !t->var_array;
}

static void xm_check_port(const struct xm_arg *a, bool reply)
{
	const struct xm_type *t = a->type;
	uint32_t o = t->out_name;

	if ((o != XM_PORT_SEND && o != XM_PORT_SEND_ONCE &&
	     o != XM_POLYMORPHIC && !(reply && o == 0)) ||
	    t->number != 1 || t->size != XM_PORT_BITS || !t->inl ||
	    !t->is_struct || t->var_array)
		xm_error(&a->loc, "argument %s isn't a proper %s port", a->name,
			 reply ? "reply" : "request");
	if (t->in_name == XM_POLYMORPHIC || t->out_name == XM_POLYMORPHIC)
		xm_error(&a->loc, "%s: polymorphic %s ports are not supported",
			 a->name, reply ? "reply" : "request");
}

static void xm_check_token(const struct xm_arg *a, uint32_t bytes)
{
	const struct xm_type *t = a->type;

	if (t->mig_inline || t->is_string || t->type_size != bytes ||
	    !t->inl || !t->is_struct || t->var_array || t->port)
		xm_error(&a->loc, "argument %s isn't a proper token (%u bytes)",
			 a->name, bytes);
}

/* A trailer argument: only the server side ones are supported. */
static void xm_trailer_arg(struct xm_rbuild *b, struct xm_arg *a,
			   enum xm_dir dir)
{
	a->kind = AK_TRAILER;
	a->server_param = true;
	switch (dir) {
	case D_MSGSEQNO:
		a->trailer = TR_SEQNO;
		xm_check_token(a, 4);
		break;
	case D_SERVERSECTOKEN:
		a->trailer = TR_SECTOKEN;
		xm_check_token(a, 8);
		break;
	case D_SERVERAUDITTOKEN:
		a->trailer = TR_AUDIT;
		xm_check_token(a, 32);
		break;
	case D_SERVERCONTEXTTOKEN:
		a->trailer = TR_CONTEXT;
		xm_check_token(a, 8);
		break;
	default:
		xm_error(&a->loc, "%s: SecToken, AuditToken and the User* token arguments are not supported (use the Server* ones)",
			 a->name);
	}
	if (b->kernel && a->trailer != TR_AUDIT)
		xm_error(&a->loc, "%s: only ServerAuditToken is supported by the kernel server",
			 a->name);
}

/* An argument as written: its kind and direction. */
static struct xm_arg *xm_arg_from_raw(struct xm_rbuild *b,
				      const struct xm_rawarg *r)
{
	struct xm_routine *rt = b->rt;
	struct xm_arg *a = xm_arg_new(r->name, AK_NORMAL, r->type, &r->loc);
	enum xm_dir dir = r->dir;

	a->flags = r->flags;
	if (dir == D_NONE)
		dir = rt->request_port ? D_IN : D_REQUESTPORT;
	switch (dir) {
	case D_IN:
	case D_OUT:
	case D_INOUT:
		a->send = dir != D_OUT;
		a->ret = dir != D_IN;
		a->user_param = a->server_param = true;
		break;
	case D_REQUESTPORT:
		if (rt->request_port)
			xm_error(&a->loc, "%s: more than one RequestPort argument",
				 rt->name);
		a->kind = AK_REQUESTPORT;
		a->send = true;
		a->user_param = a->server_param = true;
		rt->request_port = a;
		break;
	case D_REPLYPORT:
		if (b->kernel)
			xm_error(&a->loc, "%s: ReplyPort arguments are not supported by the kernel server",
				 a->name);
		if (rt->reply_port)
			xm_error(&a->loc, "%s: more than one ReplyPort argument",
				 rt->name);
		a->kind = AK_REPLYPORT;
		a->send = true;
		a->user_param = a->server_param = true;
		rt->reply_port = a;
		break;
	case D_SREPLYPORT:
	case D_UREPLYPORT:
		xm_error(&a->loc, "%s: SReplyPort and UReplyPort are not supported",
			 a->name);
	case D_WAITTIME:
	case D_SENDTIME:
		a->kind = AK_WAITTIME;
		a->user_param = true;
		if (!xm_is_int(a->type))
			xm_error(&a->loc, "argument %s isn't a proper integer",
				 a->name);
		rt->wait_time = a->name;
		rt->wait_is_send = dir == D_SENDTIME;
		break;
	case D_MSGOPTION:
		a->kind = AK_MSGOPTION;
		a->user_param = true;
		if (!xm_is_int(a->type))
			xm_error(&a->loc, "argument %s isn't a proper integer",
				 a->name);
		rt->msg_option = a->name;
		break;
	default:
		xm_trailer_arg(b, a, dir);
		break;
	}
	return a;
}

static void xm_add_reply_port(struct xm_rbuild *b)
{
	struct xm_routine *rt = b->rt;
	struct xm_arg *a;

	if (rt->reply_port) {
		xm_check_port(rt->reply_port, true);
		return;
	}
	a = xm_arg_new("dummy ReplyPort arg", AK_REPLYPORT,
		       rt->oneway ? xm_t_reply_port_zero : xm_t_reply_port_real,
		       &rt->loc);
	rt->reply_port = a;
}

static void xm_add_implicit(struct xm_routine *rt)
{
	struct xm_arg *ndr, *ret;

	ret = xm_arg_new("RetCode", AK_RETCODE, xm_t_retcode, &rt->loc);
	ret->ret = true;
	ret->in_rep = rt->oneway || rt->simple_reply;
	rt->retcode = ret;
	ret->next = rt->args;
	ndr = xm_arg_new("NDR", AK_NDR, xm_t_ndr, &rt->loc);
	ndr->next = ret;
	rt->ndr = ndr;
	rt->args = ndr;
}

static bool xm_req_body(const struct xm_arg *a)
{
	return a->kind != AK_NDR && ((a->in_req && !a->kpd) || a->req_pack);
}

static bool xm_rep_body(const struct xm_arg *a)
{
	return a->kind != AK_NDR && a->kind != AK_RETCODE &&
	       ((a->in_rep && !a->kpd) || a->rep_pack);
}

/* NDR leads a body that has data; RetCode leads a simple reply's. */
static void xm_place_ndr(struct xm_routine *rt)
{
	struct xm_arg *a;
	bool req = false, rep = rt->retcode->in_rep;

	for (a = rt->args; a; a = a->next) {
		req |= xm_req_body(a);
		rep |= xm_rep_body(a);
	}
	rt->ndr->send = rt->ndr->in_req = rt->ndr->req_pack = req;
	rt->ndr->in_rep = rep;
}

/* Positions: a field after a variable array moves with it. */
static void xm_positions(struct xm_routine *rt)
{
	int nreq = 0, nrep = 0;
	struct xm_arg *a;

	for (a = rt->args; a; a = a->next) {
		if (a->parent && !a->parent->kpd) {
			a->req_pos = a->parent->req_pos;
			a->rep_pos = a->parent->rep_pos;
		} else {
			if (xm_req_body(a) || a->kind == AK_NDR) {
				a->req_pos = nreq;
				rt->max_req_pos = nreq;
				if (a->variable && a->send)
					nreq++;
			}
			if (xm_rep_body(a) || a->kind == AK_NDR ||
			    a->kind == AK_RETCODE) {
				a->rep_pos = nrep;
				rt->max_rep_pos = nrep;
				if (a->variable && a->ret)
					nrep++;
			}
		}
		if (a->ret && xm_rep_body(a) && a->rep_pos > 0 &&
		    !a->reply_copy)
			a->var_needed = true;
	}
	rt->num_req_var = nreq;
	rt->num_rep_var = nrep;
}

static void xm_finish(struct xm_rbuild *b)
{
	struct xm_routine *rt = b->rt;
	struct xm_arg *a;

	rt->simple_request = true;
	rt->simple_reply = true;
	for (a = rt->args; a; a = a->next) {
		if (a->kpd && a->in_req) {
			rt->simple_request = false;
			rt->req_kpds += a->type->kpd_number;
		}
		if (a->kpd && a->in_rep) {
			rt->simple_reply = false;
			rt->rep_kpds += a->type->kpd_number;
		}
		if (a->kind == AK_TRAILER)
			rt->server_trailer = true;
		if (rt->oneway && a->ret && a->kind == AK_NORMAL)
			xm_error(&a->loc, "SimpleRoutine %s has OUT argument",
				 rt->name);
	}
	xm_add_implicit(rt);
	xm_place_ndr(rt);
	xm_positions(rt);
	rt->no_reply_args = true;
	for (a = rt->args; a; a = a->next)
		if (a->ret && (a->rep_pack || (a->in_rep && a->kpd) ||
			       a->kind == AK_POLY || a->kind == AK_DEALLOC))
			rt->no_reply_args = false;
}

struct xm_routine *xm_routine_build(const struct xm_interface *ifc,
				    const struct xm_rawroutine *raw,
				    enum xm_flavour flavour)
{
	struct xm_rbuild b = { .ifc = ifc, .flavour = flavour,
			       .kernel = flavour == FL_KERNEL };
	struct xm_routine *rt = xm_alloc(sizeof(*rt));
	struct xm_arg **tail = &rt->args, *a, *prev = NULL;
	const struct xm_rawarg *r;

	b.rt = rt;
	rt->name = raw->name;
	rt->oneway = raw->oneway;
	rt->id = ifc->base + raw->number;
	rt->loc = raw->loc;
	rt->user_name = xm_fmt("%s%s", raw->user_prefix ? raw->user_prefix :
			       "", raw->name);
	rt->server_name = xm_fmt("%s%s", raw->server_prefix ?
				 raw->server_prefix : "", raw->name);
	rt->wait_time = raw->wait_time;
	rt->wait_is_send = raw->wait_is_send;
	rt->msg_option = raw->msg_option ? raw->msg_option :
			 "MACH_MSG_OPTION_NONE";
	for (r = raw->args; r; r = r->next) {
		a = xm_arg_from_raw(&b, r);
		*tail = a;
		tail = &a->next;
	}
	if (!rt->request_port)
		xm_error(&rt->loc, "%s %s doesn't have a server port argument",
			 rt->oneway ? "SimpleRoutine" : "Routine", rt->name);
	xm_check_port(rt->request_port, false);
	for (a = rt->args; a; a = a->next) {
		struct xm_arg *last = xm_arg_expand(&b, a, prev);

		if (a->kind == AK_NORMAL)
			prev = a;
		a = last;
	}
	xm_add_reply_port(&b);
	xm_finish(&b);
	return rt;
}

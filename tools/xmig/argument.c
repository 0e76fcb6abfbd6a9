// SPDX-License-Identifier: GPL-2.0
/*
 * argument.c - one user argument of a routine: its flags checked as
 * migcom checks them (Dealloc, NotDealloc, Dealloc[], CountInOut,
 * SameCount, PhysicalCopy; RetCode and Overwrite are refused), what xmig
 * cannot lay out (or the kernel server cannot take: out-of-line data
 * other than out memory) refused, where it travels (request or reply, body field
 * or descriptor) and how each side passes it (by value or by pointer, in
 * a local of the server stub), and its implicit companions inserted right
 * after it: the count of a variable array ("nameCnt"), the capacity of a
 * CountInOut array, a polymorphic port's disposition ("namePoly"), a
 * Dealloc[] region's flag ("nameDealloc").
 */
#include "routine.h"

/* Dealloc, NotDealloc, Dealloc[]: how an out-of-line region is freed. */
static void xm_dealloc_flags(struct xm_rbuild *b, struct xm_arg *a)
{
	const struct xm_type *t = a->type;
	bool kserver = b->ifc->kernel_server || b->kernel;

	if ((a->flags & XF_MAYBEDEALLOC) &&
	    (a->flags & (XF_DEALLOC | XF_NOTDEALLOC))) {
		xm_warn(&a->loc, "%s: Dealloc and NotDealloc ignored with Dealloc[]",
			a->name);
		a->flags &= ~(XF_DEALLOC | XF_NOTDEALLOC);
	}
	if ((a->flags & (XF_DEALLOC | XF_NOTDEALLOC)) ==
	    (XF_DEALLOC | XF_NOTDEALLOC)) {
		xm_warn(&a->loc, "%s: Dealloc and NotDealloc cancel out", a->name);
		a->flags &= ~(XF_DEALLOC | XF_NOTDEALLOC);
	}
	if (((kserver && a->ret) || (b->ifc->kernel_user && a->send)) &&
	    (a->flags & XF_DEALLOC)) {
		a->dealloc = DEALLOC_YES;
	} else if (a->flags & (XF_MAYBEDEALLOC | XF_DEALLOC)) {
		if (t->inl && !t->port) {
			xm_warn(&a->loc, "%s: Dealloc is ignored: it is meaningless for that type of argument",
				a->name);
			a->flags &= ~(XF_MAYBEDEALLOC | XF_DEALLOC);
		} else {
			a->dealloc = (a->flags & XF_MAYBEDEALLOC) ?
				     DEALLOC_MAYBE : DEALLOC_YES;
		}
	}
}

static void xm_other_flags(struct xm_arg *a, struct xm_arg *prev)
{
	const struct xm_type *t = a->type;

	if (a->flags & XF_RETCODE)
		xm_error(&a->loc, "%s: RetCode arguments are not supported",
			 a->name);
	if (a->flags & XF_OVERWRITE)
		xm_error(&a->loc, "%s: Overwrite is not supported", a->name);
	if ((a->flags & XF_COUNTINOUT) && !a->ret) {
		xm_warn(&a->loc, "%s: CountInOut is ignored: argument must be Out",
			a->name);
		a->flags &= ~XF_COUNTINOUT;
	} else if ((a->flags & XF_COUNTINOUT) && (!t->var_array || !t->inl)) {
		xm_warn(&a->loc, "%s: CountInOut is ignored: argument isn't variable or in-line",
			a->name);
		a->flags &= ~XF_COUNTINOUT;
	}
	if ((a->flags & XF_PHYSICALCOPY) && (t->inl || t->port)) {
		xm_warn(&a->loc, "%s: PhysicalCopy is ignored: it applies to out-of-line data only",
			a->name);
		a->flags &= ~XF_PHYSICALCOPY;
	}
	if (!(a->flags & XF_SAMECOUNT))
		return;
	if (!t->var_array) {
		xm_warn(&a->loc, "%s: SameCount is ignored - the argument is not variable",
			a->name);
		a->flags &= ~XF_SAMECOUNT;
		return;
	}
	if (!prev || prev->kind != AK_NORMAL || !prev->type->var_array ||
	    prev->send != a->send || prev->ret != a->ret ||
	    ((prev->flags ^ a->flags) & XF_COUNTINOUT) ||
	    xm_is_varinline(prev->type) != xm_is_varinline(a->type) ||
	    prev->type->is_string || a->type->is_string) {
		xm_error(&a->loc, "%s: SameCount needs an adjacent variable array of the same kind",
			 a->name);
	}
	a->same = prev->same ? prev->same : prev;
}

/* The kinds of argument xmig cannot lay out, or the kernel cannot take. */
static void xm_supported(struct xm_rbuild *b, const struct xm_arg *a)
{
	const struct xm_type *t = a->type;

	if (xm_is_multi_kpd(t))
		xm_error(&a->loc, "%s: arrays of ports or of out-of-line regions are not supported",
			 a->name);
	/*
	 * The kernel server returns out-of-line memory (the routine gives a
	 * kvmalloc'ed buffer, the stub puts it in the reply); it takes none.
	 */
	if (b->kernel && !t->inl && (t->port || a->send || !a->ret))
		xm_error(&a->loc, "%s: out-of-line data is not supported by the kernel server",
			 a->name);
	else if (b->kernel && !t->inl &&
		 (a->flags & (XF_MAYBEDEALLOC | XF_PHYSICALCOPY)))
		xm_error(&a->loc, "%s: Dealloc[] and PhysicalCopy are not supported by the kernel server",
			 a->name);
	if (xm_is_varinline(t) && (!t->element || !t->element->user_type ||
				   !t->element->server_type))
		xm_error(&a->loc, "%s: the items of a variable array need a named type",
			 a->name);
	if ((t->var_array || !t->inl) && !t->port && t->element &&
	    !t->is_string && t->element->type_size * 8 !=
	    t->element->number * t->element->size)
		xm_error(&a->loc, "%s: arrays of items smaller than a byte are not supported",
			 a->name);
	if (!t->var_array && !t->inl && !t->port && t->type_size == 0)
		xm_error(&a->loc, "%s: empty out-of-line type", a->name);
	if (t->inl && !t->port && !xm_is_varinline(t) && t->type_size == 0)
		xm_error(&a->loc, "%s: empty type", a->name);
}

/* The count of a variable array: right after the array. */
static struct xm_arg *xm_add_count(struct xm_arg *a)
{
	struct xm_arg *c = xm_arg_new(xm_fmt("%sCnt", a->name), AK_COUNT,
				      xm_t_count, &a->loc);
	bool inl = xm_is_varinline(a->type);

	c->parent = a;
	c->send = a->send;
	c->ret = a->ret;
	a->count = c;
	if (a->type->is_string) {
		/* The string's length; nobody passes it. */
		c->in_req = false;
		c->in_rep = false;
	} else {
		c->user_param = c->server_param = true;
		c->user_ref = c->server_ref = a->ret;
		c->in_req = !inl && a->send;
		c->in_rep = !inl && a->ret;
		c->req_pack = a->send;
		c->rep_pack = a->ret;
	}
	xm_insert_after(a, c);
	return c;
}

/* CountInOut: the caller's capacity, sent in the request. */
static void xm_add_countinout(struct xm_arg *a)
{
	struct xm_arg *c = xm_arg_new(xm_fmt("%sCnt", a->name), AK_COUNTINOUT,
				      xm_t_count, &a->loc);

	c->send = true;
	c->in_req = true;
	c->req_pack = true;
	c->cinout = a->count;
	a->count->cinout = c;
	xm_insert_after(a, c);
}

/* A polymorphic port's disposition, and who supplies or learns it. */
static void xm_add_poly(struct xm_rbuild *b, struct xm_arg *a)
{
	struct xm_arg *p = xm_arg_new(xm_fmt("%sPoly", a->name), AK_POLY,
				      xm_t_poly, &a->loc);
	const struct xm_type *t = a->type;
	bool kserver = b->ifc->kernel_server || b->kernel;

	p->parent = a;
	a->poly = p;
	if (a->send) {
		if (t->in_name == XM_POLYMORPHIC)
			p->user_param = p->send = true;
		if (t->out_name == XM_POLYMORPHIC)
			p->server_param = p->send = true;
	}
	if (a->ret) {
		if ((t->in_name == XM_POLYMORPHIC && !kserver) ||
		    (t->out_name == XM_POLYMORPHIC && kserver))
			p->server_param = p->server_ref = p->ret = true;
		if (t->out_name == XM_POLYMORPHIC)
			p->user_param = p->user_ref = p->ret = true;
	}
	p->var_needed = p->server_ref;
	xm_insert_after(a, p);
}

/* Dealloc[]: the caller (in) or the server (out) says whether to free. */
static void xm_add_dealloc(struct xm_arg *a)
{
	struct xm_arg *d = xm_arg_new(xm_fmt("%sDealloc", a->name), AK_DEALLOC,
				      xm_t_dealloc, &a->loc);

	d->parent = a;
	a->dealloc_arg = d;
	d->send = a->send;
	d->ret = a->ret;
	d->user_param = a->send;
	d->server_param = a->ret;
	d->server_ref = a->ret;
	d->var_needed = a->ret;
	xm_insert_after(a, d);
}

/* Where a user argument travels and how the two sides pass it. */
static void xm_place_normal(struct xm_rbuild *b, struct xm_arg *a)
{
	struct xm_type *t = a->type;

	if (xm_is_varinline(t) && a->send && a->ret)
		xm_error(&a->loc, "%s: Inline variable-sized arguments can't be InOut",
			 a->name);
	if (xm_is_kpd(t) && a->send && a->ret)
		xm_error(&a->loc, "%s: InOut ports and out-of-line data are not supported",
			 a->name);
	a->variable = xm_is_varinline(t);
	a->kpd = xm_is_kpd(t);
	if (a->kpd)
		a->kpd_kind = t->inl ? XM_KPD_PORT :
			      t->port ? XM_KPD_OOL_PORTS : XM_KPD_OOL;
	a->in_req = a->send;
	a->in_rep = a->ret;
	a->req_pack = a->send && !a->kpd;
	a->rep_pack = a->ret && !a->kpd;
	a->user_ref = a->ret && t->is_struct;
	a->server_ref = a->ret && t->is_struct;
	a->reply_copy = a->send && a->ret;
	if ((t->out_trans && a->ret) ||
	    (t->in_trans && a->send && a->ret) ||
	    (t->destructor && t->in_trans && a->send && !a->ret)) {
		a->reply_copy = false;
		a->var_needed = true;
	}
	/*
	 * Out-of-line addresses and 64-bit items are only 4-byte aligned in
	 * a reply: the routine writes a local, the stub copies it.
	 */
	if (a->ret && ((a->kpd && !t->inl) || (!a->kpd && t->size >= 64))) {
		a->reply_copy = false;
		a->var_needed = true;
	}
	a->destroy = a->send && !a->ret &&
		     (t->destructor || (t->mig_inline && !b->kernel) ||
		      (!t->inl && !t->port && (a->flags & XF_AUTO) && !b->kernel));
}

/* Expand one user argument with its implicit companions; the last of them. */
struct xm_arg *xm_arg_expand(struct xm_rbuild *b, struct xm_arg *a,
			     struct xm_arg *prev)
{
	struct xm_arg *last = a, *next = a->next;
	const struct xm_type *t = a->type;

	if (a->kind == AK_REQUESTPORT || a->kind == AK_REPLYPORT) {
		/* Translated ports the server destroys after the call. */
		a->destroy = t->destructor != NULL;
		a->var_needed = t->destructor && t->in_trans;
	}
	if (a->kind != AK_NORMAL)
		return a;
	xm_supported(b, a);
	xm_dealloc_flags(b, a);
	xm_other_flags(a, prev);
	xm_place_normal(b, a);
	if (a->dealloc == DEALLOC_MAYBE)
		xm_add_dealloc(a);
	if (t->var_array) {
		if (a->same)
			a->count = a->same->count;
		else
			xm_add_count(a);
	}
	if (a->flags & XF_COUNTINOUT)
		xm_add_countinout(a);
	if (t->in_name == XM_POLYMORPHIC || t->out_name == XM_POLYMORPHIC)
		xm_add_poly(b, a);
	while (last->next != next)
		last = last->next;
	return last;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * parser.c - the statements of a .defs file (Apple migcom's grammar):
 *
 *   subsystem [KernelUser|KernelServer]* Name Base ;
 *   type Name = TransTypeSpec ;
 *   routine | simpleroutine Name ( [Arg {; Arg}] ) ;
 *   skip ;   import | uimport | simport | dimport | iimport File ;
 *   ServerPrefix Name ;  UserPrefix Name ;  ServerDemux Name ;
 *   WaitTime Name ;  SendTime Name ;  NoWaitTime ;  MsgOption Name ;
 *   RCSId "..." ;  Error Name ;  UserTypeLimit N ;  OnStackLimit N ;
 *   UseSpecialReplyPort N ;  ConsumeOnSendError Name ;  ;
 *
 *   Arg := [Direction] Name ':' (Type | Name '=' TransTypeSpec) {',' Flag}
 *
 * Routines keep their arguments as written; routine.c gives them meaning.
 */
#include <string.h>

#include "xmig.h"

struct xm_pstate {
	struct xm_parser p;
	struct xm_interface *ifc;
	struct xm_stmt **tail;
};

static void xm_add_stmt(struct xm_pstate *ps, enum xm_stmt_kind kind,
			struct xm_rawroutine *rt, const char *file)
{
	struct xm_stmt *s = xm_alloc(sizeof(*s));

	s->kind = kind;
	s->routine = rt;
	s->file = file;
	*ps->tail = s;
	ps->tail = &s->next;
}

static void xm_next_number(struct xm_pstate *ps, const struct xm_loc *loc)
{
	if (ps->ifc->count >= XM_MAX_NUMBER)
		xm_error(loc, "too many routines");
	ps->ifc->count++;
}

static void xm_parse_subsystem(struct xm_pstate *ps)
{
	struct xm_interface *ifc = ps->ifc;
	struct xm_parser *p = &ps->p;
	struct xm_loc loc = p->tok.loc;

	if (ifc->name)
		xm_error(&loc, "a second subsystem declaration");
	xm_p_next(p);
	for (;;) {
		if (xm_p_accept(p, K_KERNELUSER)) {
			if (ifc->kernel_user)
				xm_warn(&loc, "duplicate KernelUser keyword");
			ifc->kernel_user = true;
		} else if (xm_p_accept(p, K_KERNELSERVER)) {
			if (ifc->kernel_server)
				xm_warn(&loc, "duplicate KernelServer keyword");
			ifc->kernel_server = true;
		} else {
			break;
		}
	}
	ifc->name = xm_p_ident(p, "the subsystem's name");
	ifc->base = xm_p_intexp(p);
	if (ifc->base == 0 || ifc->base > INT32_MAX - XM_MAX_NUMBER)
		xm_error(&loc, "subsystem base %u out of range", ifc->base);
	ifc->loc = loc;
}

static enum xm_dir xm_direction(enum xm_tok kind)
{
	switch (kind) {
	case K_IN: return D_IN;
	case K_OUT: return D_OUT;
	case K_INOUT: return D_INOUT;
	case K_REQUESTPORT: return D_REQUESTPORT;
	case K_REPLYPORT: return D_REPLYPORT;
	case K_SREPLYPORT: return D_SREPLYPORT;
	case K_UREPLYPORT: return D_UREPLYPORT;
	case K_WAITTIME: return D_WAITTIME;
	case K_SENDTIME: return D_SENDTIME;
	case K_MSGOPTION: return D_MSGOPTION;
	case K_MSGSEQNO: return D_MSGSEQNO;
	case K_SECTOKEN: return D_SECTOKEN;
	case K_SERVERSECTOKEN: return D_SERVERSECTOKEN;
	case K_USERSECTOKEN: return D_USERSECTOKEN;
	case K_AUDITTOKEN: return D_AUDITTOKEN;
	case K_SERVERAUDITTOKEN: return D_SERVERAUDITTOKEN;
	case K_USERAUDITTOKEN: return D_USERAUDITTOKEN;
	case K_SERVERCONTEXTTOKEN: return D_SERVERCONTEXTTOKEN;
	default: return D_NONE;
	}
}

static unsigned int xm_flag(struct xm_parser *p)
{
	enum xm_tok kind = p->tok.kind;

	xm_p_next(p);
	switch (kind) {
	case K_SAMECOUNT: return XF_SAMECOUNT;
	case K_RETCODE: return XF_RETCODE;
	case K_PHYSICALCOPY: return XF_PHYSICALCOPY;
	case K_OVERWRITE: return XF_OVERWRITE;
	case K_NOTDEALLOC: return XF_NOTDEALLOC;
	case K_COUNTINOUT: return XF_COUNTINOUT;
	case K_AUTO: return XF_AUTO;
	case K_CONST: return XF_CONST;
	case K_DEALLOC:
		if (!xm_p_accept(p, T_LBRACK))
			return XF_DEALLOC;
		xm_p_expect(p, T_RBRACK, NULL);
		return XF_MAYBEDEALLOC;
	default:
		return 0;
	}
}

static struct xm_rawarg *xm_parse_arg(struct xm_parser *p)
{
	struct xm_rawarg *a = xm_alloc(sizeof(*a));
	const char *tname;
	struct xm_loc loc;
	unsigned int fl;

	a->loc = p->tok.loc;
	if (p->tok.kind == K_USERIMPL || p->tok.kind == K_SERVERIMPL)
		xm_error(&a->loc, "UserImpl and ServerImpl arguments are not supported");
	a->dir = xm_direction(p->tok.kind);
	if (a->dir != D_NONE)
		xm_p_next(p);
	a->name = xm_p_ident(p, "an argument name");
	xm_p_expect(p, T_COLON, NULL);
	loc = p->tok.loc;
	tname = xm_p_ident(p, "a type name");
	if (xm_p_accept(p, T_EQUAL)) {
		a->type = xm_p_transtypespec(p);
		xm_type_name(tname, a->type);
	} else {
		a->type = xm_type_lookup(tname);
		if (!a->type)
			xm_error(&loc, "type '%s' not defined", tname);
	}
	while (xm_p_accept(p, T_COMMA)) {
		loc = p->tok.loc;
		fl = xm_flag(p);
		if (!fl)
			xm_error(&loc, "unknown argument flag");
		if (a->flags & fl)
			xm_warn(&loc, "%s: flag given twice", a->name);
		a->flags |= fl;
	}
	return a;
}

static void xm_parse_routine(struct xm_pstate *ps, bool oneway)
{
	struct xm_rawroutine *rt = xm_alloc(sizeof(*rt));
	struct xm_parser *p = &ps->p;
	struct xm_rawarg **tail = &rt->args, *a, *o;
	int nargs = 0;

	rt->loc = p->tok.loc;
	rt->oneway = oneway;
	xm_p_next(p);
	rt->name = xm_p_ident(p, "a routine name");
	if (xm_names_get(&ps->ifc->routine_names, rt->name))
		xm_error(&rt->loc, "routine %s declared twice", rt->name);
	xm_names_put(&ps->ifc->routine_names, rt->name, rt);
	xm_p_expect(p, T_LPAREN, NULL);
	if (p->tok.kind != T_RPAREN) {
		do {
			a = xm_parse_arg(p);
			if (++nargs > XM_MAX_ARGS)
				xm_error(&a->loc, "%s: too many arguments",
					 rt->name);
			for (o = rt->args; o; o = o->next)
				if (!strcmp(o->name, a->name))
					xm_error(&a->loc, "%s: argument %s declared twice",
						 rt->name, a->name);
			*tail = a;
			tail = &a->next;
		} while (xm_p_accept(p, T_SEMI));
	}
	xm_p_expect(p, T_RPAREN, NULL);
	rt->server_prefix = ps->ifc->server_prefix;
	rt->user_prefix = ps->ifc->user_prefix;
	rt->wait_time = ps->ifc->wait_time;
	rt->wait_is_send = ps->ifc->wait_is_send;
	rt->msg_option = ps->ifc->msg_option;
	rt->number = ps->ifc->count;
	xm_next_number(ps, &rt->loc);
	xm_add_stmt(ps, S_ROUTINE, rt, NULL);
}

static void xm_parse_type(struct xm_pstate *ps)
{
	struct xm_parser *p = &ps->p;
	struct xm_type *t;
	const char *name;

	xm_p_next(p);
	name = xm_p_ident(p, "a type name");
	xm_p_expect(p, T_EQUAL, NULL);
	t = xm_p_transtypespec(p);
	xm_type_name(name, t);
	xm_type_insert(name, t);
}

static void xm_parse_import(struct xm_pstate *ps, enum xm_stmt_kind kind)
{
	struct xm_parser *p = &ps->p;
	const char *file;

	xm_p_next(p);
	if (p->tok.kind != T_FILE)
		xm_p_expect(p, T_FILE, NULL);
	file = p->tok.text;
	xm_p_next(p);
	xm_add_stmt(ps, kind, NULL, file);
}

/* Statements that take one identifier. */
static const char *xm_parse_named(struct xm_parser *p, const char *what)
{
	xm_p_next(p);
	return xm_p_ident(p, what);
}

static void xm_parse_ignored_number(struct xm_parser *p, const char *what)
{
	struct xm_loc loc = p->tok.loc;

	xm_p_next(p);
	xm_p_intexp(p);
	xm_warn(&loc, "%s is ignored", what);
}

static void xm_parse_statement(struct xm_pstate *ps)
{
	struct xm_parser *p = &ps->p;
	struct xm_interface *ifc = ps->ifc;
	struct xm_loc loc = p->tok.loc;

	switch (p->tok.kind) {
	case K_SUBSYSTEM:
		xm_parse_subsystem(ps);
		break;
	case K_ROUTINE:
	case K_SIMPLEROUTINE:
		xm_parse_routine(ps, p->tok.kind == K_SIMPLEROUTINE);
		break;
	case K_SKIP:
		xm_p_next(p);
		xm_next_number(ps, &loc);
		break;
	case K_TYPE:
		xm_parse_type(ps);
		break;
	case K_IMPORT:
		xm_parse_import(ps, S_IMPORT);
		break;
	case K_UIMPORT:
		xm_parse_import(ps, S_UIMPORT);
		break;
	case K_SIMPORT:
		xm_parse_import(ps, S_SIMPORT);
		break;
	case K_DIMPORT:
		xm_parse_import(ps, S_DIMPORT);
		break;
	case K_IIMPORT:
		xm_parse_import(ps, S_IIMPORT);
		break;
	case K_SERVERPREFIX:
		ifc->server_prefix = xm_parse_named(p, "a prefix");
		break;
	case K_USERPREFIX:
		ifc->user_prefix = xm_parse_named(p, "a prefix");
		break;
	case K_SERVERDEMUX:
		ifc->server_demux = xm_parse_named(p, "a function name");
		break;
	case K_WAITTIME:
	case K_SENDTIME:
		ifc->wait_is_send = p->tok.kind == K_SENDTIME;
		ifc->wait_time = xm_parse_named(p, "a timeout expression");
		break;
	case K_NOWAITTIME:
	case K_NOSENDTIME:
		xm_p_next(p);
		ifc->wait_time = NULL;
		break;
	case K_MSGOPTION:
		ifc->msg_option = xm_parse_named(p, "an option expression");
		break;
	case K_ERROR:
		xm_parse_named(p, "a function name");
		break;
	case K_CONSUMEONSENDERROR:
		xm_parse_named(p, "a policy");
		xm_warn(&loc, "ConsumeOnSendError is ignored");
		break;
	case K_RCSID:
		xm_p_next(p);
		xm_p_expect(p, T_STRING, NULL);
		break;
	case K_USERTYPELIMIT:
		xm_parse_ignored_number(p, "UserTypeLimit");
		break;
	case K_ONSTACKLIMIT:
		xm_parse_ignored_number(p, "OnStackLimit");
		break;
	case K_USESPECIALREPLYPORT:
		xm_parse_ignored_number(p, "UseSpecialReplyPort");
		break;
	case K_NOVOUCHERS:
		xm_p_next(p);
		break;
	case T_SEMI:
		break;
	default:
		xm_p_expect(p, T_EOF, "a statement");
	}
	xm_p_expect(p, T_SEMI, "';'");
}

void xm_parse(struct xm_lexer *lx, struct xm_interface *ifc)
{
	struct xm_pstate ps = { .ifc = ifc, .tail = &ifc->stmts };

	ps.p.lx = lx;
	xm_p_next(&ps.p);
	while (ps.p.tok.kind != T_EOF)
		xm_parse_statement(&ps);
	if (!ifc->name)
		xm_error(&ps.p.tok.loc, "no subsystem declaration");
	if (!ifc->server_demux)
		ifc->server_demux = xm_fmt("%s_server", ifc->name);
}

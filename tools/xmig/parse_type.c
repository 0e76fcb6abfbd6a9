// SPDX-License-Identifier: GPL-2.0
/*
 * parse_type.c - the parser's token helpers and the grammar of types and
 * integer expressions:
 *
 *   TransTypeSpec := TypeSpec { intran: T F(T) | outtran: T F(T)
 *                    | destructor: F(T) | ctype: T | cusertype: T
 *                    | cservertype: T }
 *   TypeSpec      := IPCType ['|' IPCType] | Name | '^' TypeSpec
 *                    | array '[' [ '*' [':' IntExp] | IntExp ] ']' of TypeSpec
 *                    | struct '[' IntExp ']' of TypeSpec
 *                    | c_string '[' ('*' ':' IntExp | IntExp) ']'
 *   IntExp        := numbers with + - * / and parentheses
 *
 * Nesting is bounded, so no input can exhaust the stack.
 */
#include "xmig.h"

#define XM_MAX_DEPTH	64

void xm_p_next(struct xm_parser *p)
{
	xm_lex_next(p->lx, &p->tok);
}

bool xm_p_accept(struct xm_parser *p, enum xm_tok kind)
{
	if (p->tok.kind != kind)
		return false;
	xm_p_next(p);
	return true;
}

static void xm_p_unexpected(struct xm_parser *p, const char *what)
{
	if (p->tok.kind == T_IDENT)
		xm_error(&p->tok.loc, "expected %s, found '%s'", what,
			 p->tok.text);
	xm_error(&p->tok.loc, "expected %s, found %s", what,
		 p->tok.kind == T_SYMTYPE ? p->tok.text :
		 xm_tok_name(p->tok.kind));
}

void xm_p_expect(struct xm_parser *p, enum xm_tok kind, const char *what)
{
	if (!xm_p_accept(p, kind))
		xm_p_unexpected(p, what ? what : xm_tok_name(kind));
}

const char *xm_p_ident(struct xm_parser *p, const char *what)
{
	const char *s = p->tok.text;

	if (p->tok.kind != T_IDENT)
		xm_p_unexpected(p, what);
	xm_p_next(p);
	return s;
}

static void xm_p_enter(struct xm_parser *p)
{
	if (++p->depth > XM_MAX_DEPTH)
		xm_error(&p->tok.loc, "nesting too deep");
}

static int64_t xm_p_expr(struct xm_parser *p);

static int64_t xm_p_primary(struct xm_parser *p)
{
	int64_t v;

	if (p->tok.kind == T_NUMBER) {
		v = p->tok.num;
		xm_p_next(p);
		return v;
	}
	if (!xm_p_accept(p, T_LPAREN))
		xm_p_unexpected(p, "a number");
	xm_p_enter(p);
	v = xm_p_expr(p);
	p->depth--;
	xm_p_expect(p, T_RPAREN, NULL);
	return v;
}

static int64_t xm_p_check(const struct xm_loc *loc, int64_t v)
{
	if (v < 0 || v > UINT32_MAX)
		xm_error(loc, "value out of range");
	return v;
}

static int64_t xm_p_term(struct xm_parser *p)
{
	int64_t v = xm_p_primary(p), r;
	struct xm_loc loc;
	enum xm_tok op;

	while (p->tok.kind == T_STAR || p->tok.kind == T_DIV) {
		op = p->tok.kind;
		loc = p->tok.loc;
		xm_p_next(p);
		r = xm_p_primary(p);
		if (op == T_DIV && r == 0)
			xm_error(&loc, "division by zero");
		v = op == T_STAR ? v * r : v / r;
		xm_p_check(&loc, v);
	}
	return v;
}

static int64_t xm_p_expr(struct xm_parser *p)
{
	int64_t v = xm_p_term(p), r;
	struct xm_loc loc;
	enum xm_tok op;

	while (p->tok.kind == T_PLUS || p->tok.kind == T_MINUS) {
		op = p->tok.kind;
		loc = p->tok.loc;
		xm_p_next(p);
		r = xm_p_term(p);
		v = op == T_PLUS ? v + r : v - r;
		xm_p_check(&loc, v);
	}
	return v;
}

uint32_t xm_p_intexp(struct xm_parser *p)
{
	return (uint32_t)xm_p_expr(p);
}

/* IPCType ['|' IPCType] */
static struct xm_type *xm_p_ipctype(struct xm_parser *p)
{
	struct xm_token in = p->tok, out;

	xm_p_next(p);
	if (!xm_p_accept(p, T_BAR))
		return xm_type_short(&in.loc, in.in, in.in_str, in.out,
				     in.out_str, in.size);
	out = p->tok;
	if (out.kind != T_SYMTYPE)
		xm_p_unexpected(p, "an IPC type");
	xm_p_next(p);
	if (in.size != out.size)
		xm_error(&out.loc, "sizes in IPCTypes (%u, %u) aren't equal",
			 in.size, out.size);
	return xm_type_short(&in.loc, in.in, in.in_str, out.out, out.out_str,
			     in.size);
}

/* array '[' ... ']' of TypeSpec */
static struct xm_type *xm_p_array(struct xm_parser *p, struct xm_loc *loc)
{
	uint32_t n = 0;
	bool var = false;

	xm_p_expect(p, T_LBRACK, NULL);
	if (xm_p_accept(p, T_STAR)) {
		var = true;
		if (xm_p_accept(p, T_COLON)) {
			n = xm_p_intexp(p);
			if (!n)
				xm_error(loc, "array[*:0] has no room");
		}
	} else if (p->tok.kind == T_RBRACK) {
		var = true;
	} else {
		n = xm_p_intexp(p);
	}
	xm_p_expect(p, T_RBRACK, NULL);
	xm_p_expect(p, K_OF, "'of'");
	if (var)
		return xm_type_var_array(loc, n, xm_p_typespec(p));
	return xm_type_array(loc, n, xm_p_typespec(p));
}

static struct xm_type *xm_p_cstring(struct xm_parser *p, struct xm_loc *loc)
{
	bool var = false;
	uint32_t n;

	xm_p_expect(p, T_LBRACK, NULL);
	if (xm_p_accept(p, T_STAR)) {
		xm_p_expect(p, T_COLON, NULL);
		var = true;
	}
	n = xm_p_intexp(p);
	xm_p_expect(p, T_RBRACK, NULL);
	return xm_type_cstring(loc, n, var);
}

static struct xm_type *xm_p_typespec_inner(struct xm_parser *p)
{
	struct xm_loc loc = p->tok.loc;
	const char *name;
	uint32_t n;

	switch (p->tok.kind) {
	case T_SYMTYPE:
		return xm_p_ipctype(p);
	case T_IDENT:
		name = xm_p_ident(p, "a type");
		return xm_type_prev(&loc, name);
	case T_CARET:
		xm_p_next(p);
		return xm_type_ptr(&loc, xm_p_typespec(p));
	case K_ARRAY:
		xm_p_next(p);
		return xm_p_array(p, &loc);
	case K_STRUCT:
		xm_p_next(p);
		xm_p_expect(p, T_LBRACK, NULL);
		n = xm_p_intexp(p);
		xm_p_expect(p, T_RBRACK, NULL);
		xm_p_expect(p, K_OF, "'of'");
		return xm_type_struct(&loc, n, xm_p_typespec(p));
	case K_CSTRING:
		xm_p_next(p);
		return xm_p_cstring(p, &loc);
	case T_LPAREN:
		xm_error(&loc, "long-form type declarations (type, size, flags) are not supported");
	case T_NUMBER:
		xm_error(&loc, "must use full IPC type decl");
	case K_POINTERTO:
	case K_POINTERTOIFNOT:
	case K_VALUEOF:
		xm_error(&loc, "native C types (PointerTo, PointerToIfNot, ValueOf) are not supported");
	default:
		xm_p_unexpected(p, "a type");
	}
	return NULL;
}

struct xm_type *xm_p_typespec(struct xm_parser *p)
{
	struct xm_type *t;

	xm_p_enter(p);
	t = xm_p_typespec_inner(p);
	p->depth--;
	return t;
}

static void xm_p_conflict(const struct xm_loc *loc, const char *what,
			  const char *old, const char *new)
{
	if (old && !xm_streq(old, new))
		xm_warn(loc, "conflicting %s (%s, %s)", what, old, new);
}

/* intran: TransType Function(ServerType) */
static void xm_p_intran(struct xm_parser *p, struct xm_type *t)
{
	struct xm_loc loc = p->tok.loc;
	const char *trans, *fn, *server;

	trans = xm_p_ident(p, "a type");
	fn = xm_p_ident(p, "a function");
	xm_p_expect(p, T_LPAREN, NULL);
	server = xm_p_ident(p, "a type");
	xm_p_expect(p, T_RPAREN, NULL);
	xm_p_conflict(&loc, "translation types", t->trans_type, trans);
	xm_p_conflict(&loc, "in-translation functions", t->in_trans, fn);
	xm_p_conflict(&loc, "server types", t->server_type, server);
	t->trans_type = trans;
	t->in_trans = fn;
	t->server_type = server;
}

/* outtran: ServerType Function(TransType) */
static void xm_p_outtran(struct xm_parser *p, struct xm_type *t)
{
	struct xm_loc loc = p->tok.loc;
	const char *trans, *fn, *server;

	server = xm_p_ident(p, "a type");
	fn = xm_p_ident(p, "a function");
	xm_p_expect(p, T_LPAREN, NULL);
	trans = xm_p_ident(p, "a type");
	xm_p_expect(p, T_RPAREN, NULL);
	xm_p_conflict(&loc, "translation types", t->trans_type, trans);
	xm_p_conflict(&loc, "out-translation functions", t->out_trans, fn);
	xm_p_conflict(&loc, "server types", t->server_type, server);
	t->trans_type = trans;
	t->out_trans = fn;
	t->server_type = server;
}

struct xm_type *xm_p_transtypespec(struct xm_parser *p)
{
	struct xm_type *t = xm_type_reset(xm_p_typespec(p));
	enum xm_tok kind;
	const char *name;

	for (;;) {
		kind = p->tok.kind;
		if (kind != K_INTRAN && kind != K_OUTTRAN &&
		    kind != K_DESTRUCTOR && kind != K_CTYPE &&
		    kind != K_CUSERTYPE && kind != K_CSERVERTYPE)
			return t;
		xm_p_next(p);
		xm_p_expect(p, T_COLON, NULL);
		switch (kind) {
		case K_INTRAN:
			xm_p_intran(p, t);
			break;
		case K_OUTTRAN:
			xm_p_outtran(p, t);
			break;
		case K_DESTRUCTOR:
			t->destructor = xm_p_ident(p, "a function");
			xm_p_expect(p, T_LPAREN, NULL);
			name = xm_p_ident(p, "a type");
			xm_p_expect(p, T_RPAREN, NULL);
			xm_p_conflict(&t->loc, "translation types",
				      t->trans_type, name);
			t->trans_type = name;
			break;
		case K_CTYPE:
			name = xm_p_ident(p, "a C type");
			t->user_type = name;
			t->server_type = name;
			break;
		case K_CUSERTYPE:
			t->user_type = xm_p_ident(p, "a C type");
			break;
		default:
			t->server_type = xm_p_ident(p, "a C type");
			break;
		}
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lexer.c - cuts preprocessed .defs text into tokens, as migcom's lexer
 * does: keywords are case-insensitive (but MACH_MSG_TYPE_*, PointerTo,
 * PointerToIfNot and ValueOf are not), comments are skipped, and the
 * preprocessor's line markers ("# 12 \"file.defs\"") keep every token's
 * file and line right. Any other "#" line is ignored. After an import
 * keyword the next token is a file name, "quoted" or <angled>.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "xmig.h"

struct xm_keyword {
	const char *name;
	enum xm_tok kind;
};

static const struct xm_keyword xm_keywords[] = {
	{ "routine", K_ROUTINE }, { "simpleroutine", K_SIMPLEROUTINE },
	{ "subsystem", K_SUBSYSTEM }, { "kerneluser", K_KERNELUSER },
	{ "kernelserver", K_KERNELSERVER }, { "skip", K_SKIP },
	{ "type", K_TYPE }, { "import", K_IMPORT }, { "uimport", K_UIMPORT },
	{ "simport", K_SIMPORT }, { "dimport", K_DIMPORT },
	{ "iimport", K_IIMPORT }, { "serverprefix", K_SERVERPREFIX },
	{ "userprefix", K_USERPREFIX }, { "serverdemux", K_SERVERDEMUX },
	{ "rcsid", K_RCSID }, { "error", K_ERROR },
	{ "waittime", K_WAITTIME }, { "sendtime", K_SENDTIME },
	{ "nowaittime", K_NOWAITTIME }, { "nosendtime", K_NOSENDTIME },
	{ "msgoption", K_MSGOPTION },
	{ "usespecialreplyport", K_USESPECIALREPLYPORT },
	{ "consumeonsenderror", K_CONSUMEONSENDERROR },
	{ "usertypelimit", K_USERTYPELIMIT }, { "onstacklimit", K_ONSTACKLIMIT },
	{ "novouchers", K_NOVOUCHERS },
	{ "in", K_IN }, { "out", K_OUT }, { "inout", K_INOUT },
	{ "requestport", K_REQUESTPORT }, { "replyport", K_REPLYPORT },
	{ "sreplyport", K_SREPLYPORT }, { "ureplyport", K_UREPLYPORT },
	{ "msgseqno", K_MSGSEQNO }, { "sectoken", K_SECTOKEN },
	{ "serversectoken", K_SERVERSECTOKEN },
	{ "usersectoken", K_USERSECTOKEN }, { "audittoken", K_AUDITTOKEN },
	{ "serveraudittoken", K_SERVERAUDITTOKEN },
	{ "useraudittoken", K_USERAUDITTOKEN },
	{ "servercontexttoken", K_SERVERCONTEXTTOKEN },
	{ "userimpl", K_USERIMPL }, { "serverimpl", K_SERVERIMPL },
	{ "array", K_ARRAY }, { "of", K_OF }, { "struct", K_STRUCT },
	{ "c_string", K_CSTRING }, { "intran", K_INTRAN },
	{ "outtran", K_OUTTRAN }, { "destructor", K_DESTRUCTOR },
	{ "ctype", K_CTYPE }, { "cusertype", K_CUSERTYPE },
	{ "cservertype", K_CSERVERTYPE },
	{ "samecount", K_SAMECOUNT }, { "retcode", K_RETCODE },
	{ "physicalcopy", K_PHYSICALCOPY }, { "overwrite", K_OVERWRITE },
	{ "dealloc", K_DEALLOC }, { "notdealloc", K_NOTDEALLOC },
	{ "countinout", K_COUNTINOUT }, { "auto", K_AUTO },
	{ "const", K_CONST },
};

static const struct xm_keyword xm_keywords_cs[] = {
	{ "PointerTo", K_POINTERTO }, { "PointerToIfNot", K_POINTERTOIFNOT },
	{ "ValueOf", K_VALUEOF },
};

struct xm_symtype {
	const char *name;
	uint32_t in, out, size;
	const char *in_str, *out_str;
};

#define SEND	"MACH_MSG_TYPE_PORT_SEND"
#define ONCE	"MACH_MSG_TYPE_PORT_SEND_ONCE"
#define RECV	"MACH_MSG_TYPE_PORT_RECEIVE"
#define POLY	"MACH_MSG_TYPE_POLYMORPHIC"

static const struct xm_symtype xm_symtypes[] = {
	{ "MACH_MSG_TYPE_UNSTRUCTURED", 0, 0, 0, "0", "0" },
	{ "MACH_MSG_TYPE_BIT", 0, 0, 1, "0", "0" },
	{ "MACH_MSG_TYPE_BOOLEAN", 0, 0, 32, "0", "0" },
	{ "MACH_MSG_TYPE_INTEGER_8", 9, 9, 8, "9", "9" },
	{ "MACH_MSG_TYPE_INTEGER_16", 1, 1, 16, "1", "1" },
	{ "MACH_MSG_TYPE_INTEGER_32", 2, 2, 32, "2", "2" },
	{ "MACH_MSG_TYPE_INTEGER_64", 3, 3, 64, "3", "3" },
	{ "MACH_MSG_TYPE_REAL_32", 10, 10, 32, "10", "10" },
	{ "MACH_MSG_TYPE_REAL_64", 11, 11, 64, "11", "11" },
	{ "MACH_MSG_TYPE_CHAR", 8, 8, 8, "8", "8" },
	{ "MACH_MSG_TYPE_BYTE", 9, 9, 8, "9", "9" },
	{ "MACH_MSG_TYPE_STRING", 12, 12, 0, "12", "12" },
	{ "MACH_MSG_TYPE_STRING_C", 12, 12, 0, "12", "12" },
	{ "MACH_MSG_TYPE_MOVE_RECEIVE", XM_MOVE_RECEIVE, XM_PORT_RECEIVE,
	  XM_PORT_BITS, "MACH_MSG_TYPE_MOVE_RECEIVE", RECV },
	{ "MACH_MSG_TYPE_COPY_SEND", XM_COPY_SEND, XM_PORT_SEND, XM_PORT_BITS,
	  "MACH_MSG_TYPE_COPY_SEND", SEND },
	{ "MACH_MSG_TYPE_MAKE_SEND", XM_MAKE_SEND, XM_PORT_SEND, XM_PORT_BITS,
	  "MACH_MSG_TYPE_MAKE_SEND", SEND },
	{ "MACH_MSG_TYPE_MOVE_SEND", XM_MOVE_SEND, XM_PORT_SEND, XM_PORT_BITS,
	  "MACH_MSG_TYPE_MOVE_SEND", SEND },
	{ "MACH_MSG_TYPE_MAKE_SEND_ONCE", XM_MAKE_SEND_ONCE, XM_PORT_SEND_ONCE,
	  XM_PORT_BITS, "MACH_MSG_TYPE_MAKE_SEND_ONCE", ONCE },
	{ "MACH_MSG_TYPE_MOVE_SEND_ONCE", XM_MOVE_SEND_ONCE, XM_PORT_SEND_ONCE,
	  XM_PORT_BITS, "MACH_MSG_TYPE_MOVE_SEND_ONCE", ONCE },
	{ "MACH_MSG_TYPE_PORT_NAME", XM_PORT_NAME, XM_PORT_NAME, XM_PORT_BITS,
	  "MACH_MSG_TYPE_PORT_NAME", "MACH_MSG_TYPE_PORT_NAME" },
	{ "MACH_MSG_TYPE_PORT_RECEIVE", XM_POLYMORPHIC, XM_PORT_RECEIVE,
	  XM_PORT_BITS, POLY, RECV },
	{ "MACH_MSG_TYPE_PORT_SEND", XM_POLYMORPHIC, XM_PORT_SEND,
	  XM_PORT_BITS, POLY, SEND },
	{ "MACH_MSG_TYPE_PORT_SEND_ONCE", XM_POLYMORPHIC, XM_PORT_SEND_ONCE,
	  XM_PORT_BITS, POLY, ONCE },
	{ "MACH_MSG_TYPE_POLYMORPHIC", XM_POLYMORPHIC, XM_POLYMORPHIC,
	  XM_PORT_BITS, POLY, POLY },
};

static const struct xm_symtype xm_polymorphic = {
	"polymorphic", XM_POLYMORPHIC, XM_POLYMORPHIC, XM_PORT_BITS, POLY, POLY
};

static const char *const xm_punct_names[] = {
	[T_COLON] = "':'", [T_SEMI] = "';'", [T_COMMA] = "','",
	[T_PLUS] = "'+'", [T_MINUS] = "'-'", [T_STAR] = "'*'",
	[T_DIV] = "'/'", [T_LPAREN] = "'('", [T_RPAREN] = "')'",
	[T_EQUAL] = "'='", [T_CARET] = "'^'", [T_LBRACK] = "'['",
	[T_RBRACK] = "']'", [T_BAR] = "'|'",
};

/* What a token kind is called in messages. */
const char *xm_tok_name(enum xm_tok kind)
{
	size_t i;

	switch (kind) {
	case T_EOF:
		return "end of file";
	case T_IDENT:
		return "an identifier";
	case T_NUMBER:
		return "a number";
	case T_STRING:
		return "a string";
	case T_FILE:
		return "a file name";
	case T_SYMTYPE:
		return "an IPC type";
	default:
		break;
	}
	if (kind <= T_BAR && xm_punct_names[kind])
		return xm_punct_names[kind];
	for (i = 0; i < sizeof(xm_keywords) / sizeof(xm_keywords[0]); i++)
		if (xm_keywords[i].kind == kind)
			return xm_keywords[i].name;
	for (i = 0; i < sizeof(xm_keywords_cs) / sizeof(xm_keywords_cs[0]); i++)
		if (xm_keywords_cs[i].kind == kind)
			return xm_keywords_cs[i].name;
	return "a token";
}

void xm_lex_init(struct xm_lexer *lx, const char *buf, size_t len,
		 const char *file)
{
	memset(lx, 0, sizeof(*lx));
	lx->buf = buf;
	lx->len = len;
	lx->loc.file = file;
	lx->loc.line = 1;
}

static int xm_peek(const struct xm_lexer *lx, size_t ahead)
{
	if (lx->pos + ahead >= lx->len)
		return -1;
	return (unsigned char)lx->buf[lx->pos + ahead];
}

static bool xm_at_line_start(const struct xm_lexer *lx)
{
	size_t i = lx->pos;

	while (i > 0) {
		i--;
		if (lx->buf[i] == '\n')
			return true;
		if (lx->buf[i] != ' ' && lx->buf[i] != '\t')
			return false;
	}
	return true;
}

static void xm_skip_line(struct xm_lexer *lx)
{
	while (lx->pos < lx->len && lx->buf[lx->pos] != '\n')
		lx->pos++;
}

/* Read a decimal number of a line marker; false if none. */
static bool xm_marker_number(struct xm_lexer *lx, long *out)
{
	long n = 0;
	int c;

	while ((c = xm_peek(lx, 0)) == ' ' || c == '\t')
		lx->pos++;
	if (!isdigit(c))
		return false;
	while ((c = xm_peek(lx, 0)) >= 0 && isdigit(c)) {
		if (n > 100000000)
			return false;
		n = n * 10 + (c - '0');
		lx->pos++;
	}
	*out = n;
	return true;
}

/*
 * A "#" line: a line marker ("# 12 \"file\"", "#line 12 \"file\"") moves
 * the location; anything else is ignored.
 */
static void xm_directive(struct xm_lexer *lx)
{
	size_t start;
	long line;
	int c;

	lx->pos++;		/* '#' */
	while ((c = xm_peek(lx, 0)) == ' ' || c == '\t')
		lx->pos++;
	if (lx->len - lx->pos >= 4 && !strncmp(lx->buf + lx->pos, "line", 4))
		lx->pos += 4;
	if (!xm_marker_number(lx, &line)) {
		xm_skip_line(lx);
		return;
	}
	while ((c = xm_peek(lx, 0)) == ' ' || c == '\t')
		lx->pos++;
	if (c == '"') {
		start = ++lx->pos;
		while ((c = xm_peek(lx, 0)) >= 0 && c != '"' && c != '\n')
			lx->pos++;
		if (c == '"')
			lx->loc.file = xm_strndup(lx->buf + start,
						  lx->pos - start);
	}
	xm_skip_line(lx);
	/* The newline ending this line makes it the marker's number. */
	lx->loc.line = line > 0 ? (int)line - 1 : 0;
}

/* Skip blanks, comments and directives. */
static void xm_skip_space(struct xm_lexer *lx)
{
	struct xm_loc start;
	int c;

	for (;;) {
		c = xm_peek(lx, 0);
		if (c == '\n') {
			lx->loc.line++;
			lx->pos++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
			   c == '\v') {
			lx->pos++;
		} else if (c == '#' && xm_at_line_start(lx)) {
			xm_directive(lx);
		} else if (c == '/' && xm_peek(lx, 1) == '/') {
			xm_skip_line(lx);
		} else if (c == '/' && xm_peek(lx, 1) == '*') {
			start = lx->loc;
			lx->pos += 2;
			while ((c = xm_peek(lx, 0)) >= 0 &&
			       !(c == '*' && xm_peek(lx, 1) == '/')) {
				if (c == '\n')
					lx->loc.line++;
				lx->pos++;
			}
			if (c < 0)
				xm_error(&start, "unterminated comment");
			lx->pos += 2;
		} else {
			return;
		}
	}
}

static void xm_lex_number(struct xm_lexer *lx, struct xm_token *tok)
{
	unsigned int base = 10;
	uint64_t n = 0;
	int c, d;

	if (xm_peek(lx, 0) == '0' &&
	    (xm_peek(lx, 1) == 'x' || xm_peek(lx, 1) == 'X') &&
	    isxdigit(xm_peek(lx, 2))) {
		base = 16;
		lx->pos += 2;
	}
	while ((c = xm_peek(lx, 0)) >= 0 && isalnum(c)) {
		if (isdigit(c))
			d = c - '0';
		else if (base == 16 && isxdigit(c))
			d = tolower(c) - 'a' + 10;
		else
			xm_error(&tok->loc, "malformed number");
		n = n * base + (unsigned int)d;
		if (n > UINT32_MAX)
			xm_error(&tok->loc, "number too large");
		lx->pos++;
	}
	tok->kind = T_NUMBER;
	tok->num = (uint32_t)n;
}

static void xm_lex_word(struct xm_lexer *lx, struct xm_token *tok)
{
	size_t start = lx->pos, i;
	int c;

	while ((c = xm_peek(lx, 0)) >= 0 && (isalnum(c) || c == '_'))
		lx->pos++;
	tok->text = xm_strndup(lx->buf + start, lx->pos - start);
	tok->kind = T_IDENT;
	for (i = 0; i < sizeof(xm_symtypes) / sizeof(xm_symtypes[0]); i++) {
		if (!strcmp(tok->text, xm_symtypes[i].name)) {
			tok->kind = T_SYMTYPE;
			tok->in = xm_symtypes[i].in;
			tok->out = xm_symtypes[i].out;
			tok->size = xm_symtypes[i].size;
			tok->in_str = xm_symtypes[i].in_str;
			tok->out_str = xm_symtypes[i].out_str;
			return;
		}
	}
	if (!strcasecmp(tok->text, xm_polymorphic.name)) {
		tok->kind = T_SYMTYPE;
		tok->in = tok->out = XM_POLYMORPHIC;
		tok->size = xm_polymorphic.size;
		tok->in_str = tok->out_str = xm_polymorphic.in_str;
		return;
	}
	for (i = 0; i < sizeof(xm_keywords_cs) / sizeof(xm_keywords_cs[0]); i++)
		if (!strcmp(tok->text, xm_keywords_cs[i].name))
			tok->kind = xm_keywords_cs[i].kind;
	for (i = 0; i < sizeof(xm_keywords) / sizeof(xm_keywords[0]); i++)
		if (!strcasecmp(tok->text, xm_keywords[i].name))
			tok->kind = xm_keywords[i].kind;
	if (tok->kind >= K_IMPORT && tok->kind <= K_IIMPORT)
		lx->want_file = true;
}

/* A "string" (kept with its quotes) or, for imports, a <file>. */
static void xm_lex_quoted(struct xm_lexer *lx, struct xm_token *tok,
			  int close)
{
	size_t start = lx->pos;
	int c;

	lx->pos++;
	while ((c = xm_peek(lx, 0)) >= 0 && c != close && c != '\n') {
		if (c == '\\' && close == '"' && xm_peek(lx, 1) == '"')
			lx->pos++;
		lx->pos++;
	}
	if (c != close)
		xm_error(&tok->loc, "unterminated %s",
			 close == '"' ? "string" : "file name");
	lx->pos++;
	tok->text = xm_strndup(lx->buf + start, lx->pos - start);
	if (memchr(tok->text, '\0', lx->pos - start))
		xm_error(&tok->loc, "NUL character in %s",
			 close == '"' ? "string" : "file name");
	tok->kind = T_STRING;
}

static const char xm_punct_chars[] = ":;,+-*/()=^[]|";
static const enum xm_tok xm_punct_kinds[] = {
	T_COLON, T_SEMI, T_COMMA, T_PLUS, T_MINUS, T_STAR, T_DIV,
	T_LPAREN, T_RPAREN, T_EQUAL, T_CARET, T_LBRACK, T_RBRACK, T_BAR,
};

void xm_lex_next(struct xm_lexer *lx, struct xm_token *tok)
{
	bool want_file = lx->want_file;
	const char *p;
	int c;

	memset(tok, 0, sizeof(*tok));
	lx->want_file = false;
	xm_skip_space(lx);
	tok->loc = lx->loc;
	c = xm_peek(lx, 0);
	if (c < 0) {
		tok->kind = T_EOF;
		return;
	}
	if (want_file) {
		if (c != '"' && c != '<')
			xm_error(&tok->loc, "expected a file name after import");
		xm_lex_quoted(lx, tok, c == '"' ? '"' : '>');
		tok->kind = T_FILE;
		return;
	}
	if (isdigit(c)) {
		xm_lex_number(lx, tok);
		return;
	}
	if (isalpha(c) || c == '_') {
		xm_lex_word(lx, tok);
		return;
	}
	if (c == '"') {
		xm_lex_quoted(lx, tok, '"');
		return;
	}
	p = c ? strchr(xm_punct_chars, c) : NULL;
	if (!p) {
		if (isprint(c))
			xm_error(&tok->loc, "unexpected character '%c'", c);
		xm_error(&tok->loc, "unexpected character 0x%02x", c);
	}
	lx->pos++;
	tok->kind = xm_punct_kinds[p - xm_punct_chars];
}

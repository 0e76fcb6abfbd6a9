/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xmig.h - xmig, a compiler for Apple MIG interface definitions (.defs):
 * the model every part shares (source locations, tokens, IPC types,
 * routines and their arguments, the parsed interface, the options) and
 * the functions each file provides.
 *
 * The pipeline: xmig.c runs the C preprocessor, lexer.c cuts the text into
 * tokens, parser.c and parse_type.c build the types (type.c) and the raw
 * routines, routine.c and argument.c expand a routine into its full
 * argument list for one server flavour (user space or the xnucross
 * kernel), layout.c sizes its messages, and the generators write C
 * (emit.h): gen_decls.c the headers, gen_user.c and gen_rcheck.c the user
 * stubs, gen_server.c the user-space server, gen_kserver.c the kernel
 * server, the last two with gen_check.c (request checks) and gen_serve.c
 * (the stub's call of the routine). Messages are laid out as Apple's
 * migcom lays them out (LP64, 4-byte packing), so the stubs are
 * wire-compatible with Darwin's.
 */
#ifndef XMIG_H
#define XMIG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- util.c: memory that lives until exit, strings ---------------------- */

void *xm_alloc(size_t size);
char *xm_strdup(const char *s);
char *xm_strndup(const char *s, size_t len);
char *xm_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool xm_streq(const char *a, const char *b);
void xm_free_all(void);

struct xm_names {
	struct xm_name **buckets;
};

void *xm_names_get(struct xm_names *t, const char *name);
void xm_names_put(struct xm_names *t, const char *name, void *value);

/* ---- diag.c: errors and warnings, "file:line: message" ----------------- */

struct xm_loc {
	const char *file;
	int line;
};

extern int xm_quiet;		/* no warnings */

void xm_error(const struct xm_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void xm_warn(const struct xm_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void xm_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- lexer.c --------------------------------------------------------------- */

enum xm_tok {
	T_EOF,
	T_IDENT,
	T_NUMBER,
	T_STRING,	/* "quoted" */
	T_FILE,		/* "file" or <file>, after an import keyword */
	T_SYMTYPE,	/* MACH_MSG_TYPE_* and polymorphic */
	/* punctuation */
	T_COLON, T_SEMI, T_COMMA, T_PLUS, T_MINUS, T_STAR, T_DIV, T_LPAREN,
	T_RPAREN, T_EQUAL, T_CARET, T_LBRACK, T_RBRACK, T_BAR,
	/* keywords (case-insensitive) */
	K_ROUTINE, K_SIMPLEROUTINE, K_SUBSYSTEM, K_KERNELUSER, K_KERNELSERVER,
	K_SKIP, K_TYPE, K_IMPORT, K_UIMPORT, K_SIMPORT, K_DIMPORT, K_IIMPORT,
	K_SERVERPREFIX, K_USERPREFIX, K_SERVERDEMUX, K_RCSID, K_ERROR,
	K_WAITTIME, K_SENDTIME, K_NOWAITTIME, K_NOSENDTIME, K_MSGOPTION,
	K_USESPECIALREPLYPORT, K_CONSUMEONSENDERROR, K_USERTYPELIMIT,
	K_ONSTACKLIMIT, K_NOVOUCHERS,
	K_IN, K_OUT, K_INOUT, K_REQUESTPORT, K_REPLYPORT, K_SREPLYPORT,
	K_UREPLYPORT, K_MSGSEQNO, K_SECTOKEN, K_SERVERSECTOKEN,
	K_USERSECTOKEN, K_AUDITTOKEN, K_SERVERAUDITTOKEN, K_USERAUDITTOKEN,
	K_SERVERCONTEXTTOKEN, K_USERIMPL, K_SERVERIMPL,
	K_ARRAY, K_OF, K_STRUCT, K_CSTRING, K_INTRAN, K_OUTTRAN, K_DESTRUCTOR,
	K_CTYPE, K_CUSERTYPE, K_CSERVERTYPE, K_POINTERTO, K_POINTERTOIFNOT,
	K_VALUEOF,
	K_SAMECOUNT, K_RETCODE, K_PHYSICALCOPY, K_OVERWRITE, K_DEALLOC,
	K_NOTDEALLOC, K_COUNTINOUT, K_AUTO, K_CONST,
};

struct xm_token {
	enum xm_tok kind;
	const char *text;	/* identifiers, strings, file names */
	uint32_t num;		/* numbers */
	uint32_t in, out, size;	/* symbolic types: dispositions, bits */
	const char *in_str, *out_str;
	struct xm_loc loc;
};

struct xm_lexer {
	const char *buf;
	size_t len, pos;
	struct xm_loc loc;
	bool want_file;		/* the next token is an import's file name */
};

void xm_lex_init(struct xm_lexer *lx, const char *buf, size_t len,
		 const char *file);
void xm_lex_next(struct xm_lexer *lx, struct xm_token *tok);
const char *xm_tok_name(enum xm_tok kind);

/* ---- type.c: IPC types ------------------------------------------------------ */

/* MIG's codes for in-line data (type.h of migcom) and port dispositions. */
#define XM_TYPE_BOOLEAN		0
#define XM_TYPE_INTEGER_16	1
#define XM_TYPE_INTEGER_32	2
#define XM_TYPE_INTEGER_64	3
#define XM_TYPE_CHAR		8
#define XM_TYPE_BYTE		9
#define XM_TYPE_REAL_32		10
#define XM_TYPE_REAL_64		11
#define XM_TYPE_STRING_C	12
#define XM_PORT_NAME		15
#define XM_MOVE_RECEIVE		16
#define XM_MOVE_SEND		17
#define XM_MOVE_SEND_ONCE	18
#define XM_COPY_SEND		19
#define XM_MAKE_SEND		20
#define XM_MAKE_SEND_ONCE	21
#define XM_PORT_RECEIVE		XM_MOVE_RECEIVE
#define XM_PORT_SEND		XM_MOVE_SEND
#define XM_PORT_SEND_ONCE	XM_MOVE_SEND_ONCE
#define XM_POLYMORPHIC		0xffffffffU
#define XM_PORT_BITS		32U

/* Descriptor kinds (mach/message.h). */
#define XM_KPD_PORT		0
#define XM_KPD_OOL		1
#define XM_KPD_OOL_PORTS	2

/* Largest in-line item count, message size, argument list xmig accepts. */
#define XM_MAX_NUMBER		(1U << 20)
#define XM_MAX_MSG		(64U << 20)
#define XM_MAX_ARGS		1024

struct xm_type {
	const char *name;
	uint32_t in_name, out_name;	/* data codes or port dispositions */
	const char *in_str, *out_str;	/* the same, as C */
	uint32_t size;			/* bits of one item */
	uint32_t number;		/* items; variable arrays: the maximum,
					 * 0 when unbounded */
	uint32_t kpd_number;		/* descriptors it takes */
	bool inl;			/* in the message body (not OOL) */
	bool mig_inline;		/* unbounded array: sent out-of-line */
	bool port;			/* port rights */
	bool is_struct;			/* assigned by value */
	bool is_string;			/* a C string */
	bool var_array;			/* variable number of items */
	struct xm_type *element;	/* what an array is made of */
	const char *user_type, *server_type, *trans_type;
	const char *in_trans, *out_trans, *destructor;
	uint32_t type_size;		/* bytes of the C type (maximum) */
	uint32_t pad_size;		/* bytes of padding after it */
	uint32_t min_size;		/* bytes it takes at least */
	struct xm_loc loc;
};

static inline bool xm_is_kpd(const struct xm_type *t)
{
	return !t->inl || t->port;
}

/* A variable-sized in-line array (its count travels with it). */
static inline bool xm_is_varinline(const struct xm_type *t)
{
	return t->var_array && t->inl && !t->port;
}

static inline bool xm_is_multi_kpd(const struct xm_type *t)
{
	return xm_is_kpd(t) && t->kpd_number > 1;
}

struct xm_type *xm_type_short(const struct xm_loc *loc, uint32_t in,
			      const char *in_str, uint32_t out,
			      const char *out_str, uint32_t size);
struct xm_type *xm_type_prev(const struct xm_loc *loc, const char *name);
struct xm_type *xm_type_var_array(const struct xm_loc *loc, uint32_t number,
				  struct xm_type *old);
struct xm_type *xm_type_array(const struct xm_loc *loc, uint32_t number,
			      struct xm_type *old);
struct xm_type *xm_type_struct(const struct xm_loc *loc, uint32_t number,
			       struct xm_type *old);
struct xm_type *xm_type_ptr(const struct xm_loc *loc, struct xm_type *old);
struct xm_type *xm_type_cstring(const struct xm_loc *loc, uint32_t number,
				bool varying);
struct xm_type *xm_type_reset(struct xm_type *t);
void xm_type_name(const char *name, struct xm_type *t);
struct xm_type *xm_type_lookup(const char *name);
void xm_type_insert(const char *name, struct xm_type *t);
void xm_types_init(void);

/* Built-in types of implicit arguments. */
extern struct xm_type *xm_t_retcode, *xm_t_ndr, *xm_t_count, *xm_t_poly,
	*xm_t_dealloc, *xm_t_request_port, *xm_t_reply_port_zero,
	*xm_t_reply_port_real;

/* ---- parser.c: the interface as written ------------------------------------ */

enum xm_dir {
	D_NONE, D_IN, D_OUT, D_INOUT, D_REQUESTPORT, D_REPLYPORT,
	D_SREPLYPORT, D_UREPLYPORT, D_WAITTIME, D_SENDTIME, D_MSGOPTION,
	D_MSGSEQNO, D_SECTOKEN, D_SERVERSECTOKEN, D_USERSECTOKEN,
	D_AUDITTOKEN, D_SERVERAUDITTOKEN, D_USERAUDITTOKEN,
	D_SERVERCONTEXTTOKEN,
};

/* Argument flags. */
#define XF_SAMECOUNT	0x001
#define XF_RETCODE	0x002
#define XF_PHYSICALCOPY	0x004
#define XF_OVERWRITE	0x008
#define XF_DEALLOC	0x010
#define XF_NOTDEALLOC	0x020
#define XF_MAYBEDEALLOC	0x040
#define XF_COUNTINOUT	0x080
#define XF_AUTO		0x100
#define XF_CONST	0x200

struct xm_rawarg {
	struct xm_rawarg *next;
	enum xm_dir dir;
	const char *name;
	struct xm_type *type;
	unsigned int flags;
	struct xm_loc loc;
};

struct xm_rawroutine {
	const char *name;
	bool oneway;
	uint32_t number;		/* msgh_id - subsystem base */
	struct xm_rawarg *args;
	/* The statements in force where the routine is declared. */
	const char *server_prefix, *user_prefix;
	const char *wait_time;
	bool wait_is_send;
	const char *msg_option;
	struct xm_loc loc;
};

enum xm_stmt_kind { S_ROUTINE, S_IMPORT, S_UIMPORT, S_SIMPORT, S_DIMPORT,
		    S_IIMPORT };

struct xm_stmt {
	struct xm_stmt *next;
	enum xm_stmt_kind kind;
	struct xm_rawroutine *routine;	/* S_ROUTINE */
	const char *file;		/* imports: "x.h" or <x.h> */
};

struct xm_interface {
	const char *name;		/* subsystem */
	struct xm_names routine_names;
	uint32_t base;
	bool kernel_user, kernel_server;
	uint32_t count;			/* routine numbers used (with skips) */
	struct xm_stmt *stmts;
	const char *server_prefix, *user_prefix, *server_demux;
	const char *wait_time;		/* global WaitTime/SendTime */
	bool wait_is_send;
	const char *msg_option;		/* global MsgOption */
	struct xm_loc loc;
};

void xm_parse(struct xm_lexer *lx, struct xm_interface *ifc);

/* parse_type.c (used by parser.c) */
struct xm_parser {
	struct xm_lexer *lx;
	struct xm_token tok;		/* the current token */
	int depth;			/* nesting of type specs and expressions */
};

void xm_p_next(struct xm_parser *p);
bool xm_p_accept(struct xm_parser *p, enum xm_tok kind);
void xm_p_expect(struct xm_parser *p, enum xm_tok kind, const char *what);
const char *xm_p_ident(struct xm_parser *p, const char *what);
uint32_t xm_p_intexp(struct xm_parser *p);
struct xm_type *xm_p_typespec(struct xm_parser *p);
struct xm_type *xm_p_transtypespec(struct xm_parser *p);

/* ---- routine.c: a routine's arguments, for one flavour ------------------- */

enum xm_akind {
	AK_NORMAL, AK_REQUESTPORT, AK_REPLYPORT, AK_WAITTIME, AK_MSGOPTION,
	AK_TRAILER, AK_COUNT, AK_COUNTINOUT, AK_POLY, AK_DEALLOC, AK_RETCODE,
	AK_NDR,
};

enum xm_trailer { TR_NONE, TR_SEQNO, TR_SECTOKEN, TR_AUDIT, TR_CONTEXT };

enum xm_dealloc { DEALLOC_NO, DEALLOC_YES, DEALLOC_MAYBE };

struct xm_arg {
	struct xm_arg *next;
	const char *name;		/* C variable and message field */
	enum xm_akind kind;
	struct xm_type *type;
	unsigned int flags;
	enum xm_dealloc dealloc;
	enum xm_trailer trailer;
	bool send;			/* the client sends it */
	bool ret;			/* the server returns it */
	bool user_param, server_param;	/* in the stub's / routine's signature */
	bool user_ref, server_ref;	/* passed by pointer */
	bool in_req, in_rep;		/* a field of the request / reply */
	bool req_pack, rep_pack;	/* written into the body separately */
	bool kpd;			/* travels as a descriptor */
	bool variable;			/* variable-sized in-line array */
	bool var_needed;		/* the server keeps it in a local */
	bool reply_copy;		/* inout: reply takes the request's value */
	bool destroy;			/* the server applies a destructor */
	int req_pos, rep_pos;		/* which InNP / OutNP addresses it */
	uint32_t kpd_kind;		/* XM_KPD_* */
	struct xm_arg *count;		/* its count (variable arrays) */
	struct xm_arg *cinout;		/* CountInOut <-> count */
	struct xm_arg *poly, *dealloc_arg, *parent;
	struct xm_arg *same;		/* SameCount: the array it shares with */
	struct xm_loc loc;
};

enum xm_flavour { FL_USER, FL_SERVER, FL_KERNEL };

struct xm_routine {
	const char *name, *user_name, *server_name;
	bool oneway;
	uint32_t id;			/* msgh_id of the request */
	struct xm_arg *args;
	struct xm_arg *request_port, *reply_port, *retcode, *ndr;
	const char *wait_time;		/* expression or NULL */
	bool wait_is_send;
	const char *msg_option;		/* expression */
	bool simple_request, simple_reply;
	uint32_t req_kpds, rep_kpds;
	int num_req_var, num_rep_var, max_req_pos, max_rep_pos;
	bool no_reply_args;
	bool server_trailer;		/* reads the request's trailer */
	struct xm_loc loc;
};

struct xm_routine *xm_routine_build(const struct xm_interface *ifc,
				    const struct xm_rawroutine *raw,
				    enum xm_flavour flavour);

/* ---- layout.c: message sizes ------------------------------------------------ */

struct xm_sizes {
	uint32_t req_min, req_max;	/* bytes, header included */
	uint32_t rep_min, rep_max;	/* without trailer */
};

void xm_layout(const struct xm_routine *rt, struct xm_sizes *sz);
uint32_t xm_req_var_bytes(const struct xm_routine *rt);
uint32_t xm_rep_var_bytes(const struct xm_routine *rt);
void xm_layout_dump(FILE *f, const struct xm_interface *ifc);

/* ---- generators ----------------------------------------------------------- */

struct xm_options {
	const char *user_file, *header_file, *server_file, *sheader_file;
	const char *kserver_file, *ksheader_file;
	bool server_is_kernel;		/* -server writes the kernel flavour */
};

void xm_gen_user_header(FILE *f, const struct xm_interface *ifc,
			const struct xm_options *o);
void xm_gen_user(FILE *f, const struct xm_interface *ifc,
		 const struct xm_options *o);
void xm_gen_server_header(FILE *f, const struct xm_interface *ifc,
			  const struct xm_options *o);
void xm_gen_server(FILE *f, const struct xm_interface *ifc,
		   const struct xm_options *o);
void xm_gen_kserver_header(FILE *f, const struct xm_interface *ifc,
			   const struct xm_options *o);
void xm_gen_kserver(FILE *f, const struct xm_interface *ifc,
		    const struct xm_options *o);

#endif /* XMIG_H */

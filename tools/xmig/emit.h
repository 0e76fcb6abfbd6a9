/* SPDX-License-Identifier: GPL-2.0 */
/*
 * emit.h - what the code generators share (emit.c, gen_decls.c,
 * gen_check.c): message structure declarations, C type names per side,
 * size expressions, imports and the routine lists.
 */
#ifndef XMIG_EMIT_H
#define XMIG_EMIT_H

#include "xmig.h"

/* Whose C types a declaration uses. */
enum xm_side { SIDE_USER, SIDE_SERVER };

/* Where an import goes (bits). */
#define XI_UHEADER	0x1	/* user header */
#define XI_SHEADER	0x2	/* server header */
#define XI_UCODE	0x4	/* user stubs */
#define XI_SCODE	0x8	/* server code */

void xm_emit_banner(FILE *f, const struct xm_interface *ifc,
		    const char *what);
void xm_emit_imports(FILE *f, const struct xm_interface *ifc,
		     unsigned int where);
void xm_emit_common_defines(FILE *f);

/* The routines of the interface, built for a flavour, in order. */
struct xm_routine **xm_routines(const struct xm_interface *ifc,
				enum xm_flavour flavour, size_t *count);

const char *xm_base_name(const char *path);
bool xm_is_null_file(const char *path);

/* C types. */
const char *xm_field_type(const struct xm_type *t, enum xm_side side);
const char *xm_kpd_ctype(const struct xm_arg *a);
const char *xm_param_type(const struct xm_arg *a, enum xm_flavour fl);

/* typedef struct { ... } NAME (4-byte packing); trailer may be NULL. */
void xm_emit_msg_struct(FILE *f, const struct xm_routine *rt, bool request,
			enum xm_side side, const char *name,
			const char *trailer, const char *indent);
void xm_emit_params(FILE *f, const struct xm_routine *rt, enum xm_flavour fl);
void xm_emit_prototype(FILE *f, const struct xm_routine *rt,
		       enum xm_flavour fl, const char *name);

/* Numbers of a variable array. */
uint32_t xm_elem_bytes(const struct xm_arg *a);
uint32_t xm_max_count(const struct xm_arg *a);
uint32_t xm_max_bytes(const struct xm_arg *a);
const char *xm_align_expr(const struct xm_arg *a, const char *count);

/* Types and unions of all messages, and the name map. */
void xm_emit_msg_types(FILE *f, const struct xm_interface *ifc,
		       enum xm_side side);

/* gen_rcheck.c: __MIG_check__Reply__ of the user stubs. */
void xm_emit_reply_check(FILE *f, const struct xm_routine *rt);

/* gen_check.c: __MIG_check__Request__ of a server flavour. */
void xm_emit_request_check(FILE *f, const struct xm_routine *rt,
			   enum xm_flavour fl);
const char *xm_in_ptr(int pos);

/* gen_serve.c: the middle of a server stub, both server flavours. */
void xm_srv_locals(FILE *f, const struct xm_routine *rt, enum xm_flavour fl);
void xm_srv_extract(FILE *f, const struct xm_routine *rt, enum xm_flavour fl);
void xm_srv_call(FILE *f, const struct xm_routine *rt, enum xm_flavour fl,
		 const char *lval);
void xm_srv_destroy(FILE *f, const struct xm_routine *rt, enum xm_flavour fl);
void xm_srv_count_checks(FILE *f, const struct xm_routine *rt,
			 enum xm_flavour fl, const char *bad_count);
void xm_srv_reply_body(FILE *f, const struct xm_routine *rt,
		       enum xm_flavour fl);
void xm_srv_finish(FILE *f, const struct xm_routine *rt);
const char *xm_count_lval(const struct xm_arg *c, enum xm_flavour fl);
uint32_t xm_argc(const struct xm_routine *rt);

/* gen_decls.c: declarations of the user and server sides. */
void xm_emit_user_decls(FILE *f, const struct xm_interface *ifc);
void xm_emit_server_decls(FILE *f, const struct xm_interface *ifc);
void xm_emit_kernel_decls(FILE *f, const struct xm_interface *ifc);

#endif /* XMIG_EMIT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routine.h - what routine.c and argument.c share while building a
 * routine's argument list.
 */
#ifndef XMIG_ROUTINE_H
#define XMIG_ROUTINE_H

#include "xmig.h"

struct xm_rbuild {
	const struct xm_interface *ifc;
	struct xm_routine *rt;
	enum xm_flavour flavour;
	bool kernel;		/* the server side is the xnucross kernel */
};

struct xm_arg *xm_arg_new(const char *name, enum xm_akind kind,
			  struct xm_type *type, const struct xm_loc *loc);
void xm_insert_after(struct xm_arg *pos, struct xm_arg *a);
struct xm_arg *xm_arg_expand(struct xm_rbuild *b, struct xm_arg *a,
			     struct xm_arg *prev);

#endif /* XMIG_ROUTINE_H */

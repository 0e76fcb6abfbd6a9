/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sys/sysctl.h - the Darwin in-kernel sysctl API for modules (the kernel
 * face): the OID and request structures, the declaration macros with XNU's
 * argument lists, the standard handlers and registration.
 *
 * A ported kext includes <sys/sysctl.h> with -I<xnucross>/kmod/include
 * -I<xnucross>/uapi and links against xnucross.ko's exported symbols
 * (KBUILD_EXTRA_SYMBOLS, see Documentation/sysctl.rst). Handlers are
 * written as in XNU:
 *
 *	static int my_handler SYSCTL_HANDLER_ARGS { ... return error; }
 *
 * and return 0 or a positive errno (a negative -errno is accepted too).
 * EAGAIN from a handler restarts the whole request. Handlers run in the
 * calling process's context and may sleep; unless the OID has
 * CTLFLAG_LOCKED, they are serialised by one global mutex, as in XNU.
 */
#ifndef _XNU_KERNEL_SYS_SYSCTL_H
#define _XNU_KERNEL_SYS_SYSCTL_H

#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/list.h>
#include <linux/types.h>

#include "xnu_sysctl.h"

struct task_struct;
struct sysctl_oid;
struct sysctl_req;

/* A user-space address, 64 bits wide whatever the process, as in XNU. */
#ifndef _XNU_USER_ADDR_T
#define _XNU_USER_ADDR_T
typedef u64 user_addr_t;
#define USER_ADDR_NULL	((user_addr_t)0)
#endif

#define SYSCTL_OID_VERSION	1

/* The parameter list of every handler; the parentheses are part of it. */
#define SYSCTL_HANDLER_ARGS \
	(struct sysctl_oid *oidp, void *arg1, int arg2, struct sysctl_req *req)

typedef int (*sysctl_handler_t) SYSCTL_HANDLER_ARGS;

/**
 * struct sysctl_oid_list - the children of a node
 * @xnu_children:	the registered children, sorted by number (private)
 * @xnu_node:		the registered node OID whose arg1 this list is (private)
 *
 * Declared by SYSCTL_NODE() and SYSCTL_DECL(); zero-initialised storage is a
 * valid empty list.
 */
struct sysctl_oid_list {
	struct list_head xnu_children;
	struct sysctl_oid *xnu_node;
};

/**
 * struct sysctl_oid - one name in the tree (XNU's fields, then private ones)
 * @oid_parent:		the list this OID is a child of
 * @oid_number:		its number under the parent, or OID_AUTO
 * @oid_kind:		CTLTYPE_* | CTLFLAG_*
 * @oid_arg1:		first handler argument (a pointer to the value)
 * @oid_arg2:		second handler argument (a constant or a size)
 * @oid_name:		its name under the parent
 * @oid_handler:	the handler, or NULL
 * @oid_fmt:		format string ("I", "IU", "L", "Q", "A", "S,type", "N")
 * @oid_descr:		description
 * @oid_version:	SYSCTL_OID_VERSION
 * @oid_refcnt:		XNU's field, kept for source compatibility
 * @oid_xnu_link:	in the parent's sorted children (private)
 * @oid_xnu_byname:	in the name hash (private)
 * @oid_xnu_bynum:	in the number hash (private)
 * @oid_xnu_running:	handlers in flight (private)
 * @oid_xnu_state:	registration state (private)
 */
struct sysctl_oid {
	struct sysctl_oid_list *oid_parent;
	int oid_number;
	int oid_kind;
	void *oid_arg1;
	int oid_arg2;
	const char *oid_name;
	sysctl_handler_t oid_handler;
	const char *oid_fmt;
	const char *oid_descr;
	int oid_version;
	int oid_refcnt;
	struct list_head oid_xnu_link;
	struct hlist_node oid_xnu_byname;
	struct hlist_node oid_xnu_bynum;
	atomic_t oid_xnu_running;
	unsigned int oid_xnu_state;
};

/**
 * struct sysctl_req - one request, as a handler sees it
 * @p:		the calling task
 * @lock:	XNU's field, unused
 * @oldptr:	where the old value goes (user address; 0 for a size probe)
 * @oldlen:	size of that buffer
 * @oldidx:	bytes output so far (what *oldlenp becomes)
 * @oldfunc:	the SYSCTL_OUT transfer function
 * @newptr:	the new value (user address), or 0 when nothing is written
 * @newlen:	its size
 * @newidx:	bytes consumed so far
 * @newfunc:	the SYSCTL_IN transfer function
 */
struct sysctl_req {
	struct task_struct *p;
	int lock;
	user_addr_t oldptr;
	size_t oldlen;
	size_t oldidx;
	int (*oldfunc)(struct sysctl_req *req, const void *p, size_t l);
	user_addr_t newptr;
	size_t newlen;
	size_t newidx;
	int (*newfunc)(struct sysctl_req *req, void *p, size_t l);
};

#define SYSCTL_IN(r, p, l)	((r)->newfunc)((r), (p), (l))
#define SYSCTL_OUT(r, p, l)	((r)->oldfunc)((r), (p), (l))
#define SYSCTL_OUT_STR(r, p)	((r)->oldfunc)((r), (p), strlen(p) + 1)

/* ---- declaration macros (XNU's argument lists) ---- */

#define SYSCTL_DECL(name) \
	extern struct sysctl_oid_list sysctl_##name##_children

#define SYSCTL_STRUCT_INIT(parent, nbr, name, kind, a1, a2, fn, fmt, desc) { \
	.oid_parent = &sysctl_##parent##_children,			\
	.oid_number = (nbr),						\
	.oid_kind = (int)((kind) | CTLFLAG_OID2),			\
	.oid_arg1 = (a1),						\
	.oid_arg2 = (int)(a2),						\
	.oid_name = #name,						\
	.oid_handler = (fn),						\
	.oid_fmt = (fmt),						\
	.oid_descr = (desc),						\
	.oid_version = SYSCTL_OID_VERSION,				\
}

/* A declaration comes first so the definition may be file-global. */
#define SYSCTL_OID(parent, nbr, name, kind, a1, a2, handler, fmt, descr) \
	extern struct sysctl_oid sysctl_##parent##_##name;		\
	struct sysctl_oid sysctl_##parent##_##name =			\
		SYSCTL_STRUCT_INIT(parent, nbr, name, kind, a1, a2,	\
				   handler, fmt, descr)

#define SYSCTL_NODE(parent, nbr, name, access, handler, descr)		\
	extern struct sysctl_oid_list sysctl_##parent##_##name##_children; \
	struct sysctl_oid_list sysctl_##parent##_##name##_children;	\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_NODE | (access),		\
		   &sysctl_##parent##_##name##_children, 0, handler, "N", descr)

/* ptr may be NULL: then val is the (read-only) value. */
#define SYSCTL_INT(parent, nbr, name, access, ptr, val, descr)		\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_INT | (access),		\
		   ptr, val, sysctl_handle_int, "I", descr);		\
	static_assert(__builtin_constant_p(ptr) ||			\
		      sizeof(*(ptr)) == sizeof(int), "must be integer sized")

#define SYSCTL_UINT(parent, nbr, name, access, ptr, val, descr)	\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_INT | (access),		\
		   ptr, val, sysctl_handle_int, "IU", descr);		\
	static_assert(__builtin_constant_p(ptr) ||			\
		      sizeof(*(ptr)) == sizeof(unsigned int),		\
		      "must be integer sized")

#define SYSCTL_LONG(parent, nbr, name, access, ptr, descr)		\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_INT | (access),		\
		   ptr, 0, sysctl_handle_long, "L", descr);		\
	static_assert(sizeof(*(ptr)) == sizeof(long), "must be long sized")

#define SYSCTL_ULONG(parent, nbr, name, access, ptr, descr)		\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_INT | (access),		\
		   ptr, 0, sysctl_handle_long, "LU", descr);		\
	static_assert(sizeof(*(ptr)) == sizeof(unsigned long),		\
		      "must be long sized")

#define SYSCTL_QUAD(parent, nbr, name, access, ptr, descr)		\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_QUAD | (access),		\
		   ptr, 0, sysctl_handle_quad, "Q", descr);		\
	static_assert(sizeof(*(ptr)) == sizeof(long long),		\
		      "must be long long sized")

/* len 0: a constant string, read-only. */
#define SYSCTL_STRING(parent, nbr, name, access, arg, len, descr)	\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_STRING | (access),	\
		   arg, len, sysctl_handle_string, "A", descr)

#define SYSCTL_OPAQUE(parent, nbr, name, access, ptr, len, fmt, descr) \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_OPAQUE | (access),	\
		   ptr, len, sysctl_handle_opaque, fmt, descr)

#define SYSCTL_STRUCT(parent, nbr, name, access, ptr, type, descr)	\
	SYSCTL_OID(parent, nbr, name, CTLTYPE_OPAQUE | (access),	\
		   ptr, sizeof(struct type), sysctl_handle_opaque,	\
		   "S," #type, descr)

/* access carries the CTLTYPE. */
#define SYSCTL_PROC(parent, nbr, name, access, ptr, arg, handler, fmt, descr) \
	SYSCTL_OID(parent, nbr, name, access, ptr, arg, handler, fmt, descr)

/* ---- the tree's roots ---- */

/* Top-level nodes have an empty parent: SYSCTL_NODE(, CTL_KERN, kern, ...). */
extern struct sysctl_oid_list sysctl__children;	/* the root */
SYSCTL_DECL(_sysctl);		/* {0}: the meta-OIDs */
SYSCTL_DECL(_kern);
SYSCTL_DECL(_vm);
SYSCTL_DECL(_vfs);
SYSCTL_DECL(_net);
SYSCTL_DECL(_debug);
SYSCTL_DECL(_hw);
SYSCTL_DECL(_machdep);
SYSCTL_DECL(_user);

/* ---- registration ---- */

void sysctl_register_oid(struct sysctl_oid *oidp);
void sysctl_unregister_oid(struct sysctl_oid *oidp);

/* ---- standard handlers and helpers ---- */

int sysctl_handle_int(struct sysctl_oid *oidp, void *arg1, int arg2,
		      struct sysctl_req *req);
int sysctl_handle_long(struct sysctl_oid *oidp, void *arg1, int arg2,
		       struct sysctl_req *req);
int sysctl_handle_quad(struct sysctl_oid *oidp, void *arg1, int arg2,
		       struct sysctl_req *req);
int sysctl_handle_int2quad(struct sysctl_oid *oidp, void *arg1, int arg2,
			   struct sysctl_req *req);
int sysctl_handle_string(struct sysctl_oid *oidp, void *arg1, int arg2,
			 struct sysctl_req *req);
int sysctl_handle_opaque(struct sysctl_oid *oidp, void *arg1, int arg2,
			 struct sysctl_req *req);

int sysctl_io_number(struct sysctl_req *req, long long big_value,
		     size_t value_size, void *p_value, int *changed);
int sysctl_io_string(struct sysctl_req *req, char *p_value, size_t value_size,
		     int trunc, int *changed);
int sysctl_io_opaque(struct sysctl_req *req, void *p_value, size_t value_size,
		     int *changed);

#endif /* _XNU_KERNEL_SYS_SYSCTL_H */

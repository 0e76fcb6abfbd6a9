// SPDX-License-Identifier: GPL-2.0
/*
 * type.c - IPC types: the named types of a .defs file and how each type
 * declaration (a MACH_MSG_TYPE_* name, array[N] of, array[*:N] of,
 * array[] of, struct[N] of, ^, c_string[N] and c_string[*:N]) turns into
 * a type with a size, as migcom computes them: in-line data is padded to
 * 4 bytes; ports and out-of-line data travel as descriptors; an unbounded
 * array is in-line to the caller but sent out-of-line.
 */
#include <string.h>

#include "xmig.h"

static struct xm_names xm_typenames;

struct xm_type *xm_t_retcode, *xm_t_ndr, *xm_t_count, *xm_t_poly,
	*xm_t_dealloc, *xm_t_request_port, *xm_t_reply_port_zero,
	*xm_t_reply_port_real;

static struct xm_type *xm_type_alloc(const struct xm_loc *loc)
{
	struct xm_type *t = xm_alloc(sizeof(*t));

	t->number = 1;
	t->inl = true;
	t->is_struct = true;
	if (loc)
		t->loc = *loc;
	return t;
}

/* Bytes of one descriptor (LP64 user layout). */
static uint32_t xm_kpd_bytes(const struct xm_type *t)
{
	return t->inl ? 12 : 16;
}

/* type_size, pad_size and min_size, after any change of shape. */
static void xm_type_sizes(struct xm_type *t)
{
	uint64_t bits, bytes;

	if (xm_is_kpd(t)) {
		t->type_size = xm_kpd_bytes(t) * (t->kpd_number ? t->kpd_number : 1);
		t->pad_size = 0;
		t->min_size = t->type_size;
		return;
	}
	bits = (uint64_t)t->number * t->size;
	bytes = (bits + 7) / 8;
	if (t->number > XM_MAX_NUMBER || bytes > XM_MAX_MSG)
		xm_error(&t->loc, "type too large (%llu bytes)",
			 (unsigned long long)bytes);
	t->type_size = (uint32_t)bytes;
	t->pad_size = (4 - t->type_size % 4) % 4;
	if (xm_is_varinline(t))
		/* The count (and a string's offset) travel in front of it. */
		t->min_size = t->is_string ? 8 : 4;
	else
		t->min_size = t->type_size + t->pad_size;
}

static bool xm_is_port_name(uint32_t name)
{
	return (name >= XM_MOVE_RECEIVE && name <= XM_MAKE_SEND_ONCE) ||
	       name == XM_POLYMORPHIC;
}

/* type T = NAME | IN|OUT */
struct xm_type *xm_type_short(const struct xm_loc *loc, uint32_t in,
			      const char *in_str, uint32_t out,
			      const char *out_str, uint32_t size)
{
	struct xm_type *t;

	if (size == 0)
		xm_error(loc, "must use full IPC type decl");
	if (xm_is_port_name(in) != xm_is_port_name(out))
		xm_error(loc, "IPC types %s|%s mix a port and data", in_str,
			 out_str);
	t = xm_type_alloc(loc);
	t->in_name = in;
	t->in_str = in_str;
	t->out_name = out;
	t->out_str = out_str;
	t->size = size;
	if (in == XM_TYPE_STRING_C) {
		t->is_struct = false;
		t->is_string = true;
	}
	if (xm_is_port_name(in)) {
		t->port = true;
		t->kpd_number = 1;
	}
	xm_type_sizes(t);
	return t;
}

static struct xm_type *xm_type_copy(const struct xm_loc *loc,
				    struct xm_type *old)
{
	struct xm_type *t = xm_type_alloc(loc);

	*t = *old;
	t->name = NULL;
	t->element = old;
	if (loc)
		t->loc = *loc;
	return t;
}

/* Forget what a type's declaration added (C types, translations). */
struct xm_type *xm_type_reset(struct xm_type *t)
{
	t->in_trans = NULL;
	t->out_trans = NULL;
	t->destructor = NULL;
	t->user_type = NULL;
	t->server_type = NULL;
	t->trans_type = NULL;
	return t;
}

/* type T = OLD */
struct xm_type *xm_type_prev(const struct xm_loc *loc, const char *name)
{
	struct xm_type *old = xm_type_lookup(name);

	if (!old)
		xm_error(loc, "type '%s' not defined", name);
	return xm_type_copy(loc, old);
}

static uint32_t xm_mul(const struct xm_loc *loc, uint32_t a, uint32_t b)
{
	uint64_t r = (uint64_t)a * b;

	if (r > XM_MAX_NUMBER)
		xm_error(loc, "array too large");
	return (uint32_t)r;
}

/* array[] of, array[*] of (number 0), array[*:N] of */
struct xm_type *xm_type_var_array(const struct xm_loc *loc, uint32_t number,
				  struct xm_type *old)
{
	struct xm_type *t = xm_type_reset(xm_type_copy(loc, old));

	if (!t->inl) {
		if (t->kpd_number != 1 || !number)
			xm_error(loc, "IPC type decl is too complicated for Kernel Processed Data");
		t->kpd_number = xm_mul(loc, t->kpd_number, number);
		t->number = 1;
		t->is_struct = false;
	} else if (t->var_array) {
		xm_error(loc, "IPC type decl is too complicated");
	} else if (number) {
		t->number = xm_mul(loc, t->number, number);
		t->is_struct = false;
		if (t->port)
			t->kpd_number = xm_mul(loc, t->kpd_number, number);
	} else {
		/* Unbounded: in-line to the caller, out-of-line on the wire. */
		t->number = 0;
		t->mig_inline = true;
		t->inl = false;
		t->is_struct = true;
		t->kpd_number = 1;
	}
	t->var_array = true;
	t->is_string = false;
	xm_type_sizes(t);
	return t;
}

/* array[N] of */
struct xm_type *xm_type_array(const struct xm_loc *loc, uint32_t number,
			      struct xm_type *old)
{
	struct xm_type *t = xm_type_reset(xm_type_copy(loc, old));

	if (!number)
		xm_error(loc, "array of zero items");
	if (!t->inl) {
		if (t->kpd_number != 1)
			xm_error(loc, "IPC type decl is too complicated for Kernel Processed Data");
		t->kpd_number = xm_mul(loc, t->kpd_number, number);
		t->number = 1;
		t->var_array = false;
	} else if (t->var_array) {
		xm_error(loc, "IPC type decl is too complicated");
	} else {
		t->number = xm_mul(loc, t->number, number);
		if (t->port)
			t->kpd_number = xm_mul(loc, t->kpd_number, number);
	}
	t->is_struct = false;
	t->is_string = false;
	xm_type_sizes(t);
	return t;
}

/* struct[N] of */
struct xm_type *xm_type_struct(const struct xm_loc *loc, uint32_t number,
			       struct xm_type *old)
{
	struct xm_type *t = xm_type_reset(xm_type_copy(loc, old));

	if (!t->inl || t->var_array)
		xm_error(loc, "IPC type decl is too complicated");
	if (!number)
		xm_error(loc, "struct of zero items");
	t->number = xm_mul(loc, t->number, number);
	t->is_struct = true;
	t->is_string = false;
	xm_type_sizes(t);
	return t;
}

/* ^ T: out-of-line */
struct xm_type *xm_type_ptr(const struct xm_loc *loc, struct xm_type *t)
{
	if (!t->inl && !t->mig_inline)
		xm_error(loc, "IPC type decl is already defined to be Out-Of-Line");
	t->inl = false;
	t->is_struct = true;
	t->is_string = false;
	t->mig_inline = false;
	t->kpd_number = 1;
	xm_type_sizes(t);
	return t;
}

/* c_string[N], c_string[*:N] */
struct xm_type *xm_type_cstring(const struct xm_loc *loc, uint32_t number,
				bool varying)
{
	struct xm_type *elem, *t;

	if (!number || number > XM_MAX_NUMBER)
		xm_error(loc, "bad c_string size %u", number);
	elem = xm_type_short(loc, XM_TYPE_STRING_C, "MACH_MSG_TYPE_STRING_C",
			     XM_TYPE_STRING_C, "MACH_MSG_TYPE_STRING_C", 8);
	xm_type_name("char", elem);
	t = xm_type_reset(xm_type_copy(loc, elem));
	t->number = number;
	t->var_array = varying;
	t->is_struct = false;
	t->is_string = true;
	xm_type_sizes(t);
	return t;
}

/* Give a type its name and the C types it has by default. */
void xm_type_name(const char *name, struct xm_type *t)
{
	t->name = name;
	if (!t->in_str)
		t->in_str = xm_fmt("%u", t->in_name);
	if (!t->out_str)
		t->out_str = xm_fmt("%u", t->out_name);
	if (!t->user_type)
		t->user_type = name;
	if (!t->server_type)
		t->server_type = name;
	if (!t->trans_type)
		t->trans_type = t->server_type;
	if (t->var_array && (t->in_trans || t->out_trans))
		xm_error(&t->loc, "%s: can't translate variable-sized arrays",
			 name);
	if (t->var_array && t->destructor)
		xm_error(&t->loc, "%s: can't destroy variable-sized array", name);
}

struct xm_type *xm_type_lookup(const char *name)
{
	return xm_names_get(&xm_typenames, name);
}

/* A later declaration of the same name hides the earlier one. */
void xm_type_insert(const char *name, struct xm_type *t)
{
	xm_names_put(&xm_typenames, name, t);
}

static struct xm_type *xm_builtin(const char *name, uint32_t in,
				  const char *in_str, uint32_t out,
				  const char *out_str, uint32_t size)
{
	struct xm_type *t = xm_type_alloc(NULL);

	t->in_name = in;
	t->in_str = in_str;
	t->out_name = out;
	t->out_str = out_str;
	t->size = size;
	if (xm_is_port_name(in)) {
		t->port = true;
		t->kpd_number = 1;
	}
	xm_type_sizes(t);
	xm_type_name(name, t);
	return t;
}

void xm_types_init(void)
{
	xm_typenames.buckets = NULL;
	xm_t_retcode = xm_builtin("kern_return_t", 2, "2", 2, "2", 32);
	xm_t_ndr = xm_builtin("NDR_record_t", 0, "NDR_record_t", 0,
			      "NDR_record_t", 64);
	xm_t_count = xm_builtin("mach_msg_type_number_t", 2, "2", 2, "2", 32);
	xm_t_poly = xm_builtin("mach_msg_type_name_t", 2, "2", 2, "2", 32);
	xm_t_dealloc = xm_builtin("boolean_t", 0, "0", 0, "0", 32);
	xm_t_request_port = xm_builtin("mach_port_t", XM_COPY_SEND,
				       "MACH_MSG_TYPE_COPY_SEND", XM_PORT_SEND,
				       "MACH_MSG_TYPE_PORT_SEND", XM_PORT_BITS);
	xm_t_reply_port_zero = xm_builtin("mach_port_t", 0, "0", 0, "0",
					  XM_PORT_BITS);
	xm_t_reply_port_real = xm_builtin("mach_port_t", XM_MAKE_SEND_ONCE,
					  "MACH_MSG_TYPE_MAKE_SEND_ONCE",
					  XM_PORT_SEND_ONCE,
					  "MACH_MSG_TYPE_PORT_SEND_ONCE",
					  XM_PORT_BITS);
}

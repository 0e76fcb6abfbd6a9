// SPDX-License-Identifier: GPL-2.0
/*
 * gen_kserver.c - the kernel server, for xnucross's kernel-object
 * dispatcher (<xnucross/kobject.h>): for each routine a stub
 * _X<routine>(struct xnu_mig_call *) and the subsystem
 * (struct xnu_mig_subsystem, one struct xnu_mig_routine per msgh_id, a
 * skipped id has no stub) to list in a struct xnu_kobject_type.
 *
 * A stub checks the request as Apple's do, calls the routine and fills
 * the reply the dispatcher pre-filled as a mig_reply_error_t. The port the
 * request was sent to is xnu_mig_request_port(); an intran function gets
 * it (or a port descriptor's right, taken with xnu_mig_take_port()) as an
 * ipc_port_t, and without intran the routine does (a send-once or
 * polymorphic one as IP_DEAD when it was a dead name). As XNU's stubs: a
 * translated send right is released after the call; an untranslated right
 * belongs to the routine when it succeeds and is released when it fails.
 * A returned port is a right the routine gives (outtran's result, or an
 * ipc_port_t) and goes into the reply with xnu_mig_reply_port() and a MOVE
 * disposition (or the polymorphic one the routine chose). Errors go back
 * with xnu_mig_set_retcode(). Out-of-line memory goes one way, in the
 * reply: the routine returns a kvmalloc'ed buffer (NULL for none) and the
 * count, as XNU's routines return a vm_map_copy_t, and the stub hands it
 * to xnu_mig_reply_ool(), which consumes it; a routine that fails returns
 * no memory (as in XNU). Requests carry none here.
 */
#include "emit.h"

static const char *xm_move_disp(uint32_t out_name)
{
	switch (out_name) {
	case XM_PORT_RECEIVE:
		return "MACH_MSG_TYPE_MOVE_RECEIVE";
	case XM_PORT_SEND_ONCE:
		return "MACH_MSG_TYPE_MOVE_SEND_ONCE";
	default:
		return "MACH_MSG_TYPE_MOVE_SEND";
	}
}

static bool xm_in_port(const struct xm_arg *a)
{
	return a->kind == AK_NORMAL && a->kpd && a->send;
}

static bool xm_out_port(const struct xm_arg *a)
{
	return a->kind == AK_NORMAL && a->kpd && a->kpd_kind == XM_KPD_PORT &&
	       a->ret;
}

/* Out-of-line memory the routine returns (the only kind the kernel takes). */
static bool xm_out_ool(const struct xm_arg *a)
{
	return a->kind == AK_NORMAL && a->kpd && a->kpd_kind == XM_KPD_OOL &&
	       a->ret;
}

static void xm_helpers(FILE *f, struct xm_routine **v, size_t n)
{
	bool in = false, out = false, ool = false;
	const struct xm_arg *a;
	size_t i;

	for (i = 0; i < n; i++) {
		for (a = v[i]->args; a; a = a->next) {
			in |= xm_in_port(a);
			out |= xm_out_port(a);
			ool |= xm_out_ool(a);
		}
	}
	if (ool)
		fputs("/*\n * Put the memory a routine returned (@count items of @size bytes) in a\n"
		      " * reply descriptor, unless an earlier one failed; it is consumed.\n */\n"
		      "static inline kern_return_t xmig_kreply_ool(struct xnu_mig_call *call, kern_return_t kr,\n"
		      "\t\t\t\t\t    mach_msg_ool_descriptor_t *desc, void *data,\n"
		      "\t\t\t\t\t    mach_msg_type_number_t count, unsigned int size)\n{\n"
		      "\tif (kr == KERN_SUCCESS && count > 0xffffffffU / size)\n\t\tkr = MIG_TYPE_ERROR;\n"
		      "\tif (kr == KERN_SUCCESS)\n\t\treturn xnu_mig_reply_ool(call, desc, data, count * size);\n"
		      "\txnu_mig_reply_ool(call, NULL, data, 0);\n\treturn kr;\n}\n\n", f);
	if (in)
		fputs("/* The type a right arrives as, from the disposition it was sent with. */\n"
		      "static inline mach_msg_type_name_t xmig_received_type(mach_msg_type_name_t disp)\n{\n"
		      "\tswitch (disp) {\n\tcase MACH_MSG_TYPE_COPY_SEND:\n\tcase MACH_MSG_TYPE_MAKE_SEND:\n"
		      "\t\treturn MACH_MSG_TYPE_PORT_SEND;\n\tcase MACH_MSG_TYPE_MAKE_SEND_ONCE:\n"
		      "\t\treturn MACH_MSG_TYPE_PORT_SEND_ONCE;\n\tdefault:\n\t\treturn disp;\n\t}\n}\n\n",
		      f);
	if (!out)
		return;
	fputs("/* Release a right a routine gave for a reply that will not carry it. */\n"
	      "static inline void xmig_kdrop(ipc_port_t port, mach_msg_type_name_t disp)\n{\n"
	      "\tswitch (disp) {\n\tcase MACH_MSG_TYPE_MOVE_SEND:\n\tcase MACH_MSG_TYPE_MOVE_SEND_ONCE:\n"
	      "\tcase MACH_MSG_TYPE_MOVE_RECEIVE:\n\t\txnu_port_release_right(port, disp);\n"
	      "\t\tbreak;\n\tdefault:\n\t\tbreak;\n\t}\n}\n\n"
	      "/* Put a returned right in a reply descriptor, unless an earlier one failed. */\n"
	      "static inline kern_return_t xmig_kreply_port(struct xnu_mig_call *call, kern_return_t kr,\n"
	      "\t\t\t\t\t     mach_msg_port_descriptor_t *desc,\n"
	      "\t\t\t\t\t     ipc_port_t port, mach_msg_type_name_t disp)\n{\n"
	      "\tif (kr == KERN_SUCCESS)\n\t\tkr = xnu_mig_reply_port(call, desc, port, disp);\n"
	      "\tif (kr != KERN_SUCCESS)\n\t\txmig_kdrop(port, disp);\n\treturn kr;\n}\n\n", f);
}

/*
 * A send-once or polymorphic right the routine gets untranslated is
 * IP_DEAD when the request carried a dead name, as in XNU's stubs (where
 * mach_port_request_notification() tells it from a null one); a dead
 * right holds nothing to release.
 */
static void xm_dead_in_ports(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a;
	bool any = false;

	for (a = rt->args; a; a = a->next) {
		if (!xm_in_port(a) || a->type->in_trans ||
		    (a->type->out_name != XM_PORT_SEND_ONCE &&
		     a->type->out_name != XM_POLYMORPHIC))
			continue;
		fprintf(f, "	if (%s_port == IP_NULL)\n\t\t%s_port = xnu_mig_dead_port(call, &In0P->%s);\n",
			a->name, a->name, a->name);
		any = true;
	}
	if (any)
		fputc('\n', f);
}

/* Rights taken from request descriptors, released as XNU's stubs do. */
static void xm_release_in_ports(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a;

	bool open = false;

	for (a = rt->args; a; a = a->next)
		if (xm_in_port(a) && a->type->in_trans &&
		    a->type->out_name == XM_PORT_SEND)
			fprintf(f, "\txnu_port_release_right(%s_port, %s_type);\n",
				a->name, a->name);
	for (a = rt->args; a; a = a->next) {
		if (!xm_in_port(a) || (a->type->in_trans &&
				       a->type->out_name == XM_PORT_SEND))
			continue;
		if (!open)
			fprintf(f, "\tif (RetCode != KERN_SUCCESS) {\n");
		open = true;
		fprintf(f, "\t\txnu_port_release_right(%s_port, %s_type);\n",
			a->name, a->name);
	}
	if (open)
		fprintf(f, "\t}\n");
}

/* A returned region's item count and item size. */
static void xm_ool_count(const struct xm_arg *a, const char **cnt,
			 uint32_t *esz)
{
	if (a->type->var_array) {
		*cnt = xm_count_lval(a->count, FL_KERNEL);
		*esz = xm_elem_bytes(a);
	} else {
		*cnt = "1";
		*esz = a->type->type_size;
	}
}

/* Returned memory, then returned rights, into the reply descriptors. */
static void xm_reply_ports(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a;
	const char *port, *disp, *cnt;
	bool any = false;
	uint32_t esz;

	for (a = rt->args; a; a = a->next) {
		if (!xm_out_ool(a))
			continue;
		if (!any)
			fprintf(f, "\txmig_kr = KERN_SUCCESS;\n");
		any = true;
		xm_ool_count(a, &cnt, &esz);
		fprintf(f, "\txmig_kr = xmig_kreply_ool(call, xmig_kr, &OutP->%s,\n\t\t\t\t  (void *)(uintptr_t)%s, %s, %u);\n",
			a->name, a->name, cnt, esz);
	}
	for (a = rt->args; a; a = a->next) {
		if (!xm_out_port(a))
			continue;
		if (!any)
			fprintf(f, "\txmig_kr = KERN_SUCCESS;\n");
		any = true;
		port = a->type->out_trans ?
		       xm_fmt("%s(%s)", a->type->out_trans, a->name) : a->name;
		disp = a->poly && a->poly->server_ref ? a->poly->name :
		       xm_move_disp(a->type->out_name);
		fprintf(f, "\txmig_kr = xmig_kreply_port(call, xmig_kr, &OutP->%s, %s, %s);\n",
			a->name, port, disp);
	}
	if (any)
		fprintf(f, "\tif (xmig_kr != KERN_SUCCESS) {\n\t\txnu_mig_set_retcode(call, xmig_kr);\n\t\treturn;\n\t}\n\n");
}

/* Returned memory starts as none (the routine may leave it so). */
static void xm_null_ool(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a;
	bool any = false;

	for (a = rt->args; a; a = a->next) {
		if (!xm_out_ool(a))
			continue;
		fprintf(f, "\t%s = (%s)0;\n", a->name, a->type->trans_type);
		any = true;
	}
	if (any)
		fputc('\n', f);
}

static void xm_kstub_locals(FILE *f, const struct xm_routine *rt)
{
	const struct xm_arg *a;
	bool ports = false;
	int i;

	fprintf(f, "\ttypedef __Request__%s_t Request __attribute__((unused));\n",
		rt->name);
	fprintf(f, "\ttypedef __Reply__%s_t Reply __attribute__((unused));\n",
		rt->name);
	fprintf(f, "\tconst Request *In0P = (const void *)xnu_mig_request(call);\n");
	for (i = 1; i <= rt->max_req_pos; i++)
		fprintf(f, "\tconst Request *In%dP;\n", i);
	if (!rt->oneway && !rt->no_reply_args) {
		fprintf(f, "\tmach_msg_header_t *OutHeadP = xnu_mig_reply(call);\n");
		fprintf(f, "\tReply *OutP = (Reply *)OutHeadP;\n");
	}
	if (rt->num_rep_var > 1)
		fprintf(f, "\tunsigned int msgh_size;\n");
	if (rt->max_rep_pos > 0)
		fprintf(f, "\tunsigned int msgh_size_delta;\n");
	fprintf(f, "\tkern_return_t RetCode;\n");
	for (a = rt->args; a; a = a->next)
		ports |= xm_out_port(a) || xm_out_ool(a);
	if (ports)
		fprintf(f, "\tkern_return_t xmig_kr;\n");
	xm_srv_locals(f, rt, FL_KERNEL);
	fputc('\n', f);
}

static void xm_kstub(FILE *f, const struct xm_routine *rt)
{
	int i;

	fprintf(f, "/* %s %s */\n", rt->oneway ? "SimpleRoutine" : "Routine",
		rt->name);
	fprintf(f, "static void _X%s(struct xnu_mig_call *call)\n{\n", rt->name);
	xm_kstub_locals(f, rt);
	fprintf(f, "\tRetCode = __MIG_check__Request__%s_t(In0P", rt->name);
	for (i = 1; i <= rt->max_req_pos; i++)
		fprintf(f, ", &In%dP", i);
	fprintf(f, ");\n\tif (RetCode != KERN_SUCCESS) {\n\t\txnu_mig_set_retcode(call, RetCode);\n\t\treturn;\n\t}\n\n");
	xm_srv_extract(f, rt, FL_KERNEL);
	xm_dead_in_ports(f, rt);
	xm_null_ool(f, rt);
	xm_srv_call(f, rt, FL_KERNEL, "RetCode");
	xm_srv_destroy(f, rt, FL_KERNEL);
	xm_release_in_ports(f, rt);
	if (rt->oneway || rt->no_reply_args) {
		fprintf(f, "\txnu_mig_set_retcode(call, RetCode);\n}\n\n");
		return;
	}
	fprintf(f, "\tif (RetCode != KERN_SUCCESS) {\n\t\txnu_mig_set_retcode(call, RetCode);\n\t\treturn;\n\t}\n\n");
	xm_srv_count_checks(f, rt, FL_KERNEL,
			    "xnu_mig_set_retcode(call, MIG_TYPE_ERROR);\n\t\treturn;");
	xm_reply_ports(f, rt);
	xm_srv_reply_body(f, rt, FL_KERNEL);
	xm_srv_finish(f, rt);
	fprintf(f, "}\n\n");
}

static void xm_ktable(FILE *f, const struct xm_interface *ifc,
		      struct xm_routine **v, size_t n)
{
	struct xm_routine **slot = xm_alloc((ifc->count + 1) * sizeof(*slot));
	uint32_t i;

	for (i = 0; i < n; i++)
		slot[v[i]->id - ifc->base] = v[i];
	fprintf(f, "/* One slot per msgh_id from %u; a skipped id has no stub. */\n",
		ifc->base);
	fprintf(f, "static const struct xnu_mig_routine %s_routines[] = {\n",
		ifc->name);
	for (i = 0; i < ifc->count || i == 0; i++) {
		if (slot[i])
			fprintf(f, "\t{ _X%s, (mach_msg_size_t)sizeof(__Reply__%s_t) },\n",
				slot[i]->name, slot[i]->name);
		else
			fprintf(f, "\t{ NULL, 0 },\n");
	}
	fprintf(f, "};\n\n");
	fprintf(f, "const struct xnu_mig_subsystem %s_subsystem = {\n", ifc->name);
	fprintf(f, "\t.name = \"%s\",\n\t.start = %u,\n\t.end = %u,\n", ifc->name,
		ifc->base, ifc->base + ifc->count);
	if (n)
		fprintf(f, "\t.maxsize = (mach_msg_size_t)sizeof(union __ReplyUnion__%s_subsystem),\n",
			ifc->name);
	else
		fprintf(f, "\t.maxsize = (mach_msg_size_t)sizeof(mig_reply_error_t),\n");
	fprintf(f, "\t.routines = %s_routines,\n};\n", ifc->name);
}

void xm_gen_kserver(FILE *f, const struct xm_interface *ifc,
		    const struct xm_options *o)
{
	struct xm_routine **v;
	size_t n, i;

	xm_emit_banner(f, ifc, "Kernel server (xnucross kernel objects)");
	fprintf(f, "#include <linux/kernel.h>\n#include <linux/string.h>\n#include <linux/types.h>\n\n");
	if (xm_is_null_file(o->ksheader_file))
		xm_emit_kernel_decls(f, ifc);
	else
		fprintf(f, "#include \"%s\"\n", xm_base_name(o->ksheader_file));
	xm_emit_imports(f, ifc, XI_SCODE);
	fprintf(f, "\n#ifndef\t_WALIGN_\n#define\t_WALIGN_(x)\t(((x) + 3) & ~3U)\n#endif\n\n");
	v = xm_routines(ifc, FL_KERNEL, &n);
	xm_helpers(f, v, n);
	for (i = 0; i < n; i++) {
		xm_emit_request_check(f, v[i], FL_KERNEL);
		xm_kstub(f, v[i]);
	}
	xm_ktable(f, ifc, v, n);
}

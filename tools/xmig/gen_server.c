// SPDX-License-Identifier: GPL-2.0
/*
 * gen_server.c - the user-space server (<subsystem>Server.c): for each
 * routine a stub _X<routine>(InHeadP, OutHeadP) that checks the request,
 * calls the server routine and builds the reply; the demux
 * <subsystem>_server(), usable with mach_msg_server(), which pre-fills the
 * reply header as Apple's does and answers an unknown msgh_id with
 * MIG_BAD_ID; <subsystem>_server_routine(); and the <subsystem>_subsystem
 * table in the shape of Darwin's struct mig_subsystem. Errors are returned
 * in a 36-byte mig_reply_error_t (MIG_RETURN_ERROR).
 */
#include "emit.h"

static void xm_trailer_check(FILE *f, const struct xm_routine *rt)
{
	static const char *const field[] = {
		[TR_SEQNO] = "msgh_seqno", [TR_SECTOKEN] = "msgh_sender",
		[TR_AUDIT] = "msgh_audit", [TR_CONTEXT] = "msgh_context",
	};
	const struct xm_arg *a;

	fprintf(f, "\tTrailerP = (mach_msg_max_trailer_t *)((uintptr_t)In0P +\n\t\tround_msg(In0P->Head.msgh_size));\n");
	fprintf(f, "\tif (TrailerP->msgh_trailer_type != MACH_MSG_TRAILER_FORMAT_0)\n\t\t{ MIG_RETURN_ERROR(OutP, MIG_TRAILER_ERROR); }\n");
	for (a = rt->args; a; a = a->next)
		if (a->kind == AK_TRAILER)
			fprintf(f, "\tif (TrailerP->msgh_trailer_size <\n\t    (mach_msg_size_t)(offsetof(mach_msg_max_trailer_t, %s) +\n\t\t\t      sizeof(TrailerP->%s)))\n\t\t{ MIG_RETURN_ERROR(OutP, MIG_TRAILER_ERROR); }\n",
				field[a->trailer], field[a->trailer]);
	fputc('\n', f);
}

static const char *xm_dealloc_str(const struct xm_arg *a)
{
	return a->dealloc == DEALLOC_YES ? "TRUE" : "FALSE";
}

/* Reply descriptors get their constant fields before the call. */
static void xm_init_kpd(FILE *f, const struct xm_arg *a)
{
	const struct xm_type *t = a->type;
	const char *x = xm_fmt("OutP->%s", a->name);
	bool poly = a->poly && a->poly->server_ref;

	switch (a->kpd_kind) {
	case XM_KPD_PORT:
		fprintf(f, "\t%s.name = MACH_PORT_NULL;\n", x);
		if (!poly)
			fprintf(f, "\t%s.disposition = %s;\n", x, t->in_str);
		fprintf(f, "\t%s.pad1 = 0;\n\t%s.pad2 = 0;\n\t%s.type = MACH_MSG_PORT_DESCRIPTOR;\n\n",
			x, x, x);
		return;
	case XM_KPD_OOL:
		fprintf(f, "\t%s.address = (void *)0;\n", x);
		fprintf(f, "\t%s.size = %u;\n", x, t->var_array ? 0 : t->type_size);
		if (a->dealloc != DEALLOC_MAYBE)
			fprintf(f, "\t%s.deallocate = %s;\n", x, xm_dealloc_str(a));
		fprintf(f, "\t%s.copy = %s;\n\t%s.pad1 = 0;\n\t%s.type = MACH_MSG_OOL_DESCRIPTOR;\n\n",
			x, (a->flags & XF_PHYSICALCOPY) ? "MACH_MSG_PHYSICAL_COPY" :
			"MACH_MSG_VIRTUAL_COPY", x, x);
		return;
	default:
		fprintf(f, "\t%s.address = (void *)0;\n", x);
		fprintf(f, "\t%s.count = %u;\n", x, t->var_array ? 0 : t->number);
		if (!poly)
			fprintf(f, "\t%s.disposition = %s;\n", x, t->in_str);
		if (a->dealloc != DEALLOC_MAYBE)
			fprintf(f, "\t%s.deallocate = %s;\n", x, xm_dealloc_str(a));
		fprintf(f, "\t%s.copy = MACH_MSG_PHYSICAL_COPY;\n\t%s.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;\n\n",
			x, x);
		return;
	}
}

/* After the call: what the routine returned into locals. */
static void xm_pack_kpd(FILE *f, const struct xm_arg *a)
{
	const struct xm_type *t = a->type;
	const char *x = xm_fmt("OutP->%s", a->name), *cnt;
	uint32_t esz = xm_elem_bytes(a);

	if (a->kpd_kind == XM_KPD_PORT && a->var_needed)
		fprintf(f, "\t%s.name = %s;\n", x, t->out_trans ?
			xm_fmt("%s(%s)", t->out_trans, a->name) : a->name);
	else if (a->var_needed)
		fprintf(f, "\t%s.address = (void *)(%s);\n", x, a->name);
	if (a->poly && a->poly->server_ref)
		fprintf(f, "\t%s.disposition = %s;\n", x, a->poly->name);
	if (a->dealloc == DEALLOC_MAYBE)
		fprintf(f, "\t%s.deallocate = %s;\n", x, a->dealloc_arg->name);
	if (a->kpd_kind == XM_KPD_PORT || !t->var_array)
		return;
	cnt = xm_count_lval(a->count, FL_SERVER);
	if (a->kpd_kind == XM_KPD_OOL_PORTS)
		fprintf(f, "\t%s.count = %s;\n", x, cnt);
	else if (esz > 1)
		fprintf(f, "\t%s.size = %s * %u;\n", x, cnt, esz);
	else
		fprintf(f, "\t%s.size = %s;\n", x, cnt);
}

static void xm_stub_locals(FILE *f, const struct xm_routine *rt)
{
	int i;

	fprintf(f, "\ttypedef __Request__%s_t Request __attribute__((unused));\n",
		rt->name);
	fprintf(f, "\ttypedef __Reply__%s_t Reply __attribute__((unused));\n",
		rt->name);
	fprintf(f, "\tRequest *In0P = (Request *)InHeadP;\n");
	for (i = 1; i <= rt->max_req_pos; i++)
		fprintf(f, "\tRequest *In%dP;\n", i);
	fprintf(f, "\tReply *OutP = (Reply *)OutHeadP;\n");
	if (rt->num_rep_var > 1)
		fprintf(f, "\tunsigned int msgh_size;\n");
	if (rt->max_rep_pos > 0)
		fprintf(f, "\tunsigned int msgh_size_delta;\n");
	if (rt->server_trailer)
		fprintf(f, "\tmach_msg_max_trailer_t *TrailerP;\n");
	fprintf(f, "\tkern_return_t check_result;\n");
	if (!rt->simple_reply)
		fprintf(f, "\tkern_return_t RetCode;\n");
	xm_srv_locals(f, rt, FL_SERVER);
	fputc('\n', f);
}

static void xm_stub(FILE *f, const struct xm_routine *rt)
{
	const char *lv = rt->simple_reply ? "OutP->RetCode" : "RetCode";
	const struct xm_arg *a;
	int i;

	fprintf(f, "/* %s %s */\n", rt->oneway ? "SimpleRoutine" : "Routine",
		rt->name);
	fprintf(f, "mig_internal void _X%s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP)\n{\n",
		rt->name);
	xm_stub_locals(f, rt);
	fprintf(f, "\tcheck_result = __MIG_check__Request__%s_t(In0P", rt->name);
	for (i = 1; i <= rt->max_req_pos; i++)
		fprintf(f, ", &In%dP", i);
	fprintf(f, ");\n\tif (check_result != MACH_MSG_SUCCESS)\n\t\t{ MIG_RETURN_ERROR(OutP, check_result); }\n\n");
	if (rt->server_trailer)
		xm_trailer_check(f, rt);
	for (a = rt->args; a; a = a->next)
		if (a->in_rep && a->kpd)
			xm_init_kpd(f, a);
	xm_srv_extract(f, rt, FL_SERVER);
	xm_srv_call(f, rt, FL_SERVER, lv);
	xm_srv_destroy(f, rt, FL_SERVER);
	if (rt->oneway) {
		fprintf(f, "}\n\n");
		return;
	}
	if (rt->no_reply_args) {
		fprintf(f, "\tOutP->NDR = NDR_record;\n}\n\n");
		return;
	}
	fprintf(f, "\tif (%s != KERN_SUCCESS)\n\t\t{ MIG_RETURN_ERROR(OutP, %s); }\n\n",
		lv, lv);
	xm_srv_count_checks(f, rt, FL_SERVER,
			    "MIG_RETURN_ERROR(OutP, MIG_TYPE_ERROR);");
	for (a = rt->args; a; a = a->next)
		if (a->in_rep && a->kpd)
			xm_pack_kpd(f, a);
	xm_srv_reply_body(f, rt, FL_SERVER);
	xm_srv_finish(f, rt);
	fprintf(f, "}\n\n");
}

static void xm_subsystem(FILE *f, const struct xm_interface *ifc,
			 struct xm_routine **v, size_t n)
{
	struct xm_routine **slot = xm_alloc((ifc->count + 1) * sizeof(*slot));
	uint32_t i;

	for (i = 0; i < n; i++)
		slot[v[i]->id - ifc->base] = v[i];
	fprintf(f, "/* Description of this subsystem, for use in direct RPC */\n");
	fprintf(f, "const struct %s_subsystem %s_subsystem = {\n", ifc->name,
		ifc->name);
	fprintf(f, "\t%s_routine,\n\t%u,\n\t%u,\n", ifc->server_demux,
		ifc->base, ifc->base + ifc->count);
	if (n)
		fprintf(f, "\t(mach_msg_size_t)sizeof(union __ReplyUnion__%s_subsystem),\n",
			ifc->name);
	else
		fprintf(f, "\t(mach_msg_size_t)sizeof(mig_reply_error_t),\n");
	fprintf(f, "\t(vm_address_t)0,\n\t{\n");
	for (i = 0; i < ifc->count || i == 0; i++) {
		if (!slot[i]) {
			fprintf(f, "\t\t{ 0, 0, 0, 0, 0, 0 },\n");
			continue;
		}
		fprintf(f, "\t\t{ (mig_impl_routine_t)0, (mig_stub_routine_t)_X%s, %u, 0,\n\t\t  (routine_arg_descriptor_t)0, (mach_msg_size_t)sizeof(__Reply__%s_t) },\n",
			slot[i]->name, xm_argc(slot[i]), slot[i]->name);
	}
	fprintf(f, "\t}\n};\n\n");
}

static void xm_demux(FILE *f, const struct xm_interface *ifc)
{
	const char *d = ifc->server_demux;

	fprintf(f, "mig_external mig_routine_t %s_routine(mach_msg_header_t *InHeadP)\n{\n", d);
	fprintf(f, "\tmach_msg_id_t msgh_id = InHeadP->msgh_id;\n\n");
	fprintf(f, "\tif (msgh_id < %u || msgh_id >= %u)\n\t\treturn 0;\n",
		ifc->base, ifc->base + ifc->count);
	fprintf(f, "\treturn %s_subsystem.routine[msgh_id - %u].stub_routine;\n}\n\n",
		ifc->name, ifc->base);
	fprintf(f, "mig_external boolean_t %s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP)\n{\n", d);
	fputs("\tmig_routine_t routine;\n\n"
	      "\tOutHeadP->msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(InHeadP->msgh_bits), 0);\n"
	      "\tOutHeadP->msgh_remote_port = InHeadP->msgh_remote_port;\n"
	      "\t/* Minimal size: routine() will update it if different */\n"
	      "\tOutHeadP->msgh_size = (mach_msg_size_t)sizeof(mig_reply_error_t);\n"
	      "\tOutHeadP->msgh_local_port = MACH_PORT_NULL;\n"
	      "\tOutHeadP->msgh_id = (mach_msg_id_t)((mach_msg_size_t)InHeadP->msgh_id + 100);\n"
	      "\tOutHeadP->msgh_voucher_port = MACH_PORT_NULL;\n\n", f);
	fprintf(f, "\troutine = %s_routine(InHeadP);\n", d);
	fputs("\tif (routine == 0) {\n"
	      "\t\t((mig_reply_error_t *)OutHeadP)->NDR = NDR_record;\n"
	      "\t\t((mig_reply_error_t *)OutHeadP)->RetCode = MIG_BAD_ID;\n"
	      "\t\treturn FALSE;\n\t}\n"
	      "\t(*routine)(InHeadP, OutHeadP);\n\treturn TRUE;\n}\n", f);
}

void xm_gen_server(FILE *f, const struct xm_interface *ifc,
		   const struct xm_options *o)
{
	struct xm_routine **v;
	size_t n, i;

	xm_emit_banner(f, ifc, "User-space server");
	if (xm_is_null_file(o->sheader_file))
		xm_emit_server_decls(f, ifc);
	else
		fprintf(f, "#include \"%s\"\n", xm_base_name(o->sheader_file));
	fprintf(f, "\n#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n#include <mach/mig.h>\n");
	xm_emit_imports(f, ifc, XI_SCODE);
	fputc('\n', f);
	xm_emit_common_defines(f);
	fputs("#ifndef MIG_RETURN_ERROR\n#define MIG_RETURN_ERROR(X, code) {\\\n"
	      "\t\t((mig_reply_error_t *)X)->RetCode = code;\\\n"
	      "\t\t((mig_reply_error_t *)X)->NDR = NDR_record;\\\n"
	      "\t\treturn;\\\n\t}\n#endif\n\n", f);
	v = xm_routines(ifc, FL_SERVER, &n);
	for (i = 0; i < n; i++) {
		xm_emit_request_check(f, v[i], FL_SERVER);
		xm_stub(f, v[i]);
	}
	xm_subsystem(f, ifc, v, n);
	xm_demux(f, ifc);
}

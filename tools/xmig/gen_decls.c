// SPDX-License-Identifier: GPL-2.0
/*
 * gen_decls.c - the headers: the user header (<subsystem>.h: the stubs'
 * prototypes and the message types), the user-space server header (the
 * server routines to implement, the demux, the subsystem table, the
 * message types) and the kernel server header (the routines a kernel
 * module implements and its struct xnu_mig_subsystem). When a code file
 * is generated without its header, the same declarations go at its top.
 */
#include "emit.h"

static void xm_user_includes(FILE *f)
{
	fputs("#include <string.h>\n#include <mach/ndr.h>\n#include <mach/boolean.h>\n"
	      "#include <mach/kern_return.h>\n#include <mach/notify.h>\n"
	      "#include <mach/mach_types.h>\n#include <mach/message.h>\n"
	      "#include <mach/mig_errors.h>\n#include <mach/port.h>\n"
	      "#include <mach/mig.h>\n\n", f);
}

static void xm_extern_prototype(FILE *f, const struct xm_routine *rt,
				enum xm_flavour fl, const char *name)
{
	fprintf(f, "/* %s %s */\n", rt->oneway ? "SimpleRoutine" : "Routine",
		rt->name);
	fprintf(f, "#ifdef\tmig_external\nmig_external\n#else\nextern\n#endif\t/* mig_external */\n");
	xm_emit_prototype(f, rt, fl, name);
	fprintf(f, ";\n\n");
}

static void xm_cplusplus(FILE *f, bool open)
{
	fprintf(f, open ? "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n" :
		"#ifdef __cplusplus\n}\n#endif\n\n");
}

void xm_emit_user_decls(FILE *f, const struct xm_interface *ifc)
{
	struct xm_routine **v;
	size_t n, i;

	xm_user_includes(f);
	fprintf(f, "#ifndef\t%s_MSG_COUNT\n#define\t%s_MSG_COUNT\t%u\n#endif\t/* %s_MSG_COUNT */\n\n",
		ifc->name, ifc->name, ifc->count, ifc->name);
	xm_emit_imports(f, ifc, XI_UHEADER);
	fprintf(f, "\n#ifdef __BeforeMigUserHeader\n__BeforeMigUserHeader\n#endif /* __BeforeMigUserHeader */\n\n");
	xm_cplusplus(f, true);
	v = xm_routines(ifc, FL_USER, &n);
	for (i = 0; i < n; i++)
		xm_extern_prototype(f, v[i], FL_USER, v[i]->user_name);
	xm_cplusplus(f, false);
	xm_emit_msg_types(f, ifc, SIDE_USER);
	fprintf(f, "#ifdef __AfterMigUserHeader\n__AfterMigUserHeader\n#endif /* __AfterMigUserHeader */\n");
}

static void xm_subsystem_type(FILE *f, const struct xm_interface *ifc)
{
	fprintf(f, "/* Description of this subsystem, for use in direct RPC */\n");
	fprintf(f, "extern const struct %s_subsystem {\n", ifc->name);
	fputs("\tmig_server_routine_t\tserver;\t/* Server routine */\n"
	      "\tmach_msg_id_t\tstart;\t/* Min routine number */\n"
	      "\tmach_msg_id_t\tend;\t/* Max routine number + 1 */\n"
	      "\tunsigned int\tmaxsize;\t/* Max msg size */\n"
	      "\tvm_address_t\treserved;\t/* Reserved */\n"
	      "\tstruct routine_descriptor\t/* Array of routine descriptors */\n", f);
	fprintf(f, "\t\troutine[%u];\n} %s_subsystem;\n\n",
		ifc->count ? ifc->count : 1, ifc->name);
}

void xm_emit_server_decls(FILE *f, const struct xm_interface *ifc)
{
	struct xm_routine **v;
	size_t n, i;

	xm_user_includes(f);
	xm_emit_imports(f, ifc, XI_SHEADER);
	fprintf(f, "\n#ifdef __BeforeMigServerHeader\n__BeforeMigServerHeader\n#endif /* __BeforeMigServerHeader */\n\n");
	xm_cplusplus(f, true);
	v = xm_routines(ifc, FL_SERVER, &n);
	for (i = 0; i < n; i++)
		xm_extern_prototype(f, v[i], FL_SERVER, v[i]->server_name);
	fprintf(f, "extern boolean_t %s(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP);\n\n",
		ifc->server_demux);
	fprintf(f, "extern mig_routine_t %s_routine(mach_msg_header_t *InHeadP);\n\n",
		ifc->server_demux);
	xm_subsystem_type(f, ifc);
	xm_cplusplus(f, false);
	xm_emit_msg_types(f, ifc, SIDE_SERVER);
	fprintf(f, "#ifdef __AfterMigServerHeader\n__AfterMigServerHeader\n#endif /* __AfterMigServerHeader */\n");
}

void xm_emit_kernel_decls(FILE *f, const struct xm_interface *ifc)
{
	struct xm_routine **v;
	size_t n, i;

	fprintf(f, "#include <mach/mig.h>\n");
	xm_emit_imports(f, ifc, XI_SHEADER);
	fputc('\n', f);
	v = xm_routines(ifc, FL_KERNEL, &n);
	for (i = 0; i < n; i++) {
		fprintf(f, "/* %s %s, msgh_id %u */\n",
			v[i]->oneway ? "SimpleRoutine" : "Routine", v[i]->name,
			v[i]->id);
		xm_emit_prototype(f, v[i], FL_KERNEL, v[i]->server_name);
		fprintf(f, ";\n\n");
	}
	fprintf(f, "/* The subsystem, for a struct xnu_kobject_type's subsystems. */\n");
	fprintf(f, "extern const struct xnu_mig_subsystem %s_subsystem;\n\n",
		ifc->name);
	xm_emit_msg_types(f, ifc, SIDE_SERVER);
}

static void xm_guarded(FILE *f, const struct xm_interface *ifc,
		       const char *what, const char *suffix,
		       void (*body)(FILE *, const struct xm_interface *))
{
	xm_emit_banner(f, ifc, what);
	fprintf(f, "#ifndef\t_%s_%s_\n#define\t_%s_%s_\n\n/* Module %s */\n\n",
		ifc->name, suffix, ifc->name, suffix, ifc->name);
	body(f, ifc);
	fprintf(f, "\n#endif\t/* _%s_%s_ */\n", ifc->name, suffix);
}

void xm_gen_user_header(FILE *f, const struct xm_interface *ifc,
			const struct xm_options *o)
{
	(void)o;
	xm_guarded(f, ifc, "User header", "user", xm_emit_user_decls);
}

void xm_gen_server_header(FILE *f, const struct xm_interface *ifc,
			  const struct xm_options *o)
{
	(void)o;
	xm_guarded(f, ifc, "User-space server header", "server",
		   xm_emit_server_decls);
}

void xm_gen_kserver_header(FILE *f, const struct xm_interface *ifc,
			   const struct xm_options *o)
{
	(void)o;
	xm_guarded(f, ifc, "Kernel server header (xnucross kernel objects)",
		   "kserver", xm_emit_kernel_decls);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * xmig.c - xmig's command line: runs the C preprocessor on the .defs file
 * (as Apple's mig does, with -D__MACH30__ and the -I/-D/-U options given),
 * parses it, checks every routine for each flavour to write, and writes
 * the files asked for (Apple mig's defaults: <subsystem>User.c,
 * <subsystem>.h, <subsystem>Server.c). A file is written under a temporary
 * name and renamed, so a failed run leaves no half-written output.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xmig.h"

#define XM_MAX_INPUT	(64U << 20)

static const char xm_usage[] =
	"usage: xmig [options] file.defs\n"
	"  -user FILE       user stubs (default <subsystem>User.c)\n"
	"  -header FILE     user header (default <subsystem>.h)\n"
	"  -server FILE     server (default <subsystem>Server.c; the kernel\n"
	"                   flavour when the subsystem is KernelServer)\n"
	"  -sheader FILE    server header (default: none)\n"
	"  -kserver FILE    kernel server for xnucross kernel objects\n"
	"  -ksheader FILE   its header\n"
	"  -I DIR, -D NAME[=VAL], -U NAME   passed to the preprocessor\n"
	"  -cpp PROGRAM     the preprocessor (default $CPP, else cpp)\n"
	"  -preprocessed    the input is preprocessed already (\"-\": stdin)\n"
	"  -layout          print each routine's msgh_id and message sizes\n"
	"  -q               no warnings\n"
	"Write /dev/null to skip a file.\n";

struct xm_cmdline {
	struct xm_options o;
	const char *input, *cpp;
	const char **cpp_args;
	size_t ncpp;
	bool preprocessed, layout;
};

static void xm_cpp_arg(struct xm_cmdline *c, const char *a)
{
	const char **v = xm_alloc((c->ncpp + 1) * sizeof(*v));

	if (c->ncpp)
		memcpy(v, c->cpp_args, c->ncpp * sizeof(*v));
	v[c->ncpp++] = a;
	c->cpp_args = v;
}

/* Options Apple's mig takes that change nothing here. */
static bool xm_ignored(const char *a, bool *takes_value)
{
	static const char *const flags[] = {
		"-Q", "-v", "-V", "-l", "-L", "-k", "-K", "-s", "-S", "-R",
		"-r", "-split", "-novouchers", "-MD", "-x", "-X", "-t", "-T",
	};
	static const char *const valued[] = {
		"-arch", "-target", "-isysroot", "-maxonstack", "-iheader",
		"-dheader", "-cc", "-migcom",
	};
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(a, flags[i])) {
			*takes_value = false;
			return true;
		}
	for (i = 0; i < sizeof(valued) / sizeof(valued[0]); i++)
		if (!strcmp(a, valued[i])) {
			*takes_value = true;
			return true;
		}
	return false;
}

static const char *xm_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		xm_die("%s needs a value", argv[*i]);
	return argv[++*i];
}

static bool xm_file_opt(struct xm_cmdline *c, int argc, char **argv, int *i)
{
	static const struct {
		const char *name;
		size_t off;
	} files[] = {
		{ "-user", offsetof(struct xm_options, user_file) },
		{ "-header", offsetof(struct xm_options, header_file) },
		{ "-server", offsetof(struct xm_options, server_file) },
		{ "-sheader", offsetof(struct xm_options, sheader_file) },
		{ "-kserver", offsetof(struct xm_options, kserver_file) },
		{ "-ksheader", offsetof(struct xm_options, ksheader_file) },
	};
	size_t k;

	for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		if (strcmp(argv[*i], files[k].name))
			continue;
		*(const char **)((char *)&c->o + files[k].off) =
			xm_value(argc, argv, i);
		return true;
	}
	return false;
}

static void xm_args(struct xm_cmdline *c, int argc, char **argv)
{
	bool takes;
	const char *a;
	int i;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(xm_usage, stdout);
			exit(0);
		} else if (xm_file_opt(c, argc, argv, &i)) {
			continue;
		} else if (!strcmp(a, "-cpp")) {
			c->cpp = xm_value(argc, argv, &i);
		} else if (!strcmp(a, "-preprocessed")) {
			c->preprocessed = true;
		} else if (!strcmp(a, "-layout")) {
			c->layout = true;
		} else if (!strcmp(a, "-q")) {
			xm_quiet = 1;
		} else if ((a[0] == '-' && strchr("IDU", a[1]) && a[1])) {
			xm_cpp_arg(c, a[2] ? a : xm_fmt("%s%s", a,
						       xm_value(argc, argv, &i)));
		} else if (xm_ignored(a, &takes)) {
			if (takes)
				xm_value(argc, argv, &i);
		} else if (a[0] == '-' && a[1]) {
			xm_die("unknown option %s\n%s", a, xm_usage);
		} else if (c->input) {
			xm_die("more than one input file");
		} else {
			c->input = a;
		}
	}
	if (!c->input)
		xm_die("no input file\n%s", xm_usage);
}

/* Read all of @fd; the run ends if it is too large. */
static char *xm_read_fd(int fd, size_t *len, const char *what)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap), *nb;
	ssize_t r;

	if (!buf)
		xm_die("out of memory");
	for (;;) {
		if (n == cap) {
			if (cap >= XM_MAX_INPUT)
				xm_die("%s: input too large", what);
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb)
				xm_die("out of memory");
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			xm_die("%s: %s", what, strerror(errno));
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return buf;
}

static char *xm_read_file(const char *path, size_t *len)
{
	FILE *fp;
	char *buf;

	if (!strcmp(path, "-"))
		return xm_read_fd(0, len, "stdin");
	fp = fopen(path, "r");
	if (!fp)
		xm_die("%s: %s", path, strerror(errno));
	buf = xm_read_fd(fileno(fp), len, path);
	fclose(fp);
	return buf;
}

/* Run the preprocessor and collect what it prints. */
static char *xm_preprocess(struct xm_cmdline *c, size_t *len)
{
	const char *cpp = c->cpp ? c->cpp : getenv("CPP");
	const char **argv;
	int fds[2], status;
	size_t i, n = 0;
	char *out;
	pid_t pid;

	if (!cpp || !*cpp)
		cpp = "cpp";
	argv = xm_alloc((c->ncpp + 6) * sizeof(*argv));
	argv[n++] = cpp;
	argv[n++] = "-x";
	argv[n++] = "c";
	argv[n++] = "-D__MACH30__";
	for (i = 0; i < c->ncpp; i++)
		argv[n++] = c->cpp_args[i];
	argv[n++] = c->input;
	if (pipe(fds))
		xm_die("pipe: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		xm_die("fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp(cpp, (char *const *)argv);
		fprintf(stderr, "xmig: %s: %s\n", cpp, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	out = xm_read_fd(fds[0], len, cpp);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			xm_die("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		free(out);
		xm_die("%s: the preprocessor failed", c->input);
	}
	return out;
}

typedef void (*xm_gen_fn)(FILE *f, const struct xm_interface *ifc,
			  const struct xm_options *o);

static void xm_write(const char *path, xm_gen_fn gen,
		     const struct xm_interface *ifc, const struct xm_options *o)
{
	char *tmp;
	FILE *f;

	if (!path || !strcmp(path, "/dev/null"))
		return;
	tmp = xm_fmt("%s.xmig-tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		xm_die("%s: %s", path, strerror(errno));
	gen(f, ifc, o);
	if (ferror(f) | fclose(f)) {
		unlink(tmp);
		xm_die("%s: write error", path);
	}
	if (rename(tmp, path)) {
		unlink(tmp);
		xm_die("%s: %s", path, strerror(errno));
	}
}

/* Every routine must be valid for each flavour written, before writing. */
static void xm_check_all(const struct xm_interface *ifc, bool kernel)
{
	const struct xm_stmt *s;

	for (s = ifc->stmts; s; s = s->next) {
		if (s->kind != S_ROUTINE)
			continue;
		xm_routine_build(ifc, s->routine, FL_USER);
		xm_routine_build(ifc, s->routine, FL_SERVER);
		if (kernel)
			xm_routine_build(ifc, s->routine, FL_KERNEL);
	}
}

static void xm_defaults(struct xm_options *o, const struct xm_interface *ifc)
{
	if (!o->user_file)
		o->user_file = xm_fmt("%sUser.c", ifc->name);
	if (!o->header_file)
		o->header_file = xm_fmt("%s.h", ifc->name);
	if (!o->server_file)
		o->server_file = xm_fmt("%sServer.c", ifc->name);
	o->server_is_kernel = ifc->kernel_server;
}

int main(int argc, char **argv)
{
	struct xm_cmdline c = { 0 };
	struct xm_interface ifc = { 0 };
	struct xm_options ko;
	struct xm_lexer lx;
	bool kernel;
	size_t len;
	char *text;

	atexit(xm_free_all);
	xm_args(&c, argc, argv);
	text = c.preprocessed ? xm_read_file(c.input, &len) :
		xm_preprocess(&c, &len);
	xm_types_init();
	xm_lex_init(&lx, text, len, xm_strdup(c.input));
	xm_parse(&lx, &ifc);
	free(text);
	if (c.layout) {
		xm_layout_dump(stdout, &ifc);
		return 0;
	}
	xm_defaults(&c.o, &ifc);
	kernel = c.o.kserver_file || c.o.ksheader_file || c.o.server_is_kernel;
	xm_check_all(&ifc, kernel);
	if (ifc.kernel_user)
		xm_warn(&ifc.loc, "KernelUser: the user stubs are for user space");
	xm_write(c.o.header_file, xm_gen_user_header, &ifc, &c.o);
	xm_write(c.o.user_file, xm_gen_user, &ifc, &c.o);
	if (c.o.server_is_kernel) {
		ko = c.o;
		ko.ksheader_file = c.o.sheader_file;
		xm_write(ko.ksheader_file, xm_gen_kserver_header, &ifc, &ko);
		xm_write(c.o.server_file, xm_gen_kserver, &ifc, &ko);
	} else {
		xm_write(c.o.sheader_file, xm_gen_server_header, &ifc, &c.o);
		xm_write(c.o.server_file, xm_gen_server, &ifc, &c.o);
	}
	if (c.o.kserver_file || c.o.ksheader_file) {
		xm_write(c.o.ksheader_file, xm_gen_kserver_header, &ifc, &c.o);
		xm_write(c.o.kserver_file, xm_gen_kserver, &ifc, &c.o);
	}
	return 0;
}

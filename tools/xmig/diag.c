// SPDX-License-Identifier: GPL-2.0
/*
 * diag.c - xmig's diagnostics: "file:line: message" on stderr. An error
 * ends the run with exit status 1 (xmig stops at the first one); a
 * warning does not.
 */
#include <stdlib.h>

#include "xmig.h"

int xm_quiet;

static void xm_vreport(const struct xm_loc *loc, const char *kind,
		       const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void xm_vreport(const struct xm_loc *loc, const char *kind,
		       const char *fmt, va_list ap)
{
	fflush(stdout);
	if (loc && loc->file)
		fprintf(stderr, "%s:%d: %s", loc->file, loc->line, kind);
	else
		fprintf(stderr, "xmig: %s", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void xm_error(const struct xm_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xm_vreport(loc, "", fmt, ap);
	va_end(ap);
	exit(1);
}

void xm_warn(const struct xm_loc *loc, const char *fmt, ...)
{
	va_list ap;

	if (xm_quiet)
		return;
	va_start(ap, fmt);
	xm_vreport(loc, "warning: ", fmt, ap);
	va_end(ap);
}

void xm_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xm_vreport(NULL, "", fmt, ap);
	va_end(ap);
	exit(1);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * show.c - how xsysctl prints: one OID's value as macOS sysctl(8) does
 * (name, separator, then the value: strings, integer arrays space-separated
 * or in hex, the structs sysctl(8) knows, or a Format/Length/Dump line for
 * other opaque values), its type, format and description, and the walk of
 * a subtree with the next-leaf meta-OID {0,2} (user.* first for -a).
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xsysctl.h"

/* ---- printers of the structs and typedefs sysctl(8) knows ---- */

static int S_clockinfo(size_t len, const void *p)
{
	struct clockinfo ci;

	if (len != sizeof(ci)) {
		warnx("S_clockinfo %zu != %zu", len, sizeof(ci));
		return 1;
	}
	memcpy(&ci, p, sizeof(ci));
	printf(opts.h ?
	       "{ hz = %'d, tick = %'d, tickadj = %'d, profhz = %'d, stathz = %'d }" :
	       "{ hz = %d, tick = %d, tickadj = %d, profhz = %d, stathz = %d }",
	       ci.hz, ci.tick, ci.tickadj, ci.profhz, ci.stathz);
	return 0;
}

static int S_loadavg(size_t len, const void *p)
{
	struct loadavg la;
	double scale;

	if (len != sizeof(la)) {
		warnx("S_loadavg %zu != %zu", len, sizeof(la));
		return 1;
	}
	memcpy(&la, p, sizeof(la));
	scale = la.fscale ? (double)la.fscale : 1.0;
	printf(opts.h ? "{ %'.2f %'.2f %'.2f }" : "{ %.2f %.2f %.2f }",
	       la.ldavg[0] / scale, la.ldavg[1] / scale, la.ldavg[2] / scale);
	return 0;
}

/*
 * A 64-bit timeval: 8 bytes of seconds, then the microseconds in the next
 * 4 (Darwin's user64_timeval; Linux's 8-byte tv_usec has the same low
 * half), 16 bytes in all.
 */
static int S_timeval(size_t len, const void *p)
{
	char when[64], *nl;
	int64_t sec;
	int32_t usec;
	time_t t;

	if (len != 16) {
		warnx("S_timeval %zu != %d", len, 16);
		return 1;
	}
	memcpy(&sec, p, sizeof(sec));
	memcpy(&usec, (const char *)p + 8, sizeof(usec));
	printf(opts.h ? "{ sec = %'" PRId64 ", usec = %'d } " :
	       "{ sec = %" PRId64 ", usec = %d } ", sec, usec);
	t = (time_t)sec;
	if (ctime_r(&t, when)) {
		nl = strchr(when, '\n');
		if (nl)
			*nl = '\0';
		fputs(when, stdout);
	}
	return 0;
}

static int S_xswusage(size_t len, const void *p)
{
	struct xsw_usage xsu;

	if (len != sizeof(xsu)) {
		warnx("S_xswusage %zu != %zu", len, sizeof(xsu));
		return 1;
	}
	memcpy(&xsu, p, sizeof(xsu));
	printf("total = %.2fM  used = %.2fM  free = %.2fM  %s",
	       (double)xsu.xsu_total / (1024.0 * 1024.0),
	       (double)xsu.xsu_used / (1024.0 * 1024.0),
	       (double)xsu.xsu_avail / (1024.0 * 1024.0),
	       xsu.xsu_encrypted ? "(encrypted)" : "");
	return 0;
}

/*
 * A dev_t: Darwin's 32-bit one (major in the top byte, minor in the low
 * 24 bits), or a Linux 64-bit one.
 */
static int T_dev_t(size_t len, const void *p)
{
	unsigned long long major, minor;
	uint64_t d64;
	int32_t d32;

	if (len == sizeof(d32)) {
		memcpy(&d32, p, sizeof(d32));
		if (d32 == -1)
			return 0;
		major = ((uint32_t)d32 >> 24) & 0xff;
		minor = (uint32_t)d32 & 0xffffff;
	} else if (len == sizeof(d64)) {
		memcpy(&d64, p, sizeof(d64));
		major = ((d64 >> 32) & 0xfffff000) | ((d64 >> 8) & 0xfff);
		minor = ((d64 >> 12) & 0xffffff00) | (d64 & 0xff);
	} else {
		warnx("T_dev_t %zu != %zu", len, sizeof(d32));
		return 1;
	}
	if (minor > 255)
		printf("{ major = %llu, minor = 0x%llx }", major, minor);
	else
		printf("{ major = %llu, minor = %llu }", major, minor);
	return 0;
}

/* Opaque values of format "Q": 64-bit numbers, space-separated. */
static int S_quads(size_t len, const void *p)
{
	const char *c = p;
	uint64_t q;
	size_t i;

	if (len % sizeof(q)) {
		warnx("S_quads %zu is not a multiple of %zu", len, sizeof(q));
		return 1;
	}
	for (i = 0; i < len; i += sizeof(q)) {
		memcpy(&q, c + i, sizeof(q));
		printf("%s%" PRIu64, i ? " " : "", q);
	}
	return 0;
}

typedef int (*printer_t)(size_t len, const void *p);

static printer_t opaque_printer(const char *fmt)
{
	if (!strcmp(fmt, "S,clockinfo"))
		return S_clockinfo;
	if (!strcmp(fmt, "S,timeval"))
		return S_timeval;
	if (!strcmp(fmt, "S,loadavg"))
		return S_loadavg;
	if (!strcmp(fmt, "S,xsw_usage"))
		return S_xswusage;
	if (!strcmp(fmt, "T,dev_t"))
		return T_dev_t;
	if (fmt[0] == 'Q')
		return S_quads;
	return NULL;
}

/* ---- one OID ---- */

/* -t, -F and -d: "name: type: format: description". */
static int show_info(const int *mib, int len, const char *name,
		     const char *sep, enum xs_type type, const char *fmt)
{
	char descr[BUFSIZ];
	const char *tname;
	int error = 0;

	if (!opts.n)
		printf("%s%s", name, sep);
	if (opts.t) {
		tname = xs_type_name(type);
		if (!tname) {
			tname = "unknown";
			error++;
		}
		if (opts.F || opts.d)
			printf("%s%s", tname, sep);
		else
			fputs(tname, stdout);
	}
	if (opts.F) {
		if (!isprint((unsigned char)fmt[0]))
			fmt = "";
		if (opts.d)
			printf("%s%s", fmt, sep);
		else
			fputs(fmt, stdout);
	}
	if (!opts.d)
		return error;
	if (xs_oiddescr(mib, len, descr, sizeof(descr)) < 0) {
		putchar('\n');
		return 1;
	}
	fputs(descr, stdout);
	return error;
}

/*
 * Read the value as sysctl(8) does: ask for the size, then read with
 * twice that (or -B bytes). The buffer has one byte more, for a NUL.
 */
static unsigned char *fetch(const int *mib, int len, size_t *lenp)
{
	int oid[CTL_MAXNAME];
	unsigned char *val;
	size_t j = 0;

	memcpy(oid, mib, len * sizeof(int));
	if (opts.B) {
		j = opts.B;
	} else {
		if (sysctl(oid, len, NULL, &j, NULL, 0) < 0)
			j = 0;
		j += j;
	}
	val = malloc(j + 1);
	if (!val) {
		warnx("malloc failed");
		return NULL;
	}
	*lenp = j;
	if (sysctl(oid, len, val, lenp, NULL, 0) < 0) {
		free(val);
		return NULL;
	}
	return val;
}

/* Integers of one type, space-separated (in hex with -x). */
static void show_numbers(const unsigned char *p, size_t len,
			 enum xs_type type)
{
	size_t size = xs_type_size(type);
	int hexlen = 2 + (int)(size * CHAR_BIT + 3) / 4;
	const char *sep = "";
	uintmax_t umv;
	intmax_t mv;

	while (len >= size) {
		if (size == sizeof(int32_t)) {
			int32_t v;

			memcpy(&v, p, sizeof(v));
			mv = v;
			umv = (uint32_t)v;
		} else {
			int64_t v;

			memcpy(&v, p, sizeof(v));
			mv = v;
			umv = (uint64_t)v;
		}
		fputs(sep, stdout);
		if (opts.x)
			printf("%#0*jx", hexlen, umv);
		else if (!xs_type_signed(type))
			printf(opts.h ? "%'ju" : "%ju", umv);
		else
			printf(opts.h ? "%'jd" : "%jd", mv);
		sep = " ";
		len -= size;
		p += size;
	}
}

int xs_show_var(const int *mib, int len, bool listing)
{
	char name[BUFSIZ], fmt[BUFSIZ];
	unsigned char *val, *p;
	printer_t printer = NULL;
	enum xs_type type;
	unsigned int kind;
	const char *sep;
	size_t vlen;
	int ret;

	if (xs_oidname(mib, len, name, sizeof(name)) < 0) {
		/* Gone since the walk found it. */
		if (listing && errno == ENOENT)
			return 1;
		err(1, "sysctl name %d", len);
	}
	if (xs_oidfmt(mib, len, &kind, fmt, sizeof(fmt)) < 0) {
		if (listing && errno == ENOENT)
			return 1;
		err(1, "sysctl fmt %d", len);
	}
	if (opts.W && !(kind & CTLFLAG_WR))
		return 1;
	/* Deprecated variables are not listed (sysctl(8)'s show_masked). */
	if (listing && (kind & CTLFLAG_MASKED))
		return 1;
	if (opts.N) {
		fputs(name, stdout);
		return 0;
	}
	sep = opts.e ? "=" : ": ";
	type = xs_type_of(kind, fmt);
	if (opts.t || opts.F || opts.d)
		return show_info(mib, len, name, sep, type, fmt);

	/* Do not read opaque values there is no way to print. */
	if (type == XT_OPAQUE) {
		printer = opaque_printer(fmt);
		if (!printer && !opts.b && !opts.o && !opts.x)
			return 1;
	}

	val = fetch(mib, len, &vlen);
	if (!val)
		return 1;
	if (vlen == 0 && type != XT_STRING) {
		free(val);
		return 1;
	}
	if (opts.b) {
		fwrite(val, 1, vlen, stdout);
		free(val);
		return 0;
	}
	val[vlen] = '\0';
	p = val;

	switch (type) {
	case XT_STRING:
		if (!opts.n)
			printf("%s%s", name, sep);
		if (opts.l)
			printf("%zu%s", vlen, sep);
		printf("%.*s", (int)vlen, (char *)p);
		free(val);
		return 0;
	case XT_INT:
	case XT_UINT:
	case XT_LONG:
	case XT_ULONG:
	case XT_S64:
	case XT_U64:
		if (!opts.n)
			printf("%s%s", name, sep);
		if (opts.l)
			printf("%zu%s", vlen, sep);
		show_numbers(p, vlen, type);
		free(val);
		return 0;
	case XT_OPAQUE:
		if (printer) {
			if (!opts.n)
				printf("%s%s", name, sep);
			if (opts.l)
				printf("%zu%s", vlen, sep);
			ret = printer(vlen, p);
			free(val);
			return ret;
		}
		/* fall through */
	default:
		if (!opts.o && !opts.x) {
			free(val);
			return 1;
		}
		if (!opts.n)
			printf("%s%s", name, sep);
		if (opts.l)
			printf("%zu%s", vlen, sep);
		printf("Format:%s Length:%zu Dump:0x", fmt, vlen);
		/* The first 16 bytes and "..." for more; -x: all of them. */
		while (p < val + vlen && (opts.x || p < val + 16))
			printf("%02x", *p++);
		if (p < val + vlen)
			printf("...");
		free(val);
		return 0;
	}
}

/* ---- subtrees ---- */

/* Every user.* leaf (the library answers them; the kernel has none). */
static void show_all_user(void)
{
	int mib[2] = { CTL_USER, 0 };
	int n = xs_user_count();

	for (mib[1] = 1; mib[1] <= n; mib[1]++) {
		if (!xs_show_var(mib, 2, true) && !opts.b)
			putchar('\n');
	}
}

int xs_show_all(const int *mib, int len)
{
	int cur[CTL_MAXNAME], next[CTL_MAXNAME];
	int curlen, n;

	if (xs_is_user(mib, len)) {
		show_all_user();
		return 0;
	}
	if (len == 0) {
		/* macOS lists user.* first, then walks from kern. */
		show_all_user();
		cur[0] = CTL_KERN;
		curlen = 1;
	} else {
		memcpy(cur, mib, len * sizeof(int));
		curlen = len;
	}
	for (;;) {
		n = xs_oidnext(cur, curlen, next);
		if (n < 0) {
			if (errno == ENOENT)
				return 0;
			err(1, "sysctl(getnext) %d %d", n, curlen);
		}
		if (n < len || (len && memcmp(next, mib, len * sizeof(int))))
			return 0;
		if (n == curlen && !memcmp(next, cur, n * sizeof(int)))
			errx(1, "sysctl(getnext) did not advance");
		if (!xs_show_var(next, n, true) && !opts.b)
			putchar('\n');
		memcpy(cur, next, n * sizeof(int));
		curlen = n;
	}
}

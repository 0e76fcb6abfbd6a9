// SPDX-License-Identifier: GPL-2.0
/*
 * xsysctl - read and write Darwin sysctl OIDs as macOS sysctl(8) does,
 * through libxnucross's sysctl(3) (every value, name and type comes from
 * the xnucross module's sysctl tree; user.* from the library).
 *
 * Usage:
 *   xsysctl [-bdeFhilNnoqtWx] [-B bufsize] [-f filename] name[=value] ...
 *   xsysctl [-bdeFhlNnoqtWx] [-B bufsize] -a
 *   xsysctl [-en] --watch [--events] name ...
 *
 * A name prints "name: value" (a node: every leaf under it); name=value or
 * name:value sets the value and prints "name: old -> new". -A is -a -o,
 * -X is -a -x, -w is accepted and ignored. --watch prints changes of the
 * named OIDs as they happen, until interrupted, and with --events every
 * registration and unregistration too (beyond macOS; see watch.c).
 *
 * Exit status: the number of arguments that failed (0 for -a); 1 for a
 * usage error; 66 when the -f file cannot be read.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "watch.h"
#include "xsysctl.h"

struct xsysctl_opts opts;

static void usage(void)
{
	const char *prog = program_invocation_short_name;

	fprintf(stderr,
		"usage: %s [-bdeFhilNnoqtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n"
		"       %s [-bdeFhlNnoqtWx] [ -B <bufsize> ] -a\n"
		"       %s [-en] --watch [--events] name ...\n", prog, prog, prog);
	exit(1);
}

/*
 * Parse one element of a numeric value and append it to *bufp. False when
 * it is not a number of that type.
 */
static bool parse_numeric(const char *str, enum xs_type type, void **bufp,
			  size_t *sizep)
{
	union {
		int i;
		unsigned int u;
		long l;
		unsigned long ul;
		int64_t s64;
		uint64_t u64;
	} v;
	char *end = NULL;
	size_t size;
	void *buf;

	errno = 0;
	switch (type) {
	case XT_INT:
		v.i = (int)strtol(str, &end, 0);
		size = sizeof(v.i);
		break;
	case XT_UINT:
		v.u = (unsigned int)strtoul(str, &end, 0);
		size = sizeof(v.u);
		break;
	case XT_LONG:
		v.l = strtol(str, &end, 0);
		size = sizeof(v.l);
		break;
	case XT_ULONG:
		v.ul = strtoul(str, &end, 0);
		size = sizeof(v.ul);
		break;
	case XT_S64:
		v.s64 = strtoimax(str, &end, 0);
		size = sizeof(v.s64);
		break;
	case XT_U64:
		v.u64 = strtoumax(str, &end, 0);
		size = sizeof(v.u64);
		break;
	default:
		abort();
	}
	if (errno || end == str || *end)
		return false;
	buf = realloc(*bufp, *sizep + size);
	if (!buf)
		err(1, "out of memory");
	memcpy((char *)buf + *sizep, &v, size);
	*bufp = buf;
	*sizep += size;
	return true;
}

/* Print the new value after a successful write, as -n would. */
static void show_new(const int *mib, int len)
{
	bool n = opts.n;

	if (!opts.b)
		printf(" -> ");
	opts.n = true;
	if (!xs_show_var(mib, len, false) && !opts.b)
		putchar('\n');
	opts.n = n;
}

/*
 * One argument (or -f line): name, name=value or name:value. Returns 1 if
 * it failed, 0 otherwise.
 */
static int parse(const char *string, int lineno)
{
	int mib[CTL_MAXNAME], len, save_errno;
	char *buf, *cp, *name, *newvalstr = NULL;
	char fmt[BUFSIZ], line[64];
	void *newbuf = NULL;
	const void *newval;
	size_t newsize = 0;
	enum xs_type type;
	unsigned int kind;
	int shown;

	if (lineno)
		snprintf(line, sizeof(line), " at line %d", lineno);
	else
		line[0] = '\0';

	/*
	 * Split at the first '=' or ':'; blanks around it go, and one pair
	 * of quotes around the value.
	 */
	cp = buf = strdup(string);
	if (!buf)
		err(1, "out of memory");
	name = strsep(&cp, "=:");
	if (cp) {
		if (opts.W) {
			warnx("Can't set variables when using -W");
			usage();
		}
		while (isspace((unsigned char)*cp))
			cp++;
		if ((*cp == '"' || *cp == '\'') && strlen(cp) > 1 &&
		    cp[strlen(cp) - 1] == *cp) {
			cp[strlen(cp) - 1] = '\0';
			cp++;
		} else if (*cp == '"' || *cp == '\'') {
			cp++;
		}
		newvalstr = cp;
	}
	cp = name + strlen(name);
	while (cp > name && isspace((unsigned char)cp[-1]))
		*--cp = '\0';

	len = xs_name2oid(name, mib);
	if (len < 0) {
		if (opts.i) {
			free(buf);
			return 0;
		}
		if (!opts.q) {
			if (errno == ENOENT)
				warnx("unknown oid '%s'%s", name, line);
			else
				warn("unknown oid '%s'%s", name, line);
		}
		free(buf);
		return 1;
	}
	if (xs_oidfmt(mib, len, &kind, fmt, sizeof(fmt)) < 0) {
		warn("couldn't find format of oid '%s'%s", name, line);
		free(buf);
		if (opts.i)
			return 1;
		exit(1);
	}
	type = xs_type_of(kind, fmt);

	/* No value: show the OID, or everything under a node. */
	if (!newvalstr || opts.d) {
		free(buf);
		if ((kind & CTLTYPE) == CTLTYPE_NODE) {
			if (opts.d && !xs_show_var(mib, len, false) && !opts.b)
				putchar('\n');
			xs_show_all(mib, len);
		} else if (!xs_show_var(mib, len, false) && !opts.b) {
			putchar('\n');
		}
		return 0;
	}

	/* A new value: check it against the OID's kind, then parse it. */
	if ((kind & CTLTYPE) == CTLTYPE_NODE) {
		warnx("oid '%s' isn't a leaf node%s", name, line);
		free(buf);
		return 1;
	}
	if (!(kind & CTLFLAG_WR)) {
		warnx("oid '%s' is read only%s", name, line);
		free(buf);
		return 1;
	}
	switch (type) {
	case XT_INT:
	case XT_UINT:
	case XT_LONG:
	case XT_ULONG:
	case XT_S64:
	case XT_U64:
		if (!*newvalstr) {
			warnx("empty numeric value");
			free(buf);
			return 1;
		}
		while ((cp = strsep(&newvalstr, " ,"))) {
			if (!*cp)
				continue;
			if (!parse_numeric(cp, type, &newbuf, &newsize)) {
				warnx("invalid %s '%s'%s", xs_type_name(type),
				      cp, line);
				free(newbuf);
				free(buf);
				return 1;
			}
		}
		newval = newbuf;
		break;
	case XT_STRING:
		/* macOS sends the terminating NUL too. */
		newval = newvalstr;
		newsize = strlen(newvalstr) + 1;
		break;
	default:
		warnx("oid '%s' is type %u, cannot set that%s", name,
		      kind & CTLTYPE, line);
		free(buf);
		return 1;
	}

	/* Show the old value, set, show the new one. */
	shown = xs_show_var(mib, len, false);
	if (sysctl(mib, len, NULL, NULL, (void *)newval, newsize) < 0) {
		save_errno = errno;
		if (!shown && !opts.b)
			putchar('\n');
		switch (save_errno) {
		case EOPNOTSUPP:
			warnx("%s: value is not available%s", string, line);
			break;
		case ENOTDIR:
			warnx("%s: specification is incomplete%s", string,
			      line);
			break;
		case ENOMEM:
			warnx("%s: type is unknown to this program%s", string,
			      line);
			break;
		default:
			errno = save_errno;
			warn("%s%s", string, line);
			break;
		}
		free(newbuf);
		free(buf);
		return 1;
	}
	free(newbuf);
	free(buf);
	show_new(mib, len);
	return 0;
}

/* -f: name=value lines; '#' starts a comment outside quotes. */
static int parsefile(const char *filename)
{
	char line[BUFSIZ], *p, *pq, *pdq;
	int warncount = 0, lineno = 0;
	FILE *file;

	file = fopen(filename, "r");
	if (!file)
		err(EX_NOINPUT, "%s", filename);
	while (fgets(line, sizeof(line), file)) {
		lineno++;
		p = line;
		pq = strchr(line, '\'');
		pdq = strchr(line, '"');
		while ((p = strchr(p, '#'))) {
			if (pq && p > pq) {
				p = strchr(pq + 1, '\'');
				if (p)
					*++p = '\0';
				break;
			} else if (pdq && p > pdq) {
				p = strchr(pdq + 1, '"');
				if (p)
					*++p = '\0';
				break;
			} else if (p == line || p[-1] != '\\') {
				*p = '\0';
				break;
			}
			p++;
		}
		p = line + strlen(line);
		while (p > line && isspace((unsigned char)p[-1]))
			*--p = '\0';
		p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p)
			warncount += parse(p, lineno);
	}
	fclose(file);
	return warncount;
}

/* The flags --watch passes on: how xsysctl_watch() prints. */
static unsigned int watch_flags(bool events)
{
	unsigned int flags = 0;

	if (events)
		flags |= XSYSCTL_WATCH_EVENTS;
	if (opts.n)
		flags |= XSYSCTL_WATCH_VALUES;
	if (opts.e)
		flags |= XSYSCTL_WATCH_EQUALS;
	return flags;
}

int main(int argc, char *argv[])
{
	enum { OPT_WATCH = 256, OPT_EVENTS };
	static const struct option longopts[] = {
		{ "watch", no_argument, NULL, OPT_WATCH },
		{ "events", no_argument, NULL, OPT_EVENTS },
		{ NULL, 0, NULL, 0 }
	};
	const char *conffile = NULL;
	bool watch = false, events = false;
	int warncount = 0;
	int ch;

	setlocale(LC_NUMERIC, "");
	setbuf(stdout, NULL);
	setbuf(stderr, NULL);

	/* '+': options end at the first name, as with BSD getopt(). */
	while ((ch = getopt_long(argc, argv, "+AabB:def:FhilNnoqtwWxX",
				 longopts, NULL)) != -1) {
		switch (ch) {
		case 'A':
			opts.a = opts.o = true;
			break;
		case 'a':
			opts.a = true;
			break;
		case 'b':
			opts.b = true;
			break;
		case 'B':
			opts.B = strtoul(optarg, NULL, 0);
			break;
		case 'd':
			opts.d = true;
			break;
		case 'e':
			opts.e = true;
			break;
		case 'f':
			conffile = optarg;
			break;
		case 'F':
			opts.F = true;
			break;
		case 'h':
			opts.h = true;
			break;
		case 'i':
			opts.i = true;
			break;
		case 'l':
			opts.l = true;
			break;
		case 'N':
			opts.N = true;
			break;
		case 'n':
			opts.n = true;
			break;
		case 'o':
			opts.o = true;
			break;
		case 'q':
			opts.q = true;
			break;
		case 't':
			opts.t = true;
			break;
		case 'w':
			/* compatibility: ignored */
			break;
		case 'W':
			opts.W = true;
			break;
		case 'X':
			opts.a = opts.x = true;
			break;
		case 'x':
			opts.x = true;
			break;
		case OPT_WATCH:
			watch = true;
			break;
		case OPT_EVENTS:
			events = true;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	if (opts.N && (opts.l || opts.n))
		usage();
	if (events && !watch)
		usage();
	if (watch) {
		if (argc == 0 || opts.a || conffile)
			usage();
		return xsysctl_watch(argv, argc, watch_flags(events));
	}
	if (opts.a && argc == 0)
		return xs_show_all(NULL, 0);
	if (argc == 0 && !conffile)
		usage();

	if (conffile)
		warncount += parsefile(conffile);
	while (argc-- > 0)
		warncount += parse(*argv++, 0);
	return warncount;
}

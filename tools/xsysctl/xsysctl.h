/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xsysctl.h - what the files of xsysctl share: the command-line flags, the
 * value types of macOS sysctl(8), the OID metadata look-ups (oid.c) and
 * the printing of values and subtrees (show.c).
 */
#ifndef XSYSCTL_H
#define XSYSCTL_H

#include <stdbool.h>
#include <stddef.h>

#include <sys/sysctl.h>

/* The flags of the command line (macOS sysctl(8)'s letters). */
struct xsysctl_opts {
	bool a;		/* -a: everything */
	bool b;		/* -b: raw value, no name, no newline */
	size_t B;	/* -B: read buffer size (0: probe the size) */
	bool d;		/* -d: description instead of value */
	bool e;		/* -e: '=' between name and value */
	bool F;		/* -F: format string */
	bool h;		/* -h: numbers with thousands separators */
	bool i;		/* -i: unknown names are not errors */
	bool l;		/* -l: value length */
	bool N;		/* -N: names only */
	bool n;		/* -n: values only */
	bool o;		/* -o: opaque values too */
	bool q;		/* -q: no warnings about unknown names */
	bool t;		/* -t: type names */
	bool W;		/* -W: writable OIDs only */
	bool x;		/* -x: hexadecimal, full opaque dumps */
};

extern struct xsysctl_opts opts;

/*
 * The value types sysctl(8) tells apart, from a Darwin kind (1-5) and its
 * format string: CTLTYPE_INT is integer, unsigned integer, long integer
 * or unsigned long by "I", "IU", "L", "LU" (or a struct by "S,..."),
 * CTLTYPE_QUAD int64_t or uint64_t by a 'U'.
 */
enum xs_type {
	XT_UNKNOWN,
	XT_NODE,
	XT_INT,
	XT_UINT,
	XT_LONG,
	XT_ULONG,
	XT_S64,
	XT_U64,
	XT_STRING,
	XT_OPAQUE,
};

enum xs_type xs_type_of(unsigned int kind, const char *fmt);
/* "integer", "unsigned integer", ..., or NULL for XT_UNKNOWN. */
const char *xs_type_name(enum xs_type type);
/* Bytes per element of a numeric type, 0 for the others. */
size_t xs_type_size(enum xs_type type);
bool xs_type_signed(enum xs_type type);

/* ---- oid.c: OID metadata, from the kernel's {0,...} or for user.* ---- */

/* The MIB of a dotted name: its length, or -1 with errno set. */
int xs_name2oid(const char *name, int *mib);
/* Kind and format ({0,4}); fmt holds fmtlen bytes. 0, or -1 with errno. */
int xs_oidfmt(const int *mib, int len, unsigned int *kind, char *fmt,
	      size_t fmtlen);
/* The dotted name ({0,1}). 0, or -1 with errno. */
int xs_oidname(const int *mib, int len, char *name, size_t namelen);
/* The description ({0,5}). 0, or -1 with errno. */
int xs_oiddescr(const int *mib, int len, char *descr, size_t descrlen);
/* The next leaf after mib ({0,2}): its length, or -1 with errno (ENOENT
 * at the end). */
int xs_oidnext(const int *mib, int len, int *next);
/* Whether mib is the user node or in it (answered in user space). */
bool xs_is_user(const int *mib, int len);
/* Number of user.* leaves: they are {CTL_USER, 1..xs_user_count()}. */
int xs_user_count(void);

/* ---- show.c ---- */

/*
 * Print one OID as the flags say, without the final newline. In a
 * listing, masked OIDs and opaque values without a printer are skipped.
 * 0 when something was printed, 1 when nothing was.
 */
int xs_show_var(const int *mib, int len, bool listing);
/* Print every leaf under mib (everything, user.* first, when len is 0). */
int xs_show_all(const int *mib, int len);

#endif /* XSYSCTL_H */

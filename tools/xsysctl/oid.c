// SPDX-License-Identifier: GPL-2.0
/*
 * oid.c - what xsysctl knows about an OID besides its value: its MIB, name,
 * kind and format, description and the next leaf, asked of the kernel
 * through the sysctl meta-OIDs {0,1}...{0,5} (with sysctl(3), as macOS
 * sysctl(8) does), except for user.*, which the library answers and whose
 * names and types are Darwin's CTL_USER_NAMES; and the value types sysctl(8)
 * derives from a kind and a format.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xsysctl.h"

static const struct ctlname user_names[] = CTL_USER_NAMES;

#define USER_COUNT	((int)(sizeof(user_names) / sizeof(user_names[0])) - 1)

enum xs_type xs_type_of(unsigned int kind, const char *fmt)
{
	switch (kind & CTLTYPE) {
	case CTLTYPE_NODE:
		return XT_NODE;
	case CTLTYPE_STRING:
		return XT_STRING;
	case CTLTYPE_QUAD:
		return strchr(fmt, 'U') ? XT_U64 : XT_S64;
	case CTLTYPE_OPAQUE:
		return XT_OPAQUE;
	case 0:
	case CTLTYPE_INT:
		if (fmt[0] == 'S')
			return XT_OPAQUE;
		if (fmt[0] == 'I')
			return fmt[1] == 'U' ? XT_UINT : XT_INT;
		if (fmt[0] == 'L')
			return fmt[1] == 'U' ? XT_ULONG : XT_LONG;
		if (fmt[0] == 'Q')
			return fmt[1] == 'U' ? XT_U64 : XT_S64;
		return (kind & CTLTYPE) == CTLTYPE_INT ? XT_INT : XT_UNKNOWN;
	default:
		return XT_UNKNOWN;
	}
}

const char *xs_type_name(enum xs_type type)
{
	static const char *const names[] = {
		[XT_NODE] = "node",
		[XT_INT] = "integer",
		[XT_UINT] = "unsigned integer",
		[XT_LONG] = "long integer",
		[XT_ULONG] = "unsigned long",
		[XT_S64] = "int64_t",
		[XT_U64] = "uint64_t",
		[XT_STRING] = "string",
		[XT_OPAQUE] = "opaque",
	};

	return names[type];
}

size_t xs_type_size(enum xs_type type)
{
	switch (type) {
	case XT_INT:
	case XT_UINT:
		return sizeof(int);
	case XT_LONG:
	case XT_ULONG:
		return sizeof(long);
	case XT_S64:
	case XT_U64:
		return sizeof(long long);
	default:
		return 0;
	}
}

bool xs_type_signed(enum xs_type type)
{
	return type == XT_INT || type == XT_LONG || type == XT_S64;
}

bool xs_is_user(const int *mib, int len)
{
	return len >= 1 && mib[0] == CTL_USER;
}

int xs_user_count(void)
{
	return USER_COUNT;
}

static bool user_leaf(const int *mib, int len)
{
	return len == 2 && mib[1] >= 1 && mib[1] <= USER_COUNT;
}

int xs_name2oid(const char *name, int *mib)
{
	size_t len = CTL_MAXNAME;

	if (sysctlnametomib(name, mib, &len) < 0)
		return -1;
	return (int)len;
}

/* A meta-OID query {0, what, mib...} into buf; the bytes, or -1. */
static int meta(int what, const int *mib, int len, void *buf, size_t size)
{
	int qoid[CTL_MAXNAME + 2];

	if (len < 0 || len > CTL_MAXNAME) {
		errno = EINVAL;
		return -1;
	}
	qoid[0] = CTL_UNSPEC;
	qoid[1] = what;
	memcpy(qoid + 2, mib, len * sizeof(int));
	if (sysctl(qoid, len + 2, buf, &size, NULL, 0) < 0)
		return -1;
	return (int)size;
}

/* Copy a string the kernel returned, making sure it ends. */
static void terminate(char *buf, int got, size_t size)
{
	if (got <= 0)
		buf[0] = '\0';
	else if ((size_t)got >= size)
		buf[size - 1] = '\0';
	else
		buf[got] = '\0';
}

int xs_oidfmt(const int *mib, int len, unsigned int *kind, char *fmt,
	      size_t fmtlen)
{
	unsigned char buf[BUFSIZ];
	int got;

	if (xs_is_user(mib, len)) {
		if (len == 1) {
			*kind = CTLTYPE_NODE | CTLFLAG_RW;
			snprintf(fmt, fmtlen, "N");
		} else if (user_leaf(mib, len)) {
			*kind = (unsigned int)user_names[mib[1]].ctl_type |
				CTLFLAG_RD;
			snprintf(fmt, fmtlen, "%s",
				 user_names[mib[1]].ctl_type == CTLTYPE_STRING ?
				 "A" : "I");
		} else {
			errno = ENOENT;
			return -1;
		}
		return 0;
	}
	got = meta(CTL_SYSCTL_OIDFMT, mib, len, buf, sizeof(buf) - 1);
	if (got < 0)
		return -1;
	if (got < (int)sizeof(*kind)) {
		errno = EIO;
		return -1;
	}
	buf[got] = '\0';
	memcpy(kind, buf, sizeof(*kind));
	snprintf(fmt, fmtlen, "%s", (char *)buf + sizeof(*kind));
	return 0;
}

int xs_oidname(const int *mib, int len, char *name, size_t namelen)
{
	int got;

	if (xs_is_user(mib, len)) {
		if (len == 1)
			snprintf(name, namelen, "user");
		else if (user_leaf(mib, len))
			snprintf(name, namelen, "user.%s",
				 user_names[mib[1]].ctl_name);
		else
			snprintf(name, namelen, "user.%d", mib[1]);
		return 0;
	}
	got = meta(CTL_SYSCTL_NAME, mib, len, name, namelen);
	if (got < 0)
		return -1;
	if (got == 0) {
		errno = ENOENT;
		return -1;
	}
	terminate(name, got, namelen);
	return 0;
}

int xs_oiddescr(const int *mib, int len, char *descr, size_t descrlen)
{
	int got;

	if (xs_is_user(mib, len)) {
		descr[0] = '\0';
		return 0;
	}
	got = meta(CTL_SYSCTL_OIDDESCR, mib, len, descr, descrlen);
	if (got < 0)
		return -1;
	terminate(descr, got, descrlen);
	return 0;
}

int xs_oidnext(const int *mib, int len, int *next)
{
	int got;

	got = meta(CTL_SYSCTL_NEXT, mib, len, next, CTL_MAXNAME * sizeof(int));
	if (got < 0)
		return -1;
	return got / (int)sizeof(int);
}

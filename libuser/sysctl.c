// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sysctl.c - Darwin's sysctl(3) family: sysctl(), sysctlbyname() and
 * sysctlnametomib(), each one XNU_TRAP_SYSCTL ioctl on /dev/xnucross (the
 * kernel resolves names, checks permissions, runs the handler and writes
 * *oldlenp; errno is the kernel's), plus what Darwin's libc answers itself:
 * CTL_USER ({8, USER_*}: POSIX limits, read only) and {CTL_KERN, KERN_EXEC}.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <sys/sysctl.h>

#include "libxnucross.h"

/* One XNU_TRAP_SYSCTL call: 0, or -1 with errno as the kernel set it. */
static int xnu_sysctl_trap(const void *name, uint32_t namelen, uint32_t flags,
			   void *oldp, size_t *oldlenp, const void *newp,
			   size_t newlen)
{
	struct xnu_sysctl_args args;

	memset(&args, 0, sizeof(args));
	args.name = (uintptr_t)name;
	args.namelen = namelen;
	args.flags = flags;
	args.oldp = (uintptr_t)oldp;
	args.oldlenp = (uintptr_t)oldlenp;
	args.newp = (uintptr_t)newp;
	args.newlen = newlen;
	return xnucross_trap(XNU_TRAP_SYSCTL, &args) < 0 ? -1 : 0;
}

/* ---- CTL_USER, answered in user space as Darwin's libc does ---- */

/*
 * How each USER_* value is found: a sysconf() name; for the POSIX2 option
 * flags Darwin reports 1 or 0 (supported or not); where the system has no
 * limit (sysconf() says -1), Darwin's constant.
 */
static const struct user_oid {
	const char *name;
	int sc;			/* _SC_* name; -1 for cs_path */
	int is_flag;		/* report 1 if the option is supported */
	int fallback;		/* when sysconf() gives no value */
} user_oids[USER_MAXID] = {
	[USER_CS_PATH] = { "cs_path", -1, 0, 0 },
	[USER_BC_BASE_MAX] = { "bc_base_max", _SC_BC_BASE_MAX, 0, 99 },
	[USER_BC_DIM_MAX] = { "bc_dim_max", _SC_BC_DIM_MAX, 0, 2048 },
	[USER_BC_SCALE_MAX] = { "bc_scale_max", _SC_BC_SCALE_MAX, 0, 99 },
	[USER_BC_STRING_MAX] = { "bc_string_max", _SC_BC_STRING_MAX, 0, 1000 },
	[USER_COLL_WEIGHTS_MAX] = { "coll_weights_max", _SC_COLL_WEIGHTS_MAX,
				    0, 2 },
	[USER_EXPR_NEST_MAX] = { "expr_nest_max", _SC_EXPR_NEST_MAX, 0, 32 },
	[USER_LINE_MAX] = { "line_max", _SC_LINE_MAX, 0, 2048 },
	[USER_RE_DUP_MAX] = { "re_dup_max", _SC_RE_DUP_MAX, 0, 255 },
	[USER_POSIX2_VERSION] = { "posix2_version", _SC_2_VERSION, 0, 200112 },
	[USER_POSIX2_C_BIND] = { "posix2_c_bind", _SC_2_C_BIND, 1, 0 },
	[USER_POSIX2_C_DEV] = { "posix2_c_dev", _SC_2_C_DEV, 1, 0 },
	[USER_POSIX2_CHAR_TERM] = { "posix2_char_term", _SC_2_CHAR_TERM, 1, 0 },
	[USER_POSIX2_FORT_DEV] = { "posix2_fort_dev", _SC_2_FORT_DEV, 1, 0 },
	[USER_POSIX2_FORT_RUN] = { "posix2_fort_run", _SC_2_FORT_RUN, 1, 0 },
	[USER_POSIX2_LOCALEDEF] = { "posix2_localedef", _SC_2_LOCALEDEF, 1, 0 },
	[USER_POSIX2_SW_DEV] = { "posix2_sw_dev", _SC_2_SW_DEV, 1, 0 },
	[USER_POSIX2_UPE] = { "posix2_upe", _SC_2_UPE, 1, 0 },
	[USER_STREAM_MAX] = { "stream_max", _SC_STREAM_MAX, 0, 20 },
	[USER_TZNAME_MAX] = { "tzname_max", _SC_TZNAME_MAX, 0, NAME_MAX },
};

static int user_int(const struct user_oid *u)
{
	long v;

	errno = 0;
	v = sysconf(u->sc);
	if (u->is_flag)
		return v > 0;
	if (v <= 0 || v > INT_MAX)
		return u->fallback;
	return (int)v;
}

/*
 * sysctl() on {CTL_USER, ...}, with Darwin libc's order of checks: any new
 * value is EPERM, a MIB not of two components EINVAL; cs_path is a string,
 * every other number an int (a size probe of an unknown one answers 4, a
 * read of it is EINVAL). A short buffer is ENOMEM and copies nothing. A
 * NULL oldlenp counts as a zero-sized buffer.
 */
static int user_sysctl(const int *name, unsigned int namelen, void *oldp,
		       size_t *oldlenp, const void *newp)
{
	const struct user_oid *u = NULL;
	size_t have = oldlenp ? *oldlenp : 0;
	char path[1024];
	size_t len;
	int val;

	if (newp) {
		errno = EPERM;
		return -1;
	}
	if (namelen != 2) {
		errno = EINVAL;
		return -1;
	}
	if (name[1] > 0 && name[1] < USER_MAXID)
		u = &user_oids[name[1]];

	if (name[1] == USER_CS_PATH) {
		len = confstr(_CS_PATH, path, sizeof(path));
		if (len == 0 || len > sizeof(path)) {
			/* Not expected from glibc; Darwin's value then. */
			strcpy(path, "/usr/bin:/bin:/usr/sbin:/sbin");
			len = strlen(path) + 1;
		}
		if (oldp && have < len) {
			errno = ENOMEM;
			return -1;
		}
		if (oldlenp)
			*oldlenp = len;
		if (oldp)
			memcpy(oldp, path, len);
		return 0;
	}

	if (oldp && have < sizeof(int)) {
		errno = ENOMEM;
		return -1;
	}
	if (oldlenp)
		*oldlenp = sizeof(int);
	if (!oldp)
		return 0;
	if (!u) {
		errno = EINVAL;
		return -1;
	}
	val = user_int(u);
	memcpy(oldp, &val, sizeof(val));
	return 0;
}

/*
 * The MIB of a "user.<name>" (one trailing '.' allowed), as the kernel's
 * name2oid would give it: 2, or -1 with ENOENT.
 */
static int user_name2oid(const char *name, int *mib)
{
	const char *leaf = name + strlen("user.");
	size_t len = strlen(leaf);
	int i;

	if (len && leaf[len - 1] == '.')
		len--;
	for (i = 1; i < USER_MAXID; i++) {
		if (strlen(user_oids[i].name) == len &&
		    !strncmp(user_oids[i].name, leaf, len)) {
			mib[0] = CTL_USER;
			mib[1] = i;
			return 2;
		}
	}
	errno = ENOENT;
	return -1;
}

/* Names the library answers: "user." and something after it. */
static int is_user_name(const char *name)
{
	return !strncmp(name, "user.", 5) && name[5] &&
	       strlen(name) <= XNU_SYSCTL_MAXNAMELEN;
}

/* {CTL_KERN, KERN_EXEC}: Darwin's libc answers "/" (rdar 7723306). */
static int kern_exec_sysctl(void *oldp, size_t *oldlenp, const void *newp)
{
	if (newp) {
		errno = EPERM;
		return -1;
	}
	if (!oldp) {
		if (oldlenp)
			*oldlenp = 2;
		return 0;
	}
	if (!oldlenp) {
		errno = EFAULT;
		return -1;
	}
	if (*oldlenp < 2) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(oldp, "/", 2);
	*oldlenp = 2;
	return 0;
}

/* ---- the Darwin API ---- */

int sysctl(int *name, unsigned int namelen, void *oldp, size_t *oldlenp,
	   void *newp, size_t newlen)
{
	if (name && namelen >= 1 && namelen <= CTL_MAXNAME) {
		if (name[0] == CTL_USER)
			return user_sysctl(name, namelen, oldp, oldlenp, newp);
		if (namelen == 2 && name[0] == CTL_KERN && name[1] == KERN_EXEC)
			return kern_exec_sysctl(oldp, oldlenp, newp);
	}
	return xnu_sysctl_trap(name, namelen, 0, oldp, oldlenp, newp, newlen);
}

int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp,
		 size_t newlen)
{
	int mib[2];
	size_t len;

	if (!name) {
		errno = EFAULT;
		return -1;
	}
	if (is_user_name(name)) {
		if (user_name2oid(name, mib) < 0)
			return -1;
		return user_sysctl(mib, 2, oldp, oldlenp, newp);
	}
	/* The kernel refuses names this long with ENAMETOOLONG. */
	len = strlen(name);
	if (len > XNU_SYSCTL_MAXNAMELEN)
		len = XNU_SYSCTL_MAXNAMELEN + 1;
	return xnu_sysctl_trap(name, (uint32_t)len, XNU_SYSCTL_BYNAME, oldp,
			       oldlenp, newp, newlen);
}

/*
 * Darwin's libc: *sizep is counted in ints; the name goes to {0,3} as the
 * new value (without its NUL), and *sizep is what the kernel left in the
 * byte count, divided back (so 0 after ENOMEM, unchanged after other
 * errors).
 */
int sysctlnametomib(const char *name, int *mibp, size_t *sizep)
{
	int name2oid[2] = { CTL_UNSPEC, CTL_SYSCTL_NAME2OID };
	size_t bytes;
	int mib[2];
	int ret;

	if (!name) {
		errno = EFAULT;
		return -1;
	}
	if (is_user_name(name)) {
		if (user_name2oid(name, mib) < 0)
			return -1;
		if (mibp && (!sizep || *sizep < 2)) {
			if (sizep)
				*sizep = 0;
			errno = ENOMEM;
			return -1;
		}
		if (mibp)
			memcpy(mibp, mib, sizeof(mib));
		if (sizep)
			*sizep = 2;
		return 0;
	}
	bytes = sizep ? *sizep * sizeof(int) : 0;
	ret = xnu_sysctl_trap(name2oid, 2, 0, mibp, sizep ? &bytes : NULL,
			      name, strlen(name));
	if (sizep)
		*sizep = bytes / sizeof(int);
	return ret;
}

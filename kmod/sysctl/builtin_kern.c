// SPDX-License-Identifier: GPL-2.0
/*
 * builtin_kern.c - the built-in kern.* leaves, with XNU's numbers, kinds,
 * formats and flags (bsd/kern/kern_sysctl.c), and values from the Linux
 * state of the caller: its UTS and time namespaces and its RLIMIT_STACK.
 * Also kern.securelevel, which the core reads for CTLFLAG_SECURE.
 *
 * Three leaves are backed by Linux tunables that no exported kernel API can
 * set (threads-max, file-max, the UTS hostname: max_threads, files_stat and
 * uts_sem are not exported in 6.1 or 6.12). They are read and written
 * through their /proc/sys files, opened in the caller's context, so Linux's
 * own handler validates, locks and notifies exactly as for a write by the
 * caller to that file: this also means procfs's checks apply (writing needs
 * euid 0, besides the CAP_SYS_ADMIN the core checks) and the caller's
 * /proc must be reachable; if it is not, the leaf fails with EOPNOTSUPP.
 */
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/resource.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/time_namespace.h>
#include <linux/timekeeping.h>
#include <linux/magic.h>
#include <linux/utsname.h>

#include "sysctl_internal.h"
#include "builtin.h"

#define XNU_PROCSYS_THREADS_MAX	"/proc/sys/kernel/threads-max"
#define XNU_PROCSYS_FILE_MAX	"/proc/sys/fs/file-max"
#define XNU_PROCSYS_HOSTNAME	"/proc/sys/kernel/hostname"

/* ---- /proc/sys access in the caller's context ---- */

/*
 * Open a /proc/sys file as the caller sees it. Only procfs will do: in a
 * mount namespace of its own a user could put a FIFO or a FUSE file there,
 * which would block the request (non-blocking open, no final symlink).
 */
static struct file *xnu_procsys_open(const char *path, int flags)
{
	struct file *f = filp_open(path, flags | O_NONBLOCK | O_NOFOLLOW, 0);

	/* No /proc/sys where the caller's root is: nothing to reach. */
	if (IS_ERR(f)) {
		if (PTR_ERR(f) == -ENOENT || PTR_ERR(f) == -ENOTDIR ||
		    PTR_ERR(f) == -ELOOP)
			return ERR_PTR(-EOPNOTSUPP);
		return f;
	}
	if (file_inode(f)->i_sb->s_magic != PROC_SUPER_MAGIC) {
		filp_close(f, NULL);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return f;
}

/* Read a /proc/sys file holding one integer. */
static int xnu_procsys_read_int(const char *path, int *val)
{
	char buf[32];
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = xnu_procsys_open(path, O_RDONLY);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n < 0)
		return n;
	buf[n] = '\0';
	return kstrtoint(buf, 10, val);
}

/* Write a value, as a text line, to a /proc/sys file. */
static int xnu_procsys_write(const char *path, const char *text, size_t len)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = xnu_procsys_open(path, O_WRONLY);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, text, len, &pos);
	filp_close(f, NULL);
	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -EIO;
}

static int xnu_procsys_write_int(const char *path, int val)
{
	char buf[16];
	int len;

	len = scnprintf(buf, sizeof(buf), "%d\n", val);
	return xnu_procsys_write(path, buf, len);
}

/* ---- kern.ostype, kern.osrelease, kern.version ---- */

/* Constant, as in XNU; kern.osrelease and kern.version are Linux's. */
SYSCTL_STRING(_kern, KERN_OSTYPE, ostype,
	      CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	      "Darwin", 0, "");

/*
 * kern.osrelease is the release of the caller's UTS namespace ("uname -r",
 * e.g. "6.1.0-56-cloud-amd64", where Darwin has "23.4.0"). kern.version
 * follows the layout of Darwin's ("Darwin Kernel Version 23.4.0: <build
 * date>; root:xnu-.../RELEASE_X86_64") with Linux's fields: "<uname -s>
 * Kernel Version <uname -r>: <uname -v>; <uname -m>". Neither field changes
 * after boot, so they are read without uts_sem (not exported). XNU declares
 * both with SYSCTL_STRING; the kind, format and flags here are the same.
 */
static int xnu_kern_uts SYSCTL_HANDLER_ARGS
{
	/* 4 UTS fields of at most 64 bytes, and the text around them. */
	char buf[4 * __NEW_UTS_LEN + 32];
	struct new_utsname *u = utsname();

	if (arg2 == KERN_OSRELEASE)
		strscpy(buf, u->release, sizeof(buf));
	else
		scnprintf(buf, sizeof(buf), "%s Kernel Version %s: %s; %s",
			  u->sysname, u->release, u->version, u->machine);
	return sysctl_handle_string(oidp, buf, 0, req);
}

SYSCTL_PROC(_kern, KERN_OSRELEASE, osrelease,
	    CTLTYPE_STRING | CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, KERN_OSRELEASE, xnu_kern_uts, "A", "");

SYSCTL_PROC(_kern, KERN_VERSION, version,
	    CTLTYPE_STRING | CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, KERN_VERSION, xnu_kern_uts, "A", "");

/* ---- kern.maxproc, kern.maxfiles, kern.argmax ---- */

/*
 * kern.maxproc is Linux's system-wide task limit, kernel.threads-max (Linux
 * counts threads, Darwin processes). A write goes to that file, so Linux's
 * range (1 to FUTEX_TID_MASK) applies: outside it, EINVAL, as XNU gives
 * outside 1..hard_maxproc.
 */
static int xnu_kern_maxproc SYSCTL_HANDLER_ARGS
{
	int cur, new_value, changed = 0;
	int error;

	error = xnu_procsys_read_int(XNU_PROCSYS_THREADS_MAX, &cur);
	if (error)
		return error;
	error = sysctl_io_number(req, cur, sizeof(int), &new_value, &changed);
	if (error || !changed)
		return error;
	return xnu_procsys_write_int(XNU_PROCSYS_THREADS_MAX, new_value);
}

SYSCTL_PROC(_kern, KERN_MAXPROC, maxproc,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED,
	    NULL, 0, xnu_kern_maxproc, "I", "");

/*
 * kern.maxfiles is fs.file-max (get_max_files()), an unsigned long on
 * Linux: values above INT_MAX (systemd sets LONG_MAX) read as INT_MAX.
 * Writes go to fs.file-max, which refuses negative values with EINVAL
 * (Darwin would store them). XNU declares it with SYSCTL_INT; the kind,
 * format and flags here are the same.
 */
static int xnu_kern_maxfiles SYSCTL_HANDLER_ARGS
{
	int cur = (int)min_t(unsigned long, get_max_files(), INT_MAX);
	int new_value, changed = 0;
	int error;

	error = sysctl_io_number(req, cur, sizeof(int), &new_value, &changed);
	if (error || !changed)
		return error;
	return xnu_procsys_write_int(XNU_PROCSYS_FILE_MAX, new_value);
}

SYSCTL_PROC(_kern, KERN_MAXFILES, maxfiles,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, 0, xnu_kern_maxfiles, "I", "");

/*
 * kern.argmax: Darwin's is the constant ARG_MAX (1 MiB). Linux's limit on
 * the argument and environment strings of execve() depends on the caller's
 * RLIMIT_STACK (fs/exec.c: a quarter of it, at most 3/4 of _STK_LIM, at
 * least ARG_MAX = 128 KiB), so it is computed for the caller; glibc's
 * sysconf(_SC_ARG_MAX) gives the same. Linux also limits each string to
 * MAX_ARG_STRLEN (32 pages), which Darwin does not. XNU declares it with
 * SYSCTL_INT (NULL, ARG_MAX); the value goes through the same handler.
 */
static int xnu_kern_argmax SYSCTL_HANDLER_ARGS
{
	unsigned long limit;

	limit = min_t(unsigned long, _STK_LIM / 4 * 3, rlimit(RLIMIT_STACK) / 4);
	limit = max_t(unsigned long, limit, ARG_MAX);
	return sysctl_handle_int(oidp, NULL, (int)limit, req);
}

SYSCTL_PROC(_kern, KERN_ARGMAX, argmax,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_KERN | CTLFLAG_LOCKED,
	    NULL, 0, xnu_kern_argmax, "I", "");

/* ---- kern.securelevel ---- */

/*
 * Darwin's securelevel, starting at 0 as macOS reports it; it can only be
 * raised (XNU also lets launchd, pid 1, lower it; we do not). It lives in
 * this module, so it returns to 0 when xnucross is reloaded.
 */
static atomic_t xnu_securelevel = ATOMIC_INIT(0);

/**
 * xnu_sysctl_securelevel() - the current kern.securelevel
 *
 * Writes to CTLFLAG_SECURE OIDs are refused while it is above 0.
 *
 * Return: the level.
 */
int xnu_sysctl_securelevel(void)
{
	return atomic_read(&xnu_securelevel);
}

static int xnu_kern_securelevel SYSCTL_HANDLER_ARGS
{
	int cur = atomic_read(&xnu_securelevel);
	int new_value, changed = 0;
	int error;

	error = sysctl_io_number(req, cur, sizeof(int), &new_value, &changed);
	if (error || !changed)
		return error;
	do {
		if (new_value < cur)
			return -EPERM;
	} while (!atomic_try_cmpxchg(&xnu_securelevel, &cur, new_value));
	return 0;
}

SYSCTL_PROC(_kern, KERN_SECURELVL, securelevel,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED,
	    NULL, 0, xnu_kern_securelevel, "I", "");

/* ---- kern.hostname ---- */

/*
 * The nodename of the caller's UTS namespace. Reading copies it without
 * uts_sem (not exported): a read racing a sethostname() may see a mix of
 * the two names, always NUL-terminated. A write sets it through
 * kernel.hostname, as sethostname() would, in the caller's namespace.
 * Linux names are at most 64 bytes (Darwin: 255): a longer one is EINVAL,
 * as is one with a newline (procfs would cut the name there). As in XNU,
 * a too small old buffer gets the name truncated, not ENOMEM.
 */
static int xnu_kern_hostname SYSCTL_HANDLER_ARGS
{
	char name[__NEW_UTS_LEN + 2];	/* the name, '\n' or NUL, NUL */
	int changed = 0;
	size_t len;
	int error;

	strscpy(name, utsname()->nodename, __NEW_UTS_LEN + 1);
	error = sysctl_io_string(req, name, __NEW_UTS_LEN + 1, 1, &changed);
	if (error || !changed)
		return error;
	len = strlen(name);
	if (strchr(name, '\n'))
		return -EINVAL;
	name[len++] = '\n';
	return xnu_procsys_write(XNU_PROCSYS_HOSTNAME, name, len);
}

SYSCTL_PROC(_kern, KERN_HOSTNAME, hostname,
	    CTLTYPE_STRING | CTLFLAG_RW | CTLFLAG_LOCKED,
	    NULL, 0, xnu_kern_hostname, "A", "");

/* ---- kern.boottime ---- */

/*
 * Darwin's struct timeval for a 64-bit process (user64_timeval): 8-byte
 * seconds, 4-byte microseconds, 4 bytes of padding, zeroed here.
 */
struct xnu_user64_timeval {
	s64 tv_sec;
	s32 tv_usec;
	u32 xnu_pad;
};

static_assert(sizeof(struct xnu_user64_timeval) == 16);

/*
 * The wall-clock time of boot as the caller's time namespace sees it, as
 * /proc/stat's btime: it moves when the clock is set, as Darwin's does.
 */
static int xnu_kern_boottime SYSCTL_HANDLER_ARGS
{
	struct xnu_user64_timeval tv = { };
	struct timespec64 ts;

	getboottime64(&ts);
	timens_sub_boottime(&ts);
	tv.tv_sec = ts.tv_sec;
	tv.tv_usec = (s32)(ts.tv_nsec / NSEC_PER_USEC);
	return sysctl_io_opaque(req, &tv, sizeof(tv), NULL);
}

SYSCTL_PROC(_kern, KERN_BOOTTIME, boottime,
	    CTLTYPE_STRUCT | CTLFLAG_KERN | CTLFLAG_RD | CTLFLAG_LOCKED,
	    NULL, 0, xnu_kern_boottime, "S,timeval", "");

/* ---- registration order ---- */

static struct sysctl_oid *const xnu_kern_oids[] = {
	&sysctl__kern_ostype,
	&sysctl__kern_osrelease,
	&sysctl__kern_version,
	&sysctl__kern_maxproc,
	&sysctl__kern_maxfiles,
	&sysctl__kern_argmax,
	&sysctl__kern_securelevel,
	&sysctl__kern_hostname,
	&sysctl__kern_boottime,
};

const struct xnu_builtin_set xnu_builtin_kern = {
	.name = "kern",
	.oids = xnu_kern_oids,
	.count = ARRAY_SIZE(xnu_kern_oids),
};

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnu_selftest.h - helpers shared by the xnucross selftests: raw access to
 * /dev/xnucross (open, handshake, ioctl returning the errno), the module's
 * sysfs files (devmode, version), the kernel taint flags (to catch an oops
 * or WARN), and running code as user nobody (65534), either by dropping the
 * privileges of the test's own process (the harness runs every test in a
 * forked child) or in a forked child whose int result comes back in a pipe.
 *
 * Include this before kselftest_harness.h: it includes the harness itself
 * with -Wmissing-prototypes silenced, as the 6.1 harness defines global
 * functions without prototypes.
 */
#ifndef XNU_SELFTEST_H
#define XNU_SELFTEST_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop

#include "xnucross.h"

#define XNU_NOBODY		65534
#define XNU_MISC_MAJOR		10U
#define XNU_SYSFS_MODULE	"/sys/module/" XNUCROSS_DEVICE_NAME
#define XNU_SYSFS_DEVMODE	XNU_SYSFS_MODULE "/parameters/devmode"
#define XNU_SYSFS_VERSION	XNU_SYSFS_MODULE "/version"
#define XNU_SYSFS_MISC		"/sys/class/misc/" XNUCROSS_DEVICE_NAME

/* Taint bits an oops (D), a WARN (W) or a bad page (B) set. */
#define XNU_TAINT_BAD		((1UL << 5) | (1UL << 7) | (1UL << 9))

/*
 * The FIXTURE_SETUP/FIXTURE_TEARDOWN functions of the 6.1 harness are
 * global; declare them after FIXTURE(name) to keep -Wmissing-prototypes
 * quiet.
 */
#define XNU_FIXTURE_PROTOTYPES(name)					\
	void name##_setup(struct __test_metadata *_metadata,		\
			  FIXTURE_DATA(name) *self,			\
			  const FIXTURE_VARIANT(name) *variant);	\
	void name##_teardown(struct __test_metadata *_metadata,	\
			     FIXTURE_DATA(name) *self,			\
			     const FIXTURE_VARIANT(name) *variant)

/* Read a small text file, without its trailing newline; 0 or -errno. */
static inline int xnu_read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

/* Read an unsigned number in the given base (0: C prefixes) from a file. */
static inline int xnu_read_ulong(const char *path, int base,
				 unsigned long *val)
{
	char buf[64], *end;
	int ret;

	ret = xnu_read_text(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	*val = strtoul(buf, &end, base);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

/* The module's devmode parameter (sysfs shows it in octal, e.g. 0666). */
static inline int xnu_devmode(unsigned long *mode)
{
	return xnu_read_ulong(XNU_SYSFS_DEVMODE, 8, mode);
}

/* The module's version string, as MODULE_VERSION put it in sysfs. */
static inline int xnu_sysfs_version(char *buf, size_t len)
{
	return xnu_read_text(XNU_SYSFS_VERSION, buf, len);
}

/* Current kernel taint flags, or ~0UL when unreadable. */
static inline unsigned long xnu_taint(void)
{
	unsigned long t;

	return xnu_read_ulong("/proc/sys/kernel/tainted", 10, &t) ? ~0UL : t;
}

static inline int xnu_module_loaded(void)
{
	return access(XNU_SYSFS_MODULE, F_OK) == 0;
}

/* Open /dev/xnucross without the library and without a handshake. */
static inline int xnu_open_raw(void)
{
	return open(XNUCROSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
}

/*
 * ioctl() returning 0 on success, errno on failure, and the negated result
 * when the call returned a positive value (no trap should).
 */
static inline int xnu_ioctl_err(int fd, unsigned long cmd, void *arg)
{
	int ret = ioctl(fd, cmd, arg);

	if (ret < 0)
		return errno;
	return -ret;
}

static inline void xnu_hs_init(struct xnu_handshake *hs, __u32 user_api)
{
	memset(hs, 0, sizeof(*hs));
	hs->user_api = user_api;
}

/* Handshake for XNU_API_VERSION on fd; 0 or errno. */
static inline int xnu_handshake(int fd, struct xnu_handshake *hs)
{
	xnu_hs_init(hs, XNU_API_VERSION);
	return xnu_ioctl_err(fd, XNU_TRAP_HANDSHAKE, hs);
}

/* Open and handshake; the fd, or -1 with errno set. */
static inline int xnu_open_handshaken(void)
{
	struct xnu_handshake hs;
	int fd, err;

	fd = xnu_open_raw();
	if (fd < 0)
		return -1;
	err = xnu_handshake(fd, &hs);
	if (err) {
		close(fd);
		errno = err > 0 ? err : EIO;
		return -1;
	}
	return fd;
}

/*
 * Become user and group nobody, with no supplementary groups; 0 or -errno.
 * Irreversible: call it in a child (every harness test already is one).
 */
static inline int xnu_drop_to_nobody(void)
{
	if (setgroups(0, NULL) || setgid(XNU_NOBODY) || setuid(XNU_NOBODY))
		return -errno;
	if (getuid() != XNU_NOBODY || geteuid() != XNU_NOBODY ||
	    getgid() != XNU_NOBODY || getegid() != XNU_NOBODY ||
	    getgroups(0, NULL) != 0)
		return -EPERM;
	/* Root's privileges must really be gone. */
	if (setuid(0) == 0)
		return -EPERM;
	return 0;
}

/*
 * Fork a child with a close-on-exec pipe from it to the parent (stdio is
 * flushed first so nothing buffered is written twice). In the child (0
 * returned) *wfd is the write end; in the parent (the child's pid returned)
 * *rfd is the read end. Each side's other end is closed. -1 when the pipe
 * or the fork failed (nothing left open).
 */
static inline pid_t xnu_fork_piped(int *rfd, int *wfd)
{
	int pfd[2];
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		close(pfd[0]);
		*wfd = pfd[1];
	} else {
		close(pfd[1]);
		*rfd = pfd[0];
	}
	return pid;
}

/*
 * Run fn(arg) as nobody in a forked child and store its int result in
 * *result. Returns 0 when the child dropped its privileges, ran fn and
 * reported back, -1 otherwise (so a test can tell "fn said X" from "fn never
 * ran"). The child must not use the harness's ASSERT/EXPECT.
 */
static inline int xnu_run_as_nobody(int (*fn)(void *arg), void *arg,
				    int *result)
{
	int rfd, wfd, status, val;
	ssize_t n;
	pid_t pid;

	pid = xnu_fork_piped(&rfd, &wfd);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (xnu_drop_to_nobody())
			_exit(2);
		val = fn(arg);
		if (write(wfd, &val, sizeof(val)) != sizeof(val))
			_exit(3);
		_exit(0);
	}
	n = read(rfd, &val, sizeof(val));
	close(rfd);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (n != sizeof(val) || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	*result = val;
	return 0;
}

/*
 * The setup of the fixtures whose tests run both as root and as nobody:
 * become nobody when asked, then open the device raw. Returns the
 * descriptor; a failure ends the test, and the test is skipped when devmode
 * refuses nobody.
 */
static inline int xnu_setup_open_as(struct __test_metadata *_metadata,
				    int nobody)
{
	unsigned long devmode;
	int fd;

	if (nobody) {
		ASSERT_EQ(0, xnu_devmode(&devmode));
		/*
		 * The 6.1 harness runs the test after a SKIP in the setup:
		 * end the test's process with the harness's skip status.
		 */
		if ((devmode & 0006) != 0006)
			SKIP(_exit(255), "devmode %#lo refuses nobody",
			     devmode);
		ASSERT_EQ(0, xnu_drop_to_nobody());
	}
	fd = xnu_open_raw();
	ASSERT_LE(0, fd) {
		TH_LOG("open %s: %s", XNUCROSS_DEVICE_PATH, strerror(errno));
	}
	return fd;
}

#endif /* XNU_SELFTEST_H */

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * device.c - libxnucross's connection to /dev/xnucross: opened and
 * handshaken on first use, shared by all threads, with one clear message
 * when the module cannot be reached.
 *
 * Fork: the module binds an open file to the process (thread group) that
 * first makes a Mach call on it and refuses it to any other process
 * (EBADFD). So the child of a fork never uses the descriptor it inherited:
 * a pthread_atfork() child handler closes it (the child must not pin the
 * parent's file either). A trap that still meets EBADFD (a child made
 * without the fork handlers, e.g. a raw clone()) reopens the device in
 * place and is tried once more. Either way the "fork generation" moves on,
 * which tells the Mach code that the port names it cached (bootstrap port,
 * MIG reply ports) are gone.
 *
 * A new Mach task copies its parent's bootstrap, special and registered
 * ports when it is made, that is on its first Mach call. To make that copy
 * what the parent had at fork, as in XNU, the child of a process that has
 * a Mach task makes its task inside fork(): its fork handler opens the
 * device again and binds it (mach_task_self(), whose extra user reference
 * it gives back), and the parent's fork() returns only once the child did
 * (or died): the parent may then change its ports at once. A child made
 * without the fork handlers (raw clone(), vfork(), posix_spawn()) still
 * copies its parent's ports as they are at its first Mach call.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "libxnucross.h"
#include "mach_private.h"

static pthread_mutex_t xnucross_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t xnucross_atfork_once = PTHREAD_ONCE_INIT;
static int xnucross_devfd = -1;
static unsigned int xnucross_generation;
/* A Mach call went through: this process has a Mach task (see fork). */
static int xnucross_bound;
/* fork(): the child tells the parent it bound its task (see fork). */
static int xnucross_fork_pipe[2] = { -1, -1 };
static struct xnucross_info xnucross_hs;
static char xnucross_errmsg[512];
static int xnucross_warned;

static const char *xnucross_device_path(void)
{
	const char *path = getenv("XNUCROSS_DEVICE");

	return path && *path ? path : XNUCROSS_DEVICE_PATH;
}

/* Record (and print once) why the module cannot be used; keeps errno. */
static void xnucross_fail(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void xnucross_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(xnucross_errmsg, sizeof(xnucross_errmsg), fmt, ap);
	va_end(ap);
	if (!xnucross_warned && !getenv("XNUCROSS_QUIET")) {
		xnucross_warned = 1;
		fprintf(stderr, "libxnucross: %s\n", xnucross_errmsg);
	}
	errno = err;
}

static int xnucross_connect(void)
{
	const char *path = xnucross_device_path();
	struct xnu_handshake hs;
	int fd, err;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		if (err == ENOENT || err == ENXIO || err == ENODEV) {
			xnucross_fail(ENODEV,
				      "%s: %s: the xnucross kernel module is not loaded; load it with 'sudo modprobe xnucross' when installed, or 'sudo insmod kmod/build/$(uname -r)/xnucross.ko' from the build tree",
				      path, strerror(err));
		} else if (err == EACCES || err == EPERM) {
			xnucross_fail(err,
				      "%s: %s: the device's mode refuses this user; see the xnucross module's devmode parameter or its udev rule",
				      path, strerror(err));
		} else {
			xnucross_fail(err, "%s: cannot open the xnucross device: %s",
				      path, strerror(err));
		}
		return -1;
	}

	memset(&hs, 0, sizeof(hs));
	hs.user_api = XNU_API_VERSION;
	if (ioctl(fd, XNU_TRAP_HANDSHAKE, &hs) < 0) {
		err = errno;
		close(fd);
		if (err == EPROTONOSUPPORT) {
			xnucross_fail(err,
				      "%s: the loaded xnucross module speaks API %u.%u (version %.*s) but libxnucross was built for API %u.%u; load a matching module",
				      path, XNU_API_VERSION_MAJOR(hs.kernel_api),
				      XNU_API_VERSION_MINOR(hs.kernel_api),
				      XNU_VERSION_LEN, hs.version, XNU_API_MAJOR,
				      XNU_API_MINOR);
		} else if (err == ENOTTY) {
			xnucross_fail(EPROTONOSUPPORT,
				      "%s: the device does not answer the xnucross handshake; is it the xnucross module's node?",
				      path);
		} else {
			xnucross_fail(err, "%s: xnucross handshake failed: %s",
				      path, strerror(err));
		}
		return -1;
	}

	xnucross_hs.kernel_api = hs.kernel_api;
	xnucross_hs.user_api = XNU_API_VERSION;
	xnucross_hs.trap_count = hs.trap_count;
	xnucross_hs.features = hs.features;
	memcpy(xnucross_hs.version, hs.version, sizeof(hs.version));
	xnucross_hs.version[XNU_VERSION_LEN - 1] = '\0';
	xnucross_errmsg[0] = '\0';
	return fd;
}

/* fork(): no connect may be half done in the child. */
static void xnucross_atfork_prepare(void)
{
	pthread_mutex_lock(&xnucross_lock);
	xnucross_fork_pipe[0] = xnucross_fork_pipe[1] = -1;
	/* Without a pipe the child still binds, only not in step. */
	if (__atomic_load_n(&xnucross_bound, __ATOMIC_RELAXED) &&
	    pipe2(xnucross_fork_pipe, O_CLOEXEC))
		xnucross_fork_pipe[0] = xnucross_fork_pipe[1] = -1;
}

/* Wait until the child bound its task (or died); no lock held. */
static void xnucross_atfork_parent(void)
{
	int rfd = xnucross_fork_pipe[0], wfd = xnucross_fork_pipe[1];
	char c;

	pthread_mutex_unlock(&xnucross_lock);
	if (rfd < 0)
		return;
	close(wfd);
	while (read(rfd, &c, 1) < 0 && errno == EINTR)
		;
	close(rfd);
}

/*
 * Make the child's Mach task on @fd, a new file: mach_task_self() binds
 * it, copying the parent's ports as they are now; the user reference it
 * adds to the task port goes back.
 */
static int xnucross_bind_task(int fd)
{
	struct xnu_mach_port_args a;
	mach_port_name_t self;

	memset(&a, 0, sizeof(a));
	if (ioctl(fd, XNU_TRAP_TASK_SELF, &a) != KERN_SUCCESS)
		return 0;
	self = a.name;
	memset(&a, 0, sizeof(a));
	a.task = self;
	a.name = self;
	ioctl(fd, XNU_TRAP_PORT_DEALLOCATE, &a);
	return 1;
}

/*
 * The child is alone: drop the parent's descriptor. If the parent had a
 * Mach task, open the device again and make the child's task now, then
 * let the parent go on.
 */
static void xnucross_atfork_child(void)
{
	int fd = xnucross_devfd, wfd = xnucross_fork_pipe[1];
	int bound = __atomic_load_n(&xnucross_bound, __ATOMIC_RELAXED);

	__atomic_store_n(&xnucross_devfd, -1, __ATOMIC_RELEASE);
	__atomic_store_n(&xnucross_bound, 0, __ATOMIC_RELAXED);
	if (fd >= 0)
		close(fd);
	__atomic_add_fetch(&xnucross_generation, 1, __ATOMIC_RELEASE);
	if (bound) {
		fd = xnucross_connect();
		if (fd >= 0) {
			__atomic_store_n(&xnucross_devfd, fd,
					 __ATOMIC_RELEASE);
			__atomic_store_n(&xnucross_bound,
					 xnucross_bind_task(fd),
					 __ATOMIC_RELAXED);
		}
	}
	if (wfd >= 0) {
		close(xnucross_fork_pipe[0]);
		while (write(wfd, "b", 1) < 0 && errno == EINTR)
			;
		close(wfd);
	}
	xnucross_fork_pipe[0] = xnucross_fork_pipe[1] = -1;
	pthread_mutex_unlock(&xnucross_lock);
}

static void xnucross_atfork_register(void)
{
	pthread_atfork(xnucross_atfork_prepare, xnucross_atfork_parent,
		       xnucross_atfork_child);
}

unsigned int xnucross_fork_generation(void)
{
	return __atomic_load_n(&xnucross_generation, __ATOMIC_ACQUIRE);
}

/*
 * The module refused @fd with EBADFD: it is bound to another process (we
 * are a child that did not run the fork handlers). Open the device again
 * and put the new file under the same number (dup3), so that a thread
 * still holding the old number never reaches an unrelated file.
 */
static void xnucross_reopen(int fd)
{
	int nfd;

	pthread_mutex_lock(&xnucross_lock);
	if (xnucross_devfd == fd) {
		__atomic_store_n(&xnucross_devfd, -1, __ATOMIC_RELEASE);
		__atomic_store_n(&xnucross_bound, 0, __ATOMIC_RELAXED);
		__atomic_add_fetch(&xnucross_generation, 1, __ATOMIC_RELEASE);
		nfd = xnucross_connect();
		if (nfd >= 0 && dup3(nfd, fd, O_CLOEXEC) == fd) {
			close(nfd);
			nfd = fd;
		} else {
			close(fd);
		}
		if (nfd >= 0)
			__atomic_store_n(&xnucross_devfd, nfd, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&xnucross_lock);
}

int xnucross_fd(void)
{
	int fd = __atomic_load_n(&xnucross_devfd, __ATOMIC_ACQUIRE);

	if (fd >= 0)
		return fd;
	/* Before taking the lock: the prepare handler takes it too. */
	pthread_once(&xnucross_atfork_once, xnucross_atfork_register);
	pthread_mutex_lock(&xnucross_lock);
	fd = xnucross_devfd;
	if (fd < 0) {
		fd = xnucross_connect();
		if (fd >= 0)
			__atomic_store_n(&xnucross_devfd, fd, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&xnucross_lock);
	return fd;
}

int xnucross_info(struct xnucross_info *info)
{
	if (!info) {
		errno = EFAULT;
		return -1;
	}
	if (xnucross_fd() < 0)
		return -1;
	*info = xnucross_hs;
	return 0;
}

int xnucross_trap(uint32_t cmd, void *arg)
{
	int fd;
	int ret;

	/* The library owns the descriptor's handshake (see xnucross_fd()). */
	if (cmd == XNU_TRAP_HANDSHAKE) {
		errno = EINVAL;
		return -1;
	}
	fd = xnucross_fd();
	if (fd < 0)
		return -1;
	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0 && errno == EBADFD) {
		/* Bound to another process: reopen once and try again. */
		xnucross_reopen(fd);
		fd = xnucross_fd();
		if (fd < 0)
			return -1;
		do {
			ret = ioctl(fd, cmd, arg);
		} while (ret < 0 && errno == EINTR);
	}
	/* A Mach trap that reached its code bound this process's task. */
	if (ret >= 0 && XNU_IOCNUM(cmd) >= XNU_TRAP_NR_MACH_MSG &&
	    !__atomic_load_n(&xnucross_bound, __ATOMIC_RELAXED))
		__atomic_store_n(&xnucross_bound, 1, __ATOMIC_RELAXED);
	return ret;
}

const char *xnucross_strerror(void)
{
	return xnucross_errmsg;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * device.c - libxnucross's connection to /dev/xnucross: opened and
 * handshaken on first use, shared by all threads, with one clear message
 * when the module cannot be reached.
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

static pthread_mutex_t xnucross_lock = PTHREAD_MUTEX_INITIALIZER;
static int xnucross_devfd = -1;
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
	__atomic_store_n(&xnucross_devfd, fd, __ATOMIC_RELEASE);
	return fd;
}

int xnucross_fd(void)
{
	int fd = __atomic_load_n(&xnucross_devfd, __ATOMIC_ACQUIRE);

	if (fd >= 0)
		return fd;
	pthread_mutex_lock(&xnucross_lock);
	fd = xnucross_devfd;
	if (fd < 0)
		fd = xnucross_connect();
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
	return ret;
}

const char *xnucross_strerror(void)
{
	return xnucross_errmsg;
}

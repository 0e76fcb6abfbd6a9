// SPDX-License-Identifier: GPL-2.0
/*
 * module_test - loading and unloading xnucross: an open file keeps the
 * module (delete_module gives EWOULDBLOCK), only root may unload or load,
 * after the last close it unloads and takes /dev/xnucross and its sysfs
 * directory away (libxnucross then says ENODEV and how to load it), and
 * finit_module with devmode=0600 makes a node nobody cannot open while an
 * out-of-range devmode fails the load with EINVAL.
 *
 * Runs last of the selftests: it unloads and reloads the module from
 * $XNUCROSS_KO (default /lib/modules/$(uname -r)/extra/xnucross.ko), and
 * every test's teardown leaves it loaded with its default parameters, even
 * when the test failed. Without the .ko the unloading tests are skipped.
 */
#include <limits.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>

#include "libxnucross.h"
#include "xnu_selftest.h"
#include "kselftest_harness.h"

#define XNU_DEFAULT_DEVMODE	0666UL

static int delete_xnucross(void)
{
	if (syscall(SYS_delete_module, XNUCROSS_DEVICE_NAME, O_NONBLOCK))
		return errno;
	return 0;
}

/* finit_module(2) of the .ko with params; 0 or errno. */
static int load_xnucross(const char *ko, const char *params)
{
	int fd, err = 0;

	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (syscall(SYS_finit_module, fd, params, 0))
		err = errno;
	close(fd);
	return err;
}

/* Wait up to two seconds for path to (dis)appear; 0 when it did. */
static int wait_path(const char *path, int present)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 200; i++) {
		if ((access(path, F_OK) == 0) == present)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* Leave the module loaded with default parameters; 0 or errno. */
static int ensure_default_loaded(const char *ko)
{
	unsigned long devmode;
	int err;

	if (xnu_module_loaded()) {
		if (!xnu_devmode(&devmode) && devmode == XNU_DEFAULT_DEVMODE)
			return 0;
		err = delete_xnucross();
		if (err)
			return err;
	}
	err = load_xnucross(ko, "");
	if (err)
		return err;
	return wait_path(XNUCROSS_DEVICE_PATH, 1) ? ENOENT : 0;
}

FIXTURE(mod) {
	char ko[PATH_MAX];
	int have_ko;
};

XNU_FIXTURE_PROTOTYPES(mod);

FIXTURE_SETUP(mod)
{
	const char *env = getenv("XNUCROSS_KO");
	struct utsname u;

	if (env && *env) {
		snprintf(self->ko, sizeof(self->ko), "%s", env);
	} else {
		ASSERT_EQ(0, uname(&u));
		snprintf(self->ko, sizeof(self->ko),
			 "/lib/modules/%s/extra/xnucross.ko", u.release);
	}
	self->have_ko = access(self->ko, R_OK) == 0;
	if (!xnu_module_loaded() && self->have_ko)
		ASSERT_EQ(0, ensure_default_loaded(self->ko));
	ASSERT_TRUE(xnu_module_loaded()) {
		TH_LOG("xnucross is not loaded and %s cannot be read",
		       self->ko);
	}
}

FIXTURE_TEARDOWN(mod)
{
	int err;

	if (!self->have_ko)
		return;
	err = ensure_default_loaded(self->ko);
	EXPECT_EQ(0, err) {
		TH_LOG("cannot reload %s: %s", self->ko, strerror(err));
	}
}

#define NEED_KO() do {							\
	if (!self->have_ko)						\
		SKIP(return, "no module at %.512s (set XNUCROSS_KO)",	\
		     self->ko);						\
} while (0)

static int refcnt(void)
{
	unsigned long n;

	if (xnu_read_ulong(XNU_SYSFS_MODULE "/refcnt", 10, &n))
		return -1;
	return (int)n;
}

TEST_F(mod, open_file_holds_module)
{
	int before, fd;

	before = refcnt();
	ASSERT_LE(0, before);
	fd = xnu_open_handshaken();
	ASSERT_LE(0, fd);
	EXPECT_EQ(before + 1, refcnt());
	close(fd);
	EXPECT_EQ(before, refcnt());
}

TEST_F(mod, unload_while_open_ewouldblock)
{
	char state[32];
	int fd;

	fd = xnu_open_handshaken();
	ASSERT_LE(0, fd);
	/* EWOULDBLOCK is EAGAIN on Linux. */
	EXPECT_EQ(EWOULDBLOCK, delete_xnucross());
	/* Still there, still working. */
	ASSERT_EQ(0, xnu_read_text(XNU_SYSFS_MODULE "/initstate", state,
				   sizeof(state)));
	EXPECT_STREQ("live", state);
	EXPECT_EQ(0, access(XNUCROSS_DEVICE_PATH, F_OK));
	EXPECT_EQ(0, xnu_ioctl_err(fd, XNU_TRAP_NULL, NULL));
	close(fd);
	EXPECT_TRUE(xnu_module_loaded());
}

static int nobody_delete(void *arg)
{
	return delete_xnucross();
}

static int nobody_load(void *arg)
{
	return load_xnucross(arg, "");
}

TEST_F(mod, nobody_cannot_unload_or_load)
{
	int res = -1;

	ASSERT_EQ(0, xnu_run_as_nobody(nobody_delete, NULL, &res));
	EXPECT_EQ(EPERM, res);
	EXPECT_TRUE(xnu_module_loaded());
	EXPECT_EQ(0, access(XNUCROSS_DEVICE_PATH, F_OK));

	/* Not a SKIP: that would hide a failure above. */
	if (!self->have_ko) {
		TH_LOG("no module at %s: finit_module as nobody not tried",
		       self->ko);
		return;
	}
	res = -1;
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_load, self->ko, &res));
	EXPECT_EQ(EPERM, res);
}

TEST_F(mod, load_twice_eexist)
{
	NEED_KO();
	EXPECT_EQ(EEXIST, load_xnucross(self->ko, ""));
	EXPECT_TRUE(xnu_module_loaded());
}

TEST_F(mod, unload_after_close)
{
	struct xnucross_info info;
	const char *msg;
	int fd;

	NEED_KO();
	fd = xnu_open_handshaken();
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, delete_xnucross());
	EXPECT_EQ(0, wait_path(XNUCROSS_DEVICE_PATH, 0));
	EXPECT_EQ(-1, access(XNUCROSS_DEVICE_PATH, F_OK));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, access(XNU_SYSFS_MODULE, F_OK));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, access(XNU_SYSFS_MISC, F_OK));
	EXPECT_EQ(ENOENT, errno);
	/* A second unload finds nothing. */
	EXPECT_EQ(ENOENT, delete_xnucross());

	/* The library says what is wrong and what to do. */
	ASSERT_EQ(0, setenv("XNUCROSS_QUIET", "1", 1));
	errno = 0;
	EXPECT_EQ(-1, xnucross_fd());
	EXPECT_EQ(ENODEV, errno);
	errno = 0;
	EXPECT_EQ(-1, xnucross_info(&info));
	EXPECT_EQ(ENODEV, errno);
	msg = xnucross_strerror();
	EXPECT_NE(NULL, strstr(msg, "xnucross"));
	EXPECT_NE(NULL, strstr(msg, "modprobe"));
	EXPECT_NE(NULL, strstr(msg, XNUCROSS_DEVICE_PATH));

	/* Loading it again is enough for the same process. */
	ASSERT_EQ(0, load_xnucross(self->ko, ""));
	ASSERT_EQ(0, wait_path(XNUCROSS_DEVICE_PATH, 1));
	EXPECT_LE(0, xnucross_fd()) {
		TH_LOG("after reload: %s", xnucross_strerror());
	}
	EXPECT_EQ(0, xnucross_trap(XNU_TRAP_NULL, NULL));
}

static int nobody_open(void *arg)
{
	int fd = xnu_open_raw();

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int nobody_lib_fd(void *arg)
{
	setenv("XNUCROSS_QUIET", "1", 1);
	if (xnucross_fd() < 0)
		return errno;
	return 0;
}

TEST_F(mod, reload_devmode_0600)
{
	unsigned long devmode;
	struct stat st;
	int fd, res;

	NEED_KO();
	ASSERT_EQ(0, delete_xnucross());
	ASSERT_EQ(0, wait_path(XNUCROSS_DEVICE_PATH, 0));
	ASSERT_EQ(0, load_xnucross(self->ko, "devmode=0600"));
	ASSERT_EQ(0, wait_path(XNUCROSS_DEVICE_PATH, 1));

	ASSERT_EQ(0, xnu_devmode(&devmode));
	EXPECT_EQ(0600UL, devmode);
	ASSERT_EQ(0, stat(XNUCROSS_DEVICE_PATH, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0600U, st.st_mode & 07777);

	/* Root still can, nobody cannot, raw or through the library. */
	fd = xnu_open_handshaken();
	EXPECT_LE(0, fd);
	if (fd >= 0)
		close(fd);
	res = -1;
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_open, NULL, &res));
	EXPECT_EQ(EACCES, res);
	res = -1;
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_lib_fd, NULL, &res));
	EXPECT_EQ(EACCES, res);
}

TEST_F(mod, reload_bad_devmode_einval)
{
	static const char *const bad[] = {
		"devmode=01777", "devmode=01000", "devmode=04666",
		"devmode=0177777",
		/* Regression: 0 gave a 0600 node (misc's default for 0). */
		"devmode=0",
	};
	unsigned int i;

	NEED_KO();
	ASSERT_EQ(0, delete_xnucross());
	ASSERT_EQ(0, wait_path(XNUCROSS_DEVICE_PATH, 0));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(EINVAL, load_xnucross(self->ko, bad[i])) {
			TH_LOG("%s", bad[i]);
		}
		EXPECT_FALSE(xnu_module_loaded());
		EXPECT_EQ(-1, access(XNUCROSS_DEVICE_PATH, F_OK));
	}
}

/* The default: mode 0666, and nobody may make calls. */
TEST_F(mod, reload_default_params)
{
	unsigned long devmode;
	struct stat st;
	int res = -1;

	NEED_KO();
	ASSERT_EQ(0, delete_xnucross());
	ASSERT_EQ(0, wait_path(XNUCROSS_DEVICE_PATH, 0));
	ASSERT_EQ(0, load_xnucross(self->ko, ""));
	ASSERT_EQ(0, wait_path(XNUCROSS_DEVICE_PATH, 1));
	ASSERT_EQ(0, xnu_devmode(&devmode));
	EXPECT_EQ(XNU_DEFAULT_DEVMODE, devmode);
	ASSERT_EQ(0, stat(XNUCROSS_DEVICE_PATH, &st));
	EXPECT_EQ(XNU_DEFAULT_DEVMODE, (unsigned long)(st.st_mode & 07777));
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_lib_fd, NULL, &res));
	EXPECT_EQ(0, res);
}

TEST_HARNESS_MAIN

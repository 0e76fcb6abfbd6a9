// SPDX-License-Identifier: GPL-2.0
/*
 * libuser_test - libxnucross's access to the module: xnucross_fd() (opened
 * and handshaken once, stable, shared by threads), xnucross_info() against a
 * raw handshake, xnucross_trap(), and the failures: no device (ENODEV and a
 * message naming the module and modprobe, printed once, XNUCROSS_QUIET),
 * a node that is not xnucross's (EPROTONOSUPPORT), a node the caller may
 * not open (EACCES), a NULL info pointer (EFAULT), and retrying after a
 * failure. The harness runs every test in a fresh forked process, so the
 * library's cached descriptor and XNUCROSS_DEVICE never leak between tests.
 */
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>

#include "libxnucross.h"
#include "xnu_selftest.h"
#include "kselftest_harness.h"

/* Number of descriptors of this process open on /dev/xnucross. */
static int count_xnucross_fds(void)
{
	struct stat dev, st;
	struct dirent *de;
	char path[PATH_MAX];
	int n = 0;
	DIR *d;

	if (stat(XNUCROSS_DEVICE_PATH, &dev))
		return -1;
	d = opendir("/proc/self/fd");
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		if (!stat(path, &st) && S_ISCHR(st.st_mode) &&
		    st.st_rdev == dev.st_rdev)
			n++;
	}
	closedir(d);
	return n;
}

TEST(fd_is_handshaken_and_stable)
{
	struct stat dev, st;
	int fd, fd2;

	fd = xnucross_fd();
	ASSERT_LE(0, fd) {
		TH_LOG("xnucross_fd: %s: %s", strerror(errno),
		       xnucross_strerror());
	}
	fd2 = xnucross_fd();
	EXPECT_EQ(fd, fd2);
	EXPECT_EQ(fd, xnucross_fd());
	EXPECT_EQ(1, count_xnucross_fds());
	EXPECT_STREQ("", xnucross_strerror());

	/* It is the device node, close-on-exec, and already handshaken. */
	ASSERT_EQ(0, stat(XNUCROSS_DEVICE_PATH, &dev));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(dev.st_rdev, st.st_rdev);
	EXPECT_NE(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(O_RDWR, fcntl(fd, F_GETFL) & O_ACCMODE);
	EXPECT_EQ(0, xnu_ioctl_err(fd, XNU_TRAP_NULL, NULL));
}

static void *thread_fd(void *arg)
{
	*(int *)arg = xnucross_fd();
	return NULL;
}

/* Threads racing for the first use share one descriptor. */
TEST(fd_shared_by_threads)
{
	pthread_t th[8];
	int fds[8];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(th); i++) {
		fds[i] = -2;
		ASSERT_EQ(0, pthread_create(&th[i], NULL, thread_fd, &fds[i]));
	}
	for (i = 0; i < ARRAY_SIZE(th); i++)
		ASSERT_EQ(0, pthread_join(th[i], NULL));
	ASSERT_LE(0, fds[0]);
	for (i = 1; i < ARRAY_SIZE(th); i++)
		EXPECT_EQ(fds[0], fds[i]);
	EXPECT_EQ(1, count_xnucross_fds());
}

TEST(info_matches_handshake)
{
	struct xnucross_info info;
	struct xnu_handshake hs;
	char sysver[128];
	int fd;

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(0, xnucross_info(&info)) {
		TH_LOG("xnucross_info: %s", xnucross_strerror());
	}
	fd = xnu_open_raw();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, xnu_handshake(fd, &hs));
	close(fd);
	ASSERT_EQ(0, xnu_sysfs_version(sysver, sizeof(sysver)));

	EXPECT_EQ(hs.kernel_api, info.kernel_api);
	EXPECT_EQ((__u32)XNU_API_VERSION, info.kernel_api);
	EXPECT_EQ((__u32)XNU_API_VERSION, info.user_api);
	EXPECT_EQ(hs.trap_count, info.trap_count);
	EXPECT_EQ((__u32)XNU_TRAP_NR_COUNT, info.trap_count);
	EXPECT_EQ(hs.features, info.features);
	EXPECT_NE(0ULL, info.features & XNU_FEAT_TRAPS);
	ASSERT_NE(NULL, memchr(info.version, '\0', sizeof(info.version)));
	EXPECT_STREQ(sysver, info.version);
	EXPECT_STREQ(hs.version, info.version);
}

TEST(info_null_efault)
{
	errno = 0;
	EXPECT_EQ(-1, xnucross_info(NULL));
	EXPECT_EQ(EFAULT, errno);
	/* Also once connected. */
	ASSERT_LE(0, xnucross_fd());
	errno = 0;
	EXPECT_EQ(-1, xnucross_info(NULL));
	EXPECT_EQ(EFAULT, errno);
}

TEST(trap_calls)
{
	struct xnu_handshake hs;

	EXPECT_EQ(0, xnucross_trap(XNU_TRAP_NULL, NULL)) {
		TH_LOG("xnucross_trap: %s: %s", strerror(errno),
		       xnucross_strerror());
	}
	EXPECT_EQ(0, xnucross_trap(XNU_TRAP_NULL, NULL));

	/* Errors of the module come through as errno. */
	errno = 0;
	EXPECT_EQ(-1, xnucross_trap(XNU_IO(XNU_TRAP_GROUP, 0xff), NULL));
	EXPECT_EQ(ENOTTY, errno);
	errno = 0;
	EXPECT_EQ(-1, xnucross_trap(XNU_IOR(XNU_TRAP_GROUP, XNU_TRAP_NR_NULL,
					    int), &hs));
	EXPECT_EQ(EINVAL, errno);
	/*
	 * The handshake belongs to the library: a caller's handshake, even a
	 * faulting one that the module would count as failed, is refused
	 * before it can undo the shared descriptor's handshake.
	 */
	errno = 0;
	EXPECT_EQ(-1, xnucross_trap(XNU_TRAP_HANDSHAKE, NULL));
	EXPECT_EQ(EINVAL, errno);
	xnu_hs_init(&hs, XNU_API_VERSION);
	errno = 0;
	EXPECT_EQ(-1, xnucross_trap(XNU_TRAP_HANDSHAKE, &hs));
	EXPECT_EQ(EINVAL, errno);
	/* None of these broke the library's handshaken descriptor. */
	EXPECT_EQ(0, xnucross_trap(XNU_TRAP_NULL, NULL));
}

/* Every entry point fails the same way when the device cannot be used. */
static void check_fails(struct __test_metadata *_metadata, int err)
{
	struct xnucross_info info;

	errno = 0;
	EXPECT_EQ(-1, xnucross_fd());
	EXPECT_EQ(err, errno);
	errno = 0;
	EXPECT_EQ(-1, xnucross_info(&info));
	EXPECT_EQ(err, errno);
	errno = 0;
	EXPECT_EQ(-1, xnucross_trap(XNU_TRAP_NULL, NULL));
	EXPECT_EQ(err, errno);
	EXPECT_EQ(0, count_xnucross_fds());
}

TEST(missing_device_enodev)
{
	const char *msg;

	ASSERT_EQ(0, setenv("XNUCROSS_QUIET", "1", 1));
	ASSERT_EQ(0, setenv("XNUCROSS_DEVICE", "/nonexistent", 1));
	check_fails(_metadata, ENODEV);
	msg = xnucross_strerror();
	ASSERT_NE(NULL, msg);
	EXPECT_NE(NULL, strstr(msg, "xnucross"));
	EXPECT_NE(NULL, strstr(msg, "modprobe"));
	EXPECT_NE(NULL, strstr(msg, "/nonexistent"));
	TH_LOG("message: %s", msg);
}

/* Run fn with stderr sent to a file; return what it printed there. */
static int capture_stderr(void (*fn)(void), char *buf, size_t len)
{
	FILE *tmp = tmpfile();
	int saved, n;

	if (!tmp)
		return -1;
	fflush(stderr);
	saved = dup(2);
	if (saved < 0 || dup2(fileno(tmp), 2) < 0) {
		fclose(tmp);
		return -1;
	}
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fileno(tmp), buf, len - 1, 0);
	fclose(tmp);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

static void fail_three_times(void)
{
	struct xnucross_info info;

	xnucross_fd();
	xnucross_info(&info);
	xnucross_trap(XNU_TRAP_NULL, NULL);
}

TEST(missing_device_message_once)
{
	char out[4096], *nl;

	unsetenv("XNUCROSS_QUIET");
	ASSERT_EQ(0, setenv("XNUCROSS_DEVICE", "/nonexistent", 1));
	ASSERT_LT(0, capture_stderr(fail_three_times, out, sizeof(out)));
	EXPECT_EQ(0, strncmp(out, "libxnucross: ", 13)) {
		TH_LOG("stderr: %s", out);
	}
	EXPECT_NE(NULL, strstr(out, "modprobe"));
	nl = strchr(out, '\n');
	ASSERT_NE(NULL, nl);
	/* One line only, the same as xnucross_strerror(). */
	EXPECT_EQ('\0', nl[1]) {
		TH_LOG("stderr: %s", out);
	}
	*nl = '\0';
	EXPECT_STREQ(xnucross_strerror(), out + 13);
}

TEST(quiet_prints_nothing)
{
	char out[4096];

	ASSERT_EQ(0, setenv("XNUCROSS_QUIET", "1", 1));
	ASSERT_EQ(0, setenv("XNUCROSS_DEVICE", "/nonexistent", 1));
	ASSERT_EQ(0, capture_stderr(fail_three_times, out, sizeof(out))) {
		TH_LOG("stderr: %s", out);
	}
	EXPECT_NE(NULL, strstr(xnucross_strerror(), "modprobe"));
}

/* A later call tries again: loading the module afterwards is enough. */
TEST(retries_after_failure)
{
	ASSERT_EQ(0, setenv("XNUCROSS_QUIET", "1", 1));
	ASSERT_EQ(0, setenv("XNUCROSS_DEVICE", "/nonexistent", 1));
	check_fails(_metadata, ENODEV);
	ASSERT_NE(0, strlen(xnucross_strerror()));
	ASSERT_EQ(0, unsetenv("XNUCROSS_DEVICE"));
	EXPECT_LE(0, xnucross_fd());
	EXPECT_STREQ("", xnucross_strerror());
	EXPECT_EQ(0, xnucross_trap(XNU_TRAP_NULL, NULL));
	EXPECT_EQ(1, count_xnucross_fds());
}

TEST(not_an_xnucross_node)
{
	const char *msg;

	ASSERT_EQ(0, setenv("XNUCROSS_QUIET", "1", 1));
	ASSERT_EQ(0, setenv("XNUCROSS_DEVICE", "/dev/null", 1));
	errno = 0;
	EXPECT_EQ(-1, xnucross_fd());
	EXPECT_EQ(EPROTONOSUPPORT, errno);
	errno = 0;
	EXPECT_EQ(-1, xnucross_trap(XNU_TRAP_NULL, NULL));
	EXPECT_EQ(EPROTONOSUPPORT, errno);
	msg = xnucross_strerror();
	EXPECT_NE(NULL, strstr(msg, "/dev/null"));
	EXPECT_NE(NULL, strstr(msg, "xnucross"));
	TH_LOG("message: %s", msg);
	/* The failed attempt did not leak its descriptor. */
	EXPECT_EQ(0, count_xnucross_fds());
}

static int nobody_lib(void *arg)
{
	struct xnucross_info info;

	if (xnucross_fd() < 0)
		return errno;
	if (xnucross_info(&info))
		return 1000 + errno;
	if (info.kernel_api != XNU_API_VERSION)
		return 2000;
	if (xnucross_trap(XNU_TRAP_NULL, NULL))
		return 3000 + errno;
	return 0;
}

TEST(works_as_nobody)
{
	unsigned long devmode;
	int res = -1;

	ASSERT_EQ(0, xnu_devmode(&devmode));
	if ((devmode & 0006) != 0006)
		SKIP(return, "devmode %#lo refuses nobody", devmode);
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_lib, NULL, &res));
	EXPECT_EQ(0, res);
}

struct refused_result {
	int err;
	char msg[512];
};

static int nobody_lib_refused(void *arg)
{
	struct refused_result *r = arg;

	setenv("XNUCROSS_QUIET", "1", 1);
	if (xnucross_fd() >= 0)
		return 0;
	/* The message goes back through the (shared) result page. */
	snprintf(r->msg, sizeof(r->msg), "%s", xnucross_strerror());
	return errno;
}

/* A node whose mode refuses the caller: EACCES and a hint at devmode. */
TEST(mode_refuses_caller_eacces)
{
	char dir[] = "/tmp/xnutest.XXXXXX", node[64];
	struct refused_result *r;
	struct stat dev;
	int res = -1, fd;

	ASSERT_EQ(0, stat(XNUCROSS_DEVICE_PATH, &dev));
	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, chmod(dir, 0755));
	snprintf(node, sizeof(node), "%s/xnucross", dir);
	ASSERT_EQ(0, mknod(node, S_IFCHR | 0600, dev.st_rdev)) {
		rmdir(dir);
	}
	/* The node itself is good: root can use it. */
	fd = open(node, O_RDWR);
	EXPECT_LE(0, fd) {
		TH_LOG("open %s: %s (nodev mount?)", node, strerror(errno));
	}
	if (fd >= 0)
		close(fd);

	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	EXPECT_NE(MAP_FAILED, r);
	if (r != MAP_FAILED) {
		ASSERT_EQ(0, setenv("XNUCROSS_DEVICE", node, 1));
		EXPECT_EQ(0, xnu_run_as_nobody(nobody_lib_refused, r, &res));
		EXPECT_EQ(EACCES, res);
		EXPECT_NE(NULL, strstr(r->msg, "devmode")) {
			TH_LOG("message: %s", r->msg);
		}
		EXPECT_NE(NULL, strstr(r->msg, node));
		munmap(r, sizeof(*r));
	}
	unlink(node);
	rmdir(dir);
}

TEST_HARNESS_MAIN

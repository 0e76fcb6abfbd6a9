// SPDX-License-Identifier: GPL-2.0
/*
 * device_test - /dev/xnucross itself: the node (misc char device, mode from
 * the devmode parameter, who may open it) and the handshake every open file
 * starts with (answer fields, version string, flag and API version checks,
 * EPROTO before it, state kept per open file). The handshake tests run as
 * root and as nobody.
 */
#include <limits.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>

#include "xnu_selftest.h"
#include "kselftest_harness.h"

TEST(node_is_misc_char_device)
{
	unsigned int maj, min;
	struct stat st;
	char buf[32];

	ASSERT_EQ(0, stat(XNUCROSS_DEVICE_PATH, &st)) {
		TH_LOG("%s: %s (is the module loaded?)", XNUCROSS_DEVICE_PATH,
		       strerror(errno));
	}
	ASSERT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(XNU_MISC_MAJOR, major(st.st_rdev));
	EXPECT_EQ(0U, st.st_uid);
	EXPECT_EQ(0U, st.st_gid);

	/* The misc class names the same device number. */
	ASSERT_EQ(0, xnu_read_text(XNU_SYSFS_MISC "/dev", buf, sizeof(buf)));
	ASSERT_EQ(2, sscanf(buf, "%u:%u", &maj, &min));
	EXPECT_EQ(major(st.st_rdev), maj);
	EXPECT_EQ(minor(st.st_rdev), min);
}

TEST(node_mode_is_devmode)
{
	unsigned long devmode;
	struct stat st;

	ASSERT_EQ(0, xnu_devmode(&devmode));
	ASSERT_EQ(0UL, devmode & ~0777UL);
	ASSERT_EQ(0, stat(XNUCROSS_DEVICE_PATH, &st));
	EXPECT_EQ(devmode, (unsigned long)(st.st_mode & 07777)) {
		TH_LOG("node mode %#o, devmode %#lo", st.st_mode & 07777,
		       devmode);
	}
}

/* devmode reads as a permission mode: four octal digits, as in 0666. */
TEST(devmode_shown_in_octal)
{
	char text[16];
	struct stat st;

	ASSERT_EQ(0, xnu_read_text(XNU_SYSFS_DEVMODE, text, sizeof(text)));
	ASSERT_EQ(0, stat(XNUCROSS_DEVICE_PATH, &st));
	EXPECT_EQ(4U, strlen(text));
	EXPECT_EQ('0', text[0]);
	EXPECT_EQ((unsigned long)(st.st_mode & 0777), strtoul(text, NULL, 8)) {
		TH_LOG("sysfs devmode '%s', node mode %#o", text,
		       st.st_mode & 0777);
	}
}

/* devmode is read-only at runtime: the node's mode is fixed at load. */
TEST(devmode_is_read_only)
{
	struct stat st;
	int fd;

	ASSERT_EQ(0, stat(XNU_SYSFS_DEVMODE, &st));
	EXPECT_EQ(0444U, st.st_mode & 0777);
	fd = open(XNU_SYSFS_DEVMODE, O_WRONLY | O_CLOEXEC);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EACCES, errno);
	if (fd >= 0)
		close(fd);
}

static int nobody_open_and_call(void *arg)
{
	struct xnu_handshake hs;
	int fd, err;

	fd = xnu_open_raw();
	if (fd < 0)
		return errno;
	err = xnu_handshake(fd, &hs);
	if (!err)
		err = xnu_ioctl_err(fd, XNU_TRAP_NULL, NULL);
	close(fd);
	/* Tell a failed call from a failed open. */
	return err ? 1000 + err : 0;
}

/* What nobody may do follows the node's mode: 0666 lets anyone call. */
TEST(nobody_open_follows_mode)
{
	unsigned long devmode;
	int res = -1;

	ASSERT_EQ(0, xnu_devmode(&devmode));
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_open_and_call, NULL, &res));
	if ((devmode & 0006) == 0006) {
		EXPECT_EQ(0, res);
	} else {
		EXPECT_EQ(EACCES, res);
	}
	TH_LOG("devmode %#lo: nobody's open+handshake+null gave %d",
	       devmode, res);
}

/* ---- the handshake, as root and as nobody ---- */

FIXTURE(hs) {
	int fd;
};

FIXTURE_VARIANT(hs) {
	int nobody;
};

XNU_FIXTURE_PROTOTYPES(hs);

FIXTURE_VARIANT_ADD(hs, root) {
	.nobody = 0,
};

FIXTURE_VARIANT_ADD(hs, nobody) {
	.nobody = 1,
};

FIXTURE_SETUP(hs)
{
	self->fd = -1;
	self->fd = xnu_setup_open_as(_metadata, variant->nobody);
}

FIXTURE_TEARDOWN(hs)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Whether fd has been handshaken: the null trap says EPROTO if not. */
static int handshaken(int fd)
{
	return xnu_ioctl_err(fd, XNU_TRAP_NULL, NULL) == 0;
}

TEST_F(hs, answer_fields)
{
	struct xnu_handshake hs;

	memset(&hs, 0xa5, sizeof(hs));
	hs.user_api = XNU_API_VERSION;
	hs.flags = 0;
	ASSERT_EQ(0, xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, &hs));
	EXPECT_EQ((__u32)XNU_API_VERSION, hs.user_api);
	EXPECT_EQ(0U, hs.flags);
	EXPECT_EQ((__u32)XNU_API_VERSION, hs.kernel_api);
	EXPECT_EQ((__u32)XNU_TRAP_NR_COUNT, hs.trap_count);
	EXPECT_NE(0ULL, hs.features & XNU_FEAT_TRAPS);
	EXPECT_NE(NULL, memchr(hs.version, '\0', sizeof(hs.version)));
}

TEST_F(hs, version_is_module_version)
{
	char sysver[128];
	struct xnu_handshake hs;

	ASSERT_EQ(0, xnu_sysfs_version(sysver, sizeof(sysver)));
	ASSERT_LT(strlen(sysver), (size_t)XNU_VERSION_LEN);
	memset(&hs, 0xff, sizeof(hs));
	hs.user_api = XNU_API_VERSION;
	hs.flags = 0;
	ASSERT_EQ(0, xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, &hs));
	ASSERT_NE(NULL, memchr(hs.version, '\0', sizeof(hs.version)));
	EXPECT_STREQ(sysver, hs.version);
	EXPECT_NE(0UL, strlen(hs.version));
}

TEST_F(hs, calls_before_handshake_eproto)
{
	struct xnu_handshake hs;
	int i;

	for (i = 0; i < 3; i++)
		EXPECT_EQ(EPROTO, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL));
	ASSERT_EQ(0, xnu_handshake(self->fd, &hs));
	EXPECT_EQ(0, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL));
}

TEST_F(hs, flags_einval)
{
	static const __u32 bad_flags[] = { 1, 2, 0x80000000U, 0xffffffffU };
	struct xnu_handshake hs;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_flags); i++) {
		xnu_hs_init(&hs, XNU_API_VERSION);
		hs.flags = bad_flags[i];
		EXPECT_EQ(EINVAL,
			  xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, &hs)) {
			TH_LOG("flags %#x", bad_flags[i]);
		}
		EXPECT_FALSE(handshaken(self->fd));
	}
	ASSERT_EQ(0, xnu_handshake(self->fd, &hs));
	EXPECT_TRUE(handshaken(self->fd));
}

/* A refused API version gets EPROTONOSUPPORT and still the module's answer. */
static void check_refused(struct __test_metadata *_metadata, int fd,
			  __u32 user_api)
{
	struct xnu_handshake hs;
	char sysver[128];

	ASSERT_EQ(0, xnu_sysfs_version(sysver, sizeof(sysver)));
	xnu_hs_init(&hs, user_api);
	EXPECT_EQ(EPROTONOSUPPORT,
		  xnu_ioctl_err(fd, XNU_TRAP_HANDSHAKE, &hs)) {
		TH_LOG("user_api %#x", user_api);
	}
	EXPECT_EQ(user_api, hs.user_api);
	EXPECT_EQ((__u32)XNU_API_VERSION, hs.kernel_api);
	EXPECT_EQ((__u32)XNU_TRAP_NR_COUNT, hs.trap_count);
	EXPECT_NE(0ULL, hs.features & XNU_FEAT_TRAPS);
	EXPECT_STREQ(sysver, hs.version);
	EXPECT_FALSE(handshaken(fd));
}

TEST_F(hs, wrong_major_eprotonosupport)
{
	check_refused(_metadata, self->fd, 0);
	check_refused(_metadata, self->fd,
		      (XNU_API_MAJOR - 1) << 16 | XNU_API_MINOR);
	check_refused(_metadata, self->fd,
		      (XNU_API_MAJOR + 1) << 16 | XNU_API_MINOR);
	check_refused(_metadata, self->fd, (XNU_API_MAJOR + 1) << 16);
	check_refused(_metadata, self->fd, 0xffff0000U | XNU_API_MINOR);
}

TEST_F(hs, higher_minor_eprotonosupport)
{
	struct xnu_handshake hs;

	check_refused(_metadata, self->fd,
		      XNU_API_MAJOR << 16 | (XNU_API_MINOR + 1));
	check_refused(_metadata, self->fd, XNU_API_MAJOR << 16 | 0xffff);
	/* The file is still usable after a refused version. */
	ASSERT_EQ(0, xnu_handshake(self->fd, &hs));
	EXPECT_TRUE(handshaken(self->fd));
}

/* Each handshake replaces the last: a refused one undoes a good one. */
TEST_F(hs, refused_handshake_undoes_handshake)
{
	struct xnu_handshake hs;

	ASSERT_EQ(0, xnu_handshake(self->fd, &hs));
	ASSERT_TRUE(handshaken(self->fd));
	xnu_hs_init(&hs, (XNU_API_MAJOR + 1) << 16);
	EXPECT_EQ(EPROTONOSUPPORT,
		  xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, &hs));
	EXPECT_FALSE(handshaken(self->fd));

	ASSERT_EQ(0, xnu_handshake(self->fd, &hs));
	ASSERT_TRUE(handshaken(self->fd));
	xnu_hs_init(&hs, XNU_API_VERSION);
	hs.flags = 1;
	EXPECT_EQ(EINVAL, xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, &hs));
	EXPECT_FALSE(handshaken(self->fd));
}

/*
 * Regression: a handshake whose argument cannot be copied in or out is a
 * failed handshake too, and leaves the file without one (it used to leave a
 * fresh file handshaken when only the copy-out failed, and an old handshake
 * standing when the copy-in failed).
 */
TEST_F(hs, faulting_handshake_leaves_no_handshake)
{
	struct xnu_handshake hs, *ro;

	ro = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	xnu_hs_init(ro, XNU_API_VERSION);
	ASSERT_EQ(0, mprotect(ro, getpagesize(), PROT_READ));

	/* Fresh file, copy-in works, copy-out faults. */
	EXPECT_EQ(EFAULT, xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, ro));
	EXPECT_FALSE(handshaken(self->fd));

	/* Handshaken file, copy-out faults. */
	ASSERT_EQ(0, xnu_handshake(self->fd, &hs));
	ASSERT_TRUE(handshaken(self->fd));
	EXPECT_EQ(EFAULT, xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, ro));
	EXPECT_FALSE(handshaken(self->fd));

	/* Handshaken file, copy-in faults. */
	ASSERT_EQ(0, xnu_handshake(self->fd, &hs));
	ASSERT_TRUE(handshaken(self->fd));
	EXPECT_EQ(EFAULT, xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, NULL));
	EXPECT_FALSE(handshaken(self->fd));

	munmap(ro, getpagesize());
}

TEST_F(hs, state_is_per_open_file)
{
	struct xnu_handshake hs;
	int fd2, fd3, dupfd;

	ASSERT_EQ(0, xnu_handshake(self->fd, &hs));
	ASSERT_TRUE(handshaken(self->fd));

	/* A second open of the node needs its own handshake. */
	fd2 = xnu_open_raw();
	ASSERT_LE(0, fd2);
	EXPECT_EQ(EPROTO, xnu_ioctl_err(fd2, XNU_TRAP_NULL, NULL));

	/* A refused handshake on a third one changes neither. */
	fd3 = xnu_open_raw();
	ASSERT_LE(0, fd3);
	xnu_hs_init(&hs, (XNU_API_MAJOR + 1) << 16);
	EXPECT_EQ(EPROTONOSUPPORT,
		  xnu_ioctl_err(fd3, XNU_TRAP_HANDSHAKE, &hs));
	EXPECT_EQ(EPROTO, xnu_ioctl_err(fd3, XNU_TRAP_NULL, NULL));
	EXPECT_EQ(EPROTO, xnu_ioctl_err(fd2, XNU_TRAP_NULL, NULL));
	EXPECT_TRUE(handshaken(self->fd));

	ASSERT_EQ(0, xnu_handshake(fd2, &hs));
	EXPECT_EQ(0, xnu_ioctl_err(fd2, XNU_TRAP_NULL, NULL));
	EXPECT_EQ(EPROTO, xnu_ioctl_err(fd3, XNU_TRAP_NULL, NULL));

	/* A dup shares the open file, so its handshake too. */
	dupfd = dup(fd3);
	ASSERT_LE(0, dupfd);
	ASSERT_EQ(0, xnu_handshake(dupfd, &hs));
	EXPECT_EQ(0, xnu_ioctl_err(fd3, XNU_TRAP_NULL, NULL));

	close(dupfd);
	close(fd3);
	close(fd2);
}

TEST_HARNESS_MAIN

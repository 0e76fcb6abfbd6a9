// SPDX-License-Identifier: GPL-2.0
/*
 * trap_test - the trap table dispatcher of /dev/xnucross: the null trap,
 * ENOTTY for unknown commands (other group, unused trap number, Linux-style
 * commands), EINVAL for a known trap with another size or direction, and
 * EFAULT, without an oops, for argument pointers that cannot be copied in or
 * out. Every test runs as root and as nobody, and checks that the kernel
 * did not taint itself with an oops or a WARN meanwhile.
 */
#include <asm/ioctls.h>
#include <linux/ioctl.h>
#include <sys/mman.h>

#include "xnu_selftest.h"
#include "kselftest_harness.h"

FIXTURE(trap) {
	int fd;
	unsigned long taint;
};

FIXTURE_VARIANT(trap) {
	int nobody;
};

XNU_FIXTURE_PROTOTYPES(trap);

FIXTURE_VARIANT_ADD(trap, root) {
	.nobody = 0,
};

FIXTURE_VARIANT_ADD(trap, nobody) {
	.nobody = 1,
};

FIXTURE_SETUP(trap)
{
	self->fd = -1;
	self->taint = xnu_taint();
	ASSERT_NE(~0UL, self->taint);
	self->fd = xnu_setup_open_as(_metadata, variant->nobody);
}

FIXTURE_TEARDOWN(trap)
{
	unsigned long taint = xnu_taint();

	if (self->fd >= 0)
		close(self->fd);
	/* No oops, WARN or bad page since the setup. */
	EXPECT_EQ(0UL, (taint & ~self->taint) & XNU_TAINT_BAD) {
		TH_LOG("kernel taint went from %#lx to %#lx", self->taint,
		       taint);
	}
}

/* Handshake self->fd for the current API. */
#define HANDSHAKE(fd) do {						\
	struct xnu_handshake __hs;					\
	ASSERT_EQ(0, xnu_handshake((fd), &__hs));			\
} while (0)

TEST_F(trap, null_after_handshake)
{
	int i;

	EXPECT_EQ(EPROTO, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL));
	HANDSHAKE(self->fd);
	for (i = 0; i < 1000; i++) {
		ASSERT_EQ(0, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL)) {
			TH_LOG("call %d", i);
		}
	}
	/* A void trap copies nothing: its argument is never looked at. */
	EXPECT_EQ(0, xnu_ioctl_err(self->fd, XNU_TRAP_NULL,
				   (void *)0xdeadbeefUL));
	EXPECT_EQ(0, xnu_ioctl_err(self->fd, XNU_TRAP_NULL,
				   (void *)0xffff888000000000UL));
}

/* cmd must give ENOTTY before and after the handshake. */
static void check_enotty(struct __test_metadata *_metadata, int fd,
			 unsigned long cmd)
{
	struct xnu_handshake hs;

	xnu_hs_init(&hs, XNU_API_VERSION);
	EXPECT_EQ(ENOTTY, xnu_ioctl_err(fd, cmd, &hs)) {
		TH_LOG("cmd %#lx", cmd);
	}
	/* The refusal did not touch the argument. */
	EXPECT_EQ(0U, hs.kernel_api);
}

static const unsigned long unknown_cmds[] = {
	/* Other groups, trap numbers that exist in 'x'. */
	XNU_IOWR('y', XNU_TRAP_NR_HANDSHAKE, struct xnu_handshake),
	XNU_IOWR('X', XNU_TRAP_NR_HANDSHAKE, struct xnu_handshake),
	XNU_IOWR(0, XNU_TRAP_NR_HANDSHAKE, struct xnu_handshake),
	XNU_IO('y', XNU_TRAP_NR_NULL),
	XNU_IO(0xff, XNU_TRAP_NR_NULL),
	XNU_IO(0, XNU_TRAP_NR_NULL),
	/* Unused trap numbers of the trap group, in several shapes. */
	XNU_IO(XNU_TRAP_GROUP, XNU_TRAP_NR_COUNT),
	XNU_IOWR(XNU_TRAP_GROUP, XNU_TRAP_NR_COUNT, struct xnu_handshake),
	XNU_IOR(XNU_TRAP_GROUP, XNU_TRAP_NR_COUNT, int),
	XNU_IO(XNU_TRAP_GROUP, 0x80),
	XNU_IO(XNU_TRAP_GROUP, 0xff),
	XNU_IOWR(XNU_TRAP_GROUP, 0xff, struct xnu_handshake),
	/* Linux-style commands. */
	TCGETS,
	TIOCGWINSZ,
	_IOR('T', 0x42, int),
	_IO(XNU_TRAP_GROUP, 0x42),
	_IOWR(XNU_TRAP_GROUP, 0xff, int),
	0,
};

TEST_F(trap, unknown_cmd_enotty_before_handshake)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unknown_cmds); i++)
		check_enotty(_metadata, self->fd, unknown_cmds[i]);
	/* None of them counted as a handshake. */
	EXPECT_EQ(EPROTO, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL));
}

TEST_F(trap, unknown_cmd_enotty_after_handshake)
{
	unsigned int i;

	HANDSHAKE(self->fd);
	for (i = 0; i < ARRAY_SIZE(unknown_cmds); i++)
		check_enotty(_metadata, self->fd, unknown_cmds[i]);
	EXPECT_EQ(0, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL));
}

/*
 * cmd, a known trap number with another size or direction, must give
 * EINVAL and leave the argument alone.
 */
static void check_einval(struct __test_metadata *_metadata, int fd,
			 unsigned long cmd)
{
	unsigned char buf[2 * XNU_IOCPARM_MAX];
	unsigned int i;

	memset(buf, 0xa5, sizeof(buf));
	((struct xnu_handshake *)buf)->user_api = XNU_API_VERSION;
	((struct xnu_handshake *)buf)->flags = 0;
	EXPECT_EQ(EINVAL, xnu_ioctl_err(fd, cmd, buf)) {
		TH_LOG("cmd %#lx", cmd);
	}
	for (i = 8; i < sizeof(buf); i++) {
		if (buf[i] != 0xa5)
			break;
	}
	EXPECT_EQ(sizeof(buf), i) {
		TH_LOG("cmd %#lx wrote byte %u of the argument", cmd, i);
	}
}

static const unsigned long wrong_size_cmds[] = {
	XNU_IOC(XNU_IOC_INOUT, XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE, 0),
	XNU_IOC(XNU_IOC_INOUT, XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE, 1),
	XNU_IOC(XNU_IOC_INOUT, XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE,
		sizeof(struct xnu_handshake) - 1),
	XNU_IOC(XNU_IOC_INOUT, XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE,
		sizeof(struct xnu_handshake) + 1),
	XNU_IOC(XNU_IOC_INOUT, XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE,
		sizeof(struct xnu_handshake) + 8),
	XNU_IOC(XNU_IOC_INOUT, XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE,
		XNU_IOCPARM_MASK),
	/* The null trap encoded with a size. */
	XNU_IOC(XNU_IOC_VOID, XNU_TRAP_GROUP, XNU_TRAP_NR_NULL, 1),
	XNU_IOC(XNU_IOC_VOID, XNU_TRAP_GROUP, XNU_TRAP_NR_NULL, 8),
	XNU_IOC(XNU_IOC_VOID, XNU_TRAP_GROUP, XNU_TRAP_NR_NULL,
		XNU_IOCPARM_MASK),
};

static const unsigned long wrong_dir_cmds[] = {
	XNU_IOR(XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE, struct xnu_handshake),
	XNU_IOW(XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE, struct xnu_handshake),
	XNU_IOC(XNU_IOC_VOID, XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE,
		sizeof(struct xnu_handshake)),
	XNU_IOC(0, XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE,
		sizeof(struct xnu_handshake)),
	XNU_IOC(XNU_IOC_VOID | XNU_IOC_INOUT, XNU_TRAP_GROUP,
		XNU_TRAP_NR_HANDSHAKE, sizeof(struct xnu_handshake)),
	XNU_IO(XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE),
	XNU_IOR(XNU_TRAP_GROUP, XNU_TRAP_NR_NULL, int),
	XNU_IOW(XNU_TRAP_GROUP, XNU_TRAP_NR_NULL, int),
	XNU_IOWR(XNU_TRAP_GROUP, XNU_TRAP_NR_NULL, int),
	XNU_IOC(0, XNU_TRAP_GROUP, XNU_TRAP_NR_NULL, 0),
	XNU_IOC(XNU_IOC_VOID | XNU_IOC_IN, XNU_TRAP_GROUP, XNU_TRAP_NR_NULL, 0),
	XNU_IOC(XNU_IOC_INOUT, XNU_TRAP_GROUP, XNU_TRAP_NR_NULL, 0),
	/* Linux's _IO() has no void bit: not the Darwin null trap. */
	_IO(XNU_TRAP_GROUP, XNU_TRAP_NR_NULL),
};

TEST_F(trap, wrong_size_einval)
{
	unsigned int i;

	/* Before the handshake: a malformed handshake is no handshake. */
	for (i = 0; i < ARRAY_SIZE(wrong_size_cmds); i++) {
		if (XNU_IOCNUM(wrong_size_cmds[i]) == XNU_TRAP_NR_HANDSHAKE)
			check_einval(_metadata, self->fd, wrong_size_cmds[i]);
	}
	EXPECT_EQ(EPROTO, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL));

	HANDSHAKE(self->fd);
	for (i = 0; i < ARRAY_SIZE(wrong_size_cmds); i++)
		check_einval(_metadata, self->fd, wrong_size_cmds[i]);
	EXPECT_EQ(0, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL));
}

TEST_F(trap, wrong_direction_einval)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(wrong_dir_cmds); i++) {
		if (XNU_IOCNUM(wrong_dir_cmds[i]) == XNU_TRAP_NR_HANDSHAKE)
			check_einval(_metadata, self->fd, wrong_dir_cmds[i]);
	}
	EXPECT_EQ(EPROTO, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL));

	HANDSHAKE(self->fd);
	for (i = 0; i < ARRAY_SIZE(wrong_dir_cmds); i++)
		check_einval(_metadata, self->fd, wrong_dir_cmds[i]);
	EXPECT_EQ(0, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL));
}

/* The size check comes before any copy: a bad pointer still gets EINVAL. */
TEST_F(trap, wrong_size_checked_before_copy)
{
	EXPECT_EQ(EINVAL, xnu_ioctl_err(self->fd,
		XNU_IOC(XNU_IOC_INOUT, XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE,
			XNU_IOCPARM_MASK), NULL));
	EXPECT_EQ(EINVAL, xnu_ioctl_err(self->fd,
		XNU_IOR(XNU_TRAP_GROUP, XNU_TRAP_NR_HANDSHAKE,
			struct xnu_handshake), NULL));
}

/*
 * A handshake from a bad pointer gives EFAULT, leaves the file without a
 * handshake, and the file still works with a good pointer afterwards.
 */
static void check_efault(struct __test_metadata *_metadata, int fd,
			 void *ptr)
{
	EXPECT_EQ(EFAULT, xnu_ioctl_err(fd, XNU_TRAP_HANDSHAKE, ptr)) {
		TH_LOG("pointer %p", ptr);
	}
	EXPECT_EQ(EPROTO, xnu_ioctl_err(fd, XNU_TRAP_NULL, NULL));
}

TEST_F(trap, efault_null)
{
	check_efault(_metadata, self->fd, NULL);
	HANDSHAKE(self->fd);
	/* Also on a handshaken file. */
	EXPECT_EQ(EFAULT, xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, NULL));
}

TEST_F(trap, efault_unmapped)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	p = mmap(NULL, page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, munmap(p, page));
	check_efault(_metadata, self->fd, p);
	HANDSHAKE(self->fd);
}

TEST_F(trap, efault_kernel_address)
{
	check_efault(_metadata, self->fd, (void *)0xffff888000000000UL);
	check_efault(_metadata, self->fd, (void *)0xffffffff81000000UL);
	check_efault(_metadata, self->fd, (void *)-1UL);
	HANDSHAKE(self->fd);
}

/* An argument that starts in a mapped page and ends in an unmapped one. */
TEST_F(trap, efault_straddling_page_end)
{
	long page = sysconf(_SC_PAGESIZE);
	struct xnu_handshake *hs;
	char *p;

	p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, munmap(p + page, page));
	hs = (struct xnu_handshake *)(p + page - 8);
	hs->user_api = XNU_API_VERSION;
	hs->flags = 0;
	check_efault(_metadata, self->fd, hs);
	HANDSHAKE(self->fd);
	munmap(p, page);
}

/* Copy-in works, copy-out cannot: still EFAULT, the page unchanged. */
TEST_F(trap, efault_read_only_page)
{
	long page = sysconf(_SC_PAGESIZE);
	struct xnu_handshake *hs;
	unsigned char *p;
	long i;

	p = mmap(NULL, page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	hs = (struct xnu_handshake *)p;
	xnu_hs_init(hs, XNU_API_VERSION);
	ASSERT_EQ(0, mprotect(p, page, PROT_READ));
	EXPECT_EQ(EFAULT, xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, hs));
	EXPECT_EQ((__u32)XNU_API_VERSION, hs->user_api);
	for (i = 4; i < page; i++) {
		if (p[i])
			break;
	}
	EXPECT_EQ(page, i);
	/* A refused version is written back too, so it faults as well. */
	ASSERT_EQ(0, mprotect(p, page, PROT_READ | PROT_WRITE));
	hs->user_api = (XNU_API_MAJOR + 1) << 16;
	ASSERT_EQ(0, mprotect(p, page, PROT_READ));
	EXPECT_EQ(EFAULT, xnu_ioctl_err(self->fd, XNU_TRAP_HANDSHAKE, hs));
	munmap(p, page);

	/* The file still works with a good pointer. */
	HANDSHAKE(self->fd);
	EXPECT_EQ(0, xnu_ioctl_err(self->fd, XNU_TRAP_NULL, NULL));
}

TEST_HARNESS_MAIN

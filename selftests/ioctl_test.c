// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_test - BSD ioctls and the cdevsw API, through the sample kext
 * xnu_sample_cdev (protocol: kmod/samples/xnu_sample_cdev.h), driven with
 * Darwin-encoded command numbers from <sys/ioccom.h>:
 *   - the encoding: Darwin's values whatever the order <sys/ioctl.h> and
 *     <sys/ioccom.h> come in, the same as uapi's XNU_IOR() and friends, a
 *     size past IOCPARM_MASK that cannot be encoded;
 *   - _IOW (copied in), _IOR (zeroed, copied out), _IOWR, _IO (the int
 *     argument), IOC_IN with size 0 (the pointer value), the largest size
 *     (8191 bytes, allocated rather than on the stack); a failing driver
 *     copies nothing out; an unknown command is ENOTTY;
 *   - bad pointers: for IOC_IN a NULL, unmapped, partly unmapped or kernel
 *     pointer is EFAULT and the driver does not run; for IOC_OUT the driver
 *     runs and the copy out fails (XNU's order), except for a kernel
 *     address, refused before the driver;
 *   - read/write/pread/readv through uiomove(), short writes, ENOSPC,
 *     EFAULT; poll through d_select, woken by selwakeup(); mmap is ENODEV;
 *   - the node: a character device, mode 0644 root:wheel, as the kext
 *     asked; nobody may open it read-only and call, not open it for
 *     writing; d_open is called per open, d_close on the last close;
 *   - the kext cannot be unloaded while its device is open, and can after;
 *     its node goes with it and comes back with a reload;
 *   - a kext's exit (the test kext xnu_cdevsw_exit_test.ko, from
 *     $XNU_CDEVSW_EXIT_TEST_KO or where the VM installs it) removing its
 *     major before its node (Darwin's order), after it, or not at all
 *     leaves the major free (the kext reloads on it), the node gone, a
 *     hand-made node for the old number ENXIO, and no kernel warning.
 *
 * The program loads xnu_sample_cdev.ko from $XNU_SAMPLE_CDEV_KO (default
 * /lib/modules/$(uname -r)/extra/xnu_sample_cdev.ko) when it is not
 * loaded and leaves it as it found it; without it the tests skip.
 */
#include "xnu_kmod_selftest.h"

#include <limits.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>

#include "xnu_ioccom.h"
#include <sys/ioccom.h>
#include <sys/ioctl.h>

#include "../kmod/samples/xnu_sample_cdev.h"

#define SAMPLE		"xnu_sample_cdev"
#define SAMPLE_KO_ENV	"XNU_SAMPLE_CDEV_KO"
#define NODE		"/dev/" SAMPLE_NODE
/* An address in the kernel's half: never a user address. */
#define KERNEL_ADDR	((void *)0xffffffff81000000UL)

/* ---- the kext ------------------------------------------------------------ */

static int sample_loaded(void)
{
	return xnu_kmod_loaded(SAMPLE);
}

/* finit_module(2); 0 or errno. */
static int sample_load(void)
{
	return xnu_kmod_load(SAMPLE, SAMPLE_KO_ENV);
}

#define NEED_SAMPLE() do {						\
	if (!sample_loaded())						\
		SKIP(return, "%s is not loaded", SAMPLE);		\
} while (0)

/* ioctl() as 0 or errno. */
static int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

/* The sample's counters, or a test failure. */
static struct sample_stats stats(struct __test_metadata *_metadata, int fd)
{
	struct sample_stats st;

	memset(&st, 0xee, sizeof(st));
	EXPECT_EQ(0, xioctl(fd, SAMPLE_GET_STATS, &st));
	return st;
}

/* A mapping of @pages pages whose pages from @first_bad on are PROT_NONE. */
static char *map_with_hole(size_t pages, size_t first_bad)
{
	long psz = sysconf(_SC_PAGESIZE);
	char *p;

	p = mmap(NULL, pages * psz, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, first_bad * psz);
	if (first_bad < pages &&
	    mprotect(p + first_bad * psz, (pages - first_bad) * psz,
		     PROT_NONE)) {
		munmap(p, pages * psz);
		return NULL;
	}
	return p;
}

/* ---- the encoding ----------------------------------------------------------- */

/* <sys/ioctl.h> was included before and after <sys/ioccom.h>: Darwin wins. */
_Static_assert(_IOR('S', 1, int) == 0x40045301, "Darwin _IOR");
_Static_assert(_IOW('S', 1, int) == 0x80045301, "Darwin _IOW");
_Static_assert(IOC_IN == 0x80000000, "Darwin IOC_IN");

TEST(encoding)
{
	EXPECT_EQ(0x20000000U, IOC_VOID);
	EXPECT_EQ(0x40000000U, IOC_OUT);
	EXPECT_EQ(0x80000000U, IOC_IN);
	EXPECT_EQ(0xc0000000U, IOC_INOUT);
	EXPECT_EQ(0xe0000000U, IOC_DIRMASK);
	EXPECT_EQ(0x1fff, IOCPARM_MASK);
	EXPECT_EQ(0x2000, IOCPARM_MAX);

	EXPECT_EQ(0x40105301U, SAMPLE_GET_STATS);
	EXPECT_EQ(0x80045302U, SAMPLE_SET_VALUE);
	EXPECT_EQ(0xc0085303U, SAMPLE_ADD);
	EXPECT_EQ(0x20005304U, SAMPLE_SET_VOID);
	EXPECT_EQ(0xdfff5305U, SAMPLE_BIG);
	EXPECT_EQ(0x80005306U, SAMPLE_IN_PTR);
	EXPECT_EQ(16U, IOCPARM_LEN(SAMPLE_GET_STATS));
	EXPECT_EQ('S', IOCGROUP(SAMPLE_GET_STATS));
	EXPECT_EQ(0x40005301U, IOCBASECMD(SAMPLE_GET_STATS));
	EXPECT_EQ((unsigned int)IOCPARM_MASK, IOCPARM_LEN(SAMPLE_BIG));

	/* uapi's XNU_ names give the same words. */
	EXPECT_EQ(XNU_IOR('S', 1, struct sample_stats), SAMPLE_GET_STATS);
	EXPECT_EQ(XNU_IOW('S', 2, unsigned int), SAMPLE_SET_VALUE);
	EXPECT_EQ(XNU_IOWR('S', 3, struct sample_add), SAMPLE_ADD);
	EXPECT_EQ(XNU_IO('S', 4), SAMPLE_SET_VOID);
	EXPECT_EQ(XNU_IOCBASECMD(SAMPLE_ADD), IOCBASECMD(SAMPLE_ADD));

	/*
	 * A size above IOCPARM_MASK cannot be encoded: the field keeps the
	 * low 13 bits, so IOCPARM_LEN() never exceeds IOCPARM_MAX and the
	 * dispatcher's "too large" check (XNU's, ENOTTY) cannot trigger.
	 */
	EXPECT_EQ(0U, IOCPARM_LEN(_IOC(IOC_INOUT, 'S', 5, IOCPARM_MAX)));
	EXPECT_EQ(1U, IOCPARM_LEN(_IOC(IOC_INOUT, 'S', 5, IOCPARM_MAX + 1)));
}

/* ---- calls on an open node ------------------------------------------------------ */

FIXTURE(dev) {
	int fd;
};

XNU_FIXTURE_PROTOTYPES(dev);

FIXTURE_SETUP(dev)
{
	self->fd = -1;
	if (!sample_loaded())
		SKIP(_exit(255), "%s is not loaded", SAMPLE);
	self->fd = open(NODE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd) {
		TH_LOG("open %s: %s", NODE, strerror(errno));
	}
}

FIXTURE_TEARDOWN(dev)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* _IOW, _IOR, _IOWR and _IO, each reaching the driver once. */
TEST_F(dev, in_out_inout_void)
{
	struct sample_stats st0, st;
	struct sample_add add;
	unsigned int v = 41;
	unsigned long long ptr = 0;

	st0 = stats(_metadata, self->fd);
	EXPECT_EQ(0, xioctl(self->fd, SAMPLE_SET_VALUE, &v));
	st = stats(_metadata, self->fd);
	EXPECT_EQ(41U, st.value);
	EXPECT_EQ(st0.calls + 2, st.calls);

	add.delta = 1;
	add.result = 0;
	EXPECT_EQ(0, xioctl(self->fd, SAMPLE_ADD, &add));
	EXPECT_EQ(42, add.result);
	EXPECT_EQ(42U, stats(_metadata, self->fd).value);

	/* _IO: the int argument itself. */
	EXPECT_EQ(0, ioctl(self->fd, SAMPLE_SET_VOID, 7));
	EXPECT_EQ(7U, stats(_metadata, self->fd).value);
	EXPECT_EQ(0, ioctl(self->fd, SAMPLE_SET_VOID, -5));
	EXPECT_EQ((unsigned int)-5, stats(_metadata, self->fd).value);

	/* IOC_IN, size 0: the pointer value, never dereferenced. */
	EXPECT_EQ(0, ioctl(self->fd, SAMPLE_IN_PTR, (void *)0x1234));
	EXPECT_EQ(0, xioctl(self->fd, SAMPLE_GET_PTR, &ptr));
	EXPECT_EQ(0x1234ULL, ptr);
	EXPECT_EQ(st0.calls + 11, stats(_metadata, self->fd).calls);
}

/* IOC_OUT: the buffer starts zeroed, whatever the caller's memory held. */
TEST_F(dev, out_buffer_zeroed)
{
	struct sample_wide w;
	unsigned int v = 99;
	size_t i;

	EXPECT_EQ(0, xioctl(self->fd, SAMPLE_SET_VALUE, &v));
	memset(&w, 0xff, sizeof(w));
	EXPECT_EQ(0, xioctl(self->fd, SAMPLE_WIDE, &w));
	EXPECT_EQ(99U, w.first);
	for (i = 0; i < sizeof(w.rest); i++)
		ASSERT_EQ(0, w.rest[i]) TH_LOG("byte %zu", i);
}

/* The largest encodable argument goes both ways. */
TEST_F(dev, largest_argument)
{
	static struct sample_big big;
	size_t i;

	ASSERT_EQ(8191U, sizeof(big));
	for (i = 0; i < sizeof(big.bytes); i++)
		big.bytes[i] = (unsigned char)(i * 7);
	EXPECT_EQ(0, xioctl(self->fd, SAMPLE_BIG, &big));
	for (i = 0; i < sizeof(big.bytes); i++)
		ASSERT_EQ((unsigned char)~(i * 7), big.bytes[i])
			TH_LOG("byte %zu", i);
}

/* A driver error: nothing is copied out. */
TEST_F(dev, failing_driver_copies_nothing_out)
{
	struct sample_add add = { .delta = 3, .result = 99 };

	EXPECT_EQ(EINVAL, xioctl(self->fd, SAMPLE_FAIL, &add));
	EXPECT_EQ(99, add.result);
	EXPECT_EQ(3, add.delta);
}

/* Unknown commands: the driver says ENOTTY. */
TEST_F(dev, unknown_command)
{
	struct sample_stats st0 = stats(_metadata, self->fd);
	int x = 0;

	EXPECT_EQ(ENOTTY, xioctl(self->fd, _IOWR('S', 200, int), &x));
	EXPECT_EQ(ENOTTY, xioctl(self->fd, _IO('Q', 1), NULL));
	/* The size is part of the command: a known number, another size. */
	EXPECT_EQ(ENOTTY, xioctl(self->fd, _IOR('S', 1, int), &x));
	EXPECT_EQ(st0.calls + 4, stats(_metadata, self->fd).calls);
}

/* IOC_IN with a bad pointer: EFAULT, and the driver never runs. */
TEST_F(dev, bad_in_pointer_before_driver)
{
	long psz = sysconf(_SC_PAGESIZE);
	struct sample_stats st0, st;
	unsigned int v = 1234;
	char *hole, *big;

	EXPECT_EQ(0, xioctl(self->fd, SAMPLE_SET_VALUE, &v));
	st0 = stats(_metadata, self->fd);
	hole = map_with_hole(1, 0);
	ASSERT_NE(NULL, hole);
	/* The last bytes of a mapped page, the rest in a PROT_NONE one. */
	big = map_with_hole(4, 2);
	ASSERT_NE(NULL, big);

	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_SET_VALUE, NULL));
	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_SET_VALUE, hole));
	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_SET_VALUE, KERNEL_ADDR));
	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_ADD, hole));
	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_ADD, KERNEL_ADDR));
	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_BIG, big + 2 * psz - 100));
	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_SET_VALUE,
				 big + 2 * psz - 2));
	/* IOC_OUT to a kernel address: refused before the driver too. */
	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_GET_STATS, KERNEL_ADDR));

	st = stats(_metadata, self->fd);
	EXPECT_EQ(st0.calls + 1, st.calls);
	EXPECT_EQ(1234U, st.value);
	munmap(hole, psz);
	munmap(big, 4 * psz);
}

/* IOC_OUT with a bad user pointer: the driver runs, the copy out fails. */
TEST_F(dev, bad_out_pointer_after_driver)
{
	long psz = sysconf(_SC_PAGESIZE);
	struct sample_stats st0;
	struct sample_add add;
	char *ro, *hole;

	ro = mmap(NULL, psz, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	hole = map_with_hole(1, 0);
	ASSERT_NE(NULL, hole);
	st0 = stats(_metadata, self->fd);

	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_GET_STATS, ro));
	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_GET_STATS, hole));
	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_WIDE, NULL));
	EXPECT_EQ(st0.calls + 4, stats(_metadata, self->fd).calls);

	/* _IOWR from read-only memory: in works, the driver runs, out fails. */
	add.delta = 5;
	add.result = 0;
	EXPECT_EQ(0, mprotect(ro, psz, PROT_READ | PROT_WRITE));
	memcpy(ro, &add, sizeof(add));
	EXPECT_EQ(0, mprotect(ro, psz, PROT_READ));
	st0 = stats(_metadata, self->fd);
	EXPECT_EQ(EFAULT, xioctl(self->fd, SAMPLE_ADD, ro));
	EXPECT_EQ(st0.value + 5, stats(_metadata, self->fd).value);
	munmap(ro, psz);
	munmap(hole, psz);
}

/* read/write at the file offset through uiomove(). */
TEST_F(dev, read_write)
{
	const char msg[] = "hello, darwin";
	long psz = sysconf(_SC_PAGESIZE);
	char buf[64], a[5], b[16];
	struct iovec iov[2] = {
		{ .iov_base = a, .iov_len = sizeof(a) },
		{ .iov_base = b, .iov_len = sizeof(b) },
	};
	char *hole;

	EXPECT_EQ(0, ioctl(self->fd, SAMPLE_CLEAR, 0));
	EXPECT_EQ(0, pread(self->fd, buf, sizeof(buf), 0));
	EXPECT_EQ(13, pwrite(self->fd, msg, 13, 0));
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(13, pread(self->fd, buf, sizeof(buf), 0));
	EXPECT_STREQ(msg, buf);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(6, pread(self->fd, buf, sizeof(buf), 7));
	EXPECT_STREQ("darwin", buf);
	EXPECT_EQ(0, pread(self->fd, buf, sizeof(buf), 13));

	/* read() and readv() move the file offset. */
	EXPECT_EQ(0, lseek(self->fd, 0, SEEK_SET));
	EXPECT_EQ(5, read(self->fd, buf, 5));
	EXPECT_EQ(5, lseek(self->fd, 0, SEEK_CUR));
	EXPECT_EQ(0, lseek(self->fd, 0, SEEK_SET));
	memset(b, 0, sizeof(b));
	EXPECT_EQ(13, readv(self->fd, iov, 2));
	EXPECT_EQ(0, memcmp(a, "hello", 5));
	EXPECT_STREQ(", darwin", b);

	/* Short write at the end, then no room. */
	EXPECT_EQ(6, pwrite(self->fd, "0123456789", 10, SAMPLE_DATA_MAX - 6));
	EXPECT_EQ(-1, pwrite(self->fd, "x", 1, SAMPLE_DATA_MAX));
	EXPECT_EQ(ENOSPC, errno);

	/* A buffer that faults before any byte moved: EFAULT. */
	hole = map_with_hole(1, 0);
	ASSERT_NE(NULL, hole);
	EXPECT_EQ(-1, pread(self->fd, hole, 10, 0));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, pwrite(self->fd, hole, 10, 0));
	EXPECT_EQ(EFAULT, errno);
	munmap(hole, psz);
	EXPECT_EQ(0, ioctl(self->fd, SAMPLE_CLEAR, 0));
}

/* poll through d_select; a write wakes a poller through selwakeup(). */
TEST_F(dev, poll_and_wakeup)
{
	struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
	pid_t pid;
	int status, wfd;

	EXPECT_EQ(0, ioctl(self->fd, SAMPLE_CLEAR, 0));
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	pfd.events = POLLOUT;
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLOUT, pfd.revents);

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		usleep(200 * 1000);
		wfd = open(NODE, O_WRONLY | O_CLOEXEC);
		_exit(wfd >= 0 && pwrite(wfd, "x", 1, 0) == 1 ? 0 : 1);
	}
	pfd.events = POLLIN;
	pfd.revents = 0;
	EXPECT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_EQ(POLLIN, pfd.revents);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_EQ(0, ioctl(self->fd, SAMPLE_CLEAR, 0));
}

/* d_open on every open, d_close on the last close only; no mmap. */
TEST_F(dev, open_close_mmap)
{
	struct sample_stats st0, st;
	void *p;
	int fd;

	st0 = stats(_metadata, self->fd);
	fd = open(NODE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	st = stats(_metadata, self->fd);
	EXPECT_EQ(st0.opens + 1, st.opens);
	EXPECT_EQ(st0.closes, st.closes);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(ENODEV, errno);
	/* Not the last: self->fd is still open. */
	close(fd);
	EXPECT_EQ(st0.closes, stats(_metadata, self->fd).closes);
	/* The last one. */
	close(self->fd);
	self->fd = open(NODE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
	st = stats(_metadata, self->fd);
	EXPECT_EQ(st0.opens + 2, st.opens);
	EXPECT_EQ(st0.closes + 1, st.closes);
}

/* ---- the node ---------------------------------------------------------------- */

TEST(node)
{
	struct stat sb;

	NEED_SAMPLE();
	ASSERT_EQ(0, stat(NODE, &sb));
	EXPECT_TRUE(S_ISCHR(sb.st_mode));
	EXPECT_EQ(SAMPLE_NODE_MODE, sb.st_mode & 07777);
	EXPECT_EQ(0U, sb.st_uid);
	EXPECT_EQ(0U, sb.st_gid);
	EXPECT_EQ(0, access("/sys/class/xnubsd/" SAMPLE_NODE, F_OK));
}

/* What nobody gets from mode 0644; bit per failed step. */
static int nobody_calls(void *arg)
{
	struct sample_stats st;
	int fd, res = 0;

	fd = open(NODE, O_RDWR | O_CLOEXEC);
	if (fd >= 0 || errno != EACCES)
		res |= 1;
	if (fd >= 0)
		close(fd);
	fd = open(NODE, O_WRONLY | O_CLOEXEC);
	if (fd >= 0 || errno != EACCES)
		res |= 2;
	if (fd >= 0)
		close(fd);
	fd = open(NODE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return res | 4;
	if (ioctl(fd, SAMPLE_GET_STATS, &st))
		res |= 8;
	if (write(fd, "x", 1) != -1 || errno != EBADF)
		res |= 16;
	close(fd);
	return res;
}

TEST(nobody_follows_node_mode)
{
	int res = -1;

	NEED_SAMPLE();
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_calls, NULL, &res));
	EXPECT_EQ(0, res);
}

/* ---- unloading ------------------------------------------------------------------ */

TEST(unload_refused_while_open)
{
	char ko[PATH_MAX];
	int fd, i, err;

	NEED_SAMPLE();
	xnu_kmod_path(SAMPLE, SAMPLE_KO_ENV, ko, sizeof(ko));
	if (access(ko, R_OK))
		SKIP(return, "no %.200s: cannot reload it", ko);
	fd = open(NODE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, syscall(SYS_delete_module, SAMPLE, O_NONBLOCK));
	EXPECT_EQ(EWOULDBLOCK, errno);
	EXPECT_TRUE(sample_loaded());
	close(fd);

	ASSERT_EQ(0, syscall(SYS_delete_module, SAMPLE, O_NONBLOCK)) {
		TH_LOG("unload after close: %s", strerror(errno));
	}
	EXPECT_NE(0, access(NODE, F_OK));
	EXPECT_NE(0, access("/sys/class/xnubsd/" SAMPLE_NODE, F_OK));

	err = sample_load();
	ASSERT_EQ(0, err) TH_LOG("reload: %s", strerror(err));
	for (i = 0; i < 200 && access(NODE, F_OK); i++)
		usleep(10000);
	fd = open(NODE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, stats(_metadata, fd).value);
	close(fd);
}

/* ---- a kext's exit removing its device (regression) ------------------------ */

#define EXIT_KEXT	"xnu_cdevsw_exit_test"
#define EXIT_KEXT_ENV	"XNU_CDEVSW_EXIT_TEST_KO"
#define EXIT_NODE	"/dev/" EXIT_KEXT
#define EXIT_MKNOD	"/tmp/" EXIT_KEXT ".node"

/* finit_module(2) of the test kext with @params; 0 or errno. */
static int exit_kext_load(const char *params)
{
	char ko[PATH_MAX];
	int fd, err = 0;

	xnu_kmod_path(EXIT_KEXT, EXIT_KEXT_ENV, ko, sizeof(ko));
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (syscall(SYS_finit_module, fd, params, 0))
		err = errno;
	close(fd);
	return err;
}

/* Unload it (a reference may still be going away); 0 or errno. */
static int exit_kext_unload(void)
{
	int i, err = 0;

	for (i = 0; i < 100; i++) {
		err = xnu_kmod_unload(EXIT_KEXT);
		if (err != EAGAIN && err != EBUSY)
			break;
		usleep(10000);
	}
	return err;
}

/* Its major (module parameter), or -1. */
static int exit_kext_major(void)
{
	unsigned long v;

	if (xnu_read_ulong("/sys/module/" EXIT_KEXT "/parameters/major", 10,
			   &v))
		return -1;
	return (int)v;
}

/*
 * The kext's node appears (@present) or is gone, within 2 s. Returns
 * whether it got there; *@rdev: its device number when present.
 */
static int exit_node_wait(int present, dev_t *rdev)
{
	struct stat st;
	int i;

	for (i = 0; i < 200; i++) {
		if ((stat(EXIT_NODE, &st) == 0) == present) {
			if (present && rdev)
				*rdev = st.st_rdev;
			return 1;
		}
		usleep(10000);
	}
	return 0;
}

/*
 * A kext's exit (mode @mode of the test kext) leaves no slot behind: its
 * node is gone, the major is free (the kext loads again asking for the
 * same one), a node made by hand for its device number opens to ENXIO,
 * and the kernel warned about nothing.
 */
static void exit_kext_cycle(struct __test_metadata *_metadata, int mode)
{
	unsigned long taint = xnu_taint();
	char params[64];
	dev_t rdev = 0;
	int major, fd, err;

	if (xnu_kmod_loaded(EXIT_KEXT))
		ASSERT_EQ(0, exit_kext_unload());
	snprintf(params, sizeof(params), "exit=%d", mode);
	err = exit_kext_load(params);
	if (err == ENOENT)
		SKIP(return, "no %s.ko", EXIT_KEXT);
	ASSERT_EQ(0, err) TH_LOG("load: %s", strerror(err));
	major = exit_kext_major();
	ASSERT_LE(0, major);
	ASSERT_TRUE(exit_node_wait(1, &rdev));
	fd = open(EXIT_NODE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	close(fd);
	unlink(EXIT_MKNOD);
	ASSERT_EQ(0, mknod(EXIT_MKNOD, S_IFCHR | 0600, rdev));
	ASSERT_EQ(0, exit_kext_unload());
	EXPECT_TRUE(exit_node_wait(0, NULL));

	/* The same major again: free, whatever the exit did. */
	snprintf(params, sizeof(params), "exit=%d index=%d", mode, major);
	err = exit_kext_load(params);
	ASSERT_EQ(0, err) TH_LOG("reload on major %d: %s", major,
				 strerror(err));
	EXPECT_EQ(major, exit_kext_major());
	EXPECT_TRUE(exit_node_wait(1, NULL));
	ASSERT_EQ(0, exit_kext_unload());
	EXPECT_TRUE(exit_node_wait(0, NULL));

	/* No device behind the old number once the kext is gone. */
	fd = open(EXIT_MKNOD, O_RDONLY | O_CLOEXEC);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(ENXIO, errno);
	if (fd >= 0)
		close(fd);
	unlink(EXIT_MKNOD);
	EXPECT_EQ(taint, xnu_taint());
}

/* Darwin's order: cdevsw_remove(), then devfs_remove(). */
TEST(kext_exit_cdevsw_remove_then_devfs_remove)
{
	exit_kext_cycle(_metadata, 0);
}

/* devfs_remove(), then cdevsw_remove(). */
TEST(kext_exit_devfs_remove_then_cdevsw_remove)
{
	exit_kext_cycle(_metadata, 1);
}

/* A kext that removes nothing: xnucross cleans up when it goes. */
TEST(kext_exit_removes_nothing)
{
	exit_kext_cycle(_metadata, 2);
}

int main(int argc, char **argv)
{
	xnu_kmod_need(SAMPLE, SAMPLE_KO_ENV);
	return test_harness_run(argc, argv);
}

static void __attribute__((constructor)) __constructor_order_last(void)
{
	if (!__constructor_order)
		__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD;
}

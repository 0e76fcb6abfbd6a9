// SPDX-License-Identifier: GPL-2.0
/*
 * copyio_test - copyin(), copyout(), copyinstr() and copyoutstr() with
 * Darwin's returns, run by the test module xnu_copyio_test on addresses
 * this program chooses (protocol: kmod/tests/xnu_copyio_test.h):
 *   - contents: ranges crossing page ends, 1 MiB, read-only sources;
 *   - EFAULT, never an oops: NULL, unmapped (PROT_NONE) pages, a range
 *     running into one, read-only destinations, a kernel address (the
 *     kernel buffer is neither read nor written), ranges that wrap or end
 *     past user space; a length of 0 succeeds whatever the address;
 *   - the string forms: done counts the NUL, ENAMETOOLONG with done = len,
 *     a string ending just before an unmapped page, EFAULT with done = 0
 *     (copyinstr) or done = min(strlen + 1, len) (copyoutstr), nothing
 *     written past done;
 *   - the module's init checked the cdevsw API's rules (it loads);
 *   - the node is 0600: nobody cannot open it.
 *
 * The program loads xnu_copyio_test.ko from $XNU_COPYIO_TEST_KO (default
 * /lib/modules/$(uname -r)/extra/xnu_copyio_test.ko) when it is not
 * loaded and leaves it as it found it; without it the tests skip.
 */
#include "xnu_kmod_selftest.h"

#include <sys/mman.h>

#include <sys/ioccom.h>

#include "../kmod/tests/xnu_copyio_test.h"

#define TESTMOD		"xnu_copyio_test"
#define TESTMOD_KO_ENV	"XNU_COPYIO_TEST_KO"
#define NODE		"/dev/" XCT_NODE

static unsigned long taint_at_start;

static int testmod_loaded(void)
{
	return xnu_kmod_loaded(TESTMOD);
}

/* One call; the ioctl's errno (0 when the module ran the function). */
static int xct(int fd, unsigned long cmd, const void *uaddr,
	       unsigned long long len, unsigned int slen, struct xct_req *r)
{
	memset(r, 0, sizeof(*r));
	r->uaddr = (unsigned long)uaddr;
	r->len = len;
	r->strlen = slen;
	r->done = 0xdead;
	return ioctl(fd, cmd, r) ? errno : 0;
}

/* As xct(), with an address given as a number. */
static int xct_at(int fd, unsigned long cmd, unsigned long long uaddr,
		  unsigned long long len, struct xct_req *r)
{
	memset(r, 0, sizeof(*r));
	r->uaddr = uaddr;
	r->len = len;
	r->done = 0xdead;
	return ioctl(fd, cmd, r) ? errno : 0;
}

FIXTURE(cio) {
	int fd;
	long psz;
	char *map;		/* 4 pages: 0-1 read/write, 2 PROT_NONE, 3 read-only */
	struct xct_kaddr k;
};

XNU_FIXTURE_PROTOTYPES(cio);

FIXTURE_SETUP(cio)
{
	self->fd = -1;
	self->map = MAP_FAILED;
	if (!testmod_loaded())
		SKIP(_exit(255), "%s is not loaded", TESTMOD);
	self->fd = open(NODE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", NODE, strerror(errno));
	self->psz = sysconf(_SC_PAGESIZE);
	self->map = mmap(NULL, 4 * self->psz, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->map);
	memset(self->map, 0x11, 4 * self->psz);
	ASSERT_EQ(0, mprotect(self->map + 2 * self->psz, self->psz,
			      PROT_NONE));
	ASSERT_EQ(0, mprotect(self->map + 3 * self->psz, self->psz,
			      PROT_READ));
	ASSERT_EQ(0, ioctl(self->fd, XCT_KADDR, &self->k));
	ASSERT_LT(0x800000000000ULL, self->k.kaddr);
}

FIXTURE_TEARDOWN(cio)
{
	if (self->map != MAP_FAILED)
		munmap(self->map, 4 * self->psz);
	if (self->fd >= 0)
		close(self->fd);
}

#define RW(self)	((self)->map)
#define HOLE(self)	((self)->map + 2 * (self)->psz)
#define RO(self)	((self)->map + 3 * (self)->psz)

/* The kernel buffer behind XCT_KADDR is as it was. */
static void kbuf_intact(struct __test_metadata *_metadata,
			FIXTURE_DATA(cio) *self)
{
	struct xct_kaddr now;

	ASSERT_EQ(0, ioctl(self->fd, XCT_KADDR, &now));
	EXPECT_EQ(self->k.kaddr, now.kaddr);
	EXPECT_EQ(self->k.sum, now.sum);
}

/* ---- copyin ------------------------------------------------------------------ */

TEST_F(cio, copyin_contents)
{
	struct xct_req r;
	size_t len = 2 * self->psz - 100, i;
	char *src = RW(self) + 50;	/* crosses the end of page 0 */
	char *big;

	for (i = 0; i < len; i++)
		src[i] = (char)(i * 13 + 1);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYIN, src, len, 0, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(xct_hash(src, len), r.sum);

	/* Read-only memory can be copied in. */
	ASSERT_EQ(0, xct(self->fd, XCT_COPYIN, RO(self), self->psz, 0, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(xct_hash(RO(self), self->psz), r.sum);

	big = malloc(1 << 20);
	ASSERT_NE(NULL, big);
	for (i = 0; i < 1 << 20; i++)
		big[i] = (char)(i >> 3);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYIN, big, 1 << 20, 0, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(xct_hash(big, 1 << 20), r.sum);
	free(big);
}

TEST_F(cio, copyin_efault)
{
	struct xct_req r;

	ASSERT_EQ(0, xct(self->fd, XCT_COPYIN, NULL, 8, 0, &r));
	EXPECT_EQ(EFAULT, r.error);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYIN, HOLE(self), 8, 0, &r));
	EXPECT_EQ(EFAULT, r.error);
	/* Mapped bytes, then the PROT_NONE page. */
	ASSERT_EQ(0, xct(self->fd, XCT_COPYIN, HOLE(self) - 100, 200, 0, &r));
	EXPECT_EQ(EFAULT, r.error);
	/* A kernel address: refused, not read. */
	ASSERT_EQ(0, xct_at(self->fd, XCT_COPYIN, self->k.kaddr,
			    self->k.len, &r));
	EXPECT_EQ(EFAULT, r.error);
	/* Past the top of user space, and wrapping around. */
	ASSERT_EQ(0, xct_at(self->fd, XCT_COPYIN, 0x800000000000ULL, 8, &r));
	EXPECT_EQ(EFAULT, r.error);
	ASSERT_EQ(0, xct_at(self->fd, XCT_COPYIN, 0x7ffffffff000ULL, 0x2000,
			    &r));
	EXPECT_EQ(EFAULT, r.error);
	ASSERT_EQ(0, xct_at(self->fd, XCT_COPYIN, ~0ULL - 7, 16, &r));
	EXPECT_EQ(EFAULT, r.error);
	/* Length 0: nothing to copy, whatever the address. */
	ASSERT_EQ(0, xct_at(self->fd, XCT_COPYIN, self->k.kaddr, 0, &r));
	EXPECT_EQ(0, r.error);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYIN, HOLE(self), 0, 0, &r));
	EXPECT_EQ(0, r.error);
	/* The module refuses a request above its buffer. */
	EXPECT_EQ(EINVAL, xct(self->fd, XCT_COPYIN, RW(self),
			      XCT_BUF_MAX + 1ULL, 0, &r));
}

/* ---- copyout ----------------------------------------------------------------- */

static int is_pattern(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)buf[i] != xct_pattern(i))
			return 0;
	return 1;
}

TEST_F(cio, copyout_contents)
{
	struct xct_req r;
	size_t len = 2 * self->psz - 100;
	char *dst = RW(self) + 60, *big;

	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUT, dst, len, 0, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_TRUE(is_pattern(dst, len));
	/* Nothing before or after. */
	EXPECT_EQ(0x11, RW(self)[59]);
	EXPECT_EQ(0x11, dst[len]);

	big = malloc(1 << 20);
	ASSERT_NE(NULL, big);
	memset(big, 0, 1 << 20);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUT, big, 1 << 20, 0, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_TRUE(is_pattern(big, 1 << 20));
	free(big);
}

TEST_F(cio, copyout_efault)
{
	struct xct_req r;

	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUT, NULL, 8, 0, &r));
	EXPECT_EQ(EFAULT, r.error);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUT, HOLE(self), 8, 0, &r));
	EXPECT_EQ(EFAULT, r.error);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUT, HOLE(self) - 100, 200, 0, &r));
	EXPECT_EQ(EFAULT, r.error);
	/* Read-only: refused, and unchanged. */
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUT, RO(self), 64, 0, &r));
	EXPECT_EQ(EFAULT, r.error);
	EXPECT_EQ(0x11, RO(self)[0]);
	EXPECT_EQ(0x11, RO(self)[63]);
	/* A kernel address: refused, and the kernel buffer is untouched. */
	ASSERT_EQ(0, xct_at(self->fd, XCT_COPYOUT, self->k.kaddr,
			    self->k.len, &r));
	EXPECT_EQ(EFAULT, r.error);
	kbuf_intact(_metadata, self);
	ASSERT_EQ(0, xct_at(self->fd, XCT_COPYOUT, 0x7ffffffff000ULL, 0x2000,
			    &r));
	EXPECT_EQ(EFAULT, r.error);
	ASSERT_EQ(0, xct_at(self->fd, XCT_COPYOUT, self->k.kaddr, 0, &r));
	EXPECT_EQ(0, r.error);
	kbuf_intact(_metadata, self);
}

/* ---- copyinstr ----------------------------------------------------------------- */

TEST_F(cio, copyinstr)
{
	char *end = HOLE(self) - 4;	/* the last 4 bytes before the hole */
	struct xct_req r;

	strcpy(RW(self), "hello");
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, RW(self), 64, 0, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(6ULL, r.done);
	EXPECT_EQ(xct_hash("hello", 6), r.sum);
	/* Exactly room for it. */
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, RW(self), 6, 0, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(6ULL, r.done);
	/* One byte short: ENAMETOOLONG, done = len. */
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, RW(self), 5, 0, &r));
	EXPECT_EQ(ENAMETOOLONG, r.error);
	EXPECT_EQ(5ULL, r.done);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, RW(self), 1, 0, &r));
	EXPECT_EQ(ENAMETOOLONG, r.error);
	EXPECT_EQ(1ULL, r.done);
	/* Empty string. */
	RW(self)[100] = '\0';
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, RW(self) + 100, 64, 0, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(1ULL, r.done);
	/* Length 0: 0, done 0, whatever the address. */
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, HOLE(self), 0, 0, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(0ULL, r.done);

	/* A string ending just before an unmapped page. */
	memcpy(end, "abc", 4);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, end, 64, 0, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(4ULL, r.done);
	EXPECT_EQ(xct_hash("abc", 4), r.sum);
	/* ... and one running into it: EFAULT, done 0. */
	memcpy(end, "abcd", 4);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, end, 64, 0, &r));
	EXPECT_EQ(EFAULT, r.error);
	EXPECT_EQ(0ULL, r.done);
	/* The same bytes with len 4: they fill len first. */
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, end, 4, 0, &r));
	EXPECT_EQ(ENAMETOOLONG, r.error);
	EXPECT_EQ(4ULL, r.done);

	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, HOLE(self), 64, 0, &r));
	EXPECT_EQ(EFAULT, r.error);
	EXPECT_EQ(0ULL, r.done);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, NULL, 64, 0, &r));
	EXPECT_EQ(EFAULT, r.error);
	EXPECT_EQ(0ULL, r.done);
	ASSERT_EQ(0, xct_at(self->fd, XCT_COPYINSTR, self->k.kaddr, 64, &r));
	EXPECT_EQ(EFAULT, r.error);
	EXPECT_EQ(0ULL, r.done);
	/* Read-only strings are fine. */
	ASSERT_EQ(0, xct(self->fd, XCT_COPYINSTR, RO(self), self->psz, 0, &r));
	EXPECT_EQ(ENAMETOOLONG, r.error);
	EXPECT_EQ((unsigned long long)self->psz, r.done);
}

/* ---- copyoutstr ---------------------------------------------------------------- */

TEST_F(cio, copyoutstr)
{
	char *dst = RW(self), *far = RW(self) + 100;
	struct xct_req r;
	size_t i;

	memset(dst, 0x7f, 16);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUTSTR, dst, 64, 5, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(6ULL, r.done);
	EXPECT_STREQ("abcde", dst);
	EXPECT_EQ(0x7f, dst[6]);

	memset(dst, 0x7f, 16);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUTSTR, dst, 6, 5, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(6ULL, r.done);
	EXPECT_STREQ("abcde", dst);

	/* No room for the NUL: the bytes that fit, ENAMETOOLONG. */
	memset(dst, 0x7f, 16);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUTSTR, dst, 5, 5, &r));
	EXPECT_EQ(ENAMETOOLONG, r.error);
	EXPECT_EQ(5ULL, r.done);
	EXPECT_EQ(0, memcmp(dst, "abcde", 5));
	EXPECT_EQ(0x7f, dst[5]);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUTSTR, dst, 0, 5, &r));
	EXPECT_EQ(ENAMETOOLONG, r.error);
	EXPECT_EQ(0ULL, r.done);
	EXPECT_EQ('a', dst[0]);

	/* A long string over a page end. */
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUTSTR, far, 2 * self->psz - 100,
			 self->psz + 10, &r));
	EXPECT_EQ(0, r.error);
	EXPECT_EQ(self->psz + 11ULL, r.done);
	for (i = 0; i < (size_t)self->psz + 10; i++)
		ASSERT_EQ((char)('a' + i % 26), far[i]) TH_LOG("byte %zu", i);
	EXPECT_EQ('\0', far[self->psz + 10]);

	/* EFAULT wins; done is still what was attempted. */
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUTSTR, RO(self), 64, 5, &r));
	EXPECT_EQ(EFAULT, r.error);
	EXPECT_EQ(6ULL, r.done);
	EXPECT_EQ(0x11, RO(self)[0]);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUTSTR, RO(self), 3, 5, &r));
	EXPECT_EQ(EFAULT, r.error);
	EXPECT_EQ(3ULL, r.done);
	ASSERT_EQ(0, xct(self->fd, XCT_COPYOUTSTR, HOLE(self) - 3, 64, 5, &r));
	EXPECT_EQ(EFAULT, r.error);
	EXPECT_EQ(6ULL, r.done);
	r.uaddr = self->k.kaddr;
	r.len = 64;
	r.strlen = 5;
	ASSERT_EQ(0, ioctl(self->fd, XCT_COPYOUTSTR, &r));
	EXPECT_EQ(EFAULT, r.error);
	EXPECT_EQ(6ULL, r.done);
	kbuf_intact(_metadata, self);
}

/* ---- the module ------------------------------------------------------------------ */

/* Its init checked the cdevsw API's rules; a failed check fails the load. */
TEST(test_module_loads)
{
	char ko[PATH_MAX];

	xnu_kmod_path(TESTMOD, TESTMOD_KO_ENV, ko, sizeof(ko));
	if (access(ko, R_OK))
		SKIP(return, "no %.200s", ko);
	EXPECT_TRUE(testmod_loaded()) {
		TH_LOG("%s is installed but did not load (see dmesg)",
		       TESTMOD);
	}
}

static int nobody_open(void *arg)
{
	int fd = open(NODE, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno;
}

TEST(node_is_root_only)
{
	struct stat sb;
	int res = -1;

	if (!testmod_loaded())
		SKIP(return, "%s is not loaded", TESTMOD);
	ASSERT_EQ(0, stat(NODE, &sb));
	EXPECT_TRUE(S_ISCHR(sb.st_mode));
	EXPECT_EQ(0600, sb.st_mode & 07777);
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_open, NULL, &res));
	EXPECT_EQ(EACCES, res);
}

/* None of the above oopsed or warned. */
TEST(no_oops)
{
	EXPECT_EQ(taint_at_start & XNU_TAINT_BAD, xnu_taint() & XNU_TAINT_BAD);
}

int main(int argc, char **argv)
{
	taint_at_start = xnu_taint();
	xnu_kmod_need(TESTMOD, TESTMOD_KO_ENV);
	return test_harness_run(argc, argv);
}

static void __attribute__((constructor)) __constructor_order_last(void)
{
	if (!__constructor_order)
		__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD;
}

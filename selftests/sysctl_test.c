// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl_test - the errno matrix of Darwin's sysctl(3) (rows #1-#23 of the
 * reference's peer test matrix, §4.5) against the OIDs of the test module
 * xnu_sysctl_test (debug.emutest.*), each with the exact errno, *oldlenp
 * and buffer contents; the raw trap's own checks (EFAULT for every
 * pointer, EINVAL for unknown flags, ENAMETOOLONG); write permissions
 * (root, nobody, CTLFLAG_ANYBODY); OID_AUTO numbering and reuse and the
 * refusal of a taken number (rows #29-#30); the seed's two user examples;
 * the built-in tree's Darwin MIB numbers and values; and, last, writes to
 * CTLFLAG_SECURE OIDs once kern.securelevel is raised.
 *
 * The matrix runs four times: as root and as nobody, through libxnucross's
 * sysctl()/sysctlbyname()/sysctlnametomib() and through the raw
 * XNU_TRAP_SYSCTL ioctl. The program loads the test module from
 * $XNU_SYSCTL_TEST_KO (default /lib/modules/$(uname -r)/extra/
 * xnu_sysctl_test.ko) and unloads it at the end. The securelevel test
 * (which cannot lower kern.securelevel again) reloads xnucross.ko
 * ($XNUCROSS_KO) afterwards to put it back to 0, and is skipped when
 * another module or open file holds xnucross.
 */
#include <dirent.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>

#include <sys/sysctl.h>

#include "libxnucross.h"

#include "xnu_selftest.h"
#include "kselftest_harness.h"

#include "xnu_sysctl_selftest.h"

/* ---- the matrix fixture: root or nobody, libxnucross or raw ---- */

FIXTURE(mx) {
	struct sc c;
	unsigned long taint;
	int nobody;
};

FIXTURE_VARIANT(mx) {
	int nobody;
	int lib;
};

XNU_FIXTURE_PROTOTYPES(mx);

EMU_FIXTURE_VARIANTS(mx);

FIXTURE_SETUP(mx)
{
	self->nobody = variant->nobody;
	emu_fixture_setup(_metadata, &self->c, &self->taint, variant->nobody,
			  variant->lib, 0);
}

FIXTURE_TEARDOWN(mx)
{
	emu_fixture_teardown(_metadata, &self->c, self->taint);
}

#define FILL	0xa5

/* Every byte of buf[0..len) is FILL. */
static int untouched(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != FILL)
			return 0;
	return 1;
}

/* The MIB of an emutest name, or the test fails. */
#define MIB(name, mib, len) do {					\
	(len) = CTL_MAXNAME;						\
	ASSERT_EQ(0, sc_nametomib(&self->c, (name), (mib), &(len))) {	\
		TH_LOG("name2oid %s", (name));				\
	}								\
} while (0)

/* Read an int OID by name; asserts success and 4 bytes. */
static int get_int(struct __test_metadata *_metadata, const struct sc *c,
		   const char *name)
{
	int val = 0;

	EXPECT_EQ(0, sc_get_int(c, name, &val)) {
		TH_LOG("read %s", name);
	}
	return val;
}

static long long get_quad(struct __test_metadata *_metadata,
			  const struct sc *c, const char *name)
{
	long long val = 0;
	size_t len = sizeof(val);

	EXPECT_EQ(0, sc_name(c, name, &val, &len, NULL, 0));
	EXPECT_EQ(sizeof(val), len);
	return val;
}

/* A write only root may make: 0 as root, EPERM as nobody. */
#define ROOT_ONLY(self) ((self)->nobody ? EPERM : 0)

/* #1: a 4-byte read, by name and by MIB; a bigger buffer gets 4 bytes. */
TEST_F(mx, m01_read_int)
{
	int mib[CTL_MAXNAME], v;
	unsigned char big[8];
	size_t n, len;

	memset(&v, FILL, sizeof(v));
	len = sizeof(v);
	EXPECT_EQ(0, sc_name(&self->c, EMU "i", &v, &len, NULL, 0));
	EXPECT_EQ(4U, len);
	EXPECT_EQ(17, v);

	MIB(EMU "i", mib, n);
	EXPECT_EQ(3U, n);
	EXPECT_EQ(CTL_DEBUG, mib[0]);
	v = 0;
	len = sizeof(v);
	EXPECT_EQ(0, sc_mib(&self->c, mib, n, &v, &len, NULL, 0));
	EXPECT_EQ(4U, len);
	EXPECT_EQ(17, v);

	memset(big, FILL, sizeof(big));
	len = sizeof(big);
	EXPECT_EQ(0, sc_mib(&self->c, mib, n, big, &len, NULL, 0));
	EXPECT_EQ(4U, len);
	memcpy(&v, big, 4);
	EXPECT_EQ(17, v);
	EXPECT_TRUE(untouched(big + 4, 4));

	/* UINT is an INT with fmt "IU": 4 bytes, the bits as stored. */
	EXPECT_EQ((int)0xfffffff0U, get_int(_metadata, &self->c, EMU "u"));
	EXPECT_EQ(42, get_int(_metadata, &self->c, EMU "ci"));
	EXPECT_EQ(1234, get_int(_metadata, &self->c, EMU "ro"));
}

/* #2: oldp NULL asks for the size, whatever *oldlenp held. */
TEST_F(mx, m02_size_probe)
{
	static const struct { const char *name; size_t size; } probes[] = {
		{ EMU "i", 4 }, { EMU "u", 4 }, { EMU "l", 8 },
		{ EMU "q", 8 }, { EMU "s", 6 }, { EMU "cs", 9 },
		{ EMU "o", 12 }, { EMU "p", 4 }, { "kern.ostype", 7 },
	};
	unsigned int i;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		len = 12345;
		EXPECT_EQ(0, sc_name(&self->c, probes[i].name, NULL, &len,
				     NULL, 0)) {
			TH_LOG("probe %s", probes[i].name);
		}
		EXPECT_EQ(probes[i].size, len) {
			TH_LOG("probe %s", probes[i].name);
		}
	}
	/* Neither buffer nor length: nothing to do, no error. */
	EXPECT_EQ(0, sc_name(&self->c, EMU "i", NULL, NULL, NULL, 0));
}

/* #3: a short buffer: ENOMEM, nothing copied, *oldlenp 0. */
TEST_F(mx, m03_short_buffer_enomem)
{
	unsigned char buf[8];
	size_t len, sizes[] = { 0, 1, 2, 3 };
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(sizes); k++) {
		memset(buf, FILL, sizeof(buf));
		len = sizes[k];
		EXPECT_EQ(ENOMEM, sc_name(&self->c, EMU "i", buf, &len, NULL,
					  0)) {
			TH_LOG("buffer of %zu", sizes[k]);
		}
		EXPECT_EQ(0U, len);
		EXPECT_TRUE(untouched(buf, sizeof(buf)));
	}
	/* A buffer but no length pointer: oldlen 0, so ENOMEM. */
	memset(buf, FILL, sizeof(buf));
	EXPECT_EQ(ENOMEM, sc_name(&self->c, EMU "i", buf, NULL, NULL, 0));
	EXPECT_TRUE(untouched(buf, sizeof(buf)));
	/* An opaque value needs all of its 12 bytes. */
	memset(buf, FILL, sizeof(buf));
	len = sizeof(buf);
	EXPECT_EQ(ENOMEM, sc_name(&self->c, EMU "o", buf, &len, NULL, 0));
	EXPECT_EQ(0U, len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));
}

/* #4: a string that does not fit; one that fits exactly. */
TEST_F(mx, m04_string_short_buffer)
{
	char buf[16];
	size_t len;

	memset(buf, FILL, sizeof(buf));
	len = 3;
	EXPECT_EQ(ENOMEM, sc_name(&self->c, EMU "s", buf, &len, NULL, 0));
	EXPECT_EQ(0U, len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));

	/* strlen without the NUL is still too short. */
	len = 5;
	EXPECT_EQ(ENOMEM, sc_name(&self->c, EMU "s", buf, &len, NULL, 0));
	EXPECT_EQ(0U, len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));

	len = 6;
	EXPECT_EQ(0, sc_name(&self->c, EMU "s", buf, &len, NULL, 0));
	EXPECT_EQ(6U, len);
	EXPECT_EQ(0, memcmp(buf, "hello", 6));
	EXPECT_TRUE(untouched(buf + 6, sizeof(buf) - 6));

	memset(buf, FILL, sizeof(buf));
	len = sizeof(buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "cs", buf, &len, NULL, 0));
	EXPECT_EQ(9U, len);
	EXPECT_STREQ("constant", buf);
}

/* #5: a 64-bit value that does not fit a 4-byte buffer: ERANGE. */
TEST_F(mx, m05_quad_into_int_erange)
{
	unsigned char buf[8];
	size_t len;

	memset(buf, FILL, sizeof(buf));
	len = 4;
	EXPECT_EQ(ERANGE, sc_name(&self->c, EMU "q", buf, &len, NULL, 0));
	/* *oldlenp is only written on success and ENOMEM. */
	EXPECT_EQ(4U, len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));

	/* A long is 8 bytes: the same rule. */
	len = 4;
	EXPECT_EQ(ERANGE, sc_name(&self->c, EMU "l", buf, &len, NULL, 0));
	EXPECT_EQ(4U, len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));

	EXPECT_EQ(0x123456789LL, get_quad(_metadata, &self->c, EMU "q"));
	EXPECT_EQ(-5000000000LL, get_quad(_metadata, &self->c, EMU "l"));

	/* Neither 4 nor 8 bytes: the 8 bytes do not fit. */
	memset(buf, FILL, sizeof(buf));
	len = 6;
	EXPECT_EQ(ENOMEM, sc_name(&self->c, EMU "qs", buf, &len, NULL, 0));
	EXPECT_EQ(0U, len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));

	/* A probe is not a 4-byte read: 8. */
	len = 4;
	EXPECT_EQ(0, sc_name(&self->c, EMU "q", NULL, &len, NULL, 0));
	EXPECT_EQ(8U, len);
}

/* #6: a small 64-bit value read into 4 bytes is an int. */
TEST_F(mx, m06_small_quad_into_int)
{
	unsigned char buf[8];
	long long seven = 7;
	size_t len;
	int v;

	memset(buf, FILL, sizeof(buf));
	len = 4;
	EXPECT_EQ(0, sc_name(&self->c, EMU "qs", buf, &len, NULL, 0));
	EXPECT_EQ(4U, len);
	memcpy(&v, buf, 4);
	EXPECT_EQ(-1234, v);
	EXPECT_TRUE(untouched(buf + 4, 4));

	EXPECT_EQ(ROOT_ONLY(self), sc_name(&self->c, EMU "q", NULL, NULL,
					   &seven, sizeof(seven)));
	if (self->nobody)
		return;
	v = 0;
	len = 4;
	EXPECT_EQ(0, sc_name(&self->c, EMU "q", &v, &len, NULL, 0));
	EXPECT_EQ(4U, len);
	EXPECT_EQ(7, v);
}

/* #7: a read-only OID: EPERM even for root, no old value either. */
TEST_F(mx, m07_write_read_only)
{
	unsigned char buf[8];
	int v = 99;
	size_t len;

	memset(buf, FILL, sizeof(buf));
	len = sizeof(buf);
	EXPECT_EQ(EPERM, sc_name(&self->c, EMU "ro", buf, &len, &v,
				 sizeof(v)));
	EXPECT_EQ(sizeof(buf), len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));
	EXPECT_EQ(1234, get_int(_metadata, &self->c, EMU "ro"));
	EXPECT_EQ(EPERM, sc_name(&self->c, "kern.ostype", NULL, NULL, "x",
				 1));
}

/* #8: root may write i (and gets the old value in the same call). */
TEST_F(mx, m08_write_needs_root)
{
	int old = 0, v = 5;
	size_t len = sizeof(old);

	memset(&old, FILL, sizeof(old));
	EXPECT_EQ(ROOT_ONLY(self), sc_name(&self->c, EMU "i", &old, &len, &v,
					   sizeof(v)));
	if (self->nobody) {
		/* Refused before the handler: no old value. */
		EXPECT_TRUE(untouched(&old, sizeof(old)));
		EXPECT_EQ(sizeof(old), len);
		EXPECT_EQ(17, get_int(_metadata, &self->c, EMU "i"));
	} else {
		EXPECT_EQ(17, old);
		EXPECT_EQ(4U, len);
		EXPECT_EQ(5, get_int(_metadata, &self->c, EMU "i"));
	}
	/* The same through the MIB. */
	{
		int mib[CTL_MAXNAME];
		size_t n;

		MIB(EMU "u", mib, n);
		v = 77;
		EXPECT_EQ(ROOT_ONLY(self), sc_mib(&self->c, mib, n, NULL, NULL,
						  &v, sizeof(v)));
		EXPECT_EQ(self->nobody ? (int)0xfffffff0U : 77,
			  get_int(_metadata, &self->c, EMU "u"));
	}
}

/* #9: CTLFLAG_ANYBODY: anyone may write. */
TEST_F(mx, m09_write_anybody)
{
	int v = 31;

	EXPECT_EQ(0, sc_name(&self->c, EMU "any", NULL, NULL, &v, sizeof(v)));
	EXPECT_EQ(31, get_int(_metadata, &self->c, EMU "any"));
}

/* #10: a new value shorter than the int: EINVAL. */
TEST_F(mx, m10_short_new_value)
{
	short h = 3;
	char c1 = 1;

	EXPECT_EQ(self->nobody ? EPERM : EINVAL,
		  sc_name(&self->c, EMU "i", NULL, NULL, &h, sizeof(h)));
	EXPECT_EQ(self->nobody ? EPERM : EINVAL,
		  sc_name(&self->c, EMU "i", NULL, NULL, &c1, 1));
	EXPECT_EQ(EINVAL, sc_name(&self->c, EMU "any", NULL, NULL, &h,
				  sizeof(h)));
	EXPECT_EQ(17, get_int(_metadata, &self->c, EMU "i"));
	EXPECT_EQ(0, get_int(_metadata, &self->c, EMU "any"));
}

/* #11: 8 bytes into an int: must fit, else ERANGE. */
TEST_F(mx, m11_quad_into_int)
{
	long long big = 1LL << 40, seven = 7, neg = -7;
	long long below = (long long)INT_MIN - 1;

	EXPECT_EQ(self->nobody ? EPERM : ERANGE,
		  sc_name(&self->c, EMU "i", NULL, NULL, &big, sizeof(big)));
	EXPECT_EQ(self->nobody ? EPERM : ERANGE,
		  sc_name(&self->c, EMU "i", NULL, NULL, &below,
			  sizeof(below)));
	EXPECT_EQ(17, get_int(_metadata, &self->c, EMU "i"));
	EXPECT_EQ(ROOT_ONLY(self), sc_name(&self->c, EMU "i", NULL, NULL,
					   &seven, sizeof(seven)));
	EXPECT_EQ(self->nobody ? 17 : 7, get_int(_metadata, &self->c,
						 EMU "i"));
	EXPECT_EQ(ROOT_ONLY(self), sc_name(&self->c, EMU "i", NULL, NULL,
					   &neg, sizeof(neg)));
	EXPECT_EQ(self->nobody ? 17 : -7, get_int(_metadata, &self->c,
						  EMU "i"));
	/* Anybody's int takes the same conversion. */
	EXPECT_EQ(ERANGE, sc_name(&self->c, EMU "any", NULL, NULL, &big,
				  sizeof(big)));
	EXPECT_EQ(0, sc_name(&self->c, EMU "any", NULL, NULL, &seven,
			     sizeof(seven)));
	EXPECT_EQ(7, get_int(_metadata, &self->c, EMU "any"));
}

/* #12: 4 bytes into a quad are sign-extended. */
TEST_F(mx, m12_int_into_quad)
{
	int m3 = -3;
	short h = 1;

	EXPECT_EQ(ROOT_ONLY(self), sc_name(&self->c, EMU "q", NULL, NULL,
					   &m3, sizeof(m3)));
	EXPECT_EQ(self->nobody ? 0x123456789LL : -3,
		  get_quad(_metadata, &self->c, EMU "q"));
	EXPECT_EQ(self->nobody ? EPERM : EINVAL,
		  sc_name(&self->c, EMU "q", NULL, NULL, &h, sizeof(h)));
	/* The long too. */
	EXPECT_EQ(ROOT_ONLY(self), sc_name(&self->c, EMU "l", NULL, NULL,
					   &m3, sizeof(m3)));
	EXPECT_EQ(self->nobody ? -5000000000LL : -3,
		  get_quad(_metadata, &self->c, EMU "l"));
}

/* #13: a constant int (no pointer) cannot be set. */
TEST_F(mx, m13_write_constant)
{
	int v = 1;
	int old;
	size_t len = sizeof(old);

	EXPECT_EQ(EPERM, sc_name(&self->c, EMU "ci", NULL, NULL, &v,
				 sizeof(v)));
	/* As root the handler ran: the old value came out first. */
	old = 0;
	EXPECT_EQ(EPERM, sc_name(&self->c, EMU "ci", &old, &len, &v,
				 sizeof(v)));
	EXPECT_EQ(self->nobody ? 0 : 42, old);
	EXPECT_EQ(42, get_int(_metadata, &self->c, EMU "ci"));
}

/* #14: a string must leave room for its NUL in the 16-byte buffer. */
TEST_F(mx, m14_write_string)
{
	char buf[32];
	size_t len;

	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(self->nobody ? EPERM : EINVAL,
		  sc_name(&self->c, EMU "s", NULL, NULL, buf, 16));
	EXPECT_EQ(self->nobody ? EPERM : EINVAL,
		  sc_name(&self->c, EMU "s", NULL, NULL, buf, 20));
	len = sizeof(buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "s", buf, &len, NULL, 0));
	EXPECT_STREQ("hello", buf);
	if (self->nobody) {
		EXPECT_EQ(EPERM, sc_name(&self->c, EMU "s", NULL, NULL,
					 "abcde", 5));
		return;
	}
	EXPECT_EQ(0, sc_name(&self->c, EMU "s", NULL, NULL, "abcde", 5));
	len = sizeof(buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "s", buf, &len, NULL, 0));
	EXPECT_EQ(6U, len);
	EXPECT_STREQ("abcde", buf);
	/* 15 characters fit; a NUL among the bytes ends the string. */
	EXPECT_EQ(0, sc_name(&self->c, EMU "s", NULL, NULL,
			     "0123456789abcde", 15));
	len = sizeof(buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "s", buf, &len, NULL, 0));
	EXPECT_EQ(16U, len);
	EXPECT_STREQ("0123456789abcde", buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "s", NULL, NULL, "xyz", 4));
	len = sizeof(buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "s", buf, &len, NULL, 0));
	EXPECT_EQ(4U, len);
	EXPECT_STREQ("xyz", buf);
}

/* #15: constant strings: RD refused before, RW refused by the handler. */
TEST_F(mx, m15_write_constant_string)
{
	char buf[16];
	size_t len;

	EXPECT_EQ(EPERM, sc_name(&self->c, EMU "cs", NULL, NULL, "new", 3));
	EXPECT_EQ(EPERM, sc_name(&self->c, EMU "csw", NULL, NULL, "new", 3));
	len = sizeof(buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "cs", buf, &len, NULL, 0));
	EXPECT_STREQ("constant", buf);
	len = sizeof(buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "csw", buf, &len, NULL, 0));
	EXPECT_STREQ("fixed", buf);
}

/* #16: an opaque value takes exactly its size; excess is ignored. */
TEST_F(mx, m16_write_opaque)
{
	static const unsigned char orig[12] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	};
	unsigned char nv[13], buf[16];
	size_t len;
	int i;

	for (i = 0; i < 13; i++)
		nv[i] = 0x40 + i;
	EXPECT_EQ(self->nobody ? EPERM : EINVAL,
		  sc_name(&self->c, EMU "o", NULL, NULL, nv, 11));
	memset(buf, FILL, sizeof(buf));
	len = sizeof(buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "o", buf, &len, NULL, 0));
	EXPECT_EQ(12U, len);
	EXPECT_EQ(0, memcmp(buf, orig, 12));
	EXPECT_TRUE(untouched(buf + 12, 4));

	EXPECT_EQ(ROOT_ONLY(self), sc_name(&self->c, EMU "o", NULL, NULL, nv,
					   12));
	if (self->nobody)
		return;
	len = sizeof(buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "o", buf, &len, NULL, 0));
	EXPECT_EQ(0, memcmp(buf, nv, 12));
	for (i = 0; i < 13; i++)
		nv[i] = 0x60 + i;
	EXPECT_EQ(0, sc_name(&self->c, EMU "o", NULL, NULL, nv, 13));
	memset(buf, FILL, sizeof(buf));
	len = sizeof(buf);
	EXPECT_EQ(0, sc_name(&self->c, EMU "o", buf, &len, NULL, 0));
	EXPECT_EQ(12U, len);
	EXPECT_EQ(0, memcmp(buf, nv, 12));
	EXPECT_TRUE(untouched(buf + 12, 4));
}

/* #17: newp set but newlen 0 is a plain read, for anyone. */
TEST_F(mx, m17_newlen_zero_is_read)
{
	int v = 0, nv = 555;
	size_t len = sizeof(v);

	EXPECT_EQ(0, sc_name(&self->c, EMU "ro", &v, &len, &nv, 0));
	EXPECT_EQ(4U, len);
	EXPECT_EQ(1234, v);
	len = sizeof(v);
	EXPECT_EQ(0, sc_name(&self->c, EMU "i", &v, &len, &nv, 0));
	EXPECT_EQ(17, v);
	EXPECT_EQ(0, sc_name(&self->c, EMU "ci", NULL, NULL, &nv, 0));
	EXPECT_EQ(17, get_int(_metadata, &self->c, EMU "i"));
}

/* #18: a SYSCTL_PROC that validates: its errno, the value unchanged. */
TEST_F(mx, m18_proc_validation)
{
	static const int bad[] = { 101, -1, INT_MAX, INT_MIN };
	unsigned int k;
	int v;

	for (k = 0; k < ARRAY_SIZE(bad); k++) {
		v = bad[k];
		EXPECT_EQ(self->nobody ? EPERM : EINVAL,
			  sc_name(&self->c, EMU "p", NULL, NULL, &v,
				  sizeof(v))) {
			TH_LOG("value %d", bad[k]);
		}
	}
	EXPECT_EQ(50, get_int(_metadata, &self->c, EMU "p"));
	v = 100;
	EXPECT_EQ(ROOT_ONLY(self), sc_name(&self->c, EMU "p", NULL, NULL, &v,
					   sizeof(v)));
	EXPECT_EQ(self->nobody ? 50 : 100, get_int(_metadata, &self->c,
						   EMU "p"));
	v = 0;
	EXPECT_EQ(ROOT_ONLY(self), sc_name(&self->c, EMU "p", NULL, NULL, &v,
					   sizeof(v)));
	EXPECT_EQ(self->nobody ? 50 : 0, get_int(_metadata, &self->c,
						 EMU "p"));
}

/* #19: unknown names and MIBs: ENOENT. */
TEST_F(mx, m19_unknown_enoent)
{
	static const char *const names[] = {
		EMU "nope", "nope", "debug.nope.i", EMU "i.x", "KERN.ostype",
		"kern..ostype", "debug.emutest.I",
	};
	int mib[CTL_MAXNAME], v;
	unsigned int k;
	size_t n, len;

	for (k = 0; k < ARRAY_SIZE(names); k++) {
		len = sizeof(v);
		memset(&v, FILL, sizeof(v));
		EXPECT_EQ(ENOENT, sc_name(&self->c, names[k], &v, &len, NULL,
					  0)) {
			TH_LOG("name %s", names[k]);
		}
		EXPECT_TRUE(untouched(&v, sizeof(v)));
	}
	MIB(EMU "i", mib, n);
	mib[2] = 99999;
	len = sizeof(v);
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, n, &v, &len, NULL, 0));
	mib[0] = 99999;
	mib[1] = 1;
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, 2, &v, &len, NULL, 0));
	mib[0] = -1;
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, 2, &v, &len, NULL, 0));
	n = CTL_MAXNAME;
	EXPECT_EQ(ENOENT, sc_nametomib(&self->c, EMU "nope", mib, &n));
}

/* #20: a node without handler is not a value: ENOENT, also for writes. */
TEST_F(mx, m20_node_enoent)
{
	static const char *const nodes[] = {
		"debug.emutest", EMU "empty", EMU "chain", EMU "chain.l2.l3",
		EMU "chain.l2.l3.l4", "kern", "debug",
	};
	int mib[CTL_MAXNAME], v = 1;
	unsigned int k;
	size_t n, len;

	for (k = 0; k < ARRAY_SIZE(nodes); k++) {
		len = sizeof(v);
		EXPECT_EQ(ENOENT, sc_name(&self->c, nodes[k], &v, &len, NULL,
					  0)) {
			TH_LOG("name %s", nodes[k]);
		}
		EXPECT_EQ(ENOENT, sc_name(&self->c, nodes[k], NULL, NULL, &v,
					  sizeof(v)));
		/* name2oid resolves nodes, though. */
		MIB(nodes[k], mib, n);
		if (n >= 2) {
			len = sizeof(v);
			EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, n, &v, &len,
						 NULL, 0)) {
				TH_LOG("MIB of %s", nodes[k]);
			}
		}
	}
}

/* #21: components after a leaf: EISDIR. */
TEST_F(mx, m21_after_leaf_eisdir)
{
	int mib[CTL_MAXNAME], v;
	size_t n, len;

	MIB(EMU "i", mib, n);
	mib[n] = 5;
	len = sizeof(v);
	EXPECT_EQ(EISDIR, sc_mib(&self->c, mib, n + 1, &v, &len, NULL, 0));
	mib[n + 1] = 0;
	EXPECT_EQ(EISDIR, sc_mib(&self->c, mib, n + 2, &v, &len, NULL, 0));
	mib[0] = CTL_KERN;
	mib[1] = KERN_OSTYPE;
	mib[2] = 1;
	EXPECT_EQ(EISDIR, sc_mib(&self->c, mib, 3, NULL, &len, NULL, 0));
}

/* #22: namelen must be 2..CTL_MAXNAME; sysctlbyname has no such check. */
TEST_F(mx, m22_namelen_einval)
{
	int mib[CTL_MAXNAME + 2] = { CTL_KERN, KERN_OSTYPE };
	char buf[32];
	size_t len;
	unsigned int k;

	for (k = 2; k < ARRAY_SIZE(mib); k++)
		mib[k] = 1;
	len = sizeof(buf);
	EXPECT_EQ(EINVAL, sc_mib(&self->c, mib, 1, buf, &len, NULL, 0));
	EXPECT_EQ(EINVAL, sc_mib(&self->c, mib, 0, buf, &len, NULL, 0));
	EXPECT_EQ(EINVAL, sc_mib(&self->c, mib, CTL_MAXNAME + 1, buf, &len,
				 NULL, 0));
	EXPECT_EQ(EINVAL, sc_mib(&self->c, mib, CTL_MAXNAME + 2, buf, &len,
				 NULL, 0));
	/* 12 components are accepted: the leaf comes first. */
	EXPECT_EQ(EISDIR, sc_mib(&self->c, mib, CTL_MAXNAME, buf, &len,
				 NULL, 0));
	EXPECT_EQ(sizeof(buf), len);
	EXPECT_EQ(ENOENT, sc_name(&self->c, "kern", buf, &len, NULL, 0));
}

/* #23: a leaf without handler: EINVAL, for reads, probes and writes. */
TEST_F(mx, m23_no_handler_einval)
{
	int mib[CTL_MAXNAME], v = 1;
	size_t n, len;

	len = sizeof(v);
	EXPECT_EQ(EINVAL, sc_name(&self->c, EMU "hanging", &v, &len, NULL,
				  0));
	EXPECT_EQ(EINVAL, sc_name(&self->c, EMU "hanging", NULL, &len, NULL,
				  0));
	MIB(EMU "hanging", mib, n);
	EXPECT_EQ(EINVAL, sc_mib(&self->c, mib, n, &v, &len, NULL, 0));
	/* Writes are checked first. */
	EXPECT_EQ(self->nobody ? EPERM : EINVAL,
		  sc_mib(&self->c, mib, n, NULL, NULL, &v, sizeof(v)));
}

/* MASKED has no kernel effect: readable, and writable by root. */
TEST_F(mx, masked_is_ordinary)
{
	int v = 6;

	EXPECT_EQ(5, get_int(_metadata, &self->c, EMU "masked"));
	EXPECT_EQ(ROOT_ONLY(self), sc_set_int(&self->c, EMU "masked", v));
	EXPECT_EQ(self->nobody ? 5 : 6,
		  get_int(_metadata, &self->c, EMU "masked"));
}

/* Nobody may not touch the test knobs either (they are plain RW). */
TEST_F(mx, knobs_need_root)
{
	if (!self->nobody) {
		EXPECT_EQ(0, sc_set_int(&self->c, EMU "eagain_calls", 0));
		return;
	}
	EXPECT_EQ(EPERM, sc_set_int(&self->c, EMU "reset", 1));
	EXPECT_EQ(EPERM, sc_set_int(&self->c, EMU "bulk", 1));
	EXPECT_EQ(EPERM, sc_set_int(&self->c, EMU "auto_reg", 0));
	EXPECT_EQ(EPERM, sc_set_int(&self->c, EMU "unreg_sleepy", 1));
	EXPECT_EQ(EPERM, sc_set_int(&self->c, "kern.securelevel", 1));
	EXPECT_EQ(EPERM, sc_set_int(&self->c, "kern.maxfiles", 1000));
}

/* The seed's two user examples, as written. */
TEST_F(mx, seed_examples)
{
	int mib[2];
	int bufsize = 0, busspeed = 0;
	size_t len;

	len = 4;
	EXPECT_EQ(0, sc_name(&self->c, "debug.bpf_bufsize", &bufsize, &len,
			     NULL, 0));
	EXPECT_EQ(4U, len);
	EXPECT_LT(0, bufsize);

	mib[0] = CTL_HW;
	mib[1] = HW_BUS_FREQ;
	len = 4;
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, &busspeed, &len, NULL, 0));
	EXPECT_EQ(4U, len);
	EXPECT_LT(0, busspeed);
}

/* ---- the built-in tree: Darwin numbers, Linux values ---- */

/* Read a number of 4 or 8 bytes by MIB; 0 or errno. */
static int get_num(const struct sc *c, const int *mib, unsigned int n,
		   long long *val)
{
	union { int i; long long q; } u;
	size_t len = sizeof(u);
	int err;

	memset(&u, 0, sizeof(u));
	err = sc_mib(c, mib, n, &u, &len, NULL, 0);
	if (err)
		return err;
	if (len == 4)
		*val = u.i;
	else if (len == 8)
		*val = u.q;
	else
		return -1;
	return 0;
}

/* name resolves to {top, nr} */
static void check_number(struct __test_metadata *_metadata,
			 const struct sc *c, const char *name, int top, int nr)
{
	int mib[CTL_MAXNAME];
	size_t n = CTL_MAXNAME;

	EXPECT_EQ(0, sc_nametomib(c, name, mib, &n)) {
		TH_LOG("%s", name);
		return;
	}
	EXPECT_EQ(2U, n) {
		TH_LOG("%s", name);
	}
	EXPECT_EQ(top, mib[0]);
	EXPECT_EQ(nr, mib[1]) {
		TH_LOG("%s is %d.%d, Darwin's is %d.%d", name, mib[0], mib[1],
		       top, nr);
	}
}

TEST_F(mx, builtin_numbers)
{
	static const struct { const char *name; int top, nr; } nums[] = {
		{ "kern.ostype", CTL_KERN, KERN_OSTYPE },
		{ "kern.osrelease", CTL_KERN, KERN_OSRELEASE },
		{ "kern.version", CTL_KERN, KERN_VERSION },
		{ "kern.maxproc", CTL_KERN, KERN_MAXPROC },
		{ "kern.maxfiles", CTL_KERN, KERN_MAXFILES },
		{ "kern.argmax", CTL_KERN, KERN_ARGMAX },
		{ "kern.securelevel", CTL_KERN, KERN_SECURELVL },
		{ "kern.hostname", CTL_KERN, KERN_HOSTNAME },
		{ "kern.boottime", CTL_KERN, KERN_BOOTTIME },
		{ "hw.machine", CTL_HW, HW_MACHINE },
		{ "hw.model", CTL_HW, HW_MODEL },
		{ "hw.ncpu", CTL_HW, HW_NCPU },
		{ "hw.byteorder", CTL_HW, HW_BYTEORDER },
		{ "hw.physmem", CTL_HW, HW_PHYSMEM },
		/* XNU: the numbered ones are int *_compat, the names quads. */
		{ "hw.pagesize_compat", CTL_HW, HW_PAGESIZE },
		{ "hw.busfrequency_compat", CTL_HW, HW_BUS_FREQ },
		{ "hw.cpufrequency_compat", CTL_HW, HW_CPU_FREQ },
		{ "hw.cachelinesize_compat", CTL_HW, HW_CACHELINE },
		{ "hw.memsize", CTL_HW, HW_MEMSIZE },
		{ "hw.activecpu", CTL_HW, HW_AVAILCPU },
		{ "sysctl.name2oid", CTL_UNSPEC, CTL_SYSCTL_NAME2OID },
	};

	static const char *const quads[] = {
		"hw.pagesize", "hw.busfrequency", "hw.cpufrequency",
		"hw.cachelinesize",
	};
	int mib[CTL_MAXNAME], cmib[2] = { CTL_HW, HW_PAGESIZE };
	long long q, compat;
	unsigned int k;
	size_t n, len;

	for (k = 0; k < ARRAY_SIZE(nums); k++)
		check_number(_metadata, &self->c, nums[k].name, nums[k].top,
			     nums[k].nr);
	/* The quads: OID_AUTO numbers, 8 bytes, the compat int's value. */
	for (k = 0; k < ARRAY_SIZE(quads); k++) {
		n = CTL_MAXNAME;
		ASSERT_EQ(0, sc_nametomib(&self->c, quads[k], mib, &n));
		EXPECT_EQ(2U, n);
		EXPECT_LE(OID_AUTO_START, mib[1]);
		q = 0;
		len = sizeof(q);
		EXPECT_EQ(0, sc_mib(&self->c, mib, n, &q, &len, NULL, 0));
		EXPECT_EQ(8U, len) {
			TH_LOG("%s", quads[k]);
		}
		cmib[1] = k == 0 ? HW_PAGESIZE : k == 1 ? HW_BUS_FREQ :
			  k == 2 ? HW_CPU_FREQ : HW_CACHELINE;
		EXPECT_EQ(0, get_num(&self->c, cmib, 2, &compat));
		/* Above INT_MAX, XNU's compat ints are not specified. */
		if (q <= INT_MAX)
			EXPECT_EQ(q, compat) {
				TH_LOG("%s %lld, compat %lld", quads[k], q,
				       compat);
			}
	}
}

TEST_F(mx, builtin_kern_values)
{
	int mib[2] = { CTL_KERN, KERN_OSTYPE };
	char buf[256];
	struct utsname u;
	struct { long long sec; long long usec; } bt;
	unsigned long long btime = 0;
	long long v;
	size_t len;
	FILE *f;

	len = sizeof(buf);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, buf, &len, NULL, 0));
	EXPECT_EQ(7U, len);
	EXPECT_STREQ("Darwin", buf);

	ASSERT_EQ(0, uname(&u));
	mib[1] = KERN_HOSTNAME;
	len = sizeof(buf);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, buf, &len, NULL, 0));
	EXPECT_EQ(strlen(u.nodename) + 1, len);
	EXPECT_STREQ(u.nodename, buf);

	mib[1] = KERN_SECURELVL;
	EXPECT_EQ(0, get_num(&self->c, mib, 2, &v));
	EXPECT_EQ(0, v);

	mib[1] = KERN_ARGMAX;
	EXPECT_EQ(0, get_num(&self->c, mib, 2, &v));
	EXPECT_LT(0, v);

	/* struct timeval, LP64: 16 bytes; within 2 s of /proc/stat btime. */
	mib[1] = KERN_BOOTTIME;
	len = sizeof(bt);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, &bt, &len, NULL, 0));
	EXPECT_EQ(sizeof(struct timeval), len);
	f = fopen("/proc/stat", "re");
	ASSERT_NE(NULL, f);
	while (fgets(buf, sizeof(buf), f))
		if (sscanf(buf, "btime %llu", &btime) == 1)
			break;
	fclose(f);
	ASSERT_NE(0ULL, btime);
	EXPECT_GE(2LL, llabs(bt.sec - (long long)btime)) {
		TH_LOG("kern.boottime %lld, btime %llu", bt.sec, btime);
	}
	EXPECT_LE(0, bt.usec);
	EXPECT_GT(1000000, bt.usec);
}

TEST_F(mx, builtin_hw_values)
{
	int mib[2] = { CTL_HW, HW_NCPU };
	unsigned long long memtotal = 0;
	long long v, ncpu, active;
	char line[256];
	FILE *f;

	EXPECT_EQ(0, get_num(&self->c, mib, 2, &ncpu));
	EXPECT_LE(1, ncpu);
	/* Configured or online: both are 2 in the VM unless CPUs went away. */
	EXPECT_TRUE(ncpu == get_nprocs_conf() || ncpu == get_nprocs()) {
		TH_LOG("hw.ncpu %lld, %d configured, %d online", ncpu,
		       get_nprocs_conf(), get_nprocs());
	}
	mib[1] = HW_AVAILCPU;
	EXPECT_EQ(0, get_num(&self->c, mib, 2, &active));
	EXPECT_EQ(get_nprocs(), active);

	mib[1] = HW_PAGESIZE;
	EXPECT_EQ(0, get_num(&self->c, mib, 2, &v));
	EXPECT_EQ(getpagesize(), v);

	mib[1] = HW_BYTEORDER;
	EXPECT_EQ(0, get_num(&self->c, mib, 2, &v));
	EXPECT_EQ(1234, v);

	mib[1] = HW_CACHELINE;
	EXPECT_EQ(0, get_num(&self->c, mib, 2, &v));
	EXPECT_LE(16, v);

	/* hw.memsize: 64-bit bytes, near MemTotal (which excludes reserves). */
	f = fopen("/proc/meminfo", "re");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &memtotal) == 1)
			break;
	fclose(f);
	ASSERT_NE(0ULL, memtotal);
	memtotal *= 1024;
	mib[1] = HW_MEMSIZE;
	{
		unsigned long long ms = 0;
		size_t len = sizeof(ms);

		EXPECT_EQ(0, sc_mib(&self->c, mib, 2, &ms, &len, NULL, 0));
		EXPECT_EQ(8U, len);
		EXPECT_LE(memtotal, ms);
		EXPECT_GE(memtotal + memtotal / 4 + (64ULL << 20), ms) {
			TH_LOG("hw.memsize %llu, MemTotal %llu", ms, memtotal);
		}
	}
}

/* ---- the raw trap's own checks ---- */

FIXTURE(trap) {
	int fd;
	int nobody;
};

FIXTURE_VARIANT(trap) {
	int nobody;
};

XNU_FIXTURE_PROTOTYPES(trap);

FIXTURE_VARIANT_ADD(trap, root) { .nobody = 0, };
FIXTURE_VARIANT_ADD(trap, nobody) { .nobody = 1, };

FIXTURE_SETUP(trap)
{
	struct xnu_handshake hs;

	ASSERT_TRUE(emu_loaded());
	ASSERT_EQ(0, emu_root_set(EMU "reset", 1));
	self->nobody = variant->nobody;
	self->fd = xnu_setup_open_as(_metadata, variant->nobody);
	ASSERT_EQ(0, xnu_handshake(self->fd, &hs));
}

FIXTURE_TEARDOWN(trap)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* An address no process has mapped. */
#define BAD_PTR		((void *)0xffff888000000000UL)

TEST_F(trap, efault)
{
	static const char name[] = EMU "any";
	int mib[CTL_MAXNAME], v = 3, old;
	size_t len, n = CTL_MAXNAME;
	struct sc c = { .lib = 0, .fd = self->fd };
	void *ro_page;

	ASSERT_EQ(0, sc_nametomib(&c, name, mib, &n));
	len = sizeof(old);
	/* Bad name, as a MIB and as a string. */
	EXPECT_EQ(EFAULT, raw_trap(self->fd, BAD_PTR, n, 0, &old, &len, NULL,
				   0));
	EXPECT_EQ(EFAULT, raw_trap(self->fd, NULL, n, 0, &old, &len, NULL,
				   0));
	EXPECT_EQ(EFAULT, raw_trap(self->fd, BAD_PTR, 10, XNU_SYSCTL_BYNAME,
				   &old, &len, NULL, 0));
	/* Bad *oldlenp. */
	EXPECT_EQ(EFAULT, raw_trap(self->fd, mib, n, 0, &old, BAD_PTR, NULL,
				   0));
	/* Bad oldp with room for it. */
	len = sizeof(old);
	EXPECT_EQ(EFAULT, raw_trap(self->fd, mib, n, 0, BAD_PTR, &len, NULL,
				   0));
	/* *oldlenp in a read-only page: read, then not writable. */
	ro_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro_page);
	*(size_t *)ro_page = sizeof(old);
	ASSERT_EQ(0, mprotect(ro_page, 4096, PROT_READ));
	EXPECT_EQ(EFAULT, raw_trap(self->fd, mib, n, 0, &old, ro_page, NULL,
				   0));
	munmap(ro_page, 4096);
	/* Bad newp: nothing is written. */
	EXPECT_EQ(EFAULT, raw_trap(self->fd, mib, n, 0, NULL, NULL, BAD_PTR,
				   sizeof(v)));
	EXPECT_EQ(0, raw_trap(self->fd, mib, n, 0, NULL, NULL, &v, sizeof(v)));
	len = sizeof(old);
	EXPECT_EQ(0, raw_trap(self->fd, mib, n, 0, &old, &len, NULL, 0));
	EXPECT_EQ(3, old);
	/* The trap's argument itself. */
	EXPECT_EQ(EFAULT, xnu_ioctl_err(self->fd, XNU_TRAP_SYSCTL, BAD_PTR));
	EXPECT_EQ(EFAULT, xnu_ioctl_err(self->fd, XNU_TRAP_SYSCTL, NULL));
}

TEST_F(trap, flags_and_lengths)
{
	int mib[2] = { CTL_KERN, KERN_OSTYPE }, k;
	char *longname;
	char buf[32];
	size_t len = sizeof(buf);

	for (k = 1; k < 32; k++) {
		if ((1U << k) & XNU_SYSCTL_FLAGS)
			continue;
		EXPECT_EQ(EINVAL, raw_trap(self->fd, mib, 2, 1U << k, buf, &len,
					   NULL, 0)) {
			TH_LOG("flag %#x", 1U << k);
		}
	}
	EXPECT_EQ(0, raw_trap(self->fd, mib, 2, 0, buf, &len, NULL, 0));
	EXPECT_STREQ("Darwin", buf);
	/* By name: namelen bytes, no NUL needed. */
	len = sizeof(buf);
	EXPECT_EQ(0, raw_trap(self->fd, "kern.ostypeXXX", 11,
			      XNU_SYSCTL_BYNAME, buf, &len, NULL, 0));
	EXPECT_STREQ("Darwin", buf);
	len = sizeof(buf);
	EXPECT_EQ(ENOENT, raw_trap(self->fd, "kern.ostype", 0,
				   XNU_SYSCTL_BYNAME, buf, &len, NULL, 0));
	/* 1023 bytes are a name (unknown); 1024 are too long. */
	longname = malloc(2048);
	ASSERT_NE(NULL, longname);
	memset(longname, 'a', 2048);
	EXPECT_EQ(ENOENT, raw_trap(self->fd, longname, XNU_SYSCTL_MAXNAMELEN,
				   XNU_SYSCTL_BYNAME, buf, &len, NULL, 0));
	EXPECT_EQ(ENAMETOOLONG, raw_trap(self->fd, longname,
					 XNU_SYSCTL_MAXNAMELEN + 1,
					 XNU_SYSCTL_BYNAME, buf, &len, NULL,
					 0));
	EXPECT_EQ(ENAMETOOLONG, raw_trap(self->fd, longname, 2048,
					 XNU_SYSCTL_BYNAME, buf, &len, NULL,
					 0));
	longname[2047] = '\0';
	errno = 0;
	EXPECT_EQ(-1, sysctlbyname(longname, buf, &len, NULL, 0));
	EXPECT_EQ(ENAMETOOLONG, errno);
	free(longname);
	/* Before the handshake, the trap is refused like any other. */
	k = xnu_open_raw();
	ASSERT_LE(0, k);
	EXPECT_EQ(EPROTO, raw_trap(k, mib, 2, 0, buf, &len, NULL, 0));
	close(k);
}

/* ---- OID_AUTO numbering, refused numbers (root) ---- */

FIXTURE(reg) {
	struct sc c;
};

FIXTURE_VARIANT(reg) {
	int lib;
};

XNU_FIXTURE_PROTOTYPES(reg);

FIXTURE_VARIANT_ADD(reg, lib) { .lib = 1, };
FIXTURE_VARIANT_ADD(reg, raw) { .lib = 0, };

FIXTURE_SETUP(reg)
{
	ASSERT_TRUE(emu_loaded());
	ASSERT_LE(0, sc_open(&self->c, 0));
	self->c.lib = variant->lib;
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "reset", 1));
}

FIXTURE_TEARDOWN(reg)
{
	int k;

	/* Whatever a failed test left registered goes away. */
	for (k = 0; k < 3; k++)
		sc_set_int(&self->c, EMU "auto_unreg", k);
	sc_set_int(&self->c, EMU "dupe_reg", -1);
	close(self->c.fd);
}

/* The number name2oid gives for the last component, or -1. */
static int last_number(const struct sc *c, const char *name)
{
	int mib[CTL_MAXNAME];
	size_t n = CTL_MAXNAME;

	if (sc_nametomib(c, name, mib, &n) || n < 1)
		return -1;
	return mib[n - 1];
}

#define AUTO(k) EMU "autonode.a" #k

TEST_F(reg, oid_auto_numbering)
{
	int mib[CTL_MAXNAME], v;
	size_t n, len;

	/* A fresh node: first auto child 100, then 101, 102. */
	EXPECT_EQ(-1, last_number(&self->c, AUTO(0)));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "auto_reg", 0));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "auto_reg", 1));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "auto_reg", 2));
	EXPECT_EQ(OID_AUTO_START, last_number(&self->c, AUTO(0)));
	EXPECT_EQ(OID_AUTO_START + 1, last_number(&self->c, AUTO(1)));
	EXPECT_EQ(OID_AUTO_START + 2, last_number(&self->c, AUTO(2)));
	EXPECT_EQ(7, get_int_or(&self->c, EMU "auto_reg"));

	/* The highest goes away and comes back with its number. */
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "auto_unreg", 2));
	EXPECT_EQ(-1, last_number(&self->c, AUTO(2)));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "auto_reg", 2));
	EXPECT_EQ(OID_AUTO_START + 2, last_number(&self->c, AUTO(2)));

	/* A gap is not reused: a1 comes back after a2. */
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "auto_unreg", 1));
	n = CTL_MAXNAME;
	ASSERT_EQ(0, sc_nametomib(&self->c, AUTO(0), mib, &n));
	mib[n - 1] = OID_AUTO_START + 1;
	len = sizeof(v);
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, n, &v, &len, NULL, 0));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "auto_reg", 1));
	EXPECT_EQ(OID_AUTO_START + 3, last_number(&self->c, AUTO(1)));
	/* And the MIB reads it. */
	mib[n - 1] = OID_AUTO_START + 3;
	len = sizeof(v);
	v = -1;
	EXPECT_EQ(0, sc_mib(&self->c, mib, n, &v, &len, NULL, 0));
	EXPECT_EQ(0, v);

	/* Under a node with only auto children, all of them >= 100. */
	EXPECT_LE(OID_AUTO_START, last_number(&self->c, EMU "i"));
	EXPECT_LE(OID_AUTO_START, last_number(&self->c, "debug.emutest"));
}

/* A /dev/kmsg reader positioned at the end of the log, or -1. */
static int kmsg_open_end(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether a record logged since kmsg_open_end() contains both strings. */
static int kmsg_has(int fd, const char *a, const char *b)
{
	char rec[2048];
	ssize_t n;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records */
		if (n <= 0)
			return 0;
		rec[n] = '\0';
		if (strstr(rec, a) && strstr(rec, b))
			return 1;
	}
}

TEST_F(reg, explicit_duplicate_refused)
{
	char name[64], num[16];
	int inum, v, kfd;
	size_t len;

	inum = last_number(&self->c, EMU "i");
	ASSERT_LE(OID_AUTO_START, inum);
	kfd = kmsg_open_end();
	ASSERT_LE(0, kfd);

	/* i's number is taken: refused, logged, not registered. */
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "dupe_reg", inum));
	EXPECT_EQ(-1, last_number(&self->c, EMU "dupe"));
	len = sizeof(v);
	EXPECT_EQ(ENOENT, sc_name(&self->c, EMU "dupe", &v, &len, NULL, 0));
	snprintf(num, sizeof(num), "%d", inum);
	EXPECT_TRUE(kmsg_has(kfd, "dupe", num)) {
		TH_LOG("no kernel log line about dupe and number %d", inum);
	}
	close(kfd);
	/* i is still i. */
	EXPECT_EQ(17, get_int_or(&self->c, EMU "i"));
	{
		int mib[CTL_MAXNAME + 2] = { CTL_UNSPEC, CTL_SYSCTL_NAME };
		size_t n = CTL_MAXNAME;

		ASSERT_EQ(0, sc_nametomib(&self->c, EMU "i", mib + 2, &n));
		len = sizeof(name);
		EXPECT_EQ(0, sc_mib(&self->c, mib, n + 2, name, &len, NULL,
				    0));
		EXPECT_STREQ(EMU "i", name);
	}
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "dupe_reg", -1));

	/* A free explicit number is fine, below OID_AUTO_START too. */
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "dupe_reg", 50));
	EXPECT_EQ(50, last_number(&self->c, EMU "dupe"));
	EXPECT_EQ(13, get_int_or(&self->c, EMU "dupe"));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "dupe_reg", -1));
	EXPECT_EQ(-1, last_number(&self->c, EMU "dupe"));
}

/* ---- /proc/sys as the caller's mount namespace shows it ---- */

struct procsys_result {
	int step;	/* 0: read done; else the setup step that failed */
	int err;	/* errno of that step, or of the read (0: it worked) */
	int val;
	long long ms;	/* how long the read took */
};

/*
 * In a mount namespace of its own, put a tmpfs on /proc/sys/kernel with
 * threads-max made by make(), then read kern.maxproc. In the child.
 */
static void procsys_child(int fd, int (*make)(const char *path))
{
	struct procsys_result res = { 0 };
	struct timespec t0, t1;
	size_t len = sizeof(res.val);

	alarm(10);	/* a read blocked on a FIFO dies of it */
	if (unshare(CLONE_NEWNS))
		res.step = 1;
	else if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		res.step = 2;
	else if (mount("tmpfs", "/proc/sys/kernel", "tmpfs", 0, NULL))
		res.step = 3;
	else if (make("/proc/sys/kernel/threads-max"))
		res.step = 4;
	if (res.step) {
		res.err = errno;
	} else {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		res.err = lib_err(sysctlbyname("kern.maxproc", &res.val, &len,
					       NULL, 0));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		res.ms = (t1.tv_sec - t0.tv_sec) * 1000LL +
			 (t1.tv_nsec - t0.tv_nsec) / 1000000;
	}
	if (write(fd, &res, sizeof(res)) != sizeof(res))
		_exit(2);
	_exit(0);
}

static int make_fifo(const char *path)
{
	return mkfifo(path, 0644);
}

static int make_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, "4321\n", 5) != 5)
		return -1;
	return close(fd);
}

static int make_link(const char *path)
{
	return make_file("/proc/sys/kernel/real") ||
	       symlink("/proc/sys/kernel/real", path);
}

/*
 * Regression: kern.maxproc opened /proc/sys/kernel/threads-max blocking
 * and whatever it was, so a FIFO mounted there in the caller's mount
 * namespace hung the request (and a plain file or a symlink was read).
 */
TEST(procsys_fifo_eopnotsupp)
{
	static const struct {
		const char *what;
		int (*make)(const char *path);
	} cases[] = {
		{ "a FIFO", make_fifo },
		{ "a tmpfs file", make_file },
		{ "a symlink", make_link },
	};
	struct procsys_result res;
	unsigned int i;
	int pfd[2], status, v;
	size_t len;
	ssize_t n;
	pid_t pid;

	if (geteuid())
		SKIP(return, "needs root (mount namespaces)");
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(0, pipe2(pfd, O_CLOEXEC));
		fflush(stdout);
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			close(pfd[0]);
			procsys_child(pfd[1], cases[i].make);
		}
		close(pfd[1]);
		memset(&res, 0, sizeof(res));
		n = read(pfd[0], &res, sizeof(res));
		close(pfd[0]);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			TH_LOG("%s: the reader %s", cases[i].what,
			       WIFSIGNALED(status) &&
			       WTERMSIG(status) == SIGALRM ?
			       "was still blocked in kern.maxproc after 10 s" :
			       "died");
		}
		if (n != sizeof(res))
			continue;
		ASSERT_EQ(0, res.step) {
			TH_LOG("%s: setup step %d: %s", cases[i].what,
			       res.step, strerror(res.err));
		}
		EXPECT_EQ(EOPNOTSUPP, res.err) {
			TH_LOG("%s: kern.maxproc gave %d (%s), value %d",
			       cases[i].what, res.err,
			       res.err > 0 ? strerror(res.err) : "?",
			       res.val);
		}
		EXPECT_GT(5000, res.ms);
	}
	/* Outside that namespace, kern.maxproc is what it was. */
	len = sizeof(v);
	ASSERT_EQ(0, sysctlbyname("kern.maxproc", &v, &len, NULL, 0));
	EXPECT_LT(0, v);
}

/* ---- CTLFLAG_SECURE and kern.securelevel: runs last ---- */

/*
 * kern.securelevel can only be raised (the XNU rule: only init may lower
 * it), so this test puts it back by reloading xnucross.ko with the
 * parameters it had, after unloading the test module that depends on it,
 * and then loads the test module again. Without the .ko, or while
 * something else holds xnucross, it is skipped before raising anything.
 */
FIXTURE(secure) {
	char ko[PATH_MAX];
};

XNU_FIXTURE_PROTOTYPES(secure);

FIXTURE_SETUP(secure)
{
	const char *env = getenv("XNUCROSS_KO");
	struct utsname u;

	ASSERT_TRUE(emu_loaded());
	if (env && *env) {
		snprintf(self->ko, sizeof(self->ko), "%s", env);
	} else {
		ASSERT_EQ(0, uname(&u));
		snprintf(self->ko, sizeof(self->ko),
			 "/lib/modules/%s/extra/xnucross.ko", u.release);
	}
}

FIXTURE_TEARDOWN(secure)
{
}

/* "name=value ..." of xnucross's current parameters; 0 or -1. */
static int xnucross_params(char *buf, size_t len)
{
	char path[PATH_MAX], val[128];
	struct dirent *de;
	size_t used = 0;
	DIR *d;
	int n;

	buf[0] = '\0';
	d = opendir(XNU_SYSFS_MODULE "/parameters");
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/parameters/%s",
			 XNU_SYSFS_MODULE, de->d_name);
		if (xnu_read_text(path, val, sizeof(val)))
			continue;
		n = snprintf(buf + used, len - used, "%s%s=%s",
			     used ? " " : "", de->d_name, val);
		if (n < 0 || (size_t)n >= len - used) {
			closedir(d);
			return -1;
		}
		used += n;
	}
	closedir(d);
	return 0;
}

/* Only xnu_sysctl_test holds xnucross: no other module, no open file. */
static int xnucross_only_ours(void)
{
	unsigned long refcnt;
	struct dirent *de;
	int others = 0;
	DIR *d;

	if (xnu_read_ulong(XNU_SYSFS_MODULE "/refcnt", 10, &refcnt))
		return 0;
	d = opendir(XNU_SYSFS_MODULE "/holders");
	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && strcmp(de->d_name, EMU_MODULE))
			others++;
	closedir(d);
	return !others && refcnt == 1;
}

static int nobody_raise_securelevel(void *arg)
{
	struct sc c;
	int err;

	if (sc_open(&c, 0) < 0)
		return -errno;
	err = sc_set_int(&c, "kern.securelevel", 1);
	close(c.fd);
	return err;
}

TEST_F_TIMEOUT(secure, zz_securelevel_last, 60)
{
	char params[512], path[PATH_MAX];
	struct sc c;
	int fd, res = -1, i;

	if (access(self->ko, R_OK))
		SKIP(return, "no %.200s to restore securelevel (XNUCROSS_KO)",
		     self->ko);
	if (!xnucross_only_ours())
		SKIP(return, "xnucross is held by another module or file");
	ASSERT_EQ(0, xnucross_params(params, sizeof(params)));

	ASSERT_LE(0, sc_open(&c, 0));
	EXPECT_EQ(0, get_int_or(&c, "kern.securelevel"));
	/* At level 0, SECURE OIDs are ordinary. */
	EXPECT_EQ(0, sc_set_int(&c, EMU "secure", 10));
	EXPECT_EQ(10, get_int_or(&c, EMU "secure"));
	/* Nobody may not raise it. */
	ASSERT_EQ(0, xnu_run_as_nobody(nobody_raise_securelevel, NULL, &res));
	EXPECT_EQ(EPERM, res);
	EXPECT_EQ(0, get_int_or(&c, "kern.securelevel"));

	EXPECT_EQ(0, sc_set_int(&c, "kern.securelevel", 1));
	EXPECT_EQ(1, get_int_or(&c, "kern.securelevel"));
	EXPECT_EQ(EPERM, sc_set_int(&c, EMU "secure", 11));
	EXPECT_EQ(10, get_int_or(&c, EMU "secure"));
	/* Only SECURE ones: the others still take writes. */
	EXPECT_EQ(0, sc_set_int(&c, EMU "i", 12));
	/* It cannot be lowered, only raised. */
	EXPECT_EQ(EPERM, sc_set_int(&c, "kern.securelevel", 0));
	EXPECT_EQ(0, sc_set_int(&c, "kern.securelevel", 2));
	EXPECT_EQ(2, get_int_or(&c, "kern.securelevel"));
	c.lib = 1;
	errno = 0;
	i = 12;
	EXPECT_EQ(-1, sysctlbyname(EMU "secure", NULL, NULL, &i, sizeof(i)));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(10, get_int_or(&c, EMU "secure"));
	close(c.fd);

	/* Put it back: reload xnucross (the library's fd must go first). */
	fd = xnucross_fd();
	if (fd >= 0)
		close(fd);
	ASSERT_EQ(0, emu_delete(EMU_MODULE));
	ASSERT_EQ(0, emu_delete(XNUCROSS_DEVICE_NAME)) {
		TH_LOG("cannot unload xnucross: securelevel stays raised");
	}
	fd = open(self->ko, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, syscall(SYS_finit_module, fd, params, 0)) {
		TH_LOG("reloading %s %s: %s", self->ko, params,
		       strerror(errno));
	}
	close(fd);
	snprintf(path, sizeof(path), "%s", XNUCROSS_DEVICE_PATH);
	for (i = 0; i < 200 && access(path, F_OK); i++)
		usleep(10000);
	ASSERT_EQ(0, emu_load());
	ASSERT_LE(0, sc_open(&c, 0));
	EXPECT_EQ(0, get_int_or(&c, "kern.securelevel"));
	close(c.fd);
}

XNU_SYSCTL_HARNESS_MAIN

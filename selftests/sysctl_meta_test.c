// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl_meta_test - the meta-OIDs under {0,...} (the reference's §2.4 and
 * rows #24-#28 of its matrix): {0,0} is always ENOENT; {0,1} names a MIB,
 * numbers for what does not resolve, in pieces (a short buffer keeps the
 * pieces that fit); {0,2} walks the leaves in depth-first numeric order,
 * skipping empty nodes and chains of them, listing MASKED ones, ending with
 * ENOENT; {0,3} resolves names (trailing '.', "", unknown, too long); {0,4}
 * gives the kind word (CTLFLAG_OID2 included) and the format; {0,5} the
 * description. Against the test module's debug.emutest, as root and as
 * nobody, through libxnucross and through the raw trap. The program loads
 * the test module ($XNU_SYSCTL_TEST_KO) itself and unloads it at the end.
 */
#include <limits.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#include <sys/sysctl.h>

#include "libxnucross.h"
#include "xnu_selftest.h"
#include "kselftest_harness.h"

#include "xnu_sysctl_selftest.h"

/* ---- fixture: root or nobody, libxnucross or raw ---- */

FIXTURE(meta) {
	struct sc c;
	unsigned long taint;
};

FIXTURE_VARIANT(meta) {
	int nobody;
	int lib;
};

XNU_FIXTURE_PROTOTYPES(meta);

FIXTURE_VARIANT_ADD(meta, root_lib) { .nobody = 0, .lib = 1, };
FIXTURE_VARIANT_ADD(meta, root_raw) { .nobody = 0, .lib = 0, };
FIXTURE_VARIANT_ADD(meta, nobody_lib) { .nobody = 1, .lib = 1, };
FIXTURE_VARIANT_ADD(meta, nobody_raw) { .nobody = 1, .lib = 0, };

FIXTURE_SETUP(meta)
{
	struct xnu_handshake hs;

	self->c.fd = -1;
	self->taint = xnu_taint();
	ASSERT_TRUE(emu_loaded()) {
		TH_LOG("the test module %s is not loaded", EMU_MODULE);
	}
	ASSERT_EQ(0, emu_root_set(EMU "reset", 1));
	/* No bulk OIDs or auto children left by another program. */
	ASSERT_EQ(0, emu_root_set(EMU "bulk", 0));
	self->c.lib = variant->lib;
	self->c.fd = xnu_setup_open_as(_metadata, variant->nobody);
	ASSERT_EQ(0, xnu_handshake(self->c.fd, &hs));
}

FIXTURE_TEARDOWN(meta)
{
	unsigned long taint = xnu_taint();

	if (self->c.fd >= 0)
		close(self->c.fd);
	EXPECT_EQ(0UL, (taint & ~self->taint) & XNU_TAINT_BAD);
}

#define FILL	0xa5

static int untouched(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != FILL)
			return 0;
	return 1;
}

/* {0, which} followed by the MIB of name; returns the total length. */
static size_t meta_mib(struct __test_metadata *_metadata, const struct sc *c,
		       int which, const char *name, int *mib)
{
	size_t n = CTL_MAXNAME;

	mib[0] = CTL_UNSPEC;
	mib[1] = which;
	if (!name)
		return 2;
	EXPECT_EQ(0, sc_nametomib(c, name, mib + 2, &n)) {
		TH_LOG("name2oid %s", name);
		return 2;
	}
	return n + 2;
}

TEST_F(meta, debug_0_0_enoent)
{
	int mib[2] = { CTL_UNSPEC, CTL_SYSCTL_DEBUG };
	char buf[64];
	size_t len = sizeof(buf);

	memset(buf, FILL, sizeof(buf));
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, 2, buf, &len, NULL, 0));
	EXPECT_TRUE(untouched(buf, sizeof(buf)));
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, 2, NULL, &len, NULL, 0));
	EXPECT_EQ(ENOENT, sc_name(&self->c, "sysctl.debug", NULL, &len, NULL,
				  0));
}

TEST_F(meta, name_0_1)
{
	int mib[CTL_MAXNAME + 4];
	char buf[256];
	size_t n, len;

	n = meta_mib(_metadata, &self->c, CTL_SYSCTL_NAME, EMU "i", mib);
	len = sizeof(buf);
	EXPECT_EQ(0, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	EXPECT_STREQ(EMU "i", buf);
	EXPECT_EQ(strlen(EMU "i") + 1, len);
	/* Size probe. */
	len = 0;
	EXPECT_EQ(0, sc_mib(&self->c, mib, n, NULL, &len, NULL, 0));
	EXPECT_EQ(strlen(EMU "i") + 1, len);

	/* Components after a leaf, and unknown ones, are numbers. */
	mib[n] = 7;
	len = sizeof(buf);
	EXPECT_EQ(0, sc_mib(&self->c, mib, n + 1, buf, &len, NULL, 0));
	snprintf(buf + 128, 128, EMU "i.7");
	EXPECT_STREQ(buf + 128, buf);
	mib[2] = CTL_DEBUG;
	mib[3] = 99999;
	len = sizeof(buf);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 4, buf, &len, NULL, 0));
	EXPECT_STREQ("debug.99999", buf);
	EXPECT_EQ(12U, len);
	mib[2] = 4242;
	mib[3] = -5;
	len = sizeof(buf);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 4, buf, &len, NULL, 0));
	EXPECT_STREQ("4242.-5", buf);
	mib[2] = CTL_KERN;
	len = sizeof(buf);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 3, buf, &len, NULL, 0));
	EXPECT_STREQ("kern", buf);
	/* Nothing to name: just the NUL. */
	len = sizeof(buf);
	memset(buf, FILL, sizeof(buf));
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, buf, &len, NULL, 0));
	EXPECT_EQ(1U, len);
	EXPECT_EQ('\0', buf[0]);
	/* Read-only. */
	EXPECT_EQ(EPERM, sc_mib(&self->c, mib, 3, NULL, NULL, "x", 1));
}

/* {0,1} outputs the name in pieces: a short buffer keeps what fit. */
TEST_F(meta, name_0_1_short_buffer)
{
	int mib[CTL_MAXNAME + 2];
	char buf[64];
	size_t n, len;

	n = meta_mib(_metadata, &self->c, CTL_SYSCTL_NAME, EMU "i", mib);
	memset(buf, FILL, sizeof(buf));
	len = 5;
	EXPECT_EQ(ENOMEM, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	EXPECT_EQ(5U, len);
	EXPECT_EQ(0, memcmp(buf, "debug", 5));
	EXPECT_TRUE(untouched(buf + 5, sizeof(buf) - 5));

	memset(buf, FILL, sizeof(buf));
	len = 4;
	EXPECT_EQ(ENOMEM, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	EXPECT_EQ(0U, len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));

	memset(buf, FILL, sizeof(buf));
	len = 8;
	EXPECT_EQ(ENOMEM, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	EXPECT_EQ(6U, len);
	EXPECT_EQ(0, memcmp(buf, "debug.", 6));
	EXPECT_TRUE(untouched(buf + 6, sizeof(buf) - 6));

	/* All but the NUL. */
	memset(buf, FILL, sizeof(buf));
	len = strlen(EMU "i");
	EXPECT_EQ(ENOMEM, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	EXPECT_EQ(strlen(EMU "i"), len);
	EXPECT_EQ(0, memcmp(buf, EMU "i", len));
	EXPECT_TRUE(untouched(buf + len, sizeof(buf) - len));
}

/* One {0,2} step; 0 or errno, the MIB in next[*nextlen]. */
static int next_of(const struct sc *c, const int *mib, size_t n, int *next,
		   size_t *nextlen)
{
	int q[CTL_MAXNAME + 2] = { CTL_UNSPEC, CTL_SYSCTL_NEXT };
	size_t len = CTL_MAXNAME * sizeof(int);
	int err;

	memcpy(q + 2, mib, n * sizeof(int));
	err = sc_mib(c, q, n + 2, next, &len, NULL, 0);
	*nextlen = len / sizeof(int);
	return err;
}

/* The dotted name of a MIB by {0,1}, into buf. */
static int name_of(const struct sc *c, const int *mib, size_t n, char *buf,
		   size_t buflen)
{
	int q[CTL_MAXNAME + 2] = { CTL_UNSPEC, CTL_SYSCTL_NAME };

	memcpy(q + 2, mib, n * sizeof(int));
	return sc_mib(c, q, n + 2, buf, &buflen, NULL, 0);
}

/* The leaves of debug.emutest in the order the module registers them. */
static const char *const emu_leaves[] = {
	"i", "ci", "u", "l", "q", "qs", "s", "cs", "csw", "o", "ro", "any",
	"p", "hanging", "secure", "masked", "nodescr", "reset", "sleep_ms",
	"sleepy", "sleepy_active", "sleepy_exit_ns", "unreg_sleepy",
	"unreg_active", "unreg_ns", "eagain", "eagain_left", "eagain_calls",
	"bulk", "auto_reg", "auto_unreg", "dupe_reg", "unreg_again",
	"again_active", "again_ns", "chunks", "chunks_mode", "chunks_overrun",
	"victim", "victim_unreg", "victim_busy", "rootonly", "leak",
};

TEST_F(meta, next_0_2_walk_emutest)
{
	int base[CTL_MAXNAME], cur[CTL_MAXNAME], next[CTL_MAXNAME];
	char name[256], want[256];
	size_t nbase = CTL_MAXNAME, ncur, nnext, k = 0;
	int err;

	ASSERT_EQ(0, sc_nametomib(&self->c, "debug.emutest", base, &nbase));
	memcpy(cur, base, nbase * sizeof(int));
	ncur = nbase;
	for (;;) {
		err = next_of(&self->c, cur, ncur, next, &nnext);
		if (err)
			break;
		/* Left the subtree: done. */
		if (nnext <= nbase || memcmp(next, base, nbase * sizeof(int)))
			break;
		ASSERT_GT(ARRAY_SIZE(emu_leaves), k) {
			TH_LOG("more leaves than the module has");
		}
		ASSERT_EQ(0, name_of(&self->c, next, nnext, name,
				     sizeof(name)));
		snprintf(want, sizeof(want), EMU "%s", emu_leaves[k]);
		EXPECT_STREQ(want, name);
		/* Numeric order: each step goes forward. */
		if (k)
			EXPECT_LT(cur[nbase], next[nbase]);
		memcpy(cur, next, nnext * sizeof(int));
		ncur = nnext;
		k++;
	}
	EXPECT_EQ(ARRAY_SIZE(emu_leaves), k);
}

TEST_F(meta, next_0_2_details)
{
	int mib[CTL_MAXNAME] = { 0 }, next[CTL_MAXNAME], want[CTL_MAXNAME];
	size_t n, nnext, nwant;
	int buf[CTL_MAXNAME];
	size_t len;
	int q[CTL_MAXNAME + 2] = { CTL_UNSPEC, CTL_SYSCTL_NEXT };

	/* From nothing: the first leaf is {0,0} (nodes with handlers count). */
	EXPECT_EQ(0, next_of(&self->c, mib, 0, next, &nnext));
	EXPECT_EQ(2U, nnext);
	EXPECT_EQ(CTL_UNSPEC, next[0]);
	EXPECT_EQ(CTL_SYSCTL_DEBUG, next[1]);
	mib[0] = CTL_UNSPEC;
	mib[1] = CTL_SYSCTL_NAME;
	EXPECT_EQ(0, next_of(&self->c, mib, 2, next, &nnext));
	EXPECT_EQ(2U, nnext);
	EXPECT_EQ(CTL_SYSCTL_NEXT, next[1]);

	/* From a leaf: its next sibling. */
	n = CTL_MAXNAME;
	ASSERT_EQ(0, sc_nametomib(&self->c, EMU "i", mib, &n));
	nwant = CTL_MAXNAME;
	ASSERT_EQ(0, sc_nametomib(&self->c, EMU "ci", want, &nwant));
	EXPECT_EQ(0, next_of(&self->c, mib, n, next, &nnext));
	ASSERT_EQ(nwant, nnext);
	EXPECT_EQ(0, memcmp(want, next, nnext * sizeof(int)));

	/* Over the empty node and the chain of empty nodes. */
	nwant = CTL_MAXNAME;
	ASSERT_EQ(0, sc_nametomib(&self->c, EMU "hanging", want, &nwant));
	n = CTL_MAXNAME;
	ASSERT_EQ(0, sc_nametomib(&self->c, EMU "p", mib, &n));
	EXPECT_EQ(0, next_of(&self->c, mib, n, next, &nnext));
	ASSERT_EQ(nwant, nnext);
	EXPECT_EQ(0, memcmp(want, next, nnext * sizeof(int)));
	n = CTL_MAXNAME;
	ASSERT_EQ(0, sc_nametomib(&self->c, EMU "chain", mib, &n));
	EXPECT_EQ(0, next_of(&self->c, mib, n, next, &nnext));
	ASSERT_EQ(nwant, nnext);
	EXPECT_EQ(0, memcmp(want, next, nnext * sizeof(int)));
	n = CTL_MAXNAME;
	ASSERT_EQ(0, sc_nametomib(&self->c, EMU "chain.l2.l3.l4", mib, &n));
	EXPECT_EQ(6U, n);
	EXPECT_EQ(0, next_of(&self->c, mib, n, next, &nnext));
	ASSERT_EQ(nwant, nnext);
	EXPECT_EQ(0, memcmp(want, next, nnext * sizeof(int)));

	/* An unknown number: the next leaf after where it would be. */
	mib[0] = CTL_DEBUG;
	mib[1] = 0x7fffffff;
	EXPECT_EQ(0, next_of(&self->c, mib, 2, next, &nnext));
	EXPECT_EQ(CTL_HW, next[0]);

	/* A short buffer: ENOMEM, nothing copied, *oldlenp 0. */
	n = CTL_MAXNAME;
	ASSERT_EQ(0, sc_nametomib(&self->c, EMU "i", q + 2, &n));
	memset(buf, FILL, sizeof(buf));
	len = 2 * sizeof(int);
	EXPECT_EQ(ENOMEM, sc_mib(&self->c, q, n + 2, buf, &len, NULL, 0));
	EXPECT_EQ(0U, len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));
	/* Read-only. */
	EXPECT_EQ(EPERM, sc_mib(&self->c, q, n + 2, NULL, NULL, "x", 1));
}

/* The whole tree: ends with ENOENT, every step forward, no loop. */
TEST_F(meta, next_0_2_whole_tree_terminates)
{
	int cur[CTL_MAXNAME], next[CTL_MAXNAME];
	size_t ncur = 0, nnext, steps = 0, masked = 0;
	char name[256];
	int err;

	for (;;) {
		err = next_of(&self->c, cur, ncur, next, &nnext);
		if (err)
			break;
		ASSERT_LT(steps, 200000U);
		ASSERT_LE(1U, nnext);
		ASSERT_GE((size_t)CTL_MAXNAME, nnext);
		/* Strictly after cur in depth-first numeric order. */
		if (ncur) {
			size_t i = 0;

			while (i < ncur && i < nnext && cur[i] == next[i])
				i++;
			ASSERT_TRUE(i < ncur && i < nnext &&
				    next[i] > cur[i]) {
				TH_LOG("step %zu went backwards", steps);
			}
		}
		if (!name_of(&self->c, next, nnext, name, sizeof(name)) &&
		    !strcmp(name, EMU "masked"))
			masked++;
		memcpy(cur, next, nnext * sizeof(int));
		ncur = nnext;
		steps++;
	}
	EXPECT_EQ(ENOENT, err);
	EXPECT_LT(50U, steps);
	/* MASKED only hides from the CLI: {0,2} lists it. */
	EXPECT_EQ(1U, masked);
	/* From the last leaf: ENOENT again. */
	EXPECT_EQ(ENOENT, next_of(&self->c, cur, ncur, next, &nnext));
}

TEST_F(meta, name2oid_0_3)
{
	int mib[2] = { CTL_UNSPEC, CTL_SYSCTL_NAME2OID };
	int out[CTL_MAXNAME + 1], want[CTL_MAXNAME];
	size_t len, nwant = CTL_MAXNAME;
	char *longname;

	ASSERT_EQ(0, sc_nametomib(&self->c, EMU "i", want, &nwant));
	EXPECT_EQ(3U, nwant);
	len = sizeof(out);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, out, &len, EMU "i",
			    strlen(EMU "i")));
	EXPECT_EQ(3 * sizeof(int), len);
	EXPECT_EQ(0, memcmp(out, want, len));
	/* A trailing '.' is dropped; a NUL in newlen is harmless. */
	len = sizeof(out);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, out, &len, EMU "i.",
			    strlen(EMU "i.")));
	EXPECT_EQ(3 * sizeof(int), len);
	EXPECT_EQ(0, memcmp(out, want, len));
	len = sizeof(out);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, out, &len, EMU "i",
			    sizeof(EMU "i")));
	EXPECT_EQ(3 * sizeof(int), len);
	/* Size probe. */
	len = 0;
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, NULL, &len, EMU "i",
			    strlen(EMU "i")));
	EXPECT_EQ(3 * sizeof(int), len);
	/* "" (newlen 0 is no input at all), unknown names: ENOENT. */
	len = sizeof(out);
	memset(out, FILL, sizeof(out));
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, 2, out, &len, "", 0));
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, 2, out, &len, "nope", 4));
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, 2, out, &len, EMU "i.x",
				 strlen(EMU "i.x")));
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, 2, out, &len, ".", 1));
	EXPECT_TRUE(untouched(out, sizeof(out)));
	/* Nodes resolve too. */
	len = sizeof(out);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, out, &len, "kern", 4));
	EXPECT_EQ(sizeof(int), len);
	EXPECT_EQ(CTL_KERN, out[0]);
	len = sizeof(out);
	EXPECT_EQ(0, sc_mib(&self->c, mib, 2, out, &len, "sysctl.name2oid",
			    15));
	EXPECT_EQ(2 * sizeof(int), len);
	EXPECT_EQ(CTL_SYSCTL_NAME2OID, out[1]);
	/* A short buffer: ENOMEM, nothing copied. */
	memset(out, FILL, sizeof(out));
	len = 2 * sizeof(int);
	EXPECT_EQ(ENOMEM, sc_mib(&self->c, mib, 2, out, &len, EMU "i",
				 strlen(EMU "i")));
	EXPECT_EQ(0U, len);
	EXPECT_TRUE(untouched(out, sizeof(out)));
	/* sysctlnametomib: *sizep in elements, ENOMEM when short. */
	nwant = 2;
	EXPECT_EQ(ENOMEM, sc_nametomib(&self->c, EMU "i", want, &nwant));
	/* Names of MAXPATHLEN bytes or more. */
	longname = malloc(1100);
	ASSERT_NE(NULL, longname);
	memset(longname, 'a', 1100);
	len = sizeof(out);
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, 2, out, &len, longname,
				 1023));
	EXPECT_EQ(ENAMETOOLONG, sc_mib(&self->c, mib, 2, out, &len,
				       longname, 1024));
	free(longname);
}

/* {0,4}: the 4-byte kind (flags included) then the format. */
static void check_fmt(struct __test_metadata *_metadata, const struct sc *c,
		      const char *name, unsigned int kind, const char *fmt)
{
	int mib[CTL_MAXNAME + 2];
	unsigned char buf[64];
	unsigned int got;
	size_t n, len = sizeof(buf);

	n = meta_mib(_metadata, c, CTL_SYSCTL_OIDFMT, name, mib);
	memset(buf, FILL, sizeof(buf));
	EXPECT_EQ(0, sc_mib(c, mib, n, buf, &len, NULL, 0)) {
		TH_LOG("%s", name);
		return;
	}
	memcpy(&got, buf, 4);
	EXPECT_EQ(kind | CTLFLAG_OID2, got) {
		TH_LOG("%s: kind %#x, want %#x", name, got,
		       kind | CTLFLAG_OID2);
	}
	EXPECT_STREQ(fmt, (char *)buf + 4) {
		TH_LOG("%s", name);
	}
	EXPECT_EQ(4 + strlen(fmt) + 1, len);
}

TEST_F(meta, oidfmt_0_4)
{
	int mib[CTL_MAXNAME + 2];
	unsigned char buf[64];
	unsigned int kind;
	size_t n, len;

	check_fmt(_metadata, &self->c, EMU "i", CTLTYPE_INT | CTLFLAG_RW,
		  "I");
	check_fmt(_metadata, &self->c, EMU "ci", CTLTYPE_INT | CTLFLAG_RW,
		  "I");
	check_fmt(_metadata, &self->c, EMU "u", CTLTYPE_INT | CTLFLAG_RW,
		  "IU");
	check_fmt(_metadata, &self->c, EMU "l", CTLTYPE_INT | CTLFLAG_RW,
		  "L");
	check_fmt(_metadata, &self->c, EMU "q", CTLTYPE_QUAD | CTLFLAG_RW,
		  "Q");
	check_fmt(_metadata, &self->c, EMU "s", CTLTYPE_STRING | CTLFLAG_RW,
		  "A");
	check_fmt(_metadata, &self->c, EMU "cs", CTLTYPE_STRING | CTLFLAG_RD,
		  "A");
	check_fmt(_metadata, &self->c, EMU "o", CTLTYPE_OPAQUE | CTLFLAG_RW,
		  "S,foo");
	check_fmt(_metadata, &self->c, EMU "ro", CTLTYPE_INT | CTLFLAG_RD,
		  "I");
	check_fmt(_metadata, &self->c, EMU "any",
		  CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_ANYBODY, "I");
	check_fmt(_metadata, &self->c, EMU "p", CTLTYPE_INT | CTLFLAG_RW,
		  "I");
	check_fmt(_metadata, &self->c, EMU "secure",
		  CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_SECURE, "I");
	check_fmt(_metadata, &self->c, EMU "masked",
		  CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_MASKED, "I");
	check_fmt(_metadata, &self->c, EMU "hanging", CTLFLAG_RW, "");
	check_fmt(_metadata, &self->c, EMU "sleepy",
		  CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_LOCKED, "I");
	check_fmt(_metadata, &self->c, "debug.emutest",
		  CTLTYPE_NODE | CTLFLAG_RW | CTLFLAG_LOCKED, "N");
	check_fmt(_metadata, &self->c, EMU "empty",
		  CTLTYPE_NODE | CTLFLAG_RW, "N");
	check_fmt(_metadata, &self->c, EMU "chain.l2.l3.l4",
		  CTLTYPE_NODE | CTLFLAG_RW, "N");

	/* Built-ins: type and read flag, with CTLFLAG_OID2. */
	n = meta_mib(_metadata, &self->c, CTL_SYSCTL_OIDFMT, "kern.ostype",
		     mib);
	len = sizeof(buf);
	ASSERT_EQ(0, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	memcpy(&kind, buf, 4);
	EXPECT_EQ(CTLTYPE_STRING, kind & CTLTYPE);
	EXPECT_TRUE(kind & CTLFLAG_RD);
	EXPECT_FALSE(kind & CTLFLAG_WR);
	EXPECT_TRUE(kind & CTLFLAG_OID2);
	EXPECT_STREQ("A", (char *)buf + 4);

	/* In two pieces: 4 bytes get the kind and ENOMEM. */
	n = meta_mib(_metadata, &self->c, CTL_SYSCTL_OIDFMT, EMU "o", mib);
	memset(buf, FILL, sizeof(buf));
	len = 4;
	EXPECT_EQ(ENOMEM, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	EXPECT_EQ(4U, len);
	memcpy(&kind, buf, 4);
	EXPECT_EQ(CTLTYPE_OPAQUE | CTLFLAG_RW | CTLFLAG_OID2, kind);
	EXPECT_TRUE(untouched(buf + 4, sizeof(buf) - 4));
	memset(buf, FILL, sizeof(buf));
	len = 3;
	EXPECT_EQ(ENOMEM, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	EXPECT_EQ(0U, len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));

	/* Unknown: ENOENT; after a leaf: EISDIR; read-only. */
	mib[n - 1] = 99999;
	len = sizeof(buf);
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	n = meta_mib(_metadata, &self->c, CTL_SYSCTL_OIDFMT, EMU "i", mib);
	mib[n] = 1;
	EXPECT_EQ(EISDIR, sc_mib(&self->c, mib, n + 1, buf, &len, NULL, 0));
	EXPECT_EQ(EPERM, sc_mib(&self->c, mib, n, NULL, NULL, "x", 1));
}

TEST_F(meta, oiddescr_0_5)
{
	int mib[CTL_MAXNAME + 2];
	char buf[128];
	size_t n, len;

	n = meta_mib(_metadata, &self->c, CTL_SYSCTL_OIDDESCR, EMU "p", mib);
	len = sizeof(buf);
	EXPECT_EQ(0, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	EXPECT_STREQ("an int from 0 to 100", buf);
	EXPECT_EQ(strlen(buf) + 1, len);
	n = meta_mib(_metadata, &self->c, CTL_SYSCTL_OIDDESCR,
		     "debug.emutest", mib);
	len = sizeof(buf);
	EXPECT_EQ(0, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	EXPECT_STREQ("xnucross sysctl test matrix", buf);
	/* A NULL description: ENOENT. */
	n = meta_mib(_metadata, &self->c, CTL_SYSCTL_OIDDESCR,
		     EMU "nodescr", mib);
	len = sizeof(buf);
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	/* One piece: a short buffer gets nothing. */
	n = meta_mib(_metadata, &self->c, CTL_SYSCTL_OIDDESCR, EMU "p", mib);
	memset(buf, FILL, sizeof(buf));
	len = 5;
	EXPECT_EQ(ENOMEM, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
	EXPECT_EQ(0U, len);
	EXPECT_TRUE(untouched(buf, sizeof(buf)));
	mib[n] = 3;
	len = sizeof(buf);
	EXPECT_EQ(EISDIR, sc_mib(&self->c, mib, n + 1, buf, &len, NULL, 0));
	mib[n - 1] = 99999;
	EXPECT_EQ(ENOENT, sc_mib(&self->c, mib, n, buf, &len, NULL, 0));
}

/*
 * Regression: {0,3} with newlen but no newp read its name from the
 * handler's uninitialised buffer (the last name looked up, with the slab's
 * reuse) instead of failing with ENOENT.
 */
TEST_F(meta, name2oid_newlen_without_newp)
{
	static const int q[] = { CTL_UNSPEC, CTL_SYSCTL_NAME2OID };
	/*
	 * The names the slab object holds before the call without newp. A
	 * free object keeps its freelist pointer in its middle (byte 8 of a
	 * 16-byte one), so an 8-byte name survives there whole.
	 */
	static const char *const names[] = { "kern.ostype", "hw.model" };
	int mib[CTL_MAXNAME];
	const char *name;
	size_t len;
	int i, err;

	for (i = 0; i < 16; i++) {
		name = names[i % ARRAY_SIZE(names)];
		len = sizeof(mib);
		ASSERT_EQ(0, raw_trap(self->c.fd, q, 2, 0, mib, &len, name,
				      strlen(name)));
		ASSERT_EQ(2 * sizeof(int), len);
		memset(mib, FILL, sizeof(mib));
		len = sizeof(mib);
		err = raw_trap(self->c.fd, q, 2, 0, mib, &len, NULL,
			       strlen(name));
		EXPECT_EQ(ENOENT, err) {
			TH_LOG("after %s, {0,3} with newp NULL, newlen %zu: %d, %zu bytes, {%d,%d}",
			       name, strlen(name), err, len, mib[0], mib[1]);
		}
		EXPECT_TRUE(untouched(mib, sizeof(mib)));
	}
}

XNU_SYSCTL_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl.c - xnufuzz's sysctl family: XNU_TRAP_SYSCTL with random and
 * near-valid MIBs (depth 0 to CTL_MAXNAME + 2, the meta OIDs {0,x,...}),
 * random and huge oldlen/newlen, NULL and hostile buffers, and
 * sysctlbyname with random, near-valid and known names.
 *
 * Writes: never to the OIDs that would change the test machine for the
 * rest of the run. The deny list (a write there is sent as a read):
 *   kern.maxproc {1,6}, kern.maxfiles {1,7}: the kernel's process and
 *     file limits (/proc/sys/kernel/threads-max, fs/file-max);
 *   kern.securelevel {1,9}: it can only be raised, and a raised level
 *     refuses CTLFLAG_SECURE writes to every later program;
 *   kern.hostname {1,10}: the machine's host name;
 * and by name: any name containing "kern" (the same OIDs, whatever the
 * dots and case around them).
 */
#include <string.h>

#include "xnufuzz.h"
#include "xnu_sysctl.h"

static const char *const fz_known[] = {
	"kern.ostype", "kern.osrelease", "kern.osrevision", "kern.version",
	"kern.argmax", "kern.boottime", "hw.ncpu", "hw.memsize",
	"hw.pagesize", "hw.machine", "hw.model", "hw.l2cr", "debug.sctest",
	"debug.bpf_bufsize", "net.newcat", "net.newcat.answer",
	"net.newcat.uval", "net.newcat.lval", "net.newcat.qval",
	"net.newcat.version", "vm", "sysctl", "sysctl.name2oid", "machdep",
	"user", "vfs", "debug", "hw", "kern",
};

static bool fz_denied_mib(const int *mib, uint32_t n)
{
	if (n < 2 || mib[0] != CTL_KERN)
		return false;
	return mib[1] == KERN_MAXPROC || mib[1] == KERN_MAXFILES ||
		mib[1] == KERN_SECURELVL || mib[1] == KERN_HOSTNAME;
}

static bool fz_denied_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i + 4 <= len; i++)
		if ((name[i] | 0x20) == 'k' && (name[i + 1] | 0x20) == 'e' &&
		    (name[i + 2] | 0x20) == 'r' && (name[i + 3] | 0x20) == 'n')
			return true;
	return false;
}

/* A name string at @s (room for 1100 bytes); returns its length. */
static uint32_t fz_sysctl_name(struct fz_ctx *c, char *s)
{
	const char *k = fz_known[fz_below(c, sizeof(fz_known) /
					 sizeof(fz_known[0]))];
	uint32_t len, i;

	switch (fz_below(c, 6)) {
	case 0:	/* random bytes */
		len = fz_below(c, 64);
		fz_fill(c, s, len);
		break;
	case 1:	/* very long */
		len = XNU_SYSCTL_MAXNAMELEN - 2 + fz_below(c, 5);
		memset(s, 'a', len);
		for (i = 0; i < len; i += 1 + fz_below(c, 12))
			s[i] = '.';
		break;
	case 2:	/* near-valid: a known name mutated */
		len = (uint32_t)strlen(k);
		memcpy(s, k, len);
		fz_mutate(c, s, len);
		if (fz_one_in(c, 2))
			s[len++] = '.';
		break;
	default:
		len = (uint32_t)strlen(k);
		memcpy(s, k, len);
		break;
	}
	s[len] = 0;
	/* The length passed: with or without the NUL, or off by some. */
	if (fz_one_in(c, 4))
		return len + 1;
	if (fz_one_in(c, 8))
		return fz_len(c, len);
	return len;
}

void fz_sysctl_one(struct fz_ctx *c)
{
	struct xnu_sysctl_args a;
	int mib[CTL_MAXNAME + 4];
	uint64_t *oldlenp;
	uint32_t depth, i, newlen;
	char *name = NULL;
	void *newbuf;
	bool denied;

	fz_count(c, FZ_SYSCTL);
	memset(&a, 0, sizeof(a));
	oldlenp = fz_buf(c, sizeof(*oldlenp));
	if (!oldlenp)
		return;
	*oldlenp = fz_one_in(c, 4) ? fz_u64(c) : fz_below(c, 2048);

	if (fz_one_in(c, 3)) {
		name = fz_buf(c, 1100);
		if (!name)
			return;
		a.flags = XNU_SYSCTL_BYNAME;
		a.namelen = fz_sysctl_name(c, name);
		denied = fz_denied_name(name, a.namelen < 1100 ? a.namelen : 1100);
		a.name = fz_one_in(c, 16) ? fz_ptr(c, a.namelen) :
			(uint64_t)(uintptr_t)name;
	} else {
		depth = fz_one_in(c, 8) ? fz_below(c, CTL_MAXNAME + 3) :
			1 + fz_below(c, 4);
		for (i = 0; i < depth; i++)
			mib[i] = fz_one_in(c, 4) ? (int)fz_u32(c) :
				(int)fz_below(c, i == 0 ? CTL_MAXID : 32);
		/* A real OID, or one next to it: {kern|hw|debug|net, 1..27}. */
		if (fz_one_in(c, 2) && depth >= 2) {
			static const int tops[] = { CTL_KERN, CTL_HW, CTL_DEBUG,
						    CTL_NET, CTL_VM };

			mib[0] = tops[fz_below(c, 5)];
			mib[1] = 1 + (int)fz_below(c, 27);
			if (fz_one_in(c, 2))
				depth = 2;
		}
		/* The meta OIDs: {0, 1..5, a MIB}. */
		if (fz_one_in(c, 4) && depth >= 2) {
			mib[2] = mib[0] ? mib[0] : CTL_KERN;
			mib[0] = 0;
			mib[1] = (int)fz_below(c, 7);
		}
		if (fz_one_in(c, 16))
			depth = fz_len(c, CTL_MAXNAME);
		denied = fz_denied_mib(mib, depth < CTL_MAXNAME + 4 ? depth :
				       CTL_MAXNAME + 4);
		a.namelen = depth;
		a.name = fz_one_in(c, 16) ? fz_ptr(c, depth * 4) :
			(uint64_t)(uintptr_t)mib;
		if (fz_one_in(c, 32))
			a.flags = fz_u32(c) & ~XNU_SYSCTL_BYNAME;
	}
	/* old: a buffer of *oldlenp bytes, NULL (the size query), hostile. */
	switch (fz_below(c, 4)) {
	case 0:
		a.oldp = 0;
		break;
	case 1:
		a.oldp = fz_ptr(c, 2048);
		break;
	default:
		a.oldp = (uint64_t)(uintptr_t)fz_buf(c, 2048);
		if (*oldlenp > 2048)
			*oldlenp = fz_below(c, 2049);
		break;
	}
	a.oldlenp = fz_one_in(c, 16) ? fz_ptr(c, 8) :
		fz_one_in(c, 8) ? 0 : (uint64_t)(uintptr_t)oldlenp;
	/* A hostile name pointer may still read as a denied MIB: no write. */
	if (a.name != (uint64_t)(uintptr_t)mib &&
	    a.name != (uint64_t)(uintptr_t)name)
		denied = true;
	/* new: mostly none; a write with random data otherwise. */
	if (fz_one_in(c, 3) && !denied) {
		newlen = fz_len(c, 16);
		newbuf = fz_buf(c, 64);
		a.newp = newlen <= 64 && newbuf ? (uint64_t)(uintptr_t)newbuf :
			fz_ptr(c, 64);
		a.newlen = fz_one_in(c, 16) ? fz_u64(c) : newlen;
		/* name2oid {0,3}: a name to look up */
		if (a.flags == 0 && a.namelen == 2 && mib[0] == 0 &&
		    mib[1] == 3) {
			newbuf = fz_buf(c, 1100);
			if (newbuf) {
				a.newlen = fz_sysctl_name(c, newbuf);
				a.newp = (uint64_t)(uintptr_t)newbuf;
			}
		}
	}
	fz_trap(c, XNU_TRAP_SYSCTL, &a);
}

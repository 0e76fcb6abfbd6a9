/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnu_sysctl_selftest.h - what the sysctl selftests share: loading the
 * sysctl test module (xnu_sysctl_test.ko, debug.emutest.*) around a run,
 * and the two ways a test reaches the kernel, libxnucross's sysctl(3)
 * functions or the raw XNU_TRAP_SYSCTL on a handshaken descriptor.
 */
#ifndef XNU_SYSCTL_SELFTEST_H
#define XNU_SYSCTL_SELFTEST_H

#include "xnu_kmod_selftest.h"

#define EMU_MODULE	"xnu_sysctl_test"
#define EMU		"debug.emutest."
#define EMU_SLEEPY_VALUE	4242

/* The .ko: $XNU_SYSCTL_TEST_KO, or the one the test VM installs. */
static inline void emu_ko_path(char *buf, size_t len)
{
	xnu_kmod_path(EMU_MODULE, "XNU_SYSCTL_TEST_KO", buf, len);
}

/* finit_module(2) of a .ko; 0 or errno. */
static inline int emu_finit(const char *ko)
{
	return xnu_kmod_finit(ko);
}

static inline int emu_load(void)
{
	return xnu_kmod_load(EMU_MODULE, "XNU_SYSCTL_TEST_KO");
}

/* delete_module(2) as rmmod does it; 0 or errno. */
static inline int emu_delete(const char *name)
{
	return xnu_kmod_unload(name);
}

static inline int emu_loaded(void)
{
	return xnu_kmod_loaded(EMU_MODULE);
}

/* Load the test module unless it is loaded; 0 or errno. */
static inline int emu_ensure_loaded(void)
{
	return emu_loaded() ? 0 : emu_load();
}

static pid_t emu_main_pid;
static int emu_was_loaded;

/* Leave the test module as the program found it. */
static inline void emu_restore(void)
{
	if (getpid() != emu_main_pid)
		return;
	if (emu_was_loaded && !emu_loaded())
		emu_load();
	else if (!emu_was_loaded && emu_loaded())
		emu_delete(EMU_MODULE);
}

/* A raw XNU_TRAP_SYSCTL on a handshaken fd; 0 or errno. */
static inline int raw_trap(int fd, const void *name,
			   unsigned int namelen, unsigned int flags,
			   void *oldp, size_t *oldlenp, const void *newp,
			   size_t newlen)
{
	struct xnu_sysctl_args a = {
		.name = (uintptr_t)name,
		.oldp = (uintptr_t)oldp,
		.oldlenp = (uintptr_t)oldlenp,
		.newp = (uintptr_t)newp,
		.newlen = newlen,
		.namelen = namelen,
		.flags = flags,
	};

	return xnu_ioctl_err(fd, XNU_TRAP_SYSCTL, &a);
}

/* How a test reaches the kernel: libxnucross, or the raw trap on fd. */
struct sc {
	int lib;
	int fd;
};

/* 0 when a libxnucross call returned 0, errno when it returned -1. */
static inline int lib_err(int ret)
{
	if (ret == 0)
		return 0;
	if (ret != -1)
		return -1000 - ret;	/* never an errno: the test fails */
	return errno;
}

static inline int sc_mib(const struct sc *c, const int *name,
			 unsigned int namelen, void *oldp, size_t *oldlenp,
			 const void *newp, size_t newlen)
{
	if (c->lib)
		return lib_err(sysctl((int *)name, namelen, oldp, oldlenp,
				      (void *)newp, newlen));
	return raw_trap(c->fd, name, namelen, 0, oldp, oldlenp, newp,
			newlen);
}

static inline int sc_name(const struct sc *c, const char *name,
			  void *oldp, size_t *oldlenp, const void *newp,
			  size_t newlen)
{
	if (c->lib)
		return lib_err(sysctlbyname(name, oldp, oldlenp, (void *)newp,
					    newlen));
	return raw_trap(c->fd, name, strlen(name), XNU_SYSCTL_BYNAME, oldp,
			oldlenp, newp, newlen);
}

/* The MIB of a name: sysctlnametomib(), or {0,3} by hand; 0 or errno. */
static inline int sc_nametomib(const struct sc *c, const char *name,
			       int *mib, size_t *miblen)
{
	static const int name2oid[] = { CTL_UNSPEC, CTL_SYSCTL_NAME2OID };
	size_t len = *miblen * sizeof(int);
	int err;

	if (c->lib)
		return lib_err(sysctlnametomib(name, mib, miblen));
	err = raw_trap(c->fd, name2oid, 2, 0, mib, &len, name, strlen(name));
	if (!err || err == ENOMEM)
		*miblen = len / sizeof(int);
	return err;
}

/* Open /dev/xnucross and handshake, for a root-side helper; or -1. */
static inline int sc_open(struct sc *c, int lib)
{
	c->lib = lib;
	c->fd = xnu_open_handshaken();
	return c->fd;
}

/* Read an int by name; 0 or errno. */
static inline int sc_get_int(const struct sc *c, const char *name,
			     int *val)
{
	size_t len = sizeof(*val);
	int err = sc_name(c, name, val, &len, NULL, 0);

	if (!err && len != sizeof(*val))
		return -1;
	return err;
}

/* Write an int by name; 0 or errno. */
static inline int sc_set_int(const struct sc *c, const char *name, int val)
{
	return sc_name(c, name, NULL, NULL, &val, sizeof(val));
}

/* Write an int by name as root, on a fresh raw fd; 0 or errno. */
static inline int emu_root_set(const char *name, int val)
{
	struct sc c;
	int err;

	if (sc_open(&c, 0) < 0)
		return errno;
	err = sc_set_int(&c, name, val);
	close(c.fd);
	return err;
}

/* An int read by name, or INT_MIN when the read fails. */
static inline int get_int_or(const struct sc *c, const char *name)
{
	int val;

	if (sc_get_int(c, name, &val))
		return INT_MIN;
	return val;
}

/*
 * XNU_SYSCTL_HARNESS_MAIN - as TEST_HARNESS_MAIN, with the test module
 * loaded around the run (and left as the program found it).
 */
#define XNU_SYSCTL_HARNESS_MAIN \
static void __attribute__((constructor)) __constructor_order_last(void) \
{ \
	if (!__constructor_order) \
		__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD; \
} \
 \
int main(int argc, char **argv) \
{ \
	char ko[PATH_MAX]; \
	int err; \
 \
	emu_main_pid = getpid(); \
	emu_was_loaded = emu_loaded(); \
	if (!emu_was_loaded) { \
		err = emu_load(); \
		if (err) { \
			emu_ko_path(ko, sizeof(ko)); \
			ksft_print_msg("cannot load %s: %s\n", ko, \
				       strerror(err)); \
		} \
	} \
	atexit(emu_restore); \
	return test_harness_run(argc, argv); \
}


/*
 * The fixtures whose tests run four ways: as root and as nobody, each
 * through libxnucross and through the raw trap. EMU_FIXTURE_VARIANTS(f)
 * declares the variants of fixture f (whose variant has nobody and lib).
 */
#define EMU_FIXTURE_VARIANTS(f)						\
	FIXTURE_VARIANT_ADD(f, root_lib) { .nobody = 0, .lib = 1, };	\
	FIXTURE_VARIANT_ADD(f, root_raw) { .nobody = 0, .lib = 0, };	\
	FIXTURE_VARIANT_ADD(f, nobody_lib) { .nobody = 1, .lib = 1, };	\
	FIXTURE_VARIANT_ADD(f, nobody_raw) { .nobody = 1, .lib = 0, }

/*
 * Their setup: the test module at its defaults (and, with clear_bulk, no
 * bulk OIDs or auto children left by another program), the kernel's taint
 * noted, then as root or nobody a handshaken descriptor in c.
 */
static inline void emu_fixture_setup(struct __test_metadata *_metadata,
				     struct sc *c, unsigned long *taint,
				     int nobody, int lib, int clear_bulk)
{
	struct xnu_handshake hs;

	c->fd = -1;
	*taint = xnu_taint();
	ASSERT_TRUE(emu_loaded()) {
		TH_LOG("the test module %s is not loaded", EMU_MODULE);
	}
	/* Every test starts from the module's defaults. */
	ASSERT_EQ(0, emu_root_set(EMU "reset", 1));
	if (clear_bulk)
		ASSERT_EQ(0, emu_root_set(EMU "bulk", 0));
	c->lib = lib;
	c->fd = xnu_setup_open_as(_metadata, nobody);
	ASSERT_EQ(0, xnu_handshake(c->fd, &hs));
}

/* Their teardown: close, and fail if the kernel oopsed or warned. */
static inline void emu_fixture_teardown(struct __test_metadata *_metadata,
					struct sc *c, unsigned long taint0)
{
	unsigned long taint = xnu_taint();

	if (c->fd >= 0)
		close(c->fd);
	EXPECT_EQ(0UL, (taint & ~taint0) & XNU_TAINT_BAD) {
		TH_LOG("kernel taint went from %#lx to %#lx", taint0, taint);
	}
}

#endif /* XNU_SYSCTL_SELFTEST_H */

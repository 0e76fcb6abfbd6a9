// SPDX-License-Identifier: GPL-2.0
/*
 * installed_test.c - a user's own program, built against the *installed*
 * libxnucross (headers and shared library found with pkg-config, see the
 * Makefile's installcheck target) and run in the test VM through
 * 'xnuvm --add'. Checks that it really uses the installed shared library and
 * reaches the module through it.
 */
#include <errno.h>
#include <limits.h>
#include <link.h>
#include <string.h>

#include <libxnucross.h>

#include "kselftest_harness.h"

#ifndef INSTALLED_LIBDIR
#error "build with -DINSTALLED_LIBDIR=\"<libdir of the installed tree>\""
#endif

static int find_lib(struct dl_phdr_info *info, size_t size, void *data)
{
	char *where = data;

	if (strstr(info->dlpi_name, "/libxnucross.so.1")) {
		strncpy(where, info->dlpi_name, PATH_MAX - 1);
		return 1;
	}
	return 0;
}

TEST(uses_installed_shared_library)
{
	char where[PATH_MAX] = "";

	ASSERT_EQ(1, dl_iterate_phdr(find_lib, where));
	EXPECT_EQ(0, strncmp(where, INSTALLED_LIBDIR "/",
			     strlen(INSTALLED_LIBDIR) + 1)) {
		TH_LOG("libxnucross.so.1 loaded from %s", where);
	}
}

TEST(reaches_module_through_library)
{
	struct xnucross_info info;

	ASSERT_EQ(0, xnucross_info(&info)) {
		TH_LOG("%s", xnucross_strerror());
	}
	EXPECT_EQ((uint32_t)XNU_API_VERSION, info.kernel_api);
	EXPECT_EQ((uint32_t)XNU_API_VERSION, info.user_api);
	EXPECT_NE(0ULL, info.features & XNU_FEAT_TRAPS);
	EXPECT_EQ(0, xnucross_trap(XNU_TRAP_NULL, NULL));
}

TEST(unknown_trap_through_library)
{
	EXPECT_EQ(-1, xnucross_trap(XNU_IO(XNU_TRAP_GROUP, 0xfe), NULL));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_HARNESS_MAIN

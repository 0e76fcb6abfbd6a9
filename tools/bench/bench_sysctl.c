// SPDX-License-Identifier: GPL-2.0
/*
 * bench_sysctl.c - xnubench's sysctl rows: a read by MIB and by name
 * through libxnucross (one crossing each), the open+read+close of a
 * /proc/sys file that Linux programs use instead, and sysctlbyname with 10
 * and with 10,000 sibling OIDs registered (the test module's
 * debug.emutest.bulk knob), to show lookups do not grow with the tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <unistd.h>

#include "xnubench.h"

#define PROCSYS_OSTYPE	"/proc/sys/kernel/ostype"
#define TEST_MODULE	"xnu_sysctl_test"

/* Whether this run loaded the test module (and so unloads it). */
static int loaded_test_module;

static int read_int_mib(const char *what, int *mib, unsigned int len)
{
	size_t sz = sizeof(int);
	int val;

	if (sysctl(mib, len, &val, &sz, NULL, 0) < 0) {
		fprintf(stderr, "xnubench: sysctl %s: %s\n", what,
			strerror(errno));
		return -1;
	}
	return 0;
}

int sysctl_mib_setup(struct bench *b)
{
	int mib[2] = { CTL_HW, HW_NCPU };

	snprintf(b->note, sizeof(b->note),
		 "sysctl({CTL_HW, HW_NCPU}): one XNU_TRAP_SYSCTL, 4 bytes out");
	return read_int_mib("hw.ncpu", mib, 2);
}

int sysctl_mib_run(struct bench *b, uint64_t iters)
{
	int mib[2] = { CTL_HW, HW_NCPU };
	uint64_t i;

	for (i = 0; i < iters; i++)
		if (read_int_mib("hw.ncpu", mib, 2))
			return -1;
	return 0;
}

static int read_int_name(const char *name)
{
	size_t sz = sizeof(int);
	int val;

	if (sysctlbyname(name, &val, &sz, NULL, 0) < 0) {
		fprintf(stderr, "xnubench: sysctlbyname %s: %s\n", name,
			strerror(errno));
		return -1;
	}
	return 0;
}

int sysctl_name_setup(struct bench *b)
{
	snprintf(b->note, sizeof(b->note),
		 "sysctlbyname(\"hw.ncpu\"): name resolved in the kernel");
	return read_int_name("hw.ncpu");
}

int sysctl_name_run(struct bench *b, uint64_t iters)
{
	uint64_t i;

	for (i = 0; i < iters; i++)
		if (read_int_name("hw.ncpu"))
			return -1;
	return 0;
}

static int procsys_read(void)
{
	char buf[64];
	ssize_t n;
	int fd;

	fd = open(PROCSYS_OSTYPE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n > 0 ? 0 : -1;
}

int procsys_setup(struct bench *b)
{
	snprintf(b->note, sizeof(b->note),
		 "open+read+close of " PROCSYS_OSTYPE ", Linux's way");
	if (procsys_read()) {
		fprintf(stderr, "xnubench: %s: %s\n", PROCSYS_OSTYPE,
			strerror(errno));
		return -1;
	}
	return 0;
}

int procsys_run(struct bench *b, uint64_t iters)
{
	uint64_t i;

	for (i = 0; i < iters; i++)
		if (procsys_read())
			return -1;
	return 0;
}

/* ---- 10 vs 10,000 OIDs: the test module's bulk registration ---- */

static int test_module_load(void)
{
	char why[192];

	if (!bench_module_load(TEST_MODULE, &loaded_test_module, why,
			       sizeof(why)))
		return 0;
	fprintf(stderr, "xnubench: %s\n", why);
	return -1;
}

static int set_bulk(int n)
{
	if (sysctlbyname("debug.emutest.bulk", NULL, NULL, &n,
			 sizeof(n)) < 0) {
		fprintf(stderr, "xnubench: debug.emutest.bulk=%d: %s\n", n,
			strerror(errno));
		return -1;
	}
	return 0;
}

static int bulk_setup(struct bench *b, int n)
{
	/* The OID looked up: in the middle of the n siblings. */
	static char name[2][64];
	char *target = name[n > 10];

	if (test_module_load() || set_bulk(n))
		return -1;
	snprintf(target, sizeof(name[0]), "debug.emutest.bulk_node.o%d",
		 n / 2);
	b->buf[0] = target;
	snprintf(b->note, sizeof(b->note),
		 "sysctlbyname(\"%s\") with %d siblings", target, n);
	return read_int_name(target);
}

int sysctl_bulk10_setup(struct bench *b)
{
	return bulk_setup(b, 10);
}

int sysctl_bulk10000_setup(struct bench *b)
{
	return bulk_setup(b, 10000);
}

int sysctl_bulk_run(struct bench *b, uint64_t iters)
{
	uint64_t i;

	for (i = 0; i < iters; i++)
		if (read_int_name(b->buf[0]))
			return -1;
	return 0;
}

void sysctl_bulk_teardown(struct bench *b)
{
	set_bulk(0);
	b->buf[0] = NULL;
	bench_module_unload(TEST_MODULE, &loaded_test_module);
}

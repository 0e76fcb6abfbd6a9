/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnu_wired_selftest.h - what the wired-memory selftests (wire_test,
 * ring_test, stress_kill_test) share: the sample module
 * xnu_sample_ring.ko (loaded on demand, left as the program found it: it
 * pins xnucross), its consumer's pause switch, its checksum, and the
 * module's count of pinned pages.
 *
 * Include it instead of xnu_mach_selftest.h (it includes it).
 */
#ifndef XNU_WIRED_SELFTEST_H
#define XNU_WIRED_SELFTEST_H

#include "xnu_mach_selftest.h"
#include "xnu_kmod_selftest.h"

#include <xnucross/wire.h>

#include "../kmod/samples/xnu_sample_ring.h"

static inline int sample_loaded(void)
{
	return xnu_kmod_loaded(XNU_SAMPLE_RING_MODULE);
}

/* Load the sample module unless it is loaded; 0 or errno. */
static inline int sample_load(void)
{
	int err;

	if (sample_loaded())
		return 0;
	err = xnu_kmod_load(XNU_SAMPLE_RING_MODULE, NULL);
	return err == EEXIST ? 0 : err;
}

/* Leave the sample module as the program found it. */
static void __attribute__((constructor)) sample_note(void)
{
	xnu_kmod_keep(XNU_SAMPLE_RING_MODULE);
}

#define PARAM_PAUSED	"/sys/module/" XNU_SAMPLE_RING_MODULE "/parameters/paused"

/* Pause (1) or resume (0) the sample's consumer; 0 or errno. */
static inline int set_paused(int on)
{
	int fd = open(PARAM_PAUSED, O_WRONLY | O_CLOEXEC);
	int ok;

	if (fd < 0)
		return errno;
	ok = write(fd, on ? "1" : "0", 1) == 1;
	close(fd);
	return ok ? 0 : EIO;
}

/* The sample's checksum (kmod/samples/xnu_sample_ring.c), little-endian. */
static inline uint32_t csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t s = 0, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		s += w;
	}
	if (i < len) {
		w = 0;
		memcpy(&w, p + i, len - i);
		s += w;
	}
	return (uint32_t)(s ^ (s >> 32));
}

/* The module's count of pinned pages, or ~0 on error. */
static inline uint64_t pinned(void)
{
	struct xnu_vm_wire_info info;

	if (xnucross_vm_wire_info(&info) != KERN_SUCCESS)
		return ~0ULL;
	return info.pinned_pages;
}

/* Wait (up to 5 s) for the pinned count to come back to @want. */
static inline uint64_t pinned_settles(uint64_t want)
{
	uint64_t now = pinned();
	int i;

	for (i = 0; i < 500 && now != want; i++) {
		mt_sleep_ms(10);
		now = pinned();
	}
	return now;
}

#endif /* XNU_WIRED_SELFTEST_H */

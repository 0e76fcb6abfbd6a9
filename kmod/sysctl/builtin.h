/* SPDX-License-Identifier: GPL-2.0 */
/*
 * builtin.h - what the files of the built-in tree (builtin*.c) share: each
 * kern.*, hw.* and debug.* file lists its OIDs in registration order, and
 * builtin.c registers the lists in turn and unregisters them in reverse.
 */
#ifndef XNU_SYSCTL_BUILTIN_H
#define XNU_SYSCTL_BUILTIN_H

#include <linux/types.h>

#include <sys/sysctl.h>

/**
 * struct xnu_builtin_set - the OIDs of one builtin_*.c file
 * @name:	the subtree, for log lines ("kern", "hw", "debug")
 * @oids:	the OIDs, parents before children, in registration order
 * @count:	number of entries in @oids
 */
struct xnu_builtin_set {
	const char *name;
	struct sysctl_oid *const *oids;
	size_t count;
};

/* builtin_kern.c: kern.ostype ... kern.boottime, kern.securelevel. */
extern const struct xnu_builtin_set xnu_builtin_kern;

/* builtin_hw.c: hw.machine ... hw.cpufrequency and their *_compat ints. */
extern const struct xnu_builtin_set xnu_builtin_hw;

/* builtin_debug.c: debug.bpf_bufsize. */
extern const struct xnu_builtin_set xnu_builtin_debug;

#endif /* XNU_SYSCTL_BUILTIN_H */

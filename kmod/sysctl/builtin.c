// SPDX-License-Identifier: GPL-2.0
/*
 * builtin.c - registration of the built-in tree: the kern.*, hw.* and
 * debug.* leaves of builtin_kern.c, builtin_hw.c and builtin_debug.c, in
 * order at init (after the core has registered the top-level nodes) and in
 * reverse at exit. Each registration is checked by resolving the OID's
 * dotted name, since sysctl_register_oid() returns nothing.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "sysctl_internal.h"
#include "builtin.h"

static const struct xnu_builtin_set *const xnu_builtin_sets[] = {
	&xnu_builtin_kern,
	&xnu_builtin_hw,
	&xnu_builtin_debug,
};

/*
 * Every built-in OID is a child of a top-level node, so it must now resolve
 * as "<set>.<name>" to a two-component MIB ending in its number (the number
 * the core assigned, for OID_AUTO).
 */
static int xnu_builtin_check(const struct xnu_builtin_set *set,
			     const struct sysctl_oid *oidp)
{
	char name[64];
	int mib[CTL_MAXNAME];
	int len, n;

	len = snprintf(name, sizeof(name), "%s.%s", set->name, oidp->oid_name);
	if (len < 0 || len >= (int)sizeof(name))
		return -ENAMETOOLONG;
	n = xnu_sysctl_name2oid(name, len, mib);
	if (n != 2 || (oidp->oid_number != OID_AUTO &&
		       mib[1] != oidp->oid_number)) {
		pr_err("built-in sysctl %s was not registered as %d\n", name,
		       oidp->oid_number);
		return -EEXIST;
	}
	return 0;
}

static void xnu_builtin_unwind(size_t nset, size_t noid)
{
	const struct xnu_builtin_set *set;

	while (nset || noid) {
		if (!noid) {
			set = xnu_builtin_sets[--nset];
			noid = set->count;
			continue;
		}
		set = xnu_builtin_sets[nset];
		sysctl_unregister_oid(set->oids[--noid]);
	}
}

/**
 * xnu_sysctl_builtin_init() - register the built-in kern, hw and debug leaves
 *
 * Called once the top-level nodes exist. On failure, whatever was registered
 * is unregistered again.
 *
 * Return: 0, or -EEXIST if an OID could not be registered under its name
 * and number.
 */
int xnu_sysctl_builtin_init(void)
{
	const struct xnu_builtin_set *set;
	size_t i, j;
	int ret;

	for (i = 0; i < ARRAY_SIZE(xnu_builtin_sets); i++) {
		set = xnu_builtin_sets[i];
		for (j = 0; j < set->count; j++) {
			sysctl_register_oid(set->oids[j]);
			ret = xnu_builtin_check(set, set->oids[j]);
			if (ret) {
				/* A refused OID is not in the tree: skip it. */
				xnu_builtin_unwind(i, j);
				return ret;
			}
		}
	}
	return 0;
}

/**
 * xnu_sysctl_builtin_exit() - unregister the built-in leaves, last first
 */
void xnu_sysctl_builtin_exit(void)
{
	xnu_builtin_unwind(ARRAY_SIZE(xnu_builtin_sets), 0);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * init.c - bringing the sysctl subsystem up and down, in order: the tree
 * and its top-level nodes, the meta-OIDs, the built-in OIDs, then the
 * generic netlink control plane; down in reverse.
 */
#include "sysctl_internal.h"

int xnu_sysctl_init(void)
{
	int ret;

	ret = xnu_sysctl_tree_init();
	if (ret)
		return ret;
	ret = xnu_sysctl_meta_init();
	if (ret)
		goto err_tree;
	ret = xnu_sysctl_builtin_init();
	if (ret)
		goto err_meta;
	ret = xnu_sysctl_genl_init();
	if (ret)
		goto err_builtin;
	return 0;

err_builtin:
	xnu_sysctl_builtin_exit();
err_meta:
	xnu_sysctl_meta_exit();
err_tree:
	xnu_sysctl_tree_exit();
	return ret;
}

void xnu_sysctl_exit(void)
{
	xnu_sysctl_genl_exit();
	xnu_sysctl_builtin_exit();
	xnu_sysctl_meta_exit();
	xnu_sysctl_tree_exit();
}

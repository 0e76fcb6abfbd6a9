// SPDX-License-Identifier: GPL-2.0
/*
 * init.c - start and stop of the Mach IPC subsystem: the object caches and
 * each part in dependency order.
 */
#include <linux/slab.h>

#include "mach_internal.h"

struct kmem_cache *xnu_port_cache;
struct kmem_cache *xnu_entry_cache;

/**
 * xnu_mach_init() - start Mach IPC
 *
 * Return: 0, or a negative errno with nothing left behind.
 */
int xnu_mach_init(void)
{
	int ret;

	xnu_port_cache = KMEM_CACHE(xnu_port, SLAB_ACCOUNT);
	xnu_entry_cache = KMEM_CACHE(xnu_entry, SLAB_ACCOUNT);
	if (!xnu_port_cache || !xnu_entry_cache) {
		ret = -ENOMEM;
		goto out_caches;
	}
	ret = xnu_ool_init();
	if (ret)
		goto out_caches;
	ret = xnu_kobject_init();
	if (ret)
		goto out_ool;
	ret = xnu_task_init();
	if (ret)
		goto out_kobject;
	ret = xnu_bootstrap_init();
	if (ret)
		goto out_task;
	ret = xnu_host_init();
	if (ret)
		goto out_bootstrap;
	ret = xnu_clock_init();
	if (ret)
		goto out_host;
	ret = xnu_thread_init();
	if (ret)
		goto out_clock;
	ret = xnu_mach_genl_init();
	if (ret)
		goto out_thread;
	return 0;

out_thread:
	xnu_thread_exit();
out_clock:
	xnu_clock_exit();
out_host:
	xnu_host_exit();
out_bootstrap:
	xnu_bootstrap_exit();
out_task:
	xnu_task_exit();
out_kobject:
	xnu_kobject_exit();
out_ool:
	xnu_ool_exit();
out_caches:
	kmem_cache_destroy(xnu_entry_cache);
	kmem_cache_destroy(xnu_port_cache);
	return ret;
}

/**
 * xnu_mach_exit() - stop Mach IPC
 *
 * Runs when no file is open (each holds a module reference) and no module
 * using the kernel API is loaded, so no task and no foreign kobject is
 * left; ports freed by RCU are waited for before their cache goes.
 */
void xnu_mach_exit(void)
{
	xnu_mach_genl_exit();
	xnu_thread_exit();
	xnu_clock_exit();
	xnu_host_exit();
	xnu_bootstrap_exit();
	xnu_task_exit();
	xnu_kobject_exit();
	xnu_ool_exit();
	rcu_barrier();
	kmem_cache_destroy(xnu_entry_cache);
	kmem_cache_destroy(xnu_port_cache);
}

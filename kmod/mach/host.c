// SPDX-License-Identifier: GPL-2.0
/*
 * host.c - the host port: a kernel object ("host", XNU's IKOT_HOST) that
 * mach_host_self() names, serving the mach_host subsystem (200) as far as
 * xnucross has it: host_get_clock_service() (206, in clock.c), compiled
 * by xmig from kmod/mach/defs/mach_host.defs.
 */
#include <linux/err.h>

#include "mach_internal.h"
#include "mig_kern.h"
#include "mach_host_server.h"

/* struct xnu_host - the one host (nothing in it yet but its port). */
struct xnu_host {
	ipc_port_t port;
};

static struct xnu_host xnu_host;

static const struct xnu_mig_subsystem *const xnu_host_subsystems[] = {
	&mach_host_subsystem,
	NULL
};

static struct xnu_kobject_type xnu_host_kotype = {
	.name = "host",
	.subsystems = xnu_host_subsystems,
	.owner = THIS_MODULE,
	.flags = XNU_KOBJECT_F_KERNEL_MIG,
};

/**
 * xnu_convert_port_to_host() - the host behind a port
 * @port: the port a host request was sent to
 *
 * Return: the host, or NULL when @port is not the host port.
 */
xnu_host_t xnu_convert_port_to_host(ipc_port_t port)
{
	return xnu_kobject_get(port, &xnu_host_kotype);
}

/**
 * xnu_host_port() - the host port
 *
 * Return: the port (the kernel keeps its receive right while the module
 * is loaded); the caller makes the send right it gives.
 */
struct xnu_port *xnu_host_port(void)
{
	return xnu_host.port;
}

/**
 * xnu_host_init() - make the host port
 *
 * Return: 0 or a negative errno, nothing left behind.
 */
int xnu_host_init(void)
{
	ipc_port_t port;
	int ret;

	ret = xnu_kobject_type_register(&xnu_host_kotype);
	if (ret)
		return ret;
	port = xnu_kobject_port_alloc(&xnu_host_kotype, &xnu_host);
	if (IS_ERR_OR_NULL(port)) {
		xnu_kobject_type_unregister(&xnu_host_kotype);
		return -ENOMEM;
	}
	xnu_host.port = port;
	return 0;
}

/**
 * xnu_host_exit() - destroy the host port
 */
void xnu_host_exit(void)
{
	xnu_kobject_port_destroy(xnu_host.port);
	xnu_host.port = NULL;
	xnu_kobject_type_unregister(&xnu_host_kotype);
}

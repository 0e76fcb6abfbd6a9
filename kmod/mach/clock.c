// SPDX-License-Identifier: GPL-2.0
/*
 * clock.c - Mach clocks: the kernel objects behind clock_get_time() and
 * clock_get_attributes() (the clock subsystem, 1000, compiled by xmig from
 * kmod/mach/defs/clock.defs), and host_get_clock_service() giving their
 * ports. SYSTEM_CLOCK is the uptime (CLOCK_MONOTONIC), CALENDAR_CLOCK the
 * wall clock (CLOCK_REALTIME), with XNU's resolutions and errors.
 * clock_alarm() (1002) is not served: MIG_BAD_ID.
 */
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/nospec.h>
#include <linux/timekeeping.h>

#include "mach_internal.h"
#include "mig_kern.h"
#include "clock_server.h"
#include "mach_host_server.h"

/* XNU's resolution of both clocks, in nanoseconds (NSEC_PER_SEC / 100). */
#define XNU_CLOCK_RES		((int)(NSEC_PER_SEC / 100))

/**
 * struct xnu_clock - one Mach clock
 * @id:		SYSTEM_CLOCK or CALENDAR_CLOCK
 * @port:	its kernel object port (the kernel holds the receive right)
 */
struct xnu_clock {
	clock_id_t id;
	ipc_port_t port;
};

static struct xnu_clock xnu_clocks[] = {
	{ .id = SYSTEM_CLOCK },
	{ .id = CALENDAR_CLOCK },
};

static const struct xnu_mig_subsystem *const xnu_clock_subsystems[] = {
	&clock_subsystem,
	NULL
};

static struct xnu_kobject_type xnu_clock_kotype = {
	.name = "clock",
	.subsystems = xnu_clock_subsystems,
	.owner = THIS_MODULE,
	.flags = XNU_KOBJECT_F_KERNEL_MIG,
};

/**
 * xnu_convert_port_to_clock() - the clock behind a port
 * @port: the port a clock request was sent to
 *
 * Return: the clock, or NULL when @port is not a clock port.
 */
xnu_clock_t xnu_convert_port_to_clock(ipc_port_t port)
{
	return xnu_kobject_get(port, &xnu_clock_kotype);
}

/**
 * xnu_clock_get_time() - clock_get_time(): the time of a clock
 * @clock:	the clock (NULL for a port of another kind)
 * @cur_time:	out: seconds and nanoseconds
 *
 * Return: KERN_SUCCESS, or KERN_INVALID_ARGUMENT without a clock.
 */
kern_return_t xnu_clock_get_time(xnu_clock_t clock, mach_timespec_t *cur_time)
{
	struct timespec64 ts;

	if (!clock)
		return KERN_INVALID_ARGUMENT;
	if (clock->id == SYSTEM_CLOCK)
		ktime_get_ts64(&ts);
	else
		ktime_get_real_ts64(&ts);
	cur_time->tv_sec = (unsigned int)ts.tv_sec;
	cur_time->tv_nsec = (clock_res_t)ts.tv_nsec;
	return KERN_SUCCESS;
}

/**
 * xnu_clock_get_attributes() - clock_get_attributes(): one attribute
 * @clock:	the clock (NULL for a port of another kind)
 * @flavor:	CLOCK_GET_TIME_RES or CLOCK_ALARM_CURRES/MINRES/MAXRES
 * @attr:	out: the value
 * @count:	in: room in @attr (at most 1 after MIG's clamp); must be 1
 *
 * As XNU's rtclock and calendar clock operations: the time resolution of
 * both clocks is 10 ms; the system clock's alarm resolutions are the same,
 * the calendar clock has no alarms (0).
 *
 * Return: KERN_SUCCESS, KERN_INVALID_ARGUMENT (no clock), KERN_FAILURE
 * (@count is not 1) or KERN_INVALID_VALUE (unknown @flavor).
 */
kern_return_t xnu_clock_get_attributes(xnu_clock_t clock,
				       clock_flavor_t flavor,
				       clock_attr_t attr,
				       mach_msg_type_number_t *count)
{
	if (!clock)
		return KERN_INVALID_ARGUMENT;
	if (*count != 1)
		return KERN_FAILURE;
	switch (flavor) {
	case CLOCK_GET_TIME_RES:
		*attr = XNU_CLOCK_RES;
		return KERN_SUCCESS;
	case CLOCK_ALARM_CURRES:
	case CLOCK_ALARM_MINRES:
	case CLOCK_ALARM_MAXRES:
		*attr = clock->id == SYSTEM_CLOCK ? XNU_CLOCK_RES : 0;
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_VALUE;
	}
}

/**
 * xnu_host_get_clock_service() - host_get_clock_service(): a clock's port
 * @host:	the host (NULL for a port of another kind)
 * @id:		SYSTEM_CLOCK or CALENDAR_CLOCK
 * @clock_serv:	out: a send right to the clock's port
 *
 * Return: KERN_SUCCESS, KERN_INVALID_ARGUMENT (no host, @id out of range)
 * or KERN_RESOURCE_SHORTAGE (the port is gone, while unloading).
 */
kern_return_t xnu_host_get_clock_service(xnu_host_t host, clock_id_t id,
					 ipc_port_t *clock_serv)
{
	ipc_port_t port;

	if (!host || id < 0 || id >= (clock_id_t)ARRAY_SIZE(xnu_clocks))
		return KERN_INVALID_ARGUMENT;
	id = array_index_nospec(id, (clock_id_t)ARRAY_SIZE(xnu_clocks));
	port = xnu_port_make_send(xnu_clocks[id].port);
	if (!port)
		return KERN_RESOURCE_SHORTAGE;
	*clock_serv = port;
	return KERN_SUCCESS;
}

/**
 * xnu_clock_init() - make the clock ports
 *
 * Return: 0 or a negative errno, nothing left behind.
 */
int xnu_clock_init(void)
{
	unsigned int i;
	ipc_port_t port;
	int ret;

	ret = xnu_kobject_type_register(&xnu_clock_kotype);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(xnu_clocks); i++) {
		port = xnu_kobject_port_alloc(&xnu_clock_kotype, &xnu_clocks[i]);
		if (IS_ERR_OR_NULL(port)) {
			xnu_clock_exit();
			return -ENOMEM;
		}
		xnu_clocks[i].port = port;
	}
	return 0;
}

/**
 * xnu_clock_exit() - destroy the clock ports
 *
 * Send rights left in spaces become dead names.
 */
void xnu_clock_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xnu_clocks); i++) {
		if (xnu_clocks[i].port)
			xnu_kobject_port_destroy(xnu_clocks[i].port);
		xnu_clocks[i].port = NULL;
	}
	xnu_kobject_type_unregister(&xnu_clock_kotype);
}

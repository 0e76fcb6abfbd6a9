/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/task_special_ports.h - the task special port numbers
 * (xnu_mach_types.h) and Darwin's task_get_*_port()/task_set_*_port()
 * shorthands for task_get_special_port()/task_set_special_port().
 */
#ifndef _XNUCROSS_MACH_TASK_SPECIAL_PORTS_H_
#define _XNUCROSS_MACH_TASK_SPECIAL_PORTS_H_

#include "xnu_mach_types.h"

#define TASK_SEATBELT_PORT	7	/* obsolete */
#define TASK_GSSD_PORT		8	/* obsolete */

#define task_get_kernel_port(task, port) \
	(task_get_special_port((task), TASK_KERNEL_PORT, (port)))
#define task_set_kernel_port(task, port) \
	(task_set_special_port((task), TASK_KERNEL_PORT, (port)))
#define task_get_host_port(task, port) \
	(task_get_special_port((task), TASK_HOST_PORT, (port)))
#define task_set_host_port(task, port) \
	(task_set_special_port((task), TASK_HOST_PORT, (port)))
#define task_get_bootstrap_port(task, port) \
	(task_get_special_port((task), TASK_BOOTSTRAP_PORT, (port)))
#define task_set_bootstrap_port(task, port) \
	(task_set_special_port((task), TASK_BOOTSTRAP_PORT, (port)))
#define task_get_task_access_port(task, port) \
	(task_get_special_port((task), TASK_ACCESS_PORT, (port)))
#define task_set_task_access_port(task, port) \
	(task_set_special_port((task), TASK_ACCESS_PORT, (port)))
#define task_get_task_debug_control_port(task, port) \
	(task_get_special_port((task), TASK_DEBUG_CONTROL_PORT, (port)))
#define task_set_task_debug_control_port(task, port) \
	(task_set_special_port((task), TASK_DEBUG_CONTROL_PORT, (port)))
#define task_get_resource_notify_port(task, port) \
	(task_get_special_port((task), TASK_RESOURCE_NOTIFY_PORT, (port)))
#define task_set_resource_notify_port(task, port) \
	(task_set_special_port((task), TASK_RESOURCE_NOTIFY_PORT, (port)))

#endif /* _XNUCROSS_MACH_TASK_SPECIAL_PORTS_H_ */

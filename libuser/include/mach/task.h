/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/task.h - a task's special ports and registered ports:
 * task_get_special_port(), task_set_special_port(), mach_ports_register()
 * and mach_ports_lookup(), each one ioctl on /dev/xnucross.
 *
 * A task made by fork() starts with its parent's bootstrap port, special
 * ports and registered ports, as in XNU. mach_ports_lookup() returns
 * TASK_PORT_REGISTER_MAX names in memory from vm_allocate(), released
 * with vm_deallocate(). mach_ports_register() takes at most
 * TASK_PORT_REGISTER_MAX ports (more: KERN_INVALID_ARGUMENT).
 */
#ifndef _XNUCROSS_MACH_TASK_H_
#define _XNUCROSS_MACH_TASK_H_

#include <mach/mach_types.h>
#include <mach/task_special_ports.h>

#ifdef __cplusplus
extern "C" {
#endif

kern_return_t task_get_special_port(task_inspect_t task, int which_port,
				    mach_port_t *special_port);
kern_return_t task_set_special_port(task_t task, int which_port,
				    mach_port_t special_port);
kern_return_t mach_ports_register(task_t target_task,
				  mach_port_array_t init_port_set,
				  mach_msg_type_number_t init_port_setCnt);
kern_return_t mach_ports_lookup(task_t target_task,
				mach_port_array_t *init_port_set,
				mach_msg_type_number_t *init_port_setCnt);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_TASK_H_ */

/* SPDX-License-Identifier: GPL-2.0 */
/* mach/mach_types.h - Mach's kernel types (ipc_port_t, task_t...), for kexts. */
#ifndef _XNU_KERNEL_MACH_MACH_TYPES_H
#define _XNU_KERNEL_MACH_MACH_TYPES_H

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include <xnucross/kobject.h>

#endif /* _XNU_KERNEL_MACH_MACH_TYPES_H */

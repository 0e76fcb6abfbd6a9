/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/mach_interface.h - the Mach interfaces libxnucross provides:
 * mach_port_*, task special and registered ports, vm allocation, the host
 * and its clocks.
 */
#ifndef _XNUCROSS_MACH_MACH_INTERFACE_H_
#define _XNUCROSS_MACH_MACH_INTERFACE_H_

#include <mach/clock.h>
#include <mach/mach_host.h>
#include <mach/mach_port.h>
#include <mach/mach_vm.h>
#include <mach/task.h>
#include <mach/vm_map.h>

#endif /* _XNUCROSS_MACH_MACH_INTERFACE_H_ */

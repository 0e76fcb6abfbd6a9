/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/port.h - port names, rights, type bits, queue limits and the
 * mach_port_get_attributes() flavors and structures, with XNU's values
 * (from xnu_mach_types.h, shared with the module).
 */
#ifndef _XNUCROSS_MACH_PORT_H_
#define _XNUCROSS_MACH_PORT_H_

#include <stdint.h>

#include <mach/boolean.h>
#include <mach/vm_types.h>

#include "xnu_mach_types.h"

#define MACH_PORT_NAME_NULL	((mach_port_name_t)0)
#define MACH_PORT_NAME_DEAD	((mach_port_name_t)~0)
#define MACH_PORT_NAME_VALID(name)	MACH_PORT_VALID(name)

typedef mach_port_status_t *mach_port_status_ptr_t;
typedef mach_port_limits_t *mach_port_limits_ptr_t;
typedef mach_port_info_ext_t *mach_port_info_ext_ptr_t;

#endif /* _XNUCROSS_MACH_PORT_H_ */

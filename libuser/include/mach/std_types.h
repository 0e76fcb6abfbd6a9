/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/std_types.h - the basic Mach types: booleans, kern_return_t, port
 * names and the vm address types.
 */
#ifndef _XNUCROSS_MACH_STD_TYPES_H_
#define _XNUCROSS_MACH_STD_TYPES_H_

#include <stdint.h>

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/vm_types.h>

#endif /* _XNUCROSS_MACH_STD_TYPES_H_ */

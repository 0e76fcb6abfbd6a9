/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/vm_types.h - Darwin's address and size types (LP64): vm_offset_t,
 * vm_address_t and vm_size_t are pointer-sized, the mach_vm_* ones 64-bit.
 */
#ifndef _XNUCROSS_MACH_VM_TYPES_H_
#define _XNUCROSS_MACH_VM_TYPES_H_

#include <stdint.h>

#include "xnu_mach_types.h"

typedef uintptr_t vm_offset_t;
typedef uintptr_t vm_size_t;
typedef vm_offset_t vm_address_t;
typedef vm_offset_t pointer_t;

typedef uint64_t mach_vm_address_t;
typedef uint64_t mach_vm_offset_t;
typedef uint64_t mach_vm_size_t;

typedef uint64_t vm_map_offset_t;
typedef uint64_t vm_map_address_t;
typedef uint64_t vm_map_size_t;

typedef uint32_t vm32_offset_t;
typedef uint32_t vm32_address_t;
typedef uint32_t vm32_size_t;

typedef mach_port_t vm_map_t;
typedef mach_port_t vm_map_read_t;
typedef mach_port_t vm_map_inspect_t;

#define VM_MAP_NULL		((vm_map_t)0)
#define VM_MAP_INSPECT_NULL	((vm_map_inspect_t)0)
#define VM_MAP_READ_NULL	((vm_map_read_t)0)

#endif /* _XNUCROSS_MACH_VM_TYPES_H_ */

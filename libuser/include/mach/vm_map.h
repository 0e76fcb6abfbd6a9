/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/vm_map.h - vm_allocate() and vm_deallocate(): anonymous zero-filled
 * page-aligned memory of the calling process (see <mach/mach_vm.h>).
 */
#ifndef _XNUCROSS_MACH_VM_MAP_H_
#define _XNUCROSS_MACH_VM_MAP_H_

#include <mach/kern_return.h>
#include <mach/vm_statistics.h>
#include <mach/vm_types.h>

#ifdef __cplusplus
extern "C" {
#endif

kern_return_t vm_allocate(vm_map_t target_task, vm_address_t *address,
			  vm_size_t size, int flags);
kern_return_t vm_deallocate(vm_map_t target_task, vm_address_t address,
			    vm_size_t size);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_VM_MAP_H_ */

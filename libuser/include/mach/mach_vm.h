/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/mach_vm.h - mach_vm_allocate() and mach_vm_deallocate().
 *
 * With vm_allocate() and vm_deallocate() these are mmap()/munmap() in the
 * calling process: anonymous, zero-filled, page-aligned memory, sizes
 * rounded to whole pages. VM_FLAGS_ANYWHERE picks the address;
 * VM_FLAGS_FIXED uses *address (truncated to a page) and fails with
 * KERN_NO_SPACE if something is mapped there, unless VM_FLAGS_OVERWRITE is
 * given. A size of 0 succeeds with address 0. Flags outside
 * VM_FLAGS_USER_ALLOCATE give KERN_INVALID_ARGUMENT. The target must be a
 * valid name (MACH_PORT_NULL or MACH_PORT_DEAD: MACH_SEND_INVALID_DEST) and
 * is taken to be the caller's own task; memory of another task cannot be
 * reached. Out-of-line memory received in a message, and the arrays of
 * mach_port_names() and mach_ports_lookup(), are released with
 * vm_deallocate() as on Darwin.
 */
#ifndef _XNUCROSS_MACH_MACH_VM_H_
#define _XNUCROSS_MACH_MACH_VM_H_

#include <mach/kern_return.h>
#include <mach/vm_statistics.h>
#include <mach/vm_types.h>

#ifdef __cplusplus
extern "C" {
#endif

kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address,
			       mach_vm_size_t size, int flags);
kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address,
				 mach_vm_size_t size);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_MACH_VM_H_ */

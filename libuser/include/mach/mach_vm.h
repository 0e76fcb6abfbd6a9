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
#include <mach/mach_types.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>
#include <mach/vm_types.h>

#ifdef __cplusplus
extern "C" {
#endif

kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address,
			       mach_vm_size_t size, int flags);
kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address,
				 mach_vm_size_t size);

/*
 * Wire (desired_access VM_PROT_READ, optionally | VM_PROT_WRITE) or, with
 * VM_PROT_NONE, unwire a range of the caller's memory; see
 * Documentation/memory.rst. host_priv must be the caller's
 * mach_host_self() name (else KERN_INVALID_HOST, as XNU answers a port
 * that is not the privileged host port; there is no separate privileged
 * host port here: RLIMIT_MEMLOCK and CAP_IPC_LOCK decide). Over the limit:
 * KERN_RESOURCE_SHORTAGE. Unwiring a range that is not wired is
 * KERN_INVALID_ARGUMENT (XNU skips it silently).
 */
kern_return_t mach_vm_wire(host_priv_t host_priv, vm_map_t task,
			   mach_vm_address_t address, mach_vm_size_t size,
			   vm_prot_t desired_access);
kern_return_t vm_wire(host_priv_t host_priv, vm_map_t task,
		      vm_address_t address, vm_size_t size,
		      vm_prot_t desired_access);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_MACH_VM_H_ */

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vm_wire.c - page wiring: Darwin's mach_vm_wire() and vm_wire(), and
 * libxnucross's xnucross_vm_wire()/_unwire()/_wire_info() (<xnucross/
 * wire.h>), each one XNU_TRAP_VM_* ioctl on /dev/xnucross (<xnu_vm.h>).
 *
 * mach_vm_wire() checks its ports as XNU's MIG server would see them: an
 * invalid host_priv name is MACH_SEND_INVALID_DEST (the request has no
 * destination), a name that is not the host port KERN_INVALID_HOST (XNU's
 * answer to anything but the privileged host port; this host port is not
 * privileged, RLIMIT_MEMLOCK and CAP_IPC_LOCK are), a null task
 * KERN_INVALID_TASK. Any other task name is taken to be the caller's own
 * task, as the rest of mach_vm_* here does.
 */
#include <stddef.h>
#include <stdint.h>

#include <mach/mach.h>
#include <xnucross/wire.h>

#include "mach_private.h"

/* The caller's name for the host port, cached per descriptor generation. */
static mach_port_t host_name(void)
{
	static mach_port_t cached;
	static unsigned int cached_gen;
	unsigned int gen = xnucross_fork_generation();
	mach_port_t name;

	name = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
	if (name != MACH_PORT_NULL &&
	    __atomic_load_n(&cached_gen, __ATOMIC_RELAXED) == gen)
		return name;
	name = mach_host_self();
	__atomic_store_n(&cached_gen, gen, __ATOMIC_RELAXED);
	__atomic_store_n(&cached, name, __ATOMIC_RELEASE);
	return name;
}

static kern_return_t wire_range(uint64_t addr, uint64_t size, vm_prot_t prot,
				uint64_t *handle)
{
	struct xnu_vm_wire_args a = {
		.addr = addr, .size = size,
	};
	kern_return_t kr;

	if (prot & ~VM_PROT_ALL)
		return KERN_INVALID_ARGUMENT;
	if (prot == VM_PROT_NONE) {
		kr = xnucross_mach_trap(XNU_TRAP_VM_UNWIRE, &a);
	} else {
		/* Wiring reads the pages in; execute is reading here. */
		a.prot = XNU_VM_PROT_READ |
			 ((prot & VM_PROT_WRITE) ? XNU_VM_PROT_WRITE : 0);
		kr = xnucross_mach_trap(XNU_TRAP_VM_WIRE, &a);
		if (kr == KERN_SUCCESS && handle)
			*handle = a.handle;
	}
	return kr;
}

kern_return_t mach_vm_wire(host_priv_t host_priv, vm_map_t task,
			   mach_vm_address_t address, mach_vm_size_t size,
			   vm_prot_t desired_access)
{
	if (!MACH_PORT_VALID(host_priv))
		return MACH_SEND_INVALID_DEST;
	if (host_priv != host_name())
		return KERN_INVALID_HOST;
	if (!MACH_PORT_VALID(task))
		return KERN_INVALID_TASK;
	if (desired_access & ~VM_PROT_ALL)
		return KERN_INVALID_ARGUMENT;
	if (address + size < address)
		return KERN_INVALID_ARGUMENT;
	/* XNU wires nothing and succeeds. */
	if (size == 0)
		return KERN_SUCCESS;
	return wire_range(address, size, desired_access, NULL);
}

kern_return_t vm_wire(host_priv_t host_priv, vm_map_t task,
		      vm_address_t address, vm_size_t size,
		      vm_prot_t desired_access)
{
	return mach_vm_wire(host_priv, task, address, size, desired_access);
}

kern_return_t xnucross_vm_wire(void *addr, uint64_t size, vm_prot_t prot,
			       uint64_t *handle)
{
	if (prot == VM_PROT_NONE)
		return KERN_INVALID_ARGUMENT;
	return wire_range((uintptr_t)addr, size, prot, handle);
}

kern_return_t xnucross_vm_unwire(uint64_t handle)
{
	struct xnu_vm_wire_args a = { .handle = handle };

	if (!handle)
		return KERN_INVALID_ARGUMENT;
	return xnucross_mach_trap(XNU_TRAP_VM_UNWIRE, &a);
}

kern_return_t xnucross_vm_wire_info(struct xnu_vm_wire_info *info)
{
	struct xnu_vm_wire_info a = { 0 };
	kern_return_t kr;

	if (!info)
		return KERN_INVALID_ARGUMENT;
	kr = xnucross_mach_trap(XNU_TRAP_VM_WIRE_INFO, &a);
	if (kr == KERN_SUCCESS)
		*info = a;
	return kr;
}

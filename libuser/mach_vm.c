// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mach_vm.c - Darwin's vm_allocate(), vm_deallocate(), mach_vm_allocate()
 * and mach_vm_deallocate() on this process's own memory, and the
 * vm_page_size globals.
 *
 * These are mmap()/munmap() of anonymous, zero-filled, page-aligned memory:
 * what Mach gives, and what the module maps out-of-line message data and
 * the arrays of mach_port_names()/mach_ports_lookup() into, so a Darwin
 * program frees all of them with vm_deallocate(). The map argument must be
 * a valid name (MACH_PORT_NULL or MACH_PORT_DEAD give
 * MACH_SEND_INVALID_DEST, as Darwin's MIG fallback does); any other name is
 * taken to be the caller's own task: these calls cannot reach another
 * process's memory. They do not cross into the module.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include <mach/mach.h>

#include "mach_private.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

vm_size_t vm_page_size;
vm_size_t vm_page_mask;
int vm_page_shift;

vm_size_t xnucross_page_size(void)
{
	static vm_size_t page;
	vm_size_t p = __atomic_load_n(&page, __ATOMIC_RELAXED);
	long sz;

	if (p)
		return p;
	sz = sysconf(_SC_PAGESIZE);
	p = sz > 0 ? (vm_size_t)sz : 4096;
	__atomic_store_n(&page, p, __ATOMIC_RELAXED);
	return p;
}

/* Darwin's libc sets these before main(). */
__attribute__((constructor)) static void xnucross_vm_page_init(void)
{
	vm_size_t p = xnucross_page_size();
	int shift = 0;

	while (((vm_size_t)1 << shift) < p)
		shift++;
	vm_page_size = p;
	vm_page_mask = p - 1;
	vm_page_shift = shift;
}

/* [*addr, *addr + *size) widened to whole pages; 0 if it wraps. */
static int page_range(mach_vm_address_t *addr, mach_vm_size_t *size)
{
	mach_vm_size_t mask = xnucross_page_size() - 1;
	mach_vm_address_t start = *addr & ~mask;
	mach_vm_address_t end = *addr + *size;

	if (end < *addr || end > UINT64_MAX - mask)
		return 0;
	end = (end + mask) & ~mask;
	if (end <= start)
		return 0;
	*addr = start;
	*size = end - start;
	return 1;
}

static kern_return_t vm_errno_kr(int err)
{
	switch (err) {
	case EEXIST:
	case ENOMEM:
		return KERN_NO_SPACE;
	case EAGAIN:
		return KERN_RESOURCE_SHORTAGE;
	default:
		return KERN_INVALID_ADDRESS;
	}
}

static kern_return_t vm_map_anon(mach_vm_address_t *addr, mach_vm_size_t size,
				 int flags)
{
	mach_vm_address_t start = *addr;
	int mflags = MAP_PRIVATE | MAP_ANONYMOUS;
	void *hint = NULL;
	void *p;

	if (size == 0) {
		*addr = 0;
		return KERN_SUCCESS;
	}
	if (flags & VM_FLAGS_ANYWHERE) {
		start = 0;
		if (size > UINT64_MAX - (xnucross_page_size() - 1))
			return KERN_INVALID_ARGUMENT;
		size = (size + xnucross_page_size() - 1) &
		       ~(mach_vm_size_t)(xnucross_page_size() - 1);
	} else {
		if (!page_range(&start, &size))
			return KERN_INVALID_ARGUMENT;
		hint = (void *)(uintptr_t)start;
		mflags |= (flags & VM_FLAGS_OVERWRITE) ? MAP_FIXED :
			  MAP_FIXED_NOREPLACE;
	}
	if (size != (size_t)size)
		return KERN_NO_SPACE;
	p = mmap(hint, (size_t)size, PROT_READ | PROT_WRITE, mflags, -1, 0);
	if (p == MAP_FAILED)
		return vm_errno_kr(errno);
	if (hint && p != hint) {
		/* A kernel without MAP_FIXED_NOREPLACE took it as a hint. */
		munmap(p, (size_t)size);
		return KERN_NO_SPACE;
	}
	*addr = (uintptr_t)p;
	return KERN_SUCCESS;
}

static kern_return_t vm_unmap(mach_vm_address_t addr, mach_vm_size_t size)
{
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(&addr, &size))
		return KERN_INVALID_ARGUMENT;
	if (size != (size_t)size || addr != (uintptr_t)addr)
		return KERN_INVALID_ARGUMENT;
	if (munmap((void *)(uintptr_t)addr, (size_t)size))
		return KERN_INVALID_ARGUMENT;
	return KERN_SUCCESS;
}

kern_return_t xnucross_vm_alloc(mach_vm_address_t *addr, mach_vm_size_t size)
{
	return vm_map_anon(addr, size, VM_FLAGS_ANYWHERE);
}

kern_return_t xnucross_vm_free(mach_vm_address_t addr, mach_vm_size_t size)
{
	return vm_unmap(addr, size);
}

/* The flags vm_allocate() accepts from user space (VM_FLAGS_USER_ALLOCATE). */
static int vm_flags_ok(int flags)
{
	return !(flags & ~VM_FLAGS_USER_ALLOCATE);
}

kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address,
			       mach_vm_size_t size, int flags)
{
	if (!MACH_PORT_VALID(target))
		return MACH_SEND_INVALID_DEST;
	if (!address)
		return KERN_INVALID_ADDRESS;
	if (!vm_flags_ok(flags))
		return KERN_INVALID_ARGUMENT;
	return vm_map_anon(address, size, flags);
}

kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address,
				 mach_vm_size_t size)
{
	if (!MACH_PORT_VALID(target))
		return MACH_SEND_INVALID_DEST;
	return vm_unmap(address, size);
}

kern_return_t vm_allocate(vm_map_t target_task, vm_address_t *address,
			  vm_size_t size, int flags)
{
	mach_vm_address_t addr;
	kern_return_t kr;

	if (!MACH_PORT_VALID(target_task))
		return MACH_SEND_INVALID_DEST;
	if (!address)
		return KERN_INVALID_ADDRESS;
	if (!vm_flags_ok(flags))
		return KERN_INVALID_ARGUMENT;
	addr = *address;
	kr = vm_map_anon(&addr, size, flags);
	if (kr == KERN_SUCCESS)
		*address = (vm_address_t)addr;
	return kr;
}

kern_return_t vm_deallocate(vm_map_t target_task, vm_address_t address,
			    vm_size_t size)
{
	if (!MACH_PORT_VALID(target_task))
		return MACH_SEND_INVALID_DEST;
	return vm_unmap(address, size);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach_private.h - what libxnucross's Mach files (mach*.c, bootstrap.c)
 * share with each other and with device.c. Nothing here is exported from
 * libxnucross.so (the version script keeps these names local).
 */
#ifndef XNUCROSS_MACH_PRIVATE_H
#define XNUCROSS_MACH_PRIVATE_H

#include <stdint.h>

#include <mach/mach.h>

#include "libxnucross.h"
#include "xnu_mach_traps.h"

/*
 * device.c: a counter bumped each time this process stops using the
 * descriptor it had (in the child of a fork, or after the module said
 * EBADFD). Mach names cached by the library (the bootstrap port, each
 * thread's MIG reply port) belong to the task of the descriptor they came
 * from: a cache stamped with an older value must be thrown away.
 */
unsigned int xnucross_fork_generation(void);

/*
 * mach.c: one Mach trap other than mach_msg. Returns the trap's Darwin
 * result; when the module cannot be reached (no module, no permission,
 * API mismatch) KERN_FAILURE, or KERN_RESOURCE_SHORTAGE for ENOMEM.
 */
kern_return_t xnucross_mach_trap(uint32_t cmd, void *arg);

/* mach.c: destroy the calling thread's MIG reply port, if it has one. */
void xnucross_mig_reply_port_drop(void);

/*
 * mach_vm.c: anonymous zero-filled memory in this process, as
 * vm_allocate() with VM_FLAGS_ANYWHERE; and its release. Sizes are rounded
 * to pages as Mach does.
 */
kern_return_t xnucross_vm_alloc(mach_vm_address_t *addr, mach_vm_size_t size);
kern_return_t xnucross_vm_free(mach_vm_address_t addr, mach_vm_size_t size);

/* mach_vm.c: the page size (sysconf), cached. */
vm_size_t xnucross_page_size(void);

#endif /* XNUCROSS_MACH_PRIVATE_H */

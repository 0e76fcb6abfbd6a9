/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xnucross/wire.h - libxnucross's own face of page wiring, beside Darwin's
 * mach_vm_wire() (<mach/mach_vm.h>): wire a range and get the region's
 * handle (what a kernel module's xnu_wired_get() takes), unwire by handle,
 * read the counters. Results are kern_return_t values; see <xnu_vm.h>.
 */
#ifndef _XNUCROSS_WIRE_USER_H_
#define _XNUCROSS_WIRE_USER_H_

#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/vm_prot.h>
#include <xnu_vm.h>

#ifdef __cplusplus
extern "C" {
#endif

kern_return_t xnucross_vm_wire(void *addr, uint64_t size, vm_prot_t prot,
			       uint64_t *handle);
kern_return_t xnucross_vm_unwire(uint64_t handle);
kern_return_t xnucross_vm_wire_info(struct xnu_vm_wire_info *info);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_WIRE_USER_H_ */

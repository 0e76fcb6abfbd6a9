/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/vm_page_size.h - vm_page_size, vm_page_mask and vm_page_shift, set
 * by libxnucross before main() from the system's page size, and the
 * page-rounding macros Darwin code uses with them.
 */
#ifndef _XNUCROSS_MACH_VM_PAGE_SIZE_H_
#define _XNUCROSS_MACH_VM_PAGE_SIZE_H_

#include <mach/vm_types.h>

#ifdef __cplusplus
extern "C" {
#endif

extern vm_size_t vm_page_size;
extern vm_size_t vm_page_mask;
extern int vm_page_shift;

#define vm_kernel_page_size	vm_page_size
#define vm_kernel_page_mask	vm_page_mask
#define vm_kernel_page_shift	vm_page_shift

#ifndef trunc_page
#define trunc_page(x)		((x) & ~vm_page_mask)
#endif
#ifndef round_page
#define round_page(x)		trunc_page((x) + vm_page_mask)
#endif
#define mach_vm_trunc_page(x) \
	((mach_vm_offset_t)(x) & ~(mach_vm_offset_t)vm_page_mask)
#define mach_vm_round_page(x) \
	mach_vm_trunc_page((mach_vm_offset_t)(x) + vm_page_mask)

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_VM_PAGE_SIZE_H_ */

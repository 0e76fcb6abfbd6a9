/* SPDX-License-Identifier: GPL-2.0 */
/* mach/kern_return.h - kern_return_t and its KERN_* codes, for kexts. */
#ifndef _XNU_KERNEL_MACH_KERN_RETURN_H
#define _XNU_KERNEL_MACH_KERN_RETURN_H

#include "xnu_mach_types.h"

#endif /* _XNU_KERNEL_MACH_KERN_RETURN_H */

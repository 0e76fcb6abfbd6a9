/* SPDX-License-Identifier: GPL-2.0 */
/* mach/mig.h - MIG server routines for kernel objects (xnucross/kobject.h). */
#ifndef _XNU_KERNEL_MACH_MIG_H
#define _XNU_KERNEL_MACH_MIG_H

#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/ndr.h>
#include <xnucross/kobject.h>

#endif /* _XNU_KERNEL_MACH_MIG_H */

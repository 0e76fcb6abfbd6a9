/* SPDX-License-Identifier: GPL-2.0 */
/* mach/port.h - port names, rights, type bits and attributes, for kexts. */
#ifndef _XNU_KERNEL_MACH_PORT_H
#define _XNU_KERNEL_MACH_PORT_H

#include "xnu_mach_types.h"
#include <xnucross/kobject.h>

#endif /* _XNU_KERNEL_MACH_PORT_H */

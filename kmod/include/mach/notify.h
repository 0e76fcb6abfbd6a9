/* SPDX-License-Identifier: GPL-2.0 */
/* mach/notify.h - notification message ids and layouts, for kexts. */
#ifndef _XNU_KERNEL_MACH_NOTIFY_H
#define _XNU_KERNEL_MACH_NOTIFY_H

#include <mach/message.h>
#include <mach/ndr.h>

#endif /* _XNU_KERNEL_MACH_NOTIFY_H */

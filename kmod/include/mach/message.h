/* SPDX-License-Identifier: GPL-2.0 */
/* mach/message.h - the mach_msg() message layout and codes, for kexts. */
#ifndef _XNU_KERNEL_MACH_MESSAGE_H
#define _XNU_KERNEL_MACH_MESSAGE_H

#include <mach/kern_return.h>
#include <mach/port.h>
#include "xnu_mach_msg.h"

#endif /* _XNU_KERNEL_MACH_MESSAGE_H */

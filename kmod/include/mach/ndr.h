/* SPDX-License-Identifier: GPL-2.0 */
/* mach/ndr.h - the NDR record every MIG message carries, for kexts. */
#ifndef _XNU_KERNEL_MACH_NDR_H
#define _XNU_KERNEL_MACH_NDR_H

#include "xnu_mach_msg.h"

/* Little-endian, ASCII, IEEE floats (exported by xnucross.ko). */
extern const NDR_record_t NDR_record;

#endif /* _XNU_KERNEL_MACH_NDR_H */

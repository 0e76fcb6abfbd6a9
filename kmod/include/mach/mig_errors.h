/* SPDX-License-Identifier: GPL-2.0 */
/* mach/mig_errors.h - MIG's error codes and mig_reply_error_t, for kexts. */
#ifndef _XNU_KERNEL_MACH_MIG_ERRORS_H
#define _XNU_KERNEL_MACH_MIG_ERRORS_H

#include <mach/message.h>
#include <mach/ndr.h>

#endif /* _XNU_KERNEL_MACH_MIG_ERRORS_H */

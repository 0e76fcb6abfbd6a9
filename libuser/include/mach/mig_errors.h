/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/mig_errors.h - MIG's error codes (MIG_TYPE_ERROR ... MIG_TRAILER_ERROR)
 * and mig_reply_error_t, the 36-byte reply that carries only a RetCode.
 */
#ifndef _XNUCROSS_MACH_MIG_ERRORS_H_
#define _XNUCROSS_MACH_MIG_ERRORS_H_

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/ndr.h>

#if !defined(__NDR_convert__mig_reply_error_t__defined)
#define __NDR_convert__mig_reply_error_t__defined
/* Every peer is this machine: nothing to convert. */
static __inline__ void __NDR_convert__mig_reply_error_t(mig_reply_error_t *x)
{
	(void)x;
}
#endif

#endif /* _XNUCROSS_MACH_MIG_ERRORS_H_ */

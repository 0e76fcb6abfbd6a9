/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/kern_return.h - kern_return_t and the KERN_* codes, with XNU's
 * numbers (defined in xnu_mach_types.h, shared with the module).
 */
#ifndef _XNUCROSS_MACH_KERN_RETURN_H_
#define _XNUCROSS_MACH_KERN_RETURN_H_

#include "xnu_mach_types.h"

#endif /* _XNUCROSS_MACH_KERN_RETURN_H_ */

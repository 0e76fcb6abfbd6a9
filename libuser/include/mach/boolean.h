/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/boolean.h - Darwin's boolean_t (from xnu_mach_types.h) with TRUE
 * and FALSE.
 */
#ifndef _XNUCROSS_MACH_BOOLEAN_H_
#define _XNUCROSS_MACH_BOOLEAN_H_

#include "xnu_mach_types.h"

#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif

#endif /* _XNUCROSS_MACH_BOOLEAN_H_ */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/ndr.h - the NDR record at the head of MIG message bodies, and
 * NDR_record, this machine's record (little-endian, ASCII, IEEE floats)
 * that MIG stubs copy into every request and reply.
 */
#ifndef _XNUCROSS_MACH_NDR_H_
#define _XNUCROSS_MACH_NDR_H_

#include <stdint.h>

#include "xnu_mach_msg.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NDR_CHAR_EBCDIC		1
#define NDR_FLOAT_VAX		1
#define NDR_FLOAT_CRAY		2
#define NDR_FLOAT_IBM		3

extern NDR_record_t NDR_record;

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_NDR_H_ */

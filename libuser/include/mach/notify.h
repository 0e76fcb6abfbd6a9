/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/notify.h - the kernel's notification messages: their msgh_ids
 * (MACH_NOTIFY_*) and layouts, as XNU sends them (xnu_mach_msg.h).
 */
#ifndef _XNUCROSS_MACH_NOTIFY_H_
#define _XNUCROSS_MACH_NOTIFY_H_

#include <mach/message.h>
#include <mach/ndr.h>
#include <mach/port.h>

typedef mach_port_t notify_port_t;

#endif /* _XNUCROSS_MACH_NOTIFY_H_ */

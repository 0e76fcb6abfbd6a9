/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/mach_traps.h - the bare Mach traps: mach_reply_port(),
 * task_self_trap(), mach_msg_trap() and mach_msg_overwrite_trap().
 *
 * mach_reply_port() returns the name of a new receive right, or
 * MACH_PORT_NULL when none could be made. task_self_trap() is
 * mach_task_self(). mach_msg_trap() and mach_msg_overwrite_trap() are one
 * XNU_TRAP_MACH_MSG ioctl with the options as given: unlike mach_msg(),
 * they return MACH_SEND_INTERRUPTED and MACH_RCV_INTERRUPTED to the caller.
 */
#ifndef _XNUCROSS_MACH_MACH_TRAPS_H_
#define _XNUCROSS_MACH_MACH_TRAPS_H_

#include <mach/message.h>
#include <mach/port.h>

#ifdef __cplusplus
extern "C" {
#endif

mach_port_name_t mach_reply_port(void);
mach_port_name_t task_self_trap(void);
/* mach_thread_self(). */
mach_port_name_t thread_self_trap(void);

mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg,
				mach_msg_option_t option,
				mach_msg_size_t send_size,
				mach_msg_size_t rcv_size,
				mach_port_name_t rcv_name,
				mach_msg_timeout_t timeout,
				mach_port_name_t notify);
mach_msg_return_t mach_msg_overwrite_trap(mach_msg_header_t *msg,
					  mach_msg_option_t option,
					  mach_msg_size_t send_size,
					  mach_msg_size_t rcv_size,
					  mach_port_name_t rcv_name,
					  mach_msg_timeout_t timeout,
					  mach_port_name_t notify,
					  mach_msg_header_t *rcv_msg,
					  mach_msg_size_t rcv_limit);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_MACH_TRAPS_H_ */

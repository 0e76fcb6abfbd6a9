/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/message.h - Darwin's mach_msg() interface: the message header,
 * descriptors, trailers, options and return codes (xnu_mach_msg.h, the
 * layout the module reads and writes), what Darwin's header adds around
 * them, and the mach_msg() family.
 *
 * mach_msg() and mach_msg_overwrite() are one XNU_TRAP_MACH_MSG ioctl each
 * (a send and a receive in one call cross once). Like Darwin's libsyscall
 * they restart a send interrupted by a signal unless MACH_SEND_INTERRUPT is
 * given, and a receive unless MACH_RCV_INTERRUPT is given (only the receive
 * is restarted once the send is done). mach_msg_trap() and
 * mach_msg_overwrite_trap() (<mach/mach_traps.h>) are the bare traps.
 *
 * When the module cannot be reached (not loaded, no permission, API
 * mismatch; libxnucross says why once on stderr), a call that sends
 * returns MACH_SEND_INVALID_DEST and a receive-only call
 * MACH_RCV_INVALID_NAME: without the module no port exists.
 */
#ifndef _XNUCROSS_MACH_MESSAGE_H_
#define _XNUCROSS_MACH_MESSAGE_H_

#include <limits.h>
#include <stdint.h>

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/vm_types.h>

#include "xnu_mach_msg.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef integer_t mach_msg_options_t;
typedef unsigned int mach_msg_priority_t;
typedef unsigned int mach_msg_guard_flags_t;
typedef char *mach_msg_trailer_info_t;

#define MACH_MSG_PRIORITY_UNSPECIFIED	((mach_msg_priority_t)0)
#define MACH_MSG_SIZE_NULL		((mach_msg_size_t *)0)
#define MACH_MSG_NULL			((mach_msg_header_t *)0)
#define MACH_MSG_BODY_NULL		((mach_msg_body_t *)0)
#define MACH_MSG_DESCRIPTOR_NULL	((mach_msg_descriptor_t *)0)
#define MACH_MSG_DESCRIPTOR_MAX		MACH_MSG_GUARDED_PORT_DESCRIPTOR
#define MACH_MSG_GUARD_FLAGS_MASK	0x0003U
#define MACH_MSG_TYPE_PORT_NONE		0U
#define MACH_MSG_SIZE_MAX		((mach_msg_size_t)~0)
#define MACH_MSG_HEADER_EMPTY		((mach_msg_header_t){ 0 })

#define REQUESTED_TRAILER_SIZE_NATIVE(y)	REQUESTED_TRAILER_SIZE(y)

#define INVALID_AUDIT_TOKEN_VALUE { { \
	UINT_MAX, UINT_MAX, UINT_MAX, UINT_MAX, \
	UINT_MAX, UINT_MAX, UINT_MAX, UINT_MAX } }

#define MACH_MSG_FILTER_POLICY_ALLOW	((mach_msg_filter_id)0)

/* Compatibility names from before msgh_seqno. */
#define MACH_MSGH_KIND_NORMAL		0x00000000
#define MACH_MSGH_KIND_NOTIFICATION	0x00000001
#define msgh_kind			msgh_seqno
#define mach_msg_kind_t			mach_port_seqno_t

/* Round a message size up to a multiple of 4 bytes. */
#define round_msg(x) \
	(((mach_msg_size_t)(x) + sizeof(natural_t) - 1) & \
	 ~(sizeof(natural_t) - 1))

#pragma pack(push, 4)

typedef struct {
	mach_msg_header_t header;
} mach_msg_empty_send_t;

typedef struct {
	mach_msg_header_t header;
	mach_msg_trailer_t trailer;
} mach_msg_empty_rcv_t;

typedef union {
	mach_msg_empty_send_t send;
	mach_msg_empty_rcv_t rcv;
} mach_msg_empty_t;

#pragma pack(pop)

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size,
			   mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name,
			   mach_msg_timeout_t timeout,
			   mach_port_name_t notify);

mach_msg_return_t mach_msg_overwrite(mach_msg_header_t *msg,
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

#endif /* _XNUCROSS_MACH_MESSAGE_H_ */

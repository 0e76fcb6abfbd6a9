/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_mach_msg.h - Darwin's mach_msg() ABI: the message header and its bits,
 * dispositions, descriptors, trailers, options, return codes, notification
 * layouts, the NDR record and MIG's reply and error codes.
 *
 * Layouts are the LP64 user ABI with MIG's 4-byte packing (XNU
 * osfmk/mach/message.h, ndr.h, notify.h, mig_errors.h): a 24-byte header,
 * 12-byte port descriptors, 16-byte out-of-line descriptors. The module sees
 * messages in exactly this layout; a port field always holds a name.
 */
#ifndef _UAPI_XNU_MACH_MSG_H
#define _UAPI_XNU_MACH_MSG_H

#include <linux/types.h>

#include "xnu_mach_types.h"

typedef unsigned int mach_msg_bits_t;
typedef natural_t mach_msg_size_t;
typedef integer_t mach_msg_id_t;
typedef integer_t mach_msg_option_t;
typedef natural_t mach_msg_timeout_t;
typedef kern_return_t mach_msg_return_t;
typedef unsigned int mach_msg_type_name_t;
typedef unsigned int mach_msg_copy_options_t;
typedef unsigned int mach_msg_descriptor_type_t;
typedef unsigned int mach_msg_trailer_type_t;
typedef unsigned int mach_msg_trailer_size_t;
typedef natural_t mach_msg_type_size_t;

#define MACH_MSG_TIMEOUT_NONE		0U
#define MACH_MSG_OPTION_NONE		0

/* ---- header ---------------------------------------------------------------- */

#define MACH_MSGH_BITS_ZERO		0x00000000U
#define MACH_MSGH_BITS_REMOTE_MASK	0x0000001fU
#define MACH_MSGH_BITS_LOCAL_MASK	0x00001f00U
#define MACH_MSGH_BITS_VOUCHER_MASK	0x001f0000U
#define MACH_MSGH_BITS_PORTS_MASK \
	(MACH_MSGH_BITS_REMOTE_MASK | MACH_MSGH_BITS_LOCAL_MASK | \
	 MACH_MSGH_BITS_VOUCHER_MASK)
#define MACH_MSGH_BITS_COMPLEX		0x80000000U
#define MACH_MSGH_BITS_USER		0x801f1f1fU
#define MACH_MSGH_BITS_RAISEIMP		0x20000000U
#define MACH_MSGH_BITS_DENAP		MACH_MSGH_BITS_RAISEIMP
#define MACH_MSGH_BITS_IMPHOLDASRT	0x10000000U
#define MACH_MSGH_BITS_DENAPHOLDASRT	MACH_MSGH_BITS_IMPHOLDASRT
#define MACH_MSGH_BITS_CIRCULAR		0x10000000U
#define MACH_MSGH_BITS_USED		0xb01f1f1fU

#define MACH_MSGH_BITS(remote, local)	((remote) | ((local) << 8))
#define MACH_MSGH_BITS_SET_PORTS(remote, local, voucher) \
	(((remote) & MACH_MSGH_BITS_REMOTE_MASK) | \
	 (((local) << 8) & MACH_MSGH_BITS_LOCAL_MASK) | \
	 (((voucher) << 16) & MACH_MSGH_BITS_VOUCHER_MASK))
#define MACH_MSGH_BITS_SET(remote, local, voucher, other) \
	(MACH_MSGH_BITS_SET_PORTS((remote), (local), (voucher)) | \
	 ((other) & ~MACH_MSGH_BITS_PORTS_MASK))
#define MACH_MSGH_BITS_REMOTE(bits)	((bits) & MACH_MSGH_BITS_REMOTE_MASK)
#define MACH_MSGH_BITS_LOCAL(bits)	(((bits) & MACH_MSGH_BITS_LOCAL_MASK) >> 8)
#define MACH_MSGH_BITS_VOUCHER(bits) \
	(((bits) & MACH_MSGH_BITS_VOUCHER_MASK) >> 16)
#define MACH_MSGH_BITS_PORTS(bits)	((bits) & MACH_MSGH_BITS_PORTS_MASK)
#define MACH_MSGH_BITS_OTHER(bits)	((bits) & ~MACH_MSGH_BITS_PORTS_MASK)
#define MACH_MSGH_BITS_HAS_REMOTE(bits)	(MACH_MSGH_BITS_REMOTE(bits) != 0)
#define MACH_MSGH_BITS_HAS_LOCAL(bits)	(MACH_MSGH_BITS_LOCAL(bits) != 0)
#define MACH_MSGH_BITS_HAS_VOUCHER(bits) (MACH_MSGH_BITS_VOUCHER(bits) != 0)
#define MACH_MSGH_BITS_IS_COMPLEX(bits)	(((bits) & MACH_MSGH_BITS_COMPLEX) != 0)

#pragma pack(push, 4)

typedef struct {
	mach_msg_bits_t msgh_bits;
	mach_msg_size_t msgh_size;
	mach_port_t msgh_remote_port;
	mach_port_t msgh_local_port;
	mach_port_name_t msgh_voucher_port;
	mach_msg_id_t msgh_id;
} mach_msg_header_t;

#define msgh_reserved		msgh_voucher_port

typedef struct {
	mach_msg_size_t msgh_descriptor_count;
} mach_msg_body_t;

typedef struct {
	mach_msg_header_t header;
	mach_msg_body_t body;
} mach_msg_base_t;

/* ---- dispositions and received types --------------------------------------- */

#define MACH_MSG_TYPE_PORT_NAME		15U
#define MACH_MSG_TYPE_MOVE_RECEIVE	16U
#define MACH_MSG_TYPE_MOVE_SEND		17U
#define MACH_MSG_TYPE_MOVE_SEND_ONCE	18U
#define MACH_MSG_TYPE_COPY_SEND		19U
#define MACH_MSG_TYPE_MAKE_SEND		20U
#define MACH_MSG_TYPE_MAKE_SEND_ONCE	21U
#define MACH_MSG_TYPE_COPY_RECEIVE	22U
#define MACH_MSG_TYPE_DISPOSE_RECEIVE	24U
#define MACH_MSG_TYPE_DISPOSE_SEND	25U
#define MACH_MSG_TYPE_DISPOSE_SEND_ONCE	26U
#define MACH_MSG_TYPE_PORT_RECEIVE	MACH_MSG_TYPE_MOVE_RECEIVE
#define MACH_MSG_TYPE_PORT_SEND		MACH_MSG_TYPE_MOVE_SEND
#define MACH_MSG_TYPE_PORT_SEND_ONCE	MACH_MSG_TYPE_MOVE_SEND_ONCE
#define MACH_MSG_TYPE_LAST		22U
#define MACH_MSG_TYPE_POLYMORPHIC	((mach_msg_type_name_t)-1)

#define MACH_MSG_TYPE_PORT_ANY(x) \
	((x) >= MACH_MSG_TYPE_MOVE_RECEIVE && (x) <= MACH_MSG_TYPE_MAKE_SEND_ONCE)
#define MACH_MSG_TYPE_PORT_ANY_SEND(x) \
	((x) >= MACH_MSG_TYPE_MOVE_SEND && (x) <= MACH_MSG_TYPE_MAKE_SEND_ONCE)
#define MACH_MSG_TYPE_PORT_ANY_SEND_ONCE(x) \
	((x) == MACH_MSG_TYPE_MOVE_SEND_ONCE || \
	 (x) == MACH_MSG_TYPE_MAKE_SEND_ONCE)
#define MACH_MSG_TYPE_PORT_ANY_RIGHT(x) \
	((x) >= MACH_MSG_TYPE_MOVE_RECEIVE && (x) <= MACH_MSG_TYPE_MOVE_SEND_ONCE)

/* ---- descriptors -------------------------------------------------------------- */

#define MACH_MSG_PORT_DESCRIPTOR		0U
#define MACH_MSG_OOL_DESCRIPTOR			1U
#define MACH_MSG_OOL_PORTS_DESCRIPTOR		2U
#define MACH_MSG_OOL_VOLATILE_DESCRIPTOR	3U
#define MACH_MSG_GUARDED_PORT_DESCRIPTOR	4U

#define MACH_MSG_PHYSICAL_COPY		0U
#define MACH_MSG_VIRTUAL_COPY		1U
#define MACH_MSG_ALLOCATE		2U
#define MACH_MSG_OVERWRITE		3U

#define MACH_MSG_GUARD_FLAGS_NONE		0x0000U
#define MACH_MSG_GUARD_FLAGS_IMMOVABLE_RECEIVE	0x0001U
#define MACH_MSG_GUARD_FLAGS_UNGUARDED_ON_SEND	0x0002U

/* An address in the sender's or receiver's address space. */
#ifdef __KERNEL__
#define XNU_MACH_USER_ADDR(field)	__u64 field
#else
#define XNU_MACH_USER_ADDR(field)	void *field
#endif

typedef struct {
	__u32 pad1;
	mach_msg_size_t pad2;
	unsigned int pad3 : 24;
	mach_msg_descriptor_type_t type : 8;
} mach_msg_type_descriptor_t;

typedef struct {
	mach_port_t name;
	mach_msg_size_t pad1;
	unsigned int pad2 : 16;
	mach_msg_type_name_t disposition : 8;
	mach_msg_descriptor_type_t type : 8;
} mach_msg_port_descriptor_t;

typedef struct {
	XNU_MACH_USER_ADDR(address);
	boolean_t deallocate : 8;
	mach_msg_copy_options_t copy : 8;
	unsigned int pad1 : 8;
	mach_msg_descriptor_type_t type : 8;
	mach_msg_size_t size;
} mach_msg_ool_descriptor_t;

typedef struct {
	XNU_MACH_USER_ADDR(address);
	boolean_t deallocate : 8;
	mach_msg_copy_options_t copy : 8;
	mach_msg_type_name_t disposition : 8;
	mach_msg_descriptor_type_t type : 8;
	mach_msg_size_t count;
} mach_msg_ool_ports_descriptor_t;

typedef struct {
	mach_port_context_t context;
	unsigned int flags : 16;
	mach_msg_type_name_t disposition : 8;
	mach_msg_descriptor_type_t type : 8;
	mach_port_name_t name;
} mach_msg_guarded_port_descriptor_t;

typedef union {
	mach_msg_port_descriptor_t port;
	mach_msg_ool_descriptor_t out_of_line;
	mach_msg_ool_ports_descriptor_t ool_ports;
	mach_msg_type_descriptor_t type;
	mach_msg_guarded_port_descriptor_t guarded_port;
} mach_msg_descriptor_t;

/* The sizes every parser relies on. */
#define XNU_MACH_HEADER_SIZE		24U
#define XNU_MACH_BODY_SIZE		4U
#define XNU_MACH_PORT_DESC_SIZE		12U
#define XNU_MACH_OOL_DESC_SIZE		16U

/* ---- trailers -------------------------------------------------------------- */

typedef struct {
	unsigned int val[2];
} security_token_t;

typedef struct {
	unsigned int val[8];
} audit_token_t;

typedef struct {
	mach_port_name_t sender;
} msg_labels_t;

typedef int mach_msg_filter_id;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
} mach_msg_trailer_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
} mach_msg_seqno_trailer_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
	security_token_t msgh_sender;
} mach_msg_security_trailer_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
	security_token_t msgh_sender;
	audit_token_t msgh_audit;
} mach_msg_audit_trailer_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
	security_token_t msgh_sender;
	audit_token_t msgh_audit;
	mach_port_context_t msgh_context;
} mach_msg_context_trailer_t;

typedef struct {
	mach_msg_trailer_type_t msgh_trailer_type;
	mach_msg_trailer_size_t msgh_trailer_size;
	mach_port_seqno_t msgh_seqno;
	security_token_t msgh_sender;
	audit_token_t msgh_audit;
	mach_port_context_t msgh_context;
	mach_msg_filter_id msgh_ad;
	msg_labels_t msgh_labels;
} mach_msg_mac_trailer_t;

typedef mach_msg_security_trailer_t mach_msg_format_0_trailer_t;
typedef mach_msg_mac_trailer_t mach_msg_max_trailer_t;

#define MACH_MSG_TRAILER_FORMAT_0	0U
#define MACH_MSG_TRAILER_FORMAT_0_SIZE	20U
#define MACH_MSG_TRAILER_MINIMUM_SIZE	8U
#define MAX_TRAILER_SIZE		68U

#define MACH_RCV_TRAILER_NULL		0
#define MACH_RCV_TRAILER_SEQNO		1
#define MACH_RCV_TRAILER_SENDER		2
#define MACH_RCV_TRAILER_AUDIT		3
#define MACH_RCV_TRAILER_CTX		4
#define MACH_RCV_TRAILER_AV		7
#define MACH_RCV_TRAILER_LABELS		8
#define MACH_RCV_TRAILER_TYPE(x)	(((x) & 0xf) << 28)
#define MACH_RCV_TRAILER_ELEMENTS(x)	(((x) & 0xf) << 24)
#define MACH_RCV_TRAILER_MASK		(0xf << 24)
#define GET_RCV_ELEMENTS(y)		(((y) >> 24) & 0xf)

/* Bytes of trailer a receive with option word y asks for. */
#define REQUESTED_TRAILER_SIZE(y) \
	((mach_msg_trailer_size_t) \
	 (GET_RCV_ELEMENTS(y) == MACH_RCV_TRAILER_NULL ? 8 : \
	  GET_RCV_ELEMENTS(y) == MACH_RCV_TRAILER_SEQNO ? 12 : \
	  GET_RCV_ELEMENTS(y) == MACH_RCV_TRAILER_SENDER ? 20 : \
	  GET_RCV_ELEMENTS(y) == MACH_RCV_TRAILER_AUDIT ? 52 : \
	  GET_RCV_ELEMENTS(y) == MACH_RCV_TRAILER_CTX ? 60 : \
	  GET_RCV_ELEMENTS(y) == MACH_RCV_TRAILER_AV ? 68 : 68))

/* The kernel's own token: uid 0, gid 1. */
#define KERNEL_SECURITY_TOKEN_VALUE	{ { 0, 1 } }
#define KERNEL_AUDIT_TOKEN_VALUE	{ { 0, 0, 0, 0, 0, 0, 0, 0 } }

/* ---- NDR and MIG ------------------------------------------------------------ */

typedef struct {
	unsigned char mig_vers;
	unsigned char if_vers;
	unsigned char reserved1;
	unsigned char mig_encoding;
	unsigned char int_rep;
	unsigned char char_rep;
	unsigned char float_rep;
	unsigned char reserved2;
} NDR_record_t;

#define NDR_PROTOCOL_2_0	0
#define NDR_INT_BIG_ENDIAN	0
#define NDR_INT_LITTLE_ENDIAN	1
#define NDR_FLOAT_IEEE		0
#define NDR_CHAR_ASCII		0
#define XNU_NDR_RECORD_INIT \
	{ 0, 0, 0, NDR_PROTOCOL_2_0, NDR_INT_LITTLE_ENDIAN, NDR_CHAR_ASCII, \
	  NDR_FLOAT_IEEE, 0 }

typedef struct {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
} mig_reply_error_t;

#define MIG_TYPE_ERROR		-300
#define MIG_REPLY_MISMATCH	-301
#define MIG_REMOTE_ERROR	-302
#define MIG_BAD_ID		-303
#define MIG_BAD_ARGUMENTS	-304
#define MIG_NO_REPLY		-305
#define MIG_EXCEPTION		-306
#define MIG_ARRAY_TOO_LARGE	-307
#define MIG_SERVER_DIED		-308
#define MIG_TRAILER_ERROR	-309

/* Reply ids are request ids plus this. */
#define XNU_MIG_REPLY_ID_OFFSET	100

/* ---- notification messages (osfmk/mach/notify.h) ---------------------------- */

typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_port_name_t not_port;
	mach_msg_format_0_trailer_t trailer;
} mach_port_deleted_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_port_name_t not_port;
	mach_msg_format_0_trailer_t trailer;
} mach_send_possible_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	mach_msg_body_t not_body;
	mach_msg_port_descriptor_t not_port;
	mach_msg_format_0_trailer_t trailer;
} mach_port_destroyed_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_port_mscount_t not_count;
	mach_msg_format_0_trailer_t trailer;
} mach_no_senders_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	mach_msg_format_0_trailer_t trailer;
} mach_send_once_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_port_name_t not_port;
	mach_msg_format_0_trailer_t trailer;
} mach_dead_name_notification_t;

/* Bytes the kernel sends for each (msgh_size; the trailer is not counted). */
#define XNU_NOTIFY_PORT_DELETED_SIZE	36U
#define XNU_NOTIFY_PORT_DESTROYED_SIZE	40U
#define XNU_NOTIFY_NO_SENDERS_SIZE	36U
#define XNU_NOTIFY_SEND_ONCE_SIZE	24U
#define XNU_NOTIFY_DEAD_NAME_SIZE	36U

#pragma pack(pop)

/* ---- options (osfmk/mach/message.h) ------------------------------------------ */

#define MACH_SEND_MSG			0x00000001
#define MACH_RCV_MSG			0x00000002
#define MACH_RCV_LARGE			0x00000004
#define MACH_RCV_LARGE_IDENTITY		0x00000008
#define MACH_SEND_TIMEOUT		0x00000010
#define MACH_SEND_OVERRIDE		0x00000020
#define MACH_SEND_INTERRUPT		0x00000040
#define MACH_SEND_NOTIFY		0x00000080
#define MACH_SEND_ALWAYS		0x00010000
#define MACH_SEND_FILTER_NONFATAL	0x00010000
#define MACH_SEND_TRAILER		0x00020000
#define MACH_SEND_NOIMPORTANCE		0x00040000
#define MACH_SEND_NODENAP		MACH_SEND_NOIMPORTANCE
#define MACH_SEND_IMPORTANCE		0x00080000
#define MACH_SEND_SYNC_OVERRIDE		0x00100000
#define MACH_SEND_PROPAGATE_QOS		0x00200000
#define MACH_SEND_SYNC_USE_THRPRI	MACH_SEND_PROPAGATE_QOS
#define MACH_SEND_KERNEL		0x00400000
#define MACH_SEND_SYNC_BOOTSTRAP_CHECKIN 0x00800000
#define MACH_RCV_TIMEOUT		0x00000100
#define MACH_RCV_NOTIFY			0x00000000
#define MACH_RCV_INTERRUPT		0x00000400
#define MACH_RCV_VOUCHER		0x00000800
#define MACH_RCV_OVERWRITE		0x00000000
#define MACH_RCV_GUARDED_DESC		0x00001000
#define MACH_RCV_SYNC_WAIT		0x00004000
#define MACH_RCV_SYNC_PEEK		0x00008000
#define MACH_MSG_STRICT_REPLY		0x00000200

/* ---- return codes ------------------------------------------------------------- */

#define MACH_MSG_SUCCESS		0x00000000

#define MACH_MSG_MASK			0x00003e00
#define MACH_MSG_IPC_SPACE		0x00002000
#define MACH_MSG_VM_SPACE		0x00001000
#define MACH_MSG_IPC_KERNEL		0x00000800
#define MACH_MSG_VM_KERNEL		0x00000400

#define MACH_SEND_IN_PROGRESS		0x10000001
#define MACH_SEND_INVALID_DATA		0x10000002
#define MACH_SEND_INVALID_DEST		0x10000003
#define MACH_SEND_TIMED_OUT		0x10000004
#define MACH_SEND_INVALID_VOUCHER	0x10000005
#define MACH_SEND_INTERRUPTED		0x10000007
#define MACH_SEND_MSG_TOO_SMALL		0x10000008
#define MACH_SEND_INVALID_REPLY		0x10000009
#define MACH_SEND_INVALID_RIGHT		0x1000000a
#define MACH_SEND_INVALID_NOTIFY	0x1000000b
#define MACH_SEND_INVALID_MEMORY	0x1000000c
#define MACH_SEND_NO_BUFFER		0x1000000d
#define MACH_SEND_TOO_LARGE		0x1000000e
#define MACH_SEND_INVALID_TYPE		0x1000000f
#define MACH_SEND_INVALID_HEADER	0x10000010
#define MACH_SEND_INVALID_TRAILER	0x10000011
#define MACH_SEND_INVALID_CONTEXT	0x10000012
#define MACH_SEND_INVALID_OPTIONS	0x10000013
#define MACH_SEND_INVALID_RT_OOL_SIZE	0x10000015
#define MACH_SEND_NO_GRANT_DEST		0x10000016
#define MACH_SEND_MSG_FILTERED		0x10000017
#define MACH_SEND_AUX_TOO_SMALL		0x10000018
#define MACH_SEND_AUX_TOO_LARGE		0x10000019

#define MACH_RCV_IN_PROGRESS		0x10004001
#define MACH_RCV_INVALID_NAME		0x10004002
#define MACH_RCV_TIMED_OUT		0x10004003
#define MACH_RCV_TOO_LARGE		0x10004004
#define MACH_RCV_INTERRUPTED		0x10004005
#define MACH_RCV_PORT_CHANGED		0x10004006
#define MACH_RCV_INVALID_NOTIFY		0x10004007
#define MACH_RCV_INVALID_DATA		0x10004008
#define MACH_RCV_PORT_DIED		0x10004009
#define MACH_RCV_IN_SET			0x1000400a
#define MACH_RCV_HEADER_ERROR		0x1000400b
#define MACH_RCV_BODY_ERROR		0x1000400c
#define MACH_RCV_INVALID_TYPE		0x1000400d
#define MACH_RCV_SCATTER_SMALL		0x1000400e
#define MACH_RCV_INVALID_TRAILER	0x1000400f
#define MACH_RCV_IN_PROGRESS_TIMED	0x10004011
#define MACH_RCV_INVALID_REPLY		0x10004012
#define MACH_RCV_INVALID_ARGUMENTS	0x10004013

/* ---- limits -------------------------------------------------------------------- */

#define MACH_MSG_SIZE_RELIABLE		(256U * 1024U)
/* Largest message (header, body and inline data): XNU's body space. */
#define XNU_MACH_MSG_SIZE_MAX		((64U << 20) * 3 / 4 - MAX_TRAILER_SIZE)
/* Most port rights one message may carry (descriptors and OOL arrays). */
#define XNU_MACH_MSG_PORTS_MAX		16383U
/* Largest out-of-line region one descriptor may carry. */
#define XNU_MACH_OOL_SIZE_MAX		(256U << 20)
/*
 * Most descriptors one message may have, and most out-of-line bytes (all
 * its OOL regions together) one message may carry: past either the send
 * fails with MACH_SEND_TOO_LARGE before anything is copied. XNU bounds
 * them only by the message size and the sender's memory; a kernel that
 * copies at send needs a bound of its own. Out-of-line bytes in flight
 * (sent, not yet received) are also capped per user by the module
 * parameter ool_max_user_mb (MACH_SEND_NO_BUFFER past it).
 */
#define XNU_MACH_MSG_DESC_MAX	65535U
#define XNU_MACH_MSG_OOL_TOTAL_MAX	(1024ULL * 1024 * 1024)

#endif /* _UAPI_XNU_MACH_MSG_H */

/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_mach_types.h - Darwin's Mach scalar types and numbers, as the user ABI
 * defines them: kern_return_t codes, port names, rights and type bits, port
 * attributes, task special ports, notification ids and bootstrap codes.
 *
 * The values are XNU's (osfmk/mach/{kern_return,port,notify,
 * task_special_ports}.h, launchd's bootstrap.h). This header is shared by the
 * module, its kernel API and libxnucross's <mach/...> headers, so a port name
 * here is always the 32-bit user-space name, never a kernel pointer.
 */
#ifndef _UAPI_XNU_MACH_TYPES_H
#define _UAPI_XNU_MACH_TYPES_H

#include <linux/types.h>

/* ---- scalar types (LP64 user ABI) ---------------------------------------- */

#ifndef XNU_MACH_SCALARS_DEFINED
#define XNU_MACH_SCALARS_DEFINED
typedef __u32 natural_t;
typedef __s32 integer_t;
typedef int kern_return_t;
typedef int boolean_t;
typedef __u32 mach_port_name_t;
typedef mach_port_name_t mach_port_t;
typedef mach_port_name_t *mach_port_name_array_t;
typedef mach_port_t *mach_port_array_t;
typedef natural_t mach_port_right_t;
typedef natural_t mach_port_type_t;
typedef mach_port_type_t *mach_port_type_array_t;
typedef natural_t mach_port_urefs_t;
typedef integer_t mach_port_delta_t;
typedef natural_t mach_port_seqno_t;
typedef natural_t mach_port_mscount_t;
typedef natural_t mach_port_msgcount_t;
typedef natural_t mach_port_rights_t;
typedef __u64 mach_port_context_t;
typedef int mach_port_flavor_t;
typedef integer_t *mach_port_info_t;
typedef natural_t mach_msg_type_number_t;
typedef mach_port_t task_t;
typedef mach_port_t ipc_space_t;
typedef int task_special_port_t;
#endif

/* ---- kern_return_t (osfmk/mach/kern_return.h) ----------------------------- */

#define KERN_SUCCESS			0
#define KERN_INVALID_ADDRESS		1
#define KERN_PROTECTION_FAILURE		2
#define KERN_NO_SPACE			3
#define KERN_INVALID_ARGUMENT		4
#define KERN_FAILURE			5
#define KERN_RESOURCE_SHORTAGE		6
#define KERN_NOT_RECEIVER		7
#define KERN_NO_ACCESS			8
#define KERN_MEMORY_FAILURE		9
#define KERN_MEMORY_ERROR		10
#define KERN_ALREADY_IN_SET		11
#define KERN_NOT_IN_SET			12
#define KERN_NAME_EXISTS		13
#define KERN_ABORTED			14
#define KERN_INVALID_NAME		15
#define KERN_INVALID_TASK		16
#define KERN_INVALID_RIGHT		17
#define KERN_INVALID_VALUE		18
#define KERN_UREFS_OVERFLOW		19
#define KERN_INVALID_CAPABILITY		20
#define KERN_RIGHT_EXISTS		21
#define KERN_INVALID_HOST		22
#define KERN_MEMORY_PRESENT		23
#define KERN_MEMORY_DATA_MOVED		24
#define KERN_MEMORY_RESTART_COPY	25
#define KERN_INVALID_PROCESSOR_SET	26
#define KERN_POLICY_LIMIT		27
#define KERN_INVALID_POLICY		28
#define KERN_INVALID_OBJECT		29
#define KERN_ALREADY_WAITING		30
#define KERN_DEFAULT_SET		31
#define KERN_EXCEPTION_PROTECTED	32
#define KERN_INVALID_LEDGER		33
#define KERN_INVALID_MEMORY_CONTROL	34
#define KERN_INVALID_SECURITY		35
#define KERN_NOT_DEPRESSED		36
#define KERN_TERMINATED			37
#define KERN_LOCK_SET_DESTROYED		38
#define KERN_LOCK_UNSTABLE		39
#define KERN_LOCK_OWNED			40
#define KERN_LOCK_OWNED_SELF		41
#define KERN_SEMAPHORE_DESTROYED	42
#define KERN_RPC_SERVER_TERMINATED	43
#define KERN_RPC_TERMINATE_ORPHAN	44
#define KERN_RPC_CONTINUE_ORPHAN	45
#define KERN_NOT_SUPPORTED		46
#define KERN_NODE_DOWN			47
#define KERN_NOT_WAITING		48
#define KERN_OPERATION_TIMED_OUT	49
#define KERN_CODESIGN_ERROR		50
#define KERN_POLICY_STATIC		51
#define KERN_INSUFFICIENT_BUFFER_SIZE	52
#define KERN_DENIED			53
#define KERN_MISSING_KC			54
#define KERN_INVALID_KC			55
#define KERN_NOT_FOUND			56
#define KERN_RETURN_MAX			0x100

/* ---- port names (osfmk/mach/port.h) --------------------------------------- */

#define MACH_PORT_NULL			0U
#define MACH_PORT_DEAD			0xffffffffU
#define MACH_PORT_VALID(name) \
	((name) != MACH_PORT_NULL && (name) != MACH_PORT_DEAD)

/* A name is index << 8 | generation; kernel-chosen names end in binary 11. */
#define MACH_PORT_INDEX(name)		((name) >> 8)
#define MACH_PORT_GEN(name)		(((name) & 0xff) << 24)
#define MACH_PORT_MAKE(index, gen)	(((index) << 8) | ((gen) >> 24))

/* Rights. */
#define MACH_PORT_RIGHT_SEND		0U
#define MACH_PORT_RIGHT_RECEIVE		1U
#define MACH_PORT_RIGHT_SEND_ONCE	2U
#define MACH_PORT_RIGHT_PORT_SET	3U
#define MACH_PORT_RIGHT_DEAD_NAME	4U
#define MACH_PORT_RIGHT_LABELH		5U
#define MACH_PORT_RIGHT_NUMBER		6U

/* Type bits: MACH_PORT_TYPE(right) = 1 << (right + 16). */
#define MACH_PORT_TYPE(right)		(1U << ((right) + 16))
#define MACH_PORT_TYPE_NONE		0U
#define MACH_PORT_TYPE_SEND		MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND)
#define MACH_PORT_TYPE_RECEIVE		MACH_PORT_TYPE(MACH_PORT_RIGHT_RECEIVE)
#define MACH_PORT_TYPE_SEND_ONCE	MACH_PORT_TYPE(MACH_PORT_RIGHT_SEND_ONCE)
#define MACH_PORT_TYPE_PORT_SET		MACH_PORT_TYPE(MACH_PORT_RIGHT_PORT_SET)
#define MACH_PORT_TYPE_DEAD_NAME	MACH_PORT_TYPE(MACH_PORT_RIGHT_DEAD_NAME)
#define MACH_PORT_TYPE_LABELH		MACH_PORT_TYPE(MACH_PORT_RIGHT_LABELH)
#define MACH_PORT_TYPE_SEND_RECEIVE \
	(MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE)
#define MACH_PORT_TYPE_SEND_RIGHTS \
	(MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_SEND_ONCE)
#define MACH_PORT_TYPE_PORT_RIGHTS \
	(MACH_PORT_TYPE_SEND_RIGHTS | MACH_PORT_TYPE_RECEIVE)
#define MACH_PORT_TYPE_PORT_OR_DEAD \
	(MACH_PORT_TYPE_PORT_RIGHTS | MACH_PORT_TYPE_DEAD_NAME)
#define MACH_PORT_TYPE_ALL_RIGHTS \
	(MACH_PORT_TYPE_PORT_OR_DEAD | MACH_PORT_TYPE_PORT_SET)
/* Pseudo bits mach_port_type() and mach_port_names() may report. */
#define MACH_PORT_TYPE_DNREQUEST	0x80000000U
#define MACH_PORT_TYPE_SPREQUEST	0x40000000U
#define MACH_PORT_TYPE_SPREQUEST_DELAYED 0x20000000U

/* User references: send and dead-name rights count them, pegged at the max. */
#define MACH_PORT_UREFS_MAX		0xffffU

#define MACH_PORT_SRIGHTS_NONE		0
#define MACH_PORT_SRIGHTS_PRESENT	1

/* Queue limits. */
#define MACH_PORT_QLIMIT_ZERO		0
#define MACH_PORT_QLIMIT_BASIC		5
#define MACH_PORT_QLIMIT_SMALL		16
#define MACH_PORT_QLIMIT_LARGE		1024
#define MACH_PORT_QLIMIT_KERNEL		65534
#define MACH_PORT_QLIMIT_MIN		MACH_PORT_QLIMIT_ZERO
#define MACH_PORT_QLIMIT_DEFAULT	MACH_PORT_QLIMIT_BASIC
#define MACH_PORT_QLIMIT_MAX		MACH_PORT_QLIMIT_LARGE

/* mach_port_get_attributes()/set_attributes() flavors and layouts. */
typedef struct mach_port_status {
	mach_port_rights_t mps_pset;	/* number of containing port sets */
	mach_port_seqno_t mps_seqno;	/* sequence number */
	mach_port_mscount_t mps_mscount; /* make-send count */
	mach_port_msgcount_t mps_qlimit; /* queue limit */
	mach_port_msgcount_t mps_msgcount; /* messages queued */
	mach_port_rights_t mps_sorights; /* send-once rights */
	boolean_t mps_srights;		/* do send rights exist? */
	boolean_t mps_pdrequest;	/* port-destroyed requested? */
	boolean_t mps_nsrequest;	/* no-senders requested? */
	natural_t mps_flags;		/* MACH_PORT_STATUS_FLAG_* */
} mach_port_status_t;

typedef struct mach_port_limits {
	mach_port_msgcount_t mpl_qlimit;
} mach_port_limits_t;

typedef struct mach_port_info_ext {
	mach_port_status_t mpie_status;
	mach_port_msgcount_t mpie_boost_cnt;
	__u32 reserved[6];
} mach_port_info_ext_t;

#define MACH_PORT_STATUS_FLAG_TEMPOWNER		0x01
#define MACH_PORT_STATUS_FLAG_GUARDED		0x02
#define MACH_PORT_STATUS_FLAG_STRICT_GUARD	0x04
#define MACH_PORT_STATUS_FLAG_IMP_DONATION	0x08
#define MACH_PORT_STATUS_FLAG_REVIVE		0x10
#define MACH_PORT_STATUS_FLAG_TASKPTR		0x20
#define MACH_PORT_STATUS_FLAG_GUARD_IMMOVABLE_RECEIVE 0x40
#define MACH_PORT_STATUS_FLAG_NO_GRANT		0x80

#define MACH_PORT_LIMITS_INFO		1
#define MACH_PORT_RECEIVE_STATUS	2
#define MACH_PORT_DNREQUESTS_SIZE	3
#define MACH_PORT_TEMPOWNER		4
#define MACH_PORT_IMPORTANCE_RECEIVER	5
#define MACH_PORT_DENAP_RECEIVER	6
#define MACH_PORT_INFO_EXT		7
#define MACH_PORT_GUARD_INFO		8
#define MACH_PORT_SERVICE_THROTTLED	9

#define MACH_PORT_LIMITS_INFO_COUNT	1U
#define MACH_PORT_RECEIVE_STATUS_COUNT	10U
#define MACH_PORT_DNREQUESTS_SIZE_COUNT	1U
#define MACH_PORT_INFO_EXT_COUNT	17U
#define MACH_PORT_GUARD_INFO_COUNT	2U
#define MACH_PORT_SERVICE_THROTTLED_COUNT 1U

/* ---- notifications (osfmk/mach/notify.h) ---------------------------------- */

#define MACH_NOTIFY_FIRST		0100
#define MACH_NOTIFY_PORT_DELETED	(MACH_NOTIFY_FIRST + 001)	/* 65 */
#define MACH_NOTIFY_SEND_POSSIBLE	(MACH_NOTIFY_FIRST + 002)	/* 66 */
#define MACH_NOTIFY_PORT_DESTROYED	(MACH_NOTIFY_FIRST + 005)	/* 69 */
#define MACH_NOTIFY_NO_SENDERS		(MACH_NOTIFY_FIRST + 006)	/* 70 */
#define MACH_NOTIFY_SEND_ONCE		(MACH_NOTIFY_FIRST + 007)	/* 71 */
#define MACH_NOTIFY_DEAD_NAME		(MACH_NOTIFY_FIRST + 010)	/* 72 */
#define MACH_NOTIFY_LAST		(MACH_NOTIFY_FIRST + 015)

/* ---- task special ports (osfmk/mach/task_special_ports.h) ------------------ */

#define TASK_KERNEL_PORT		1
#define TASK_HOST_PORT			2
#define TASK_NAME_PORT			3
#define TASK_BOOTSTRAP_PORT		4
#define TASK_INSPECT_PORT		5
#define TASK_READ_PORT			6
#define TASK_ACCESS_PORT		9
#define TASK_DEBUG_CONTROL_PORT		10
#define TASK_RESOURCE_NOTIFY_PORT	11
#define TASK_MAX_SPECIAL_PORT		TASK_RESOURCE_NOTIFY_PORT

/* mach_ports_register()/mach_ports_lookup() slots. */
#define TASK_PORT_REGISTER_MAX		3

/* ---- bootstrap (launchd's <servers/bootstrap.h>) --------------------------- */

#define BOOTSTRAP_MAX_NAME_LEN		128
#define BOOTSTRAP_MAX_CMD_LEN		512
#define BOOTSTRAP_MAX_LOOKUP_COUNT	20

#define BOOTSTRAP_SUCCESS		0
#define BOOTSTRAP_NOT_PRIVILEGED	1100
#define BOOTSTRAP_NAME_IN_USE		1101
#define BOOTSTRAP_UNKNOWN_SERVICE	1102
#define BOOTSTRAP_SERVICE_ACTIVE	1103
#define BOOTSTRAP_BAD_COUNT		1104
#define BOOTSTRAP_NO_MEMORY		1105
#define BOOTSTRAP_NO_CHILDREN		1106

/* ---- kobject types (osfmk/kern/ipc_kobject.h numbers we use) -------------- */

#define XNU_IKOT_NONE			0
#define XNU_IKOT_TASK_CONTROL		2
#define XNU_IKOT_HOST			3
#define XNU_IKOT_CLOCK			25
#define XNU_IKOT_BOOTSTRAP		1000	/* ours: the name service */
#define XNU_IKOT_MODULE_BASE		2000	/* ours: types other modules add */

#endif /* _UAPI_XNU_MACH_TYPES_H */

/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_mach_bootstrap.h - the messages of the name service behind every
 * task's bootstrap port: bootstrap_check_in(), bootstrap_register() and
 * bootstrap_look_up() as MIG routines of subsystem 400, with the msgh_ids
 * of launchd's legacy bootstrap.defs.
 *
 * The module serves this subsystem on its bootstrap kernel object (the
 * calls run in the caller's thread); libxnucross's <servers/bootstrap.h>
 * functions are the client stubs. A task whose bootstrap port was set to a
 * user server's port sends these same messages there.
 *
 * Layouts are MIG's (4-byte packing). Replies are request id + 100; an
 * error reply is a 36-byte mig_reply_error_t whose RetCode is a
 * BOOTSTRAP_* or KERN_* code.
 */
#ifndef _UAPI_XNU_MACH_BOOTSTRAP_H
#define _UAPI_XNU_MACH_BOOTSTRAP_H

#include "xnu_mach_msg.h"

#define XNU_BOOTSTRAP_SUBSYSTEM		400
#define XNU_BOOTSTRAP_CHECK_IN_ID	402
#define XNU_BOOTSTRAP_REGISTER_ID	403
#define XNU_BOOTSTRAP_LOOK_UP_ID	404
#define XNU_BOOTSTRAP_SUBSYSTEM_END	405

typedef char name_t[BOOTSTRAP_MAX_NAME_LEN];

#pragma pack(push, 4)

/* bootstrap_check_in() and bootstrap_look_up(): 160 bytes. */
struct xnu_bootstrap_name_request {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	name_t service_name;
};

/*
 * Their success reply, complex, 40 bytes: the service's receive right
 * (check_in, disposition MOVE_RECEIVE) or a send right (look_up,
 * COPY_SEND / MAKE_SEND).
 */
struct xnu_bootstrap_port_reply {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t service_port;
};

/* bootstrap_register(): complex, 176 bytes; reply is mig_reply_error_t. */
struct xnu_bootstrap_register_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t service_port;
	NDR_record_t NDR;
	name_t service_name;
};

#pragma pack(pop)

#define XNU_BOOTSTRAP_NAME_REQUEST_SIZE		160U
#define XNU_BOOTSTRAP_PORT_REPLY_SIZE		40U
#define XNU_BOOTSTRAP_REGISTER_REQUEST_SIZE	176U

#endif /* _UAPI_XNU_MACH_BOOTSTRAP_H */

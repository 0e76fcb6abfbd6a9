/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * servers/bootstrap.h - Darwin's bootstrap name service client:
 * bootstrap_check_in(), bootstrap_register(), bootstrap_look_up() and
 * bootstrap_strerror(), with launchd's BOOTSTRAP_* codes.
 *
 * There is no launchd: the xnucross module serves the name service on
 * every task's bootstrap port (bootstrap_port, see <mach/mach_init.h>), in
 * the caller's thread, and kernel modules publish their kernel-object
 * ports in it the same way, so a lookup finds kernel and user services
 * alike. The functions are MIG client stubs of the legacy bootstrap.defs
 * routines (subsystem 400, uapi xnu_mach_bootstrap.h): each is one
 * mach_msg() send+receive on the thread's MIG reply port, so they work as
 * well against a user-space server a task set as its bootstrap port.
 *
 * bootstrap_check_in() returns the receive right of a service the caller
 * provides, bootstrap_look_up() a send right to a service's port and
 * bootstrap_register() binds a name to a send right the caller gives.
 * Names longer than BOOTSTRAP_MAX_NAME_LEN - 1 bytes are cut, as MIG does.
 * Besides BOOTSTRAP_* codes the calls return mach_msg() errors and MIG
 * reply-check errors (MIG_REPLY_MISMATCH, MIG_TYPE_ERROR, MIG_SERVER_DIED).
 * Which names a task may register or check in is the module's rule
 * (Documentation/mach-ipc.rst).
 */
#ifndef _XNUCROSS_SERVERS_BOOTSTRAP_H_
#define _XNUCROSS_SERVERS_BOOTSTRAP_H_

#include <sys/types.h>

#include <mach/mach.h>

#include "xnu_mach_bootstrap.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef char cmd_t[BOOTSTRAP_MAX_CMD_LEN];
typedef name_t *name_array_t;
typedef int bootstrap_status_t;
typedef bootstrap_status_t *bootstrap_status_array_t;
typedef unsigned int bootstrap_property_t;
typedef bootstrap_property_t *bootstrap_property_array_t;
typedef boolean_t *bool_array_t;

#define BOOTSTRAP_STATUS_INACTIVE	0
#define BOOTSTRAP_STATUS_ACTIVE		1
#define BOOTSTRAP_STATUS_ON_DEMAND	2

/*
 * Darwin declares service_name as (const) name_t, which is adjusted to
 * (const) char *; it is spelled so here because GCC would otherwise take
 * the array size as a promise and warn when a shorter string is passed.
 */
kern_return_t bootstrap_check_in(mach_port_t bp, const char *service_name,
				 mach_port_t *sp);
kern_return_t bootstrap_register(mach_port_t bp, char *service_name,
				 mach_port_t sp);
kern_return_t bootstrap_look_up(mach_port_t bp, const char *service_name,
				mach_port_t *sp);
const char *bootstrap_strerror(kern_return_t r);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_SERVERS_BOOTSTRAP_H_ */

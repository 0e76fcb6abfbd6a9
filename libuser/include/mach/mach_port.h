/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mach/mach_port.h - the mach_port_* calls on a task's port name space,
 * with Darwin's prototypes and XNU's return codes.
 *
 * Each call is one ioctl on /dev/xnucross (uapi xnu_mach_traps.h): the
 * module acts on the space of the task named by the first argument, which
 * must be a send right to a task port of the caller (normally
 * mach_task_self()); a name that is no send right gives
 * MACH_SEND_INVALID_DEST, a send right to another kind of port
 * KERN_INVALID_TASK. When the module cannot be reached (libxnucross says
 * why once on stderr) a call returns KERN_FAILURE (KERN_RESOURCE_SHORTAGE
 * if memory ran out).
 *
 * mach_port_names() and mach_port_get_set_status() return their arrays in
 * memory the caller releases with vm_deallocate(), as on Darwin (none, a
 * NULL address, when there are no items). A NULL pointer for a result
 * gives KERN_INVALID_ADDRESS without a call.
 *
 * The same routines are also MIG messages to the task port (Darwin's
 * mach_port subsystem, 3200, with its ids and layouts): the stubs are the
 * _kernelrpc_mach_port_*() below, as Darwin names them. The public calls
 * use the trap and, as Darwin's libsyscall, retry through the stub when the
 * trap gives MACH_SEND_INVALID_DEST; mach_port_set_mscount(),
 * mach_port_set_seqno(), mach_port_get_srights(),
 * mach_port_insert_member(), mach_port_extract_member() and
 * mach_port_get_set_status() are the MIG routine only. The MIG routines of
 * mach_port_names() and mach_port_get_set_status() return their arrays as
 * out-of-line memory in the reply, as XNU's.
 */
#ifndef _XNUCROSS_MACH_MACH_PORT_H_
#define _XNUCROSS_MACH_MACH_PORT_H_

#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/port.h>

#ifdef __cplusplus
extern "C" {
#endif

kern_return_t mach_port_names(ipc_space_t task, mach_port_name_array_t *names,
			      mach_msg_type_number_t *namesCnt,
			      mach_port_type_array_t *types,
			      mach_msg_type_number_t *typesCnt);
kern_return_t mach_port_type(ipc_space_t task, mach_port_name_t name,
			     mach_port_type_t *ptype);
kern_return_t mach_port_allocate_name(ipc_space_t task,
				      mach_port_right_t right,
				      mach_port_name_t name);
kern_return_t mach_port_allocate(ipc_space_t task, mach_port_right_t right,
				 mach_port_name_t *name);
kern_return_t mach_port_destroy(ipc_space_t task, mach_port_name_t name);
kern_return_t mach_port_deallocate(ipc_space_t task, mach_port_name_t name);
kern_return_t mach_port_get_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_urefs_t *refs);
kern_return_t mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_delta_t delta);
kern_return_t mach_port_move_member(ipc_space_t task, mach_port_name_t member,
				    mach_port_name_t after);
kern_return_t mach_port_request_notification(ipc_space_t task,
					     mach_port_name_t name,
					     mach_msg_id_t msgid,
					     mach_port_mscount_t sync,
					     mach_port_t notify,
					     mach_msg_type_name_t notifyPoly,
					     mach_port_t *previous);
kern_return_t mach_port_insert_right(ipc_space_t task, mach_port_name_t name,
				     mach_port_t poly,
				     mach_msg_type_name_t polyPoly);
kern_return_t mach_port_extract_right(ipc_space_t task, mach_port_name_t name,
				      mach_msg_type_name_t msgt_name,
				      mach_port_t *poly,
				      mach_msg_type_name_t *polyPoly);
kern_return_t mach_port_get_attributes(ipc_space_t task, mach_port_name_t name,
				       mach_port_flavor_t flavor,
				       mach_port_info_t port_info_out,
				       mach_msg_type_number_t *port_info_outCnt);
kern_return_t mach_port_set_attributes(ipc_space_t task, mach_port_name_t name,
				       mach_port_flavor_t flavor,
				       mach_port_info_t port_info,
				       mach_msg_type_number_t port_infoCnt);
kern_return_t mach_port_get_context(ipc_space_t task, mach_port_name_t name,
				    mach_port_context_t *context);
kern_return_t mach_port_set_context(ipc_space_t task, mach_port_name_t name,
				    mach_port_context_t context);
kern_return_t mach_port_set_mscount(ipc_space_t task, mach_port_name_t name,
				    mach_port_mscount_t mscount);
kern_return_t mach_port_set_seqno(ipc_space_t task, mach_port_name_t name,
				  mach_port_seqno_t seqno);
kern_return_t mach_port_get_srights(ipc_space_t task, mach_port_name_t name,
				    mach_port_rights_t *srights);
kern_return_t mach_port_insert_member(ipc_space_t task, mach_port_name_t name,
				      mach_port_name_t pset);
kern_return_t mach_port_extract_member(ipc_space_t task,
				       mach_port_name_t name,
				       mach_port_name_t pset);
kern_return_t mach_port_get_set_status(ipc_space_read_t task,
				       mach_port_name_t name,
				       mach_port_name_array_t *members,
				       mach_msg_type_number_t *membersCnt);

/* The MIG stubs (mach_port subsystem 3200). */
kern_return_t _kernelrpc_mach_port_names(ipc_space_t task,
					 mach_port_name_array_t *names,
					 mach_msg_type_number_t *namesCnt,
					 mach_port_type_array_t *types,
					 mach_msg_type_number_t *typesCnt);
kern_return_t _kernelrpc_mach_port_type(ipc_space_t task,
					mach_port_name_t name,
					mach_port_type_t *ptype);
kern_return_t _kernelrpc_mach_port_allocate_name(ipc_space_t task,
						 mach_port_right_t right,
						 mach_port_name_t name);
kern_return_t _kernelrpc_mach_port_allocate(ipc_space_t task,
					    mach_port_right_t right,
					    mach_port_name_t *name);
kern_return_t _kernelrpc_mach_port_destroy(ipc_space_t task,
					   mach_port_name_t name);
kern_return_t _kernelrpc_mach_port_deallocate(ipc_space_t task,
					      mach_port_name_t name);
kern_return_t _kernelrpc_mach_port_get_refs(ipc_space_t task,
					    mach_port_name_t name,
					    mach_port_right_t right,
					    mach_port_urefs_t *refs);
kern_return_t _kernelrpc_mach_port_mod_refs(ipc_space_t task,
					    mach_port_name_t name,
					    mach_port_right_t right,
					    mach_port_delta_t delta);
kern_return_t _kernelrpc_mach_port_set_mscount(ipc_space_t task,
					       mach_port_name_t name,
					       mach_port_mscount_t mscount);
kern_return_t _kernelrpc_mach_port_get_set_status(ipc_space_t task,
						  mach_port_name_t name,
						  mach_port_name_array_t *members,
						  mach_msg_type_number_t *membersCnt);
kern_return_t _kernelrpc_mach_port_move_member(ipc_space_t task,
					       mach_port_name_t member,
					       mach_port_name_t after);
kern_return_t _kernelrpc_mach_port_request_notification(
	ipc_space_t task, mach_port_name_t name, mach_msg_id_t msgid,
	mach_port_mscount_t sync, mach_port_t notify,
	mach_msg_type_name_t notifyPoly, mach_port_t *previous);
kern_return_t _kernelrpc_mach_port_insert_right(ipc_space_t task,
						mach_port_name_t name,
						mach_port_t poly,
						mach_msg_type_name_t polyPoly);
kern_return_t _kernelrpc_mach_port_extract_right(ipc_space_t task,
						 mach_port_name_t name,
						 mach_msg_type_name_t msgt_name,
						 mach_port_t *poly,
						 mach_msg_type_name_t *polyPoly);
kern_return_t _kernelrpc_mach_port_set_seqno(ipc_space_t task,
					     mach_port_name_t name,
					     mach_port_seqno_t seqno);
kern_return_t _kernelrpc_mach_port_get_attributes(
	ipc_space_t task, mach_port_name_t name, mach_port_flavor_t flavor,
	mach_port_info_t port_info_out,
	mach_msg_type_number_t *port_info_outCnt);
kern_return_t _kernelrpc_mach_port_set_attributes(
	ipc_space_t task, mach_port_name_t name, mach_port_flavor_t flavor,
	mach_port_info_t port_info, mach_msg_type_number_t port_infoCnt);
kern_return_t _kernelrpc_mach_port_get_srights(ipc_space_t task,
					       mach_port_name_t name,
					       mach_port_rights_t *srights);
kern_return_t _kernelrpc_mach_port_insert_member(ipc_space_t task,
						 mach_port_name_t name,
						 mach_port_name_t pset);
kern_return_t _kernelrpc_mach_port_extract_member(ipc_space_t task,
						  mach_port_name_t name,
						  mach_port_name_t pset);
kern_return_t _kernelrpc_mach_port_get_context(ipc_space_t task,
					       mach_port_name_t name,
					       mach_port_context_t *context);
kern_return_t _kernelrpc_mach_port_set_context(ipc_space_t task,
					       mach_port_name_t name,
					       mach_port_context_t context);

#ifdef __cplusplus
}
#endif

#endif /* _XNUCROSS_MACH_MACH_PORT_H_ */

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mach_port.c - the mach_port_* calls of <mach/mach_port.h>, each one
 * ioctl on /dev/xnucross (uapi xnu_mach_traps.h says which fields each
 * trap reads and writes). The module decides everything and returns XNU's
 * codes; this file only packs arguments, unpacks results, and for
 * mach_port_names() provides the vm_allocate() arrays Darwin returns.
 *
 * The same routines are MIG messages to the task port too (the mach_port
 * subsystem, kmod/mach/defs/mach_port.defs; the generated stubs are the
 * _kernelrpc_mach_port_*() of <mach/mach_port.h>). As Darwin's libsyscall
 * does, the calls Darwin has a trap for (allocate, deallocate, mod_refs,
 * move_member, insert_right, request_notification, get_attributes, type)
 * retry through the MIG routine when the trap gives MACH_SEND_INVALID_DEST;
 * the calls with no trap (set_mscount, set_seqno, get_srights,
 * insert_member, extract_member, get_set_status) are the MIG routine.
 * mach_port_names() is the trap, and the MIG routine (whose out-of-line
 * arrays arrive mapped, for vm_deallocate()) when the trap finds no task.
 */
#include <stdint.h>
#include <string.h>

#include <mach/mach.h>

#include "mach_private.h"

/* Names the first mach_port_names() call makes room for (one page each). */
#define NAMES_FIRST_CAPACITY	1024U
/* Room added above the count the module gave, for names made meanwhile. */
#define NAMES_SLACK		64U

/* libsyscall's fallback: the MIG routine when the trap found no task. */
#define TRAP_OR_MIG(kr, mig) \
	((kr) == MACH_SEND_INVALID_DEST ? (mig) : (kr))

kern_return_t mach_port_allocate(ipc_space_t task, mach_port_right_t right,
				 mach_port_name_t *name)
{
	struct xnu_mach_port_args a = { .task = task, .right = right };
	kern_return_t kr;

	if (!name)
		return KERN_INVALID_ADDRESS;
	kr = xnucross_mach_trap(XNU_TRAP_PORT_ALLOCATE, &a);
	if (kr == KERN_SUCCESS)
		*name = a.name;
	return TRAP_OR_MIG(kr, _kernelrpc_mach_port_allocate(task, right, name));
}

kern_return_t mach_port_allocate_name(ipc_space_t task,
				      mach_port_right_t right,
				      mach_port_name_t name)
{
	struct xnu_mach_port_args a = {
		.task = task, .name = name, .right = right,
	};

	return xnucross_mach_trap(XNU_TRAP_PORT_ALLOCATE_NAME, &a);
}

kern_return_t mach_port_deallocate(ipc_space_t task, mach_port_name_t name)
{
	struct xnu_mach_port_args a = { .task = task, .name = name };
	kern_return_t kr;

	kr = xnucross_mach_trap(XNU_TRAP_PORT_DEALLOCATE, &a);
	return TRAP_OR_MIG(kr, _kernelrpc_mach_port_deallocate(task, name));
}

kern_return_t mach_port_destroy(ipc_space_t task, mach_port_name_t name)
{
	struct xnu_mach_port_args a = { .task = task, .name = name };

	return xnucross_mach_trap(XNU_TRAP_PORT_DESTROY, &a);
}

kern_return_t mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_delta_t delta)
{
	struct xnu_mach_port_args a = {
		.task = task, .name = name, .right = right, .delta = delta,
	};
	kern_return_t kr;

	kr = xnucross_mach_trap(XNU_TRAP_PORT_MOD_REFS, &a);
	return TRAP_OR_MIG(kr, _kernelrpc_mach_port_mod_refs(task, name, right,
							     delta));
}

kern_return_t mach_port_get_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_urefs_t *refs)
{
	struct xnu_mach_port_args a = {
		.task = task, .name = name, .right = right,
	};
	kern_return_t kr;

	if (!refs)
		return KERN_INVALID_ADDRESS;
	kr = xnucross_mach_trap(XNU_TRAP_PORT_GET_REFS, &a);
	if (kr == KERN_SUCCESS)
		*refs = (mach_port_urefs_t)a.delta;
	return kr;
}

kern_return_t mach_port_insert_right(ipc_space_t task, mach_port_name_t name,
				     mach_port_t poly,
				     mach_msg_type_name_t polyPoly)
{
	struct xnu_mach_port_args a = {
		.task = task, .name = name, .poly = poly, .poly_type = polyPoly,
	};
	kern_return_t kr;

	kr = xnucross_mach_trap(XNU_TRAP_PORT_INSERT_RIGHT, &a);
	return TRAP_OR_MIG(kr, _kernelrpc_mach_port_insert_right(task, name, poly,
								 polyPoly));
}

kern_return_t mach_port_extract_right(ipc_space_t task, mach_port_name_t name,
				      mach_msg_type_name_t msgt_name,
				      mach_port_t *poly,
				      mach_msg_type_name_t *polyPoly)
{
	struct xnu_mach_port_args a = {
		.task = task, .name = name, .right = msgt_name,
	};
	kern_return_t kr;

	if (!poly || !polyPoly)
		return KERN_INVALID_ADDRESS;
	kr = xnucross_mach_trap(XNU_TRAP_PORT_EXTRACT_RIGHT, &a);
	if (kr == KERN_SUCCESS) {
		*poly = a.poly;
		*polyPoly = a.poly_type;
	}
	return kr;
}

kern_return_t mach_port_type(ipc_space_t task, mach_port_name_t name,
			     mach_port_type_t *ptype)
{
	struct xnu_mach_port_args a = { .task = task, .name = name };
	kern_return_t kr;

	if (!ptype)
		return KERN_INVALID_ADDRESS;
	kr = xnucross_mach_trap(XNU_TRAP_PORT_TYPE, &a);
	if (kr == KERN_SUCCESS)
		*ptype = a.right;
	return TRAP_OR_MIG(kr, _kernelrpc_mach_port_type(task, name, ptype));
}

kern_return_t mach_port_move_member(ipc_space_t task, mach_port_name_t member,
				    mach_port_name_t after)
{
	struct xnu_mach_port_args a = {
		.task = task, .name = member, .poly = after,
	};
	kern_return_t kr;

	kr = xnucross_mach_trap(XNU_TRAP_PORT_MOVE_MEMBER, &a);
	return TRAP_OR_MIG(kr, _kernelrpc_mach_port_move_member(task, member,
								after));
}

kern_return_t mach_port_request_notification(ipc_space_t task,
					     mach_port_name_t name,
					     mach_msg_id_t msgid,
					     mach_port_mscount_t sync,
					     mach_port_t notify,
					     mach_msg_type_name_t notifyPoly,
					     mach_port_t *previous)
{
	struct xnu_mach_port_args a = {
		.task = task, .name = name, .right = (uint32_t)msgid,
		.sync = sync, .poly = notify, .poly_type = notifyPoly,
	};
	kern_return_t kr;

	if (!previous)
		return KERN_INVALID_ADDRESS;
	kr = xnucross_mach_trap(XNU_TRAP_PORT_REQUEST_NOTIFICATION, &a);
	if (kr == KERN_SUCCESS)
		*previous = a.poly;
	return TRAP_OR_MIG(kr, _kernelrpc_mach_port_request_notification(task,
				name, msgid, sync, notify, notifyPoly, previous));
}

/*
 * MIG's client stub sends at most 17 integers (the size of
 * mach_port_info_t's array) and copies back no more than the caller
 * offered; so does this.
 */
kern_return_t mach_port_get_attributes(ipc_space_t task, mach_port_name_t name,
				       mach_port_flavor_t flavor,
				       mach_port_info_t port_info_out,
				       mach_msg_type_number_t *port_info_outCnt)
{
	struct xnu_mach_port_attr a = {
		.task = task, .name = name, .flavor = flavor,
	};
	mach_msg_type_number_t n;
	kern_return_t kr;

	if (!port_info_outCnt || (!port_info_out && *port_info_outCnt))
		return KERN_INVALID_ADDRESS;
	a.count = *port_info_outCnt < XNU_MACH_ATTR_MAX ?
		  *port_info_outCnt : XNU_MACH_ATTR_MAX;
	kr = xnucross_mach_trap(XNU_TRAP_PORT_GET_ATTRIBUTES, &a);
	if (kr == MACH_SEND_INVALID_DEST)
		return _kernelrpc_mach_port_get_attributes(task, name, flavor,
							   port_info_out,
							   port_info_outCnt);
	if (kr != KERN_SUCCESS)
		return kr;
	n = a.count < XNU_MACH_ATTR_MAX ? a.count : XNU_MACH_ATTR_MAX;
	if (n > *port_info_outCnt) {
		memcpy(port_info_out, a.info,
		       *port_info_outCnt * sizeof(integer_t));
		*port_info_outCnt = n;
		return MIG_ARRAY_TOO_LARGE;
	}
	memcpy(port_info_out, a.info, n * sizeof(integer_t));
	*port_info_outCnt = n;
	return KERN_SUCCESS;
}

kern_return_t mach_port_set_attributes(ipc_space_t task, mach_port_name_t name,
				       mach_port_flavor_t flavor,
				       mach_port_info_t port_info,
				       mach_msg_type_number_t port_infoCnt)
{
	struct xnu_mach_port_attr a = {
		.task = task, .name = name, .flavor = flavor,
		.count = port_infoCnt,
	};

	if (port_infoCnt > XNU_MACH_ATTR_MAX)
		return MIG_ARRAY_TOO_LARGE;
	if (port_infoCnt && !port_info)
		return KERN_INVALID_ADDRESS;
	if (port_infoCnt)
		memcpy(a.info, port_info, port_infoCnt * sizeof(integer_t));
	return xnucross_mach_trap(XNU_TRAP_PORT_SET_ATTRIBUTES, &a);
}

kern_return_t mach_port_get_context(ipc_space_t task, mach_port_name_t name,
				    mach_port_context_t *context)
{
	struct xnu_mach_port_args a = { .task = task, .name = name };
	kern_return_t kr;

	if (!context)
		return KERN_INVALID_ADDRESS;
	kr = xnucross_mach_trap(XNU_TRAP_PORT_GET_CONTEXT, &a);
	if (kr == KERN_SUCCESS)
		*context = (mach_port_context_t)a.poly |
			   (mach_port_context_t)a.sync << 32;
	return kr;
}

kern_return_t mach_port_set_context(ipc_space_t task, mach_port_name_t name,
				    mach_port_context_t context)
{
	struct xnu_mach_port_args a = {
		.task = task, .name = name, .poly = (uint32_t)context,
		.sync = (uint32_t)(context >> 32),
	};

	return xnucross_mach_trap(XNU_TRAP_PORT_SET_CONTEXT, &a);
}

/* ---- MIG only --------------------------------------------------------------- */

kern_return_t mach_port_set_mscount(ipc_space_t task, mach_port_name_t name,
				    mach_port_mscount_t mscount)
{
	return _kernelrpc_mach_port_set_mscount(task, name, mscount);
}

kern_return_t mach_port_set_seqno(ipc_space_t task, mach_port_name_t name,
				  mach_port_seqno_t seqno)
{
	return _kernelrpc_mach_port_set_seqno(task, name, seqno);
}

kern_return_t mach_port_get_srights(ipc_space_t task, mach_port_name_t name,
				    mach_port_rights_t *srights)
{
	if (!srights)
		return KERN_INVALID_ADDRESS;
	return _kernelrpc_mach_port_get_srights(task, name, srights);
}

kern_return_t mach_port_insert_member(ipc_space_t task, mach_port_name_t name,
				      mach_port_name_t pset)
{
	return _kernelrpc_mach_port_insert_member(task, name, pset);
}

kern_return_t mach_port_extract_member(ipc_space_t task,
				       mach_port_name_t name,
				       mach_port_name_t pset)
{
	return _kernelrpc_mach_port_extract_member(task, name, pset);
}

/*
 * The members arrive as out-of-line memory of the reply, mapped for the
 * caller, who vm_deallocate()s it (NULL and 0 for an empty set).
 */
kern_return_t mach_port_get_set_status(ipc_space_read_t task,
				       mach_port_name_t name,
				       mach_port_name_array_t *members,
				       mach_msg_type_number_t *membersCnt)
{
	if (!members || !membersCnt)
		return KERN_INVALID_ADDRESS;
	return _kernelrpc_mach_port_get_set_status(task, name, members,
						   membersCnt);
}

/* ---- mach_port_names() ---------------------------------------------------- */

struct names_buf {
	mach_vm_address_t names;
	mach_vm_address_t types;
	mach_vm_size_t bytes;
};

static void names_buf_free(struct names_buf *b)
{
	xnucross_vm_free(b->names, b->bytes);
	xnucross_vm_free(b->types, b->bytes);
	b->names = 0;
	b->types = 0;
	b->bytes = 0;
}

/* Two arrays of @capacity 32-bit elements, whole pages each. */
static kern_return_t names_buf_alloc(struct names_buf *b, uint32_t capacity)
{
	vm_size_t page = xnucross_page_size();

	b->bytes = ((mach_vm_size_t)capacity * sizeof(uint32_t) + page - 1) &
		   ~(mach_vm_size_t)(page - 1);
	b->names = 0;
	b->types = 0;
	if (xnucross_vm_alloc(&b->names, b->bytes) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	if (xnucross_vm_alloc(&b->types, b->bytes) != KERN_SUCCESS) {
		xnucross_vm_free(b->names, b->bytes);
		return KERN_RESOURCE_SHORTAGE;
	}
	return KERN_SUCCESS;
}

/*
 * Keep only the pages holding @count elements, so that the caller's
 * vm_deallocate(count * 4 bytes) releases all of each array.
 */
static void names_buf_trim(struct names_buf *b, uint32_t count)
{
	vm_size_t page = xnucross_page_size();
	mach_vm_size_t used;

	used = ((mach_vm_size_t)count * sizeof(uint32_t) + page - 1) &
	       ~(mach_vm_size_t)(page - 1);
	if (used >= b->bytes)
		return;
	xnucross_vm_free(b->names + used, b->bytes - used);
	xnucross_vm_free(b->types + used, b->bytes - used);
	b->bytes = used;
}

kern_return_t mach_port_names(ipc_space_t task, mach_port_name_array_t *names,
			      mach_msg_type_number_t *namesCnt,
			      mach_port_type_array_t *types,
			      mach_msg_type_number_t *typesCnt)
{
	uint32_t capacity = NAMES_FIRST_CAPACITY;
	struct xnu_mach_port_names a;
	struct names_buf b;
	kern_return_t kr;

	if (!names || !namesCnt || !types || !typesCnt)
		return KERN_INVALID_ADDRESS;
	for (;;) {
		kr = names_buf_alloc(&b, capacity);
		if (kr != KERN_SUCCESS)
			return kr;
		memset(&a, 0, sizeof(a));
		a.task = task;
		a.capacity = capacity;
		a.names = b.names;
		a.types = b.types;
		kr = xnucross_mach_trap(XNU_TRAP_PORT_NAMES, &a);
		if (kr == MACH_SEND_INVALID_DEST) {
			names_buf_free(&b);
			return _kernelrpc_mach_port_names(task, names, namesCnt,
							  types, typesCnt);
		}
		if (kr != KERN_SUCCESS || a.count <= capacity)
			break;
		/* The space holds more names than fit: grow and ask again. */
		names_buf_free(&b);
		if (a.count > UINT32_MAX / sizeof(uint32_t) - NAMES_SLACK)
			return KERN_RESOURCE_SHORTAGE;
		capacity = a.count + NAMES_SLACK;
	}
	if (kr != KERN_SUCCESS || a.count == 0) {
		names_buf_free(&b);
		if (kr != KERN_SUCCESS)
			return kr;
	} else {
		names_buf_trim(&b, a.count);
	}
	*names = (mach_port_name_array_t)(uintptr_t)b.names;
	*types = (mach_port_type_array_t)(uintptr_t)b.types;
	*namesCnt = a.count;
	*typesCnt = a.count;
	return KERN_SUCCESS;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * trap.c - the trap table of /dev/xnucross and its dispatcher.
 *
 * Each call has one entry: its full command word (direction and argument
 * size included), its flags and its function. The dispatcher checks the
 * command against the entry, copies the argument in and out, and calls the
 * function with a kernel buffer; no trap touches a user pointer itself.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "xnu_core.h"
#include "xnu_sysctl.h"
#include "xnu_mach_traps.h"
#include "mach/mach_internal.h"
#include "xnu_vm.h"
#include "xnu_ring.h"

#define XNU_TRAP(nr, cmd_word, func, trap_flags)			\
	[nr] = { .name = #func, .cmd = (cmd_word), .fn = (func),	\
		 .flags = (trap_flags) }

static const struct xnu_trap xnu_traps[XNU_TRAP_NR_COUNT] = {
	XNU_TRAP(XNU_TRAP_NR_HANDSHAKE, XNU_TRAP_HANDSHAKE, xnu_trap_handshake,
		 XNU_TRAPF_ANYTIME | XNU_TRAPF_OUT_ON_ERROR |
		 XNU_TRAPF_HANDSHAKE),
	XNU_TRAP(XNU_TRAP_NR_NULL, XNU_TRAP_NULL, xnu_trap_null, 0),
	XNU_TRAP(XNU_TRAP_NR_SYSCTL, XNU_TRAP_SYSCTL, xnu_trap_sysctl, 0),
	XNU_TRAP(XNU_TRAP_NR_MACH_MSG, XNU_TRAP_MACH_MSG, xnu_trap_mach_msg, 0),
	XNU_TRAP(XNU_TRAP_NR_TASK_SELF, XNU_TRAP_TASK_SELF,
		 xnu_trap_task_self, 0),
	XNU_TRAP(XNU_TRAP_NR_REPLY_PORT, XNU_TRAP_REPLY_PORT,
		 xnu_trap_reply_port, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_ALLOCATE, XNU_TRAP_PORT_ALLOCATE,
		 xnu_trap_port_allocate, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_ALLOCATE_NAME, XNU_TRAP_PORT_ALLOCATE_NAME,
		 xnu_trap_port_allocate_name, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_DEALLOCATE, XNU_TRAP_PORT_DEALLOCATE,
		 xnu_trap_port_deallocate, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_DESTROY, XNU_TRAP_PORT_DESTROY,
		 xnu_trap_port_destroy, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_MOD_REFS, XNU_TRAP_PORT_MOD_REFS,
		 xnu_trap_port_mod_refs, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_GET_REFS, XNU_TRAP_PORT_GET_REFS,
		 xnu_trap_port_get_refs, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_INSERT_RIGHT, XNU_TRAP_PORT_INSERT_RIGHT,
		 xnu_trap_port_insert_right, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_EXTRACT_RIGHT, XNU_TRAP_PORT_EXTRACT_RIGHT,
		 xnu_trap_port_extract_right, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_TYPE, XNU_TRAP_PORT_TYPE,
		 xnu_trap_port_type, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_MOVE_MEMBER, XNU_TRAP_PORT_MOVE_MEMBER,
		 xnu_trap_port_move_member, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_GET_ATTRIBUTES, XNU_TRAP_PORT_GET_ATTRIBUTES,
		 xnu_trap_port_get_attributes, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_SET_ATTRIBUTES, XNU_TRAP_PORT_SET_ATTRIBUTES,
		 xnu_trap_port_set_attributes, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_REQUEST_NOTIFICATION,
		 XNU_TRAP_PORT_REQUEST_NOTIFICATION,
		 xnu_trap_port_request_notification, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_NAMES, XNU_TRAP_PORT_NAMES,
		 xnu_trap_port_names, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_GET_CONTEXT, XNU_TRAP_PORT_GET_CONTEXT,
		 xnu_trap_port_get_context, 0),
	XNU_TRAP(XNU_TRAP_NR_PORT_SET_CONTEXT, XNU_TRAP_PORT_SET_CONTEXT,
		 xnu_trap_port_set_context, 0),
	XNU_TRAP(XNU_TRAP_NR_TASK_GET_SPECIAL_PORT,
		 XNU_TRAP_TASK_GET_SPECIAL_PORT,
		 xnu_trap_task_get_special_port, 0),
	XNU_TRAP(XNU_TRAP_NR_TASK_SET_SPECIAL_PORT,
		 XNU_TRAP_TASK_SET_SPECIAL_PORT,
		 xnu_trap_task_set_special_port, 0),
	XNU_TRAP(XNU_TRAP_NR_PORTS_REGISTER, XNU_TRAP_PORTS_REGISTER,
		 xnu_trap_ports_register, 0),
	XNU_TRAP(XNU_TRAP_NR_PORTS_LOOKUP, XNU_TRAP_PORTS_LOOKUP,
		 xnu_trap_ports_lookup, 0),
	XNU_TRAP(XNU_TRAP_NR_HOST_SELF, XNU_TRAP_HOST_SELF,
		 xnu_trap_host_self, 0),
	XNU_TRAP(XNU_TRAP_NR_THREAD_SELF, XNU_TRAP_THREAD_SELF,
		 xnu_trap_thread_self, 0),
	XNU_TRAP(XNU_TRAP_NR_SEMAPHORE_SIGNAL, XNU_TRAP_SEMAPHORE_SIGNAL,
		 xnu_trap_semaphore_signal, 0),
	XNU_TRAP(XNU_TRAP_NR_SEMAPHORE_SIGNAL_ALL, XNU_TRAP_SEMAPHORE_SIGNAL_ALL,
		 xnu_trap_semaphore_signal_all, 0),
	XNU_TRAP(XNU_TRAP_NR_SEMAPHORE_SIGNAL_THREAD,
		 XNU_TRAP_SEMAPHORE_SIGNAL_THREAD,
		 xnu_trap_semaphore_signal_thread, 0),
	XNU_TRAP(XNU_TRAP_NR_SEMAPHORE_WAIT, XNU_TRAP_SEMAPHORE_WAIT,
		 xnu_trap_semaphore_wait, 0),
	XNU_TRAP(XNU_TRAP_NR_SEMAPHORE_WAIT_SIGNAL,
		 XNU_TRAP_SEMAPHORE_WAIT_SIGNAL,
		 xnu_trap_semaphore_wait_signal, 0),
	XNU_TRAP(XNU_TRAP_NR_SEMAPHORE_TIMEDWAIT, XNU_TRAP_SEMAPHORE_TIMEDWAIT,
		 xnu_trap_semaphore_timedwait, 0),
	XNU_TRAP(XNU_TRAP_NR_SEMAPHORE_TIMEDWAIT_SIGNAL,
		 XNU_TRAP_SEMAPHORE_TIMEDWAIT_SIGNAL,
		 xnu_trap_semaphore_timedwait_signal, 0),
	XNU_TRAP(XNU_TRAP_NR_VM_WIRE, XNU_TRAP_VM_WIRE, xnu_trap_vm_wire, 0),
	XNU_TRAP(XNU_TRAP_NR_VM_UNWIRE, XNU_TRAP_VM_UNWIRE,
		 xnu_trap_vm_unwire, 0),
	XNU_TRAP(XNU_TRAP_NR_VM_WIRE_INFO, XNU_TRAP_VM_WIRE_INFO,
		 xnu_trap_vm_wire_info, 0),
	XNU_TRAP(XNU_TRAP_NR_RING_ATTACH, XNU_TRAP_RING_ATTACH,
		 xnu_trap_ring_attach, 0),
	XNU_TRAP(XNU_TRAP_NR_RING_WAIT, XNU_TRAP_RING_WAIT,
		 xnu_trap_ring_wait, 0),
};

/* Arguments up to this size are copied through the stack. */
#define XNU_TRAP_STACK_ARG	128

static long xnu_trap_refuse(unsigned int cmd, const char *why, long err)
{
	if (xnu_debug)
		pr_info_ratelimited("%s[%d]: ioctl %#x refused (%s): %ld\n",
				    current->comm, task_pid_nr(current), cmd,
				    why, err);
	return err;
}

static const struct xnu_trap *xnu_trap_lookup(unsigned int cmd)
{
	unsigned int nr = XNU_IOCNUM(cmd);

	if (XNU_IOCGROUP(cmd) != XNU_TRAP_GROUP ||
	    nr >= ARRAY_SIZE(xnu_traps))
		return NULL;
	nr = array_index_nospec(nr, ARRAY_SIZE(xnu_traps));
	return xnu_traps[nr].fn ? &xnu_traps[nr] : NULL;
}

/**
 * xnu_trap_dispatch() - run one trap call
 * @xf:		the caller's open file
 * @cmd:	the ioctl command word
 * @uarg:	the caller's argument pointer
 *
 * Return: the trap's result, or -ENOTTY for an unknown trap, -EINVAL for a
 * known trap with another size or direction, -EPROTO before the handshake,
 * -EFAULT when the argument cannot be copied. A failed handshake call,
 * whatever failed, leaves the file without a handshake.
 */
long xnu_trap_dispatch(struct xnu_file *xf, unsigned int cmd,
		       void __user *uarg)
{
	u64 stackbuf[XNU_TRAP_STACK_ARG / sizeof(u64)];
	const struct xnu_trap *trap;
	size_t size;
	void *buf = NULL;
	long ret;

	trap = xnu_trap_lookup(cmd);
	if (!trap)
		return xnu_trap_refuse(cmd, "unknown trap", -ENOTTY);
	if (cmd != trap->cmd)
		return xnu_trap_refuse(cmd, "size or direction", -EINVAL);
	if (!READ_ONCE(xf->handshaken) && !(trap->flags & XNU_TRAPF_ANYTIME))
		return xnu_trap_refuse(cmd, "no handshake", -EPROTO);

	size = XNU_IOCPARM_LEN(cmd);
	if (size) {
		if (size <= sizeof(stackbuf)) {
			buf = stackbuf;
		} else {
			buf = kmalloc(size, GFP_KERNEL);
			if (!buf)
				return -ENOMEM;
		}
		if (cmd & XNU_IOC_IN) {
			if (copy_from_user(buf, uarg, size)) {
				ret = xnu_trap_refuse(cmd, "copyin", -EFAULT);
				goto out;
			}
		} else {
			memset(buf, 0, size);
		}
	}

	ret = trap->fn(xf, buf);

	if ((cmd & XNU_IOC_OUT) &&
	    (!ret || (trap->flags & XNU_TRAPF_OUT_ON_ERROR)) &&
	    copy_to_user(uarg, buf, size))
		ret = xnu_trap_refuse(cmd, "copyout", -EFAULT);
out:
	if (ret && (trap->flags & XNU_TRAPF_HANDSHAKE))
		WRITE_ONCE(xf->handshaken, false);
	if (buf != stackbuf)
		kfree(buf);
	return ret;
}

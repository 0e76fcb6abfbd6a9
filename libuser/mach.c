// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mach.c - the task-level Mach calls: mach_task_self(), mach_host_self(),
 * mach_reply_port(), task_get/set_special_port(),
 * mach_ports_register()/lookup(), each one ioctl on /dev/xnucross; the per-thread MIG reply port; NDR_record and
 * MIG's helpers (mig_strncpy(), mig_allocate(), mig_reply_setup(), ...).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <mach/mach.h>

#include "mach_private.h"

NDR_record_t NDR_record = XNU_NDR_RECORD_INIT;

/* ---- traps ------------------------------------------------------------ */

kern_return_t xnucross_mach_trap(uint32_t cmd, void *arg)
{
	int ret = xnucross_trap(cmd, arg);

	if (ret >= 0)
		return ret;
	return errno == ENOMEM ? KERN_RESOURCE_SHORTAGE : KERN_FAILURE;
}

/* A trap that takes nothing and gives a name: 0 when it fails. */
static mach_port_name_t name_trap(uint32_t cmd)
{
	struct xnu_mach_port_args a = { 0 };

	if (xnucross_mach_trap(cmd, &a))
		return MACH_PORT_NULL;
	return a.name;
}

mach_port_t mach_task_self(void)
{
	return name_trap(XNU_TRAP_TASK_SELF);
}

mach_port_t mach_host_self(void)
{
	return name_trap(XNU_TRAP_HOST_SELF);
}

mach_port_name_t task_self_trap(void)
{
	return mach_task_self();
}

mach_port_name_t mach_reply_port(void)
{
	return name_trap(XNU_TRAP_REPLY_PORT);
}

/* ---- task special and registered ports ---------------------------------- */

kern_return_t task_get_special_port(task_inspect_t task, int which_port,
				    mach_port_t *special_port)
{
	struct xnu_mach_port_args a = {
		.task = task, .right = (uint32_t)which_port,
	};
	kern_return_t kr;

	if (!special_port)
		return KERN_INVALID_ADDRESS;
	kr = xnucross_mach_trap(XNU_TRAP_TASK_GET_SPECIAL_PORT, &a);
	if (kr == KERN_SUCCESS)
		*special_port = a.poly;
	return kr;
}

kern_return_t task_set_special_port(task_t task, int which_port,
				    mach_port_t special_port)
{
	struct xnu_mach_port_args a = {
		.task = task, .right = (uint32_t)which_port,
		.poly = special_port,
	};

	return xnucross_mach_trap(XNU_TRAP_TASK_SET_SPECIAL_PORT, &a);
}

kern_return_t mach_ports_register(task_t target_task,
				  mach_port_array_t init_port_set,
				  mach_msg_type_number_t init_port_setCnt)
{
	struct xnu_mach_ports a;
	unsigned int i;

	if (init_port_setCnt && !init_port_set)
		return MACH_SEND_INVALID_MEMORY;
	memset(&a, 0, sizeof(a));
	a.task = target_task;
	/* The module refuses a count above the slots. */
	a.count = init_port_setCnt;
	for (i = 0; i < init_port_setCnt && i < TASK_PORT_REGISTER_MAX; i++)
		a.ports[i] = init_port_set[i];
	return xnucross_mach_trap(XNU_TRAP_PORTS_REGISTER, &a);
}

kern_return_t mach_ports_lookup(task_t target_task,
				mach_port_array_t *init_port_set,
				mach_msg_type_number_t *init_port_setCnt)
{
	mach_vm_address_t addr;
	struct xnu_mach_ports a;
	unsigned int n;
	kern_return_t kr;

	if (!init_port_set || !init_port_setCnt)
		return KERN_INVALID_ADDRESS;
	kr = xnucross_vm_alloc(&addr, sizeof(a.ports));
	if (kr != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	memset(&a, 0, sizeof(a));
	a.task = target_task;
	kr = xnucross_mach_trap(XNU_TRAP_PORTS_LOOKUP, &a);
	if (kr != KERN_SUCCESS) {
		xnucross_vm_free(addr, sizeof(a.ports));
		return kr;
	}
	n = a.count < TASK_PORT_REGISTER_MAX ? a.count : TASK_PORT_REGISTER_MAX;
	if (n) {
		memcpy((void *)(uintptr_t)addr, a.ports, n * sizeof(mach_port_t));
	} else {
		xnucross_vm_free(addr, sizeof(a.ports));
		addr = 0;
	}
	*init_port_set = (mach_port_array_t)(uintptr_t)addr;
	*init_port_setCnt = n;
	return KERN_SUCCESS;
}

/* ---- the MIG reply port of each thread ---------------------------------- */

/*
 * The thread's reply port, valid while mig_reply_gen equals the process's
 * fork generation (a forked child has a new space). A pthread key only
 * serves to destroy the port when the thread exits.
 */
static __thread mach_port_t mig_reply;
static __thread unsigned int mig_reply_gen;
static pthread_key_t mig_reply_key;
static pthread_once_t mig_reply_once = PTHREAD_ONCE_INIT;
static int mig_reply_key_ok;

static mach_port_t mig_reply_current(void)
{
	if (mig_reply != MACH_PORT_NULL &&
	    mig_reply_gen != xnucross_fork_generation())
		mig_reply = MACH_PORT_NULL;
	return mig_reply;
}

void xnucross_mig_reply_port_drop(void)
{
	mach_port_t port = mig_reply_current();

	if (port == MACH_PORT_NULL)
		return;
	mig_reply = MACH_PORT_NULL;
	mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
}

static void mig_reply_thread_exit(void *unused)
{
	xnucross_mig_reply_port_drop();
}

static void mig_reply_key_create(void)
{
	mig_reply_key_ok = !pthread_key_create(&mig_reply_key,
					       mig_reply_thread_exit);
}

mach_port_t mig_get_reply_port(void)
{
	mach_port_t port = mig_reply_current();

	if (port != MACH_PORT_NULL)
		return port;
	port = mach_reply_port();
	if (port == MACH_PORT_NULL)
		return MACH_PORT_NULL;
	mig_reply = port;
	mig_reply_gen = xnucross_fork_generation();
	pthread_once(&mig_reply_once, mig_reply_key_create);
	if (mig_reply_key_ok)
		pthread_setspecific(mig_reply_key, (void *)1);
	return port;
}

void mig_dealloc_reply_port(mach_port_t reply_port)
{
	mach_port_t port = mig_reply_current();
	mach_port_t self;

	if (port == MACH_PORT_NULL)
		return;
	mig_reply = MACH_PORT_NULL;
	self = mach_task_self();
	mach_port_mod_refs(self, port, MACH_PORT_RIGHT_RECEIVE, -1);
	if (reply_port != port)
		mach_port_deallocate(self, reply_port);
}

void mig_put_reply_port(mach_port_t reply_port)
{
	(void)reply_port;
}

/* ---- MIG helpers ---------------------------------------------------------- */

/* Copy at most len - 1 bytes and a NUL; the length copied, NUL included. */
int mig_strncpy(char *dest, const char *src, int len)
{
	int i;

	if (len <= 0)
		return 0;
	for (i = 1; i < len; i++) {
		*dest = *src++;
		if (*dest++ == '\0')
			return i;
	}
	*dest = '\0';
	return i;
}

/*
 * As mig_strncpy(), and the rest of the len bytes are zeroed; a NULL src
 * gives len zero bytes and 0.
 */
int mig_strncpy_zerofill(char *dest, const char *src, int len)
{
	int done = !src;
	int n = 0;
	int i;

	if (len <= 0 || !dest)
		return 0;
	for (i = 1; i < len; i++) {
		if (!done) {
			*dest = *src++;
			if (*dest == '\0') {
				n = i;
				done = 1;
			}
		} else {
			*dest = '\0';
		}
		dest++;
	}
	*dest = '\0';
	return done ? n : i;
}

void mig_allocate(vm_address_t *addr, vm_size_t size)
{
	mach_vm_address_t a = 0;

	if (xnucross_vm_alloc(&a, size) != KERN_SUCCESS)
		a = 0;
	*addr = (vm_address_t)a;
}

void mig_deallocate(vm_address_t addr, vm_size_t size)
{
	xnucross_vm_free(addr, size);
}

/* A MIG_BAD_ID error reply to @request, ready for a server to fill. */
void mig_reply_setup(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mig_reply_error_t *out = (mig_reply_error_t *)reply;

	out->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(request->msgh_bits), 0);
	out->Head.msgh_size = sizeof(mig_reply_error_t);
	out->Head.msgh_remote_port = request->msgh_remote_port;
	out->Head.msgh_local_port = MACH_PORT_NULL;
	out->Head.msgh_voucher_port = MACH_PORT_NULL;
	out->Head.msgh_id = request->msgh_id + XNU_MIG_REPLY_ID_OFFSET;
	out->NDR = NDR_record;
	out->RetCode = MIG_BAD_ID;
}

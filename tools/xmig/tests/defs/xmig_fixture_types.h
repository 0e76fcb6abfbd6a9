/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xmig_fixture_types.h - the C types the fixture .defs files name (the
 * clock types come from <mach/clock_types.h>, user or kernel; Darwin has
 * the others in <mach/thread_policy.h>). In the
 * kernel (the kernel-server compile test) the translated types are
 * pointers to the test module's objects and the translation functions are
 * the module's.
 */
#ifndef XMIG_FIXTURE_TYPES_H
#define XMIG_FIXTURE_TYPES_H

#include <mach/mach_types.h>
#include <mach/clock_types.h>

typedef natural_t thread_policy_flavor_t;
typedef integer_t *thread_policy_t;

/* features.defs */
typedef char name_t[16];
typedef char vname_t[30];
typedef int *int_array_t;
typedef short *short_array_t;
typedef char *byte_array_t;
typedef int fixed4_t[4];
typedef struct {
	int first;
	int second;
} pair_t;
typedef int *ool_ints_t;
typedef char *ool_bytes_t;
typedef int64_t int64;
typedef uint64_t uint64;

#if defined(__KERNEL__) || defined(XMIG_KSHIM)
struct xmig_fx_object;
typedef struct xmig_fx_object *kclock_t;
typedef struct xmig_fx_object *kthread_t;
typedef struct xmig_fx_object *ktask_t;
typedef struct xmig_fx_object *ksema_t;
typedef struct xmig_fx_object *kspace_t;

kclock_t convert_port_to_clock(ipc_port_t port);
kthread_t convert_port_to_thread(ipc_port_t port);
kthread_t convert_port_to_thread_inspect(ipc_port_t port);
ktask_t convert_port_to_task(ipc_port_t port);
ksema_t convert_port_to_semaphore(ipc_port_t port);
kspace_t convert_port_to_space(ipc_port_t port);
ipc_port_t convert_semaphore_to_port(ksema_t sema);
void thread_deallocate(kthread_t thread);
void thread_inspect_deallocate(kthread_t thread);
void task_deallocate(ktask_t task);
void semaphore_dereference(ksema_t sema);
void space_deallocate(kspace_t space);
#else
typedef mach_port_t clock_reply_t;

/* options.defs: the global WaitTime. */
extern mach_msg_timeout_t options_timeout;
#endif

#endif /* XMIG_FIXTURE_TYPES_H */

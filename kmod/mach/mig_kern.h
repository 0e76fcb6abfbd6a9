/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mig_kern.h - what the module's generated MIG kernel servers name
 * (the .defs files of kmod/mach/defs, built into the per-kernel build
 * directory, kmod/build/<kernel>/kmod/mach/gen/):
 * the kernel types their ports translate to, and the translations.
 */
#ifndef _XNU_MACH_MIG_KERN_H
#define _XNU_MACH_MIG_KERN_H

#include <mach/clock_types.h>
#include <mach/thread_policy.h>
#include <xnucross/kobject.h>

struct xnu_clock;
struct xnu_host;
typedef struct xnu_clock *xnu_clock_t;
typedef struct xnu_host *xnu_host_t;

xnu_clock_t xnu_convert_port_to_clock(ipc_port_t port);
xnu_host_t xnu_convert_port_to_host(ipc_port_t port);

/* Threads (thread.c): the intran takes a reference, the destructor drops it. */
struct xnu_thread;
typedef struct xnu_thread *xnu_thread_t;
xnu_thread_t xnu_convert_port_to_thread(ipc_port_t port);
void xnu_thread_deallocate(xnu_thread_t thread);

/* task.defs: the task port's task, and semaphores (task.c, semaphore.c). */
struct xnu_task;
struct xnu_semaphore;
typedef struct xnu_task *xnu_task_t;
typedef struct xnu_semaphore *xnu_semaphore_t;

xnu_task_t xnu_convert_port_to_task(ipc_port_t port);
void xnu_task_deallocate(xnu_task_t task);
xnu_semaphore_t xnu_convert_port_to_semaphore(ipc_port_t port);
ipc_port_t xnu_convert_semaphore_to_port(xnu_semaphore_t semaphore);
void xnu_semaphore_dereference(xnu_semaphore_t semaphore);

#endif /* _XNU_MACH_MIG_KERN_H */

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
#include <xnucross/kobject.h>

struct xnu_clock;
struct xnu_host;
typedef struct xnu_clock *xnu_clock_t;
typedef struct xnu_host *xnu_host_t;

xnu_clock_t xnu_convert_port_to_clock(ipc_port_t port);
xnu_host_t xnu_convert_port_to_host(ipc_port_t port);

#endif /* _XNU_MACH_MIG_KERN_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnu_core.h - declarations shared by the files of the module core:
 * per-open-file state, the trap table's shape and the module parameters.
 */
#ifndef XNU_CORE_H
#define XNU_CORE_H

#include <linux/types.h>
#include <linux/fs.h>

#include "xnucross.h"

#ifndef XNUCROSS_VERSION
#define XNUCROSS_VERSION "unknown"
#endif

/**
 * struct xnu_file - state of one open file of /dev/xnucross
 * @user_api:	API version the opener announced in its handshake
 * @handshaken:	set once a compatible handshake succeeded
 * @task:	the Mach task of the thread group that made the first Mach
 *		call on this file (kmod/mach/task.c), or NULL
 * @vm:		wired regions and rings made on this file (kmod/vm/wire.c),
 *		allocated on first use, or NULL
 */
struct xnu_file {
	u32 user_api;
	bool handshaken;
	struct xnu_task *task;
	struct xnu_vm_file *vm;
};

/* Trap flags. */
#define XNU_TRAPF_ANYTIME	0x1	/* allowed before the handshake */
#define XNU_TRAPF_OUT_ON_ERROR	0x2	/* copy the argument out even on error */
#define XNU_TRAPF_HANDSHAKE	0x4	/* any failure clears the file's handshake */

/**
 * struct xnu_trap - one entry of the trap table
 * @name:	name for logs
 * @cmd:	the full command word, direction and size included
 * @flags:	XNU_TRAPF_* bits
 * @fn:		the call; @arg is a kernel copy of the argument (NULL for void)
 */
struct xnu_trap {
	const char *name;
	u32 cmd;
	u32 flags;
	long (*fn)(struct xnu_file *xf, void *arg);
};

long xnu_trap_dispatch(struct xnu_file *xf, unsigned int cmd,
		       void __user *uarg);

long xnu_trap_handshake(struct xnu_file *xf, void *arg);
long xnu_trap_null(struct xnu_file *xf, void *arg);
long xnu_trap_sysctl(struct xnu_file *xf, void *arg);

/* Subsystems (kmod/sysctl/init.c). */
int xnu_sysctl_init(void);
void xnu_sysctl_exit(void);

/* Mach IPC (kmod/mach/init.c, task.c). */
int xnu_mach_init(void);
void xnu_mach_exit(void);
void xnu_task_file_release(struct xnu_file *xf);

/* Boundary memory: wiring and rings (kmod/vm/wire.c, ring.c). */
int xnu_vm_init(void);
void xnu_vm_exit(void);
void xnu_vm_file_release(struct xnu_file *xf);
long xnu_trap_vm_wire(struct xnu_file *xf, void *arg);
long xnu_trap_vm_unwire(struct xnu_file *xf, void *arg);
long xnu_trap_vm_wire_info(struct xnu_file *xf, void *arg);
long xnu_trap_ring_attach(struct xnu_file *xf, void *arg);
long xnu_trap_ring_wait(struct xnu_file *xf, void *arg);

/* BSD devices: cdevsw_add() and its dispatcher (kmod/bsd/cdevsw.c). */
int xnu_bsd_init(void);
void xnu_bsd_exit(void);

extern bool xnu_debug;

#endif /* XNU_CORE_H */

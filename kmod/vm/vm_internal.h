/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm_internal.h - what the files of kmod/vm (wire.c, ring.c) share: the
 * per-open-file state of wiring and rings, and the internal calls.
 *
 * Locking: xnu_vm_file.lock (a mutex) protects the file's region list and
 * counters; ring.c's global mutex protects every ring list (per file and
 * per consumer). Neither is held while pinning or unpinning pages.
 */
#ifndef XNU_VM_INTERNAL_H
#define XNU_VM_INTERNAL_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "xnu_core.h"
#include "xnu_mach_types.h"
#include <xnucross/wire.h>

/**
 * struct xnu_vm_file - wiring state of one open file of /dev/xnucross
 * @lock:	protects @regions, @nregions and @npages
 * @regions:	struct xnu_wired made by XNU_TRAP_VM_WIRE on this file,
 *		oldest first
 * @nregions:	entries of @regions
 * @npages:	pages they hold
 * @rings:	struct xnu_ring attached on this file (ring.c's lock)
 */
struct xnu_vm_file {
	struct mutex lock;		/* regions, nregions, npages */
	struct list_head regions;
	u32 nregions;
	u64 npages;
	struct list_head rings;
};

/* The file's state, allocated on first use; NULL without memory. */
struct xnu_vm_file *xnu_vm_file_get(struct xnu_file *xf);

/*
 * Wire [@addr, @addr + @size) of the calling process (widened to pages)
 * for a region nobody lists yet; one reference. On failure NULL with *@kr
 * the kern_return_t (see xnu_vm.h).
 */
struct xnu_wired *xnu_wired_make(u64 addr, u64 size, bool writable,
				 kern_return_t *kr);

/* ring.c */
int xnu_ring_init(void);
void xnu_ring_exit(void);
void xnu_ring_file_release(struct xnu_vm_file *vmf);

#endif /* XNU_VM_INTERNAL_H */

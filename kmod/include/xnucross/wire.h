/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnucross/wire.h - the kernel API for wired user memory: what a module
 * uses to take a range of a process's memory that stays resident and
 * reach it from the kernel (the role of IOMemoryDescriptor::prepare() and
 * getPhysicalSegment()/map() on Darwin).
 *
 * A region (struct xnu_wired) is a page-aligned range of one process's
 * memory whose pages are pinned with pin_user_pages_fast(FOLL_LONGTERM)
 * and charged to the wiring user's RLIMIT_MEMLOCK. User space makes regions
 * with mach_vm_wire() (XNU_TRAP_VM_WIRE, <xnu_vm.h>); a module finds one by
 * handle or by address, or wires a range of the calling process itself.
 *
 * Regions are reference counted: a module that got one holds a reference
 * and the pages stay pinned and mapped until it drops it with
 * xnu_wired_put(), even if the process unwires the range or exits
 * meanwhile (the user's handle is gone then; the pages are not).
 *
 * Every function may sleep; none may be called in atomic context.
 * xnu_wired_put() takes no mmap_lock (the RLIMIT_MEMLOCK charge is
 * dropped lock-free), so the last reference may be dropped with an
 * mmap_lock held, e.g. from a vm_operations_struct callback.
 */
#ifndef _XNUCROSS_WIRE_H
#define _XNUCROSS_WIRE_H

#include <linux/types.h>

struct page;
struct xnu_wired;

struct xnu_wired *xnu_wired_get(u64 handle);
struct xnu_wired *xnu_wired_find(unsigned long addr, size_t size);
struct xnu_wired *xnu_wired_create(unsigned long addr, size_t size,
				   bool writable);
void xnu_wired_put(struct xnu_wired *wired);

unsigned long xnu_wired_uaddr(const struct xnu_wired *wired);
size_t xnu_wired_size(const struct xnu_wired *wired);
struct page **xnu_wired_pages(const struct xnu_wired *wired,
			      unsigned int *npages);
bool xnu_wired_writable(const struct xnu_wired *wired);
void *xnu_wired_vmap(struct xnu_wired *wired);

#endif /* _XNUCROSS_WIRE_H */

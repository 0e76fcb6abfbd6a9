/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ring_mig.h - what the generated xnu_ring kernel server
 * (kmod/mach/defs/xnu_ring.defs) names: the ring type its port argument
 * translates to, the translation and its destructor (ring.c).
 */
#ifndef XNU_VM_RING_MIG_H
#define XNU_VM_RING_MIG_H

#include <xnucross/kobject.h>

struct xnu_ring;
/* MIG names a translated type with one identifier. */
typedef struct xnu_ring *xnu_ring_ref_t;

xnu_ring_ref_t xnu_convert_port_to_ring(ipc_port_t port);
void xnu_ring_deallocate(xnu_ring_ref_t ring);

#endif /* XNU_VM_RING_MIG_H */

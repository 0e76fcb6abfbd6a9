// SPDX-License-Identifier: GPL-2.0
/*
 * vm.c - xnufuzz's boundary-memory family: page wiring (XNU_TRAP_VM_WIRE,
 * _UNWIRE, _WIRE_INFO) of ranges in and around the thread's own buffers,
 * hostile and wrapping ranges, double and stale unwires; and wired rings
 * (XNU_TRAP_RING_ATTACH with valid, mutated and hostile headers and
 * geometry, XNU_TRAP_RING_WAIT with bounded timeouts, the doorbell, and
 * teardown by dropping the ring's port while records are in flight).
 *
 * Bounded: at most FZ_WIRED regions are kept per thread (the oldest is
 * unwired first), and only this thread's few pages are ever wired.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xnufuzz.h"
#include "xnu_vm.h"
#include "xnu_ring.h"

#define FZ_WIRED	16
#define FZ_RING_PAGES	4

static __thread uint64_t fz_handles[FZ_WIRED];
static __thread unsigned int fz_nhandles;
static __thread uint8_t *fz_rings;		/* 2 rings of FZ_RING_PAGES */
static __thread mach_port_t fz_ring_port;
static __thread uint32_t fz_ring_id;

static long fz_pagesz(void)
{
	static long pg;

	if (!pg)
		pg = sysconf(_SC_PAGESIZE);
	return pg;
}

static void fz_wire(struct fz_ctx *c)
{
	struct xnu_vm_wire_args w;
	size_t alen;
	uint8_t *a = fz_arena(c, &alen);

	memset(&w, 0, sizeof(w));
	switch (fz_below(c, 4)) {
	case 0:	/* hostile */
		w.addr = fz_ptr(c, 4096);
		w.size = fz_one_in(c, 2) ? fz_u64(c) : fz_len(c, 8192);
		break;
	case 1:	/* into and past the guard page */
		w.addr = (uint64_t)(uintptr_t)a + alen - fz_below(c, 8192);
		w.size = fz_len(c, 16384);
		break;
	default:	/* inside the arena */
		w.addr = (uint64_t)(uintptr_t)a + fz_below(c, (uint32_t)alen);
		w.size = 1 + fz_below(c, (uint32_t)((uintptr_t)a + alen - w.addr));
		break;
	}
	w.prot = fz_one_in(c, 8) ? fz_u32(c) : 1 + fz_below(c, 3);
	if (fz_one_in(c, 16))
		w.flags = fz_u32(c);
	if (fz_one_in(c, 16))
		fz_mutate(c, &w, sizeof(w));
	if (fz_nhandles == FZ_WIRED) {
		struct xnu_vm_wire_args u = { .handle = fz_handles[0] };

		fz_trap(c, XNU_TRAP_VM_UNWIRE, &u);
		memmove(fz_handles, fz_handles + 1,
			sizeof(fz_handles[0]) * (FZ_WIRED - 1));
		fz_nhandles--;
	}
	if (fz_trap(c, XNU_TRAP_VM_WIRE, &w) == KERN_SUCCESS && w.handle)
		fz_handles[fz_nhandles++] = w.handle;
}

static void fz_unwire(struct fz_ctx *c)
{
	struct xnu_vm_wire_args u;
	unsigned int i;

	memset(&u, 0, sizeof(u));
	if (fz_nhandles && !fz_one_in(c, 4)) {
		i = fz_below(c, fz_nhandles);
		u.handle = fz_handles[i];
		/* Sometimes kept: a later unwire of it is a double unwire. */
		if (!fz_one_in(c, 8)) {
			fz_handles[i] = fz_handles[--fz_nhandles];
		}
	} else {
		u.handle = fz_one_in(c, 2) ? fz_u64(c) : 0;
		u.addr = (uint64_t)(uintptr_t)fz_arena(c, NULL) +
			fz_below(c, 4) * fz_pagesz();
		u.size = fz_len(c, 8192);
	}
	if (fz_one_in(c, 16))
		fz_mutate(c, &u, sizeof(u));
	fz_trap(c, XNU_TRAP_VM_UNWIRE, &u);
}

/* A ring header, valid or nearly, at @r (@len bytes). */
static void fz_ring_hdr(struct fz_ctx *c, uint8_t *r, size_t len)
{
	struct xnu_ring_hdr *h = (void *)r;
	uint32_t size = 256u << fz_below(c, 6);

	memset(h, 0, sizeof(*h));
	if (size + XNU_RING_HDR_SIZE > len)
		size = 256;
	h->magic = XNU_RING_MAGIC;
	h->version = XNU_RING_VERSION;
	h->size = size;
	h->high_wm = size - fz_below(c, size / 4);
	h->low_wm = size / 4;
	h->max_rec = size / 2 - 8;
	if (fz_one_in(c, 4))
		fz_mutate(c, h, 64);
	if (fz_one_in(c, 8)) {
		h->prod = fz_u32(c);
		h->cons = fz_u32(c);
	}
}

static void fz_ring(struct fz_ctx *c)
{
	struct xnu_ring_attach_args ra;
	struct xnu_ring_wait_args rw;
	size_t rl = FZ_RING_PAGES * fz_pagesz();
	struct xnu_mach_port_args pa;

	if (!fz_rings)
		return;
	switch (fz_below(c, 5)) {
	case 0:
	case 1:
		memset(&ra, 0, sizeof(ra));
		fz_ring_hdr(c, fz_rings, rl);
		ra.tx_addr = fz_one_in(c, 8) ? fz_ptr(c, rl) :
			(uint64_t)(uintptr_t)fz_rings;
		ra.tx_len = fz_one_in(c, 8) ? fz_u64(c) :
			(uint64_t)fz_pagesz() * (1 + fz_below(c, FZ_RING_PAGES));
		if (fz_one_in(c, 2)) {
			fz_ring_hdr(c, fz_rings + rl, rl);
			ra.rx_addr = fz_one_in(c, 16) ? ra.tx_addr :
				(uint64_t)(uintptr_t)(fz_rings + rl);
			ra.rx_len = fz_one_in(c, 8) ? fz_u64(c) : rl;
		}
		strcpy(ra.consumer, "org.xnucross.sample.ring");
		if (fz_one_in(c, 8))
			fz_fill(c, ra.consumer, sizeof(ra.consumer));
		if (fz_one_in(c, 16))
			fz_mutate(c, &ra, sizeof(ra));
		if (fz_trap(c, XNU_TRAP_RING_ATTACH, &ra) == KERN_SUCCESS) {
			/* The old one (if any) goes: its port's last right. */
			if (fz_ring_port) {
				memset(&pa, 0, sizeof(pa));
				pa.task = c->task;
				pa.name = fz_ring_port;
				fz_trap(c, XNU_TRAP_PORT_DEALLOCATE, &pa);
			}
			fz_ring_port = ra.port;
			fz_ring_id = ra.ring_id;
			if (c->nkobj < 8)
				c->kobj[c->nkobj++] = ra.port;
			else
				c->kobj[7] = ra.port;
		}
		break;
	case 2:
		/* Produce a record or a bad one straight into tx. */
		{
			struct xnu_ring_hdr *h = (void *)fz_rings;
			uint32_t sz = h->size;

			if (sz >= 256 && sz <= rl - XNU_RING_HDR_SIZE &&
			    !(sz & (sz - 1))) {
				struct xnu_ring_rec *rec = (void *)(fz_rings +
					XNU_RING_HDR_SIZE + (h->prod & (sz - 1) & ~7u));

				if ((uint8_t *)(rec + 1) <= fz_rings + rl) {
					rec->len = fz_one_in(c, 4) ? fz_u32(c) :
						fz_below(c, 32);
					rec->tag = fz_u32(c);
				}
				__atomic_store_n(&h->prod, h->prod +
						 (fz_one_in(c, 8) ? fz_u32(c) :
						  XNU_RING_REC_SPACE(rec->len & 31)),
						 __ATOMIC_RELEASE);
			}
		}
		/* fall through: ring the doorbell (a one-way MIG message) */
		if (fz_ring_port) {
			struct {
				mach_msg_header_t h;
				uint32_t ndr[2];
			} m;
			struct xnu_mach_msg_args ma;

			memset(&m, 0, sizeof(m));
			m.h.msgh_bits = MACH_MSGH_BITS_SET(MACH_MSG_TYPE_COPY_SEND,
							   0, 0, 0);
			m.h.msgh_size = sizeof(m);
			m.h.msgh_remote_port = fz_ring_port;
			m.h.msgh_id = XNU_RING_SUBSYSTEM;
			m.ndr[1] = 1;
			memset(&ma, 0, sizeof(ma));
			ma.msg = (uint64_t)(uintptr_t)&m;
			ma.option = MACH_SEND_MSG | MACH_SEND_TIMEOUT;
			ma.send_size = sizeof(m);
			fz_trap(c, XNU_TRAP_MACH_MSG, &ma);
		}
		break;
	case 3:
		memset(&rw, 0, sizeof(rw));
		rw.ring_id = fz_one_in(c, 8) ? fz_u32(c) : fz_ring_id;
		rw.what = fz_one_in(c, 8) ? fz_u32(c) : fz_below(c, 3);
		rw.timeout_ms = fz_below(c, 3);
		if (fz_one_in(c, 16))
			rw.flags = fz_u32(c);
		fz_trap(c, XNU_TRAP_RING_WAIT, &rw);
		break;
	default:
		/* Tear the ring down: its port's send right goes. */
		if (fz_ring_port && fz_one_in(c, 2)) {
			memset(&pa, 0, sizeof(pa));
			pa.task = c->task;
			pa.name = fz_ring_port;
			fz_trap(c, XNU_TRAP_PORT_DEALLOCATE, &pa);
			fz_ring_port = 0;
		}
		break;
	}
}

void fz_vm_one(struct fz_ctx *c)
{
	struct xnu_vm_wire_info wi;

	fz_count(c, FZ_VM);
	switch (fz_below(c, 6)) {
	case 0:
	case 1:
		fz_wire(c);
		break;
	case 2:
		fz_unwire(c);
		break;
	case 3:
		memset(&wi, 0, sizeof(wi));
		if (fz_one_in(c, 8))
			wi.flags = fz_u32(c);
		fz_trap(c, XNU_TRAP_VM_WIRE_INFO, fz_one_in(c, 16) ?
			(void *)(uintptr_t)fz_ptr(c, sizeof(wi)) : &wi);
		break;
	default:
		fz_ring(c);
		break;
	}
}

/* The rings' memory: mapped before the fuzzing starts (see msg.c). */
void fz_vm_setup(struct fz_ctx *c)
{
	void *m = mmap(NULL, 2 * FZ_RING_PAGES * fz_pagesz(),
		       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	fz_rings = m == MAP_FAILED ? NULL : m;
	if (fz_rings)
		fz_own_add(fz_rings, 2 * FZ_RING_PAGES * fz_pagesz());
}

void fz_vm_teardown(struct fz_ctx *c)
{
	while (fz_nhandles) {
		struct xnu_vm_wire_args u = { .handle = fz_handles[--fz_nhandles] };

		fz_trap(c, XNU_TRAP_VM_UNWIRE, &u);
	}
}

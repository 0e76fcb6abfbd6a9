// SPDX-License-Identifier: GPL-2.0
/*
 * wire.c - page wiring: regions of a process's memory pinned long-term and
 * charged to its RLIMIT_MEMLOCK, the traps that make and release them
 * (XNU_TRAP_VM_WIRE, _UNWIRE, _WIRE_INFO; mach_vm_wire() in libxnucross),
 * the per-open-file region list released on close and exit, and the
 * kernel API of <xnucross/wire.h> for modules.
 *
 * A region pins its pages in batches with pin_user_pages(FOLL_LONGTERM
 * [| FOLL_WRITE]) under mmap_read_lock, one VMA at a time: the VMA is
 * checked under the same lock hold as the pin. A write pin of a shared
 * file mapping whose file system writes pages back is refused (6.5+ gup
 * refuses it too; 6.1 would allow it); a read pin of private writable
 * memory is made with FOLL_WRITE, so that copy-on-write is broken now and
 * the pin holds the page the process will write to, not the zero page or
 * a page a later write replaces. A short pin is continued from where it
 * stopped, and a failure unpins what was pinned and uncharges.
 *
 * The charge is lock-free, as io_uring's: the pages count against the
 * wiring user's RLIMIT_MEMLOCK in user_struct.locked_vm (all its
 * processes together, and still after the process that wired is gone)
 * unless it has CAP_IPC_LOCK, and show in the wiring mm's pinned_vm
 * (VmPin; the mm is mmgrab()'d). No mmap_lock is taken to charge or
 * uncharge, so the last reference may go with the mmap_lock held. The
 * last reference unpins, dirty when the region was wired for writing (the
 * kernel may have written through it), and uncharges; that is a
 * reference the open file's list holds, plus one per module user.
 *
 * The traps work only for the process that the open file is bound to
 * (xnu_task_current()): another process using an inherited or passed
 * file gets -EBADFD.
 */
#include <linux/atomic.h>
#include <linux/backing-dev.h>
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/user.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>

#include "xnu_vm.h"
#include "vm_internal.h"
#include "mach/mach_internal.h"

/* Pages pinned per pin_user_pages_fast() call: one page of pointers. */
#define XNU_WIRE_BATCH		(PAGE_SIZE / sizeof(struct page *))

/**
 * struct xnu_wired - one wired region
 * @ref:	references: the owning file's list (while listed) and each
 *		user of the kernel API
 * @handle:	its handle in xnu_wired_handles (never 0)
 * @mm:		the mm the pages belong to, its pinned_vm counts them
 *		(mmgrab'd)
 * @user:	the user charged for them (a reference), or NULL (the
 *		wiring process had CAP_IPC_LOCK)
 * @uaddr:	page-aligned user start address in @mm
 * @npages:	pages in the region
 * @writable:	pinned with FOLL_WRITE (unpinned dirty)
 * @pages:	the pinned pages
 * @map_lock:	protects @vaddr
 * @vaddr:	kernel mapping of @pages (vmap), made on first use, or NULL
 * @vmf:	the file listing it, NULL once unwired (the file's lock)
 * @file_link:	on @vmf's region list
 * @rcu:	frees the structure (handle lookups run under RCU)
 */
struct xnu_wired {
	struct kref ref;
	u32 handle;
	struct mm_struct *mm;
	struct user_struct *user;
	unsigned long uaddr;
	unsigned int npages;
	bool writable;
	struct page **pages;
	struct mutex map_lock;		/* vaddr */
	void *vaddr;
	struct xnu_vm_file *vmf;
	struct list_head file_link;
	struct rcu_head rcu;
};

/* Live regions by handle (RCU lookups; the xarray's lock for changes). */
static DEFINE_XARRAY_ALLOC1(xnu_wired_handles);
static u32 xnu_wired_next;

/* Counters for XNU_TRAP_VM_WIRE_INFO. */
static atomic64_t xnu_wired_pinned;
static atomic64_t xnu_wired_regions;
static atomic64_t xnu_wired_total;
static atomic64_t xnu_unwired_total;

/*
 * Whether the pages of @vma need dirty tracking, so that a long-term write
 * pin must be refused: a shared writable mapping of a file whose pages
 * are written back (what gup refuses from 6.5 on). Anonymous memory,
 * shmem/memfd and hugetlbfs need none.
 */
static bool xnu_wire_vma_tracks_dirty(struct vm_area_struct *vma)
{
	const struct vm_operations_struct *ops = vma->vm_ops;
	struct address_space *mapping;

	if ((vma->vm_flags & (VM_SHARED | VM_WRITE)) !=
	    (VM_SHARED | VM_WRITE))
		return false;
	if (ops && (ops->page_mkwrite || ops->pfn_mkwrite))
		return true;
	if (vma->vm_flags & VM_PFNMAP)
		return false;
	mapping = vma->vm_file ? vma->vm_file->f_mapping : NULL;
	return mapping && mapping_can_writeback(mapping);
}

/*
 * pin_user_pages() lost its @vmas argument in 6.5: both forms, and the
 * call picks the one the kernel declares (the other is never called; the
 * casts go through void (*)(void), which matches any function type).
 */
typedef long (*xnu_pup_vmas_t)(unsigned long, unsigned long, unsigned int,
			       struct page **, struct vm_area_struct **);
typedef long (*xnu_pup_t)(unsigned long, unsigned long, unsigned int,
			  struct page **);
#define XNU_PUP_HAS_VMAS __same_type(&pin_user_pages, xnu_pup_vmas_t)

/* pin_user_pages() of the current mm, mmap_lock held. */
static long xnu_wire_pin_locked(unsigned long addr, unsigned long n,
				unsigned int gup, struct page **pages)
{
	void (*fn)(void) = (void (*)(void))pin_user_pages;

	return __builtin_choose_expr(XNU_PUP_HAS_VMAS,
				     ((xnu_pup_vmas_t)fn)(addr, n, gup, pages,
							  NULL),
				     ((xnu_pup_t)fn)(addr, n, gup, pages));
}

/*
 * Pin the pages of @w in @mm (the current mm), a batch at a time, each
 * batch within one VMA checked under the same mmap_read_lock hold.
 * 0, or -EFAULT (unmapped), -EACCES (not writable, or a file mapping that
 * cannot be pinned for writing), -ENOMEM, -EINTR (fatal signal).
 */
static int xnu_wired_pin(struct xnu_wired *w, struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long addr = w->uaddr;
	unsigned int done = 0, n, gup;
	struct page *probe;
	long ret;

	while (done < w->npages) {
		addr = w->uaddr + ((unsigned long)done << PAGE_SHIFT);
		if (mmap_read_lock_killable(mm)) {
			ret = -EINTR;
			goto fail;
		}
		vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr) {
			mmap_read_unlock(mm);
			ret = -EFAULT;
			goto fail;
		}
		n = min_t(unsigned long, w->npages - done, XNU_WIRE_BATCH);
		n = min_t(unsigned long, n, (vma->vm_end - addr) >> PAGE_SHIFT);
		gup = FOLL_LONGTERM;
		if (w->writable) {
			if (xnu_wire_vma_tracks_dirty(vma)) {
				mmap_read_unlock(mm);
				ret = -EACCES;
				goto fail;
			}
			gup |= FOLL_WRITE;
		} else if ((vma->vm_flags & (VM_SHARED | VM_WRITE)) ==
			   VM_WRITE) {
			/* Private and writable: break COW now (see above). */
			gup |= FOLL_WRITE;
		}
		ret = xnu_wire_pin_locked(addr, n, gup, w->pages + done);
		mmap_read_unlock(mm);
		if (ret <= 0) {
			if (!ret)
				ret = -EFAULT;
			goto fail;
		}
		done += ret;
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto fail;
		}
		cond_resched();
	}
	return 0;

fail:
	/* Mapped but not writable: XNU's KERN_PROTECTION_FAILURE. */
	if (ret == -EFAULT && w->writable &&
	    pin_user_pages_fast(addr, 1, FOLL_LONGTERM, &probe) == 1) {
		unpin_user_page(probe);
		ret = -EACCES;
	}
	if (done)
		unpin_user_pages(w->pages, done);
	return ret;
}

/*
 * Charge @w's pages to the current user's RLIMIT_MEMLOCK (lock-free, as
 * io_uring does), unless it has CAP_IPC_LOCK, and count them in @mm's
 * pinned_vm. 0 or -ENOMEM (over the limit).
 */
static int xnu_wired_charge(struct xnu_wired *w, struct mm_struct *mm)
{
	unsigned long limit, cur, next;
	struct user_struct *user;

	if (!capable(CAP_IPC_LOCK)) {
		limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
		user = current_user();
		cur = atomic_long_read(&user->locked_vm);
		do {
			next = cur + w->npages;
			if (next > limit || next < cur)
				return -ENOMEM;
		} while (!atomic_long_try_cmpxchg(&user->locked_vm, &cur,
						  next));
		w->user = get_uid(user);
	}
	atomic64_add(w->npages, &mm->pinned_vm);
	return 0;
}

/* Undo xnu_wired_charge(); any context that may sleep, no lock needed. */
static void xnu_wired_uncharge(struct xnu_wired *w, struct mm_struct *mm)
{
	atomic64_sub(w->npages, &mm->pinned_vm);
	if (w->user) {
		atomic_long_sub(w->npages, &w->user->locked_vm);
		free_uid(w->user);
		w->user = NULL;
	}
}

static kern_return_t xnu_wire_errno_kr(int err)
{
	switch (err) {
	case -EACCES:
	case -EPERM:
		return KERN_PROTECTION_FAILURE;
	case -ENOMEM:
	case -EAGAIN:
		return KERN_RESOURCE_SHORTAGE;
	case -EINTR:
		return KERN_ABORTED;
	default:
		return KERN_INVALID_ADDRESS;
	}
}

/**
 * xnu_wired_make() - wire a range of the calling process
 * @addr:	start (rounded down to a page)
 * @size:	bytes (the end is rounded up to a page)
 * @writable:	pin for writing
 * @kr:		out, on failure: the kern_return_t (see xnu_vm.h)
 *
 * The region has a handle (its lookups find it from now on) and one
 * reference, and is on no file's list. May sleep.
 *
 * Return: the region, or NULL.
 */
struct xnu_wired *xnu_wired_make(u64 addr, u64 size, bool writable,
				 kern_return_t *kr)
{
	struct mm_struct *mm = current->mm;
	struct xnu_wired *w;
	u64 start, end;
	u32 handle;
	int ret;

	if (!size || addr + size < addr || addr + size > U64_MAX - PAGE_SIZE) {
		*kr = KERN_INVALID_ARGUMENT;
		return NULL;
	}
	start = addr & PAGE_MASK;
	end = PAGE_ALIGN(addr + size);
	if (!mm || end > TASK_SIZE_MAX ||
	    !access_ok(u64_to_user_ptr(start), end - start)) {
		*kr = KERN_INVALID_ADDRESS;
		return NULL;
	}
	if ((end - start) >> PAGE_SHIFT > XNU_VM_WIRE_MAX_PAGES) {
		*kr = KERN_RESOURCE_SHORTAGE;
		return NULL;
	}

	w = kzalloc(sizeof(*w), GFP_KERNEL_ACCOUNT);
	if (!w)
		goto nomem;
	kref_init(&w->ref);
	mutex_init(&w->map_lock);
	INIT_LIST_HEAD(&w->file_link);
	w->uaddr = start;
	w->npages = (end - start) >> PAGE_SHIFT;
	w->writable = writable;
	w->pages = kvmalloc_array(w->npages, sizeof(*w->pages),
				  GFP_KERNEL_ACCOUNT);
	if (!w->pages)
		goto nomem_free;

	/* Charge first: over RLIMIT_MEMLOCK without CAP_IPC_LOCK, -ENOMEM. */
	ret = xnu_wired_charge(w, mm);
	if (ret) {
		*kr = KERN_RESOURCE_SHORTAGE;
		goto out_free;
	}
	ret = xnu_wired_pin(w, mm);
	if (ret) {
		*kr = xnu_wire_errno_kr(ret);
		goto out_uncharge;
	}
	mmgrab(mm);
	w->mm = mm;
	/* Cyclic: a stale handle does not name the next region at once. */
	ret = xa_alloc_cyclic(&xnu_wired_handles, &handle, w, xa_limit_32b,
			      &xnu_wired_next, GFP_KERNEL);
	if (ret < 0) {
		*kr = KERN_RESOURCE_SHORTAGE;
		goto out_unpin;
	}
	w->handle = handle;
	atomic64_add(w->npages, &xnu_wired_pinned);
	atomic64_add(w->npages, &xnu_wired_total);
	atomic64_inc(&xnu_wired_regions);
	return w;

out_unpin:
	mmdrop(mm);
	unpin_user_pages(w->pages, w->npages);
out_uncharge:
	xnu_wired_uncharge(w, mm);
out_free:
	kvfree(w->pages);
	kfree(w);
	return NULL;
nomem_free:
	kfree(w);
nomem:
	*kr = KERN_RESOURCE_SHORTAGE;
	return NULL;
}

/*
 * Take a region out of the handle table, if it is still there under its
 * handle: no lookup finds it afterwards (module users keep theirs).
 */
static void xnu_wired_unpublish(struct xnu_wired *w)
{
	xa_cmpxchg(&xnu_wired_handles, w->handle, w, NULL, 0);
}

static void xnu_wired_release(struct kref *ref)
{
	struct xnu_wired *w = container_of(ref, struct xnu_wired, ref);

	xnu_wired_unpublish(w);
	if (w->vaddr)
		vunmap(w->vaddr);
	unpin_user_pages_dirty_lock(w->pages, w->npages, w->writable);
	xnu_wired_uncharge(w, w->mm);
	mmdrop(w->mm);
	atomic64_sub(w->npages, &xnu_wired_pinned);
	atomic64_add(w->npages, &xnu_unwired_total);
	atomic64_dec(&xnu_wired_regions);
	kvfree(w->pages);
	kfree_rcu(w, rcu);
}

/**
 * xnu_wired_put() - drop a reference to a region
 * @wired: the region (NULL is a no-op)
 *
 * The last reference unpins the pages (dirty if the region was wired for
 * writing), removes the kernel mapping and uncharges RLIMIT_MEMLOCK of the
 * process that wired it. May sleep.
 */
void xnu_wired_put(struct xnu_wired *wired)
{
	if (wired)
		kref_put(&wired->ref, xnu_wired_release);
}
EXPORT_SYMBOL_GPL(xnu_wired_put);

/* A reference to a looked-up region, if it is still alive. */
static struct xnu_wired *xnu_wired_tryget(struct xnu_wired *w)
{
	if (w && w->mm == current->mm && kref_get_unless_zero(&w->ref))
		return w;
	return NULL;
}

/**
 * xnu_wired_get() - a region of the calling process by handle
 * @handle: what XNU_TRAP_VM_WIRE (mach_vm_wire()'s trap) gave user space
 *
 * Only the calling process's own regions are found, and only while they
 * are wired (not after unwire, close or exit). May sleep.
 *
 * Return: the region with a reference (drop it with xnu_wired_put()), or
 * NULL.
 */
struct xnu_wired *xnu_wired_get(u64 handle)
{
	struct xnu_wired *w;

	if (!handle || handle > U32_MAX)
		return NULL;
	rcu_read_lock();
	w = xnu_wired_tryget(xa_load(&xnu_wired_handles, handle));
	rcu_read_unlock();
	return w;
}
EXPORT_SYMBOL_GPL(xnu_wired_get);

/**
 * xnu_wired_find() - a wired region of the calling process covering a range
 * @addr: user address
 * @size: bytes from @addr (at least 1)
 *
 * The most recently wired live region of the calling process that holds
 * all of [@addr, @addr + @size). May sleep.
 *
 * Return: the region with a reference, or NULL.
 */
struct xnu_wired *xnu_wired_find(unsigned long addr, size_t size)
{
	struct xnu_wired *w, *found = NULL;
	unsigned long index, end;

	if (!size || addr + size < addr)
		return NULL;
	end = addr + size;
	rcu_read_lock();
	xa_for_each(&xnu_wired_handles, index, w) {
		if (w->mm != current->mm || addr < w->uaddr ||
		    end > w->uaddr + ((unsigned long)w->npages << PAGE_SHIFT))
			continue;
		if (!found || w->handle > found->handle)
			found = w;
	}
	found = xnu_wired_tryget(found);
	rcu_read_unlock();
	return found;
}
EXPORT_SYMBOL_GPL(xnu_wired_find);

/**
 * xnu_wired_create() - wire a range of the calling process for a module
 * @addr:	start (rounded down to a page)
 * @size:	bytes (the end rounded up to a page)
 * @writable:	pin for writing (the module will write to the pages)
 *
 * As mach_vm_wire() does for user space, charged to the caller's
 * RLIMIT_MEMLOCK unless it has CAP_IPC_LOCK; the region belongs to the
 * module (no open file lists it, user space cannot unwire it). May sleep.
 *
 * Return: the region with one reference, or ERR_PTR(-EINVAL) (empty or
 * wrapping range), -EFAULT (unmapped), -EACCES (not writable, or
 * @writable and a shared file mapping that must track dirty pages),
 * -ENOMEM (over the limit, or no memory), -EINTR (fatal signal).
 */
struct xnu_wired *xnu_wired_create(unsigned long addr, size_t size,
				   bool writable)
{
	struct xnu_wired *w;
	kern_return_t kr;

	w = xnu_wired_make(addr, size, writable, &kr);
	if (w)
		return w;
	switch (kr) {
	case KERN_INVALID_ARGUMENT:
		return ERR_PTR(-EINVAL);
	case KERN_PROTECTION_FAILURE:
		return ERR_PTR(-EACCES);
	case KERN_RESOURCE_SHORTAGE:
		return ERR_PTR(-ENOMEM);
	case KERN_ABORTED:
		return ERR_PTR(-EINTR);
	default:
		return ERR_PTR(-EFAULT);
	}
}
EXPORT_SYMBOL_GPL(xnu_wired_create);

/**
 * xnu_wired_uaddr() - a region's user start address (page-aligned)
 * @wired: the region
 *
 * Return: the address in the process that wired it.
 */
unsigned long xnu_wired_uaddr(const struct xnu_wired *wired)
{
	return wired->uaddr;
}
EXPORT_SYMBOL_GPL(xnu_wired_uaddr);

/**
 * xnu_wired_size() - a region's size
 * @wired: the region
 *
 * Return: its size in bytes, a multiple of PAGE_SIZE.
 */
size_t xnu_wired_size(const struct xnu_wired *wired)
{
	return (size_t)wired->npages << PAGE_SHIFT;
}
EXPORT_SYMBOL_GPL(xnu_wired_size);

/**
 * xnu_wired_pages() - a region's pinned pages
 * @wired:	the region
 * @npages:	out: how many
 *
 * The array belongs to the region: valid while the caller holds its
 * reference; the caller must not unpin or put the pages.
 *
 * Return: the pages, in address order.
 */
struct page **xnu_wired_pages(const struct xnu_wired *wired,
			      unsigned int *npages)
{
	*npages = wired->npages;
	return wired->pages;
}
EXPORT_SYMBOL_GPL(xnu_wired_pages);

/**
 * xnu_wired_writable() - whether a region was wired for writing
 * @wired: the region
 *
 * A module must not write to the pages of a region wired read-only.
 *
 * Return: true when it was pinned with FOLL_WRITE.
 */
bool xnu_wired_writable(const struct xnu_wired *wired)
{
	return wired->writable;
}
EXPORT_SYMBOL_GPL(xnu_wired_writable);

/**
 * xnu_wired_vmap() - a kernel mapping of a whole region
 * @wired: the region
 *
 * Made on the first call (vmap(), PAGE_KERNEL) and kept until the region's
 * last reference goes; the same address for every caller. The process can
 * change the memory at any time: read what it shares with READ_ONCE() and
 * check every value. May sleep.
 *
 * Return: the kernel address of the region's first byte, or NULL (no
 * memory).
 */
void *xnu_wired_vmap(struct xnu_wired *wired)
{
	void *va;

	mutex_lock(&wired->map_lock);
	if (!wired->vaddr)
		wired->vaddr = vmap(wired->pages, wired->npages, VM_MAP,
				    PAGE_KERNEL);
	va = wired->vaddr;
	mutex_unlock(&wired->map_lock);
	return va;
}
EXPORT_SYMBOL_GPL(xnu_wired_vmap);

/* ---- the open file ------------------------------------------------------- */

/**
 * xnu_vm_file_get() - an open file's wiring state, made on first use
 * @xf: the open file
 *
 * Return: the state (freed by xnu_vm_file_release()), or NULL (no memory).
 */
struct xnu_vm_file *xnu_vm_file_get(struct xnu_file *xf)
{
	struct xnu_vm_file *vmf, *old;

	/* Pairs with the cmpxchg() that published it, fully built. */
	vmf = smp_load_acquire(&xf->vm);
	if (vmf)
		return vmf;
	vmf = kzalloc(sizeof(*vmf), GFP_KERNEL_ACCOUNT);
	if (!vmf)
		return NULL;
	mutex_init(&vmf->lock);
	INIT_LIST_HEAD(&vmf->regions);
	INIT_LIST_HEAD(&vmf->rings);
	old = cmpxchg(&xf->vm, NULL, vmf);
	if (old) {
		kfree(vmf);
		return old;
	}
	return vmf;
}

/**
 * xnu_vm_file_release() - the open file goes away: release its rings and
 * regions
 * @xf: the open file
 *
 * Rings are torn down (their consumers detached), then every region the
 * file listed loses the file's reference: pages are unpinned now unless a
 * module still holds the region.
 */
void xnu_vm_file_release(struct xnu_file *xf)
{
	struct xnu_vm_file *vmf = xf->vm;
	struct xnu_wired *w, *tmp;
	LIST_HEAD(dead);

	if (!vmf)
		return;
	xnu_ring_file_release(vmf);
	mutex_lock(&vmf->lock);
	list_splice_init(&vmf->regions, &dead);
	vmf->nregions = 0;
	vmf->npages = 0;
	mutex_unlock(&vmf->lock);
	list_for_each_entry_safe(w, tmp, &dead, file_link) {
		list_del_init(&w->file_link);
		w->vmf = NULL;
		xnu_wired_unpublish(w);
		xnu_wired_put(w);
	}
	xf->vm = NULL;
	kfree(vmf);
}

/* ---- traps ---------------------------------------------------------------- */

/*
 * The traps serve only the process the open file is bound to: a child
 * using an inherited file, or a process a file was passed to, would pin
 * memory through a file whose regions outlive it. 0 or -EBADFD/-ENOMEM.
 */
static int xnu_vm_file_owner(struct xnu_file *xf)
{
	struct xnu_task *task = xnu_task_current(xf);

	return IS_ERR(task) ? PTR_ERR(task) : 0;
}

/**
 * xnu_trap_vm_wire() - XNU_TRAP_VM_WIRE: wire a range of the caller
 * @xf:		the caller's open file
 * @arg:	struct xnu_vm_wire_args; out: @handle
 *
 * Return: a kern_return_t (see xnu_vm.h), or -ENOMEM, -EBADFD (a file
 * bound to another process).
 */
long xnu_trap_vm_wire(struct xnu_file *xf, void *arg)
{
	struct xnu_vm_wire_args *a = arg;
	struct xnu_vm_file *vmf;
	struct xnu_wired *w;
	kern_return_t kr;
	int ret;

	ret = xnu_vm_file_owner(xf);
	if (ret)
		return ret;
	if (a->flags || !(a->prot & XNU_VM_PROT_READ) ||
	    (a->prot & ~(XNU_VM_PROT_READ | XNU_VM_PROT_WRITE)))
		return KERN_INVALID_ARGUMENT;
	vmf = xnu_vm_file_get(xf);
	if (!vmf)
		return -ENOMEM;
	w = xnu_wired_make(a->addr, a->size, a->prot & XNU_VM_PROT_WRITE, &kr);
	if (!w)
		return kr;
	mutex_lock(&vmf->lock);
	w->vmf = vmf;
	list_add_tail(&w->file_link, &vmf->regions);
	vmf->nregions++;
	vmf->npages += w->npages;
	mutex_unlock(&vmf->lock);
	a->handle = w->handle;
	return KERN_SUCCESS;
}

/**
 * xnu_trap_vm_unwire() - XNU_TRAP_VM_UNWIRE: unwire a region of this file
 * @xf:		the caller's open file
 * @arg:	struct xnu_vm_wire_args: @handle, or @addr and @size
 *
 * Return: KERN_SUCCESS, or KERN_INVALID_ARGUMENT (flags; no such live
 * region on this file, a double unwire included); -EBADFD (a file bound
 * to another process), -ENOMEM.
 */
long xnu_trap_vm_unwire(struct xnu_file *xf, void *arg)
{
	struct xnu_vm_wire_args *a = arg;
	struct xnu_wired *w, *found = NULL;
	struct xnu_vm_file *vmf;
	u64 start = 0, npages = 0;
	int ret;

	ret = xnu_vm_file_owner(xf);
	if (ret)
		return ret;
	if (a->flags)
		return KERN_INVALID_ARGUMENT;
	/* Pairs with the cmpxchg() that published it, fully built. */
	vmf = smp_load_acquire(&xf->vm);
	if (!vmf)
		return KERN_INVALID_ARGUMENT;
	if (!a->handle) {
		if (!a->size || a->addr + a->size < a->addr ||
		    a->addr + a->size > U64_MAX - PAGE_SIZE)
			return KERN_INVALID_ARGUMENT;
		start = a->addr & PAGE_MASK;
		npages = (PAGE_ALIGN(a->addr + a->size) - start) >> PAGE_SHIFT;
	}
	mutex_lock(&vmf->lock);
	list_for_each_entry_reverse(w, &vmf->regions, file_link) {
		if (a->handle ? w->handle == a->handle :
		    w->uaddr == start && w->npages == npages) {
			found = w;
			break;
		}
	}
	if (found) {
		list_del_init(&found->file_link);
		found->vmf = NULL;
		vmf->nregions--;
		vmf->npages -= found->npages;
	}
	mutex_unlock(&vmf->lock);
	if (!found)
		return KERN_INVALID_ARGUMENT;
	xnu_wired_unpublish(found);
	xnu_wired_put(found);
	return KERN_SUCCESS;
}

/**
 * xnu_trap_vm_wire_info() - XNU_TRAP_VM_WIRE_INFO: the wiring counters
 * @xf:		the caller's open file
 * @arg:	struct xnu_vm_wire_info
 *
 * Return: KERN_SUCCESS, or KERN_INVALID_ARGUMENT (flags); -EBADFD (a file
 * bound to another process), -ENOMEM.
 */
long xnu_trap_vm_wire_info(struct xnu_file *xf, void *arg)
{
	struct xnu_vm_wire_info *a = arg;
	struct xnu_vm_file *vmf;
	int ret;

	ret = xnu_vm_file_owner(xf);
	if (ret)
		return ret;
	if (a->flags)
		return KERN_INVALID_ARGUMENT;
	/* A file that never wired has no state: its counts are 0. */
	a->file_regions = 0;
	a->file_pages = 0;
	/* Pairs with the cmpxchg() that published it, fully built. */
	vmf = smp_load_acquire(&xf->vm);
	if (vmf) {
		mutex_lock(&vmf->lock);
		a->file_regions = vmf->nregions;
		a->file_pages = vmf->npages;
		mutex_unlock(&vmf->lock);
	}
	a->pinned_pages = atomic64_read(&xnu_wired_pinned);
	a->regions = atomic64_read(&xnu_wired_regions);
	a->wired_total = atomic64_read(&xnu_wired_total);
	a->unwired_total = atomic64_read(&xnu_unwired_total);
	return KERN_SUCCESS;
}

/* ---- init ----------------------------------------------------------------- */

/**
 * xnu_vm_init() - start boundary memory: the ring kernel objects
 *
 * Return: 0 or a negative errno, nothing left behind.
 */
int xnu_vm_init(void)
{
	return xnu_ring_init();
}

/**
 * xnu_vm_exit() - stop boundary memory
 *
 * Every open file is closed by now (the module is unloading), so no
 * region is listed; a region a module still held would have kept this
 * module loaded.
 */
void xnu_vm_exit(void)
{
	xnu_ring_exit();
	WARN_ON(!xa_empty(&xnu_wired_handles));
	xa_destroy(&xnu_wired_handles);
}

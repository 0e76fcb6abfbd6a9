// SPDX-License-Identifier: GPL-2.0
/*
 * ool.c - out-of-line memory of Mach messages: one copy from the sender
 * into kernel pages at send, and those same pages mapped (not copied) into
 * the receiver at receive, through an anonymous-inode file whose mapping
 * hands out the pages; also the anonymous regions OOL port arrays arrive in.
 *
 * The pages belong to the region's file: every mapping of it holds the file,
 * so partial munmap, mprotect, mremap and fork keep working, and the last
 * unmap frees the pages.
 *
 * The pages are charged to the sender's memory cgroup. Bytes in flight
 * (copied at send, not yet mapped into a receiver) are also counted per
 * user (real uid) and capped by the module parameter ool_max_user_mb, so
 * that untouched sender memory (which costs the sender nothing) cannot
 * make the kernel hold unbounded pages.
 */
#include <linux/anon_inodes.h>
#include <linux/err.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>

#include "mach_internal.h"

/* Pages copied between two looks at a pending fatal signal. */
#define XNU_OOL_BATCH	256

static unsigned int xnu_ool_max_user_mb = 1024;
module_param_named(ool_max_user_mb, xnu_ool_max_user_mb, uint, 0644);
MODULE_PARM_DESC(ool_max_user_mb,
		 "most MiB of out-of-line memory one user may have in flight (default 1024)");

/**
 * struct xnu_ool_user - out-of-line bytes one user has in flight
 * @node:	in xnu_ool_users
 * @uid:	the user (the sender's real uid)
 * @bytes:	bytes charged
 * @regions:	regions charged (the entry goes with the last)
 */
struct xnu_ool_user {
	struct hlist_node node;
	kuid_t uid;
	u64 bytes;
	unsigned long regions;
};

static DEFINE_HASHTABLE(xnu_ool_users, 6);
static DEFINE_SPINLOCK(xnu_ool_users_lock);

/**
 * struct xnu_ool - an out-of-line region in flight
 * @size:	bytes the sender gave (the receiver sees exactly this size)
 * @npages:	pages in @pages (@size rounded up)
 * @pages:	the data, zero-filled past @size
 * @user:	whom its bytes are charged to, until mapped or freed
 */
struct xnu_ool {
	u64 size;
	unsigned long npages;
	struct page **pages;
	struct xnu_ool_user *user;
};

static struct xnu_ool_user *xnu_ool_user_find(kuid_t uid)
{
	struct xnu_ool_user *u;

	hash_for_each_possible(xnu_ool_users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/*
 * Charge @ool's pages to the current user: MACH_SEND_NO_BUFFER past the
 * cap (or without memory for the user's entry).
 */
static mach_msg_return_t xnu_ool_charge(struct xnu_ool *ool)
{
	u64 bytes = (u64)ool->npages << PAGE_SHIFT;
	u64 cap = (u64)READ_ONCE(xnu_ool_max_user_mb) << 20;
	struct xnu_ool_user *u, *fresh = NULL;
	kuid_t uid = current_uid();
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (bytes > cap)
		return MACH_SEND_NO_BUFFER;
	spin_lock(&xnu_ool_users_lock);
	u = xnu_ool_user_find(uid);
	if (!u) {
		spin_unlock(&xnu_ool_users_lock);
		fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
		if (!fresh)
			return MACH_SEND_NO_BUFFER;
		fresh->uid = uid;
		spin_lock(&xnu_ool_users_lock);
		u = xnu_ool_user_find(uid);
		if (!u) {
			u = fresh;
			fresh = NULL;
			hash_add(xnu_ool_users, &u->node, __kuid_val(uid));
		}
	}
	if (u->bytes + bytes > cap) {
		mr = MACH_SEND_NO_BUFFER;
		if (!u->regions) {
			hash_del(&u->node);
			fresh = u;
		}
	} else {
		u->bytes += bytes;
		u->regions++;
		ool->user = u;
	}
	spin_unlock(&xnu_ool_users_lock);
	kfree(fresh);
	return mr;
}

/* The region is mapped into a receiver or freed: its bytes are back. */
static void xnu_ool_uncharge(struct xnu_ool *ool)
{
	struct xnu_ool_user *u = ool->user, *gone = NULL;

	if (!u)
		return;
	ool->user = NULL;
	spin_lock(&xnu_ool_users_lock);
	u->bytes -= (u64)ool->npages << PAGE_SHIFT;
	if (!--u->regions) {
		hash_del(&u->node);
		gone = u;
	}
	spin_unlock(&xnu_ool_users_lock);
	kfree(gone);
}

/* Free the first @n pages of @ool and @ool itself. */
static void xnu_ool_release_pages(struct xnu_ool *ool, unsigned long n)
{
	unsigned long i;

	xnu_ool_uncharge(ool);
	for (i = 0; i < n; i++)
		put_page(ool->pages[i]);
	kvfree(ool->pages);
	kfree(ool);
}

/**
 * xnu_ool_free() - drop an out-of-line region that was not delivered
 * @ool: the region, or NULL
 *
 * Pages still mapped somewhere stay alive until they are unmapped.
 */
void xnu_ool_free(struct xnu_ool *ool)
{
	if (ool)
		xnu_ool_release_pages(ool, ool->npages);
}

/* Copy @len bytes of user memory at @src into @page, zeroing the rest. */
static int xnu_ool_fill_page(struct page *page, const void __user *src,
			     size_t len)
{
	void *kaddr = kmap_local_page(page);
	int ret = 0;

	if (copy_from_user(kaddr, src, len))
		ret = -EFAULT;
	else if (len < PAGE_SIZE)
		memset(kaddr + len, 0, PAGE_SIZE - len);
	kunmap_local(kaddr);
	return ret;
}

/* Copy the pages of @ool from user @uaddr; *@filled tells how many exist. */
static mach_msg_return_t xnu_ool_fill(struct xnu_ool *ool, u64 uaddr,
				      unsigned long *filled)
{
	const u8 __user *src = u64_to_user_ptr(uaddr);
	u64 left = ool->size;
	unsigned long i;

	for (i = 0; i < ool->npages; i++) {
		size_t len = min_t(u64, left, PAGE_SIZE);
		struct page *page;

		if (i && !(i % XNU_OOL_BATCH)) {
			if (fatal_signal_pending(current))
				return MACH_SEND_INTERRUPTED;
			cond_resched();
		}
		page = alloc_page(GFP_HIGHUSER | __GFP_ACCOUNT | __GFP_NOWARN);
		if (!page)
			return MACH_SEND_NO_BUFFER;
		ool->pages[i] = page;
		*filled = i + 1;
		if (xnu_ool_fill_page(page, src, len))
			return MACH_SEND_INVALID_MEMORY;
		src += len;
		left -= len;
	}
	return MACH_MSG_SUCCESS;
}

/* Unmap the pages holding [uaddr, uaddr + size) from the current task. */
static void xnu_ool_unmap(u64 uaddr, u64 size)
{
	u64 start = uaddr & PAGE_MASK;
	u64 end = PAGE_ALIGN(uaddr + size);

	if (end > start)
		vm_munmap(start, end - start);
}

/*
 * A new region of @size bytes (not 0), charged to the current user, its
 * page array allocated and empty; NULL with *@mrp set on failure.
 */
static struct xnu_ool *xnu_ool_new(u64 size, mach_msg_return_t *mrp)
{
	struct xnu_ool *ool;

	ool = kzalloc(sizeof(*ool), GFP_KERNEL_ACCOUNT);
	if (!ool) {
		*mrp = MACH_SEND_NO_BUFFER;
		return NULL;
	}
	ool->size = size;
	ool->npages = DIV_ROUND_UP(size, PAGE_SIZE);
	*mrp = xnu_ool_charge(ool);
	if (*mrp != MACH_MSG_SUCCESS) {
		kfree(ool);
		return NULL;
	}
	ool->pages = kvcalloc(ool->npages, sizeof(*ool->pages),
			      GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!ool->pages) {
		xnu_ool_uncharge(ool);
		kfree(ool);
		*mrp = MACH_SEND_NO_BUFFER;
		return NULL;
	}
	return ool;
}

/**
 * xnu_ool_copyin() - copy an out-of-line region from the current task
 * @uaddr:	where the region starts in the sender
 * @size:	its size in bytes (0 gives no region)
 * @dealloc:	unmap the region from the sender once copied
 * @oolp:	out: the region, or NULL for size 0
 *
 * This is the only copy the data ever makes: the receiver maps these pages.
 *
 * Its pages are charged to the current user's bytes in flight until the
 * region is mapped into a receiver or freed.
 *
 * Return: MACH_MSG_SUCCESS; MACH_SEND_INVALID_MEMORY when the range cannot
 * be read, MACH_SEND_NO_BUFFER on ENOMEM or past the user's cap
 * (ool_max_user_mb), MACH_SEND_INTERRUPTED when a fatal signal arrived
 * during a long copy. Nothing is left on error.
 */
mach_msg_return_t xnu_ool_copyin(u64 uaddr, u64 size, bool dealloc,
				 struct xnu_ool **oolp)
{
	unsigned long filled = 0;
	struct xnu_ool *ool;
	mach_msg_return_t mr;

	*oolp = NULL;
	if (!size)
		return MACH_MSG_SUCCESS;
	if (uaddr + size < uaddr ||
	    !access_ok(u64_to_user_ptr(uaddr), size))
		return MACH_SEND_INVALID_MEMORY;

	ool = xnu_ool_new(size, &mr);
	if (!ool)
		return mr;
	mr = xnu_ool_fill(ool, uaddr, &filled);
	if (mr != MACH_MSG_SUCCESS) {
		xnu_ool_release_pages(ool, filled);
		return mr;
	}
	if (dealloc)
		xnu_ool_unmap(uaddr, size);
	*oolp = ool;
	return MACH_MSG_SUCCESS;
}

/**
 * xnu_ool_from_kernel() - an out-of-line region holding kernel data
 * @data:	the bytes (kernel memory, any alignment)
 * @size:	how many (0 gives no region)
 * @oolp:	out: the region, or NULL for size 0
 *
 * What a kernel routine's reply carries (XNU's vm_map_copyin() of
 * ipc_kernel_map memory): the bytes are copied once, into the pages the
 * receiver will map, and the region is accounted as one a user sent: to
 * the current user's bytes in flight (ool_max_user_mb) and memory cgroup,
 * until it is received or destroyed. May sleep.
 *
 * Return: MACH_MSG_SUCCESS, MACH_SEND_NO_BUFFER (no memory, or past the
 * user's cap), MACH_SEND_INTERRUPTED (a fatal signal during a long copy).
 * Nothing is left on error.
 */
mach_msg_return_t xnu_ool_from_kernel(const void *data, u64 size,
				      struct xnu_ool **oolp)
{
	const u8 *src = data;
	struct xnu_ool *ool;
	mach_msg_return_t mr;
	unsigned long i;
	u64 left = size;

	*oolp = NULL;
	if (!size)
		return MACH_MSG_SUCCESS;
	ool = xnu_ool_new(size, &mr);
	if (!ool)
		return mr;
	for (i = 0; i < ool->npages; i++) {
		size_t len = min_t(u64, left, PAGE_SIZE);
		struct page *page;

		if (i && !(i % XNU_OOL_BATCH)) {
			if (fatal_signal_pending(current)) {
				xnu_ool_release_pages(ool, i);
				return MACH_SEND_INTERRUPTED;
			}
			cond_resched();
		}
		page = alloc_page(GFP_HIGHUSER | __GFP_ACCOUNT | __GFP_NOWARN);
		if (!page) {
			xnu_ool_release_pages(ool, i);
			return MACH_SEND_NO_BUFFER;
		}
		ool->pages[i] = page;
		memcpy_to_page(page, 0, src, len);
		if (len < PAGE_SIZE)
			memzero_page(page, len, PAGE_SIZE - len);
		src += len;
		left -= len;
	}
	*oolp = ool;
	return MACH_MSG_SUCCESS;
}

/**
 * xnu_ool_size() - the size of a region
 * @ool:	the region, or NULL
 *
 * Return: its bytes, 0 for NULL.
 */
u64 xnu_ool_size(const struct xnu_ool *ool)
{
	return ool ? ool->size : 0;
}

static vm_fault_t xnu_ool_fault(struct vm_fault *vmf)
{
	struct xnu_ool *ool = vmf->vma->vm_file->private_data;

	if (vmf->pgoff >= ool->npages)
		return VM_FAULT_SIGBUS;
	vmf->page = ool->pages[vmf->pgoff];
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct xnu_ool_vm_ops = {
	.fault = xnu_ool_fault,
};

/*
 * Map the region's pages. Only shared mappings: the receiver owns the data
 * and writes to it in place. The pages are inserted at once
 * (vm_insert_pages() marks the mapping VM_MIXEDMAP itself, on every kernel
 * we build for); the fault handler supplies any that could not be, serves
 * forks and refaults, and answers SIGBUS past the region (a mapping grown
 * by mremap).
 */
static int xnu_ool_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct xnu_ool *ool = file->private_data;
	unsigned long pages = vma_pages(vma);
	unsigned long num = pages;

	if (!(vma->vm_flags & VM_SHARED))
		return -EACCES;
	if (vma->vm_pgoff >= ool->npages || pages > ool->npages - vma->vm_pgoff)
		return -EINVAL;
	vma->vm_ops = &xnu_ool_vm_ops;
	/* A partial insert is fine: the rest is faulted in. */
	vm_insert_pages(vma, vma->vm_start, ool->pages + vma->vm_pgoff, &num);
	return 0;
}

static int xnu_ool_release(struct inode *inode, struct file *file)
{
	xnu_ool_free(file->private_data);
	return 0;
}

static const struct file_operations xnu_ool_fops = {
	.owner = THIS_MODULE,
	.mmap = xnu_ool_mmap,
	.release = xnu_ool_release,
};

/**
 * xnu_ool_copyout() - map an out-of-line region into the current task
 * @ool:	the region (consumed, success or not), or NULL
 * @uaddrp:	out: where it was mapped, 0 for NULL or on failure
 *
 * The mapping is shared and read-write; the receiver deallocates it with
 * munmap (vm_deallocate), in whole or in parts.
 *
 * Return: MACH_MSG_SUCCESS, or MACH_MSG_VM_SPACE when it cannot be mapped
 * (the region is then freed).
 */
mach_msg_return_t xnu_ool_copyout(struct xnu_ool *ool, u64 *uaddrp)
{
	struct file *file;
	unsigned long addr;

	*uaddrp = 0;
	if (!ool)
		return MACH_MSG_SUCCESS;
	/* The receiver has the pages now (or they are freed below). */
	xnu_ool_uncharge(ool);
	file = anon_inode_getfile("[xnu-ool]", &xnu_ool_fops, ool, O_RDWR);
	if (IS_ERR(file)) {
		xnu_ool_free(ool);
		return MACH_MSG_VM_SPACE;
	}
	addr = vm_mmap(file, 0, ool->npages << PAGE_SHIFT,
		       PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	/* The mapping holds the file now; without one this frees @ool. */
	fput(file);
	if (IS_ERR_VALUE(addr))
		return MACH_MSG_VM_SPACE;
	*uaddrp = addr;
	return MACH_MSG_SUCCESS;
}

/**
 * xnu_vm_allocate() - map zeroed anonymous memory into the current task
 * @size:	bytes (rounded up to pages)
 * @uaddrp:	out: the address, 0 on failure
 *
 * What an OOL port array is received in, as XNU's mach_vm_allocate().
 *
 * Return: MACH_MSG_SUCCESS or MACH_MSG_VM_SPACE.
 */
mach_msg_return_t xnu_vm_allocate(u64 size, u64 *uaddrp)
{
	unsigned long addr;

	*uaddrp = 0;
	if (!size || size > TASK_SIZE)
		return MACH_MSG_VM_SPACE;
	addr = vm_mmap(NULL, 0, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return MACH_MSG_VM_SPACE;
	*uaddrp = addr;
	return MACH_MSG_SUCCESS;
}

/**
 * xnu_ool_init() - start messages and their out-of-line memory
 *
 * Creates the cache of small messages (kmsg.c); regions need nothing set
 * up, they live in anonymous-inode files.
 *
 * Return: 0 or a negative errno.
 */
int xnu_ool_init(void)
{
	return xnu_kmsg_init();
}

/**
 * xnu_ool_exit() - stop messages and their out-of-line memory
 *
 * Mapped regions hold a module reference through their file, and regions
 * in flight are freed with their messages, so none (and no user's count)
 * is left when this runs.
 */
void xnu_ool_exit(void)
{
	WARN_ON_ONCE(!hash_empty(xnu_ool_users));
	xnu_kmsg_exit();
}

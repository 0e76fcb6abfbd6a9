// SPDX-License-Identifier: GPL-2.0
/*
 * tree.c - the sysctl tree: the root and top-level nodes, registration and
 * unregistration (OID_AUTO numbering, refusal of taken numbers and names,
 * waiting for handlers in flight), lookups by MIB and by name through two
 * hash tables, and the depth-first walks behind {0,1}, {0,2}, {0,4}, {0,5}.
 *
 * Every registered OID is in its parent list's children, kept sorted by
 * number, and in two hash tables keyed by (parent list, number) and
 * (parent list, name), so a lookup costs the same with 10 or 10,000
 * siblings. A module notifier unregisters what a module left registered
 * when it goes away, with a warning, so a forgotten sysctl_unregister_oid()
 * cannot leave the tree pointing into freed memory.
 */
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/rwsem.h>
#include <linux/stringhash.h>
#include <linux/wait.h>

#include "sysctl_internal.h"

#define XNU_SYSCTL_HASH_BITS	12

/* oid_xnu_state */
#define XNU_OID_REGISTERED	0x1
#define XNU_OID_AUTONUM		0x2	/* registered with OID_AUTO */
#define XNU_OID_DRAINING	0x4	/* unlinked, handlers still running */

static DECLARE_RWSEM(xnu_sysctl_tree_lock);
static DECLARE_WAIT_QUEUE_HEAD(xnu_sysctl_drain);
static DEFINE_HASHTABLE(xnu_sysctl_bynum, XNU_SYSCTL_HASH_BITS);
static DEFINE_HASHTABLE(xnu_sysctl_byname, XNU_SYSCTL_HASH_BITS);
static atomic64_t xnu_sysctl_gen = ATOMIC64_INIT(0);

/**
 * DOC: sysctl roots
 *
 * sysctl__children is the root list. The top-level nodes and their
 * children lists, sysctl__sysctl_children, sysctl__kern_children,
 * sysctl__vm_children, sysctl__vfs_children, sysctl__net_children,
 * sysctl__debug_children, sysctl__hw_children, sysctl__machdep_children
 * and sysctl__user_children, are exported for modules that declare OIDs
 * under them with SYSCTL_DECL(_kern) and friends, as kexts do.
 */
struct sysctl_oid_list sysctl__children;
EXPORT_SYMBOL_GPL(sysctl__children);

/* The top-level nodes, as SYSCTL_NODE() declares them. */
struct sysctl_oid_list sysctl__sysctl_children;
EXPORT_SYMBOL_GPL(sysctl__sysctl_children);
SYSCTL_OID(, CTL_UNSPEC, sysctl, CTLTYPE_NODE | CTLFLAG_RW | CTLFLAG_LOCKED,
	   &sysctl__sysctl_children, 0, NULL, "N", "Sysctl internal magic");

struct sysctl_oid_list sysctl__kern_children;
EXPORT_SYMBOL_GPL(sysctl__kern_children);
SYSCTL_OID(, CTL_KERN, kern, CTLTYPE_NODE | CTLFLAG_RW | CTLFLAG_LOCKED,
	   &sysctl__kern_children, 0, NULL, "N", "High kernel, proc, limits &c");

struct sysctl_oid_list sysctl__vm_children;
EXPORT_SYMBOL_GPL(sysctl__vm_children);
SYSCTL_OID(, CTL_VM, vm, CTLTYPE_NODE | CTLFLAG_RW | CTLFLAG_LOCKED,
	   &sysctl__vm_children, 0, NULL, "N", "Virtual memory");

struct sysctl_oid_list sysctl__vfs_children;
EXPORT_SYMBOL_GPL(sysctl__vfs_children);
SYSCTL_OID(, CTL_VFS, vfs, CTLTYPE_NODE | CTLFLAG_RW | CTLFLAG_LOCKED,
	   &sysctl__vfs_children, 0, NULL, "N", "File system");

struct sysctl_oid_list sysctl__net_children;
EXPORT_SYMBOL_GPL(sysctl__net_children);
SYSCTL_OID(, CTL_NET, net, CTLTYPE_NODE | CTLFLAG_RW | CTLFLAG_LOCKED,
	   &sysctl__net_children, 0, NULL, "N", "Network, (see socket.h)");

struct sysctl_oid_list sysctl__debug_children;
EXPORT_SYMBOL_GPL(sysctl__debug_children);
SYSCTL_OID(, CTL_DEBUG, debug, CTLTYPE_NODE | CTLFLAG_RW | CTLFLAG_LOCKED,
	   &sysctl__debug_children, 0, NULL, "N", "Debugging");

struct sysctl_oid_list sysctl__hw_children;
EXPORT_SYMBOL_GPL(sysctl__hw_children);
SYSCTL_OID(, CTL_HW, hw, CTLTYPE_NODE | CTLFLAG_RW | CTLFLAG_LOCKED,
	   &sysctl__hw_children, 0, NULL, "N", "hardware");

struct sysctl_oid_list sysctl__machdep_children;
EXPORT_SYMBOL_GPL(sysctl__machdep_children);
SYSCTL_OID(, CTL_MACHDEP, machdep, CTLTYPE_NODE | CTLFLAG_RW | CTLFLAG_LOCKED,
	   &sysctl__machdep_children, 0, NULL, "N", "machine dependent");

struct sysctl_oid_list sysctl__user_children;
EXPORT_SYMBOL_GPL(sysctl__user_children);
SYSCTL_OID(, CTL_USER, user, CTLTYPE_NODE | CTLFLAG_RW | CTLFLAG_LOCKED,
	   &sysctl__user_children, 0, NULL, "N", "user-level");

static struct sysctl_oid *const xnu_sysctl_top[] = {
	&sysctl__sysctl, &sysctl__kern, &sysctl__vm, &sysctl__vfs,
	&sysctl__net, &sysctl__debug, &sysctl__hw, &sysctl__machdep,
	&sysctl__user,
};

/* ---- hashing ---- */

static u32 xnu_num_key(const struct sysctl_oid_list *lsp, int number)
{
	return hash_ptr(lsp, 32) ^ (u32)number;
}

static u32 xnu_name_key(const struct sysctl_oid_list *lsp, const char *name,
			size_t len)
{
	return full_name_hash(lsp, name, len);
}

static bool xnu_is_node(const struct sysctl_oid *oidp)
{
	return (oidp->oid_kind & CTLTYPE) == CTLTYPE_NODE;
}

/* The children of a node without handler, or NULL: where a walk descends. */
static struct sysctl_oid_list *xnu_children(const struct sysctl_oid *oidp)
{
	if (!xnu_is_node(oidp) || oidp->oid_handler)
		return NULL;
	return oidp->oid_arg1;
}

static struct sysctl_oid *xnu_find_num(const struct sysctl_oid_list *lsp,
				       int number)
{
	struct sysctl_oid *oidp;

	hash_for_each_possible(xnu_sysctl_bynum, oidp, oid_xnu_bynum,
			       xnu_num_key(lsp, number))
		if (oidp->oid_parent == lsp && oidp->oid_number == number)
			return oidp;
	return NULL;
}

static struct sysctl_oid *xnu_find_name(const struct sysctl_oid_list *lsp,
					const char *name, size_t len)
{
	struct sysctl_oid *oidp;

	hash_for_each_possible(xnu_sysctl_byname, oidp, oid_xnu_byname,
			       xnu_name_key(lsp, name, len))
		if (oidp->oid_parent == lsp &&
		    !strncmp(oidp->oid_name, name, len) &&
		    !oidp->oid_name[len])
			return oidp;
	return NULL;
}

static void xnu_list_init(struct sysctl_oid_list *lsp)
{
	if (!lsp->xnu_children.next)
		INIT_LIST_HEAD(&lsp->xnu_children);
}

/*
 * The MIB of a registered OID, walking up through the nodes that own the
 * lists. Returns its length, or 0 when a list on the way up has no
 * registered node (children registered before their node). Tree lock held.
 */
static int xnu_oid_mib(const struct sysctl_oid *oidp, int *mib)
{
	int rev[CTL_MAXNAME];
	int n = 0, i;

	while (oidp) {
		if (n == CTL_MAXNAME)
			return 0;
		rev[n++] = oidp->oid_number;
		if (oidp->oid_parent == &sysctl__children)
			break;
		oidp = oidp->oid_parent->xnu_node;
	}
	if (!oidp)
		return 0;
	for (i = 0; i < n; i++)
		mib[i] = rev[n - 1 - i];
	return n;
}

/* ---- registration ---- */

static bool xnu_oid_valid(const struct sysctl_oid *oidp)
{
	const char *name = oidp->oid_name;

	if (!(oidp->oid_kind & CTLFLAG_OID2) ||
	    oidp->oid_version != SYSCTL_OID_VERSION) {
		pr_err("sysctl: %s: not a version %d OID (use the SYSCTL_* macros)\n",
		       name ?: "?", SYSCTL_OID_VERSION);
		return false;
	}
	if (!oidp->oid_parent || !name || !*name || strchr(name, '.') ||
	    strlen(name) >= XNU_SYSCTL_NAMEBUF) {
		pr_err("sysctl: %s: needs a parent and a name without '.'\n",
		       name ?: "?");
		return false;
	}
	if ((oidp->oid_kind & CTLTYPE) > CTLTYPE_OPAQUE) {
		pr_err("sysctl: %s: kind %d is not a Darwin kind (1-5)\n",
		       name, oidp->oid_kind & CTLTYPE);
		return false;
	}
	if (oidp->oid_number < OID_AUTO) {
		pr_err("sysctl: %s: number %d is invalid\n", name,
		       oidp->oid_number);
		return false;
	}
	if (xnu_is_node(oidp) && !oidp->oid_handler && !oidp->oid_arg1) {
		pr_err("sysctl: %s: a node needs a children list\n", name);
		return false;
	}
	return true;
}

/* Insert into the sorted children, scanning from the end (OID_AUTO's end). */
static void xnu_link_sorted(struct sysctl_oid_list *lsp,
			    struct sysctl_oid *oidp)
{
	struct sysctl_oid *pos;

	list_for_each_entry_reverse(pos, &lsp->xnu_children, oid_xnu_link) {
		if (pos->oid_number < oidp->oid_number) {
			list_add(&oidp->oid_xnu_link, &pos->oid_xnu_link);
			return;
		}
	}
	list_add(&oidp->oid_xnu_link, &lsp->xnu_children);
}

/**
 * sysctl_register_oid() - add an OID to the tree
 * @oidp: an OID declared with the SYSCTL_* macros
 *
 * With OID_AUTO as its number, the OID gets max(OID_AUTO_START, highest
 * sibling + 1), written back into @oidp->oid_number. A number or a name
 * already taken under the parent is refused with a log line (XNU panics on
 * a taken number). A node's children may be registered before or after the
 * node, by any module. May sleep.
 */
void sysctl_register_oid(struct sysctl_oid *oidp)
{
	struct sysctl_oid_list *lsp;
	struct sysctl_oid *other;
	int mib[CTL_MAXNAME], miblen;
	size_t namelen;

	if (!oidp || !xnu_oid_valid(oidp))
		return;
	lsp = oidp->oid_parent;
	namelen = strlen(oidp->oid_name);

	down_write(&xnu_sysctl_tree_lock);
	if (oidp->oid_xnu_state & (XNU_OID_REGISTERED | XNU_OID_DRAINING)) {
		pr_err("sysctl: %s is already registered\n", oidp->oid_name);
		goto out;
	}
	xnu_list_init(lsp);

	other = xnu_find_name(lsp, oidp->oid_name, namelen);
	if (other) {
		pr_err("sysctl: %s: name already registered under this parent (number %d)\n",
		       oidp->oid_name, other->oid_number);
		goto out;
	}
	if (oidp->oid_number == OID_AUTO) {
		int n = OID_AUTO_START;

		if (!list_empty(&lsp->xnu_children)) {
			other = list_last_entry(&lsp->xnu_children,
						struct sysctl_oid,
						oid_xnu_link);
			if (other->oid_number >= n)
				n = other->oid_number + 1;
		}
		oidp->oid_number = n;
		oidp->oid_xnu_state = XNU_OID_AUTONUM;
	} else {
		other = xnu_find_num(lsp, oidp->oid_number);
		if (other) {
			pr_err("sysctl: %s: number %d already taken by %s, not registered\n",
			       oidp->oid_name, oidp->oid_number,
			       other->oid_name);
			goto out;
		}
		oidp->oid_xnu_state = 0;
	}

	atomic_set(&oidp->oid_xnu_running, 0);
	xnu_link_sorted(lsp, oidp);
	hash_add(xnu_sysctl_bynum, &oidp->oid_xnu_bynum,
		 xnu_num_key(lsp, oidp->oid_number));
	hash_add(xnu_sysctl_byname, &oidp->oid_xnu_byname,
		 xnu_name_key(lsp, oidp->oid_name, namelen));
	if (xnu_children(oidp)) {
		struct sysctl_oid_list *kids = oidp->oid_arg1;

		xnu_list_init(kids);
		kids->xnu_node = oidp;
	}
	oidp->oid_xnu_state |= XNU_OID_REGISTERED;
	atomic64_inc(&xnu_sysctl_gen);
	miblen = xnu_oid_mib(oidp, mib);
	up_write(&xnu_sysctl_tree_lock);

	if (miblen)
		xnu_sysctl_notify_registration(mib, miblen, oidp->oid_name,
					       true);
	return;
out:
	up_write(&xnu_sysctl_tree_lock);
}
EXPORT_SYMBOL_GPL(sysctl_register_oid);

/*
 * Unlink a registered OID, which stays draining until its handlers in
 * flight are done; the tree lock is held for writing.
 */
static void xnu_unlink(struct sysctl_oid *oidp)
{
	struct sysctl_oid_list *kids = xnu_children(oidp);

	list_del(&oidp->oid_xnu_link);
	hash_del(&oidp->oid_xnu_bynum);
	hash_del(&oidp->oid_xnu_byname);
	if (kids && kids->xnu_node == oidp)
		kids->xnu_node = NULL;
	oidp->oid_xnu_state &= ~XNU_OID_REGISTERED;
	oidp->oid_xnu_state |= XNU_OID_DRAINING;
	atomic64_inc(&xnu_sysctl_gen);
}

/*
 * After unlinking: wait for handlers in flight, report, then give an auto
 * number back and end the draining state, under the lock, waking anyone
 * waiting for it (a second unregistration of the same OID).
 */
static void xnu_unlinked(struct sysctl_oid *oidp, const int *mib, int miblen)
{
	wait_event(xnu_sysctl_drain, !atomic_read(&oidp->oid_xnu_running));
	if (miblen)
		xnu_sysctl_notify_registration(mib, miblen, oidp->oid_name,
					       false);
	down_write(&xnu_sysctl_tree_lock);
	if (oidp->oid_xnu_state & XNU_OID_AUTONUM)
		oidp->oid_number = OID_AUTO;
	WRITE_ONCE(oidp->oid_xnu_state, 0);
	up_write(&xnu_sysctl_tree_lock);
	wake_up_all(&xnu_sysctl_drain);
}

/* A wait condition: no lock (it may not sleep); the writer wakes after. */
static bool xnu_oid_draining(struct sysctl_oid *oidp)
{
	return READ_ONCE(oidp->oid_xnu_state) & XNU_OID_DRAINING;
}

/**
 * sysctl_unregister_oid() - remove an OID from the tree
 * @oidp: a registered OID
 *
 * Waits until no handler of @oidp is running; must not be called from the
 * OID's own handler. An OID registered with OID_AUTO gets OID_AUTO back, so
 * it can be registered again. An OID another caller is unregistering is
 * waited for; unregistering an OID that is not registered only logs. May
 * sleep.
 */
void sysctl_unregister_oid(struct sysctl_oid *oidp)
{
	int mib[CTL_MAXNAME], miblen;

	if (!oidp)
		return;
	down_write(&xnu_sysctl_tree_lock);
	if (oidp->oid_xnu_state & XNU_OID_DRAINING) {
		up_write(&xnu_sysctl_tree_lock);
		wait_event(xnu_sysctl_drain, !xnu_oid_draining(oidp));
		return;
	}
	if (!(oidp->oid_xnu_state & XNU_OID_REGISTERED)) {
		up_write(&xnu_sysctl_tree_lock);
		pr_err("sysctl: %s is not registered\n",
		       oidp->oid_name ?: "?");
		return;
	}
	miblen = xnu_oid_mib(oidp, mib);
	xnu_unlink(oidp);
	up_write(&xnu_sysctl_tree_lock);
	xnu_unlinked(oidp, mib, miblen);
}
EXPORT_SYMBOL_GPL(sysctl_unregister_oid);

/* ---- module unload safety net ---- */

/* Whether the OID or anything it points to lives in the module. */
static bool xnu_oid_in_module(const struct sysctl_oid *oidp,
			      const struct module *mod)
{
	const void *ptrs[] = {
		oidp, oidp->oid_parent, oidp->oid_handler, oidp->oid_name,
		oidp->oid_arg1, oidp->oid_fmt, oidp->oid_descr,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(ptrs); i++)
		if (within_module((unsigned long)ptrs[i], mod))
			return true;
	return false;
}

/* One OID the going module left behind, unlinked; NULL when none is left. */
static struct sysctl_oid *xnu_unlink_one_of(const struct module *mod,
					    int *mib, int *miblen)
{
	struct sysctl_oid *oidp;
	int bkt;

	down_write(&xnu_sysctl_tree_lock);
	hash_for_each(xnu_sysctl_bynum, bkt, oidp, oid_xnu_bynum) {
		if (xnu_oid_in_module(oidp, mod)) {
			*miblen = xnu_oid_mib(oidp, mib);
			xnu_unlink(oidp);
			up_write(&xnu_sysctl_tree_lock);
			return oidp;
		}
	}
	up_write(&xnu_sysctl_tree_lock);
	return NULL;
}

static int xnu_sysctl_module_event(struct notifier_block *nb,
				   unsigned long action, void *data)
{
	struct module *mod = data;
	struct sysctl_oid *oidp;
	int mib[CTL_MAXNAME], miblen;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	while ((oidp = xnu_unlink_one_of(mod, mib, &miblen))) {
		pr_warn("sysctl: module %s left %s registered; unregistered it\n",
			mod->name, oidp->oid_name);
		xnu_unlinked(oidp, mib, miblen);
	}
	return NOTIFY_OK;
}

static struct notifier_block xnu_sysctl_module_nb = {
	.notifier_call = xnu_sysctl_module_event,
};

/* ---- lookups ---- */

u64 xnu_sysctl_generation(void)
{
	return atomic64_read(&xnu_sysctl_gen);
}

void xnu_sysctl_put(struct sysctl_oid *oidp)
{
	if (!atomic_dec_and_test(&oidp->oid_xnu_running))
		return;
	/*
	 * The value-returning atomic above is fully ordered: the barrier
	 * waitqueue_active() needs against a waiter's prepare_to_wait().
	 */
	if (waitqueue_active(&xnu_sysctl_drain))
		wake_up_all(&xnu_sysctl_drain);
}

struct sysctl_oid *xnu_sysctl_get_mib(const int *name, u32 namelen, u32 *indx,
				      bool *unlocked)
{
	struct sysctl_oid_list *lsp = &sysctl__children;
	struct sysctl_oid *oidp = ERR_PTR(-ENOENT);
	u32 i = 0;

	*unlocked = false;

	down_read(&xnu_sysctl_tree_lock);
	while (i < namelen && i < CTL_MAXNAME) {
		struct sysctl_oid *found = xnu_find_num(lsp, name[i]);

		if (!found)
			break;
		i++;
		if (!(found->oid_kind & CTLFLAG_LOCKED))
			*unlocked = true;
		if (xnu_is_node(found)) {
			if (found->oid_handler) {
				oidp = found;
				break;
			}
			lsp = found->oid_arg1;
			if (i == namelen)
				break;		/* a node without handler */
		} else {
			oidp = i == namelen ? found : ERR_PTR(-EISDIR);
			break;
		}
	}
	if (!IS_ERR(oidp)) {
		atomic_inc(&oidp->oid_xnu_running);
		*indx = i;
	}
	up_read(&xnu_sysctl_tree_lock);
	return oidp;
}

/*
 * XNU's name2oid: resolve a dotted name to its MIB and its last OID, noting
 * in *unlocked an OID on the way without CTLFLAG_LOCKED. Returns the MIB's
 * length, or -ENOENT. Tree lock held.
 */
static int xnu_name_walk(const char *name, size_t len, int *mib,
			 struct sysctl_oid **last, bool *unlocked)
{
	struct sysctl_oid_list *lsp = &sysctl__children;
	int n = 0;

	*unlocked = false;
	while (len && n < CTL_MAXNAME) {
		const char *dot = memchr(name, '.', len);
		size_t toklen = dot ? dot - name : len;
		struct sysctl_oid *oidp = xnu_find_name(lsp, name, toklen);

		if (!oidp)
			break;
		mib[n++] = oidp->oid_number;
		if (!(oidp->oid_kind & CTLFLAG_LOCKED))
			*unlocked = true;
		if (!dot) {
			*last = oidp;
			return n;
		}
		lsp = xnu_children(oidp);
		if (!lsp)
			break;		/* a leaf or a handler node, more follows */
		len -= toklen + 1;
		name = dot + 1;
	}
	return -ENOENT;
}

int xnu_sysctl_name2oid(const char *name, size_t len, int *mib)
{
	struct sysctl_oid *last;
	bool unlocked;
	int ret;

	down_read(&xnu_sysctl_tree_lock);
	ret = xnu_name_walk(name, len, mib, &last, &unlocked);
	up_read(&xnu_sysctl_tree_lock);
	return ret;
}

struct sysctl_oid *xnu_sysctl_get_name(const char *name, size_t len, int *mib,
				       u32 *miblen, bool *unlocked)
{
	struct sysctl_oid *oidp = ERR_PTR(-ENOENT), *last;
	int n;

	down_read(&xnu_sysctl_tree_lock);
	n = xnu_name_walk(name, len, mib, &last, unlocked);
	/* As a request by that MIB: a node must have a handler. */
	if (n > 0 && (!xnu_is_node(last) || last->oid_handler)) {
		oidp = last;
		atomic_inc(&oidp->oid_xnu_running);
		*miblen = n;
	}
	up_read(&xnu_sysctl_tree_lock);
	return oidp;
}

/*
 * XNU's find_oid_by_name() behind {0,4} and {0,5}: like a request's lookup,
 * but a node without handler at the end is found too. Tree lock held.
 */
static struct sysctl_oid *xnu_find_info(const int *name, u32 namelen)
{
	struct sysctl_oid_list *lsp = &sysctl__children;
	u32 i = 0;

	while (i < namelen && i < CTL_MAXNAME) {
		struct sysctl_oid *oidp = xnu_find_num(lsp, name[i]);

		if (!oidp)
			break;
		i++;
		if (xnu_is_node(oidp)) {
			if (oidp->oid_handler || i == namelen)
				return oidp;
			lsp = oidp->oid_arg1;
		} else {
			return i == namelen ? oidp : ERR_PTR(-EISDIR);
		}
	}
	return ERR_PTR(-ENOENT);
}

int xnu_sysctl_mib_info(const int *name, u32 namelen, u32 *kind,
			char *fmt, size_t fmtlen, char *descr, size_t descrlen)
{
	struct sysctl_oid *oidp;
	int ret = 0;

	down_read(&xnu_sysctl_tree_lock);
	oidp = xnu_find_info(name, namelen);
	if (IS_ERR(oidp)) {
		ret = PTR_ERR(oidp);
		goto out;
	}
	if ((fmt && !oidp->oid_fmt) || (descr && !oidp->oid_descr)) {
		ret = -ENOENT;
		goto out;
	}
	if (kind)
		*kind = oidp->oid_kind;
	if (fmt)
		strscpy(fmt, oidp->oid_fmt, fmtlen);
	if (descr)
		strscpy(descr, oidp->oid_descr, descrlen);
out:
	up_read(&xnu_sysctl_tree_lock);
	return ret;
}

int xnu_sysctl_mib_name(const int *name, u32 namelen, char *buf, size_t len)
{
	struct sysctl_oid_list *lsp = &sysctl__children;
	size_t used = 0;
	u32 i;
	int n;

	down_read(&xnu_sysctl_tree_lock);
	for (i = 0; i < namelen; i++) {
		struct sysctl_oid *oidp = lsp ? xnu_find_num(lsp, name[i]) : NULL;

		if (oidp)
			n = snprintf(buf + used, len - used, "%s%s",
				     i ? "." : "", oidp->oid_name);
		else
			n = snprintf(buf + used, len - used, "%s%d",
				     i ? "." : "", name[i]);
		if (n >= len - used) {
			up_read(&xnu_sysctl_tree_lock);
			return -ENAMETOOLONG;
		}
		used += n;
		lsp = oidp ? xnu_children(oidp) : NULL;
	}
	up_read(&xnu_sysctl_tree_lock);
	if (!namelen && len)
		buf[0] = '\0';
	return used;
}

/*
 * The walk behind xnu_sysctl_next(): the first OID after the given MIB in
 * lsp's subtree, at depth; name/namelen is what is left of the MIB to pass
 * (namelen 0: take the first). Tree lock held.
 */
static int xnu_next_in(struct sysctl_oid_list *lsp, const int *name,
		       u32 namelen, int *next, int depth, bool leaves_only)
{
	struct sysctl_oid *oidp;

	if (!lsp || !lsp->xnu_children.next)
		return -ENOENT;
	list_for_each_entry(oidp, &lsp->xnu_children, oid_xnu_link) {
		struct sysctl_oid_list *kids = xnu_children(oidp);
		bool exact = namelen && oidp->oid_number == name[0];
		int ret;

		if (namelen && oidp->oid_number < name[0])
			continue;
		next[depth] = oidp->oid_number;
		if (!kids) {
			if (exact)
				continue;	/* the given leaf itself */
			return depth + 1;
		}
		if (!leaves_only && !exact)
			return depth + 1;	/* pre-order: the node itself */
		if (depth + 1 >= CTL_MAXNAME)
			continue;
		ret = xnu_next_in(kids, exact ? name + 1 : NULL,
				  exact ? namelen - 1 : 0, next, depth + 1,
				  leaves_only);
		if (ret > 0)
			return ret;
	}
	return -ENOENT;
}

int xnu_sysctl_next(const int *name, u32 namelen, int *next, bool leaves_only)
{
	int ret;

	down_read(&xnu_sysctl_tree_lock);
	ret = xnu_next_in(&sysctl__children, name, min_t(u32, namelen,
							 CTL_MAXNAME),
			  next, 0, leaves_only);
	up_read(&xnu_sysctl_tree_lock);
	return ret;
}

/* ---- set up and tear down ---- */

int xnu_sysctl_tree_init(void)
{
	int i, ret;

	xnu_list_init(&sysctl__children);
	for (i = 0; i < ARRAY_SIZE(xnu_sysctl_top); i++)
		sysctl_register_oid(xnu_sysctl_top[i]);
	ret = register_module_notifier(&xnu_sysctl_module_nb);
	if (ret)
		xnu_sysctl_tree_exit();
	return ret;
}

void xnu_sysctl_tree_exit(void)
{
	int i;

	unregister_module_notifier(&xnu_sysctl_module_nb);
	for (i = ARRAY_SIZE(xnu_sysctl_top) - 1; i >= 0; i--)
		if (xnu_sysctl_top[i]->oid_xnu_state & XNU_OID_REGISTERED)
			sysctl_unregister_oid(xnu_sysctl_top[i]);
}

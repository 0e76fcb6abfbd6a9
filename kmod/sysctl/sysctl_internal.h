/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysctl_internal.h - what the files of the sysctl subsystem share: the
 * tree (tree.c), requests (request.c), the meta-OIDs (meta.c), the built-in
 * tree (builtin_*.c) and the generic netlink control plane (genl.c).
 *
 * Locking: the tree's shape (registration, lookup, walks) is guarded by one
 * rw_semaphore, taken by the functions below; no function here is called
 * with it held unless it says so. Handlers run without it, pinned by the
 * OID's in-flight count, which sysctl_unregister_oid() waits for.
 */
#ifndef XNU_SYSCTL_INTERNAL_H
#define XNU_SYSCTL_INTERNAL_H

#include <sys/sysctl.h>

#include "xnu_core.h"

/* The longest dotted name, NUL included. */
#define XNU_SYSCTL_NAMEBUF	(XNU_SYSCTL_MAXNAMELEN + 1)

/* ---- tree.c ---- */

int xnu_sysctl_tree_init(void);
void xnu_sysctl_tree_exit(void);

/*
 * Find the OID a MIB names, as XNU's sysctl_root does: walks numbers from
 * the root and stops at a leaf or at a node with a handler, setting *indx to
 * the components used and *unlocked when an OID on the way lacks
 * CTLFLAG_LOCKED (its handler then runs under xnu_sysctl_giant). Returns the
 * OID with its in-flight count raised (drop it with xnu_sysctl_put()), or an
 * ERR_PTR: -ENOENT for an unknown component or a node without handler at
 * the end, -EISDIR for components after a leaf.
 */
struct sysctl_oid *xnu_sysctl_get_mib(const int *name, u32 namelen, u32 *indx,
				      bool *unlocked);

/*
 * Resolve a dotted name (len bytes, no NUL needed) to its MIB, as XNU's
 * name2oid: every component must name an OID, and only the last may be a
 * leaf or a node with a handler. Returns the number of components
 * (0 < n <= CTL_MAXNAME) written to mib, or -ENOENT.
 */
int xnu_sysctl_name2oid(const char *name, size_t len, int *mib);

/*
 * Find the OID a dotted name names, in one walk: as xnu_sysctl_name2oid()
 * followed by xnu_sysctl_get_mib() on the MIB, which is written to mib and
 * *miblen (the OID is then never a node without handler, so *indx would be
 * *miblen). Returns the OID with its in-flight count raised, or -ENOENT.
 */
struct sysctl_oid *xnu_sysctl_get_name(const char *name, size_t len, int *mib,
				       u32 *miblen, bool *unlocked);

/* Drop the in-flight count taken by a lookup. */
void xnu_sysctl_put(struct sysctl_oid *oidp);

/*
 * The next OID after the given MIB in depth-first numeric order, as {0,2}
 * does: with leaves_only, the next leaf or node with a handler (nodes
 * without children skipped); otherwise every OID, nodes included, in
 * pre-order. An empty MIB means "from the start". Returns the length of the
 * MIB written to next, or -ENOENT at the end.
 */
int xnu_sysctl_next(const int *name, u32 namelen, int *next, bool leaves_only);

/*
 * The dotted name of a MIB, as {0,1}: components that do not resolve are
 * written as decimal numbers. Returns the length (NUL excluded), or
 * -ENAMETOOLONG if it does not fit in len bytes.
 */
int xnu_sysctl_mib_name(const int *name, u32 namelen, char *buf, size_t len);

/*
 * Kind and format, or description, of the OID a MIB names (as {0,4} and
 * {0,5}); strings are copied into buf. 0, -ENOENT or -EISDIR.
 */
int xnu_sysctl_mib_info(const int *name, u32 namelen, u32 *kind,
			char *fmt, size_t fmtlen, char *descr, size_t descrlen);

/* Bumped by every registration and unregistration. */
u64 xnu_sysctl_generation(void);

/* ---- request.c ---- */

/*
 * Read an OID's value into a kernel buffer, as a read request would (the
 * handler runs in the caller's context). *len is buf's size on entry and
 * the bytes output on return. 0 or -errno (-ENOMEM when it does not fit).
 */
int xnu_sysctl_read_kernel(const int *mib, u32 miblen, void *buf, size_t *len);

/* Serialises handlers of OIDs without CTLFLAG_LOCKED, as XNU does. */
extern struct mutex xnu_sysctl_giant;

/* ---- meta.c ---- */

int xnu_sysctl_meta_init(void);
void xnu_sysctl_meta_exit(void);

/* ---- builtin_*.c ---- */

int xnu_sysctl_builtin_init(void);
void xnu_sysctl_builtin_exit(void);

/* kern.securelevel: writes to CTLFLAG_SECURE OIDs fail while it is > 0. */
int xnu_sysctl_securelevel(void);

/* ---- genl.c ---- */

int xnu_sysctl_genl_init(void);
void xnu_sysctl_genl_exit(void);

/* A write through a request succeeded: report it if the OID is watched. */
void xnu_sysctl_notify_change(const int *mib, u32 miblen);

/*
 * An OID was registered or unregistered (called without the tree lock);
 * leaf is its own name, which the MIB no longer resolves to once it is
 * unregistered.
 */
void xnu_sysctl_notify_registration(const int *mib, u32 miblen,
				    const char *leaf, bool registered);

#endif /* XNU_SYSCTL_INTERNAL_H */

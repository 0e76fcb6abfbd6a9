/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xnucross_sysctl.h - the sysctl control plane from user space: dumps of
 * the sysctl tree (every OID's name, MIB, kind, format, description and
 * value in one request) and events (value changes of watched OIDs,
 * registrations and unregistrations), over the "xnu_sysctl" generic
 * netlink family (libnl-genl-3 underneath).
 *
 * These are not Darwin APIs; Darwin programs use sysctl(3) from
 * <sys/sysctl.h>. Every call returns 0 (or what it says) on success and -1
 * with errno set on failure. ENODEV means the module (and so the family)
 * is not loaded.
 */
#ifndef XNUCROSS_SYSCTL_H
#define XNUCROSS_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest MIB (Darwin's CTL_MAXNAME). */
#define XNUCROSS_SYSCTL_MAXNAME		12

/* ---- dumps ---- */

/* Dump flags. */
#define XNUCROSS_SYSCTL_DUMP_LEAVES	0x1	/* leaves only, as {0,2} */
#define XNUCROSS_SYSCTL_DUMP_NO_VALUES	0x2	/* names and types only */
/*
 * Do not restart a dump the tree's changes interrupted: fail with EAGAIN
 * at once. Without it the library restarts up to
 * XNUCROSS_SYSCTL_DUMP_RETRIES times, then fails with EAGAIN.
 */
#define XNUCROSS_SYSCTL_DUMP_NO_RETRY	0x100
#define XNUCROSS_SYSCTL_DUMP_RETRIES	16

/**
 * struct xnucross_sysctl_entry - one OID of a dump
 * @mib:	its MIB
 * @miblen:	components in @mib
 * @name:	dotted name
 * @kind:	CTLTYPE_* | CTLFLAG_* (as the {0,4} meta-OID gives it)
 * @fmt:	format string ("I", "IU", "Q", "A", "S,type", "N", ...)
 * @descr:	description ("" if none)
 * @masked:	non-zero when the OID has CTLFLAG_MASKED
 * @has_value:	non-zero when @value holds the value
 * @value:	the value's bytes, as sysctl() returns them (strings with NUL)
 * @valuelen:	their number
 * @error:	errno of the failed read when a leaf has no value, else 0
 *
 * Nodes never have a value; with XNUCROSS_SYSCTL_DUMP_NO_VALUES, nothing
 * has. @value is suitably aligned for any type.
 */
struct xnucross_sysctl_entry {
	int mib[XNUCROSS_SYSCTL_MAXNAME];
	unsigned int miblen;
	const char *name;
	uint32_t kind;
	const char *fmt;
	const char *descr;
	int masked;
	int has_value;
	const void *value;
	size_t valuelen;
	int error;
};

/**
 * struct xnucross_sysctl_list - a whole dump
 * @count:	entries
 * @generation:	the tree's generation the dump is consistent with
 * @entries:	in depth-first numeric order, the subtree's root first
 */
struct xnucross_sysctl_list {
	size_t count;
	uint64_t generation;
	struct xnucross_sysctl_entry *entries;
};

/*
 * Dump the tree (mib NULL or miblen 0) or the subtree at mib, consistently:
 * when an OID is registered or unregistered meanwhile, the dump is redone
 * (see XNUCROSS_SYSCTL_DUMP_NO_RETRY). Nodes are included unless
 * XNUCROSS_SYSCTL_DUMP_LEAVES; CTLFLAG_MASKED OIDs are included and marked.
 * On success *listp is set; free it with xnucross_sysctl_list_free().
 * Errors: ENOENT (no OID at mib), EISDIR (components after a leaf), EINVAL
 * (bad arguments), EAGAIN (the tree kept changing), ENOMEM, ENODEV.
 */
int xnucross_sysctl_dump_list(const int *mib, unsigned int miblen,
			      unsigned int flags,
			      struct xnucross_sysctl_list **listp);
void xnucross_sysctl_list_free(struct xnucross_sysctl_list *list);

/*
 * The same dump, one callback per entry, in order, after the whole dump was
 * received consistently. A non-zero return from fn stops the walk and is
 * returned as is. The entry is valid during the call only.
 */
typedef int (*xnucross_sysctl_dump_fn)(const struct xnucross_sysctl_entry *e,
				       void *arg);
int xnucross_sysctl_dump(const int *mib, unsigned int miblen,
			 unsigned int flags, xnucross_sysctl_dump_fn fn,
			 void *arg);

/* ---- events ---- */

struct xnucross_sysctl_events;

/* xnucross_sysctl_events_open() flags. */
#define XNUCROSS_SYSCTL_EV_REGISTRATIONS	0x1	/* also (un)registrations */

enum xnucross_sysctl_event_type {
	XNUCROSS_SYSCTL_EV_CHANGED = 1,	/* a watched OID was written */
	XNUCROSS_SYSCTL_EV_REGISTERED,	/* an OID was registered */
	XNUCROSS_SYSCTL_EV_UNREGISTERED,	/* an OID was unregistered */
	XNUCROSS_SYSCTL_EV_LOST,	/* events were lost: re-read what matters */
};

/**
 * struct xnucross_sysctl_event - one event
 * @type:	enum xnucross_sysctl_event_type
 * @mib:	the OID's MIB (not for XNUCROSS_SYSCTL_EV_LOST)
 * @miblen:	components in @mib
 * @name:	its dotted name (an unregistered OID's last components may be
 *		numbers)
 * @has_value:	XNUCROSS_SYSCTL_EV_CHANGED: @value holds the new value
 * @value:	the new value's bytes
 * @valuelen:	their number
 * @error:	XNUCROSS_SYSCTL_EV_CHANGED without value: errno of the read
 * @generation:	(un)registrations: the tree's generation after the change
 *
 * Pointers are valid until the next xnucross_sysctl_event_next() or
 * xnucross_sysctl_events_close() on the handle.
 */
struct xnucross_sysctl_event {
	int type;
	int mib[XNUCROSS_SYSCTL_MAXNAME];
	unsigned int miblen;
	const char *name;
	int has_value;
	const void *value;
	size_t valuelen;
	int error;
	uint64_t generation;
};

/*
 * An event handle: its own netlink sockets, subscribed to the events at
 * once. A handle is used by one thread at a time. Watches belong to the
 * handle and end when it is closed (or the process exits).
 */
struct xnucross_sysctl_events *xnucross_sysctl_events_open(unsigned int flags);
void xnucross_sysctl_events_close(struct xnucross_sysctl_events *ev);

/* A descriptor that polls readable when events may be waiting. */
int xnucross_sysctl_events_fd(struct xnucross_sysctl_events *ev);

/*
 * Watch or stop watching an OID (not a node) by MIB or by name. Only
 * watched OIDs produce XNUCROSS_SYSCTL_EV_CHANGED events on this handle.
 * Errors: ENOENT (no such OID; unwatch: not watched), EISDIR (a node),
 * EEXIST (already watched), ENOSPC (too many watches), EINVAL.
 */
int xnucross_sysctl_watch(struct xnucross_sysctl_events *ev, const int *mib,
			  unsigned int miblen);
int xnucross_sysctl_unwatch(struct xnucross_sysctl_events *ev, const int *mib,
			    unsigned int miblen);
int xnucross_sysctl_watch_name(struct xnucross_sysctl_events *ev,
			       const char *name);
int xnucross_sysctl_unwatch_name(struct xnucross_sysctl_events *ev,
				 const char *name);

/*
 * Wait up to timeout_ms (-1: forever, 0: do not wait) for the next event.
 * Returns 1 with *event filled, 0 on timeout, -1 with errno (EINTR when a
 * signal arrived).
 */
int xnucross_sysctl_event_next(struct xnucross_sysctl_events *ev,
			       struct xnucross_sysctl_event *event,
			       int timeout_ms);

/**
 * struct xnucross_sysctl_genl_stats - the control plane's watch counters
 * @sockets:	netlink sockets holding watches
 * @oids:	distinct MIBs watched
 * @watches:	watches of all sockets
 * @mine:	watches of the handle asked through (0 without one)
 * @generation:	the tree's generation
 */
struct xnucross_sysctl_genl_stats {
	uint32_t sockets;
	uint32_t oids;
	uint32_t watches;
	uint32_t mine;
	uint64_t generation;
};

/* The counters, asked through ev's socket when ev is not NULL. */
int xnucross_sysctl_genl_stats(struct xnucross_sysctl_events *ev,
			       struct xnucross_sysctl_genl_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* XNUCROSS_SYSCTL_H */

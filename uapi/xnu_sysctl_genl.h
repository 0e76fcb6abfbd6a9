/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_sysctl_genl.h - the sysctl control plane: a generic netlink family
 * that dumps the Darwin sysctl tree and reports changes and registrations.
 *
 * Protocol
 * --------
 * Family XNU_SYSCTL_GENL_NAME ("xnu_sysctl"), version
 * XNU_SYSCTL_GENL_VERSION, no family header, initial network namespace
 * only. Every command is validated strictly: unknown attributes, attributes
 * of the wrong size, a non-zero genlmsghdr.reserved and unexpected
 * nlmsg_flags are refused with EINVAL. Any user may use every command and
 * join the multicast group (sysctl reads are unprivileged on Darwin).
 *
 * A MIB (XNU_SYSCTL_A_MIB) is an array of 1 to CTL_MAXNAME native-endian
 * 32-bit ints; any other length is refused with EINVAL.
 *
 * XNU_SYSCTL_CMD_GET (dump only, NLM_F_DUMP)
 *   Request: [XNU_SYSCTL_A_MIB]        the subtree to dump (default: all)
 *            [XNU_SYSCTL_A_DUMP_FLAGS] XNU_SYSCTL_DUMP_* bits
 *   One XNU_SYSCTL_CMD_GET message per OID, in depth-first numeric order,
 *   the subtree's root first:
 *            XNU_SYSCTL_A_MIB, XNU_SYSCTL_A_NAME (dotted), XNU_SYSCTL_A_KIND
 *            (u32 CTLTYPE_* | CTLFLAG_*, as {0,4} gives it),
 *            XNU_SYSCTL_A_FMT, XNU_SYSCTL_A_DESCR,
 *            XNU_SYSCTL_A_GENERATION (u64, the tree's generation when the
 *            dump started), XNU_SYSCTL_A_MASKED (flag) when the OID has
 *            CTLFLAG_MASKED, and for every OID that is not a node, unless
 *            XNU_SYSCTL_DUMP_NO_VALUES: XNU_SYSCTL_A_VALUE (the bytes a
 *            sysctl() read returns), or XNU_SYSCTL_A_ERROR (u32 errno)
 *            when the read failed (a write-only handler, a value too large
 *            for one message: EMSGSIZE, ...).
 *   Nodes are included (pre-order) unless XNU_SYSCTL_DUMP_LEAVES is given:
 *   then only leaves and nodes with a handler are, as {0,2} lists them.
 *   Nodes never carry a value. CTLFLAG_MASKED OIDs are included and
 *   marked: hiding them is the tool's business, as on Darwin.
 *   Errors: ENOENT for a MIB that names no OID, EISDIR for components
 *   after a leaf.
 *   Consistency: when an OID is registered or unregistered while the dump
 *   runs, the first message built after the change (an entry or
 *   NLMSG_DONE) carries NLM_F_DUMP_INTR, as genl_dump_check_consistent()
 *   does: a reader checks every message and restarts the dump if any
 *   carries it. An entry is never
 *   torn: an OID that disappears between the walk and its read is skipped
 *   (and the dump is marked interrupted).
 *
 * XNU_SYSCTL_CMD_WATCH, XNU_SYSCTL_CMD_UNWATCH (do)
 *   Request: XNU_SYSCTL_A_MIB (required) of an OID that is not a node.
 *   Adds or removes a watch of this socket (the sender's port id) on that
 *   MIB. A watch outlives the OID's unregistration (it is on the MIB) and
 *   ends with UNWATCH or when the socket is closed.
 *   Errors: EINVAL (no or bad MIB), ENOENT (no such OID; UNWATCH: not
 *   watched by this socket), EISDIR (a node, or components after a leaf),
 *   EEXIST (already watched by this socket), ENOSPC (more than
 *   XNU_SYSCTL_GENL_MAX_WATCHES watches on this socket).
 *
 * XNU_SYSCTL_CMD_GET_STATS (do)
 *   Request: no attributes. Reply XNU_SYSCTL_CMD_GET_STATS with
 *   XNU_SYSCTL_A_STATS_SOCKETS (sockets holding watches),
 *   XNU_SYSCTL_A_STATS_OIDS (distinct MIBs watched),
 *   XNU_SYSCTL_A_STATS_WATCHES (watches of all sockets),
 *   XNU_SYSCTL_A_STATS_MINE (watches of the requesting socket), all u32,
 *   and XNU_SYSCTL_A_GENERATION.
 *
 * Multicast group XNU_SYSCTL_GENL_MCGRP ("events"); messages:
 *   XNU_SYSCTL_CMD_CHANGED      a write to a watched MIB succeeded:
 *                               XNU_SYSCTL_A_MIB, XNU_SYSCTL_A_NAME and
 *                               XNU_SYSCTL_A_GENERATION; no value: a
 *                               value read by the kernel would be read with
 *                               the writer's rights, so a listener reads it
 *                               itself (libxnucross does, with sysctl()).
 *                               Sent when any socket watches the MIB: a
 *                               listener filters on its own watches.
 *   XNU_SYSCTL_CMD_REGISTERED   an OID was registered or unregistered:
 *   XNU_SYSCTL_CMD_UNREGISTERED XNU_SYSCTL_A_MIB, XNU_SYSCTL_A_NAME and
 *                               XNU_SYSCTL_A_GENERATION (after the change).
 * A listener that falls behind loses messages (recv fails with ENOBUFS).
 */
#ifndef _UAPI_XNU_SYSCTL_GENL_H
#define _UAPI_XNU_SYSCTL_GENL_H

#define XNU_SYSCTL_GENL_NAME		"xnu_sysctl"
#define XNU_SYSCTL_GENL_VERSION		1
#define XNU_SYSCTL_GENL_MCGRP		"events"

/* Watches one socket may hold. */
#define XNU_SYSCTL_GENL_MAX_WATCHES	1024

enum xnu_sysctl_genl_cmd {
	XNU_SYSCTL_CMD_UNSPEC,
	XNU_SYSCTL_CMD_GET,		/* dump: the tree or a subtree */
	XNU_SYSCTL_CMD_WATCH,		/* do: watch a MIB */
	XNU_SYSCTL_CMD_UNWATCH,		/* do: stop watching a MIB */
	XNU_SYSCTL_CMD_GET_STATS,	/* do: watch counters */
	XNU_SYSCTL_CMD_CHANGED,		/* event: a watched value changed */
	XNU_SYSCTL_CMD_REGISTERED,	/* event: an OID was registered */
	XNU_SYSCTL_CMD_UNREGISTERED,	/* event: an OID was unregistered */

	__XNU_SYSCTL_CMD_MAX,
	XNU_SYSCTL_CMD_MAX = __XNU_SYSCTL_CMD_MAX - 1
};

enum xnu_sysctl_genl_attr {
	XNU_SYSCTL_A_UNSPEC,
	XNU_SYSCTL_A_PAD,		/* alignment of 64-bit attributes */
	XNU_SYSCTL_A_MIB,		/* binary: __s32[1..CTL_MAXNAME] */
	XNU_SYSCTL_A_NAME,		/* string: the dotted name */
	XNU_SYSCTL_A_KIND,		/* u32: CTLTYPE_* | CTLFLAG_* */
	XNU_SYSCTL_A_FMT,		/* string: format */
	XNU_SYSCTL_A_DESCR,		/* string: description */
	XNU_SYSCTL_A_VALUE,		/* binary: the value */
	XNU_SYSCTL_A_ERROR,		/* u32: errno of a failed value read */
	XNU_SYSCTL_A_GENERATION,	/* u64: the tree's generation */
	XNU_SYSCTL_A_MASKED,		/* flag: the OID has CTLFLAG_MASKED */
	XNU_SYSCTL_A_DUMP_FLAGS,	/* u32: XNU_SYSCTL_DUMP_* */
	XNU_SYSCTL_A_STATS_SOCKETS,	/* u32: sockets holding watches */
	XNU_SYSCTL_A_STATS_OIDS,	/* u32: distinct MIBs watched */
	XNU_SYSCTL_A_STATS_WATCHES,	/* u32: watches of all sockets */
	XNU_SYSCTL_A_STATS_MINE,	/* u32: watches of this socket */

	__XNU_SYSCTL_A_MAX,
	XNU_SYSCTL_A_MAX = __XNU_SYSCTL_A_MAX - 1
};

/* XNU_SYSCTL_A_DUMP_FLAGS */
#define XNU_SYSCTL_DUMP_LEAVES		0x1	/* leaves only, as {0,2} */
#define XNU_SYSCTL_DUMP_NO_VALUES	0x2	/* no values: no handler runs */
#define XNU_SYSCTL_DUMP_FLAGS_ALL	0x3

#endif /* _UAPI_XNU_SYSCTL_GENL_H */

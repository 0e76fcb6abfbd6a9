/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * xnu_mach_genl.h - the Mach IPC control plane: a generic netlink family
 * that lists a task's port space, name by name, for xlsmp (Darwin's lsmp).
 *
 * Protocol
 * --------
 * Family XNU_MACH_GENL_NAME ("xnu_mach"), version XNU_MACH_GENL_VERSION, no
 * family header, initial network namespace only. Every command is
 * validated strictly: unknown attributes, attributes of the wrong size, a
 * non-zero genlmsghdr.reserved and unexpected nlmsg_flags are refused with
 * EINVAL.
 *
 * XNU_MACH_CMD_SPACE (dump only, NLM_F_DUMP)
 *   Request: [XNU_MACH_A_PID]  u32, the process whose space to list, as a
 *                              pid of the requester's pid namespace; a
 *                              thread id selects its thread group. 0 or
 *                              absent: the requester's own thread group.
 *   One XNU_MACH_CMD_SPACE message per name in use, in index order:
 *            XNU_MACH_A_PID          u32: the thread group's pid (as seen
 *                                    by the requester)
 *            XNU_MACH_A_NAME         u32: the name (index << 8 | generation)
 *            XNU_MACH_A_TYPE         u32: MACH_PORT_TYPE_* bits of the
 *                                    rights, MACH_PORT_TYPE_DNREQUEST when a
 *                                    dead-name request is armed
 *            XNU_MACH_A_UREFS        u32: user references
 *            XNU_MACH_A_PORT_ID      u64: the port's identity, unique for
 *                                    the module's life (0 for port sets and
 *                                    dead names); two names with the same
 *                                    identity, in one space or in two,
 *                                    denote the same port
 *            XNU_MACH_A_KOTYPE       string: the kernel object type of a
 *                                    kernel port ("" for none)
 *            XNU_MACH_A_MSGCOUNT     u32: queued messages (receive rights)
 *            XNU_MACH_A_QLIMIT       u32: queue limit (receive rights)
 *            XNU_MACH_A_MEMBERS      u32: member ports (port sets)
 *            XNU_MACH_A_RECEIVER_PID s32: the thread group holding the
 *                                    receive right, as the requester's pid
 *                                    namespace sees it; 0 for the kernel,
 *                                    -1 when it is in a message, the port
 *                                    is dead, the holder is not visible in
 *                                    that namespace (or for sets and dead
 *                                    names)
 *   Names created or freed while the dump runs may or may not be listed;
 *   each message describes one name at one instant.
 *   Errors: ESRCH when no process has that pid or it has no Mach task (it
 *   never made a Mach call, or it is exiting); EPERM when the requester
 *   may not inspect it. A requester may list its own thread group and any
 *   process it could read with ptrace (PTRACE_MODE_READ_REALCREDS: the
 *   same real uid and gid as the target's real, effective and saved ids
 *   and a dumpable target, or CAP_SYS_PTRACE over it). The extended ack
 *   says which.
 */
#ifndef _UAPI_XNU_MACH_GENL_H
#define _UAPI_XNU_MACH_GENL_H

#define XNU_MACH_GENL_NAME		"xnu_mach"
#define XNU_MACH_GENL_VERSION		1

/* Longest XNU_MACH_A_KOTYPE, the terminating NUL included. */
#define XNU_MACH_GENL_KOTYPE_LEN	32

enum xnu_mach_genl_cmd {
	XNU_MACH_CMD_UNSPEC,
	XNU_MACH_CMD_SPACE,		/* dump: the names of a task's space */

	__XNU_MACH_CMD_MAX,
	XNU_MACH_CMD_MAX = __XNU_MACH_CMD_MAX - 1
};

enum xnu_mach_genl_attr {
	XNU_MACH_A_UNSPEC,
	XNU_MACH_A_PAD,			/* alignment of 64-bit attributes */
	XNU_MACH_A_PID,			/* u32: the process */
	XNU_MACH_A_NAME,		/* u32: mach_port_name_t */
	XNU_MACH_A_TYPE,		/* u32: mach_port_type_t */
	XNU_MACH_A_UREFS,		/* u32: user references */
	XNU_MACH_A_PORT_ID,		/* u64: port identity */
	XNU_MACH_A_KOTYPE,		/* string: kernel object type */
	XNU_MACH_A_MSGCOUNT,		/* u32: queued messages */
	XNU_MACH_A_QLIMIT,		/* u32: queue limit */
	XNU_MACH_A_MEMBERS,		/* u32: ports in the set */
	XNU_MACH_A_RECEIVER_PID,	/* s32: holder of the receive right */

	__XNU_MACH_A_MAX,
	XNU_MACH_A_MAX = __XNU_MACH_A_MAX - 1
};

#endif /* _UAPI_XNU_MACH_GENL_H */

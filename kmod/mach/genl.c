// SPDX-License-Identifier: GPL-2.0
/*
 * genl.c - the Mach IPC control plane: the "xnu_mach" generic netlink
 * family (uapi/xnu_mach_genl.h). Its one command dumps a task's port
 * space, one message per name, for xlsmp.
 *
 * The target is chosen, and the requester's right to inspect it checked,
 * once, in the dump's .start, in the requester's context; the dump then
 * holds a reference to the Mach task and resumes from a name index kept in
 * the callback's context, so it never depends on who reads the socket.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/netlink.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "mach_internal.h"
#include "xnu_mach_genl.h"

static struct genl_family xnu_mach_genl_family;

/**
 * struct xnu_mach_genl_dump - a dump's cursor, in cb->ctx
 * @task:	the Mach task listed (a reference), set by .start
 * @pos:	where xnu_space_walk() resumes
 * @ns:		the requester's pid namespace (a reference), set by .start
 * @pid:	the thread group's pid in @ns
 */
struct xnu_mach_genl_dump {
	struct xnu_task *task;
	unsigned long pos;
	struct pid_namespace *ns;
	u32 pid;
};

static struct xnu_mach_genl_dump *xnu_mach_genl_cursor(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct xnu_mach_genl_dump) > sizeof(cb->ctx));
	return (struct xnu_mach_genl_dump *)cb->ctx;
}

static const struct nla_policy xnu_mach_genl_space_policy[XNU_MACH_A_PID + 1] = {
	[XNU_MACH_A_PID] = { .type = NLA_U32 },
};

/* ---- choosing the task ---- */

/*
 * The task_struct of process @nr in the requester's pid namespace (0: the
 * requester), with a reference, or NULL.
 */
static struct task_struct *xnu_mach_genl_target(u32 nr)
{
	struct task_struct *tsk;
	struct pid *pid;

	if (!nr) {
		get_task_struct(current);
		return current;
	}
	if (nr > INT_MAX)
		return NULL;
	pid = find_get_pid(nr);
	if (!pid)
		return NULL;
	tsk = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	return tsk;
}

/*
 * Whether the requester may list @tsk's space: what ptrace_may_access(tsk,
 * PTRACE_MODE_READ_REALCREDS) decides from credentials and dumpability
 * (that function is not exported to modules, nor is the LSM hook it ends
 * with). The requester's own thread group is always allowed; another
 * process when the requester's real uid and gid are each of the target's
 * real, effective and saved ids, or it has CAP_SYS_PTRACE in the target's
 * user namespace; and then only when the target is dumpable, or the
 * requester has CAP_SYS_PTRACE over the target's memory's namespace.
 */
static bool xnu_mach_genl_may_inspect(struct task_struct *tsk)
{
	const struct cred *cred = current_cred();
	const struct cred *tcred;
	struct mm_struct *mm;
	bool ok;

	if (same_thread_group(tsk, current))
		return true;
	tcred = get_task_cred(tsk);
	ok = (uid_eq(cred->uid, tcred->euid) &&
	      uid_eq(cred->uid, tcred->suid) &&
	      uid_eq(cred->uid, tcred->uid) &&
	      gid_eq(cred->gid, tcred->egid) &&
	      gid_eq(cred->gid, tcred->sgid) &&
	      gid_eq(cred->gid, tcred->gid)) ||
	     ns_capable(tcred->user_ns, CAP_SYS_PTRACE);
	put_cred(tcred);
	if (!ok)
		return false;
	mm = get_task_mm(tsk);
	if (mm) {
		ok = get_dumpable(mm) == SUID_DUMP_USER ||
		     ns_capable(mm->user_ns, CAP_SYS_PTRACE);
		mmput(mm);
	}
	return ok;
}

/*
 * Find the Mach task of process @nr for the requester and fill @d.
 * Returns 0, -ESRCH or -EPERM (with the reason in @extack).
 */
static int xnu_mach_genl_find(u32 nr, struct xnu_mach_genl_dump *d,
			      const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	struct task_struct *tsk;
	struct pid *tgid;

	tsk = xnu_mach_genl_target(nr);
	if (!tsk) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such process");
		return -ESRCH;
	}
	if (!xnu_mach_genl_may_inspect(tsk)) {
		put_task_struct(tsk);
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "not permitted to inspect this process");
		return -EPERM;
	}
	tgid = get_task_pid(tsk, PIDTYPE_TGID);
	put_task_struct(tsk);
	if (!tgid) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such process");
		return -ESRCH;
	}
	d->pid = pid_vnr(tgid);
	d->task = xnu_task_find(tgid);
	put_pid(tgid);
	if (!d->task) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the process has no Mach task");
		return -ESRCH;
	}
	return 0;
}

/* ---- the dump ---- */

static int xnu_mach_genl_space_start(struct netlink_callback *cb)
{
	struct nlattr *attrs[ARRAY_SIZE(xnu_mach_genl_space_policy)];
	struct xnu_mach_genl_dump *d = xnu_mach_genl_cursor(cb);
	u32 nr = 0;
	int ret;

	/*
	 * The core validated the request already; parsing it again here
	 * reads it the same way on 6.1 and 6.12, which keep the parsed
	 * attributes in different places.
	 */
	ret = genlmsg_parse(cb->nlh, &xnu_mach_genl_family, attrs,
			    ARRAY_SIZE(attrs) - 1, xnu_mach_genl_space_policy,
			    cb->extack);
	if (ret)
		return ret;
	if (attrs[XNU_MACH_A_PID])
		nr = nla_get_u32(attrs[XNU_MACH_A_PID]);
	memset(d, 0, sizeof(*d));
	ret = xnu_mach_genl_find(nr, d, attrs[XNU_MACH_A_PID], cb->extack);
	if (ret)
		return ret;
	d->ns = get_pid_ns(task_active_pid_ns(current));
	return 0;
}

static int xnu_mach_genl_space_done(struct netlink_callback *cb)
{
	struct xnu_mach_genl_dump *d = xnu_mach_genl_cursor(cb);

	if (d->task)
		xnu_task_put(d->task);
	if (d->ns)
		put_pid_ns(d->ns);
	d->task = NULL;
	d->ns = NULL;
	return 0;
}

/**
 * struct xnu_mach_genl_emit - what the walk's callback writes into
 * @skb:	the dump's buffer
 * @cb:		the dump
 * @ns:		the requester's pid namespace
 * @pid:	the task's pid, repeated in every message
 */
struct xnu_mach_genl_emit {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct pid_namespace *ns;
	u32 pid;
};

/*
 * A receiver's pid (a pid of the initial namespace, 0 for the kernel, -1
 * for none) as @ns sees it: -1 when the process is not visible there.
 */
static s32 xnu_mach_genl_pid_in(struct pid_namespace *ns, s32 nr)
{
	struct pid *pid;
	s32 vnr;

	if (nr <= 0 || ns == &init_pid_ns)
		return nr;
	rcu_read_lock();
	pid = find_pid_ns(nr, &init_pid_ns);
	vnr = pid ? pid_nr_ns(pid, ns) : 0;
	rcu_read_unlock();
	return vnr > 0 ? vnr : -1;
}

/* A string attribute of at most @size - 1 bytes of @s, NUL-terminated. */
static int xnu_mach_genl_put_str(struct sk_buff *skb, int type, const char *s,
				 size_t size)
{
	size_t len = strnlen(s, size - 1);
	struct nlattr *nla;

	nla = nla_reserve(skb, type, len + 1);
	if (!nla)
		return -EMSGSIZE;
	memcpy(nla_data(nla), s, len);
	((char *)nla_data(nla))[len] = '\0';
	return 0;
}

/*
 * One name, called by xnu_space_walk() with the space locked: only formats
 * into the skb. -EMSGSIZE when full (the walk stops on this name).
 */
static int xnu_mach_genl_put_entry(void *arg, const struct xnu_entry_info *info)
{
	struct xnu_mach_genl_emit *e = arg;
	struct sk_buff *skb = e->skb;
	void *hdr;

	BUILD_BUG_ON(sizeof(info->kotype) > XNU_MACH_GENL_KOTYPE_LEN);
	hdr = genlmsg_put(skb, NETLINK_CB(e->cb->skb).portid,
			  e->cb->nlh->nlmsg_seq, &xnu_mach_genl_family,
			  NLM_F_MULTI, XNU_MACH_CMD_SPACE);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, XNU_MACH_A_PID, e->pid) ||
	    nla_put_u32(skb, XNU_MACH_A_NAME, info->name) ||
	    nla_put_u32(skb, XNU_MACH_A_TYPE, info->type) ||
	    nla_put_u32(skb, XNU_MACH_A_UREFS, info->urefs) ||
	    nla_put_u64_64bit(skb, XNU_MACH_A_PORT_ID, info->port_id,
			      XNU_MACH_A_PAD) ||
	    xnu_mach_genl_put_str(skb, XNU_MACH_A_KOTYPE, info->kotype,
				  sizeof(info->kotype)) ||
	    nla_put_u32(skb, XNU_MACH_A_MSGCOUNT, info->msgcount) ||
	    nla_put_u32(skb, XNU_MACH_A_QLIMIT, info->qlimit) ||
	    nla_put_u32(skb, XNU_MACH_A_MEMBERS, info->members) ||
	    nla_put_s32(skb, XNU_MACH_A_RECEIVER_PID,
			xnu_mach_genl_pid_in(e->ns, info->receiver_pid))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int xnu_mach_genl_space_dump(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct xnu_mach_genl_dump *d = xnu_mach_genl_cursor(cb);
	struct xnu_mach_genl_emit e = {
		.skb = skb,
		.cb = cb,
		.ns = d->ns,
		.pid = d->pid,
	};
	int ret;

	ret = xnu_space_walk(d->task->space, &d->pos, xnu_mach_genl_put_entry,
			     &e);
	/* Full: send what fits; the next call resumes at the refused name. */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	if (ret)
		return ret;
	/* The end; once nothing is left to send, 0 ends the dump. */
	return skb->len;
}

/* ---- the family ---- */

static const struct genl_ops xnu_mach_genl_ops[] = {
	{
		.cmd = XNU_MACH_CMD_SPACE,
		.start = xnu_mach_genl_space_start,
		.dumpit = xnu_mach_genl_space_dump,
		.done = xnu_mach_genl_space_done,
		.policy = xnu_mach_genl_space_policy,
		.maxattr = ARRAY_SIZE(xnu_mach_genl_space_policy) - 1,
	},
};

static struct genl_family xnu_mach_genl_family = {
	.name = XNU_MACH_GENL_NAME,
	.version = XNU_MACH_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = xnu_mach_genl_ops,
	.n_ops = ARRAY_SIZE(xnu_mach_genl_ops),
	/* Every command validates strictly, header and flags included. */
	.resv_start_op = XNU_MACH_CMD_SPACE,
	/* Dumps take only the listed space's lock. */
	.parallel_ops = true,
};

/**
 * xnu_mach_genl_init() - register the "xnu_mach" generic netlink family
 *
 * Return: 0 or -errno.
 */
int xnu_mach_genl_init(void)
{
	return genl_register_family(&xnu_mach_genl_family);
}

/**
 * xnu_mach_genl_exit() - unregister the family
 *
 * A dump in progress holds a reference to the module, so none is left
 * when this runs at unload.
 */
void xnu_mach_genl_exit(void)
{
	genl_unregister_family(&xnu_mach_genl_family);
}

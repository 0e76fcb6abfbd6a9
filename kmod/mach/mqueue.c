// SPDX-License-Identifier: GPL-2.0
/*
 * mqueue.c - message queues, as XNU's ipc_mqueue.c: queueing a message on
 * its destination port (blocking on a full queue), receiving from a port or
 * a port set (blocking on an empty one), and the never-blocking send of
 * kernel-made messages.
 *
 * Waits are interruptible and use hrtimers for their deadline, so a signal
 * always ends them. Receivers and senders wait exclusively: each message
 * queued wakes one receiver, each message taken wakes one sender. A port
 * waiter adds itself to the wait queue under the port lock, so a waker
 * holding that lock sees it. A set waiter snapshots pset->seq, which every
 * enqueue to a member bumps, and sleeps only while it is unchanged.
 */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "mach_internal.h"

/* ---- waiting ----------------------------------------------------------------- */

/**
 * struct xnu_mq_deadline - when a wait gives up
 * @timed: false to wait until woken or signalled
 * @when:  CLOCK_MONOTONIC deadline when @timed
 */
struct xnu_mq_deadline {
	bool timed;
	ktime_t when;
};

static void xnu_mq_deadline_init(struct xnu_mq_deadline *dl, bool timed,
				 u32 timeout_ms)
{
	dl->timed = timed;
	dl->when = timed ? ktime_add_ms(ktime_get(), timeout_ms) : 0;
}

/* Whether to stop waiting: -ETIMEDOUT past the deadline, -EINTR on a signal. */
static int xnu_mq_wait_over(const struct xnu_mq_deadline *dl)
{
	if (dl->timed && ktime_compare(ktime_get(), dl->when) >= 0)
		return -ETIMEDOUT;
	if (signal_pending(current))
		return -EINTR;
	return 0;
}

/* Sleep (state already set) until woken, the deadline or a signal. */
static void xnu_mq_schedule(const struct xnu_mq_deadline *dl)
{
	ktime_t when = dl->when;

	if (dl->timed)
		schedule_hrtimeout(&when, HRTIMER_MODE_ABS);
	else
		schedule();
}

/*
 * Sleep once on @wq with @lock (held, and protecting the condition the
 * caller checked) dropped meanwhile. Returns 0 when woken, for any reason:
 * the caller checks its condition again before calling again.
 */
static int xnu_mq_wait_locked(wait_queue_head_t *wq, spinlock_t *lock,
			      const struct xnu_mq_deadline *dl)
{
	DEFINE_WAIT(wait);
	int err;

	err = xnu_mq_wait_over(dl);
	if (err)
		return err;
	prepare_to_wait_exclusive(wq, &wait, TASK_INTERRUPTIBLE);
	spin_unlock(lock);
	xnu_mq_schedule(dl);
	finish_wait(wq, &wait);
	spin_lock(lock);
	return 0;
}

/* Sleep once on @pset unless a member was queued to since @seq was read. */
static int xnu_mq_wait_pset(struct xnu_pset *pset, int seq,
			    const struct xnu_mq_deadline *dl)
{
	DEFINE_WAIT(wait);
	int err;

	err = xnu_mq_wait_over(dl);
	if (err)
		return err;
	prepare_to_wait_exclusive(&pset->wait, &wait, TASK_INTERRUPTIBLE);
	if (atomic_read(&pset->seq) == seq && READ_ONCE(pset->active))
		xnu_mq_schedule(dl);
	finish_wait(&pset->wait, &wait);
	return 0;
}

/* ---- the queue --------------------------------------------------------------- */

/* Queue @kmsg on @port (locked, active) and wake one receiver. */
static void xnu_mq_enqueue_locked(struct xnu_port *port, struct xnu_kmsg *kmsg)
{
	struct xnu_pset *pset = port->pset;

	list_add_tail(&kmsg->link, &port->msgs);
	port->msgcount++;
	/* Receivers queue themselves under the port lock, which we hold. */
	if (waitqueue_active(&port->rcv_wait))
		wake_up(&port->rcv_wait);
	if (pset) {
		atomic_inc(&pset->seq);
		/* Pairs with the set waiter's prepare_to_wait, then seq read. */
		if (wq_has_sleeper(&pset->wait))
			wake_up(&pset->wait);
	}
}

/* Take the oldest message of @port (locked, not empty), waking one sender. */
static struct xnu_kmsg *xnu_mq_dequeue_locked(struct xnu_port *port)
{
	struct xnu_kmsg *kmsg;

	kmsg = list_first_entry(&port->msgs, struct xnu_kmsg, link);
	list_del_init(&kmsg->link);
	port->msgcount--;
	kmsg->seqno = port->seqno++;
	/* Senders queue themselves under the port lock, which we hold. */
	if (waitqueue_active(&port->snd_wait))
		wake_up(&port->snd_wait);
	return kmsg;
}

/*
 * Room for @kmsg on @port (locked)? As XNU's ipc_mqueue_send_locked():
 * under the queue limit, or, for a send-once destination or
 * MACH_SEND_ALWAYS, under the kernel's limit MACH_PORT_QLIMIT_KERNEL.
 */
static bool xnu_mq_has_room(const struct xnu_port *port,
			    const struct xnu_kmsg *kmsg,
			    mach_msg_option_t option)
{
	return port->msgcount < port->qlimit ||
	       (port->msgcount < MACH_PORT_QLIMIT_KERNEL &&
		(kmsg->dest_type == MACH_MSG_TYPE_PORT_SEND_ONCE ||
		 (option & MACH_SEND_ALWAYS)));
}

/**
 * xnu_mqueue_send() - queue a message on its destination port
 * @kmsg:       the message; kmsg->dest is the destination (not a passive
 *              kernel object)
 * @option:     mach_msg options (MACH_SEND_TIMEOUT, MACH_SEND_ALWAYS)
 * @timeout_ms: the send timeout, with MACH_SEND_TIMEOUT
 * @d:          where a message to destroy is queued
 *
 * A full queue blocks until there is room, the deadline passes or a signal
 * arrives; MACH_SEND_TIMEOUT with @timeout_ms 0 never blocks; a queue at
 * the kernel's limit (only send-once rights get there) fails at once. A
 * dead destination swallows the message, as does a circular message.
 *
 * Return: MACH_MSG_SUCCESS with @kmsg consumed, or MACH_SEND_TIMED_OUT /
 * MACH_SEND_INTERRUPTED / MACH_SEND_NO_BUFFER with @kmsg still the
 * caller's.
 */
mach_msg_return_t xnu_mqueue_send(struct xnu_kmsg *kmsg,
				  mach_msg_option_t option, u32 timeout_ms,
				  struct xnu_deferred *d)
{
	struct xnu_port *port = kmsg->dest;
	struct xnu_mq_deadline dl;
	int err;

	if (kmsg->flags & XNU_KMSG_F_CIRCULAR) {
		xnu_defer_kmsg_destroy(d, kmsg);
		return MACH_MSG_SUCCESS;
	}
	xnu_mq_deadline_init(&dl, option & MACH_SEND_TIMEOUT, timeout_ms);

	spin_lock(&port->lock);
	while (port->active) {
		if (xnu_mq_has_room(port, kmsg, option)) {
			xnu_mq_enqueue_locked(port, kmsg);
			spin_unlock(&port->lock);
			return MACH_MSG_SUCCESS;
		}
		if (port->msgcount >= MACH_PORT_QLIMIT_KERNEL &&
		    !(dl.timed && !timeout_ms)) {
			spin_unlock(&port->lock);
			return MACH_SEND_NO_BUFFER;
		}
		err = xnu_mq_wait_locked(&port->snd_wait, &port->lock, &dl);
		if (err) {
			spin_unlock(&port->lock);
			return err == -ETIMEDOUT ? MACH_SEND_TIMED_OUT :
			       MACH_SEND_INTERRUPTED;
		}
	}
	spin_unlock(&port->lock);

	/* Sent to a dead port: delivered, then destroyed at once. */
	xnu_defer_kmsg_destroy(d, kmsg);
	return MACH_MSG_SUCCESS;
}

/**
 * xnu_kmsg_send_kernel() - queue a kernel-made message without blocking
 * @kmsg: the message (notification, reply); consumed
 * @d:    where it is queued for destruction when it cannot be delivered
 *
 * The queue limit is ignored, up to the kernel limit (XNU's
 * MACH_SEND_KERNEL_DEFAULT has MACH_SEND_ALWAYS; at the kernel limit the
 * send fails and mach_msg_send_from_kernel() destroys the message). A dead
 * destination, a passive kernel object (XNU never sends replies to kernel
 * objects), a full kernel queue or a circular message destroys the
 * message. Receive rights it carries go in transit first.
 */
void xnu_kmsg_send_kernel(struct xnu_kmsg *kmsg, struct xnu_deferred *d)
{
	struct xnu_port *port = kmsg->dest;
	bool queued = false;

	if (kmsg->ndesc)
		xnu_kmsg_transit_kernel(kmsg);
	if (XNU_PORT_VALID(port) && !(kmsg->flags & XNU_KMSG_F_CIRCULAR)) {
		spin_lock(&port->lock);
		if (port->active && !xnu_port_is_passive(port) &&
		    port->msgcount < MACH_PORT_QLIMIT_KERNEL) {
			xnu_mq_enqueue_locked(port, kmsg);
			queued = true;
		}
		spin_unlock(&port->lock);
	}
	if (!queued)
		xnu_defer_kmsg_destroy(d, kmsg);
}

/* ---- receiving ----------------------------------------------------------------- */

/*
 * Take the oldest message of @port (locked, not empty) for @rcv, or leave
 * it queued when too large and MACH_RCV_LARGE asks for that. rcv->port is
 * set to @port; the caller supplies its reference.
 */
static mach_msg_return_t xnu_mq_take_locked(struct xnu_port *port,
					    struct xnu_rcv *rcv)
{
	struct xnu_kmsg *kmsg;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	kmsg = list_first_entry(&port->msgs, struct xnu_kmsg, link);
	rcv->port = port;
	if (kmsg->size > rcv->max_size) {
		rcv->needed = kmsg->size;
		mr = MACH_RCV_TOO_LARGE;
		if (rcv->option & MACH_RCV_LARGE) {
			/* It stays: let another waiting receiver try. */
			if (waitqueue_active(&port->rcv_wait))
				wake_up(&port->rcv_wait);
			if (port->pset) {
				atomic_inc(&port->pset->seq);
				wake_up(&port->pset->wait);
			}
			return mr;
		}
	}
	rcv->kmsg = xnu_mq_dequeue_locked(port);
	return mr;
}

static mach_msg_return_t xnu_mq_wait_error(int err)
{
	return err == -ETIMEDOUT ? MACH_RCV_TIMED_OUT : MACH_RCV_INTERRUPTED;
}

static mach_msg_return_t xnu_mq_receive_port(struct xnu_space *space,
					     struct xnu_port *port,
					     struct xnu_rcv *rcv,
					     const struct xnu_mq_deadline *dl)
{
	mach_msg_return_t mr;
	int err;

	spin_lock(&port->lock);
	for (;;) {
		if (!port->active || port->receiver != space) {
			mr = MACH_RCV_PORT_CHANGED;
			break;
		}
		if (!list_empty(&port->msgs)) {
			mr = xnu_mq_take_locked(port, rcv);
			xnu_port_get(port);
			break;
		}
		err = xnu_mq_wait_locked(&port->rcv_wait, &port->lock, dl);
		if (err) {
			mr = xnu_mq_wait_error(err);
			break;
		}
	}
	spin_unlock(&port->lock);
	return mr;
}

/*
 * A member of @pset that has messages, with a reference, or NULL. The
 * member found moves to the end of the list so that busy members do not
 * starve the others. *@dead tells the set was destroyed.
 */
static struct xnu_port *xnu_mq_pset_pick(struct xnu_pset *pset, bool *dead)
{
	struct xnu_port *port, *found = NULL;

	spin_lock(&pset->lock);
	*dead = !pset->active;
	if (!*dead) {
		list_for_each_entry(port, &pset->members, pset_link) {
			if (READ_ONCE(port->msgcount)) {
				found = port;
				break;
			}
		}
	}
	if (found) {
		xnu_port_get(found);
		list_move_tail(&found->pset_link, &pset->members);
	}
	spin_unlock(&pset->lock);
	return found;
}

/*
 * Take a message from @port, picked from @pset (its reference passes to
 * rcv->port on success). -EAGAIN when it left the set or was emptied
 * meanwhile.
 */
static int xnu_mq_pset_take(struct xnu_pset *pset, struct xnu_port *port,
			    struct xnu_rcv *rcv, mach_msg_return_t *mr)
{
	int ret = -EAGAIN;

	spin_lock(&port->lock);
	if (port->active && port->pset == pset && !list_empty(&port->msgs)) {
		*mr = xnu_mq_take_locked(port, rcv);
		ret = 0;
	}
	spin_unlock(&port->lock);
	if (ret)
		xnu_port_put(port);
	return ret;
}

static mach_msg_return_t xnu_mq_receive_pset(struct xnu_pset *pset,
					     struct xnu_rcv *rcv,
					     const struct xnu_mq_deadline *dl)
{
	struct xnu_port *port;
	mach_msg_return_t mr;
	bool dead;
	int seq, err;

	for (;;) {
		seq = atomic_read(&pset->seq);
		port = xnu_mq_pset_pick(pset, &dead);
		if (dead)
			return MACH_RCV_PORT_CHANGED;
		if (port) {
			if (!xnu_mq_pset_take(pset, port, rcv, &mr))
				return mr;
			continue;
		}
		err = xnu_mq_wait_pset(pset, seq, dl);
		if (err)
			return xnu_mq_wait_error(err);
	}
}

/**
 * xnu_mqueue_receive() - receive a message from a port or a port set
 * @space: the receiving space (the port's receiver)
 * @port:  the port, with a reference, or NULL
 * @pset:  the port set, with a reference, or NULL
 * @rcv:   the receive's options and results
 *
 * Waits while nothing is queued, interruptibly and, with MACH_RCV_TIMEOUT,
 * until the deadline (timeout 0 only polls). The message taken gets the
 * port's next sequence number.
 *
 * Return: MACH_MSG_SUCCESS (rcv->kmsg, rcv->port set), MACH_RCV_TOO_LARGE
 * (rcv->needed and rcv->port set; rcv->kmsg too when the message was
 * dequeued without MACH_RCV_LARGE), MACH_RCV_TIMED_OUT,
 * MACH_RCV_INTERRUPTED, or MACH_RCV_PORT_CHANGED when the port died or
 * left @space, or the set was destroyed.
 */
mach_msg_return_t xnu_mqueue_receive(struct xnu_space *space,
				     struct xnu_port *port,
				     struct xnu_pset *pset,
				     struct xnu_rcv *rcv)
{
	struct xnu_mq_deadline dl;

	rcv->kmsg = NULL;
	rcv->port = NULL;
	rcv->needed = 0;
	xnu_mq_deadline_init(&dl, rcv->option & MACH_RCV_TIMEOUT,
			     rcv->timeout_ms);
	if (pset)
		return xnu_mq_receive_pset(pset, rcv, &dl);
	return xnu_mq_receive_port(space, port, rcv, &dl);
}

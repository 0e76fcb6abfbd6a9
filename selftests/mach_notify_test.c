// SPDX-License-Identifier: GPL-2.0
/*
 * mach_notify_test - XNU's notifications, their ids, sizes and layouts
 * (<mach/notify.h>), each sent by the kernel (security token {0, 1}) to a
 * send-once right, so received with local disposition 18:
 *   dead-name (72, 36 bytes): the name, when the port dies; the dead name
 *     gains a user reference; in one task and across two;
 *   no-senders (70, 36 bytes): the make-send count, when the last send
 *     right goes, or at once when there are none and sync <= mscount;
 *   port-destroyed (69, 40 bytes, complex): the receive right itself, with
 *     its queued messages, instead of the port dying;
 *   send-once (71, 24 bytes): a send-once right destroyed unused, also
 *     when its holder exits, also to a port whose queue is full;
 *   port-deleted (65, 36 bytes): a name with a dead-name request goes;
 * the previous request's send-once right handed back, cancelling, and the
 * request errors (wrong right, bad id, port-destroyed with sync != 0).
 */
#include "xnu_mach_selftest.h"

MT_FIXTURE_ROOT_NOBODY(notify)

/*
 * Ask for a notification with a send-once right made from @notify
 * (MACH_PORT_NULL cancels, as Darwin code does it).
 */
static kern_return_t request(mach_port_t name, mach_msg_id_t id,
			     mach_port_mscount_t sync, mach_port_t notify,
			     mach_port_t *previous)
{
	*previous = 0x5a5a5a5a;
	return mach_port_request_notification(mach_task_self(), name, id,
					      sync, notify,
					      MACH_MSG_TYPE_MAKE_SEND_ONCE,
					      previous);
}

/*
 * Receive a notification on @port (waiting at most MT_WAIT_MS) and check
 * what every kernel notification has. Returns its id, or -1.
 */
static mach_msg_id_t recv_notification(struct __test_metadata *_metadata,
				       mach_port_t port, union mt_rcv *buf,
				       mach_msg_size_t size)
{
	mach_msg_security_trailer_t *tr;
	mach_msg_return_t mr;

	mr = mt_recv(port, buf, sizeof(*buf), MACH_RCV_TIMEOUT |
		     MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SENDER),
		     MT_WAIT_MS);
	EXPECT_EQ(MACH_MSG_SUCCESS, mr);
	if (mr != MACH_MSG_SUCCESS)
		return -1;
	EXPECT_EQ(size, buf->head.msgh_size) {
		TH_LOG("notification %d", buf->head.msgh_id);
	}
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND_ONCE,
		  MACH_MSGH_BITS_LOCAL(buf->head.msgh_bits));
	EXPECT_EQ(0U, MACH_MSGH_BITS_REMOTE(buf->head.msgh_bits));
	EXPECT_EQ(port, buf->head.msgh_local_port);
	EXPECT_EQ(MACH_PORT_NULL, buf->head.msgh_remote_port);
	/* Sent by the kernel. */
	tr = (mach_msg_security_trailer_t *)mt_trailer(buf);
	EXPECT_EQ(MACH_MSG_TRAILER_FORMAT_0_SIZE, tr->msgh_trailer_size);
	EXPECT_EQ(0U, tr->msgh_sender.val[0]);
	EXPECT_EQ(1U, tr->msgh_sender.val[1]);
	return buf->head.msgh_id;
}


/* Expect a send-once notification on @port. */
static void expect_send_once(struct __test_metadata *_metadata,
			     mach_port_t port)
{
	union mt_rcv buf;

	EXPECT_EQ(MACH_NOTIFY_SEND_ONCE,
		  recv_notification(_metadata, port, &buf,
				    XNU_NOTIFY_SEND_ONCE_SIZE));
	EXPECT_EQ(0U, buf.head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
}

/* A dead-name notification when the port of a send-once right dies. */
TEST_F(notify, dead_name)
{
	mach_dead_name_notification_t *n;
	mach_port_t port, notify, so, prev;
	mach_port_status_t st;
	mach_port_name_t *names = NULL;
	mach_port_type_t *types = NULL;
	union mt_rcv buf;
	int count, i;

	PORT(port);
	PORT(notify);
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);

	ASSERT_EQ(KERN_SUCCESS,
		  request(so, MACH_NOTIFY_DEAD_NAME, 0, notify, &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);
	/* The request shows in the name's type, and in mach_port_names(). */
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_DNREQUEST,
		  mt_type(so));
	count = mt_names(&names, &types);
	ASSERT_LE(3, count);
	for (i = 0; i < count; i++)
		if (names[i] == so)
			EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE |
				  MACH_PORT_TYPE_DNREQUEST, types[i]);
	mt_free_names(names, types, count);
	ASSERT_EQ(KERN_SUCCESS, mt_status(notify, &st));
	EXPECT_EQ(1U, st.mps_sorights);
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(notify, &buf));

	/* The port dies. */
	ASSERT_EQ(KERN_SUCCESS, mt_kill(port));
	ASSERT_EQ(MACH_NOTIFY_DEAD_NAME,
		  recv_notification(_metadata, notify, &buf,
				    XNU_NOTIFY_DEAD_NAME_SIZE));
	n = (mach_dead_name_notification_t *)&buf;
	EXPECT_EQ(so, n->not_port);
	EXPECT_TRUE(mt_ndr_ok(&n->NDR));
	ASSERT_EQ(KERN_SUCCESS, mt_status(notify, &st));
	EXPECT_EQ(0U, st.mps_sorights);

	/* A dead name now, with a reference more for the notification. */
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(so));
	EXPECT_EQ(2U, mt_refs(so, MACH_PORT_RIGHT_DEAD_NAME));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, so));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, so));
	EXPECT_EQ(MT_BAD, mt_type(so));
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(notify, &buf));
}

/* The same across tasks: the holder of the receive right exits. */
struct two_arg {
	char name[BOOTSTRAP_MAX_NAME_LEN];
	int go[2];
	int mode;
};

/*
 * The child: sends the parent a send right (mode 0) or a receive right's
 * send-once right holder (mode 1: it receives a message with a send-once
 * reply right and keeps it), then waits for the word and exits.
 */
static int peer_child(void *argp)
{
	struct two_arg *arg = argp;
	mach_port_t parent = MACH_PORT_NULL, mine;
	union mt_rcv buf;
	char c;

	close(arg->go[1]);
	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_look_up(bootstrap_port, arg->name, &parent));
	mine = mt_port();
	MT_CHILD_TRUE(mine != MACH_PORT_NULL);
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send_port(parent, MACH_MSG_TYPE_COPY_SEND, mine,
				 MACH_MSG_TYPE_MAKE_SEND, 1, 0, 0));
	if (arg->mode == 1) {
		MT_CHILD_EQ(MACH_MSG_SUCCESS, mt_recv_wait(mine, &buf));
		MT_CHILD_EQ(MACH_PORT_TYPE_SEND_ONCE,
			    mt_type(buf.head.msgh_remote_port));
	}
	/* Exit when told (or when the parent is gone). */
	MT_CHILD_TRUE(read(arg->go[0], &c, 1) >= 0);
	return 0;
}

/* Fork the peer; returns its pid and, in *@peer, the send right it sent. */
static pid_t start_peer(struct __test_metadata *_metadata,
			struct two_arg *arg, mach_port_t *rendezvous,
			mach_port_t *peer)
{
	union mt_rcv buf;
	pid_t pid;

	mt_service_name(arg->name, sizeof(arg->name), "notify");
	*rendezvous = MACH_PORT_NULL;
	EXPECT_EQ(KERN_SUCCESS,
		  bootstrap_check_in(bootstrap_port, arg->name, rendezvous));
	if (!MACH_PORT_VALID(*rendezvous))
		return -1;
	if (pipe(arg->go))
		return -1;
	pid = mt_fork(peer_child, arg);
	close(arg->go[0]);
	if (pid < 0)
		return -1;
	*peer = MACH_PORT_NULL;
	EXPECT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(*rendezvous, &buf));
	if (mt_rcv_port(&buf)->name)
		*peer = mt_rcv_port(&buf)->name;
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(*peer));
	return pid;
}

TEST_F(notify, dead_name_other_task)
{
	mach_dead_name_notification_t *n;
	mach_port_t rdv, peer, notify, prev;
	struct two_arg arg = { .mode = 0 };
	union mt_rcv buf;
	pid_t pid;

	PORT(notify);
	pid = start_peer(_metadata, &arg, &rdv, &peer);
	ASSERT_LT(0, pid);
	ASSERT_TRUE(MACH_PORT_VALID(peer));
	ASSERT_EQ(KERN_SUCCESS,
		  request(peer, MACH_NOTIFY_DEAD_NAME, 0, notify, &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);
	EXPECT_EQ(MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST,
		  mt_type(peer));
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(notify, &buf));

	close(arg.go[1]);	/* the peer exits */
	EXPECT_EQ(0, mt_wait_ok(pid));
	ASSERT_EQ(MACH_NOTIFY_DEAD_NAME,
		  recv_notification(_metadata, notify, &buf,
				    XNU_NOTIFY_DEAD_NAME_SIZE));
	n = (mach_dead_name_notification_t *)&buf;
	EXPECT_EQ(peer, n->not_port);
	EXPECT_TRUE(mt_ndr_ok(&n->NDR));
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(peer));
	EXPECT_EQ(2U, mt_refs(peer, MACH_PORT_RIGHT_DEAD_NAME));
}

/* A send-once right whose holder exits without using it. */
TEST_F(notify, send_once_holder_exits)
{
	struct two_arg arg = { .mode = 1 };
	mach_port_t rdv, peer, reply;
	mach_port_status_t st;
	union mt_rcv buf;
	pid_t pid;

	PORT(reply);
	pid = start_peer(_metadata, &arg, &rdv, &peer);
	ASSERT_LT(0, pid);
	ASSERT_TRUE(MACH_PORT_VALID(peer));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send(peer, MACH_MSG_TYPE_COPY_SEND, reply,
			  MACH_MSG_TYPE_MAKE_SEND_ONCE, 2, 2, 0, 0));
	ASSERT_EQ(KERN_SUCCESS, mt_status(reply, &st));
	EXPECT_EQ(1U, st.mps_sorights);
	close(arg.go[1]);
	EXPECT_EQ(0, mt_wait_ok(pid));
	expect_send_once(_metadata, reply);
	ASSERT_EQ(KERN_SUCCESS, mt_status(reply, &st));
	EXPECT_EQ(0U, st.mps_sorights);
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(reply, &buf));
}

/* No-senders: at once, or when the last send right goes. */
TEST_F(notify, no_senders)
{
	mach_no_senders_notification_t *n;
	mach_port_t port, notify, prev, carrier;
	mach_port_status_t st;
	union mt_rcv buf;

	PORT(port);
	PORT(notify);
	PORT(carrier);
	n = (mach_no_senders_notification_t *)&buf;

	/* No senders and sync 0 <= mscount 0: at once. */
	ASSERT_EQ(KERN_SUCCESS,
		  request(port, MACH_NOTIFY_NO_SENDERS, 0, notify, &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);
	ASSERT_EQ(MACH_NOTIFY_NO_SENDERS,
		  recv_notification(_metadata, notify, &buf,
				    XNU_NOTIFY_NO_SENDERS_SIZE));
	EXPECT_EQ(0U, n->not_count);
	EXPECT_TRUE(mt_ndr_ok(&n->NDR));
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(0, st.mps_nsrequest);

	/* sync 1 > mscount 0: armed until a send right was made and went. */
	ASSERT_EQ(KERN_SUCCESS,
		  request(port, MACH_NOTIFY_NO_SENDERS, 1, notify, &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(1, st.mps_nsrequest);
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(notify, &buf));

	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(TASK, port, port,
					 MACH_MSG_TYPE_MAKE_SEND));
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND, 2));
	/* A copy travels in a message while ours all go: still a sender. */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send_port(carrier, MACH_MSG_TYPE_MAKE_SEND, port,
			       MACH_MSG_TYPE_COPY_SEND, 3, MACH_SEND_TIMEOUT,
			       0));
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND, -3));
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(notify, &buf));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(carrier, &buf));
	EXPECT_EQ(port, mt_rcv_port(&buf)->name);
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(notify, &buf));
	/* The last one. */
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, port));
	ASSERT_EQ(MACH_NOTIFY_NO_SENDERS,
		  recv_notification(_metadata, notify, &buf,
				    XNU_NOTIFY_NO_SENDERS_SIZE));
	EXPECT_EQ(1U, n->not_count);
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(0, st.mps_nsrequest);
	EXPECT_EQ(1U, st.mps_mscount);

	/* With senders, a request waits for them even when sync <= mscount. */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(TASK, port, port,
					 MACH_MSG_TYPE_MAKE_SEND));
	ASSERT_EQ(KERN_SUCCESS,
		  request(port, MACH_NOTIFY_NO_SENDERS, 0, notify, &prev));
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(notify, &buf));
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, port));
	ASSERT_EQ(MACH_NOTIFY_NO_SENDERS,
		  recv_notification(_metadata, notify, &buf,
				    XNU_NOTIFY_NO_SENDERS_SIZE));
	EXPECT_EQ(2U, n->not_count);
	ASSERT_EQ(KERN_SUCCESS, mt_status(notify, &st));
	EXPECT_EQ(0U, st.mps_sorights);
}

/* A new request hands back the previous one's send-once right. */
TEST_F(notify, previous_request_returned)
{
	mach_port_t port, n1, n2, prev, so;
	mach_port_status_t st;

	PORT(port);
	PORT(n1);
	PORT(n2);

	/* No-senders: sync 5 keeps it armed. */
	ASSERT_EQ(KERN_SUCCESS,
		  request(port, MACH_NOTIFY_NO_SENDERS, 5, n1, &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);
	ASSERT_EQ(KERN_SUCCESS,
		  request(port, MACH_NOTIFY_NO_SENDERS, 5, n2, &prev));
	ASSERT_TRUE(MACH_PORT_VALID(prev));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(prev));
	/* It is n1's right: dropping it tells n1. */
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, prev));
	expect_send_once(_metadata, n1);
	/* Cancelling returns n2's. */
	ASSERT_EQ(KERN_SUCCESS,
		  request(port, MACH_NOTIFY_NO_SENDERS, 0, MACH_PORT_NULL,
			  &prev));
	ASSERT_TRUE(MACH_PORT_VALID(prev));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(prev));
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(0, st.mps_nsrequest);
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, prev));
	expect_send_once(_metadata, n2);

	/* Dead-name requests the same way. */
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	ASSERT_EQ(KERN_SUCCESS,
		  request(so, MACH_NOTIFY_DEAD_NAME, 0, n1, &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);
	ASSERT_EQ(KERN_SUCCESS,
		  request(so, MACH_NOTIFY_DEAD_NAME, 0, n2, &prev));
	ASSERT_TRUE(MACH_PORT_VALID(prev));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(prev));
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, prev));
	expect_send_once(_metadata, n1);
	ASSERT_EQ(KERN_SUCCESS,
		  request(so, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev));
	ASSERT_TRUE(MACH_PORT_VALID(prev));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(so));
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, prev));
	expect_send_once(_metadata, n2);
	/* Nothing armed: cancelling again returns nothing. */
	ASSERT_EQ(KERN_SUCCESS,
		  request(so, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL, &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);
}

/*
 * A request whose previous right finds no name in the (full) space fails
 * with nothing changed: the old request stays armed and the new notify
 * right is destroyed (a send-once notification to its port).
 */
TEST_F(notify, request_all_or_nothing)
{
	struct mt_full_space *full;
	mach_port_t port, n1, n2, prev, snd = MACH_PORT_NULL;
	mach_msg_type_name_t poly;
	union mt_rcv buf;
	kern_return_t kr;

	if (geteuid() != 0)
		SKIP(return, "filling the space needs root");
	full = calloc(1, sizeof(*full));
	ASSERT_NE(NULL, full);
	PORT(port);
	PORT(n1);
	PORT(n2);
	ASSERT_EQ(KERN_SUCCESS,
		  request(port, MACH_NOTIFY_NO_SENDERS, 1, n1, &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);

	ASSERT_EQ(0, mt_space_fill(full, 64)) {
		mt_space_unfill(full);
	}
	kr = request(port, MACH_NOTIFY_NO_SENDERS, 1, n2, &prev);
	mt_space_unfill(full);
	free(full);
	EXPECT_EQ(KERN_NO_SPACE, kr);

	/* n2's right was destroyed; n1's request still fires. */
	expect_send_once(_metadata, n2);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, port, MACH_MSG_TYPE_MAKE_SEND,
					  &snd, &poly));
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, snd));
	EXPECT_EQ(MACH_NOTIFY_NO_SENDERS,
		  recv_notification(_metadata, n1, &buf,
				    XNU_NOTIFY_NO_SENDERS_SIZE));
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(n2, &buf));
}

/*
 * Two ports asking for each other's port-destroyed notification: the
 * first to die goes to the other in a notification; when the other dies,
 * sending it into its own queue would make a cycle nobody can receive, so
 * (as XNU's ipc_port_destroy() checks) its request is dropped and both die.
 */
TEST_F(notify, port_destroyed_cycle)
{
	mach_port_t a, b, c, prev;
	long long live;

	live = mt_ports_live_settled();
	ASSERT_LT(0, live) {
		TH_LOG("no module parameter mach_ports_live");
	}
	PORT(a);
	PORT(b);
	PORT(c);
	EXPECT_LE(live + 3, mt_ports_live());
	/* a -> b -> c -> a */
	ASSERT_EQ(KERN_SUCCESS,
		  request(a, MACH_NOTIFY_PORT_DESTROYED, 0, b, &prev));
	ASSERT_EQ(KERN_SUCCESS,
		  request(b, MACH_NOTIFY_PORT_DESTROYED, 0, c, &prev));
	ASSERT_EQ(KERN_SUCCESS,
		  request(c, MACH_NOTIFY_PORT_DESTROYED, 0, a, &prev));
	ASSERT_EQ(KERN_SUCCESS, mt_kill(a));
	EXPECT_EQ(1U, mt_msgcount(b));
	ASSERT_EQ(KERN_SUCCESS, mt_kill(b));
	EXPECT_EQ(1U, mt_msgcount(c));
	EXPECT_LE(live + 3, mt_ports_live());
	ASSERT_EQ(KERN_SUCCESS, mt_kill(c));
	EXPECT_GE(live, mt_ports_live_wait(live));

	/* A port asking to be told of its own death just dies. */
	PORT(a);
	ASSERT_EQ(KERN_SUCCESS,
		  request(a, MACH_NOTIFY_PORT_DESTROYED, 0, a, &prev));
	ASSERT_EQ(KERN_SUCCESS, mt_kill(a));
	EXPECT_GE(live, mt_ports_live_wait(live));
}

/* Port-destroyed: the receive right comes back instead of dying. */
TEST_F(notify, port_destroyed)
{
	mach_port_destroyed_notification_t *n;
	mach_port_t port, notify, prev, back;
	mach_port_status_t st;
	union mt_rcv buf;

	PORT(port);
	PORT(notify);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_send_simple(port, 5));
	ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(port, 7));

	ASSERT_EQ(KERN_SUCCESS,
		  request(port, MACH_NOTIFY_PORT_DESTROYED, 0, notify, &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(1, st.mps_pdrequest);

	ASSERT_EQ(KERN_SUCCESS, mt_kill(port));
	EXPECT_EQ(MT_BAD, mt_type(port));
	ASSERT_EQ(MACH_NOTIFY_PORT_DESTROYED,
		  recv_notification(_metadata, notify, &buf,
				    XNU_NOTIFY_PORT_DESTROYED_SIZE));
	n = (mach_port_destroyed_notification_t *)&buf;
	EXPECT_NE(0U, n->not_header.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	EXPECT_EQ(1U, n->not_body.msgh_descriptor_count);
	EXPECT_EQ(MACH_MSG_PORT_DESCRIPTOR, MT_BF(n->not_port.type));
	EXPECT_EQ(MACH_MSG_TYPE_PORT_RECEIVE, MT_BF(n->not_port.disposition));
	back = n->not_port.name;
	ASSERT_TRUE(MACH_PORT_VALID(back));

	/* The same port: its queue and limit came along, the request did not. */
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(back));
	ASSERT_EQ(KERN_SUCCESS, mt_status(back, &st));
	EXPECT_EQ(1U, st.mps_msgcount);
	EXPECT_EQ(7U, st.mps_qlimit);
	EXPECT_EQ(0, st.mps_pdrequest);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(back, &buf));
	EXPECT_EQ(5, buf.head.msgh_id);

	/* Without a request, the port really dies. */
	ASSERT_EQ(KERN_SUCCESS, mt_kill(back));
	EXPECT_EQ(MT_BAD, mt_type(back));
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(notify, &buf));
}

/* Send-once: an unused send-once right destroyed, even at a full queue. */
TEST_F(notify, send_once)
{
	mach_port_t port, so;
	mach_port_status_t st;

	PORT(port);
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, so));
	expect_send_once(_metadata, port);

	ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(port, 0));
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, so, MACH_PORT_RIGHT_SEND_ONCE, -1));
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(1U, st.mps_msgcount);
	expect_send_once(_metadata, port);
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(0U, st.mps_sorights);
}

/* Port-deleted: a name with a dead-name request goes away. */
TEST_F(notify, port_deleted)
{
	mach_port_deleted_notification_t *n;
	mach_port_t port, notify, so, prev;
	union mt_rcv buf;
	unsigned int i;

	PORT(port);
	PORT(notify);
	n = (mach_port_deleted_notification_t *)&buf;
	for (i = 0; i < 2; i++) {
		so = mt_make_sonce(port);
		ASSERT_NE(MACH_PORT_NULL, so);
		ASSERT_EQ(KERN_SUCCESS,
			  request(so, MACH_NOTIFY_DEAD_NAME, 0, notify, &prev));
		if (i == 0) {
			ASSERT_EQ(KERN_SUCCESS,
				  mach_port_deallocate(TASK, so));
		} else {
			ASSERT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, so));
		}
		EXPECT_EQ(MT_BAD, mt_type(so));
		ASSERT_EQ(MACH_NOTIFY_PORT_DELETED,
			  recv_notification(_metadata, notify, &buf,
					    XNU_NOTIFY_PORT_DELETED_SIZE));
		EXPECT_EQ(so, n->not_port);
		EXPECT_TRUE(mt_ndr_ok(&n->NDR));
		/* And the send-once right told its port. */
		expect_send_once(_metadata, port);
	}
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(notify, &buf));
}

/* The requests mach_port_request_notification() refuses. */
TEST_F(notify, request_errors)
{
	mach_port_t port, notify, pset, so, dead, prev;
	mach_port_status_t st;
	union mt_rcv buf;
	int drained = 0;

	PORT(port);
	PORT(notify);
	pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, pset);
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_allocate(TASK, MACH_PORT_RIGHT_DEAD_NAME, &dead));

	/* No-senders and port-destroyed need a receive right. */
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  request(pset, MACH_NOTIFY_NO_SENDERS, 0, notify, &prev));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  request(so, MACH_NOTIFY_NO_SENDERS, 0, notify, &prev));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  request(dead, MACH_NOTIFY_NO_SENDERS, 0, notify, &prev));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  request(MACH_PORT_NULL, MACH_NOTIFY_NO_SENDERS, 0, notify,
			  &prev));
	EXPECT_EQ(KERN_INVALID_NAME,
		  request(0x7d7d03, MACH_NOTIFY_NO_SENDERS, 0, notify, &prev));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  request(pset, MACH_NOTIFY_PORT_DESTROYED, 0, notify, &prev));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  request(so, MACH_NOTIFY_PORT_DESTROYED, 0, notify, &prev));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  request(MACH_PORT_NULL, MACH_NOTIFY_PORT_DESTROYED, 0,
			  notify, &prev));
	/* Port-destroyed takes no sync. */
	EXPECT_EQ(KERN_INVALID_VALUE,
		  request(port, MACH_NOTIFY_PORT_DESTROYED, 1, notify, &prev));
	/* Dead-name requests need a port right or a dead name. */
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  request(pset, MACH_NOTIFY_DEAD_NAME, 0, notify, &prev));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  request(MACH_PORT_NULL, MACH_NOTIFY_DEAD_NAME, 0, notify,
			  &prev));
	EXPECT_EQ(KERN_INVALID_NAME,
		  request(0x7d7d03, MACH_NOTIFY_DEAD_NAME, 0, notify, &prev));
	/* Not a notification one may ask for. */
	EXPECT_EQ(KERN_INVALID_VALUE, request(port, 99, 0, notify, &prev));
	EXPECT_EQ(KERN_INVALID_VALUE, request(port, 0, 0, notify, &prev));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  request(port, MACH_NOTIFY_SEND_ONCE, 0, notify, &prev));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  request(port, MACH_NOTIFY_PORT_DELETED, 0, notify, &prev));

	/* Nothing was armed; the rights made for the calls are gone. */
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(0, st.mps_nsrequest);
	EXPECT_EQ(0, st.mps_pdrequest);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(so));
	while (mt_recv_poll(notify, &buf) == MACH_MSG_SUCCESS) {
		EXPECT_EQ(MACH_NOTIFY_SEND_ONCE, buf.head.msgh_id);
		drained++;
	}
	EXPECT_GE(16, drained);
	ASSERT_EQ(KERN_SUCCESS, mt_status(notify, &st));
	EXPECT_EQ(0U, st.mps_sorights);
	EXPECT_EQ(0U, st.mps_msgcount);
}

TEST_HARNESS_MAIN

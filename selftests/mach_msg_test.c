// SPDX-License-Identifier: GPL-2.0
/*
 * mach_msg_test - mach_msg() with XNU's exact results (XNU
 * tests/ipc/mach_msg_transport.c and the reference's §2 and peer test 9):
 * a round trip and the header as the receiver sees it (ports swapped,
 * received dispositions), combined send and receive, the header checks in
 * XNU's order and codes, bad user pointers (raw trap), receive errors and
 * timeouts (a 50 ms timeout lasts 50 ms), the queue limit with
 * MACH_SEND_TIMED_OUT and the message given back by pseudo-receive,
 * MACH_RCV_TOO_LARGE with and without MACH_RCV_LARGE, the trailer for
 * every element count (sender's tokens, sequence numbers, port context,
 * bytes past it untouched), receiving on a port set, port descriptors with
 * every disposition (also under pseudo-receive), receive and send rights
 * of one port arriving under one name (XNU's right_dedup), out-of-line
 * port arrays, out-of-line memory of 1 and 16 MiB (copied and moved), bad
 * descriptors leaving the header's rights as they were, a send blocked on
 * a port that dies, and an RPC between two processes over a send-once
 * reply right.
 *
 * The message tests run as root and as nobody (a nobody sender's tokens
 * are nobody's); the out-of-line memory and two-process tests as root.
 */
#include <sched.h>

#include "xnu_mach_selftest.h"

MT_FIXTURE_ROOT_NOBODY(msg)


/* Send a header-only message of @size bytes with raw bits. */
static mach_msg_return_t send_raw(mach_msg_bits_t bits, mach_msg_size_t size,
				  mach_port_t remote, mach_port_t local,
				  mach_port_t voucher)
{
	union {
		mach_msg_header_t head;
		uint8_t bytes[256];
	} m;

	memset(&m, 0, sizeof(m));
	mt_header(&m.head, bits, size, remote, local, 1);
	m.head.msgh_voucher_port = voucher;
	return mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, size, 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

/* A send and receive, the header as the receiver sees it, and the reply. */
TEST_F(msg, round_trip)
{
	mach_port_t port, reply, so;
	mach_port_status_t st;
	struct mt_msg m;
	union mt_rcv buf;
	mach_msg_trailer_t *tr;

	PORT(port);
	PORT(reply);
	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		  sizeof(m), port, reply, 1234);
	m.data[0] = 0x11111111;
	m.data[3] = 0x44444444;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
			   MACH_PORT_NULL, 0, MACH_PORT_NULL));
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(1U, st.mps_msgcount);
	EXPECT_EQ(1U, st.mps_mscount);
	ASSERT_EQ(KERN_SUCCESS, mt_status(reply, &st));
	EXPECT_EQ(1U, st.mps_sorights);

	memset(&buf, 0xee, sizeof(buf));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&buf.head, MACH_RCV_MSG, 0, sizeof(buf), port, 0,
			   MACH_PORT_NULL));
	/* Swapped: local is the port received on, remote the reply right. */
	EXPECT_EQ(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
				 MACH_MSG_TYPE_PORT_SEND), buf.head.msgh_bits);
	EXPECT_EQ(sizeof(m), buf.head.msgh_size);
	EXPECT_EQ(port, buf.head.msgh_local_port);
	so = buf.head.msgh_remote_port;
	EXPECT_TRUE(MACH_PORT_VALID(so));
	EXPECT_NE(reply, so);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(so));
	EXPECT_EQ(MACH_PORT_NULL, buf.head.msgh_voucher_port);
	EXPECT_EQ(1234, buf.head.msgh_id);
	EXPECT_EQ(0x11111111U, buf.msg.data[0]);
	EXPECT_EQ(0U, buf.msg.data[1]);
	EXPECT_EQ(0x44444444U, buf.msg.data[3]);
	/* No trailer asked for: the 8-byte minimum. */
	tr = (mach_msg_trailer_t *)mt_trailer(&buf);
	EXPECT_EQ(MACH_MSG_TRAILER_FORMAT_0, tr->msgh_trailer_type);
	EXPECT_EQ(MACH_MSG_TRAILER_MINIMUM_SIZE, tr->msgh_trailer_size);
	EXPECT_EQ(0U, mt_msgcount(port));
	/* The send right in the message was consumed by the receive. */
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(0, st.mps_srights);

	/* Reply through the send-once right. */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send(so, MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_PORT_NULL, 0,
			  1334, 5, 0, 0));
	EXPECT_EQ(MT_BAD, mt_type(so));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(reply, &buf));
	EXPECT_EQ(MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE),
		  buf.head.msgh_bits);
	EXPECT_EQ(reply, buf.head.msgh_local_port);
	EXPECT_EQ(MACH_PORT_NULL, buf.head.msgh_remote_port);
	EXPECT_EQ(1334, buf.head.msgh_id);
	EXPECT_EQ(5U, buf.msg.data[0]);
	ASSERT_EQ(KERN_SUCCESS, mt_status(reply, &st));
	EXPECT_EQ(0U, st.mps_sorights);
}

/* One call sends and receives; mach_msg_overwrite() receives elsewhere. */
TEST_F(msg, combined_send_receive)
{
	struct mt_msg m;
	union mt_rcv buf;
	mach_port_t port;

	PORT(port);
	memset(&buf, 0, sizeof(buf));
	mt_header(&buf.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
		  sizeof(struct mt_msg), port, MACH_PORT_NULL, 77);
	buf.msg.data[0] = 0xabcd;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&buf.head, MACH_SEND_MSG | MACH_RCV_MSG,
			   sizeof(struct mt_msg), sizeof(buf), port, 0,
			   MACH_PORT_NULL));
	EXPECT_EQ(77, buf.head.msgh_id);
	EXPECT_EQ(port, buf.head.msgh_local_port);
	EXPECT_EQ(MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND),
		  buf.head.msgh_bits);
	EXPECT_EQ(0xabcdU, buf.msg.data[0]);

	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
		  sizeof(m), port, MACH_PORT_NULL, 78);
	m.data[0] = 0x1234;
	memset(&buf, 0, sizeof(buf));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg_overwrite(&m.head, MACH_SEND_MSG | MACH_RCV_MSG,
				     sizeof(m), sizeof(buf), port, 0,
				     MACH_PORT_NULL, &buf.head, sizeof(buf)));
	EXPECT_EQ(78, buf.head.msgh_id);
	EXPECT_EQ(0x1234U, buf.msg.data[0]);
	/* The send buffer was left as it was. */
	EXPECT_EQ(port, m.head.msgh_remote_port);
	EXPECT_EQ(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
		  m.head.msgh_bits);
}

/* ipc_kmsg_copyin_header's checks, each with XNU's code. */
TEST_F(msg, header_errors)
{
	mach_port_t port, reply, so, pset, dead, recv_only;
	mach_port_status_t st;
	union mt_rcv buf;
	int names, i;

	PORT_SEND(port);
	PORT(reply);
	PORT(recv_only);
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, pset);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_allocate(TASK, MACH_PORT_RIGHT_DEAD_NAME, &dead));
	names = mt_names(NULL, NULL);

	/*
	 * Bits a user may not set are dropped, not refused: XNU masks the
	 * header bits with MACH_MSGH_BITS_USER before checking them.
	 */
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | 0x2000,
			   24, port, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
			   0x40000000, 24, port, MACH_PORT_NULL, 0));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(port, &buf));
		EXPECT_EQ(MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND),
			  buf.head.msgh_bits);
	}
	/* Dispositions: the destination's must be a send one. */
	EXPECT_EQ(MACH_SEND_INVALID_HEADER,
		  send_raw(MACH_MSGH_BITS(0, 0), 24, port, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_HEADER,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_RECEIVE, 0), 24,
			   port, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_HEADER,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_NAME, 0), 24,
			   port, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_HEADER,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_RECEIVE, 0), 24,
			   port, MACH_PORT_NULL, 0));
	/* A reply name without a disposition, or with a wrong one. */
	EXPECT_EQ(MACH_SEND_INVALID_HEADER,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 24,
			   port, reply, 0));
	EXPECT_EQ(MACH_SEND_INVALID_HEADER,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MOVE_RECEIVE), 24,
			   port, reply, 0));
	/* No vouchers here: a voucher right is refused. */
	EXPECT_EQ(MACH_SEND_INVALID_VOUCHER,
		  send_raw(MACH_MSGH_BITS_SET(MACH_MSG_TYPE_COPY_SEND, 0,
					      MACH_MSG_TYPE_COPY_SEND, 0),
			   24, port, MACH_PORT_NULL, port));

	/* Destinations that are not a send right. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 24,
			   MACH_PORT_NULL, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 24,
			   MACH_PORT_DEAD, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 24,
			   0x7a7a03, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 24,
			   pset, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), 24,
			   pset, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 24,
			   dead, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 24,
			   recv_only, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), 24,
			   port, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0), 24,
			   so, MACH_PORT_NULL, 0));
	/* One name for both, with a move-send-once: refused. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE,
					  MACH_MSG_TYPE_MOVE_SEND_ONCE), 24,
			   so, so, 0));

	/* Reply rights the caller does not hold. */
	EXPECT_EQ(MACH_SEND_INVALID_REPLY,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE), 24,
			   port, 0x7a7a03, 0));
	EXPECT_EQ(MACH_SEND_INVALID_REPLY,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE), 24,
			   port, pset, 0));
	EXPECT_EQ(MACH_SEND_INVALID_REPLY,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE), 24,
			   port, dead, 0));
	EXPECT_EQ(MACH_SEND_INVALID_REPLY,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_COPY_SEND), 24,
			   port, recv_only, 0));
	/* The header is all or nothing: the moved right is still here. */
	EXPECT_EQ(MACH_SEND_INVALID_REPLY,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE), 24,
			   port, 0x7a7a03, 0));
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(MACH_SEND_INVALID_REPLY,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE), 24,
			   so, 0x7a7a03, 0));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(so));

	/* Sizes. */
	EXPECT_EQ(MACH_SEND_MSG_TOO_SMALL,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 20,
			   port, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_MSG_TOO_SMALL,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 0,
			   port, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_MSG_TOO_SMALL,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 26,
			   port, MACH_PORT_NULL, 0));
	EXPECT_EQ(MACH_SEND_MSG_TOO_SMALL,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
			   MACH_MSGH_BITS_COMPLEX, 24, port, MACH_PORT_NULL,
			   0));
	{
		mach_msg_base_t b;

		memset(&b, 0, sizeof(b));
		mt_header(&b.header, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0)
			  | MACH_MSGH_BITS_COMPLEX, sizeof(b), port,
			  MACH_PORT_NULL, 1);
		b.body.msgh_descriptor_count = 1;
		EXPECT_EQ(MACH_SEND_MSG_TOO_SMALL,
			  mach_msg(&b.header, MACH_SEND_MSG, sizeof(b), 0,
				   MACH_PORT_NULL, 0, MACH_PORT_NULL));
	}
	/* Past the largest message: refused before a byte is read. */
	EXPECT_EQ(MACH_SEND_TOO_LARGE,
		  send_raw(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			   XNU_MACH_MSG_SIZE_MAX + 4, port, MACH_PORT_NULL,
			   0));

	/* Nothing was queued and no right moved. */
	ASSERT_EQ(KERN_SUCCESS, mt_status(port, &st));
	EXPECT_EQ(0U, st.mps_msgcount);
	EXPECT_EQ(1U, st.mps_sorights);
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(0U, mt_msgcount(reply));
	EXPECT_EQ(names, mt_names(NULL, NULL));
}

/* The trap's own checks: pointers it cannot read or write, flags. */
TEST_F(msg, bad_user_pointers)
{
	struct xnu_mach_msg_args a;
	struct mt_msg m;
	mach_port_t port;
	void *page;

	PORT_SEND(port);
	page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		    0);
	ASSERT_NE(MAP_FAILED, page);

	memset(&a, 0, sizeof(a));
	a.msg = (uintptr_t)page;
	a.option = MACH_SEND_MSG;
	a.send_size = 24;
	EXPECT_EQ(MACH_SEND_INVALID_DATA, mt_raw(XNU_TRAP_MACH_MSG, &a));
	a.msg = 0;
	EXPECT_EQ(MACH_SEND_INVALID_DATA, mt_raw(XNU_TRAP_MACH_MSG, &a));

	/* flags and reserved must be 0. */
	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		  sizeof(m), port, MACH_PORT_NULL, 9);
	a.msg = (uintptr_t)&m;
	a.send_size = sizeof(m);
	a.flags = 1;
	EXPECT_EQ(KERN_INVALID_ARGUMENT, mt_raw(XNU_TRAP_MACH_MSG, &a));
	a.flags = 0;
	a.reserved = 1;
	EXPECT_EQ(KERN_INVALID_ARGUMENT, mt_raw(XNU_TRAP_MACH_MSG, &a));
	a.reserved = 0;
	EXPECT_EQ(0U, mt_msgcount(port));
	EXPECT_EQ(MACH_MSG_SUCCESS, mt_raw(XNU_TRAP_MACH_MSG, &a));
	EXPECT_EQ(1U, mt_msgcount(port));

	/* A receive buffer that cannot be written: the message is lost. */
	memset(&a, 0, sizeof(a));
	a.rcv_msg = (uintptr_t)page;
	a.option = MACH_RCV_MSG | MACH_RCV_TIMEOUT;
	a.rcv_size = 256;
	a.rcv_name = port;
	EXPECT_EQ(MACH_RCV_INVALID_DATA, mt_raw(XNU_TRAP_MACH_MSG, &a));
	EXPECT_EQ(0U, mt_msgcount(port));
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));

	/* The argument structure itself. */
	EXPECT_EQ(-EFAULT, mt_raw(XNU_TRAP_MACH_MSG, page));
	munmap(page, 4096);
}

/* Receiving: names that cannot be received on, timeouts. */
TEST_F(msg, receive_errors_and_timeouts)
{
	mach_port_t port, so, pset, dead;
	union mt_rcv buf;
	uint64_t t0, ms;

	PORT(port);
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, pset);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_allocate(TASK, MACH_PORT_RIGHT_DEAD_NAME, &dead));

	EXPECT_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(MACH_PORT_NULL, &buf));
	EXPECT_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(MACH_PORT_DEAD, &buf));
	EXPECT_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(0x7b7b03, &buf));
	EXPECT_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(so, &buf));
	EXPECT_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(dead, &buf));
	EXPECT_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(TASK, &buf));

	/* A poll of an empty queue, and of an empty set. */
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(port, &buf));
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(pset, &buf));

	/* A 50 ms timeout lasts 50 ms, not much more. */
	t0 = mt_now_ns();
	EXPECT_EQ(MACH_RCV_TIMED_OUT,
		  mt_recv(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 50));
	ms = (mt_now_ns() - t0) / 1000000;
	EXPECT_LE(50ULL, ms);
	EXPECT_GT(1000ULL, ms);
	t0 = mt_now_ns();
	EXPECT_EQ(MACH_RCV_TIMED_OUT,
		  mt_recv(pset, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 50));
	ms = (mt_now_ns() - t0) / 1000000;
	EXPECT_LE(50ULL, ms);
	EXPECT_GT(1000ULL, ms);

	/* Trailer formats other than 0 do not exist. */
	EXPECT_EQ(MACH_MSG_SUCCESS, mt_send_simple(port, 3));
	EXPECT_EQ(MACH_RCV_INVALID_TRAILER,
		  mt_recv(port, &buf, sizeof(buf), MACH_RCV_TIMEOUT |
			  MACH_RCV_TRAILER_TYPE(1), 0));
}

/* The queue limit, MACH_SEND_TIMED_OUT, and the message given back. */
TEST_F(msg, qlimit_and_pseudo_receive)
{
	mach_port_t port, reply, carried, so, back;
	struct mt_port_msg m;
	mach_port_status_t st;
	union mt_rcv buf;
	uint64_t t0, ms;

	PORT_SEND(port);
	PORT(reply);
	PORT_SEND(carried);
	ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(port, 1));
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  mt_send(port, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 1,
			  1, MACH_SEND_TIMEOUT, 0));
	EXPECT_EQ(MACH_SEND_TIMED_OUT,
		  mt_send(port, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 2,
			  2, MACH_SEND_TIMEOUT, 0));
	t0 = mt_now_ns();
	EXPECT_EQ(MACH_SEND_TIMED_OUT,
		  mt_send(port, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 3,
			  3, MACH_SEND_TIMEOUT, 50));
	ms = (mt_now_ns() - t0) / 1000000;
	EXPECT_LE(50ULL, ms);
	EXPECT_GT(1000ULL, ms);
	EXPECT_EQ(1U, mt_msgcount(port));
	/* Each copied send right came back: 1 + 2 references. */
	EXPECT_EQ(3U, mt_refs(port, MACH_PORT_RIGHT_SEND));

	/*
	 * Pseudo-receive: the message comes back in received form, its
	 * rights in the sender's space, the header not swapped.
	 */
	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), port, reply, 4);
	m.body.msgh_descriptor_count = 1;
	m.port.name = carried;
	m.port.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.tag = 0x5eed;
	ASSERT_EQ(MACH_SEND_TIMED_OUT,
		  mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			   sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND,
		  MACH_MSGH_BITS_REMOTE(m.head.msgh_bits));
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND_ONCE,
		  MACH_MSGH_BITS_LOCAL(m.head.msgh_bits));
	EXPECT_NE(0U, m.head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	EXPECT_EQ(port, m.head.msgh_remote_port);
	back = m.head.msgh_local_port;
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(back));
	EXPECT_EQ(1U, m.body.msgh_descriptor_count);
	EXPECT_EQ(MACH_MSG_PORT_DESCRIPTOR, MT_BF(m.port.type));
	EXPECT_EQ(MACH_MSG_TYPE_PORT_RECEIVE, MT_BF(m.port.disposition));
	EXPECT_EQ(carried, m.port.name);
	EXPECT_EQ(0x5eedU, m.tag);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(carried));
	EXPECT_EQ(3U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	ASSERT_EQ(KERN_SUCCESS, mt_status(reply, &st));
	EXPECT_EQ(1U, st.mps_sorights);
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, back));
	mt_expect_send_once_notification(_metadata, reply);

	/* A send-once right is not held back by the queue limit. */
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  mt_send(so, MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_PORT_NULL, 0,
			  5, 5, MACH_SEND_TIMEOUT, 0));
	EXPECT_EQ(2U, mt_msgcount(port));

	/* Room again after a receive. */
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(port, &buf));
	EXPECT_EQ(1, buf.head.msgh_id);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(port, &buf));
	EXPECT_EQ(5, buf.head.msgh_id);
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  mt_send(port, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 6,
			  6, MACH_SEND_TIMEOUT, 0));

	/* qlimit 0: every send times out. */
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(port, &buf));
	ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(port, 0));
	EXPECT_EQ(MACH_SEND_TIMED_OUT,
		  mt_send(port, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 7,
			  7, MACH_SEND_TIMEOUT, 0));
	EXPECT_EQ(0U, mt_msgcount(port));
}

/* A message bigger than the receive buffer (peer test 9). */
struct big_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
	uint32_t data[8];
};

static mach_msg_return_t send_big(mach_port_t dest, mach_port_t reply,
				  mach_port_t carried)
{
	struct big_msg m;
	unsigned int i;

	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), dest, reply, 900);
	m.body.msgh_descriptor_count = 1;
	m.port.name = carried;
	m.port.disposition = MACH_MSG_TYPE_MAKE_SEND;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	for (i = 0; i < ARRAY_SIZE(m.data); i++)
		m.data[i] = 0x1000 + i;
	return mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m),
			0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

TEST_F(msg, rcv_too_large)
{
	mach_port_t port, reply, carried;
	mach_port_status_t st;
	struct big_msg *bm;
	union mt_rcv buf;
	unsigned int i;

	PORT(port);
	PORT(reply);
	PORT(carried);
	ASSERT_EQ(MACH_MSG_SUCCESS, send_big(port, reply, carried));

	/* MACH_RCV_LARGE: the message stays, msgh_size says what it needs. */
	EXPECT_EQ(MACH_RCV_TOO_LARGE,
		  mt_recv(port, &buf, 40, MACH_RCV_LARGE | MACH_RCV_TIMEOUT, 0));
	EXPECT_EQ(sizeof(struct big_msg), buf.head.msgh_size);
	EXPECT_EQ(1U, mt_msgcount(port));
	EXPECT_EQ(MACH_RCV_TOO_LARGE,
		  mt_recv(port, &buf, 40, MACH_RCV_LARGE |
			  MACH_RCV_LARGE_IDENTITY | MACH_RCV_TIMEOUT, 0));
	EXPECT_EQ(sizeof(struct big_msg), buf.head.msgh_size);
	EXPECT_EQ(port, buf.head.msgh_local_port);
	/* The buffer must hold the message and the trailer asked for. */
	EXPECT_EQ(MACH_RCV_TOO_LARGE,
		  mt_recv(port, &buf, sizeof(struct big_msg) + 7,
			  MACH_RCV_LARGE | MACH_RCV_TIMEOUT, 0));
	EXPECT_EQ(MACH_RCV_TOO_LARGE,
		  mt_recv(port, &buf, sizeof(struct big_msg) + 8,
			  MACH_RCV_LARGE | MACH_RCV_TIMEOUT |
			  MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_CTX), 0));
	EXPECT_EQ(1U, mt_msgcount(port));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_recv(port, &buf, sizeof(struct big_msg) + 8,
			  MACH_RCV_LARGE | MACH_RCV_TIMEOUT, 0));
	bm = (struct big_msg *)&buf;
	EXPECT_EQ(sizeof(struct big_msg), bm->head.msgh_size);
	EXPECT_EQ(900, bm->head.msgh_id);
	EXPECT_EQ(carried, bm->port.name);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, MT_BF(bm->port.disposition));
	for (i = 0; i < ARRAY_SIZE(bm->data); i++)
		EXPECT_EQ(0x1000 + i, bm->data[i]);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_deallocate(TASK, bm->head.msgh_remote_port));
	mt_expect_send_once_notification(_metadata, reply);
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, carried));
	ASSERT_EQ(KERN_SUCCESS, mt_status(carried, &st));
	EXPECT_EQ(0, st.mps_srights);

	/*
	 * Without MACH_RCV_LARGE the message is dequeued and destroyed: a
	 * bare header comes back, the reply right and the carried right die.
	 */
	ASSERT_EQ(MACH_MSG_SUCCESS, send_big(port, reply, carried));
	ASSERT_EQ(KERN_SUCCESS, mt_status(carried, &st));
	EXPECT_EQ(1, st.mps_srights);
	EXPECT_EQ(MACH_RCV_TOO_LARGE,
		  mt_recv(port, &buf, 40, MACH_RCV_TIMEOUT, 0));
	EXPECT_EQ(sizeof(mach_msg_header_t), buf.head.msgh_size);
	EXPECT_EQ(port, buf.head.msgh_local_port);
	EXPECT_EQ(MACH_PORT_NULL, buf.head.msgh_remote_port);
	EXPECT_EQ(900, buf.head.msgh_id);
	EXPECT_EQ(0U, mt_msgcount(port));
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(port, &buf));
	mt_expect_send_once_notification(_metadata, reply);
	ASSERT_EQ(KERN_SUCCESS, mt_status(carried, &st));
	EXPECT_EQ(0, st.mps_srights);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(carried));
}

/* XNU's mach_msg_trailer: every element count, its size and contents. */
TEST_F(msg, trailers)
{
	static const int elements[] = {
		MACH_RCV_TRAILER_NULL, MACH_RCV_TRAILER_SEQNO,
		MACH_RCV_TRAILER_SENDER, MACH_RCV_TRAILER_AUDIT,
		MACH_RCV_TRAILER_CTX, MACH_RCV_TRAILER_AV,
	};
	struct {
		mach_msg_header_t hdr;
		mach_msg_max_trailer_t trailer;
		uint32_t sentinel;
	} buf;
	mach_msg_option_t topt;
	mach_msg_size_t tsize;
	unsigned int i, k;
	mach_port_t port;
	uint8_t *p;

	PORT_SEND(port);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_set_context(TASK, port, 0x42424242));
	for (i = 0; i < ARRAY_SIZE(elements); i++) {
		topt = MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
		       MACH_RCV_TRAILER_ELEMENTS(elements[i]);
		tsize = REQUESTED_TRAILER_SIZE(topt);

		memset(&buf, 0xff, sizeof(buf));
		mt_header(&buf.hdr, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			  sizeof(buf.hdr), port, MACH_PORT_NULL, 42);
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mach_msg(&buf.hdr, MACH_SEND_MSG, sizeof(buf.hdr), 0,
				   MACH_PORT_NULL, 0, MACH_PORT_NULL));
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mach_msg(&buf.hdr, MACH_RCV_MSG | topt, 0,
				   sizeof(buf), port, 0, MACH_PORT_NULL)) {
			TH_LOG("trailer elements %d", elements[i]);
		}
		EXPECT_EQ(sizeof(buf.hdr), buf.hdr.msgh_size);
		EXPECT_EQ(MACH_MSG_TRAILER_FORMAT_0,
			  buf.trailer.msgh_trailer_type);
		EXPECT_EQ(tsize, buf.trailer.msgh_trailer_size) {
			TH_LOG("trailer elements %d", elements[i]);
		}
		if (tsize > offsetof(mach_msg_max_trailer_t, msgh_seqno))
			EXPECT_EQ(i, buf.trailer.msgh_seqno);
		if (tsize > offsetof(mach_msg_max_trailer_t, msgh_sender)) {
			EXPECT_EQ(geteuid(), buf.trailer.msgh_sender.val[0]);
			EXPECT_EQ(getegid(), buf.trailer.msgh_sender.val[1]);
		}
		if (tsize > offsetof(mach_msg_max_trailer_t, msgh_audit)) {
			EXPECT_EQ(geteuid(), buf.trailer.msgh_audit.val[1]);
			EXPECT_EQ(getegid(), buf.trailer.msgh_audit.val[2]);
			EXPECT_EQ(getuid(), buf.trailer.msgh_audit.val[3]);
			EXPECT_EQ(getgid(), buf.trailer.msgh_audit.val[4]);
			EXPECT_EQ((unsigned int)getpid(),
				  buf.trailer.msgh_audit.val[5]);
		}
		if (tsize > offsetof(mach_msg_max_trailer_t, msgh_context))
			EXPECT_EQ(0x42424242ULL, buf.trailer.msgh_context);
		if (tsize > offsetof(mach_msg_max_trailer_t, msgh_ad))
			EXPECT_EQ(0, buf.trailer.msgh_ad);
		if (tsize > offsetof(mach_msg_max_trailer_t, msgh_labels))
			EXPECT_EQ(0U, buf.trailer.msgh_labels.sender);
		/* Not a byte past the trailer asked for. */
		p = (uint8_t *)&buf.trailer;
		for (k = tsize; k < sizeof(buf.trailer) + sizeof(buf.sentinel);
		     k++)
			if (p[k] != 0xff)
				break;
		EXPECT_EQ(sizeof(buf.trailer) + sizeof(buf.sentinel), k) {
			TH_LOG("elements %d: byte %u of the trailer written",
			       elements[i], k);
		}
	}
}

/* A port set receives what its members get, and wakes its receiver. */
struct set_wait {
	mach_port_t pset;
	pid_t tid;
	mach_msg_return_t mr;
	union mt_rcv buf;
};

static void *set_receiver(void *arg)
{
	struct set_wait *w = arg;

	__atomic_store_n(&w->tid, mt_gettid(), __ATOMIC_RELEASE);
	w->mr = mt_recv(w->pset, &w->buf, sizeof(w->buf), MACH_RCV_TIMEOUT,
			MT_WAIT_MS);
	return NULL;
}

TEST_F(msg, port_set_receive)
{
	mach_port_t pset, a, b, seen[3];
	unsigned int i, pos1 = 9, pos3 = 9;
	mach_msg_id_t ids[3];
	struct set_wait *w;
	union mt_rcv buf;
	pthread_t th;

	pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, pset);
	PORT(a);
	PORT(b);
	EXPECT_EQ(MACH_MSG_SUCCESS, mt_send_simple(a, 1));
	ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(TASK, a, pset));
	ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(TASK, b, pset));
	EXPECT_EQ(MACH_MSG_SUCCESS, mt_send_simple(b, 2));
	EXPECT_EQ(MACH_MSG_SUCCESS, mt_send_simple(a, 3));

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(pset, &buf));
		ids[i] = buf.head.msgh_id;
		seen[i] = buf.head.msgh_local_port;
	}
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(pset, &buf));
	for (i = 0; i < 3; i++) {
		/* Each message names the member it came to. */
		EXPECT_EQ(ids[i] == 2 ? b : a, seen[i]);
		EXPECT_TRUE(ids[i] >= 1 && ids[i] <= 3);
	}
	EXPECT_EQ(6, ids[0] + ids[1] + ids[2]);
	/* Messages of one member come in order. */
	for (i = 0; i < 3; i++) {
		if (ids[i] == 1)
			pos1 = i;
		if (ids[i] == 3)
			pos3 = i;
	}
	EXPECT_LT(pos1, pos3);

	/* A receiver waiting on the set wakes for a member's message. */
	w = calloc(1, sizeof(*w));
	ASSERT_NE(NULL, w);
	w->pset = pset;
	ASSERT_EQ(0, pthread_create(&th, NULL, set_receiver, w));
	while (!__atomic_load_n(&w->tid, __ATOMIC_ACQUIRE))
		mt_sleep_ms(1);
	EXPECT_EQ(0, mt_wait_sleeping(getpid(), w->tid, MT_WAIT_MS));
	EXPECT_EQ(MACH_MSG_SUCCESS, mt_send_simple(b, 4));
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(MACH_MSG_SUCCESS, w->mr);
	EXPECT_EQ(4, w->buf.head.msgh_id);
	EXPECT_EQ(b, w->buf.head.msgh_local_port);
	free(w);
}

/*
 * XNU's mach_msg_descriptor_port: every disposition, received as 16, 17
 * or 18; receive and send rights come back under the port's own name.
 * With @pseudo the destination's queue is full and each send times out,
 * handing the message back (pseudo-receive) in the same form.
 */
static void descriptor_port(struct __test_metadata *_metadata,
			    mach_port_t task, bool pseudo)
{
	static const mach_msg_type_name_t disps[] = {
		MACH_MSG_TYPE_MOVE_RECEIVE, MACH_MSG_TYPE_MOVE_SEND,
		MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_MSG_TYPE_COPY_SEND,
		MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	};
	mach_msg_type_name_t disp, want;
	mach_port_t rcv, port, name;
	union mt_rcv buf;
	struct mt_port_msg *m = (struct mt_port_msg *)&buf;
	mach_msg_return_t mr;
	unsigned int i;

	rcv = mt_port_send();
	port = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, rcv);
	ASSERT_NE(MACH_PORT_NULL, port);
	if (pseudo) {
		ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(rcv, 1));
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mt_send(rcv, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL,
				  0, 1, 1, MACH_SEND_TIMEOUT, 0));
	}

	for (i = 0; i < ARRAY_SIZE(disps); i++) {
		disp = disps[i];
		name = port;
		if (disp == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
			name = mt_make_sonce(port);
			ASSERT_NE(MACH_PORT_NULL, name);
		}
		memset(&buf, 0, sizeof(buf));
		mt_header(&m->head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0)
			  | MACH_MSGH_BITS_COMPLEX, sizeof(*m), rcv,
			  MACH_PORT_NULL, 42);
		m->body.msgh_descriptor_count = 1;
		m->port.name = name;
		m->port.disposition = disp;
		m->port.type = MACH_MSG_PORT_DESCRIPTOR;
		mr = mach_msg(&m->head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			      sizeof(*m), 0, MACH_PORT_NULL, 0,
			      MACH_PORT_NULL);
		if (pseudo) {
			ASSERT_EQ(MACH_SEND_TIMED_OUT, mr) {
				TH_LOG("pseudo-receive, disposition %u", disp);
			}
		} else {
			ASSERT_EQ(MACH_MSG_SUCCESS, mr) {
				TH_LOG("disposition %u", disp);
			}
			ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(rcv, &buf));
		}

		switch (disp) {
		case MACH_MSG_TYPE_MOVE_RECEIVE:
			want = MACH_MSG_TYPE_PORT_RECEIVE;
			break;
		case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		case MACH_MSG_TYPE_MAKE_SEND_ONCE:
			want = MACH_MSG_TYPE_PORT_SEND_ONCE;
			break;
		default:
			want = MACH_MSG_TYPE_PORT_SEND;
			break;
		}
		EXPECT_NE(0U, m->head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
		EXPECT_EQ(1U, m->body.msgh_descriptor_count);
		EXPECT_EQ(MACH_MSG_PORT_DESCRIPTOR, MT_BF(m->port.type));
		EXPECT_EQ(want, MT_BF(m->port.disposition)) {
			TH_LOG("disposition %u%s", disp,
			       pseudo ? " (pseudo-receive)" : "");
		}
		if (want == MACH_MSG_TYPE_PORT_SEND_ONCE) {
			EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE,
				  mt_type(m->port.name));
			EXPECT_EQ(KERN_SUCCESS,
				  mach_port_deallocate(task, m->port.name));
		} else {
			EXPECT_EQ(port, m->port.name) {
				TH_LOG("disposition %u%s", disp,
				       pseudo ? " (pseudo-receive)" : "");
			}
		}
	}
	/* The send rights: the original, a COPY_SEND and a MAKE_SEND. */
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(port));
	EXPECT_EQ(3U, mt_refs(port, MACH_PORT_RIGHT_SEND));
}

TEST_F(msg, port_descriptors)
{
	descriptor_port(_metadata, TASK, false);
}

TEST_F(msg, port_descriptors_pseudo_receive)
{
	descriptor_port(_metadata, TASK, true);
}

/* Null and dead names travel as themselves. */
TEST_F(msg, port_descriptor_null_and_dead)
{
	mach_port_t rcv, names[2] = { MACH_PORT_NULL, MACH_PORT_DEAD };
	struct mt_port_msg *m;
	union mt_rcv buf;
	unsigned int i;

	PORT(rcv);
	m = (struct mt_port_msg *)&buf;
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mt_send_port(rcv, MACH_MSG_TYPE_MAKE_SEND, names[i],
				       MACH_MSG_TYPE_COPY_SEND, 10,
				       MACH_SEND_TIMEOUT, 0));
		ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(rcv, &buf));
		EXPECT_EQ(names[i], m->port.name);
		EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, MT_BF(m->port.disposition));
	}
}

/* XNU's right_dedup: receive and send rights of a port meet under one name. */
TEST_F(msg, right_dedup)
{
	mach_port_t rcv, port, first, second;
	union mt_rcv buf;

	PORT(rcv);

	/* The send right first, then the receive right. */
	PORT(port);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send_port(rcv, MACH_MSG_TYPE_MAKE_SEND, port,
			       MACH_MSG_TYPE_MAKE_SEND, 1, MACH_SEND_TIMEOUT,
			       0));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send_port(rcv, MACH_MSG_TYPE_MAKE_SEND, port,
			       MACH_MSG_TYPE_MOVE_RECEIVE, 2,
			       MACH_SEND_TIMEOUT, 0));
	EXPECT_EQ(MT_BAD, mt_type(port));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(rcv, &buf));
	first = mt_rcv_port(&buf)->name;
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND,
		  MT_BF(mt_rcv_port(&buf)->disposition));
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(first));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(rcv, &buf));
	second = mt_rcv_port(&buf)->name;
	EXPECT_EQ(MACH_MSG_TYPE_PORT_RECEIVE,
		  MT_BF(mt_rcv_port(&buf)->disposition));
	EXPECT_EQ(first, second);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(first));
	EXPECT_EQ(1U, mt_refs(first, MACH_PORT_RIGHT_SEND));

	/* The receive right first, then the send right. */
	PORT_SEND(port);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send_port(rcv, MACH_MSG_TYPE_MAKE_SEND, port,
			       MACH_MSG_TYPE_MOVE_RECEIVE, 3,
			       MACH_SEND_TIMEOUT, 0));
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(port));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send_port(rcv, MACH_MSG_TYPE_MAKE_SEND, port,
			       MACH_MSG_TYPE_MOVE_SEND, 4, MACH_SEND_TIMEOUT,
			       0));
	EXPECT_EQ(MT_BAD, mt_type(port));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(rcv, &buf));
	first = mt_rcv_port(&buf)->name;
	EXPECT_EQ(MACH_MSG_TYPE_PORT_RECEIVE,
		  MT_BF(mt_rcv_port(&buf)->disposition));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(first));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(rcv, &buf));
	second = mt_rcv_port(&buf)->name;
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND,
		  MT_BF(mt_rcv_port(&buf)->disposition));
	EXPECT_EQ(first, second);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(first));
	/* Cleanup as XNU's test: the send reference, then the receive right. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, first, MACH_PORT_RIGHT_SEND, -1));
	EXPECT_EQ(KERN_SUCCESS, mt_kill(first));
	EXPECT_EQ(MT_BAD, mt_type(first));
}

/* XNU's mach_msg_descriptor_port_array: two names, deallocate on receive. */
struct ports_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_ool_ports_descriptor_t ports;
};

TEST_F(msg, ool_ports)
{
	static const mach_msg_type_name_t disps[] = {
		MACH_MSG_TYPE_MAKE_SEND, MACH_MSG_TYPE_COPY_SEND,
		MACH_MSG_TYPE_MAKE_SEND_ONCE,
	};
	mach_port_t rcv, p1, p2, array[2], *got;
	struct ports_msg m, *r;
	union mt_rcv buf;
	unsigned int i;

	PORT(rcv);
	PORT_SEND(p1);
	PORT_SEND(p2);
	r = (struct ports_msg *)&buf;
	for (i = 0; i < ARRAY_SIZE(disps); i++) {
		array[0] = p1;
		array[1] = p2;
		memset(&m, 0, sizeof(m));
		mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) |
			  MACH_MSGH_BITS_COMPLEX, sizeof(m), rcv,
			  MACH_PORT_NULL, 60);
		m.body.msgh_descriptor_count = 1;
		m.ports.address = array;
		m.ports.count = 2;
		m.ports.deallocate = false;
		m.ports.copy = MACH_MSG_PHYSICAL_COPY;
		m.ports.disposition = disps[i];
		m.ports.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
				   MACH_PORT_NULL, 0, MACH_PORT_NULL));
		/* The sender's array is its own (deallocate was false). */
		EXPECT_EQ(p1, array[0]);
		ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(rcv, &buf));
		EXPECT_NE(0U, r->head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
		EXPECT_EQ(1U, r->body.msgh_descriptor_count);
		EXPECT_EQ(MACH_MSG_OOL_PORTS_DESCRIPTOR, MT_BF(r->ports.type));
		EXPECT_EQ(2U, r->ports.count);
		EXPECT_EQ(1U, MT_BF(r->ports.deallocate));
		got = r->ports.address;
		ASSERT_NE(NULL, got);
		EXPECT_NE((void *)array, (void *)got);
		if (disps[i] == MACH_MSG_TYPE_MAKE_SEND_ONCE) {
			EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND_ONCE,
				  MT_BF(r->ports.disposition));
			EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(got[0]));
			EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(got[1]));
			EXPECT_NE(got[0], got[1]);
			EXPECT_EQ(KERN_SUCCESS,
				  mach_port_deallocate(TASK, got[0]));
			EXPECT_EQ(KERN_SUCCESS,
				  mach_port_deallocate(TASK, got[1]));
		} else {
			EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND,
				  MT_BF(r->ports.disposition));
			EXPECT_EQ(p1, got[0]);
			EXPECT_EQ(p2, got[1]);
		}
		EXPECT_EQ(KERN_SUCCESS,
			  vm_deallocate(TASK, (vm_address_t)got,
					2 * sizeof(*got)));
	}
	/* 1 + MAKE_SEND + COPY_SEND references each. */
	EXPECT_EQ(3U, mt_refs(p1, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(3U, mt_refs(p2, MACH_PORT_RIGHT_SEND));
}

/* Descriptors that cannot be copied in; the header's rights survive. */
TEST_F(msg, bad_descriptors)
{
	mach_port_t dest, reply, recv_only;
	mach_port_status_t st;
	struct mt_port_msg m;
	int names;

	PORT_SEND(dest);
	PORT(reply);
	PORT(recv_only);
	names = mt_names(NULL, NULL);

	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), dest, reply, 70);
	m.body.msgh_descriptor_count = 1;
	m.port.name = recv_only;
	m.port.disposition = MACH_MSG_TYPE_COPY_SEND;
	m.port.type = 7;
	EXPECT_EQ(MACH_SEND_INVALID_TYPE,
		  mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			   sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));

	/* A right the sender does not hold. */
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), dest, reply, 71);
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	EXPECT_EQ(MACH_SEND_INVALID_RIGHT,
		  mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			   sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), dest, reply, 72);
	m.port.name = 0x7c7c03;
	EXPECT_EQ(MACH_SEND_INVALID_RIGHT,
		  mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			   sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL));

	/*
	 * Nothing delivered, no right leaked: the copied destination right
	 * is gone again, the reply right made for the message was destroyed
	 * (so the reply port hears a send-once notification). A bad
	 * descriptor type is found before any right is taken.
	 */
	EXPECT_EQ(0U, mt_msgcount(dest));
	EXPECT_EQ(1U, mt_refs(dest, MACH_PORT_RIGHT_SEND));
	ASSERT_EQ(KERN_SUCCESS, mt_status(dest, &st));
	EXPECT_EQ(1, st.mps_srights);
	EXPECT_EQ(1U, st.mps_mscount);
	ASSERT_EQ(KERN_SUCCESS, mt_status(recv_only, &st));
	EXPECT_EQ(0, st.mps_srights);
	EXPECT_EQ(0U, st.mps_mscount);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(recv_only));
	/* One for each message refused after its header was taken. */
	mt_expect_send_once_notification(_metadata, reply);
	mt_expect_send_once_notification(_metadata, reply);
	ASSERT_EQ(KERN_SUCCESS, mt_status(reply, &st));
	EXPECT_EQ(0U, st.mps_sorights);
	EXPECT_EQ(0U, st.mps_msgcount);
	EXPECT_EQ(names, mt_names(NULL, NULL));
}

/* A sender blocked on a full queue whose port dies: delivered (destroyed). */
struct blocked_send {
	mach_port_t dest;
	mach_port_t reply;
	pid_t tid;
	mach_msg_return_t mr;
};

static void *blocked_sender(void *arg)
{
	struct blocked_send *b = arg;

	__atomic_store_n(&b->tid, mt_gettid(), __ATOMIC_RELEASE);
	b->mr = mt_send(b->dest, MACH_MSG_TYPE_COPY_SEND, b->reply,
			MACH_MSG_TYPE_MAKE_SEND_ONCE, 80, 0, 0, 0);
	return NULL;
}

TEST_F(msg, send_to_port_that_dies)
{
	struct blocked_send b = { 0 };
	union mt_rcv buf;
	pthread_t th;

	PORT_SEND(b.dest);
	PORT(b.reply);
	ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(b.dest, 1));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_send(b.dest, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			  79, 0, MACH_SEND_TIMEOUT, 0));
	ASSERT_EQ(0, pthread_create(&th, NULL, blocked_sender, &b));
	while (!__atomic_load_n(&b.tid, __ATOMIC_ACQUIRE))
		mt_sleep_ms(1);
	ASSERT_EQ(0, mt_wait_sleeping(getpid(), b.tid, MT_WAIT_MS));
	EXPECT_EQ(1U, mt_msgcount(b.dest));
	EXPECT_EQ(KERN_SUCCESS, mt_kill(b.dest));
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(MACH_MSG_SUCCESS, b.mr);
	/* The message was destroyed with its reply right. */
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_wait(b.reply, &buf));
	EXPECT_EQ(MACH_NOTIFY_SEND_ONCE, buf.head.msgh_id);
	/* The sender's name is now a dead name. */
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(b.dest));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mt_send(b.dest, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			  81, 0, MACH_SEND_TIMEOUT, 0));
}

/*
 * MACH_RCV_LARGE with a buffer too small even for a header: XNU's
 * mach_msg_receive_too_large() writes msgh_size into any buffer of 8 bytes
 * (up to msgh_remote_port) or more, and the port's name
 * (MACH_RCV_LARGE_IDENTITY) into one of 16 bytes (up to msgh_voucher_port).
 */
TEST_F(msg, rcv_large_tiny_buffers)
{
	static const unsigned int sizes[] = { 4, 8, 12, 16 };
	mach_port_t port, reply, carried;
	union mt_rcv buf;
	unsigned int i;

	PORT(port);
	PORT(reply);
	PORT(carried);
	ASSERT_EQ(MACH_MSG_SUCCESS, send_big(port, reply, carried));
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		memset(&buf, 0xff, sizeof(buf));
		EXPECT_EQ(MACH_RCV_TOO_LARGE,
			  mach_msg(&buf.head, MACH_RCV_MSG | MACH_RCV_LARGE |
				   MACH_RCV_LARGE_IDENTITY | MACH_RCV_TIMEOUT,
				   0, sizes[i], port, 0, MACH_PORT_NULL));
		/* msgh_bits is never touched. */
		EXPECT_EQ(0xffffffffU, buf.head.msgh_bits);
		EXPECT_EQ(sizes[i] >= 8 ? sizeof(struct big_msg) : 0xffffffffU,
			  buf.head.msgh_size) {
			TH_LOG("buffer of %u bytes", sizes[i]);
		}
		EXPECT_EQ(0xffffffffU, buf.head.msgh_remote_port);
		EXPECT_EQ(sizes[i] >= 16 ? port : 0xffffffffU,
			  buf.head.msgh_local_port) {
			TH_LOG("buffer of %u bytes", sizes[i]);
		}
		EXPECT_EQ(1U, mt_msgcount(port));
	}
	ASSERT_EQ(KERN_SUCCESS, mt_kill(port));
	mt_expect_send_once_notification(_metadata, reply);
}

/*
 * A send-once right passes the queue limit only while the queue is below
 * MACH_PORT_QLIMIT_KERNEL (XNU's ipc_mqueue_send_locked()); at the kernel
 * limit the send fails at once with MACH_SEND_NO_BUFFER (the message comes
 * back to the sender), or MACH_SEND_TIMED_OUT with a zero timeout.
 */
TEST_F_TIMEOUT(msg, send_once_kernel_qlimit, 240)
{
	struct mt_msg m;
	mach_port_t port, back;
	mach_msg_return_t mr;
	unsigned int i;

	PORT(port);
	ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(port, 1));
	for (i = 0; i < MACH_PORT_QLIMIT_KERNEL; i++) {
		mr = mt_send(port, MACH_MSG_TYPE_MAKE_SEND_ONCE, MACH_PORT_NULL,
			     0, 1, i, MACH_SEND_TIMEOUT, 0);
		if (mr != MACH_MSG_SUCCESS)
			break;
	}
	ASSERT_EQ(MACH_PORT_QLIMIT_KERNEL, i) {
		TH_LOG("send %u: %#x", i, mr);
	}
	ASSERT_EQ(MACH_PORT_QLIMIT_KERNEL, mt_msgcount(port));
	EXPECT_EQ(MACH_SEND_TIMED_OUT,
		  mt_send(port, MACH_MSG_TYPE_MAKE_SEND_ONCE, MACH_PORT_NULL, 0,
			  2, 0, MACH_SEND_TIMEOUT, 0));
	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0),
		  sizeof(m), port, MACH_PORT_NULL, 3);
	EXPECT_EQ(MACH_SEND_NO_BUFFER,
		  mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL,
			   0, MACH_PORT_NULL));
	/* Pseudo-received: the send-once right is back in the space. */
	back = m.head.msgh_remote_port;
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(back));
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND_ONCE,
		  MACH_MSGH_BITS_REMOTE(m.head.msgh_bits));
	EXPECT_EQ(MACH_PORT_QLIMIT_KERNEL, mt_msgcount(port));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, back));
	EXPECT_EQ(KERN_SUCCESS, mt_kill(port));
}

/* An OOL descriptor message with @count descriptors of @size bytes at @addr. */
static mach_msg_return_t send_ools(mach_port_t dest, unsigned int count,
				   void *addr, mach_msg_size_t size)
{
	struct {
		mach_msg_header_t head;
		mach_msg_body_t body;
		mach_msg_ool_descriptor_t ool[];
	} *m;
	size_t len = sizeof(*m) + (size_t)count * sizeof(m->ool[0]);
	mach_msg_return_t mr;
	unsigned int i;

	m = calloc(1, len);
	if (!m)
		return MT_BAD;
	mt_header(&m->head, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, (mach_msg_size_t)len, dest,
		  MACH_PORT_NULL, 95);
	m->body.msgh_descriptor_count = count;
	for (i = 0; i < count; i++) {
		m->ool[i].address = addr;
		m->ool[i].size = size;
		m->ool[i].copy = MACH_MSG_VIRTUAL_COPY;
		m->ool[i].type = MACH_MSG_OOL_DESCRIPTOR;
	}
	mr = mach_msg(&m->head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
		      (mach_msg_size_t)len, 0, MACH_PORT_NULL, 0,
		      MACH_PORT_NULL);
	free(m);
	return mr;
}

/*
 * What one message may carry out of line is bounded:
 * XNU_MACH_MSG_DESC_MAX descriptors and XNU_MACH_MSG_OOL_TOTAL_MAX
 * bytes in all, refused (MACH_SEND_TOO_LARGE) before anything is copied.
 */
TEST_F(msg, ool_message_limits)
{
	mach_port_t port;

	PORT(port);
	/* Empty descriptors: nothing to copy, only the count is too high. */
	EXPECT_EQ(MACH_SEND_TOO_LARGE,
		  send_ools(port, XNU_MACH_MSG_DESC_MAX + 1, NULL, 0));
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  send_ools(port, 16, NULL, 0));
	EXPECT_EQ(1U, mt_msgcount(port));
	/*
	 * Five regions of 256 MiB: more than 1 GiB in all. They point at
	 * nothing, so the totals must be checked before any copy.
	 */
	EXPECT_EQ(MACH_SEND_TOO_LARGE,
		  send_ools(port, 5, (void *)(uintptr_t)0x1000,
			    XNU_MACH_OOL_SIZE_MAX));
	/* Four of them are within the limits: the bad address shows. */
	EXPECT_EQ(MACH_SEND_INVALID_MEMORY,
		  send_ools(port, 4, (void *)(uintptr_t)0x1000,
			    XNU_MACH_OOL_SIZE_MAX));
	EXPECT_EQ(1U, mt_msgcount(port));
}

/* ---- out-of-line memory and two processes (root) ----------------------------- */

MT_FIXTURE(msg_root)

struct ool_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t ool;
	uint32_t tag;
};

static uint32_t pattern(size_t i, size_t size)
{
	return (uint32_t)(i * 2654435761U) ^ (uint32_t)size;
}

/* True when no byte of [addr, addr + size) is mapped. */
static bool unmapped(void *addr, size_t size)
{
	size_t pages = (size + 4095) / 4096;
	unsigned char *vec = malloc(pages);
	bool ret;

	if (!vec)
		return false;
	ret = mincore(addr, size, vec) == -1 && errno == ENOMEM;
	free(vec);
	return ret;
}

/* Send @size bytes at @src out of line (moved with @dealloc) and check them. */
static void ool_round(struct __test_metadata *_metadata, mach_port_t task,
		      mach_port_t port, size_t size, bool dealloc)
{
	struct { struct ool_msg m; mach_msg_max_trailer_t t; } r;
	struct ool_msg m;
	uint32_t *src, *got;
	size_t i, words = size / 4;

	src = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, src);
	for (i = 0; i < words; i++)
		src[i] = pattern(i, size);

	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), port, MACH_PORT_NULL, 90);
	m.body.msgh_descriptor_count = 1;
	m.ool.address = src;
	m.ool.size = (mach_msg_size_t)size;
	m.ool.deallocate = dealloc;
	m.ool.copy = MACH_MSG_VIRTUAL_COPY;
	m.ool.type = MACH_MSG_OOL_DESCRIPTOR;
	m.tag = 0x0011;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
			   MACH_PORT_NULL, 0, MACH_PORT_NULL)) {
		TH_LOG("%zu bytes, deallocate %d", size, dealloc);
	}
	if (dealloc) {
		/* Moved: the sender's range is gone. */
		EXPECT_TRUE(unmapped(src, size));
	} else {
		/* Copied at send: later writes do not travel. */
		src[0] = ~src[0];
		src[words - 1] = ~src[words - 1];
	}

	memset(&r, 0, sizeof(r));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&r.m.head, MACH_RCV_MSG, 0, sizeof(r), port, 0,
			   MACH_PORT_NULL));
	EXPECT_EQ(sizeof(struct ool_msg), r.m.head.msgh_size);
	EXPECT_NE(0U, r.m.head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	EXPECT_EQ(1U, r.m.body.msgh_descriptor_count);
	EXPECT_EQ(MACH_MSG_OOL_DESCRIPTOR, MT_BF(r.m.ool.type));
	EXPECT_EQ(size, r.m.ool.size);
	EXPECT_EQ(0x0011U, r.m.tag);
	got = r.m.ool.address;
	ASSERT_NE(NULL, got);
	for (i = 0; i < words; i++)
		if (got[i] != pattern(i, size))
			break;
	EXPECT_EQ(words, i) {
		TH_LOG("%zu bytes, deallocate %d: word %zu differs", size,
		       dealloc, i);
	}
	/* The receiver owns the region: it writes and frees it. */
	for (i = 0; i < words; i += 1024)
		got[i] = 0;
	got[words - 1] = 0;
	EXPECT_EQ(KERN_SUCCESS, vm_deallocate(task, (vm_address_t)got, size));
	EXPECT_TRUE(unmapped(got, size));
	if (!dealloc)
		munmap(src, size);
}

TEST_F(msg_root, memory_1mib)
{
	mach_port_t port = mt_port_send();

	ASSERT_NE(MACH_PORT_NULL, port);
	ool_round(_metadata, self->env.task, port, 1 << 20, false);
	ool_round(_metadata, self->env.task, port, 1 << 20, true);
}

TEST_F_TIMEOUT(msg_root, memory_16mib, 120)
{
	mach_port_t port = mt_port_send();

	ASSERT_NE(MACH_PORT_NULL, port);
	ool_round(_metadata, self->env.task, port, 16 << 20, false);
	ool_round(_metadata, self->env.task, port, 16 << 20, true);
}

/* Unaligned regions, empty ones, and memory the sender cannot read. */
TEST_F(msg_root, memory_edges)
{
	struct { struct ool_msg m; mach_msg_max_trailer_t t; } r;
	mach_port_t port = mt_port_send();
	struct ool_msg m;
	uint8_t *src, *got;
	void *none;
	size_t i;

	ASSERT_NE(MACH_PORT_NULL, port);
	src = malloc(3 * 4096);
	ASSERT_NE(NULL, src);
	for (i = 0; i < 3 * 4096; i++)
		src[i] = (uint8_t)(i * 7);

	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), port, MACH_PORT_NULL, 91);
	m.body.msgh_descriptor_count = 1;
	m.ool.address = src + 100;
	m.ool.size = 5000;
	m.ool.copy = MACH_MSG_VIRTUAL_COPY;
	m.ool.type = MACH_MSG_OOL_DESCRIPTOR;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
			   MACH_PORT_NULL, 0, MACH_PORT_NULL));
	memset(&r, 0, sizeof(r));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv(port, &r, sizeof(r), 0, 0));
	EXPECT_EQ(5000U, r.m.ool.size);
	got = r.m.ool.address;
	ASSERT_NE(NULL, got);
	EXPECT_EQ(0, memcmp(got, src + 100, 5000));
	EXPECT_EQ(KERN_SUCCESS,
		  vm_deallocate(self->env.task, (vm_address_t)got, 5000));
	free(src);

	/* Zero bytes: no region at all. */
	m.ool.address = NULL;
	m.ool.size = 0;
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), port, MACH_PORT_NULL, 92);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
			   MACH_PORT_NULL, 0, MACH_PORT_NULL));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv(port, &r, sizeof(r), 0, 0));
	EXPECT_EQ(0U, r.m.ool.size);
	EXPECT_EQ(NULL, r.m.ool.address);

	/* Memory the sender cannot read. */
	none = mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, none);
	m.ool.address = none;
	m.ool.size = 8192;
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), port, MACH_PORT_NULL, 93);
	EXPECT_EQ(MACH_SEND_INVALID_MEMORY,
		  mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
			   MACH_PORT_NULL, 0, MACH_PORT_NULL));
	munmap(none, 8192);
	EXPECT_EQ(0U, mt_msgcount(port));
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));
}

/*
 * Out-of-line bytes in flight are capped per user (ool_max_user_mb): past
 * the cap a send fails with MACH_SEND_NO_BUFFER; receiving (the pages are
 * mapped into the receiver) or destroying a message gives its bytes back.
 */
TEST_F(msg_root, ool_user_limit)
{
	const size_t mib = 1024 * 1024;
	struct { struct ool_msg m; mach_msg_max_trailer_t t; } r;
	mach_port_t port;
	long long saved;
	void *src;

	saved = mt_param("ool_max_user_mb");
	ASSERT_LT(0, saved) {
		TH_LOG("no module parameter ool_max_user_mb");
	}
	PORT_SEND(port);
	ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(port, 16));
	src = mmap(NULL, 3 * mib, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, src);
	memset(src, 0x5a, 3 * mib);
	ASSERT_EQ(0, mt_set_param("ool_max_user_mb", 4));

	EXPECT_EQ(MACH_MSG_SUCCESS, send_ools(port, 1, src, 3 * mib));
	/* 3 + 3 MiB > 4 MiB, also as two regions of one message. */
	EXPECT_EQ(MACH_SEND_NO_BUFFER, send_ools(port, 1, src, 3 * mib));
	EXPECT_EQ(MACH_SEND_NO_BUFFER, send_ools(port, 2, src, mib));
	EXPECT_EQ(MACH_MSG_SUCCESS, send_ools(port, 1, src, mib / 2));
	EXPECT_EQ(2U, mt_msgcount(port));

	/* Received: mapped, no longer in flight. */
	memset(&r, 0, sizeof(r));
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  mach_msg(&r.m.head, MACH_RCV_MSG, 0, sizeof(r), port, 0,
			   MACH_PORT_NULL));
	EXPECT_EQ(3 * mib, r.m.ool.size);
	EXPECT_EQ(MACH_MSG_SUCCESS, send_ools(port, 1, src, 3 * mib));
	/* Destroyed with its port: gone too. */
	EXPECT_EQ(KERN_SUCCESS, mt_kill(port));
	PORT_SEND(port);
	EXPECT_EQ(MACH_MSG_SUCCESS, send_ools(port, 1, src, 3 * mib));

	EXPECT_EQ(0, mt_set_param("ool_max_user_mb", saved));
	if (r.m.ool.address)
		vm_deallocate(TASK, (vm_address_t)r.m.ool.address, 3 * mib);
	munmap(src, 3 * mib);
}

/*
 * The reply right of a received message finds no name in the full space:
 * XNU's mach_msg_receive_results() takes the receive-error path, as for a
 * too-large message: MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE, a bare
 * header naming the destination, the reply right and the body destroyed.
 */
TEST_F(msg_root, header_error_gives_bare_header)
{
	struct mt_full_space *full;
	mach_port_t port, reply, carried;
	mach_port_status_t st;
	union mt_rcv buf;
	mach_msg_return_t mr;

	full = calloc(1, sizeof(*full));
	ASSERT_NE(NULL, full);
	PORT(port);
	PORT(reply);
	PORT(carried);
	ASSERT_EQ(MACH_MSG_SUCCESS, send_big(port, reply, carried));
	ASSERT_EQ(KERN_SUCCESS, mt_status(carried, &st));
	ASSERT_EQ(1, st.mps_srights);

	ASSERT_EQ(0, mt_space_fill(full, 64)) {
		mt_space_unfill(full);
	}
	memset(&buf, 0xff, sizeof(buf));
	mr = mach_msg(&buf.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
		      sizeof(buf), port, 0, MACH_PORT_NULL);
	mt_space_unfill(full);
	free(full);

	EXPECT_EQ(MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE, mr);
	EXPECT_EQ(sizeof(mach_msg_header_t), buf.head.msgh_size);
	EXPECT_EQ(port, buf.head.msgh_local_port);
	EXPECT_EQ(MACH_PORT_NULL, buf.head.msgh_remote_port);
	EXPECT_EQ(900, buf.head.msgh_id);
	EXPECT_EQ(MACH_MSG_TRAILER_FORMAT_0, mt_trailer(&buf)->msgh_trailer_type);
	EXPECT_EQ(0U, mt_msgcount(port));
	/* The carried send right died with the body, the reply right too. */
	ASSERT_EQ(KERN_SUCCESS, mt_status(carried, &st));
	EXPECT_EQ(0, st.mps_srights);
	mt_expect_send_once_notification(_metadata, reply);
}

/*
 * The trailer's ids are the receiver's view: a receiver in a new user and
 * pid namespace sees the sender (root of the initial namespaces, outside
 * its own) as the overflow uid and gid and as pid 0.
 */
struct ns_arg {
	char name[BOOTSTRAP_MAX_NAME_LEN];
};

static int ns_receiver(void *argp)
{
	struct ns_arg *arg = argp;
	struct { mach_msg_header_t head; uint32_t data[4];
		 mach_msg_audit_trailer_t trailer; uint8_t pad[64]; } r;
	mach_port_t parent = MACH_PORT_NULL, mine;

	MT_CHILD_EQ(1, getpid());
	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_look_up(bootstrap_port, arg->name, &parent));
	mine = mt_port();
	MT_CHILD_TRUE(mine != MACH_PORT_NULL);
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_send_port(parent, MACH_MSG_TYPE_COPY_SEND, mine,
				 MACH_MSG_TYPE_MAKE_SEND, 7, 0, 0));
	memset(&r, 0, sizeof(r));
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mach_msg(&r.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT |
			     MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT),
			     0, sizeof(r), mine, MT_WAIT_MS, MACH_PORT_NULL));
	MT_CHILD_EQ(8, r.head.msgh_id);
	/* The sender: root outside our user namespace, pid outside ours. */
	MT_CHILD_EQ(65534, r.trailer.msgh_sender.val[0]);
	MT_CHILD_EQ(65534, r.trailer.msgh_sender.val[1]);
	MT_CHILD_EQ(65534, r.trailer.msgh_audit.val[1]);
	MT_CHILD_EQ(65534, r.trailer.msgh_audit.val[3]);
	MT_CHILD_EQ(0, r.trailer.msgh_audit.val[5]);
	return 0;
}

static int ns_child(void *argp)
{
	pid_t pid;

	/* A Mach task first, so the receiver inherits our bootstrap port. */
	MT_CHILD_TRUE(MACH_PORT_VALID(mach_task_self()));
	if (unshare(CLONE_NEWUSER | CLONE_NEWPID))
		return 200;	/* namespaces not available: skipped */
	pid = mt_fork(ns_receiver, argp);
	MT_CHILD_TRUE(pid > 0);
	return mt_wait_ok(pid);
}

TEST_F(msg_root, trailer_ids_in_namespaces)
{
	mach_port_t rdv = MACH_PORT_NULL, peer;
	struct ns_arg arg;
	union mt_rcv buf;
	pid_t pid;
	int ret;

	mt_service_name(arg.name, sizeof(arg.name), "msg.ns");
	ASSERT_EQ(KERN_SUCCESS,
		  bootstrap_check_in(bootstrap_port, arg.name, &rdv));
	pid = mt_fork(ns_child, &arg);
	ASSERT_LT(0, pid);
	if (mt_recv_wait(rdv, &buf) != MACH_MSG_SUCCESS) {
		ret = mt_wait_ok(pid);
		if (ret == 200)
			SKIP(return, "no user or pid namespaces");
		ASSERT_EQ(0, ret);
		ASSERT_TRUE(false) {
			TH_LOG("the receiver never showed up");
		}
	}
	EXPECT_EQ(7, buf.head.msgh_id);
	peer = mt_rcv_port(&buf)->name;
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  mt_send(peer, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 8,
			  8, MACH_SEND_TIMEOUT, MT_WAIT_MS));
	EXPECT_EQ(0, mt_wait_ok(pid));
	mach_port_deallocate(TASK, peer);
}

/* ---- an RPC between two processes (root) ------------------------------------ */

struct rpc_arg {
	char name[BOOTSTRAP_MAX_NAME_LEN];
	int ready[2];
};

#define RPC_QUIT	999

/* The server: checks in, answers through each request's send-once right. */
static int rpc_server(void *argp)
{
	struct rpc_arg *arg = argp;
	mach_port_t svc = MACH_PORT_NULL;
	union mt_rcv buf;
	struct mt_msg reply;
	mach_msg_id_t id;
	char c = 1;

	close(arg->ready[0]);
	MT_CHILD_EQ(KERN_SUCCESS,
		    bootstrap_check_in(bootstrap_port, arg->name, &svc));
	MT_CHILD_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(svc));
	MT_CHILD_EQ(1, write(arg->ready[1], &c, 1));
	do {
		MT_CHILD_EQ(MACH_MSG_SUCCESS, mt_recv_wait(svc, &buf));
		MT_CHILD_EQ(MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
					   MACH_MSG_TYPE_PORT_SEND),
			    buf.head.msgh_bits);
		MT_CHILD_EQ(svc, buf.head.msgh_local_port);
		MT_CHILD_EQ(MACH_PORT_TYPE_SEND_ONCE,
			    mt_type(buf.head.msgh_remote_port));
		id = buf.head.msgh_id;
		memset(&reply, 0, sizeof(reply));
		mt_header(&reply.head,
			  MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
			  sizeof(reply), buf.head.msgh_remote_port,
			  MACH_PORT_NULL, id + 100);
		reply.data[0] = buf.msg.data[0] * 2 + 1;
		reply.data[1] = (uint32_t)getpid();
		MT_CHILD_EQ(MACH_MSG_SUCCESS,
			    mach_msg(&reply.head, MACH_SEND_MSG, sizeof(reply),
				     0, MACH_PORT_NULL, 0, MACH_PORT_NULL));
	} while (id != RPC_QUIT);
	return 0;
}

TEST_F(msg_root, two_process_rpc)
{
	struct { mach_msg_header_t head; uint32_t data[4];
		 mach_msg_audit_trailer_t trailer; uint8_t pad[64]; } r;
	struct rpc_arg arg;
	mach_port_t srv = MACH_PORT_NULL, reply;
	struct mt_msg m;
	pid_t pid;
	uint32_t i;
	char c;

	mt_service_name(arg.name, sizeof(arg.name), "msg.rpc");
	ASSERT_EQ(0, pipe(arg.ready));
	pid = mt_fork(rpc_server, &arg);
	ASSERT_LT(0, pid);
	close(arg.ready[1]);
	ASSERT_EQ(1, read(arg.ready[0], &c, 1)) {
		TH_LOG("server did not check in: exit %d", mt_wait_ok(pid));
	}
	close(arg.ready[0]);
	ASSERT_EQ(KERN_SUCCESS,
		  bootstrap_look_up(bootstrap_port, arg.name, &srv));
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(srv));
	reply = mach_reply_port();
	ASSERT_TRUE(MACH_PORT_VALID(reply));

	for (i = 0; i <= 100; i++) {
		memset(&m, 0, sizeof(m));
		mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						  MACH_MSG_TYPE_MAKE_SEND_ONCE),
			  sizeof(m), srv, reply, i == 100 ? RPC_QUIT : 500 + i);
		m.data[0] = i;
		memset(&r, 0, sizeof(r));
		memcpy(&r, &m, sizeof(m));
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mach_msg(&r.head, MACH_SEND_MSG | MACH_RCV_MSG |
				   MACH_RCV_TIMEOUT |
				   MACH_RCV_TRAILER_ELEMENTS(
					   MACH_RCV_TRAILER_AUDIT),
				   sizeof(m), sizeof(r), reply, MT_WAIT_MS,
				   MACH_PORT_NULL)) {
			TH_LOG("call %u", i);
		}
		EXPECT_EQ((i == 100 ? RPC_QUIT : 500 + (int)i) + 100,
			  r.head.msgh_id);
		EXPECT_EQ(MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE),
			  r.head.msgh_bits);
		EXPECT_EQ(reply, r.head.msgh_local_port);
		EXPECT_EQ(MACH_PORT_NULL, r.head.msgh_remote_port);
		EXPECT_EQ(2 * i + 1, r.data[0]);
		EXPECT_EQ((uint32_t)pid, r.data[1]);
		/* The audit token names the server process. */
		EXPECT_EQ((uint32_t)pid, r.trailer.msgh_audit.val[5]);
		if (!_metadata->passed)
			break;
	}
	EXPECT_EQ(0, mt_wait_ok(pid));
	/* The server's port died with it. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mt_send(srv, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 1, 0,
			  MACH_SEND_TIMEOUT, 0));
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(srv));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * mach_port_test - the port and name API of <mach/mach.h> with XNU's exact
 * results: mach_port_allocate() of each right, names ending in binary 11
 * and a reused index coming back with its generation + 4 (peer test 7),
 * mach_port_allocate_name(), mach_port_insert_right() (XNU's
 * mach_port_insert_right and ipc/port_api tests), mach_port_mod_refs() on
 * receive and port-set names (XNU's mach_port_mod_refs test), the user
 * reference cap (0xFFFF, pegged: peer test 8), mach_port_get_refs() and
 * mach_port_type() on MACH_PORT_NULL/DEAD, mach_port_deallocate() of a port
 * set with members (XNU's mach_port_deallocate_21692215),
 * mach_port_move_member(), mach_port_destroy(), mach_port_extract_right(),
 * the queue limit and receive status attributes, port contexts,
 * mach_port_names(), stale and forged names, 100,000 names in one space,
 * the isolation of spaces across fork, and the trap ABI under the library
 * (flags, out fields, task names, EFAULT, EBADFD in a forked child).
 *
 * The port API tests run as root and as nobody: a task's own space needs
 * no privilege.
 */
#include "xnu_mach_selftest.h"

MT_FIXTURE_ROOT_NOBODY(port)

/* The status of a receive right, or the test ends. */
#define STATUS(name, st) \
	ASSERT_EQ(KERN_SUCCESS, mt_status((name), (st)))


/* Each right mach_port_allocate() makes, and the ones it refuses. */
TEST_F(port, allocate_rights)
{
	static const struct {
		mach_port_right_t right;
		mach_port_type_t type;
	} ok[] = {
		{ MACH_PORT_RIGHT_RECEIVE, MACH_PORT_TYPE_RECEIVE },
		{ MACH_PORT_RIGHT_PORT_SET, MACH_PORT_TYPE_PORT_SET },
		{ MACH_PORT_RIGHT_DEAD_NAME, MACH_PORT_TYPE_DEAD_NAME },
	};
	static const mach_port_right_t bad[] = {
		MACH_PORT_RIGHT_SEND, MACH_PORT_RIGHT_SEND_ONCE,
		MACH_PORT_RIGHT_LABELH, MACH_PORT_RIGHT_NUMBER, 7, 0xffffffffU,
	};
	mach_port_status_t st;
	mach_port_name_t name;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		name = MACH_PORT_NULL;
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_allocate(TASK, ok[i].right, &name));
		EXPECT_TRUE(MACH_PORT_VALID(name));
		EXPECT_EQ(3U, name & 3);
		EXPECT_EQ(ok[i].type, mt_type(name));
		EXPECT_EQ(1U, mt_refs(name, ok[i].right));
		EXPECT_EQ(0U, mt_refs(name, MACH_PORT_RIGHT_SEND));
	}

	/* A new port: no senders, no messages, qlimit 5, in no set. */
	name = mt_port();
	ASSERT_NE(MACH_PORT_NULL, name);
	STATUS(name, &st);
	EXPECT_EQ(0U, st.mps_pset);
	EXPECT_EQ(0U, st.mps_seqno);
	EXPECT_EQ(0U, st.mps_mscount);
	EXPECT_EQ(MACH_PORT_QLIMIT_DEFAULT, st.mps_qlimit);
	EXPECT_EQ(0U, st.mps_msgcount);
	EXPECT_EQ(0U, st.mps_sorights);
	EXPECT_EQ(0, st.mps_srights);
	EXPECT_EQ(0, st.mps_pdrequest);
	EXPECT_EQ(0, st.mps_nsrequest);
	EXPECT_EQ(0U, st.mps_flags);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		name = 0x1234;
		EXPECT_EQ(KERN_INVALID_VALUE,
			  mach_port_allocate(TASK, bad[i], &name)) {
			TH_LOG("right %u", bad[i]);
		}
	}
}

/*
 * Peer test 7: fresh indexes get generation 0x03; a freed index is reused
 * with its generation + 4, wrapping from 0xff to 0x03, and the old name
 * stops working.
 */
TEST_F(port, name_generations)
{
	mach_port_name_t names[8], name, old;
	unsigned int i, j, gen;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		names[i] = mt_port();
		ASSERT_NE(MACH_PORT_NULL, names[i]);
		EXPECT_EQ(0x03U, names[i] & 0xff) {
			TH_LOG("name %#x", names[i]);
		}
		EXPECT_NE(0U, MACH_PORT_INDEX(names[i]));
		for (j = 0; j < i; j++)
			EXPECT_NE(MACH_PORT_INDEX(names[j]),
				  MACH_PORT_INDEX(names[i]));
	}

	old = names[ARRAY_SIZE(names) - 1];
	gen = old & 0xff;
	/* 64 reuses walk the generation through 0xff back to 0x03. */
	for (i = 0; i < 66; i++) {
		ASSERT_EQ(KERN_SUCCESS, mt_kill(old));
		name = mt_port();
		ASSERT_NE(MACH_PORT_NULL, name);
		gen = (gen + 4) & 0xff;
		ASSERT_EQ(MACH_PORT_INDEX(old), MACH_PORT_INDEX(name)) {
			TH_LOG("round %u: %#x after %#x", i, name, old);
		}
		ASSERT_EQ(gen, name & 0xff) {
			TH_LOG("round %u: %#x after %#x", i, name, old);
		}
		EXPECT_EQ(MT_BAD, mt_type(old));
		EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(name));
		old = name;
	}
	EXPECT_EQ(0x0bU, old & 0xff);
}

/* mach_port_allocate_name(): the name rules of ipc_entry_alloc_name. */
TEST_F(port, allocate_name)
{
	mach_port_name_t name, other;

	/* 123 = 0x7b: generation bits fine, index 0 reserved. */
	EXPECT_EQ(KERN_FAILURE,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_RECEIVE, 123));
	/* 122 = 0x7a: not 0b11 at the bottom. */
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_RECEIVE, 122));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_RECEIVE,
					  MACH_PORT_NULL));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_RECEIVE,
					  MACH_PORT_DEAD));
	/* An index past the space's limit. */
	EXPECT_EQ(KERN_NO_SPACE,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_RECEIVE,
					  0xffffff03U));

	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_RECEIVE,
					  0x432117));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(0x432117));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_PORT_SET,
					  0x432217));
	EXPECT_EQ(MACH_PORT_TYPE_PORT_SET, mt_type(0x432217));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_DEAD_NAME,
					  0x432317));
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(0x432317));
	EXPECT_EQ(1U, mt_refs(0x432317, MACH_PORT_RIGHT_DEAD_NAME));

	/*
	 * In use: KERN_NAME_EXISTS; its index in use under another
	 * generation: KERN_FAILURE (ipc_entry_alloc_name's case 4).
	 */
	EXPECT_EQ(KERN_NAME_EXISTS,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_RECEIVE,
					  0x432117));
	EXPECT_EQ(KERN_NAME_EXISTS,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_DEAD_NAME,
					  0x432117));
	EXPECT_EQ(KERN_FAILURE,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_PORT_SET,
					  0x43211b));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(0x432117));
	EXPECT_EQ(MT_BAD, mt_type(0x43211b));

	/* A right that cannot be allocated, at a free name. */
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_SEND,
					  0x432417));
	EXPECT_EQ(MT_BAD, mt_type(0x432417));

	/* Kernel-chosen names never land on the chosen ones. */
	name = mt_port();
	ASSERT_NE(MACH_PORT_NULL, name);
	EXPECT_NE(0x4321U, MACH_PORT_INDEX(name));
	EXPECT_NE(0x4322U, MACH_PORT_INDEX(name));
	EXPECT_NE(0x4323U, MACH_PORT_INDEX(name));

	/* A freed index may be claimed again under another generation. */
	ASSERT_EQ(KERN_SUCCESS, mt_kill(name));
	other = (name & ~0xffU) | (((name & 0xff) + 0x10) & 0xfc) | 3;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_allocate_name(TASK, MACH_PORT_RIGHT_RECEIVE,
					  other));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(other));
	EXPECT_EQ(MT_BAD, mt_type(name));
	name = mt_port();
	EXPECT_NE(other, name);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(other));
}

/* XNU's tests/mach_port_insert_right.c, and the other outcomes. */
TEST_F(port, insert_right)
{
	mach_port_t port, port2, pset;
	mach_port_status_t st;

	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(port));

	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(TASK, port, port,
					 MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(port));
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));

	EXPECT_EQ(KERN_FAILURE,
		  mach_port_insert_right(TASK, 123, port,
					 MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_insert_right(TASK, 122, port,
					 MACH_MSG_TYPE_MAKE_SEND));

	port2 = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port2);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(port2));
	/* port2's rights already have a name: port2. */
	EXPECT_EQ(KERN_RIGHT_EXISTS,
		  mach_port_insert_right(TASK, port, port2,
					 MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_EQ(KERN_RIGHT_EXISTS,
		  mach_port_insert_right(TASK, 0x5a5a0b, port2,
					 MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_EQ(MT_BAD, mt_type(0x5a5a0b));

	/* The failed calls left no right behind. */
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(port2));
	STATUS(port2, &st);
	EXPECT_EQ(0, st.mps_srights);
	EXPECT_EQ(0U, st.mps_sorights);

	/* COPY_SEND under its own name: one more reference. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(TASK, port, port,
					 MACH_MSG_TYPE_COPY_SEND));
	EXPECT_EQ(2U, mt_refs(port, MACH_PORT_RIGHT_SEND));

	/* Send-once rights never share a name: a chosen one works. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(TASK, 0x5a5a03, port2,
					 MACH_MSG_TYPE_MAKE_SEND_ONCE));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(0x5a5a03));
	STATUS(port2, &st);
	EXPECT_EQ(1U, st.mps_sorights);

	/*
	 * A name in use: KERN_NAME_EXISTS, and the send-once right made for
	 * the call is destroyed (a send-once notification to port2).
	 */
	EXPECT_EQ(KERN_NAME_EXISTS,
		  mach_port_insert_right(TASK, port, port2,
					 MACH_MSG_TYPE_MAKE_SEND_ONCE));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(port));
	mt_expect_send_once_notification(_metadata, port2);
	STATUS(port2, &st);
	EXPECT_EQ(1U, st.mps_sorights);

	/* The receive right itself moves to a chosen name. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(TASK, 0x5b5b03, port2,
					 MACH_MSG_TYPE_MOVE_RECEIVE));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(0x5b5b03));
	EXPECT_EQ(MT_BAD, mt_type(port2));
	STATUS(0x5b5b03, &st);
	EXPECT_EQ(1U, st.mps_sorights);

	/* Rights the caller does not have. */
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_insert_right(TASK, 0x5c5c03, 0x7e7e03,
					 MACH_MSG_TYPE_MAKE_SEND));
	pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, pset);
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_insert_right(TASK, 0x5c5c03, pset,
					 MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_insert_right(TASK, 0x5c5c03, 0x5b5b03,
					 MACH_MSG_TYPE_COPY_SEND));
	EXPECT_EQ(MT_BAD, mt_type(0x5c5c03));
}

/* XNU's tests/ipc/port_api.c: a send right to a port set is refused. */
TEST_F(port, insert_right_port_set)
{
	mach_port_t pset = mt_pset();

	ASSERT_NE(MACH_PORT_NULL, pset);
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_insert_right(TASK, pset, pset,
					 MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_insert_right(TASK, pset, pset,
					 MACH_MSG_TYPE_COPY_SEND));
	EXPECT_EQ(MACH_PORT_TYPE_PORT_SET, mt_type(pset));
}

/* XNU's tests/mach_port_mod_refs.c, and the deltas each right accepts. */
TEST_F(port, mod_refs_tables)
{
	static const mach_port_right_t wrong_on_receive[] = {
		MACH_PORT_RIGHT_SEND, MACH_PORT_RIGHT_SEND_ONCE,
		MACH_PORT_RIGHT_PORT_SET, MACH_PORT_RIGHT_DEAD_NAME,
		MACH_PORT_RIGHT_LABELH,
	};
	static const mach_port_right_t wrong_on_pset[] = {
		MACH_PORT_RIGHT_SEND, MACH_PORT_RIGHT_SEND_ONCE,
		MACH_PORT_RIGHT_RECEIVE, MACH_PORT_RIGHT_DEAD_NAME,
		MACH_PORT_RIGHT_LABELH,
	};
	mach_port_t port, pset;
	unsigned int i;

	pset = mt_pset();
	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, pset);
	ASSERT_NE(MACH_PORT_NULL, port);

	for (i = 0; i < ARRAY_SIZE(wrong_on_receive); i++)
		EXPECT_EQ(KERN_INVALID_RIGHT,
			  mach_port_mod_refs(TASK, port, wrong_on_receive[i],
					     -1)) {
			TH_LOG("right %u on a receive right",
			       wrong_on_receive[i]);
		}
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_NUMBER, -1));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_NUMBER + 1,
				     -1));

	for (i = 0; i < ARRAY_SIZE(wrong_on_pset); i++)
		EXPECT_EQ(KERN_INVALID_RIGHT,
			  mach_port_mod_refs(TASK, pset, wrong_on_pset[i],
					     -1)) {
			TH_LOG("right %u on a port set", wrong_on_pset[i]);
		}
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, pset, MACH_PORT_RIGHT_NUMBER, -1));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, pset, MACH_PORT_RIGHT_NUMBER + 1,
				     -1));

	/* Receive and port-set rights take a delta of 0 or -1 only. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_RECEIVE, 0));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_RECEIVE, 1));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_RECEIVE, -2));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, pset, MACH_PORT_RIGHT_PORT_SET, 0));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, pset, MACH_PORT_RIGHT_PORT_SET, 1));
	/* No send right to add to: not a way to make one. */
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND, 1));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(port));
	EXPECT_EQ(MACH_PORT_TYPE_PORT_SET, mt_type(pset));

	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, pset, MACH_PORT_RIGHT_PORT_SET, -1));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_RECEIVE, -1));
	EXPECT_EQ(MT_BAD, mt_type(port));
	EXPECT_EQ(MT_BAD, mt_type(pset));
}

/* Send-once rights take a delta of 0 or -1 only; -1 destroys them. */
TEST_F(port, mod_refs_send_once)
{
	mach_port_t port, so;

	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port);
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	EXPECT_NE(port, so);
	EXPECT_EQ(1U, mt_refs(so, MACH_PORT_RIGHT_SEND_ONCE));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, so, MACH_PORT_RIGHT_SEND_ONCE, 0));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, so, MACH_PORT_RIGHT_SEND_ONCE, 1));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, so, MACH_PORT_RIGHT_SEND_ONCE, -2));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_mod_refs(TASK, so, MACH_PORT_RIGHT_SEND, -1));
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(so));
	EXPECT_EQ(0U, mt_msgcount(port));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, so, MACH_PORT_RIGHT_SEND_ONCE, -1));
	EXPECT_EQ(MT_BAD, mt_type(so));
	mt_expect_send_once_notification(_metadata, port);
}

/* Peer test 8: user references peg at 0xFFFF (macOS >= 10.12). */
TEST_F(port, urefs_cap)
{
	mach_port_t port, dead;
	mach_port_status_t st;

	port = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, port);
	ASSERT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));

	/* Ordinary counting, and underflow refused. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND, 10));
	EXPECT_EQ(11U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND, -12));
	EXPECT_EQ(11U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND, -10));
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));

	/* |delta| above the maximum is not a delta. */
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND,
				     0x10000));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND,
				     -0x10000));

	/* 1 + 0xFFFF overflows: pegged at 0xFFFF, not an error. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND,
				     0xFFFF));
	EXPECT_EQ(MACH_PORT_UREFS_MAX, mt_refs(port, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND, 1));
	EXPECT_EQ(MACH_PORT_UREFS_MAX, mt_refs(port, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(TASK, port, port,
					 MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_EQ(MACH_PORT_UREFS_MAX, mt_refs(port, MACH_PORT_RIGHT_SEND));
	/* A pegged count ignores decrements... */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND, -1));
	EXPECT_EQ(MACH_PORT_UREFS_MAX, mt_refs(port, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, port));
	EXPECT_EQ(MACH_PORT_UREFS_MAX, mt_refs(port, MACH_PORT_RIGHT_SEND));
	/* ...but for -0xFFFF, which removes the right. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND,
				     -0xFFFF));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(port));
	STATUS(port, &st);
	EXPECT_EQ(0, st.mps_srights);

	/* Dead names count references the same way. */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_allocate(TASK, MACH_PORT_RIGHT_DEAD_NAME, &dead));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, dead, MACH_PORT_RIGHT_DEAD_NAME,
				     0xFFFF));
	EXPECT_EQ(MACH_PORT_UREFS_MAX,
		  mt_refs(dead, MACH_PORT_RIGHT_DEAD_NAME));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, dead));
	EXPECT_EQ(MACH_PORT_UREFS_MAX,
		  mt_refs(dead, MACH_PORT_RIGHT_DEAD_NAME));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, dead, MACH_PORT_RIGHT_DEAD_NAME,
				     -0xFFFF));
	EXPECT_EQ(MT_BAD, mt_type(dead));
}

/* MACH_PORT_NULL and MACH_PORT_DEAD in the calls that accept them. */
TEST_F(port, null_and_dead_names)
{
	mach_port_urefs_t refs;
	mach_port_type_t type;
	mach_port_t port;

	refs = 0;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_refs(TASK, MACH_PORT_NULL,
				     MACH_PORT_RIGHT_SEND, &refs));
	EXPECT_EQ(1U, refs);
	refs = 0;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_refs(TASK, MACH_PORT_DEAD,
				     MACH_PORT_RIGHT_SEND_ONCE, &refs));
	EXPECT_EQ(1U, refs);
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_get_refs(TASK, MACH_PORT_NULL,
				     MACH_PORT_RIGHT_RECEIVE, &refs));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_get_refs(TASK, MACH_PORT_DEAD,
				     MACH_PORT_RIGHT_DEAD_NAME, &refs));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_get_refs(TASK, MACH_PORT_NULL,
				     MACH_PORT_RIGHT_NUMBER, &refs));

	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_type(TASK, MACH_PORT_NULL, &type));
	type = 0;
	EXPECT_EQ(KERN_SUCCESS, mach_port_type(TASK, MACH_PORT_DEAD, &type));
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, type);

	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, MACH_PORT_NULL,
				     MACH_PORT_RIGHT_SEND, -1));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, MACH_PORT_DEAD,
				     MACH_PORT_RIGHT_SEND_ONCE, -1));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_mod_refs(TASK, MACH_PORT_DEAD,
				     MACH_PORT_RIGHT_RECEIVE, -1));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, MACH_PORT_NULL));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, MACH_PORT_DEAD));
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, MACH_PORT_NULL));
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, MACH_PORT_DEAD));

	/* A name holding other rights has 0 of the one asked for. */
	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port);
	EXPECT_EQ(0U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(0U, mt_refs(port, MACH_PORT_RIGHT_SEND_ONCE));
	EXPECT_EQ(0U, mt_refs(port, MACH_PORT_RIGHT_DEAD_NAME));
	EXPECT_EQ(0U, mt_refs(port, MACH_PORT_RIGHT_PORT_SET));
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_RECEIVE));
	/* mach_port_deallocate() does not release receive rights. */
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_deallocate(TASK, port));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(port));
}

/* Destroying a receive right that shares its name with send rights. */
TEST_F(port, receive_destroyed_under_send)
{
	mach_port_t port = mt_port_send();

	ASSERT_NE(MACH_PORT_NULL, port);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND, 2));
	/* The port dies; the send rights' name stays, as a dead name. */
	EXPECT_EQ(KERN_SUCCESS, mt_kill(port));
	EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(port));
	EXPECT_EQ(3U, mt_refs(port, MACH_PORT_RIGHT_DEAD_NAME));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_DEAD_NAME,
				     -3));
	EXPECT_EQ(MT_BAD, mt_type(port));
}

/* XNU's tests/mach_port_deallocate_21692215.c, and a set with live members. */
TEST_F(port, deallocate_port_set)
{
	mach_port_t pset, ports[4];
	mach_port_status_t st;
	unsigned int i;

	pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, pset);
	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		ports[i] = mt_port();
		ASSERT_NE(MACH_PORT_NULL, ports[i]);
		EXPECT_EQ(KERN_SUCCESS,
			  mach_port_move_member(TASK, ports[i], pset));
	}
	for (i = 0; i < ARRAY_SIZE(ports); i++)
		EXPECT_EQ(KERN_SUCCESS, mt_kill(ports[i]));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, pset));
	EXPECT_EQ(MT_BAD, mt_type(pset));

	/* Destroying a set leaves its members alive, in no set. */
	pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, pset);
	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		ports[i] = mt_port();
		ASSERT_NE(MACH_PORT_NULL, ports[i]);
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_move_member(TASK, ports[i], pset));
		STATUS(ports[i], &st);
		EXPECT_EQ(1U, st.mps_pset);
	}
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, pset));
	EXPECT_EQ(MT_BAD, mt_type(pset));
	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(ports[i]));
		STATUS(ports[i], &st);
		EXPECT_EQ(0U, st.mps_pset);
		EXPECT_EQ(KERN_NOT_IN_SET,
			  mach_port_move_member(TASK, ports[i],
						MACH_PORT_NULL));
	}
}

/* mach_port_move_member(): in, across, out, and every refusal. */
TEST_F(port, move_member)
{
	mach_port_t port, port2, set1, set2, dead;
	mach_port_status_t st;

	port = mt_port();
	port2 = mt_port();
	set1 = mt_pset();
	set2 = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, port);
	ASSERT_NE(MACH_PORT_NULL, port2);
	ASSERT_NE(MACH_PORT_NULL, set1);
	ASSERT_NE(MACH_PORT_NULL, set2);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_allocate(TASK, MACH_PORT_RIGHT_DEAD_NAME, &dead));

	EXPECT_EQ(KERN_NOT_IN_SET,
		  mach_port_move_member(TASK, port, MACH_PORT_NULL));
	EXPECT_EQ(KERN_SUCCESS, mach_port_move_member(TASK, port, set1));
	STATUS(port, &st);
	EXPECT_EQ(1U, st.mps_pset);
	EXPECT_EQ(KERN_SUCCESS, mach_port_move_member(TASK, port, set2));
	STATUS(port, &st);
	EXPECT_EQ(1U, st.mps_pset);
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_move_member(TASK, port, MACH_PORT_NULL));
	STATUS(port, &st);
	EXPECT_EQ(0U, st.mps_pset);
	EXPECT_EQ(KERN_NOT_IN_SET,
		  mach_port_move_member(TASK, port, MACH_PORT_NULL));

	/* The member must be a receive right, the target a set. */
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_move_member(TASK, set1, set2));
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_move_member(TASK, dead, set1));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_move_member(TASK, MACH_PORT_NULL, set1));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_move_member(TASK, MACH_PORT_DEAD, set1));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_move_member(TASK, 0x6a6a03, set1));
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_move_member(TASK, port, port2));
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_move_member(TASK, port, dead));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_move_member(TASK, port, MACH_PORT_DEAD));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_move_member(TASK, port, 0x6a6a03));
	STATUS(port, &st);
	EXPECT_EQ(0U, st.mps_pset);
}

/* mach_port_destroy(): every right under the name goes. */
TEST_F(port, destroy)
{
	mach_port_t port, so, dead, pset;

	port = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, port);
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, port, MACH_PORT_RIGHT_SEND, 4));
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, port));
	EXPECT_EQ(MT_BAD, mt_type(port));

	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_allocate(TASK, MACH_PORT_RIGHT_DEAD_NAME, &dead));
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, dead, MACH_PORT_RIGHT_DEAD_NAME, 4));
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, dead));
	EXPECT_EQ(MT_BAD, mt_type(dead));

	pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, pset);
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, pset));
	EXPECT_EQ(MT_BAD, mt_type(pset));

	/* An unused send-once right: its port hears of it. */
	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port);
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, so));
	EXPECT_EQ(MT_BAD, mt_type(so));
	mt_expect_send_once_notification(_metadata, port);

	EXPECT_EQ(KERN_INVALID_NAME, mach_port_destroy(TASK, 0x6b6b03));
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_destroy(TASK, port ^ 0x04));
}

/* mach_port_extract_right() in each disposition, on the caller's space. */
TEST_F(port, extract_right)
{
	mach_msg_type_name_t poly_type;
	mach_port_t port, poly, pset, dead;
	mach_port_status_t st;

	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port);

	/* A made send right comes back under the receive right's name. */
	poly = MACH_PORT_NULL;
	poly_type = 0;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, port, MACH_MSG_TYPE_MAKE_SEND,
					  &poly, &poly_type));
	EXPECT_EQ(port, poly);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, poly_type);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(port));
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	STATUS(port, &st);
	EXPECT_EQ(1U, st.mps_mscount);
	EXPECT_EQ(1, st.mps_srights);

	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, port, MACH_MSG_TYPE_COPY_SEND,
					  &poly, &poly_type));
	EXPECT_EQ(port, poly);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, poly_type);
	EXPECT_EQ(2U, mt_refs(port, MACH_PORT_RIGHT_SEND));

	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, port, MACH_MSG_TYPE_MOVE_SEND,
					  &poly, &poly_type));
	EXPECT_EQ(port, poly);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, poly_type);
	EXPECT_EQ(2U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	STATUS(port, &st);
	EXPECT_EQ(1U, st.mps_mscount);

	/* Send-once rights get a name of their own. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, port,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE,
					  &poly, &poly_type));
	EXPECT_NE(port, poly);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND_ONCE, poly_type);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(poly));
	STATUS(port, &st);
	EXPECT_EQ(1U, st.mps_sorights);
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, poly,
					  MACH_MSG_TYPE_MOVE_SEND_ONCE,
					  &poly, &poly_type));
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND_ONCE, poly_type);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(poly));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, poly));
	mt_expect_send_once_notification(_metadata, port);

	/* The receive right joins the send rights left under its name. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, port,
					  MACH_MSG_TYPE_MOVE_RECEIVE,
					  &poly, &poly_type));
	EXPECT_EQ(port, poly);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_RECEIVE, poly_type);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(port));

	/* Not a port disposition. */
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_extract_right(TASK, port, MACH_MSG_TYPE_PORT_NAME,
					  &poly, &poly_type));
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_extract_right(TASK, port,
					  MACH_MSG_TYPE_COPY_RECEIVE,
					  &poly, &poly_type));
	/* Names without the right. */
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_extract_right(TASK, MACH_PORT_NULL,
					  MACH_MSG_TYPE_COPY_SEND,
					  &poly, &poly_type));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_extract_right(TASK, MACH_PORT_DEAD,
					  MACH_MSG_TYPE_COPY_SEND,
					  &poly, &poly_type));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_extract_right(TASK, 0x6c6c03,
					  MACH_MSG_TYPE_COPY_SEND,
					  &poly, &poly_type));
	pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, pset);
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_extract_right(TASK, pset, MACH_MSG_TYPE_MAKE_SEND,
					  &poly, &poly_type));
	/* A dead name copies in as a dead right (copyin is "dead ok"). */
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_allocate(TASK, MACH_PORT_RIGHT_DEAD_NAME, &dead));
	poly = MACH_PORT_NULL;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, dead, MACH_MSG_TYPE_COPY_SEND,
					  &poly, &poly_type));
	EXPECT_EQ(MACH_PORT_DEAD, poly);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, poly_type);
	EXPECT_EQ(1U, mt_refs(dead, MACH_PORT_RIGHT_DEAD_NAME));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_extract_right(TASK, dead,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE,
					  &poly, &poly_type));
	poly = mt_port();
	ASSERT_NE(MACH_PORT_NULL, poly);
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_extract_right(TASK, poly, MACH_MSG_TYPE_COPY_SEND,
					  &poly, &poly_type));

	/* A lone receive right moves out and back: still a receive right. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, poly,
					  MACH_MSG_TYPE_MOVE_RECEIVE,
					  &poly, &poly_type));
	EXPECT_EQ(MACH_MSG_TYPE_PORT_RECEIVE, poly_type);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(poly));
}

/* MACH_PORT_LIMITS_INFO and the other flavors. */
TEST_F(port, attributes_limits)
{
	mach_port_info_ext_t ext;
	mach_msg_type_number_t count;
	mach_port_limits_t lim;
	mach_port_t port, pset;
	integer_t dnsize;

	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port);

	count = MACH_PORT_LIMITS_INFO_COUNT;
	lim.mpl_qlimit = 1234;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_attributes(TASK, port, MACH_PORT_LIMITS_INFO,
					   (mach_port_info_t)&lim, &count));
	EXPECT_EQ(MACH_PORT_LIMITS_INFO_COUNT, count);
	EXPECT_EQ(MACH_PORT_QLIMIT_DEFAULT, lim.mpl_qlimit);

	/* A count too small for the flavor. */
	count = 0;
	EXPECT_EQ(KERN_FAILURE,
		  mach_port_get_attributes(TASK, port, MACH_PORT_LIMITS_INFO,
					   (mach_port_info_t)&lim, &count));
	lim.mpl_qlimit = 7;
	EXPECT_EQ(KERN_FAILURE,
		  mach_port_set_attributes(TASK, port, MACH_PORT_LIMITS_INFO,
					   (mach_port_info_t)&lim, 0));

	EXPECT_EQ(KERN_SUCCESS, mt_set_qlimit(port, MACH_PORT_QLIMIT_MAX));
	count = MACH_PORT_LIMITS_INFO_COUNT;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_attributes(TASK, port, MACH_PORT_LIMITS_INFO,
					   (mach_port_info_t)&lim, &count));
	EXPECT_EQ(1024U, lim.mpl_qlimit);
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mt_set_qlimit(port, MACH_PORT_QLIMIT_MAX + 1));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_attributes(TASK, port, MACH_PORT_LIMITS_INFO,
					   (mach_port_info_t)&lim, &count));
	EXPECT_EQ(1024U, lim.mpl_qlimit);
	EXPECT_EQ(KERN_SUCCESS, mt_set_qlimit(port, 0));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_attributes(TASK, port, MACH_PORT_LIMITS_INFO,
					   (mach_port_info_t)&lim, &count));
	EXPECT_EQ(0U, lim.mpl_qlimit);

	/* MACH_PORT_NULL: an empty LIMITS answer, as XNU gives. */
	count = MACH_PORT_LIMITS_INFO_COUNT;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_attributes(TASK, MACH_PORT_NULL,
					   MACH_PORT_LIMITS_INFO,
					   (mach_port_info_t)&lim, &count));
	EXPECT_EQ(0U, count);

	/* Only receive rights have attributes. */
	pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, pset);
	count = MACH_PORT_LIMITS_INFO_COUNT;
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_get_attributes(TASK, pset, MACH_PORT_LIMITS_INFO,
					   (mach_port_info_t)&lim, &count));
	EXPECT_EQ(KERN_INVALID_RIGHT, mt_set_qlimit(pset, 3));
	EXPECT_EQ(KERN_INVALID_RIGHT, mt_set_qlimit(MACH_PORT_NULL, 3));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_get_attributes(TASK, 0x6d6d03,
					   MACH_PORT_LIMITS_INFO,
					   (mach_port_info_t)&lim, &count));
	EXPECT_EQ(KERN_INVALID_NAME, mt_set_qlimit(0x6d6d03, 3));

	/* Unknown flavors. */
	count = MACH_PORT_INFO_EXT_COUNT;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  mach_port_get_attributes(TASK, port, 99,
					   (mach_port_info_t)&ext, &count));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  mach_port_set_attributes(TASK, port, 99,
					   (mach_port_info_t)&lim, 1));

	/* MACH_PORT_INFO_EXT: the status plus a boost count. */
	ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(port, 9));
	count = MACH_PORT_INFO_EXT_COUNT;
	memset(&ext, 0xa5, sizeof(ext));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_attributes(TASK, port, MACH_PORT_INFO_EXT,
					   (mach_port_info_t)&ext, &count));
	EXPECT_EQ(MACH_PORT_INFO_EXT_COUNT, count);
	EXPECT_EQ(9U, ext.mpie_status.mps_qlimit);
	EXPECT_EQ(0U, ext.mpie_status.mps_msgcount);
	count = MACH_PORT_INFO_EXT_COUNT - 1;
	EXPECT_EQ(KERN_FAILURE,
		  mach_port_get_attributes(TASK, port, MACH_PORT_INFO_EXT,
					   (mach_port_info_t)&ext, &count));

	count = MACH_PORT_DNREQUESTS_SIZE_COUNT;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_attributes(TASK, port,
					   MACH_PORT_DNREQUESTS_SIZE,
					   (mach_port_info_t)&dnsize, &count));
	EXPECT_EQ(MACH_PORT_DNREQUESTS_SIZE_COUNT, count);
}

/* MACH_PORT_RECEIVE_STATUS follows the port's rights and queue. */
TEST_F(port, attributes_receive_status)
{
	mach_msg_type_number_t count;
	mach_port_status_t st;
	mach_port_t port, so;
	union mt_rcv buf;

	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port);

	count = MACH_PORT_RECEIVE_STATUS_COUNT - 1;
	EXPECT_EQ(KERN_FAILURE,
		  mach_port_get_attributes(TASK, port,
					   MACH_PORT_RECEIVE_STATUS,
					   (mach_port_info_t)&st, &count));
	count = MACH_PORT_RECEIVE_STATUS_COUNT;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_attributes(TASK, port,
					   MACH_PORT_RECEIVE_STATUS,
					   (mach_port_info_t)&st, &count));
	EXPECT_EQ(MACH_PORT_RECEIVE_STATUS_COUNT, count);
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_get_attributes(TASK, MACH_PORT_NULL,
					   MACH_PORT_RECEIVE_STATUS,
					   (mach_port_info_t)&st, &count));

	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_insert_right(TASK, port, port,
					 MACH_MSG_TYPE_MAKE_SEND));
	STATUS(port, &st);
	EXPECT_EQ(1U, st.mps_mscount);
	EXPECT_EQ(1, st.mps_srights);
	EXPECT_EQ(0U, st.mps_sorights);

	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, so);
	STATUS(port, &st);
	EXPECT_EQ(1U, st.mps_sorights);

	/* Two messages queued, one received. */
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  mt_send(port, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0,
			  100, 1, MACH_SEND_TIMEOUT, 0));
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  mt_send(port, MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_NULL, 0,
			  101, 2, MACH_SEND_TIMEOUT, 0));
	STATUS(port, &st);
	EXPECT_EQ(2U, st.mps_msgcount);
	EXPECT_EQ(0U, st.mps_seqno);
	EXPECT_EQ(2U, st.mps_mscount);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(port, &buf));
	EXPECT_EQ(100, buf.head.msgh_id);
	STATUS(port, &st);
	EXPECT_EQ(1U, st.mps_msgcount);
	EXPECT_EQ(1U, st.mps_seqno);

	/*
	 * Send rights in queued messages count: mps_srights clears when
	 * the name's and the queued message's are both gone.
	 */
	ASSERT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, port));
	STATUS(port, &st);
	EXPECT_EQ(1, st.mps_srights);
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(port, &buf));
	EXPECT_EQ(101, buf.head.msgh_id);
	STATUS(port, &st);
	EXPECT_EQ(0, st.mps_srights);
	EXPECT_EQ(2U, st.mps_mscount);
	EXPECT_EQ(1U, st.mps_sorights);
	EXPECT_EQ(2U, st.mps_seqno);
}

/* mach_port_set_context()/get_context() on receive rights only. */
TEST_F(port, context)
{
	mach_port_context_t ctx;
	mach_port_t port, pset, so;

	port = mt_port();
	ASSERT_NE(MACH_PORT_NULL, port);
	ctx = 1;
	EXPECT_EQ(KERN_SUCCESS, mach_port_get_context(TASK, port, &ctx));
	EXPECT_EQ(0ULL, ctx);
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_set_context(TASK, port, 0x4242424242424242ULL));
	EXPECT_EQ(KERN_SUCCESS, mach_port_get_context(TASK, port, &ctx));
	EXPECT_EQ(0x4242424242424242ULL, ctx);

	pset = mt_pset();
	so = mt_make_sonce(port);
	ASSERT_NE(MACH_PORT_NULL, pset);
	ASSERT_NE(MACH_PORT_NULL, so);
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_set_context(TASK, pset, 1));
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_get_context(TASK, so, &ctx));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_get_context(TASK, MACH_PORT_NULL, &ctx));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_get_context(TASK, 0x6e6e03, &ctx));
	EXPECT_EQ(KERN_SUCCESS, mach_port_get_context(TASK, port, &ctx));
	EXPECT_EQ(0x4242424242424242ULL, ctx);
}

/* Index of @name in @names, or -1. */
static int find_name(const mach_port_name_t *names, int count,
		     mach_port_name_t name)
{
	int i;

	for (i = 0; i < count; i++)
		if (names[i] == name)
			return i;
	return -1;
}

/* mach_port_names() lists every name with its rights. */
TEST_F(port, names)
{
	struct { mach_port_name_t name; mach_port_type_t type; } made[60];
	mach_port_name_t *names = NULL, holder;
	mach_port_type_t *types = NULL;
	int base, count, i, j, k = 0;

	base = mt_names(NULL, NULL);
	ASSERT_LE(1, base);

	holder = mt_port();
	ASSERT_NE(MACH_PORT_NULL, holder);
	made[k].name = holder;
	made[k++].type = MACH_PORT_TYPE_RECEIVE;
	for (i = 0; i < 19; i++) {
		made[k].name = mt_port();
		made[k++].type = MACH_PORT_TYPE_RECEIVE;
	}
	for (i = 0; i < 10; i++) {
		made[k].name = mt_port_send();
		made[k++].type = MACH_PORT_TYPE_SEND_RECEIVE;
	}
	for (i = 0; i < 10; i++) {
		made[k].name = mt_pset();
		made[k++].type = MACH_PORT_TYPE_PORT_SET;
	}
	for (i = 0; i < 10; i++) {
		made[k].name = MACH_PORT_NULL;
		EXPECT_EQ(KERN_SUCCESS,
			  mach_port_allocate(TASK, MACH_PORT_RIGHT_DEAD_NAME,
					     &made[k].name));
		made[k++].type = MACH_PORT_TYPE_DEAD_NAME;
	}
	for (i = 0; i < 10; i++) {
		made[k].name = mt_make_sonce(holder);
		made[k++].type = MACH_PORT_TYPE_SEND_ONCE;
	}
	ASSERT_EQ((int)ARRAY_SIZE(made), k);
	for (i = 0; i < k; i++)
		ASSERT_NE(MACH_PORT_NULL, made[i].name);

	count = mt_names(&names, &types);
	ASSERT_EQ(base + k, count);
	for (i = 0; i < k; i++) {
		j = find_name(names, count, made[i].name);
		EXPECT_LE(0, j) {
			TH_LOG("name %#x missing", made[i].name);
		}
		if (j >= 0)
			EXPECT_EQ(made[i].type, types[j]) {
				TH_LOG("name %#x", made[i].name);
			}
	}
	for (i = 0; i < count; i++) {
		EXPECT_EQ(-1, find_name(names + i + 1, count - i - 1,
					names[i]));
		EXPECT_EQ(3U, names[i] & 3);
	}
	mt_free_names(names, types, count);

	/* holder goes first: its send-once rights are then dead ones. */
	for (i = 0; i < k; i++)
		EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, made[i].name));
	EXPECT_EQ(base, mt_names(NULL, NULL));
}

/* A name from nowhere, or an old one, reaches nothing. */
TEST_F(port, forged_and_stale_names)
{
	mach_port_name_t *names = NULL, name, stale;
	mach_port_urefs_t refs;
	mach_port_type_t type;
	union mt_rcv buf;
	unsigned int seed, i, tried = 0;
	int count;

	seed = (unsigned int)mt_now_ns();
	count = mt_names(&names, NULL);
	ASSERT_LE(1, count);
	for (i = 0; tried < 400 && i < 10000; i++) {
		name = (mach_port_name_t)rand_r(&seed) ^
		       ((mach_port_name_t)rand_r(&seed) << 16);
		if (i < 64)	/* small names, near the ones in use */
			name = (i << 8) | (rand_r(&seed) & 0xff);
		if (!MACH_PORT_VALID(name) || find_name(names, count, name) >= 0)
			continue;
		tried++;
		EXPECT_EQ(KERN_INVALID_NAME, mach_port_type(TASK, name, &type)) {
			TH_LOG("forged name %#x", name);
		}
		EXPECT_EQ(KERN_INVALID_NAME, mach_port_deallocate(TASK, name));
		EXPECT_EQ(KERN_INVALID_NAME,
			  mach_port_mod_refs(TASK, name, MACH_PORT_RIGHT_SEND,
					     -1));
		EXPECT_EQ(KERN_INVALID_NAME,
			  mach_port_get_refs(TASK, name, MACH_PORT_RIGHT_SEND,
					     &refs));
		EXPECT_EQ(MACH_SEND_INVALID_DEST,
			  mt_send(name, MACH_MSG_TYPE_COPY_SEND,
				  MACH_PORT_NULL, 0, 1, 0, MACH_SEND_TIMEOUT,
				  0));
		EXPECT_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(name, &buf));
	}
	EXPECT_EQ(400U, tried);
	mt_free_names(names, NULL, count);

	/* A reused index: the old generation is refused everywhere. */
	stale = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, stale);
	ASSERT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, stale));
	name = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, name);
	ASSERT_EQ(MACH_PORT_INDEX(stale), MACH_PORT_INDEX(name));
	ASSERT_NE(stale, name);
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_type(TASK, stale, &type));
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_deallocate(TASK, stale));
	EXPECT_EQ(KERN_INVALID_NAME, mt_kill(stale));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_insert_right(TASK, stale, stale,
					 MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mt_send(stale, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 1,
			  0, MACH_SEND_TIMEOUT, 0));
	EXPECT_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(stale, &buf));
	/* The live name still has exactly what it had. */
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(name));
	EXPECT_EQ(1U, mt_refs(name, MACH_PORT_RIGHT_SEND));
	EXPECT_EQ(0U, mt_msgcount(name));
	/* Index 0 is never a name. */
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_type(TASK, 0x03, &type));
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_type(TASK, 0xff, &type));
}

/* Names of one space mean nothing in a forked child's fresh space. */
static mach_port_name_t fork_parent_names[64];
static int fork_parent_count;

static int child_fresh_space(void *arg)
{
	mach_port_name_t port = *(mach_port_name_t *)arg;
	mach_port_type_t type = 0;
	union mt_rcv buf;
	kern_return_t kr;
	int i, count;

	kr = mach_port_type(mach_task_self(), port, &type);
	MT_CHILD_TRUE(kr == KERN_INVALID_NAME ||
		      (kr == KERN_SUCCESS && !(type & MACH_PORT_TYPE_RECEIVE)));
	if (kr == KERN_INVALID_NAME) {
		MT_CHILD_EQ(MACH_SEND_INVALID_DEST,
			    mt_send(port, MACH_MSG_TYPE_COPY_SEND,
				    MACH_PORT_NULL, 0, 1, 0,
				    MACH_SEND_TIMEOUT, 0));
		MT_CHILD_EQ(MACH_RCV_INVALID_NAME, mt_recv_poll(port, &buf));
	}
	kr = mt_kill(port);
	MT_CHILD_TRUE(kr == KERN_INVALID_NAME || kr == KERN_INVALID_RIGHT);
	/* None of the parent's names is a receive right here. */
	for (i = 0; i < fork_parent_count; i++) {
		kr = mach_port_type(mach_task_self(), fork_parent_names[i],
				    &type);
		MT_CHILD_TRUE(kr == KERN_INVALID_NAME ||
			      !(type & (MACH_PORT_TYPE_RECEIVE |
					MACH_PORT_TYPE_PORT_SET)));
	}
	count = mt_names(NULL, NULL);
	MT_CHILD_TRUE(count >= 1 && count <= 3);
	return 0;
}

TEST_F(port, fork_child_has_fresh_space)
{
	mach_port_name_t *names = NULL, port;
	mach_port_status_t st;
	pid_t pid;
	int i, count;

	port = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, port);
	for (i = 0; i < 20; i++)
		ASSERT_NE(MACH_PORT_NULL, mt_port());
	ASSERT_NE(MACH_PORT_NULL, mt_pset());
	count = mt_names(&names, NULL);
	ASSERT_LE(22, count);
	fork_parent_count = count < 64 ? count : 64;
	memcpy(fork_parent_names, names,
	       fork_parent_count * sizeof(*names));
	mt_free_names(names, NULL, count);

	pid = mt_fork(child_fresh_space, &port);
	ASSERT_LT(0, pid);
	EXPECT_EQ(0, mt_wait_ok(pid));

	/* The parent's port saw nothing of it. */
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(port));
	EXPECT_EQ(1U, mt_refs(port, MACH_PORT_RIGHT_SEND));
	STATUS(port, &st);
	EXPECT_EQ(0U, st.mps_msgcount);
	EXPECT_EQ(1U, st.mps_mscount);
	EXPECT_EQ(count, mt_names(NULL, NULL));
}

/* mach_reply_port(): a new receive right per call. */
TEST_F(port, reply_port)
{
	mach_port_t a, b;
	union mt_rcv buf;

	a = mach_reply_port();
	b = mach_reply_port();
	ASSERT_TRUE(MACH_PORT_VALID(a));
	ASSERT_TRUE(MACH_PORT_VALID(b));
	EXPECT_NE(a, b);
	EXPECT_EQ(3U, a & 3);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(a));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(b));
	EXPECT_EQ(MACH_MSG_SUCCESS,
		  mt_send(a, MACH_MSG_TYPE_MAKE_SEND_ONCE, MACH_PORT_NULL, 0,
			  77, 7, 0, 0));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(a, &buf));
	EXPECT_EQ(77, buf.head.msgh_id);
	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(b, &buf));
}

/* mach_task_self(): a send right to the task port, stable. */
TEST_F(port, task_self)
{
	mach_port_t task = mach_task_self();

	EXPECT_EQ(TASK, task);
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(task));
	EXPECT_LE(1U, mt_refs(task, MACH_PORT_RIGHT_SEND));
	/* Calls name the task they act on; other names are refused. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mach_port_allocate(MACH_PORT_NULL, MACH_PORT_RIGHT_RECEIVE,
				     &task));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mach_port_allocate(0x6f6f03, MACH_PORT_RIGHT_RECEIVE,
				     &task));
	task = mt_port();
	ASSERT_NE(MACH_PORT_NULL, task);
	/* A receive right is not a send right to a task. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &task));
}

/* ---- the trap ABI, raw ------------------------------------------------------ */

/* Flags, out fields on failure, task names, EFAULT. */
TEST_F(port, trap_abi)
{
	struct xnu_mach_port_args a;
	struct xnu_mach_port_names pn;
	mach_port_name_t names[2];
	mach_port_type_t types[2];
	mach_port_t plain;

	memset(&a, 0, sizeof(a));
	a.task = TASK;
	a.right = MACH_PORT_RIGHT_RECEIVE;
	a.flags = 1;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  mt_raw(XNU_TRAP_PORT_ALLOCATE, &a));

	/* An error copies nothing back. */
	a.flags = 0;
	a.right = MACH_PORT_RIGHT_SEND;
	a.name = 0x7777;
	EXPECT_EQ(KERN_INVALID_VALUE, mt_raw(XNU_TRAP_PORT_ALLOCATE, &a));
	EXPECT_EQ(0x7777U, a.name);

	a.right = MACH_PORT_RIGHT_RECEIVE;
	EXPECT_EQ(KERN_SUCCESS, mt_raw(XNU_TRAP_PORT_ALLOCATE, &a));
	EXPECT_TRUE(MACH_PORT_VALID(a.name));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(a.name));

	/* The task field: a send right to a task port, else refused. */
	a.task = a.name;
	EXPECT_EQ(MACH_SEND_INVALID_DEST, mt_raw(XNU_TRAP_PORT_ALLOCATE, &a));
	a.task = MACH_PORT_NULL;
	EXPECT_EQ(MACH_SEND_INVALID_DEST, mt_raw(XNU_TRAP_PORT_ALLOCATE, &a));
	plain = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, plain);
	a.task = plain;
	EXPECT_EQ(KERN_INVALID_TASK, mt_raw(XNU_TRAP_PORT_ALLOCATE, &a));
	EXPECT_EQ(0U, mt_msgcount(plain));

	/* The argument itself unreadable. */
	EXPECT_EQ(-EFAULT, mt_raw(XNU_TRAP_PORT_ALLOCATE, (void *)16));
	EXPECT_EQ(-EFAULT, mt_raw(XNU_TRAP_PORT_TYPE, (void *)16));

	/* mach_port_names() with too small a buffer: the count to retry with. */
	memset(&pn, 0, sizeof(pn));
	names[0] = names[1] = 0x5555;
	types[0] = types[1] = 0x5555;
	pn.task = TASK;
	pn.capacity = 1;
	pn.names = (uintptr_t)names;
	pn.types = (uintptr_t)types;
	EXPECT_EQ(KERN_SUCCESS, mt_raw(XNU_TRAP_PORT_NAMES, &pn));
	EXPECT_LE(3U, pn.count);
	EXPECT_NE(0x5555U, names[0]);
	EXPECT_NE(0x5555U, types[0]);
	EXPECT_EQ(0x5555U, names[1]);
	EXPECT_EQ(0x5555U, types[1]);
}

static int child_uses_parent_fd(void *arg)
{
	struct xnu_mach_port_args a;
	int fd = *(int *)arg;

	memset(&a, 0, sizeof(a));
	errno = 0;
	MT_CHILD_EQ(-1, ioctl(fd, XNU_TRAP_TASK_SELF, &a));
	MT_CHILD_EQ(EBADFD, errno);
	/* libxnucross opened the device again for this task. */
	MT_CHILD_TRUE(MACH_PORT_VALID(mach_task_self()));
	MT_CHILD_EQ(MACH_PORT_TYPE_SEND, mt_type(mach_task_self()));
	return 0;
}

/* A forked child calling through its parent's open file gets EBADFD. */
TEST_F(port, fork_child_gets_ebadfd)
{
	struct xnu_mach_port_args a;
	pid_t pid;
	int fd;

	fd = xnu_open_handshaken();
	ASSERT_LE(0, fd);
	memset(&a, 0, sizeof(a));
	ASSERT_EQ(KERN_SUCCESS, mt_trap_fd(fd, XNU_TRAP_TASK_SELF, &a));
	/* Both of the process's files reach the same task. */
	EXPECT_EQ(TASK, a.name);

	pid = mt_fork(child_uses_parent_fd, &fd);
	ASSERT_LT(0, pid);
	EXPECT_EQ(0, mt_wait_ok(pid));
	/* The parent's file still works. */
	EXPECT_EQ(KERN_SUCCESS, mt_trap_fd(fd, XNU_TRAP_TASK_SELF, &a));
	EXPECT_EQ(TASK, a.name);
	close(fd);
}

/* ---- 100,000 names ----------------------------------------------------------- */

MT_FIXTURE(big)

#define BIG_NAMES	100000

TEST_F_TIMEOUT(big, hundred_thousand_names, 240)
{
	mach_port_t task = self->env.task, *made, name;
	mach_port_name_t *names = NULL;
	mach_port_type_t type;
	union mt_rcv buf;
	int base, count, i;

	base = mt_names(NULL, NULL);
	ASSERT_LE(1, base);
	made = calloc(BIG_NAMES, sizeof(*made));
	ASSERT_NE(NULL, made);
	for (i = 0; i < BIG_NAMES; i++) {
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE,
					     &made[i])) {
			TH_LOG("allocation %d", i);
		}
		ASSERT_EQ(3U, made[i] & 3);
	}

	count = mt_names(&names, NULL);
	EXPECT_EQ(base + BIG_NAMES, count);
	mt_free_names(names, NULL, count);

	/* Every name still reaches its own port. */
	for (i = 0; i < BIG_NAMES; i += 97) {
		ASSERT_EQ(KERN_SUCCESS, mach_port_type(task, made[i], &type));
		ASSERT_EQ(MACH_PORT_TYPE_RECEIVE, type);
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_set_context(task, made[i], (unsigned int)i));
	}
	for (i = 0; i < BIG_NAMES; i += 97) {
		mach_port_context_t ctx = ~0ULL;

		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_get_context(task, made[i], &ctx));
		ASSERT_EQ((mach_port_context_t)i, ctx);
	}
	name = made[BIG_NAMES / 2];
	EXPECT_EQ(MACH_MSG_SUCCESS, mt_send_simple(name, 4242));
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(name, &buf));
	EXPECT_EQ(4242, buf.head.msgh_id);
	EXPECT_EQ(name, buf.head.msgh_local_port);

	/* Half of them go, and come back as fresh generations. */
	for (i = 0; i < BIG_NAMES; i += 2)
		ASSERT_EQ(KERN_SUCCESS, mt_kill(made[i]));
	EXPECT_EQ(base + BIG_NAMES / 2, mt_names(NULL, NULL));
	for (i = 0; i < BIG_NAMES; i += 2) {
		ASSERT_EQ(KERN_INVALID_NAME,
			  mach_port_type(task, made[i], &type));
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE,
					     &made[i]));
	}
	EXPECT_EQ(base + BIG_NAMES, mt_names(NULL, NULL));
	free(made);
}

TEST_HARNESS_MAIN

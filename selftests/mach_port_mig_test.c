// SPDX-License-Identifier: GPL-2.0
/*
 * mach_port_mig_test - the mach_port_*() routines as MIG messages to a task
 * port (the mach_port subsystem, 3200, kmod/mach/defs/mach_port.defs)
 * beside their traps:
 *   - every served routine, called through the trap (the public
 *     mach_port_*()) and through the MIG stub (_kernelrpc_mach_port_*()),
 *     in the same scenarios: the results, out values and errors (invalid
 *     name, right, value, disposition, flavor, count) are XNU's and the
 *     same on both paths, on the caller's own space and on another
 *     task's, reached through its task port (rights inserted come from,
 *     and rights extracted go to, the caller);
 *   - the routines that have no trap (set_mscount, set_seqno,
 *     get_srights, insert_member, extract_member);
 *   - the routines whose replies carry out-of-line arrays: mach_port_names
 *     (trap and MIG agree on 1000+ names and their types) and
 *     mach_port_get_set_status (0, 1, many members, ascending; XNU's
 *     errors), their raw replies (complex, descriptor count, OOL sizes,
 *     copy and deallocate as received), the memory the caller frees with
 *     vm_deallocate() (no region left mapped, the out-of-line bytes in
 *     flight charged and given back: ool_max_user_mb), in another task;
 *   - raw messages: Darwin's request and reply sizes and ids, a short or
 *     long request or a missing complex bit -> MIG_BAD_ARGUMENTS, a port
 *     descriptor of the wrong type -> MIG_TYPE_ERROR (its right
 *     destroyed), an id the module does not serve -> MIG_BAD_ID;
 *   - dead names, the same on both paths: a dead notify right is refused
 *     (KERN_INVALID_CAPABILITY, the armed request stays), a send right
 *     whose port died is extracted as MACH_PORT_DEAD;
 *   - a dead task port: both paths MACH_SEND_INVALID_DEST;
 *   - all of it as root and as nobody.
 */
#include "xnu_mach_selftest.h"

#include <mach/mach_port.h>
#include <mach/task.h>

MT_FIXTURE_ROOT_NOBODY(pmig)

/* ---- the two paths ----------------------------------------------------------- */

/**
 * struct ops - one way to call the routines
 * @what:	"trap" or "mig", for messages
 * @...:	the calls
 */
struct ops {
	const char *what;
	kern_return_t (*allocate)(ipc_space_t, mach_port_right_t,
				  mach_port_name_t *);
	kern_return_t (*allocate_name)(ipc_space_t, mach_port_right_t,
				       mach_port_name_t);
	kern_return_t (*destroy)(ipc_space_t, mach_port_name_t);
	kern_return_t (*deallocate)(ipc_space_t, mach_port_name_t);
	kern_return_t (*get_refs)(ipc_space_t, mach_port_name_t,
				  mach_port_right_t, mach_port_urefs_t *);
	kern_return_t (*mod_refs)(ipc_space_t, mach_port_name_t,
				  mach_port_right_t, mach_port_delta_t);
	kern_return_t (*type)(ipc_space_t, mach_port_name_t,
			      mach_port_type_t *);
	kern_return_t (*move_member)(ipc_space_t, mach_port_name_t,
				     mach_port_name_t);
	kern_return_t (*insert_right)(ipc_space_t, mach_port_name_t,
				      mach_port_t, mach_msg_type_name_t);
	kern_return_t (*extract_right)(ipc_space_t, mach_port_name_t,
				       mach_msg_type_name_t, mach_port_t *,
				       mach_msg_type_name_t *);
	kern_return_t (*get_attributes)(ipc_space_t, mach_port_name_t,
					mach_port_flavor_t, mach_port_info_t,
					mach_msg_type_number_t *);
	kern_return_t (*set_attributes)(ipc_space_t, mach_port_name_t,
					mach_port_flavor_t, mach_port_info_t,
					mach_msg_type_number_t);
	kern_return_t (*get_context)(ipc_space_t, mach_port_name_t,
				     mach_port_context_t *);
	kern_return_t (*set_context)(ipc_space_t, mach_port_name_t,
				     mach_port_context_t);
	kern_return_t (*request_notification)(ipc_space_t, mach_port_name_t,
					      mach_msg_id_t,
					      mach_port_mscount_t,
					      mach_port_t,
					      mach_msg_type_name_t,
					      mach_port_t *);
};

static const struct ops trap_ops = {
	.what = "trap",
	.allocate = mach_port_allocate,
	.allocate_name = mach_port_allocate_name,
	.destroy = mach_port_destroy,
	.deallocate = mach_port_deallocate,
	.get_refs = mach_port_get_refs,
	.mod_refs = mach_port_mod_refs,
	.type = mach_port_type,
	.move_member = mach_port_move_member,
	.insert_right = mach_port_insert_right,
	.extract_right = mach_port_extract_right,
	.get_attributes = mach_port_get_attributes,
	.set_attributes = mach_port_set_attributes,
	.get_context = mach_port_get_context,
	.set_context = mach_port_set_context,
	.request_notification = mach_port_request_notification,
};

static const struct ops mig_ops = {
	.what = "mig",
	.allocate = _kernelrpc_mach_port_allocate,
	.allocate_name = _kernelrpc_mach_port_allocate_name,
	.destroy = _kernelrpc_mach_port_destroy,
	.deallocate = _kernelrpc_mach_port_deallocate,
	.get_refs = _kernelrpc_mach_port_get_refs,
	.mod_refs = _kernelrpc_mach_port_mod_refs,
	.type = _kernelrpc_mach_port_type,
	.move_member = _kernelrpc_mach_port_move_member,
	.insert_right = _kernelrpc_mach_port_insert_right,
	.extract_right = _kernelrpc_mach_port_extract_right,
	.get_attributes = _kernelrpc_mach_port_get_attributes,
	.set_attributes = _kernelrpc_mach_port_set_attributes,
	.get_context = _kernelrpc_mach_port_get_context,
	.set_context = _kernelrpc_mach_port_set_context,
	.request_notification = _kernelrpc_mach_port_request_notification,
};

/* What a scenario saw, in order: compared between the two paths. */
#define LOG_MAX	256

struct log {
	uint64_t v[LOG_MAX];
	unsigned int line[LOG_MAX];
	unsigned int n;
};

static void log_add(struct log *l, uint64_t v, unsigned int line)
{
	if (l->n < LOG_MAX) {
		l->line[l->n] = line;
		l->v[l->n++] = v;
	}
}

/* Record a value; and check it against XNU's where the test knows it. */
#define LOG(x)		log_add(l, (uint64_t)(x), __LINE__)
#define LOG_EQ(want, x) do {						\
	uint64_t __v = (uint64_t)(x);					\
	log_add(l, __v, __LINE__);					\
	EXPECT_EQ((uint64_t)(want), __v) {				\
		TH_LOG("%s path, line %d", o->what, __LINE__);		\
	}								\
} while (0)

/* A scenario on @task with the calls of @o; names chosen are @base + n. */
typedef void (*scenario_t)(struct __test_metadata *_metadata,
			   const struct ops *o, mach_port_t task,
			   uint32_t base, struct log *l);

/* A name under index @idx: a valid user name (low bits 0x17). */
#define NAME(idx)	(((uint32_t)(idx) << 8) | 0x17U)

/* The type bits of @name in @task through @o, or MT_BAD. */
static mach_port_type_t o_type(const struct ops *o, mach_port_t task,
			       mach_port_name_t name)
{
	mach_port_type_t type = 0;

	if (o->type(task, name, &type) != KERN_SUCCESS)
		return MT_BAD;
	return type;
}

/* The user references of @right of @name, or MT_BAD. */
static mach_port_urefs_t o_refs(const struct ops *o, mach_port_t task,
				mach_port_name_t name, mach_port_right_t right)
{
	mach_port_urefs_t refs = 0xa5a5;

	if (o->get_refs(task, name, right, &refs) != KERN_SUCCESS)
		return MT_BAD;
	return refs;
}

/* The receive status of @name through @o; kern_return_t. */
static kern_return_t o_status(const struct ops *o, mach_port_t task,
			      mach_port_name_t name, mach_port_status_t *st)
{
	mach_msg_type_number_t count = MACH_PORT_RECEIVE_STATUS_COUNT;

	memset(st, 0xa5, sizeof(*st));
	return o->get_attributes(task, name, MACH_PORT_RECEIVE_STATUS,
				 (mach_port_info_t)st, &count);
}

/* ---- scenarios -------------------------------------------------------------------- */

/* allocate, allocate_name, type, destroy. */
static void sc_allocate(struct __test_metadata *_metadata,
			const struct ops *o, mach_port_t task, uint32_t base,
			struct log *l)
{
	static const mach_port_right_t bad[] = {
		MACH_PORT_RIGHT_SEND, MACH_PORT_RIGHT_SEND_ONCE,
		MACH_PORT_RIGHT_LABELH, MACH_PORT_RIGHT_NUMBER, 0xffffffffU,
	};
	mach_port_name_t n = MACH_PORT_NULL;
	mach_port_type_t type = 0;
	unsigned int i;

	LOG_EQ(KERN_SUCCESS, o->allocate(task, MACH_PORT_RIGHT_RECEIVE, &n));
	LOG_EQ(1, MACH_PORT_VALID(n));
	LOG_EQ(MACH_PORT_TYPE_RECEIVE, o_type(o, task, n));
	LOG_EQ(KERN_SUCCESS, o->destroy(task, n));
	LOG_EQ(MT_BAD, o_type(o, task, n));
	LOG_EQ(KERN_SUCCESS, o->allocate(task, MACH_PORT_RIGHT_PORT_SET, &n));
	LOG_EQ(MACH_PORT_TYPE_PORT_SET, o_type(o, task, n));
	LOG_EQ(KERN_SUCCESS, o->deallocate(task, n));
	LOG_EQ(KERN_SUCCESS, o->allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &n));
	LOG_EQ(MACH_PORT_TYPE_DEAD_NAME, o_type(o, task, n));
	LOG_EQ(1, o_refs(o, task, n, MACH_PORT_RIGHT_DEAD_NAME));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		n = 0x1234;
		LOG_EQ(KERN_INVALID_VALUE, o->allocate(task, bad[i], &n));
		LOG_EQ(0x1234, n);
	}

	LOG_EQ(KERN_SUCCESS, o->allocate_name(task, MACH_PORT_RIGHT_RECEIVE,
					      NAME(base)));
	LOG_EQ(MACH_PORT_TYPE_RECEIVE, o_type(o, task, NAME(base)));
	LOG_EQ(KERN_NAME_EXISTS,
	       o->allocate_name(task, MACH_PORT_RIGHT_DEAD_NAME, NAME(base)));
	/* Its index under another generation: KERN_FAILURE. */
	LOG_EQ(KERN_FAILURE, o->allocate_name(task, MACH_PORT_RIGHT_PORT_SET,
					      NAME(base) + 4));
	LOG_EQ(KERN_INVALID_VALUE,
	       o->allocate_name(task, MACH_PORT_RIGHT_RECEIVE, MACH_PORT_NULL));
	LOG_EQ(KERN_INVALID_VALUE,
	       o->allocate_name(task, MACH_PORT_RIGHT_RECEIVE, MACH_PORT_DEAD));
	LOG_EQ(KERN_INVALID_VALUE,
	       o->allocate_name(task, MACH_PORT_RIGHT_SEND, NAME(base + 1)));
	LOG_EQ(KERN_NO_SPACE, o->allocate_name(task, MACH_PORT_RIGHT_RECEIVE,
					       0xffffff03U));

	/* type of null, dead and unknown names. */
	LOG_EQ(KERN_INVALID_NAME, o->type(task, MACH_PORT_NULL, &type));
	type = 0;
	LOG_EQ(KERN_SUCCESS, o->type(task, MACH_PORT_DEAD, &type));
	LOG_EQ(MACH_PORT_TYPE_DEAD_NAME, type);
	LOG_EQ(KERN_INVALID_NAME, o->type(task, NAME(base + 2), &type));

	/* destroy of null, dead, unknown names and a port set. */
	LOG_EQ(KERN_SUCCESS, o->destroy(task, MACH_PORT_NULL));
	LOG_EQ(KERN_SUCCESS, o->destroy(task, MACH_PORT_DEAD));
	LOG_EQ(KERN_INVALID_NAME, o->destroy(task, NAME(base + 2)));
	LOG_EQ(KERN_SUCCESS, o->destroy(task, NAME(base)));
	LOG_EQ(MT_BAD, o_type(o, task, NAME(base)));
}

/* get_refs, mod_refs, deallocate on each kind of name. */
static void sc_refs(struct __test_metadata *_metadata, const struct ops *o,
		    mach_port_t task, uint32_t base, struct log *l)
{
	mach_port_name_t r = NAME(base), d = NAME(base + 1), s = NAME(base + 2);
	mach_port_urefs_t refs;
	unsigned int right;

	LOG_EQ(KERN_SUCCESS,
	       o->allocate_name(task, MACH_PORT_RIGHT_RECEIVE, r));
	LOG_EQ(KERN_SUCCESS,
	       o->allocate_name(task, MACH_PORT_RIGHT_DEAD_NAME, d));
	LOG_EQ(KERN_SUCCESS,
	       o->allocate_name(task, MACH_PORT_RIGHT_PORT_SET, s));

	/* Each right of each name. */
	for (right = 0; right < MACH_PORT_RIGHT_NUMBER; right++) {
		LOG(o_refs(o, task, r, right));
		LOG(o_refs(o, task, d, right));
		LOG(o_refs(o, task, s, right));
	}
	LOG_EQ(1, o_refs(o, task, r, MACH_PORT_RIGHT_RECEIVE));
	LOG_EQ(0, o_refs(o, task, r, MACH_PORT_RIGHT_SEND));
	LOG_EQ(KERN_INVALID_VALUE,
	       o->get_refs(task, r, MACH_PORT_RIGHT_NUMBER, &refs));
	LOG_EQ(KERN_INVALID_NAME,
	       o->get_refs(task, NAME(base + 3), MACH_PORT_RIGHT_SEND, &refs));
	refs = 0;
	LOG_EQ(KERN_SUCCESS,
	       o->get_refs(task, MACH_PORT_DEAD, MACH_PORT_RIGHT_SEND, &refs));
	LOG_EQ(1, refs);
	LOG_EQ(KERN_INVALID_NAME, o->get_refs(task, MACH_PORT_NULL,
					      MACH_PORT_RIGHT_RECEIVE, &refs));

	/* mod_refs: wrong rights, bad deltas, null names. */
	LOG_EQ(KERN_INVALID_RIGHT, o->mod_refs(task, r, MACH_PORT_RIGHT_SEND, 1));
	LOG_EQ(KERN_INVALID_VALUE, o->mod_refs(task, r, MACH_PORT_RIGHT_RECEIVE, 1));
	LOG_EQ(KERN_INVALID_VALUE, o->mod_refs(task, r, MACH_PORT_RIGHT_RECEIVE, -2));
	LOG_EQ(KERN_SUCCESS, o->mod_refs(task, r, MACH_PORT_RIGHT_RECEIVE, 0));
	LOG_EQ(KERN_INVALID_RIGHT, o->mod_refs(task, r, MACH_PORT_RIGHT_LABELH, 0));
	LOG_EQ(KERN_INVALID_VALUE, o->mod_refs(task, r, 6, 0));
	LOG_EQ(KERN_SUCCESS,
	       o->mod_refs(task, MACH_PORT_NULL, MACH_PORT_RIGHT_SEND, -1));
	LOG_EQ(KERN_INVALID_NAME,
	       o->mod_refs(task, MACH_PORT_DEAD, MACH_PORT_RIGHT_RECEIVE, -1));
	LOG_EQ(KERN_INVALID_NAME,
	       o->mod_refs(task, NAME(base + 3), MACH_PORT_RIGHT_SEND, 1));

	/* Dead names count; the last reference frees the name. */
	LOG_EQ(KERN_SUCCESS, o->mod_refs(task, d, MACH_PORT_RIGHT_DEAD_NAME, 4));
	LOG_EQ(5, o_refs(o, task, d, MACH_PORT_RIGHT_DEAD_NAME));
	LOG_EQ(KERN_INVALID_VALUE,
	       o->mod_refs(task, d, MACH_PORT_RIGHT_DEAD_NAME, -6));
	LOG_EQ(KERN_SUCCESS, o->deallocate(task, d));
	LOG_EQ(4, o_refs(o, task, d, MACH_PORT_RIGHT_DEAD_NAME));
	LOG_EQ(KERN_SUCCESS, o->mod_refs(task, d, MACH_PORT_RIGHT_DEAD_NAME, -4));
	LOG_EQ(MT_BAD, o_type(o, task, d));

	/* deallocate: receive alone refused, port set destroyed. */
	LOG_EQ(KERN_INVALID_RIGHT, o->deallocate(task, r));
	LOG_EQ(KERN_SUCCESS, o->deallocate(task, MACH_PORT_NULL));
	LOG_EQ(KERN_SUCCESS, o->deallocate(task, MACH_PORT_DEAD));
	LOG_EQ(KERN_INVALID_NAME, o->deallocate(task, NAME(base + 3)));
	LOG_EQ(KERN_INVALID_VALUE, o->mod_refs(task, s, MACH_PORT_RIGHT_PORT_SET, 1));
	LOG_EQ(KERN_SUCCESS, o->deallocate(task, s));
	LOG_EQ(MT_BAD, o_type(o, task, s));
	LOG_EQ(KERN_SUCCESS, o->mod_refs(task, r, MACH_PORT_RIGHT_RECEIVE, -1));
	LOG_EQ(MT_BAD, o_type(o, task, r));
}

/*
 * insert_right and extract_right: the right inserted is the caller's
 * (@mine, a receive right of the caller), the one extracted comes to the
 * caller.
 */
static void sc_insert_extract(struct __test_metadata *_metadata,
			      const struct ops *o, mach_port_t task,
			      uint32_t base, struct log *l)
{
	mach_port_t self = mach_task_self(), mine = mt_port(), got;
	mach_port_name_t r = NAME(base), n = NAME(base + 1);
	mach_msg_type_name_t poly;
	mach_port_status_t st;
	bool own = task == self;

	ASSERT_NE(MACH_PORT_NULL, mine);
	LOG_EQ(KERN_SUCCESS,
	       o->allocate_name(task, MACH_PORT_RIGHT_RECEIVE, r));

	/* Bad names and dispositions. */
	LOG_EQ(KERN_INVALID_VALUE, o->insert_right(task, MACH_PORT_NULL, mine,
						   MACH_MSG_TYPE_MAKE_SEND));
	LOG_EQ(KERN_INVALID_VALUE, o->insert_right(task, MACH_PORT_DEAD, mine,
						   MACH_MSG_TYPE_MAKE_SEND));
	/*
	 * A null or dead right: the routine's KERN_INVALID_CAPABILITY. (The
	 * trap on the caller's own task copies the right in from its space
	 * first, which fails with KERN_INVALID_NAME, as XNU's does.)
	 */
	if (!own) {
		LOG_EQ(KERN_INVALID_CAPABILITY,
		       o->insert_right(task, n, MACH_PORT_NULL,
				       MACH_MSG_TYPE_COPY_SEND));
		LOG_EQ(KERN_INVALID_CAPABILITY,
		       o->insert_right(task, n, MACH_PORT_DEAD,
				       MACH_MSG_TYPE_COPY_SEND));
	}
	/*
	 * A name holding another right; in the caller's own space the port
	 * is found under its other name first.
	 */
	LOG_EQ(own ? KERN_RIGHT_EXISTS : KERN_NAME_EXISTS,
	       o->insert_right(task, r, mine, MACH_MSG_TYPE_MAKE_SEND));
	/* The failures left no send right behind. */
	ASSERT_EQ(KERN_SUCCESS, mt_status(mine, &st));
	LOG_EQ(0, st.mps_srights);

	/* A send right under a new name (own space: it has one already). */
	LOG_EQ(own ? KERN_RIGHT_EXISTS : KERN_SUCCESS,
	       o->insert_right(task, n, mine, MACH_MSG_TYPE_MAKE_SEND));
	LOG_EQ(own ? MT_BAD : MACH_PORT_TYPE_SEND, o_type(o, task, n));
	ASSERT_EQ(KERN_SUCCESS, mt_status(mine, &st));
	LOG_EQ(own ? 0 : 1, st.mps_srights);
	/* Every MAKE_SEND made a right, also the ones refused after. */
	LOG_EQ(4, st.mps_mscount);
	/* Under its own receive right's name (own space only). */
	if (own) {
		LOG_EQ(KERN_SUCCESS, o->insert_right(task, mine, mine,
						     MACH_MSG_TYPE_MAKE_SEND));
		LOG_EQ(MACH_PORT_TYPE_SEND_RECEIVE, o_type(o, task, mine));
		LOG_EQ(KERN_SUCCESS, o->insert_right(task, mine, mine,
						     MACH_MSG_TYPE_COPY_SEND));
		LOG_EQ(2, o_refs(o, task, mine, MACH_PORT_RIGHT_SEND));
	} else {
		LOG_EQ(KERN_SUCCESS, o->insert_right(task, n, mine,
						     MACH_MSG_TYPE_MAKE_SEND));
		LOG_EQ(2, o_refs(o, task, n, MACH_PORT_RIGHT_SEND));
		/* The same port under a second name of the target. */
		LOG_EQ(KERN_RIGHT_EXISTS,
		       o->insert_right(task, NAME(base + 2), mine,
				       MACH_MSG_TYPE_MAKE_SEND));
	}

	/* A send-once right always gets its own name. */
	LOG_EQ(KERN_SUCCESS, o->insert_right(task, NAME(base + 3), mine,
					     MACH_MSG_TYPE_MAKE_SEND_ONCE));
	LOG_EQ(MACH_PORT_TYPE_SEND_ONCE, o_type(o, task, NAME(base + 3)));
	ASSERT_EQ(KERN_SUCCESS, mt_status(mine, &st));
	LOG_EQ(1, st.mps_sorights);

	/* extract_right: bad dispositions and names. */
	got = 0x1234;
	poly = 0x77;
	LOG_EQ(KERN_INVALID_VALUE, o->extract_right(task, r, 0, &got, &poly));
	LOG_EQ(KERN_INVALID_VALUE,
	       o->extract_right(task, r, MACH_MSG_TYPE_PORT_NAME, &got, &poly));
	LOG_EQ(KERN_INVALID_VALUE, o->extract_right(task, r, 22, &got, &poly));
	LOG_EQ(KERN_INVALID_RIGHT,
	       o->extract_right(task, MACH_PORT_NULL, MACH_MSG_TYPE_MAKE_SEND,
				&got, &poly));
	LOG_EQ(KERN_INVALID_RIGHT,
	       o->extract_right(task, MACH_PORT_DEAD, MACH_MSG_TYPE_MAKE_SEND,
				&got, &poly));
	LOG_EQ(KERN_INVALID_NAME,
	       o->extract_right(task, NAME(base + 4), MACH_MSG_TYPE_MAKE_SEND,
				&got, &poly));
	LOG_EQ(KERN_INVALID_RIGHT,
	       o->extract_right(task, r, MACH_MSG_TYPE_MOVE_SEND, &got, &poly));
	LOG_EQ(0x1234, got);
	LOG_EQ(0x77, poly);

	/* A made send right comes to the caller. */
	LOG_EQ(KERN_SUCCESS, o->extract_right(task, r, MACH_MSG_TYPE_MAKE_SEND,
					      &got, &poly));
	LOG_EQ(MACH_MSG_TYPE_PORT_SEND, poly);
	LOG_EQ(own ? MACH_PORT_TYPE_SEND_RECEIVE : MACH_PORT_TYPE_SEND,
	       mt_type(got));
	LOG_EQ(own, got == r);
	if (!own)
		LOG_EQ(KERN_SUCCESS, mach_port_deallocate(self, got));
	/* A send-once right. */
	LOG_EQ(KERN_SUCCESS, o->extract_right(task, r,
					      MACH_MSG_TYPE_MAKE_SEND_ONCE,
					      &got, &poly));
	LOG_EQ(MACH_MSG_TYPE_PORT_SEND_ONCE, poly);
	LOG_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(got));
	LOG_EQ(KERN_SUCCESS, mach_port_deallocate(self, got));
	/* The receive right itself leaves the task for the caller. */
	LOG_EQ(KERN_SUCCESS, o->extract_right(task, NAME(base + 3),
					      MACH_MSG_TYPE_MOVE_SEND_ONCE,
					      &got, &poly));
	LOG_EQ(MACH_MSG_TYPE_PORT_SEND_ONCE, poly);
	LOG_EQ(MT_BAD, o_type(o, task, NAME(base + 3)));
	LOG_EQ(KERN_SUCCESS, mach_port_deallocate(self, got));
	got = MACH_PORT_NULL;
	LOG_EQ(KERN_SUCCESS, o->extract_right(task, r,
					      MACH_MSG_TYPE_MOVE_RECEIVE,
					      &got, &poly));
	LOG_EQ(MACH_MSG_TYPE_PORT_RECEIVE, poly);
	LOG_EQ(own ? MACH_PORT_TYPE_SEND_RECEIVE : MACH_PORT_TYPE_RECEIVE,
	       mt_type(got));
	LOG_EQ(own ? MACH_PORT_TYPE_SEND_RECEIVE : MT_BAD, o_type(o, task, r));
	LOG_EQ(own, got == r);
	LOG_EQ(KERN_SUCCESS, mach_port_destroy(self, got));
	LOG_EQ(KERN_SUCCESS, mach_port_destroy(self, mine));
	if (!own)
		LOG_EQ(MACH_PORT_TYPE_DEAD_NAME, o_type(o, task, n));

	/* A receive right moves into the task. */
	mine = mt_port();
	ASSERT_NE(MACH_PORT_NULL, mine);
	LOG_EQ(KERN_SUCCESS, o->insert_right(task, NAME(base + 5), mine,
					     MACH_MSG_TYPE_MOVE_RECEIVE));
	LOG_EQ(MACH_PORT_TYPE_RECEIVE, o_type(o, task, NAME(base + 5)));
	LOG_EQ(MT_BAD, mt_type(mine));
	/* Refused, it dies: the caller's send right becomes a dead name. */
	mine = mt_port_send();
	ASSERT_NE(MACH_PORT_NULL, mine);
	LOG_EQ(own ? KERN_RIGHT_EXISTS : KERN_NAME_EXISTS,
	       o->insert_right(task, NAME(base + 5), mine,
			       MACH_MSG_TYPE_MOVE_RECEIVE));
	LOG_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(mine));
	LOG_EQ(KERN_SUCCESS, mach_port_deallocate(self, mine));
	LOG_EQ(KERN_SUCCESS, o->destroy(task, NAME(base + 5)));
}

/* move_member. */
static void sc_move_member(struct __test_metadata *_metadata,
			   const struct ops *o, mach_port_t task,
			   uint32_t base, struct log *l)
{
	mach_port_name_t r = NAME(base), s = NAME(base + 1), d = NAME(base + 2);
	mach_port_status_t st;

	LOG_EQ(KERN_SUCCESS, o->allocate_name(task, MACH_PORT_RIGHT_RECEIVE, r));
	LOG_EQ(KERN_SUCCESS, o->allocate_name(task, MACH_PORT_RIGHT_PORT_SET, s));
	LOG_EQ(KERN_SUCCESS, o->allocate_name(task, MACH_PORT_RIGHT_DEAD_NAME, d));
	LOG_EQ(KERN_NOT_IN_SET, o->move_member(task, r, MACH_PORT_NULL));
	LOG_EQ(KERN_INVALID_RIGHT, o->move_member(task, MACH_PORT_NULL, s));
	LOG_EQ(KERN_INVALID_RIGHT, o->move_member(task, r, MACH_PORT_DEAD));
	LOG_EQ(KERN_INVALID_NAME, o->move_member(task, NAME(base + 3), s));
	LOG_EQ(KERN_INVALID_NAME, o->move_member(task, r, NAME(base + 3)));
	LOG_EQ(KERN_INVALID_RIGHT, o->move_member(task, s, s));
	LOG_EQ(KERN_INVALID_RIGHT, o->move_member(task, r, d));
	LOG_EQ(KERN_SUCCESS, o->move_member(task, r, s));
	LOG_EQ(KERN_SUCCESS, o_status(o, task, r, &st));
	LOG_EQ(1, st.mps_pset);
	LOG_EQ(KERN_SUCCESS, o->move_member(task, r, MACH_PORT_NULL));
	LOG_EQ(KERN_SUCCESS, o_status(o, task, r, &st));
	LOG_EQ(0, st.mps_pset);
	LOG_EQ(KERN_SUCCESS, o->destroy(task, r));
	LOG_EQ(KERN_SUCCESS, o->destroy(task, s));
	LOG_EQ(KERN_SUCCESS, o->destroy(task, d));
}

/* get/set_attributes and get/set_context. */
static void sc_attributes(struct __test_metadata *_metadata,
			  const struct ops *o, mach_port_t task,
			  uint32_t base, struct log *l)
{
	mach_port_name_t r = NAME(base), d = NAME(base + 1);
	mach_port_limits_t lim;
	mach_port_status_t st;
	mach_port_context_t ctx = 0;
	integer_t info[20];
	mach_msg_type_number_t count;
	unsigned int i;

	LOG_EQ(KERN_SUCCESS, o->allocate_name(task, MACH_PORT_RIGHT_RECEIVE, r));
	LOG_EQ(KERN_SUCCESS, o->allocate_name(task, MACH_PORT_RIGHT_DEAD_NAME, d));

	count = MACH_PORT_LIMITS_INFO_COUNT;
	LOG_EQ(KERN_SUCCESS, o->get_attributes(task, r, MACH_PORT_LIMITS_INFO,
					       info, &count));
	LOG_EQ(1, count);
	LOG_EQ(MACH_PORT_QLIMIT_DEFAULT, info[0]);
	/* No room: KERN_FAILURE; more room than needed: the count used. */
	count = 0;
	LOG_EQ(KERN_FAILURE, o->get_attributes(task, r, MACH_PORT_LIMITS_INFO,
					       info, &count));
	count = 17;
	LOG_EQ(KERN_SUCCESS, o->get_attributes(task, r,
					       MACH_PORT_RECEIVE_STATUS,
					       info, &count));
	LOG_EQ(MACH_PORT_RECEIVE_STATUS_COUNT, count);
	for (i = 0; i < count; i++)
		LOG(info[i]);
	count = 17;
	LOG_EQ(KERN_SUCCESS, o->get_attributes(task, r, MACH_PORT_INFO_EXT,
					       info, &count));
	LOG_EQ(MACH_PORT_INFO_EXT_COUNT, count);
	count = MACH_PORT_RECEIVE_STATUS_COUNT - 1;
	LOG_EQ(KERN_FAILURE, o->get_attributes(task, r,
					       MACH_PORT_RECEIVE_STATUS,
					       info, &count));
	count = 17;
	LOG_EQ(KERN_INVALID_ARGUMENT, o->get_attributes(task, r, 1234, info,
							&count));
	count = 17;
	LOG_EQ(KERN_INVALID_RIGHT, o->get_attributes(task, d,
						     MACH_PORT_RECEIVE_STATUS,
						     info, &count));
	count = 17;
	LOG_EQ(KERN_INVALID_NAME, o->get_attributes(task, NAME(base + 2),
						    MACH_PORT_RECEIVE_STATUS,
						    info, &count));
	count = 17;
	LOG_EQ(KERN_SUCCESS, o->get_attributes(task, MACH_PORT_NULL,
					       MACH_PORT_LIMITS_INFO, info,
					       &count));
	LOG_EQ(0, count);

	/* set: the queue limit, its maximum, a short count, a bad flavor. */
	lim.mpl_qlimit = 9;
	LOG_EQ(KERN_SUCCESS, o->set_attributes(task, r, MACH_PORT_LIMITS_INFO,
					       (mach_port_info_t)&lim,
					       MACH_PORT_LIMITS_INFO_COUNT));
	LOG_EQ(KERN_SUCCESS, o_status(o, task, r, &st));
	LOG_EQ(9, st.mps_qlimit);
	lim.mpl_qlimit = MACH_PORT_QLIMIT_MAX + 1;
	LOG_EQ(KERN_INVALID_VALUE,
	       o->set_attributes(task, r, MACH_PORT_LIMITS_INFO,
				 (mach_port_info_t)&lim,
				 MACH_PORT_LIMITS_INFO_COUNT));
	LOG_EQ(KERN_FAILURE, o->set_attributes(task, r, MACH_PORT_LIMITS_INFO,
					       (mach_port_info_t)&lim, 0));
	LOG_EQ(KERN_INVALID_ARGUMENT,
	       o->set_attributes(task, r, 1234, (mach_port_info_t)&lim, 1));
	lim.mpl_qlimit = 3;
	LOG_EQ(KERN_INVALID_RIGHT,
	       o->set_attributes(task, d, MACH_PORT_LIMITS_INFO,
				 (mach_port_info_t)&lim, 1));
	LOG_EQ(KERN_SUCCESS, o_status(o, task, r, &st));
	LOG_EQ(9, st.mps_qlimit);

	/* Contexts: 64 bits, receive rights only. */
	LOG_EQ(KERN_SUCCESS, o->get_context(task, r, &ctx));
	LOG_EQ(0, ctx);
	LOG_EQ(KERN_SUCCESS, o->set_context(task, r, 0x0123456789abcdefULL));
	LOG_EQ(KERN_SUCCESS, o->get_context(task, r, &ctx));
	LOG_EQ(0x0123456789abcdefULL, ctx);
	LOG_EQ(KERN_INVALID_RIGHT, o->set_context(task, d, 1));
	LOG_EQ(KERN_INVALID_RIGHT, o->get_context(task, d, &ctx));
	LOG_EQ(KERN_INVALID_NAME, o->get_context(task, NAME(base + 2), &ctx));
	LOG_EQ(KERN_INVALID_RIGHT, o->get_context(task, MACH_PORT_NULL, &ctx));

	LOG_EQ(KERN_SUCCESS, o->destroy(task, r));
	LOG_EQ(KERN_SUCCESS, o->destroy(task, d));
}

/*
 * request_notification: the notify right is the caller's, the previous
 * one comes back to the caller.
 */
static void sc_notify(struct __test_metadata *_metadata, const struct ops *o,
		      mach_port_t task, uint32_t base, struct log *l)
{
	mach_port_t self = mach_task_self(), np = mt_port(), prev;
	mach_port_name_t r = NAME(base);
	mach_port_status_t st;
	union mt_rcv buf;

	ASSERT_NE(MACH_PORT_NULL, np);
	LOG_EQ(KERN_SUCCESS, o->allocate_name(task, MACH_PORT_RIGHT_RECEIVE, r));

	prev = 0x1234;
	LOG_EQ(KERN_INVALID_VALUE,
	       o->request_notification(task, r, 0x4711, 0, np,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	LOG_EQ(KERN_INVALID_VALUE,
	       o->request_notification(task, r, MACH_NOTIFY_PORT_DESTROYED, 1,
				       np, MACH_MSG_TYPE_MAKE_SEND_ONCE,
				       &prev));
	LOG_EQ(KERN_INVALID_NAME,
	       o->request_notification(task, NAME(base + 1),
				       MACH_NOTIFY_NO_SENDERS, 0, np,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	LOG_EQ(0x1234, prev);
	/* Each failure destroyed its send-once right: a notification. */
	LOG_EQ(MACH_MSG_SUCCESS, mt_recv_poll(np, &buf));
	LOG_EQ(MACH_NOTIFY_SEND_ONCE, buf.head.msgh_id);
	LOG_EQ(MACH_MSG_SUCCESS, mt_recv_poll(np, &buf));
	LOG_EQ(MACH_MSG_SUCCESS, mt_recv_poll(np, &buf));
	LOG_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(np, &buf));

	/* Armed with a high sync: nothing fires yet. */
	LOG_EQ(KERN_SUCCESS,
	       o->request_notification(task, r, MACH_NOTIFY_NO_SENDERS, 1, np,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	LOG_EQ(MACH_PORT_NULL, prev);
	LOG_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(np, &buf));
	LOG_EQ(KERN_SUCCESS, mt_status(np, &st));
	LOG_EQ(1, st.mps_sorights);
	/* Replaced: the previous send-once right comes back. */
	LOG_EQ(KERN_SUCCESS,
	       o->request_notification(task, r, MACH_NOTIFY_NO_SENDERS, 1, np,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	LOG_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(prev));
	LOG_EQ(KERN_SUCCESS, mach_port_deallocate(self, prev));
	LOG_EQ(MACH_MSG_SUCCESS, mt_recv_poll(np, &buf));
	LOG_EQ(MACH_NOTIFY_SEND_ONCE, buf.head.msgh_id);
	/* Cancelled: the armed right comes back too. */
	LOG_EQ(KERN_SUCCESS,
	       o->request_notification(task, r, MACH_NOTIFY_NO_SENDERS, 0,
				       MACH_PORT_NULL,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	LOG_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(prev));
	LOG_EQ(KERN_SUCCESS, mach_port_deallocate(self, prev));
	LOG_EQ(MACH_MSG_SUCCESS, mt_recv_poll(np, &buf));
	LOG_EQ(KERN_SUCCESS, mt_status(np, &st));
	LOG_EQ(0, st.mps_sorights);
	/* Armed with sync 0 and no senders: fires at once. */
	LOG_EQ(KERN_SUCCESS,
	       o->request_notification(task, r, MACH_NOTIFY_NO_SENDERS, 0, np,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, &prev));
	LOG_EQ(MACH_MSG_SUCCESS, mt_recv_poll(np, &buf));
	LOG_EQ(MACH_NOTIFY_NO_SENDERS, buf.head.msgh_id);
	LOG_EQ(KERN_SUCCESS, o->destroy(task, r));
	LOG_EQ(KERN_SUCCESS, mach_port_destroy(self, np));
}

/* Run @sc on both paths (names from @base, @base + 0x100) and compare. */
static void both_paths(struct __test_metadata *_metadata, scenario_t sc,
		       mach_port_t task, uint32_t base)
{
	static struct log a, b;
	unsigned int i;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	sc(_metadata, &trap_ops, task, base, &a);
	sc(_metadata, &mig_ops, task, base + 0x100, &b);
	ASSERT_EQ(a.n, b.n);
	ASSERT_GT(a.n, 0U);
	ASSERT_LT(a.n, (unsigned int)LOG_MAX);
	for (i = 0; i < a.n; i++) {
		EXPECT_EQ(a.v[i], b.v[i]) {
			TH_LOG("line %u: trap %#llx, mig %#llx", a.line[i],
			       (unsigned long long)a.v[i],
			       (unsigned long long)b.v[i]);
		}
	}
}

TEST_F(pmig, allocate_type_destroy)
{
	both_paths(_metadata, sc_allocate, TASK, 0x5100);
}

TEST_F(pmig, refs_and_deallocate)
{
	both_paths(_metadata, sc_refs, TASK, 0x5300);
}

TEST_F(pmig, insert_and_extract_right)
{
	both_paths(_metadata, sc_insert_extract, TASK, 0x5500);
}

TEST_F(pmig, move_member)
{
	both_paths(_metadata, sc_move_member, TASK, 0x5700);
}

TEST_F(pmig, attributes_and_context)
{
	both_paths(_metadata, sc_attributes, TASK, 0x5900);
}

TEST_F(pmig, request_notification)
{
	both_paths(_metadata, sc_notify, TASK, 0x5b00);
}

/* ---- routines with no trap ---------------------------------------------------- */

TEST_F(pmig, mscount_seqno_srights)
{
	mach_port_t p, s, d;
	mach_port_status_t st;
	mach_port_rights_t n = 99;
	union mt_rcv buf;

	PORT(p);
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(TASK,
						   MACH_PORT_RIGHT_DEAD_NAME,
						   &d));
	EXPECT_EQ(KERN_SUCCESS, mach_port_get_srights(TASK, p, &n));
	EXPECT_EQ(0U, n);
	ASSERT_EQ(KERN_SUCCESS, mach_port_insert_right(TASK, p, p,
						       MACH_MSG_TYPE_MAKE_SEND));
	ASSERT_EQ(KERN_SUCCESS, mach_port_insert_right(TASK, p, p,
						       MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_EQ(KERN_SUCCESS, mach_port_get_srights(TASK, p, &n));
	EXPECT_EQ(1U, n);
	s = mt_make_sonce(p);
	EXPECT_EQ(KERN_SUCCESS, mach_port_get_srights(TASK, p, &n));
	EXPECT_EQ(1U, n);

	ASSERT_EQ(KERN_SUCCESS, mt_status(p, &st));
	EXPECT_EQ(2U, st.mps_mscount);
	EXPECT_EQ(KERN_SUCCESS, mach_port_set_mscount(TASK, p, 77));
	EXPECT_EQ(KERN_SUCCESS, mach_port_set_seqno(TASK, p, 1234));
	ASSERT_EQ(KERN_SUCCESS, mt_status(p, &st));
	EXPECT_EQ(77U, st.mps_mscount);
	EXPECT_EQ(1234U, st.mps_seqno);
	/* The next message received gets the sequence number set. */
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_send_simple(p, 5));
	ASSERT_EQ(KERN_SUCCESS, mt_status(p, &st));
	EXPECT_EQ(1234U, st.mps_seqno);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_recv(p, &buf, sizeof(buf), MACH_RCV_TIMEOUT |
			  MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
			  MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO),
			  0));
	EXPECT_EQ(5, buf.head.msgh_id);
	EXPECT_EQ(1234U, mt_trailer(&buf)->msgh_seqno);
	ASSERT_EQ(KERN_SUCCESS, mt_status(p, &st));
	EXPECT_EQ(1235U, st.mps_seqno);

	/* Receive rights only. */
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_set_mscount(TASK, d, 1));
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_set_seqno(TASK, s, 1));
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_get_srights(TASK, d, &n));
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_set_mscount(TASK, 0x998817, 1));
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_get_srights(TASK, 0x998817, &n));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_set_seqno(TASK, MACH_PORT_NULL, 1));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_get_srights(TASK, MACH_PORT_DEAD, &n));
	/* A task name that is no send right; a port that is no task port. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST, mach_port_get_srights(0x998817, p,
								&n));
	EXPECT_EQ(KERN_INVALID_TASK,
		  mach_port_get_srights(mach_host_self(), p, &n));
	EXPECT_EQ(KERN_INVALID_ADDRESS, mach_port_get_srights(TASK, p, NULL));
}

TEST_F(pmig, insert_and_extract_member)
{
	mach_port_t p, q, s, s2, d;
	mach_port_status_t st;

	PORT(p);
	PORT(q);
	s = mt_pset();
	s2 = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, s);
	ASSERT_NE(MACH_PORT_NULL, s2);
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(TASK,
						   MACH_PORT_RIGHT_DEAD_NAME,
						   &d));

	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_insert_member(TASK, MACH_PORT_NULL, s));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_insert_member(TASK, p, MACH_PORT_DEAD));
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_insert_member(TASK, 0x998817, s));
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_insert_member(TASK, p, 0x998817));
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_insert_member(TASK, s, s));
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_insert_member(TASK, p, q));
	EXPECT_EQ(KERN_INVALID_RIGHT, mach_port_insert_member(TASK, d, s));
	EXPECT_EQ(KERN_NOT_IN_SET, mach_port_extract_member(TASK, p, s));

	EXPECT_EQ(KERN_SUCCESS, mach_port_insert_member(TASK, p, s));
	EXPECT_EQ(KERN_ALREADY_IN_SET, mach_port_insert_member(TASK, p, s));
	/* One set at most here (XNU allows several). */
	EXPECT_EQ(KERN_NOT_SUPPORTED, mach_port_insert_member(TASK, p, s2));
	ASSERT_EQ(KERN_SUCCESS, mt_status(p, &st));
	EXPECT_EQ(1U, st.mps_pset);
	EXPECT_EQ(KERN_NOT_IN_SET, mach_port_extract_member(TASK, p, s2));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_extract_member(TASK, p, MACH_PORT_NULL));

	/* A message to the member is received on the set. */
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_send_simple(p, 9));
	{
		union mt_rcv buf;

		EXPECT_EQ(MACH_MSG_SUCCESS, mt_recv_poll(s, &buf));
		EXPECT_EQ(9, buf.head.msgh_id);
	}
	EXPECT_EQ(KERN_SUCCESS, mach_port_extract_member(TASK, p, s));
	ASSERT_EQ(KERN_SUCCESS, mt_status(p, &st));
	EXPECT_EQ(0U, st.mps_pset);
	EXPECT_EQ(KERN_NOT_IN_SET, mach_port_extract_member(TASK, p, s));
	EXPECT_EQ(KERN_SUCCESS, mach_port_insert_member(TASK, p, s2));
}

/*
 * Where the two paths differ, as documented in Documentation/mach-ipc.rst
 * ("Differences from XNU"): a null or dead right to insert, a bad notify
 * disposition.
 */
TEST_F(pmig, null_and_dead_rights)
{
	mach_port_t r, np, got;
	mach_port_status_t st;

	/* insert_right of a null or dead right on the caller's own task. */
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_insert_right(TASK, 0x998817, MACH_PORT_NULL,
					 MACH_MSG_TYPE_COPY_SEND));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_insert_right(TASK, 0x998817, MACH_PORT_DEAD,
					 MACH_MSG_TYPE_COPY_SEND));
	EXPECT_EQ(KERN_INVALID_CAPABILITY,
		  _kernelrpc_mach_port_insert_right(TASK, 0x998817,
						    MACH_PORT_NULL,
						    MACH_MSG_TYPE_COPY_SEND));
	EXPECT_EQ(KERN_INVALID_CAPABILITY,
		  _kernelrpc_mach_port_insert_right(TASK, 0x998817,
						    MACH_PORT_DEAD,
						    MACH_MSG_TYPE_COPY_SEND));
	EXPECT_EQ(MT_BAD, mt_type(0x998817));

	/* A bad notify disposition: the trap's and the MIG check's errors. */
	PORT(r);
	PORT(np);
	EXPECT_EQ(KERN_INVALID_VALUE,
		  mach_port_request_notification(TASK, r,
						 MACH_NOTIFY_NO_SENDERS, 5, np,
						 MACH_MSG_TYPE_MAKE_SEND,
						 &got));
	EXPECT_EQ(MIG_TYPE_ERROR,
		  _kernelrpc_mach_port_request_notification(
			  TASK, r, MACH_NOTIFY_NO_SENDERS, 5, np,
			  MACH_MSG_TYPE_MAKE_SEND, &got));
	ASSERT_EQ(KERN_SUCCESS, mt_status(np, &st));
	EXPECT_EQ(0U, st.mps_srights);
	ASSERT_EQ(KERN_SUCCESS, mt_status(r, &st));
	EXPECT_EQ(0U, st.mps_nsrequest);
}

/* Nothing is queued on @port. */
static void expect_empty(struct __test_metadata *_metadata, mach_port_t port)
{
	union mt_rcv buf;

	EXPECT_EQ(MACH_RCV_TIMED_OUT, mt_recv_poll(port, &buf));
}

/*
 * A dead notify name is refused with KERN_INVALID_CAPABILITY on both paths
 * (XNU's routine: notify == IP_DEAD): an armed dead-name request stays and
 * nothing is sent; a null one still cancels.
 */
TEST_F(pmig, dead_notify_dead_name)
{
	mach_port_t n, s1, prev;

	PORT_SEND(n);
	PORT(s1);
	prev = 0x1234;
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_request_notification(TASK, n,
						 MACH_NOTIFY_DEAD_NAME, 0, s1,
						 MACH_MSG_TYPE_MAKE_SEND_ONCE,
						 &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);
	ASSERT_NE(0U, mt_type(n) & MACH_PORT_TYPE_DNREQUEST);

	prev = 0x1234;
	EXPECT_EQ(KERN_INVALID_CAPABILITY,
		  _kernelrpc_mach_port_request_notification(
			  TASK, n, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_DEAD,
			  MACH_MSG_TYPE_MOVE_SEND_ONCE, &prev));
	EXPECT_NE(0U, mt_type(n) & MACH_PORT_TYPE_DNREQUEST);
	expect_empty(_metadata, s1);

	prev = 0x1234;
	EXPECT_EQ(KERN_INVALID_CAPABILITY,
		  mach_port_request_notification(TASK, n,
						 MACH_NOTIFY_DEAD_NAME, 0,
						 MACH_PORT_DEAD,
						 MACH_MSG_TYPE_MOVE_SEND_ONCE,
						 &prev));
	EXPECT_NE(0U, mt_type(n) & MACH_PORT_TYPE_DNREQUEST);
	expect_empty(_metadata, s1);

	/* A null notify name cancels: S1's send-once right comes back. */
	prev = MACH_PORT_NULL;
	EXPECT_EQ(KERN_SUCCESS,
		  _kernelrpc_mach_port_request_notification(
			  TASK, n, MACH_NOTIFY_DEAD_NAME, 0, MACH_PORT_NULL,
			  MACH_MSG_TYPE_MOVE_SEND_ONCE, &prev));
	EXPECT_EQ(0U, mt_type(n) & MACH_PORT_TYPE_DNREQUEST);
	ASSERT_EQ(MACH_PORT_TYPE_SEND_ONCE, mt_type(prev));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(TASK, prev));
	mt_expect_send_once_notification(_metadata, s1);
}

/* The same for an armed no-senders request on a receive right. */
TEST_F(pmig, dead_notify_no_senders)
{
	mach_port_status_t st;
	mach_port_t r, s1, prev;

	PORT(r);
	PORT(s1);
	prev = 0x1234;
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_request_notification(TASK, r,
						 MACH_NOTIFY_NO_SENDERS, 5, s1,
						 MACH_MSG_TYPE_MAKE_SEND_ONCE,
						 &prev));
	EXPECT_EQ(MACH_PORT_NULL, prev);
	ASSERT_EQ(KERN_SUCCESS, mt_status(r, &st));
	ASSERT_EQ(1U, st.mps_nsrequest);

	prev = 0x1234;
	EXPECT_EQ(KERN_INVALID_CAPABILITY,
		  _kernelrpc_mach_port_request_notification(
			  TASK, r, MACH_NOTIFY_NO_SENDERS, 5, MACH_PORT_DEAD,
			  MACH_MSG_TYPE_MOVE_SEND_ONCE, &prev));
	ASSERT_EQ(KERN_SUCCESS, mt_status(r, &st));
	EXPECT_EQ(1U, st.mps_nsrequest);
	expect_empty(_metadata, s1);

	prev = 0x1234;
	EXPECT_EQ(KERN_INVALID_CAPABILITY,
		  mach_port_request_notification(TASK, r,
						 MACH_NOTIFY_NO_SENDERS, 5,
						 MACH_PORT_DEAD,
						 MACH_MSG_TYPE_MOVE_SEND_ONCE,
						 &prev));
	ASSERT_EQ(KERN_SUCCESS, mt_status(r, &st));
	EXPECT_EQ(1U, st.mps_nsrequest);
	expect_empty(_metadata, s1);

	/* Still armed: destroying R sends S1 its send-once notification. */
	EXPECT_EQ(KERN_SUCCESS, mt_kill(r));
	mt_expect_send_once_notification(_metadata, s1);
}

/*
 * A send right whose port died is extracted as MACH_PORT_DEAD on both
 * paths, as XNU's routine gives it: COPY_SEND leaves the dead name's
 * references, MOVE_SEND takes one.
 */
TEST_F(pmig, extract_dead_send_right)
{
	mach_msg_type_name_t tt, tm;
	mach_port_t n, gt, gm;

	PORT_SEND(n);
	ASSERT_EQ(KERN_SUCCESS, mt_kill(n));
	ASSERT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt_type(n));
	ASSERT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, n, MACH_PORT_RIGHT_DEAD_NAME, 3));
	ASSERT_EQ(4U, mt_refs(n, MACH_PORT_RIGHT_DEAD_NAME));

	gt = gm = 0x1234;
	tt = tm = 0;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, n, MACH_MSG_TYPE_COPY_SEND,
					  &gt, &tt));
	EXPECT_EQ(KERN_SUCCESS,
		  _kernelrpc_mach_port_extract_right(TASK, n,
						     MACH_MSG_TYPE_COPY_SEND,
						     &gm, &tm));
	EXPECT_EQ(MACH_PORT_DEAD, gt);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, tt);
	EXPECT_EQ(gt, gm);
	EXPECT_EQ(tt, tm);
	EXPECT_EQ(4U, mt_refs(n, MACH_PORT_RIGHT_DEAD_NAME));

	gt = gm = 0x1234;
	tt = tm = 0;
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_extract_right(TASK, n, MACH_MSG_TYPE_MOVE_SEND,
					  &gt, &tt));
	EXPECT_EQ(KERN_SUCCESS,
		  _kernelrpc_mach_port_extract_right(TASK, n,
						     MACH_MSG_TYPE_MOVE_SEND,
						     &gm, &tm));
	EXPECT_EQ(MACH_PORT_DEAD, gt);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, tt);
	EXPECT_EQ(gt, gm);
	EXPECT_EQ(tt, tm);
	EXPECT_EQ(2U, mt_refs(n, MACH_PORT_RIGHT_DEAD_NAME));
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_mod_refs(TASK, n, MACH_PORT_RIGHT_DEAD_NAME, -2));
	EXPECT_EQ(MT_BAD, mt_type(n));
}

/* ---- raw messages ---------------------------------------------------------------- */

#pragma pack(push, 4)
struct alloc_req {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	mach_port_right_t right;
	uint32_t extra;
};

struct alloc_rep {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
	mach_port_name_t name;
};

struct extract_req {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	mach_port_name_t name;
	mach_msg_type_name_t msgt_name;
};

struct extract_rep {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t poly;
};

struct ctx_rep {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
	mach_port_context_t context;
};

struct notify_req {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t notify;
	NDR_record_t NDR;
	mach_port_name_t name;
	mach_msg_id_t msgid;
	mach_port_mscount_t sync;
};

struct attr_req {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	mach_port_name_t name;
	mach_port_flavor_t flavor;
	mach_msg_type_number_t count;
};

struct attr_rep {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
	mach_msg_type_number_t count;
	integer_t info[17];
};
#pragma pack(pop)

/* Darwin's sizes: mach_port_allocate 36 / 40, extract_right 40 / 40. */
TEST_F(pmig, raw_layouts)
{
	const struct alloc_rep *ar;
	const struct extract_rep *er;
	const struct ctx_rep *cr;
	const struct attr_rep *tr;
	struct alloc_req areq;
	struct extract_req ereq;
	struct attr_req treq;
	mach_port_t reply, p;
	union mt_rcv buf;

	memset(&areq, 0, sizeof(areq));
	areq.NDR = NDR_record;
	areq.right = MACH_PORT_RIGHT_RECEIVE;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &areq, 36, 3204, 0, &buf, &reply));
	ar = (const void *)&buf;
	EXPECT_EQ(40U, ar->Head.msgh_size);
	EXPECT_EQ(3304, ar->Head.msgh_id);
	EXPECT_EQ(reply, ar->Head.msgh_local_port);
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND_ONCE,
		  MACH_MSGH_BITS_LOCAL(ar->Head.msgh_bits));
	EXPECT_EQ(0U, MACH_MSGH_BITS_REMOTE(ar->Head.msgh_bits));
	EXPECT_TRUE(mt_ndr_ok(&ar->NDR));
	EXPECT_EQ(KERN_SUCCESS, ar->RetCode);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(ar->name));
	p = ar->name;

	/* An error of the routine: the 36-byte reply. */
	areq.right = MACH_PORT_RIGHT_SEND;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &areq, 36, 3204, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3204, KERN_INVALID_VALUE);

	/* extract_right: a complex reply with one port descriptor. */
	memset(&ereq, 0, sizeof(ereq));
	ereq.NDR = NDR_record;
	ereq.name = p;
	ereq.msgt_name = MACH_MSG_TYPE_MAKE_SEND;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &ereq, 40, 3215, 0, &buf, &reply));
	er = (const void *)&buf;
	EXPECT_EQ(40U, er->Head.msgh_size);
	EXPECT_EQ(3315, er->Head.msgh_id);
	EXPECT_NE(0U, er->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	EXPECT_EQ(1U, er->msgh_body.msgh_descriptor_count);
	EXPECT_EQ(MACH_MSG_PORT_DESCRIPTOR, MT_BF(er->poly.type));
	EXPECT_EQ(MACH_MSG_TYPE_PORT_SEND, MT_BF(er->poly.disposition));
	EXPECT_EQ(p, er->poly.name);
	EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt_type(p));

	/* get_context: 36 / 44, the 64-bit value 4-byte aligned. */
	ASSERT_EQ(KERN_SUCCESS, mach_port_set_context(TASK, p,
						      0xfedcba9876543210ULL));
	memset(&ereq, 0, sizeof(ereq));
	ereq.NDR = NDR_record;
	ereq.name = p;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &ereq, 36, 3228, 0, &buf, &reply));
	cr = (const void *)&buf;
	EXPECT_EQ(44U, cr->Head.msgh_size);
	EXPECT_EQ(3328, cr->Head.msgh_id);
	EXPECT_EQ(KERN_SUCCESS, cr->RetCode);
	EXPECT_EQ(0xfedcba9876543210ULL, cr->context);

	/* get_attributes: 44 / 40 + 4 * count; a count above 17 clamped. */
	memset(&treq, 0, sizeof(treq));
	treq.NDR = NDR_record;
	treq.name = p;
	treq.flavor = MACH_PORT_LIMITS_INFO;
	treq.count = 1000;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &treq, 44, 3217, 0, &buf, &reply));
	tr = (const void *)&buf;
	EXPECT_EQ(44U, tr->Head.msgh_size);
	EXPECT_EQ(KERN_SUCCESS, tr->RetCode);
	EXPECT_EQ(1U, tr->count);
	EXPECT_EQ(MACH_PORT_QLIMIT_DEFAULT, tr->info[0]);
	treq.flavor = MACH_PORT_RECEIVE_STATUS;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &treq, 44, 3217, 0, &buf, &reply));
	EXPECT_EQ(40U + 4 * MACH_PORT_RECEIVE_STATUS_COUNT, tr->Head.msgh_size);
	EXPECT_EQ(MACH_PORT_RECEIVE_STATUS_COUNT, tr->count);
	treq.count = 0;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &treq, 44, 3217, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3217, KERN_FAILURE);
}

/* Malformed requests: MIG_BAD_ARGUMENTS, MIG_TYPE_ERROR; mach_msg() is fine. */
TEST_F(pmig, raw_bad_requests)
{
	struct alloc_req areq;
	struct notify_req nreq;
	mach_port_t reply, np;
	mach_port_status_t st;
	union mt_rcv buf;

	memset(&areq, 0, sizeof(areq));
	areq.NDR = NDR_record;
	areq.right = MACH_PORT_RIGHT_RECEIVE;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &areq, 32, 3204, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3204, MIG_BAD_ARGUMENTS);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &areq, 40, 3204, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3204, MIG_BAD_ARGUMENTS);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &areq, 24, 3206, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3206, MIG_BAD_ARGUMENTS);

	/* request_notification: 60 bytes, one send-once port descriptor. */
	PORT(np);
	memset(&nreq, 0, sizeof(nreq));
	nreq.msgh_body.msgh_descriptor_count = 1;
	nreq.notify.name = np;
	nreq.notify.disposition = MACH_MSG_TYPE_MAKE_SEND;
	nreq.notify.type = MACH_MSG_PORT_DESCRIPTOR;
	nreq.NDR = NDR_record;
	nreq.name = np;
	nreq.msgid = MACH_NOTIFY_NO_SENDERS;
	/* Above the make-send count the requests leave: not fired at once. */
	nreq.sync = 10;
	ASSERT_EQ(sizeof(nreq), 60U);
	/* A send right where a send-once right is expected. */
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_rpc(TASK, &nreq, 60, 3213,
					   MACH_MSGH_BITS_COMPLEX, &buf,
					   &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3213, MIG_TYPE_ERROR);
	/* The right it carried was destroyed: no send right is left. */
	ASSERT_EQ(KERN_SUCCESS, mt_status(np, &st));
	EXPECT_EQ(0U, st.mps_srights);
	EXPECT_EQ(0U, st.mps_nsrequest);
	/* Without the complex bit: the body is not one. */
	nreq.notify.disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	nreq.notify.name = MACH_PORT_NULL;
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_rpc(TASK, &nreq, 60, 3213, 0, &buf,
					   &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3213, MIG_BAD_ARGUMENTS);
	/* One byte short. */
	nreq.notify.name = np;
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_rpc(TASK, &nreq, 56, 3213,
					   MACH_MSGH_BITS_COMPLEX, &buf,
					   &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3213, MIG_BAD_ARGUMENTS);
	/* Its send-once right was destroyed: the notification is queued. */
	mt_expect_send_once_notification(_metadata, np);
	ASSERT_EQ(KERN_SUCCESS, mt_status(np, &st));
	EXPECT_EQ(0U, st.mps_sorights);
	EXPECT_EQ(0U, st.mps_msgcount);
	/* The right one: armed. */
	ASSERT_EQ(MACH_MSG_SUCCESS, mt_rpc(TASK, &nreq, 60, 3213,
					   MACH_MSGH_BITS_COMPLEX, &buf,
					   &reply));
	EXPECT_EQ(3313, buf.head.msgh_id);
	EXPECT_EQ(40U, buf.head.msgh_size);
	ASSERT_EQ(KERN_SUCCESS, mt_status(np, &st));
	EXPECT_EQ(1U, st.mps_nsrequest);
	EXPECT_EQ(1U, st.mps_sorights);
}

/* Ids the module does not serve on the task port: MIG_BAD_ID. */
TEST_F(pmig, raw_bad_id)
{
	static const mach_msg_id_t ids[] = {
		3202, 3209, 3219, 3220, 3221, 3223, 3224, 3225,
		3230, 3231, 3232, 3233, 3234, 3242, 3199,
	};
	struct alloc_req req;
	mach_port_t reply;
	union mt_rcv buf;
	mach_msg_type_number_t tc = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		memset(&req, 0, sizeof(req));
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mt_rpc(TASK, &req, 24, ids[i], 0, &buf, &reply));
		mt_check_mig_error(_metadata, &buf, reply, ids[i], MIG_BAD_ID);
	}
	/*
	 * A mach_port routine to a port that is no task port runs (XNU's one
	 * table of kernel routines) and finds no space: KERN_INVALID_TASK.
	 */
	EXPECT_EQ(KERN_INVALID_TASK,
		  _kernelrpc_mach_port_type(mach_host_self(), MACH_PORT_NULL,
					    &tc));
}

/* ---- out-of-line replies: names, get_set_status ------------------------------- */

/* Mappings of out-of-line regions in this process ("[xnu-ool]"). */
static int ool_mappings(void)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "re");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "xnu-ool"))
			n++;
	fclose(f);
	return n;
}

/* Free an array a call returned (vm_deallocate() of count items). */
static kern_return_t free_array_kr(void *addr, mach_msg_type_number_t count)
{
	if (!addr)
		return KERN_SUCCESS;
	return vm_deallocate(mach_task_self(), (vm_address_t)addr,
			     count * sizeof(uint32_t));
}

#define free_array(addr, count) \
	EXPECT_EQ(KERN_SUCCESS, free_array_kr((void *)(addr), (count)))

/* A receive right per slot of @v. */
static void make_ports(struct __test_metadata *_metadata, mach_port_t *v,
		       unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		PORT(v[i]);
}

static void destroy_ports(struct __test_metadata *_metadata, mach_port_t *v,
			  unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(mach_task_self(),
							  v[i]));
}

#define MANY	1100U

/* The trap and the MIG routine give the same names and types. */
TEST_F(pmig, names_trap_and_mig)
{
	static mach_port_t ports[MANY];
	mach_port_name_array_t tn = NULL, mn = NULL;
	mach_port_type_array_t tt = NULL, mt = NULL;
	mach_msg_type_number_t tnc = 0, ttc = 0, mnc = 0, mtc = 0, i, k;
	int maps = ool_mappings();
	mach_port_t set, dead;
	long long live;

	/* The thread's MIG reply port is a name too: made before counting. */
	ASSERT_EQ(KERN_SUCCESS, _kernelrpc_mach_port_names(TASK, &mn, &mnc,
							   &mt, &mtc));
	free_array(mn, mnc);
	free_array(mt, mtc);
	live = mt_ports_live_settled();
	ASSERT_LE(0, maps);
	make_ports(_metadata, ports, MANY);
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(TASK,
						   MACH_PORT_RIGHT_PORT_SET,
						   &set));
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(TASK,
						   MACH_PORT_RIGHT_DEAD_NAME,
						   &dead));
	ASSERT_EQ(KERN_SUCCESS, mach_port_insert_right(TASK, ports[7], ports[7],
						       MACH_MSG_TYPE_MAKE_SEND));

	ASSERT_EQ(KERN_SUCCESS, mach_port_names(TASK, &tn, &tnc, &tt, &ttc));
	ASSERT_EQ(KERN_SUCCESS, _kernelrpc_mach_port_names(TASK, &mn, &mnc,
							   &mt, &mtc));
	EXPECT_EQ(tnc, ttc);
	EXPECT_EQ(mnc, mtc);
	ASSERT_EQ(tnc, mnc);
	ASSERT_LE(MANY + 2, mnc);
	/* The MIG arrays are mappings of their own, page aligned. */
	EXPECT_EQ(0U, (uintptr_t)mn % (uintptr_t)getpagesize());
	EXPECT_EQ(0U, (uintptr_t)mt % (uintptr_t)getpagesize());
	EXPECT_NE(mn, mt);
	EXPECT_EQ(maps + 2, ool_mappings());
	EXPECT_EQ(0, memcmp(tn, mn, mnc * sizeof(*mn)));
	EXPECT_EQ(0, memcmp(tt, mt, mtc * sizeof(*mt)));
	for (i = 0, k = 0; i < mnc; i++) {
		if (mn[i] == set) {
			EXPECT_EQ(MACH_PORT_TYPE_PORT_SET, mt[i]);
		} else if (mn[i] == dead) {
			EXPECT_EQ(MACH_PORT_TYPE_DEAD_NAME, mt[i]);
		} else if (mn[i] == ports[7]) {
			EXPECT_EQ(MACH_PORT_TYPE_SEND_RECEIVE, mt[i]);
		} else {
			continue;
		}
		k++;
	}
	EXPECT_EQ(3U, k);
	/* The caller owns the memory: writable, and freed by vm_deallocate. */
	mn[0] ^= 1;
	free_array(tn, tnc);
	free_array(tt, ttc);
	free_array(mn, mnc);
	free_array(mt, mtc);
	EXPECT_EQ(maps, ool_mappings());

	/* The same through the public call when the trap finds no task. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mach_port_names(0x998817, &mn, &mnc, &mt, &mtc));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  _kernelrpc_mach_port_names(0x998817, &mn, &mnc, &mt, &mtc));
	/* A port that is no task port: KERN_INVALID_TASK on both paths. */
	EXPECT_EQ(KERN_INVALID_TASK,
		  mach_port_names(mach_host_self(), &mn, &mnc, &mt, &mtc));
	EXPECT_EQ(KERN_INVALID_TASK,
		  _kernelrpc_mach_port_names(mach_host_self(), &mn, &mnc, &mt,
					     &mtc));

	destroy_ports(_metadata, ports, MANY);
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, set));
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, dead));
	EXPECT_EQ(maps, ool_mappings());
	if (live >= 0)
		EXPECT_EQ(live, mt_ports_live_settled());
}

/*
 * The regions are charged to the caller's out-of-line bytes in flight
 * until received: past ool_max_user_mb the routine fails with
 * KERN_RESOURCE_SHORTAGE, and received regions give their bytes back
 * (hundreds of calls under a 1 MiB cap). Root only (the parameter).
 */
TEST_F(pmig, names_ool_accounting)
{
	static mach_port_t ports[MANY];
	mach_port_name_array_t mn = NULL;
	mach_port_type_array_t mt = NULL;
	mach_msg_type_number_t mnc = 0, mtc = 0;
	long long cap = mt_param("ool_max_user_mb");
	mach_port_t set;
	unsigned int i;

	if (getuid() != 0 || cap < 0)
		SKIP(return, "needs root and ool_max_user_mb");
	make_ports(_metadata, ports, MANY);
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(TASK,
						   MACH_PORT_RIGHT_PORT_SET,
						   &set));
	ASSERT_EQ(0, mt_set_param("ool_max_user_mb", 0));
	EXPECT_EQ(KERN_RESOURCE_SHORTAGE,
		  _kernelrpc_mach_port_names(TASK, &mn, &mnc, &mt, &mtc));
	/* An empty set carries no memory: nothing to charge. */
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_get_set_status(TASK, set, &mn, &mnc));
	EXPECT_EQ(0U, mnc);
	ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(TASK, ports[0], set));
	EXPECT_EQ(KERN_RESOURCE_SHORTAGE,
		  mach_port_get_set_status(TASK, set, &mn, &mnc));
	/* The trap copies into the caller's memory: no cap. */
	EXPECT_EQ(KERN_SUCCESS, mach_port_names(TASK, &mn, &mnc, &mt, &mtc));
	free_array(mn, mnc);
	free_array(mt, mtc);
	ASSERT_EQ(0, mt_set_param("ool_max_user_mb", 1));
	/* 2 x 2 pages a call: 300 calls are 4.8 MiB through a 1 MiB cap. */
	for (i = 0; i < 300; i++) {
		ASSERT_EQ(KERN_SUCCESS,
			  _kernelrpc_mach_port_names(TASK, &mn, &mnc, &mt,
						     &mtc));
		free_array(mn, mnc);
		free_array(mt, mtc);
	}
	ASSERT_EQ(0, mt_set_param("ool_max_user_mb", cap));
	destroy_ports(_metadata, ports, MANY);
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, set));
}

/* mach_port_get_set_status(): the members, ascending; XNU's errors. */
TEST_F(pmig, get_set_status)
{
	static mach_port_t ports[MANY];
	mach_port_name_array_t m = NULL;
	mach_msg_type_number_t n = 99, i;
	int maps = ool_mappings();
	mach_port_t set, set2, p, d;
	long long live;

	/* The thread's MIG reply port is made before counting ports. */
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_get_set_status(TASK, MACH_PORT_NULL, &m, &n));
	live = mt_ports_live_settled();
	ASSERT_LE(0, maps);
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(TASK,
						   MACH_PORT_RIGHT_PORT_SET,
						   &set));
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(TASK,
						   MACH_PORT_RIGHT_PORT_SET,
						   &set2));
	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(TASK,
						   MACH_PORT_RIGHT_DEAD_NAME,
						   &d));
	/* Empty: success, no memory (XNU's VM_MAP_COPY_NULL). */
	m = (void *)1;
	ASSERT_EQ(KERN_SUCCESS, mach_port_get_set_status(TASK, set, &m, &n));
	EXPECT_EQ(0U, n);
	EXPECT_EQ(NULL, m);
	EXPECT_EQ(maps, ool_mappings());

	/* One member. */
	PORT(p);
	ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(TASK, p, set));
	ASSERT_EQ(KERN_SUCCESS, mach_port_get_set_status(TASK, set, &m, &n));
	ASSERT_EQ(1U, n);
	ASSERT_NE(NULL, m);
	EXPECT_EQ(p, m[0]);
	EXPECT_EQ(maps + 1, ool_mappings());
	free_array(m, n);
	EXPECT_EQ(maps, ool_mappings());

	/* Many (two pages of names), in reverse order: listed ascending. */
	make_ports(_metadata, ports, MANY);
	for (i = MANY; i-- > 0;)
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_move_member(TASK, ports[i], set2));
	ASSERT_EQ(KERN_SUCCESS, mach_port_get_set_status(TASK, set2, &m, &n));
	ASSERT_EQ(MANY, n);
	for (i = 1; i < n; i++)
		EXPECT_LT(m[i - 1], m[i]);
	for (i = 0; i < n; i++)
		EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(m[i]));
	free_array(m, n);
	/* The other set kept its one member. */
	ASSERT_EQ(KERN_SUCCESS,
		  _kernelrpc_mach_port_get_set_status(TASK, set, &m, &n));
	EXPECT_EQ(1U, n);
	free_array(m, n);

	/* Errors, as XNU's. */
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_get_set_status(TASK, MACH_PORT_NULL, &m, &n));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_get_set_status(TASK, MACH_PORT_DEAD, &m, &n));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_get_set_status(TASK, 0x998817, &m, &n));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_get_set_status(TASK, p, &m, &n));
	EXPECT_EQ(KERN_INVALID_RIGHT,
		  mach_port_get_set_status(TASK, d, &m, &n));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mach_port_get_set_status(0x998817, set, &m, &n));
	/* mach_port_get_set_status_from_user(): no space, no argument. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  mach_port_get_set_status(mach_host_self(), set, &m, &n));
	EXPECT_EQ(KERN_INVALID_ADDRESS,
		  mach_port_get_set_status(TASK, set, NULL, &n));
	EXPECT_EQ(maps, ool_mappings());

	/* A destroyed set is gone; its members stay. */
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, set2));
	EXPECT_EQ(KERN_INVALID_NAME,
		  mach_port_get_set_status(TASK, set2, &m, &n));
	destroy_ports(_metadata, ports, MANY);
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, p));
	ASSERT_EQ(KERN_SUCCESS, mach_port_get_set_status(TASK, set, &m, &n));
	EXPECT_EQ(0U, n);
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, set));
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, d));
	EXPECT_EQ(maps, ool_mappings());
	if (live >= 0)
		EXPECT_EQ(live, mt_ports_live_settled());
}

#pragma pack(push, 4)
struct names_rep {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_ool_descriptor_t names;
	mach_msg_ool_descriptor_t types;
	NDR_record_t NDR;
	mach_msg_type_number_t namesCnt;
	mach_msg_type_number_t typesCnt;
};

struct gss_req {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	mach_port_name_t name;
};

struct gss_rep {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_ool_descriptor_t members;
	NDR_record_t NDR;
	mach_msg_type_number_t membersCnt;
};
#pragma pack(pop)

/* An out-of-line descriptor as received: XNU's copy-out of kernel memory. */
static void check_ool_desc(struct __test_metadata *_metadata,
			   const mach_msg_ool_descriptor_t *d,
			   mach_msg_type_number_t count)
{
	EXPECT_EQ(MACH_MSG_OOL_DESCRIPTOR, MT_BF(d->type));
	EXPECT_EQ(MACH_MSG_VIRTUAL_COPY, MT_BF(d->copy));
	EXPECT_EQ(1U, MT_BF(d->deallocate));
	EXPECT_EQ(count * 4U, d->size);
	if (count) {
		EXPECT_NE(NULL, d->address);
	} else {
		EXPECT_EQ(NULL, d->address);
	}
}

/* Darwin's layouts: names 24 / 76, get_set_status 36 / 56. */
TEST_F(pmig, raw_ool_layouts)
{
	const struct names_rep *nr;
	const struct gss_rep *gr;
	struct gss_req greq;
	mach_port_t reply, set, p, q;
	union mt_rcv buf;
	uint8_t req[24];
	int maps = ool_mappings();
	const uint32_t *m;

	ASSERT_EQ(76U, sizeof(*nr));
	ASSERT_EQ(56U, sizeof(*gr));
	memset(req, 0, sizeof(req));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, req, 24, 3200, 0, &buf, &reply));
	nr = (const void *)&buf;
	EXPECT_EQ(76U, nr->Head.msgh_size);
	EXPECT_EQ(3300, nr->Head.msgh_id);
	EXPECT_EQ(reply, nr->Head.msgh_local_port);
	EXPECT_NE(0U, nr->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	EXPECT_EQ(2U, nr->msgh_body.msgh_descriptor_count);
	EXPECT_TRUE(mt_ndr_ok(&nr->NDR));
	EXPECT_EQ(nr->namesCnt, nr->typesCnt);
	EXPECT_LT(0U, nr->namesCnt);
	check_ool_desc(_metadata, &nr->names, nr->namesCnt);
	check_ool_desc(_metadata, &nr->types, nr->typesCnt);
	EXPECT_EQ(maps + 2, ool_mappings());
	free_array(nr->names.address, nr->namesCnt);
	free_array(nr->types.address, nr->typesCnt);
	EXPECT_EQ(maps, ool_mappings());
	/* A request with a body: MIG_BAD_ARGUMENTS. */
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &greq, 28, 3200, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3200, MIG_BAD_ARGUMENTS);

	ASSERT_EQ(KERN_SUCCESS, mach_port_allocate(TASK,
						   MACH_PORT_RIGHT_PORT_SET,
						   &set));
	memset(&greq, 0, sizeof(greq));
	greq.NDR = NDR_record;
	greq.name = set;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &greq, 36, 3211, 0, &buf, &reply));
	gr = (const void *)&buf;
	/* An empty set: still the complex reply, with a null region. */
	EXPECT_EQ(56U, gr->Head.msgh_size);
	EXPECT_EQ(3311, gr->Head.msgh_id);
	EXPECT_NE(0U, gr->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	EXPECT_EQ(1U, gr->msgh_body.msgh_descriptor_count);
	EXPECT_EQ(0U, gr->membersCnt);
	check_ool_desc(_metadata, &gr->members, 0);

	PORT(p);
	PORT(q);
	ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(TASK, q, set));
	ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(TASK, p, set));
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &greq, 36, 3211, 0, &buf, &reply));
	EXPECT_EQ(56U, gr->Head.msgh_size);
	EXPECT_TRUE(mt_ndr_ok(&gr->NDR));
	ASSERT_EQ(2U, gr->membersCnt);
	check_ool_desc(_metadata, &gr->members, 2);
	m = gr->members.address;
	EXPECT_EQ(p < q ? p : q, m[0]);
	EXPECT_EQ(p < q ? q : p, m[1]);
	free_array(gr->members.address, 2);

	/* Errors: the 36-byte reply, no memory. */
	greq.name = p;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &greq, 36, 3211, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3211, KERN_INVALID_RIGHT);
	greq.name = 0x998817;
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &greq, 36, 3211, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3211, KERN_INVALID_NAME);
	ASSERT_EQ(MACH_MSG_SUCCESS,
		  mt_rpc(TASK, &greq, 32, 3211, 0, &buf, &reply));
	mt_check_mig_error(_metadata, &buf, reply, 3211, MIG_BAD_ARGUMENTS);
	EXPECT_EQ(maps, ool_mappings());
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, p));
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, q));
	EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(TASK, set));
}

/*
 * A reply never received (its reply port destroyed first): its regions
 * are destroyed with it, nothing stays charged (checked by the cap in
 * names_ool_accounting's way: the calls keep succeeding).
 */
TEST_F(pmig, ool_reply_destroyed)
{
	mach_port_name_array_t mn = NULL;
	mach_port_type_array_t mt = NULL;
	mach_msg_type_number_t mnc = 0, mtc = 0;
	long long cap = mt_param("ool_max_user_mb");
	uint8_t req[24];
	mach_port_t reply;
	unsigned int i;

	if (getuid() != 0 || cap < 0)
		SKIP(return, "needs root and ool_max_user_mb");
	ASSERT_EQ(0, mt_set_param("ool_max_user_mb", 1));
	for (i = 0; i < 300; i++) {
		mach_msg_header_t *h = (mach_msg_header_t *)req;

		memset(req, 0, sizeof(req));
		reply = mach_reply_port();
		ASSERT_NE(MACH_PORT_NULL, reply);
		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					      MACH_MSG_TYPE_MAKE_SEND_ONCE);
		h->msgh_size = 24;
		h->msgh_remote_port = TASK;
		h->msgh_local_port = reply;
		h->msgh_id = 3200;
		ASSERT_EQ(MACH_MSG_SUCCESS,
			  mach_msg(h, MACH_SEND_MSG, 24, 0, MACH_PORT_NULL,
				   MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL));
		/* The reply is queued, its regions charged; destroy it. */
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_mod_refs(mach_task_self(), reply,
					     MACH_PORT_RIGHT_RECEIVE, -1));
	}
	ASSERT_EQ(KERN_SUCCESS,
		  _kernelrpc_mach_port_names(TASK, &mn, &mnc, &mt, &mtc));
	free_array(mn, mnc);
	free_array(mt, mtc);
	ASSERT_EQ(0, mt_set_param("ool_max_user_mb", cap));
}

/* ---- another task, through its task port -------------------------------------------- */

/*
 * The child: finds the parent's rendezvous port among the registered
 * ports it inherited, sends it its task port and a send right to @wait,
 * and waits on @wait until the parent says to exit.
 */
struct task_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t task;
	mach_msg_port_descriptor_t wait;
};

static int child_lends_task(void *unused)
{
	mach_port_array_t ports = NULL;
	mach_msg_type_number_t count = 0;
	mach_port_t wait = mt_port();
	struct task_msg m;
	union mt_rcv buf;

	(void)unused;
	MT_CHILD_TRUE(wait != MACH_PORT_NULL);
	MT_CHILD_EQ(KERN_SUCCESS, mach_ports_lookup(mach_task_self(), &ports,
						    &count));
	MT_CHILD_TRUE(count >= 1 && MACH_PORT_VALID(ports[0]));
	memset(&m, 0, sizeof(m));
	mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
		  MACH_MSGH_BITS_COMPLEX, sizeof(m), ports[0], MACH_PORT_NULL,
		  4242);
	m.body.msgh_descriptor_count = 2;
	m.task.name = mach_task_self();
	m.task.disposition = MACH_MSG_TYPE_COPY_SEND;
	m.task.type = MACH_MSG_PORT_DESCRIPTOR;
	m.wait.name = wait;
	m.wait.disposition = MACH_MSG_TYPE_MAKE_SEND;
	m.wait.type = MACH_MSG_PORT_DESCRIPTOR;
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL));
	MT_CHILD_EQ(MACH_MSG_SUCCESS,
		    mt_recv(wait, &buf, sizeof(buf), MACH_RCV_TIMEOUT,
			    60000));
	return 0;
}

/**
 * struct lender - a child whose task port the test holds
 * @pid:	the child
 * @task:	a send right to its task port
 * @wait:	a send right to the port it waits on
 */
struct lender {
	pid_t pid;
	mach_port_t task;
	mach_port_t wait;
};

static int lender_start(struct lender *c)
{
	mach_port_t rdv = mt_port_send();
	struct task_msg *m;
	union mt_rcv buf;
	int ret = -1;

	if (!rdv || mach_ports_register(mach_task_self(), &rdv, 1))
		return -1;
	c->pid = mt_fork(child_lends_task, NULL);
	if (c->pid > 0 && mt_recv_wait(rdv, &buf) == MACH_MSG_SUCCESS &&
	    buf.head.msgh_id == 4242) {
		m = (struct task_msg *)&buf;
		c->task = m->task.name;
		c->wait = m->wait.name;
		ret = 0;
	}
	mach_ports_register(mach_task_self(), NULL, 0);
	mach_port_destroy(mach_task_self(), rdv);
	return ret;
}

static int lender_end(struct lender *c)
{
	mt_send(c->wait, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL, 0, 1, 0,
		MACH_SEND_TIMEOUT, MT_WAIT_MS);
	return mt_wait_ok(c->pid);
}

TEST_F(pmig, other_task)
{
	static const scenario_t sc[] = {
		sc_allocate, sc_refs, sc_insert_extract, sc_move_member,
		sc_attributes, sc_notify,
	};
	mach_port_t n = MACH_PORT_NULL, got = MACH_PORT_NULL;
	mach_port_type_t type = 0;
	mach_msg_type_name_t poly;
	mach_port_context_t ctx = 1;
	mach_port_status_t st;
	struct lender c;
	unsigned int i;

	ASSERT_EQ(0, lender_start(&c));
	EXPECT_EQ(MACH_PORT_TYPE_SEND, mt_type(c.task));
	EXPECT_NE(TASK, c.task);
	for (i = 0; i < ARRAY_SIZE(sc); i++)
		both_paths(_metadata, sc[i], c.task, 0x6100 + 0x200 * i);

	/* A name made through one path is seen through the other. */
	ASSERT_EQ(KERN_SUCCESS, _kernelrpc_mach_port_allocate(
			c.task, MACH_PORT_RIGHT_RECEIVE, &n));
	EXPECT_EQ(KERN_SUCCESS, mach_port_type(c.task, n, &type));
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, type);
	/* Not in the caller's space. */
	EXPECT_NE(MACH_PORT_TYPE_RECEIVE, mt_type(n));
	EXPECT_EQ(KERN_SUCCESS, mach_port_set_mscount(c.task, n, 5));
	EXPECT_EQ(KERN_SUCCESS, mach_port_set_context(c.task, n, 77));
	ASSERT_EQ(KERN_SUCCESS, o_status(&trap_ops, c.task, n, &st));
	EXPECT_EQ(5U, st.mps_mscount);
	EXPECT_EQ(KERN_SUCCESS, _kernelrpc_mach_port_extract_right(
			c.task, n, MACH_MSG_TYPE_MOVE_RECEIVE, &got, &poly));
	EXPECT_EQ(MACH_MSG_TYPE_PORT_RECEIVE, poly);
	EXPECT_EQ(MACH_PORT_TYPE_RECEIVE, mt_type(got));
	/* A receive right leaving its space loses make-send count, context. */
	ASSERT_EQ(KERN_SUCCESS, mt_status(got, &st));
	EXPECT_EQ(0U, st.mps_mscount);
	EXPECT_EQ(KERN_SUCCESS, mach_port_get_context(TASK, got, &ctx));
	EXPECT_EQ(0U, ctx);
	EXPECT_EQ(KERN_INVALID_NAME, mach_port_type(c.task, n, &type));

	/* The out-of-line routines on the other task's space. */
	{
		mach_port_name_array_t tn = NULL, mn = NULL, m = NULL;
		mach_port_type_array_t tt = NULL, mt = NULL;
		mach_msg_type_number_t tnc = 0, ttc = 0, mnc = 0, mtc = 0;
		mach_msg_type_number_t mc = 0;
		mach_port_t set = MACH_PORT_NULL, r = MACH_PORT_NULL;

		ASSERT_EQ(KERN_SUCCESS, _kernelrpc_mach_port_allocate(
				c.task, MACH_PORT_RIGHT_PORT_SET, &set));
		ASSERT_EQ(KERN_SUCCESS, _kernelrpc_mach_port_allocate(
				c.task, MACH_PORT_RIGHT_RECEIVE, &r));
		ASSERT_EQ(KERN_SUCCESS, mach_port_move_member(c.task, r, set));
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_names(c.task, &tn, &tnc, &tt, &ttc));
		ASSERT_EQ(KERN_SUCCESS,
			  _kernelrpc_mach_port_names(c.task, &mn, &mnc, &mt,
						     &mtc));
		ASSERT_EQ(tnc, mnc);
		EXPECT_EQ(0, memcmp(tn, mn, mnc * sizeof(*mn)));
		EXPECT_EQ(0, memcmp(tt, mt, mtc * sizeof(*mt)));
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_get_set_status(c.task, set, &m, &mc));
		ASSERT_EQ(1U, mc);
		EXPECT_EQ(r, m[0]);
		free_array(tn, tnc);
		free_array(tt, ttc);
		free_array(mn, mnc);
		free_array(mt, mtc);
		free_array(m, mc);
		EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(c.task, r));
		EXPECT_EQ(KERN_SUCCESS, mach_port_destroy(c.task, set));
	}

	ASSERT_EQ(0, lender_end(&c));
	/* The task is gone: its port is a dead name, on both paths. */
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mach_port_allocate(c.task, MACH_PORT_RIGHT_RECEIVE, &n));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  _kernelrpc_mach_port_allocate(c.task,
						MACH_PORT_RIGHT_RECEIVE, &n));
	EXPECT_EQ(MACH_SEND_INVALID_DEST, mach_port_get_srights(c.task, got,
								&type));
}

TEST_HARNESS_MAIN

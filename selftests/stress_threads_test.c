// SPDX-License-Identifier: GPL-2.0
/*
 * stress_threads_test - many threads on one port space, and many threads
 * on the sysctl tree while it changes:
 *   - 32 threads share a table of names; each, from its own seeded random
 *     sequence ($XNU_STRESS_SEED, else the time; printed for a replay),
 *     allocates receive rights into free slots, destroys the ones it takes
 *     out of the table, and on names other threads may be destroying at
 *     the same time makes and drops send rights (insert_right,
 *     deallocate), makes and drops send-once rights, sends to them,
 *     receives (waiting up to 2 ms) from them and from a shared port set,
 *     moves them in and out of that set, replaces the set (destroying the
 *     old one under its waiters and members),
 *     asks for and cancels no-senders notifications, reads their type and
 *     references, and lists the space (mach_port_names). Every call
 *     returns success or one of the errors a name that went away explains;
 *     all threads end in bounded time (no deadlock); afterwards every slot
 *     holds a receive right with no send right left, and once they are
 *     destroyed the space holds exactly the names it had before and the
 *     module exactly its ports;
 *   - 16 senders and 8 receivers on 4 shared ports with a queue limit of
 *     2 (two of them in a port set): every message arrives exactly once;
 *   - 32 threads read sysctl OIDs by name while other threads register
 *     and unregister them (the test module's bulk_node.o<k>, value k, and
 *     autonode.a<k>): a read gives the OID's value or ENOENT, nothing else.
 * Loops scale with $XNU_STRESS_LOOPS (default 1000, 100 on the debug
 * kernel). Runs as root and as nobody (the sysctl case as root: it needs
 * the test module's knobs).
 */
#include <stdatomic.h>
#include <sys/sysctl.h>

#include "xnu_mach_selftest.h"
#include "xnu_sysctl_selftest.h"
#include "xnu_stress_selftest.h"

#define NTHREADS	32
#define NSLOTS		64
#define JOIN_MS		120000

/* ---- a seeded random sequence per thread ---------------------------------------- */

static uint64_t seed_base(void)
{
	const char *s = getenv("XNU_STRESS_SEED");

	if (s && *s)
		return strtoull(s, NULL, 0);
	return mt_now_ns();
}

static uint32_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (uint32_t)(*x >> 11);
}

/* Join @th, giving up at @end_ns (a thread that never ends is a hang). */
static int join_by(pthread_t th, uint64_t end_ns)
{
	struct timespec ts;
	uint64_t now_rt;

	clock_gettime(CLOCK_REALTIME, &ts);
	now_rt = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	now_rt += end_ns > mt_now_ns() ? end_ns - mt_now_ns() : 0;
	ts.tv_sec = (time_t)(now_rt / 1000000000ULL);
	ts.tv_nsec = (long)(now_rt % 1000000000ULL);
	return pthread_timedjoin_np(th, NULL, &ts);
}

/* ---- rights on one space ------------------------------------------------------ */

struct chaos {
	_Atomic mach_port_t slot[NSLOTS];
	_Atomic mach_port_t pset;	/* replaced now and then */
	mach_port_t notify;
	uint64_t seed;
	unsigned int iters;
	atomic_uint bad;		/* unexplained results */
	atomic_uint ops;
	atomic_uint allocated, destroyed;
};

struct chaos_thread {
	pthread_t th;
	struct chaos *c;
	unsigned int idx;
};

/* May a call on a name other threads may destroy return @kr? */
static bool racy_ok(kern_return_t kr)
{
	switch (kr) {
	case KERN_SUCCESS:
	case KERN_INVALID_NAME:
	case KERN_INVALID_RIGHT:
	case KERN_INVALID_CAPABILITY:
	case KERN_INVALID_VALUE:
	case KERN_INVALID_ARGUMENT:
	case KERN_NOT_IN_SET:
	case MACH_SEND_INVALID_DEST:
	case MACH_SEND_TIMED_OUT:
	case MACH_RCV_TIMED_OUT:
	case MACH_RCV_INVALID_NAME:
	case MACH_RCV_PORT_DIED:
	case MACH_RCV_PORT_CHANGED:
		return true;
	default:
		return false;
	}
}

static void chaos_bad(struct chaos *c, unsigned int idx, const char *what,
		      mach_port_t name, kern_return_t kr)
{
	if (atomic_fetch_add(&c->bad, 1) < 10)
		fprintf(stderr, "# thread %u: %s(%#x) = %#x\n", idx, what,
			name, kr);
}

#define CHECK(ok, what, name, kr) do {					\
	if (!(ok))							\
		chaos_bad(c, t->idx, what, name, kr);			\
} while (0)

static void chaos_op(struct chaos_thread *t, uint64_t *x)
{
	struct chaos *c = t->c;
	unsigned int s = rnd(x) % NSLOTS, op = rnd(x) % 13;
	mach_port_t name = atomic_load(&c->slot[s]), got, prev, zero = 0;
	mach_port_urefs_t refs;
	mach_port_type_t type;
	mach_msg_type_name_t poly;
	kern_return_t kr;
	union mt_rcv buf;
	struct mt_msg m;
	int n;

	atomic_fetch_add(&c->ops, 1);
	switch (op) {
	case 0:	/* allocate into a free slot */
		got = mt_port();
		CHECK(got != MACH_PORT_NULL, "allocate", 0, 0);
		if (!got)
			break;
		if (atomic_compare_exchange_strong(&c->slot[s], &zero, got)) {
			atomic_fetch_add(&c->allocated, 1);
			break;
		}
		CHECK(mt_kill(got) == KERN_SUCCESS, "destroy own", got, 0);
		break;
	case 1:	/* take a slot out and destroy its receive right */
		got = atomic_exchange(&c->slot[s], MACH_PORT_NULL);
		if (!got)
			break;
		kr = mt_kill(got);
		CHECK(kr == KERN_SUCCESS, "destroy taken", got, kr);
		atomic_fetch_add(&c->destroyed, 1);
		break;
	case 2:	/* a send right made and dropped */
		if (!name)
			break;
		kr = mach_port_insert_right(mach_task_self(), name, name,
					    MACH_MSG_TYPE_MAKE_SEND);
		CHECK(racy_ok(kr), "insert_right", name, kr);
		if (kr == KERN_SUCCESS) {
			/* Drops the send ref, or the dead name's. */
			kr = mach_port_deallocate(mach_task_self(), name);
			CHECK(kr == KERN_SUCCESS, "deallocate send", name, kr);
		}
		break;
	case 3:	/* a send-once right made and dropped */
		if (!name)
			break;
		got = MACH_PORT_NULL;
		kr = mach_port_extract_right(mach_task_self(), name,
					     MACH_MSG_TYPE_MAKE_SEND_ONCE,
					     &got, &poly);
		CHECK(racy_ok(kr), "extract_right", name, kr);
		if (kr == KERN_SUCCESS) {
			kr = mach_port_deallocate(mach_task_self(), got);
			CHECK(kr == KERN_SUCCESS, "deallocate sonce", got, kr);
		}
		break;
	case 4:	/* a message (its send right travels with it) */
		if (!name)
			break;
		memset(&m, 0, sizeof(m));
		mt_header(&m.head, MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
			  sizeof(m), name, MACH_PORT_NULL,
			  (mach_msg_id_t)t->idx);
		kr = mach_msg(&m.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			      sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
		CHECK(racy_ok(kr), "send", name, kr);
		/*
		 * As XNU, a send that timed out gives the message back
		 * (pseudo-receive): the send right made for it is ours now.
		 */
		if (kr == MACH_SEND_TIMED_OUT &&
		    MACH_PORT_VALID(m.head.msgh_remote_port)) {
			kr = mach_port_deallocate(mach_task_self(),
						  m.head.msgh_remote_port);
			CHECK(kr == KERN_SUCCESS, "deallocate returned",
			      m.head.msgh_remote_port, kr);
		}
		break;
	case 5:	/* receive from the set, or from the name: up to 2 ms asleep */
		kr = mt_recv(rnd(x) & 1 ? atomic_load(&c->pset) : name, &buf,
			     sizeof(buf), MACH_RCV_TIMEOUT, rnd(x) % 3);
		CHECK(racy_ok(kr) || (!name && kr == MACH_RCV_INVALID_NAME),
		      "receive", name, kr);
		break;
	case 6:	/* into the set, or out of any */
		if (!name)
			break;
		kr = mach_port_move_member(mach_task_self(), name,
					   rnd(x) & 1 ? atomic_load(&c->pset) :
					   MACH_PORT_NULL);
		CHECK(racy_ok(kr), "move_member", name, kr);
		break;
	case 7:	/* a no-senders request, or its cancellation */
		if (!name)
			break;
		prev = MACH_PORT_NULL;
		kr = mach_port_request_notification(mach_task_self(), name,
						    MACH_NOTIFY_NO_SENDERS,
						    rnd(x) % 3,
						    rnd(x) & 1 ? c->notify :
						    MACH_PORT_NULL,
						    MACH_MSG_TYPE_MAKE_SEND_ONCE,
						    &prev);
		CHECK(racy_ok(kr), "request no-senders", name, kr);
		if (kr == KERN_SUCCESS && prev) {
			kr = mach_port_deallocate(mach_task_self(), prev);
			CHECK(kr == KERN_SUCCESS, "deallocate prev", prev, kr);
		}
		break;
	case 8:	/* type and references */
		if (!name)
			break;
		kr = mach_port_type(mach_task_self(), name, &type);
		CHECK(racy_ok(kr), "type", name, kr);
		kr = mach_port_get_refs(mach_task_self(), name,
					MACH_PORT_RIGHT_RECEIVE, &refs);
		CHECK(racy_ok(kr) && (kr || refs <= 1), "get_refs", name,
		      kr);
		break;
	case 9:	/* the whole space */
		n = mt_names(NULL, NULL);
		CHECK(n > 0, "names", 0, n);
		break;
	case 10: /* drain the notifications */
		while (mt_recv_poll(c->notify, &buf) == MACH_MSG_SUCCESS)
			;
		break;
	case 12: /* a new set; the old one goes, members, waiters and all */
		got = mt_pset();
		CHECK(got != MACH_PORT_NULL, "allocate set", 0, 0);
		if (!got)
			break;
		prev = atomic_exchange(&c->pset, got);
		kr = mach_port_mod_refs(mach_task_self(), prev,
					MACH_PORT_RIGHT_PORT_SET, -1);
		CHECK(kr == KERN_SUCCESS, "destroy set", prev, kr);
		break;
	default: /* the queue limit, on a port being destroyed */
		if (name) {
			kr = mt_set_qlimit(name, 1 + rnd(x) % 5);
			CHECK(racy_ok(kr), "set qlimit", name, kr);
		}
		break;
	}
}

static void *chaos_main(void *p)
{
	struct chaos_thread *t = p;
	uint64_t x = t->c->seed ^ ((uint64_t)(t->idx + 1) * 0x9e3779b97f4a7c15ULL);
	unsigned int i;

	if (!x)
		x = 1;
	for (i = 0; i < t->c->iters; i++)
		chaos_op(t, &x);
	return NULL;
}

MT_FIXTURE_ROOT_NOBODY(thr)

TEST_F_TIMEOUT(thr, rights_on_one_space, 280)
{
	static struct chaos_thread t[NTHREADS];
	static struct chaos c;
	mach_port_name_t *names0 = NULL, *names1 = NULL;
	mach_port_type_t *types0 = NULL, *types1 = NULL;
	uint64_t start, end;
	unsigned int i, left = 0;
	long long live;
	int n0, n1, j, k;
	union mt_rcv buf;

	memset(&c, 0, sizeof(c));
	c.seed = seed_base();
	c.iters = st_loops() * 4;
	TH_LOG("XNU_STRESS_SEED=%#llx, %u threads x %u ops",
	       (unsigned long long)c.seed, NTHREADS, c.iters);
	live = mt_ports_live_settled();
	n0 = mt_names(&names0, &types0);
	ASSERT_LT(0, n0);
	c.pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, c.pset);
	PORT(c.notify);

	start = mt_now_ns();
	end = start + (uint64_t)JOIN_MS * 1000000ULL;
	for (i = 0; i < NTHREADS; i++) {
		t[i].c = &c;
		t[i].idx = i;
		ASSERT_EQ(0, pthread_create(&t[i].th, NULL, chaos_main, &t[i]));
	}
	for (i = 0; i < NTHREADS; i++)
		ASSERT_EQ(0, join_by(t[i].th, end)) {
			TH_LOG("thread %u still running after %d ms: hang",
			       i, JOIN_MS);
		}
	TH_LOG("%u ops in %llu ms; %u rights made, %u destroyed",
	       atomic_load(&c.ops),
	       (unsigned long long)((mt_now_ns() - start) / 1000000ULL),
	       atomic_load(&c.allocated), atomic_load(&c.destroyed));
	EXPECT_EQ(0U, atomic_load(&c.bad));

	/*
	 * Every slot holds a receive right of its own, with exactly one
	 * receive reference and no send right (each one made was dropped).
	 */
	for (i = 0; i < NSLOTS; i++) {
		mach_port_t name = atomic_load(&c.slot[i]);

		if (!name)
			continue;
		left++;
		EXPECT_EQ(MACH_PORT_TYPE_RECEIVE,
			  mt_type(name)) {
			TH_LOG("slot %u: %#x is of type %#x", i, name,
			       mt_type(name));
		}
		EXPECT_EQ(1U, mt_refs(name, MACH_PORT_RIGHT_RECEIVE));
		EXPECT_EQ(0U, mt_refs(name, MACH_PORT_RIGHT_SEND));
		EXPECT_EQ(KERN_SUCCESS, mt_kill(name));
	}
	EXPECT_EQ(atomic_load(&c.allocated) - atomic_load(&c.destroyed),
		  left);
	EXPECT_EQ(KERN_SUCCESS, mach_port_mod_refs(mach_task_self(),
						   atomic_load(&c.pset),
						   MACH_PORT_RIGHT_PORT_SET,
						   -1));
	while (mt_recv_poll(c.notify, &buf) == MACH_MSG_SUCCESS)
		;
	EXPECT_EQ(KERN_SUCCESS, mt_kill(c.notify));

	/* The space is what it was, name for name; so are the ports. */
	n1 = mt_names(&names1, &types1);
	EXPECT_EQ(n0, n1);
	for (j = 0; j < n0; j++) {
		for (k = 0; k < n1 && names1[k] != names0[j]; k++)
			;
		EXPECT_LT(k, n1) TH_LOG("name %#x is gone", names0[j]);
		if (k < n1)
			EXPECT_EQ(types0[j], types1[k]);
	}
	mt_free_names(names0, types0, n0);
	mt_free_names(names1, types1, n1);
	EXPECT_EQ(live, mt_ports_live_wait(live));
}

/* ---- messages on shared ports ------------------------------------------------- */

#define NPORTS		4
#define NSENDERS	16
#define NRECEIVERS	8

struct traffic {
	mach_port_t port[NPORTS];
	mach_port_t pset;		/* holds port[2] and port[3] */
	unsigned int per_sender;
	_Atomic unsigned int received;
	unsigned int total;
	_Atomic uint8_t *seen;
	atomic_uint bad;
};

struct traffic_thread {
	pthread_t th;
	struct traffic *tr;
	unsigned int idx;
};

static void *sender_main(void *p)
{
	struct traffic_thread *t = p;
	struct traffic *tr = t->tr;
	mach_msg_return_t mr;
	unsigned int i;

	for (i = 0; i < tr->per_sender; i++) {
		mr = mt_send(tr->port[(t->idx + i) % NPORTS],
			     MACH_MSG_TYPE_MAKE_SEND, MACH_PORT_NULL, 0,
			     (mach_msg_id_t)(t->idx * tr->per_sender + i),
			     t->idx, MACH_SEND_TIMEOUT, JOIN_MS);
		if (mr != MACH_MSG_SUCCESS) {
			atomic_fetch_add(&tr->bad, 1);
			fprintf(stderr, "# sender %u: %#x\n", t->idx, mr);
			break;
		}
	}
	return NULL;
}

static void *receiver_main(void *p)
{
	struct traffic_thread *t = p;
	struct traffic *tr = t->tr;
	/* Receivers 0-1 on port 0, 2-3 on port 1, the rest on the set. */
	mach_port_t from = t->idx < 4 ? tr->port[t->idx / 2] : tr->pset;
	mach_msg_return_t mr;
	union mt_rcv buf;
	uint32_t id;

	while (atomic_load(&tr->received) < tr->total) {
		mr = mt_recv(from, &buf, sizeof(buf), MACH_RCV_TIMEOUT, 50);
		if (mr == MACH_RCV_TIMED_OUT)
			continue;
		if (mr != MACH_MSG_SUCCESS) {
			atomic_fetch_add(&tr->bad, 1);
			fprintf(stderr, "# receiver %u: %#x\n", t->idx, mr);
			break;
		}
		id = (uint32_t)buf.head.msgh_id;
		if (id >= tr->total || atomic_fetch_add(&tr->seen[id], 1)) {
			atomic_fetch_add(&tr->bad, 1);
			fprintf(stderr, "# receiver %u: id %u again\n",
				t->idx, id);
		}
		atomic_fetch_add(&tr->received, 1);
	}
	return NULL;
}

TEST_F_TIMEOUT(thr, send_receive_on_shared_ports, 280)
{
	static struct traffic_thread s[NSENDERS], r[NRECEIVERS];
	struct traffic tr;
	uint64_t start, end;
	unsigned int i;
	long long live;

	memset(&tr, 0, sizeof(tr));
	live = mt_ports_live_settled();
	tr.per_sender = st_loops() * 2;
	tr.total = NSENDERS * tr.per_sender;
	tr.seen = calloc(tr.total, 1);
	ASSERT_NE(NULL, tr.seen);
	for (i = 0; i < NPORTS; i++) {
		PORT(tr.port[i]);
		ASSERT_EQ(KERN_SUCCESS, mt_set_qlimit(tr.port[i], 2));
	}
	tr.pset = mt_pset();
	ASSERT_NE(MACH_PORT_NULL, tr.pset);
	for (i = 2; i < NPORTS; i++)
		ASSERT_EQ(KERN_SUCCESS,
			  mach_port_move_member(TASK, tr.port[i], tr.pset));

	start = mt_now_ns();
	end = start + (uint64_t)JOIN_MS * 1000000ULL;
	for (i = 0; i < NRECEIVERS; i++) {
		r[i].tr = &tr;
		r[i].idx = i;
		ASSERT_EQ(0, pthread_create(&r[i].th, NULL, receiver_main,
					    &r[i]));
	}
	for (i = 0; i < NSENDERS; i++) {
		s[i].tr = &tr;
		s[i].idx = i;
		ASSERT_EQ(0, pthread_create(&s[i].th, NULL, sender_main,
					    &s[i]));
	}
	for (i = 0; i < NSENDERS; i++)
		ASSERT_EQ(0, join_by(s[i].th, end)) TH_LOG("sender %u hangs", i);
	for (i = 0; i < NRECEIVERS; i++)
		ASSERT_EQ(0, join_by(r[i].th, end))
			TH_LOG("receiver %u hangs", i);
	TH_LOG("%u messages in %llu ms", tr.total,
	       (unsigned long long)((mt_now_ns() - start) / 1000000ULL));
	EXPECT_EQ(0U, atomic_load(&tr.bad));
	EXPECT_EQ(tr.total, atomic_load(&tr.received));
	for (i = 0; i < tr.total; i++)
		if (atomic_load(&tr.seen[i]) != 1) {
			EXPECT_EQ(1, atomic_load(&tr.seen[i]))
				TH_LOG("message %u", i);
			break;
		}
	for (i = 0; i < NPORTS; i++) {
		EXPECT_EQ(0U, mt_msgcount(tr.port[i]));
		EXPECT_EQ(KERN_SUCCESS, mt_kill(tr.port[i]));
	}
	EXPECT_EQ(KERN_SUCCESS, mach_port_mod_refs(TASK, tr.pset,
						   MACH_PORT_RIGHT_PORT_SET,
						   -1));
	free((void *)tr.seen);
	EXPECT_EQ(live, mt_ports_live_wait(live));
}

/* ---- sysctl OIDs coming and going ------------------------------------------------ */

#define BULK_N		32
#define NREADERS	32

struct oids {
	atomic_bool stop;
	atomic_uint reads, hits, bad;
	uint64_t seed;
};

struct oids_thread {
	pthread_t th;
	struct oids *o;
	unsigned int idx;
};

static void *oid_reader(void *p)
{
	struct oids_thread *t = p;
	uint64_t x = t->o->seed ^ ((uint64_t)(t->idx + 1) << 32);
	char name[96];
	unsigned int k;
	size_t len;
	int v, err;

	if (!x)
		x = 1;
	while (!atomic_load(&t->o->stop)) {
		k = rnd(&x) % (BULK_N + 3);
		if (k < BULK_N)
			snprintf(name, sizeof(name), EMU "bulk_node.o%u", k);
		else
			snprintf(name, sizeof(name), EMU "autonode.a%u",
				 k - BULK_N);
		len = sizeof(v);
		v = -1;
		err = sysctlbyname(name, &v, &len, NULL, 0) ? errno : 0;
		atomic_fetch_add(&t->o->reads, 1);
		if (!err && len == sizeof(v) &&
		    (k >= BULK_N ? v == 0 : v == (int)k)) {
			atomic_fetch_add(&t->o->hits, 1);
			continue;
		}
		if (err == ENOENT)
			continue;
		if (atomic_fetch_add(&t->o->bad, 1) < 10)
			fprintf(stderr, "# reader %u: %s: err %d len %zu v %d\n",
				t->idx, name, err, len, v);
	}
	return NULL;
}

FIXTURE(oids) {
	struct sc c;
	unsigned long taint;
};
XNU_FIXTURE_PROTOTYPES(oids);

FIXTURE_SETUP(oids)
{
	self->c.fd = -1;
	self->taint = xnu_taint();
	ASSERT_TRUE(emu_loaded()) TH_LOG("%s is not loaded", EMU_MODULE);
	ASSERT_LE(0, sc_open(&self->c, 0));
	ASSERT_EQ(0, sc_set_int(&self->c, EMU "reset", 1));
}

FIXTURE_TEARDOWN(oids)
{
	sc_set_int(&self->c, EMU "bulk", 0);
	emu_fixture_teardown(_metadata, &self->c, self->taint);
}

TEST_F_TIMEOUT(oids, readers_while_oids_come_and_go, 280)
{
	static struct oids_thread t[NREADERS];
	struct oids o;
	unsigned int i, rounds = st_loops();
	uint64_t start, end;
	int err;

	memset(&o, 0, sizeof(o));
	o.seed = seed_base();
	TH_LOG("XNU_STRESS_SEED=%#llx, %u readers, %u rounds",
	       (unsigned long long)o.seed, NREADERS, rounds);
	for (i = 0; i < NREADERS; i++) {
		t[i].o = &o;
		t[i].idx = i;
		ASSERT_EQ(0, pthread_create(&t[i].th, NULL, oid_reader, &t[i]));
	}
	start = mt_now_ns();
	for (i = 0; i < rounds; i++) {
		EXPECT_EQ(0, sc_set_int(&self->c, EMU "bulk",
					i & 1 ? 0 : BULK_N));
		/* autonode.a<k> goes and comes back under a new number. */
		err = sc_set_int(&self->c, EMU "auto_unreg", (int)(i % 3));
		EXPECT_TRUE(err == 0 || err == EBUSY) TH_LOG("err %d", err);
		EXPECT_EQ(0, sc_set_int(&self->c, EMU "auto_reg",
					(int)(i % 3)));
	}
	atomic_store(&o.stop, true);
	end = mt_now_ns() + (uint64_t)JOIN_MS * 1000000ULL;
	for (i = 0; i < NREADERS; i++)
		ASSERT_EQ(0, join_by(t[i].th, end)) TH_LOG("reader %u hangs", i);
	TH_LOG("%u reads (%u found) in %llu ms", atomic_load(&o.reads),
	       atomic_load(&o.hits),
	       (unsigned long long)((mt_now_ns() - start) / 1000000ULL));
	EXPECT_EQ(0U, atomic_load(&o.bad));
	EXPECT_LT(0U, atomic_load(&o.hits));
	/* The tree is whole: the last round's OIDs are there. */
	EXPECT_EQ(0, sc_set_int(&self->c, EMU "bulk", BULK_N));
	EXPECT_EQ(7, get_int_or(&self->c, EMU "bulk_node.o7"));
}

XNU_SYSCTL_HARNESS_MAIN

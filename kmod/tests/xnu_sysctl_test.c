// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_sysctl_test.c - the test module of the sysctl selftests
 * (selftests/sysctl_*_test.c load and unload it).
 *
 * Registers debug.emutest (an OID_AUTO node) holding the peer test matrix
 * of the sysctl reference: an int, a constant int, unsigned, long and quad
 * numbers, strings, an opaque struct, read-only, anybody-writable, a
 * validating SYSCTL_PROC, an empty node, a chain of empty nodes, a type-0
 * OID without handler, SECURE and MASKED ints; and knobs the tests drive:
 *
 *   reset          write 1: every value back to its default
 *   sleepy         read: sleeps sleep_ms ms (interruptibly), then 4242;
 *                  sleepy_active counts readers inside, sleepy_exit_ns is
 *                  when the last one finished
 *   unreg_sleepy   write 1: unregister sleepy (waits for readers), 2:
 *                  register it again; read: 1 while registered;
 *                  unreg_active is sleepy_active right after the unregister
 *                  returned, unreg_ns when it returned
 *   eagain         read: EAGAIN while eagain_left > 0 (decremented), then
 *                  7777; eagain_calls counts handler calls
 *   bulk           write N (0..100000): N OIDs bulk_node.o0 .. o<N-1>
 *                  (OID_AUTO ints, value = index), replacing the previous
 *                  ones; 0 removes them; read: how many there are
 *   auto_reg,      write k (0..2): register / unregister autonode.a<k>
 *   auto_unreg     with OID_AUTO; read: bitmask of the registered ones
 *   dupe_reg       write n >= 0: register "dupe" with the explicit number
 *                  n (refused by the core when n is taken), -1: unregister
 *   unreg_again    write 1 while unreg_sleepy is unregistering sleepy:
 *                  unregister it a second time (EBUSY otherwise);
 *                  again_active and again_ns as unreg_active and unreg_ns
 *   chunks         read: three SYSCTL_OUT chunks of 3000 bytes, byte k of
 *                  the value being emu_chunk_byte(k), going on after an
 *                  error as Darwin handlers do; returns the first error
 *                  (chunks_mode 0) or 0 (chunks_mode 1); chunks_overrun
 *                  counts chunks after which oldidx was past oldlen
 *   victim,        victim is an int without CTLFLAG_LOCKED; a write of 1 to
 *   victim_unreg   victim_unreg (no CTLFLAG_LOCKED either, so under the
 *                  global handler mutex) sleeps 300 ms, then unregisters
 *                  victim; 2 registers it again; victim_busy is 1 during
 *                  that write
 *   rootonly       an int whose handler refuses non-root readers (EPERM)
 *   leak           write 1: register debug.emutest_leaked, a kmalloc'd OID
 *                  whose only pointer into this module is arg1, and never
 *                  unregister it (the core's unload safety net must)
 *
 * Every knob but victim_unreg is CTLFLAG_LOCKED, so the global handler
 * mutex does not serialise the tests' concurrent calls. Handlers return
 * -errno, which the core takes as XNU's positive errno.
 */
#include <linux/capability.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/kmemleak.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <sys/sysctl.h>

#define EMU_SLEEPY_VALUE	4242
#define EMU_EAGAIN_VALUE	7777
#define EMU_BULK_MAX		100000
#define EMU_SLEEP_MAX_MS	60000
#define EMU_AUTO_COUNT		3
#define EMU_CHUNK_LEN		3000
#define EMU_CHUNKS		3
#define EMU_VICTIM_SLEEP_MS	300
#define EMU_LEAKED_VALUE	5151

struct foo {
	u32 a, b, c;
};

/* ---- the values, and their defaults ---- */

static int emu_i;
static unsigned int emu_u;
static long emu_l;
static long long emu_q;
static long long emu_qs;
static char emu_s[16];
static struct foo emu_o;
static int emu_ro;
static int emu_any;
static int emu_p;
static int emu_secure;
static int emu_masked;
static int emu_nodescr;

static int emu_sleep_ms;
static atomic_t emu_sleepy_active = ATOMIC_INIT(0);
static long long emu_sleepy_exit_ns;
static int emu_unreg_active;
static long long emu_unreg_ns;
static int emu_eagain_left;
static int emu_eagain_calls;
static int emu_again_active;
static long long emu_again_ns;
static int emu_chunks_mode;
static atomic_t emu_chunks_overrun = ATOMIC_INIT(0);
static int emu_victim;
static int emu_victim_busy;
static int emu_rootonly;

static void emu_reset(void)
{
	WRITE_ONCE(emu_i, 17);
	WRITE_ONCE(emu_u, 0xfffffff0U);
	WRITE_ONCE(emu_l, -5000000000L);
	WRITE_ONCE(emu_q, 0x123456789LL);
	WRITE_ONCE(emu_qs, -1234);
	strscpy(emu_s, "hello", sizeof(emu_s));
	emu_o = (struct foo){ 0x04030201, 0x08070605, 0x0c0b0a09 };
	WRITE_ONCE(emu_ro, 1234);
	WRITE_ONCE(emu_any, 0);
	WRITE_ONCE(emu_p, 50);
	WRITE_ONCE(emu_secure, 9);
	WRITE_ONCE(emu_masked, 5);
	WRITE_ONCE(emu_nodescr, 3);
	WRITE_ONCE(emu_sleep_ms, 1000);
	WRITE_ONCE(emu_eagain_left, 0);
	WRITE_ONCE(emu_eagain_calls, 0);
	WRITE_ONCE(emu_chunks_mode, 0);
	atomic_set(&emu_chunks_overrun, 0);
	WRITE_ONCE(emu_victim, 61);
	WRITE_ONCE(emu_rootonly, 77);
}

/* ---- the matrix ---- */

SYSCTL_NODE(_debug, OID_AUTO, emutest, CTLFLAG_RW | CTLFLAG_LOCKED, NULL,
	    "xnucross sysctl test matrix");

SYSCTL_INT(_debug_emutest, OID_AUTO, i, CTLFLAG_RW, &emu_i, 0,
	   "an int");
SYSCTL_INT(_debug_emutest, OID_AUTO, ci, CTLFLAG_RW, NULL, 42,
	   "a constant int");
SYSCTL_UINT(_debug_emutest, OID_AUTO, u, CTLFLAG_RW, &emu_u, 0,
	    "an unsigned int");
SYSCTL_LONG(_debug_emutest, OID_AUTO, l, CTLFLAG_RW, &emu_l, "a long");
SYSCTL_QUAD(_debug_emutest, OID_AUTO, q, CTLFLAG_RW, &emu_q, "a quad");
SYSCTL_QUAD(_debug_emutest, OID_AUTO, qs, CTLFLAG_RW, &emu_qs,
	    "a small quad");
SYSCTL_STRING(_debug_emutest, OID_AUTO, s, CTLFLAG_RW, emu_s, sizeof(emu_s),
	      "a string");
SYSCTL_STRING(_debug_emutest, OID_AUTO, cs, CTLFLAG_RD, "constant", 0,
	      "a constant string");
SYSCTL_STRING(_debug_emutest, OID_AUTO, csw, CTLFLAG_RW, "fixed", 0,
	      "a constant string declared writable");
SYSCTL_OPAQUE(_debug_emutest, OID_AUTO, o, CTLFLAG_RW, &emu_o,
	      sizeof(emu_o), "S,foo", "an opaque struct foo");
SYSCTL_INT(_debug_emutest, OID_AUTO, ro, CTLFLAG_RD, &emu_ro, 0,
	   "a read-only int");
SYSCTL_INT(_debug_emutest, OID_AUTO, any, CTLFLAG_RW | CTLFLAG_ANYBODY,
	   &emu_any, 0, "an int anybody may set");

/* The usual idiom: output the old value, take the new one, validate. */
static int emu_p_handler SYSCTL_HANDLER_ARGS
{
	int val = READ_ONCE(emu_p);
	int error;

	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	if (val < 0 || val > 100)
		return -EINVAL;
	WRITE_ONCE(emu_p, val);
	return 0;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, p, CTLTYPE_INT | CTLFLAG_RW,
	    &emu_p, 0, emu_p_handler, "I", "an int from 0 to 100");

SYSCTL_NODE(_debug_emutest, OID_AUTO, empty, CTLFLAG_RW, NULL,
	    "a node without children");
SYSCTL_NODE(_debug_emutest, OID_AUTO, chain, CTLFLAG_RW, NULL,
	    "a chain of empty nodes");
SYSCTL_NODE(_debug_emutest_chain, OID_AUTO, l2, CTLFLAG_RW, NULL, "l2");
SYSCTL_NODE(_debug_emutest_chain_l2, OID_AUTO, l3, CTLFLAG_RW, NULL, "l3");
SYSCTL_NODE(_debug_emutest_chain_l2_l3, OID_AUTO, l4, CTLFLAG_RW, NULL,
	    "l4");
SYSCTL_OID(_debug_emutest, OID_AUTO, hanging, CTLFLAG_RW, NULL, 0, NULL, "",
	   "type 0, no handler");
SYSCTL_INT(_debug_emutest, OID_AUTO, secure, CTLFLAG_RW | CTLFLAG_SECURE,
	   &emu_secure, 0, "set only while securelevel <= 0");
SYSCTL_INT(_debug_emutest, OID_AUTO, masked, CTLFLAG_RW | CTLFLAG_MASKED,
	   &emu_masked, 0, "hidden from listings");
SYSCTL_INT(_debug_emutest, OID_AUTO, nodescr, CTLFLAG_RD, &emu_nodescr, 0,
	   NULL);

/* ---- knobs ---- */

static int emu_reset_handler SYSCTL_HANDLER_ARGS
{
	int val = 0;
	int error;

	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	if (val != 1)
		return -EINVAL;
	emu_reset();
	return 0;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, reset,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED, NULL, 0,
	    emu_reset_handler, "I", "write 1: values back to their defaults");

SYSCTL_INT(_debug_emutest, OID_AUTO, sleep_ms, CTLFLAG_RW | CTLFLAG_LOCKED,
	   &emu_sleep_ms, 0, "how long a read of sleepy sleeps");

static int emu_sleepy_handler SYSCTL_HANDLER_ARGS
{
	int ms = clamp(READ_ONCE(emu_sleep_ms), 0, EMU_SLEEP_MAX_MS);
	int val = EMU_SLEEPY_VALUE;
	int error = 0;

	atomic_inc(&emu_sleepy_active);
	if (ms && msleep_interruptible(ms))
		error = -EINTR;
	if (!error)
		error = sysctl_handle_int(oidp, &val, 0, req);
	WRITE_ONCE(emu_sleepy_exit_ns, ktime_get_ns());
	atomic_dec(&emu_sleepy_active);
	return error;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, sleepy,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_LOCKED, NULL, 0,
	    emu_sleepy_handler, "I", "sleeps sleep_ms ms, then reads 4242");

static int emu_sleepy_active_handler SYSCTL_HANDLER_ARGS
{
	int val = atomic_read(&emu_sleepy_active);

	return sysctl_handle_int(oidp, &val, 0, req);
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, sleepy_active,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_LOCKED, NULL, 0,
	    emu_sleepy_active_handler, "I", "readers inside sleepy");
SYSCTL_QUAD(_debug_emutest, OID_AUTO, sleepy_exit_ns,
	    CTLFLAG_RD | CTLFLAG_LOCKED, &emu_sleepy_exit_ns,
	    "when the last sleepy reader finished (ktime_get_ns)");

/* Registration state of sleepy and of the auto/dupe OIDs. */
static DEFINE_MUTEX(emu_reg_lock);
static bool emu_sleepy_registered;
/* unreg_sleepy is inside sysctl_unregister_oid(sleepy) (no lock needed). */
static bool emu_sleepy_unregistering;

static int emu_unreg_sleepy_handler SYSCTL_HANDLER_ARGS
{
	int val, error;

	mutex_lock(&emu_reg_lock);
	val = emu_sleepy_registered;
	mutex_unlock(&emu_reg_lock);
	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	if (val != 1 && val != 2)
		return -EINVAL;

	mutex_lock(&emu_reg_lock);
	if (val == 1 && emu_sleepy_registered) {
		WRITE_ONCE(emu_sleepy_unregistering, true);
		sysctl_unregister_oid(&sysctl__debug_emutest_sleepy);
		WRITE_ONCE(emu_sleepy_unregistering, false);
		WRITE_ONCE(emu_unreg_active, atomic_read(&emu_sleepy_active));
		WRITE_ONCE(emu_unreg_ns, ktime_get_ns());
		emu_sleepy_registered = false;
	} else if (val == 2 && !emu_sleepy_registered) {
		sysctl_register_oid(&sysctl__debug_emutest_sleepy);
		emu_sleepy_registered = true;
	} else {
		error = -EBUSY;
	}
	mutex_unlock(&emu_reg_lock);
	return error;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, unreg_sleepy,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED, NULL, 0,
	    emu_unreg_sleepy_handler, "I",
	    "write 1: unregister sleepy, 2: register it again");
SYSCTL_INT(_debug_emutest, OID_AUTO, unreg_active,
	   CTLFLAG_RD | CTLFLAG_LOCKED, &emu_unreg_active, 0,
	   "sleepy readers inside when the unregister returned");
SYSCTL_QUAD(_debug_emutest, OID_AUTO, unreg_ns, CTLFLAG_RD | CTLFLAG_LOCKED,
	    &emu_unreg_ns, "when the last unregister of sleepy returned");

/*
 * A second unregistration of sleepy while unreg_sleepy's first one waits
 * for readers: without emu_reg_lock (unreg_sleepy holds it meanwhile).
 */
static int emu_unreg_again_handler SYSCTL_HANDLER_ARGS
{
	int val = 0;
	int error;

	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	if (val != 1)
		return -EINVAL;
	if (!READ_ONCE(emu_sleepy_unregistering))
		return -EBUSY;
	sysctl_unregister_oid(&sysctl__debug_emutest_sleepy);
	WRITE_ONCE(emu_again_active, atomic_read(&emu_sleepy_active));
	WRITE_ONCE(emu_again_ns, ktime_get_ns());
	return 0;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, unreg_again,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED, NULL, 0,
	    emu_unreg_again_handler, "I",
	    "write 1: unregister sleepy again while unreg_sleepy does");
SYSCTL_INT(_debug_emutest, OID_AUTO, again_active,
	   CTLFLAG_RD | CTLFLAG_LOCKED, &emu_again_active, 0,
	   "sleepy readers inside when unreg_again returned");
SYSCTL_QUAD(_debug_emutest, OID_AUTO, again_ns, CTLFLAG_RD | CTLFLAG_LOCKED,
	    &emu_again_ns, "when unreg_again returned (ktime_get_ns)");

static int emu_eagain_handler SYSCTL_HANDLER_ARGS
{
	int val = EMU_EAGAIN_VALUE;
	int left;

	WRITE_ONCE(emu_eagain_calls, READ_ONCE(emu_eagain_calls) + 1);
	left = READ_ONCE(emu_eagain_left);
	if (left > 0) {
		WRITE_ONCE(emu_eagain_left, left - 1);
		return -EAGAIN;
	}
	return sysctl_handle_int(oidp, &val, 0, req);
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, eagain,
	    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_LOCKED, NULL, 0,
	    emu_eagain_handler, "I", "EAGAIN while eagain_left > 0, then 7777");
SYSCTL_INT(_debug_emutest, OID_AUTO, eagain_left, CTLFLAG_RW | CTLFLAG_LOCKED,
	   &emu_eagain_left, 0, "EAGAINs still to return");
SYSCTL_INT(_debug_emutest, OID_AUTO, eagain_calls,
	   CTLFLAG_RW | CTLFLAG_LOCKED, &emu_eagain_calls, 0,
	   "calls of the eagain handler");

/* ---- a handler that goes on writing after an error ---- */

/* Byte k of the chunks value. */
static u8 emu_chunk_byte(size_t k)
{
	return (k * 13 + k / EMU_CHUNK_LEN + 7) % 251;
}

static int emu_chunks_handler SYSCTL_HANDLER_ARGS
{
	int first = 0, error, c;
	size_t k;
	u8 *buf;

	buf = kmalloc(EMU_CHUNK_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (c = 0; c < EMU_CHUNKS; c++) {
		for (k = 0; k < EMU_CHUNK_LEN; k++)
			buf[k] = emu_chunk_byte(c * EMU_CHUNK_LEN + k);
		/* As many Darwin handlers: the error is kept, not acted on. */
		error = SYSCTL_OUT(req, buf, EMU_CHUNK_LEN);
		if (error && !first)
			first = error;
		if (req->oldptr && req->oldidx > req->oldlen)
			atomic_inc(&emu_chunks_overrun);
	}
	kfree(buf);
	return READ_ONCE(emu_chunks_mode) ? 0 : first;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, chunks,
	    CTLTYPE_OPAQUE | CTLFLAG_RD | CTLFLAG_LOCKED, NULL, 0,
	    emu_chunks_handler, "S,chunks",
	    "three 3000-byte chunks, written on after an error");
SYSCTL_INT(_debug_emutest, OID_AUTO, chunks_mode, CTLFLAG_RW | CTLFLAG_LOCKED,
	   &emu_chunks_mode, 0,
	   "0: chunks returns its first error, 1: it returns 0");

static int emu_chunks_overrun_handler SYSCTL_HANDLER_ARGS
{
	int val = atomic_read(&emu_chunks_overrun);
	int error;

	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	atomic_set(&emu_chunks_overrun, val);
	return 0;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, chunks_overrun,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED, NULL, 0,
	    emu_chunks_overrun_handler, "I",
	    "chunks written with oldidx past oldlen");

/* ---- unregistering under the global handler mutex ---- */

SYSCTL_INT(_debug_emutest, OID_AUTO, victim, CTLFLAG_RW, &emu_victim, 0,
	   "an int without CTLFLAG_LOCKED");

/* Only victim_unreg changes it, always under the global handler mutex. */
static bool emu_victim_registered;

static int emu_victim_unreg_handler SYSCTL_HANDLER_ARGS
{
	int val = emu_victim_registered;
	int error;

	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	if (val == 1 && emu_victim_registered) {
		WRITE_ONCE(emu_victim_busy, 1);
		/* Room for a reader of victim to queue on the mutex. */
		msleep(EMU_VICTIM_SLEEP_MS);
		sysctl_unregister_oid(&sysctl__debug_emutest_victim);
		emu_victim_registered = false;
		WRITE_ONCE(emu_victim_busy, 0);
	} else if (val == 2 && !emu_victim_registered) {
		sysctl_register_oid(&sysctl__debug_emutest_victim);
		emu_victim_registered = true;
	} else {
		error = (val == 1 || val == 2) ? -EBUSY : -EINVAL;
	}
	return error;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, victim_unreg, CTLTYPE_INT | CTLFLAG_RW,
	    NULL, 0, emu_victim_unreg_handler, "I",
	    "write 1: sleep 300 ms, unregister victim; 2: register it again");
SYSCTL_INT(_debug_emutest, OID_AUTO, victim_busy, CTLFLAG_RD | CTLFLAG_LOCKED,
	   &emu_victim_busy, 0, "1 while victim_unreg is writing 1");

/* ---- an OID only root may read ---- */

static int emu_rootonly_handler SYSCTL_HANDLER_ARGS
{
	int val = READ_ONCE(emu_rootonly);
	int error;

	/* The reader's own rights, whoever wrote last. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	WRITE_ONCE(emu_rootonly, val);
	return 0;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, rootonly,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED, NULL, 0,
	    emu_rootonly_handler, "I", "an int only root may read");

/* ---- an OID left registered at unload ---- */

static int emu_leaked_value = EMU_LEAKED_VALUE;
static DEFINE_MUTEX(emu_leak_lock);
static bool emu_leaked;

/*
 * Everything allocated but arg1, which points into this module: the core's
 * unload safety net has only arg1 to recognise the OID by.
 */
static int emu_leak(void)
{
	struct sysctl_oid *oidp;

	oidp = kzalloc(sizeof(*oidp), GFP_KERNEL);
	if (!oidp)
		return -ENOMEM;
	oidp->oid_name = kstrdup("emutest_leaked", GFP_KERNEL);
	oidp->oid_fmt = kstrdup("I", GFP_KERNEL);
	oidp->oid_descr = kstrdup("left registered", GFP_KERNEL);
	if (!oidp->oid_name || !oidp->oid_fmt || !oidp->oid_descr) {
		kfree(oidp->oid_name);
		kfree(oidp->oid_fmt);
		kfree(oidp->oid_descr);
		kfree(oidp);
		return -ENOMEM;
	}
	oidp->oid_parent = &sysctl__debug_children;
	oidp->oid_number = OID_AUTO;
	oidp->oid_kind = CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_LOCKED |
			 CTLFLAG_OID2;
	oidp->oid_arg1 = &emu_leaked_value;
	oidp->oid_handler = sysctl_handle_int;
	oidp->oid_version = SYSCTL_OID_VERSION;
	/*
	 * Deliberately never unregistered nor freed: the core unlinks it when
	 * this module goes, and its memory is lost, as a buggy kext's would
	 * be. Not a leak for kmemleak to report (make check-debug).
	 */
	kmemleak_not_leak(oidp->oid_name);
	kmemleak_not_leak(oidp->oid_fmt);
	kmemleak_not_leak(oidp->oid_descr);
	kmemleak_not_leak(oidp);
	sysctl_register_oid(oidp);
	return 0;
}

static int emu_leak_handler SYSCTL_HANDLER_ARGS
{
	int val, error;

	mutex_lock(&emu_leak_lock);
	val = emu_leaked;
	mutex_unlock(&emu_leak_lock);
	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	if (val != 1)
		return -EINVAL;
	mutex_lock(&emu_leak_lock);
	if (emu_leaked) {
		error = -EBUSY;
	} else {
		error = emu_leak();
		emu_leaked = !error;
	}
	mutex_unlock(&emu_leak_lock);
	return error;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, leak,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED, NULL, 0,
	    emu_leak_handler, "I",
	    "write 1: register debug.emutest_leaked and never unregister it");

/* ---- bulk: many dynamically allocated OIDs ---- */

SYSCTL_NODE(_debug_emutest, OID_AUTO, bulk_node, CTLFLAG_RW | CTLFLAG_LOCKED,
	    NULL, "bulk OIDs");

struct emu_bulk_oid {
	struct sysctl_oid oid;
	int value;
	char name[12];
};

static DEFINE_MUTEX(emu_bulk_lock);
static struct emu_bulk_oid *emu_bulk;
static int emu_bulk_count;

static void emu_bulk_free(void)
{
	int n;

	for (n = emu_bulk_count - 1; n >= 0; n--)
		sysctl_unregister_oid(&emu_bulk[n].oid);
	kvfree(emu_bulk);
	emu_bulk = NULL;
	emu_bulk_count = 0;
}

static int emu_bulk_alloc(int count)
{
	struct emu_bulk_oid *b;
	int n;

	/*
	 * kvcalloc(): a small table comes from the slab, whose failure
	 * (fault_inject_test injects it) is silent; vzalloc() dumped a
	 * stack trace on every failure.
	 */
	emu_bulk = kvcalloc(count, sizeof(*emu_bulk), GFP_KERNEL);
	if (!emu_bulk)
		return -ENOMEM;
	for (n = 0; n < count; n++) {
		b = &emu_bulk[n];
		b->value = n;
		snprintf(b->name, sizeof(b->name), "o%d", n);
		b->oid = (struct sysctl_oid) {
			.oid_parent = &sysctl__debug_emutest_bulk_node_children,
			.oid_number = OID_AUTO,
			.oid_kind = CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED |
				    CTLFLAG_OID2,
			.oid_arg1 = &b->value,
			.oid_name = b->name,
			.oid_handler = sysctl_handle_int,
			.oid_fmt = "I",
			.oid_descr = "bulk",
			.oid_version = SYSCTL_OID_VERSION,
		};
		sysctl_register_oid(&b->oid);
		emu_bulk_count = n + 1;
	}
	return 0;
}

static int emu_bulk_handler SYSCTL_HANDLER_ARGS
{
	int val, error;

	mutex_lock(&emu_bulk_lock);
	val = emu_bulk_count;
	mutex_unlock(&emu_bulk_lock);
	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	if (val < 0 || val > EMU_BULK_MAX)
		return -EINVAL;
	mutex_lock(&emu_bulk_lock);
	emu_bulk_free();
	if (val)
		error = emu_bulk_alloc(val);
	mutex_unlock(&emu_bulk_lock);
	return error;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, bulk,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED, NULL, 0,
	    emu_bulk_handler, "I", "write N: N OIDs under bulk_node");

/* ---- OID_AUTO numbering and refused numbers ---- */

SYSCTL_NODE(_debug_emutest, OID_AUTO, autonode, CTLFLAG_RW | CTLFLAG_LOCKED,
	    NULL, "OID_AUTO numbering");

static int emu_auto_values[EMU_AUTO_COUNT];

SYSCTL_INT(_debug_emutest_autonode, OID_AUTO, a0, CTLFLAG_RD,
	   &emu_auto_values[0], 0, "a0");
SYSCTL_INT(_debug_emutest_autonode, OID_AUTO, a1, CTLFLAG_RD,
	   &emu_auto_values[1], 0, "a1");
SYSCTL_INT(_debug_emutest_autonode, OID_AUTO, a2, CTLFLAG_RD,
	   &emu_auto_values[2], 0, "a2");

static struct sysctl_oid *const emu_auto_oids[EMU_AUTO_COUNT] = {
	&sysctl__debug_emutest_autonode_a0,
	&sysctl__debug_emutest_autonode_a1,
	&sysctl__debug_emutest_autonode_a2,
};

static unsigned int emu_auto_mask;

static int emu_auto_handler SYSCTL_HANDLER_ARGS
{
	int val, error;

	mutex_lock(&emu_reg_lock);
	val = emu_auto_mask;
	mutex_unlock(&emu_reg_lock);
	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	if (val < 0 || val >= EMU_AUTO_COUNT)
		return -EINVAL;

	mutex_lock(&emu_reg_lock);
	if (arg2 && !(emu_auto_mask & BIT(val))) {
		/* Registered before: its number came back as OID_AUTO. */
		emu_auto_oids[val]->oid_number = OID_AUTO;
		sysctl_register_oid(emu_auto_oids[val]);
		emu_auto_mask |= BIT(val);
	} else if (!arg2 && (emu_auto_mask & BIT(val))) {
		sysctl_unregister_oid(emu_auto_oids[val]);
		emu_auto_mask &= ~BIT(val);
	} else {
		error = -EBUSY;
	}
	mutex_unlock(&emu_reg_lock);
	return error;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, auto_reg,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED, NULL, 1,
	    emu_auto_handler, "I", "write k: register autonode.a<k>");
SYSCTL_PROC(_debug_emutest, OID_AUTO, auto_unreg,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED, NULL, 0,
	    emu_auto_handler, "I", "write k: unregister autonode.a<k>");

static int emu_dupe_value = 13;

SYSCTL_INT(_debug_emutest, 0, dupe, CTLFLAG_RD, &emu_dupe_value, 0,
	   "registered with an explicit number");

/* Whether dupe was asked to be registered; the core may have refused. */
static bool emu_dupe_requested;

static int emu_dupe_handler SYSCTL_HANDLER_ARGS
{
	int val, error;

	val = sysctl__debug_emutest_dupe.oid_number;
	error = sysctl_handle_int(oidp, &val, 0, req);
	if (error || !req->newptr)
		return error;
	if (val < -1)
		return -EINVAL;

	mutex_lock(&emu_reg_lock);
	if (val >= 0 && !emu_dupe_requested) {
		sysctl__debug_emutest_dupe.oid_number = val;
		sysctl_register_oid(&sysctl__debug_emutest_dupe);
		emu_dupe_requested = true;
	} else if (val == -1 && emu_dupe_requested) {
		/* Logs only, when the core refused the registration. */
		sysctl_unregister_oid(&sysctl__debug_emutest_dupe);
		emu_dupe_requested = false;
	} else {
		error = -EBUSY;
	}
	mutex_unlock(&emu_reg_lock);
	return error;
}

SYSCTL_PROC(_debug_emutest, OID_AUTO, dupe_reg,
	    CTLTYPE_INT | CTLFLAG_RW | CTLFLAG_LOCKED, NULL, 0,
	    emu_dupe_handler, "I",
	    "write n: register dupe as number n; -1: unregister it");

/* ---- registration ---- */

/* In registration order: the tests expect this order from {0,2}. */
static struct sysctl_oid *const emu_oids[] = {
	&sysctl__debug_emutest,
	&sysctl__debug_emutest_i,
	&sysctl__debug_emutest_ci,
	&sysctl__debug_emutest_u,
	&sysctl__debug_emutest_l,
	&sysctl__debug_emutest_q,
	&sysctl__debug_emutest_qs,
	&sysctl__debug_emutest_s,
	&sysctl__debug_emutest_cs,
	&sysctl__debug_emutest_csw,
	&sysctl__debug_emutest_o,
	&sysctl__debug_emutest_ro,
	&sysctl__debug_emutest_any,
	&sysctl__debug_emutest_p,
	&sysctl__debug_emutest_empty,
	&sysctl__debug_emutest_chain,
	&sysctl__debug_emutest_chain_l2,
	&sysctl__debug_emutest_chain_l2_l3,
	&sysctl__debug_emutest_chain_l2_l3_l4,
	&sysctl__debug_emutest_hanging,
	&sysctl__debug_emutest_secure,
	&sysctl__debug_emutest_masked,
	&sysctl__debug_emutest_nodescr,
	&sysctl__debug_emutest_reset,
	&sysctl__debug_emutest_sleep_ms,
	&sysctl__debug_emutest_sleepy,
	&sysctl__debug_emutest_sleepy_active,
	&sysctl__debug_emutest_sleepy_exit_ns,
	&sysctl__debug_emutest_unreg_sleepy,
	&sysctl__debug_emutest_unreg_active,
	&sysctl__debug_emutest_unreg_ns,
	&sysctl__debug_emutest_eagain,
	&sysctl__debug_emutest_eagain_left,
	&sysctl__debug_emutest_eagain_calls,
	&sysctl__debug_emutest_bulk_node,
	&sysctl__debug_emutest_bulk,
	&sysctl__debug_emutest_autonode,
	&sysctl__debug_emutest_auto_reg,
	&sysctl__debug_emutest_auto_unreg,
	&sysctl__debug_emutest_dupe_reg,
	&sysctl__debug_emutest_unreg_again,
	&sysctl__debug_emutest_again_active,
	&sysctl__debug_emutest_again_ns,
	&sysctl__debug_emutest_chunks,
	&sysctl__debug_emutest_chunks_mode,
	&sysctl__debug_emutest_chunks_overrun,
	&sysctl__debug_emutest_victim,
	&sysctl__debug_emutest_victim_unreg,
	&sysctl__debug_emutest_victim_busy,
	&sysctl__debug_emutest_rootonly,
	&sysctl__debug_emutest_leak,
};

static int __init xnu_sysctl_test_init(void)
{
	unsigned int n;

	emu_reset();
	for (n = 0; n < ARRAY_SIZE(emu_oids); n++)
		sysctl_register_oid(emu_oids[n]);
	emu_sleepy_registered = true;
	emu_victim_registered = true;
	return 0;
}

static void __exit xnu_sysctl_test_exit(void)
{
	int n;

	mutex_lock(&emu_bulk_lock);
	emu_bulk_free();
	mutex_unlock(&emu_bulk_lock);

	mutex_lock(&emu_reg_lock);
	if (emu_dupe_requested)
		sysctl_unregister_oid(&sysctl__debug_emutest_dupe);
	for (n = EMU_AUTO_COUNT - 1; n >= 0; n--)
		if (emu_auto_mask & BIT(n))
			sysctl_unregister_oid(emu_auto_oids[n]);
	for (n = ARRAY_SIZE(emu_oids) - 1; n >= 0; n--) {
		if (emu_oids[n] == &sysctl__debug_emutest_sleepy &&
		    !emu_sleepy_registered)
			continue;
		/* victim_unreg, unregistered before it, no longer runs. */
		if (emu_oids[n] == &sysctl__debug_emutest_victim &&
		    !emu_victim_registered)
			continue;
		sysctl_unregister_oid(emu_oids[n]);
		/* The unregister waited for readers still inside. */
		if (emu_oids[n] == &sysctl__debug_emutest_sleepy &&
		    atomic_read(&emu_sleepy_active))
			pr_err("sleepy unregistered with %d readers inside\n",
			       atomic_read(&emu_sleepy_active));
	}
	mutex_unlock(&emu_reg_lock);
}

module_init(xnu_sysctl_test_init);
module_exit(xnu_sysctl_test_exit);

MODULE_DESCRIPTION("xnucross: the sysctl selftests' test OIDs");
MODULE_AUTHOR("xnucross");
MODULE_LICENSE("GPL");
MODULE_INFO(test, "Y");

// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_debug_canary.c - deliberate kernel bugs, one per kind, for proving
 * that the debug lane (make check-debug, tools/vm/check-debug) detects
 * what it claims to: tools/vm/check-debug-canary loads this module on the
 * debug kernel, triggers a kind and expects the lane's detector to report
 * it. Never load it anywhere else.
 *
 * Parameter:
 *   trigger  the kind of bug to commit: at load (insmod ... trigger=KIND)
 *            or later, by a write (root only) to
 *            /sys/module/xnu_debug_canary/parameters/trigger.
 *            Loaded without it, the module does nothing at all.
 *
 * Kinds, and the report each should produce:
 *   kasan    read one byte past a kmalloc'd buffer (KASAN
 *            slab-out-of-bounds)
 *   uaf      read a kmalloc'd buffer after kfree() (KASAN or KFENCE
 *            use-after-free)
 *   ubsan    shift an int by more than its width (UBSAN
 *            shift-out-of-bounds)
 *   lockdep  take two mutexes A then B, later B then A, on one thread
 *            (lockdep: possible circular locking dependency; no deadlock)
 *   sleep    mutex_lock() under a spinlock (BUG: sleeping function called
 *            from invalid context)
 *   leak     kmalloc() and forget the pointer (kmemleak: unreferenced
 *            object, at its next scan)
 *   warn     WARN_ON(1)
 *   list     list_del() of an entry already deleted (DEBUG_LIST: list_del
 *            corruption)
 *   odebug   kfree() of a timer still pending (DEBUG_OBJECTS: ODEBUG: free
 *            active object, which it then deactivates)
 */
#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>

#define CANARY_BUF_SIZE	100

static DEFINE_MUTEX(canary_lock_a);
static DEFINE_MUTEX(canary_lock_b);
static DEFINE_SPINLOCK(canary_spin);

/* Set once init is done: a write then triggers at once. */
static bool canary_live;
/* The kind asked for at load time, committed by init. */
static int canary_pending = -1;

/*
 * Two buffers: KFENCE may have taken one (kfence.sample_interval), and a
 * read past a KFENCE object that stays in its page is not reported;
 * KFENCE takes one allocation per interval, so KASAN sees the other.
 */
static void canary_kasan(void)
{
	size_t idx = CANARY_BUF_SIZE;
	char *buf[2];
	int i;

	buf[0] = kmalloc(CANARY_BUF_SIZE, GFP_KERNEL);
	buf[1] = kmalloc(CANARY_BUF_SIZE, GFP_KERNEL);
	OPTIMIZER_HIDE_VAR(idx);
	for (i = 0; i < ARRAY_SIZE(buf); i++) {
		if (!buf[i])
			continue;
		memset(buf[i], 0, CANARY_BUF_SIZE);
		pr_info("kasan: read %d, 1 byte past %d\n",
			READ_ONCE(buf[i][idx]), CANARY_BUF_SIZE);
	}
	kfree(buf[1]);
	kfree(buf[0]);
}

static void canary_uaf(void)
{
	char *buf = kmalloc(CANARY_BUF_SIZE, GFP_KERNEL);

	if (!buf)
		return;
	memset(buf, 0x5a, CANARY_BUF_SIZE);
	kfree(buf);
	OPTIMIZER_HIDE_VAR(buf);
	pr_info("uaf: read %d\n", READ_ONCE(buf[8]));
}

static void canary_ubsan(void)
{
	int one = 1;
	int shift = 40;

	OPTIMIZER_HIDE_VAR(shift);
	pr_info("ubsan: shifted %d\n", one << shift);
}

static void canary_lockdep(void)
{
	/* A then B: lockdep learns A -> B. */
	mutex_lock(&canary_lock_a);
	mutex_lock(&canary_lock_b);
	mutex_unlock(&canary_lock_b);
	mutex_unlock(&canary_lock_a);
	/* B then A: B -> A closes the cycle; one thread, so no deadlock. */
	mutex_lock(&canary_lock_b);
	mutex_lock(&canary_lock_a);
	mutex_unlock(&canary_lock_a);
	mutex_unlock(&canary_lock_b);
	pr_info("lockdep: took A, B then B, A\n");
}

static void canary_sleep(void)
{
	spin_lock(&canary_spin);
	mutex_lock(&canary_lock_a);
	mutex_unlock(&canary_lock_a);
	spin_unlock(&canary_spin);
	pr_info("sleep: mutex_lock under a spinlock\n");
}

static void canary_leak(void)
{
	void *p = kmalloc(CANARY_BUF_SIZE, GFP_KERNEL);

	if (!p)
		return;
	/* Not even a hashed copy of the pointer is kept. */
	pr_info("leak: %d bytes forgotten\n", CANARY_BUF_SIZE);
}

static void canary_warn(void)
{
	WARN_ON(1);
}

static void canary_list(void)
{
	LIST_HEAD(head);
	struct list_head *entry = kmalloc(sizeof(*entry), GFP_KERNEL);

	if (!entry)
		return;
	list_add(entry, &head);
	list_del(entry);
	OPTIMIZER_HIDE_VAR(entry);
	pr_info("list: deleting an entry twice\n");
	list_del(entry);
	kfree(entry);
}

static void canary_timer_fn(struct timer_list *timer)
{
}

static void canary_odebug(void)
{
	struct timer_list *timer = kmalloc(sizeof(*timer), GFP_KERNEL);

	if (!timer)
		return;
	timer_setup(timer, canary_timer_fn, 0);
	mod_timer(timer, jiffies + 3600 * HZ);
	pr_info("odebug: freeing a pending timer\n");
	kfree(timer);
}

static const struct {
	const char *name;
	void (*fn)(void);
} canary_kinds[] = {
	{ "kasan", canary_kasan },
	{ "uaf", canary_uaf },
	{ "ubsan", canary_ubsan },
	{ "lockdep", canary_lockdep },
	{ "sleep", canary_sleep },
	{ "leak", canary_leak },
	{ "warn", canary_warn },
	{ "list", canary_list },
	{ "odebug", canary_odebug },
};

static void canary_fire(int kind)
{
	pr_info("triggering %s\n", canary_kinds[kind].name);
	canary_kinds[kind].fn();
	pr_info("triggered %s\n", canary_kinds[kind].name);
}

static int canary_set(const char *val, const struct kernel_param *kp)
{
	size_t len = strcspn(val, "\n");
	int i;

	for (i = 0; i < ARRAY_SIZE(canary_kinds); i++) {
		if (strlen(canary_kinds[i].name) != len ||
		    strncmp(val, canary_kinds[i].name, len))
			continue;
		if (READ_ONCE(canary_live))
			canary_fire(i);
		else
			canary_pending = i;
		return 0;
	}
	return -EINVAL;
}

static int canary_get(char *buf, const struct kernel_param *kp)
{
	int i;
	int n = 0;

	for (i = 0; i < ARRAY_SIZE(canary_kinds); i++)
		n += sysfs_emit_at(buf, n, "%s%s", i ? " " : "",
				   canary_kinds[i].name);
	n += sysfs_emit_at(buf, n, "\n");
	return n;
}

static const struct kernel_param_ops canary_ops = {
	.set = canary_set,
	.get = canary_get,
};
module_param_cb(trigger, &canary_ops, NULL, 0600);
MODULE_PARM_DESC(trigger, "Bug to commit: kasan uaf ubsan lockdep sleep leak warn list odebug");

static int __init canary_init(void)
{
	if (canary_pending >= 0)
		canary_fire(canary_pending);
	WRITE_ONCE(canary_live, true);
	return 0;
}

static void __exit canary_exit(void)
{
}

module_init(canary_init);
module_exit(canary_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xnucross: deliberate bugs proving the debug lane detects them");

// SPDX-License-Identifier: GPL-2.0
/*
 * stress_unload_test - loading and unloading xnucross and its kexts with
 * users about, many times over:
 *   - delete_module(xnucross) is refused with EWOULDBLOCK (EAGAIN) while
 *     /dev/xnucross is open, while a kext using it (xnu_sample_cdev) is
 *     loaded, while a process holds wired pages, and while a process holds
 *     a live ring (after its consumer kext went); once the user is gone it
 *     unloads at once, /dev/xnucross goes, and the module loads again
 *     working (handshake, a Mach trap, a sysctl) - max(100,
 *     $XNU_STRESS_LOOPS / 10) cycles of the first;
 *   - the same number of load/unload cycles while 4 processes keep
 *     opening /dev/xnucross and making calls: an open may fail while the
 *     module is away, a call on an open descriptor never does; unloads
 *     are refused while one is open and succeed between;
 *   - the sample kexts xnu_sample_cdev and xnu_sample_kobject loaded and
 *     unloaded as many times while processes use their device
 *     (/dev/xnu_sample ioctls) and their kernel object (bootstrap_look_up(),
 *     then a slow one-way counter_stall its kernel worker serves and a
 *     counter_get call): a call to a kext that went fails (dead port, or
 *     the request dies with its reply right), none hangs.
 * Root only. It runs before module_test and leaves xnucross loaded as it
 * found it, with the same parameters (and the kexts that were loaded
 * then); the .ko comes from $XNUCROSS_KO (default
 * /lib/modules/$(uname -r)/extra/xnucross.ko).
 */
#include <dirent.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/sysctl.h>

#include <xnucross/ring.h>
#include <xnucross/wire.h>

#include "xnu_mach_selftest.h"
#include "xnu_kmod_selftest.h"
#include "xnu_sysctl_selftest.h"
#include "xnu_stress_selftest.h"

#include "../kmod/samples/xnu_sample_cdev.h"
#include "../kmod/samples/xnu_sample_ring.h"

#define XNU		XNUCROSS_DEVICE_NAME
#define CDEV_MOD	"xnu_sample_cdev"
#define KOBJ_MOD	"xnu_sample_kobject"
#define CDEV_NODE	"/dev/" SAMPLE_NODE
#define KOBJ_SERVICE	"org.xnucross.sample.counter"
#define KOBJ_GET	7801	/* counter_get: a 40-byte reply */
#define KOBJ_STALL	7803	/* counter_stall(ms): one-way, slow */
#define NHAMMERS	2
#define MAX_HOLDERS	16

/* ---- the module as this program found it -------------------------------------- */

static const char *const param_names[] = {
	"devmode", "debug", "ipc_space_max_names", "ool_max_user_mb",
	"semaphores_per_task_max",
};
#define NPARAMS	(sizeof(param_names) / sizeof(param_names[0]))

static char ko_path[PATH_MAX];
static char saved[NPARAMS][32];		/* "" when absent */
static char saved_line[512];		/* "name=value ..." */
static char holders[MAX_HOLDERS][64];	/* kexts loaded on it at start */
static unsigned int nholders;
static int xnu_was_loaded;
static pid_t main_pid;

static void read_params(char vals[NPARAMS][32])
{
	char path[128];
	unsigned int i;

	for (i = 0; i < NPARAMS; i++) {
		snprintf(path, sizeof(path), XNU_SYSFS_MODULE "/parameters/%s",
			 param_names[i]);
		if (xnu_read_text(path, vals[i], sizeof(vals[i])))
			vals[i][0] = '\0';
	}
}

/* Does the loaded module have the saved parameters? */
static bool params_same(void)
{
	char now[NPARAMS][32];
	unsigned int i;

	read_params(now);
	for (i = 0; i < NPARAMS; i++)
		if (strcmp(now[i], saved[i]))
			return false;
	return true;
}

/* delete_module, retried while a reference is still going (<= @ms). */
static int unload_within(const char *mod, unsigned int ms, unsigned int *tries)
{
	uint64_t end = mt_now_ns() + (uint64_t)ms * 1000000ULL;
	int err;

	for (;;) {
		err = xnu_kmod_unload(mod);
		if (tries)
			(*tries)++;
		if (err != EWOULDBLOCK && err != EBUSY)
			return err;
		if (mt_now_ns() > end)
			return err;
		mt_sleep_ms(1);
	}
}

/* Wait up to 2 s for @path to (dis)appear; 0 when it did. */
static int wait_path(const char *path, bool present)
{
	int i;

	for (i = 0; i < 2000; i++) {
		if ((access(path, F_OK) == 0) == present)
			return 0;
		mt_sleep_ms(1);
	}
	return -1;
}

/* Load xnucross with the saved parameters; 0 or errno. */
static int load_xnu(void)
{
	int fd, err = 0;

	uint64_t end = mt_now_ns() + 2000000000ULL;

	fd = open(ko_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	/* EEXIST while the last unload finishes: wait for it. */
	while (syscall(SYS_finit_module, fd, saved_line, 0)) {
		err = errno;
		if (err != EEXIST || xnu_module_loaded() ||
		    mt_now_ns() > end)
			break;
		err = 0;
		mt_sleep_ms(1);
	}
	close(fd);
	if (!err && wait_path(XNUCROSS_DEVICE_PATH, true))
		err = ENOENT;
	return err;
}

/* The kexts loaded on xnucross now (its holders); how many. */
static unsigned int list_holders(char out[MAX_HOLDERS][64])
{
	struct dirent *d;
	unsigned int n = 0;
	DIR *dir;

	dir = opendir(XNU_SYSFS_MODULE "/holders");
	if (!dir)
		return 0;
	while ((d = readdir(dir)) && n < MAX_HOLDERS) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(out[n++], 64, "%.63s", d->d_name);
	}
	closedir(dir);
	return n;
}

/* Unload every kext loaded on xnucross; 0 or errno. */
static int unload_holders(void)
{
	char now[MAX_HOLDERS][64];
	unsigned int i, n = list_holders(now);
	int err;

	for (i = 0; i < n; i++) {
		err = unload_within(now[i], 2000, NULL);
		if (err && err != ENOENT)
			return err;
	}
	return 0;
}

/* xnucross loaded with the saved parameters and no kext on it; 0/errno. */
static int xnu_fresh(void)
{
	int err = unload_holders();

	if (err)
		return err;
	if (xnu_module_loaded() && !params_same()) {
		err = unload_within(XNU, 2000, NULL);
		if (err)
			return err;
	}
	if (!xnu_module_loaded())
		return load_xnu();
	return 0;
}

/* At exit: as found - loaded with its parameters and kexts, or not. */
static void restore(void)
{
	unsigned int i;

	if (getpid() != main_pid)
		return;
	if (!xnu_was_loaded) {
		unload_holders();
		if (xnu_module_loaded())
			unload_within(XNU, 2000, NULL);
		return;
	}
	xnu_fresh();
	for (i = 0; i < nholders; i++)
		if (!xnu_kmod_loaded(holders[i]))
			xnu_kmod_load(holders[i], NULL);
}

/* ---- using it ------------------------------------------------------------------ */

/*
 * Open /dev/xnucross, handshake, take the task port and read a sysctl on
 * it; the open descriptor, or -errno (of the open, or of a later call:
 * those must not fail once the device is open).
 */
static int use_xnu(int *failed_call)
{
	struct xnu_mach_port_args pa;
	char ostype[32];
	size_t len = sizeof(ostype);
	int fd, err;

	*failed_call = 0;
	fd = xnu_open_handshaken();
	if (fd < 0 && (errno == ENOENT || errno == ENODEV || errno == ENXIO))
		return -errno;
	if (fd < 0) {
		*failed_call = 1;
		return -errno;
	}
	memset(&pa, 0, sizeof(pa));
	err = mt_trap_fd(fd, XNU_TRAP_TASK_SELF, &pa);
	if (err != KERN_SUCCESS || !MACH_PORT_VALID(pa.name)) {
		*failed_call = 2;
		close(fd);
		return -EPROTO;
	}
	err = raw_trap(fd, "kern.ostype", strlen("kern.ostype"),
		       XNU_SYSCTL_BYNAME, ostype, &len, NULL, 0);
	if (err || strcmp(ostype, "Darwin")) {
		*failed_call = 3;
		close(fd);
		return -EPROTO;
	}
	return fd;
}

/* ---- the fixture ------------------------------------------------------------------ */

FIXTURE(unl) {
	unsigned long taint;
	unsigned int loops;
	uint64_t t0;
};
XNU_FIXTURE_PROTOTYPES(unl);

FIXTURE_SETUP(unl)
{
	int err;

	self->taint = xnu_taint();
	if (access(ko_path, R_OK))
		SKIP(return, "no %.200s (set XNUCROSS_KO)", ko_path);
	err = xnu_fresh();
	ASSERT_EQ(0, err) TH_LOG("xnucross not fresh: %s", strerror(err));
	self->loops = st_loops() / 10;
	if (self->loops < 100)
		self->loops = 100;
	self->t0 = mt_now_ns();
}

FIXTURE_TEARDOWN(unl)
{
	unsigned long taint = xnu_taint();
	int fd, failed;

	TH_LOG("%llu ms", (unsigned long long)((mt_now_ns() - self->t0) /
					       1000000ULL));
	/* Left loaded as found, and working. */
	EXPECT_EQ(0, xnu_fresh());
	EXPECT_TRUE(params_same());
	fd = use_xnu(&failed);
	EXPECT_LE(0, fd) TH_LOG("use: %d (call %d)", fd, failed);
	if (fd >= 0)
		close(fd);
	EXPECT_EQ(0UL, (taint & ~self->taint) & XNU_TAINT_BAD) {
		TH_LOG("kernel taint went from %#lx to %#lx", self->taint,
		       taint);
	}
}

/* Unload (must work at once: nothing uses it), check, load again. */
static void cycle_clean(struct __test_metadata *_metadata)
{
	unsigned int tries = 0;
	int fd, failed;

	ASSERT_EQ(0, unload_within(XNU, 2000, &tries));
	EXPECT_EQ(1U, tries) TH_LOG("the unload was refused %u times",
				    tries - 1);
	ASSERT_FALSE(xnu_module_loaded());
	ASSERT_EQ(0, wait_path(XNUCROSS_DEVICE_PATH, false));
	ASSERT_EQ(0, load_xnu());
	ASSERT_TRUE(params_same());
	fd = use_xnu(&failed);
	ASSERT_LE(0, fd) TH_LOG("use: %d (call %d)", fd, failed);
	close(fd);
}

TEST_F_TIMEOUT(unl, refused_while_open, 280)
{
	unsigned int i;
	int fd, failed;

	for (i = 0; i < self->loops; i++) {
		fd = use_xnu(&failed);
		ASSERT_LE(0, fd) TH_LOG("loop %u: %d (call %d)", i, fd, failed);
		ASSERT_EQ(EWOULDBLOCK, xnu_kmod_unload(XNU)) TH_LOG("loop %u", i);
		ASSERT_TRUE(xnu_module_loaded());
		close(fd);
		cycle_clean(_metadata);
	}
	TH_LOG("%u unload/load cycles", self->loops);
}

TEST_F_TIMEOUT(unl, refused_while_kext_loaded, 280)
{
	unsigned int i;
	char ko[PATH_MAX];

	xnu_kmod_path(CDEV_MOD, NULL, ko, sizeof(ko));
	if (access(ko, R_OK))
		SKIP(return, "no %.200s", ko);
	for (i = 0; i < self->loops / 5; i++) {
		ASSERT_EQ(0, xnu_kmod_load(CDEV_MOD, NULL));
		ASSERT_EQ(EWOULDBLOCK, xnu_kmod_unload(XNU)) TH_LOG("loop %u", i);
		ASSERT_EQ(0, unload_within(CDEV_MOD, 2000, NULL));
		cycle_clean(_metadata);
	}
}

static int child_ring(int fd, void *arg)
{
	struct xnucross_ring_params prm = { .tx_size = 4096,
					    .rx_size = 4096 };
	xnucross_ring_t *r = NULL;

	(void)arg;
	MT_CHILD_EQ(KERN_SUCCESS,
		    xnucross_ring_create(XNU_SAMPLE_RING_NAME, &prm, &r));
	MT_CHILD_EQ(0, st_ready(fd));
	for (;;)
		pause();
}

TEST_F_TIMEOUT(unl, refused_while_wired_or_ring_live, 280)
{
	unsigned int i;
	pid_t pid;

	for (i = 0; i < self->loops / 5; i++) {
		/* Wired pages: refused until their process is gone. */
		pid = st_fork_child(st_child_wire, (void *)16);
		ASSERT_LT(0, pid);
		ASSERT_EQ(EWOULDBLOCK, xnu_kmod_unload(XNU)) TH_LOG("loop %u", i);
		ASSERT_EQ(0, st_kill(pid));
		cycle_clean(_metadata);

		/* A ring: its consumer may go, xnucross may not. */
		ASSERT_EQ(0, xnu_kmod_load(XNU_SAMPLE_RING_MODULE, NULL));
		pid = st_fork_child(child_ring, NULL);
		ASSERT_LT(0, pid);
		ASSERT_EQ(EWOULDBLOCK, xnu_kmod_unload(XNU)) TH_LOG("loop %u", i);
		ASSERT_EQ(0, unload_within(XNU_SAMPLE_RING_MODULE, 2000, NULL));
		ASSERT_EQ(EWOULDBLOCK, xnu_kmod_unload(XNU)) TH_LOG("loop %u", i);
		ASSERT_EQ(0, st_kill(pid));
		cycle_clean(_metadata);
	}
}

/* ---- with processes hammering -------------------------------------------------------- */

struct hammer_stats {
	atomic_bool stop;
	atomic_uint opened, absent, bad;
	atomic_uint cdev_ok, cdev_absent, kobj_ok, kobj_absent;
};

static struct hammer_stats *hs;

static void hammer_bad(const char *what, int v)
{
	if (atomic_fetch_add(&hs->bad, 1) < 10)
		fprintf(stderr, "# hammer %d: %s: %d\n", getpid(), what, v);
}

/* Open and use /dev/xnucross until told to stop. */
static int hammer_xnu(int fd, void *arg)
{
	int dev, failed;

	(void)arg;
	MT_CHILD_EQ(0, st_ready(fd));
	while (!atomic_load(&hs->stop)) {
		dev = use_xnu(&failed);
		if (dev >= 0) {
			atomic_fetch_add(&hs->opened, 1);
			close(dev);
		} else if (failed) {
			hammer_bad("use_xnu", failed);
		} else {
			atomic_fetch_add(&hs->absent, 1);
		}
		/* Leave the unloader a window now and then. */
		mt_sleep_ms(1);
	}
	return 0;
}

TEST_F_TIMEOUT(unl, load_unload_while_processes_open_it, 280)
{
	unsigned int i, tries = 0, refused = 0;
	struct st_batch b;
	int status;

	hs = mmap(NULL, sizeof(*hs), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, hs);
	memset(hs, 0, sizeof(*hs));
	ASSERT_EQ(0, st_batch_start(&b, NHAMMERS, hammer_xnu, NULL));
	for (i = 0; i < self->loops; i++) {
		tries = 0;
		/* Refused while a hammer has it open; it gets its turn. */
		ASSERT_EQ(0, unload_within(XNU, 20000, &tries))
			TH_LOG("loop %u", i);
		refused += tries - 1;
		ASSERT_FALSE(xnu_module_loaded());
		ASSERT_EQ(0, load_xnu()) TH_LOG("loop %u", i);
	}
	atomic_store(&hs->stop, true);
	for (i = 0; i < b.n; i++) {
		ASSERT_EQ(b.pid[i], waitpid(b.pid[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	TH_LOG("%u cycles; %u unloads refused while open; %u uses, %u opens "
	       "of an absent module", self->loops, refused,
	       atomic_load(&hs->opened), atomic_load(&hs->absent));
	EXPECT_EQ(0U, atomic_load(&hs->bad));
	EXPECT_LT(0U, atomic_load(&hs->opened));
	munmap(hs, sizeof(*hs));
}

/* Use the sample's device until told to stop. */
static int hammer_cdev(int fd, void *arg)
{
	struct sample_add add = { .delta = 1 };
	int dev;

	(void)arg;
	MT_CHILD_EQ(0, st_ready(fd));
	while (!atomic_load(&hs->stop)) {
		dev = open(CDEV_NODE, O_RDWR | O_CLOEXEC);
		if (dev < 0) {
			if (errno == ENOENT || errno == ENXIO ||
			    errno == ENODEV)
				atomic_fetch_add(&hs->cdev_absent, 1);
			else
				hammer_bad("open " CDEV_NODE, errno);
			continue;
		}
		if (ioctl(dev, SAMPLE_ADD, &add))
			hammer_bad("SAMPLE_ADD", errno);
		else
			atomic_fetch_add(&hs->cdev_ok, 1);
		close(dev);
	}
	return 0;
}

/* Call the sample's kernel object until told to stop. */
static int hammer_kobj(int fd, void *arg)
{
	struct {
		mach_msg_header_t head;
		NDR_record_t ndr;
		int ms;
	} stall;
	mach_port_t counter, reply;
	mach_msg_header_t req;
	mach_msg_return_t mr;
	union mt_rcv buf;
	kern_return_t kr;

	(void)arg;
	MT_CHILD_EQ(0, st_ready(fd));
	while (!atomic_load(&hs->stop)) {
		counter = MACH_PORT_NULL;
		kr = bootstrap_look_up(bootstrap_port, KOBJ_SERVICE, &counter);
		if (kr == BOOTSTRAP_UNKNOWN_SERVICE) {
			atomic_fetch_add(&hs->kobj_absent, 1);
			continue;
		}
		if (kr != KERN_SUCCESS) {
			hammer_bad("look_up", kr);
			continue;
		}
		/*
		 * A slow one-way request first: the kext's worker may still
		 * be serving it when the kext goes (a full queue makes the
		 * send wait; the port's death must end that wait).
		 */
		memset(&stall, 0, sizeof(stall));
		mt_header(&stall.head,
			  MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			  sizeof(stall), counter, MACH_PORT_NULL, KOBJ_STALL);
		stall.ndr = NDR_record;
		stall.ms = 1 + (int)(atomic_load(&hs->kobj_ok) % 5);
		mr = mach_msg(&stall.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			      sizeof(stall), 0, MACH_PORT_NULL, MT_WAIT_MS,
			      MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS && mr != MACH_SEND_INVALID_DEST)
			hammer_bad("counter_stall", mr);
		memset(&req, 0, sizeof(req));
		mr = mt_rpc(counter, &req, sizeof(req), KOBJ_GET, 0, &buf,
			    &reply);
		/*
		 * The kext may go between the look-up and the call: the
		 * port is dead (MACH_SEND_INVALID_DEST), or the request
		 * died with its reply right (a send-once notification
		 * comes back, as on XNU), or an error reply.
		 */
		if (mr == MACH_MSG_SUCCESS &&
		    buf.head.msgh_id == KOBJ_GET + 100 &&
		    buf.head.msgh_size == 40 &&
		    ((mig_reply_error_t *)&buf)->RetCode == KERN_SUCCESS)
			atomic_fetch_add(&hs->kobj_ok, 1);
		else if (mr == MACH_SEND_INVALID_DEST ||
			 (mr == MACH_MSG_SUCCESS &&
			  (buf.head.msgh_id == MACH_NOTIFY_SEND_ONCE ||
			   (buf.head.msgh_id == KOBJ_GET + 100 &&
			    ((mig_reply_error_t *)&buf)->RetCode))))
			atomic_fetch_add(&hs->kobj_absent, 1);
		else
			hammer_bad("counter_get (mr, id)",
				   mr ? mr : buf.head.msgh_id);
		mach_port_deallocate(mach_task_self(), counter);
		mt_kill(reply);
	}
	return 0;
}

TEST_F_TIMEOUT(unl, kext_load_unload_while_used, 280)
{
	unsigned int i, tries, refused = 0;
	char ko1[PATH_MAX], ko2[PATH_MAX];
	struct st_batch b, k;
	int status;

	xnu_kmod_path(CDEV_MOD, NULL, ko1, sizeof(ko1));
	xnu_kmod_path(KOBJ_MOD, NULL, ko2, sizeof(ko2));
	if (access(ko1, R_OK) || access(ko2, R_OK))
		SKIP(return, "no %.200s or %.200s", ko1, ko2);
	hs = mmap(NULL, sizeof(*hs), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, hs);
	memset(hs, 0, sizeof(*hs));
	ASSERT_EQ(0, st_batch_start(&b, NHAMMERS / 2, hammer_cdev, NULL));
	ASSERT_EQ(0, st_batch_start(&k, NHAMMERS / 2, hammer_kobj, NULL));
	for (i = 0; i < self->loops; i++) {
		ASSERT_EQ(0, xnu_kmod_load(CDEV_MOD, NULL)) TH_LOG("loop %u", i);
		ASSERT_EQ(0, xnu_kmod_load(KOBJ_MOD, NULL)) TH_LOG("loop %u", i);
		tries = 0;
		ASSERT_EQ(0, unload_within(CDEV_MOD, 20000, &tries))
			TH_LOG("loop %u", i);
		refused += tries - 1;
		tries = 0;
		ASSERT_EQ(0, unload_within(KOBJ_MOD, 20000, &tries))
			TH_LOG("loop %u", i);
		refused += tries - 1;
	}
	atomic_store(&hs->stop, true);
	for (i = 0; i < b.n; i++) {
		ASSERT_EQ(b.pid[i], waitpid(b.pid[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
		ASSERT_EQ(k.pid[i], waitpid(k.pid[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	TH_LOG("%u cycles; %u unloads refused; device: %u used, %u absent; "
	       "kobject: %u calls, %u absent", self->loops, refused,
	       atomic_load(&hs->cdev_ok), atomic_load(&hs->cdev_absent),
	       atomic_load(&hs->kobj_ok), atomic_load(&hs->kobj_absent));
	EXPECT_EQ(0U, atomic_load(&hs->bad));
	munmap(hs, sizeof(*hs));
}

static void __attribute__((constructor)) __constructor_order_last(void)
{
	if (!__constructor_order)
		__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD;
}

int main(int argc, char **argv)
{
	unsigned int i;
	size_t off = 0;

	main_pid = getpid();
	xnu_kmod_path(XNU, "XNUCROSS_KO", ko_path, sizeof(ko_path));
	xnu_was_loaded = xnu_module_loaded();
	if (xnu_was_loaded) {
		nholders = list_holders(holders);
	} else if (!access(ko_path, R_OK)) {
		/* Its defaults, then: what a load without parameters gives. */
		saved_line[0] = '\0';
		load_xnu();
	}
	read_params(saved);
	for (i = 0; i < NPARAMS; i++)
		if (saved[i][0])
			off += snprintf(saved_line + off,
					sizeof(saved_line) - off, "%s%s=%s",
					off ? " " : "", param_names[i],
					saved[i]);
	ksft_print_msg("xnucross %s, parameters \"%s\", %u kexts on it\n",
		       xnu_was_loaded ? "loaded" : "not loaded", saved_line,
		       nholders);
	atexit(restore);
	return test_harness_run(argc, argv);
}

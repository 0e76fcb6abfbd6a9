// SPDX-License-Identifier: GPL-2.0
/*
 * xnufuzz - fuzz the xnucross module's whole user surface: the trap table
 * of /dev/xnucross (every trap, unknown and malformed command words), the
 * Mach traps and mach_msg (headers, descriptors, sizes, kernel objects and
 * their MIG servers), sysctl and sysctlbyname, the generic netlink
 * families, page wiring and rings, semaphores; from several processes at
 * once (some as nobody), each with several threads sharing one port space,
 * children SIGKILLed at random and respawned.
 *
 * Usage: xnufuzz [--seed S] [--procs N] [--threads T] [--duration SEC |
 *                 --calls N] [--ops LIST] [--kill-ms MS] [--no-nobody]
 *                 [--replay SEED [--uid UID]] [-v]
 *
 * Deterministic seeds: the master seed is printed first; each child's seed
 * is derived from it, its slot and its generation, and printed when it is
 * spawned; --replay runs one child of that seed in the foreground. A child
 * that dies of a signal the supervisor did not send is reported with its
 * seed and fails the run; so does one that a SIGKILL does not end, one
 * that makes no call for FZ_STALL_S seconds (a stall), a page still
 * pinned once every fuzzing process is gone, and a different count of
 * live ports in the module then than before the run (a port leak).
 * Ends with one line: "xnufuzz: ok calls=N seed=S ..." or
 * "xnufuzz: error ...". Exit status 0, 1 (a failure) or 2 (usage).
 */
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <grp.h>
#include <time.h>
#include <unistd.h>

#include <servers/bootstrap.h>

#include "libxnucross.h"
#include "xnufuzz.h"
#include "xnu_vm.h"

#define FZ_MAX_PROCS	64
#define FZ_MAX_THREADS	16
#define FZ_NOBODY	65534
#define FZ_STALL_S	30	/* no call for this long: the child is stuck */
#define FZ_KILL_WAIT_S	20	/* a SIGKILLed child must be gone by then */
#define FZ_PORTS_WAIT_S	10	/* ports freed after the run must be gone by then */
#define FZ_PORTS_LIVE	"/sys/module/xnucross/parameters/mach_ports_live"

/* Counters of every slot, shared with the children. */
struct fz_shared {
	volatile uint64_t calls[FZ_MAX_PROCS][FZ_NFAM];
	volatile uint64_t ok[FZ_MAX_PROCS][FZ_NFAM];
	volatile uint64_t eno[FZ_MAX_PROCS][FZ_NFAM];
	volatile uint64_t kern[FZ_MAX_PROCS][FZ_NFAM];
	volatile int stop;
};

struct fz_slot {
	pid_t pid;
	unsigned int gen;
	uint64_t seed;
	bool nobody;
	bool killed;		/* we sent the SIGKILL */
	double killed_at;
	uint64_t last_calls;
	double last_progress;
};

static struct fz_opts {
	uint64_t seed;
	int procs, threads;
	double duration;
	uint64_t calls;
	unsigned int ops;
	unsigned int kill_ms;
	bool nobody;
	bool replay;
	uid_t replay_uid;
	int verbose;
} opt = {
	.threads = 2, .ops = (1u << FZ_NFAM) - 1, .kill_ms = 3000,
	.nobody = true,
};

static struct fz_shared *shared;

/* Relative weights of the families when all are on. */
static const unsigned int fz_weight[FZ_NFAM] = {
	[FZ_IOCTL] = 4, [FZ_PORT] = 4, [FZ_MSG] = 5, [FZ_MIG] = 3,
	[FZ_SYSCTL] = 4, [FZ_GENL] = 1, [FZ_VM] = 2, [FZ_SEM] = 2,
};

static void (*const fz_ops[FZ_NFAM])(struct fz_ctx *) = {
	[FZ_IOCTL] = fz_ioctl_one, [FZ_PORT] = fz_port_one,
	[FZ_MSG] = fz_msg_one, [FZ_MIG] = fz_mig_one,
	[FZ_SYSCTL] = fz_sysctl_one, [FZ_GENL] = fz_genl_one,
	[FZ_VM] = fz_vm_one, [FZ_SEM] = fz_sem_one,
};

static double fz_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: xnufuzz [--seed S] [--procs N] [--threads T] [--duration SEC | --calls N]\n"
		"               [--ops LIST] [--kill-ms MS] [--no-nobody] [--replay SEED [--uid UID]] [-v]\n"
		"  LIST: comma-separated families (default all):");
	for (int i = 0; i < FZ_NFAM; i++)
		fprintf(stderr, " %s", fz_family_names[i]);
	fprintf(stderr, "\n");
	exit(2);
}

static unsigned int parse_ops(char *s)
{
	unsigned int ops = 0;
	char *tok, *save = NULL;
	int i;

	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all")) {
			ops |= (1u << FZ_NFAM) - 1;
			continue;
		}
		for (i = 0; i < FZ_NFAM; i++)
			if (!strcmp(tok, fz_family_names[i]))
				break;
		if (i == FZ_NFAM) {
			fprintf(stderr, "xnufuzz: unknown family '%s'\n", tok);
			usage();
		}
		ops |= 1u << i;
	}
	return ops;
}

/* ---- the child ------------------------------------------------------------ */

struct fz_thread_arg {
	uint64_t seed;
	int nr;
	int slot;
	uint64_t limit;		/* calls before the process exits itself */
};

static enum fz_family fz_pick(struct fz_ctx *c)
{
	unsigned int total = 0, r, i;

	for (i = 0; i < FZ_NFAM; i++)
		if (opt.ops & (1u << i))
			total += fz_weight[i];
	r = fz_below(c, total);
	for (i = 0; i < FZ_NFAM; i++) {
		if (!(opt.ops & (1u << i)))
			continue;
		if (r < fz_weight[i])
			return i;
		r -= fz_weight[i];
	}
	return FZ_IOCTL;
}

/*
 * Every thread of the process maps its memory before any thread fuzzes:
 * a thread unmaps the fresh regions the kernel deallocated for it (see
 * msg.c), and the range may by then hold a mapping made meanwhile (a
 * late thread's rings: it crashed in fz_ring()).
 */
static pthread_barrier_t fz_setup_done;

/* What the thread was doing, for the crash report. */
static __thread int fz_cur_fam = -1;

static void fz_crash_handler(int sig, siginfo_t *si, void *uc)
{
	char msg[160];
	void *bt[32];
	int n;

	n = snprintf(msg, sizeof(msg),
		     "xnufuzz: child %d: signal %d at address %p in family %s\n",
		     (int)getpid(), sig, si->si_addr,
		     fz_cur_fam >= 0 ? fz_family_names[fz_cur_fam] : "-");
	if (n > 0 && write(STDOUT_FILENO, msg, (size_t)n) < 0)
		n = 0;
	n = backtrace(bt, 32);
	backtrace_symbols_fd(bt, n, STDOUT_FILENO);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void *fz_thread(void *p)
{
	struct fz_thread_arg *ta = p;
	struct fz_ctx c;
	uint64_t n = 0;

	memset(&c, 0, sizeof(c));
	c.seed = ta->seed;
	c.rng = fz_mix(ta->seed);
	c.thread_nr = ta->nr;
	c.fd = xnucross_fd();
	c.calls = shared->calls[ta->slot];
	c.traps_ok = shared->ok[ta->slot];
	c.traps_errno = shared->eno[ta->slot];
	c.traps_kern = shared->kern[ta->slot];
	c.nobody = getuid() == FZ_NOBODY;
	c.slot = ta->slot;
	c.nslots = opt.procs;
	c.verbose = opt.verbose;
	if (c.fd < 0)
		_exit(3);
	/*
	 * Every mapping of the thread before any thread's first call (the
	 * fuzzer unmaps regions the kernel deallocated, see msg.c): its
	 * arena, its rings, its malloc arena.
	 */
	free(malloc(64));
	fz_arena(&c, NULL);
	fz_vm_setup(&c);
	fz_mach_setup(&c);
	pthread_barrier_wait(&fz_setup_done);
	if (c.verbose)
		printf("xnufuzz: pid %d thread %d: task %#x, %u kernel objects, %u names\n",
		       (int)getpid(), c.thread_nr, c.task, c.nkobj, c.nnames);
	while (!shared->stop) {
		fz_cur_fam = c.fam = fz_pick(&c);
		fz_ops[fz_cur_fam](&c);
		/* Exit with everything in flight: teardown under fuzz. */
		if (ta->limit && ++n >= ta->limit)
			_exit(0);
	}
	fz_vm_teardown(&c);
	return NULL;
}

/* Root children keep root but lose CAP_SYS_NICE: no real-time hogs. */
static void fz_drop_nice(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return;
	data[0].effective &= ~(1u << CAP_SYS_NICE);
	data[0].permitted &= ~(1u << CAP_SYS_NICE);
	data[0].inheritable &= ~(1u << CAP_SYS_NICE);
	syscall(SYS_capset, &hdr, data);
}

static void fz_child(int slot, uint64_t seed, bool nobody, bool forever)
{
	struct fz_thread_arg ta[FZ_MAX_THREADS];
	pthread_t th[FZ_MAX_THREADS];
	struct rlimit rl = { 0, 0 };
	uint64_t r = fz_mix(seed ^ 0x5eed);
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fz_crash_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	setrlimit(RLIMIT_RTPRIO, &rl);
	setrlimit(RLIMIT_CORE, &rl);
	if (nobody) {
		/*
		 * A small RLIMIT_MEMLOCK now and then (wiring is charged to
		 * the user, all its processes together): the shortage paths.
		 */
		if (r % 3 == 0) {
			struct rlimit ml;

			ml.rlim_cur = ml.rlim_max = (r >> 16) % 24 * 4096;
			setrlimit(RLIMIT_MEMLOCK, &ml);
		}
		if (setgroups(0, NULL) || setgid(FZ_NOBODY) || setuid(FZ_NOBODY))
			_exit(4);
	} else if (getuid() == 0) {
		fz_drop_nice();
	}
	if (fz_mem_init() || xnucross_fd() < 0)
		_exit(3);
	{
		struct fz_ctx c0 = { .rng = r };

		/* Fuzzing genl with no family to send to tests nothing. */
		if (fz_genl_setup(&c0) && (opt.ops & (1u << FZ_GENL))) {
			printf("xnufuzz: child %d: no generic netlink family resolved\n",
			       (int)getpid());
			fflush(stdout);
			_exit(5);
		}
	}
	for (i = 0; i < opt.threads; i++) {
		ta[i].seed = fz_mix(seed + (uint64_t)i);
		ta[i].nr = i;
		ta[i].slot = slot;
		/* Now and then a process ends itself, mid-everything. */
		ta[i].limit = forever ? 0 : 2000 + (r >> 8) % 60000;
	}
	if (pthread_barrier_init(&fz_setup_done, NULL, (unsigned int)opt.threads))
		_exit(3);
	for (i = 1; i < opt.threads; i++)
		if (pthread_create(&th[i], NULL, fz_thread, &ta[i]))
			_exit(3);
	fz_thread(&ta[0]);
	_exit(0);
}

/* ---- the supervisor ------------------------------------------------------ */

static uint64_t fz_slot_calls(int slot)
{
	uint64_t n = 0;
	int f;

	for (f = 0; f < FZ_NFAM; f++)
		n += shared->calls[slot][f];
	return n;
}

static uint64_t fz_total(void)
{
	uint64_t n = 0;
	int s;

	for (s = 0; s < opt.procs; s++)
		n += fz_slot_calls(s);
	return n;
}

static void fz_spawn(struct fz_slot *sl, int slot)
{
	pid_t pid;

	sl->gen++;
	sl->seed = fz_mix(opt.seed ^ fz_mix(((uint64_t)slot << 32) | sl->gen));
	sl->nobody = opt.nobody && getuid() == 0 && (slot & 1);
	sl->killed = false;
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		fz_child(slot, sl->seed, sl->nobody, false);
	sl->pid = pid;
	sl->last_calls = fz_slot_calls(slot);
	sl->last_progress = fz_now();
	if (pid < 0)
		printf("xnufuzz: fork: %s\n", strerror(errno));
	else
		printf("xnufuzz: spawn slot=%d gen=%u pid=%d uid=%d seed=%#" PRIx64 "\n",
		       slot, sl->gen, pid, sl->nobody ? FZ_NOBODY : (int)getuid(),
		       sl->seed);
}

static int fz_replay(void)
{
	pid_t pid;
	int st;

	shared->stop = 0;
	opt.procs = 1;
	pid = fork();
	if (pid == 0)
		fz_child(0, opt.seed, opt.replay_uid == FZ_NOBODY, true);
	printf("xnufuzz: replay seed=%#" PRIx64 " pid=%d uid=%d\n", opt.seed,
	       pid, (int)opt.replay_uid);
	fflush(stdout);
	{
		double end = fz_now() + (opt.duration > 0 ? opt.duration : 1e9);

		while (fz_now() < end && (!opt.calls || fz_total() < opt.calls)) {
			if (waitpid(pid, &st, WNOHANG) == pid)
				goto done;
			usleep(20000);
		}
	}
	shared->stop = 1;
	usleep(200000);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
		st = 0;
done:
	if (WIFSIGNALED(st)) {
		printf("xnufuzz: error: replay died of signal %d seed=%#" PRIx64 "\n",
		       WTERMSIG(st), opt.seed);
		return 1;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st)) {
		printf("xnufuzz: error: replay exited %d seed=%#" PRIx64 "\n",
		       WEXITSTATUS(st), opt.seed);
		return 1;
	}
	printf("xnufuzz: ok calls=%" PRIu64 " seed=%#" PRIx64 " replay\n",
	       fz_total(), opt.seed);
	return 0;
}

/* Pinned pages or wired regions left once every fuzzing process is gone. */
static int fz_wire_leaks(void)
{
	struct xnu_vm_wire_info wi;
	struct xnu_handshake hs;
	int fd, i, ret = 0;

	fd = open(XNUCROSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return 0;
	memset(&hs, 0, sizeof(hs));
	hs.user_api = XNU_API_VERSION;
	if (ioctl(fd, XNU_TRAP_HANDSHAKE, &hs) == 0) {
		for (i = 0; i < 100; i++) {
			memset(&wi, 0, sizeof(wi));
			if (ioctl(fd, XNU_TRAP_VM_WIRE_INFO, &wi) != KERN_SUCCESS)
				break;
			if (!wi.pinned_pages && !wi.regions)
				break;
			usleep(100000);
		}
		if (i == 100) {
			printf("xnufuzz: LEAK: %" PRIu64 " pages still pinned in %" PRIu64
			       " regions after every fuzzing process exited\n",
			       (uint64_t)wi.pinned_pages, (uint64_t)wi.regions);
			ret = 1;
		}
	}
	close(fd);
	return ret;
}

/* The module's live ports (its mach_ports_live parameter), or -1. */
static long long fz_ports_live(void)
{
	char buf[32];
	long long v = -1;
	ssize_t n;
	int fd;

	fd = open(FZ_PORTS_LIVE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		v = strtoll(buf, NULL, 0);
	}
	return v;
}

/*
 * The live ports once they stop changing (ports go after an RCU grace
 * period): the count once it stayed the same for 300 ms, or, when
 * @want >= 0, as soon as it is @want; at most FZ_PORTS_WAIT_S seconds.
 */
static long long fz_ports_settled(long long want)
{
	double end = fz_now() + FZ_PORTS_WAIT_S;
	long long live = fz_ports_live(), now;
	int same = 0;

	while (live >= 0 && live != want && same < 6 && fz_now() < end) {
		usleep(50000);
		now = fz_ports_live();
		same = now == live ? same + 1 : 0;
		live = now;
	}
	return live;
}

/*
 * The name service keeps a send right to each fuzzing thread's service
 * port ("org.xnucross.fuzz.SLOT.THREAD", msg.c), dead once its process is
 * gone: by design, as the name stays reserved for its uid. A look-up
 * drops a dead entry's right. Done in a process of its own (its task and
 * ports go with it), before the count the run starts from and after the
 * run, so that only ports nothing holds by design are counted as leaks.
 */
static void fz_bs_sweep(void)
{
	char name[64];
	mach_port_t p;
	pid_t pid;
	int slot, t;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		for (slot = 0; slot < FZ_MAX_PROCS; slot++)
			for (t = 0; t < 2; t++) {
				snprintf(name, sizeof(name), "org.xnucross.fuzz.%d.%d",
					 slot, t);
				if (bootstrap_look_up(bootstrap_port, name, &p) ==
				    KERN_SUCCESS)
					mach_port_deallocate(mach_task_self(), p);
			}
		_exit(0);
	}
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
}

/*
 * Ports made during the run and still alive once every fuzzing process
 * is gone (or ports gone that were there before): 1 and a message.
 */
static int fz_port_leaks(long long before)
{
	double end = fz_now() + FZ_PORTS_WAIT_S;
	long long after;

	if (before < 0)
		return 0;
	/* Settled, then still different: wait out the whole grace time. */
	do {
		after = fz_ports_settled(before);
	} while (after != before && after >= 0 && fz_now() < end);
	if (after == before)
		return 0;
	printf("xnufuzz: LEAK: %lld live ports in the module after the run, %lld before "
	       "(%s)\n", after, before,
	       after > before ? "ports leaked" : "ports freed that existed before");
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "seed", 1, NULL, 's' }, { "procs", 1, NULL, 'p' },
		{ "threads", 1, NULL, 't' }, { "duration", 1, NULL, 'd' },
		{ "calls", 1, NULL, 'n' }, { "ops", 1, NULL, 'o' },
		{ "kill-ms", 1, NULL, 'k' }, { "no-nobody", 0, NULL, 'N' },
		{ "replay", 1, NULL, 'r' }, { "uid", 1, NULL, 'u' },
		{ "verbose", 0, NULL, 'v' }, { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fz_slot slots[FZ_MAX_PROCS];
	uint64_t crashes = 0, stalls = 0, unkillable = 0, kills = 0, spawns = 0;
	double start, end, t;
	bool seeded = false;
	int o, s, st, f, leaked = 0, port_leaks = 0;
	long long ports_before;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((o = getopt_long(argc, argv, "s:p:t:d:n:o:k:Nr:u:vh", lo, NULL)) != -1) {
		switch (o) {
		case 's': opt.seed = strtoull(optarg, NULL, 0); seeded = true; break;
		case 'p': opt.procs = atoi(optarg); break;
		case 't': opt.threads = atoi(optarg); break;
		case 'd': opt.duration = atof(optarg); break;
		case 'n': opt.calls = strtoull(optarg, NULL, 0); break;
		case 'o': opt.ops = parse_ops(optarg); break;
		case 'k': opt.kill_ms = (unsigned int)atoi(optarg); break;
		case 'N': opt.nobody = false; break;
		case 'r': opt.seed = strtoull(optarg, NULL, 0); opt.replay = true; break;
		case 'u': opt.replay_uid = (uid_t)atoi(optarg); break;
		case 'v': opt.verbose++; break;
		default: usage();
		}
	}
	if (optind != argc || !opt.ops)
		usage();
	if (opt.procs <= 0)
		opt.procs = 2 * (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (opt.procs > FZ_MAX_PROCS)
		opt.procs = FZ_MAX_PROCS;
	if (opt.threads < 1 || opt.threads > FZ_MAX_THREADS)
		usage();
	if (opt.duration <= 0 && !opt.calls)
		opt.duration = 60;
	if (!seeded && !opt.replay)
		opt.seed = fz_mix((uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32));

	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		printf("xnufuzz: error: mmap: %s\n", strerror(errno));
		return 1;
	}
	if (opt.replay)
		return fz_replay();

	printf("xnufuzz: seed=%#" PRIx64 " procs=%d threads=%d duration=%g calls=%" PRIu64
	       " kill-ms=%u ops=", opt.seed, opt.procs, opt.threads, opt.duration,
	       opt.calls, opt.kill_ms);
	for (f = 0, o = 0; f < FZ_NFAM; f++)
		if (opt.ops & (1u << f))
			printf("%s%s", o++ ? "," : "", fz_family_names[f]);
	fz_bs_sweep();
	ports_before = fz_ports_settled(-1);
	printf(" ports-live=%lld\n", ports_before);
	memset(slots, 0, sizeof(slots));
	start = fz_now();
	end = opt.duration > 0 ? start + opt.duration : 1e18;
	for (s = 0; s < opt.procs; s++) {
		fz_spawn(&slots[s], s);
		spawns++;
	}
	srandom((unsigned int)opt.seed);

	while ((t = fz_now()) < end && (!opt.calls || fz_total() < opt.calls)) {
		usleep(50000);
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
			for (s = 0; s < opt.procs && slots[s].pid != pid; s++)
				;
			if (s == opt.procs)
				continue;
			if (WIFSIGNALED(st) && !(slots[s].killed &&
						 WTERMSIG(st) == SIGKILL)) {
				crashes++;
				printf("xnufuzz: CRASH slot=%d pid=%d signal=%d seed=%#" PRIx64
				       " (replay: xnufuzz --replay %#" PRIx64 "%s)\n",
				       s, pid, WTERMSIG(st), slots[s].seed,
				       slots[s].seed, slots[s].nobody ? " --uid 65534" : "");
			} else if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
				crashes++;
				printf("xnufuzz: CRASH slot=%d pid=%d exit=%d seed=%#" PRIx64
				       " (%s)\n", s, pid, WEXITSTATUS(st), slots[s].seed,
				       WEXITSTATUS(st) == 6 ? "its raw-forked child failed" :
				       "setup failed");
			}
			fz_spawn(&slots[s], s);
			spawns++;
		}
		if (crashes > 20)
			break;
		for (s = 0; s < opt.procs; s++) {
			struct fz_slot *sl = &slots[s];
			uint64_t n = fz_slot_calls(s);

			if (sl->pid <= 0)
				continue;
			if (sl->killed) {
				if (t - sl->killed_at > FZ_KILL_WAIT_S) {
					unkillable++;
					printf("xnufuzz: UNKILLABLE slot=%d pid=%d seed=%#" PRIx64
					       ": SIGKILL did not end it in %d s\n",
					       s, sl->pid, sl->seed, FZ_KILL_WAIT_S);
					sl->pid = 0;
				}
				continue;
			}
			if (n != sl->last_calls) {
				sl->last_calls = n;
				sl->last_progress = t;
			} else if (t - sl->last_progress > FZ_STALL_S) {
				stalls++;
				printf("xnufuzz: STALL slot=%d pid=%d seed=%#" PRIx64
				       ": no call for %d s, killing it (replay: xnufuzz"
				       " --replay %#" PRIx64 "%s)\n", s, sl->pid, sl->seed,
				       FZ_STALL_S, sl->seed,
				       sl->nobody ? " --uid 65534" : "");
				goto kill;
			}
			/* A random SIGKILL: on average every kill_ms per child. */
			if (opt.kill_ms && (unsigned long)random() % (opt.kill_ms / 50 + 1) == 0)
				goto kill;
			continue;
kill:
			kill(sl->pid, SIGKILL);
			sl->killed = true;
			sl->killed_at = t;
			kills++;
		}
	}

	/* Stop: ask, then kill what is left; every child must go. */
	shared->stop = 1;
	t = fz_now();
	for (s = 0; s < opt.procs; s++)
		if (slots[s].pid > 0 && !slots[s].killed) {
			kill(slots[s].pid, SIGKILL);
			slots[s].killed = true;
		}
	for (;;) {
		int left = 0;

		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			for (s = 0; s < opt.procs; s++)
				if (slots[s].pid == pid)
					slots[s].pid = 0;
		for (s = 0; s < opt.procs; s++)
			left += slots[s].pid > 0;
		if (!left)
			break;
		if (fz_now() - t > FZ_KILL_WAIT_S) {
			for (s = 0; s < opt.procs; s++)
				if (slots[s].pid > 0) {
					unkillable++;
					printf("xnufuzz: UNKILLABLE slot=%d pid=%d seed=%#" PRIx64 "\n",
					       s, slots[s].pid, slots[s].seed);
				}
			break;
		}
		usleep(50000);
	}

	/*
	 * Every fuzzing process is gone: no page may still be pinned, no
	 * wired region alive (their files are closed). Teardown may finish
	 * in a worker: a few seconds of grace.
	 */
	if (opt.ops & (1u << FZ_VM))
		leaked = fz_wire_leaks();
	fz_bs_sweep();
	port_leaks = fz_port_leaks(ports_before);

	t = fz_now() - start;
	printf("xnufuzz: calls by family:");
	for (f = 0; f < FZ_NFAM; f++) {
		uint64_t n = 0;

		for (s = 0; s < opt.procs; s++)
			n += shared->calls[s][f];
		printf(" %s=%" PRIu64, fz_family_names[f], n);
	}
	printf("\n");
	/*
	 * One line per family: its calls, and how its traps (genl: its
	 * requests) ended: success, an errno (refused at the transport),
	 * a Mach/kern error (refused by the service: the call got deep).
	 */
	for (f = 0; f < FZ_NFAM; f++) {
		uint64_t n = 0, ok = 0, en = 0, ke = 0;

		for (s = 0; s < opt.procs; s++) {
			n += shared->calls[s][f];
			ok += shared->ok[s][f];
			en += shared->eno[s][f];
			ke += shared->kern[s][f];
		}
		printf("xnufuzz: family %-6s calls=%" PRIu64 " ok=%" PRIu64 " errno=%" PRIu64
		       " kern-error=%" PRIu64 "\n", fz_family_names[f], n, ok, en, ke);
	}
	printf("xnufuzz: %" PRIu64 " processes spawned, %" PRIu64 " killed at random or stuck, "
	       "%" PRIu64 " stalls\n", spawns, kills, stalls);
	if (crashes || unkillable || stalls || leaked || port_leaks) {
		printf("xnufuzz: error crashes=%" PRIu64 " unkillable=%" PRIu64
		       " stalls=%" PRIu64 " wire-leaks=%d port-leaks=%d calls=%" PRIu64
		       " seed=%#" PRIx64 "\n", crashes, unkillable, stalls, leaked,
		       port_leaks, fz_total(), opt.seed);
		return 1;
	}
	printf("xnufuzz: ok calls=%" PRIu64 " seed=%#" PRIx64 " seconds=%.0f calls/s=%.0f\n",
	       fz_total(), opt.seed, t, t > 0 ? fz_total() / t : 0.0);
	return 0;
}

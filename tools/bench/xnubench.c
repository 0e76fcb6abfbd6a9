// SPDX-License-Identifier: GPL-2.0
/*
 * xnubench - the cost of crossing into the xnucross module, next to the
 * costs of other crossings measured in the same run.
 *
 * Every row of the table is one operation. Its iteration count is first
 * calibrated so that one measurement takes about -t seconds, then the
 * measurement is repeated -r times; the table shows the minimum and the
 * median time per operation and the ratio of the minimum to the minimum of
 * the baseline, the null ioctl on /dev/xnucross. In the test VM (QEMU TCG)
 * absolute times mean little; the ratios are what to compare. Under the
 * table, the notes say what each row measures, and the comparisons give
 * the ratios of chosen pairs of rows with their targets.
 *
 * Usage: xnubench [-t SECONDS] [-r N] [-o table|csv] [-h]
 *
 * To add a row, write its setup/run/teardown functions and add one entry to
 * benches[] below. run() performs its operation exactly iters times and
 * returns 0, or -1 after printing why it failed. A setup() that returns 1
 * skips its row (a test module it needs is missing): the note says why.
 * To compare two rows, add an entry to cmps[].
 *
 * Exit status: 0 when every row was measured or skipped, 1 when a row
 * failed (for instance the module is not loaded), 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libxnucross.h"
#include "xnubench.h"

#define MAX_REPEAT	1000

/* ---- null ioctl: the baseline ------------------------------------------ */

static int xnu_setup(struct bench *b)
{
	b->fd[0] = xnucross_fd();	/* opened and handshaken */
	if (b->fd[0] < 0) {
		fprintf(stderr, "xnubench: %s: %s\n", b->name,
			*xnucross_strerror() ? xnucross_strerror() :
			strerror(errno));
		return -1;
	}
	return 0;
}

static int null_ioctl_run(struct bench *b, uint64_t iters)
{
	int fd = b->fd[0];
	uint64_t i;

	for (i = 0; i < iters; i++) {
		if (ioctl(fd, XNU_TRAP_NULL, 0) < 0) {
			fprintf(stderr, "xnubench: XNU_TRAP_NULL: %s\n",
				strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int null_ioctl_setup(struct bench *b)
{
	snprintf(b->note, sizeof(b->note),
		 "XNU_TRAP_NULL (%#x): ioctl on /dev/xnucross, no argument",
		 XNU_TRAP_NULL);
	return xnu_setup(b);
}

/* ---- handshake ioctl: copyin + copyout -------------------------------- */

static int handshake_setup(struct bench *b)
{
	snprintf(b->note, sizeof(b->note),
		 "XNU_TRAP_HANDSHAKE (%#x): IOWR, %zu bytes copied in and out",
		 XNU_TRAP_HANDSHAKE, sizeof(struct xnu_handshake));
	return xnu_setup(b);
}

static int handshake_run(struct bench *b, uint64_t iters)
{
	struct xnu_handshake hs;
	int fd = b->fd[0];
	uint64_t i;

	for (i = 0; i < iters; i++) {
		memset(&hs, 0, sizeof(hs));
		hs.user_api = XNU_API_VERSION;
		if (ioctl(fd, XNU_TRAP_HANDSHAKE, &hs) < 0) {
			fprintf(stderr, "xnubench: XNU_TRAP_HANDSHAKE: %s\n",
				strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* ---- getppid: the cheapest real system call ---------------------------- */

static int getppid_setup(struct bench *b)
{
	snprintf(b->note, sizeof(b->note),
		 "syscall(SYS_getppid), no libc caching");
	return 0;
}

static int getppid_run(struct bench *b, uint64_t iters)
{
	uint64_t i;

	for (i = 0; i < iters; i++)
		syscall(SYS_getppid);
	return 0;
}

/* ---- pipe ping-pong between two processes ------------------------------ */

/*
 * fd[0]: parent writes to child, fd[1]: parent reads from child. Both
 * processes run on the CPU the parent is on: a round trip is then two
 * context switches, without the cross-CPU wakeups that make it erratic
 * in an emulated guest.
 */
static int pipe_setup(struct bench *b)
{
	int down[2], up[2];
	char c;

	snprintf(b->note, sizeof(b->note),
		 "1 byte to a child over a pipe, back over another; both on one CPU");
	signal(SIGPIPE, SIG_IGN);
	bench_pin_here(b);
	if (pipe(down) < 0)
		goto err;
	if (pipe(up) < 0) {
		close(down[0]);
		close(down[1]);
		goto err;
	}
	b->pid = fork();
	if (b->pid < 0) {
		close(down[0]);
		close(down[1]);
		close(up[0]);
		close(up[1]);
		goto err;
	}
	if (b->pid == 0) {
		/* Child: echo every byte until the parent closes its end. */
		close(down[1]);
		close(up[0]);
		while (read(down[0], &c, 1) == 1)
			if (write(up[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	b->fd[0] = down[1];
	b->fd[1] = up[0];
	return 0;
err:
	fprintf(stderr, "xnubench: %s: %s\n", b->name, strerror(errno));
	sched_setaffinity(0, sizeof(b->cpus), &b->cpus);
	return -1;
}

static int pipe_run(struct bench *b, uint64_t iters)
{
	char c = 'x';
	uint64_t i;

	for (i = 0; i < iters; i++) {
		if (write(b->fd[0], &c, 1) != 1 || read(b->fd[1], &c, 1) != 1) {
			fprintf(stderr, "xnubench: pipe ping-pong: %s\n",
				strerror(errno ? errno : EPIPE));
			return -1;
		}
	}
	return 0;
}

static void pipe_teardown(struct bench *b)
{
	close(b->fd[0]);
	close(b->fd[1]);
	waitpid(b->pid, NULL, 0);
	sched_setaffinity(0, sizeof(b->cpus), &b->cpus);
}

/* ---- memcpy 1 MiB ------------------------------------------------------- */

#define COPY_SIZE	(1UL << 20)

static int memcpy_setup(struct bench *b)
{
	snprintf(b->note, sizeof(b->note),
		 "memcpy of %lu KiB between two buffers already touched",
		 COPY_SIZE >> 10);
	b->buf[0] = malloc(COPY_SIZE);
	b->buf[1] = malloc(COPY_SIZE);
	if (!b->buf[0] || !b->buf[1]) {
		free(b->buf[0]);
		free(b->buf[1]);
		fprintf(stderr, "xnubench: %s: out of memory\n", b->name);
		return -1;
	}
	memset(b->buf[0], 0x5a, COPY_SIZE);
	memset(b->buf[1], 0xa5, COPY_SIZE);
	return 0;
}

static int memcpy_run(struct bench *b, uint64_t iters)
{
	char *src = b->buf[0], *dst = b->buf[1];
	uint64_t i;

	for (i = 0; i < iters; i++) {
		clobber(src);		/* src may have changed... */
		memcpy(dst, src, COPY_SIZE);
		clobber(dst);		/* ...and dst is read */
	}
	return 0;
}

static void memcpy_teardown(struct bench *b)
{
	free(b->buf[0]);
	free(b->buf[1]);
}

/* ---- helpers of the rows ------------------------------------------------ */

void bench_pin_here(struct bench *b)
{
	cpu_set_t one;
	int cpu;

	CPU_ZERO(&b->cpus);
	sched_getaffinity(0, sizeof(b->cpus), &b->cpus);
	cpu = sched_getcpu();
	if (cpu >= 0) {
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof(one), &one);
	}
}

/* ---- test modules the rows need ----------------------------------------- */

int bench_module_load(const char *name, int *loaded, char *why, size_t len)
{
	char path[256];
	struct utsname u;
	int fd, ret, err;

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	if (access(path, F_OK) == 0)
		return 0;
	uname(&u);
	snprintf(path, sizeof(path), "/lib/modules/%s/extra/%s.ko", u.release,
		 name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, len, "%.80s: %s", path, strerror(errno));
		return -1;
	}
	ret = syscall(SYS_finit_module, fd, "", 0);
	err = errno;
	close(fd);
	if (ret && err != EEXIST) {
		snprintf(why, len, "loading %.80s: %s", path, strerror(err));
		return -1;
	}
	if (!ret)
		*loaded = 1;
	return 0;
}

void bench_module_unload(const char *name, int *loaded)
{
	if (*loaded && !syscall(SYS_delete_module, name, O_NONBLOCK))
		*loaded = 0;
}

/* ---- the table ---------------------------------------------------------- */

/* The first row is the baseline of the ratios. */
static struct bench benches[] = {
	{ .name = "null ioctl", .setup = null_ioctl_setup,
	  .run = null_ioctl_run },
	{ .name = "handshake ioctl", .setup = handshake_setup,
	  .run = handshake_run },
	{ .name = "getppid", .setup = getppid_setup, .run = getppid_run },
	{ .name = "pipe ping-pong", .setup = pipe_setup, .run = pipe_run,
	  .teardown = pipe_teardown },
	{ .name = "memcpy 1 MiB", .setup = memcpy_setup, .run = memcpy_run,
	  .teardown = memcpy_teardown },
	XNUBENCH_SYSCTL_ROWS
	XNUBENCH_MACH_ROWS
	XNUBENCH_MIG_ROWS
	XNUBENCH_SYNC_ROWS
	XNUBENCH_MEMORY_ROWS
	XNUBENCH_COPY_ROWS
};

#define NBENCH	(sizeof(benches) / sizeof(benches[0]))

/* Ratios of pairs of rows, printed under the notes. */
static const struct bench_cmp cmps[] = {
	XNUBENCH_MACH_CMPS
	XNUBENCH_MIG_CMPS
	XNUBENCH_SYNC_CMPS
	XNUBENCH_MEMORY_CMPS
	XNUBENCH_COPY_CMPS
};

#define NCMP	(sizeof(cmps) / sizeof(cmps[0]))

/* Width of the operation column: the longest row name. */
static int name_width = 18;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Seconds taken by iters operations, or a negative value on failure. */
static double timed_run(struct bench *b, uint64_t iters)
{
	double t0 = now();

	if (b->run(b, iters) < 0)
		return -1;
	return now() - t0;
}

/* An iteration count that takes about target seconds; 0 on failure. */
static uint64_t calibrate(struct bench *b, double target)
{
	uint64_t iters = 1;
	double t;

	for (;;) {
		t = timed_run(b, iters);
		if (t < 0)
			return 0;
		if (t >= target / 16 || iters >= UINT64_MAX / 32)
			break;
		iters *= 4;
	}
	iters = (uint64_t)(iters * (target / t));
	return iters ? iters : 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct result {
	uint64_t iters;
	double min_ns;
	double median_ns;
};

/*
 * Calibrate, then measure repeat times; 0, -1 if the row failed, 1 if it
 * was skipped.
 */
static int measure(struct bench *b, double target, int repeat,
		   struct result *res)
{
	double ns[MAX_REPEAT], t;
	int i, ret = -1;

	if (b->setup) {
		ret = b->setup(b);
		if (ret)
			return ret < 0 ? -1 : 1;
		ret = -1;
	}
	res->iters = calibrate(b, target);
	if (!res->iters)
		goto out;
	for (i = 0; i < repeat; i++) {
		t = timed_run(b, res->iters);
		if (t < 0)
			goto out;
		ns[i] = t * 1e9 / res->iters;
	}
	qsort(ns, repeat, sizeof(ns[0]), cmp_double);
	res->min_ns = ns[0];
	res->median_ns = repeat % 2 ? ns[repeat / 2] :
		(ns[repeat / 2 - 1] + ns[repeat / 2]) / 2;
	ret = 0;
out:
	if (b->teardown)
		b->teardown(b);
	return ret;
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-t SECONDS] [-r N] [-o table|csv] [-h]\n"
		"Measure crossings into the xnucross module next to other crossings.\n"
		"  -t SECONDS  time of one measurement (default 0.2)\n"
		"  -r N        measurements per row, minimum and median reported (default 5)\n"
		"  -o FORMAT   table (default) or csv\n"
		"  -h          this help\n", prog);
}

static void print_header(double target, int repeat)
{
	struct xnucross_info info;
	struct utsname u;

	if (uname(&u) == 0)
		printf("kernel %s %s", u.release, u.machine);
	if (xnucross_info(&info) == 0)
		printf(", xnucross %s (API %u.%u)", info.version,
		       XNU_API_VERSION_MAJOR(info.kernel_api),
		       XNU_API_VERSION_MINOR(info.kernel_api));
	printf("\n%d measurements of ~%.2f s per row; ns/op minimum and median;\n"
	       "ratio = minimum / minimum of the null ioctl, same run\n\n",
	       repeat, target);
	printf("%-*s %12s %14s %14s %9s\n", name_width, "operation",
	       "iterations", "ns/op min", "ns/op median", "ratio");
}

/* The row called name, if it was measured. */
static const struct result *find_result(const char *name,
					const struct result *res,
					const int *ok)
{
	size_t i;

	for (i = 0; i < NBENCH; i++)
		if (!strcmp(benches[i].name, name))
			return ok[i] == 1 ? &res[i] : NULL;
	return NULL;
}

static void print_comparisons(const struct result *res, const int *ok)
{
	const struct result *num, *den;
	double r;
	size_t i;
	int w = 0;

	for (i = 0; i < NCMP; i++)
		if ((int)strlen(cmps[i].label) > w)
			w = (int)strlen(cmps[i].label);
	printf("\ncomparisons (ratio of the minimums, same run):\n");
	for (i = 0; i < NCMP; i++) {
		num = find_result(cmps[i].num, res, ok);
		den = find_result(cmps[i].den, res, ok);
		printf("  %-*s ", w, cmps[i].label);
		if (!num || !den || den->min_ns <= 0) {
			printf("%9s  (not measured)\n", "-");
			continue;
		}
		r = num->min_ns / den->min_ns;
		printf("%9.3f", r);
		if (r > 0 && r < 1)
			printf("  (%.2fx faster)", 1 / r);
		if (cmps[i].max > 0)
			printf("  target <= %.3f: %s", cmps[i].max,
			       r <= cmps[i].max ? "met" : "MISSED");
		printf("\n");
	}
}

int main(int argc, char **argv)
{
	struct result res[NBENCH];
	int ok[NBENCH], ret;
	double target = 0.2, base = 0;
	int repeat = 5, csv = 0, failed = 0;
	char *end;
	size_t i;
	int opt;

	while ((opt = getopt(argc, argv, "ht:r:o:")) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		case 't':
			target = strtod(optarg, &end);
			if (*end || !(target > 0 && target <= 60)) {
				fprintf(stderr, "xnubench: -t: 0 < SECONDS <= 60\n");
				return 2;
			}
			break;
		case 'r':
			repeat = (int)strtol(optarg, &end, 10);
			if (*end || repeat < 1 || repeat > MAX_REPEAT) {
				fprintf(stderr, "xnubench: -r: 1 <= N <= %d\n",
					MAX_REPEAT);
				return 2;
			}
			break;
		case 'o':
			if (!strcmp(optarg, "csv")) {
				csv = 1;
			} else if (strcmp(optarg, "table")) {
				fprintf(stderr, "xnubench: -o: table or csv\n");
				return 2;
			}
			break;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr, argv[0]);
		return 2;
	}

	/* Failures are reported per row, by this program. */
	setenv("XNUCROSS_QUIET", "1", 1);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < NBENCH; i++)
		if ((int)strlen(benches[i].name) > name_width)
			name_width = (int)strlen(benches[i].name);

	if (csv)
		printf("operation,iterations,ns_min,ns_median,ratio\n");
	else
		print_header(target, repeat);

	for (i = 0; i < NBENCH; i++) {
		struct bench *b = &benches[i];

		ret = measure(b, target, repeat, &res[i]);
		ok[i] = ret == 0 ? 1 : ret > 0 ? 2 : 0;
		if (ok[i] != 1) {
			if (!ok[i])
				failed = 1;
			if (csv)
				printf("%s,,,,\n", b->name);
			else
				printf("%-*s %12s %14s %14s %9s\n", name_width,
				       b->name, ok[i] ? "skipped" : "-", "-",
				       "-", "-");
			continue;
		}
		if (i == 0)
			base = res[0].min_ns;
		if (csv) {
			printf("%s,%" PRIu64 ",%.1f,%.1f,", b->name,
			       res[i].iters, res[i].min_ns, res[i].median_ns);
			if (base > 0)
				printf("%.3f", res[i].min_ns / base);
			printf("\n");
		} else {
			printf("%-*s %12" PRIu64 " %14.1f %14.1f ", name_width,
			       b->name, res[i].iters, res[i].min_ns,
			       res[i].median_ns);
			if (base > 0)
				printf("%9.2f\n", res[i].min_ns / base);
			else
				printf("%9s\n", "-");
		}
	}

	if (!csv) {
		printf("\n");
		for (i = 0; i < NBENCH; i++)
			if (benches[i].note[0])
				printf("%-*s %s\n", name_width, benches[i].name,
				       benches[i].note);
		print_comparisons(res, ok);
	}
	return failed;
}

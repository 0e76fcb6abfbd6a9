// SPDX-License-Identifier: GPL-2.0
/*
 * wire_test - page wiring (kmod/vm/wire.c, <xnu_vm.h>, mach_vm_wire()):
 *   - wire and unwire with mach_vm_wire(): the module's pinned-page count
 *     (XNU_TRAP_VM_WIRE_INFO), the file's regions and the process's VmPin
 *     (RLIMIT_MEMLOCK's charge) move by the region's pages and back
 *     (/proc/vmstat's nr_foll_pin_* are per-CPU and folded lazily: too
 *     coarse to test with); a second unwire of the same range is KERN_INVALID_ARGUMENT;
 *     wiring twice makes two regions, each unwired once; page rounding;
 *   - the handle API (xnucross_vm_wire/unwire): double unwire, handle 0;
 *   - bad ranges: wrapping, unmapped, partly unmapped (what was pinned is
 *     unpinned: the count does not move), PROT_NONE, a kernel address, NULL
 *     (KERN_INVALID_ADDRESS), read-only memory wired for writing
 *     (KERN_PROTECTION_FAILURE) and for reading (fine);
 *   - bad arguments: prot bits, host_priv (MACH_SEND_INVALID_DEST for a
 *     null name, KERN_INVALID_HOST for a port that is not the host), null
 *     task, raw flags, size 0 (nothing, success);
 *   - RLIMIT_MEMLOCK: nobody over the limit gets KERN_RESOURCE_SHORTAGE
 *     and nothing stays pinned; root (CAP_IPC_LOCK) is not limited;
 *   - release: closing the file, a normal exit and SIGKILL of a process
 *     holding wired regions bring the pinned count back to where it was;
 *   - the kernel API (<xnucross/wire.h>) through the sample module's
 *     device (xnu_sample_ring.ko): a module finds the caller's region by
 *     handle and by address (not another process's), reads it through its
 *     kernel mapping (the checksum of what the process wrote), keeps it
 *     pinned past the process's unwire until it lets go, and wires a range
 *     itself (which user space cannot unwire; closing the device frees it);
 *   - regressions: a child using an inherited file (as nobody, with a
 *     small RLIMIT_MEMLOCK) gets EBADFD from every wiring trap and pins
 *     nothing; WIRE_INFO zeroes the file fields of a file that never
 *     wired; shared mappings (memfd wires for writing; a shared file
 *     mapping on a file system that writes back, $XNU_WRITEBACK_DIR, is
 *     refused for writing, on 6.1 as on 6.12); a read wiring of untouched
 *     private memory holds the pages the process then writes; a module
 *     drops the last reference with the process's mmap_lock held;
 *   - as root and as nobody where the rule is the same.
 */
#include "xnu_wired_selftest.h"

#include <sys/resource.h>

#include <mach/mach_vm.h>
#include "xnu_vm.h"

#define NPAGES	16

MT_FIXTURE_ROOT_NOBODY(wire)
MT_FIXTURE(wroot)

static size_t page_sz(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static void *map_pages(size_t n, int prot)
{
	void *p = mmap(NULL, n * page_sz(), prot,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* VmPin of this process in kB, or -1. */
static long vmlck_kb(void)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmPin:", 6)) {
			v = strtol(line + 6, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static kern_return_t wire(void *p, size_t len, vm_prot_t prot)
{
	return mach_vm_wire(mach_host_self(), mach_task_self(),
			    (uintptr_t)p, len, prot);
}

TEST_F(wire, wire_unwire_counts)
{
	size_t len = NPAGES * page_sz();
	struct xnu_vm_wire_info info;
	uint64_t before;
	long lck;
	char *p;

	p = map_pages(NPAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, p);
	before = pinned();
	ASSERT_NE(~0ULL, before);
	lck = vmlck_kb();

	ASSERT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_READ | VM_PROT_WRITE));
	EXPECT_EQ(before + NPAGES, pinned());
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_wire_info(&info));
	EXPECT_EQ(1U, info.file_regions);
	EXPECT_EQ(NPAGES, info.file_pages);
	EXPECT_EQ(lck + (long)(len / 1024), vmlck_kb());
	/* The memory is still the process's own. */
	memset(p, 0x5a, len);

	ASSERT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_NONE));
	EXPECT_EQ(before, pinned());
	EXPECT_EQ(lck, vmlck_kb());
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_wire_info(&info));
	EXPECT_EQ(0U, info.file_regions);
	EXPECT_EQ(0U, info.file_pages);
	EXPECT_EQ((char)0x5a, p[len - 1]);

	/* Double unwire. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT, wire(p, len, VM_PROT_NONE));
	EXPECT_EQ(before, pinned());
	munmap(p, len);
}

TEST_F(wire, wire_twice_two_regions)
{
	size_t len = 4 * page_sz();
	uint64_t before = pinned();
	char *p = map_pages(4, PROT_READ | PROT_WRITE);

	ASSERT_NE(NULL, p);
	ASSERT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_READ | VM_PROT_WRITE));
	ASSERT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_READ));
	EXPECT_EQ(before + 8, pinned());
	EXPECT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_NONE));
	EXPECT_EQ(before + 4, pinned());
	EXPECT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_NONE));
	EXPECT_EQ(before, pinned());
	EXPECT_EQ(KERN_INVALID_ARGUMENT, wire(p, len, VM_PROT_NONE));
	munmap(p, len);
}

TEST_F(wire, page_rounding_and_subranges)
{
	size_t pg = page_sz();
	uint64_t before = pinned();
	char *p = map_pages(4, PROT_READ | PROT_WRITE);

	ASSERT_NE(NULL, p);
	/* One byte across a page boundary is two pages. */
	ASSERT_EQ(KERN_SUCCESS, wire(p + pg - 1, 2, VM_PROT_READ));
	EXPECT_EQ(before + 2, pinned());
	/* Only the same pages name the region. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT, wire(p, pg, VM_PROT_NONE));
	EXPECT_EQ(KERN_INVALID_ARGUMENT, wire(p, 4 * pg, VM_PROT_NONE));
	EXPECT_EQ(KERN_SUCCESS, wire(p, 2 * pg, VM_PROT_NONE));
	EXPECT_EQ(before, pinned());
	munmap(p, 4 * pg);
}

TEST_F(wire, handles)
{
	uint64_t before = pinned(), h1 = 0, h2 = 0;
	char *p = map_pages(2, PROT_READ | PROT_WRITE);

	ASSERT_NE(NULL, p);
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_wire(p, page_sz(), VM_PROT_RW,
						 &h1));
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_wire(p + page_sz(), page_sz(),
						 VM_PROT_READ, &h2));
	EXPECT_NE(0U, h1);
	EXPECT_NE(h1, h2);
	EXPECT_EQ(before + 2, pinned());
	EXPECT_EQ(KERN_SUCCESS, xnucross_vm_unwire(h1));
	EXPECT_EQ(KERN_INVALID_ARGUMENT, xnucross_vm_unwire(h1));
	EXPECT_EQ(KERN_INVALID_ARGUMENT, xnucross_vm_unwire(0));
	EXPECT_EQ(KERN_INVALID_ARGUMENT, xnucross_vm_unwire(h2 + 1000));
	EXPECT_EQ(KERN_SUCCESS, xnucross_vm_unwire(h2));
	EXPECT_EQ(before, pinned());
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  xnucross_vm_wire(p, page_sz(), VM_PROT_NONE, &h1));
	munmap(p, 2 * page_sz());
}

TEST_F(wire, bad_ranges)
{
	size_t pg = page_sz();
	uint64_t before = pinned();
	char *p, *ro, *none;

	/* Wrapping. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  mach_vm_wire(mach_host_self(), mach_task_self(),
			       UINT64_MAX - pg, 4 * pg, VM_PROT_READ));
	/* Unmapped. */
	p = map_pages(4, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, munmap(p, 4 * pg));
	EXPECT_EQ(KERN_INVALID_ADDRESS, wire(p, 4 * pg, VM_PROT_READ));
	/* Partly unmapped: the pages pinned before the hole are let go. */
	p = map_pages(8, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(0, munmap(p + 5 * pg, pg));
	EXPECT_EQ(KERN_INVALID_ADDRESS, wire(p, 8 * pg, VM_PROT_RW));
	EXPECT_EQ(before, pinned());
	munmap(p, 8 * pg);
	/* NULL, a kernel address. */
	EXPECT_EQ(KERN_INVALID_ADDRESS, wire(NULL, pg, VM_PROT_READ));
	EXPECT_EQ(KERN_INVALID_ADDRESS,
		  mach_vm_wire(mach_host_self(), mach_task_self(),
			       0xffff888000000000ULL, pg, VM_PROT_READ));
	/* Read-only memory: readable, not writable. */
	ro = map_pages(2, PROT_READ);
	ASSERT_NE(NULL, ro);
	EXPECT_EQ(KERN_PROTECTION_FAILURE, wire(ro, 2 * pg, VM_PROT_RW));
	EXPECT_EQ(before, pinned());
	EXPECT_EQ(KERN_SUCCESS, wire(ro, 2 * pg, VM_PROT_READ));
	EXPECT_EQ(before + 2, pinned());
	EXPECT_EQ(KERN_SUCCESS, wire(ro, 2 * pg, VM_PROT_NONE));
	munmap(ro, 2 * pg);
	/* No access at all. */
	none = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, none);
	EXPECT_EQ(KERN_INVALID_ADDRESS, wire(none, pg, VM_PROT_READ));
	munmap(none, pg);
	EXPECT_EQ(before, pinned());
}

TEST_F(wire, bad_arguments)
{
	struct xnu_vm_wire_args a;
	char *p = map_pages(1, PROT_READ | PROT_WRITE);
	uint64_t before = pinned();

	ASSERT_NE(NULL, p);
	EXPECT_EQ(KERN_INVALID_ARGUMENT, wire(p, page_sz(), 0x10));
	EXPECT_EQ(MACH_SEND_INVALID_DEST,
		  mach_vm_wire(MACH_PORT_NULL, mach_task_self(), (uintptr_t)p,
			       page_sz(), VM_PROT_READ));
	EXPECT_EQ(KERN_INVALID_HOST,
		  mach_vm_wire(mach_task_self(), mach_task_self(),
			       (uintptr_t)p, page_sz(), VM_PROT_READ));
	EXPECT_EQ(KERN_INVALID_TASK,
		  mach_vm_wire(mach_host_self(), MACH_PORT_NULL, (uintptr_t)p,
			       page_sz(), VM_PROT_READ));
	/* Size 0: nothing to do (as XNU). */
	EXPECT_EQ(KERN_SUCCESS, wire(p, 0, VM_PROT_READ));
	/* vm_wire() is the same call. */
	EXPECT_EQ(KERN_SUCCESS, vm_wire(mach_host_self(), mach_task_self(),
					(uintptr_t)p, page_sz(),
					VM_PROT_READ | VM_PROT_EXECUTE));
	EXPECT_EQ(before + 1, pinned());
	EXPECT_EQ(KERN_SUCCESS, vm_wire(mach_host_self(), mach_task_self(),
					(uintptr_t)p, page_sz(),
					VM_PROT_NONE));
	/* The raw trap: flags, prot without read, size 0. */
	memset(&a, 0, sizeof(a));
	a.addr = (uintptr_t)p;
	a.size = page_sz();
	a.prot = XNU_VM_PROT_READ;
	a.flags = 1;
	EXPECT_EQ(-KERN_INVALID_ARGUMENT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_VM_WIRE, &a));
	a.flags = 0;
	a.prot = XNU_VM_PROT_WRITE;
	EXPECT_EQ(-KERN_INVALID_ARGUMENT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_VM_WIRE, &a));
	a.prot = XNU_VM_PROT_READ;
	a.size = 0;
	EXPECT_EQ(-KERN_INVALID_ARGUMENT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_VM_WIRE, &a));
	/* Unwire with flags, and of nothing on a fresh file. */
	a.flags = 1;
	EXPECT_EQ(-KERN_INVALID_ARGUMENT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_VM_UNWIRE, &a));
	EXPECT_EQ(before, pinned());
	munmap(p, page_sz());
}

/* In a child: lower RLIMIT_MEMLOCK to @kb, maybe become nobody, wire. */
static int limited_child(int to_nobody, size_t kb, size_t wire_kb,
			 int *statusp)
{
	struct rlimit rl = { .rlim_cur = kb * 1024, .rlim_max = kb * 1024 };
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		void *p = map_pages(wire_kb * 1024 / page_sz(),
				    PROT_READ | PROT_WRITE);
		uint64_t before;
		kern_return_t kr;

		if (!p || setrlimit(RLIMIT_MEMLOCK, &rl))
			_exit(100);
		if (to_nobody && xnu_drop_to_nobody())
			_exit(101);
		before = pinned();
		kr = wire(p, wire_kb * 1024, VM_PROT_RW);
		if (kr != KERN_SUCCESS && pinned() != before)
			_exit(102);	/* a failure left pages pinned */
		_exit(kr == KERN_RESOURCE_SHORTAGE ? 1 :
		      kr == KERN_SUCCESS ? 0 : 103);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	*statusp = status;
	return 0;
}

TEST_F(wroot, memlock_limit)
{
	uint64_t before = pinned();
	int status;

	/* Nobody: 64 KiB allowed, 256 KiB is over. */
	ASSERT_EQ(0, limited_child(1, 64, 256, &status));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(1, WEXITSTATUS(status));
	/* Within the limit. */
	ASSERT_EQ(0, limited_child(1, 64, 32, &status));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* Root has CAP_IPC_LOCK: the limit does not apply. */
	ASSERT_EQ(0, limited_child(0, 64, 256, &status));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* Everything the children wired went with them. */
	EXPECT_EQ(before, pinned_settles(before));
}

TEST_F(wire, close_releases)
{
	struct xnu_vm_wire_args a;
	uint64_t before = pinned();
	char *p = map_pages(NPAGES, PROT_READ | PROT_WRITE);
	int fd;

	ASSERT_NE(NULL, p);
	fd = xnu_open_handshaken();
	ASSERT_LE(0, fd);
	memset(&a, 0, sizeof(a));
	a.addr = (uintptr_t)p;
	a.size = NPAGES * page_sz();
	a.prot = XNU_VM_PROT_READ | XNU_VM_PROT_WRITE;
	ASSERT_EQ(0, xnu_ioctl_err(fd, XNU_TRAP_VM_WIRE, &a));
	ASSERT_EQ(0, xnu_ioctl_err(fd, XNU_TRAP_VM_WIRE, &a));
	EXPECT_EQ(before + 2 * NPAGES, pinned());
	/* Another file cannot unwire them. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT, xnucross_vm_unwire(a.handle));
	close(fd);
	EXPECT_EQ(before, pinned());
	munmap(p, NPAGES * page_sz());
}

/*
 * A child wires nine regions (128 pages), then exits when told (@sig 0)
 * or waits to be killed with @sig.
 */
static void exit_with_wired(struct __test_metadata *_metadata, int sig)
{
	uint64_t before = pinned();
	int pfd[2], gfd[2], status;
	char c = 0;
	pid_t pid;

	ASSERT_EQ(0, pipe(pfd));
	ASSERT_EQ(0, pipe(gfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char *p = map_pages(64, PROT_READ | PROT_WRITE);
		int i;

		close(pfd[0]);
		close(gfd[1]);
		if (!p)
			_exit(1);
		for (i = 0; i < 8; i++)
			if (wire(p + i * 8 * page_sz(), 8 * page_sz(),
				 VM_PROT_RW))
				_exit(2);
		/* And a whole-range region over them. */
		if (wire(p, 64 * page_sz(), VM_PROT_READ))
			_exit(3);
		if (write(pfd[1], &c, 1) != 1)
			_exit(4);
		if (!sig && read(gfd[0], &c, 1) == 1)
			_exit(0);
		for (;;)
			pause();
	}
	close(pfd[1]);
	close(gfd[0]);
	ASSERT_EQ(1, read(pfd[0], &c, 1));
	close(pfd[0]);
	EXPECT_EQ(before + 128, pinned());
	if (sig)
		kill(pid, sig);
	else
		ASSERT_EQ(1, write(gfd[1], &c, 1));
	close(gfd[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	if (sig) {
		EXPECT_TRUE(WIFSIGNALED(status));
	} else {
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	EXPECT_EQ(before, pinned_settles(before));
}

TEST_F(wire, exit_releases_every_page)
{
	exit_with_wired(_metadata, 0);
}

TEST_F(wire, sigkill_releases_every_page)
{
	exit_with_wired(_metadata, SIGKILL);
}

/* ---- the kernel API, through the sample module ------------------------------ */

FIXTURE(wapi) {
	struct mt_env env;
	int fd;
};
MT_VARIANTS_ROOT_NOBODY(wapi);

FIXTURE_SETUP(wapi)
{
	ASSERT_EQ(0, sample_load());
	mt_setup(_metadata, &self->env, variant->nobody);
	self->fd = open("/dev/" XNU_SAMPLE_RING_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(wapi)
{
	close(self->fd);
	mt_teardown(_metadata, &self->env);
}

/* One XNU_SAMPLE_RING_IOC_WIRED; 0 or errno. */
static int wired_op(int fd, uint32_t op, uint64_t handle, const void *addr,
		    uint32_t len, struct xnu_sample_ring_wired *w)
{
	memset(w, 0, sizeof(*w));
	w->op = op;
	w->handle = handle;
	w->addr = (uintptr_t)addr;
	w->len = len;
	return ioctl(fd, XNU_SAMPLE_RING_IOC_WIRED, w) ? errno : 0;
}

TEST_F(wapi, module_finds_and_reads_regions)
{
	struct xnu_sample_ring_wired w;
	size_t len = NPAGES * page_sz();
	uint64_t h = 0;
	char *p = map_pages(NPAGES, PROT_READ | PROT_WRITE);
	size_t i;
	int status;
	pid_t pid;

	ASSERT_NE(NULL, p);
	for (i = 0; i < len; i++)
		p[i] = (char)(i * 7 + 3);
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_wire(p, len, VM_PROT_RW, &h));
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_HANDLE, h, NULL,
			      len, &w));
	EXPECT_EQ(csum(p, len), w.csum);
	EXPECT_EQ(NPAGES, w.pages);
	/* By an address inside it. */
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_ADDR, 0,
			      p + 100, 1000, &w));
	EXPECT_EQ(csum(p, 1000), w.csum);
	/* What the process writes, the module reads. */
	p[5] ^= 0x55;
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_HANDLE, h, NULL,
			      64, &w));
	EXPECT_EQ(csum(p, 64), w.csum);
	/* Beyond the region, unknown handles, ranges nobody wired. */
	EXPECT_EQ(EINVAL, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_HANDLE, h,
				   NULL, len + 1, &w));
	EXPECT_EQ(ENOENT, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_HANDLE,
				   h + 999, NULL, 8, &w));
	EXPECT_EQ(ENOENT, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_ADDR, 0,
				   p + len - 8, 16, &w));
	EXPECT_EQ(EINVAL, wired_op(self->fd, 99, h, NULL, 8, &w));
	/* Another process does not find this process's region. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_HANDLE, h, NULL,
			       8, &w));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(ENOENT, WEXITSTATUS(status));
	/* Unwired: gone for the module too. */
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_unwire(h));
	EXPECT_EQ(ENOENT, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_HANDLE, h,
				   NULL, 8, &w));
	munmap(p, len);
}

TEST_F(wapi, module_keeps_region_past_unwire)
{
	struct xnu_sample_ring_wired w;
	size_t len = NPAGES * page_sz();
	uint64_t before = pinned(), h = 0;
	char *p = map_pages(NPAGES, PROT_READ | PROT_WRITE);

	ASSERT_NE(NULL, p);
	memset(p, 0x11, len);
	ASSERT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_RW));
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_ADDR, 0, p, len,
			      &w));
	/* Hold it by its handle (from the raw info: xnucross_vm_wire). */
	ASSERT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_NONE));
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_wire(p, len, VM_PROT_RW, &h));
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_HOLD, h, NULL, 0,
			      &w));
	EXPECT_EQ(NPAGES, w.pages);
	EXPECT_EQ(EBUSY, wired_op(self->fd, XNU_SAMPLE_WIRED_HOLD, h, NULL, 0,
				  &w));
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_unwire(h));
	/* Unwired for the process, still pinned for the module. */
	EXPECT_EQ(before + NPAGES, pinned());
	memset(p, 0x22, len);
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_HELD, 0, NULL,
			      len, &w));
	EXPECT_EQ(csum(p, len), w.csum);
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_DROP, 0, NULL, 0,
			      &w));
	EXPECT_EQ(before, pinned());
	EXPECT_EQ(ENOENT, wired_op(self->fd, XNU_SAMPLE_WIRED_DROP, 0, NULL,
				   0, &w));
	munmap(p, len);
}

TEST_F(wapi, module_wires_a_range_itself)
{
	struct xnu_sample_ring_wired w;
	size_t len = 4 * page_sz();
	uint64_t before = pinned();
	char *p = map_pages(4, PROT_READ | PROT_WRITE);
	int fd;

	ASSERT_NE(NULL, p);
	memset(p, 0x33, len);
	fd = open("/dev/" XNU_SAMPLE_RING_DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wired_op(fd, XNU_SAMPLE_WIRED_CREATE, 0, p + 1, len - 1,
			      &w));
	EXPECT_EQ(4U, w.pages);
	EXPECT_EQ(before + 4, pinned());
	/* Not the process's to unwire. */
	EXPECT_EQ(KERN_INVALID_ARGUMENT, wire(p, len, VM_PROT_NONE));
	ASSERT_EQ(0, wired_op(fd, XNU_SAMPLE_WIRED_CSUM_HELD, 0, NULL, len,
			      &w));
	EXPECT_EQ(csum(p, len), w.csum);
	/* Closing the device lets it go. */
	close(fd);
	EXPECT_EQ(before, pinned());
	/* Errors of xnu_wired_create(). */
	EXPECT_EQ(EINVAL, wired_op(self->fd, XNU_SAMPLE_WIRED_CREATE, 0, p, 0,
				   &w));
	ASSERT_EQ(0, munmap(p, len));
	EXPECT_EQ(EFAULT, wired_op(self->fd, XNU_SAMPLE_WIRED_CREATE, 0, p,
				   len, &w));
	EXPECT_EQ(before, pinned());
}

/* ---- regressions (boundary-memory review) ---------------------------------- */

/*
 * A file is its binding process's: children using an inherited file (8 of
 * them, each with a 64 KiB RLIMIT_MEMLOCK and as nobody, wiring 64 KiB)
 * get EBADFD from every wiring trap, and nothing is pinned through it (the
 * memory would otherwise stay pinned, charged to nobody, after they exit).
 */
TEST_F(wroot, inherited_file_wires_nothing)
{
	struct rlimit rl = { .rlim_cur = 64 * 1024, .rlim_max = 64 * 1024 };
	struct xnu_vm_wire_info info;
	uint64_t before;
	int fd, i, status;
	pid_t pid;

	fd = xnu_open_handshaken();
	ASSERT_LE(0, fd);
	/* The first wiring call binds the file to this process. */
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(0, xnu_ioctl_err(fd, XNU_TRAP_VM_WIRE_INFO, &info));
	before = info.pinned_pages;
	for (i = 0; i < 8; i++) {
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			size_t n = 64 * 1024 / page_sz();
			char *p = map_pages(n, PROT_READ | PROT_WRITE);
			struct xnu_vm_wire_args a;
			struct xnu_vm_wire_info ci;

			if (!p || setrlimit(RLIMIT_MEMLOCK, &rl) ||
			    xnu_drop_to_nobody())
				_exit(100);
			memset(&a, 0, sizeof(a));
			a.addr = (uintptr_t)p;
			a.size = n * page_sz();
			a.prot = XNU_VM_PROT_READ | XNU_VM_PROT_WRITE;
			if (xnu_ioctl_err(fd, XNU_TRAP_VM_WIRE, &a) != EBADFD)
				_exit(1);
			a.handle = 1;
			if (xnu_ioctl_err(fd, XNU_TRAP_VM_UNWIRE, &a) != EBADFD)
				_exit(2);
			memset(&ci, 0, sizeof(ci));
			if (xnu_ioctl_err(fd, XNU_TRAP_VM_WIRE_INFO, &ci) !=
			    EBADFD)
				_exit(3);
			_exit(0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(0, xnu_ioctl_err(fd, XNU_TRAP_VM_WIRE_INFO, &info));
	EXPECT_EQ(0U, info.file_regions);
	EXPECT_EQ(0U, info.file_pages);
	EXPECT_EQ(before, info.pinned_pages);
	close(fd);
}

/* WIRE_INFO on a file that never wired: 0, not what the caller passed. */
TEST_F(wire, wire_info_fresh_file_is_zero)
{
	struct xnu_vm_wire_info info;
	int fd = xnu_open_handshaken();

	ASSERT_LE(0, fd);
	memset(&info, 0, sizeof(info));
	info.file_regions = 0xdeadbeef;
	info.file_pages = 0xdeadbeefULL;
	ASSERT_EQ(0, xnu_ioctl_err(fd, XNU_TRAP_VM_WIRE_INFO, &info));
	EXPECT_EQ(0U, info.file_regions);
	EXPECT_EQ(0U, info.file_pages);
	close(fd);
}

/*
 * Shared mappings: shmem (memfd) wires for writing on every kernel; a
 * shared writable mapping of a file on a file system that writes back
 * (ext4 in $XNU_WRITEBACK_DIR, when the runner mounted one) is refused
 * for writing (KERN_PROTECTION_FAILURE, on 6.1 as on 6.12) and wires for
 * reading.
 */
TEST_F(wire, shared_file_mappings)
{
	size_t len = 4 * page_sz();
	uint64_t before = pinned();
	const char *dir = getenv("XNU_WRITEBACK_DIR");
	char path[PATH_MAX];
	char *p;
	int fd;

	fd = memfd_create("wire_test", MFD_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, len));
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	memset(p, 0x44, len);
	ASSERT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_RW));
	EXPECT_EQ(before + 4, pinned());
	ASSERT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_NONE));
	munmap(p, len);
	close(fd);

	if (!dir || !*dir) {
		TH_LOG("XNU_WRITEBACK_DIR not set: file system case not run");
		return;
	}
	snprintf(path, sizeof(path), "%s/wire_test.%d", dir, (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ASSERT_LE(0, fd) {
		TH_LOG("%s: %s", path, strerror(errno));
	}
	unlink(path);
	ASSERT_EQ(0, ftruncate(fd, len));
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	memset(p, 0x55, len);
	EXPECT_EQ(KERN_PROTECTION_FAILURE, wire(p, len, VM_PROT_RW));
	EXPECT_EQ(before, pinned());
	/* Reading pins nothing the file system must track. */
	ASSERT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_READ));
	EXPECT_EQ(before + 4, pinned());
	ASSERT_EQ(KERN_SUCCESS, wire(p, len, VM_PROT_NONE));
	EXPECT_EQ(before, pinned());
	munmap(p, len);
	close(fd);
}

/*
 * A read wiring of private writable memory never touched holds the pages
 * the process then writes (not the zero page): the module's checksum of
 * the region equals the process's, for a module-made region and for one
 * the process wired.
 */
TEST_F(wapi, read_wiring_follows_first_write)
{
	struct xnu_sample_ring_wired w;
	size_t len = 4 * page_sz();
	uint64_t h = 0;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_CREATE, 0, p, len,
			      &w));
	memset(p, 0x33, len);
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_HELD, 0, NULL,
			      len, &w));
	EXPECT_EQ(csum(p, len), w.csum);
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_DROP, 0, NULL, 0,
			      &w));
	munmap(p, len);

	/* The same through mach_vm_wire(VM_PROT_READ). */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_wire(p, len, VM_PROT_READ, &h));
	memset(p, 0x5c, len);
	ASSERT_EQ(0, wired_op(self->fd, XNU_SAMPLE_WIRED_CSUM_HANDLE, h, NULL,
			      len, &w));
	EXPECT_EQ(csum(p, len), w.csum);
	ASSERT_EQ(KERN_SUCCESS, xnucross_vm_unwire(h));
	munmap(p, len);
}

/*
 * A module may drop the last reference to a region with the process's
 * mmap_lock held (from a vm_operations callback, say): the uncharge takes
 * no mmap_lock. In a child, so that a deadlock shows as a timeout.
 */
TEST_F(wapi, last_put_with_mmap_lock_held)
{
	uint64_t before = pinned();
	int status = 0, i;
	pid_t pid, r = 0;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct xnu_sample_ring_wired w;
		char *p = map_pages(4, PROT_READ | PROT_WRITE);

		if (!p)
			_exit(100);
		if (wired_op(self->fd, XNU_SAMPLE_WIRED_CREATE, 0, p,
			     4 * page_sz(), &w))
			_exit(101);
		_exit(wired_op(self->fd, XNU_SAMPLE_WIRED_DROP_MMAP_LOCKED, 0,
			       NULL, 0, &w));
	}
	for (i = 0; i < 1000 && !r; i++) {
		r = waitpid(pid, &status, WNOHANG);
		if (!r)
			mt_sleep_ms(10);
	}
	ASSERT_EQ(pid, r) {
		TH_LOG("the child hangs: a deadlock on its own mmap_lock");
	}
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(before, pinned_settles(before));
}

TEST_HARNESS_MAIN

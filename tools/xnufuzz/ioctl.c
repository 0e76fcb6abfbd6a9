// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl.c - xnufuzz's trap-table family: random command words (unknown
 * groups and numbers, known traps with the wrong size or direction bits),
 * every known trap with random, mutated or hostile arguments, the
 * handshake on a file of its own (before and after it succeeds), and the
 * sample cdevsw device (/dev/xnu_sample) when its kext is loaded.
 *
 * The traps that can block (mach_msg, the semaphore waits, the ring wait)
 * are left to the families that bound their timeouts.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xnufuzz.h"
#include "xnu_sysctl.h"
#include "xnu_vm.h"
#include "xnu_ring.h"

#define FZ_CMD(nr, cmd)	[nr] = (cmd)

/* Every trap's command word, by number; 0 for the ones not fuzzed here. */
static const unsigned int fz_cmds[XNU_TRAP_NR_COUNT] = {
	FZ_CMD(XNU_TRAP_NR_HANDSHAKE, XNU_TRAP_HANDSHAKE),
	FZ_CMD(XNU_TRAP_NR_NULL, XNU_TRAP_NULL),
	FZ_CMD(XNU_TRAP_NR_SYSCTL, XNU_TRAP_SYSCTL),
	FZ_CMD(XNU_TRAP_NR_TASK_SELF, XNU_TRAP_TASK_SELF),
	FZ_CMD(XNU_TRAP_NR_REPLY_PORT, XNU_TRAP_REPLY_PORT),
	FZ_CMD(XNU_TRAP_NR_PORT_ALLOCATE, XNU_TRAP_PORT_ALLOCATE),
	FZ_CMD(XNU_TRAP_NR_PORT_ALLOCATE_NAME, XNU_TRAP_PORT_ALLOCATE_NAME),
	FZ_CMD(XNU_TRAP_NR_PORT_DEALLOCATE, XNU_TRAP_PORT_DEALLOCATE),
	FZ_CMD(XNU_TRAP_NR_PORT_DESTROY, XNU_TRAP_PORT_DESTROY),
	FZ_CMD(XNU_TRAP_NR_PORT_MOD_REFS, XNU_TRAP_PORT_MOD_REFS),
	FZ_CMD(XNU_TRAP_NR_PORT_GET_REFS, XNU_TRAP_PORT_GET_REFS),
	FZ_CMD(XNU_TRAP_NR_PORT_INSERT_RIGHT, XNU_TRAP_PORT_INSERT_RIGHT),
	FZ_CMD(XNU_TRAP_NR_PORT_EXTRACT_RIGHT, XNU_TRAP_PORT_EXTRACT_RIGHT),
	FZ_CMD(XNU_TRAP_NR_PORT_TYPE, XNU_TRAP_PORT_TYPE),
	FZ_CMD(XNU_TRAP_NR_PORT_MOVE_MEMBER, XNU_TRAP_PORT_MOVE_MEMBER),
	FZ_CMD(XNU_TRAP_NR_PORT_GET_ATTRIBUTES, XNU_TRAP_PORT_GET_ATTRIBUTES),
	FZ_CMD(XNU_TRAP_NR_PORT_SET_ATTRIBUTES, XNU_TRAP_PORT_SET_ATTRIBUTES),
	FZ_CMD(XNU_TRAP_NR_PORT_REQUEST_NOTIFICATION,
	       XNU_TRAP_PORT_REQUEST_NOTIFICATION),
	FZ_CMD(XNU_TRAP_NR_PORT_NAMES, XNU_TRAP_PORT_NAMES),
	FZ_CMD(XNU_TRAP_NR_PORT_GET_CONTEXT, XNU_TRAP_PORT_GET_CONTEXT),
	FZ_CMD(XNU_TRAP_NR_PORT_SET_CONTEXT, XNU_TRAP_PORT_SET_CONTEXT),
	FZ_CMD(XNU_TRAP_NR_TASK_GET_SPECIAL_PORT, XNU_TRAP_TASK_GET_SPECIAL_PORT),
	FZ_CMD(XNU_TRAP_NR_TASK_SET_SPECIAL_PORT, XNU_TRAP_TASK_SET_SPECIAL_PORT),
	FZ_CMD(XNU_TRAP_NR_PORTS_REGISTER, XNU_TRAP_PORTS_REGISTER),
	FZ_CMD(XNU_TRAP_NR_PORTS_LOOKUP, XNU_TRAP_PORTS_LOOKUP),
	FZ_CMD(XNU_TRAP_NR_HOST_SELF, XNU_TRAP_HOST_SELF),
	FZ_CMD(XNU_TRAP_NR_THREAD_SELF, XNU_TRAP_THREAD_SELF),
	FZ_CMD(XNU_TRAP_NR_SEMAPHORE_SIGNAL, XNU_TRAP_SEMAPHORE_SIGNAL),
	FZ_CMD(XNU_TRAP_NR_SEMAPHORE_SIGNAL_ALL, XNU_TRAP_SEMAPHORE_SIGNAL_ALL),
	FZ_CMD(XNU_TRAP_NR_SEMAPHORE_SIGNAL_THREAD,
	       XNU_TRAP_SEMAPHORE_SIGNAL_THREAD),
	FZ_CMD(XNU_TRAP_NR_VM_WIRE_INFO, XNU_TRAP_VM_WIRE_INFO),
	FZ_CMD(XNU_TRAP_NR_RING_ATTACH, XNU_TRAP_RING_ATTACH),
};

/* A second file of this thread, for the handshake's own states. */
static __thread int fz_hs_fd = -1;
static int fz_sample_fd = -2;	/* -2: not opened yet, -1: no device */

/* The handshake, with valid or mutated fields, on the second file. */
static void fz_handshake(struct fz_ctx *c)
{
	struct xnu_handshake hs;
	unsigned int cmd;

	if (fz_hs_fd < 0 || fz_one_in(c, 64)) {
		if (fz_hs_fd >= 0)
			close(fz_hs_fd);
		fz_hs_fd = open(XNUCROSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (fz_hs_fd < 0)
			return;
	}
	memset(&hs, 0, sizeof(hs));
	hs.user_api = XNU_API_VERSION;
	if (fz_one_in(c, 2))
		fz_mutate(c, &hs, sizeof(hs));
	switch (fz_below(c, 4)) {
	case 0:
		/* Any trap, handshaken or not: EPROTO before. */
		cmd = fz_cmds[fz_below(c, XNU_TRAP_NR_COUNT)];
		if (cmd && XNU_IOCNUM(cmd) != XNU_TRAP_NR_HANDSHAKE)
			ioctl(fz_hs_fd, cmd, fz_buf(c, XNU_IOCPARM_LEN(cmd)));
		break;
	case 1:
		ioctl(fz_hs_fd, XNU_TRAP_HANDSHAKE,
		      (void *)(uintptr_t)fz_ptr(c, sizeof(hs)));
		break;
	default:
		ioctl(fz_hs_fd, XNU_TRAP_HANDSHAKE, &hs);
		break;
	}
}

/* A command word near a real one, or anything. */
static unsigned int fz_cmd_word(struct fz_ctx *c)
{
	unsigned int cmd = fz_cmds[fz_below(c, XNU_TRAP_NR_COUNT)];
	unsigned int size;

	if (!cmd)
		cmd = XNU_TRAP_NULL;
	switch (fz_below(c, 6)) {
	case 0:	/* another size */
		size = fz_one_in(c, 2) ? fz_below(c, XNU_IOCPARM_MASK + 1) :
			XNU_IOCPARM_LEN(cmd) + fz_below(c, 9) - 4;
		return (cmd & ~(XNU_IOCPARM_MASK << 16)) |
			((size & XNU_IOCPARM_MASK) << 16);
	case 1:	/* other direction bits */
		return (cmd & ~XNU_IOC_DIRMASK) | (fz_below(c, 8) << 29);
	case 2:	/* a number past the table, or an unused one */
		return (cmd & ~0xffu) | (XNU_TRAP_NR_COUNT + fz_below(c, 256 -
							XNU_TRAP_NR_COUNT));
	case 3:	/* another group */
		return (cmd & ~0xff00u) | (fz_below(c, 256) << 8);
	case 4:	/* a Linux-encoded command with our group */
		return _IOC(fz_below(c, 4), XNU_TRAP_GROUP, fz_below(c, 64),
			    fz_below(c, 512));
	default:
		return (unsigned int)fz_rand(c);
	}
}

/* The sample kext's BSD device: its commands, mutated and random. */
static void fz_sample(struct fz_ctx *c)
{
	unsigned long cmd;
	char *b;
	ssize_t r;

	if (fz_sample_fd == -2) {
		int fd = open("/dev/xnu_sample", O_RDWR | O_CLOEXEC);

		if (fd < 0)
			fd = open("/dev/xnu_sample", O_RDONLY | O_CLOEXEC);
		__atomic_store_n(&fz_sample_fd, fd < 0 ? -1 : fd,
				 __ATOMIC_RELAXED);
	}
	if (fz_sample_fd < 0)
		return;
	switch (fz_below(c, 6)) {
	case 0:
		b = fz_buf(c, 4096);
		r = read(fz_sample_fd, b, fz_len(c, 4096) & 8191);
		(void)r;
		break;
	case 1:
		b = fz_buf(c, 4096);
		r = write(fz_sample_fd, b, fz_len(c, 4096) & 8191);
		(void)r;
		break;
	default:
		/* group 'S', numbers 0-11, random size and direction */
		cmd = ((unsigned long)fz_below(c, 8) << 29) |
			((fz_one_in(c, 2) ? fz_below(c, 8192) : fz_below(c, 80)) << 16) |
			('S' << 8) | fz_below(c, 12);
		if (fz_one_in(c, 8))
			cmd = (uint32_t)fz_rand(c);
		ioctl(fz_sample_fd, cmd, (void *)(uintptr_t)fz_ptr(c, 8192));
		break;
	}
}

/*
 * A raw fork (no atfork handlers): the child uses the inherited file,
 * which belongs to its parent (EBADFD), opens its own, makes a task and
 * a few rights, and exits at once, its parent still fuzzing.
 */
static void fz_forked(struct fz_ctx *c)
{
	struct xnu_mach_port_args a;
	struct xnu_handshake hs;
	pid_t pid;
	int fd, st;

	pid = (pid_t)syscall(SYS_fork);
	if (pid < 0)
		return;
	if (pid > 0) {
		while (waitpid(pid, &st, 0) < 0)
			if (errno != EINTR)
				return;
		/*
		 * Its crash is this process's: die of the same signal, so
		 * that the supervisor reports it with this process's seed.
		 */
		if (WIFSIGNALED(st)) {
			printf("xnufuzz: child %d: its raw-forked child %d died of signal %d\n",
			       (int)getpid(), (int)pid, WTERMSIG(st));
			fflush(stdout);
			signal(WTERMSIG(st), SIG_DFL);
			raise(WTERMSIG(st));
			_exit(128 + WTERMSIG(st));
		}
		if (WIFEXITED(st) && WEXITSTATUS(st)) {
			printf("xnufuzz: child %d: its raw-forked child %d exited %d\n",
			       (int)getpid(), (int)pid, WEXITSTATUS(st));
			fflush(stdout);
			_exit(6);
		}
		return;
	}
	memset(&a, 0, sizeof(a));
	ioctl(c->fd, XNU_TRAP_TASK_SELF, &a);	/* EBADFD */
	fd = open(XNUCROSS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		memset(&hs, 0, sizeof(hs));
		hs.user_api = XNU_API_VERSION;
		ioctl(fd, XNU_TRAP_HANDSHAKE, &hs);
		memset(&a, 0, sizeof(a));
		if (ioctl(fd, XNU_TRAP_TASK_SELF, &a) == KERN_SUCCESS) {
			a.task = a.name;
			a.right = MACH_PORT_RIGHT_RECEIVE;
			ioctl(fd, XNU_TRAP_PORT_ALLOCATE, &a);
		}
	}
	_exit(0);
}

void fz_ioctl_one(struct fz_ctx *c)
{
	unsigned int nr, cmd;
	size_t size;

	fz_count(c, FZ_IOCTL);
	if (fz_one_in(c, 1024)) {
		fz_forked(c);
		return;
	}
	switch (fz_below(c, 8)) {
	case 0:
		fz_handshake(c);
		return;
	case 1:
		fz_sample(c);
		return;
	case 2:
	case 3:
		/* A command word no trap has (or has wrongly). */
		cmd = fz_cmd_word(c);
		nr = XNU_IOCNUM(cmd);
		/* Never one of the blocking traps by accident. */
		if (XNU_IOCGROUP(cmd) == XNU_TRAP_GROUP &&
		    nr < XNU_TRAP_NR_COUNT && !fz_cmds[nr])
			cmd = XNU_TRAP_NULL ^ XNU_IOC_VOID;
		/*
		 * Nor the handshake on the shared file: a failed one would
		 * leave every other call EPROTO (fz_handshake has its own).
		 */
		if (cmd == XNU_TRAP_HANDSHAKE)
			cmd = XNU_TRAP_NULL;
		fz_trap(c, cmd, (void *)(uintptr_t)fz_ptr(c, XNU_IOCPARM_MASK));
		return;
	default:
		break;
	}
	/* A known trap, exact command word, a random or hostile argument. */
	do {
		nr = fz_below(c, XNU_TRAP_NR_COUNT);
	} while (!fz_cmds[nr] || nr == XNU_TRAP_NR_HANDSHAKE);
	cmd = fz_cmds[nr];
	size = XNU_IOCPARM_LEN(cmd);
	if (fz_one_in(c, 4)) {
		fz_trap(c, cmd, (void *)(uintptr_t)fz_ptr(c, size));
		return;
	}
	{
		uint8_t *b = fz_buf(c, size);
		uint32_t *w = (uint32_t *)b;

		if (!b)
			return;
		/* Mostly a plausible first word (task) and zero flags. */
		if (size >= 8 && !fz_one_in(c, 4)) {
			memset(b, 0, size);
			w[0] = fz_one_in(c, 4) ? fz_name(c) : c->task;
			w[1] = fz_name(c);
			if (size >= 12)
				w[2] = fz_below(c, 32);
			fz_mutate(c, b, size);
		}
		fz_trap(c, cmd, b);
		if (nr == XNU_TRAP_NR_REPLY_PORT || nr == XNU_TRAP_NR_PORT_ALLOCATE)
			fz_name_add(c, w[1]);
	}
}

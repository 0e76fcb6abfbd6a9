// SPDX-License-Identifier: GPL-2.0
/*
 * bench_copy.c - xnubench's copy row: copyout() of 1 MiB from a kernel
 * buffer into a buffer of this process already touched, one XCT_COPYOUT
 * ioctl of the test module xnu_copyio_test per MiB (the ioctl's own cost,
 * a few hundred ns, is part of it). Compared with the "memcpy 1 MiB" row:
 * the target is copyout at no less than 0.8 of memcpy's
 * throughput.
 *
 * The row loads xnu_copyio_test.ko when it is not loaded (the benchmark
 * runs as root in the test VM) and unloads it afterwards; it is skipped,
 * with the reason, when it cannot be loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/ioccom.h>

#include "xnubench.h"
#include "../../kmod/tests/xnu_copyio_test.h"

#define COPYOUT_MOD	"xnu_copyio_test"
#define COPYOUT_SIZE	(1UL << 20)

static int copyout_loaded;

/* fd[0]: the test module's node; buf[0]: the destination. */
int copyout_setup(struct bench *b)
{
	struct xct_req r;

	snprintf(b->note, sizeof(b->note),
		 "copyout() of %lu KiB into a touched buffer, one ioctl each",
		 COPYOUT_SIZE >> 10);
	if (bench_module_load(COPYOUT_MOD, &copyout_loaded, b->note,
			      sizeof(b->note)))
		return 1;
	b->fd[0] = open("/dev/" XCT_NODE, O_RDWR | O_CLOEXEC);
	if (b->fd[0] < 0) {
		snprintf(b->note, sizeof(b->note), "/dev/%s: %s", XCT_NODE,
			 strerror(errno));
		bench_module_unload(COPYOUT_MOD, &copyout_loaded);
		return 1;
	}
	b->buf[0] = malloc(COPYOUT_SIZE);
	if (!b->buf[0]) {
		fprintf(stderr, "xnubench: %s: out of memory\n", b->name);
		close(b->fd[0]);
		bench_module_unload(COPYOUT_MOD, &copyout_loaded);
		return -1;
	}
	memset(b->buf[0], 0xa5, COPYOUT_SIZE);
	/* One checked copy: the row measures a copy that works. */
	memset(&r, 0, sizeof(r));
	r.uaddr = (unsigned long)b->buf[0];
	r.len = COPYOUT_SIZE;
	if (ioctl(b->fd[0], XCT_COPYOUT, &r) || r.error ||
	    (unsigned char)b->buf[0][COPYOUT_SIZE - 1] !=
	    xct_pattern(COPYOUT_SIZE - 1)) {
		fprintf(stderr, "xnubench: %s: copyout failed (%s, %d)\n",
			b->name, strerror(errno), r.error);
		copyout_teardown(b);
		return -1;
	}
	return 0;
}

int copyout_run(struct bench *b, uint64_t iters)
{
	struct xct_req r;
	uint64_t i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < iters; i++) {
		r.uaddr = (unsigned long)b->buf[0];
		r.len = COPYOUT_SIZE;
		if (ioctl(b->fd[0], XCT_COPYOUT, &r) || r.error) {
			fprintf(stderr, "xnubench: %s: %s, %d\n", b->name,
				strerror(errno), r.error);
			return -1;
		}
		clobber(b->buf[0]);
	}
	return 0;
}

void copyout_teardown(struct bench *b)
{
	free(b->buf[0]);
	b->buf[0] = NULL;
	close(b->fd[0]);
	bench_module_unload(COPYOUT_MOD, &copyout_loaded);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * bench_memory.c - xnubench rows for bulk transfer:
 *  - "ring, 64 KiB records": the producer builds each 64 KiB record in
 *    place in a wired ring (memset) and commits it; the sample consumer
 *    (xnu_sample_ring.ko) checksums it in place, in a kernel worker, and
 *    posts a 16-byte result, which the producer reads back (the row waits
 *    for the last one). Doorbells only when the ring was empty;
 *  - "ioctl copyin, 64 KiB": the same record built (memset) in a buffer,
 *    then one ioctl on the sample's misc device that copies it in and
 *    checksums it: one crossing and one copy per record;
 *  - "OOL 16 MiB message": one mach_msg() sending 16 MiB out of line to a
 *    port of this task and receiving it (one copy at send, the pages
 *    mapped into the receiver), the receiver reading one byte per page,
 *    then vm_deallocate();
 *  - "inline 16 MiB in 64 KiB msgs": the same bytes as 256 inline
 *    messages of 64 KiB (each chunk copied into the message buffer first,
 *    as a sender must), each sent and received in one mach_msg() (one
 *    copy in at send, one copy out at receive).
 * The ring rows load xnu_sample_ring.ko when it is not loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <unistd.h>

#include <mach/mach.h>
#include <xnucross/ring.h>

#include "../../kmod/samples/xnu_sample_ring.h"
#include "xnubench.h"

#define REC_SIZE	(64U * 1024)
#define RING_TX		(1U << 20)
#define RING_RX		(64U * 1024)
#define OOL_SIZE	(16U << 20)
#define INLINE_CHUNK	(64U * 1024)

static int loaded_sample;
static xnucross_ring_t *bench_ring;

static int sample_setup(struct bench *b)
{
	char why[128];

	if (!bench_module_load(XNU_SAMPLE_RING_MODULE, &loaded_sample, why,
			       sizeof(why)))
		return 0;
	snprintf(b->note, sizeof(b->note), "skipped: %.100s", why);
	return 1;
}

int mem_ring_setup(struct bench *b)
{
	struct xnucross_ring_params p = {
		.tx_size = RING_TX, .rx_size = RING_RX, .max_rec = REC_SIZE,
	};
	kern_return_t kr;
	int ret = sample_setup(b);

	if (ret)
		return ret;
	kr = xnucross_ring_create(XNU_SAMPLE_RING_NAME, &p, &bench_ring);
	if (kr != KERN_SUCCESS) {
		fprintf(stderr, "xnubench: %s: xnucross_ring_create: %s\n",
			b->name, mach_error_string(kr));
		return -1;
	}
	snprintf(b->note, sizeof(b->note),
		 "1 MiB ring, records built in place, checksummed in place");
	return 0;
}

/* Read every result that is there; -1 on an error. */
static int drain(xnucross_ring_t *r, uint64_t *got, int flags)
{
	struct xnu_sample_ring_result res;
	uint32_t len, tag;
	kern_return_t kr;

	for (;;) {
		len = sizeof(res);
		kr = xnucross_ring_recv(r, &res, &len, &tag, flags);
		if (kr == KERN_OPERATION_TIMED_OUT)
			return 0;
		if (kr != KERN_SUCCESS)
			return -1;
		(*got)++;
		if (!(flags & XNUCROSS_RING_NOWAIT))
			return 0;
	}
}

int mem_ring_run(struct bench *b, uint64_t iters)
{
	xnucross_ring_t *r = bench_ring;
	uint64_t i, got = 0;
	kern_return_t kr;
	void *p;

	for (i = 0; i < iters; i++) {
		/* Results first: the kernel never waits on a full rx ring. */
		if (drain(r, &got, XNUCROSS_RING_NOWAIT))
			goto fail;
		p = xnucross_ring_reserve(r, REC_SIZE, 0, &kr);
		if (!p)
			goto fail;
		memset(p, (int)i, REC_SIZE);
		kr = xnucross_ring_commit(r, REC_SIZE, (uint32_t)i);
		if (kr != KERN_SUCCESS)
			goto fail;
	}
	while (got < iters)
		if (drain(r, &got, 0))
			goto fail;
	return 0;
fail:
	fprintf(stderr, "xnubench: %s: ring failed at %llu\n", b->name,
		(unsigned long long)i);
	return -1;
}

void mem_ring_teardown(struct bench *b)
{
	xnucross_ring_destroy(bench_ring);
	bench_ring = NULL;
	bench_module_unload(XNU_SAMPLE_RING_MODULE, &loaded_sample);
}

int mem_ioctl_setup(struct bench *b)
{
	int ret = sample_setup(b);

	if (ret)
		return ret;
	b->fd[0] = open("/dev/" XNU_SAMPLE_RING_DEV, O_RDWR | O_CLOEXEC);
	b->buf[0] = malloc(REC_SIZE);
	if (b->fd[0] < 0 || !b->buf[0]) {
		fprintf(stderr, "xnubench: %s: %s\n", b->name, strerror(errno));
		if (b->fd[0] >= 0)
			close(b->fd[0]);
		free(b->buf[0]);
		return -1;
	}
	snprintf(b->note, sizeof(b->note),
		 "record built in a buffer, copied in by one ioctl");
	return 0;
}

int mem_ioctl_run(struct bench *b, uint64_t iters)
{
	struct xnu_sample_ring_ioc ioc = {
		.addr = (uintptr_t)b->buf[0], .len = REC_SIZE,
	};
	uint64_t i;

	for (i = 0; i < iters; i++) {
		memset(b->buf[0], (int)i, REC_SIZE);
		if (ioctl(b->fd[0], XNU_SAMPLE_RING_IOC_CSUM, &ioc)) {
			fprintf(stderr, "xnubench: %s: %s\n", b->name,
				strerror(errno));
			return -1;
		}
	}
	return 0;
}

void mem_ioctl_teardown(struct bench *b)
{
	close(b->fd[0]);
	free(b->buf[0]);
	bench_module_unload(XNU_SAMPLE_RING_MODULE, &loaded_sample);
}

/* ---- out-of-line vs inline ---------------------------------------------------- */

struct ool_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_ool_descriptor_t ool;
};

struct ool_rcv {
	struct ool_msg msg;
	mach_msg_trailer_t trailer;
};

/* port[0]: a receive right with a send right; buf[0]: the data. */
static int mem_port_setup(struct bench *b, size_t buflen)
{
	mach_port_t port = MACH_PORT_NULL;

	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
			       &port) ||
	    mach_port_insert_right(mach_task_self(), port, port,
				   MACH_MSG_TYPE_MAKE_SEND)) {
		fprintf(stderr, "xnubench: %s: no port\n", b->name);
		return -1;
	}
	b->port[0] = port;
	b->buf[0] = mmap(NULL, buflen, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (b->buf[0] == MAP_FAILED) {
		b->buf[0] = NULL;
		mach_port_mod_refs(mach_task_self(), port,
				   MACH_PORT_RIGHT_RECEIVE, -1);
		fprintf(stderr, "xnubench: %s: %s\n", b->name, strerror(errno));
		return -1;
	}
	memset(b->buf[0], 0x3c, buflen);
	return 0;
}

int mem_ool_setup(struct bench *b)
{
	int ret = mem_port_setup(b, OOL_SIZE);

	if (!ret)
		snprintf(b->note, sizeof(b->note),
			 "send+receive to self, receiver reads 1 byte/page");
	return ret;
}

int mem_ool_run(struct bench *b, uint64_t iters)
{
	struct ool_rcv m;
	volatile const char *p;
	unsigned long sum = 0;
	mach_msg_return_t mr;
	uint64_t i;
	size_t off;

	for (i = 0; i < iters; i++) {
		memset(&m, 0, sizeof(m));
		m.msg.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						      0) |
				       MACH_MSGH_BITS_COMPLEX;
		m.msg.head.msgh_size = sizeof(m.msg);
		m.msg.head.msgh_remote_port = b->port[0];
		m.msg.head.msgh_id = 1;
		m.msg.body.msgh_descriptor_count = 1;
		m.msg.ool.address = b->buf[0];
		m.msg.ool.size = OOL_SIZE;
		m.msg.ool.copy = MACH_MSG_VIRTUAL_COPY;
		m.msg.ool.deallocate = 0;
		m.msg.ool.type = MACH_MSG_OOL_DESCRIPTOR;
		mr = mach_msg(&m.msg.head, MACH_SEND_MSG | MACH_RCV_MSG,
			      sizeof(m.msg), sizeof(m), b->port[0], 0,
			      MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS || m.msg.ool.size != OOL_SIZE) {
			fprintf(stderr, "xnubench: %s: mach_msg: %s\n",
				b->name, mach_error_string(mr));
			return -1;
		}
		p = m.msg.ool.address;
		for (off = 0; off < OOL_SIZE; off += 4096)
			sum += p[off];
		vm_deallocate(mach_task_self(), (vm_address_t)m.msg.ool.address,
			      OOL_SIZE);
	}
	clobber(&sum);
	return 0;
}

void mem_ool_teardown(struct bench *b)
{
	munmap(b->buf[0], OOL_SIZE);
	mach_port_mod_refs(mach_task_self(), b->port[0],
			   MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(mach_task_self(), b->port[0]);
}

int mem_inline_setup(struct bench *b)
{
	int ret = mem_port_setup(b, OOL_SIZE);

	if (ret)
		return ret;
	b->buf[1] = malloc(2 * INLINE_CHUNK + 1024);
	if (!b->buf[1]) {
		mem_ool_teardown(b);
		return -1;
	}
	snprintf(b->note, sizeof(b->note),
		 "256 messages, each sent and received in one mach_msg");
	return 0;
}

int mem_inline_run(struct bench *b, uint64_t iters)
{
	mach_msg_header_t *h = (void *)b->buf[1];
	mach_msg_size_t size = sizeof(*h) + INLINE_CHUNK;
	mach_msg_return_t mr;
	uint64_t i;
	unsigned int c;

	for (i = 0; i < iters; i++) {
		for (c = 0; c < OOL_SIZE / INLINE_CHUNK; c++) {
			memcpy(h + 1, b->buf[0] + (size_t)c * INLINE_CHUNK,
			       INLINE_CHUNK);
			h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						      0);
			h->msgh_size = size;
			h->msgh_remote_port = b->port[0];
			h->msgh_local_port = MACH_PORT_NULL;
			h->msgh_voucher_port = MACH_PORT_NULL;
			h->msgh_id = 2;
			mr = mach_msg(h, MACH_SEND_MSG | MACH_RCV_MSG, size,
				      2 * INLINE_CHUNK, b->port[0], 0,
				      MACH_PORT_NULL);
			if (mr != MACH_MSG_SUCCESS) {
				fprintf(stderr, "xnubench: %s: mach_msg: %s\n",
					b->name, mach_error_string(mr));
				return -1;
			}
			clobber(h);
		}
	}
	return 0;
}

void mem_inline_teardown(struct bench *b)
{
	free(b->buf[1]);
	mem_ool_teardown(b);
}

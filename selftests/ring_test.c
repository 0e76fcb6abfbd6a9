// SPDX-License-Identifier: GPL-2.0
/*
 * ring_test - wired rings (kmod/vm/ring.c, <xnu_ring.h>, libxnucross's
 * <xnucross/ring.h>) with the sample consumer xnu_sample_ring.ko, which
 * checksums each record and posts a result into the rx ring:
 *   - records of every size round a small ring many times (wrap markers):
 *     every result's tag, length, checksum and sequence number is right,
 *     and the kernel's counters agree;
 *   - the doorbell rings only when the ring goes from empty to non-empty:
 *     with the consumer paused, a burst of 40 records rings once; records
 *     sent one at a time into a drained ring ring once each; the kernel
 *     counts the same doorbells as the library;
 *   - watermarks: a paused consumer fills the ring to the high watermark
 *     (NOWAIT gives KERN_RESOURCE_SHORTAGE there), a blocking send waits
 *     until the consumer drained to the low watermark; a full rx ring
 *     holds the kernel producer back until the process drains it;
 *   - concurrent producers, per the documented rule: threads sharing one
 *     ring serialise with a mutex; threads with a ring each run at once;
 *   - a producer SIGKILLed while sending, and one killed while blocked
 *     above the high watermark: it dies, and every wired page is released;
 *     a signal ends a blocked send with KERN_ABORTED;
 *   - the consumer module unloaded while rings are live: the rings are
 *     torn down, a blocked producer wakes with KERN_TERMINATED, sends give
 *     KERN_TERMINATED, the doorbell port is dead, the pages are released;
 *   - garbage written into the shared header and records (misaligned or
 *     runaway indices, huge lengths, random bytes, a corrupt rx consumer
 *     index) breaks the ring, never the kernel (no taint);
 *   - attach errors: bad header, geometry, alignment, overlap, unknown
 *     consumer, a consumer refusing (no rx ring); deallocating the port
 *     tears the ring down;
 *   - regressions: a wrap marker at offset 0 breaks the ring; the sample
 *     refuses an rx ring whose records cannot hold its results; closing a
 *     file with 500 rings does not hold up another process's ring calls
 *     (one RCU grace period for the batch, not one per ring under the
 *     ring lock); a consumer without an owner is refused (the test
 *     module xnu_ring_api_test.ko);
 *   - as root and as nobody where the rule is the same.
 */
#include "xnu_wired_selftest.h"

#include <mach/mach_vm.h>
#include <xnucross/ring.h>


/* ---- the sample module ------------------------------------------------------ */

static int sample_unload(void)
{
	int i;

	/* A reference may still be going away: retry a little. */
	for (i = 0; i < 100; i++) {
		if (!syscall(SYS_delete_module, XNU_SAMPLE_RING_MODULE,
			     O_NONBLOCK))
			return 0;
		if (errno != EAGAIN && errno != EBUSY)
			return errno;
		mt_sleep_ms(10);
	}
	return errno;
}

/* ---- fixtures: ring (root and nobody), rroot (root only) ------------------- */

FIXTURE(ring) {
	struct mt_env env;
};
MT_VARIANTS_ROOT_NOBODY(ring);
FIXTURE_SETUP(ring)
{
	ASSERT_EQ(0, sample_load());
	ASSERT_EQ(0, set_paused(0));
	mt_setup(_metadata, &self->env, variant->nobody);
}
MT_FIXTURE_TEARDOWN(ring)

FIXTURE(rroot) {
	struct mt_env env;
};
XNU_FIXTURE_PROTOTYPES(rroot);
FIXTURE_SETUP(rroot)
{
	ASSERT_EQ(0, sample_load());
	ASSERT_EQ(0, set_paused(0));
	mt_setup(_metadata, &self->env, 0);
}
FIXTURE_TEARDOWN(rroot)
{
	set_paused(0);
	sample_load();
	mt_teardown(_metadata, &self->env);
}

/* ---- helpers ------------------------------------------------------------------ */

static xnucross_ring_t *mkring(uint32_t tx, uint32_t rx)
{
	struct xnucross_ring_params p = { .tx_size = tx, .rx_size = rx };
	xnucross_ring_t *r = NULL;

	if (xnucross_ring_create(XNU_SAMPLE_RING_NAME, &p, &r))
		return NULL;
	return r;
}

/* Receive one result, waiting at most @ms. */
static kern_return_t recv_result(xnucross_ring_t *r,
				 struct xnu_sample_ring_result *res,
				 unsigned int ms)
{
	uint32_t len = sizeof(*res), tag;
	kern_return_t kr;

	kr = xnucross_ring_recv(r, res, &len, &tag, XNUCROSS_RING_NOWAIT);
	while (kr == KERN_OPERATION_TIMED_OUT && ms) {
		kr = xnucross_ring_wait(r, XNU_RING_WAIT_DATA, ms);
		if (kr != KERN_SUCCESS)
			return kr;
		len = sizeof(*res);
		kr = xnucross_ring_recv(r, res, &len, &tag,
					XNUCROSS_RING_NOWAIT);
	}
	if (kr == KERN_SUCCESS && (len != sizeof(*res) || tag != res->tag))
		return KERN_FAILURE;
	return kr;
}

/* Bytes used in the tx ring, as the shared header says. */
static uint32_t tx_used(xnucross_ring_t *r)
{
	return __atomic_load_n(&r->tx.hdr->prod, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&r->tx.hdr->cons, __ATOMIC_ACQUIRE);
}

static void fill(uint8_t *buf, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 8));
}

/* ---- records round the ring ------------------------------------------------- */

/* Send @n records of lengths (i * 37) % @maxlen through a ring of @tx bytes. */
static void roundtrip(struct __test_metadata *_metadata, uint32_t tx,
		      uint32_t n, uint32_t maxlen)
{
	struct xnu_sample_ring_result res;
	struct xnu_ring_wait_args st;
	uint8_t buf[4096];
	uint64_t bytes = 0;
	uint32_t sent = 0, got = 0, len;
	xnucross_ring_t *r;
	kern_return_t kr;

	r = mkring(tx, 16384);
	ASSERT_NE(NULL, r);
	while (got < n) {
		/* Send what fits, then drain what came back. */
		while (sent < n) {
			len = (sent * 37) % maxlen;
			fill(buf, len, sent);
			kr = xnucross_ring_send(r, buf, len, sent,
						XNUCROSS_RING_NOWAIT);
			if (kr == KERN_RESOURCE_SHORTAGE)
				break;
			ASSERT_EQ(KERN_SUCCESS, kr);
			bytes += len;
			sent++;
		}
		ASSERT_EQ(KERN_SUCCESS, recv_result(r, &res, MT_WAIT_MS));
		len = (got * 37) % maxlen;
		fill(buf, len, got);
		ASSERT_EQ(got, res.tag);
		ASSERT_EQ(len, res.len);
		ASSERT_EQ(csum(buf, len), res.csum);
		ASSERT_EQ(got, res.seq);
		got++;
	}
	ASSERT_EQ(KERN_SUCCESS, xnucross_ring_stats(r, &st));
	EXPECT_EQ(n, st.records);
	EXPECT_EQ(bytes, st.bytes);
	EXPECT_EQ(n, st.rx_records);
	EXPECT_EQ(r->doorbells, st.doorbells);
	/* Many times round: prod went far past the size. */
	EXPECT_LT(4ULL * tx, (uint64_t)r->tx.idx);
	EXPECT_EQ(0U, r->tx.hdr->flags & (XNU_RING_F_DEAD | XNU_RING_F_BROKEN));
	xnucross_ring_destroy(r);
}

TEST_F(ring, wraparound_small_ring)
{
	roundtrip(_metadata, 4096, 3000, 1900);
}

TEST_F(ring, wraparound_records_of_every_size)
{
	roundtrip(_metadata, 16384, 5000, 4096);
}

TEST_F(ring, pages_released_on_destroy)
{
	uint64_t before = pinned();
	xnucross_ring_t *r = mkring(65536, 4096);

	ASSERT_NE(NULL, r);
	/* Header page + data, for both rings. */
	EXPECT_EQ(before + 17 + 2, pinned());
	xnucross_ring_destroy(r);
	EXPECT_EQ(before, pinned_settles(before));
}

/* ---- doorbells ------------------------------------------------------------------ */

TEST_F(rroot, doorbell_only_when_empty)
{
	struct xnu_sample_ring_result res;
	struct xnu_ring_wait_args st;
	uint8_t buf[64] = { 0 };
	xnucross_ring_t *r;
	int i;

	r = mkring(8192, 8192);
	ASSERT_NE(NULL, r);
	/* One at a time into a drained ring: one doorbell each. */
	for (i = 0; i < 10; i++) {
		ASSERT_EQ(KERN_SUCCESS, xnucross_ring_send(r, buf, 64, i, 0));
		ASSERT_EQ(KERN_SUCCESS, recv_result(r, &res, MT_WAIT_MS));
		EXPECT_EQ((uint32_t)i, res.tag);
	}
	EXPECT_EQ(10U, r->doorbells);
	ASSERT_EQ(KERN_SUCCESS, xnucross_ring_stats(r, &st));
	EXPECT_EQ(10U, st.doorbells);

	/* A burst into a paused consumer: the first record rings, only. */
	ASSERT_EQ(0, set_paused(1));
	for (i = 0; i < 40; i++)
		ASSERT_EQ(KERN_SUCCESS,
			  xnucross_ring_send(r, buf, 64, 100 + i,
					     XNUCROSS_RING_NOWAIT));
	EXPECT_EQ(11U, r->doorbells);
	ASSERT_EQ(KERN_SUCCESS, xnucross_ring_stats(r, &st));
	EXPECT_EQ(11U, st.doorbells);
	EXPECT_EQ(10U, st.records);
	EXPECT_EQ(11U, r->tx.hdr->kstat[0]);

	/* Resume and ring by hand: all forty come back, in order. */
	ASSERT_EQ(0, set_paused(0));
	ASSERT_EQ(KERN_SUCCESS, ring_doorbell(r->port));
	for (i = 0; i < 40; i++) {
		ASSERT_EQ(KERN_SUCCESS, recv_result(r, &res, MT_WAIT_MS));
		EXPECT_EQ((uint32_t)(100 + i), res.tag);
	}
	ASSERT_EQ(KERN_SUCCESS, xnucross_ring_stats(r, &st));
	EXPECT_EQ(12U, st.doorbells);
	EXPECT_EQ(50U, st.records);
	xnucross_ring_destroy(r);
}

/* ---- watermarks -------------------------------------------------------------- */

struct resume_arg {
	xnucross_ring_t *r;
	unsigned int delay_ms;
};

/* After a delay, let the consumer go and ring (from another thread). */
static void *resume_later(void *p)
{
	struct resume_arg *a = p;

	mt_sleep_ms(a->delay_ms);
	set_paused(0);
	ring_doorbell(a->r->port);
	return NULL;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

TEST_F(rroot, high_watermark_blocks_until_low)
{
	struct resume_arg a = { .delay_ms = 300 };
	struct xnu_sample_ring_result res;
	uint8_t buf[100] = { 1 };
	unsigned int sent = 0, i;
	pthread_t th;
	uint64_t t0;
	kern_return_t kr;

	a.r = mkring(4096, 16384);
	ASSERT_NE(NULL, a.r);
	ASSERT_EQ(0, set_paused(1));
	while ((kr = xnucross_ring_send(a.r, buf, sizeof(buf), sent,
					XNUCROSS_RING_NOWAIT)) == KERN_SUCCESS)
		sent++;
	EXPECT_EQ(KERN_RESOURCE_SHORTAGE, kr);
	EXPECT_LE(a.r->tx.high, tx_used(a.r));
	EXPECT_GT(40U, sent);
	/* Blocking: returns once the consumer drained to low_wm. */
	ASSERT_EQ(0, pthread_create(&th, NULL, resume_later, &a));
	t0 = now_ms();
	EXPECT_EQ(KERN_SUCCESS, xnucross_ring_send(a.r, buf, sizeof(buf),
						   sent, 0));
	EXPECT_LE(250U, now_ms() - t0);
	EXPECT_LE(1U, a.r->waits);
	sent++;
	pthread_join(th, NULL);
	for (i = 0; i < sent; i++) {
		ASSERT_EQ(KERN_SUCCESS, recv_result(a.r, &res, MT_WAIT_MS));
		EXPECT_EQ(i, res.tag);
	}
	xnucross_ring_destroy(a.r);
}

TEST_F(ring, full_rx_holds_the_kernel_back)
{
	struct xnu_sample_ring_result res;
	struct xnu_ring_wait_args st;
	uint8_t buf[8] = { 0 };
	xnucross_ring_t *r;
	unsigned int i, n = 200;

	/* rx takes 128 results (24 bytes) below its high watermark. */
	r = mkring(16384, 4096);
	ASSERT_NE(NULL, r);
	for (i = 0; i < n; i++)
		ASSERT_EQ(KERN_SUCCESS, xnucross_ring_send(r, buf, 8, i, 0));
	/* The kernel stops at rx's high watermark and asks for a bell. */
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(KERN_SUCCESS, xnucross_ring_stats(r, &st));
		if (st.rx_records && r->rx.hdr->prod_wait)
			break;
		mt_sleep_ms(10);
	}
	EXPECT_EQ(1U, r->rx.hdr->prod_wait);
	EXPECT_GT(n, st.rx_records);
	EXPECT_GT(n, st.records);
	/* Draining rings it back to work: everything arrives. */
	for (i = 0; i < n; i++) {
		ASSERT_EQ(KERN_SUCCESS, recv_result(r, &res, MT_WAIT_MS));
		EXPECT_EQ(i, res.tag);
	}
	ASSERT_EQ(KERN_SUCCESS, xnucross_ring_stats(r, &st));
	EXPECT_EQ(n, st.records);
	xnucross_ring_destroy(r);
}

/* ---- concurrent producers --------------------------------------------------- */

#define NTHREADS	4
#define PER_THREAD	2000

struct producer_arg {
	xnucross_ring_t *r;
	pthread_mutex_t *lock;
	int id;
	int err;
};

static void *producer(void *p)
{
	struct producer_arg *a = p;
	uint8_t buf[256];
	uint32_t i, len;
	kern_return_t kr;

	for (i = 0; i < PER_THREAD; i++) {
		len = (i * 13) % sizeof(buf);
		fill(buf, len, i);
		if (a->lock)
			pthread_mutex_lock(a->lock);
		kr = xnucross_ring_send(a->r, buf, len,
					((uint32_t)a->id << 24) | i, 0);
		if (a->lock)
			pthread_mutex_unlock(a->lock);
		if (kr != KERN_SUCCESS) {
			a->err = kr;
			break;
		}
	}
	return NULL;
}

/* Check the results of @nprod producers on ring @r, each in its order. */
static void check_results(struct __test_metadata *_metadata,
			  xnucross_ring_t *r, int nprod)
{
	struct xnu_sample_ring_result res;
	uint32_t next[NTHREADS] = { 0 }, id, i, len, total;
	uint8_t buf[256];

	for (total = 0; total < (uint32_t)nprod * PER_THREAD; total++) {
		ASSERT_EQ(KERN_SUCCESS, recv_result(r, &res, MT_WAIT_MS));
		id = res.tag >> 24;
		i = res.tag & 0xffffff;
		ASSERT_GT((uint32_t)nprod, id);
		ASSERT_EQ(next[id], i);
		len = (i * 13) % sizeof(buf);
		fill(buf, len, i);
		ASSERT_EQ(len, res.len);
		ASSERT_EQ(csum(buf, len), res.csum);
		next[id]++;
	}
}

TEST_F(ring, producers_share_a_ring_with_a_lock)
{
	struct producer_arg a[NTHREADS];
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_t th[NTHREADS];
	xnucross_ring_t *r;
	int i;

	r = mkring(16384, 1 << 20);
	ASSERT_NE(NULL, r);
	for (i = 0; i < NTHREADS; i++) {
		a[i] = (struct producer_arg){ .r = r, .lock = &lock, .id = i };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, producer, &a[i]));
	}
	/* This thread is the rx ring's one consumer. */
	check_results(_metadata, r, NTHREADS);
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		EXPECT_EQ(0, a[i].err);
	}
	xnucross_ring_destroy(r);
}

TEST_F(ring, producers_with_a_ring_each)
{
	struct producer_arg a[NTHREADS];
	pthread_t th[NTHREADS];
	xnucross_ring_t *r[NTHREADS];
	int i;

	for (i = 0; i < NTHREADS; i++) {
		r[i] = mkring(8192, 1 << 18);
		ASSERT_NE(NULL, r[i]);
		a[i] = (struct producer_arg){ .r = r[i], .id = 0 };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, producer, &a[i]));
	}
	for (i = 0; i < NTHREADS; i++) {
		check_results(_metadata, r[i], 1);
		pthread_join(th[i], NULL);
		EXPECT_EQ(0, a[i].err);
		xnucross_ring_destroy(r[i]);
	}
}

/* ---- killed producers ---------------------------------------------------------- */

/* A child producing forever (blocking sends); it says when it started. */
static void produce_forever(int fd)
{
	uint8_t buf[512] = { 0 };
	xnucross_ring_t *r = mkring(8192, 4096);
	uint32_t i = 0;
	char c = 1;

	if (!r || write(fd, &c, 1) != 1)
		_exit(1);
	for (;;)
		xnucross_ring_send(r, buf, sizeof(buf), i++, 0);
}

static void kill_producer(struct __test_metadata *_metadata, int paused)
{
	uint64_t before = pinned();
	int pfd[2], status;
	char c;
	pid_t pid;

	if (paused)
		ASSERT_EQ(0, set_paused(1));
	ASSERT_EQ(0, pipe(pfd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(pfd[0]);
		produce_forever(pfd[1]);
	}
	close(pfd[1]);
	ASSERT_EQ(1, read(pfd[0], &c, 1));
	close(pfd[0]);
	mt_sleep_ms(100);
	EXPECT_LT(before, pinned());
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	EXPECT_EQ(before, pinned_settles(before));
	ASSERT_EQ(0, set_paused(0));
}

TEST_F(rroot, sigkill_while_producing)
{
	kill_producer(_metadata, 0);
}

TEST_F(rroot, sigkill_while_blocked_at_high_watermark)
{
	kill_producer(_metadata, 1);
}

static void on_usr1(int sig)
{
	(void)sig;
}

struct blocked_arg {
	xnucross_ring_t *r;
	kern_return_t kr;
	int started;
};

static void *send_until_blocked(void *p)
{
	struct blocked_arg *a = p;
	uint8_t buf[100] = { 0 };

	__atomic_store_n(&a->started, 1, __ATOMIC_RELEASE);
	do
		a->kr = xnucross_ring_send(a->r, buf, sizeof(buf), 0, 0);
	while (a->kr == KERN_SUCCESS);
	return NULL;
}

TEST_F(rroot, blocked_producer_interrupted_by_signal)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct blocked_arg a = { 0 };
	pthread_t th;

	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	a.r = mkring(4096, 4096);
	ASSERT_NE(NULL, a.r);
	ASSERT_EQ(0, set_paused(1));
	ASSERT_EQ(0, pthread_create(&th, NULL, send_until_blocked, &a));
	while (!__atomic_load_n(&a.started, __ATOMIC_ACQUIRE))
		mt_sleep_ms(1);
	mt_sleep_ms(200);
	/* Blocked above the high watermark, in the kernel. */
	EXPECT_LE(a.r->tx.high, tx_used(a.r));
	ASSERT_EQ(0, pthread_kill(th, SIGUSR1));
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(KERN_ABORTED, a.kr);
	EXPECT_LE(1U, a.r->waits);
	ASSERT_EQ(0, set_paused(0));
	xnucross_ring_destroy(a.r);
}

/* ---- the consumer unloaded while rings are live ------------------------------- */

static void *blocked_sender(void *p)
{
	xnucross_ring_t *r = p;
	uint8_t buf[100] = { 0 };
	kern_return_t kr;

	do
		kr = xnucross_ring_send(r, buf, sizeof(buf), 0, 0);
	while (kr == KERN_SUCCESS);
	return (void *)(intptr_t)kr;
}

TEST_F(rroot, consumer_unloaded_while_live)
{
	struct xnu_sample_ring_result res;
	uint64_t before = pinned();
	xnucross_ring_t *r, *r2;
	uint8_t buf[32] = { 0 };
	pthread_t th;
	void *ret;

	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	r2 = mkring(4096, 4096);
	ASSERT_NE(NULL, r2);
	ASSERT_EQ(KERN_SUCCESS, xnucross_ring_send(r, buf, 32, 7, 0));
	ASSERT_EQ(KERN_SUCCESS, recv_result(r, &res, MT_WAIT_MS));
	/* A producer blocked above the high watermark of r2. */
	ASSERT_EQ(0, set_paused(1));
	ASSERT_EQ(0, pthread_create(&th, NULL, blocked_sender, r2));
	mt_sleep_ms(100);

	ASSERT_EQ(0, sample_unload());
	ASSERT_EQ(0, pthread_join(th, &ret));
	EXPECT_EQ(KERN_TERMINATED, (kern_return_t)(intptr_t)ret);
	EXPECT_TRUE(r->tx.hdr->flags & XNU_RING_F_DEAD);
	EXPECT_FALSE(r->tx.hdr->flags & XNU_RING_F_ATTACHED);
	EXPECT_TRUE(r->rx.hdr->flags & XNU_RING_F_DEAD);
	EXPECT_EQ(KERN_TERMINATED, xnucross_ring_send(r, buf, 32, 8, 0));
	EXPECT_EQ(MACH_SEND_INVALID_DEST, ring_doorbell(r->port));
	EXPECT_EQ(KERN_TERMINATED, recv_result(r, &res, 0));
	EXPECT_EQ(before, pinned_settles(before));
	/* No consumer of that name now. */
	EXPECT_EQ(NULL, mkring(4096, 4096));
	xnucross_ring_destroy(r);
	xnucross_ring_destroy(r2);
	/* Back, and working. */
	ASSERT_EQ(0, sample_load());
	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	ASSERT_EQ(KERN_SUCCESS, xnucross_ring_send(r, buf, 32, 9, 0));
	ASSERT_EQ(KERN_SUCCESS, recv_result(r, &res, MT_WAIT_MS));
	EXPECT_EQ(9U, res.tag);
	xnucross_ring_destroy(r);
}

/* ---- garbage in the shared memory ----------------------------------------------- */

/* Ring the bell and wait for the kernel to call the ring broken. */
static int broken_after_bell(xnucross_ring_t *r)
{
	int i;

	ring_doorbell(r->port);
	for (i = 0; i < 200; i++) {
		if (__atomic_load_n(&r->tx.hdr->flags, __ATOMIC_ACQUIRE) &
		    XNU_RING_F_BROKEN)
			return 1;
		mt_sleep_ms(5);
	}
	return 0;
}

TEST_F(ring, garbage_breaks_the_ring_not_the_kernel)
{
	struct xnu_ring_rec *rec;
	uint8_t buf[64] = { 0 };
	xnucross_ring_t *r;
	uint64_t before = pinned();
	unsigned int i, j;

	/* A misaligned producer index. */
	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	r->tx.hdr->prod = 13;
	EXPECT_TRUE(broken_after_bell(r));
	EXPECT_EQ(KERN_FAILURE, xnucross_ring_send(r, buf, 8, 0, 0));
	xnucross_ring_destroy(r);

	/* An index far beyond the size. */
	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	r->tx.hdr->prod = 3 * 4096;
	EXPECT_TRUE(broken_after_bell(r));
	xnucross_ring_destroy(r);

	/* A record longer than the ring, and than max_rec. */
	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	rec = (void *)r->tx.data;
	rec->len = 0x7ffffff0;
	r->tx.hdr->prod = 64;
	EXPECT_TRUE(broken_after_bell(r));
	xnucross_ring_destroy(r);

	/* A record running off the end of the data area. */
	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	for (i = 0; i < 60; i++)
		ASSERT_EQ(KERN_SUCCESS, xnucross_ring_send(r, buf, 56, i, 0));
	for (i = 0; i < 60; i++) {
		struct xnu_sample_ring_result res;

		ASSERT_EQ(KERN_SUCCESS, recv_result(r, &res, MT_WAIT_MS));
	}
	/* Now at offset 3840: claim 1000 bytes there. */
	rec = (void *)(r->tx.data + (r->tx.idx & 4095));
	rec->len = 1000;
	r->tx.hdr->prod = r->tx.idx + 1008;
	EXPECT_TRUE(broken_after_bell(r));
	xnucross_ring_destroy(r);

	/* A wrap marker where the rest is not used. */
	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	rec = (void *)r->tx.data;
	rec->len = XNU_RING_WRAP;
	r->tx.hdr->prod = 8;
	EXPECT_TRUE(broken_after_bell(r));
	xnucross_ring_destroy(r);

	/* The rx consumer index corrupted: the kernel producer stops. */
	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	r->rx.hdr->cons = 0x12345;
	ASSERT_EQ(KERN_SUCCESS, xnucross_ring_send(r, buf, 8, 0, 0));
	EXPECT_TRUE(broken_after_bell(r));
	xnucross_ring_destroy(r);

	/* Geometry changed after attach: the kernel kept its copy. */
	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	r->tx.hdr->size = 1 << 30;
	r->tx.hdr->max_rec = ~0U;
	r->tx.hdr->low_wm = 0;
	ASSERT_EQ(KERN_SUCCESS, xnucross_ring_send(r, buf, 8, 5, 0));
	{
		struct xnu_sample_ring_result res;

		ASSERT_EQ(KERN_SUCCESS, recv_result(r, &res, MT_WAIT_MS));
		EXPECT_EQ(5U, res.tag);
	}
	xnucross_ring_destroy(r);

	/* Random bytes everywhere, many times. */
	srand(1234);
	for (i = 0; i < 64; i++) {
		r = mkring(4096, 4096);
		ASSERT_NE(NULL, r);
		for (j = 0; j < 4096 / 4; j++)
			((uint32_t *)r->tx.data)[j] = (uint32_t)rand();
		if (i & 1)
			for (j = 0; j < 4096 / 4; j++)
				((uint32_t *)r->rx.data)[j] = (uint32_t)rand();
		r->tx.hdr->prod = (uint32_t)rand() & (i & 2 ? 4095 : ~7U);
		if (i & 4)
			r->rx.hdr->cons = (uint32_t)rand();
		ring_doorbell(r->port);
		ring_doorbell(r->port);
		mt_sleep_ms(2);
		xnucross_ring_destroy(r);
	}
	EXPECT_EQ(before, pinned_settles(before));
}

/* ---- attach ------------------------------------------------------------------- */

/* The raw attach of buffers @tx and @rx (each @len bytes). */
static kern_return_t raw_attach(void *tx, size_t txlen, void *rx,
				size_t rxlen, const char *name,
				struct xnu_ring_attach_args *a)
{
	memset(a, 0, sizeof(*a));
	a->tx_addr = (uintptr_t)tx;
	a->tx_len = txlen;
	a->rx_addr = (uintptr_t)rx;
	a->rx_len = rxlen;
	snprintf(a->consumer, sizeof(a->consumer), "%s", name);
	return -xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_ATTACH, a);
}

TEST_F(ring, attach_errors)
{
	size_t len = 2 * 4096;
	struct xnu_ring_attach_args a;
	struct xnu_ring_hdr *tx, *rx;
	uint64_t before = pinned();
	char *mem;

	mem = mmap(NULL, 4 * len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	tx = (void *)mem;
	rx = (void *)(mem + 2 * len);
#define GOOD() do {							\
	xnucross_ring_hdr_init(tx, 4096, 0, 0, 0);			\
	xnucross_ring_hdr_init(rx, 4096, 0, 0, 0);			\
} while (0)

	GOOD();
	tx->magic = 0;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  raw_attach(tx, len, rx, len, XNU_SAMPLE_RING_NAME, &a));
	GOOD();
	tx->size = 3000;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  raw_attach(tx, len, rx, len, XNU_SAMPLE_RING_NAME, &a));
	GOOD();
	tx->size = 8192;	/* larger than the buffer */
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  raw_attach(tx, len, rx, len, XNU_SAMPLE_RING_NAME, &a));
	GOOD();
	rx->low_wm = rx->high_wm;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  raw_attach(tx, len, rx, len, XNU_SAMPLE_RING_NAME, &a));
	GOOD();
	tx->max_rec = 4096;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  raw_attach(tx, len, rx, len, XNU_SAMPLE_RING_NAME, &a));
	GOOD();
	tx->prod = 8;
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  raw_attach(tx, len, rx, len, XNU_SAMPLE_RING_NAME, &a));
	GOOD();
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  raw_attach((char *)tx + 8, len, rx, len,
			     XNU_SAMPLE_RING_NAME, &a));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  raw_attach(tx, len, (char *)tx + 4096, len,
			     XNU_SAMPLE_RING_NAME, &a));
	EXPECT_EQ(KERN_INVALID_ARGUMENT,
		  raw_attach(tx, 300, rx, len, XNU_SAMPLE_RING_NAME, &a));
	EXPECT_EQ(KERN_INVALID_NAME,
		  raw_attach(tx, len, rx, len, "org.xnucross.nobody", &a));
	/* A failed attach leaves the headers alone. */
	EXPECT_EQ(0U, tx->flags);
	EXPECT_EQ(0U, rx->flags);
	/* The sample refuses a ring without results ring. */
	EXPECT_EQ(KERN_FAILURE,
		  raw_attach(tx, len, NULL, 0, XNU_SAMPLE_RING_NAME, &a));
	/* Unmapped memory. */
	{
		char *hole = mmap(NULL, len, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		ASSERT_NE(MAP_FAILED, hole);
		ASSERT_EQ(0, munmap(hole, len));
		EXPECT_EQ(KERN_INVALID_ADDRESS,
			  raw_attach(tx, len, hole, len,
				     XNU_SAMPLE_RING_NAME, &a));
	}
	/* A name without its NUL. */
	GOOD();
	memset(&a, 0, sizeof(a));
	a.tx_addr = (uintptr_t)tx;
	a.tx_len = len;
	memset(a.consumer, 'x', sizeof(a.consumer));
	EXPECT_EQ(-KERN_INVALID_ARGUMENT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_ATTACH, &a));
	/* Flags, and the reserved word. */
	memset(&a, 0, sizeof(a));
	a.tx_addr = (uintptr_t)tx;
	a.tx_len = len;
	strcpy(a.consumer, XNU_SAMPLE_RING_NAME);
	a.flags = 1;
	EXPECT_EQ(-KERN_INVALID_ARGUMENT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_ATTACH, &a));
	a.flags = 0;
	a.reserved = 1;
	EXPECT_EQ(-KERN_INVALID_ARGUMENT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_ATTACH, &a));
	EXPECT_EQ(before, pinned());

	/* A good one; deallocating its port tears it down. */
	GOOD();
	ASSERT_EQ(KERN_SUCCESS,
		  raw_attach(tx, len, rx, len, XNU_SAMPLE_RING_NAME, &a));
	EXPECT_EQ(before + 4, pinned());
	EXPECT_EQ(XNU_RING_F_ATTACHED, tx->flags);
	EXPECT_EQ(XNU_RING_F_ATTACHED | XNU_RING_F_TO_USER, rx->flags);
	EXPECT_EQ(KERN_SUCCESS,
		  mach_port_deallocate(mach_task_self(), a.port));
	EXPECT_EQ(before, pinned_settles(before));
	EXPECT_TRUE(tx->flags & XNU_RING_F_DEAD);
	{
		struct xnu_ring_wait_args w = { .ring_id = a.ring_id };

		EXPECT_EQ(-KERN_INVALID_ARGUMENT,
			  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_WAIT,
					&w));
	}
#undef GOOD
	munmap(mem, 4 * len);
}

TEST_F(ring, wait_errors)
{
	struct xnu_ring_wait_args w;
	xnucross_ring_t *r;

	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	memset(&w, 0, sizeof(w));
	w.ring_id = r->id;
	w.flags = 1;
	EXPECT_EQ(-KERN_INVALID_ARGUMENT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_WAIT, &w));
	w.flags = 0;
	w.what = 3;
	EXPECT_EQ(-KERN_INVALID_ARGUMENT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_WAIT, &w));
	w.what = XNU_RING_WAIT_DATA;
	w.timeout_ms = 50;
	EXPECT_EQ(-KERN_OPERATION_TIMED_OUT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_WAIT, &w));
	w.what = XNU_RING_WAIT_SPACE;
	EXPECT_EQ(0, xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_WAIT, &w));
	w.ring_id = r->id + 1000;
	EXPECT_EQ(-KERN_INVALID_ARGUMENT,
		  xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_WAIT, &w));
	/* Another open file does not see the ring. */
	{
		int fd = xnu_open_handshaken();

		ASSERT_LE(0, fd);
		w.ring_id = r->id;
		EXPECT_EQ(-KERN_INVALID_ARGUMENT,
			  xnu_ioctl_err(fd, XNU_TRAP_RING_WAIT, &w));
		close(fd);
	}
	xnucross_ring_destroy(r);
}

/* ---- regressions (boundary-memory review) ---------------------------------- */

/*
 * A wrap marker at offset 0 skips nothing: it breaks the ring (a producer
 * moving prod behind it would otherwise keep the consumer looping).
 */
TEST_F(ring, wrap_marker_at_offset_zero_breaks)
{
	struct xnu_ring_rec *rec;
	xnucross_ring_t *r;

	r = mkring(4096, 4096);
	ASSERT_NE(NULL, r);
	rec = (void *)r->tx.data;
	rec->len = XNU_RING_WRAP;
	rec->tag = 0;
	__atomic_store_n(&r->tx.hdr->prod, 4096, __ATOMIC_RELEASE);
	EXPECT_TRUE(broken_after_bell(r));
	xnucross_ring_destroy(r);
}

/*
 * The sample refuses a ring whose rx records cannot hold its results (it
 * would never drain it).
 */
TEST_F(ring, attach_refuses_rx_smaller_than_results)
{
	size_t len = 2 * 4096;
	struct xnu_ring_attach_args a;
	struct xnu_ring_hdr *tx, *rx;
	uint64_t before = pinned();
	char *mem;

	mem = mmap(NULL, 2 * len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	tx = (void *)mem;
	rx = (void *)(mem + len);
	xnucross_ring_hdr_init(tx, 4096, 0, 0, 0);
	xnucross_ring_hdr_init(rx, 4096, 0, 0,
			       sizeof(struct xnu_sample_ring_result) - 1);
	EXPECT_EQ(KERN_FAILURE,
		  raw_attach(tx, len, rx, len, XNU_SAMPLE_RING_NAME, &a));
	EXPECT_EQ(before, pinned());
	/* Exactly a result's size is enough. */
	xnucross_ring_hdr_init(tx, 4096, 0, 0, 0);
	xnucross_ring_hdr_init(rx, 4096, 0, 0,
			       sizeof(struct xnu_sample_ring_result));
	EXPECT_EQ(KERN_SUCCESS,
		  raw_attach(tx, len, rx, len, XNU_SAMPLE_RING_NAME, &a));
	EXPECT_EQ(KERN_SUCCESS, mach_port_deallocate(mach_task_self(),
						     a.port));
	EXPECT_EQ(before, pinned_settles(before));
	munmap(mem, 2 * len);
}

#define MANY_RINGS	500

struct waiter {
	uint32_t ring_id;
	int stop;
	uint64_t calls;
	uint64_t max_ms;
	kern_return_t kr;
};

/* RING_WAIT (no waiting) in a loop until told to stop: its worst latency. */
static void *ring_wait_loop(void *p)
{
	struct waiter *wt = p;
	struct xnu_ring_wait_args w;
	uint64_t t0, dt;

	while (!__atomic_load_n(&wt->stop, __ATOMIC_ACQUIRE)) {
		memset(&w, 0, sizeof(w));
		w.ring_id = wt->ring_id;
		w.what = XNU_RING_WAIT_NONE;
		t0 = now_ms();
		wt->kr = -xnu_ioctl_err(xnucross_fd(), XNU_TRAP_RING_WAIT, &w);
		dt = now_ms() - t0;
		if (dt > wt->max_ms)
			wt->max_ms = dt;
		wt->calls++;
		if (wt->kr != KERN_SUCCESS)
			break;
	}
	return NULL;
}

/*
 * Closing a file with MANY_RINGS rings tears them down with one RCU grace
 * period and without holding the ring lock throughout: a process using
 * another ring meanwhile is not held up (it was, for one grace period per
 * ring, seconds in all).
 */
TEST_F(rroot, many_rings_closed_while_another_is_used)
{
	size_t len = 2 * 4096;
	struct xnu_ring_attach_args a;
	struct xnu_ring_hdr *tx, *rx;
	struct waiter wt = { 0 };
	uint64_t before = pinned(), t0, close_ms;
	xnucross_ring_t *mine;
	pthread_t th;
	char *mem;
	int fd, i;

	mine = mkring(4096, 4096);
	ASSERT_NE(NULL, mine);
	mem = mmap(NULL, 2 * len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	tx = (void *)mem;
	rx = (void *)(mem + len);
	fd = xnu_open_handshaken();
	ASSERT_LE(0, fd);
	/* The kernel keeps its copy of the geometry: one buffer for all. */
	for (i = 0; i < MANY_RINGS; i++) {
		xnucross_ring_hdr_init(tx, 4096, 0, 0, 0);
		xnucross_ring_hdr_init(rx, 4096, 0, 0, 0);
		memset(&a, 0, sizeof(a));
		a.tx_addr = (uintptr_t)tx;
		a.tx_len = len;
		a.rx_addr = (uintptr_t)rx;
		a.rx_len = len;
		snprintf(a.consumer, sizeof(a.consumer), "%s",
			 XNU_SAMPLE_RING_NAME);
		ASSERT_EQ(0, xnu_ioctl_err(fd, XNU_TRAP_RING_ATTACH, &a));
	}
	EXPECT_EQ(before + 4 * MANY_RINGS + 4, pinned());

	wt.ring_id = mine->id;
	ASSERT_EQ(0, pthread_create(&th, NULL, ring_wait_loop, &wt));
	mt_sleep_ms(20);
	t0 = now_ms();
	close(fd);
	close_ms = now_ms() - t0;
	mt_sleep_ms(20);
	__atomic_store_n(&wt.stop, 1, __ATOMIC_RELEASE);
	ASSERT_EQ(0, pthread_join(th, NULL));
	TH_LOG("close of %d rings: %llu ms; RING_WAIT: %llu calls, worst %llu ms",
	       MANY_RINGS, (unsigned long long)close_ms,
	       (unsigned long long)wt.calls, (unsigned long long)wt.max_ms);
	EXPECT_EQ(KERN_SUCCESS, wt.kr);
	/* Generous: one grace period and short lock holds, not 500 of them. */
	EXPECT_GT(1000, wt.max_ms);
	EXPECT_EQ(before + 4, pinned_settles(before + 4));
	xnucross_ring_destroy(mine);
	EXPECT_EQ(before, pinned_settles(before));
	munmap(mem, 2 * len);
}

/*
 * Consumer registration: the test module (xnu_ring_api_test.ko) loads only
 * when every bad consumer - no owner, no attach, no name, NULL, a name in
 * use - was refused (its init says which was not in the kernel log).
 */
TEST(consumer_registration_checks)
{
	int err;

	if (xnu_kmod_loaded("xnu_ring_api_test"))
		ASSERT_EQ(0, xnu_kmod_unload("xnu_ring_api_test"));
	err = xnu_kmod_load("xnu_ring_api_test", "XNU_RING_API_TEST_KO");
	if (err == ENOENT)
		SKIP(return, "no xnu_ring_api_test.ko");
	ASSERT_EQ(0, err) {
		TH_LOG("load: %s (a bad consumer was accepted: see dmesg)",
		       strerror(err));
	}
	EXPECT_EQ(0, xnu_kmod_unload("xnu_ring_api_test"));
}

TEST_HARNESS_MAIN

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake_mach.h - a stand-in for the kernel and libxnucross in xmig's host
 * tests: mach_msg() hands a request to a "peer" (a canned reply, or a
 * generated server's demux) after turning it into what a receiver sees
 * (ports swapped, dispositions turned into received types, out-of-line
 * memory copied, an audit trailer appended), and turns the reply around
 * the same way. The MIG helpers (reply port, strings, deallocation) are
 * here too, counting their calls.
 */
#ifndef XMIG_FAKE_MACH_H
#define XMIG_FAKE_MACH_H

#include <stdio.h>
#include <stdlib.h>

#include <mach/mach.h>

#define XT_REPLY_PORT	0x1503U
#define XT_AUDIT_PID	4242U
#define XT_BUF		8192U

typedef boolean_t (*xt_demux_t)(mach_msg_header_t *, mach_msg_header_t *);

extern xt_demux_t xt_server;		/* loopback: the server's demux */
extern mach_msg_header_t *xt_canned;	/* else: this reply (sender form) */
extern mach_msg_return_t xt_fail;	/* mach_msg() returns this */
extern void (*xt_tamper_request)(mach_msg_header_t *received);
extern void (*xt_tamper_reply)(mach_msg_header_t *received);

/* What the last mach_msg() sent, as the sender laid it out. */
extern unsigned char xt_sent[XT_BUF];
extern mach_msg_size_t xt_sent_size;
extern mach_msg_option_t xt_last_option;
extern mach_msg_timeout_t xt_last_timeout;
extern int xt_sends, xt_put_reply, xt_dealloc_reply, xt_destroyed;

void xt_reset(void);

extern int xt_failures;

#define XT_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
			__LINE__, #cond);				\
		xt_failures++;						\
	}								\
} while (0)

#define XT_EQ(a, b) do {						\
	long long xt_a_ = (long long)(a), xt_b_ = (long long)(b);	\
	if (xt_a_ != xt_b_) {						\
		fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", \
			__FILE__, __LINE__, #a, xt_a_, #b, xt_b_);	\
		xt_failures++;						\
	}								\
} while (0)

int xt_done(const char *name);

#endif /* XMIG_FAKE_MACH_H */

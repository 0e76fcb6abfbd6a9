// SPDX-License-Identifier: GPL-2.0
/*
 * fake_mach.c - the host tests' kernel and library stand-in (see
 * fake_mach.h). Messages stay in one address space: port names pass
 * through unchanged, out-of-line regions are copied into fresh memory
 * (freed by mig_deallocate()), a region sent with deallocate set is freed.
 */
#include <string.h>

#include "fake_mach.h"

xt_demux_t xt_server;
mach_msg_header_t *xt_canned;
mach_msg_return_t xt_fail;
void (*xt_tamper_request)(mach_msg_header_t *received);
void (*xt_tamper_reply)(mach_msg_header_t *received);
unsigned char xt_sent[XT_BUF];
mach_msg_size_t xt_sent_size;
mach_msg_option_t xt_last_option;
mach_msg_timeout_t xt_last_timeout;
int xt_sends, xt_put_reply, xt_dealloc_reply, xt_destroyed;
int xt_failures;

NDR_record_t NDR_record = XNU_NDR_RECORD_INIT;

void xt_reset(void)
{
	xt_server = NULL;
	xt_canned = NULL;
	xt_fail = MACH_MSG_SUCCESS;
	xt_tamper_request = NULL;
	xt_tamper_reply = NULL;
	xt_sent_size = 0;
	xt_sends = xt_put_reply = xt_dealloc_reply = xt_destroyed = 0;
}

int xt_done(const char *name)
{
	if (xt_failures) {
		fprintf(stderr, "%s: %d check(s) failed\n", name, xt_failures);
		return 1;
	}
	printf("%s: ok\n", name);
	return 0;
}

static mach_msg_type_name_t xt_received_type(mach_msg_type_name_t d)
{
	switch (d) {
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	default:
		return d;
	}
}

/* Descriptors as a receiver gets them. */
static void xt_receive_body(unsigned char *msg, mach_msg_size_t size)
{
	mach_msg_header_t *h = (mach_msg_header_t *)msg;
	mach_msg_ool_descriptor_t ool;
	mach_msg_ool_ports_descriptor_t oolp;
	mach_msg_port_descriptor_t port;
	size_t off = sizeof(*h) + sizeof(mach_msg_body_t), len;
	uint32_t n, i;
	void *copy;

	if (!(h->msgh_bits & MACH_MSGH_BITS_COMPLEX) || size < off)
		return;
	memcpy(&n, msg + sizeof(*h), sizeof(n));
	for (i = 0; i < n && off + 12 <= size; i++) {
		switch (msg[off + 11]) {
		case MACH_MSG_PORT_DESCRIPTOR:
			memcpy(&port, msg + off, sizeof(port));
			port.disposition = xt_received_type(port.disposition);
			memcpy(msg + off, &port, sizeof(port));
			off += sizeof(port);
			break;
		case MACH_MSG_OOL_DESCRIPTOR:
			memcpy(&ool, msg + off, sizeof(ool));
			copy = malloc(ool.size ? ool.size : 1);
			if (ool.size)
				memcpy(copy, ool.address, ool.size);
			if (ool.deallocate)
				free(ool.address);
			ool.address = copy;
			ool.copy = MACH_MSG_VIRTUAL_COPY;
			ool.deallocate = FALSE;
			memcpy(msg + off, &ool, sizeof(ool));
			off += sizeof(ool);
			break;
		default:
			memcpy(&oolp, msg + off, sizeof(oolp));
			len = (size_t)oolp.count * sizeof(mach_port_t);
			copy = malloc(len ? len : 1);
			if (len)
				memcpy(copy, oolp.address, len);
			if (oolp.deallocate)
				free(oolp.address);
			oolp.address = copy;
			oolp.disposition = xt_received_type(oolp.disposition);
			oolp.deallocate = FALSE;
			memcpy(msg + off, &oolp, sizeof(oolp));
			off += sizeof(oolp);
			break;
		}
	}
}

/* @in (sender layout, @size bytes) into @out as received, with a trailer. */
static mach_msg_return_t xt_deliver(const mach_msg_header_t *in,
				    mach_msg_size_t size,
				    mach_msg_header_t *out, mach_msg_size_t max,
				    mach_msg_size_t trailer)
{
	mach_msg_audit_trailer_t tr;
	mach_msg_bits_t bits = in->msgh_bits;

	if (size + trailer > max)
		return MACH_RCV_TOO_LARGE;
	memcpy(out, in, size);
	out->msgh_size = size;
	out->msgh_remote_port = in->msgh_local_port;
	out->msgh_local_port = in->msgh_remote_port;
	out->msgh_bits = MACH_MSGH_BITS_OTHER(bits) |
		MACH_MSGH_BITS(xt_received_type(MACH_MSGH_BITS_LOCAL(bits)),
			       xt_received_type(MACH_MSGH_BITS_REMOTE(bits)));
	xt_receive_body((unsigned char *)out, size);
	memset(&tr, 0, sizeof(tr));
	tr.msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	tr.msgh_trailer_size = trailer;
	tr.msgh_audit.val[5] = XT_AUDIT_PID;
	memcpy((char *)out + round_msg(size), &tr, trailer);
	return MACH_MSG_SUCCESS;
}

static mach_msg_header_t *xt_serve(mach_msg_header_t *req)
{
	static union {
		mach_msg_header_t h;
		unsigned char b[XT_BUF];
	} in, out;
	mig_reply_error_t *e = (mig_reply_error_t *)&out.h;

	/* The server receives with MACH_RCV_TRAILER_ELEMENTS(AUDIT). */
	if (xt_deliver(req, req->msgh_size, &in.h, sizeof(in),
		       sizeof(mach_msg_audit_trailer_t)))
		return NULL;
	if (xt_tamper_request)
		xt_tamper_request(&in.h);
	memset(&out, 0xa5, sizeof(out));
	xt_server(&in.h, &out.h);
	if (!(out.h.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	    e->RetCode == MIG_NO_REPLY)
		return NULL;
	if (!in.h.msgh_remote_port)
		return NULL;	/* a simpleroutine: no reply */
	return &out.h;
}

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
			   mach_port_name_t notify)
{
	mach_msg_header_t *reply = xt_canned;
	mach_msg_return_t mr;

	(void)rcv_name;
	(void)notify;
	xt_last_option = option;
	xt_last_timeout = timeout;
	if (!(option & MACH_SEND_MSG) || send_size > XT_BUF || send_size % 4)
		return MACH_SEND_MSG_TOO_SMALL;
	xt_sends++;
	msg->msgh_size = send_size;
	memcpy(xt_sent, msg, send_size);
	xt_sent_size = send_size;
	if (xt_fail)
		return xt_fail;
	if (xt_server)
		reply = xt_serve(msg);
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	if (!reply)
		return MACH_RCV_TIMED_OUT;
	mr = xt_deliver(reply, reply->msgh_size, msg, rcv_size,
			sizeof(mach_msg_trailer_t));
	if (mr == MACH_MSG_SUCCESS && xt_tamper_reply)
		xt_tamper_reply(msg);
	return mr;
}

mach_port_t mig_get_reply_port(void)
{
	return XT_REPLY_PORT;
}

void mig_put_reply_port(mach_port_t reply_port)
{
	(void)reply_port;
	xt_put_reply++;
}

void mig_dealloc_reply_port(mach_port_t reply_port)
{
	(void)reply_port;
	xt_dealloc_reply++;
}

/* Frees the out-of-line regions a received message carries. */
void mach_msg_destroy(mach_msg_header_t *msg)
{
	unsigned char *p = (unsigned char *)msg;
	size_t off = sizeof(*msg) + sizeof(mach_msg_body_t);
	mach_msg_ool_descriptor_t ool;
	uint32_t n, i;

	xt_destroyed++;
	if (!(msg->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return;
	memcpy(&n, p + sizeof(*msg), sizeof(n));
	for (i = 0; i < n && off + 12 <= msg->msgh_size; i++) {
		if (p[off + 11] == MACH_MSG_PORT_DESCRIPTOR) {
			off += sizeof(mach_msg_port_descriptor_t);
			continue;
		}
		memcpy(&ool, p + off, sizeof(ool));
		free(ool.address);
		off += sizeof(ool);
	}
}

int mig_strncpy(char *dest, const char *src, int len)
{
	int i;

	if (len <= 0)
		return 0;
	for (i = 1; i < len && *src; i++)
		*dest++ = *src++;
	*dest = '\0';
	return i;
}

int mig_strncpy_zerofill(char *dest, const char *src, int len)
{
	int n;

	if (len <= 0)
		return 0;
	memset(dest, 0, (size_t)len);
	n = mig_strncpy(dest, src ? src : "", len);
	return src ? n : 0;
}

void mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)size;
	free((void *)addr);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bootstrap.c - <servers/bootstrap.h>: the bootstrap_port cache and the
 * client stubs of the name service (bootstrap_check_in(),
 * bootstrap_register(), bootstrap_look_up()), written as Apple's MIG
 * writes them for launchd's legacy bootstrap.defs: a request on the
 * thread's MIG reply port, one mach_msg() send+receive, and MIG's checks
 * of the reply (uapi xnu_mach_bootstrap.h has the layouts).
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include <servers/bootstrap.h>

#include "mach_private.h"

/* ---- bootstrap_port ---------------------------------------------------------- */

static pthread_mutex_t bs_lock = PTHREAD_MUTEX_INITIALIZER;
static mach_port_t bs_port;
/* Fork generation + 1 of the lookup that filled bs_port; 0: none yet. */
static unsigned int bs_stamp;

mach_port_t *xnucross_bootstrap_port_ref(void)
{
	unsigned int stamp = xnucross_fork_generation() + 1;
	mach_port_t port = MACH_PORT_NULL;

	if (__atomic_load_n(&bs_stamp, __ATOMIC_ACQUIRE) == stamp)
		return &bs_port;
	pthread_mutex_lock(&bs_lock);
	if (bs_stamp != stamp) {
		if (task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT,
					  &port) == KERN_SUCCESS) {
			bs_port = port;
			__atomic_store_n(&bs_stamp, stamp, __ATOMIC_RELEASE);
		} else {
			/* No module yet: look again next time. */
			bs_port = MACH_PORT_NULL;
		}
	}
	pthread_mutex_unlock(&bs_lock);
	return &bs_port;
}

/* ---- the MIG client stubs ------------------------------------------------------ */

#pragma pack(push, 4)

/* The replies as received: the message and the default (minimum) trailer. */
struct bs_port_reply_rcv {
	struct xnu_bootstrap_port_reply r;
	mach_msg_trailer_t trailer;
};

struct bs_error_reply_rcv {
	mig_reply_error_t r;
	mach_msg_trailer_t trailer;
};

#pragma pack(pop)

union bs_name_msg {
	struct xnu_bootstrap_name_request in;
	struct bs_port_reply_rcv out;
	struct bs_error_reply_rcv err;
};

union bs_register_msg {
	struct xnu_bootstrap_register_request in;
	struct bs_error_reply_rcv out;
};

/* The header of a request: to bp, replies to a send-once right. */
static void bs_head(mach_msg_header_t *h, mach_msg_bits_t other,
		    mach_msg_size_t size, mach_port_t bp, mach_port_t reply,
		    mach_msg_id_t id)
{
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				      MACH_MSG_TYPE_MAKE_SEND_ONCE) | other;
	h->msgh_size = size;
	h->msgh_remote_port = bp;
	h->msgh_local_port = reply;
	h->msgh_voucher_port = MACH_PORT_NULL;
	h->msgh_id = id;
}

/*
 * What MIG does when the send+receive failed: the reply port survives the
 * errors where nothing was sent; otherwise it may hold a stray reply and
 * is destroyed.
 */
static kern_return_t bs_msg_error(mach_msg_return_t mr, mach_port_t reply)
{
	switch (mr) {
	case MACH_SEND_INVALID_DATA:
	case MACH_SEND_INVALID_DEST:
	case MACH_SEND_INVALID_HEADER:
		mig_put_reply_port(reply);
		break;
	default:
		mig_dealloc_reply_port(reply);
		break;
	}
	return mr;
}

/* Send the request and receive its reply on @reply, as MIG's stub does. */
static kern_return_t bs_rpc(mach_msg_header_t *h, mach_msg_size_t send_size,
			    mach_msg_size_t rcv_size, mach_port_t reply)
{
	mach_msg_return_t mr;

	mr = mach_msg(h, MACH_SEND_MSG | MACH_RCV_MSG, send_size, rcv_size,
		      reply, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return bs_msg_error(mr, reply);
	return MACH_MSG_SUCCESS;
}

/*
 * The reply has the request's id + 100; a send-once notification instead
 * means the server died with the request.
 */
static kern_return_t bs_check_id(const mach_msg_header_t *h, mach_msg_id_t id)
{
	if (h->msgh_id == id + XNU_MIG_REPLY_ID_OFFSET)
		return KERN_SUCCESS;
	if (h->msgh_id == MACH_NOTIFY_SEND_ONCE)
		return MIG_SERVER_DIED;
	return MIG_REPLY_MISMATCH;
}

/*
 * MIG's check of a reply carrying one port: either the complex 40-byte
 * reply with one port descriptor of the expected disposition, or a 36-byte
 * error reply with a nonzero RetCode, which is returned.
 */
static kern_return_t bs_check_port_reply(const union bs_name_msg *m,
					 mach_msg_id_t id,
					 mach_msg_type_name_t disposition)
{
	const struct xnu_bootstrap_port_reply *r = &m->out.r;
	int simple = !(r->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	kern_return_t kr;

	kr = bs_check_id(&r->Head, id);
	if (kr != KERN_SUCCESS)
		return kr;
	if (simple) {
		if (r->Head.msgh_size != sizeof(mig_reply_error_t) ||
		    m->err.r.RetCode == KERN_SUCCESS)
			return MIG_TYPE_ERROR;
		return m->err.r.RetCode;
	}
	if (r->msgh_body.msgh_descriptor_count != 1 ||
	    r->Head.msgh_size != XNU_BOOTSTRAP_PORT_REPLY_SIZE)
		return MIG_TYPE_ERROR;
	if (r->service_port.type != MACH_MSG_PORT_DESCRIPTOR ||
	    r->service_port.disposition != disposition)
		return MIG_TYPE_ERROR;
	return KERN_SUCCESS;
}

/* bootstrap_check_in() and bootstrap_look_up(): a name in, a port out. */
static kern_return_t bs_name_call(mach_port_t bp, const char *service_name,
				  mach_port_t *sp, mach_msg_id_t id,
				  mach_msg_type_name_t disposition)
{
	union bs_name_msg m;
	mach_port_t reply;
	kern_return_t kr;

	memset(&m, 0, sizeof(m));
	reply = mig_get_reply_port();
	bs_head(&m.in.Head, 0, sizeof(m.in), bp, reply, id);
	m.in.NDR = NDR_record;
	mig_strncpy_zerofill(m.in.service_name, service_name,
			     BOOTSTRAP_MAX_NAME_LEN);
	kr = bs_rpc(&m.in.Head, sizeof(m.in), sizeof(m.out), reply);
	if (kr != MACH_MSG_SUCCESS)
		return kr;
	kr = bs_check_port_reply(&m, id, disposition);
	if (kr != KERN_SUCCESS) {
		mach_msg_destroy(&m.out.r.Head);
		return kr;
	}
	mig_put_reply_port(reply);
	if (sp)
		*sp = m.out.r.service_port.name;
	else
		mach_msg_destroy(&m.out.r.Head);
	return KERN_SUCCESS;
}

kern_return_t bootstrap_check_in(mach_port_t bp, const char *service_name,
				 mach_port_t *sp)
{
	return bs_name_call(bp, service_name, sp, XNU_BOOTSTRAP_CHECK_IN_ID,
			    MACH_MSG_TYPE_PORT_RECEIVE);
}

kern_return_t bootstrap_look_up(mach_port_t bp, const char *service_name,
				mach_port_t *sp)
{
	return bs_name_call(bp, service_name, sp, XNU_BOOTSTRAP_LOOK_UP_ID,
			    MACH_MSG_TYPE_PORT_SEND);
}

/* A simple routine's reply: exactly a mig_reply_error_t; its RetCode. */
static kern_return_t bs_check_error_reply(const mig_reply_error_t *r,
					  mach_msg_id_t id)
{
	kern_return_t kr = bs_check_id(&r->Head, id);

	if (kr != KERN_SUCCESS)
		return kr;
	if ((r->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    r->Head.msgh_size != sizeof(mig_reply_error_t))
		return MIG_TYPE_ERROR;
	return r->RetCode;
}

kern_return_t bootstrap_register(mach_port_t bp, char *service_name,
				 mach_port_t sp)
{
	union bs_register_msg m;
	mach_port_t reply;
	kern_return_t kr;

	memset(&m, 0, sizeof(m));
	reply = mig_get_reply_port();
	bs_head(&m.in.Head, MACH_MSGH_BITS_COMPLEX, sizeof(m.in), bp, reply,
		XNU_BOOTSTRAP_REGISTER_ID);
	m.in.msgh_body.msgh_descriptor_count = 1;
	m.in.service_port.name = sp;
	m.in.service_port.disposition = MACH_MSG_TYPE_COPY_SEND;
	m.in.service_port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.in.NDR = NDR_record;
	mig_strncpy_zerofill(m.in.service_name, service_name,
			     BOOTSTRAP_MAX_NAME_LEN);
	kr = bs_rpc(&m.in.Head, sizeof(m.in), sizeof(m.out), reply);
	if (kr != MACH_MSG_SUCCESS)
		return kr;
	kr = bs_check_error_reply(&m.out.r, XNU_BOOTSTRAP_REGISTER_ID);
	if (kr != KERN_SUCCESS) {
		mach_msg_destroy(&m.out.r.Head);
		return kr;
	}
	mig_put_reply_port(reply);
	return KERN_SUCCESS;
}

const char *bootstrap_strerror(kern_return_t r)
{
	switch (r) {
	case BOOTSTRAP_SUCCESS:
		return "Success";
	case BOOTSTRAP_NOT_PRIVILEGED:
		return "Permission denied";
	case BOOTSTRAP_NAME_IN_USE:
	case BOOTSTRAP_SERVICE_ACTIVE:
		return "Service name already exists";
	case BOOTSTRAP_UNKNOWN_SERVICE:
		return "Unknown service name";
	case BOOTSTRAP_BAD_COUNT:
		return "Too many lookups were requested in one request";
	case BOOTSTRAP_NO_MEMORY:
		return "Out of memory";
	default:
		return mach_error_string(r);
	}
}

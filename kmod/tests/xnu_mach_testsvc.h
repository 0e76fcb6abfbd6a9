/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xnu_mach_testsvc.h - the protocol of xnu_mach_test.ko's kernel objects,
 * shared by the test module and the selftests and benchmark that call it.
 *
 * The module publishes two names through the bootstrap service:
 *   XNU_TESTSVC_NAME         a passive kernel object (runs in the caller)
 *   XNU_TESTSVC_ACTIVE_NAME  the same routines served by a kernel thread
 * Both serve subsystem XNU_TESTSVC_BASE. XNU_TESTSVC_MAKE_OBJECT returns a
 * send right to a new "test object" port of another kobject type that
 * serves the same subsystem; routines check the type they need, so a
 * routine sent to the wrong type answers KERN_INVALID_ARGUMENT.
 *
 * Layouts are MIG's (4-byte packing); every reply is request id + 100.
 */
#ifndef XNU_MACH_TESTSVC_H
#define XNU_MACH_TESTSVC_H

#ifdef __KERNEL__
#include "xnu_mach_msg.h"
#else
#include <mach/message.h>
#endif

#define XNU_TESTSVC_NAME		"org.xnucross.test.kobject"
#define XNU_TESTSVC_ACTIVE_NAME		"org.xnucross.test.kobject.active"

#define XNU_TESTSVC_BASE		7700
#define XNU_TESTSVC_NULL		7700	/* service: empty routine */
#define XNU_TESTSVC_ADD			7701	/* service: a + b */
#define XNU_TESTSVC_ECHO		7702	/* service: returns the bytes */
#define XNU_TESTSVC_FAIL		7703	/* service: RetCode = code */
#define XNU_TESTSVC_MAKE_OBJECT		7704	/* service: new object port */
#define XNU_TESTSVC_GET_VALUE		7705	/* object: its value */
#define XNU_TESTSVC_TAKE_PORT		7706	/* service: inspects a send right */
#define XNU_TESTSVC_DEFERRED		7707	/* service: MIG_NO_REPLY, answers later */
#define XNU_TESTSVC_LIVE_OBJECTS	7708	/* service: objects alive */
#define XNU_TESTSVC_END			7709

#define XNU_TESTSVC_ECHO_MAX		256

#pragma pack(push, 4)

/* NULL request: the bare header (24). Reply: mig_reply_error_t (36), RetCode 0. */

struct xnu_testsvc_add_request {	/* 40 */
	mach_msg_header_t Head;
	NDR_record_t NDR;
	int a;
	int b;
};

struct xnu_testsvc_int_reply {	/* 40: ADD, GET_VALUE, TAKE_PORT, LIVE_OBJECTS */
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
	int value;
};

/* ECHO: 36 + len rounded up to 4 bytes, len <= XNU_TESTSVC_ECHO_MAX. */
struct xnu_testsvc_echo_request {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	unsigned int len;
	unsigned char data[XNU_TESTSVC_ECHO_MAX];
};

/* ECHO reply: 40 + len rounded up to 4. */
struct xnu_testsvc_echo_reply {
	mach_msg_header_t Head;
	NDR_record_t NDR;
	kern_return_t RetCode;
	unsigned int len;
	unsigned char data[XNU_TESTSVC_ECHO_MAX];
};

struct xnu_testsvc_int_request {	/* 36: FAIL (code), MAKE_OBJECT (value) */
	mach_msg_header_t Head;
	NDR_record_t NDR;
	int value;
};

/* MAKE_OBJECT reply, complex, 40: a send right (PORT_SEND) to the object. */
struct xnu_testsvc_port_reply {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t port;
};

/*
 * TAKE_PORT request, complex, 40: any right. Reply value: 1 when it is a
 * send right to a test object, 0 otherwise; the right is released.
 */
struct xnu_testsvc_port_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t port;
};

/* GET_VALUE, DEFERRED and LIVE_OBJECTS requests: the bare header (24). */

#pragma pack(pop)

#endif /* XNU_MACH_TESTSVC_H */

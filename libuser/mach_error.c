// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mach_error.c - mach_error_string(), mach_error_type() and mach_error():
 * the text of a Mach error code, found from its system, subsystem and
 * code (<mach/error.h>) in tables holding Darwin's strings, so a program
 * prints what it prints on macOS. Old-style IPC and MIG numbers (-100 ...
 * -399) are first mapped to their modern codes, as Darwin does.
 */
#include <stdio.h>

#include <mach/mach.h>

#include "mach_private.h"

#define NO_SUCH_ERROR	"unknown error code"
#define NO_SUCH_SYSTEM	"(?/?) unknown error system"
#define ARRAY_LEN(a)	((int)(sizeof(a) / sizeof((a)[0])))

struct err_sub {
	const char *name;		/* "(os/kern)" */
	const char *const *codes;	/* text of each code, from 0 */
	int count;
};

struct err_system {
	const char *bad_sub;		/* text for a subsystem not listed */
	const struct err_sub *subs;
	int count;
};

static const char *const kern_codes[] = {
	"(os/kern) successful",
	"(os/kern) invalid address",
	"(os/kern) protection failure",
	"(os/kern) no space available",
	"(os/kern) invalid argument",
	"(os/kern) failure",
	"(os/kern) resource shortage",
	"(os/kern) not receiver",
	"(os/kern) no access",
	"(os/kern) memory failure",
	"(os/kern) memory error",
	"(os/kern) already in set",
	"(os/kern) not in set",
	"(os/kern) name exists",
	"(os/kern) aborted",
	"(os/kern) invalid name",
	"(os/kern) invalid task",
	"(os/kern) invalid right",
	"(os/kern) invalid value",
	"(os/kern) urefs overflow",
	"(os/kern) invalid capability",
	"(os/kern) right exists",
	"(os/kern) invalid host",
	"(os/kern) memory present",
	"(os/kern) memory data moved",
	"(os/kern) memory restart copy",
	"(os/kern) invalid processor set",
	"(os/kern) policy limit",
	"(os/kern) invalid policy",
	"(os/kern) invalid object",
	"(os/kern) already waiting",
	"(os/kern) default set",
	"(os/kern) exception protected",
	"(os/kern) invalid ledger",
	"(os/kern) invalid memory control",
	"(os/kern) invalid security",
	"(os/kern) not depressed",
	"(os/kern) object terminated",
	"(os/kern) lock set destroyed",
	"(os/kern) lock unstable",
	"(os/kern) lock owned by another",
	"(os/kern) lock owned by self",
	"(os/kern) semaphore destroyed",
	"(os/kern) RPC terminated",
	"(os/kern) terminate orphan",
	"(os/kern) let orphan continue",
	"(os/kern) service not supported",
	"(os/kern) remote node down",
	"(os/kern) thread not waiting",
	"(os/kern) operation timed out",
	"(os/kern) code signing error",
	"(os/kern) policy is static",
	"(os/kern) insufficient input buffer size",
	"(os/kern) denied by security policy",
	"(os/kern) missing kernel collection",
	"(os/kern) invalid kernel collection",
	"(os/kern) result not found",
};

/* Unix errno values differ between Darwin and Linux: no texts. */
static const struct err_sub os_subs[] = {
	{ "(os/kern)", kern_codes, ARRAY_LEN(kern_codes) },
	{ "(os/?)", NULL, 0 },
	{ "(os/?)", NULL, 0 },
	{ "(os/unix)", NULL, 0 },
};

static const char *const old_send_codes[] = {
	"(ipc/send) unknown error",
	"(ipc/send) invalid memory",
	"(ipc/send) invalid port",
	"(ipc/send) timed out",
	"(ipc/send) unused error",
	"(ipc/send) will notify",
	"(ipc/send) notify in progress",
	"(ipc/send) kernel refused message",
	"(ipc/send) send interrupted",
	"(ipc/send) send message too large",
	"(ipc/send) send message too small",
	"(ipc/send) message size changed while being copied",
};

static const char *const old_rcv_codes[] = {
	"(ipc/rcv) unknown error",
	"(ipc/rcv) invalid memory",
	"(ipc/rcv) invalid port",
	"(ipc/rcv) receive timed out",
	"(ipc/rcv) message too large",
	"(ipc/rcv) no space for message data",
	"(ipc/rcv) only sender remaining",
	"(ipc/rcv) receive interrupted",
	"(ipc/rcv) port receiver changed or port became enabled",
};

static const char *const old_mig_codes[] = {
	"(ipc/mig) type check failure in message interface",
	"(ipc/mig) wrong return message ID",
	"(ipc/mig) server detected error",
	"(ipc/mig) bad message ID",
	"(ipc/mig) server found wrong arguments",
	"(ipc/mig) no reply should be sent",
	"(ipc/mig) server raised exception",
	"(ipc/mig) user specified array not large enough for return info",
};

static const struct err_sub ipc_subs[] = {
	{ "(ipc/send)", old_send_codes, ARRAY_LEN(old_send_codes) },
	{ "(ipc/rcv)", old_rcv_codes, ARRAY_LEN(old_rcv_codes) },
	{ "(ipc/mig)", old_mig_codes, ARRAY_LEN(old_mig_codes) },
};

static const char *const send_codes[] = {
	"(ipc/send) no error",
	"(ipc/send) send in progress",
	"(ipc/send) invalid data",
	"(ipc/send) invalid destination port",
	"(ipc/send) timed out",
	"(ipc/send) will notify",
	"(ipc/send) notify in progress",
	"(ipc/send) interrupted",
	"(ipc/send) msg too small",
	"(ipc/send) invalid reply port",
	"(ipc/send) invalid port right",
	"(ipc/send) invalid notify port",
	"(ipc/send) invalid memory",
	"(ipc/send) no msg buffer",
	"(ipc/send) no notify possible",
	"(ipc/send) invalid msg-type",
	"(ipc/send) invalid msg-header",
	"(ipc/send) invalid msg-trailer",
	"(ipc/send) DIPC transport failure",
	"(ipc/send) DIPC port migrated",
	"(ipc/send) DIPC resend failed",
	"(ipc/send) out-of-line buffer too large",
};

static const char *const rcv_codes[] = {
	"(ipc/rcv) no error",
	"(ipc/rcv) receive in progress",
	"(ipc/rcv) invalid name",
	"(ipc/rcv) timed out",
	"(ipc/rcv) msg too large",
	"(ipc/rcv) interrupted",
	"(ipc/rcv) port changed",
	"(ipc/rcv) invalid notify port",
	"(ipc/rcv) invalid data",
	"(ipc/rcv) port died",
	"(ipc/rcv) port in set",
	"(ipc/rcv) header error",
	"(ipc/rcv) body error",
	"(ipc/rcv) invalid scatter list entry",
	"(ipc/rcv) overwrite region too small",
	"(ipc/rcv) invalid msg-trailer",
	"(ipc/rcv) DIPC transport error",
};

static const char *const mig_codes[] = {
	"(ipc/mig) client type check failure",
	"(ipc/mig) wrong reply message ID",
	"(ipc/mig) server detected error",
	"(ipc/mig) bad request message ID",
	"(ipc/mig) server type check failure",
	"(ipc/mig) no reply should be sent",
	"(ipc/mig) server raised exception",
	"(ipc/mig) array not large enough",
	"(ipc/mig) server died",
	"(ipc/mig) unknown trailer format",
};

static const struct err_sub mach_ipc_subs[] = {
	{ "(ipc/send)", send_codes, ARRAY_LEN(send_codes) },
	{ "(ipc/rcv)", rcv_codes, ARRAY_LEN(rcv_codes) },
	{ "(ipc/mig)", mig_codes, ARRAY_LEN(mig_codes) },
};

static const struct err_system err_systems[err_max_system + 1] = {
	[0x00] = { "(operating system/?) unknown subsystem error",
		   os_subs, ARRAY_LEN(os_subs) },
	[0x01] = { "(user space/?) unknown subsystem error", NULL, 0 },
	[0x02] = { "(server/?) unknown subsystem error", NULL, 0 },
	[0x03] = { "(ipc/?) unknown subsystem error",
		   ipc_subs, ARRAY_LEN(ipc_subs) },
	[0x04] = { "(ipc/?) unknown subsystem error",
		   mach_ipc_subs, ARRAY_LEN(mach_ipc_subs) },
	[0x37] = { "(libkern/?) unknown subsystem error", NULL, 0 },
	[0x38] = { "(iokit/?) unknown subsystem error", NULL, 0 },
};

/* Old numbers of the IPC, MIG and server errors, in today's form. */
static mach_error_t err_compat(mach_error_t err)
{
	if (err > -200 && err <= -100)
		return -(err + 100) | err_ipc | err_sub(0);
	if (err > -300 && err <= -200)
		return -(err + 200) | err_ipc | err_sub(1);
	if (err > -400 && err <= -300)
		return -(err + 300) | err_mach_ipc | err_sub(2);
	if (err >= 1000 && err < 1100)
		return (err - 1000) | err_server | err_sub(0);
	if (err >= 1600 && err < 1700)
		return (err - 1600) | err_server | err_sub(1);
	if (err >= 27600 && err < 27700)
		return (err - 27600) | err_server | err_sub(2);
	return err;
}

/* The subsystem of @err, or NULL (then *bad says why). */
static const struct err_sub *err_find_sub(mach_error_t err, const char **bad)
{
	const struct err_system *sys = &err_systems[err_get_system(err)];
	int sub = err_get_sub(err);

	if (!sys->bad_sub) {
		*bad = NO_SUCH_SYSTEM;
		return NULL;
	}
	if (sub >= sys->count) {
		*bad = sys->bad_sub;
		return NULL;
	}
	return &sys->subs[sub];
}

/* The text of @err; *known is 0 when it is not a listed code. */
static char *err_string(mach_error_t err, int *known)
{
	const struct err_sub *sub;
	const char *bad = NO_SUCH_SYSTEM;
	int code;

	err = err_compat(err);
	*known = 0;
	sub = err_find_sub(err, &bad);
	if (!sub)
		return (char *)bad;
	code = err_get_code(err);
	if (code >= sub->count)
		return (char *)NO_SUCH_ERROR;
	*known = 1;
	return (char *)sub->codes[code];
}

char *mach_error_string(mach_error_t error_value)
{
	int known;

	return err_string(error_value, &known);
}

char *mach_error_type(mach_error_t error_value)
{
	const struct err_sub *sub;
	const char *bad = NO_SUCH_SYSTEM;

	sub = err_find_sub(err_compat(error_value), &bad);
	return (char *)(sub ? sub->name : "(?/?)");
}

/* "str text", or "str type text (hex)" for a code without a text. */
void mach_error(const char *str, mach_error_t error_value)
{
	int known;
	char *text = err_string(error_value, &known);

	if (known)
		fprintf(stderr, "%s %s\n", str, text);
	else
		fprintf(stderr, "%s %s %s (%x)\n", str,
			mach_error_type(error_value), text,
			(unsigned int)error_value);
}

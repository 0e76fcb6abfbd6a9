// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_sample_sysctl.c - a sample kext: the sysctl examples of Apple's
 * "Boundary Crossings" chapter, compiled as written against xnucross's
 * <sys/sysctl.h>, registered at load and unregistered at unload.
 *
 *   hw.l2cr          SYSCTL_PROC, OID_AUTO, int RW: the chapter's first
 *                    example, handled by sysctl_l2cr() on the unsigned int
 *                    L2CR (initially 0)
 *   debug.sctest     SYSCTL_PROC, OID_AUTO, int RW, the chapter's
 *                    myhandler() on SCTEST (initially 0), verbatim: a write
 *                    stores the value; a read outputs SCTEST (through
 *                    sysctl_handle_int()) and then 763 (through SYSCTL_OUT),
 *                    8 bytes in all, so a 4-byte read fails with ENOMEM
 *                    after copying SCTEST, as it would on Darwin
 *   net.newcat       a new category (SYSCTL_DECL, SYSCTL_NODE, OID_AUTO),
 *                    with one child for each of the other macros:
 *     answer         SYSCTL_INT, RW | ANYBODY, 42
 *     version        SYSCTL_INT with a NULL pointer: the constant 3
 *     uval           SYSCTL_UINT, RW, 4000000000
 *     lval           SYSCTL_LONG, RW, -5000000000
 *     ulval          SYSCTL_ULONG, RW, 10000000000
 *     qval           SYSCTL_QUAD, RW, 1099511627776 (1 << 40)
 *     greeting       SYSCTL_STRING, RW, a 32-byte buffer: "hello"
 *     motd           SYSCTL_STRING, RD, a constant string (length 0)
 *     counters       SYSCTL_OPAQUE, RW, four u64 {1, 2, 3, 4}, format "Q"
 *     point          SYSCTL_STRUCT, RW, struct xnu_sample_point {-1, 2}
 *
 * None is CTLFLAG_LOCKED: their handlers are serialised by the core's
 * global mutex, as in XNU, so the plain variables need no lock of their
 * own. printf() becomes pr_info_ratelimited() (prefixed
 * "xnu_sample_sysctl: "), so that tests reading in a loop do not flood the
 * log.
 */
#include <linux/module.h>
#include <linux/printk.h>

#include <sys/sysctl.h>

/* ---- hw.l2cr: "Adding a sysctl Procedure Call" ---- */

/* "In this case, L2CR is a global variable of type unsigned int." */
static unsigned int L2CR;

static int sysctl_l2cr SYSCTL_HANDLER_ARGS;

SYSCTL_PROC(_hw, OID_AUTO, l2cr, CTLTYPE_INT | CTLFLAG_RW,
	    &L2CR, 0, &sysctl_l2cr, "I", "L2 Cache Register");

/* Stores a new value in L2CR through sysctl_handle_int(), and logs it. */
static int sysctl_l2cr SYSCTL_HANDLER_ARGS
{
	unsigned int old = L2CR;
	int error;

	error = sysctl_handle_int(oidp, arg1, arg2, req);
	if (!error && req->newptr)
		pr_info_ratelimited("l2cr: %#x -> %#x\n", old, L2CR);
	return error;
}

/* ---- debug.sctest: the chapter's myhandler ---- */

static int SCTEST;

static int myhandler SYSCTL_HANDLER_ARGS
{
	int error, retval;

	error = sysctl_handle_int(oidp, oidp->oid_arg1, oidp->oid_arg2, req);
	if (!error && req->newptr) {
		/* We have a new value stored in the standard location. */
		/* Do with it as you see fit here. */
		pr_info_ratelimited("sysctl_test: stored %d\n", SCTEST);
	} else if (req->newptr) {
		/* Something was wrong with the write request */
		/* Do something here if you feel like it.... */
	} else {
		/* Read request. Always return 763, just for grins. */
		pr_info_ratelimited("sysctl_test: read %d\n", SCTEST);
		retval = 763;
		error = SYSCTL_OUT(req, &retval, sizeof(retval));
	}
	/* In any case, return success or return the reason for failure */
	return error;
}

SYSCTL_PROC(_debug, OID_AUTO, sctest, CTLTYPE_INT | CTLFLAG_RW,
	    &SCTEST, 0, myhandler, "I", "sysctl_test: 763 on read");

/* ---- net.newcat: "Registering a New Top Level sysctl" ---- */

SYSCTL_DECL(_net_newcat);
SYSCTL_NODE(_net, OID_AUTO, newcat, CTLFLAG_RW, NULL, "new  category");

/*
 * The chapter adds this line so that the module links; our SYSCTL_NODE()
 * defines the list already, and C accepts the repeated (tentative)
 * definition.
 */
struct sysctl_oid_list sysctl__net_newcat_children;

/* ---- net.newcat.*: "Adding a Simple sysctl" ---- */

static int newcat_answer = 42;
static unsigned int newcat_uval = 4000000000U;
static long newcat_lval = -5000000000L;
static unsigned long newcat_ulval = 10000000000UL;
static long long newcat_qval = 1LL << 40;
static char newcat_greeting[32] = "hello";
static u64 newcat_counters[4] = { 1, 2, 3, 4 };

/**
 * struct xnu_sample_point - the type shown by net.newcat.point
 * @x:	abscissa
 * @y:	ordinate
 */
struct xnu_sample_point {
	s32 x;
	s32 y;
};

static struct xnu_sample_point newcat_point = { .x = -1, .y = 2 };

SYSCTL_INT(_net_newcat, OID_AUTO, answer, CTLFLAG_RW | CTLFLAG_ANYBODY,
	   &newcat_answer, 0, "an int anybody may set");
SYSCTL_INT(_net_newcat, OID_AUTO, version, CTLFLAG_RD,
	   NULL, 3, "a constant int: NULL pointer, value 3");
SYSCTL_UINT(_net_newcat, OID_AUTO, uval, CTLFLAG_RW,
	    &newcat_uval, 0, "an unsigned int");
SYSCTL_LONG(_net_newcat, OID_AUTO, lval, CTLFLAG_RW,
	    &newcat_lval, "a long");
SYSCTL_ULONG(_net_newcat, OID_AUTO, ulval, CTLFLAG_RW,
	     &newcat_ulval, "an unsigned long");
SYSCTL_QUAD(_net_newcat, OID_AUTO, qval, CTLFLAG_RW,
	    &newcat_qval, "a 64-bit number");
SYSCTL_STRING(_net_newcat, OID_AUTO, greeting, CTLFLAG_RW,
	      newcat_greeting, sizeof(newcat_greeting),
	      "a string of at most 31 bytes");
SYSCTL_STRING(_net_newcat, OID_AUTO, motd, CTLFLAG_RD,
	      "Darwin sysctl on Linux", 0, "a constant string");
SYSCTL_OPAQUE(_net_newcat, OID_AUTO, counters, CTLFLAG_RW,
	      newcat_counters, sizeof(newcat_counters), "Q",
	      "four 64-bit counters");
SYSCTL_STRUCT(_net_newcat, OID_AUTO, point, CTLFLAG_RW,
	      &newcat_point, xnu_sample_point, "a struct xnu_sample_point");

/* ---- load and unload: nodes before their children, and back ---- */

static int __init xnu_sample_sysctl_init(void)
{
	sysctl_register_oid(&sysctl__hw_l2cr);
	sysctl_register_oid(&sysctl__debug_sctest);

	sysctl_register_oid(&sysctl__net_newcat);
	sysctl_register_oid(&sysctl__net_newcat_answer);
	sysctl_register_oid(&sysctl__net_newcat_version);
	sysctl_register_oid(&sysctl__net_newcat_uval);
	sysctl_register_oid(&sysctl__net_newcat_lval);
	sysctl_register_oid(&sysctl__net_newcat_ulval);
	sysctl_register_oid(&sysctl__net_newcat_qval);
	sysctl_register_oid(&sysctl__net_newcat_greeting);
	sysctl_register_oid(&sysctl__net_newcat_motd);
	sysctl_register_oid(&sysctl__net_newcat_counters);
	sysctl_register_oid(&sysctl__net_newcat_point);
	return 0;
}

static void __exit xnu_sample_sysctl_exit(void)
{
	sysctl_unregister_oid(&sysctl__net_newcat_point);
	sysctl_unregister_oid(&sysctl__net_newcat_counters);
	sysctl_unregister_oid(&sysctl__net_newcat_motd);
	sysctl_unregister_oid(&sysctl__net_newcat_greeting);
	sysctl_unregister_oid(&sysctl__net_newcat_qval);
	sysctl_unregister_oid(&sysctl__net_newcat_ulval);
	sysctl_unregister_oid(&sysctl__net_newcat_lval);
	sysctl_unregister_oid(&sysctl__net_newcat_uval);
	sysctl_unregister_oid(&sysctl__net_newcat_version);
	sysctl_unregister_oid(&sysctl__net_newcat_answer);
	sysctl_unregister_oid(&sysctl__net_newcat);

	sysctl_unregister_oid(&sysctl__debug_sctest);
	sysctl_unregister_oid(&sysctl__hw_l2cr);
}

module_init(xnu_sample_sysctl_init);
module_exit(xnu_sample_sysctl_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xnucross sample kext: the sysctl examples of Apple's Kernel Programming Guide");

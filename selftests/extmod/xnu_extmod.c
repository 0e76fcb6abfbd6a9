// SPDX-License-Identifier: GPL-2.0
/*
 * xnu_extmod.c - an external module ("a ported kext") built outside the
 * xnucross tree, against the installed kernel-API headers and
 * Module.symvers only (see Makefile). installed_test loads it in the test
 * VM and reads and writes its sysctl OIDs through the installed
 * libxnucross:
 *
 *   debug.xnu_extmod          a node (SYSCTL_NODE, OID_AUTO)
 *   debug.xnu_extmod.magic    SYSCTL_INT, RD, the constant 0x5eed
 *   debug.xnu_extmod.value    SYSCTL_INT, RW, initially 21
 *   debug.xnu_extmod.twice    SYSCTL_PROC, int RD: twice value, computed by
 *                             its handler at each read
 */
#include <linux/module.h>

#include <sys/sysctl.h>

#define XNU_EXTMOD_MAGIC	0x5eed

static int extmod_value = 21;

SYSCTL_DECL(_debug_xnu_extmod);
SYSCTL_NODE(_debug, OID_AUTO, xnu_extmod, CTLFLAG_RW, NULL,
	    "an external module built against the installed xnucross");

SYSCTL_INT(_debug_xnu_extmod, OID_AUTO, magic, CTLFLAG_RD,
	   NULL, XNU_EXTMOD_MAGIC, "a constant");
SYSCTL_INT(_debug_xnu_extmod, OID_AUTO, value, CTLFLAG_RW,
	   &extmod_value, 0, "an int");

/* Outputs twice extmod_value (read only: the OID is CTLFLAG_RD). */
static int extmod_twice SYSCTL_HANDLER_ARGS
{
	int twice = 2 * READ_ONCE(extmod_value);

	return SYSCTL_OUT(req, &twice, sizeof(twice));
}

SYSCTL_PROC(_debug_xnu_extmod, OID_AUTO, twice, CTLTYPE_INT | CTLFLAG_RD,
	    NULL, 0, extmod_twice, "I", "twice value");

static int __init xnu_extmod_init(void)
{
	sysctl_register_oid(&sysctl__debug_xnu_extmod);
	sysctl_register_oid(&sysctl__debug_xnu_extmod_magic);
	sysctl_register_oid(&sysctl__debug_xnu_extmod_value);
	sysctl_register_oid(&sysctl__debug_xnu_extmod_twice);
	return 0;
}

static void __exit xnu_extmod_exit(void)
{
	sysctl_unregister_oid(&sysctl__debug_xnu_extmod_twice);
	sysctl_unregister_oid(&sysctl__debug_xnu_extmod_value);
	sysctl_unregister_oid(&sysctl__debug_xnu_extmod_magic);
	sysctl_unregister_oid(&sysctl__debug_xnu_extmod);
}

module_init(xnu_extmod_init);
module_exit(xnu_extmod_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xnucross installcheck: a kext built against the installed xnucross");

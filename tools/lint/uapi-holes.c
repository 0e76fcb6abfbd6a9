// SPDX-License-Identifier: GPL-2.0
/*
 * uapi-holes.c - the input of tools/lint/uapi-holes: every header that
 * defines a structure crossing the user/kernel boundary, compiled with -g
 * and -fno-eliminate-unused-debug-types so that each of their types is in
 * the object's DWARF for pahole to lay out. Nothing here is run.
 */
#include <stddef.h>
#include <stdint.h>

#include <mach/mach.h>
#include <mach/clock_types.h>
#include <mach/message.h>
#include <mach/mig.h>
#include <mach/notify.h>
#include <mach/thread_policy.h>
#include <mach/thread_policy_private.h>
#include <servers/bootstrap.h>
#include <sys/sysctl.h>
#include <xnucross/ring.h>
#include <xnucross/wire.h>

#include "libxnucross.h"
#include "xnucross_sysctl.h"

#include "xnucross.h"
#include "xnu_ioccom.h"
#include "xnu_mach_bootstrap.h"
#include "xnu_mach_genl.h"
#include "xnu_mach_msg.h"
#include "xnu_mach_traps.h"
#include "xnu_mach_types.h"
#include "xnu_ring.h"
#include "xnu_sysctl.h"
#include "xnu_sysctl_genl.h"
#include "xnu_vm.h"

int uapi_holes_anchor;

# SPDX-License-Identifier: GPL-2.0
#
# debug.mk - the debug kernel lane (included by the Makefile):
#
#   make debug-kernel     build the debug kernel unless it is cached:
#                         linux-source-6.1, allnoconfig + tools/vm/debug.config
#                         (KASAN, KFENCE, UBSAN, lockdep, kmemleak, debug
#                         objects, fault injection), in
#                         $(XNUCROSS_CACHE)/debug-kernel/<key>/, outside the
#                         tree (tools/vm/debug-kernel)
#   make check-debug      the module, samples and test modules built against
#                         it (with -g, for decoding reports), every selftest
#                         run on it with panic_on_warn, then a kmemleak scan;
#                         fails on a failed test, a leak, or any sanitizer,
#                         lockdep, WARNING or BUG report (tools/vm/check-debug);
#                         the canary below runs first (XNU_DEBUG_CANARY=0: not)
#   make check-debug-canary  proves that detector: one deliberate bug of each
#                         kind (KASAN, use after free, UBSAN, lockdep, sleep
#                         in atomic, leak, WARN, list corruption, debug
#                         objects) committed by
#                         kmod/tests/xnu_debug_canary.c on the debug kernel,
#                         each of which check-debug's detector must report
#                         (tools/vm/check-debug-canary; about 3 minutes)
#
# The debug kernel's build directory is a KDIR like any other:
#   make module KDIR=$$(tools/vm/debug-kernel --dir)

DEBUG_KERNEL := $(TOP)/tools/vm/debug-kernel

XNU_DEBUG_CANARY ?= 1

.PHONY: deps-debug debug-kernel check-debug check-debug-canary

deps-debug:
	$(Q)$(TOP)/tools/deps.sh debug

debug-kernel: deps-debug
	$(Q)$(DEBUG_KERNEL) >/dev/null

check-debug: deps-debug
	$(Q)kdir=$$($(DEBUG_KERNEL)) && \
	$(MAKE) --no-print-directory WERROR=1 module KDIR=$$kdir KCFLAGS=-g && \
	$(MAKE) --no-print-directory WERROR=1 lib tools selftests && \
	{ [ "$(XNU_DEBUG_CANARY)" = 0 ] || $(TOP)/tools/vm/check-debug-canary $$kdir; } && \
	$(TOP)/tools/vm/check-debug $$kdir

# The canary needs no selftests: the module (with the canary beside it),
# and the tools and library xnuvm copies into the guest.
check-debug-canary: deps-debug
	$(Q)kdir=$$($(DEBUG_KERNEL)) && \
	$(MAKE) --no-print-directory WERROR=1 module KDIR=$$kdir KCFLAGS=-g && \
	$(TOP)/tools/vm/check-debug-canary $$kdir

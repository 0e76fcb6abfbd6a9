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
#                         lockdep, WARNING or BUG report (tools/vm/check-debug)
#
# The debug kernel's build directory is a KDIR like any other:
#   make module KDIR=$$(tools/vm/debug-kernel --dir)

DEBUG_KERNEL := $(TOP)/tools/vm/debug-kernel

.PHONY: deps-debug debug-kernel check-debug

deps-debug:
	$(Q)$(TOP)/tools/deps.sh debug

debug-kernel: deps-debug
	$(Q)$(DEBUG_KERNEL) >/dev/null

check-debug: deps-debug
	$(Q)kdir=$$($(DEBUG_KERNEL)) && \
	$(MAKE) --no-print-directory WERROR=1 module KDIR=$$kdir KCFLAGS=-g && \
	$(MAKE) --no-print-directory WERROR=1 lib tools selftests && \
	$(TOP)/tools/vm/check-debug $$kdir

# SPDX-License-Identifier: GPL-2.0
#
# fuzz.mk - long fuzz runs of the module's user surface (included by the
# Makefile); xnufuzz is tools/xnufuzz, the guest side tools/vm/guest-fuzz:
#
#   make fuzz DURATION=SEC [FUZZ_KERNEL=6.1|6.12|debug] [SEED=S] [PROCS=N]
#                         [THREADS=T] [OPS=LIST] [FUZZ_ARGS="..."]
#                         builds the module for that kernel, libxnucross and
#                         the tools, then runs xnufuzz in the test VM for
#                         DURATION seconds (default 120) with the sample
#                         kexts loaded. FUZZ_KERNEL=debug is the debug
#                         kernel of 'make check-debug' (KASAN, KFENCE,
#                         UBSAN, lockdep, kmemleak), booted with
#                         panic_on_warn. Fails on a crashed or unkillable
#                         child (its seed is printed: xnufuzz --replay
#                         SEED), a sample kext that will not unload after,
#                         and any oops, BUG, WARNING, sanitizer or lockdep
#                         report in the guest log (build/vm/fuzz.log).
#                         Prints the calls made and the rate.
#   make fuzz-run ...     the same without building (what is built is used)

DURATION ?= 120
FUZZ_KERNEL ?= 6.1
FUZZ_LOG := $(BUILD)/vm/fuzz.log
FUZZ_OUT := $(BUILD)/vm/fuzz.out
FUZZ_XARGS = $(if $(SEED),--seed $(SEED)) $(if $(PROCS),--procs $(PROCS)) \
	$(if $(THREADS),--threads $(THREADS)) $(if $(OPS),--ops $(OPS)) \
	$(FUZZ_ARGS)

# What a kernel report is, and the debug guest's command line: the debug
# lane's definitions (tools/vm/debug-reports), also for the release
# kernels (xnuvm's own check, exit status 126, aside).
DEBUG_REPORTS := $(TOP)/tools/vm/debug-reports

.PHONY: fuzz fuzz-run

fuzz: deps
ifeq ($(FUZZ_KERNEL),debug)
	$(Q)$(MAKE) --no-print-directory deps-debug
	$(Q)kdir=$$($(TOP)/tools/vm/debug-kernel) && \
		$(MAKE) --no-print-directory WERROR=1 module KDIR=$$kdir KCFLAGS=-g
else
	$(Q)$(MAKE) --no-print-directory WERROR=1 module \
		KVER=$(if $(filter 6.12,$(FUZZ_KERNEL)),$(KVER_6_12),$(KVER_6_1))
endif
	$(Q)$(MAKE) --no-print-directory WERROR=1 lib tools
	$(Q)$(MAKE) --no-print-directory fuzz-run

fuzz-run:
	$(Q)mkdir -p $(BUILD)/vm
	$(Q). $(DEBUG_REPORTS); \
	case "$(FUZZ_KERNEL)" in \
	debug) kdir=$$($(TOP)/tools/vm/debug-kernel --dir) || exit 1; \
		set -- --kernel $$kdir/arch/x86/boot/bzImage --mem 2048 \
			--append "$$DEBUG_APPEND" ;; \
	6.1|6.12) set -- --kernel $(FUZZ_KERNEL) ;; \
	*) echo "FUZZ_KERNEL: 6.1, 6.12 or debug"; exit 2 ;; \
	esac; \
	echo "# fuzz: $(DURATION) s on $(FUZZ_KERNEL), log $(FUZZ_LOG)"; \
	start=$$(date +%s); \
	$(XNUVM) "$$@" --timeout $$(($(DURATION) * 2 + 600)) --log $(FUZZ_LOG) \
		--cmd "XNU_FUZZ_ARGS='$(strip $(FUZZ_XARGS))' /usr/libexec/xnucross/guest-fuzz $(DURATION)" \
		>$(FUZZ_OUT) 2>&1; \
	rc=$$?; \
	grep -a -E '^(xnufuzz[:(]|# guest-fuzz|xnuvm-fuzz:|/lib)' $(FUZZ_OUT) | \
		grep -a -v '^xnufuzz: spawn '; \
	echo "# fuzz: guest finished in $$(($$(date +%s) - start)) s, status $$rc"; \
	res=$$(grep -a -E '^xnuvm-fuzz: ' $(FUZZ_OUT) | tail -n 1 | tr -d '\r'); \
	reports=$$(debug_reports $(FUZZ_LOG)); \
	fail=0; \
	if [ -n "$$reports" ]; then \
		echo "not ok - fuzz: the guest kernel reported problems (log $(FUZZ_LOG)):"; \
		echo "$$reports" | sed 's/^/#   /'; fail=1; \
	elif [ $$rc -eq 126 ]; then \
		echo "not ok - fuzz: xnuvm found a problem in the guest log ($(FUZZ_LOG))"; fail=1; \
	fi; \
	case "$$res" in \
	"xnuvm-fuzz: ok "*) \
		if [ $$fail -eq 0 ] && [ $$rc -eq 0 ]; then \
			echo "ok - fuzz: $${res#xnuvm-fuzz: ok }"; \
		elif [ $$fail -eq 0 ]; then \
			echo "not ok - fuzz: the guest said ok but xnuvm exited with status $$rc" \
				"and the log shows no report ($(FUZZ_LOG))"; fail=1; \
		fi ;; \
	*) echo "not ok - fuzz: $${res:-no result} (status $$rc, log $(FUZZ_LOG))"; fail=1 ;; \
	esac; \
	[ $$fail -eq 0 ] && [ $$rc -eq 0 ]

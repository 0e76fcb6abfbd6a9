# SPDX-License-Identifier: GPL-2.0
#
# Makefile - builds, lints, installs and tests xnucross.
#
#   make                 module (for KVER), libxnucross, tools, xmig, selftests
#   make check           lint, xmig-test, then every selftest in the test VM on
#                        6.1 and 6.12
#   make xmig            build/tools/xmig, the MIG .defs compiler (a host tool)
#   make xmig-test       xmig's host tests: layouts, generated code built and
#                        run, kernel servers built (W=1), bad input, a fuzz
#   make run             boot the test VM with the module loaded and show a demo
#   make bench           run tools/bench/xnubench in the test VM
#   make install         library, headers, xnucross.pc, tools (DESTDIR, PREFIX)
#   make deps            install the Debian packages all of this needs
#
# The module is built by kbuild (see Kbuild) in kmod/build/<kernel release>/,
# one directory per kernel, holding symlinks to the sources, so builds for
# several kernels coexist. Everything user space is built in build/.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD ?= $(TOP)/build
V ?= 0

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
DESTDIR ?=

VERSION := 0.1.0
GITREV := $(shell git -C $(TOP) describe --always --dirty --abbrev=12 2>/dev/null)
XNUCROSS_VERSION := $(VERSION)$(if $(GITREV),-g$(GITREV))

# ---- kernels ---------------------------------------------------------------

# Kernel release of the newest installed Debian cloud headers of a series.
headers_kver = $(shell ls -d /usr/src/linux-headers-$(1)*-cloud-amd64 2>/dev/null | \
	sed 's|.*/linux-headers-||' | sort -V | tail -n 1)
KVER_6_1 = $(call headers_kver,6.1.)
KVER_6_12 = $(call headers_kver,6.12.)

ifneq ($(origin KDIR),undefined)
KVER ?= $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
else
KVER ?= $(KVER_6_1)
KDIR = /usr/src/linux-headers-$(KVER)
endif

MODBUILD = $(TOP)/kmod/build
# Headers of kernel release $(1): KDIR for KVER, Debian's directory otherwise.
kdir_of = $(if $(filter $(1),$(KVER)),$(KDIR),/usr/src/linux-headers-$(1))
# kbuild invocation for kernel release $(1), in its own output directory.
kbuild = $(MAKE) -C $(call kdir_of,$(1)) M=$(MODBUILD)/$(1) W=1 \
	XNUCROSS_VERSION=$(XNUCROSS_VERSION)

# ---- user space ------------------------------------------------------------

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter $(if $(filter 1,$(WERROR)),-Werror)
NL_CFLAGS = $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS = $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)
XCFLAGS = $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE -pthread \
	-I$(TOP)/uapi -I$(TOP)/libuser/include $(NL_CFLAGS)

LIBSO_MAJOR := 1
LIBSO := libxnucross.so.$(LIBSO_MAJOR).0
LIB_SRCS := $(wildcard libuser/*.c)
LIB_OBJS := $(LIB_SRCS:libuser/%.c=$(BUILD)/libuser/%.o)
LIB_A := $(BUILD)/libuser/libxnucross.a
LIB_SO := $(BUILD)/libuser/$(LIBSO)
LIB_HDRS := $(wildcard libuser/include/*.h libuser/include/*/*.h libuser/*.h uapi/*.h)

# Tools: tools/<dir>/<tool>.c holds main(); every .c file in that directory
# is part of the tool.
TOOLS := xnuinfo xnubench xsysctl xlsmp
TOOL_BINS := $(TOOLS:%=$(BUILD)/tools/%)
tool_main = $(firstword $(wildcard tools/$(1)/$(1).c tools/*/$(1).c))
tool_src = $(wildcard $(dir $(call tool_main,$(1)))*.c)

# Selftests: run in this order (the unload test last, it reloads the module).
SELFTESTS := device_test trap_test libuser_test sysctl_test sysctl_meta_test \
	sysctl_stress_test sysctl_genl_test xsysctl_test mach_port_test \
	mach_msg_test mach_notify_test mach_kobject_test mach_lifetime_test \
	xlsmp_test \
	module_test
SELFTEST_BINS := $(SELFTESTS:%=$(BUILD)/selftests/%)

# Kernel sources we take three files from (never committed).
KSRC_TAR := /usr/src/linux-source-6.1.tar.xz
KSRC := $(BUILD)/linux-source-6.1
KSELFTEST_H := $(KSRC)/tools/testing/selftests/kselftest_harness.h
CHECKPATCH := $(KSRC)/scripts/checkpatch.pl

ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all deps deps-build module modules-all lib tools selftests lint checkpatch \
	sparse kerneldoc check installcheck run bench install uninstall clean help \
	xmig xmig-test

all: module lib tools xmig selftests

help:
	@sed -n '3,16p' $(TOP)/Makefile | sed 's/^# \{0,1\}//'

# Every target that needs packages depends on one of these; they only check
# when all are there, and install what is missing otherwise. deps-build is
# what building needs (no QEMU, no kernel images: safe on a real machine);
# deps adds the test VM's kernels and QEMU.
deps:
	$(Q)$(TOP)/tools/deps.sh all

deps-build:
	$(Q)$(TOP)/tools/deps.sh build $(if $(wildcard $(KDIR)),,linux-headers-cloud-amd64)

# ---- module ----------------------------------------------------------------

# Mirror the module sources into the per-kernel directory (as symlinks, so
# edits are seen) and run kbuild there.
define build_module
	$(Q)test -n "$(1)" -a -d "$(call kdir_of,$(1))" || \
		{ echo "no kernel headers for '$(1)' (KVER/KDIR)"; exit 1; }
	$(Q)mkdir -p $(MODBUILD)/$(1)
	$(Q)cd $(TOP) && for f in Kbuild $$(find kmod uapi -path kmod/build -prune -o \
		-type f -name '*.[ch]' -print); do \
		mkdir -p $(MODBUILD)/$(1)/$$(dirname $$f); \
		ln -sfn $(TOP)/$$f $(MODBUILD)/$(1)/$$f; done
	$(Q)find $(MODBUILD)/$(1) -xtype l -delete
	$(Q)$(call kbuild,$(1)) modules
endef

module: deps-build
	$(call build_module,$(KVER))
	@echo "module: kmod/build/$(KVER)/xnucross.ko"

modules-all: deps
	$(call build_module,$(KVER_6_1))
	$(call build_module,$(KVER_6_12))

# ---- libxnucross -----------------------------------------------------------

lib: deps-build $(LIB_A) $(LIB_SO)

$(BUILD)/libuser/%.o: libuser/%.c $(LIB_HDRS)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(XCFLAGS) -fPIC -fvisibility=default -c -o $@ $<

$(LIB_A): $(LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIB_SO): $(LIB_OBJS) libuser/libxnucross.map
	$(Q)$(CC) $(XCFLAGS) -shared -Wl,-soname,libxnucross.so.$(LIBSO_MAJOR) \
		-Wl,--version-script=libuser/libxnucross.map -o $@ $(LIB_OBJS) \
		$(NL_LIBS)
	$(Q)ln -sfn $(LIBSO) $(BUILD)/libuser/libxnucross.so.$(LIBSO_MAJOR)
	$(Q)ln -sfn $(LIBSO) $(BUILD)/libuser/libxnucross.so

# ---- tools -----------------------------------------------------------------

tools: $(TOOL_BINS)

.SECONDEXPANSION:

# Tools link the shared library, as an installed program would.
$(BUILD)/tools/%: $(LIB_SO) $(LIB_HDRS) $$(call tool_src,%)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(XCFLAGS) -I$(dir $(call tool_main,$*)) -o $@ \
		$(call tool_src,$*) -L$(BUILD)/libuser -lxnucross $(NL_LIBS)

# ---- xmig ------------------------------------------------------------------

# xmig, the MIG .defs compiler, runs on the build host: it is built from
# tools/xmig/*.c alone (no libxnucross), plain and with ASan/UBSan for its
# tests (the fuzz runs the sanitizer build).
XMIG_SRCS := $(wildcard tools/xmig/*.c)
XMIG_HDRS := $(wildcard tools/xmig/*.h)
XMIG := $(BUILD)/tools/xmig
XMIG_ASAN := $(BUILD)/tools/xmig-asan
XMIG_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
XMIG_FUZZ_RUNS ?= 3000

xmig: $(XMIG)

$(XMIG): $(XMIG_SRCS) $(XMIG_HDRS)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE -o $@ $(XMIG_SRCS)

$(XMIG_ASAN): $(XMIG_SRCS) $(XMIG_HDRS)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -O1 -g $(XMIG_SAN) $(WARN) -std=gnu11 -D_GNU_SOURCE -o $@ \
		$(XMIG_SRCS)

# The kernels whose headers are installed get the kernel-server build test.
xmig-test: $(XMIG) $(XMIG_ASAN)
	$(Q)TOP=$(TOP) OUT=$(BUILD)/xmig-test XMIG=$(XMIG) XMIG_ASAN=$(XMIG_ASAN) \
		CC="$(CC)" WARN="$(WARN)" FUZZ_RUNS=$(XMIG_FUZZ_RUNS) \
		KDIRS="$(wildcard $(foreach k,$(KVER_6_1) $(KVER_6_12),$(call kdir_of,$(k))))" \
		$(TOP)/tools/xmig/tests/run.sh

# ---- selftests -------------------------------------------------------------

$(KSELFTEST_H) $(CHECKPATCH): | deps-build
	$(Q)mkdir -p $(BUILD)
	$(Q)tar -xJf $(KSRC_TAR) -C $(BUILD) \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
		linux-source-6.1/tools/testing/selftests/kselftest.h \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	$(Q)touch $(KSELFTEST_H) $(CHECKPATCH)

selftests: $(SELFTEST_BINS) $(BUILD)/selftests/selftests.list

# Selftests link libxnucross statically: they run from any directory.
$(BUILD)/selftests/%: selftests/%.c $(wildcard selftests/*.h) $(LIB_A) \
		$(LIB_HDRS) $(KSELFTEST_H)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(XCFLAGS) -isystem $(KSRC)/tools/testing/selftests -Iselftests \
		-o $@ $< $(LIB_A) $(NL_LIBS)

$(BUILD)/selftests/selftests.list: Makefile
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' $(SELFTESTS) > $@

# ---- lint ------------------------------------------------------------------

lint: checkpatch kerneldoc sparse

KDOC := /usr/src/linux-kbuild-6.1/scripts/kernel-doc
KERNEL_SRCS = $$(find kmod uapi -path kmod/build -prune -o -name '*.[ch]' -print | sort)

# Every kernel-doc comment well formed; every exported symbol documented.
kerneldoc: deps-build
	$(Q)KBUILD_EXTRA_WARN=1 perl $(KDOC) -none -Werror $(KERNEL_SRCS)
	$(Q)$(TOP)/tools/lint/kdoc-exports.sh $(KERNEL_SRCS)
	@echo "kernel-doc: clean"

# checkpatch --strict everywhere, with these exceptions, each forced by what
# the code must be:
# - uapi/: headers shared with user space use __u32 and friends;
# - code following Darwin's sysctl handler ABI (kmod/sysctl, the sample
#   kexts, the test modules) returns positive errno values, as XNU handlers
#   and SYSCTL_IN/SYSCTL_OUT do;
# - the Darwin kernel API headers (kmod/include) also keep Darwin's shape:
#   file-scope declaration macros (SYSCTL_INT(...) defines a variable, so
#   no do-while and no parentheses), and its typedefs (sysctl_handler_t);
# - Mach's ABI has Darwin's names: the uapi/xnu_mach_*.h types are typedefs
#   (mach_msg_header_t), its macros are Darwin's (MACH_PORT_VALID(name)),
#   and MIG's message fields are CamelCase (Head, NDR, RetCode) wherever
#   messages are built (kmod/mach, kernel objects in samples and tests).
DARWIN_ABI_DIRS := kmod/sysctl kmod/samples kmod/tests
DARWIN_API_DIRS := kmod/include
CHECKPATCH_RUN = perl $(CHECKPATCH) --strict --no-tree --quiet --show-types
kmod_srcs = $$(find $(1) -name '*.[ch]' 2>/dev/null | sort)
checkpatch: $(CHECKPATCH)
	$(Q)$(CHECKPATCH_RUN) -f kmod/*.[ch]
	$(Q)$(CHECKPATCH_RUN) --ignore CAMELCASE -f $(call kmod_srcs,kmod/mach)
	$(Q)files=$(call kmod_srcs,$(DARWIN_ABI_DIRS)); [ -z "$$files" ] || \
		$(CHECKPATCH_RUN) --ignore USE_NEGATIVE_ERRNO,CAMELCASE -f $$files
	$(Q)$(CHECKPATCH_RUN) --ignore USE_NEGATIVE_ERRNO,NEW_TYPEDEFS,COMPLEX_MACRO,MULTISTATEMENT_MACRO_USE_DO_WHILE,MACRO_ARG_REUSE,CAMELCASE \
		-f $(call kmod_srcs,$(DARWIN_API_DIRS))
	$(Q)$(CHECKPATCH_RUN) --ignore PREFER_KERNEL_TYPES -f $(filter-out uapi/xnu_mach_%,$(wildcard uapi/*.h))
	$(Q)$(CHECKPATCH_RUN) --ignore PREFER_KERNEL_TYPES,NEW_TYPEDEFS,MACRO_ARG_REUSE,MACRO_ARG_PRECEDENCE,CAMELCASE \
		-f uapi/xnu_mach_*.h
	@echo "checkpatch --strict: clean"

# sparse over every file (C=2) and the W=1 build, for both kernels; any
# warning fails.
sparse: modules-all
	$(Q)for k in $(KVER_6_1) $(KVER_6_12); do \
		$(call kbuild,$$k) C=2 modules >$(MODBUILD)/$$k/lint.log 2>&1 || \
			{ cat $(MODBUILD)/$$k/lint.log; exit 1; }; \
		if grep -E 'warning:|error:' $(MODBUILD)/$$k/lint.log; then \
			echo "sparse/W=1: warnings on $$k"; exit 1; fi; \
		echo "sparse C=2 + W=1 on $$k: clean"; done

# ---- test VM ---------------------------------------------------------------

XNUVM := $(TOP)/tools/vm/xnuvm

# A user's program built against the installed tree, run with xnuvm --add.
INSTALLCHECK := $(BUILD)/installcheck
installcheck: $(KSELFTEST_H)
	$(Q)rm -rf $(INSTALLCHECK)
	$(Q)$(MAKE) --no-print-directory -s install DESTDIR=$(INSTALLCHECK) \
		PREFIX=/usr/local >/dev/null
	$(Q)export PKG_CONFIG_SYSROOT_DIR=$(INSTALLCHECK) \
	PKG_CONFIG_PATH=$(INSTALLCHECK)/usr/local/lib/pkgconfig; \
	$(CC) $(CFLAGS) $(WARN) -D_GNU_SOURCE \
		-DINSTALLED_LIBDIR='"$(INSTALLCHECK)/usr/local/lib"' \
		-isystem $(KSRC)/tools/testing/selftests -o $(INSTALLCHECK)/installed_test \
		selftests/installed_test.c $$(pkg-config --cflags --libs xnucross) \
		-Wl,-rpath,$(INSTALLCHECK)/usr/local/lib

check: deps
	$(Q)$(MAKE) --no-print-directory WERROR=1 all modules-all installcheck
	$(Q)$(MAKE) --no-print-directory lint
	$(Q)$(MAKE) --no-print-directory WERROR=1 xmig-test
	$(Q)XNUVM_ADD=$(INSTALLCHECK) $(TOP)/tools/vm/run-selftests 6.1 6.12

run: deps all
	$(Q)$(XNUVM) --kernel 6.1 --cmd "$(or $(CMD),/usr/libexec/xnucross/demo)" --shell

bench: deps all
	$(Q)$(XNUVM) --kernel 6.1 --cmd "xnubench $(BENCHFLAGS)"

# ---- install ---------------------------------------------------------------

install: lib tools
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/xnucross \
		$(DESTDIR)$(BINDIR)
	install -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	install -m 0755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sfn $(LIBSO) $(DESTDIR)$(LIBDIR)/libxnucross.so.$(LIBSO_MAJOR)
	ln -sfn $(LIBSO) $(DESTDIR)$(LIBDIR)/libxnucross.so
	cd libuser/include && find . -name '*.h' -exec install -D -m 0644 {} \
		$(DESTDIR)$(INCLUDEDIR)/xnucross/{} \;
	install -m 0644 $(wildcard uapi/*.h) \
		$(DESTDIR)$(INCLUDEDIR)/xnucross/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		libuser/xnucross.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/xnucross.pc
	install -m 0755 $(TOOL_BINS) $(DESTDIR)$(BINDIR)/

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libxnucross.a $(DESTDIR)$(LIBDIR)/libxnucross.so* \
		$(DESTDIR)$(LIBDIR)/pkgconfig/xnucross.pc \
		$(TOOLS:%=$(DESTDIR)$(BINDIR)/%)
	rm -rf $(DESTDIR)$(INCLUDEDIR)/xnucross

clean:
	rm -rf $(BUILD) $(MODBUILD)

# SPDX-License-Identifier: GPL-2.0
#
# install.mk - installing xnucross (included by the Makefile):
#
#   make install          everything below, honouring DESTDIR and PREFIX
#   make install-user     libxnucross (static, shared), its headers,
#                         xnucross.pc, the tools and xmig, man pages, the
#                         udev rule, the kernel-API headers for other modules
#   make install-kmod     xnucross.ko for KVER into /lib/modules/KVER/extra
#                         (then depmod, unless DESTDIR is set) and its
#                         Module.symvers for other modules' builds
#   make uninstall        removes what install put there (for KVER)
#   make dkms-install     the module's sources (with the generated MIG
#                         servers) into /usr/src/xnucross-VERSION with a
#                         dkms.conf; without DESTDIR also dkms add, build and
#                         install for KVER
#   make dkms-uninstall   dkms remove, and the sources
#   make man              the man pages checked with groff and man (no
#                         warning); part of make lint
#   make installcheck     installs into build/installcheck and builds a
#                         Darwin program (selftests/installed_test.c) and an
#                         external module (selftests/extmod) against the
#                         installed tree alone; make check runs both in the
#                         test VM
#
# Places (all below DESTDIR):
#   $(LIBDIR), $(LIBDIR)/pkgconfig   libxnucross.{a,so*}, xnucross.pc
#   $(INCLUDEDIR)/xnucross           the user headers (Darwin's tree:
#                                    pkg-config --cflags xnucross), and
#                                    in mach/ the .defs for xmig
#   $(BINDIR)                        xnuinfo xsysctl xlsmp xnubench xmig
#   $(MANDIR)/man{1,3,4,8}           the man pages
#   $(KAPIDIR)/include               the kernel API for other modules
#                                    (kmod/include and uapi/ in one tree)
#   $(KAPIDIR)/<kver>/Module.symvers xnucross's exports for kernel <kver>
#                                    (KBUILD_EXTRA_SYMBOLS)
#   /lib/modules/$(KVER)/extra       xnucross.ko (not below PREFIX: where
#                                    modprobe looks)
#   $(UDEVRULESDIR)                  60-xnucross.rules
# KAPIDIR is in xnucross.pc as the variable kerneldir.

DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
KAPIDIR ?= $(DATADIR)/xnucross/kernel
UDEVRULESDIR ?= /lib/udev/rules.d
KMODDIR = /lib/modules/$(KVER)/extra
DKMS_DIR = /usr/src/xnucross-$(VERSION)

MAN_PAGES := $(wildcard Documentation/man/*.[1-8])
# The .defs a MIG user needs (<mach/std_types.defs>) and the subsystems the
# module serves, in <mach/>, where Darwin has them.
MIG_INSTALL_DEFS := $(wildcard kmod/mach/defs/*.defs kmod/mach/defs/mach/*.defs)
INSTALL_TOOLS := $(TOOL_BINS) $(XMIG)

.PHONY: install install-user install-kmod uninstall dkms-install \
	dkms-uninstall man installcheck

install: install-user install-kmod

install-user: lib tools xmig
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/xnucross \
		$(DESTDIR)$(BINDIR) $(DESTDIR)$(KAPIDIR)/include \
		$(DESTDIR)$(UDEVRULESDIR)
	install -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/
	install -m 0755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sfn $(LIBSO) $(DESTDIR)$(LIBDIR)/libxnucross.so.$(LIBSO_MAJOR)
	ln -sfn $(LIBSO) $(DESTDIR)$(LIBDIR)/libxnucross.so
	cd libuser/include && find . -name '*.h' -exec install -D -m 0644 {} \
		$(DESTDIR)$(INCLUDEDIR)/xnucross/{} \;
	install -m 0644 $(wildcard uapi/*.h) $(DESTDIR)$(INCLUDEDIR)/xnucross/
	install -m 0644 $(MIG_INSTALL_DEFS) $(DESTDIR)$(INCLUDEDIR)/xnucross/mach/
	cd kmod/include && find . -name '*.h' -exec install -D -m 0644 {} \
		$(DESTDIR)$(KAPIDIR)/include/{} \;
	install -m 0644 $(wildcard uapi/*.h) $(DESTDIR)$(KAPIDIR)/include/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		-e '/^includedir=/a kerneldir=$(KAPIDIR)' \
		libuser/xnucross.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/xnucross.pc
	install -m 0755 $(INSTALL_TOOLS) $(DESTDIR)$(BINDIR)/
	for m in $(MAN_PAGES); do s=$${m##*.}; \
		install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/$$(basename $$m) \
		|| exit 1; done
	install -m 0644 tools/udev/60-xnucross.rules $(DESTDIR)$(UDEVRULESDIR)/
	$(if $(DESTDIR),,-udevadm control --reload-rules 2>/dev/null)

# The module, and its exports for other modules' builds. The symvers'
# module column names the build directory; it becomes plain "xnucross".
install-kmod: module
	install -d $(DESTDIR)$(KMODDIR) $(DESTDIR)$(KAPIDIR)/$(KVER)
	install -m 0644 $(MODBUILD)/$(KVER)/xnucross.ko $(DESTDIR)$(KMODDIR)/
	awk -F '\t' -v OFS='\t' '$$3 ~ /(^|\/)xnucross$$/ { $$3 = "xnucross"; print }' \
		$(MODBUILD)/$(KVER)/Module.symvers \
		> $(DESTDIR)$(KAPIDIR)/$(KVER)/Module.symvers
	$(if $(DESTDIR),,depmod -a $(KVER))

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libxnucross.a $(DESTDIR)$(LIBDIR)/libxnucross.so* \
		$(DESTDIR)$(LIBDIR)/pkgconfig/xnucross.pc \
		$(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(INSTALL_TOOLS))) \
		$(foreach m,$(MAN_PAGES),$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m))) \
		$(DESTDIR)$(UDEVRULESDIR)/60-xnucross.rules \
		$(DESTDIR)$(KMODDIR)/xnucross.ko
	rm -rf $(DESTDIR)$(INCLUDEDIR)/xnucross $(DESTDIR)$(KAPIDIR)/include \
		$(DESTDIR)$(KAPIDIR)/$(KVER)
	-rmdir $(DESTDIR)$(KAPIDIR) $(DESTDIR)$(DATADIR)/xnucross 2>/dev/null
	$(if $(DESTDIR),,depmod -a $(KVER))

# ---- DKMS -------------------------------------------------------------------

# The DKMS source tree is what kbuild needs for xnucross.ko alone: Kbuild,
# kmod/ (no samples, tests or build output), uapi/, and the MIG servers
# xmig generates now (shipped in the tree, never committed), so dkms
# builds for each new kernel without xmig or this repository.
define dkms_tree
	rm -rf $(1) && mkdir -p $(1)
	cd $(TOP) && for f in Kbuild $$(find kmod uapi \
		\( -path kmod/build -o -path kmod/samples -o -path kmod/tests \) \
		-prune -o -type f -name '*.[ch]' -print); do \
		install -D -m 0644 $$f $(1)/$$f || exit 1; done
	$(call gen_kservers,$(1)/kmod/mach/gen,$(MIG_DEFS))
	sed -e 's|@VERSION@|$(VERSION)|' \
		-e 's|@XNUCROSS_VERSION@|$(XNUCROSS_VERSION)|' \
		$(TOP)/kmod/dkms.conf.in > $(1)/dkms.conf
endef

dkms-install: $(XMIG)
	$(if $(DESTDIR),,$(TOP)/tools/deps.sh build dkms)
	$(if $(DESTDIR),,-dkms remove -m xnucross -v $(VERSION) --all >/dev/null 2>&1)
	$(call dkms_tree,$(DESTDIR)$(DKMS_DIR))
	$(if $(DESTDIR),,dkms add -m xnucross -v $(VERSION))
	$(if $(DESTDIR),,dkms build -m xnucross -v $(VERSION) -k $(KVER))
	$(if $(DESTDIR),,dkms install -m xnucross -v $(VERSION) -k $(KVER))

dkms-uninstall:
	-dkms remove -m xnucross -v $(VERSION) --all
	rm -rf $(DESTDIR)$(DKMS_DIR)

# ---- man pages --------------------------------------------------------------

# groff's and man's warnings both fail the check (man also runs the
# preprocessors and checks the page as it is displayed).
man:
	$(Q)for m in $(MAN_PAGES); do \
		out=$$(LC_ALL=C.UTF-8 groff -man -z -ww -t $$m 2>&1; \
		       LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l $$m \
		       2>&1 >/dev/null); \
		if [ -n "$$out" ]; then echo "$$m:"; echo "$$out"; exit 1; fi; \
	done
	@echo "man: $(words $(MAN_PAGES)) pages, no warnings"

lint: man

# ---- installcheck -----------------------------------------------------------

# Installs into a DESTDIR (the module for both kernels), then, from that
# tree alone: the Darwin program (pkg-config), the installed xmig run on each
# installed <mach/*.defs> libxnucross has stubs of (the user stubs,
# compiled against the installed headers with the header that declares
# them, as the library's build does), the external module for each
# kernel (its own Makefile: headers and KBUILD_EXTRA_SYMBOLS from
# pkg-config's kerneldir; modinfo must show the dependency on xnucross),
# and the DKMS tree built as dkms would build it. make check runs the program in the VM (XNUVM_ADD); it
# loads the external module of the guest's kernel.
INSTALLCHECK := $(BUILD)/installcheck
IC_PREFIX := /usr/local
IC_KAPI := $(INSTALLCHECK)$(IC_PREFIX)/share/xnucross/kernel
IC_KVERS = $(KVER_6_1) $(KVER_6_12)

installcheck: $(KSELFTEST_H)
	$(Q)rm -rf $(INSTALLCHECK)
	$(Q)$(MAKE) --no-print-directory -s install DESTDIR=$(INSTALLCHECK) \
		PREFIX=$(IC_PREFIX) >/dev/null
	$(Q)$(MAKE) --no-print-directory -s install-kmod DESTDIR=$(INSTALLCHECK) \
		PREFIX=$(IC_PREFIX) KVER=$(KVER_6_12) >/dev/null
	$(Q)for f in bin/xsysctl bin/xlsmp bin/xmig bin/xnuinfo \
		share/man/man8/xsysctl.8 share/man/man1/xlsmp.1 \
		share/man/man1/xmig.1 share/man/man3/libxnucross.3 \
		share/man/man4/xnucross.4 share/xnucross/kernel/include/sys/sysctl.h \
		share/xnucross/kernel/include/xnucross/kobject.h; do \
		[ -e $(INSTALLCHECK)$(IC_PREFIX)/$$f ] || \
			{ echo "installcheck: $$f not installed"; exit 1; }; done
	$(Q)[ -e $(INSTALLCHECK)$(UDEVRULESDIR)/60-xnucross.rules ] || \
		{ echo "installcheck: no udev rule"; exit 1; }
	$(Q)export PKG_CONFIG_SYSROOT_DIR=$(INSTALLCHECK) \
	PKG_CONFIG_PATH=$(INSTALLCHECK)$(IC_PREFIX)/lib/pkgconfig; \
	$(CC) $(CFLAGS) $(WARN) -D_GNU_SOURCE \
		-DINSTALLED_LIBDIR='"$(INSTALLCHECK)$(IC_PREFIX)/lib"' \
		-DINSTALLED_EXTMOD='"$(INSTALLCHECK)/extmod"' \
		-isystem $(KSRC)/tools/testing/selftests -o $(INSTALLCHECK)/installed_test \
		selftests/installed_test.c $$(pkg-config --cflags --libs xnucross) \
		-Wl,-rpath,$(INSTALLCHECK)$(IC_PREFIX)/lib
	$(Q)export PKG_CONFIG_SYSROOT_DIR=$(INSTALLCHECK) \
	PKG_CONFIG_PATH=$(INSTALLCHECK)$(IC_PREFIX)/lib/pkgconfig; \
	d=$(INSTALLCHECK)/xmig; inc=$(INSTALLCHECK)$(IC_PREFIX)/include/xnucross; \
	mkdir -p $$d && for m in $(LIB_MIG); do \
		b=$${m%%:*}; h=$${m#*:}; \
		$(INSTALLCHECK)$(IC_PREFIX)/bin/xmig -q -I$$inc -user $$d/$${b}User.c \
			-header $$d/$$b.h -server /dev/null $$inc/mach/$$b.defs && \
		$(CC) $(CFLAGS) $(WARN) -std=gnu11 -D_GNU_SOURCE \
			$$(pkg-config --cflags xnucross) -include $$h \
			-c -o $$d/$${b}User.o $$d/$${b}User.c || \
		{ echo "installcheck: installed xmig on <mach/$$b.defs>"; exit 1; }; \
	done
	$(Q)export PKG_CONFIG_SYSROOT_DIR=$(INSTALLCHECK) \
	PKG_CONFIG_PATH=$(INSTALLCHECK)$(IC_PREFIX)/lib/pkgconfig; \
	[ "$$(pkg-config --variable=kerneldir xnucross)" = $(IC_KAPI) ] || \
		{ echo "installcheck: xnucross.pc: no kerneldir $(IC_KAPI)"; exit 1; }; \
	for k in $(IC_KVERS); do \
		d=$(INSTALLCHECK)/extmod/$$k; mkdir -p $$d && \
		cp selftests/extmod/Kbuild selftests/extmod/Makefile \
			selftests/extmod/*.c $$d/ && \
		$(MAKE) --no-print-directory -s -C $$d KVER=$$k \
			KDIR=/usr/src/linux-headers-$$k \
			>$$d/build.log 2>&1 || { cat $$d/build.log; exit 1; }; \
		if grep -E 'warning:|error:|WARNING' $$d/build.log; then \
			echo "installcheck: extmod for $$k: warnings"; exit 1; fi; \
		dep=$$(/sbin/modinfo -F depends $$d/xnu_extmod.ko); \
		[ "$$dep" = xnucross ] || \
			{ echo "installcheck: extmod for $$k depends on '$$dep'"; \
			  exit 1; }; \
	done
	$(Q)$(MAKE) --no-print-directory -s dkms-install DESTDIR=$(INSTALLCHECK) \
		>/dev/null
	$(Q)b=$(INSTALLCHECK)/dkms/xnucross/$(VERSION)/build; \
	rm -rf $$b && mkdir -p $$(dirname $$b) && \
	cp -a $(INSTALLCHECK)$(DKMS_DIR) $$b && \
	(cd $$b && kernel_source_dir=$(call kdir_of,$(KVER)) \
		dkms_tree=$(INSTALLCHECK)/dkms bash -c \
		'. ./dkms.conf && eval "$${MAKE[0]}"') >$$b.log 2>&1 && \
	[ -f $$b/xnucross.ko ] || \
		{ cat $$b.log; echo "installcheck: the DKMS tree does not build"; \
		  exit 1; }
	@echo "installcheck: installed tree, Darwin program, xmig stubs, external module ($(words $(IC_KVERS)) kernels), DKMS tree: built"

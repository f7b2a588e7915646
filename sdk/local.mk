# The SDK: host tools, the link stub and the pkg-config file.

bin_SCRIPTS = %D%/osv-run
dist_man1_MANS = %D%/osv-run.1
osvlib_DATA += %D%/libosv.so
pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = pkgconfig/osv.pc
CLEANFILES += %D%/osv-run %D%/libosv.so
EXTRA_DIST += %D%/osv-run.in %D%/gen-stub

# Installation directories are only final at make time, so the script is
# generated here rather than by configure.
%D%/osv-run: %D%/osv-run.in Makefile
	$(AM_V_GEN)$(MKDIR_P) %D% && sed \
		-e 's|@osvlibdir[@]|$(osvlibdir)|g' \
		-e 's|@QEMU[@]|$(QEMU)|g' \
		-e 's|@bindir[@]|$(bindir)|g' \
		-e 's|@READELF[@]|$(READELF)|g' \
		-e 's|@VERSION[@]|$(VERSION)|g' \
		$(srcdir)/%D%/osv-run.in >$@.tmp && chmod +x $@.tmp && mv $@.tmp $@

%D%/libosv.so: kernel/kernel.elf %D%/gen-stub
	$(AM_V_GEN)$(MKDIR_P) %D% && CC='$(CC)' NM='$(NM)' \
		$(SHELL) $(srcdir)/%D%/gen-stub kernel/kernel.elf $@

# What a new user does with the installed SDK (tests/installcheck.sh).
installcheck-local:
	CC='$(CC)' $(SHELL) $(srcdir)/tests/installcheck.sh '$(bindir)' \
		'$(libdir)'

# BEGIN export list (issue 9)
# osv-symbols: the kernel symbols an application needs, from the full
# export table installed beside the kernel; with --with-export-list the
# cut kernel's own table is installed too (pkg-config --variable=exports).
bin_SCRIPTS += %D%/osv-symbols
dist_man1_MANS += %D%/osv-symbols.1
osvlib_DATA += kernel/exports-full.txt
if EXPORT_LIST
osvlib_DATA += kernel/exports.txt
endif
CLEANFILES += %D%/osv-symbols
EXTRA_DIST += %D%/osv-symbols.in

%D%/osv-symbols: %D%/osv-symbols.in Makefile
	$(AM_V_GEN)$(MKDIR_P) %D% && sed \
		-e 's|@osvlibdir[@]|$(osvlibdir)|g' \
		-e 's|@READELF[@]|$(READELF)|g' \
		-e 's|@VERSION[@]|$(VERSION)|g' \
		$(srcdir)/%D%/osv-symbols.in >$@.tmp && chmod +x $@.tmp && mv $@.tmp $@
# END export list

# BEGIN an application's own kernel from the SDK
# osv-link-kernel (and osv-run --cut) link a kernel cut to an export
# list from the SDK alone.  An --enable-hide-symbols build installs what
# that link takes under $(osvlibdir)/link: the kernel's archives, its
# linker script, the link's scripts and link.conf (the tools and flags
# the kernel was linked with).  A default build installs none of it: its
# kernel exports every global symbol, so nothing can be cut, and the tool
# says so.
bin_SCRIPTS += %D%/osv-link-kernel
dist_man1_MANS += %D%/osv-link-kernel.1
CLEANFILES += %D%/osv-link-kernel %D%/link.conf
EXTRA_DIST += %D%/osv-link-kernel.in
osvlinkdir = $(osvlibdir)/link
if HIDE_SYMBOLS
osvlink_DATA = kernel/libapp_loader.a $(KERNEL_LINK_INPUTS) \
	kernel/arch/x86_64/kernel.ld build-aux/link-kernel \
	build-aux/gen-ksyms build-aux/check-irq-fixed build-aux/gen-exports \
	build-aux/gen-version-script %D%/link.conf
if ZFS
osvlink_DATA += kernel/module-needs.txt
endif
endif

%D%/osv-link-kernel: %D%/osv-link-kernel.in Makefile
	$(AM_V_GEN)$(MKDIR_P) %D% && sed \
		-e 's|@osvlibdir[@]|$(osvlibdir)|g' \
		-e 's|@OSV_HIDE_SYMBOLS[@]|$(OSV_HIDE_SYMBOLS)|g' \
		-e 's|@OSV_ZFS[@]|$(OSV_ZFS)|g' \
		-e 's|@VERSION[@]|$(VERSION)|g' \
		$(srcdir)/%D%/osv-link-kernel.in >$@.tmp && chmod +x $@.tmp && \
		mv $@.tmp $@

# Read by osv-link-kernel as shell assignments.
%D%/link.conf: Makefile
	$(AM_V_GEN)$(MKDIR_P) %D% && { \
		echo '# How the kernel of this SDK is linked (osv-link-kernel).'; \
		echo "CC='$(CC)'"; \
		echo "NM='$(NM)'"; \
		echo "READELF='$(READELF)'"; \
		echo "KERNEL_LTO_FLAGS='$(KERNEL_LTO_FLAGS)'"; \
		echo "KERNEL_CUT_FLAGS='$(KERNEL_CUT_FLAGS)'"; \
	} >$@.tmp && mv $@.tmp $@
# END an application's own kernel from the SDK

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

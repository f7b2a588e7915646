# rofs, the read-only root filesystem (docs/rofs.md): the reader, built
# for the host and into the kernel; the image builder and inspector
# osv-mkimage; the host tests and the fuzz target.

ROFS_HOST_CFLAGS = -std=gnu11 -Wall -Wextra -Werror

# The reader and checksum in the kernel (freestanding, kernel flags),
# unless configure --disable-rofs.
kernel_libkernel_a_CPPFLAGS += -I$(srcdir)/%D%
if ROFS
kernel_libkernel_a_SOURCES += %D%/rofs_read.c %D%/crc32c.c %D%/rofs.h \
	%D%/rofs_format.h
endif

# The same reader with the host tools' code, for the host.
noinst_LIBRARIES += %D%/librofs.a
%C%_librofs_a_CFLAGS = $(ROFS_HOST_CFLAGS)
%C%_librofs_a_SOURCES = %D%/rofs.h %D%/rofs_format.h %D%/rofs_host.h \
	%D%/crc32c.c %D%/rofs_read.c %D%/rofs_build.c %D%/rofs_image.c

bin_PROGRAMS += %D%/osv-mkimage
%C%_osv_mkimage_CFLAGS = $(ROFS_HOST_CFLAGS)
%C%_osv_mkimage_SOURCES = %D%/mkimage.c
%C%_osv_mkimage_LDADD = %D%/librofs.a
dist_man1_MANS += %D%/osv-mkimage.1

EXTRA_DIST += docs/rofs.md

# Host tests: the round trip of a 1,000-file tree, osv-mkimage's errors,
# every truncation and many corruptions (with the sanitizers when the
# compiler has them).
check_PROGRAMS += tests/host/test_rofs
TESTS += tests/host/test_rofs
tests_host_test_rofs_CPPFLAGS = -I$(srcdir)/%D% -I$(srcdir)/tests/host
tests_host_test_rofs_CFLAGS = $(ROFS_HOST_CFLAGS) $(ROFS_SANITIZE)
tests_host_test_rofs_LDFLAGS = $(ROFS_SANITIZE)
tests_host_test_rofs_SOURCES = tests/host/test_rofs.c tests/host/tap.h \
	tests/host/rofs_sha256.h %D%/crc32c.c %D%/rofs_read.c \
	%D%/rofs_image.c %D%/rofs_build.c

# The fuzz target (libFuzzer, clang) and its corpus: a few seconds in
# `make check` (tests/host/rofs_fuzz.test), longer in bench/fs/fuzz-rofs.
ROFS_FUZZ_SRCS = %D%/fuzz/fuzz_rofs.c %D%/rofs_read.c %D%/crc32c.c
ROFS_CORPUS = %D%/fuzz/corpus/deep.img %D%/fuzz/corpus/empty.img \
	%D%/fuzz/corpus/links.img %D%/fuzz/corpus/small.img \
	%D%/fuzz/corpus/wide.img
EXTRA_DIST += %D%/fuzz/fuzz_rofs.c $(ROFS_CORPUS) \
	tests/host/rofs_fuzz.test bench/fs/fuzz-rofs
TESTS += tests/host/rofs_fuzz.test
if ROFS_FUZZ
check_DATA += %D%/fuzz/fuzz_rofs
CLEANFILES += %D%/fuzz/fuzz_rofs
%D%/fuzz/fuzz_rofs: $(ROFS_FUZZ_SRCS) %D%/rofs.h %D%/rofs_format.h
	$(AM_V_GEN)$(MKDIR_P) %D%/fuzz && $(CLANG) -std=gnu11 -g -O1 \
		-fsanitize=fuzzer,address,undefined -Wall -Wextra -Werror \
		-I$(srcdir)/%D% -o $@ $(ROFS_FUZZ_SRCS:%=$(srcdir)/%)
endif

# The rofs filesystem type of the VFS.
if ROFS
kernel_libkernel_a_SOURCES += kernel/fs/rofs_vfs.c
endif

# The guest test: an application run from a rofs root (built as any
# application) that walks it, and a test kernel for the calls below the
# libc.
tests_guest_libguestapps_a_CPPFLAGS += -I$(srcdir)/tests/host
tests_guest_libguestapps_a_SOURCES += tests/guest/rofs_walk.c
GUEST_KERNELS += tests/guest/rofs_walk.elf
tests/guest/rofs_app/rofs_app.so: tests/guest/rofs_app/rofs_app.c \
		tests/host/rofs_sha256.h
	$(AM_V_GEN)$(MKDIR_P) tests/guest/rofs_app && $(CC) -O2 -Wall \
		-Wextra -Werror -I$(srcdir)/tests/host -shared -fPIC -o $@ \
		$(srcdir)/tests/guest/rofs_app/rofs_app.c
check_DATA += tests/guest/rofs_app/rofs_app.so
CLEANFILES += tests/guest/rofs_app/rofs_app.so
TESTS += tests/guest/rofs.test
EXTRA_DIST += tests/guest/rofs.test tests/guest/rofs_app/rofs_app.c

# bench/fs (run by hand: bench/fs/run): its kernel is built with the
# test kernels' flags, on demand.
tests_guest_libguestapps_a_SOURCES += bench/fs/fs_bench.c
bench/fs/fs_bench.elf: bench/fs/tests_guest_libguestapps_a-fs_bench.$(OBJEXT) \
		$(KERNEL_LINK_DEPS)
	$(AM_V_GEN)$(LINK_KERNEL) $@ $(KERNEL_LDS) $< $(KERNEL_LINK_INPUTS)
CLEANFILES += bench/fs/fs_bench.elf
EXTRA_DIST += bench/fs/run

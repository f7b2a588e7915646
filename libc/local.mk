# The C library the kernel exports (glibc's ABI) and is built with.
noinst_LIBRARIES += libc/libosvc.a

libc_libosvc_a_CPPFLAGS = $(KERNEL_CPPFLAGS)
libc_libosvc_a_CFLAGS = $(LIBC_CFLAGS)
libc_libosvc_a_SOURCES = \
	%D%/errno/errno.c \
	%D%/stdio/console_printf.c \
	%D%/stdio/printf.c \
	$(LIBC_STDIO_CORE) \
	%D%/stdlib/malloc.c \
	%D%/string/memchr.c \
	%D%/string/memcmp.c \
	%D%/string/memcpy.c \
	%D%/string/memmove.c \
	%D%/string/memset.c \
	%D%/string/strchr.c \
	%D%/string/strcmp.c \
	%D%/string/strcpy.c \
	%D%/string/strlen.c \
	%D%/string/strncmp.c \
	%D%/string/strncpy.c \
	%D%/string/strnlen.c \
	%D%/string/strrchr.c \
	%D%/include/errno.h \
	%D%/include/limits.h \
	%D%/include/stdio.h \
	%D%/include/stdlib.h \
	%D%/include/string.h

# The formatting core is freestanding, so the host tests build it too;
# the public wrappers (printf.c) would clash with glibc there.
LIBC_STDIO_CORE = \
	%D%/stdio/format_args.c \
	%D%/stdio/format_decfloat.c \
	%D%/stdio/format_digits.c \
	%D%/stdio/format_float.c \
	%D%/stdio/format_float.h \
	%D%/stdio/format_hexfloat.c \
	%D%/stdio/format_impl.h \
	%D%/stdio/format_int.c \
	%D%/stdio/format_out.c \
	%D%/stdio/format_spec.c \
	%D%/stdio/format_text.c \
	%D%/stdio/vformat.c \
	%D%/stdio/vformat.h \
	%D%/stdio/vsnprintf_core.c

# The dynamic linker's part of the libc: dlfcn and the exit path (over
# kernel/elf/, see kernel/include/elf_loader.h).
libc_libosvc_a_SOURCES += \
	%D%/dlfcn/dlfcn.c \
	%D%/misc/libc_start_main.c \
	%D%/misc/stack_chk_fail.c \
	%D%/stdlib/abort.c \
	%D%/stdlib/atexit.c \
	%D%/stdlib/exit.c \
	%D%/stdlib/exit_impl.h \
	%D%/include/dlfcn.h \
	%D%/include/elf.h \
	%D%/include/link.h

# The C library the kernel exports (glibc's ABI) and is built with.
noinst_LIBRARIES += libc/libosvc.a

libc_libosvc_a_CPPFLAGS = $(KERNEL_CPPFLAGS) -I$(srcdir)/libc/internal
libc_libosvc_a_CFLAGS = $(LIBC_CFLAGS)
libc_libosvc_a_SOURCES = \
	%D%/errno/errno.c \
	%D%/net/h_errno_location.c \
	%D%/stdio/printf.c \
	$(LIBC_STDIO_CORE) \
	%D%/stdlib/malloc.c \
	$(LIBC_HOSTED) \
	$(LIBC_INCLUDES)

# The formatting core is freestanding, so the host tests build it too;
# the public wrappers (printf.c) would clash with glibc there.
LIBC_STDIO_CORE = \
	%D%/stdio/format_args.c \
	%D%/stdio/format_decfloat.c \
	%D%/stdio/format_digits.c \
	%D%/stdio/format_error.c \
	%D%/stdio/format_float.c \
	%D%/stdio/format_float.h \
	%D%/stdio/format_hexfloat.c \
	%D%/stdio/format_impl.h \
	%D%/stdio/format_int.c \
	%D%/stdio/format_out.c \
	%D%/stdio/format_plain.c \
	%D%/stdio/format_spec.c \
	%D%/stdio/format_text.c \
	%D%/stdio/vformat.c \
	%D%/stdio/vformat.h \
	%D%/stdio/vsnprintf_core.c

# BEGIN libc sources (the libc engineer's lists)
# The freestanding members the host tests also build (with the public
# names renamed, tests/host/libc_rename.h) and compare with glibc.
LIBC_HOSTED = \
	%D%/ctype/ctype_table.c \
	%D%/ctype/isalnum.c \
	%D%/ctype/isalpha.c \
	%D%/ctype/isascii.c \
	%D%/ctype/isblank.c \
	%D%/ctype/iscntrl.c \
	%D%/ctype/isdigit.c \
	%D%/ctype/isgraph.c \
	%D%/ctype/islower.c \
	%D%/ctype/isprint.c \
	%D%/ctype/ispunct.c \
	%D%/ctype/isspace.c \
	%D%/ctype/isupper.c \
	%D%/ctype/isxdigit.c \
	%D%/ctype/toascii.c \
	%D%/ctype/tolower.c \
	%D%/ctype/toupper.c \
	%D%/errno/errlist.c \
	%D%/errno/strerror.c \
	%D%/errno/strerror_r.c \
	%D%/errno/strerrordesc_np.c \
	%D%/errno/strerrorname_np.c \
	%D%/errno/unknown_message.c \
	%D%/errno/xpg_strerror_r.c \
	%D%/locale/c_names.c \
	%D%/locale/locale_state.c \
	%D%/locale/localeconv.c \
	%D%/locale/mb_cur_max.c \
	%D%/locale/nl_langinfo.c \
	%D%/locale/setlocale.c \
	%D%/setjmp/x86_64/longjmp.S \
	%D%/setjmp/x86_64/setjmp.S \
	%D%/stdio/scan_buf.c \
	%D%/stdio/scan_impl.h \
	%D%/stdio/scan_number.c \
	%D%/stdio/scan_text.c \
	%D%/stdio/sscanf.c \
	%D%/stdio/vscan.c \
	%D%/stdio/vscan.h \
	%D%/stdio/vsscanf.c \
	%D%/stdlib/abs.c \
	%D%/stdlib/atof.c \
	%D%/stdlib/atoi.c \
	%D%/stdlib/atol.c \
	%D%/stdlib/atoll.c \
	%D%/stdlib/bigint.c \
	%D%/stdlib/bsearch.c \
	%D%/stdlib/div.c \
	%D%/stdlib/drand48.c \
	%D%/stdlib/drand48_r.c \
	%D%/stdlib/erand48.c \
	%D%/stdlib/erand48_r.c \
	%D%/stdlib/fp_decimal.c \
	%D%/stdlib/fp_round.c \
	%D%/stdlib/imaxabs.c \
	%D%/stdlib/imaxdiv.c \
	%D%/stdlib/initstate_r.c \
	%D%/stdlib/jrand48.c \
	%D%/stdlib/jrand48_r.c \
	%D%/stdlib/labs.c \
	%D%/stdlib/lcong48.c \
	%D%/stdlib/lcong48_r.c \
	%D%/stdlib/ldiv.c \
	%D%/stdlib/llabs.c \
	%D%/stdlib/lldiv.c \
	%D%/stdlib/lrand48.c \
	%D%/stdlib/lrand48_r.c \
	%D%/stdlib/mrand48.c \
	%D%/stdlib/mrand48_r.c \
	%D%/stdlib/nrand48.c \
	%D%/stdlib/nrand48_r.c \
	%D%/stdlib/qsort.c \
	%D%/stdlib/qsort_r.c \
	%D%/stdlib/rand.c \
	%D%/stdlib/rand48_step.c \
	%D%/stdlib/rand_r.c \
	%D%/stdlib/random.c \
	%D%/stdlib/random_r.c \
	%D%/stdlib/random_save.c \
	%D%/stdlib/reallocarray.c \
	%D%/stdlib/seed48.c \
	%D%/stdlib/seed48_r.c \
	%D%/stdlib/setstate_r.c \
	%D%/stdlib/srand48.c \
	%D%/stdlib/srand48_r.c \
	%D%/stdlib/srandom_r.c \
	%D%/stdlib/strtod.c \
	%D%/stdlib/strtod_internal.c \
	%D%/stdlib/strtof.c \
	%D%/stdlib/strtofp.c \
	%D%/stdlib/strtoimax.c \
	%D%/stdlib/strtoint.c \
	%D%/stdlib/strtol.c \
	%D%/stdlib/strtol_internal.c \
	%D%/stdlib/strtold.c \
	%D%/stdlib/strtoll.c \
	%D%/stdlib/strtoul.c \
	%D%/stdlib/strtoull.c \
	%D%/stdlib/strtoumax.c \
	%D%/string/basename.c \
	%D%/string/bcopy.c \
	%D%/string/byteset.h \
	%D%/string/bzero.c \
	%D%/string/explicit_bzero.c \
	%D%/string/ffs.c \
	%D%/string/ffsl.c \
	%D%/string/ffsll.c \
	%D%/string/mem_impl.h \
	%D%/string/memccpy.c \
	%D%/string/memchr.c \
	%D%/string/memcmp.c \
	%D%/string/memcpy.c \
	%D%/string/memfrob.c \
	%D%/string/memmem.c \
	%D%/string/memmove.c \
	%D%/string/mempcpy.c \
	%D%/string/memrchr.c \
	%D%/string/memset.c \
	%D%/string/rawmemchr.c \
	%D%/string/sigabbrev_np.c \
	%D%/string/sigdescr_np.c \
	%D%/string/siglist.c \
	%D%/string/stpcpy.c \
	%D%/string/stpncpy.c \
	%D%/string/strcasecmp.c \
	%D%/string/strcasestr.c \
	%D%/string/strcat.c \
	%D%/string/strchr.c \
	%D%/string/strchrnul.c \
	%D%/string/strcmp.c \
	%D%/string/strcoll.c \
	%D%/string/strcpy.c \
	%D%/string/strcspn.c \
	%D%/string/strdup.c \
	%D%/string/strfry.c \
	%D%/string/strlcat.c \
	%D%/string/strlcpy.c \
	%D%/string/strlen.c \
	%D%/string/strncasecmp.c \
	%D%/string/strncat.c \
	%D%/string/strncmp.c \
	%D%/string/strncpy.c \
	%D%/string/strndup.c \
	%D%/string/strnlen.c \
	%D%/string/strpbrk.c \
	%D%/string/strrchr.c \
	%D%/string/strsep.c \
	%D%/string/strsignal.c \
	%D%/string/strspn.c \
	%D%/string/strstr.c \
	%D%/string/strtok.c \
	%D%/string/strtok_r.c \
	%D%/string/strverscmp.c \
	%D%/string/strxfrm.c \
	%D%/time/asctime.c \
	%D%/time/asctime_r.c \
	%D%/time/civil.c \
	%D%/time/ctime.c \
	%D%/time/ctime_r.c \
	%D%/time/difftime.c \
	%D%/time/fill_tm.c \
	%D%/time/gmtime.c \
	%D%/time/gmtime_r.c \
	%D%/time/localtime.c \
	%D%/time/localtime_r.c \
	%D%/time/mktime.c \
	%D%/time/strftime.c \
	%D%/time/timegm.c \
	%D%/time/tm_to_seconds.c \
	%D%/time/tz_is_dst.c \
	%D%/time/tzfile.c \
	%D%/time/tzset.c \
	%D%/wchar/btowc.c \
	%D%/wchar/mblen.c \
	%D%/wchar/mbrlen.c \
	%D%/wchar/mbrtowc.c \
	%D%/wchar/mbsinit.c \
	%D%/wchar/mbsnrtowcs.c \
	%D%/wchar/mbsrtowcs.c \
	%D%/wchar/mbstowcs.c \
	%D%/wchar/mbtowc.c \
	%D%/wchar/wcpcpy.c \
	%D%/wchar/wcpncpy.c \
	%D%/wchar/wcrtomb.c \
	%D%/wchar/wcscat.c \
	%D%/wchar/wcschr.c \
	%D%/wchar/wcschrnul.c \
	%D%/wchar/wcscmp.c \
	%D%/wchar/wcscoll.c \
	%D%/wchar/wcscpy.c \
	%D%/wchar/wcscspn.c \
	%D%/wchar/wcsdup.c \
	%D%/wchar/wcslen.c \
	%D%/wchar/wcsncat.c \
	%D%/wchar/wcsncmp.c \
	%D%/wchar/wcsncpy.c \
	%D%/wchar/wcsnlen.c \
	%D%/wchar/wcsnrtombs.c \
	%D%/wchar/wcspbrk.c \
	%D%/wchar/wcsrchr.c \
	%D%/wchar/wcsrtombs.c \
	%D%/wchar/wcsspn.c \
	%D%/wchar/wcsstr.c \
	%D%/wchar/wcstok.c \
	%D%/wchar/wcstombs.c \
	%D%/wchar/wcswidth.c \
	%D%/wchar/wcsxfrm.c \
	%D%/wchar/wctob.c \
	%D%/wchar/wctomb.c \
	%D%/wchar/wcwidth.c \
	%D%/wchar/wcwidth_table.h \
	%D%/wchar/wmemchr.c \
	%D%/wchar/wmemcmp.c \
	%D%/wchar/wmemcpy.c \
	%D%/wchar/wmemmove.c \
	%D%/wchar/wmempcpy.c \
	%D%/wchar/wmemset.c \
	%D%/getopt/getopt.c \
	%D%/getopt/getopt_engine.c \
	%D%/getopt/getopt_long.c \
	%D%/getopt/getopt_long_only.c \
	%D%/getopt/optvars.c \
	%D%/search/lfind.c \
	%D%/search/lsearch.c \
	%D%/env/clearenv.c \
	%D%/env/env_array.c \
	%D%/env/environ.c \
	%D%/env/getenv.c \
	%D%/env/putenv.c \
	%D%/env/secure_getenv.c \
	%D%/env/setenv.c \
	%D%/env/unsetenv.c \
	%D%/internal/bigint.h \
	%D%/internal/env_impl.h \
	%D%/internal/errlist.h \
	%D%/internal/getopt_impl.h \
	%D%/internal/leb128.h \
	%D%/internal/libc.h \
	%D%/internal/locale_impl.h \
	%D%/internal/mb_impl.h \
	%D%/internal/rand48.h \
	%D%/internal/random_impl.h \
	%D%/internal/siglist.h \
	%D%/internal/strtofp.h \
	%D%/internal/strtoint.h \
	%D%/internal/time_impl.h

LIBC_INCLUDES = \
	%D%/include/ctype.h \
	%D%/include/errno.h \
	%D%/include/getopt.h \
	%D%/include/inttypes.h \
	%D%/include/langinfo.h \
	%D%/include/libc-internal.h \
	%D%/include/limits.h \
	%D%/include/locale.h \
	%D%/include/search.h \
	%D%/include/setjmp.h \
	%D%/include/stdio.h \
	%D%/include/stdlib.h \
	%D%/include/string.h \
	%D%/include/strings.h \
	%D%/include/sys/time.h \
	%D%/include/time.h \
	%D%/include/unistd.h \
	%D%/include/wchar.h
EXTRA_DIST += %D%/wchar/gen-wcwidth.py bench/libc_bench.c
# END libc sources

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

# BEGIN interrupts, time and threads (issue 4)
libc_libosvc_a_SOURCES += \
	%D%/time/clock.c \
	%D%/time/clock_getcpuclockid.c \
	%D%/time/clock_getres.c \
	%D%/time/clock_gettime.c \
	%D%/time/clock_nanosleep.c \
	%D%/time/clock_now.c \
	%D%/time/clock_settime.c \
	%D%/time/gettimeofday.c \
	%D%/time/nanosleep.c \
	%D%/time/settimeofday.c \
	%D%/time/sleep.c \
	%D%/time/sleep_until.c \
	%D%/time/time.c \
	%D%/time/clock_impl.h \
	%D%/time/timespec_get.c \
	%D%/time/usleep.c \
	%D%/thread/attr.c \
	%D%/thread/barrier.c \
	%D%/thread/cancel.c \
	%D%/thread/cond.c \
	%D%/thread/create.c \
	%D%/thread/deadline.c \
	%D%/thread/key.c \
	%D%/thread/mutex.c \
	%D%/thread/name.c \
	%D%/thread/once.c \
	%D%/thread/pthread_impl.h \
	%D%/thread/rwlock.c \
	%D%/thread/sched.c \
	%D%/thread/sem.c \
	%D%/thread/sem_open.c \
	%D%/thread/spin.c \
	%D%/thread/thread_atexit.c \
	%D%/include/pthread.h \
	%D%/include/sched.h \
	%D%/include/semaphore.h
# END interrupts, time and threads

# getrandom and getentropy over the kernel's entropy sources.
libc_libosvc_a_SOURCES += %D%/misc/getrandom.c %D%/include/sys/random.h

# BEGIN memory mappings (issue 6)
libc_libosvc_a_SOURCES += %D%/include/sys/mman.h %D%/mman/mman_impl.h \
	%D%/mman/madvise.c %D%/mman/mincore.c %D%/mman/mlock.c \
	%D%/mman/mmap.c %D%/mman/mprotect.c %D%/mman/mremap.c \
	%D%/mman/msync.c %D%/mman/munmap.c %D%/mman/malloc_map.c \
	%D%/mman/malloc_map.h
libc_libosvc_a_SOURCES += %D%/include/sys/sysinfo.h %D%/misc/sysinfo.c
# END memory mappings

# BEGIN file calls (issue 6): the POSIX file API over kernel/fs/
libc_libosvc_a_SOURCES += \
	%D%/fs/advise.c \
	%D%/fs/attr.c \
	%D%/fs/cwd.c \
	%D%/fs/dir.c \
	%D%/fs/fd.c \
	%D%/fs/fs_impl.h \
	%D%/fs/lock.c \
	%D%/include/sys/file.h \
	%D%/fs/mount.c \
	%D%/fs/names.c \
	%D%/fs/mkstemp.c \
	%D%/fs/open.c \
	%D%/fs/realpath.c \
	%D%/fs/rw.c \
	%D%/fs/stat.c \
	%D%/fs/statfs.c \
	%D%/fs/statx.c \
	%D%/fs/sync.c \
	%D%/include/dirent.h \
	%D%/include/fcntl.h \
	%D%/include/sys/ioctl.h \
	%D%/include/sys/mount.h \
	%D%/include/sys/stat.h \
	%D%/include/sys/statfs.h \
	%D%/include/sys/statvfs.h \
	%D%/include/sys/types.h \
	%D%/include/sys/uio.h \
	%D%/include/sys/vfs.h
# END file calls
# BEGIN sockets (netunix): AF_UNIX over kernel/fs/unix_socket.c
libc_libosvc_a_SOURCES += %D%/net/cmsg.c %D%/net/net_impl.h \
	%D%/net/recv.c %D%/net/send.c %D%/net/socket.c \
	%D%/include/sys/socket.h %D%/include/sys/un.h
# END sockets
# BEGIN poll and select (console9)
libc_libosvc_a_SOURCES += %D%/fs/poll.c %D%/include/poll.h \
	%D%/include/sys/select.h
# END poll and select
# BEGIN epoll, eventfd, timerfd (epoll10)
libc_libosvc_a_SOURCES += %D%/fs/epoll.c %D%/fs/eventfd.c %D%/fs/timerfd.c \
	%D%/include/sys/epoll.h %D%/include/sys/eventfd.h \
	%D%/include/sys/timerfd.h
# END epoll, eventfd, timerfd
# BEGIN inotify (inotify13)
libc_libosvc_a_SOURCES += %D%/fs/inotify.c %D%/include/sys/inotify.h
# END inotify

# BEGIN stdio streams (issue 5)
# FILE streams over descriptors, memory and cookies, the printf and scanf
# families on them.  Built for the host tests too (renamed), where the
# descriptor calls are the host's.
LIBC_STDIO = \
	%D%/stdio/asprintf.c \
	%D%/stdio/dprintf.c \
	%D%/stdio/fclose.c \
	%D%/stdio/fd_cookie.c \
	%D%/stdio/fd_io.h \
	%D%/stdio/fdopen.c \
	%D%/stdio/ferror.c \
	%D%/stdio/fflush.c \
	%D%/stdio/fgetc.c \
	%D%/stdio/fgets.c \
	%D%/stdio/flockfile.c \
	%D%/stdio/fmemopen.c \
	%D%/stdio/fopen.c \
	%D%/stdio/fopencookie.c \
	%D%/stdio/fputc.c \
	%D%/stdio/fputs.c \
	%D%/stdio/fread.c \
	%D%/stdio/freopen.c \
	%D%/stdio/fseek.c \
	%D%/stdio/ftell.c \
	%D%/stdio/fwrite.c \
	%D%/stdio/getdelim.c \
	%D%/stdio/open_memstream.c \
	%D%/stdio/open_mode.c \
	%D%/stdio/perror.c \
	%D%/stdio/popen.c \
	%D%/stdio/remove.c \
	%D%/stdio/setvbuf.c \
	%D%/stdio/std_streams.c \
	%D%/stdio/stdio_ext.c \
	%D%/stdio/stdio_impl.h \
	%D%/stdio/stdio_list.c \
	%D%/stdio/stream_buf.c \
	%D%/stdio/stream_pos.c \
	%D%/stdio/stream_read.c \
	%D%/stdio/tmpfile.c \
	%D%/stdio/ungetc.c \
	%D%/stdio/vfprintf.c \
	%D%/stdio/vfscanf.c \
	%D%/stdio/stream_chk.c \
	%D%/stdio/stderr_write.c \
	%D%/fortify/chk_fail.c \
	%D%/fortify/fortify.h \
	%D%/fortify/printf_chk.c \
	%D%/fortify/fdelt_chk.c \
	%D%/fortify/string_chk.c \
	%D%/fortify/wchar_chk.c \
	%D%/misc/assert_fail.c \
	%D%/misc/libc_version.c \
	%D%/misc/progname.c \
	%D%/misc/register_atfork.c
libc_libosvc_a_SOURCES += $(LIBC_STDIO) %D%/stdio/kprintf.c
# END stdio streams
# BEGIN wide-character stdio
LIBC_STDIO += \
	%D%/stdio/format_mb.c \
	%D%/stdio/wide_io.c \
	%D%/stdio/wprintf.c \
	%D%/stdio/wscanf.c \
	%D%/fortify/wprintf_chk.c \
	%D%/fortify/format_chk.c \
	%D%/misc/single_threaded.c \
	%D%/include/sys/single_threaded.h
LIBC_STDIO_CORE += %D%/stdio/format_wide.h
# END wide-character stdio
# BEGIN POSIX timers
libc_libosvc_a_SOURCES += %D%/signal/posix_timer.c \
	%D%/signal/sigevent_thread.c
# END POSIX timers
# BEGIN arc4random
libc_libosvc_a_SOURCES += %D%/misc/arc4random.c
# END arc4random
# BEGIN strptime
LIBC_HOSTED += %D%/time/strptime.c %D%/string/xpg_basename.c \
	%D%/include/libgen.h %D%/string/fnmatch.c %D%/include/fnmatch.h
# END strptime
# BEGIN libm (musl-dev's math members)
# The libm: musl's math, complex and fenv members, taken by name from
# musl-dev's libc.a and linked into one object (libc/math/musl-libm.sh).
# As in glibc, it is a library of its own, libm.so.6 (below); the kernel
# keeps only the math names glibc's libc.so.6 exports (frexp, ldexp,
# modf, scalbn, copysign, finite, isinf, isnan, __signbit and their
# float and long double forms): musl_libc_math.o, from the members in
# libc/math/musl-members-libc, in the libc archive.
MUSL_LIBM_OBJ = libc/math/musl_libm.o
MUSL_LIBC_MATH_OBJ = libc/math/musl_libc_math.o
libc_libosvc_a_LIBADD = $(MUSL_LIBC_MATH_OBJ)
$(MUSL_LIBM_OBJ): $(srcdir)/libc/math/musl-members \
		$(srcdir)/libc/math/musl-libm.sh
	$(AM_V_GEN)$(MKDIR_P) libc/math && AR='$(AR)' NM='$(NM)' \
		OBJCOPY='$(OBJCOPY)' CC='$(CC)' $(SHELL) \
		$(srcdir)/libc/math/musl-libm.sh $@ '$(MUSL_LIBC_A)' \
		$(srcdir)/libc/math/musl-members
$(MUSL_LIBC_MATH_OBJ): $(srcdir)/libc/math/musl-members-libc \
		$(srcdir)/libc/math/musl-libm.sh
	$(AM_V_GEN)$(MKDIR_P) libc/math && AR='$(AR)' NM='$(NM)' \
		OBJCOPY='$(OBJCOPY)' CC='$(CC)' MUSL_LOCALIZE=__fpclassifyl \
		$(SHELL) $(srcdir)/libc/math/musl-libm.sh $@ '$(MUSL_LIBC_A)' \
		$(srcdir)/libc/math/musl-members-libc
CLEANFILES += $(MUSL_LIBM_OBJ) $(MUSL_LIBC_MATH_OBJ)
EXTRA_DIST += %D%/math/musl-libm.sh %D%/math/musl-members \
	%D%/math/musl-members-libc
# glibc's libc.so.6 names musl lacks (classification).
LIBC_HOSTED += \
	%D%/math/finite.c \
	%D%/math/isinf.c \
	%D%/math/isnan.c \
	%D%/include/math.h
# glibc's libm names musl lacks (gamma, significandl, long double Bessel).
LIBM_HOSTED = \
	%D%/math/gamma.c \
	%D%/math/issignaling.c \
	%D%/math/significandl.c \
	%D%/math/bessel_l.c
# END libm

# BEGIN libm.so.6 (issue 8)
# libm.so.6: musl's whole libm object and LIBM_HOSTED compiled position
# independent, linked against the SDK's link stub (it needs only
# __stack_chk_fail of the kernel).  Its calls to its own functions bind
# to them (-Bsymbolic-functions, as glibc's libm uses internal aliases):
# no PLT; text and rodata share a segment (-z noseparate-code): 140 KB
# stripped where it was 150.  It exports every libm name but those
# the kernel exports: its own copies of frexp, scalbn ... stay local
# (libc/math/libm.map).  Installed beside the kernel (and libm.so for
# -lm); the kernel's dynamic linker loads it from /lib when a program
# needs it (DT_NEEDED libm.so.6); osv-run packs it into the initrd then.
noinst_LIBRARIES += libc/libm_pic.a
libc_libm_pic_a_CPPFLAGS = $(libc_libosvc_a_CPPFLAGS)
libc_libm_pic_a_CFLAGS = $(LIBC_CFLAGS) -fPIC
libc_libm_pic_a_SOURCES = $(LIBM_HOSTED)
LIBM_SO = libc/math/libm.so.6
# A kernel cut to an application's list may export none of what libm
# needs: then it is left to the load (osv-symbols lists it).
if EXPORT_LIST
LIBM_SO_DEFS =
else
LIBM_SO_DEFS = -Wl,--no-undefined
endif
libc/math/libm.map: $(MUSL_LIBM_OBJ) $(MUSL_LIBC_MATH_OBJ) libc/libm_pic.a
	$(AM_V_GEN)$(NM) -g --defined-only $(MUSL_LIBC_MATH_OBJ) | \
		$(AWK) 'NF == 3 { print $$3 }' | LC_ALL=C sort -u >$@.kernel && \
	$(NM) -g --defined-only $(MUSL_LIBM_OBJ) libc/libm_pic.a | \
		$(AWK) 'NF == 3 { print $$3 }' | LC_ALL=C sort -u | \
		LC_ALL=C comm -23 - $@.kernel | \
		$(AWK) 'BEGIN { print "/* Generated from the libm objects: do not edit. */"; \
			print "{"; print "\tglobal:" } \
			{ print "\t\t" $$0 ";" } \
			END { print "\tlocal:"; print "\t\t*;"; print "};" }' \
		>$@.tmp && rm -f $@.kernel && mv $@.tmp $@
$(LIBM_SO): $(MUSL_LIBM_OBJ) libc/libm_pic.a libc/math/libm.map sdk/libosv.so
	$(AM_V_GEN)$(CC) -shared -nostdlib -Wl,-soname,libm.so.6 \
		-Wl,--hash-style=gnu -Wl,-z,noexecstack $(LIBM_SO_DEFS) \
		-Wl,-z,noseparate-code -Wl,-Bsymbolic-functions \
		-Wl,--version-script=libc/math/libm.map -o $@ \
		-Wl,--whole-archive libc/libm_pic.a -Wl,--no-whole-archive \
		$(MUSL_LIBM_OBJ) -Lsdk -losv
osvlib_DATA += $(LIBM_SO)
CLEANFILES += $(LIBM_SO) libc/math/libm.map
install-data-hook: install-libm-link
install-libm-link:
	cd $(DESTDIR)$(osvlibdir) && rm -f libm.so && ln -s libm.so.6 libm.so
uninstall-hook: uninstall-libm-link
uninstall-libm-link:
	rm -f $(DESTDIR)$(osvlibdir)/libm.so
.PHONY: install-libm-link uninstall-libm-link
# END libm.so.6

# BEGIN abimisc: users and groups, host names, prctl (the functions
# Debian's libraries need that the libc lacked)
libc_libosvc_a_SOURCES += \
	%D%/fs/chroot.c \
	%D%/fs/close_range.c \
	%D%/fs/memfd.c \
	%D%/fs/pathconf.c \
	%D%/fs/termios.c \
	%D%/fs/xattr.c \
	%D%/misc/backtrace.c \
	%D%/misc/err.c \
	%D%/misc/error.c \
	%D%/misc/group.c \
	%D%/misc/loadavg.c \
	%D%/misc/passwd.c \
	%D%/misc/prctl.c \
	%D%/misc/program_vars.c \
	%D%/internal/program_vars.h \
	%D%/misc/syslog.c \
	%D%/misc/userdb.c \
	%D%/misc/userdb.h \
	%D%/include/grp.h \
	%D%/include/pwd.h
# Hosted: tests/host/test_tsearch.c compares it with glibc's.
LIBC_HOSTED += %D%/search/tsearch.c
# END abimisc

# BEGIN sendfile (cxx12): libstdc++'s filesystem::copy_file needs it;
# hosted, so that tests/host/test_sendfile.c compares it with glibc's
LIBC_HOSTED += %D%/fs/sendfile.c %D%/include/sys/sendfile.h
# END sendfile

# BEGIN regular expressions (POSIX, with glibc's GNU extensions);
# hosted: tests/host/test_regex.c compares them with glibc's
LIBC_HOSTED += %D%/regex/regcomp.c %D%/regex/regexec.c \
	%D%/regex/regerror.c %D%/regex/re_search.c %D%/regex/regex_impl.h \
	%D%/include/regex.h
# END regular expressions

# BEGIN netdb: names and addresses (hosts, services, protocols,
# getaddrinfo, inet_*, interfaces); hosted, tests/host/test_netdb.c
# compares them with glibc's
LIBC_HOSTED += \
	%D%/net/byteorder.c \
	%D%/net/gai_strerror.c \
	%D%/net/getaddrinfo.c \
	%D%/net/gethostbyname.c \
	%D%/net/getifaddrs.c \
	%D%/net/getnameinfo.c \
	%D%/net/h_errno.c \
	%D%/net/hosts.c \
	%D%/net/hosts_dns.c \
	%D%/net/if.c \
	%D%/net/ifreq_impl.h \
	%D%/net/in6addr.c \
	%D%/net/inet_aton.c \
	%D%/net/inet_network.c \
	%D%/net/inet_ntoa.c \
	%D%/net/inet_ntop.c \
	%D%/net/inet_pton.c \
	%D%/net/netdb_impl.h \
	%D%/net/netdb_file.c \
	%D%/net/protocols.c \
	%D%/net/services.c \
	%D%/include/arpa/inet.h \
	%D%/include/ifaddrs.h \
	%D%/include/net/if.h \
	%D%/include/netpacket/packet.h \
	%D%/include/netdb.h \
	%D%/include/netinet/in.h
# END netdb

# BEGIN abimore: mntent, System V and POSIX shared memory; mntent is
# hosted: tests/host/test_mntent.c compares it with glibc's
LIBC_HOSTED += %D%/misc/mntent.c %D%/include/mntent.h
libc_libosvc_a_SOURCES += %D%/mman/shm_open.c %D%/mman/sysv_shm.c \
	%D%/include/sys/ipc.h %D%/include/sys/shm.h %D%/fs/splice.c \
	%D%/mman/sbrk.c
# END abimore

# BEGIN abilast: thread affinity, fallocate, ctermid, the shadow
# database, device numbers (what Debian's libraries still missed)
libc_libosvc_a_SOURCES += \
	%D%/fs/fallocate.c \
	%D%/fs/signalfd.c \
	%D%/include/sys/signalfd.h \
	%D%/misc/ctermid.c \
	%D%/misc/makedev.c \
	%D%/misc/shadow.c \
	%D%/misc/sysv_ipc.c \
	%D%/misc/sysv_ipc.h \
	%D%/misc/sysv_sem.c \
	%D%/include/sys/sem.h \
	%D%/stdlib/mallinfo.c \
	%D%/include/malloc.h \
	%D%/stdlib/mtrace.c \
	%D%/include/mcheck.h \
	%D%/include/shadow.h \
	%D%/include/sys/sysmacros.h
# Hosted: tests/host/test_glob.c compares it with glibc's.
LIBC_HOSTED += %D%/misc/glob.c %D%/include/glob.h
# END abilast

# BEGIN abirest: capabilities, namespaces, asynchronous I/O, contexts,
# fts, utmp, the resolver (what Debian's libraries still missed)
libc_libosvc_a_SOURCES += \
	%D%/fs/aio.c \
	%D%/fs/copy_file_range.c \
	%D%/fs/file_handle.c \
	%D%/misc/capability.c \
	%D%/misc/namespace.c \
	%D%/misc/pty.c \
	%D%/include/aio.h
# Hosted: tests/host/test_ucontext.c runs them beside glibc's.
LIBC_HOSTED += %D%/ucontext/x86_64/ucontext.S %D%/ucontext/makecontext.c \
	%D%/include/ucontext.h
# Hosted: tests/host/test_fts.c compares it with glibc's.
LIBC_HOSTED += %D%/misc/fts.c %D%/include/fts.h
# The DNS resolver; hosted: tests/host/test_resolv.c compares it with
# glibc's (the sockets are the host's there).
LIBC_HOSTED += \
	%D%/net/resolv_check.c \
	%D%/net/resolv_conf.c \
	%D%/net/resolv_impl.h \
	%D%/net/resolv_name.c \
	%D%/net/resolv_parse.c \
	%D%/net/resolv_query.c \
	%D%/include/arpa/nameser.h \
	%D%/include/resolv.h
# Hosted: tests/host/test_utmp.c compares it with glibc's.
LIBC_HOSTED += %D%/misc/utmp.c %D%/include/utmp.h
# Hosted with the formatting core: tests/host/test_printf_format.c.
LIBC_STDIO_CORE += %D%/stdio/parse_printf_format.c %D%/include/printf.h
# glibc's register_printf_*: tests/host/test_printf_register.c.
LIBC_STDIO_CORE += %D%/stdio/printf_hooks.h
LIBC_STDIO += %D%/stdio/format_hooked.c %D%/stdio/printf_register.c \
	%D%/stdio/printf_registry.h %D%/stdio/printf_size.c
# Hosted: tests/host/test_networks.c compares them with glibc's.
LIBC_HOSTED += %D%/net/ether.c %D%/net/hostent.c %D%/net/networks.c
# END abirest

# BEGIN abinames: SysV message queues, hash tables, file tree walks and
# the other names Debian's libraries still missed
libc_libosvc_a_SOURCES += \
	%D%/misc/argp.c \
	%D%/misc/gshadow.c \
	%D%/misc/ioperm.c \
	%D%/misc/kmod.c \
	%D%/misc/process_vm.c \
	%D%/misc/sysv_msg.c \
	%D%/mman/mqueue.c \
	%D%/net/netgroup.c \
	%D%/include/argp.h \
	%D%/include/gshadow.h \
	%D%/include/mqueue.h \
	%D%/include/pty.h \
	%D%/include/sys/io.h \
	%D%/include/sys/msg.h
# Hosted: tests/host/test_abinames.c compares them with glibc's.
LIBC_HOSTED += %D%/search/hsearch.c %D%/net/inet_nsap.c %D%/misc/nftw.c \
	%D%/misc/obstack.c %D%/include/ftw.h %D%/include/obstack.h
# END abinames

# BEGIN sigsetjmp's mask (signals)
LIBC_HOSTED += %D%/setjmp/sigjmp_save.c
# END sigsetjmp's mask

# BEGIN wctype, locale objects, _l functions, wcsto* (hosted: tested
# against glibc on the host)
LIBC_HOSTED += \
	%D%/wctype/iswctype.c \
	%D%/wctype/towctrans.c \
	%D%/wctype/wc_table.c \
	%D%/wctype/wctype_impl.h \
	%D%/wctype/wctype_table.h \
	%D%/locale/iconv.c \
	%D%/locale/locale_l.c \
	%D%/locale/newlocale.c \
	%D%/wchar/wcsftime.c \
	%D%/wchar/wcsto.c \
	%D%/include/wctype.h
EXTRA_DIST += %D%/wctype/gen-wctype.c
# END wctype

# BEGIN misc (sysconf, uname, ids, limits, signals, no processes)
libc_libosvc_a_SOURCES += \
	%D%/misc/affinity.c \
	%D%/misc/confstr.c \
	%D%/misc/getauxval.c \
	%D%/misc/ids.c \
	%D%/misc/nprocs.c \
	%D%/misc/priority.c \
	%D%/misc/rusage.c \
	%D%/misc/spawn_attrs.c \
	%D%/misc/syscall.c \
	%D%/locale/catgets.c \
	%D%/locale/gettext.c \
	%D%/misc/nosys.c \
	%D%/misc/rlimit.c \
	%D%/misc/sysconf.c \
	%D%/misc/uname.c \
	%D%/signal/alarm.c \
	%D%/signal/fault.c \
	%D%/signal/signal.c \
	%D%/signal/signal_impl.h \
	%D%/signal/sigset.c \
	%D%/signal/x86_64/sigframe.S \
	%D%/include/sys/ucontext.h \
	%D%/include/signal.h \
	%D%/include/sys/resource.h \
	%D%/include/sys/times.h \
	%D%/include/sys/utsname.h
# END misc

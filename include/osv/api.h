/*
 * Export markers: what the kernel offers to the code it loads.
 *
 * A kernel configured with --enable-hide-symbols exports only what the
 * source marks: kernel/ and drivers/ are compiled with
 * -fvisibility=hidden, and build-aux/gen-exports writes the linker's
 * version script from the markers found on declarations (a prototype in
 * the subsystem's header, or the definition) and from the libc's
 * objects.  Put the marker first, before the type:
 *
 *	OSV_API void osv_poweroff(int status);
 *
 * OSV_API             osv's own calls for applications (include/osv/)
 * OSV_MODULE_API      what loadable modules (libosv-zfs.so) need from
 *                     the kernel; not exported when the build has no
 *                     module (--disable-zfs)
 * OSV_LIBC_API        the glibc ABI
 * OSV_LIBM_API        the libm ABI
 * OSV_LIBPTHREAD_API  the POSIX threads ABI
 *
 * The libc (libc/) is compiled with default visibility: every non-static
 * function or object there not marked hidden is exported, as
 * OSV_LIBC_API (OSV_LIBPTHREAD_API under libc/thread/), with no marker
 * needed; a marker there only changes the class.  A libc function
 * defined under kernel/ or drivers/ needs OSV_LIBC_API.
 *
 * Without --enable-hide-symbols every global symbol is exported and the
 * markers change nothing.  For applications that include osv's headers
 * the markers are harmless: they give a declaration default visibility.
 */
#ifndef OSV_API_H
#define OSV_API_H

#define OSV_EXPORT __attribute__((visibility("default")))

#define OSV_API OSV_EXPORT
#define OSV_MODULE_API OSV_EXPORT
#define OSV_LIBC_API OSV_EXPORT
#define OSV_LIBM_API OSV_EXPORT
#define OSV_LIBPTHREAD_API OSV_EXPORT

#endif

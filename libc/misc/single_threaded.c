/*
 * __libc_single_threaded (glibc 2.32): libstdc++ and others skip atomic
 * operations while it is nonzero.  Threads can start at any time from
 * code that does not tell the libc, so it is always 0: correct, at the
 * cost of the atomics.
 */
char __libc_single_threaded = 0;

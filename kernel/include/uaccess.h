/*
 * Copies between the kernel and a program's buffer that answer EFAULT
 * for a bad buffer, as Linux's system calls do, where a plain memcpy
 * would fault and kill the program (the two share one address space):
 * an address nothing maps, a page whose rights forbid the access, the
 * program's text, a guard page, a non-canonical address, a buffer
 * another thread unmaps meanwhile.
 *
 * The copy's instructions that may fault are listed with the place to
 * resume at (a table in section osv_uaccess_fixups); a fault there that
 * the mappings cannot serve (or must not: with interrupts off, under a
 * spinlock, serving may have to sleep for a file's page) resumes there,
 * and the copy returns early.  Under a spinlock, then, a page not yet
 * present is a failure, not a fault served: vm_prepare() (vm.h) makes
 * the buffer present before the lock is taken.
 *
 * Only at the system call boundary: a kernel buffer needs none of this.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

/* Both return the bytes NOT copied: 0 when all were. */
size_t copy_to_program(void *to, const void *from, size_t len);
size_t copy_from_program(void *to, const void *from, size_t len);
/* Zeros into the program's len bytes at to: the bytes NOT cleared. */
size_t clear_program(void *to, size_t len);

/* 0, or -EFAULT when not all len bytes could be copied. */
int put_program(void *to, const void *from, size_t len);
int get_program(void *to, const void *from, size_t len);

/*
 * A read's copy to the program: the bytes copied, fewer when a bad
 * buffer stops it (a short read), or -EFAULT when none of len > 0 were.
 */
static inline long copy_out_some(void *to, const void *from, size_t len)
{
	size_t moved = len - copy_to_program(to, from, len);
	return moved || !len ? (long)moved : -EFAULT;
}

/*
 * Copies the NUL-terminated string at from, NUL included, to to (size
 * bytes): its length, or -EFAULT for a bad string, or -ENAMETOOLONG
 * when no NUL is in its first size bytes (then to holds size bytes).
 * Reads no page past the one holding the NUL.
 */
long get_program_string(char *to, const char *from, size_t size);

/*
 * 0, or -EFAULT when a byte of some page of [to, to + len) takes no
 * store; nothing is changed.  Its faults are served as a copy's.  For
 * what cannot be put back once taken (a TCP stream's bytes, a signal,
 * an event), so that a bad buffer fails before it is taken; it makes
 * the pages present as vm_prepare() (vm.h) does, and also tells
 * outside the mapping region.
 */
int probe_program_write(void *to, size_t len);

/*
 * For trap.c: where a fault at rip resumes, when rip is a listed
 * instruction; else 0.
 */
uint64_t uaccess_fixup(uint64_t rip);

#endif

/*
 * The copies of uaccess.h, and the search of their fixups for trap.c.
 * The table has an entry per instruction that may fault on a program's
 * buffer: few, so a linear search, made only for a fault no mapping
 * serves (or one under a spinlock).
 */

#include <errno.h>
#include <string.h>

#include "mm.h"
#include "uaccess.h"

size_t uaccess_copy(void *to, const void *from, size_t len);
int uaccess_probe_write(void *p);

struct uaccess_fixup {
	uint64_t at, resume;
};

extern const struct uaccess_fixup __uaccess_fixups_start[],
    __uaccess_fixups_end[];

size_t copy_to_program(void *to, const void *from, size_t len)
{
	return uaccess_copy(to, from, len);
}

size_t copy_from_program(void *to, const void *from, size_t len)
{
	return uaccess_copy(to, from, len);
}

int put_program(void *to, const void *from, size_t len)
{
	return uaccess_copy(to, from, len) ? -EFAULT : 0;
}

int get_program(void *to, const void *from, size_t len)
{
	return uaccess_copy(to, from, len) ? -EFAULT : 0;
}

long get_program_string(char *to, const char *from, size_t size)
{
	size_t done = 0;
	while (done < size) {
		/* up to the end of from's page: the next may not be there */
		uint64_t at = (uint64_t)from + done;
		size_t n = PAGE_SIZE - (at & (PAGE_SIZE - 1));
		if (n > size - done)
			n = size - done;
		if (uaccess_copy(to + done, (const void *)at, n))
			return -EFAULT;
		const char *nul = memchr(to + done, 0, n);
		if (nul)
			return nul - to;
		done += n;
	}
	return -ENAMETOOLONG;
}

int probe_program_write(void *to, size_t len)
{
	uint64_t at = (uint64_t)to, end = at + len;
	if (end < at)
		return -EFAULT;
	/* the first byte, then each next page's first */
	while (at < end) {
		if (uaccess_probe_write((void *)at))
			return -EFAULT;
		uint64_t next = (at | (PAGE_SIZE - 1)) + 1;
		at = next > at ? next : end; /* none past the top page */
	}
	return 0;
}

uint64_t uaccess_fixup(uint64_t rip)
{
	for (const struct uaccess_fixup *f = __uaccess_fixups_start;
	     f < __uaccess_fixups_end; f++)
		if (f->at == rip)
			return f->resume;
	return 0;
}

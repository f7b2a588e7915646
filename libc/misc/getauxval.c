/*
 * getauxval: the program's auxiliary vector (the kernel's auxv.h), the
 * one its start code finds after envp.  A type the vector lacks is 0
 * with ENOENT, as glibc answers.
 */
#include <errno.h>

#include "auxv.h"

unsigned long getauxval(unsigned long type);
unsigned long __getauxval(unsigned long type);

unsigned long getauxval(unsigned long type)
{
	size_t bytes;
	for (const Elf64_auxv_t *a = auxv_vector(&bytes); a->a_type != AT_NULL;
	     a++)
		if (a->a_type == type)
			return a->a_un.a_val;
	errno = ENOENT;
	return 0;
}

unsigned long __getauxval(unsigned long type)
{
	return getauxval(type);
}

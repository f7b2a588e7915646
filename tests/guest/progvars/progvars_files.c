/*
 * A PIE naming glibc's FILE object _IO_2_1_stdout_, as code built
 * against the old <libio.h> does: it has a copy of it (a COPY
 * relocation) of glibc's size, a slice of osv's larger stream, which
 * the loader refuses.  On the host it writes through the copy.
 */
#include <stdio.h>

extern FILE _IO_2_1_stdout_;

int main(void)
{
	fputs("written through the copy\n", &_IO_2_1_stdout_);
	return fflush(&_IO_2_1_stdout_) != 0;
}

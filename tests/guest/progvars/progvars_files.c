/*
 * A PIE naming glibc's FILE objects _IO_2_1_stdin_, _IO_2_1_stdout_ and
 * _IO_2_1_stderr_ (so it has copies of them: COPY relocations), as code
 * built against the old <libio.h> does: they must be what stdin, stdout
 * and stderr point at, and work as those streams, inline macros too.
 * Prints "name=<value>" lines that must be the same on the host.
 */
#include <stdio.h>

extern FILE _IO_2_1_stdin_, _IO_2_1_stdout_, _IO_2_1_stderr_;

int main(void)
{
	printf("same_stdin=<%d>\n", stdin == &_IO_2_1_stdin_);
	printf("same_stdout=<%d>\n", stdout == &_IO_2_1_stdout_);
	printf("same_stderr=<%d>\n", stderr == &_IO_2_1_stderr_);
	fputs("through_the_copy=<", &_IO_2_1_stdout_);
	printf("in order");
	putc_unlocked('>', &_IO_2_1_stdout_);
	fputs("\n", stdout);
	printf("fileno=<%d %d %d>\n", fileno(&_IO_2_1_stdin_),
	       fileno(&_IO_2_1_stdout_), fileno(&_IO_2_1_stderr_));
	fprintf(&_IO_2_1_stderr_, "to_stderr=<through its copy>\n");
	printf("ferror_unlocked=<%d>\n", ferror_unlocked(&_IO_2_1_stdout_));
	printf("buffered_as_stdout=<%d>\n",
	       setvbuf(&_IO_2_1_stdout_, NULL, _IOLBF, 0) == 0);
	return fflush(&_IO_2_1_stdout_) != 0;
}

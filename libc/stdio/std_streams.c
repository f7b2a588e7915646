/*
 * stdin, stdout and stderr: streams over descriptors 0, 1 and 2.  stdin
 * and stdout are line buffered on a terminal (the console) and fully
 * buffered otherwise; stderr is unbuffered.  glibc exports the objects
 * as _IO_2_1_stdin_ ... and pointers to them as stdin ...  Ours are
 * whole streams, larger than glibc's FILE: a shared object may bind to
 * them, but the loader refuses a program's copy of one (COPY
 * relocation), which would be a slice (kernel/elf/reloc.c).
 */
#include <stdint.h>

#include "stdio_impl.h"

#define STD_STREAM(name, fd, flags, next)                                      \
	struct stream name = {                                                 \
	    .f = {._flags = (int)(F_MAGIC | (flags)),                          \
		  ._fileno = (fd),                                             \
		  ._lock = &name.lock,                                         \
		  ._chain = (next)},                                           \
	    .io = {osv_fd_read, osv_fd_write, osv_fd_seek, osv_fd_close},      \
	    .cookie = (void *)(intptr_t)(fd),                                  \
	    .lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP,                    \
	    .mode_chosen = (flags)&F_UNBUF,                                    \
	    .is_static = true,                                                 \
	}

extern struct stream _IO_2_1_stdin_, _IO_2_1_stdout_, _IO_2_1_stderr_;

STD_STREAM(_IO_2_1_stdin_, 0, F_NOWR, NULL);
STD_STREAM(_IO_2_1_stdout_, 1, F_NORD, &_IO_2_1_stdin_.f);
STD_STREAM(_IO_2_1_stderr_, 2, F_NORD | F_UNBUF, &_IO_2_1_stdout_.f);

FILE *stdin = &_IO_2_1_stdin_.f;
FILE *stdout = &_IO_2_1_stdout_.f;
FILE *stderr = &_IO_2_1_stderr_.f;

FILE **osv_stdin_var = &stdin;
FILE **osv_stdout_var = &stdout;
FILE **osv_stderr_var = &stderr;

FILE *osv_stdio_head = &_IO_2_1_stderr_.f;

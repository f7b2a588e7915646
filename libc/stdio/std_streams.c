/*
 * stdin, stdout and stderr: streams over descriptors 0, 1 and 2.  stdin
 * and stdout are line buffered on a terminal (the console) and fully
 * buffered otherwise; stderr is unbuffered.  glibc exports the objects
 * as _IO_2_1_stdin_ ... and pointers to them as stdin ...; a program's
 * copy of an object is adopted as its FILE (osv_stdio_adopt_copies).
 */
#include <stddef.h>
#include <stdint.h>

#include "stdio_impl.h"

#define STD_STREAM(name, fd, flags, next)                                      \
	struct stream name = {                                                 \
	    .file = {._flags = (int)(F_MAGIC | (flags)),                       \
		     ._fileno = (fd),                                          \
		     ._lock = &name.lock,                                      \
		     ._chain = (next)},                                        \
	    .self = &name,                                                     \
	    .f = &name.file,                                                   \
	    .io = {osv_fd_read, osv_fd_write, osv_fd_seek, osv_fd_close},      \
	    .cookie = (void *)(intptr_t)(fd),                                  \
	    .lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP,                    \
	    .mode_chosen = (flags)&F_UNBUF,                                    \
	    .is_static = true,                                                 \
	}

extern struct stream _IO_2_1_stdin_, _IO_2_1_stdout_, _IO_2_1_stderr_;

STD_STREAM(_IO_2_1_stdin_, 0, F_NOWR, NULL);
STD_STREAM(_IO_2_1_stdout_, 1, F_NORD, &_IO_2_1_stdin_.file);
STD_STREAM(_IO_2_1_stderr_, 2, F_NORD | F_UNBUF, &_IO_2_1_stdout_.file);

FILE *stdin = &_IO_2_1_stdin_.file;
FILE *stdout = &_IO_2_1_stdout_.file;
FILE *stderr = &_IO_2_1_stderr_.file;

FILE **osv_stdin_var = &stdin;
FILE **osv_stdout_var = &stdout;
FILE **osv_stderr_var = &stderr;

FILE *osv_stdio_head = &_IO_2_1_stderr_.file;

/* What a program's copy holds: glibc's FILE, then its vtable pointer. */
_Static_assert(offsetof(struct stream, self) == 216 &&
		   offsetof(struct stream, f) == 224,
	       "a copy of _IO_2_1_stdout_ holds the FILE and the self pointer");

/* Takes name's copy, if the program has one, as the stream's FILE. */
static void adopt(struct stream *s, FILE **var, const char *name,
		  void *(*find)(const void *, const char *),
		  const void *program)
{
	FILE *copy = find(program, name);

	if (!copy)
		return;
	osv_stdio_adopt(s, copy);
	if (*var == &s->file)
		*var = copy;
}

void osv_stdio_adopt_copies(void *(*find)(const void *, const char *),
			    const void *program)
{
	adopt(&_IO_2_1_stdin_, &STDIN, "_IO_2_1_stdin_", find, program);
	adopt(&_IO_2_1_stdout_, &STDOUT, "_IO_2_1_stdout_", find, program);
	adopt(&_IO_2_1_stderr_, &STDERR, "_IO_2_1_stderr_", find, program);
}

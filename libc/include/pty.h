/* pty.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _PTY_H
#define _PTY_H

#include <sys/types.h>

struct termios;
struct winsize;

int openpty(int *master, int *slave, char *name, const struct termios *termp,
	    const struct winsize *winp);
pid_t forkpty(int *master, char *name, const struct termios *termp,
	      const struct winsize *winp);

#endif

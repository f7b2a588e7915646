/* sys/io.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _SYS_IO_H
#define _SYS_IO_H

int iopl(int level);
int ioperm(unsigned long from, unsigned long num, int turn_on);

#endif

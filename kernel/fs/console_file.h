/*
 * The console as a file: the open file of descriptors 0-2 (static, so
 * it works from the first instruction) and the operations devfs's
 * /dev/console shares with it.
 */
#ifndef KERNEL_FS_CONSOLE_FILE_H
#define KERNEL_FS_CONSOLE_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "fd.h"

#define CONSOLE_RDEV 0x501 /* makedev(5, 1), as Linux's /dev/console */

extern struct file console_file;

/*
 * Waits until at least one byte has come (or -EAGAIN at once when
 * nonblock); returns what is there, up to a newline.
 */
long console_file_read(void *buf, size_t len, bool nonblock);
long console_file_write(const void *buf, size_t len);
/* TCGETS (isatty), TIOCGWINSZ and FIONREAD; -ENOTTY otherwise. */
int console_file_ioctl(unsigned long cmd, void *arg);
/* What file_ops.poll says: always writable, readable with input waiting. */
unsigned console_file_poll(void);

#endif

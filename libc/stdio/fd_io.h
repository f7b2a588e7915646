/*
 * The file-descriptor calls stdio makes: the VFS's (libc/fs) in the
 * kernel, the host's C library in the host tests.
 */
#ifndef OSV_LIBC_STDIO_FD_IO_H
#define OSV_LIBC_STDIO_FD_IO_H

#include <fcntl.h>
#include <unistd.h>

#endif

/*
 * The file-descriptor calls stdio makes, declared as glibc declares
 * them.  They come from the VFS (kernel/fs) in the kernel and from the
 * host's C library in the host tests.
 */
#ifndef OSV_LIBC_STDIO_FD_IO_H
#define OSV_LIBC_STDIO_FD_IO_H

#include <stdio.h>

#if __has_include(<fcntl.h>)
#include <fcntl.h>
#else
#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_ACCMODE 03
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_CLOEXEC 02000000
int open(const char *path, int flags, ...);
#endif

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
off_t lseek(int fd, off_t off, int whence);
int close(int fd);
int isatty(int fd);
int dup2(int from, int to);
int unlink(const char *path);
int rmdir(const char *path);

#endif

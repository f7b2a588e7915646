/*
 * stdio.h: the declarations the kernel is built with (glibc's ABI).
 *
 * FILE is glibc's struct _IO_FILE on x86_64, field for field: programs
 * built against glibc's headers read and advance the buffer pointers
 * inline (getc_unlocked, putc_unlocked, feof_unlocked ...) and call
 * __uflow/__overflow when a buffer is empty or full.
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)
#define BUFSIZ 8192
#define FILENAME_MAX 4096
#define FOPEN_MAX 16
#define L_tmpnam 20
#define TMP_MAX 238328
#define P_tmpdir "/tmp"

#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

#ifndef __off_t_defined
#define __off_t_defined
typedef long off_t;
#endif
#ifndef __off64_t_defined
#define __off64_t_defined
typedef long off64_t;
#endif
#ifndef __ssize_t_defined
#define __ssize_t_defined
typedef long ssize_t;
#endif

struct _IO_marker;
struct _IO_codecvt;
struct _IO_wide_data;

struct _IO_FILE {
	int _flags; /* _IO_MAGIC in the high half, the flags below */
	char *_IO_read_ptr;
	char *_IO_read_end;
	char *_IO_read_base;
	char *_IO_write_base;
	char *_IO_write_ptr;
	char *_IO_write_end;
	char *_IO_buf_base;
	char *_IO_buf_end;
	char *_IO_save_base;
	char *_IO_backup_base;
	char *_IO_save_end;
	struct _IO_marker *_markers;
	struct _IO_FILE *_chain;
	int _fileno;
	int _flags2;
	long _old_offset;
	unsigned short _cur_column;
	signed char _vtable_offset;
	char _shortbuf[1];
	void *_lock;
	long _offset;
	struct _IO_codecvt *_codecvt;
	struct _IO_wide_data *_wide_data;
	struct _IO_FILE *_freeres_list;
	void *_freeres_buf;
	size_t __pad5;
	int _mode;
	char _unused2[20];
};

typedef struct _IO_FILE FILE;
typedef struct _IO_FILE __FILE;

/* The flag bits glibc's headers test inline. */
#define _IO_EOF_SEEN 0x0010
#define _IO_ERR_SEEN 0x0020
#define _IO_USER_LOCK 0x8000

typedef struct _G_fpos_t {
	long __pos;
	struct {
		int __count;
		union {
			unsigned int __wch;
			char __wchb[4];
		} __value;
	} __state;
} fpos_t;
typedef fpos_t fpos64_t;

typedef ssize_t cookie_read_function_t(void *cookie, char *buf, size_t n);
typedef ssize_t cookie_write_function_t(void *cookie, const char *buf,
					size_t n);
typedef int cookie_seek_function_t(void *cookie, off64_t *pos, int whence);
typedef int cookie_close_function_t(void *cookie);
typedef struct _IO_cookie_io_functions_t {
	cookie_read_function_t *read;
	cookie_write_function_t *write;
	cookie_seek_function_t *seek;
	cookie_close_function_t *close;
} cookie_io_functions_t;

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;

/* Opening and closing. */
FILE *fopen(const char *restrict path, const char *restrict mode);
FILE *fopen64(const char *restrict path, const char *restrict mode);
FILE *fdopen(int fd, const char *mode);
FILE *freopen(const char *restrict path, const char *restrict mode,
	      FILE *restrict f);
FILE *freopen64(const char *restrict path, const char *restrict mode,
		FILE *restrict f);
FILE *fmemopen(void *buf, size_t size, const char *mode);
FILE *open_memstream(char **bufp, size_t *sizep);
FILE *fopencookie(void *restrict cookie, const char *restrict mode,
		  cookie_io_functions_t funcs);
FILE *tmpfile(void);
FILE *tmpfile64(void);
int fclose(FILE *f);

/* Buffering. */
int fflush(FILE *f);
int fflush_unlocked(FILE *f);
int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size);
void setbuf(FILE *restrict f, char *restrict buf);
void setbuffer(FILE *restrict f, char *restrict buf, size_t size);
void setlinebuf(FILE *f);

/* Locking. */
void flockfile(FILE *f);
int ftrylockfile(FILE *f);
void funlockfile(FILE *f);

/* Characters and lines. */
int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int fgetc_unlocked(FILE *f);
int getc_unlocked(FILE *f);
int getchar_unlocked(void);
int __uflow(FILE *f);
int __underflow(FILE *f);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputc_unlocked(int c, FILE *f);
int putc_unlocked(int c, FILE *f);
int putchar_unlocked(int c);
int __overflow(FILE *f, int c);
int ungetc(int c, FILE *f);
char *fgets(char *restrict s, int n, FILE *restrict f);
char *fgets_unlocked(char *restrict s, int n, FILE *restrict f);
int fputs(const char *restrict s, FILE *restrict f);
int fputs_unlocked(const char *restrict s, FILE *restrict f);
int puts(const char *s);
ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim,
		 FILE *restrict f);
ssize_t __getdelim(char **restrict line, size_t *restrict cap, int delim,
		   FILE *restrict f);
ssize_t getline(char **restrict line, size_t *restrict cap,
		FILE *restrict f);

/* Blocks. */
size_t fread(void *restrict p, size_t size, size_t n, FILE *restrict f);
size_t fwrite(const void *restrict p, size_t size, size_t n,
	      FILE *restrict f);
size_t fread_unlocked(void *restrict p, size_t size, size_t n,
		      FILE *restrict f);
size_t fwrite_unlocked(const void *restrict p, size_t size, size_t n,
		       FILE *restrict f);

/* Positioning. */
int fseek(FILE *f, long off, int whence);
int fseeko(FILE *f, off_t off, int whence);
int fseeko64(FILE *f, off64_t off, int whence);
long ftell(FILE *f);
off_t ftello(FILE *f);
off64_t ftello64(FILE *f);
void rewind(FILE *f);
int fgetpos(FILE *restrict f, fpos_t *restrict pos);
int fsetpos(FILE *f, const fpos_t *pos);
int fgetpos64(FILE *restrict f, fpos64_t *restrict pos);
int fsetpos64(FILE *f, const fpos64_t *pos);

/* State. */
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int feof_unlocked(FILE *f);
int ferror_unlocked(FILE *f);
void clearerr_unlocked(FILE *f);
int fileno(FILE *f);

#define L_ctermid 9
#define L_cuserid 9
char *ctermid(char *s);
char *cuserid(char *s);
int fileno_unlocked(FILE *f);

/* Commands (there are no processes: ENOSYS). */
FILE *popen(const char *command, const char *mode);
int pclose(FILE *f);

/* Files by name. */
void perror(const char *s);
int remove(const char *path);
int rename(const char *from, const char *to);

/* Formatted output. */
int printf(const char *restrict fmt, ...)
    __attribute__((format(__printf__, 1, 2)));
int fprintf(FILE *restrict f, const char *restrict fmt, ...)
    __attribute__((format(__printf__, 2, 3)));
int dprintf(int fd, const char *restrict fmt, ...)
    __attribute__((format(__printf__, 2, 3)));
int asprintf(char **restrict out, const char *restrict fmt, ...)
    __attribute__((format(__printf__, 2, 3)));
int vprintf(const char *restrict fmt, va_list ap)
    __attribute__((format(__printf__, 1, 0)));
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
    __attribute__((format(__printf__, 2, 0)));
int vdprintf(int fd, const char *restrict fmt, va_list ap)
    __attribute__((format(__printf__, 2, 0)));
int vasprintf(char **restrict out, const char *restrict fmt, va_list ap)
    __attribute__((format(__printf__, 2, 0)));
/*
 * Kernel code (OSV_KERNEL_CODE) formats with the kernel's own snprintf
 * and vsnprintf (libc/stdio/vsnprintf_core.c): what a program registers
 * with register_printf_* (printf.h) must not run in a panic, under the
 * kernel's locks or in its procfs names.
 */
#ifdef OSV_KERNEL_CODE
#define __OSV_KERNEL_NAME(name) __asm__("osv_kernel_" #name)
#else
#define __OSV_KERNEL_NAME(name)
#endif
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __OSV_KERNEL_NAME(snprintf) __attribute__((format(__printf__, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap) __OSV_KERNEL_NAME(vsnprintf)
    __attribute__((format(__printf__, 3, 0)));
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    __attribute__((format(__printf__, 2, 3)));
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
    __attribute__((format(__printf__, 2, 0)));

/* Formatted input. */
int scanf(const char *restrict fmt, ...)
    __attribute__((format(__scanf__, 1, 2)));
int fscanf(FILE *restrict f, const char *restrict fmt, ...)
    __attribute__((format(__scanf__, 2, 3)));
int sscanf(const char *restrict str, const char *restrict fmt, ...)
    __attribute__((format(__scanf__, 2, 3)));
int vscanf(const char *restrict fmt, va_list ap)
    __attribute__((format(__scanf__, 1, 0)));
int vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap)
    __attribute__((format(__scanf__, 2, 0)));
int vsscanf(const char *restrict str, const char *restrict fmt, va_list ap)
    __attribute__((format(__scanf__, 2, 0)));
int __isoc99_scanf(const char *restrict fmt, ...)
    __attribute__((format(__scanf__, 1, 2)));
int __isoc99_fscanf(FILE *restrict f, const char *restrict fmt, ...)
    __attribute__((format(__scanf__, 2, 3)));
int __isoc99_sscanf(const char *restrict str, const char *restrict fmt, ...)
    __attribute__((format(__scanf__, 2, 3)));
int __isoc99_vscanf(const char *restrict fmt, va_list ap)
    __attribute__((format(__scanf__, 1, 0)));
int __isoc99_vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap)
    __attribute__((format(__scanf__, 2, 0)));
int __isoc99_vsscanf(const char *restrict str, const char *restrict fmt,
		     va_list ap) __attribute__((format(__scanf__, 2, 0)));

#ifdef __cplusplus
}
#endif

#endif

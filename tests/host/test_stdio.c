/*
 * stdio streams against glibc: each scenario runs the same operations
 * once on glibc's streams and once on the libc's (osv_ names, see
 * libc_rename.h), writing every result (return values, errno, buffer
 * contents, positions, indicators) to a log; the two logs must be equal.
 * Memory streams, host files (the libc's fopen calls the host's open and
 * read), cookies, buffering modes, ungetc, getline on long lines, seeks,
 * error indicators, printf and scanf on streams, glibc's inline getc and
 * putc on the libc's FILE, and locking across threads.  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdio_ext.h>
#include <unistd.h>

#include "difftest.h"

/* The libc's functions, with glibc's types (the ABI is shared). */
FILE *osv_fopen(const char *path, const char *mode);
FILE *osv_fdopen(int fd, const char *mode);
FILE *osv_freopen(const char *path, const char *mode, FILE *f);
FILE *osv_fmemopen(void *buf, size_t size, const char *mode);
FILE *osv_open_memstream(char **bufp, size_t *sizep);
FILE *osv_fopencookie(void *cookie, const char *mode, cookie_io_functions_t io);
FILE *osv_tmpfile(void);
int osv_fclose(FILE *f);
int osv_fflush(FILE *f);
size_t osv_fread(void *p, size_t size, size_t n, FILE *f);
size_t osv_fwrite(const void *p, size_t size, size_t n, FILE *f);
int osv_fgetc(FILE *f);
int osv_fputc(int c, FILE *f);
char *osv_fgets(char *s, int n, FILE *f);
int osv_fputs(const char *s, FILE *f);
int osv_ungetc(int c, FILE *f);
ssize_t osv_getline(char **line, size_t *cap, FILE *f);
ssize_t osv_getdelim(char **line, size_t *cap, int delim, FILE *f);
int osv_fseek(FILE *f, long off, int whence);
long osv_ftell(FILE *f);
void osv_rewind(FILE *f);
int osv_fgetpos(FILE *f, fpos_t *pos);
int osv_fsetpos(FILE *f, const fpos_t *pos);
int osv_feof(FILE *f);
int osv_ferror(FILE *f);
void osv_clearerr(FILE *f);
int osv_fileno(FILE *f);
int osv_setvbuf(FILE *f, char *buf, int mode, size_t size);
int osv_fprintf(FILE *f, const char *fmt, ...);
int osv_printf(const char *fmt, ...);
int osv_dprintf(int fd, const char *fmt, ...);
int osv_asprintf(char **out, const char *fmt, ...);
int osv___isoc99_fscanf(FILE *f, const char *fmt, ...);
int osv_remove(const char *path);
void osv_flockfile(FILE *f);
int osv_ftrylockfile(FILE *f);
void osv_funlockfile(FILE *f);
void osv_perror(const char *s);
size_t osv___fbufsize(FILE *f);
int osv___freading(FILE *f);
int osv___fwriting(FILE *f);
int osv___freadable(FILE *f);
int osv___fwritable(FILE *f);
int osv___flbf(FILE *f);
void osv___fpurge(FILE *f);
size_t osv___fpending(FILE *f);
int osv___fsetlocking(FILE *f, int type);
FILE *osv_popen(const char *command, const char *mode);
void osv__flushlbf(void);
int osv___uflow(FILE *f);
int osv___overflow(FILE *f, int c);
extern FILE *osv_stdout, *osv_stderr, *osv_stdin;

/* glibc's inline bodies (bits/types/struct_FILE.h) on each library. */
static int glibc_getc_inline(FILE *f)
{
	return __getc_unlocked_body(f);
}
static int glibc_putc_inline(int c, FILE *f)
{
	return __putc_unlocked_body(c, f);
}
#define __uflow osv___uflow
#define __overflow osv___overflow
static int osv_getc_inline(FILE *f)
{
	return __getc_unlocked_body(f);
}
static int osv_putc_inline(int c, FILE *f)
{
	return __putc_unlocked_body(c, f);
}
#undef __uflow
#undef __overflow

struct lib {
	FILE *(*fopen)(const char *, const char *);
	FILE *(*fdopen)(int, const char *);
	FILE *(*freopen)(const char *, const char *, FILE *);
	FILE *(*fmemopen)(void *, size_t, const char *);
	FILE *(*open_memstream)(char **, size_t *);
	FILE *(*fopencookie)(void *, const char *, cookie_io_functions_t);
	int (*fclose)(FILE *);
	int (*fflush)(FILE *);
	size_t (*fread)(void *, size_t, size_t, FILE *);
	size_t (*fwrite)(const void *, size_t, size_t, FILE *);
	int (*fgetc)(FILE *);
	int (*fputc)(int, FILE *);
	int (*getc_inline)(FILE *);
	int (*putc_inline)(int, FILE *);
	char *(*fgets)(char *, int, FILE *);
	int (*fputs)(const char *, FILE *);
	int (*ungetc)(int, FILE *);
	ssize_t (*getline)(char **, size_t *, FILE *);
	ssize_t (*getdelim)(char **, size_t *, int, FILE *);
	int (*fseek)(FILE *, long, int);
	long (*ftell)(FILE *);
	void (*rewind)(FILE *);
	int (*fgetpos)(FILE *, fpos_t *);
	int (*fsetpos)(FILE *, const fpos_t *);
	int (*feof)(FILE *);
	int (*ferror)(FILE *);
	void (*clearerr)(FILE *);
	int (*fileno)(FILE *);
	int (*setvbuf)(FILE *, char *, int, size_t);
	int (*fprintf)(FILE *, const char *, ...);
	int (*fscanf)(FILE *, const char *, ...);
	int (*remove)(const char *);
	size_t (*fbufsize)(FILE *);
	int (*freading)(FILE *);
	int (*fwriting)(FILE *);
	int (*freadable)(FILE *);
	int (*fwritable)(FILE *);
	int (*flbf)(FILE *);
	void (*fpurge)(FILE *);
	size_t (*fpending)(FILE *);
	int (*fsetlocking)(FILE *, int);
};

#define LIB(P, GETC, PUTC)                                                     \
	{                                                                      \
		P##fopen, P##fdopen, P##freopen, P##fmemopen,                  \
		    P##open_memstream, P##fopencookie, P##fclose, P##fflush,   \
		    P##fread, P##fwrite, P##fgetc, P##fputc, GETC, PUTC,       \
		    P##fgets, P##fputs, P##ungetc, P##getline, P##getdelim,    \
		    P##fseek, P##ftell, P##rewind, P##fgetpos, P##fsetpos,     \
		    P##feof, P##ferror, P##clearerr, P##fileno, P##setvbuf,    \
		    P##fprintf, P##__isoc99_fscanf, P##remove, P##__fbufsize,  \
		    P##__freading, P##__fwriting, P##__freadable,              \
		    P##__fwritable, P##__flbf, P##__fpurge, P##__fpending,     \
		    P##__fsetlocking                                           \
	}

int __isoc99_fscanf(FILE *f, const char *fmt, ...);

static const struct lib glibc = LIB(, glibc_getc_inline, glibc_putc_inline);
static const struct lib osv = LIB(osv_, osv_getc_inline, osv_putc_inline);

/* What a scenario did, one line per event. */
struct log {
	char *p;
	size_t len;
	FILE *f; /* glibc's open_memstream over p */
};

static void log_open(struct log *l)
{
	l->p = NULL;
	l->f = open_memstream(&l->p, &l->len);
}

static void L(struct log *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void L(struct log *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(l->f, fmt, ap);
	va_end(ap);
	fputc('\n', l->f);
}

/* The state of a stream: indicators, position, errno. */
static void state(struct log *l, const struct lib *c, FILE *f, const char *what)
{
	int e = errno;
	L(l, "%s: eof %d err %d tell %ld errno %d", what, c->feof(f),
	  c->ferror(f), c->ftell(f), e);
	errno = 0;
}

static void bytes(struct log *l, const char *what, const void *p, size_t n)
{
	L(l, "%s [%zu] \"%s\"", what, n, dt_quote(p, n));
}

static char tmpdir[64];

static char *tmp_path(const char *name)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void put_file(const char *name, const void *p, size_t n)
{
	FILE *f = fopen(tmp_path(name), "w");
	fwrite(p, 1, n, f);
	fclose(f);
}

static long file_size(const char *name)
{
	struct stat st;
	return stat(tmp_path(name), &st) ? -1 : (long)st.st_size;
}

/* A scenario runs on one library; both logs must match. */
typedef void scenario_fn(struct log *l, const struct lib *c);

static void run(const char *name, scenario_fn *fn)
{
	struct log a, b;

	log_open(&a);
	log_open(&b);
	errno = 0;
	fn(&a, &glibc);
	errno = 0;
	fn(&b, &osv);
	fclose(a.f);
	fclose(b.f);
	size_t i = 0, line = 1;
	while (i < a.len && i < b.len && a.p[i] == b.p[i])
		if (a.p[i++] == '\n')
			line++;
	CHECK(a.len == b.len && i == a.len, "log line %zu differs", line);
	if (i < a.len || i < b.len) {
		size_t s = i;
		while (s > 0 && a.p[s - 1] != '\n')
			s--;
		char *ea = memchr(a.p + s, '\n', a.len - s);
		char *eb = memchr(b.p + s, '\n', b.len - s);
		size_t na = ea ? (size_t)(ea - a.p) - s : a.len - s;
		size_t nb = eb ? (size_t)(eb - b.p) - s : b.len - s;
		printf("# glibc: %s\n", dt_quote(a.p + s, na));
		printf("# osv:   %s\n", dt_quote(b.p + s, nb));
	}
	free(a.p);
	free(b.p);
	dt_group_end(name);
}

/* ---- scenarios ---- */

static const char text[] = "first line\nsecond\n\nfourth line is longer\nlast";

static void s_mem_read(struct log *l, const struct lib *c)
{
	char buf[sizeof(text)], line[16];
	memcpy(buf, text, sizeof(text));
	FILE *f = c->fmemopen(buf, sizeof(text) - 1, "r");
	L(l, "getc %d %d", c->fgetc(f), c->getc_inline(f));
	state(l, c, f, "two read");
	L(l, "fgets %s", c->fgets(line, 5, f) ? dt_str(line) : "NULL");
	L(l, "fgets %s",
	  c->fgets(line, sizeof(line), f) ? dt_str(line) : "NULL");
	L(l, "fgets n=1 %s", c->fgets(line, 1, f) ? dt_str(line) : "NULL");
	L(l, "ungetc %d %d %d", c->ungetc('X', f), c->ungetc('Y', f),
	  c->ungetc(EOF, f));
	state(l, c, f, "pushed back");
	L(l, "getc %c %c %c", c->getc_inline(f), c->fgetc(f), c->fgetc(f));
	char blk[64] = {0};
	L(l, "fread %zu", c->fread(blk, 3, 5, f));
	bytes(l, "blk", blk, 15);
	L(l, "fread %zu", c->fread(blk, 4, 10, f));
	bytes(l, "blk", blk, 40);
	state(l, c, f, "at end");
	L(l, "getc at eof %d", c->fgetc(f));
	L(l, "ungetc %d", c->ungetc('Z', f));
	state(l, c, f, "ungetc at end");
	L(l, "getc %d %d", c->fgetc(f), c->fgetc(f));
	c->clearerr(f);
	state(l, c, f, "cleared");
	L(l, "seek %d", c->fseek(f, 6, SEEK_SET));
	L(l, "fgets %s",
	  c->fgets(line, sizeof(line), f) ? dt_str(line) : "NULL");
	L(l, "seek %d", c->fseek(f, -3, SEEK_CUR));
	L(l, "getc %c", c->fgetc(f));
	L(l, "seek %d", c->fseek(f, -4, SEEK_END));
	L(l, "fgets %s",
	  c->fgets(line, sizeof(line), f) ? dt_str(line) : "NULL");
	L(l, "seek bad %d", c->fseek(f, -100, SEEK_CUR));
	state(l, c, f, "bad seek");
	L(l, "seek past size %d", c->fseek(f, 1000, SEEK_SET));
	state(l, c, f, "past size");
	fpos_t pos;
	c->fseek(f, 11, SEEK_SET);
	L(l, "getpos %d", c->fgetpos(f, &pos));
	c->fgetc(f);
	c->fgetc(f);
	L(l, "setpos %d getc %c", c->fsetpos(f, &pos), c->fgetc(f));
	c->rewind(f);
	L(l, "rewound getc %c", c->fgetc(f));
	L(l, "write to read stream %d", c->fputc('q', f));
	state(l, c, f, "after write");
	L(l, "close %d", c->fclose(f));
	bytes(l, "buffer", buf, sizeof(buf));
}

static void s_mem_scanf(struct log *l, const struct lib *c)
{
	char buf[] = "  42 -7.5e3 word 0x1f rest\n9";
	FILE *f = c->fmemopen(buf, strlen(buf), "r");
	int i = 0, x = 0;
	double d = 0;
	char w[16] = "", r[16] = "";
	L(l, "scanf %d", c->fscanf(f, "%d %lf %15s %x", &i, &d, w, &x));
	L(l, "got %d %g %s %d", i, d, w, x);
	L(l, "scanf %d", c->fscanf(f, "%3c", r));
	bytes(l, "r", r, 3);
	L(l, "getc %c", c->fgetc(f));
	L(l, "scanf %d", c->fscanf(f, "%d", &i));
	L(l, "scanf %d", c->fscanf(f, "%d", &i));
	state(l, c, f, "end");
	c->fclose(f);
}

/* fmemopen write modes and sizes: where the data and the NULs go. */
static void s_mem_write(struct log *l, const struct lib *c)
{
	static const char *modes[] = {"w", "w+", "a", "a+", "r+"};
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		for (size_t size = 1; size <= 12; size += 3) {
			char buf[16];
			memcpy(buf, "abcdef\0ghijklmno", 16);
			FILE *f = c->fmemopen(buf, size, modes[m]);
			L(l, "mode %s size %zu", modes[m], size);
			state(l, c, f, "opened");
			L(l, "fputs %d", c->fputs("XY", f));
			L(l, "fflush %d", c->fflush(f));
			bytes(l, "buf", buf, 16);
			L(l, "fprintf %d", c->fprintf(f, "%d|", 12345));
			L(l, "fflush %d", c->fflush(f));
			state(l, c, f, "after printf");
			bytes(l, "buf", buf, 16);
			L(l, "seek %d", c->fseek(f, 1, SEEK_SET));
			L(l, "putc %d", c->putc_inline('#', f));
			L(l, "close %d", c->fclose(f));
			bytes(l, "buf", buf, 16);
		}
	}
	FILE *f = c->fmemopen(NULL, 10, "w+");
	L(l, "allocated %d", f != NULL);
	c->fputs("hello", f);
	c->rewind(f);
	char got[16] = "";
	L(l, "read back %zu", c->fread(got, 1, 15, f));
	bytes(l, "got", got, 16);
	c->fclose(f);
	f = c->fmemopen(got, 0, "w+");
	L(l, "size 0 %d", f != NULL);
	if (f) {
		L(l, "size 0: putc %d flush %d getc %d", c->fputc('x', f),
		  c->fflush(f), c->fgetc(f));
		c->fclose(f);
	}
	errno = 0;
	f = c->fmemopen(NULL, 0, "w+");
	L(l, "NULL, 0: %d errno %d", f != NULL, errno);
	if (f)
		c->fclose(f);
	L(l, "bad mode %d errno %d", c->fmemopen(got, 4, "q") != NULL, errno);
}

static void s_memstream(struct log *l, const struct lib *c)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = c->open_memstream(&p, &n);
	L(l, "fputs %d", c->fputs("hello", f));
	L(l, "fflush %d", c->fflush(f));
	bytes(l, "data", p, n + 1);
	for (int i = 0; i < 3000; i++)
		c->fprintf(f, "%d,", i);
	L(l, "fflush %d tell %ld", c->fflush(f), c->ftell(f));
	L(l, "size %zu", n);
	L(l, "tail \"%s\"", p + n - 12);
	L(l, "seek %d", c->fseek(f, 2, SEEK_SET));
	L(l, "fflush %d", c->fflush(f));
	L(l, "size %zu", n);
	c->fputs("XX", f);
	L(l, "fflush %d", c->fflush(f));
	L(l, "size %zu", n);
	bytes(l, "head", p, 8);
	L(l, "close %d", c->fclose(f));
	L(l, "size %zu", n);
	bytes(l, "head", p, 4);
	free(p);
	char big[20000];
	memset(big, 'b', sizeof(big));
	f = c->open_memstream(&p, &n);
	L(l, "fwrite %zu", c->fwrite(big, 1, sizeof(big), f));
	L(l, "close %d", c->fclose(f));
	L(l, "size %zu last %d", n, p[n]);
	free(p);
}

/* Files: write, append, read back, update with seeks. */
static void s_files(struct log *l, const struct lib *c)
{
	FILE *f = c->fopen(tmp_path("a"), "w");
	L(l, "open w %d", f != NULL);
	for (int i = 0; i < 500; i++)
		c->fprintf(f, "line %d %s\n", i, i % 7 ? "x" : "seven");
	state(l, c, f, "written");
	L(l, "close %d", c->fclose(f));
	L(l, "size %ld", file_size("a"));
	f = c->fopen(tmp_path("a"), "a");
	state(l, c, f, "append opened");
	c->fputs("appended\n", f);
	state(l, c, f, "appended");
	L(l, "read on w %d", c->fgetc(f));
	state(l, c, f, "read on w");
	L(l, "close %d", c->fclose(f));
	L(l, "size %ld", file_size("a"));
	f = c->fopen(tmp_path("a"), "r");
	char line[64];
	int lines = 0;
	while (c->fgets(line, sizeof(line), f))
		lines++;
	L(l, "lines %d last %s", lines, dt_str(line));
	state(l, c, f, "read all");
	L(l, "seek %d", c->fseek(f, 100, SEEK_SET));
	L(l, "fgets %s", c->fgets(line, sizeof(line), f));
	state(l, c, f, "after seek");
	L(l, "fputs on r %d", c->fputs("no", f));
	state(l, c, f, "fputs on r");
	c->fclose(f);

	f = c->fopen(tmp_path("a"), "r+");
	L(l, "getc %c", c->fgetc(f));
	L(l, "seek %d", c->fseek(f, 0, SEEK_CUR));
	L(l, "fputs %d", c->fputs("INSERT", f));
	state(l, c, f, "after write");
	L(l, "seek %d", c->fseek(f, 0, SEEK_CUR));
	L(l, "fgets %s", c->fgets(line, sizeof(line), f));
	c->rewind(f);
	L(l, "fgets %s", c->fgets(line, sizeof(line), f));
	L(l, "seek end %d", c->fseek(f, -9, SEEK_END));
	L(l, "fgets %s", c->fgets(line, sizeof(line), f));
	L(l, "getc %d", c->fgetc(f));
	state(l, c, f, "eof");
	L(l, "close %d", c->fclose(f));

	f = c->fopen(tmp_path("a"), "a+");
	L(l, "a+ getc %c", c->fgetc(f));
	c->fputs("tail\n", f);
	L(l, "seek %d", c->fseek(f, -5, SEEK_END));
	L(l, "fgets %s", c->fgets(line, sizeof(line), f));
	L(l, "close %d", c->fclose(f));
	L(l, "size %ld", file_size("a"));

	L(l, "missing %d errno %d", c->fopen(tmp_path("none/x"), "r") != NULL,
	  errno);
	errno = 0;
	f = c->fopen(tmp_path("a"), "wx");
	L(l, "wx existing %d errno %d", f != NULL, errno);
	L(l, "remove %d", c->remove(tmp_path("a")));
	L(l, "remove again %d errno %d", c->remove(tmp_path("a")), errno);
	mkdir(tmp_path("d"), 0700);
	L(l, "remove dir %d", c->remove(tmp_path("d")));
	L(l, "dir gone %ld", file_size("d"));
}

/* When output reaches the file, for each buffering mode. */
static void s_buffering(struct log *l, const struct lib *c)
{
	static const int modes[] = {_IOFBF, _IOLBF, _IONBF};
	for (int m = 0; m < 3; m++) {
		for (int own = 0; own < 2; own++) {
			char buf[4096];
			FILE *f = c->fopen(tmp_path("b"), "w");
			L(l, "setvbuf %d",
			  c->setvbuf(f, own ? buf : NULL, modes[m],
				     sizeof(buf)));
			c->fputs("abc", f);
			L(l, "mode %d own %d: after abc %ld", m, own,
			  file_size("b"));
			c->fputs("de\nfg", f);
			L(l, "after newline %ld", file_size("b"));
			c->putc_inline('\n', f);
			L(l, "after putc newline %ld", file_size("b"));
			for (int i = 0; i < 10; i++)
				c->putc_inline('0' + i, f);
			L(l, "after 10 putc %ld", file_size("b"));
			for (int i = 0; i < 40; i++)
				c->fputc('a' + i % 26, f);
			L(l, "after 40 fputc %ld", file_size("b"));
			for (int i = 0; i < 5000; i++) {
				c->putc_inline('A' + i % 26, f);
				if (i % 1000 == 999)
					L(l, "after %d putc %ld", i + 1,
					  file_size("b"));
			}
			L(l, "fflush %d", c->fflush(f));
			L(l, "flushed %ld", file_size("b"));
			c->fclose(f);
		}
	}
	FILE *f = c->fopen(tmp_path("b"), "w");
	L(l, "bad mode %d errno %d", c->setvbuf(f, NULL, 7, 0), errno);
	c->fclose(f);
}

/* getline and getdelim on lines longer than any buffer. */
static void s_getline(struct log *l, const struct lib *c)
{
	size_t n = 300000;
	char *data = malloc(n);
	for (size_t i = 0; i < n; i++)
		data[i] = 'a' + (char)(i % 26);
	size_t cuts[] = {0,    1,    119,  120,	 121,	4095,
			 4096, 8191, 8192, 8193, 70000, 299990};
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		data[cuts[i]] = '\n';
	data[150000] = '\0';
	put_file("g", data, n);
	FILE *f = c->fopen(tmp_path("g"), "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t r;
	int k = 0;
	unsigned long sum = 0;
	while ((r = c->getline(&line, &cap, f)) >= 0) {
		unsigned long h = 0;
		for (ssize_t j = 0; j < r; j++)
			h = h * 31 + (unsigned char)line[j];
		sum += h;
		L(l, "line %d: %zd hash %lx nul %d", k++, r, h, line[r]);
	}
	state(l, c, f, "end");
	L(l, "again %zd", c->getline(&line, &cap, f));
	c->rewind(f);
	L(l, "delim %zd", c->getdelim(&line, &cap, 'q', f));
	L(l, "delim %zd", c->getdelim(&line, &cap, 0, f));
	L(l, "no pointers %zd errno %d", c->getline(NULL, &cap, f), errno);
	free(line);
	line = NULL;
	cap = 0;
	L(l, "fresh %zd", c->getdelim(&line, &cap, 'z', f));
	free(line);
	c->fclose(f);
	free(data);
}

/* fdopen, fileno, freopen. */
static void s_fds(struct log *l, const struct lib *c)
{
	int fd = open(tmp_path("c"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	FILE *f = c->fdopen(fd, "w+");
	L(l, "fileno same %d", c->fileno(f) == fd);
	c->fputs("through fdopen\n", f);
	c->fflush(f);
	L(l, "lseek %ld", (long)lseek(fd, 0, SEEK_CUR));
	FILE *g = c->freopen(tmp_path("c"), "r", f);
	L(l, "freopen same %d fileno kept %d", g == f, c->fileno(g) == fd);
	char line[32];
	L(l, "fgets %s", c->fgets(line, sizeof(line), g));
	L(l, "close %d", c->fclose(g));
	L(l, "fd closed %d", fcntl(fd, F_GETFD) == -1);
	FILE *m = c->fmemopen(line, sizeof(line), "r");
	L(l, "fileno of memory %d errno %d", c->fileno(m), errno);
	c->fclose(m);
	errno = 0;
	L(l, "fdopen closed %d errno %d", c->fdopen(fd, "r") != NULL, errno);
	fd = open(tmp_path("c"), O_RDONLY);
	errno = 0;
	L(l, "fdopen r fd as w %d errno %d", c->fdopen(fd, "w") != NULL, errno);
	close(fd);
	fd = open(tmp_path("c"), O_WRONLY);
	g = c->fdopen(fd, "a");
	L(l, "fdopen a %d append flag %d", g != NULL,
	  (fcntl(fd, F_GETFL) & O_APPEND) != 0);
	c->fputs("tail\n", g);
	c->fclose(g);
	L(l, "size after append %ld", file_size("c"));
}

struct cookie {
	char data[64];
	size_t len, pos;
	int reads, closes;
};

static ssize_t ck_read(void *p, char *buf, size_t n)
{
	struct cookie *c = p;
	c->reads++;
	if (n > c->len - c->pos)
		n = c->len - c->pos;
	memcpy(buf, c->data + c->pos, n);
	c->pos += n;
	return (ssize_t)n;
}

static ssize_t ck_write(void *p, const char *buf, size_t n)
{
	struct cookie *c = p;
	if (n > sizeof(c->data) - c->len)
		n = sizeof(c->data) - c->len;
	memcpy(c->data + c->len, buf, n);
	c->len += n;
	return n ? (ssize_t)n : -1;
}

static int ck_close(void *p)
{
	((struct cookie *)p)->closes++;
	return 0;
}

static void s_cookie(struct log *l, const struct lib *c)
{
	struct cookie ck = {.len = 0};
	cookie_io_functions_t io = {ck_read, ck_write, NULL, ck_close};
	FILE *f = c->fopencookie(&ck, "w+", io);
	L(l, "fprintf %d", c->fprintf(f, "%s=%d;", "key", 99));
	L(l, "flush %d", c->fflush(f));
	bytes(l, "data", ck.data, ck.len);
	L(l, "no seek: tell %ld", c->ftell(f));
	L(l, "seek %d", c->fseek(f, 0, SEEK_SET));
	for (int i = 0; i < 100; i++)
		c->fputs("0123456789", f);
	L(l, "flush %d", c->fflush(f));
	L(l, "full: err %d", c->ferror(f));
	c->clearerr(f);
	ck.pos = 0;
	char got[8];
	L(l, "fread %zu", c->fread(got, 1, sizeof(got), f));
	bytes(l, "got", got, sizeof(got));
	L(l, "close %d closes %d", c->fclose(f), ck.closes);
	cookie_io_functions_t none = {NULL, NULL, NULL, NULL};
	f = c->fopencookie(&ck, "r+", none);
	L(l, "read none %d", c->fgetc(f));
	L(l, "read none: eof %d err %d", c->feof(f), c->ferror(f));
	c->clearerr(f);
	c->fputs("x", f);
	L(l, "write none flush %d", c->fflush(f));
	L(l, "write none: eof %d err %d", c->feof(f), c->ferror(f));
	L(l, "close %d", c->fclose(f));
}

/* <stdio_ext.h>: modes, pending bytes, purging, locking by the caller. */
static void ext_state(struct log *l, const struct lib *c, FILE *f,
		      const char *what)
{
	L(l,
	  "%s: readable %d writable %d reading %d writing %d pending %zu "
	  "lbf %d",
	  what, c->freadable(f), c->fwritable(f), c->freading(f),
	  c->fwriting(f), c->fpending(f), c->flbf(f));
}

static void s_ext(struct log *l, const struct lib *c)
{
	FILE *f = c->fopen(tmp_path("e"), "w+");
	ext_state(l, c, f, "opened");
	c->fputs("abcdef", f);
	ext_state(l, c, f, "written");
	L(l, "bufsize %zu", c->fbufsize(f));
	c->fflush(f);
	ext_state(l, c, f, "flushed");
	c->rewind(f);
	L(l, "getc %c", c->fgetc(f));
	ext_state(l, c, f, "read");
	c->ungetc('Z', f);
	c->fpurge(f);
	ext_state(l, c, f, "purged input");
	c->fseek(f, 0, SEEK_END);
	c->fputs("lost", f);
	c->fpurge(f);
	ext_state(l, c, f, "purged output");
	c->fputs("kept", f);
	L(l, "locking %d", c->fsetlocking(f, FSETLOCKING_QUERY));
	L(l, "locking %d", c->fsetlocking(f, FSETLOCKING_BYCALLER));
	L(l, "locking %d", c->fsetlocking(f, FSETLOCKING_QUERY));
	c->fputs("!", f);
	L(l, "locking %d", c->fsetlocking(f, FSETLOCKING_INTERNAL));
	L(l, "close %d", c->fclose(f));
	L(l, "size %ld", file_size("e"));
	f = c->fopen(tmp_path("e"), "r");
	ext_state(l, c, f, "read-only");
	char line[32] = "";
	L(l, "content %s", c->fgets(line, sizeof(line), f));
	c->fclose(f);
	f = c->fopen(tmp_path("e"), "a");
	ext_state(l, c, f, "append-only");
	c->setvbuf(f, NULL, _IOLBF, 0);
	ext_state(l, c, f, "line buffered");
	c->fclose(f);
}

/* The libc's printf and scanf on streams, the same formats as glibc. */
static void s_printf(struct log *l, const struct lib *c)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = c->open_memstream(&p, &n);
	int total = 0;
	for (int i = 0; i < 2000; i++) {
		double d =
		    (double)dt_rand() / (double)(1ULL << (dt_rand() % 64));
		long v = (long)dt_rand() >> (dt_rand() % 64);
		total += c->fprintf(f, "%d:%-+12.5e|%#x|%ld|%.*f|%s|%c|%a\n", i,
				    d, (unsigned)v, v, (int)(dt_rand() % 20), d,
				    "str", 'A' + i % 26, d);
	}
	L(l, "total %d", total);
	c->fflush(f);
	unsigned long h = 0;
	for (size_t i = 0; i < n; i++)
		h = h * 131 + (unsigned char)p[i];
	L(l, "size %zu hash %lx", n, h);
	L(l, "positional %d", c->fprintf(f, "%2$s %1$d\n", 5, "five"));
	for (int e = 0; e < 140; e += 13) {
		errno = e;
		L(l, "errno %d: %d", e, c->fprintf(f, "%m|%#m|%-30m|%.3m\n"));
	}
	L(l, "close %d", c->fclose(f));
	bytes(l, "tail", p + n - 70, 70);
	free(p);
}

static void scenario_runs(void)
{
	uint64_t seed = dt_state;
	run("fmemopen reading: getc, fgets, ungetc, fread, seeks", s_mem_read);
	run("fscanf on a stream", s_mem_scanf);
	run("fmemopen writing: modes, sizes, NULs", s_mem_write);
	run("open_memstream: growth, seeks, sizes", s_memstream);
	run("files: w, a, r, r+, a+, x, remove", s_files);
	run("buffering modes: when output reaches the file", s_buffering);
	run("getline and getdelim on long lines", s_getline);
	run("fdopen, fileno, freopen", s_fds);
	run("fopencookie", s_cookie);
	run("stdio_ext: modes, pending, purge, locking", s_ext);
	dt_state = seed;
	struct log a;
	log_open(&a);
	s_printf(&a, &glibc);
	fclose(a.f);
	dt_state = seed;
	struct log b;
	log_open(&b);
	s_printf(&b, &osv);
	fclose(b.f);
	CHECK(a.len == b.len && memcmp(a.p, b.p, a.len) == 0,
	      "printf logs differ: %s / %s", dt_quote(a.p, a.len),
	      dt_quote(b.p, b.len));
	free(a.p);
	free(b.p);
	dt_group_end("fprintf on a stream: 2000 generated lines");
}

/* Output of osv_stdout/osv_stderr read back through a pipe on 1/2. */
static size_t pipe_read(int fd, char *buf, size_t n)
{
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	ssize_t r = read(fd, buf, n);
	fcntl(fd, F_SETFL, fl);
	return r > 0 ? (size_t)r : 0;
}

static void std_streams(void)
{
	int p[2], saved = dup(1), saved_err = dup(2);
	char buf[64];

	fflush(stdout);
	CHECK(pipe(p) == 0, "pipe");
	dup2(p[1], 1);
	dup2(p[1], 2);
	CHECK(osv_fileno(osv_stdout) == 1 && osv_fileno(osv_stderr) == 2 &&
		  osv_fileno(osv_stdin) == 0,
	      "descriptors of stdin/stdout/stderr");
	osv_printf("to %s\n", "stdout");
	size_t n = pipe_read(p[0], buf, sizeof(buf));
	CHECK(n == 0, "stdout on a pipe is fully buffered: %zu bytes came", n);
	osv_fflush(osv_stdout);
	n = pipe_read(p[0], buf, sizeof(buf));
	CHECK(n == 10 && memcmp(buf, "to stdout\n", 10) == 0,
	      "stdout flushed: %s", dt_quote(buf, n));
	osv_fprintf(osv_stderr, "err %d", 1);
	n = pipe_read(p[0], buf, sizeof(buf));
	CHECK(n == 5 && memcmp(buf, "err 1", 5) == 0, "stderr unbuffered: %s",
	      dt_quote(buf, n));
	errno = ENOENT;
	osv_perror("ctx");
	n = pipe_read(p[0], buf, sizeof(buf));
	CHECK(n == 31 &&
		  memcmp(buf, "ctx: No such file or directory\n", 31) == 0,
	      "perror: %s", dt_quote(buf, n));
	CHECK(osv_dprintf(1, "%s-%d", "dp", 7) == 4, "dprintf count");
	n = pipe_read(p[0], buf, sizeof(buf));
	CHECK(n == 4 && memcmp(buf, "dp-7", 4) == 0, "dprintf: %s",
	      dt_quote(buf, n));
	dup2(saved, 1);
	dup2(saved_err, 2);
	close(saved);
	close(saved_err);
	close(p[0]);
	close(p[1]);
	char *s = NULL;
	CHECK(osv_asprintf(&s, "%05d%s", 42, "x") == 6 &&
		  strcmp(s, "00042x") == 0,
	      "asprintf");
	free(s);
	FILE *t = osv_tmpfile();
	CHECK(t != NULL, "tmpfile");
	if (t) {
		osv_fputs("temporary", t);
		osv_rewind(t);
		CHECK(osv_fgets(buf, sizeof(buf), t) &&
			  strcmp(buf, "temporary") == 0,
		      "tmpfile read back");
		osv_fclose(t);
	}
	FILE *lb = osv_fopen(tmp_path("lb"), "w");
	osv_setvbuf(lb, NULL, _IOLBF, 0);
	osv_fputs("no newline", lb);
	long before = file_size("lb");
	osv__flushlbf();
	CHECK(before == 0 && file_size("lb") == 10,
	      "_flushlbf writes line-buffered output: %ld then %ld", before,
	      file_size("lb"));
	osv_fclose(lb);
	errno = 0;
	CHECK(osv_popen("true", "r") == NULL && errno == ENOSYS,
	      "popen fails with ENOSYS");
	dt_group_end("stdout, stderr, perror, dprintf, asprintf, tmpfile, "
		     "_flushlbf, popen");
}

/*
 * stdout closed, then reopened by freopen: it is an open stream again,
 * which fflush(NULL) and exit write out, as in glibc (where freopen puts
 * it back on the list fclose took it off).  Runs last: it closes
 * descriptor 1 for a while.
 */
static void reopened_stdout(void)
{
	int saved = dup(1);

	fflush(stdout);
	CHECK(osv_fclose(osv_stdout) == 0, "fclose(stdout)");
	FILE *f = osv_freopen(tmp_path("reopened"), "w", osv_stdout);
	CHECK(f == osv_stdout, "freopen gives stdout back");
	osv_fputs("kept", osv_stdout);
	osv_fflush(NULL);
	long size = file_size("reopened");
	osv_fclose(osv_stdout);
	dup2(saved, 1);
	close(saved);
	CHECK(size == 4, "fflush(NULL) writes the reopened stdout: %ld bytes",
	      size);
	dt_group_end("stdout reopened after fclose: written by fflush(NULL)");
}

/* The inline layout: the fields glibc's macros read are where glibc has them.
 */
static void layout(void)
{
	char buf[] = "xyz";
	FILE *f = osv_fmemopen(buf, 3, "r");
	CHECK(osv_fgetc(f) == 'x', "first byte");
	CHECK(f->_IO_read_ptr && f->_IO_read_end - f->_IO_read_ptr == 2 &&
		  *f->_IO_read_ptr == 'y',
	      "read pointers after one getc");
	CHECK((f->_flags & 0xffff0000) == (int)0xfbad0000, "magic %x",
	      f->_flags);
	osv_fgetc(f);
	osv_fgetc(f);
	CHECK(osv_fgetc(f) == EOF && (f->_flags & _IO_EOF_SEEN) &&
		  feof_unlocked(f),
	      "feof_unlocked reads _flags");
	osv_fclose(f);
	char *p;
	size_t n;
	f = osv_open_memstream(&p, &n);
	CHECK(f->_IO_write_ptr == f->_IO_write_end, "idle: putc goes slow");
	osv_fputc('a', f);
	CHECK(f->_IO_write_end > f->_IO_write_ptr &&
		  f->_IO_write_ptr - f->_IO_write_base == 1,
	      "write pointers after one putc");
	CHECK(f->_IO_read_ptr == f->_IO_read_end, "writing: getc goes slow");
	osv_fclose(f);
	free(p);
	dt_group_end("FILE fields glibc's macros use");
}

/* Lines written by several threads stay whole, under flockfile too. */
static FILE *shared;

static void *writer(void *arg)
{
	long id = (long)arg;
	for (int i = 0; i < 2000; i++) {
		if (i % 2) {
			osv_fprintf(shared, "thread %ld line %d end\n", id, i);
		} else {
			osv_flockfile(shared);
			osv_fputs("thread ", shared);
			osv_fprintf(shared, "%ld line %d", id, i);
			osv_fputs(" end\n", shared);
			osv_funlockfile(shared);
		}
	}
	return NULL;
}

static void *try_lock(void *arg)
{
	int r = osv_ftrylockfile(arg);
	if (r == 0)
		osv_funlockfile(arg);
	return (void *)(long)r;
}

/* Holds the stream (flockfile) until told to let go. */
static volatile int holding, release_it;

static void *hold(void *arg)
{
	osv_flockfile(arg);
	__atomic_store_n(&holding, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&release_it, __ATOMIC_SEQ_CST))
		sched_yield();
	osv_funlockfile(arg);
	return NULL;
}

/*
 * The host's pthread_create does not clear the libc's flag, so this test
 * does: while it is set, the stream calls take no lock (one held by
 * another thread does not stop them); once cleared, they do.
 */
extern char osv___libc_single_threaded;

static void threads(void)
{
	char *p;
	size_t n;
	pthread_t t[4];
	shared = osv_open_memstream(&p, &n);
	CHECK(osv___libc_single_threaded == 1, "the libc starts single-threaded");
	pthread_t h;
	pthread_create(&h, NULL, hold, shared);
	while (!__atomic_load_n(&holding, __ATOMIC_SEQ_CST))
		sched_yield();
	CHECK(osv_fputc('x', shared) == 'x' && osv_fputs("y\n", shared) >= 0,
	      "single-threaded: no lock taken by fputc and fputs");
	__atomic_store_n(&release_it, 1, __ATOMIC_SEQ_CST);
	pthread_join(h, NULL);
	osv_fflush(shared);
	CHECK(n == 3 && memcmp(p, "xy\n", 3) == 0, "the unlocked writes");
	osv_fclose(shared);
	free(p);
	osv___libc_single_threaded = 0;
	shared = osv_open_memstream(&p, &n);
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, writer, (void *)i);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	osv_fflush(shared);
	int lines = 0, bad = 0;
	for (char *s = p; s < p + n;) {
		char *e = memchr(s, '\n', (size_t)(p + n - s));
		long id;
		int i, k = 0;
		if (!e ||
		    sscanf(s, "thread %ld line %d end%n", &id, &i, &k) != 2 ||
		    s + k != e)
			bad++;
		lines++;
		s = e ? e + 1 : p + n;
	}
	CHECK(lines == 8000 && bad == 0, "%d lines, %d mixed", lines, bad);
	osv___libc_single_threaded = 1; /* as it was, for what follows */
	osv_flockfile(shared);
	osv_flockfile(shared);
	void *r;
	pthread_t u;
	pthread_create(&u, NULL, try_lock, shared);
	pthread_join(u, &r);
	CHECK((long)r != 0, "ftrylockfile fails while another thread holds it");
	osv_funlockfile(shared);
	osv_funlockfile(shared);
	pthread_create(&u, NULL, try_lock, shared);
	pthread_join(u, &r);
	CHECK((long)r == 0, "ftrylockfile succeeds once released");
	osv_fclose(shared);
	free(p);
	osv___libc_single_threaded = 0;
	dt_group_end("locking: elided with one thread; whole lines from 4 "
		     "threads, ftrylockfile");
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_stdio.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		printf("1..0 # SKIP no temporary directory\n");
		return 0;
	}
	scenario_runs();
	std_streams();
	layout();
	threads();
	reopened_stdout();
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return dt_done();
}

/*
 * The _FORTIFY_SOURCE entry points, __assert_fail and friends against
 * glibc's own (osv_ names, see libc_rename.h): within bounds every
 * function must give glibc's results; one byte beyond, both must die by
 * SIGABRT after printing the same message on stderr (each case runs in a
 * child process).  Output is TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "difftest.h"

/* The overflows are the point. */
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"

#define BOTH(ret, name, args)                                                  \
	ret name args;                                                         \
	ret osv_##name args;
BOTH(void *, __memcpy_chk, (void *, const void *, size_t, size_t))
BOTH(void *, __memmove_chk, (void *, const void *, size_t, size_t))
BOTH(void *, __mempcpy_chk, (void *, const void *, size_t, size_t))
BOTH(void *, __memset_chk, (void *, int, size_t, size_t))
BOTH(void, __explicit_bzero_chk, (void *, size_t, size_t))
BOTH(char *, __strcpy_chk, (char *, const char *, size_t))
BOTH(char *, __stpcpy_chk, (char *, const char *, size_t))
BOTH(char *, __strncpy_chk, (char *, const char *, size_t, size_t))
BOTH(char *, __stpncpy_chk, (char *, const char *, size_t, size_t))
BOTH(char *, __strcat_chk, (char *, const char *, size_t))
BOTH(char *, __strncat_chk, (char *, const char *, size_t, size_t))
BOTH(wchar_t *, __wmemcpy_chk, (wchar_t *, const wchar_t *, size_t, size_t))
BOTH(wchar_t *, __wmemset_chk, (wchar_t *, wchar_t, size_t, size_t))
BOTH(wchar_t *, __wcscpy_chk, (wchar_t *, const wchar_t *, size_t))
BOTH(wchar_t *, __wcpcpy_chk, (wchar_t *, const wchar_t *, size_t))
BOTH(wchar_t *, __wcscat_chk, (wchar_t *, const wchar_t *, size_t))
BOTH(wchar_t *, __wcsncat_chk, (wchar_t *, const wchar_t *, size_t, size_t))
BOTH(size_t, __mbstowcs_chk, (wchar_t *, const char *, size_t, size_t))
BOTH(size_t, __wcstombs_chk, (char *, const wchar_t *, size_t, size_t))
BOTH(size_t, __wcrtomb_chk, (char *, wchar_t, mbstate_t *, size_t))
BOTH(int, __sprintf_chk, (char *, int, size_t, const char *, ...))
BOTH(int, __snprintf_chk, (char *, size_t, int, size_t, const char *, ...))
BOTH(int, __fprintf_chk, (FILE *, int, const char *, ...))
BOTH(int, __asprintf_chk, (char **, int, const char *, ...))
BOTH(int, __dprintf_chk, (int, int, const char *, ...))
BOTH(char *, __fgets_chk, (char *, size_t, int, FILE *))
BOTH(size_t, __fread_chk, (void *, size_t, size_t, size_t, FILE *))
BOTH(long, __fdelt_chk, (long))
BOTH(int, __swprintf_chk,
     (wchar_t *, size_t, int, size_t, const wchar_t *, ...))
BOTH(int, __fwprintf_chk, (FILE *, int, const wchar_t *, ...))
BOTH(wchar_t *, __fgetws_chk, (wchar_t *, size_t, int, FILE *))
BOTH(FILE *, fopen, (const char *, const char *))
BOTH(void, __assert_fail,
     (const char *, const char *, unsigned int, const char *))
BOTH(void, __assert_perror_fail,
     (int, const char *, unsigned int, const char *))
BOTH(const char *, gnu_get_libc_version, (void))
BOTH(int, __register_atfork,
     (void (*)(void), void (*)(void), void (*)(void), void *))

FILE *osv_fmemopen(void *buf, size_t size, const char *mode);
FILE *osv_open_memstream(char **bufp, size_t *sizep);
int osv_fclose(FILE *f);
void osv_libc_set_progname(char *argv0);

/* Calls glibc's name (lib 0) or the libc's (lib 1). */
#define CALL(lib, name, ...)                                                   \
	((lib) ? osv_##name(__VA_ARGS__) : name(__VA_ARGS__))
#define CALLV(lib, name, ...)                                                  \
	do {                                                                   \
		if (lib)                                                       \
			osv_##name(__VA_ARGS__);                               \
		else                                                           \
			name(__VA_ARGS__);                                     \
	} while (0)

static const char *lib_name[] = {"glibc", "osv"};

/* ---- within bounds: the same results ---- */

static char wide_path[64];

/* A file of the host's holding text, for the wide streams. */
static void put_wide_file(const char *text)
{
	snprintf(wide_path, sizeof(wide_path), "/tmp/test_fortify.%d",
		 (int)getpid());
	FILE *f = fopen(wide_path, "w");
	fputs(text, f);
	fclose(f);
}

/* The wide _chk functions, and the flag's checks letting good formats by. */
static void wide_results(void)
{
	put_wide_file("short\nthis line is long\n");
	for (int lib = 0; lib < 2; lib++) {
		wchar_t w[16];
		int r = CALL(lib, __swprintf_chk, w, 16, 1, 16, L"%d|%-3ls|%n",
			     42, L"ab", &(int){0});
		CHECK(r == 7 && wcscmp(w, L"42|ab |") == 0,
		      "%s swprintf_chk: %d", lib_name[lib], r);
		char s[16];
		int n = 0;
		r = CALL(lib, __sprintf_chk, s, 1, 16, "ab%n%s", &n, "c");
		CHECK(r == 3 && n == 2 && strcmp(s, "abc") == 0,
		      "%s %%n in a read-only format with the flag",
		      lib_name[lib]);
		FILE *f = CALL(lib, fopen, wide_path, "r");
		wchar_t line[8];
		wchar_t *g = CALL(lib, __fgetws_chk, line, 8, 100, f);
		CHECK(g == line && wcscmp(line, L"short\n") == 0,
		      "%s fgetws_chk fits", lib_name[lib]);
		g = CALL(lib, __fgetws_chk, line, 8, 4, f);
		CHECK(g == line && wcscmp(line, L"thi") == 0,
		      "%s fgetws_chk n below size", lib_name[lib]);
		CALL(lib, fclose, f);
		f = CALL(lib, fopen, wide_path, "w");
		r = CALL(lib, __fwprintf_chk, f, 1, L"%2$s-%1$d", 5, "x");
		CALL(lib, fclose, f);
		char buf[8] = "";
		f = fopen(wide_path, "r");
		size_t len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		CHECK(r == 3 && len == 3 && memcmp(buf, "x-5", 3) == 0,
		      "%s fwprintf_chk", lib_name[lib]);
		put_wide_file("short\nthis line is long\n");
	}
	unlink(wide_path);
	dt_group_end("wide _chk within bounds; the flag's checks pass");
}

static void same_results(void)
{
	for (int round = 0; round < 2000; round++) {
		char src[64], a[2][80], *ra[2];
		size_t n = dt_below(64), slack = dt_below(3);
		for (size_t i = 0; i < sizeof(src); i++)
			src[i] = (char)('a' + dt_below(26));
		src[n] = '\0';
		for (int lib = 0; lib < 2; lib++) {
			memset(a[lib], '#', sizeof(a[lib]));
			a[lib][10] = '\0';
			switch (round % 10) {
			case 0:
				ra[lib] = CALL(lib, __memcpy_chk, a[lib], src,
					       n, n + slack);
				break;
			case 1:
				ra[lib] = CALL(lib, __memmove_chk, a[lib] + 1,
					       a[lib], n, n + slack);
				break;
			case 2:
				ra[lib] = CALL(lib, __mempcpy_chk, a[lib], src,
					       n, n + slack);
				break;
			case 3:
				ra[lib] = CALL(lib, __memset_chk, a[lib], 'x',
					       n, n + slack);
				break;
			case 4:
				ra[lib] = CALL(lib, __strcpy_chk, a[lib], src,
					       n + 1 + slack);
				break;
			case 5:
				ra[lib] = CALL(lib, __stpcpy_chk, a[lib], src,
					       n + 1 + slack);
				break;
			case 6:
				ra[lib] = CALL(lib, __strncpy_chk, a[lib], src,
					       n / 2 + 5, n / 2 + 5 + slack);
				break;
			case 7:
				ra[lib] = CALL(lib, __stpncpy_chk, a[lib], src,
					       n / 2 + 5, n / 2 + 5 + slack);
				break;
			case 8:
				ra[lib] = CALL(lib, __strcat_chk, a[lib], src,
					       11 + n + slack);
				break;
			default:
				ra[lib] = CALL(lib, __strncat_chk, a[lib], src,
					       n / 2, 11 + n / 2 + slack);
				break;
			}
		}
		CHECK(ra[0] - a[0] == ra[1] - a[1] &&
			  memcmp(a[0], a[1], sizeof(a[0])) == 0,
		      "case %d n %zu slack %zu: %s / %s", round % 10, n, slack,
		      dt_quote(a[0], 40), dt_quote(a[1], 40));
	}
	dt_group_end("mem and str _chk within bounds: glibc's results");

	wchar_t wsrc[] = L"wide string", w[2][32];
	char mb[2][32];
	for (int lib = 0; lib < 2; lib++) {
		wmemset(w[lib], L'#', 32);
		CALL(lib, __wmemcpy_chk, w[lib], wsrc, 4, 4);
		CALL(lib, __wmemset_chk, w[lib] + 4, L'-', 2, 2);
		CALL(lib, __wcpcpy_chk, w[lib] + 6, wsrc, 12);
		CALL(lib, __wcscat_chk, w[lib], L"!", 32);
		CALL(lib, __wcsncat_chk, w[lib], L"abc", 2, 32);
		memset(mb[lib], '#', 32);
		size_t k = CALL(lib, __wcstombs_chk, mb[lib], w[lib], 31, 32);
		CHECK(k == wcslen(w[lib]), "%s wcstombs %zu", lib_name[lib], k);
		mbstate_t st = {0};
		k = CALL(lib, __wcrtomb_chk, mb[lib] + 30, L'z', &st, 2);
		CHECK(k == 1, "%s wcrtomb %zu", lib_name[lib], k);
	}
	CHECK(wmemcmp(w[0], w[1], 32) == 0 && memcmp(mb[0], mb[1], 32) == 0,
	      "wide: %s / %s", dt_quote(mb[0], 32), dt_quote(mb[1], 32));
	wchar_t back[2][32];
	for (int lib = 0; lib < 2; lib++)
		CHECK(CALL(lib, __mbstowcs_chk, back[lib], "back", 32, 32) == 4,
		      "mbstowcs");
	CHECK(wmemcmp(back[0], back[1], 5) == 0, "mbstowcs result");
	dt_group_end("wide _chk within bounds");

	char s[2][16], *p[2];
	int r[2];
	for (int lib = 0; lib < 2; lib++) {
		memset(s[lib], '#', 16);
		r[lib] = CALL(lib, __sprintf_chk, s[lib], 1, 16, "%d-%s", 12345,
			      "abcdefghi");
		CHECK(r[lib] == 15, "%s sprintf exact fit %d", lib_name[lib],
		      r[lib]);
		r[lib] = CALL(lib, __snprintf_chk, s[lib], 8, 1, 16, "%s",
			      "longer than eight");
		CHECK(r[lib] == 17, "%s snprintf %d", lib_name[lib], r[lib]);
		r[lib] =
		    CALL(lib, __asprintf_chk, &p[lib], 1, "<%5.2f>", 3.14159);
		CHECK(r[lib] == 7 && strcmp(p[lib], "< 3.14>") == 0,
		      "%s asprintf", lib_name[lib]);
		free(p[lib]);
		size_t n;
		char *buf;
		FILE *f = lib ? osv_open_memstream(&buf, &n)
			      : open_memstream(&buf, &n);
		r[lib] = CALL(lib, __fprintf_chk, f, 1, "%x|%-4s|", 255, "ab");
		CALL(lib, fclose, f);
		CHECK(r[lib] == 8 && n == 8 && memcmp(buf, "ff|ab  |", 8) == 0,
		      "%s fprintf_chk %s", lib_name[lib], dt_quote(buf, n));
		free(buf);
		int pp[2];
		CHECK(pipe(pp) == 0, "pipe");
		r[lib] = CALL(lib, __dprintf_chk, pp[1], 1, "%03d", 7);
		char got[8] = "";
		CHECK(r[lib] == 3 && read(pp[0], got, 8) == 3 &&
			  memcmp(got, "007", 3) == 0,
		      "%s dprintf_chk", lib_name[lib]);
		close(pp[0]);
		close(pp[1]);
		char text[] = "short\nthis line is long\n";
		f = lib ? osv_fmemopen(text, sizeof(text) - 1, "r")
			: fmemopen(text, sizeof(text) - 1, "r");
		char line[8];
		char *g = CALL(lib, __fgets_chk, line, sizeof(line), 100, f);
		CHECK(g == line && strcmp(line, "short\n") == 0,
		      "%s fgets_chk fits", lib_name[lib]);
		g = CALL(lib, __fgets_chk, line, sizeof(line), 4, f);
		CHECK(g == line && strcmp(line, "thi") == 0,
		      "%s fgets_chk n below size", lib_name[lib]);
		size_t k = CALL(lib, __fread_chk, line, sizeof(line), 2, 3, f);
		CHECK(k == 3 && memcmp(line, "s line", 6) == 0, "%s fread_chk",
		      lib_name[lib]);
		CALL(lib, fclose, f);
		CHECK(CALL(lib, __fdelt_chk, 1023) == 15 &&
			  CALL(lib, __fdelt_chk, 64) == 1,
		      "%s fdelt_chk", lib_name[lib]);
	}
	CHECK(memcmp(s[0], s[1], 16) == 0, "sprintf/snprintf bytes: %s / %s",
	      dt_quote(s[0], 16), dt_quote(s[1], 16));
	CHECK(strcmp(gnu_get_libc_version(), osv_gnu_get_libc_version()) == 0,
	      "gnu_get_libc_version: %s / %s", gnu_get_libc_version(),
	      osv_gnu_get_libc_version());
	CHECK(osv___register_atfork(NULL, NULL, NULL, NULL) == 0,
	      "__register_atfork");
	dt_group_end("stdio _chk within bounds, fdelt, version, atfork");
	wide_results();
}

/* ---- one beyond: death by SIGABRT with glibc's message ---- */

/* Formats in writable memory. */
static char writable_fmt[] = "x%n";
static wchar_t writable_wfmt[] = L"x%n";

static void overflow(int id, int lib)
{
	char d[8] = "abc", big[32];
	wchar_t w[4] = L"ab";
	mbstate_t st = {0};
	FILE *f;
	static char text[] = "0123456789abcdef\n";

	memset(big, 'z', sizeof(big));
	big[8] = '\0';
	switch (id) {
	case 0:
		CALL(lib, __memcpy_chk, d, big, 9, 8);
		break;
	case 1:
		CALL(lib, __memmove_chk, d, big, 9, 8);
		break;
	case 2:
		CALL(lib, __mempcpy_chk, d, big, 9, 8);
		break;
	case 3:
		CALL(lib, __memset_chk, d, 0, 9, 8);
		break;
	case 4:
		CALLV(lib, __explicit_bzero_chk, d, 9, 8);
		break;
	case 5:
		CALL(lib, __strcpy_chk, d, big, 8);
		break;
	case 6:
		CALL(lib, __stpcpy_chk, d, big, 8);
		break;
	case 7:
		CALL(lib, __strncpy_chk, d, "x", 9, 8);
		break;
	case 8:
		CALL(lib, __stpncpy_chk, d, "x", 9, 8);
		break;
	case 9:
		CALL(lib, __strcat_chk, d, "wxyzq", 8);
		break;
	case 10:
		CALL(lib, __strncat_chk, d, "wxyzqrs", 5, 8);
		break;
	case 11:
		CALL(lib, __wmemcpy_chk, w, L"abcde", 5, 4);
		break;
	case 12:
		CALL(lib, __wcscpy_chk, w, L"abcd", 4);
		break;
	case 13:
		CALL(lib, __wcscat_chk, w, L"cd", 4);
		break;
	case 14:
		CALL(lib, __mbstowcs_chk, w, "abcde", 5, 4);
		break;
	case 15:
		CALL(lib, __wcrtomb_chk, d, L'a', &st, 0);
		break;
	case 16:
		CALL(lib, __sprintf_chk, d, 1, 8, "%s", "12345678");
		break;
	case 17:
		CALL(lib, __snprintf_chk, d, 9, 1, 8, "%s", "1");
		break;
	case 18:
		f = lib ? osv_fmemopen(text, sizeof(text) - 1, "r")
			: fmemopen(text, sizeof(text) - 1, "r");
		CALL(lib, __fgets_chk, d, 8, 100, f);
		break;
	case 19:
		f = lib ? osv_fmemopen(text, sizeof(text) - 1, "r")
			: fmemopen(text, sizeof(text) - 1, "r");
		CALL(lib, __fread_chk, d, 8, 3, 3, f);
		break;
	case 20:
		CALL(lib, __fdelt_chk, 1024);
		break;
	case 21:
		CALL(lib, __fdelt_chk, -1);
		break;
	case 22:
		CALLV(lib, __assert_fail, "x == 1", "file.c", 42, "main");
		break;
	case 23:
		CALLV(lib, __assert_fail, "y", "dir/f.c", 7, NULL);
		break;
	case 24:
		CALLV(lib, __assert_perror_fail, ENOENT, "p.c", 3, "fn");
		break;
	case 25:
		CALL(lib, __sprintf_chk, big, 1, 32, writable_fmt, &(int){0});
		break;
	case 26:
		CALL(lib, __snprintf_chk, big, 32, 1, 32, "%2$d", 1, 2);
		break;
	case 27:
		CALL(lib, __fprintf_chk, stderr, 1, "%1$*3$d", 1, 2, 3);
		break;
	case 28:
		CALL(lib, __swprintf_chk, w, 5, 1, 4, L"a");
		break;
	case 29:
		CALL(lib, __swprintf_chk, w, 4, 1, 4, writable_wfmt, &(int){0});
		break;
	case 30:
		CALL(lib, __swprintf_chk, w, 4, 2, 4, L"%3$d%1$d", 1, 2, 3);
		break;
	case 31:
		f = CALL(lib, fopen, wide_path, "r");
		CALL(lib, __fgetws_chk, w, 4, 100, f);
		break;
	}
}

#define OVERFLOW_CASES 32

/* Runs a case in a child: its stderr and how it ended. */
static int run_child(int id, int lib, char *msg, size_t cap, size_t *len)
{
	int p[2], status;

	fflush(stdout);
	if (pipe(p))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 2);
		close(p[0]);
		overflow(id, lib);
		_exit(0);
	}
	close(p[1]);
	*len = 0;
	ssize_t k;
	while (*len < cap && (k = read(p[0], msg + *len, cap - *len)) > 0)
		*len += (size_t)k;
	close(p[0]);
	waitpid(pid, &status, 0);
	return status;
}

static void overflows(void)
{
	setenv("LIBC_FATAL_STDERR_", "1", 1);
	put_wide_file("a long line\n");
	for (int id = 0; id < OVERFLOW_CASES; id++) {
		char msg[2][256];
		size_t len[2];
		int status[2];
		for (int lib = 0; lib < 2; lib++)
			status[lib] = run_child(id, lib, msg[lib],
						sizeof(msg[lib]), &len[lib]);
		for (int lib = 0; lib < 2; lib++)
			CHECK(WIFSIGNALED(status[lib]) &&
				  WTERMSIG(status[lib]) == SIGABRT,
			      "case %d: %s's child ended with status %#x", id,
			      lib_name[lib], status[lib]);
		CHECK(len[0] > 0 && len[0] == len[1] &&
			  memcmp(msg[0], msg[1], len[0]) == 0,
		      "case %d: glibc said %s, osv %s", id,
		      dt_quote(msg[0], len[0]), dt_quote(msg[1], len[1]));
	}
	unlink(wide_path);
	dt_group_end("one beyond the object: SIGABRT and glibc's message");
}

int main(void)
{
	osv_libc_set_progname(program_invocation_name);
	same_results();
	overflows();
	return dt_done();
}

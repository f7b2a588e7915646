/*
 * Wide-character stdio as an application sees it, built against glibc's
 * headers at -O2 -D_FORTIFY_SOURCE=2 (tests/guest/wstdio.test checks
 * that it imports the _chk and __isoc99_ names).  Prints "PASS name" or
 * "FAIL name: why" per check, then "checks: N failed: M"; the console
 * part prints wide lines on a wide stdout.  With the argument "stdout"
 * it prints one wide line and nothing else; "percent-n" passes a %n in
 * a writable format to the fortified printf, which must abort.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "../app_check.h"

/* Keeps the compiler from knowing sizes, so the _chk calls stay. */
static size_t opaque(size_t n)
{
	__asm__ volatile("" : "+r"(n));
	return n;
}

static void formatted(void)
{
	wchar_t buf[64];
	int n = swprintf(buf, opaque(64), L"%d|%5ls|%-3lc|%s|%.2f", 42,
			 L"\xe9t\xe9", 0x263a, "\xc3\xa9z", 2.5);
	CHECK("__swprintf_chk formats",
	      n == 20 &&
		  wcscmp(buf, L"42|  \xe9t\xe9|\x263a  |\xe9z|2.50") == 0);
	CHECK("swprintf fails on truncation",
	      swprintf(buf, opaque(4), L"%s", "toolong") == -1);
	int i = 0;
	wchar_t w[16], c = 0;
	char s[16];
	int r = swscanf(L"12 \x4e2d\x6587 \xe9t\xe9 z", L"%d %ls %s %lc", &i, w,
			s, &c);
	CHECK("__isoc99_swscanf",
	      r == 4 && i == 12 && wcscmp(w, L"\x4e2d\x6587") == 0 &&
		  strcmp(s, "\xc3\xa9t\xc3\xa9") == 0 && c == L'z');
	wchar_t copy[8];
	wcscpy(copy, L"wide");
	wmemcpy(copy + 4, L"12", opaque(3));
	CHECK("__wcscpy_chk, __wmemcpy_chk", wcscmp(copy, L"wide12") == 0);
}

static void files(void)
{
	FILE *f = fopen("/tmp/wide.txt", "w+");
	CHECK("fopen", f != NULL);
	if (!f)
		return;
	CHECK("fwide of a new stream is 0", fwide(f, 0) == 0);
	CHECK("fputws", fputws(L"\x3b1\x3b2\x3b3\n", f) >= 0);
	CHECK("the stream is now wide", fwide(f, 0) > 0);
	CHECK("fwprintf", fwprintf(f, L"%ls=%d\n", L"\x20ac", 5) == 4);
	CHECK("fputwc", fputwc(0x1f600, f) == 0x1f600);
	CHECK("byte output on a wide stream fails",
	      fputs("x", f) == EOF && fprintf(f, "y") == -1);
	rewind(f);
	wchar_t line[8];
	CHECK("__fgetws_chk reads a line",
	      fgetws(line, opaque(8), f) &&
		  wcscmp(line, L"\x3b1\x3b2\x3b3\n") == 0);
	wchar_t sym = 0;
	int v = 0;
	CHECK("__isoc99_fwscanf",
	      fwscanf(f, L"%lc=%d", &sym, &v) == 2 && sym == 0x20ac && v == 5);
	CHECK("fgetwc", fgetwc(f) == L'\n' && fgetwc(f) == 0x1f600 &&
			    fgetwc(f) == WEOF && feof(f));
	CHECK("ungetwc", ungetwc(0xe9, f) == 0xe9 && getwc(f) == 0xe9);
	fclose(f);
	f = fopen("/tmp/wide.txt", "r");
	char bytes[16] = {0};
	size_t got = fread(bytes, 1, 15, f);
	CHECK("the file holds UTF-8",
	      got == 15 &&
		  memcmp(bytes,
			 "\xce\xb1\xce\xb2\xce\xb3\n\xe2\x82\xac=5\n\xf0\x9f",
			 15) == 0);
	CHECK("wide input on a byte stream fails", fgetwc(f) == WEOF);
	fclose(f);
}

int main(int argc, char **argv)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("FAIL setlocale C.UTF-8\n");
		return 1;
	}
	if (argc > 1 && strcmp(argv[1], "stdout") == 0) {
		wprintf(L"wide stdout: %ls %d\n", L"\xe9t\xe9", 7);
		putwchar(L'!');
		putwchar(L'\n');
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "percent-n") == 0) {
		char *fmt = strdup("count%n\n");
		int n = 0;
		printf(fmt, &n);
		printf("not reached: %d\n", n);
		return 0;
	}
	formatted();
	files();
	return app_check_summary();
}

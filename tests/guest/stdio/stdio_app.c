/*
 * stdio as an application sees it, built against glibc's headers at
 * -O2 -D_FORTIFY_SOURCE=2, so that glibc's inline getc/putc macros read
 * the kernel's FILE and the _chk entry points are called
 * (tests/guest/stdio.test checks that the program imports them).
 * Prints "PASS name" or "FAIL name: why" per check, then
 * "checks: N failed: M", and returns the number of failures.  With an
 * argument it fails on purpose instead: "overflow" (a fortified strcpy
 * one byte too long), "assert".
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <gnu/libc-version.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/single_threaded.h>
#include <unistd.h>

#include "../app_check.h"

/* Strings whose lengths the compiler cannot know, so that the _chk
 * calls stay. */
static const char *volatile copied = "copied", *volatile cat = "+cat";
static const char *volatile too_long = "123456789";

/* Keeps the compiler from knowing lengths, so the _chk calls stay. */
static size_t opaque(size_t n)
{
	__asm__ volatile("" : "+r"(n));
	return n;
}

static void console_order(void)
{
	/* stdout is line buffered on the console: each line goes out at
	 * its newline, in order with direct writes to the descriptor. */
	printf("order: line 1\n");
	if (write(1, "order: line 2\n", 14) != 14)
		CHECK("write to 1", 0);
	printf("order: line 3\n");
	/* stderr is unbuffered: these two make one line. */
	fprintf(stderr, "stderr: first half,");
	if (write(2, " second half\n", 13) != 13)
		CHECK("write to 2", 0);
	/* glibc's inline putc_unlocked and putchar. */
	const char *s = "inline putc line\n";
	flockfile(stdout);
	for (const char *p = s; *p; p++)
		putc_unlocked(*p, stdout);
	funlockfile(stdout);
	putchar('!');
	putchar('\n');
	CHECK("stdout fileno",
	      fileno(stdout) == 1 && fileno(stderr) == 2 && fileno(stdin) == 0);
}

static void files(void)
{
	FILE *f = fopen("/tmp/stdio.txt", "w");
	CHECK("fopen w", f != NULL);
	if (!f)
		return;
	for (int i = 0; i < 1000; i++)
		fprintf(f, "%d %s %.3f\n", i, i % 3 ? "word" : "three",
			i / 7.0);
	CHECK("fclose w", fclose(f) == 0);

	f = fopen("/tmp/stdio.txt", "r");
	CHECK("fopen r", f != NULL);
	if (!f)
		return;
	char line[64];
	int lines = 0;
	while (fgets(line, (int)opaque(sizeof(line)), f))
		lines++;
	CHECK("fgets every line", lines == 1000 && feof(f) && !ferror(f));
	CHECK("last line", strcmp(line, "999 three 142.714\n") == 0);
	rewind(f);
	int n, c;
	char word[16];
	double d;
	CHECK("fscanf", fscanf(f, "%d %15s %lf", &n, word, &d) == 3 && n == 0 &&
			    strcmp(word, "three") == 0 && d == 0);
	c = getc_unlocked(f); /* glibc's inline macro */
	CHECK("getc_unlocked", c == '\n');
	CHECK("ungetc", ungetc('X', f) == 'X' && getc(f) == 'X');
	long pos = ftell(f);
	CHECK("ftell", pos == 14);
	char blk[8];
	CHECK("fread", fread(blk, 1, opaque(sizeof(blk)), f) == 8 &&
			   memcmp(blk, "1 word 0", 8) == 0);
	CHECK("fseek", fseek(f, -6, SEEK_END) == 0 &&
			   fgets(line, sizeof(line), f) &&
			   strcmp(line, "2.714\n") == 0);
	char *l = NULL;
	size_t cap = 0;
	fseek(f, 0, SEEK_SET);
	CHECK("getline",
	      getline(&l, &cap, f) == 14 && strcmp(l, "0 three 0.000\n") == 0);
	free(l);
	fclose(f);

	f = fopen("/tmp/stdio.txt", "a");
	fputs("appended\n", f);
	fclose(f);
	f = fopen("/tmp/stdio.txt", "r");
	fseek(f, -9, SEEK_END);
	CHECK("append",
	      fgets(line, sizeof(line), f) && strcmp(line, "appended\n") == 0);
	fclose(f);
	CHECK("rename", rename("/tmp/stdio.txt", "/tmp/moved.txt") == 0);
	CHECK("remove", remove("/tmp/moved.txt") == 0 &&
			    fopen("/tmp/moved.txt", "r") == NULL &&
			    errno == ENOENT);

	FILE *t = tmpfile();
	CHECK("tmpfile", t != NULL);
	if (t) {
		fprintf(t, "scratch %d", 42);
		rewind(t);
		CHECK("tmpfile read back",
		      fscanf(t, "scratch %d", &n) == 1 && n == 42);
		fclose(t);
	}

	char *buf;
	size_t size;
	FILE *m = open_memstream(&buf, &size);
	fprintf(m, "%s-%d", "mem", 7);
	fclose(m);
	CHECK("open_memstream", size == 5 && strcmp(buf, "mem-7") == 0);
	free(buf);
}

/* Four threads print lines into one file: every line stays whole. */
static FILE *shared;

static void *writer(void *arg)
{
	long id = (long)arg;
	for (int i = 0; i < 500; i++) {
		if (i % 2) {
			fprintf(shared, "thread %ld line %d end\n", id, i);
		} else {
			/* another thread runs mid-line: the lock holds it */
			flockfile(shared);
			fputs("thread ", shared);
			if (i % 10 == 0)
				sched_yield();
			fprintf(shared, "%ld line %d", id, i);
			fputs(" end\n", shared);
			funlockfile(shared);
		}
	}
	return NULL;
}

static void threads(void)
{
	pthread_t t[4];
	shared = fopen("/tmp/threads.txt", "w");
	CHECK("threads: fopen", shared != NULL);
	if (!shared)
		return;
	CHECK("threads: __libc_single_threaded until the first thread",
	      __libc_single_threaded == 1);
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, writer, (void *)i);
	CHECK("threads: __libc_single_threaded cleared by pthread_create",
	      __libc_single_threaded == 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	fclose(shared);
	FILE *f = fopen("/tmp/threads.txt", "r");
	char line[64];
	int lines = 0, bad = 0;
	while (f && fgets(line, sizeof(line), f)) {
		long id;
		int i, k = 0;
		if (sscanf(line, "thread %ld line %d end\n%n", &id, &i, &k) !=
			2 ||
		    line[k] != '\0')
			bad++;
		lines++;
	}
	if (f)
		fclose(f);
	CHECK("threads: 2000 whole lines", lines == 2000 && bad == 0);
}

static void fortified(void)
{
	char small[16];
	char *dyn = NULL;
	size_t n = opaque(5);
	memcpy(small, "abcdefgh", n);
	small[n] = '\0';
	CHECK("__memcpy_chk", strcmp(small, "abcde") == 0);
	strcpy(small, copied);
	CHECK("__strcpy_chk", strcmp(small, "copied") == 0);
	strcat(small, cat);
	CHECK("__strcat_chk", strcmp(small, "copied+cat") == 0);
	CHECK("__sprintf_chk", sprintf(small, "%d/%s", 42, "x") == 4 &&
				   strcmp(small, "42/x") == 0);
	CHECK("__snprintf_chk",
	      snprintf(small, opaque(8), "%s", "truncated") == 9 &&
		  strcmp(small, "truncat") == 0);
	CHECK("__asprintf_chk",
	      asprintf(&dyn, "%05.1f", 2.25) == 5 && strcmp(dyn, "002.2") == 0);
	free(dyn);
	memset(small, '-', opaque(15));
	small[15] = '\0';
	CHECK("__memset_chk", strspn(small, "-") == 15);
	CHECK("gnu_get_libc_version",
	      strcmp(gnu_get_libc_version(), "2.36") == 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "overflow") == 0) {
		char small[8];
		/* the length is known only at run time: __strcpy_chk */
		strcpy(small, too_long);
		printf("not reached: %s\n", small);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "assert") == 0) {
		assert(argc == 42);
		return 0;
	}
	console_order();
	files();
	threads();
	fortified();
	app_check_summary();
	/* A fully buffered stream left open: only exit() writes it. */
	FILE *late = fdopen(dup(1), "w");
	if (late) {
		setvbuf(late, NULL, _IOFBF, BUFSIZ);
		fprintf(late, "written by exit\n");
	}
	printf("unterminated at exit");
	return failures;
}

/*
 * A program linked at a fixed address (-no-pie, ET_EXEC): its auxiliary
 * vector, its globals, a libc variable it has a copy of (optind,
 * stdout: COPY relocations), argv and envp, and calls through its own
 * and the libc's functions.
 * Prints "name=<value>" lines that the test compares with the same
 * program on the host, then (ETEXEC_GUEST set) where it is and what
 * munmap and mprotect do to its pages.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int counter = 41;	      /* .data */
static char buffer[3 * 4096]; /* .bss, more than a page */
static const char *const words[] = {"alpha", "beta"};

static int add(int a, int b)
{
	return a + b;
}

static int (*volatile adder)(int, int) = add;

/* An entry of the auxiliary vector, which follows envp's NULL. */
static unsigned long auxv_entry(char **envp, unsigned long type)
{
	while (*envp)
		envp++;
	for (Elf64_auxv_t *a = (Elf64_auxv_t *)(envp + 1); a->a_type; a++)
		if (a->a_type == type)
			return a->a_un.a_val;
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	int c;
	/* a fixed program's headers and entry: the same addresses anywhere */
	printf("AT_PHDR=<%#lx>\n", auxv_entry(envp, AT_PHDR));
	printf("AT_PHNUM=<%lu>\n", auxv_entry(envp, AT_PHNUM));
	printf("AT_ENTRY=<%#lx>\n", auxv_entry(envp, AT_ENTRY));
	counter++;
	printf("counter=<%d>\n", counter);
	printf("adder=<%d>\n", adder(counter, 1));
	printf("argc=<%d>\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=<%s>\n", i, argv[i]);
	for (char **e = envp; *e; e++)
		if (strncmp(*e, "ETEXEC_VAR=", 11) == 0)
			printf("env=<%s>\n", *e);
	printf("getenv=<%s>\n", getenv("ETEXEC_VAR"));
	while ((c = getopt(argc, argv, "ab:")) != -1)
		printf("opt=<%c %s>\n", c, optarg ? optarg : "");
	printf("optind=<%d>\n", optind);
	memset(buffer, 'x', sizeof(buffer) - 1);
	printf("buffer=<%zu>\n", strlen(buffer));
	printf("words=<%s %s>\n", words[0], words[1]);
	fprintf(stdout, "stdout=<%d>\n", fileno(stdout));
	fflush(stdout);
	if (!getenv("ETEXEC_GUEST"))
		return 0;
	/* the kernel's answers: its pages are no mmap()'s */
	printf("address of counter: %p, of main: %p\n", (void *)&counter,
	       (void *)main);
	void *page = (void *)((unsigned long)&counter & ~4095UL);
	int r = mprotect(page, 4096, PROT_READ);
	printf("mprotect of its data: %d (%s)\n", r, r ? strerror(errno) : "");
	r = munmap(page, 4096);
	printf("munmap of its data: %d, counter still %d\n", r, counter);
	return 0;
}

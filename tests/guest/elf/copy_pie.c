/*
 * An executable-style PIE (not a shared object): R_X86_64_COPY from
 * libcopy.so, local-exec TLS, DT_PREINIT_ARRAY, and a start through its
 * entry point (_start, then the libc's __libc_start_main) since it does
 * not export main.
 */
#include <string.h>

#include "check.h"

extern int copy_var;
extern int copy_array[4];
int *copy_var_addr(void);
int copy_var_read(void);

__thread int pie_tls = 77;
static __thread int pie_tbss;

static void preinit(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	puts("pie: preinit");
}

__attribute__((section(".preinit_array"),
	       used)) static void (*const preinit_entry)(int, char **,
							 char **) = preinit;

__attribute__((constructor)) static void constructor(void)
{
	puts("pie: constructor");
}

int main(int argc, char **argv)
{
	check("copy-value", copy_var == 1234 && copy_array[3] == 4);
	check("copy-address", copy_var_addr() == &copy_var);
	copy_var = 99;
	check("copy-shared", copy_var_read() == 99);
	check("local-exec-tls", pie_tls == 77 && pie_tbss == 0);
	pie_tbss = 3;
	check("local-exec-tbss", pie_tbss == 3);
	check("entry-argv",
	      argc == 2 && strcmp(argv[1], "x") == 0 && argv[argc] == NULL);
	return check_failures;
}

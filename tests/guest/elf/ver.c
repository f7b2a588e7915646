/*
 * Symbol versions: the program's reference (ver_fn@VERS_2, what it was
 * linked against) binds to that version, dlvsym() finds either, dlsym()
 * the default; glibc's versioned names (printf@GLIBC_2.2.5...) bind to
 * the kernel's unversioned ones.
 */
#define _GNU_SOURCE
#include <dlfcn.h>

#include "check.h"

int ver_fn(void);

int main(void)
{
	void *h = dlopen("libver.so", RTLD_NOW | RTLD_NOLOAD);
	int (*v1)(void) = (int (*)(void))dlvsym(h, "ver_fn", "VERS_1");
	int (*v2)(void) = (int (*)(void))dlvsym(h, "ver_fn", "VERS_2");
	int (*def)(void) = (int (*)(void))dlsym(h, "ver_fn");
	check("versioned-reference", ver_fn() == 2);
	check("dlvsym", h && v1 && v1() == 1 && v2 && v2() == 2);
	check("dlsym-default-version", def && def() == 2);
	check("dlvsym-missing", dlvsym(h, "ver_fn", "VERS_9") == NULL);
	return check_failures;
}

/* libtlsdyn.so, dlopen()ed: its TLS block is made on first use. */
#define _GNU_SOURCE
#include <dlfcn.h>

__thread int dyn_tls = 301;
static __thread int dyn_bss;

int *dyn_tls_addr(void)
{
	return &dyn_tls;
}

int dyn_bss_bump(void)
{
	return ++dyn_bss;
}

/*
 * A thread_local destructor registered as g++ does it, with this
 * library's __dso_handle: it must run even if the library was
 * dlclose()d meanwhile (the registration keeps it loaded).
 */
int __cxa_thread_atexit_impl(void (*fn)(void *), void *obj, void *dso);
extern void *__dso_handle;

static void dyn_report(void *out)
{
	Dl_info info;
	/* -1: the library was unloaded before its destructor ran */
	*(int *)out = dladdr((void *)dyn_report, &info) ? dyn_tls : -1;
}

int dyn_register_dtor(int *out)
{
	return __cxa_thread_atexit_impl(dyn_report, out, &__dso_handle);
}

/*
 * Per-thread destructors of C++ thread_local objects, registered through
 * __cxa_thread_atexit_impl() (libc/stdlib/atexit.c).  They run, newest
 * first, when their thread ends (pthread_exit() or a return from its
 * start routine), before the keys' destructors and before its TLS is
 * freed; the program's first thread runs its own at exit().
 *
 * A destructor's code lives in the object that registered it (dso, its
 * __dso_handle).  As glibc does, each registration holds a reference on
 * that object, so that a dlclose() meanwhile cannot unload the code the
 * destructor will run; the reference goes once it has run.
 */
#include <dlfcn.h>

#include "elf_loader.h"
#include "mm.h"
#include "pthread_impl.h"

/* Weak, as elf_tls_create(): kernels without the loader pin nothing. */
int elf_dladdr(const void *addr, Dl_info *info) __attribute__((weak));
void *elf_dlopen(const char *file, int mode, const void *caller)
    __attribute__((weak));
int elf_dlclose(void *handle) __attribute__((weak));

/* A reference on the loaded object containing dso, or NULL. */
static void *pin_object(void *dso)
{
	Dl_info info;
	if (!dso || !elf_dladdr || !elf_dlopen || !elf_dladdr(dso, &info) ||
	    !info.dli_fname)
		return NULL;
	return elf_dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD, NULL);
}

int osv_thread_atexit(void (*fn)(void *), void *obj, void *dso)
{
	struct pthread *self = osv_pthread_self();
	struct tls_dtor *d = self ? heap_alloc(sizeof(*d)) : NULL;
	if (!d)
		return -1;
	d->fn = fn;
	d->obj = obj;
	d->object = pin_object(dso);
	d->next = self->tls_dtors;
	self->tls_dtors = d;
	return 0;
}

void osv_thread_run_tls_dtors(struct pthread *self)
{
	struct tls_dtor *d;
	while ((d = self->tls_dtors)) {
		self->tls_dtors = d->next;
		d->fn(d->obj);
		if (d->object && elf_dlclose)
			elf_dlclose(d->object);
		heap_free(d);
	}
}

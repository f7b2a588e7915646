/*
 * The dlfcn interface with glibc's names and signatures, over the
 * kernel's ELF loader (elf_loader.h), which does the work.  What is left
 * here is glibc's error convention: a failing call records a message
 * that the next dlerror() returns once, then NULL.  One thread for now,
 * so one message.
 */
#include <dlfcn.h>
#include <link.h>
#include <string.h>

#include "elf_loader.h"

static char message[640];
static int pending;

/* Records the loader's message, unless it reported no error. */
static void record_error(void)
{
	if (elf_error_kind() == ELF_ERR_NONE)
		return;
	strncpy(message, elf_error(), sizeof(message) - 1);
	pending = 1;
}

char *dlerror(void)
{
	if (!pending)
		return NULL;
	pending = 0;
	return message;
}

void *dlopen(const char *file, int mode)
{
	void *h = elf_dlopen(file, mode, __builtin_return_address(0));
	if (!h)
		record_error();
	return h;
}

int dlclose(void *handle)
{
	int r = elf_dlclose(handle);
	if (r)
		record_error();
	return r;
}

void *dlsym(void *restrict handle, const char *restrict name)
{
	void *p = elf_dlsym(handle, name, NULL, __builtin_return_address(0));
	if (!p)
		record_error();
	return p;
}

void *dlvsym(void *restrict handle, const char *restrict name,
	     const char *restrict version)
{
	void *p = elf_dlsym(handle, name, version, __builtin_return_address(0));
	if (!p)
		record_error();
	return p;
}

int dladdr(const void *address, Dl_info *info)
{
	return elf_dladdr(address, info);
}

int dladdr1(const void *address, Dl_info *info, void **extra, int flags)
{
	if (flags == RTLD_DL_SYMENT)
		return elf_dladdr1(address, info, (const Elf64_Sym **)extra,
				   NULL);
	if (flags == RTLD_DL_LINKMAP)
		return elf_dladdr1(address, info, NULL,
				   (struct link_map **)extra);
	return elf_dladdr(address, info); /* glibc ignores other flags */
}

int dlinfo(void *restrict handle, int request, void *restrict arg)
{
	int r = elf_dlinfo(handle, request, arg);
	if (r < 0)
		record_error();
	return r;
}

int _dl_find_object(void *address, struct dl_find_object *result)
{
	return elf_find_object(address, result);
}

int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *, size_t, void *),
		    void *data)
{
	return elf_iterate_phdr(callback, data);
}

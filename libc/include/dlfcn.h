/* dlfcn.h: the dynamic linker's interface, with glibc's ABI. */
#ifndef _DLFCN_H
#define _DLFCN_H

#ifdef __cplusplus
extern "C" {
#endif

#define RTLD_LAZY 0x00001
#define RTLD_NOW 0x00002
#define RTLD_BINDING_MASK 0x3
#define RTLD_NOLOAD 0x00004
#define RTLD_DEEPBIND 0x00008
#define RTLD_GLOBAL 0x00100
#define RTLD_LOCAL 0
#define RTLD_NODELETE 0x01000

#define RTLD_NEXT ((void *)-1l)
#define RTLD_DEFAULT ((void *)0)

typedef struct {
	const char *dli_fname; /* the object containing the address */
	void *dli_fbase;       /* where it is loaded */
	const char *dli_sname; /* the nearest symbol at or below it */
	void *dli_saddr;       /* that symbol's address */
} Dl_info;

struct link_map;

/* What _dl_find_object() tells about the object holding an address. */
struct dl_find_object {
	unsigned long long dlfo_flags;
	void *dlfo_map_start; /* its mapping */
	void *dlfo_map_end;
	struct link_map *dlfo_link_map; /* NULL: no link maps here */
	void *dlfo_eh_frame;		/* its PT_GNU_EH_FRAME, or NULL */
	unsigned long long __dlfo_reserved[7];
};

void *dlopen(const char *file, int mode);
int dlclose(void *handle);
void *dlsym(void *restrict handle, const char *restrict name);
void *dlvsym(void *restrict handle, const char *restrict name,
	     const char *restrict version);
char *dlerror(void);
int dladdr(const void *address, Dl_info *info);

#define RTLD_DL_SYMENT 1
#define RTLD_DL_LINKMAP 2
int dladdr1(const void *address, Dl_info *info, void **extra, int flags);

enum {
	RTLD_DI_LMID = 1,
	RTLD_DI_LINKMAP = 2,
	RTLD_DI_CONFIGADDR = 3,
	RTLD_DI_SERINFO = 4,
	RTLD_DI_SERINFOSIZE = 5,
	RTLD_DI_ORIGIN = 6,
	RTLD_DI_PROFILENAME = 7,
	RTLD_DI_PROFILEOUT = 8,
	RTLD_DI_TLS_MODID = 9,
	RTLD_DI_TLS_DATA = 10,
	RTLD_DI_PHDR = 11,
};
int dlinfo(void *restrict handle, int request, void *restrict arg);
int _dl_find_object(void *address, struct dl_find_object *result);

#ifdef __cplusplus
}
#endif

#endif

/*
 * TLS descriptors (-mtls-dialect=gnu2, R_X86_64_TLSDESC): to the
 * program's own TLS (local-dynamic too), a library's, and a dlopen()ed
 * library's, which then gets a block of static TLS.
 */
#include <dlfcn.h>

#include "check.h"

extern __thread int desc_var;
int *desc_addr(void);
__thread int own_desc = 402;
static __thread int own_bss;

int main(void)
{
	check("tlsdesc-library", desc_var == 401 && &desc_var == desc_addr());
	check("tlsdesc-own", own_desc == 402 && own_bss == 0);
	own_bss = 7;
	check("tlsdesc-own-write", own_bss == 7);
	void *h = dlopen("libtlsdescdyn.so", RTLD_NOW);
	int *(*addr)(void) = h ? (int *(*)(void))dlsym(h, "dyn_tls_addr") : 0;
	int (*bump)(void) = h ? (int (*)(void))dlsym(h, "dyn_bss_bump") : 0;
	check("tlsdesc-dlopen",
	      addr && *addr() == 301 && bump && bump() == 1 && bump() == 2);
	return check_failures;
}

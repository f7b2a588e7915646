/*
 * A PIE naming _r_debug (so it has a copy of it: a COPY relocation), as
 * debuggers' helpers read it: the chain of link maps through the copy
 * and through DT_DEBUG, before and after a dlopen of argv[1].  Prints
 * "name=<value>" lines that must be the same on the host.
 */
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

static int chain_length(const struct r_debug *r)
{
	int n = 0;
	for (const struct link_map *m = r->r_map; m; m = m->l_next)
		n++;
	return n;
}

static const struct link_map *find(const struct r_debug *r, const char *end)
{
	size_t len = strlen(end);
	for (const struct link_map *m = r->r_map; m; m = m->l_next) {
		size_t n = strlen(m->l_name);
		if (n >= len && !strcmp(m->l_name + n - len, end))
			return m;
	}
	return NULL;
}

static const struct r_debug *dt_debug(void)
{
	for (const ElfW(Dyn) *d = _DYNAMIC; d->d_tag != DT_NULL; d++)
		if (d->d_tag == DT_DEBUG)
			return (const struct r_debug *)d->d_un.d_ptr;
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: progvars_debug LIBRARY\n");
		return 2;
	}
	const struct r_debug *dt = dt_debug();
	int before = chain_length(&_r_debug);
	printf("r_version=<%d>\n", _r_debug.r_version);
	printf("r_brk=<%s>\n", _r_debug.r_brk ? "set" : "0");
	printf("program_first=<%d>\n",
	       _r_debug.r_map && !_r_debug.r_map->l_name[0]);
	printf("dt_debug=<%s>\n", !dt ? "unset"
				  : dt->r_map == _r_debug.r_map
				      ? "same chain"
				      : "other chain");
	void *h = dlopen(argv[1], RTLD_NOW);
	if (!h) {
		fprintf(stderr, "dlopen %s: %s\n", argv[1], dlerror());
		return 1;
	}
	const char *base = strrchr(argv[1], '/');
	base = base ? base : argv[1];
	printf("dlopen_adds=<%d>\n", chain_length(&_r_debug) > before);
	printf("copy_sees_it=<%d>\n", find(&_r_debug, base) != NULL);
	printf("dt_debug_sees_it=<%d>\n", dt && find(dt, base) != NULL);
	dlclose(h);
	printf("dlclose_leaves=<%d>\n", chain_length(&_r_debug) - before);
	return 0;
}

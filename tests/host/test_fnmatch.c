/*
 * fnmatch against glibc's in the C locale: fixed cases for each flag
 * and 200,000 random patterns (of * ? [ ] ! ^ - \ / . and letters)
 * over random strings, with every combination of FNM_PATHNAME,
 * FNM_NOESCAPE, FNM_PERIOD, FNM_LEADING_DIR and FNM_CASEFOLD.  Output
 * is TAP.
 */
#define _GNU_SOURCE
#include <fnmatch.h>

#include "difftest.h"

int osv_fnmatch(const char *pattern, const char *string, int flags);

static void compare(const char *p, const char *s, int flags)
{
	int a = fnmatch(p, s, flags), b = osv_fnmatch(p, s, flags);
	CHECK(a == b, "fnmatch(\"%s\", \"%s\", %#x): glibc %d, osv %d",
	      dt_str(p), dt_str(s), (unsigned)flags, a, b);
}

int main(void)
{
	static const char *const fixed[][2] = {
	    {"*.c", "main.c"},	 {"*.c", ".hidden.c"},
	    {"a/*", "a/b/c"},	 {"a*c", "a/c"},
	    {"[a-c]x", "bx"},	 {"[!a-c]x", "dx"},
	    {"[^a]", "a"},	 {"[]]", "]"},
	    {"[]-a]", "-"},	 {"[[:digit:]]*", "7up"},
	    {"[[:alpha:]", "a"}, {"\\*", "*"},
	    {"\\*", "\\*"},	 {"[", "["},
	    {"[a", "[a"},	 {"*/b", "a/b"},
	    {"a/.b", "a/.b"},	 {"a/*", "a/.b"},
	    {"A*", "abc"},	 {"[A-C]", "b"},
	    {"a", "a/b/c"},	 {"?", "/"},
	    {"*", ""},		 {"", ""},
	    {"\\", "\\"},	 {"[\\]]", "]"},
	    {"[a-]", "-"},
	};
	for (int flags = 0; flags < 32; flags++)
		for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
			compare(fixed[i][0], fixed[i][1], flags);
	dt_group_end("fixed cases, all flag combinations");
	for (int i = 0; i < 200000; i++) {
		char p[12], s[12];
		size_t np = dt_rand() % 10, ns = dt_rand() % 10;
		for (size_t j = 0; j < np; j++)
			p[j] = "*?[]!^-\\/.aAb:"[dt_rand() % 14];
		for (size_t j = 0; j < ns; j++)
			s[j] = "/.aAb-]\\["[dt_rand() % 9];
		p[np] = s[ns] = '\0';
		compare(p, s, (int)(dt_rand() % 32));
	}
	dt_group_end("random patterns and strings");
	return dt_done();
}

/*
 * <libgen.h>'s basename (__xpg_basename) and dirname against glibc's:
 * fixed cases (roots, "//", trailing slashes, dots) and random paths of
 * slashes, dots and letters; results and what is left in the argument
 * must agree.  Output is TAP.
 */
#include <libgen.h>

#include "difftest.h"

char *osv___xpg_basename(char *path);
char *osv_dirname(char *path);

static void compare(const char *path)
{
	char a[64], b[64], c[64], d[64];
	snprintf(a, sizeof(a), "%s", path);
	snprintf(b, sizeof(b), "%s", path);
	snprintf(c, sizeof(c), "%s", path);
	snprintf(d, sizeof(d), "%s", path);
	const char *ra = basename(a), *rb = osv___xpg_basename(b);
	CHECK(strcmp(ra, rb) == 0 && strcmp(a, b) == 0,
	      "basename(\"%s\"): glibc \"%s\", osv \"%s\"", path, ra, rb);
	ra = dirname(c);
	rb = osv_dirname(d);
	CHECK(strcmp(ra, rb) == 0 && strcmp(c, d) == 0,
	      "dirname(\"%s\"): glibc \"%s\", osv \"%s\"", path, ra, rb);
}

int main(void)
{
	static const char *const fixed[] = {
	    "",	     "/",    "//",	"///",	 "a",	    "a/",	 "a//",
	    "/a",    "//a",  "///a",	"/a/",	 "a/b",	    "a/b/",	 "/a/b",
	    "//a/b", "a//b", "a///b//", "/a//b", "usr/lib", "/usr/lib/", "..",
	    "../x",  "./",   ".",	"//a//", "x/./y",   "/..//",
	};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		compare(fixed[i]);
	CHECK(strcmp(osv___xpg_basename(NULL), ".") == 0 &&
		  strcmp(osv_dirname(NULL), ".") == 0,
	      "NULL gives \".\"");
	for (int i = 0; i < 20000; i++) {
		char p[16];
		size_t n = dt_rand() % 12;
		for (size_t j = 0; j < n; j++)
			p[j] = "//.ab"[dt_rand() % 5];
		p[n] = '\0';
		compare(p);
	}
	dt_group_end("basename and dirname");
	return dt_done();
}

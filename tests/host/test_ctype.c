/*
 * ctype.h of the libc against glibc: for every c in -128..255, the
 * classification bits and the case tables behind __ctype_b_loc and
 * friends must equal glibc's in the "C" and "C.UTF-8" locales, and so
 * must the functions.  Output is TAP.
 */
#include <ctype.h>
#include <locale.h>

#include "difftest.h"
#include "osv_libc.h"

struct classifier {
	const char *name;
	int (*glibc)(int);
	int (*osv)(int);
};

static const struct classifier classifiers[] = {
    {"isalnum", isalnum, osv_isalnum},	  {"isalpha", isalpha, osv_isalpha},
    {"iscntrl", iscntrl, osv_iscntrl},	  {"isdigit", isdigit, osv_isdigit},
    {"islower", islower, osv_islower},	  {"isgraph", isgraph, osv_isgraph},
    {"isprint", isprint, osv_isprint},	  {"ispunct", ispunct, osv_ispunct},
    {"isspace", isspace, osv_isspace},	  {"isupper", isupper, osv_isupper},
    {"isxdigit", isxdigit, osv_isxdigit}, {"isblank", isblank, osv_isblank},
    {"isascii", isascii, osv_isascii},	  {"toascii", toascii, osv_toascii},
    {"tolower", tolower, osv_tolower},	  {"toupper", toupper, osv_toupper},
    {"_tolower", _tolower, osv__tolower}, {"_toupper", _toupper, osv__toupper},
};

static void test_locale(const char *locale)
{
	char name[80];
	if (!setlocale(LC_ALL, locale)) {
		printf("ok %u # SKIP locale %s is not available\n", ++dt_points,
		       locale);
		return;
	}
	const unsigned short *gb = *__ctype_b_loc(), *ob = *osv___ctype_b_loc();
	const int32_t *gl = *__ctype_tolower_loc(),
		      *ol = *osv___ctype_tolower_loc();
	const int32_t *gu = *__ctype_toupper_loc(),
		      *ou = *osv___ctype_toupper_loc();
	for (int c = -128; c < 256; c++) {
		CHECK(gb[c] == ob[c], "class bits of %d: 0x%04x, glibc 0x%04x",
		      c, ob[c], gb[c]);
		CHECK(gl[c] == ol[c], "tolower table at %d: %d, glibc %d", c,
		      ol[c], gl[c]);
		CHECK(gu[c] == ou[c], "toupper table at %d: %d, glibc %d", c,
		      ou[c], gu[c]);
	}
	snprintf(name, sizeof(name), "%s: tables, -128..255", locale);
	dt_group_end(name);

	for (size_t i = 0; i < sizeof(classifiers) / sizeof(classifiers[0]);
	     i++) {
		const struct classifier *f = &classifiers[i];
		int lo = f->name[0] == '_' ? 0 : -128;
		for (int c = lo; c < 256; c++) {
			int g = f->glibc(c), o = f->osv(c);
			int is_class = f->name[1] == 's' && f->name[2] != 'a';
			CHECK(is_class ? !g == !o : g == o,
			      "%s(%d): %d, glibc %d", f->name, c, o, g);
		}
	}
	snprintf(name, sizeof(name), "%s: functions, -128..255", locale);
	dt_group_end(name);
}

int main(void)
{
	test_locale("C");
	test_locale("C.UTF-8");
	/* A few values glibc leaves alone too. */
	CHECK(osv_tolower(300) == 300 && osv_toupper(-200) == -200 &&
		  osv_toascii(0x1c1) == 0x41 && !osv_isascii(-1),
	      "tolower, toupper, toascii, isascii outside -128..255");
	dt_group_end("values outside the tables");
	return dt_done();
}

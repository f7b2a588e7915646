/*
 * setlocale over the two locales that exist: "C" (also called "POSIX")
 * and "C.UTF-8" (any spelling of the codeset that normalizes to "utf8",
 * kept as given, as glibc does).  LC_ALL reads back as one name when the
 * categories agree, else as glibc's "LC_CTYPE=...;LC_NUMERIC=...;...".
 */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "locale_impl.h"

static const char *const category_names[LOCALE_CATEGORIES] = {
    "LC_CTYPE",		"LC_NUMERIC",  "LC_TIME",      "LC_COLLATE",
    "LC_MONETARY",	"LC_MESSAGES", "LC_ALL",       "LC_PAPER",
    "LC_NAME",		"LC_ADDRESS",  "LC_TELEPHONE", "LC_MEASUREMENT",
    "LC_IDENTIFICATION"};

/* "UTF-8", "utf8", "Utf_8" ...: letters and digits, any case. */
static bool is_utf8(const char *codeset)
{
	const char *want = "utf8";
	for (; *codeset; codeset++) {
		if (!isalnum((unsigned char)*codeset))
			continue;
		if (tolower((unsigned char)*codeset) != *want++)
			return false;
	}
	return !*want;
}

/*
 * The name to record for a requested one, or NULL if it does not exist:
 * "C.<codeset>" and "C.<codeset>@<modifier>" with a UTF-8 codeset.
 */
const char *osv_locale_canonical(const char *name)
{
	if (!strcmp(name, "C") || !strcmp(name, "POSIX"))
		return "C";
	size_t len = strlen(name);
	if (len >= LOCALE_NAME_MAX || strncmp(name, "C.", 2))
		return NULL;
	char codeset[LOCALE_NAME_MAX];
	size_t n = strcspn(name + 2, "@");
	memcpy(codeset, name + 2, n);
	codeset[n] = '\0';
	return is_utf8(codeset) ? name : NULL;
}

/* What "" means for a category: LC_ALL, LC_<category>, LANG, "C". */
const char *osv_locale_from_environment(int cat)
{
	const char *v = getenv("LC_ALL");
	if (!v || !*v)
		v = getenv(category_names[cat]);
	if (!v || !*v)
		v = getenv("LANG");
	return v && *v ? v : "C";
}

static void set_category(int cat, const char *name)
{
	strcpy(osv_locale.names[cat], name);
	if (cat == LC_CTYPE)
		osv_locale.ctype_utf8 = strcmp(name, "C") != 0;
}

static const char *query(int cat)
{
	static char composite[LOCALE_CATEGORIES * (LOCALE_NAME_MAX + 20)];
	if (cat != LC_ALL)
		return osv_locale.names[cat];
	bool same = true;
	for (int c = 1; c < LOCALE_CATEGORIES; c++)
		if (c != LC_ALL &&
		    strcmp(osv_locale.names[c], osv_locale.names[0]))
			same = false;
	if (same)
		return osv_locale.names[0];
	char *p = composite;
	for (int c = 0; c < LOCALE_CATEGORIES; c++) {
		if (c == LC_ALL)
			continue;
		p = stpcpy(stpcpy(p, category_names[c]), "=");
		p = stpcpy(stpcpy(p, osv_locale.names[c]), ";");
	}
	p[-1] = '\0';
	return composite;
}

/* "LC_CTYPE=C.UTF-8;LC_NUMERIC=C;...": every category named, valid. */
static bool set_composite(const char *s)
{
	char names[LOCALE_CATEGORIES][LOCALE_NAME_MAX] = {{0}};
	while (*s) {
		const char *eq = strchr(s, '='), *end = strchrnul(s, ';');
		if (!eq || eq > end || end - eq - 1 >= LOCALE_NAME_MAX)
			return false;
		int cat = 0;
		while (cat < LOCALE_CATEGORIES &&
		       (cat == LC_ALL ||
			strncmp(category_names[cat], s, (size_t)(eq - s)) ||
			category_names[cat][eq - s]))
			cat++;
		if (cat == LOCALE_CATEGORIES)
			return false;
		memcpy(names[cat], eq + 1, (size_t)(end - eq - 1));
		const char *c = osv_locale_canonical(names[cat]);
		if (!c)
			return false;
		memmove(names[cat], c, strlen(c) + 1);
		s = *end ? end + 1 : end;
	}
	for (int c = 0; c < LOCALE_CATEGORIES; c++)
		if (c != LC_ALL && !names[c][0])
			return false;
	for (int c = 0; c < LOCALE_CATEGORIES; c++)
		if (c != LC_ALL)
			set_category(c, names[c]);
	return true;
}

static bool set_all(const char *name)
{
	if (strchr(name, ';'))
		return set_composite(name);
	const char *names[LOCALE_CATEGORIES];
	for (int c = 0; c < LOCALE_CATEGORIES; c++) {
		if (c == LC_ALL)
			continue;
		names[c] = osv_locale_canonical(
		    *name ? name : osv_locale_from_environment(c));
		if (!names[c])
			return false;
	}
	for (int c = 0; c < LOCALE_CATEGORIES; c++)
		if (c != LC_ALL)
			set_category(c, names[c]);
	return true;
}

char *setlocale(int category, const char *locale)
{
	if (category < 0 || category >= LOCALE_CATEGORIES) {
		errno = EINVAL;
		return NULL;
	}
	if (locale) {
		bool ok;
		if (category == LC_ALL) {
			ok = set_all(locale);
		} else {
			const char *c = osv_locale_canonical(
			    *locale ? locale
				    : osv_locale_from_environment(category));
			ok = c != NULL;
			if (ok)
				set_category(category, c);
		}
		if (!ok) {
			errno = ENOENT;
			return NULL;
		}
	}
	return (char *)query(category);
}

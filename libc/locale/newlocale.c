/*
 * Locale objects (POSIX.1-2008): newlocale, duplocale, freelocale and
 * uselocale over the locales setlocale knows ("C"/"POSIX" and C.UTF-8).
 * Each object is allocated (also for "C"), laid out as glibc's struct
 * __locale_struct, whose ctype table pointers glibc's <ctype.h> macros
 * read; the byte tables are the same in both locales.  uselocale keeps
 * the calling thread's locale in a thread-specific key, consulted by
 * the wide and multibyte functions once any thread has used one.
 */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "locale_impl.h"

bool osv_locale_threads_used;
static pthread_key_t thread_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void make_key(void)
{
	pthread_key_create(&thread_key, NULL);
}

locale_t osv_locale_thread(void)
{
	pthread_once(&key_once, make_key);
	return pthread_getspecific(thread_key);
}

/* Points the public fields at the object's names and the tables. */
static void fill(struct osv_locale_obj *o)
{
	memset(o->pub.__locales, 0, sizeof(o->pub.__locales));
	o->pub.__ctype_b = *__ctype_b_loc();
	o->pub.__ctype_tolower = (const int *)*__ctype_tolower_loc();
	o->pub.__ctype_toupper = (const int *)*__ctype_toupper_loc();
	for (int c = 0; c < LOCALE_CATEGORIES; c++)
		o->pub.__names[c] = o->names[c == LC_ALL ? LC_CTYPE : c];
	o->utf8 = strcmp(o->names[LC_CTYPE], "C") != 0;
}

static struct osv_locale_obj *from_names(char names[][LOCALE_NAME_MAX])
{
	struct osv_locale_obj *o = malloc(sizeof(*o));
	if (!o)
		return NULL;
	memcpy(o->names, names, sizeof(o->names));
	fill(o);
	return o;
}

locale_t newlocale(int mask, const char *name, locale_t base)
{
	/*
	 * glibc takes the bit of LC_ALL alone for every category, and
	 * libstdc++ asks that way (1 << LC_ALL) for its "C" locale.
	 */
	if (mask == 1 << LC_ALL)
		mask = LC_ALL_MASK;
	if (!name || (mask & ~LC_ALL_MASK) || base == LC_GLOBAL_LOCALE) {
		errno = EINVAL;
		return NULL;
	}
	char names[LOCALE_CATEGORIES][LOCALE_NAME_MAX];
	if (base)
		memcpy(names, ((struct osv_locale_obj *)base)->names,
		       sizeof(names));
	else
		for (int c = 0; c < LOCALE_CATEGORIES; c++)
			strcpy(names[c], "C");
	for (int c = 0; c < LOCALE_CATEGORIES; c++) {
		if (c == LC_ALL || !(mask & (1 << c)))
			continue;
		const char *n = osv_locale_canonical(
		    *name ? name : osv_locale_from_environment(c));
		if (!n) {
			errno = ENOENT;
			return NULL;
		}
		strcpy(names[c], n);
	}
	if (base) {
		/* POSIX lets newlocale reuse base; it is then returned. */
		struct osv_locale_obj *o = (struct osv_locale_obj *)base;
		memcpy(o->names, names, sizeof(names));
		fill(o);
		return base;
	}
	struct osv_locale_obj *o = from_names(names);
	if (!o)
		errno = ENOMEM;
	return o ? &o->pub : NULL;
}

locale_t duplocale(locale_t l)
{
	char names[LOCALE_CATEGORIES][LOCALE_NAME_MAX];
	if (l == LC_GLOBAL_LOCALE)
		memcpy(names, osv_locale.names, sizeof(names));
	else
		memcpy(names, ((struct osv_locale_obj *)l)->names,
		       sizeof(names));
	struct osv_locale_obj *o = from_names(names);
	if (!o)
		errno = ENOMEM;
	return o ? &o->pub : NULL;
}

void freelocale(locale_t l)
{
	if (l && l != LC_GLOBAL_LOCALE)
		free(l);
}

locale_t uselocale(locale_t l)
{
	locale_t old = osv_locale_thread();
	if (l) {
		if (l != LC_GLOBAL_LOCALE)
			osv_locale_threads_used = true;
		pthread_setspecific(thread_key,
				    l == LC_GLOBAL_LOCALE ? NULL : l);
	}
	return old ? old : LC_GLOBAL_LOCALE;
}

/* Whether LC_CTYPE of l is UTF-8; LC_GLOBAL_LOCALE is the global one. */
bool osv_locale_obj_utf8(locale_t l)
{
	if (!l || l == LC_GLOBAL_LOCALE)
		return osv_locale.ctype_utf8;
	return ((const struct osv_locale_obj *)l)->utf8;
}

LIBC_ALIAS(newlocale, __newlocale);
LIBC_ALIAS(duplocale, __duplocale);
LIBC_ALIAS(freelocale, __freelocale);
LIBC_ALIAS(uselocale, __uselocale);

/*
 * gettext and friends (glibc has libintl inside): in the locales that
 * exist, C and C.UTF-8, there are no message catalogs, so every message
 * is its msgid (or msgid_plural when n != 1), exactly what GNU gettext
 * answers there.  The text domain and the directories and codesets
 * bound to domains are recorded and read back, as programs expect.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

char *gettext(const char *msgid);
char *dgettext(const char *domain, const char *msgid);
char *dcgettext(const char *domain, const char *msgid, int category);
char *ngettext(const char *msgid, const char *plural, unsigned long n);
char *dngettext(const char *domain, const char *msgid, const char *plural,
		unsigned long n);
char *dcngettext(const char *domain, const char *msgid, const char *plural,
		 unsigned long n, int category);
char *textdomain(const char *domain);
char *bindtextdomain(const char *domain, const char *dir);
char *bind_textdomain_codeset(const char *domain, const char *codeset);

/* The text domain of the C library's own messages, which libraries
 * that translate glibc's strings (libnsl) name. */
const char _libc_intl_domainname[] = "libc";

char *gettext(const char *msgid)
{
	return (char *)msgid;
}

char *dgettext(const char *domain, const char *msgid)
{
	(void)domain;
	return (char *)msgid;
}

char *dcgettext(const char *domain, const char *msgid, int category)
{
	(void)domain, (void)category;
	return (char *)msgid;
}

char *ngettext(const char *msgid, const char *plural, unsigned long n)
{
	return (char *)(n == 1 ? msgid : plural);
}

char *dngettext(const char *domain, const char *msgid, const char *plural,
		unsigned long n)
{
	(void)domain;
	return ngettext(msgid, plural, n);
}

char *dcngettext(const char *domain, const char *msgid, const char *plural,
		 unsigned long n, int category)
{
	(void)domain, (void)category;
	return ngettext(msgid, plural, n);
}

/* Domain bindings: a short list of (domain, directory, codeset). */
struct binding {
	struct binding *next;
	char *domain, *dir, *codeset;
};
static struct binding *bindings;
static char *current_domain;

char *textdomain(const char *domain)
{
	if (domain) {
		char *d = strdup(*domain ? domain : "messages");
		if (!d)
			return NULL;
		free(current_domain);
		current_domain = d;
	}
	return current_domain ? current_domain : (char *)"messages";
}

static struct binding *find(const char *domain, int create)
{
	for (struct binding *b = bindings; b; b = b->next)
		if (!strcmp(b->domain, domain))
			return b;
	if (!create)
		return NULL;
	struct binding *b = calloc(1, sizeof(*b));
	if (!b || !(b->domain = strdup(domain))) {
		free(b);
		errno = ENOMEM;
		return NULL;
	}
	b->next = bindings;
	bindings = b;
	return b;
}

/* Replaces *field with a copy of value (NULL: only reads it). */
static char *bind_field(const char *domain, size_t offset, const char *value,
			const char *unset)
{
	if (!domain || !*domain) {
		errno = EINVAL;
		return NULL;
	}
	struct binding *b = find(domain, value != NULL);
	if (!b)
		return value ? NULL : (char *)unset;
	char **field = (char **)((char *)b + offset);
	if (value) {
		char *copy = strdup(value);
		if (!copy)
			return NULL;
		free(*field);
		*field = copy;
	}
	return *field ? *field : (char *)unset;
}

/* Unbound domains use glibc's default directory. */
char *bindtextdomain(const char *domain, const char *dir)
{
	return bind_field(domain, offsetof(struct binding, dir), dir,
			  "/usr/share/locale");
}

char *bind_textdomain_codeset(const char *domain, const char *codeset)
{
	return bind_field(domain, offsetof(struct binding, codeset), codeset,
			  NULL);
}

/* glibc's internal names, which its own headers' macros call. */
extern __typeof(dcgettext) __dcgettext __attribute__((alias("dcgettext")));
extern __typeof(dgettext) __dgettext __attribute__((alias("dgettext")));

/*
 * X/Open message catalogs (nl_types.h): there are none in the locales
 * that exist, so catopen fails with ENOENT, as glibc does for a missing
 * catalog, and catgets gives the program's default string.
 */
#include <errno.h>

typedef void *nl_catd;

nl_catd catopen(const char *name, int flag);
char *catgets(nl_catd catd, int set, int number, const char *message);
int catclose(nl_catd catd);

#define NO_CATALOG ((nl_catd)-1)

nl_catd catopen(const char *name, int flag)
{
	(void)name, (void)flag;
	errno = ENOENT;
	return NO_CATALOG;
}

char *catgets(nl_catd catd, int set, int number, const char *message)
{
	(void)set, (void)number;
	if (catd == NO_CATALOG || !catd)
		errno = EBADF;
	return (char *)message;
}

int catclose(nl_catd catd)
{
	(void)catd;
	errno = EBADF;
	return -1;
}

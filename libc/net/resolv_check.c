/*
 * Checks of domain names as glibc 2.36 makes them: a name must be
 * printable ASCII (escapes stand for other bytes) and parse
 * (ns_name_pton); host names have labels of letters, digits, '-' and
 * '_', the first not starting with '-'; an owner name may start with
 * "*." instead; a mail name's first label is free.
 */
#include <arpa/nameser.h>
#include <resolv.h>
#include <stdbool.h>

static bool host_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

/* Whether every label of the wire name is a host name's. */
static bool host_labels(const unsigned char *dn)
{
	for (int len; (len = *dn++) != 0; dn += len)
		for (int i = 0; i < len; i++)
			if (!host_byte(dn[i]))
				return false;
	return true;
}

/* The wire form of a printable name into buf; false if there is none. */
static bool parse(const char *dn, unsigned char buf[NS_MAXCDNAME])
{
	for (const char *p = dn; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return false;
	return ns_name_pton(dn, buf, NS_MAXCDNAME) >= 0;
}

static bool host_name(const unsigned char *buf)
{
	return !(buf[0] && buf[1] == '-') && host_labels(buf);
}

int res_dnok(const char *dn)
{
	unsigned char buf[NS_MAXCDNAME];
	return parse(dn, buf);
}

int res_hnok(const char *dn)
{
	unsigned char buf[NS_MAXCDNAME];
	return parse(dn, buf) && host_name(buf);
}

int res_ownok(const char *dn)
{
	unsigned char buf[NS_MAXCDNAME];
	if (!parse(dn, buf))
		return 0;
	if (buf[0] == 1 && buf[1] == '*')
		return host_labels(buf + 2);
	return host_name(buf);
}

int res_mailok(const char *dn)
{
	unsigned char buf[NS_MAXCDNAME];
	if (!parse(dn, buf))
		return 0;
	if (buf[0] == 0)
		return 1;
	const unsigned char *rest = buf + 1 + buf[0];
	return *rest != 0 && host_labels(rest);
}

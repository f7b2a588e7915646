/*
 * parse_printf_format (libc/stdio/parse_printf_format.c) against
 * glibc's: the count and the types of listed formats (every conversion
 * with every length, '*' widths and precisions, positional arguments,
 * %% and %m, unknown conversions, a format cut short) and of random
 * ones built from those pieces, with arrays too short and long enough.
 * Output is TAP.
 */
#define _GNU_SOURCE
#include <printf.h>
#include <string.h>

#include "difftest.h"

size_t osv_parse_printf_format(const char *fmt, size_t n, int *argtypes);

static void compare(const char *fmt, size_t n)
{
	int g[40], o[40];
	memset(g, 0x5a, sizeof(g));
	memset(o, 0x5a, sizeof(o));
	size_t rg = parse_printf_format(fmt, n, g);
	size_t ro = osv_parse_printf_format(fmt, n, o);
	CHECK(rg == ro && !memcmp(g, o, sizeof(g)),
	      "\"%s\" (n %zu): glibc %zu [%d %d %d], osv %zu [%d %d %d]", fmt,
	      n, rg, g[0], g[1], g[2], ro, o[0], o[1], o[2]);
}

static const char *const fixed[] = {
    "",
    "plain",
    "%%",
    "%m",
    "%d",
    "%5.2f",
    "%*d",
    "%.*f",
    "%*.*s",
    "%-+ #0'Id",
    "%1$d %2$s",
    "%2$s %1$d",
    "%1$*2$d",
    "%1$.*3$f",
    "%3$d",
    "%1$d %1$ld",
    "%1$d %d",
    "%d %1$d",
    "%hhd %hd %ld %lld %qd",
    "%jd %zd %td %Zd %Ld",
    "%c %lc %C %s %ls %S %p %n %hn %lln",
    "%e %Le %g %LG %a %LA %F",
    "%b %B %lb",
    "%y %k",
    "%",
    "%5",
    "%l",
    "%1$",
    "%0$d",
    "%*",
    "%.*",
    "%ls%lc",
    "%hhn %zn",
    "%-*.*e",
    "%10$d",
    "%2$*1$d",
    "%2$*3$.*1$f",
    "%%%d%%",
    "%lf %Lf %llf",
};

static const char *const pieces[] = {
    "%d", "%*d", "%.*s", "%ld", "%hhx", "%Lf",	"%p",  "%c",  "%lc", "%%",
    "%m", "%zu", "%n",	 "%ls", "text", "%lld", "%hu", "%jd", "%q",
};

int main(void)
{
	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		for (size_t n = 0; n <= 4; n++)
			compare(fixed[i], n);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		compare(fixed[i], 40);
	const size_t np = sizeof(pieces) / sizeof(*pieces);
	for (int i = 0; i < 5000; i++) {
		char fmt[200] = "";
		int k = (int)(dt_rand() % 8);
		for (int j = 0; j < k; j++)
			strcat(fmt, pieces[dt_rand() % np]);
		compare(fmt, dt_rand() % 12);
	}
	dt_group_end("parse_printf_format");
	return dt_done();
}

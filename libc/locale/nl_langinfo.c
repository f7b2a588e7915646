#include <langinfo.h>
#include <locale.h>

#include "locale_impl.h"

static const char *time_item(int i)
{
	/* A list, not an array indexed by item: that was 109 pointers. */
	static const struct {
		int item;
		const char *s;
	} fixed[] = {
	    {38, "AM"},
	    {39, "PM"},
	    {40, "%a %b %e %H:%M:%S %Y"},
	    {41, "%m/%d/%y"},
	    {42, "%H:%M:%S"},
	    {43, "%I:%M:%S %p"},
	    {108, "%a %b %e %H:%M:%S %Z %Y"},
	};
	if (i < 7)
		return osv_c_abdays[i];
	if (i < 14)
		return osv_c_days[i - 7];
	if (i < 26)
		return osv_c_abmonths[i - 14];
	if (i < 38)
		return osv_c_months[i - 26];
	if (i >= 111 && i < 123) /* ALTMON_1.. */
		return osv_c_months[i - 111];
	if (i >= 135 && i < 147) /* _NL_ABALTMON_1.. */
		return osv_c_abmonths[i - 135];
	for (size_t k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
		if (fixed[k].item == i)
			return fixed[k].s;
	return "";
}

/* The C locale's strings; CODESET follows LC_CTYPE. */
char *nl_langinfo(nl_item item)
{
	const char *s = "";
	/* The wide items hold a character, not a string: L'.', else 0. */
	if (item == _NL_NUMERIC_DECIMAL_POINT_WC)
		return (char *)(__UINTPTR_TYPE__)L'.';
	if (item == _NL_NUMERIC_THOUSANDS_SEP_WC ||
	    item == _NL_MONETARY_DECIMAL_POINT_WC ||
	    item == _NL_MONETARY_THOUSANDS_SEP_WC)
		return NULL;
	int index = item & 0xffff;
	switch (item >> 16) {
	case LC_CTYPE:
		if (index == 14)
			s = locale_utf8() ? "UTF-8" : "ANSI_X3.4-1968";
		break;
	case LC_NUMERIC:
		if (index == 0)
			s = ".";
		break;
	case LC_TIME:
		s = time_item(index);
		break;
	case LC_MONETARY:
		if (index == 15)
			s = "-";
		break;
	case LC_MESSAGES:
		if (index == 0)
			s = "^[yY]";
		else if (index == 1)
			s = "^[nN]";
		break;
	}
	return (char *)s;
}

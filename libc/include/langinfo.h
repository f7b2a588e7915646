/*
 * langinfo.h: the items of nl_langinfo, with glibc's numbers: the
 * category in the high 16 bits, the index within it in the low ones.
 */
#ifndef _LANGINFO_H
#define _LANGINFO_H

#ifdef __cplusplus
extern "C" {
#endif

typedef int nl_item;

#define _NL_ITEM(category, index) (((category) << 16) | (index))

#define CODESET _NL_ITEM(0, 14)
#define RADIXCHAR _NL_ITEM(1, 0)
#define THOUSEP _NL_ITEM(1, 1)
/*
 * glibc's wide forms: the character itself in the pointer's bits
 * (libquadmath reads the decimal point of wide output so).
 */
#define _NL_NUMERIC_DECIMAL_POINT_WC _NL_ITEM(1, 3)
#define _NL_NUMERIC_THOUSANDS_SEP_WC _NL_ITEM(1, 4)
#define _NL_MONETARY_DECIMAL_POINT_WC _NL_ITEM(4, 43)
#define _NL_MONETARY_THOUSANDS_SEP_WC _NL_ITEM(4, 44)
#define ABDAY_1 _NL_ITEM(2, 0)
#define ABDAY_2 _NL_ITEM(2, 1)
#define ABDAY_3 _NL_ITEM(2, 2)
#define ABDAY_4 _NL_ITEM(2, 3)
#define ABDAY_5 _NL_ITEM(2, 4)
#define ABDAY_6 _NL_ITEM(2, 5)
#define ABDAY_7 _NL_ITEM(2, 6)
#define DAY_1 _NL_ITEM(2, 7)
#define DAY_2 _NL_ITEM(2, 8)
#define DAY_3 _NL_ITEM(2, 9)
#define DAY_4 _NL_ITEM(2, 10)
#define DAY_5 _NL_ITEM(2, 11)
#define DAY_6 _NL_ITEM(2, 12)
#define DAY_7 _NL_ITEM(2, 13)
#define ABMON_1 _NL_ITEM(2, 14)
#define ABMON_2 _NL_ITEM(2, 15)
#define ABMON_3 _NL_ITEM(2, 16)
#define ABMON_4 _NL_ITEM(2, 17)
#define ABMON_5 _NL_ITEM(2, 18)
#define ABMON_6 _NL_ITEM(2, 19)
#define ABMON_7 _NL_ITEM(2, 20)
#define ABMON_8 _NL_ITEM(2, 21)
#define ABMON_9 _NL_ITEM(2, 22)
#define ABMON_10 _NL_ITEM(2, 23)
#define ABMON_11 _NL_ITEM(2, 24)
#define ABMON_12 _NL_ITEM(2, 25)
#define MON_1 _NL_ITEM(2, 26)
#define MON_2 _NL_ITEM(2, 27)
#define MON_3 _NL_ITEM(2, 28)
#define MON_4 _NL_ITEM(2, 29)
#define MON_5 _NL_ITEM(2, 30)
#define MON_6 _NL_ITEM(2, 31)
#define MON_7 _NL_ITEM(2, 32)
#define MON_8 _NL_ITEM(2, 33)
#define MON_9 _NL_ITEM(2, 34)
#define MON_10 _NL_ITEM(2, 35)
#define MON_11 _NL_ITEM(2, 36)
#define MON_12 _NL_ITEM(2, 37)
#define AM_STR _NL_ITEM(2, 38)
#define PM_STR _NL_ITEM(2, 39)
#define D_T_FMT _NL_ITEM(2, 40)
#define D_FMT _NL_ITEM(2, 41)
#define T_FMT _NL_ITEM(2, 42)
#define T_FMT_AMPM _NL_ITEM(2, 43)
#define ERA _NL_ITEM(2, 44)
#define ERA_D_FMT _NL_ITEM(2, 46)
#define ALT_DIGITS _NL_ITEM(2, 47)
#define ERA_D_T_FMT _NL_ITEM(2, 48)
#define ERA_T_FMT _NL_ITEM(2, 49)
#define _DATE_FMT _NL_ITEM(2, 108)
#define ALTMON_1 _NL_ITEM(2, 111)
#define _NL_ABALTMON_1 _NL_ITEM(2, 135)
#define CRNCYSTR _NL_ITEM(4, 15)
#define YESEXPR _NL_ITEM(5, 0)
#define NOEXPR _NL_ITEM(5, 1)
#define YESSTR _NL_ITEM(5, 2)
#define NOSTR _NL_ITEM(5, 3)

char *nl_langinfo(nl_item item);

#ifdef __cplusplus
}
#endif

#endif

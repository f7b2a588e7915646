/*
 * Day numbers and Gregorian dates, counting years from March so that the
 * leap day ends the year, in 400-year eras of 146097 days.
 */
#include "time_impl.h"

long long osv_days_from_civil(long long year, int month, int day)
{
	year -= month <= 2;
	long long era = floor_div(year, 400);
	long long yoe = year - era * 400;		       /* 0..399 */
	int mp = (month + 9) % 12;			       /* March = 0 */
	long long doy = (153 * mp + 2) / 5 + day - 1;	       /* 0..365 */
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */
	return era * 146097 + doe - 719468; /* 719468: 0000-03-01 to 1970 */
}

void osv_civil_from_days(long long days, long long *year, int *month, int *day)
{
	long long z = days + 719468;
	long long era = floor_div(z, 146097);
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (int)((5 * doy + 2) / 153);
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = mp < 10 ? mp + 3 : mp - 9;
	*year = yoe + era * 400 + (*month <= 2);
}

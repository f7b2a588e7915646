/*
 * Decoding the CMOS RTC's registers (MC146818 data sheet; the century
 * byte at 0x32 is the one ACPI's FADT names on PCs).  Status register B
 * says how the clock counts: bit 2 set for binary, clear for BCD; bit 1
 * set for 24-hour, clear for 12-hour, in which case bit 7 of the hour
 * marks PM and the hours run 12, 1, ..., 11.
 *
 * The date is turned into days since the Epoch by counting: whole years
 * of 365 days, the leap days before the year, the days of the months
 * before the month.
 */
#include <stdbool.h>

#include "time_impl.h"

#define STATUS_B_24H 0x02
#define STATUS_B_BINARY 0x04
#define HOUR_PM 0x80

/*
 * The value of a register, or -1 for a digit BCD does not have.  Not
 * inlined: the boot would translate each of its four copies.
 */
static __attribute__((noinline)) int decode(uint8_t v, bool binary)
{
	if (binary)
		return v;
	if ((v & 0x0f) > 9 || (v >> 4) > 9)
		return -1;
	return (v >> 4) * 10 + (v & 0x0f);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Leap years in [1, y), counting backwards for years before 1. */
static int64_t leaps_before(int64_t y)
{
	y -= 1;
	return floor_div(y, 4) - floor_div(y, 100) + floor_div(y, 400);
}

static unsigned days_in_month(int64_t y, unsigned m)
{
	static const uint8_t days[12] = {31, 28, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31};
	return days[m - 1] + (m == 2 && is_leap(y));
}

int64_t days_from_civil(int64_t year, unsigned month, unsigned day)
{
	static const uint16_t before[12] = {0,	 31,  59,  90,	120, 151,
					    181, 212, 243, 273, 304, 334};
	int64_t days =
	    (year - 1970) * 365 + leaps_before(year) - leaps_before(1970);
	days += before[month - 1] + (month > 2 && is_leap(year));
	return days + day - 1;
}

static int decode_hour(uint8_t raw, uint8_t status_b)
{
	bool binary = status_b & STATUS_B_BINARY;
	if (status_b & STATUS_B_24H)
		return decode(raw, binary);
	int h = decode(raw & ~HOUR_PM, binary);
	if (h < 1 || h > 12)
		return -1;
	return h % 12 + (raw & HOUR_PM ? 12 : 0);
}

static int64_t full_year(int yy, const struct rtc_regs *r)
{
	int century =
	    r->century ? decode(r->century, r->status_b & STATUS_B_BINARY) : -1;
	if (century >= 19 && century <= 99)
		return century * 100 + yy;
	return yy < 70 ? 2000 + yy : 1900 + yy;
}

int64_t rtc_to_unix(const struct rtc_regs *r)
{
	/*
	 * The fields but the hour, decoded in one loop (under TCG a boot's
	 * time is the translation of each block it runs once): second,
	 * minute, day, month, two-digit year, each with its range.
	 */
	static const uint8_t lo[5] = {0, 0, 1, 1, 0}, hi[5] = {59, 59, 31, 12, 99};
	const uint8_t raw[5] = {r->sec, r->min, r->day, r->month, r->year};
	bool binary = r->status_b & STATUS_B_BINARY;
	int v[5];
#pragma GCC unroll 1
	for (unsigned i = 0; i < 5; i++) {
		v[i] = decode(raw[i], binary);
		if (v[i] < lo[i] || v[i] > hi[i])
			return -1;
	}
	int sec = v[0], min = v[1], day = v[2], month = v[3], yy = v[4];
	int hour = decode_hour(r->hour, r->status_b);
	if (hour < 0 || hour > 23)
		return -1;
	int64_t year = full_year(yy, r);
	if ((unsigned)day > days_in_month(year, (unsigned)month))
		return -1;
	int64_t days = days_from_civil(year, (unsigned)month, (unsigned)day);
	return days * 86400 + hour * 3600 + min * 60 + sec;
}

/*
 * Prints what the time zone says (tzset's variables, localtime at a few
 * instants, mktime in a gap) for each TZ value of the command line ("-"
 * for TZ unset), numbered so that the kernel's output can be compared
 * line by line with the host's glibc reading the same files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void show(int n)
{
	static const time_t instants[] = {
	    -2208988800LL, 0,	      1000000000, 1711846800, 1729990800,
	    4102444800LL,  1483228826};
	tzset();
	printf("zone %d: tzname %s %s timezone %ld daylight %d\n", n, tzname[0],
	       tzname[1], timezone, daylight);
	for (size_t i = 0; i < sizeof(instants) / sizeof(instants[0]); i++) {
		struct tm tm;
		char buf[80];
		if (!localtime_r(&instants[i], &tm))
			continue;
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %Z %z", &tm);
		printf("zone %d: %lld %s isdst %d\n", n, (long long)instants[i],
		       buf, tm.tm_isdst);
	}
	struct tm gap = {.tm_year = 124,
			 .tm_mon = 2,
			 .tm_mday = 31,
			 .tm_hour = 2,
			 .tm_min = 30,
			 .tm_isdst = -1};
	printf("zone %d: mktime 2024-03-31 02:30 %lld\n", n,
	       (long long)mktime(&gap));
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && !argv[i][1])
			unsetenv("TZ");
		else
			setenv("TZ", argv[i], 1);
		show(i);
	}
	printf("tz_app: done\n");
	return 0;
}

/*
 * arc4random, arc4random_buf and arc4random_uniform as an application
 * (or Debian's libstdc++ and libexpat) calls them, built against
 * glibc's headers; tests/guest/random.test runs it in the kernel.
 * Prints "PASS name" or "FAIL name: why" per check, then
 * "checks: N failed: M".
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app_check.h"

int main(void)
{
	uint32_t a = arc4random(), b = arc4random(), c = arc4random();
	CHECK("arc4random varies", !(a == b && b == c));
	unsigned char buf[4096];
	memset(buf, 0, sizeof(buf));
	arc4random_buf(buf, sizeof(buf));
	int counts[256] = {0};
	for (size_t i = 0; i < sizeof(buf); i++)
		counts[buf[i]]++;
	int max = 0;
	for (int i = 0; i < 256; i++)
		max = counts[i] > max ? counts[i] : max;
	/* 16 expected per value; 60 would be astronomically unlikely */
	CHECK("arc4random_buf fills 4096 bytes with spread values", max < 60);
	unsigned char odd[3] = {0, 0, 0};
	arc4random_buf(odd, 0);
	CHECK("arc4random_buf of 0 bytes writes nothing",
	      odd[0] == 0 && odd[1] == 0 && odd[2] == 0);
	int bucket[10] = {0}, out_of_range = 0;
	for (int i = 0; i < 20000; i++) {
		uint32_t v = arc4random_uniform(10);
		if (v >= 10)
			out_of_range++;
		else
			bucket[v]++;
	}
	int low = 20000, high = 0;
	for (int i = 0; i < 10; i++) {
		low = bucket[i] < low ? bucket[i] : low;
		high = bucket[i] > high ? bucket[i] : high;
	}
	CHECK("arc4random_uniform(10) stays below 10", out_of_range == 0);
	CHECK("and is even (each of 10 values 1700..2300 of 20000)",
	      low >= 1700 && high <= 2300);
	CHECK("arc4random_uniform of 0 and 1 is 0",
	      arc4random_uniform(0) == 0 && arc4random_uniform(1) == 0);
	uint32_t big = 0;
	for (int i = 0; i < 64; i++) {
		uint32_t v = arc4random_uniform(0x80000001u);
		big |= v;
	}
	CHECK("arc4random_uniform with a bound above 2^31 reaches high bits",
	      big & 0x40000000u);
	return app_check_summary();
}

/*
 * The host side of the block device tests:
 *   blk_pattern make FILE SECTORS SEED   writes the pattern (blk_pattern.h)
 *   blk_pattern check FILE SEED          checks every byte of FILE
 * check prints "pattern ok, N sectors" or the first wrong byte and exits 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blk_pattern.h"

static int make(const char *path, uint64_t sectors, uint64_t seed)
{
	FILE *f = fopen(path, "wb");
	uint8_t buf[512];
	for (uint64_t s = 0; f && s < sectors; s++) {
		blk_pattern_fill(buf, s, 1, seed);
		if (fwrite(buf, 1, sizeof(buf), f) != sizeof(buf))
			break;
	}
	if (!f || fclose(f)) {
		perror(path);
		return 2;
	}
	return 0;
}

static int check(const char *path, uint64_t seed)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 2;
	}
	uint8_t buf[512];
	uint64_t s = 0;
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) == sizeof(buf)) {
		int64_t bad = blk_pattern_check(buf, s, 1, seed);
		if (bad >= 0) {
			printf("pattern wrong at byte %lld (sector %llu)\n",
			       (long long)bad * 8, (unsigned long long)s);
			return 1;
		}
		s++;
	}
	fclose(f);
	if (n) {
		printf("a partial sector at the end (%zu bytes)\n", n);
		return 1;
	}
	printf("pattern ok, %llu sectors\n", (unsigned long long)s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "make"))
		return make(argv[2], strtoull(argv[3], NULL, 0),
			    strtoull(argv[4], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "check"))
		return check(argv[2], strtoull(argv[3], NULL, 0));
	fprintf(stderr, "usage: blk_pattern make FILE SECTORS SEED | "
			"check FILE SEED\n");
	return 2;
}

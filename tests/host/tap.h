/* A few lines of TAP for host unit tests. */
#ifndef TESTS_HOST_TAP_H
#define TESTS_HOST_TAP_H

#include <stdio.h>

static int tap_count, tap_failed;

#define TAP_OK(cond, ...)                                                      \
	do {                                                                   \
		int tap_pass_ = (cond);                                        \
		printf("%s %d - ", tap_pass_ ? "ok" : "not ok", ++tap_count);  \
		printf(__VA_ARGS__);                                           \
		printf("\n");                                                  \
		if (!tap_pass_) {                                              \
			tap_failed++;                                          \
			printf("# failed: %s (%s:%d)\n", #cond, __FILE__,      \
			       __LINE__);                                      \
		}                                                              \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

#endif

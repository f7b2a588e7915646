#include <string.h>

/*
 * Shuffles the string (Fisher-Yates) with a generator of its own, so the
 * state of rand() and random() is left alone.
 */
char *strfry(char *s)
{
	static unsigned long long state = 0x9e3779b97f4a7c15ULL;
	size_t n = strlen(s);
	for (size_t i = n; i > 1; i--) {
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		size_t j = (size_t)((state >> 33) % i);
		char t = s[i - 1];
		s[i - 1] = s[j];
		s[j] = t;
	}
	return s;
}

#include <stdlib.h>
#include <wchar.h>

#include "mb_impl.h"

/* Neither locale has shift states, so a NULL s just resets and says 0. */
int mbtowc(wchar_t *restrict pwc, const char *restrict s, size_t n)
{
	static mbstate_t state;
	if (!s) {
		state.__count = 0;
		return 0;
	}
	if (!*s)
		return 0; /* glibc stores nothing for the NUL, whatever n is */
	if (!n)
		return -1;
	size_t r = mbrtowc(pwc, s, n, &state);
	if (r == MB_INCOMPLETE) { /* n cut the character: -1, errno alone */
		state.__count = 0;
		return -1;
	}
	return (int)r;
}

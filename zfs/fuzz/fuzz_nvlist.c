/* libFuzzer target: nv_unpack on arbitrary bytes, then a re-encode of
 * whatever decoded, which must decode to the same encoding. */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nvlist_t *nvl = NULL, *again = NULL;
	if (nv_unpack(data, size, &nvl) != 0)
		return 0;
	size_t len = nv_packed_size(nvl);
	uint8_t *a = malloc(len), *b = malloc(len);
	if (a && b && nv_pack(nvl, a, len) == (long)len &&
	    nv_unpack(a, len, &again) == 0) {
		if (nv_pack(again, b, len) != (long)len || memcmp(a, b, len))
			abort();
	}
	nv_free(again);
	nv_free(nvl);
	free(a);
	free(b);
	return 0;
}

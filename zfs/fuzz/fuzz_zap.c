/* libFuzzer target: zap_iterate and zap_lookup over an arbitrary ZAP
 * object; the first byte picks the block size (512 B to 128 KiB). */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

static int cb(void *arg, const char *name, uint8_t intlen, uint32_t nints,
	      const void *value)
{
	(void)arg, (void)name, (void)intlen, (void)nints, (void)value;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t v;
	if (size < 1)
		return 0;
	uint32_t blksz = 512u << (data[0] % 9);
	/* ZAP blocks are read into aligned buffers */
	uint8_t *obj = malloc(size);
	if (!obj)
		return 0;
	memcpy(obj, data + 1, size - 1);
	zap_iterate(obj, size - 1, blksz, cb, NULL);
	zap_lookup(obj, size - 1, blksz, "ROOT", &v);
	free(obj);
	return 0;
}

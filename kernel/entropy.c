/*
 * The entropy sources (entropy.h): the registered one of highest
 * priority, then RDSEED, then RDRAND.  A source that stops giving bytes
 * (RDSEED does when its entropy runs short) makes entropy_read() try
 * the next.
 */
#include <string.h>

#include "arch.h"
#include "entropy.h"

static const struct entropy_source *sources[ENTROPY_MAX_SOURCES];
static unsigned source_count;

int entropy_register(const struct entropy_source *src)
{
	if (source_count == ENTROPY_MAX_SOURCES)
		return -1;
	unsigned i = source_count++;
	while (i > 0 && sources[i - 1]->priority < src->priority) {
		sources[i] = sources[i - 1];
		i--;
	}
	sources[i] = src;
	return 0;
}

static size_t cpu_read(void *buf, size_t len, bool (*next)(uint64_t *))
{
	uint8_t *out = buf;
	size_t done = 0;
	uint64_t v;
	while (done < len && next(&v)) {
		size_t n = len - done < sizeof(v) ? len - done : sizeof(v);
		memcpy(out + done, &v, n);
		done += n;
	}
	return done;
}

static size_t from_sources(uint8_t *buf, size_t len)
{
	size_t done = 0;
	for (unsigned i = 0; i < source_count && done < len; i++) {
		size_t n;
		while (done < len &&
		       (n = sources[i]->read(buf + done, len - done)))
			done += n;
	}
	return done;
}

size_t entropy_read(void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t done = from_sources(out, len);
	done += cpu_read(out + done, len - done, rdseed64);
	return done + cpu_read(out + done, len - done, rdrand64);
}

const char *entropy_source_name(void)
{
	uint64_t v;
	if (source_count)
		return sources[0]->name;
	return rdseed64(&v) ? "rdseed" : rdrand64(&v) ? "rdrand" : "none";
}

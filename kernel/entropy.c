/*
 * The entropy sources (entropy.h): the registered one of highest
 * priority, then RDRAND.  A source that stops giving bytes makes
 * entropy_read() try the next.
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

static size_t rdrand_read(void *buf, size_t len)
{
	uint8_t *out = buf;
	size_t done = 0;
	uint64_t v;
	while (done < len && rdrand64(&v)) {
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
	size_t done = from_sources(buf, len);
	return done + rdrand_read((uint8_t *)buf + done, len - done);
}

const char *entropy_source_name(void)
{
	uint64_t v;
	if (source_count)
		return sources[0]->name;
	return rdrand64(&v) ? "rdrand" : "none";
}

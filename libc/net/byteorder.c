/*
 * The byte order conversions, as functions: glibc's headers make them
 * macros, but it exports them too and some programs call them so.
 */
#include <netinet/in.h>

uint32_t htonl(uint32_t v)
{
	return __builtin_bswap32(v);
}

uint16_t htons(uint16_t v)
{
	return __builtin_bswap16(v);
}

uint32_t ntohl(uint32_t v)
{
	return __builtin_bswap32(v);
}

uint16_t ntohs(uint16_t v)
{
	return __builtin_bswap16(v);
}

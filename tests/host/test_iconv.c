/*
 * iconv against glibc's: every pair of the supported encodings on
 * random text (all planes, ASCII-heavy and not), random bytes (invalid
 * input), truncated input, and output buffers of every small size
 * (E2BIG), comparing the result, errno, the input consumed and the
 * bytes written; //IGNORE and //TRANSLIT on characters glibc has no
 * transliteration for; names and the locale's codeset.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <iconv.h>
#include <locale.h>

#include "difftest.h"

typedef void *osv_iconv_t;
osv_iconv_t osv_iconv_open(const char *to, const char *from);
size_t osv_iconv(osv_iconv_t cd, char **in, size_t *inleft, char **out,
		 size_t *outleft);
int osv_iconv_close(osv_iconv_t cd);
char *osv_setlocale(int category, const char *locale);

static const char *const encodings[] = {
    "UTF-8",	"ASCII",  "ISO-8859-1", "UTF-16",   "UTF-16LE",
    "UTF-16BE", "UTF-32", "UTF-32LE",	"UTF-32BE", "UCS-2",
    "UCS-2BE",	"UCS-4",  "UCS-4LE",	"WCHAR_T",
};
#define NENC (sizeof(encodings) / sizeof(encodings[0]))

struct result {
	size_t r;
	int err;
	size_t used, made;
	unsigned char out[512];
};

static void run_glibc(const char *to, const char *from, const void *in,
		      size_t n, size_t room, struct result *res)
{
	iconv_t cd = iconv_open(to, from);
	char *ip = (char *)in, *op = (char *)res->out;
	size_t il = n, ol = room;
	errno = 0;
	res->r = iconv(cd, &ip, &il, &op, &ol);
	res->err = res->r == (size_t)-1 ? errno : 0;
	res->used = n - il;
	res->made = room - ol;
	iconv_close(cd);
}

static void run_osv(const char *to, const char *from, const void *in, size_t n,
		    size_t room, struct result *res)
{
	osv_iconv_t cd = osv_iconv_open(to, from);
	char *ip = (char *)in, *op = (char *)res->out;
	size_t il = n, ol = room;
	errno = 0;
	res->r = osv_iconv(cd, &ip, &il, &op, &ol);
	res->err = res->r == (size_t)-1 ? errno : 0;
	res->used = n - il;
	res->made = room - ol;
	osv_iconv_close(cd);
}

static void compare(const char *to, const char *from, const void *in, size_t n,
		    size_t room)
{
	/* glibc cannot open WCHAR_T to WCHAR_T (EINVAL); osv can. */
	if (!strcmp(to, "WCHAR_T") && !strcmp(from, "WCHAR_T"))
		return;
	struct result g, o;
	run_glibc(to, from, in, n, room, &g);
	run_osv(to, from, in, n, room, &o);
	CHECK(g.r == o.r && g.err == o.err && g.used == o.used &&
		  g.made == o.made && !memcmp(g.out, o.out, g.made),
	      "%s <- %s, %zu bytes, room %zu: r %zd/%zd errno %d/%d used "
	      "%zu/%zu made %zu/%zu",
	      to, from, n, room, (ssize_t)o.r, (ssize_t)g.r, o.err, g.err,
	      o.used, g.used, o.made, g.made);
}

/* Random text as UTF-32LE code points: mostly valid, some not. */
static size_t random_text(uint32_t *cp, size_t max)
{
	size_t n = 1 + dt_rand() % max;
	for (size_t i = 0; i < n; i++) {
		uint64_t r = dt_rand();
		switch (r % 6) {
		case 0:
		case 1:
			cp[i] = 0x20 + (uint32_t)(r >> 8) % 0x5f;
			break;
		case 2:
			cp[i] = (uint32_t)(r >> 8) % 0x100;
			break;
		case 3:
			cp[i] = (uint32_t)(r >> 8) % 0x10000;
			break;
		case 4:
			cp[i] = 0x10000 + (uint32_t)(r >> 8) % 0x100000;
			break;
		default:
			cp[i] = (uint32_t)(r >> 8) % 0x110000;
		}
		if (cp[i] >= 0xd800 && cp[i] < 0xe000)
			cp[i] = 0xfffd;
	}
	return n;
}

static void check_pairs(void)
{
	for (int round = 0; round < 400; round++) {
		uint32_t cp[40];
		size_t n = random_text(cp, 40);
		for (size_t f = 0; f < NENC; f++) {
			/* The text in the source encoding, by glibc. */
			unsigned char src[512];
			iconv_t cd = iconv_open(encodings[f], "UTF-32LE");
			char *ip = (char *)cp, *op = (char *)src;
			size_t il = n * 4, ol = sizeof(src);
			iconv(cd, &ip, &il, &op, &ol);
			iconv_close(cd);
			size_t len = sizeof(src) - ol;
			for (size_t t = 0; t < NENC; t++) {
				compare(encodings[t], encodings[f], src, len,
					512);
				compare(encodings[t], encodings[f], src, len,
					dt_rand() % 24);
				if (len > 1)
					compare(encodings[t], encodings[f], src,
						len - 1 - dt_rand() % (len - 1),
						512);
			}
		}
	}
	dt_group_end("every pair of encodings on random text, short output "
		     "buffers, truncated input");
}

static void check_garbage(void)
{
	for (int round = 0; round < 20000; round++) {
		unsigned char b[16];
		size_t n = 1 + dt_rand() % sizeof(b);
		for (size_t i = 0; i < n; i++)
			b[i] = (unsigned char)dt_rand();
		/* Bias towards the edges of the UTF-8 and UTF-16 forms. */
		if (round & 1)
			b[0] = (unsigned char)(0xc0 + dt_rand() % 0x40);
		size_t f = dt_rand() % NENC, t = dt_rand() % NENC;
		compare(encodings[t], encodings[f], b, n, 64);
		compare("UTF-8//IGNORE", encodings[f], b, n, 64);
	}
	dt_group_end("random bytes: EILSEQ, EINVAL, //IGNORE");
}

static void check_names(void)
{
	static const char *const ok[] = {"utf8",
					 "Utf-8",
					 "latin1",
					 "L1",
					 "ISO_8859-1",
					 "US-ASCII",
					 "ANSI_X3.4-1968",
					 "ucs-4be",
					 "UTF-8//TRANSLIT//IGNORE"};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		osv_iconv_t cd = osv_iconv_open(ok[i], "UTF-8");
		CHECK(cd != (osv_iconv_t)-1, "iconv_open(%s)", ok[i]);
		if (cd != (osv_iconv_t)-1)
			osv_iconv_close(cd);
	}
	errno = 0;
	CHECK(osv_iconv_open("KLINGON", "UTF-8") == (osv_iconv_t)-1 &&
		  errno == EINVAL,
	      "an unknown encoding is EINVAL");
	/* "" is the locale's codeset. */
	setlocale(LC_ALL, "C.UTF-8");
	osv_setlocale(LC_ALL, "C.UTF-8");
	compare("", "UTF-8", "\xc3\xa9", 2, 16);
	setlocale(LC_ALL, "C");
	osv_setlocale(LC_ALL, "C");
	compare("", "UTF-8", "\xc3\xa9", 2, 16);
	/* //TRANSLIT for characters glibc has no substitute for. */
	compare("ASCII//TRANSLIT", "UTF-8", "a\xe4\xb8\xadz", 5, 16);
	compare("ISO-8859-1//TRANSLIT", "UTF-8", "\xf0\x9f\x98\x80!", 5, 16);
	compare("ASCII//IGNORE", "UTF-8", "a\xe4\xb8\xadz\xff", 6, 16);
	/* A reset: the byte-order mark is written again. */
	osv_iconv_t cd = osv_iconv_open("UTF-16", "UTF-8");
	unsigned char out[16];
	char *ip = "A", *op = (char *)out;
	size_t il = 1, ol = sizeof(out);
	osv_iconv(cd, &ip, &il, &op, &ol);
	osv_iconv(cd, NULL, NULL, NULL, NULL);
	ip = "B";
	il = 1;
	osv_iconv(cd, &ip, &il, &op, &ol);
	osv_iconv_close(cd);
	CHECK(sizeof(out) - ol == 8 && !memcmp(out,
					       "\xff\xfe"
					       "A\0\xff\xfe"
					       "B\0",
					       8),
	      "UTF-16 writes a mark after a reset");
	dt_group_end("names, the locale's codeset, //TRANSLIT, resets");
}

int main(void)
{
	check_pairs();
	check_garbage();
	check_names();
	return dt_done();
}

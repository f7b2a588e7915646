/*
 * The "new ASCII" cpio format, newc (magic 070701), and its checksummed
 * twin crc (070702), as cpio(5) describes them.  An entry is
 *
 *   header  110 bytes: the 6-byte magic, then 13 fields of 8 hex digits
 *           (ino mode uid gid nlink mtime filesize devmajor devminor
 *           rdevmajor rdevminor namesize check)
 *   name    namesize bytes, the NUL included, then NULs up to a multiple
 *           of 4 bytes from the start of the archive
 *   data    filesize bytes, then NULs up to a multiple of 4
 *
 * and the entry named "TRAILER!!!" ends the archive.  In crc archives the
 * check field of a regular file is the sum of its data bytes, modulo 2^32;
 * only regular files are checked, since GNU cpio writes 0 there for
 * symbolic links (and Linux, reading an initramfs, checks only files too).
 * newc writes 0 everywhere.
 *
 * The archive comes from outside the kernel, so every length is compared
 * with what is left of the archive before it is used, by subtracting from
 * the remaining length rather than adding to an offset, so that no sum can
 * wrap however large the fields are.  Only the trailer may end without its
 * padding: what follows it is never looked at.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cpio_newc.h"

#define HEADER_SIZE 110
#define FIELD_DIGITS 8
#define MAGIC_LEN 6
#define TRAILER_NAME "TRAILER!!!"

enum field {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	NFIELDS
};

static const char *const field_names[NFIELDS] = {
    "ino",	 "mode",     "uid",	 "gid",	     "nlink",
    "mtime",	 "filesize", "devmajor", "devminor", "rdevmajor",
    "rdevminor", "namesize", "check",
};

/* Room for the longest message with a name cut to NAME_SHOWN bytes. */
#define NAME_SHOWN 200
static char message[NAME_SHOWN + 200];

static const char *fail(size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "cpio archive offset N (0xN): " and the rest; returns the buffer. */
static const char *fail(size_t offset, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(message, sizeof(message),
			 "cpio archive offset %zu (0x%zx): ", offset, offset);

	if (n < 0 || (size_t)n >= sizeof(message))
		return message;
	va_start(ap, fmt);
	vsnprintf(message + n, sizeof(message) - (size_t)n, fmt, ap);
	va_end(ap);
	return message;
}

/* How many bytes of a name to print: all, or NAME_SHOWN then "...". */
static int shown(const struct cpio_entry *e)
{
	return e->name_len > NAME_SHOWN ? NAME_SHOWN : (int)e->name_len;
}

static const char *ellipsis(const struct cpio_entry *e)
{
	return e->name_len > NAME_SHOWN ? "..." : "";
}

/* The arguments of a "%.*s%s" that prints the (shortened) name. */
#define NAME_ARGS(e) shown(e), (e)->name, ellipsis(e)

/*
 * One more than the value of each byte as a hex digit, 0 when it is
 * none: one look-up a digit, so that a header's 104 digits run one
 * short loop under TCG rather than a chain of range tests each.
 */
static const uint8_t hex_values[256] = {
    ['0'] = 1,	['1'] = 2,  ['2'] = 3,	['3'] = 4,  ['4'] = 5,	['5'] = 6,
    ['6'] = 7,	['7'] = 8,  ['8'] = 9,	['9'] = 10, ['a'] = 11, ['b'] = 12,
    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
    ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* Says which digit of the header at h is bad (parse_fields found one). */
static const char *bad_digit(const uint8_t *h, size_t offset)
{
	for (int f = 0; f < NFIELDS; f++) {
		const uint8_t *p = h + MAGIC_LEN + f * FIELD_DIGITS;

		for (int i = 0; i < FIELD_DIGITS; i++) {
			size_t at = offset + (size_t)(p + i - h);

			if (hex_values[p[i]])
				continue;
			if (p[i] >= 0x20 && p[i] < 0x7f)
				return fail(offset,
					    "non-hex digit '%c' in the %s "
					    "field of the header (byte at "
					    "offset %zu)",
					    p[i], field_names[f], at);
			return fail(offset,
				    "non-hex byte 0x%02x in the %s field of "
				    "the header (byte at offset %zu)",
				    p[i], field_names[f], at);
		}
	}
	return NULL; /* not reached: parse_fields saw a bad one */
}

/* Decodes all fields of the header at h; on a bad digit, says which. */
static const char *parse_fields(const uint8_t *h, size_t offset,
				uint32_t v[NFIELDS])
{
	const uint8_t *p = h + MAGIC_LEN;
	unsigned bad = 0;
	for (int f = 0; f < NFIELDS; f++) {
		uint32_t x = 0;
		for (int i = 0; i < FIELD_DIGITS; i++) {
			unsigned d = hex_values[*p++] - 1u; /* ~0u: no digit */
			bad |= d;
			x = x << 4 | (d & 0xf);
		}
		v[f] = x;
	}
	return bad > 0xf ? bad_digit(h, offset) : NULL;
}

/*
 * Why the (possibly short) bytes at offset are not a header's start:
 * NULL when they are one.
 */
static const char *check_magic(const uint8_t *h, size_t left, size_t offset)
{
	size_t n = left < MAGIC_LEN ? left : MAGIC_LEN;
	size_t zeros = 0;

	/* A header's start, the usual case, is looked at first. */
	if (memcmp(h, "07070", n < 5 ? n : 5) == 0 &&
	    (n < MAGIC_LEN || h[5] == '1' || h[5] == '2'))
		return NULL;
	/* Padding where a header should be: the trailer went missing. */
	while (zeros < left && zeros < HEADER_SIZE && h[zeros] == 0)
		zeros++;
	if (zeros == (left < HEADER_SIZE ? left : HEADER_SIZE))
		return fail(offset, "zero bytes instead of a header: no "
				    "TRAILER!!! entry (truncated archive?)");
	if (n == MAGIC_LEN && memcmp(h, "070707", MAGIC_LEN) == 0)
		return fail(offset, "old portable (odc, magic 070707) cpio "
				    "format; only newc/crc (070701/070702, "
				    "cpio -H newc) is supported");
	if (n >= 2 &&
	    ((h[0] == 0xc7 && h[1] == 0x71) || (h[0] == 0x71 && h[1] == 0xc7)))
		return fail(offset, "old binary cpio format; only newc/crc "
				    "(cpio -H newc) is supported");
	return fail(offset, "bad magic (expected 070701 or 070702): not a "
			    "newc cpio archive, or corrupt");
}

/* Bytes of NUL padding after position pos, up to a multiple of 4. */
static size_t pad4(size_t pos)
{
	return (4 - (pos & 3)) & 3;
}

static uint32_t sum_bytes(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

/* Checks and records the name, which starts right after the header. */
static const char *parse_name(const uint8_t *archive, size_t size,
			      uint32_t namesize, struct cpio_entry *e)
{
	size_t at = e->offset + HEADER_SIZE;
	const char *name = (const char *)archive + at;

	if (namesize == 0)
		return fail(e->offset, "name size is 0 (a name needs at "
				       "least its NUL)");
	if (namesize - 1 > CPIO_NAME_MAX)
		return fail(e->offset,
			    "name size %u is larger than the limit of %u "
			    "bytes plus NUL",
			    (unsigned)namesize, (unsigned)CPIO_NAME_MAX);
	if (namesize > size - at)
		return fail(e->offset,
			    "truncated name: %u bytes at offset %zu but "
			    "only %zu left",
			    (unsigned)namesize, at, size - at);
	if (name[namesize - 1] != '\0')
		return fail(e->offset,
			    "the name at offset %zu (name size %u) does not "
			    "end with a NUL",
			    at, (unsigned)namesize);
	e->name = name;
	e->name_len = namesize - 1;
	if (strnlen(name, namesize) != e->name_len)
		return fail(e->offset,
			    "the name '%.*s%s' has a NUL byte before its "
			    "end (name size %u)",
			    NAME_ARGS(e), (unsigned)namesize);
	if (e->name_len == 0)
		return fail(e->offset, "empty name");
	return NULL;
}

const char *cpio_newc_next(const uint8_t *archive, size_t size, size_t *offset,
			   bool verify_sums, struct cpio_entry *e)
{
	size_t off = *offset, left = size - off, at;
	const uint8_t *h = archive + off;
	uint32_t v[NFIELDS];
	const char *err;

	memset(e, 0, sizeof(*e));
	e->offset = off;
	if (left == 0)
		return fail(off, "end of the archive but no TRAILER!!! entry "
				 "(truncated archive?)");
	err = check_magic(h, left, off);
	if (err)
		return err;
	if (left < HEADER_SIZE)
		return fail(off,
			    "truncated header: %zu of its %d bytes are left",
			    left, HEADER_SIZE);
	err = parse_fields(h, off, v);
	if (!err)
		err = parse_name(archive, size, v[F_NAMESIZE], e);
	if (err)
		return err;
	if (e->name_len == sizeof(TRAILER_NAME) - 1 &&
	    memcmp(e->name, TRAILER_NAME, e->name_len) == 0) {
		/* Whatever follows, padding included, is not ours. */
		e->trailer = true;
		*offset = size;
		return NULL;
	}

	at = off + HEADER_SIZE + v[F_NAMESIZE];
	if (pad4(at) > size - at)
		return fail(off,
			    "truncated padding after the name '%.*s%s' "
			    "(offset %zu)",
			    NAME_ARGS(e), at);
	at += pad4(at);
	if (v[F_FILESIZE] > size - at)
		return fail(off,
			    "truncated data of '%.*s%s': file size %u at "
			    "offset %zu but only %zu bytes left",
			    NAME_ARGS(e), (unsigned)v[F_FILESIZE], at,
			    size - at);
	e->data = archive + at;
	e->size = v[F_FILESIZE];
	e->ino = v[F_INO];
	e->mode = v[F_MODE];
	e->nlink = v[F_NLINK];
	e->dev_major = v[F_DEVMAJOR];
	e->dev_minor = v[F_DEVMINOR];

	if (verify_sums && h[5] == '2' &&
	    (e->mode & CPIO_S_IFMT) == CPIO_S_IFREG) {
		uint32_t sum = sum_bytes(e->data, e->size);

		if (sum != v[F_CHECK])
			return fail(off,
				    "checksum mismatch for '%.*s%s': the "
				    "data sums to 0x%08x, the header says "
				    "0x%08x",
				    NAME_ARGS(e), (unsigned)sum,
				    (unsigned)v[F_CHECK]);
	}

	at += e->size;
	/* Padding cut off at the very end: the caller finds no trailer. */
	*offset = pad4(at) > size - at ? size : at + pad4(at);
	return NULL;
}

/*
 * The classification and case tables of the C locale, laid out as glibc's
 * inline macros read them: 384 entries, for -128..255, reached through a
 * pointer to element 0 so that EOF (-1) and signed chars index them.  The
 * classification bits are glibc's _IS* values (<ctype.h>).  Bytes above
 * 127 belong to no class, as in glibc's C and C.UTF-8 locales.
 */
#include <ctype.h>
#include <stdint.h>

#define UPPER(c) ((c) >= 'A' && (c) <= 'Z')
#define LOWER(c) ((c) >= 'a' && (c) <= 'z')
#define DIGIT(c) ((c) >= '0' && (c) <= '9')
#define XALPHA(c) (((c) >= 'A' && (c) <= 'F') || ((c) >= 'a' && (c) <= 'f'))
#define SPACE(c) ((c) == ' ' || ((c) >= '\t' && (c) <= '\r'))
#define BLANK(c) ((c) == ' ' || (c) == '\t')
#define CNTRL(c) ((c) < 0x20 || (c) == 0x7f)
#define GRAPH(c) ((c) > 0x20 && (c) < 0x7f)
#define PRINT(c) ((c) >= 0x20 && (c) < 0x7f)
#define ALPHA(c) (UPPER(c) || LOWER(c))
#define PUNCT(c) (GRAPH(c) && !ALPHA(c) && !DIGIT(c))

#define BIT(cond, mask) ((cond) ? (mask) : 0)
#define CLASS(c)                                                               \
	(BIT(UPPER(c), _ISupper) | BIT(LOWER(c), _ISlower) |                   \
	 BIT(ALPHA(c), _ISalpha) | BIT(DIGIT(c), _ISdigit) |                   \
	 BIT(DIGIT(c) || XALPHA(c), _ISxdigit) | BIT(SPACE(c), _ISspace) |     \
	 BIT(PRINT(c), _ISprint) | BIT(GRAPH(c), _ISgraph) |                   \
	 BIT(BLANK(c), _ISblank) | BIT(CNTRL(c), _IScntrl) |                   \
	 BIT(PUNCT(c), _ISpunct) | BIT(ALPHA(c) || DIGIT(c), _ISalnum))

/* Entries for the 128 ASCII codes; the other entries are set apart. */
#define E2(f, c) [128 + (c)] = f(c), [128 + (c) + 1] = f((c) + 1)
#define E4(f, c) E2(f, c), E2(f, (c) + 2)
#define E8(f, c) E4(f, c), E4(f, (c) + 4)
#define E16(f, c) E8(f, c), E8(f, (c) + 8)
#define E32(f, c) E16(f, c), E16(f, (c) + 16)
#define E64(f, c) E32(f, c), E32(f, (c) + 32)
#define E128(f, c) E64(f, c), E64(f, (c) + 64)

static const unsigned short class_table[384] = {E128(CLASS, 0)};

/*
 * Codes above ASCII map to themselves; -128..-2 map to the same byte read
 * as unsigned (as in glibc), and EOF to itself.
 */
#define SELF2(i) [(i)] = SELF(i), [(i) + 1] = SELF((i) + 1)
#define SELF4(i) SELF2(i), SELF2((i) + 2)
#define SELF8(i) SELF4(i), SELF4((i) + 4)
#define SELF16(i) SELF8(i), SELF8((i) + 8)
#define SELF32(i) SELF16(i), SELF16((i) + 16)
#define SELF64(i) SELF32(i), SELF32((i) + 32)
#define SELF128(i) SELF64(i), SELF64((i) + 64)
#define SELF(i) ((i) < 127 ? (i) + 128 : (i) == 127 ? -1 : (i)-128)
#define SELF_OUTSIDE_ASCII SELF128(0), SELF128(256)

#define TOLOWER(c) (UPPER(c) ? (c) + 32 : (c))
#define TOUPPER(c) (LOWER(c) ? (c)-32 : (c))

static const int32_t tolower_table[384] = {SELF_OUTSIDE_ASCII,
					   E128(TOLOWER, 0)};
static const int32_t toupper_table[384] = {SELF_OUTSIDE_ASCII,
					   E128(TOUPPER, 0)};

static const unsigned short *class_ptr = class_table + 128;
static const int32_t *tolower_ptr = tolower_table + 128;
static const int32_t *toupper_ptr = toupper_table + 128;

const unsigned short **__ctype_b_loc(void)
{
	return &class_ptr;
}

const int32_t **__ctype_tolower_loc(void)
{
	return &tolower_ptr;
}

const int32_t **__ctype_toupper_loc(void)
{
	return &toupper_ptr;
}

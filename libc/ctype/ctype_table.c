/*
 * The classification and case tables of the C locale, laid out as glibc's
 * inline macros read them: 384 entries, for -128..255, reached through a
 * pointer to element 0 so that EOF (-1) and signed chars index them.  The
 * classification bits are glibc's _IS* values (<ctype.h>).  Bytes above
 * 127 belong to no class, as in glibc's C and C.UTF-8 locales.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
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

/*
 * The tables are filled on first use rather than initialised: 3.8 KB of
 * bytes in every kernel file for what a loop computes.
 */
static unsigned short class_table[384];
static int32_t tolower_table[384], toupper_table[384];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/*
 * Codes above ASCII map to themselves; -128..-2 map to the same byte read
 * as unsigned (as in glibc), and EOF to itself.  Cold: it runs once, and
 * -O2 made it 588 bytes.
 */
__attribute__((cold)) static void fill_tables(void)
{
	for (int c = -128; c < 256; c++) {
		int self = c < -1 ? c + 256 : c;
		bool ascii = c >= 0 && c < 128;
		class_table[c + 128] = ascii ? CLASS(c) : 0;
		tolower_table[c + 128] = UPPER(c) ? c + 32 : self;
		toupper_table[c + 128] = LOWER(c) ? c - 32 : self;
	}
}

static const unsigned short *class_ptr = class_table + 128;
static const int32_t *tolower_ptr = tolower_table + 128;
static const int32_t *toupper_ptr = toupper_table + 128;

const unsigned short **__ctype_b_loc(void)
{
	pthread_once(&tables_once, fill_tables);
	return &class_ptr;
}

const int32_t **__ctype_tolower_loc(void)
{
	pthread_once(&tables_once, fill_tables);
	return &tolower_ptr;
}

const int32_t **__ctype_toupper_loc(void)
{
	pthread_once(&tables_once, fill_tables);
	return &toupper_ptr;
}

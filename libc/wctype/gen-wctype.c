/*
 * Writes wctype_table.h: the Unicode character classes and case
 * mappings of the C.UTF-8 locale, as the host's glibc has them (glibc
 * 2.36: Unicode 14.0.0).  Run by hand when they change (the table is
 * committed), on a host with glibc's C.UTF-8 locale:
 *     cc -o gen-wctype libc/wctype/gen-wctype.c
 *     ./gen-wctype > libc/wctype/wctype_table.h
 * A class is its ranges of code points in order, each as two LEB128
 * numbers (7 bits a byte, low first, the top bit set on all but the
 * last): the gap from the end of the range before, and how many code
 * points follow its first; and an index word for every WC_BLOCK
 * ranges: the first code point of the block's first range above
 * WC_OFFSET_BITS bits of where its bytes start (its gap is 0).  About
 * two bytes a range where a 32-bit word each took four.  Case mappings
 * are runs of code points with one difference to add, every code point
 * of the run or every other one, in the same form with the step - 1 in
 * the low bit of the second number and a third, the difference
 * (zigzag: 2d for d >= 0, -2d - 1 for d < 0).  alnum, punct and print
 * are not tables: glibc's are alpha or digit, graph but not alnum, graph
 * or a space that is not a control (wc_table.c); this program checks
 * that they still are.  The lower and upper tables hold only the code points
 * that have no case mapping: one that has an uppercase is lower, one
 * that has a lowercase upper (checked too).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#define MAXC 0x110000
#define WC_BLOCK 16	  /* as in wc_table.c */
#define WC_OFFSET_BITS 11 /* as in wc_table.c */

static const char *const classes[] = {"alpha", "blank", "cntrl",
				      "digit", "graph", "lower",
				      "space", "upper", "xdigit"};
#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

/* lower and upper: only the code points without a case mapping. */
static int in_table(wctype_t t, const char *name, wint_t c)
{
	if (!iswctype(c, t))
		return 0;
	if (!strcmp(name, "lower"))
		return towupper(c) == c;
	if (!strcmp(name, "upper"))
		return towlower(c) == c;
	return 1;
}

/* Prints v as LEB128 bytes; returns how many. */
static unsigned put_leb128(unsigned v)
{
	unsigned n = 0;
	do {
		unsigned byte = v & 0x7f;
		v >>= 7;
		printf("%s0x%02X,", n ? " " : "", byte | (v ? 0x80 : 0));
		n++;
	} while (v);
	return n;
}

/*
 * Prints table name: the bytes of its n ranges (first[i]..last[i]; with
 * step and delta, case runs: a step of 1 or 2 and the difference to add,
 * zigzag-coded), then the index of their blocks and their number.
 */
static void put_table(const char *name, unsigned n, const unsigned *first,
		      const unsigned *last, const unsigned *step,
		      const int *delta)
{
	static unsigned block_offset[MAXC / 2 / WC_BLOCK + 1];
	unsigned offset = 0, end = 0;
	printf("static const uint8_t wc_%s_bytes[] = {\n", name);
	for (unsigned i = 0; i < n; i++) {
		unsigned from = end + 1;
		if (i % WC_BLOCK == 0) {
			block_offset[i / WC_BLOCK] = offset;
			from = first[i];
		}
		printf("\t");
		offset += put_leb128(first[i] - from);
		printf(" ");
		unsigned span = last[i] - first[i];
		if (!step) {
			offset += put_leb128(span);
		} else {
			offset += put_leb128(span << 1 | (step[i] - 1));
			printf(" ");
			offset += put_leb128(delta[i] < 0 ? -2u * delta[i] - 1
							  : 2u * delta[i]);
		}
		printf("\n");
		end = last[i];
	}
	printf("};\n\n");
	if (offset > 1u << WC_OFFSET_BITS) {
		fprintf(stderr,
			"gen-wctype: %s takes %u bytes, more than the "
			"index's offsets reach\n",
			name, offset);
		exit(1);
	}
	printf("static const uint32_t wc_%s_index[] = {\n", name);
	for (unsigned i = 0; i < n; i += WC_BLOCK)
		printf("\t0x%Xu << WC_OFFSET_BITS | %u,\n", first[i],
		       block_offset[i / WC_BLOCK]);
	printf("};\n\nenum { wc_%s_ranges = %u };\n\n", name, n);
}

static void class_ranges(const char *name)
{
	static unsigned first[MAXC / 2 + 1], last[MAXC / 2 + 1];
	wctype_t t = wctype(name);
	unsigned n = 0;
	for (unsigned c = 0; c < MAXC;) {
		if (!in_table(t, name, c)) {
			c++;
			continue;
		}
		first[n] = c;
		while (c < MAXC && in_table(t, name, c))
			c++;
		last[n++] = c - 1;
	}
	if (n == 0) {
		fprintf(stderr, "gen-wctype: class %s is empty\n", name);
		exit(1);
	}
	put_table(name, n, first, last, NULL, NULL);
}

/* The classes wc_table.c derives from others must still be so. */
static void check_derived(void)
{
	for (wint_t c = 0; c < MAXC; c++) {
		int alnum = iswalpha(c) || iswdigit(c);
		int punct = iswgraph(c) && !alnum;
		int print = iswgraph(c) || (iswspace(c) && !iswcntrl(c));
		if (!iswalnum(c) != !alnum || !iswpunct(c) != !punct ||
		    !iswprint(c) != !print ||
		    (towupper(c) != c && !iswlower(c)) ||
		    (towlower(c) != c && !iswupper(c))) {
			fprintf(stderr,
				"gen-wctype: U+%04X: alnum, punct, print, "
				"lower or upper is no longer derived as "
				"wc_table.c does\n",
				c);
			exit(1);
		}
	}
}

/* Runs of code points first..last by step (1 or 2) whose map(c) is
 * c + delta; the others map to themselves. */
static void case_runs(const char *name, wint_t (*map)(wint_t))
{
	static unsigned first[MAXC / 2 + 1], last[MAXC / 2 + 1],
	    step[MAXC / 2 + 1];
	static int delta[MAXC / 2 + 1];
	unsigned n = 0, c = 0;
	while (c < MAXC) {
		int d = (int)map(c) - (int)c;
		if (!d) {
			c++;
			continue;
		}
		unsigned l = c, st = 1;
		/* Try a run of consecutive code points, then every other. */
		while (l + 1 < MAXC && (int)map(l + 1) - (int)(l + 1) == d)
			l++;
		if (l == c) {
			while (l + 2 < MAXC &&
			       (int)map(l + 2) - (int)(l + 2) == d &&
			       map(l + 1) == l + 1)
				l += 2;
			if (l != c)
				st = 2;
		}
		first[n] = c;
		last[n] = l;
		step[n] = st;
		delta[n++] = d;
		c = l + 1;
	}
	put_table(name, n, first, last, step, delta);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "gen-wctype: no C.UTF-8 locale\n");
		return 1;
	}
	printf("/*\n * Generated by gen-wctype.c from glibc's C.UTF-8 "
	       "locale; do not edit.\n */\n\n");
	check_derived();
	for (size_t i = 0; i < NCLASSES; i++)
		class_ranges(classes[i]);
	case_runs("toupper", towupper);
	case_runs("tolower", towlower);
	return ferror(stdout) != 0;
}

/*
 * regcomp/regexec against glibc's: compile results, whether and where
 * each pattern matches and its subexpressions, for a table of basic and
 * extended REs with the flags, then random patterns over a small
 * alphabet (whole matches only: where POSIX leaves subexpressions open,
 * the two may pick differently).  Then glibc's GNU interface
 * (re_set_syntax, re_compile_pattern, re_search, re_match) in the
 * syntaxes sed, grep and diff use: where the search stops, the
 * registers it fills, the bit-fields of the buffer.
 */
#define _GNU_SOURCE
#include <regex.h>
#include <stdbool.h>

#include "difftest.h"

int osv_regcomp(regex_t *re, const char *pattern, int cflags);
int osv_regexec(const regex_t *re, const char *string, size_t nmatch,
		regmatch_t pmatch[], int eflags);
size_t osv_regerror(int errcode, const regex_t *re, char *buf, size_t size);
void osv_regfree(regex_t *re);
reg_syntax_t osv_re_set_syntax(reg_syntax_t syntax);
const char *osv_re_compile_pattern(const char *pattern, size_t length,
				   struct re_pattern_buffer *buf);
regoff_t osv_re_search(struct re_pattern_buffer *buf, const char *string,
		       regoff_t length, regoff_t start, regoff_t range,
		       struct re_registers *regs);
regoff_t osv_re_match(struct re_pattern_buffer *buf, const char *string,
		      regoff_t length, regoff_t start,
		      struct re_registers *regs);

#define NSUB 10

struct result {
	int comp, exec;
	size_t nsub;
	regmatch_t m[NSUB];
};

static void run(bool ours, const char *pat, int cflags, const char *text,
		int eflags, const regmatch_t *range, struct result *r)
{
	regex_t re;
	memset(r, 0, sizeof(*r));
	r->comp =
	    ours ? osv_regcomp(&re, pat, cflags) : regcomp(&re, pat, cflags);
	if (r->comp)
		return;
	r->nsub = re.re_nsub;
	for (int i = 0; i < NSUB; i++)
		r->m[i].rm_so = r->m[i].rm_eo = -7;
	if (range)
		r->m[0] = *range;
	r->exec = ours ? osv_regexec(&re, text, NSUB, r->m, eflags)
		       : regexec(&re, text, NSUB, r->m, eflags);
	if (ours)
		osv_regfree(&re);
	else
		regfree(&re);
}

static bool same(const struct result *a, const struct result *b, bool subs)
{
	if (a->comp != b->comp)
		return false;
	if (a->comp)
		return true;
	if (a->nsub != b->nsub || a->exec != b->exec)
		return false;
	if (a->exec)
		return true;
	size_t n = subs ? NSUB : 1;
	for (size_t i = 0; i < n; i++)
		if (a->m[i].rm_so != b->m[i].rm_so ||
		    a->m[i].rm_eo != b->m[i].rm_eo)
			return false;
	return true;
}

static void describe(const char *what, const struct result *r, char *buf,
		     size_t len)
{
	int n = snprintf(buf, len, "%s comp %d exec %d nsub %zu", what, r->comp,
			 r->exec, r->nsub);
	for (int i = 0; i < 4 && n > 0 && (size_t)n < len; i++)
		n += snprintf(buf + n, len - (size_t)n, " (%d,%d)",
			      r->m[i].rm_so, r->m[i].rm_eo);
}

static void compare(const char *pat, int cflags, const char *text, int eflags,
		    const regmatch_t *range, bool subs)
{
	struct result g, o;
	run(false, pat, cflags, text, eflags, range, &g);
	run(true, pat, cflags, text, eflags, range, &o);
	char gb[160], ob[160];
	describe("glibc", &g, gb, sizeof(gb));
	describe("osv", &o, ob, sizeof(ob));
	CHECK(same(&g, &o, subs), "/%s/ flags %d on \"%s\" eflags %d: %s; %s",
	      pat, cflags, text, eflags, gb, ob);
}

#define E REG_EXTENDED
#define I REG_ICASE
#define N REG_NEWLINE

static const struct {
	const char *pat;
	int cflags;
	const char *text;
} table[] = {
    /* literals, ., anchors */
    {"abc", 0, "xabcx"},
    {"abc", E, "ab"},
    {"a.c", 0, "a\nc"},
    {"a.c", N, "a\nc"},
    {"^abc$", 0, "abc"},
    {"^b", 0, "ab"},
    {"b$", 0, "ab\n"},
    {"^b", N, "a\nb"},
    {"a$", N, "a\nb"},
    {"a^b", 0, "a^b"},
    {"a$b", 0, "a$b"},
    {"a^b", E, "a^b"},
    {"x\\(a$\\)", 0, "xa"},
    {"\\(^a\\)", 0, "a"},
    {"^*a", 0, "*a"},
    {"$", 0, "abc"},
    {"^", E, "abc"},
    {"", 0, "abc"},
    {"", E, ""},
    /* brackets */
    {"[abc]+", E, "xxbcaz"},
    {"[^abc]+", E, "abxyzc"},
    {"[]a]+", E, "]a]b"},
    {"[^]a]+", E, "]ab]"},
    {"[a-c-]+", E, "zb-a"},
    {"[[:digit:]]+", E, "ab123c"},
    {"[[:alpha:][:digit:]]+", E, "-a1b2-"},
    {"[[:upper:]]+", E | I, "abC"},
    {"[[:space:]]", E, "a b"},
    {"[[:punct:]]+", E, "a!?b"},
    {"[[.a.]]", E, "a"},
    {"[[=b=]]", E, "ab"},
    {"[[.space.]]", E, " "},
    {"[[:foo:]]", E, "a"},
    {"[b-a]", E, "a"},
    {"[a", E, "a"},
    {"[a\\]]+", E, "a\\]"},
    {"[^a]", N, "\n"},
    {"[^a]", 0, "\n"},
    {"[[:alpha:]-z]", E, "-"},
    {"[a-]", 0, "-"},
    {"[%--]+", E, "+,-"},
    /* repetition */
    {"a*", 0, "aaa"},
    {"a*", 0, "baaa"},
    {"a+", E, "baaa"},
    {"a?b", E, "ab"},
    {"a{2}", E, "aaa"},
    {"a{2,}", E, "aaaaa"},
    {"a{,2}", E, "aaa"},
    {"a{1,3}b", E, "aaaab"},
    {"a{0}b", E, "ab"},
    {"a\\{2\\}", 0, "aaa"},
    {"a\\+", 0, "aa"},
    {"a\\?", 0, "a"},
    {"a**", E, "aa"},
    {"a**", 0, "aa"},
    {"a+*", E, "aa"},
    {"*a", 0, "*a"},
    {"*a", E, "a"},
    {"+a", E, "a"},
    {"a|*b", E, "b"},
    {"(*a)", E, "a"},
    {"\\(*a\\)", 0, "*a"},
    {"a\\|*b", 0, "*b"},
    {"{1}a", E, "a"},
    {"\\{1\\}a", 0, "a"},
    {"a{", E, "a{"},
    {"a{1", E, "a"},
    {"a{x}", E, "a"},
    {"a{2,1}", E, "a"},
    {"a{}", E, "a"},
    {"a\\{1", 0, "a"},
    {"a{32768}", E, "a"},
    {"a{32767}", E, "a"},
    {"(a{2}){2}", E, "aaaaa"},
    {"(ab){1,2}c", E, "ababc"},
    {"x(a|b){3,}y", E, "xababy"},
    /* groups and alternation */
    {"(a)(b)(c)", E, "abc"},
    {"(a|b)*c", E, "abac"},
    {"(a|ab)(c|bcd)(d*)", E, "abcd"},
    {"(a|ab)(bc|c)", E, "abc"},
    {"(.*)(.*)", E, "abc"},
    {"(a*)(a|b)*", E, "aab"},
    {"((a)|b)*", E, "ab"},
    {"(a?)((ab)?)", E, "ab"},
    {"(a*)*", E, "b"},
    {"(a*)+", E, "b"},
    {"(a*)*", E, "aa"},
    {"()", E, "x"},
    {"(|a)", E, "a"},
    {"a|", E, "b"},
    {"|a", E, "b"},
    {"a|b|c", E, "xc"},
    {"(a|b|c)+", E, "xcab"},
    {"\\(a\\|b\\)*c", 0, "abc"},
    {"(a", E, "a"},
    {"a)", E, "a)"},
    {"a\\)", 0, "a)"},
    {"\\(a", 0, "a"},
    {"(a))", E, "a)"},
    {"(foo|foobar)(bar)?", E, "foobar"},
    {"(wee|week)(knights|night)", E, "weeknights"},
    {"(a|aa)*b", E, "aaab"},
    {"(ab|a)(bc|c)?", E, "abc"},
    /* backreferences */
    {"\\(a*\\)\\1", 0, "aaaa"},
    {"\\(a\\)\\1", 0, "aa"},
    {"(a)\\1", E, "aa"},
    {"(a)\\2", E, "aa"},
    {"\\1(a)", E, "aa"},
    {"(a\\1)", E, "aa"},
    {"\\(ab*\\)c\\1", 0, "abbcabb"},
    {"\\(a\\|b\\)*\\1", 0, "abb"},
    {"([a-c]*)\\1", E, "abcabc"},
    {"(a)|\\1", E, "x"},
    {"\\(x\\)\\(y\\)\\2\\1", 0, "xyyx"},
    {"(A)\\1", E | I, "aA"},
    /* GNU escapes */
    {"\\w+", E, "ab_c d"},
    {"\\W+", E, "ab, c"},
    {"\\s+", E, "a \t b"},
    {"\\S+", E, " ab "},
    {"\\<b", E, "ab b"},
    {"b\\>", E, "bb b"},
    {"a\\b", E, "a b"},
    {"a\\B", E, "ab a"},
    {"\\`a", E, "ba"},
    {"a\\'", E, "ab a"},
    {"\\bfoo\\b", 0, "a foo b"},
    {"a\\", E, "a"},
    {"\\.", E, "a.b"},
    {"\\*", 0, "*"},
    {"\\n", E, "n"},
    /* case */
    {"AbC", I, "xaBcx"},
    {"[a-c]+", I, "ABCD"},
    {"[^a]", I, "A"},
    {"(a+)B", E | I, "AAb"},
};

static void table_cases(void)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		compare(table[i].pat, table[i].cflags, table[i].text, 0, NULL,
			true);
		compare(table[i].pat, table[i].cflags | REG_NOSUB,
			table[i].text, 0, NULL, false);
	}
	dt_group_end("table: compile, match and subexpressions as glibc's");
}

static void eflags_cases(void)
{
	compare("^a", 0, "ab", REG_NOTBOL, NULL, true);
	compare("^a", N, "b\na", REG_NOTBOL, NULL, true);
	compare("b$", 0, "ab", REG_NOTEOL, NULL, true);
	compare("b$", N, "b\na", REG_NOTEOL, NULL, true);
	compare("\\`a", E, "ab", REG_NOTBOL, NULL, true);
	compare("a\\'", E, "ba", REG_NOTEOL, NULL, true);
	regmatch_t r = {2, 5};
	compare("c.", E, "abcdef", REG_STARTEND, &r, true);
	compare("e", E, "abcdef", REG_STARTEND, &r, true);
	compare("b", E, "abcdef", REG_STARTEND, &r, true);
	compare("^c", E, "abcdef", REG_STARTEND, &r, true);
	compare("e$", E, "abcdef", REG_STARTEND, &r, true);
	compare("\\bc", E, "abcdef", REG_STARTEND, &r, true);
	regmatch_t z = {1, 4};
	compare("b.d", E, "ab\0de", REG_STARTEND, &z, true);
	dt_group_end("REG_NOTBOL, REG_NOTEOL, REG_STARTEND as glibc's");
}

static void errors(void)
{
	for (int e = 0; e <= REG_ERPAREN; e++) {
		char a[64], b[64];
		size_t la = regerror(e, NULL, a, sizeof(a));
		size_t lb = osv_regerror(e, NULL, b, sizeof(b));
		CHECK(la == lb && !strcmp(a, b),
		      "regerror(%d): \"%s\" vs \"%s\"", e, a, b);
		la = regerror(e, NULL, a, 5);
		lb = osv_regerror(e, NULL, b, 5);
		CHECK(la == lb && !strcmp(a, b), "regerror(%d) cut", e);
	}
	dt_group_end("regerror's messages, whole and cut");
}

/* Random patterns from pieces over "ab": whole matches compared. */
static void random_cases(void)
{
	static const char *const pieces[] = {
	    "a", "b",  ".",	"*",	 "+",	  "?",	 "|",
	    "(", ")",  "[ab]",	"[^a]",	 "{1,2}", "{2}", "^",
	    "$", "a*", "(a|b)", "(ab)*", "b?"};
	static const char *const texts[] = {
	    "", "a", "b", "ab", "ba", "aab", "abab", "bbaab", "aaaa", "abba"};
	for (int i = 0; i < 6000; i++) {
		char pat[64] = "";
		int n = 1 + (int)dt_below(6);
		for (int k = 0; k < n; k++)
			strcat(pat, pieces[dt_below(sizeof(pieces) /
						    sizeof(pieces[0]))]);
		int cflags = dt_below(2) ? E : 0;
		const char *t =
		    texts[dt_below(sizeof(texts) / sizeof(texts[0]))];
		compare(pat, cflags, t, 0, NULL, false);
	}
	dt_group_end("random patterns: compile results and whole matches");
}

/* Patterns whose naive backtracking takes exponential time. */
static void pathological(void)
{
	char text[64];
	memset(text, 'a', 40);
	text[40] = 0;
	compare("(a*)*b", E, text, 0, NULL, false);
	compare("(a|aa)*c", E, text, 0, NULL, false);
	compare("(a+)+$", E, text, 0, NULL, true);
	/* glibc takes most of a minute over (x|y)*z here: ours alone */
	static char big[100001];
	memset(big, 'x', sizeof(big) - 1);
	big[50000] = 'y';
	compare("x*y", E, big, 0, NULL, true);
	struct result r;
	run(true, "(x|y)*z", E, big, 0, NULL, &r);
	CHECK(r.comp == 0 && r.exec == REG_NOMATCH, "(x|y)*z: %d %d", r.comp,
	      r.exec);
	run(true, "(x|y)*", E, big, 0, NULL, &r);
	CHECK(r.comp == 0 && r.exec == 0 && r.m[0].rm_so == 0 &&
		  r.m[0].rm_eo == 100000 && r.m[1].rm_so == 99999,
	      "(x|y)*: %d %d (%d,%d) (%d,%d)", r.comp, r.exec, r.m[0].rm_so,
	      r.m[0].rm_eo, r.m[1].rm_so, r.m[1].rm_eo);
	dt_group_end("pathological patterns finish (a bitmap bounds the work)");
}

/* What one GNU search did: its result and the registers it filled. */
struct gnu_result {
	const char *error;
	regoff_t at;
	unsigned num_regs, regs_allocated;
	regoff_t start[8], end[8];
};

enum gnu_call { SEARCH, MATCH };

static void gnu_run(bool ours, reg_syntax_t syntax, const char *pat,
		    const char *text, regoff_t len, regoff_t start,
		    regoff_t range, enum gnu_call call, bool anchor,
		    bool notbol, struct gnu_result *r)
{
	struct re_pattern_buffer buf;
	struct re_registers regs = {0};
	memset(&buf, 0, sizeof(buf));
	memset(r, 0, sizeof(*r));
	reg_syntax_t old =
	    ours ? osv_re_set_syntax(syntax) : re_set_syntax(syntax);
	r->error = ours ? osv_re_compile_pattern(pat, strlen(pat), &buf)
			: re_compile_pattern(pat, strlen(pat), &buf);
	if (ours)
		osv_re_set_syntax(old);
	else
		re_set_syntax(old);
	if (r->error)
		return;
	buf.newline_anchor = anchor;
	buf.not_bol = notbol;
	/* twice: the second call reuses the registers the first allocated */
	for (int i = 0; i < 2; i++) {
		if (call == SEARCH)
			r->at = ours ? osv_re_search(&buf, text, len, start,
						     range, &regs)
				     : re_search(&buf, text, len, start, range,
						 &regs);
		else
			r->at =
			    ours ? osv_re_match(&buf, text, len, start, &regs)
				 : re_match(&buf, text, len, start, &regs);
	}
	r->regs_allocated = buf.regs_allocated;
	r->num_regs = regs.num_regs;
	for (unsigned i = 0; r->at >= 0 && i < regs.num_regs && i < 8; i++) {
		r->start[i] = regs.start[i];
		r->end[i] = regs.end[i];
	}
	free(regs.start);
	free(regs.end);
	if (ours)
		osv_regfree(&buf);
	else
		regfree(&buf);
}

static bool gnu_same(const struct gnu_result *a, const struct gnu_result *b)
{
	if (!a->error != !b->error)
		return false;
	if (a->error)
		return !strcmp(a->error, b->error);
	if (a->at != b->at || a->regs_allocated != b->regs_allocated ||
	    a->num_regs != b->num_regs)
		return false;
	for (unsigned i = 0; a->at >= 0 && i < a->num_regs && i < 8; i++)
		if (a->start[i] != b->start[i] || a->end[i] != b->end[i])
			return false;
	return true;
}

/* sed's basic syntax (glibc's less RE_DOT_NOT_NULL), grep's, egrep's */
#define SED_BASIC                                                              \
	((RE_SYNTAX_POSIX_BASIC & ~RE_DOT_NOT_NULL) | RE_NO_POSIX_BACKTRACKING)
#define SED_EXTENDED                                                           \
	((RE_SYNTAX_POSIX_EXTENDED & ~RE_DOT_NOT_NULL) |                       \
	 RE_NO_POSIX_BACKTRACKING)

static const struct {
	reg_syntax_t syntax;
	const char *pat, *text;
	regoff_t start, range;
	regoff_t len; /* of text, which holds a NUL; else 0 */
} gnu_table[] = {
    {SED_BASIC, "\\(a*\\)b", "xxaab aab", 0, 9},
    {SED_BASIC, "\\(a*\\)b", "xxaab aab", 5, 4},
    {SED_BASIC, "\\(a*\\)b", "xxaab aab", 9, -9},
    {SED_BASIC, "\\(a*\\)b", "xxaab aab", 4, -4},
    {SED_BASIC, "^a", "ab\nab", 1, 5},
    {SED_BASIC, "b$", "ab\nab", 0, 5},
    {SED_BASIC, "\\bfoo\\b", "foobar foo", 1, 20},
    {SED_BASIC, "x\\+y\\?", "axxxyz", 0, 6},
    {SED_BASIC, "a\\|b\\(c\\)", "zzbc", 0, 4},
    {SED_BASIC, "\\(.\\)\\1", "abccd", 0, 5},
    {SED_BASIC, "\\(", "a", 0, 1},
    {SED_BASIC, "a\\{2,", "a", 0, 1},
    {SED_BASIC, "[[:alpha:]", "a", 0, 1},
    {SED_EXTENDED, "([0-9]+) line ([0-9]*7)$", "947 line 77", 0, 11},
    {SED_EXTENDED, "(a|ab)(c|bcd)(d*)", "abcd", 0, 4},
    {SED_EXTENDED, "o+", "foo boo", 3, -3},
    {SED_EXTENDED, "", "abc", 2, 1},
    {SED_EXTENDED, "c", "abc", 0, 100},
    {SED_EXTENDED, "a", "abc", 0, -100},
    {SED_EXTENDED, "a", "abc", 4, 1},
    {SED_EXTENDED, "(a", "abc", 0, 3},
    {RE_SYNTAX_GREP, "^[0-9]\\{3\\} line", "123 line 4", 0, 10},
    {RE_SYNTAX_GREP | RE_ICASE, "HeLLo", "say hello", 0, 9},
    {RE_SYNTAX_GREP | RE_NO_SUB, "l\\(o\\)", "hello", 0, 5},
    {RE_SYNTAX_EGREP, "h(el|al)+o", "halelo", 0, 6},
    {RE_SYNTAX_EGREP | RE_ICASE, "h(el|al)+o\n([a-z])\\1\n[0-9]{4}\\b",
     "The year 2023", 0, 13},
    {RE_SYNTAX_GREP, "x\nye\\(s\\)\n^ab", "abc yes", 0, 7},
    {RE_SYNTAX_EGREP, "a.b", "a\nb", 0, 3},
    {RE_SYNTAX_EGREP & ~RE_DOT_NEWLINE, "a.b", "a\nb", 0, 3},
    {RE_SYNTAX_POSIX_EXTENDED, "[^x]y", "\ny", 0, 2},
    /* RE_NEWLINE_ALT: empty alternatives, anchors and operators after one;
     * backward searches, buffer anchors, empty groups */
    {RE_SYNTAX_EGREP, "\nx", "abc x", 0, 5},
    {RE_SYNTAX_EGREP, "x\n", "abc x", 0, 5},
    {RE_SYNTAX_GREP, "\nx", "abc x", 0, 5},
    {RE_SYNTAX_GREP, "x\n", "abc x", 0, 5},
    {RE_SYNTAX_GREP, "x\n\n", "abc x", 0, 5},
    {RE_SYNTAX_GREP, "a\n^b", "cb", 0, 2},
    {RE_SYNTAX_GREP, "a\n*b", "c*b", 0, 3},
    {RE_SYNTAX_EGREP, "(a\nb)", "xb", 0, 2},
    {SED_EXTENDED, "^a", "aaa", 2, -2},
    {SED_EXTENDED, "a$", "aaa", 0, 3},
    {SED_EXTENDED, "\\`a", "aaa", 1, 2},
    {SED_EXTENDED, "a\\'", "aaa", 0, 3},
    {SED_EXTENDED, "(a*)*", "b", 0, 1},
    {SED_EXTENDED, "(a)|b", "b", 0, 1},
    {SED_BASIC, "\\(a\\)\\|\\(b\\)", "b", 0, 1},
    {SED_EXTENDED, "\\<b", "ab b", 0, 4},
    {SED_EXTENDED, "x*", "aaa", 3, -3},
    {SED_EXTENDED, "a+", "baaa", 3, -3},
    {SED_BASIC, "a\\{2\\}", "baaa", 0, 4},
    {SED_BASIC, "*a", "x*a", 0, 3},
    {SED_EXTENDED, "a{,2}", "aaa", 0, 3},
    {SED_EXTENDED, "a|*b", "*b", 0, 2},
    {SED_EXTENDED, "()", "a", 0, 1},
    {SED_EXTENDED, "a)", "a)", 0, 2},
    {RE_SYNTAX_EGREP | RE_ICASE, "([a-z])\\1", "xAa", 0, 3},
    {RE_SYNTAX_EGREP | RE_ICASE, "[^a]", "A", 0, 1},
    /* '.' and a NUL: sed's and grep's syntaxes leave RE_DOT_NOT_NULL out */
    {SED_BASIC, "a.b", "a\0b", 0, 3, 3},
    {SED_EXTENDED, "x(.*)y", "x1\0002y", 0, 5, 5},
    {RE_SYNTAX_GREP, "a.b", "a\0b", 0, 3, 3},
    {RE_SYNTAX_POSIX_EXTENDED, "a.b", "a\0b", 0, 3, 3},
    /* "[^...]" and a newline: RE_HAT_LISTS_NOT_NEWLINE, not RE_DOT_NEWLINE */
    {RE_SYNTAX_POSIX_EXTENDED | RE_HAT_LISTS_NOT_NEWLINE, "[^x]y", "\ny", 0, 2},
    {RE_SYNTAX_POSIX_EXTENDED | RE_HAT_LISTS_NOT_NEWLINE, ".y", "\ny", 0, 2},
    {RE_SYNTAX_POSIX_EXTENDED & ~RE_DOT_NEWLINE, "[^x]y", "\ny", 0, 2},
    {RE_SYNTAX_POSIX_EXTENDED & ~RE_DOT_NEWLINE, ".y", "\ny", 0, 2},
};

static void gnu_cases(void)
{
	for (size_t i = 0; i < sizeof(gnu_table) / sizeof(gnu_table[0]); i++)
		for (int c = 0; c < 8; c++) {
			enum gnu_call call = c & 1 ? MATCH : SEARCH;
			bool anchor = c & 2, notbol = c & 4;
			struct gnu_result g, o;
			regoff_t len =
			    gnu_table[i].len
				? gnu_table[i].len
				: (regoff_t)strlen(gnu_table[i].text);
			gnu_run(false, gnu_table[i].syntax, gnu_table[i].pat,
				gnu_table[i].text, len, gnu_table[i].start,
				gnu_table[i].range, call, anchor, notbol, &g);
			gnu_run(true, gnu_table[i].syntax, gnu_table[i].pat,
				gnu_table[i].text, len, gnu_table[i].start,
				gnu_table[i].range, call, anchor, notbol, &o);
			CHECK(gnu_same(&g, &o),
			      "%s /%s/ on \"%s\" from %d range %d anchor %d "
			      "notbol %d: glibc %s %d regs %u (%d,%d) (%d,%d); "
			      "osv %s %d regs %u (%d,%d) (%d,%d)",
			      call == MATCH ? "re_match" : "re_search",
			      gnu_table[i].pat, gnu_table[i].text,
			      gnu_table[i].start, gnu_table[i].range, anchor,
			      notbol, g.error ? g.error : "", g.at, g.num_regs,
			      g.start[0], g.end[0], g.start[1], g.end[1],
			      o.error ? o.error : "", o.at, o.num_regs,
			      o.start[0], o.end[0], o.start[1], o.end[1]);
		}
	struct re_pattern_buffer buf;
	memset(&buf, 0, sizeof(buf));
	reg_syntax_t old = osv_re_set_syntax(RE_SYNTAX_POSIX_EXTENDED);
	CHECK(old == 0 && osv_re_set_syntax(old) == RE_SYNTAX_POSIX_EXTENDED,
	      "re_set_syntax returns the syntax it replaces");
	buf.fastmap = malloc(256);
	CHECK(!osv_re_compile_pattern("a\\(b\\)", 6, &buf) &&
		  buf.re_nsub == 1 && buf.newline_anchor && !buf.no_sub &&
		  buf.fastmap && buf.regs_allocated == REGS_UNALLOCATED,
	      "re_compile_pattern: re_nsub, newline_anchor, the fastmap kept");
	osv_regfree(&buf);
	CHECK(!buf.fastmap, "regfree frees the caller's fastmap, as glibc's");
	dt_group_end("GNU interface: re_search, re_match as glibc's");
}

/*
 * The registers a caller sized itself: REGS_FIXED with fewer or more
 * than the groups, REGS_REALLOCATE with more (sed keeps one array for
 * all its regexes) and fewer; each entry, and num_regs, as glibc's.
 */
static void gnu_regs_cases(void)
{
	static const struct {
		unsigned how, num_regs;
		const char *pat;
	} cases[] = {
	    {REGS_FIXED, 2, "(a)(b)(c)"},   {REGS_FIXED, 6, "(a)(b)(c)"},
	    {REGS_FIXED, 0, "(a)(b)(c)"},   {REGS_FIXED, 1, "a(x)?"},
	    {REGS_REALLOCATE, 7, "(a)(b)"}, {REGS_REALLOCATE, 2, "(a)(b)(c)"},
	    {REGS_REALLOCATE, 0, "(a)"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		regoff_t start[2][8], end[2][8], at[2];
		unsigned num[2], how[2];
		for (int ours = 0; ours < 2; ours++) {
			struct re_pattern_buffer buf;
			memset(&buf, 0, sizeof(buf));
			reg_syntax_t old =
			    ours ? osv_re_set_syntax(RE_SYNTAX_POSIX_EXTENDED)
				 : re_set_syntax(RE_SYNTAX_POSIX_EXTENDED);
			const char *pat = cases[i].pat;
			const char *err =
			    ours
				? osv_re_compile_pattern(pat, strlen(pat), &buf)
				: re_compile_pattern(pat, strlen(pat), &buf);
			if (ours)
				osv_re_set_syntax(old);
			else
				re_set_syntax(old);
			struct re_registers regs = {cases[i].num_regs, NULL,
						    NULL};
			/* room for 8 whatever num_regs says: glibc may write
			 * num_regs entries, never more under REGS_FIXED */
			regs.start = malloc(8 * sizeof(regoff_t));
			regs.end = malloc(8 * sizeof(regoff_t));
			for (int j = 0; j < 8; j++)
				regs.start[j] = regs.end[j] = 99;
			buf.regs_allocated = cases[i].how & 3;
			at[ours] =
			    err	   ? -3
			    : ours ? osv_re_search(&buf, "xabc", 4, 0, 4, &regs)
				   : re_search(&buf, "xabc", 4, 0, 4, &regs);
			num[ours] = regs.num_regs;
			how[ours] = buf.regs_allocated;
			for (int j = 0; j < 8; j++) {
				bool in = j < (int)regs.num_regs;
				start[ours][j] = in ? regs.start[j] : 99;
				end[ours][j] = in ? regs.end[j] : 99;
			}
			free(regs.start);
			free(regs.end);
			if (ours)
				osv_regfree(&buf);
			else
				regfree(&buf);
		}
		bool same = at[0] == at[1] && num[0] == num[1] &&
			    how[0] == how[1] &&
			    !memcmp(start[0], start[1], sizeof(start[0])) &&
			    !memcmp(end[0], end[1], sizeof(end[0]));
		CHECK(same,
		      "/%s/ regs_allocated %u num_regs %u: glibc %d num %u "
		      "how %u (%d,%d) (%d,%d) (%d,%d) (%d,%d); osv %d num %u "
		      "how %u (%d,%d) (%d,%d) (%d,%d) (%d,%d)",
		      cases[i].pat, cases[i].how, cases[i].num_regs, at[0],
		      num[0], how[0], start[0][0], end[0][0], start[0][1],
		      end[0][1], start[0][2], end[0][2], start[0][3], end[0][3],
		      at[1], num[1], how[1], start[1][0], end[1][0],
		      start[1][1], end[1][1], start[1][2], end[1][2],
		      start[1][3], end[1][3]);
	}
	dt_group_end("GNU interface: registers the caller sized (REGS_FIXED, "
		     "REGS_REALLOCATE) as glibc's");
}

int main(void)
{
	table_cases();
	eflags_cases();
	errors();
	random_cases();
	pathological();
	gnu_cases();
	gnu_regs_cases();
	return dt_done();
}

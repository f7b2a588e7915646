/*
 * regcomp: POSIX basic and extended regular expressions, with glibc's
 * GNU extensions (\w \W \s \S \b \B \< \> \` \', and \+ \? \| in basic
 * ones), parsed into a tree and compiled into a program for regexec.c.
 * Bytes are the C locale's characters.  Where POSIX leaves a choice,
 * glibc's is made: in an extended RE a repetition that starts a branch
 * is REG_BADRPT and an unmatched ')' is literal; in a basic one '*'
 * that starts a branch (or follows a leading '^') is literal.
 */
#include <ctype.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "regex_impl.h"

#define DUP_MAX 0x7fff	    /* RE_DUP_MAX */
#define PROG_MAX (1u << 20) /* instructions: REG_ESPACE beyond */
#define GROUP_DEPTH_MAX 512 /* the parser recurses per open group */
#define INF (-1)

enum node_type {
	N_EMPTY,
	N_BYTE,
	N_SET,
	N_ANY,
	N_ASSERT,
	N_BACKREF,
	N_CAT,
	N_ALT,
	N_REPEAT,
	N_GROUP
};

struct node {
	uint8_t type;
	uint8_t op;   /* N_ASSERT: its re_op */
	int value;    /* the byte, the set, the group */
	int min, max; /* N_REPEAT */
	/* N_CAT, N_ALT: a chain, left its item (an atom, a branch) and
	 * right the next link or -1; N_REPEAT, N_GROUP: left the body */
	int left, right;
};

struct parser {
	const unsigned char *p;
	bool ere, icase;
	bool hat_newline; /* "[^...]" leaves out a newline */
	int error;
	struct node *nodes;
	int nnodes, cap;
	struct re_prog *prog;
	int depth;	    /* open groups */
	int groups_done;    /* groups closed: backrefs may name these */
	uint64_t closed[2]; /* which groups 1..127 are closed (for \N) */
};

static int fail(struct parser *ps, int error)
{
	if (!ps->error)
		ps->error = error;
	return -1;
}

static int new_node(struct parser *ps, int type)
{
	if (ps->error)
		return -1;
	if (ps->nnodes == ps->cap) {
		int cap = ps->cap ? 2 * ps->cap : 64;
		struct node *n = realloc(ps->nodes, (size_t)cap * sizeof(*n));
		if (!n)
			return fail(ps, REG_ESPACE);
		ps->nodes = n;
		ps->cap = cap;
	}
	struct node *n = &ps->nodes[ps->nnodes];
	memset(n, 0, sizeof(*n));
	n->type = (uint8_t)type;
	n->left = n->right = -1;
	return ps->nnodes++;
}

/* Appends a link of item to the chain of type whose last link is *tail. */
static int chain(struct parser *ps, int type, int *head, int *tail, int item)
{
	if (item < 0)
		return -1;
	int n = new_node(ps, type);
	if (n < 0)
		return -1;
	ps->nodes[n].left = item;
	if (*tail >= 0)
		ps->nodes[*tail].right = n;
	else
		*head = n;
	*tail = n;
	return 0;
}

/* ---- sets ---- */

static int new_set(struct parser *ps)
{
	struct re_prog *pr = ps->prog;
	void *s = realloc(pr->sets, (pr->nsets + 1) * sizeof(*pr->sets));
	if (!s)
		return fail(ps, REG_ESPACE);
	pr->sets = s;
	memset(pr->sets[pr->nsets], 0, 32);
	return (int)pr->nsets++;
}

static void set_add(uint8_t *set, unsigned c, bool icase)
{
	set[c >> 3] |= (uint8_t)(1u << (c & 7));
	if (icase) {
		unsigned o = isupper((int)c) ? (unsigned)tolower((int)c)
					     : (unsigned)toupper((int)c);
		set[o >> 3] |= (uint8_t)(1u << (o & 7));
	}
}

static int set_node(struct parser *ps, int set)
{
	int n = new_node(ps, N_SET);
	if (n >= 0)
		ps->nodes[n].value = set;
	return n;
}

static const struct {
	const char *name;
	int (*is)(int);
} classes[] = {
    {"alpha", isalpha}, {"digit", isdigit}, {"alnum", isalnum},
    {"upper", isupper}, {"lower", islower}, {"space", isspace},
    {"blank", isblank}, {"punct", ispunct}, {"print", isprint},
    {"graph", isgraph}, {"cntrl", iscntrl}, {"xdigit", isxdigit},
};

static bool add_class(uint8_t *set, const char *name, size_t len, bool icase)
{
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strlen(classes[i].name) != len ||
		    memcmp(classes[i].name, name, len))
			continue;
		/* under REG_ICASE, [:upper:] and [:lower:] take both */
		for (unsigned c = 0; c < 256; c++)
			if (classes[i].is((int)c))
				set_add(set, c, icase);
		return true;
	}
	return false;
}

/*
 * A "[.x.]" or "[=x=]" at p (after "[." or "[="): its one character, or
 * -1 (REG_ECOLLATE: only single characters collate in the C locale).
 */
static int collating_char(struct parser *ps, char end)
{
	const unsigned char *p = ps->p;
	if (p[0] && p[1] == (unsigned char)end && p[2] == ']') {
		ps->p += 3;
		return p[0];
	}
	const unsigned char *close = p;
	while (*close && !(close[0] == (unsigned char)end && close[1] == ']'))
		close++;
	return fail(ps, *close ? REG_ECOLLATE : REG_EBRACK);
}

/* One element of a bracket expression: a character, or -2 for a class. */
static int bracket_element(struct parser *ps, uint8_t *set)
{
	const unsigned char *p = ps->p;
	if (p[0] == '[' && (p[1] == '.' || p[1] == '=')) {
		ps->p += 2;
		return collating_char(ps, (char)p[1]);
	}
	if (p[0] == '[' && p[1] == ':') {
		const unsigned char *name = p + 2, *e = name;
		while (*e && !(e[0] == ':' && e[1] == ']'))
			e++;
		if (!*e)
			return fail(ps, REG_EBRACK);
		if (!add_class(set, (const char *)name, (size_t)(e - name),
			       ps->icase))
			return fail(ps, REG_ECTYPE);
		ps->p = e + 2;
		return -2;
	}
	if (!*p)
		return fail(ps, REG_EBRACK);
	ps->p++;
	return *p;
}

static int parse_bracket(struct parser *ps)
{
	int s = new_set(ps);
	if (s < 0)
		return -1;
	uint8_t set[32] = {0};
	bool negate = *ps->p == '^';
	if (negate)
		ps->p++;
	bool first = true;
	while (first || *ps->p != ']') {
		if (!*ps->p)
			return fail(ps, REG_EBRACK);
		int lo = first && *ps->p == ']' ? (ps->p++, ']')
						: bracket_element(ps, set);
		first = false;
		if (lo == -1)
			return -1;
		if (lo == -2) {
			if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']')
				return fail(ps, REG_ERANGE);
			continue;
		}
		if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
			ps->p++;
			int hi = bracket_element(ps, set);
			if (hi == -1)
				return -1;
			if (hi == -2 || hi < lo)
				return fail(ps, REG_ERANGE);
			for (int c = lo; c <= hi; c++)
				set_add(set, (unsigned)c, ps->icase);
		} else {
			set_add(set, (unsigned)lo, ps->icase);
		}
	}
	ps->p++;
	if (negate) {
		for (int i = 0; i < 32; i++)
			set[i] = (uint8_t)~set[i];
		if (ps->hat_newline)
			set['\n' >> 3] &= (uint8_t) ~(1u << ('\n' & 7));
	}
	memcpy(ps->prog->sets[s], set, 32);
	return set_node(ps, s);
}

/* \w \W \s \S as sets */
static int class_escape(struct parser *ps, bool word, bool negate)
{
	int s = new_set(ps);
	if (s < 0)
		return -1;
	uint8_t *set = ps->prog->sets[s];
	for (unsigned c = 0; c < 256; c++) {
		bool in = word ? isalnum((int)c) || c == '_' : isspace((int)c);
		if (in != negate)
			set_add(set, c, false);
	}
	return set_node(ps, s);
}

/* ---- atoms ---- */

static int byte_node(struct parser *ps, unsigned char c)
{
	if (ps->icase && tolower(c) != toupper(c)) {
		int s = new_set(ps);
		if (s < 0)
			return -1;
		set_add(ps->prog->sets[s], c, true);
		return set_node(ps, s);
	}
	int n = new_node(ps, N_BYTE);
	if (n >= 0)
		ps->nodes[n].value = c;
	return n;
}

static int assert_node(struct parser *ps, enum re_op op)
{
	int n = new_node(ps, N_ASSERT);
	if (n >= 0)
		ps->nodes[n].op = (uint8_t)op;
	return n;
}

static bool group_closed(const struct parser *ps, int g)
{
	return g < 128 && (ps->closed[g / 64] >> (g % 64) & 1);
}

static int parse_escape(struct parser *ps)
{
	unsigned char c = *ps->p++;
	switch (c) {
	case 0:
		ps->p--;
		return fail(ps, REG_EESCAPE);
	case 'w':
	case 'W':
		return class_escape(ps, true, c == 'W');
	case 's':
	case 'S':
		return class_escape(ps, false, c == 'S');
	case 'b':
		return assert_node(ps, RE_WORD_EDGE);
	case 'B':
		return assert_node(ps, RE_NOT_EDGE);
	case '<':
		return assert_node(ps, RE_WORD_START);
	case '>':
		return assert_node(ps, RE_WORD_END);
	case '`':
		return assert_node(ps, RE_BUF_START);
	case '\'':
		return assert_node(ps, RE_BUF_END);
	}
	if (c >= '1' && c <= '9') {
		int g = c - '0';
		if (!group_closed(ps, g))
			return fail(ps, REG_ESUBREG);
		int n = new_node(ps, N_BACKREF);
		if (n >= 0)
			ps->nodes[n].value = g;
		ps->prog->backrefs = true;
		return n;
	}
	return byte_node(ps, c);
}

static int parse_alt(struct parser *ps);

static int parse_group(struct parser *ps)
{
	if (ps->depth >= GROUP_DEPTH_MAX)
		return fail(ps, REG_ESPACE);
	int g = (int)++ps->prog->ngroups;
	ps->depth++;
	int inner = parse_alt(ps);
	if (inner < 0)
		return -1;
	const unsigned char *p = ps->p;
	bool closed = ps->ere ? p[0] == ')' : p[0] == '\\' && p[1] == ')';
	if (!closed)
		return fail(ps, REG_EPAREN);
	ps->p += ps->ere ? 1 : 2;
	ps->depth--;
	if (g < 128)
		ps->closed[g / 64] |= 1ull << (g % 64);
	int n = new_node(ps, N_GROUP);
	if (n >= 0) {
		ps->nodes[n].value = g;
		ps->nodes[n].left = inner;
	}
	return n;
}

/* ---- branches ---- */

/* Whether p starts what ends a branch: the end, '|' or a group's ')'. */
static bool branch_end(const struct parser *ps, const unsigned char *p)
{
	if (!*p)
		return true;
	if (ps->ere)
		return *p == '|' || (*p == ')' && ps->depth > 0);
	return p[0] == '\\' && (p[1] == '|' || (p[1] == ')' && ps->depth > 0));
}

/* A repetition operator at ps->p: its bounds, or false. */
static bool repeat_op(struct parser *ps, int *min, int *max, bool *brace)
{
	const unsigned char *p = ps->p;
	*brace = false;
	char c = (char)p[0];
	if (!ps->ere) {
		if (c == '*') {
			*min = 0, *max = INF;
			ps->p++;
			return true;
		}
		if (c != '\\' || (p[1] != '{' && p[1] != '+' && p[1] != '?'))
			return false;
		c = (char)p[1];
		ps->p++;
	}
	switch (c) {
	case '*':
		*min = 0, *max = INF;
		break;
	case '+':
		*min = 1, *max = INF;
		break;
	case '?':
		*min = 0, *max = 1;
		break;
	case '{':
		*brace = true;
		break;
	default:
		return false;
	}
	ps->p++;
	return true;
}

/* Whether an extended RE's repetition operator is at ps->p. */
static bool repeat_op_at(const struct parser *ps)
{
	char c = (char)*ps->p;
	return c == '*' || c == '+' || c == '?' || c == '{';
}

static int read_count(struct parser *ps)
{
	if (!isdigit(*ps->p))
		return -1;
	long v = 0;
	while (isdigit(*ps->p)) {
		if (v <= DUP_MAX)
			v = v * 10 + (*ps->p - '0');
		ps->p++;
	}
	return v > DUP_MAX ? DUP_MAX + 1 : (int)v;
}

/* "m}", "m,}", "m,n}" or ",n}" after '{' (basic: "\}"). */
static int parse_interval(struct parser *ps, int *min, int *max)
{
	*min = read_count(ps);
	*max = *min;
	if (*ps->p == ',') {
		ps->p++;
		*max = read_count(ps);
		if (*max < 0)
			*max = INF;
		if (*min < 0)
			*min = 0;
	}
	bool close =
	    ps->ere ? ps->p[0] == '}' : ps->p[0] == '\\' && ps->p[1] == '}';
	if (!close) {
		const unsigned char *q = ps->p;
		while (*q && *q != '}')
			q++;
		return fail(ps, *q ? REG_BADBR : REG_EBRACE);
	}
	ps->p += ps->ere ? 1 : 2;
	if (*min < 0)
		return fail(ps, REG_BADBR);
	if (*min > DUP_MAX || *max > DUP_MAX)
		return fail(ps, REG_ESIZE);
	if (*max != INF && *max < *min)
		return fail(ps, REG_BADBR);
	return 0;
}

static int parse_atom(struct parser *ps, bool branch_start)
{
	unsigned char c = *ps->p;
	if (ps->ere) {
		switch (c) {
		case '(':
			ps->p++;
			return parse_group(ps);
		case '*':
		case '+':
		case '?':
		case '{':
			return fail(ps, REG_BADRPT);
		case '^':
			ps->p++;
			return assert_node(ps, RE_BOL);
		case '$':
			ps->p++;
			return assert_node(ps, RE_EOL);
		}
	} else {
		if (c == '\\' && ps->p[1] == '(') {
			ps->p += 2;
			return parse_group(ps);
		}
		if (c == '\\' && ps->p[1] == '{')
			return fail(ps, REG_BADRPT);
		if (c == '\\' && ps->p[1] == ')') /* none open */
			return fail(ps, REG_EPAREN);
		if (c == '^' && branch_start) {
			ps->p++;
			return assert_node(ps, RE_BOL);
		}
		if (c == '$' && branch_end(ps, ps->p + 1)) {
			ps->p++;
			return assert_node(ps, RE_EOL);
		}
	}
	ps->p++;
	switch (c) {
	case '.':
		return new_node(ps, N_ANY);
	case '[':
		return parse_bracket(ps);
	case '\\':
		return parse_escape(ps);
	}
	return byte_node(ps, c);
}

static int parse_repeats(struct parser *ps, int atom)
{
	int min, max;
	bool brace, repeated = false;
	while (atom >= 0 && repeat_op(ps, &min, &max, &brace)) {
		if (repeated && !ps->ere)
			return fail(ps, REG_BADRPT);
		if (brace && parse_interval(ps, &min, &max))
			return -1;
		int n = new_node(ps, N_REPEAT);
		if (n < 0)
			return -1;
		ps->nodes[n].left = atom;
		ps->nodes[n].min = min;
		ps->nodes[n].max = max;
		atom = n;
		repeated = true;
	}
	return atom;
}

/* A chain of N_CAT links (an empty branch: N_EMPTY). */
static int parse_branch(struct parser *ps)
{
	int head = -1, tail = -1;
	bool start = true, star_literal = !ps->ere;
	while (!ps->error && !branch_end(ps, ps->p)) {
		int atom;
		/* a basic RE's '*' at a branch's start (or after its
		 * leading '^') is an ordinary character */
		if (star_literal && *ps->p == '*') {
			ps->p++;
			atom = byte_node(ps, '*');
		} else {
			atom = parse_atom(ps, start);
		}
		bool anchor = atom >= 0 && ps->nodes[atom].type == N_ASSERT &&
			      (ps->nodes[atom].op == RE_BOL ||
			       ps->nodes[atom].op == RE_EOL);
		star_literal = star_literal && start && anchor;
		start = false;
		if (!anchor)
			atom = parse_repeats(ps, atom);
		else if (ps->ere && repeat_op_at(ps))
			return fail(ps, REG_BADRPT); /* as glibc: "^*" */
		if (chain(ps, N_CAT, &head, &tail, atom))
			return -1;
	}
	return head >= 0 ? head : new_node(ps, N_EMPTY);
}

/*
 * One branch, or a chain of N_ALT links.  A backreference names a group
 * closed before it in its own branch (glibc's rule): each branch starts
 * from the groups closed before the alternation.
 */
static int parse_alt(struct parser *ps)
{
	uint64_t before[2] = {ps->closed[0], ps->closed[1]};
	uint64_t all[2] = {0, 0};
	int first = parse_branch(ps);
	int head = -1, tail = -1;
	while (first >= 0 && *ps->p) {
		const unsigned char *p = ps->p;
		if (ps->ere && p[0] == '|')
			ps->p++;
		else if (!ps->ere && p[0] == '\\' && p[1] == '|')
			ps->p += 2;
		else
			break;
		if (head < 0 && chain(ps, N_ALT, &head, &tail, first))
			return -1;
		for (int i = 0; i < 2; i++) {
			all[i] |= ps->closed[i];
			ps->closed[i] = before[i];
		}
		if (chain(ps, N_ALT, &head, &tail, parse_branch(ps)))
			return -1;
	}
	for (int i = 0; i < 2; i++)
		ps->closed[i] |= all[i];
	return head >= 0 ? head : first;
}

/* ---- code ---- */

static int emit(struct parser *ps, enum re_op op, uint32_t arg, uint32_t alt)
{
	struct re_prog *pr = ps->prog;
	if (ps->error)
		return -1;
	if (pr->len == pr->cap) {
		if (pr->cap >= PROG_MAX)
			return fail(ps, REG_ESPACE);
		uint32_t cap = pr->cap ? 2 * pr->cap : 64;
		void *c = realloc(pr->code, cap * sizeof(*pr->code));
		if (!c)
			return fail(ps, REG_ESPACE);
		pr->code = c;
		pr->cap = cap;
	}
	pr->code[pr->len] = (struct re_inst){(uint8_t)op, arg, alt};
	return (int)pr->len++;
}

/* Whether n can match the empty string (a loop over it needs a guard). */
static bool nullable(const struct parser *ps, int n)
{
	const struct node *x = &ps->nodes[n];
	switch (x->type) {
	case N_BYTE:
	case N_SET:
	case N_ANY:
		return false;
	case N_CAT:
		for (; n >= 0; n = ps->nodes[n].right)
			if (!nullable(ps, ps->nodes[n].left))
				return false;
		return true;
	case N_ALT:
		for (; n >= 0; n = ps->nodes[n].right)
			if (nullable(ps, ps->nodes[n].left))
				return true;
		return false;
	case N_REPEAT:
		return x->min == 0 || nullable(ps, x->left);
	case N_GROUP:
		return nullable(ps, x->left);
	default: /* empty, assertions, backreferences (maybe empty) */
		return true;
	}
}

static void gen(struct parser *ps, int n);

/* Points every patch site chained through alt from *chain at here. */
static void patch_chain(struct parser *ps, uint32_t chain)
{
	while (chain != UINT32_MAX && !ps->error) {
		uint32_t prev = ps->prog->code[chain].alt;
		ps->prog->code[chain].alt = ps->prog->len;
		chain = prev;
	}
}

/*
 * x{min,max} (max INF: without end).  The optional iterations nest, so
 * that a later one is tried only after an earlier one matched.  Of a
 * body that can match nothing, an iteration that takes nothing is
 * allowed only as the first (it then ends the repetition), as glibc
 * does: "\(a*\)\{1,2\}" on "aa" leaves the group "aa", not "".
 */
static void gen_repeat(struct parser *ps, int body, int min, int max)
{
	for (int i = 0; i < min && !ps->error; i++)
		gen(ps, body);
	if (max == min)
		return;
	bool guard = nullable(ps, body) && !(min == 0 && max == 1);
	uint32_t loop = guard ? ps->prog->nloops++ : 0, out = UINT32_MAX;
	if (guard)
		emit(ps, RE_LOOP_INIT, loop, min > 0);
	for (int i = min; (max == INF || i < max) && !ps->error; i++) {
		int split = emit(ps, RE_SPLIT, ps->prog->len + 1, out);
		out = (uint32_t)split;
		if (guard)
			emit(ps, RE_LOOP_ENTER, loop, 0);
		gen(ps, body);
		if (guard) {
			int check = emit(ps, RE_LOOP_CHECK, loop, out);
			out = (uint32_t)check;
		}
		if (max == INF) {
			emit(ps, RE_JMP, (uint32_t)split, 0);
			break;
		}
	}
	patch_chain(ps, out);
}

static void gen(struct parser *ps, int n)
{
	const struct node *x = &ps->nodes[n];
	if (ps->error)
		return;
	switch (x->type) {
	case N_EMPTY:
		break;
	case N_BYTE:
		emit(ps, RE_BYTE, (uint32_t)x->value, 0);
		break;
	case N_SET:
		emit(ps, RE_SET, (uint32_t)x->value, 0);
		break;
	case N_ANY:
		emit(ps, RE_ANY, 0, 0);
		break;
	case N_ASSERT:
		emit(ps, x->op, 0, 0);
		break;
	case N_BACKREF:
		emit(ps, RE_BACKREF, (uint32_t)x->value, 0);
		break;
	case N_CAT:
		for (; n >= 0 && !ps->error; n = ps->nodes[n].right)
			gen(ps, ps->nodes[n].left);
		break;
	case N_ALT: {
		/* each branch but the last: SPLIT here, next; JMP end,
		 * the JMPs chained through arg until the end is known */
		uint32_t jumps = UINT32_MAX;
		for (; n >= 0 && !ps->error; n = ps->nodes[n].right) {
			if (ps->nodes[n].right < 0) {
				gen(ps, ps->nodes[n].left);
				break;
			}
			int split = emit(ps, RE_SPLIT, 0, 0);
			gen(ps, ps->nodes[n].left);
			int jmp = emit(ps, RE_JMP, jumps, 0);
			if (ps->error)
				return;
			jumps = (uint32_t)jmp;
			ps->prog->code[split].arg = (uint32_t)split + 1;
			ps->prog->code[split].alt = ps->prog->len;
		}
		while (jumps != UINT32_MAX && !ps->error) {
			uint32_t prev = ps->prog->code[jumps].arg;
			ps->prog->code[jumps].arg = ps->prog->len;
			jumps = prev;
		}
		break;
	}
	case N_REPEAT:
		gen_repeat(ps, x->left, x->min, x->max);
		break;
	case N_GROUP:
		emit(ps, RE_SAVE, 2 * (uint32_t)x->value, 0);
		gen(ps, x->left);
		emit(ps, RE_SAVE, 2 * (uint32_t)x->value + 1, 0);
		break;
	}
}

static void prog_free(struct re_prog *pr)
{
	if (!pr)
		return;
	free(pr->code);
	free(pr->sets);
	free(pr);
}

int osv_regcomp_gnu(regex_t *re, const char *pattern, int cflags,
		    bool hat_newline, bool dot_nul)
{
	struct parser ps = {
	    .p = (const unsigned char *)pattern,
	    .ere = cflags & REG_EXTENDED,
	    .icase = cflags & REG_ICASE,
	    .hat_newline = hat_newline,
	};
	ps.prog = calloc(1, sizeof(*ps.prog));
	if (!ps.prog)
		return REG_ESPACE;
	ps.prog->newline = cflags & REG_NEWLINE;
	ps.prog->dot_nul = dot_nul;
	ps.prog->nosub = cflags & REG_NOSUB;
	ps.prog->icase = ps.icase;
	int root = parse_alt(&ps);
	if (root >= 0 && *ps.p)
		fail(&ps, REG_EPAREN);
	if (root >= 0) {
		emit(&ps, RE_SAVE, 0, 0);
		gen(&ps, root);
		emit(&ps, RE_SAVE, 1, 0);
		emit(&ps, RE_MATCH, 0, 0);
	}
	free(ps.nodes);
	if (ps.error || root < 0) {
		prog_free(ps.prog);
		return ps.error ? ps.error : REG_BADPAT;
	}
	memset(re, 0, sizeof(*re));
	re->__buffer = ps.prog;
	re->re_nsub = ps.prog->ngroups;
	return 0;
}

int regcomp(regex_t *restrict re, const char *restrict pattern, int cflags)
{
	return osv_regcomp_gnu(re, pattern, cflags, cflags & REG_NEWLINE,
			       false);
}

/* As glibc's, also the fastmap and translate table a GNU caller gave. */
void regfree(regex_t *re)
{
	prog_free(re->__buffer);
	re->__buffer = NULL;
	free(re->__fastmap);
	re->__fastmap = NULL;
	free(re->__translate);
	re->__translate = NULL;
}

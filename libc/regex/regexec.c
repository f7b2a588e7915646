/*
 * regexec: runs regcomp.c's program on a string by backtracking.  The
 * match is POSIX's leftmost-longest: from the first position where
 * the program matches, every path is tried and the longest match kept,
 * with the subexpressions of the first path that reached it (the
 * program's order prefers more iterations and earlier alternatives).
 * Without backreferences a bitmap of the (instruction, position) pairs
 * already explored bounds the work by their number: a pair explored
 * once has shown every end it can reach (and, for the positions an
 * earlier start tried, that it reaches none).
 */
#include <ctype.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "regex_impl.h"

#define MEMO_MAX (32u << 20) /* bytes of bitmap; beyond: no memo */

enum frame_kind { F_BRANCH, F_SLOT, F_LOOP };

struct frame {
	uint8_t kind;
	uint32_t index; /* F_BRANCH: pc; else the slot or register */
	size_t value;	/* F_BRANCH: the position; else the old value */
};

struct machine {
	const struct re_prog *prog;
	const unsigned char *s;
	size_t start, end;  /* the text: s[start..end) */
	size_t first, last; /* the positions a match may start at */
	bool notbol, noteol;
	bool newline;  /* '^' and '$' match at a newline too */
	size_t *slots; /* 2 per group and the match; SIZE_MAX: unset */
	size_t *loops; /* where each loop's current iteration began */
	size_t *best;  /* the slots of the longest match so far */
	bool found;
	struct frame *stack;
	size_t depth, cap;
	uint8_t *memo;
	size_t memo_width; /* positions per instruction */
};

static bool push(struct machine *m, enum frame_kind kind, uint32_t index,
		 size_t value)
{
	if (m->depth == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		struct frame *f = realloc(m->stack, cap * sizeof(*f));
		if (!f)
			return false;
		m->stack = f;
		m->cap = cap;
	}
	m->stack[m->depth++] = (struct frame){(uint8_t)kind, index, value};
	return true;
}

static bool is_word(const struct machine *m, size_t pos)
{
	if (pos >= m->end)
		return false;
	return isalnum(m->s[pos]) || m->s[pos] == '_';
}

static bool word_before(const struct machine *m, size_t pos)
{
	return pos > 0 && is_word(m, pos - 1);
}

static bool at_bol(const struct machine *m, size_t pos)
{
	if (pos == 0 && !m->notbol)
		return true;
	return m->newline && pos > 0 && m->s[pos - 1] == '\n';
}

static bool at_eol(const struct machine *m, size_t pos)
{
	if (pos == m->end && !m->noteol)
		return true;
	return m->newline && pos < m->end && m->s[pos] == '\n';
}

static bool backref(const struct machine *m, uint32_t g, size_t *pos)
{
	size_t so = m->slots[2 * g], eo = m->slots[2 * g + 1];
	if (so == SIZE_MAX || eo == SIZE_MAX || eo < so)
		return false;
	size_t len = eo - so;
	if (len > m->end - *pos)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char a = m->s[so + i], b = m->s[*pos + i];
		if (a != b && !(m->prog->icase && tolower(a) == tolower(b)))
			return false;
	}
	*pos += len;
	return true;
}

/* Whether (pc, pos) was explored already; marks it. */
static bool seen(struct machine *m, uint32_t pc, size_t pos)
{
	if (!m->memo)
		return false;
	size_t bit = (size_t)pc * m->memo_width + (pos - m->start);
	uint8_t mask = (uint8_t)(1u << (bit & 7));
	if (m->memo[bit >> 3] & mask)
		return true;
	m->memo[bit >> 3] |= mask;
	return false;
}

/*
 * Runs one step of the instruction at pc: false when the path fails
 * there.  SPLIT pushes its second way.
 */
static bool step(struct machine *m, uint32_t *pc, size_t *pos, bool *ok)
{
	const struct re_inst *in = &m->prog->code[*pc];
	size_t p = *pos;
	*ok = true;
	switch (in->op) {
	case RE_BYTE:
		if (p >= m->end || m->s[p] != in->arg)
			return false;
		*pos = p + 1;
		break;
	case RE_SET:
		if (p >= m->end || !re_set_has(m->prog->sets[in->arg], m->s[p]))
			return false;
		*pos = p + 1;
		break;
	case RE_ANY:
		/* as glibc's: a NUL only in a GNU syntax that lets it */
		if (p >= m->end || (!m->s[p] && !m->prog->dot_nul) ||
		    (m->prog->newline && m->s[p] == '\n'))
			return false;
		*pos = p + 1;
		break;
	case RE_BOL:
		return at_bol(m, p) && (++*pc, true);
	case RE_EOL:
		return at_eol(m, p) && (++*pc, true);
	case RE_BUF_START: /* unlike ^ and $, whatever the eflags */
		return p == 0 && (++*pc, true);
	case RE_BUF_END:
		return p == m->end && (++*pc, true);
	case RE_WORD_EDGE:
		return word_before(m, p) != is_word(m, p) && (++*pc, true);
	case RE_NOT_EDGE:
		return word_before(m, p) == is_word(m, p) && (++*pc, true);
	case RE_WORD_START:
		return !word_before(m, p) && is_word(m, p) && (++*pc, true);
	case RE_WORD_END:
		return word_before(m, p) && !is_word(m, p) && (++*pc, true);
	case RE_SAVE:
		*ok = push(m, F_SLOT, in->arg, m->slots[in->arg]);
		m->slots[in->arg] = p;
		break;
	case RE_SPLIT:
		*ok = push(m, F_BRANCH, in->alt, p);
		*pc = in->arg;
		return true;
	case RE_JMP:
		*pc = in->arg;
		return true;
	case RE_BACKREF:
		if (!backref(m, in->arg, pos))
			return false;
		break;
	case RE_LOOP_INIT:
		*ok =
		    push(m, F_LOOP, 2 * in->arg + 1, m->loops[2 * in->arg + 1]);
		m->loops[2 * in->arg + 1] = in->alt;
		break;
	case RE_LOOP_ENTER:
		*ok = push(m, F_LOOP, 2 * in->arg, m->loops[2 * in->arg]);
		m->loops[2 * in->arg] = p;
		break;
	case RE_LOOP_CHECK:
		if (m->loops[2 * in->arg] == p) {
			if (m->loops[2 * in->arg + 1])
				return false;
			*pc = in->alt;
			return true;
		}
		*ok =
		    push(m, F_LOOP, 2 * in->arg + 1, m->loops[2 * in->arg + 1]);
		m->loops[2 * in->arg + 1] = 1;
		break;
	}
	++*pc;
	return true;
}

/* Undoes the frames down to the last branch; false when none is left.
 */
static bool backtrack(struct machine *m, uint32_t *pc, size_t *pos)
{
	while (m->depth) {
		struct frame *f = &m->stack[--m->depth];
		if (f->kind == F_BRANCH) {
			*pc = f->index;
			*pos = f->value;
			return true;
		}
		if (f->kind == F_SLOT)
			m->slots[f->index] = f->value;
		else
			m->loops[f->index] = f->value;
	}
	return false;
}

/*
 * Tries the program from start: 1 if it matched (m->best), 0 if not,
 * -1 out of memory.  longest: go on for the longest match.
 */
static int run_from(struct machine *m, size_t start, bool longest)
{
	size_t nslots = 2 * ((size_t)m->prog->ngroups + 1);
	uint32_t pc = 0;
	size_t pos = start;
	m->depth = 0;
	for (;;) {
		bool alive = !seen(m, pc, pos), ok = true;
		if (alive && m->prog->code[pc].op == RE_MATCH) {
			if (!m->found || pos > m->best[1]) {
				memcpy(m->best, m->slots,
				       nslots * sizeof(*m->slots));
				m->found = true;
			}
			if (!longest || pos == m->end)
				return 1;
			alive = false;
		}
		if (alive)
			alive = step(m, &pc, &pos, &ok);
		if (!ok)
			return -1;
		if (!alive && !backtrack(m, &pc, &pos))
			return m->found;
	}
}

/* Tries each start from first to last, downwards when last < first. */
static int search(struct machine *m, bool longest)
{
	size_t nslots = 2 * ((size_t)m->prog->ngroups + 1);
	for (size_t i = 0; i < nslots; i++)
		m->slots[i] = SIZE_MAX;
	for (uint32_t i = 0; i < 2 * m->prog->nloops; i++)
		m->loops[i] = SIZE_MAX;
	size_t start = m->first;
	for (;;) {
		int r = run_from(m, start, longest);
		if (r || start == m->last)
			return r;
		start += m->last > m->first ? 1 : -1;
	}
}

static void setup_memo(struct machine *m)
{
	if (m->prog->backrefs)
		return;
	size_t width = m->end - m->start + 1;
	if (width > MEMO_MAX * 8 / m->prog->len)
		return;
	size_t bits = (size_t)m->prog->len * width;
	m->memo = calloc((bits + 7) / 8, 1);
	m->memo_width = width;
}

/*
 * Runs the machine m, set up but for its registers; fills pmatch and
 * *start, where the match begins.
 */
static int run_machine(struct machine *m, size_t nmatch, regmatch_t *pmatch,
		       bool longest, size_t *start)
{
	const struct re_prog *prog = m->prog;
	size_t nslots = 2 * ((size_t)prog->ngroups + 1);
	m->slots = malloc(nslots * sizeof(size_t));
	m->best = malloc(nslots * sizeof(size_t));
	m->loops = malloc((2 * (size_t)prog->nloops + 1) * sizeof(size_t));
	int r = -1;
	if (m->slots && m->best && m->loops) {
		setup_memo(m);
		r = search(m, longest);
	}
	for (size_t i = 0; r == 1 && i < nmatch; i++) {
		bool set = i < nslots / 2 && m->best[2 * i] != SIZE_MAX &&
			   m->best[2 * i + 1] != SIZE_MAX;
		pmatch[i].rm_so = set ? (regoff_t)m->best[2 * i] : -1;
		pmatch[i].rm_eo = set ? (regoff_t)m->best[2 * i + 1] : -1;
	}
	if (r == 1)
		*start = m->best[0];
	free(m->slots);
	free(m->best);
	free(m->loops);
	free(m->stack);
	free(m->memo);
	return r;
}

int regexec(const regex_t *restrict re, const char *restrict string,
	    size_t nmatch, regmatch_t pmatch[restrict], int eflags)
{
	const struct re_prog *prog = re->__buffer;
	if (!prog)
		return REG_BADPAT;
	struct machine m = {
	    .prog = prog,
	    .s = (const unsigned char *)string,
	    .notbol = eflags & REG_NOTBOL,
	    .noteol = eflags & REG_NOTEOL,
	    .newline = prog->newline,
	};
	if (eflags & REG_STARTEND) {
		if (pmatch[0].rm_so < 0 || pmatch[0].rm_eo < pmatch[0].rm_so)
			return REG_NOMATCH;
		m.start = (size_t)pmatch[0].rm_so;
		m.end = (size_t)pmatch[0].rm_eo;
	} else {
		m.end = strlen(string);
	}
	if (m.end > INT_MAX)
		return REG_ESPACE;
	if (prog->nosub)
		nmatch = 0;
	m.first = m.start;
	m.last = m.end;
	size_t start;
	int r = run_machine(&m, nmatch, pmatch, nmatch > 0, &start);
	return r < 0 ? REG_ESPACE : r ? 0 : REG_NOMATCH;
}

long osv_regex_run(const struct re_prog *prog, const struct re_run *run)
{
	if (run->len > INT_MAX)
		return -2;
	struct machine m = {
	    .prog = prog,
	    .s = (const unsigned char *)run->s,
	    .end = run->len,
	    .first = run->first,
	    .last = run->last,
	    .notbol = run->notbol,
	    .noteol = run->noteol,
	    .newline = run->newline,
	};
	size_t start;
	int r = run_machine(&m, run->nmatch, run->pmatch, run->longest, &start);
	return r < 0 ? -2 : r ? (long)start : -1;
}

/*
 * The getopt engine, with GNU getopt's documented behaviour: options and
 * non-options may be mixed, and argv is permuted as it is scanned so
 * that the non-options end up after the options (optind then points at
 * the first of them).  The scan keeps the run of non-options skipped so
 * far, [first_nonopt, last_nonopt); when options have been read after
 * it, the two blocks swap places.  Messages go to standard error with
 * glibc's wording.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "getopt_impl.h"
#include "program_vars.h"

enum ordering { PERMUTE, REQUIRE_ORDER, RETURN_IN_ORDER };

static struct {
	bool initialized;
	const char *nextchar; /* the rest of a group of short options */
	enum ordering ordering;
	int first_nonopt, last_nonopt;
} st;

/* One context for one call: what the messages and results need. */
struct call {
	int argc;
	char **argv;
	const char *optstring; /* after the '+' or '-' */
	const struct option *longopts;
	int *longind;
	int long_only;
	bool print_errors;
	bool colon; /* optstring starts with ':' */
};

static void message(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));

/* On stderr, the stream, as glibc's: a program may have made it another. */
static void message(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(STDERR, fmt, ap);
	va_end(ap);
}

static bool is_nonoption(const char *arg)
{
	return arg[0] != '-' || arg[1] == '\0';
}

/* Swaps [first_nonopt, last_nonopt) and [last_nonopt, optind). */
static void exchange(char **argv)
{
	int bottom = st.first_nonopt, middle = st.last_nonopt, top = OPTIND;
	/* Rotate by reversing each block, then the whole. */
	for (int pass = 0; pass < 3; pass++) {
		int lo = pass == 1 ? middle : bottom;
		int hi = pass == 0 ? middle : top;
		for (hi--; lo < hi; lo++, hi--) {
			char *t = argv[lo];
			argv[lo] = argv[hi];
			argv[hi] = t;
		}
	}
	st.first_nonopt += OPTIND - st.last_nonopt;
	st.last_nonopt = OPTIND;
}

static const char *initialize(const char *optstring, int posix)
{
	st.first_nonopt = st.last_nonopt = OPTIND;
	st.nextchar = NULL;
	if (optstring[0] == '-') {
		st.ordering = RETURN_IN_ORDER;
		optstring++;
	} else if (optstring[0] == '+') {
		st.ordering = REQUIRE_ORDER;
		optstring++;
	} else if (posix || getenv("POSIXLY_CORRECT")) {
		st.ordering = REQUIRE_ORDER;
	} else {
		st.ordering = PERMUTE;
	}
	st.initialized = true;
	return optstring;
}

/*
 * Reports an ambiguous abbreviation, naming every candidate: one line,
 * under the stream's lock so that another thread's output stays out.
 */
static void report_ambiguous(const struct call *c, const char *prefix,
			     const bool *ambig)
{
	FILE *f = STDERR;
	flockfile(f);
	fprintf(f, "%s: option '%s%s' is ambiguous; possibilities:", c->argv[0],
		prefix, st.nextchar);
	for (int i = 0; c->longopts[i].name; i++)
		if (ambig[i])
			fprintf(f, " '%s%s'", prefix, c->longopts[i].name);
	fputc('\n', f);
	funlockfile(f);
}

/*
 * The long option named at st.nextchar (after prefix, "--", "-" or
 * "-W "): an exact name, else a unique abbreviation.  Returns -1 when
 * long_only and it may be a short option after all.
 */
static int long_option(struct call *c, const char *prefix)
{
	const char *name = st.nextchar;
	size_t namelen = strcspn(name, "=");
	const struct option *found = NULL;
	int found_index = -1, count = 0;
	bool ambiguous = false;

	for (int i = 0; c->longopts[i].name; i++, count++) {
		if (!strncmp(c->longopts[i].name, name, namelen) &&
		    strlen(c->longopts[i].name) == namelen) {
			found = &c->longopts[i];
			found_index = i;
			break;
		}
	}
	if (!found) {
		bool ambig[count + 1];
		memset(ambig, 0, sizeof(ambig));
		for (int i = 0; c->longopts[i].name; i++) {
			const struct option *p = &c->longopts[i];
			if (strncmp(p->name, name, namelen))
				continue;
			if (!found) {
				found = p;
				found_index = i;
				ambig[i] = true;
			} else if (c->long_only ||
				   found->has_arg != p->has_arg ||
				   found->flag != p->flag ||
				   found->val != p->val) {
				ambiguous = true;
				ambig[i] = true;
			}
		}
		if (ambiguous) {
			if (c->print_errors)
				report_ambiguous(c, prefix, ambig);
			st.nextchar = NULL;
			OPTIND++;
			OPTOPT = 0;
			return '?';
		}
	}
	if (!found) {
		if (!c->long_only || c->argv[OPTIND][1] == '-' ||
		    !strchr(c->optstring, *st.nextchar)) {
			if (c->print_errors)
				message("%s: unrecognized option '%s%s'\n",
					c->argv[0], prefix, st.nextchar);
			st.nextchar = NULL;
			OPTIND++;
			OPTOPT = 0;
			return '?';
		}
		return -1;
	}

	OPTIND++;
	st.nextchar = NULL;
	if (name[namelen] == '=') {
		if (!found->has_arg) {
			if (c->print_errors)
				message("%s: option '%s%s' doesn't allow an "
					"argument\n",
					c->argv[0], prefix, found->name);
			OPTOPT = found->val;
			return '?';
		}
		OPTARG = (char *)name + namelen + 1;
	} else if (found->has_arg == required_argument) {
		if (OPTIND >= c->argc) {
			if (c->print_errors)
				message("%s: option '%s%s' requires an "
					"argument\n",
					c->argv[0], prefix, found->name);
			OPTOPT = found->val;
			return c->colon ? ':' : '?';
		}
		OPTARG = c->argv[OPTIND++];
	}
	if (c->longind)
		*c->longind = found_index;
	if (found->flag) {
		*found->flag = found->val;
		return 0;
	}
	return found->val;
}

/* -W foo, when optstring has "W;": foo is a long option. */
static int w_option(struct call *c)
{
	if (!*st.nextchar) {
		if (OPTIND == c->argc) {
			if (c->print_errors)
				message("%s: option requires an argument -- "
					"'%c'\n",
					c->argv[0], 'W');
			OPTOPT = 'W';
			return c->colon ? ':' : '?';
		}
		st.nextchar = c->argv[OPTIND];
	}
	c->long_only = 0; /* "-W foo" is a long option, whatever the call */
	return long_option(c, "-W ");
}

/* Returns the option character as glibc does: a plain (signed) char. */
static int short_option(struct call *c)
{
	char ch = *st.nextchar++;
	const char *spec = strchr(c->optstring, ch);
	if (!*st.nextchar)
		OPTIND++;
	if (!spec || ch == ':' || ch == ';') {
		if (c->print_errors)
			message("%s: invalid option -- '%c'\n", c->argv[0], ch);
		OPTOPT = ch;
		return '?';
	}
	if (spec[0] == 'W' && spec[1] == ';' && c->longopts)
		return w_option(c);
	if (spec[1] != ':')
		return ch;
	if (spec[2] == ':') { /* an optional argument: only attached */
		if (*st.nextchar) {
			OPTARG = (char *)st.nextchar;
			OPTIND++;
		}
	} else if (*st.nextchar) {
		OPTARG = (char *)st.nextchar;
		OPTIND++;
	} else if (OPTIND == c->argc) {
		if (c->print_errors)
			message("%s: option requires an argument -- '%c'\n",
				c->argv[0], ch);
		OPTOPT = ch;
		ch = c->colon ? ':' : '?';
	} else {
		OPTARG = c->argv[OPTIND++];
	}
	st.nextchar = NULL;
	return ch;
}

/*
 * Moves to the next element of argv: skips (and, permuting, sets aside)
 * non-options, stops at "--" and at the end.  Returns 0 when an option
 * element is next, else getopt's result.
 */
static int next_element(struct call *c)
{
	if (st.last_nonopt > OPTIND)
		st.last_nonopt = OPTIND;
	if (st.first_nonopt > OPTIND)
		st.first_nonopt = OPTIND;
	if (st.ordering == PERMUTE) {
		if (st.first_nonopt != st.last_nonopt &&
		    st.last_nonopt != OPTIND)
			exchange(c->argv);
		else if (st.last_nonopt != OPTIND)
			st.first_nonopt = OPTIND;
		while (OPTIND < c->argc && is_nonoption(c->argv[OPTIND]))
			OPTIND++;
		st.last_nonopt = OPTIND;
	}
	if (OPTIND != c->argc && !strcmp(c->argv[OPTIND], "--")) {
		OPTIND++;
		if (st.first_nonopt != st.last_nonopt &&
		    st.last_nonopt != OPTIND)
			exchange(c->argv);
		else if (st.first_nonopt == st.last_nonopt)
			st.first_nonopt = OPTIND;
		st.last_nonopt = c->argc;
		OPTIND = c->argc;
	}
	if (OPTIND == c->argc) {
		if (st.first_nonopt != st.last_nonopt)
			OPTIND = st.first_nonopt;
		return -1;
	}
	if (is_nonoption(c->argv[OPTIND])) {
		if (st.ordering == REQUIRE_ORDER)
			return -1;
		OPTARG = c->argv[OPTIND++];
		return 1;
	}
	return 0;
}

int osv_getopt_engine(int argc, char *const *argv, const char *optstring,
		      const struct option *longopts, int *longind,
		      int long_only, int posix)
{
	if (argc < 1)
		return -1;
	OPTARG = NULL;
	if (OPTIND == 0 || !st.initialized) {
		if (OPTIND == 0)
			OPTIND = 1;
		optstring = initialize(optstring, posix);
	} else if (optstring[0] == '-' || optstring[0] == '+') {
		optstring++;
	}
	struct call c = {
	    argc,    (char **)argv, optstring, longopts,
	    longind, long_only,	    false,     optstring[0] == ':'};
	c.print_errors = OPTERR && !c.colon;

	if (!st.nextchar || !*st.nextchar) {
		int r = next_element(&c);
		if (r)
			return r;
		const char *arg = argv[OPTIND];
		if (longopts && arg[1] == '-') {
			st.nextchar = arg + 2;
			return long_option(&c, "--");
		}
		if (longopts && long_only &&
		    (arg[2] || !strchr(optstring, arg[1]))) {
			st.nextchar = arg + 1;
			int code = long_option(&c, "-");
			if (code != -1)
				return code;
		}
		st.nextchar = arg + 1;
	}
	return short_option(&c);
}

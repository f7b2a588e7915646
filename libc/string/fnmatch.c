/*
 * fnmatch: shell patterns over bytes, as glibc matches them in the C
 * locale: ? * [...] with ranges, [! and [^ negation, [:class:] names
 * and backslash escapes; FNM_PATHNAME (wildcards do not match '/'),
 * FNM_PERIOD (a leading '.' must be matched literally), FNM_NOESCAPE,
 * FNM_LEADING_DIR and FNM_CASEFOLD.  A '[' without its ']' is an
 * ordinary character.  FNM_EXTMATCH's ksh patterns are not supported:
 * they match as ordinary characters.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <string.h>

struct ctx {
	const char *start; /* of the string */
	int flags;
};

/* Whether s begins a name: a leading '.' must match literally there. */
static bool leading(const struct ctx *c, const char *s)
{
	return s == c->start || ((c->flags & FNM_PATHNAME) && s[-1] == '/');
}

static int fold(const struct ctx *c, unsigned char ch)
{
	return (c->flags & FNM_CASEFOLD) ? tolower(ch) : ch;
}

static bool in_class(const char *name, size_t len, unsigned char ch)
{
	static const struct {
		const char *name;
		int (*fn)(int);
	} classes[] = {
	    {"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank},
	    {"cntrl", iscntrl}, {"digit", isdigit}, {"graph", isgraph},
	    {"lower", islower}, {"print", isprint}, {"punct", ispunct},
	    {"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit},
	};
	for (size_t i = 0; i < sizeof(classes) / sizeof(*classes); i++)
		if (strlen(classes[i].name) == len &&
		    memcmp(classes[i].name, name, len) == 0)
			return classes[i].fn(ch) != 0;
	return false;
}

/* What bracket() returns for an expression that matches nothing. */
static const char invalid_mark;
#define INVALID (&invalid_mark)

/*
 * Matches ch against the bracket expression after '[' at p: the end of
 * the expression (after its ']'), NULL when it has none (the '[' is
 * then an ordinary character), or INVALID for a malformed collating
 * symbol or equivalence class (glibc matches nothing then).
 */
static const char *bracket(const struct ctx *c, const char *p, unsigned char ch,
			   bool *hit)
{
	bool negate = *p == '!' || *p == '^';
	bool first = true;

	if (negate)
		p++;
	*hit = false;
	for (;; first = false) {
		unsigned char lo = (unsigned char)*p;
		if (!lo)
			return NULL;
		if (lo == ']' && !first)
			break;
		if (lo == '[' && (p[1] == '.' || p[1] == '=')) {
			/* [.c.] and [=c=]: the C locale's are single bytes */
			char close[3] = {p[1], ']', '\0'};
			const char *end = strstr(p + 2, close);
			if (!end || end != p + 3)
				return INVALID;
			lo = (unsigned char)p[2];
			p = end + 1;
			if (fold(c, ch) == fold(c, lo))
				*hit = true;
			continue;
		}
		const char *end =
		    lo == '[' && p[1] == ':' ? strstr(p + 2, ":]") : NULL;
		if (end) { /* an unterminated "[:" is an ordinary '[' */
			if (in_class(p + 2, (size_t)(end - p - 2), ch) ||
			    ((c->flags & FNM_CASEFOLD) &&
			     (in_class(p + 2, (size_t)(end - p - 2),
				       (unsigned char)toupper(ch)) ||
			      in_class(p + 2, (size_t)(end - p - 2),
				       (unsigned char)tolower(ch)))))
				*hit = true;
			p = end + 2;
			continue;
		}
		if (lo == '\\' && !(c->flags & FNM_NOESCAPE)) {
			if (!*++p)
				return NULL;
			lo = (unsigned char)*p;
		}
		p++;
		unsigned char hi = lo;
		if (*p == '-' && p[1] && p[1] != ']') {
			p++;
			if (*p == '\\' && !(c->flags & FNM_NOESCAPE)) {
				if (!*++p)
					return NULL;
			}
			hi = (unsigned char)*p++;
		}
		if (fold(c, ch) >= fold(c, lo) && fold(c, ch) <= fold(c, hi))
			*hit = true;
	}
	if (negate)
		*hit = !*hit;
	return p + 1;
}

static bool match(const struct ctx *c, const char *p, const char *s)
{
	for (;;) {
		unsigned char pc = (unsigned char)*p++;
		switch (pc) {
		case '\0':
			return !*s ||
			       ((c->flags & FNM_LEADING_DIR) && *s == '/');
		case '?':
			if (!*s || ((c->flags & FNM_PATHNAME) && *s == '/') ||
			    (*s == '.' && (c->flags & FNM_PERIOD) &&
			     leading(c, s)))
				return false;
			s++;
			break;
		case '*':
			while (*p == '*')
				p++;
			if (*s == '.' && (c->flags & FNM_PERIOD) &&
			    leading(c, s))
				return false;
			/*
			 * With FNM_PATHNAME the '*' stops at a '/', which only
			 * a plain '/' next in the pattern may take, or the
			 * pattern's end with FNM_LEADING_DIR (glibc's rule).
			 */
			for (const char *t = s;; t++) {
				if ((c->flags & FNM_PATHNAME) && *t == '/')
					return (*p == '/' || !*p) &&
					       match(c, p, t);
				if (match(c, p, t))
					return true;
				if (!*t)
					return false;
			}
		case '[': {
			bool hit;
			const char *end =
			    bracket(c, p, (unsigned char)*s, &hit);
			if (end == INVALID)
				return false;
			if (!end)
				goto literal; /* no ']': an ordinary '[' */
			if (!*s || ((c->flags & FNM_PATHNAME) && *s == '/') ||
			    (*s == '.' && (c->flags & FNM_PERIOD) &&
			     leading(c, s)) ||
			    !hit)
				return false;
			p = end;
			s++;
			break;
		}
		case '\\':
			if (!(c->flags & FNM_NOESCAPE)) {
				if (!*p)
					return false; /* a trailing '\\' never
							 matches */
				pc = (unsigned char)*p++;
			}
			/* fall through */
		default:
		literal:
			if (fold(c, pc) != fold(c, (unsigned char)*s) || !*s)
				return false;
			s++;
			break;
		}
	}
}

int fnmatch(const char *pattern, const char *string, int flags)
{
	struct ctx c = {string, flags};

	return match(&c, pattern, string) ? 0 : FNM_NOMATCH;
}

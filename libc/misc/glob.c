/*
 * glob: POSIX's with glibc's extensions.  The pattern is taken a path
 * component at a time: a component without wildcards is appended as it
 * is (its escapes removed), one with them is matched by fnmatch against
 * each entry of the directory reached so far.  Paths are only checked
 * for existence at the end (lstat), as glibc does, so that a literal
 * path needs no directory reads.  Each call sorts what it added, and a
 * brace alternative is a call of its own, so braces keep their order.
 * As glibc's, GLOB_PERIOD is for the last component only: the
 * directories on the way are matched with FNM_PERIOD always.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libc.h"

struct glob_run {
	int flags;
	int (*errfunc)(const char *, int);
	glob_t *g;
	int status;    /* 0, GLOB_NOSPACE or GLOB_ABORTED */
	bool dir_only; /* the pattern ended in '/' */
};

static void *run_opendir(struct glob_run *r, const char *path)
{
	if (r->flags & GLOB_ALTDIRFUNC)
		return r->g->gl_opendir(path);
	return opendir(path);
}

static struct dirent *run_readdir(struct glob_run *r, void *dir)
{
	if (r->flags & GLOB_ALTDIRFUNC)
		return r->g->gl_readdir(dir);
	return readdir(dir);
}

static void run_closedir(struct glob_run *r, void *dir)
{
	if (r->flags & GLOB_ALTDIRFUNC)
		r->g->gl_closedir(dir);
	else
		closedir(dir);
}

static bool exists(struct glob_run *r, const char *path)
{
	struct stat st;
	if (r->flags & GLOB_ALTDIRFUNC)
		return r->g->gl_lstat(path, &st) == 0;
	return lstat(path, &st) == 0;
}

static bool is_dir(struct glob_run *r, const char *path)
{
	struct stat st;
	int err = r->flags & GLOB_ALTDIRFUNC ? r->g->gl_stat(path, &st)
					     : stat(path, &st);
	return err == 0 && S_ISDIR(st.st_mode);
}

/* Whether s up to end has an unescaped *, ? or a [ that is closed. */
static bool has_magic(const char *s, const char *end, int flags)
{
	for (const char *p = s; p < end; p++) {
		if (*p == '\\' && !(flags & GLOB_NOESCAPE) && p + 1 < end)
			p++;
		else if (*p == '*' || *p == '?')
			return true;
		else if (*p == '[' && memchr(p + 1, ']', end - p - 1))
			return true;
	}
	return false;
}

/*
 * Whether GLOB_NOMAGIC leaves the pattern be: glibc counts escapes and
 * an unclosed '[' as magic, and an empty pattern is no name.
 */
static bool nomagic_keeps(const char *s, int flags)
{
	return (flags & GLOB_NOMAGIC) && *s &&
	       !strpbrk(s, (flags & GLOB_NOESCAPE) ? "*?[" : "*?[\\");
}

/*
 * Appends a copy of path to the vector (gl_offs NULLs lead it), a '/'
 * after it when mark, or for GLOB_MARK when it is a directory.
 */
static void add_path(struct glob_run *r, const char *path, size_t len,
		     bool mark)
{
	glob_t *g = r->g;
	mark = mark || ((r->flags & GLOB_MARK) && len && path[len - 1] != '/' &&
			is_dir(r, path));
	char *copy = malloc(len + mark + 1);
	size_t offs = r->flags & GLOB_DOOFFS ? g->gl_offs : 0;
	char **v = copy ? realloc(g->gl_pathv,
				  (offs + g->gl_pathc + 2) * sizeof(char *))
			: NULL;
	if (!v) {
		free(copy);
		r->status = GLOB_NOSPACE;
		return;
	}
	memcpy(copy, path, len);
	if (mark)
		copy[len++] = '/';
	copy[len] = '\0';
	if (!g->gl_pathv)
		for (size_t i = 0; i < offs; i++)
			v[i] = NULL;
	g->gl_pathv = v;
	v[offs + g->gl_pathc++] = copy;
	v[offs + g->gl_pathc] = NULL;
}

/*
 * A path found: a pattern ending in '/' takes directories only and
 * gives them with one '/'; dirs_only (GLOB_ONLYDIR) takes directories.
 */
static void add_found(struct glob_run *r, const char *path, size_t len,
		      bool dirs_only)
{
	if ((r->dir_only || dirs_only) && !is_dir(r, path))
		return;
	add_path(r, path, len, r->dir_only);
}

/* path (len bytes) extended by n bytes of s; NULL without memory. */
static char *extend(struct glob_run *r, const char *path, size_t len,
		    const char *s, size_t n)
{
	char *p = malloc(len + n + 1);
	if (!p) {
		r->status = GLOB_NOSPACE;
		return NULL;
	}
	memcpy(p, path, len);
	memcpy(p + len, s, n);
	p[len + n] = '\0';
	return p;
}

/* A component's text with its escapes removed, in place. */
static size_t unescape(char *s, size_t n, int flags)
{
	if (flags & GLOB_NOESCAPE)
		return n;
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		s[out++] = s[i];
	}
	return out;
}

static void walk(struct glob_run *r, const char *path, size_t len,
		 const char *rest);

/* Matches the wildcard component [comp, end) in the directory path. */
static void walk_dir(struct glob_run *r, const char *path, size_t len,
		     const char *comp, const char *end, const char *next)
{
	char *pat = extend(r, comp, end - comp, "", 0);
	if (!pat)
		return;
	/* The directory's name for errfunc: no trailing slashes, as glibc. */
	size_t dlen = len;
	while (dlen > 1 && path[dlen - 1] == '/')
		dlen--;
	char *dirname = extend(r, len ? path : ".", len ? dlen : 1, "", 0);
	void *dir = dirname ? run_opendir(r, dirname) : NULL;
	if (!dir) {
		int err = errno;
		if (dirname && err != ENOTDIR &&
		    ((r->errfunc && r->errfunc(dirname, err)) ||
		     (r->flags & GLOB_ERR)))
			r->status = GLOB_ABORTED;
		free(dirname);
		free(pat);
		return;
	}
	free(dirname);
	size_t slashes = strspn(end, "/");
	bool last = *next == '\0';
	int fnflags = (last && (r->flags & GLOB_PERIOD) ? 0 : FNM_PERIOD) |
		      (r->flags & GLOB_NOESCAPE ? FNM_NOESCAPE : 0);
	struct dirent *d;
	while (!r->status && (d = run_readdir(r, dir))) {
		if (fnmatch(pat, d->d_name, fnflags) != 0)
			continue;
		size_t n = strlen(d->d_name);
		char *name = extend(r, path, len, d->d_name, n);
		if (!name)
			break;
		if (last) {
			add_found(r, name, len + n, r->flags & GLOB_ONLYDIR);
		} else {
			char *full = extend(r, name, len + n, end, slashes);
			if (full)
				walk(r, full, len + n + slashes, next);
			free(full);
		}
		free(name);
	}
	run_closedir(r, dir);
	free(pat);
}

/* Adds the paths path (len bytes, its slashes included) + rest matches. */
static void walk(struct glob_run *r, const char *path, size_t len,
		 const char *rest)
{
	if (*rest == '\0') {
		if (exists(r, path))
			add_found(r, path, len, false);
		return;
	}
	const char *end = strchrnul(rest, '/');
	const char *next = end + strspn(end, "/");
	if (has_magic(rest, end, r->flags)) {
		walk_dir(r, path, len, rest, end, next);
		return;
	}
	char *p = extend(r, path, len, rest, next - rest);
	if (!p)
		return;
	size_t n = unescape(p + len, end - rest, r->flags);
	memmove(p + len + n, p + len + (end - rest), next - end + 1);
	/*
	 * glibc reads the directory for a last component with escapes, so
	 * that GLOB_ONLYDIR holds for it, not for a plain name.
	 */
	if (*next == '\0' && exists(r, p))
		add_found(r, p, len + n,
			  (r->flags & GLOB_ONLYDIR) &&
			      n != (size_t)(end - rest));
	else if (*next != '\0')
		walk(r, p, len + n + (next - end), next);
	free(p);
}

static int compare_paths(const void *a, const void *b)
{
	return strcoll(*(char *const *)a, *(char *const *)b);
}

/* The home directory ~name stands for; NULL if there is none. */
static const char *home_of(const char *name, size_t n)
{
	if (n == 0) {
		const char *home = getenv("HOME");
		if (home)
			return home;
		struct passwd *pw = getpwuid(getuid());
		return pw ? pw->pw_dir : NULL;
	}
	char user[256];
	if (n >= sizeof(user))
		return NULL;
	memcpy(user, name, n);
	user[n] = '\0';
	struct passwd *pw = getpwnam(user);
	return pw ? pw->pw_dir : NULL;
}

/*
 * The start of the walk: ~ or ~name replaced by the home directory
 * (GLOB_TILDE), trailing slashes taken off (they ask for directories),
 * leading ones part of the first directory's name.
 */
static int glob_walk(struct glob_run *r, const char *home, const char *rest)
{
	size_t n = strlen(rest), keep = n;
	while (keep > 0 && rest[keep - 1] == '/')
		keep--;
	r->dir_only = keep > 0 && keep < n;
	if (keep == 0)
		keep = n; /* only slashes: the root directory */
	size_t hlen = home ? strlen(home) : 0;
	char *start = extend(r, home ? home : "", hlen, rest, keep);
	if (!start)
		return GLOB_NOSPACE;
	size_t lead = hlen + strspn(start + hlen, "/");
	walk(r, start, lead, start + lead);
	free(start);
	return r->status;
}

/* One pattern without braces: its matches added to r->g, sorted. */
static int glob_one(struct glob_run *r, const char *pattern)
{
	glob_t *g = r->g;
	size_t first = g->gl_pathc;
	const char *home = NULL, *rest = pattern;
	if ((r->flags & (GLOB_TILDE | GLOB_TILDE_CHECK)) && *pattern == '~') {
		const char *name = pattern + 1;
		size_t n = strcspn(name, "/");
		home = home_of(name, n);
		if (!home && (r->flags & GLOB_TILDE_CHECK))
			return GLOB_NOMATCH;
		if (name[n] == '\0') {
			/* "~name" alone is its home, unchecked, as glibc's. */
			const char *s = home ? home : pattern;
			add_path(r, s, strlen(s), false);
			return r->status;
		}
		if (home)
			rest = name + n;
	}
	int err = glob_walk(r, home, rest);
	if (err)
		return err;
	if (g->gl_pathc == first) {
		if (!(r->flags & GLOB_NOCHECK) &&
		    !nomagic_keeps(pattern, r->flags))
			return GLOB_NOMATCH;
		add_path(r, pattern, strlen(pattern), false);
		return r->status;
	}
	size_t offs = r->flags & GLOB_DOOFFS ? g->gl_offs : 0;
	if (!(r->flags & GLOB_NOSORT))
		qsort(g->gl_pathv + offs + first, g->gl_pathc - first,
		      sizeof(char *), compare_paths);
	return 0;
}

/* The '}' closing the brace group opening at p, or NULL. */
static const char *brace_end(const char *p, int flags)
{
	int depth = 0;
	for (; *p; p++) {
		if (*p == '\\' && !(flags & GLOB_NOESCAPE) && p[1])
			p++;
		else if (*p == '{')
			depth++;
		else if (*p == '}' && --depth == 0)
			return p;
	}
	return NULL;
}

/* The first unescaped '{' that closes, or NULL. */
static const char *first_brace(const char *s, int flags)
{
	for (const char *p = s; *p; p++) {
		if (*p == '\\' && !(flags & GLOB_NOESCAPE) && p[1])
			p++;
		else if (*p == '{' && brace_end(p, flags))
			return p;
	}
	return NULL;
}

/* The end of the alternative starting at p: a top-level ',' or close. */
static const char *alternative_end(const char *p, const char *close, int flags)
{
	int depth = 0;
	for (; p < close; p++) {
		if (*p == '\\' && !(flags & GLOB_NOESCAPE) && p + 1 < close)
			p++;
		else if (*p == '{')
			depth++;
		else if (*p == '}')
			depth--;
		else if (*p == ',' && depth == 0)
			break;
	}
	return p;
}

/* Globs each alternative of pattern's first brace group in turn. */
static int glob_braces(struct glob_run *r, const char *pattern)
{
	const char *open = first_brace(pattern, r->flags);
	if (!open)
		return glob_one(r, pattern);
	const char *close = brace_end(open, r->flags);
	size_t prefix = open - pattern, suffix = strlen(close + 1);
	int result = GLOB_NOMATCH;
	for (const char *alt = open + 1; alt <= close;) {
		const char *p = alternative_end(alt, close, r->flags);
		size_t n = p - alt;
		char *one = malloc(prefix + n + suffix + 1);
		if (!one)
			return GLOB_NOSPACE;
		memcpy(one, pattern, prefix);
		memcpy(one + prefix, alt, n);
		memcpy(one + prefix + n, close + 1, suffix + 1);
		/* The whole pattern is what NOCHECK gives, not a part. */
		int flags = r->flags;
		r->flags &= ~(GLOB_NOCHECK | GLOB_NOMAGIC);
		int err = glob_braces(r, one);
		r->flags = flags;
		free(one);
		if (err == 0)
			result = 0;
		else if (err != GLOB_NOMATCH)
			return err;
		alt = p + 1;
	}
	if (result == GLOB_NOMATCH &&
	    ((r->flags & GLOB_NOCHECK) || nomagic_keeps(pattern, r->flags))) {
		add_path(r, pattern, strlen(pattern), false);
		return r->status;
	}
	return result;
}

int glob(const char *pattern, int flags, int (*errfunc)(const char *, int),
	 glob_t *g)
{
	if (!pattern || !g || (flags & ~0x7fff)) {
		errno = EINVAL;
		return -1;
	}
	if (!(flags & GLOB_APPEND)) {
		g->gl_pathc = 0;
		g->gl_pathv = NULL;
		if (!(flags & GLOB_DOOFFS))
			g->gl_offs = 0;
	}
	g->gl_flags = flags;
	if (has_magic(pattern, pattern + strlen(pattern), flags))
		g->gl_flags |= GLOB_MAGCHAR;
	struct glob_run r = {.flags = flags, .errfunc = errfunc, .g = g};
	return flags & GLOB_BRACE ? glob_braces(&r, pattern)
				  : glob_one(&r, pattern);
}

void globfree(glob_t *g)
{
	if (!g->gl_pathv)
		return;
	for (size_t i = 0; i < g->gl_pathc; i++)
		free(g->gl_pathv[g->gl_offs + i]);
	free(g->gl_pathv);
	g->gl_pathv = NULL;
}

LIBC_ALIAS(glob, glob64);
LIBC_ALIAS(globfree, globfree64);

/*
 * fts: a walk of file hierarchies in glibc's order and with its
 * answers (the BSD interface): each directory before its children
 * (FTS_D) and again after them (FTS_DP), siblings in the order of
 * compar or of readdir.  The working directory is never changed:
 * every entry's fts_accpath is its whole path, as with FTS_NOCHDIR.
 *
 * Each entry is one allocation (the FTSENT, its name, its own path and
 * its struct stat).  The tree kept is the path from the root list to
 * the current entry and the siblings still to come: an entry is freed
 * when the walk leaves it, as in glibc.
 */
#include <dirent.h>
#include <errno.h>
#include <fts.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "libc.h"

typedef int fts_compar(const FTSENT **, const FTSENT **);

/* An entry with room for a name and a path of these lengths. */
static FTSENT *alloc_entry(size_t namelen, size_t pathlen)
{
	if (pathlen > 0xffff) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	size_t stat_at = (sizeof(FTSENT) + namelen + pathlen + 2 + 15) & ~15ul;
	FTSENT *p = calloc(1, stat_at + sizeof(struct stat));
	if (!p)
		return NULL;
	p->fts_namelen = (unsigned short)namelen;
	p->fts_path = p->fts_name + namelen + 1;
	p->fts_pathlen = (unsigned short)pathlen;
	p->fts_accpath = p->fts_path;
	p->fts_statp = (struct stat *)((char *)p + stat_at);
	p->fts_instr = FTS_NOINSTR;
	return p;
}

/* The entry of name in the directory whose path is dir: a slash
 * between them unless dir ends with one. */
static FTSENT *new_entry(const char *dir, const char *name)
{
	size_t dirlen = strlen(dir), namelen = strlen(name);
	size_t slash = dirlen && dir[dirlen - 1] != '/';
	FTSENT *p = alloc_entry(namelen, dirlen + slash + namelen);
	if (!p)
		return NULL;
	memcpy(p->fts_name, name, namelen);
	memcpy(p->fts_path, dir, dirlen);
	if (slash)
		p->fts_path[dirlen] = '/';
	memcpy(p->fts_path + dirlen + slash, name, namelen);
	return p;
}

/* A root's entry: its path as given, its name what follows the last
 * slash ("/" for "/"), as glibc names it. */
static FTSENT *new_root(const char *path)
{
	size_t len = strlen(path);
	const char *last = strrchr(path, '/');
	const char *name = last && len > 1 ? last + 1 : path;
	FTSENT *p = alloc_entry(strlen(name), len);
	if (!p)
		return NULL;
	memcpy(p->fts_path, path, len);
	memcpy(p->fts_name, name, strlen(name));
	return p;
}

static void free_list(FTSENT *p)
{
	while (p) {
		FTSENT *next = p->fts_link;
		free(p);
		p = next;
	}
}

static bool is_dot(const FTSENT *p)
{
	return !strcmp(p->fts_name, ".") || !strcmp(p->fts_name, "..");
}

/* The ancestor that is the same directory as p, if any. */
static FTSENT *cycle_of(FTSENT *p)
{
	for (FTSENT *a = p->fts_parent; a && a->fts_level >= FTS_ROOTLEVEL;
	     a = a->fts_parent)
		if (a->fts_ino == p->fts_ino && a->fts_dev == p->fts_dev)
			return a;
	return NULL;
}

/* Stats p, following a symbolic link when asked; its fts_info. */
static unsigned short stat_entry(FTS *sp, FTSENT *p, bool follow)
{
	struct stat *st = p->fts_statp;
	p->fts_errno = 0;
	if (sp->fts_options & FTS_LOGICAL)
		follow = true;
	if (follow && stat(p->fts_accpath, st) < 0) {
		int err = errno;
		if (lstat(p->fts_accpath, st) == 0) {
			errno = 0;
			return FTS_SLNONE;
		}
		p->fts_errno = err;
		memset(st, 0, sizeof(*st));
		return FTS_NS;
	}
	if (!follow && lstat(p->fts_accpath, st) < 0) {
		p->fts_errno = errno;
		memset(st, 0, sizeof(*st));
		return FTS_NS;
	}
	p->fts_ino = st->st_ino;
	p->fts_dev = st->st_dev;
	p->fts_nlink = st->st_nlink;
	if (S_ISDIR(st->st_mode)) {
		if (is_dot(p) && p->fts_level > FTS_ROOTLEVEL)
			return FTS_DOT;
		p->fts_cycle = cycle_of(p);
		return p->fts_cycle ? FTS_DC : FTS_D;
	}
	if (S_ISLNK(st->st_mode))
		return FTS_SL;
	return S_ISREG(st->st_mode) ? FTS_F : FTS_DEFAULT;
}

/* Whether an entry of a directory needs no stat: FTS_NOSTAT in a
 * physical walk (a logical one stats all), and readdir says it is no
 * directory. */
static bool stat_unneeded(FTS *sp, unsigned char type)
{
	int opts = sp->fts_options;
	return (opts & FTS_NOSTAT) && !(opts & FTS_LOGICAL) &&
	       type != DT_UNKNOWN && type != DT_DIR;
}

/* Links the n entries of array in compar's order; the first. */
static FTSENT *sort_list(FTS *sp, FTSENT **array, size_t n)
{
	if (sp->fts_compar && n > 1)
		qsort(array, n, sizeof(*array),
		      (int (*)(const void *, const void *))sp->fts_compar);
	for (size_t i = 0; i + 1 < n; i++)
		array[i]->fts_link = array[i + 1];
	if (n)
		array[n - 1]->fts_link = NULL;
	return n ? array[0] : NULL;
}

/* Appends p to the growing array *a of *n entries; false without memory. */
static bool push(FTSENT ***a, size_t *n, size_t *cap, FTSENT *p)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		FTSENT **bigger = realloc(*a, c * sizeof(**a));
		if (!bigger)
			return false;
		*a = bigger;
		*cap = c;
	}
	(*a)[(*n)++] = p;
	return true;
}

/* One entry of dir for the directory entry d. */
static FTSENT *child_entry(FTS *sp, FTSENT *dir, struct dirent *d,
			   bool names_only)
{
	FTSENT *p = new_entry(dir->fts_path, d->d_name);
	if (!p)
		return NULL;
	p->fts_parent = dir;
	p->fts_level = (short)(dir->fts_level + 1);
	if (names_only || stat_unneeded(sp, d->d_type)) {
		p->fts_info = FTS_NSOK;
		p->fts_ino = d->d_ino;
	} else {
		p->fts_info = stat_entry(sp, p, false);
	}
	return p;
}

enum build { BUILD_READ, BUILD_CHILD, BUILD_NAMES };

/*
 * The entries of directory dir, linked in order.  For the walk itself
 * (BUILD_READ), a directory that cannot be read becomes FTS_DNR and an
 * empty one FTS_DP; without memory the walk stops (FTS_STOP).
 */
static FTSENT *build(FTS *sp, FTSENT *dir, enum build how)
{
	DIR *d = opendir(dir->fts_accpath);
	if (!d) {
		if (how == BUILD_READ) {
			dir->fts_info = FTS_DNR;
			dir->fts_errno = errno;
		}
		return NULL;
	}
	FTSENT **array = NULL;
	size_t n = 0, cap = 0;
	bool see_dots = sp->fts_options & FTS_SEEDOT;
	struct dirent *e;
	while ((e = readdir(d))) {
		bool dot = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
		if (dot && !see_dots)
			continue;
		FTSENT *p = child_entry(sp, dir, e, how == BUILD_NAMES);
		if (!p || !push(&array, &n, &cap, p)) {
			free(p);
			for (size_t i = 0; i < n; i++)
				free(array[i]);
			free(array);
			closedir(d);
			sp->fts_options |= FTS_STOP;
			return NULL;
		}
	}
	closedir(d);
	FTSENT *first = sort_list(sp, array, n);
	free(array);
	if (!first && how == BUILD_READ)
		dir->fts_info = FTS_DP;
	return first;
}

static void *fail(int err)
{
	errno = err;
	return NULL;
}

/* The roots, each stat'ed as the options say, under parent. */
static FTSENT *make_roots(FTS *sp, char *const *argv, FTSENT *parent)
{
	FTSENT **array = NULL;
	size_t n = 0, cap = 0;
	bool follow = sp->fts_options & FTS_COMFOLLOW;
	for (; *argv; argv++) {
		FTSENT *p = **argv ? new_root(*argv) : fail(ENOENT);
		if (!p || !push(&array, &n, &cap, p)) {
			int err = errno;
			free(p);
			for (size_t i = 0; i < n; i++)
				free(array[i]);
			free(array);
			return fail(err);
		}
		p->fts_parent = parent;
		p->fts_level = FTS_ROOTLEVEL;
		p->fts_info = stat_entry(sp, p, follow);
	}
	FTSENT *first = sort_list(sp, array, n);
	free(array);
	if (!first)
		errno = 0;
	return first;
}

FTS *fts_open(char *const *argv, int options, fts_compar *compar)
{
	if (options & ~FTS_OPTIONMASK)
		return fail(EINVAL);
	if (options & FTS_LOGICAL)
		options |= FTS_NOCHDIR;
	FTS *sp = calloc(1, sizeof(*sp));
	FTSENT *parent = alloc_entry(0, 0);
	FTSENT *start = alloc_entry(0, 0);
	if (!sp || !parent || !start) {
		free(sp), free(parent), free(start);
		return fail(ENOMEM);
	}
	sp->fts_options = options;
	sp->fts_compar = (int (*)(const void *, const void *))compar;
	sp->fts_rfd = -1;
	parent->fts_level = FTS_ROOTPARENTLEVEL;
	FTSENT *roots = make_roots(sp, argv, parent);
	if (!roots && errno) {
		int err = errno;
		free(sp), free(parent), free(start);
		return fail(err);
	}
	start->fts_link = roots;
	start->fts_info = FTS_INIT;
	start->fts_parent = parent;
	if (!roots)
		start->fts_link = NULL;
	sp->fts_cur = start;
	return sp;
}

/* A directory's children, from fts_children's list or read now. */
static FTSENT *enter(FTS *sp, FTSENT *dir)
{
	if (sp->fts_child && (sp->fts_options & FTS_NAMEONLY)) {
		free_list(sp->fts_child);
		sp->fts_child = NULL;
	}
	sp->fts_options &= ~FTS_NAMEONLY;
	FTSENT *kids = sp->fts_child;
	sp->fts_child = NULL;
	return kids ? kids : build(sp, dir, BUILD_READ);
}

/* Carries out the instruction fts_set left on p; true when p is to be
 * returned again at once. */
static bool obey(FTS *sp, FTSENT *p, int instr)
{
	if (instr == FTS_AGAIN) {
		p->fts_info = stat_entry(sp, p, false);
		return true;
	}
	if (instr == FTS_FOLLOW &&
	    (p->fts_info == FTS_SL || p->fts_info == FTS_SLNONE)) {
		p->fts_info = stat_entry(sp, p, true);
		if (p->fts_info == FTS_D)
			p->fts_flags |= FTS_SYMFOLLOW;
		return true;
	}
	return false;
}

/* The next entry after p: its next sibling, else its parent (FTS_DP). */
static FTSENT *advance(FTS *sp, FTSENT *p)
{
	for (;;) {
		FTSENT *next = p->fts_link;
		if (!next)
			break;
		free(p);
		p = next;
		if (p->fts_level == FTS_ROOTLEVEL)
			return p;
		if (p->fts_instr == FTS_SKIP)
			continue;
		if (p->fts_instr == FTS_FOLLOW) {
			p->fts_info = stat_entry(sp, p, true);
			p->fts_instr = FTS_NOINSTR;
		}
		return p;
	}
	FTSENT *parent = p->fts_parent;
	free(p);
	if (parent->fts_level == FTS_ROOTPARENTLEVEL) {
		free(parent);
		errno = 0;
		return NULL;
	}
	parent->fts_info = parent->fts_errno ? FTS_ERR : FTS_DP;
	return parent;
}

FTSENT *fts_read(FTS *sp)
{
	FTSENT *p = sp->fts_cur;
	if (!p || (sp->fts_options & FTS_STOP))
		return NULL;
	int instr = p->fts_instr;
	p->fts_instr = FTS_NOINSTR;
	if (obey(sp, p, instr))
		return p;
	if (p->fts_info == FTS_D) {
		bool other_dev = (sp->fts_options & FTS_XDEV) &&
				 p->fts_level > FTS_ROOTLEVEL &&
				 p->fts_dev != sp->fts_dev;
		if (instr == FTS_SKIP || other_dev) {
			free_list(sp->fts_child);
			sp->fts_child = NULL;
			p->fts_info = FTS_DP;
			return p;
		}
		FTSENT *kids = enter(sp, p);
		if (!kids)
			return sp->fts_options & FTS_STOP ? NULL : p;
		return sp->fts_cur = kids;
	}
	sp->fts_cur = advance(sp, p);
	if (sp->fts_cur && sp->fts_cur->fts_level == FTS_ROOTLEVEL)
		sp->fts_dev = sp->fts_cur->fts_dev;
	return sp->fts_cur;
}

FTSENT *fts_children(FTS *sp, int instr)
{
	if (instr != 0 && instr != FTS_NAMEONLY)
		return fail(EINVAL);
	FTSENT *p = sp->fts_cur;
	errno = 0;
	if (!p || (sp->fts_options & FTS_STOP))
		return NULL;
	if (p->fts_info == FTS_INIT)
		return p->fts_link;
	if (p->fts_info != FTS_D)
		return NULL;
	free_list(sp->fts_child);
	sp->fts_options &= ~FTS_NAMEONLY;
	if (instr == FTS_NAMEONLY)
		sp->fts_options |= FTS_NAMEONLY;
	sp->fts_child = build(sp, p, instr ? BUILD_NAMES : BUILD_CHILD);
	return sp->fts_child;
}

int fts_set(FTS *sp, FTSENT *p, int instr)
{
	(void)sp;
	if (instr != 0 && instr != FTS_AGAIN && instr != FTS_FOLLOW &&
	    instr != FTS_NOINSTR && instr != FTS_SKIP) {
		errno = EINVAL;
		return 1;
	}
	p->fts_instr = (unsigned short)instr;
	return 0;
}

/* Frees what is left of the tree: the current entry, the siblings to
 * come and the ancestors, level by level. */
int fts_close(FTS *sp)
{
	FTSENT *p = sp->fts_cur;
	while (p && p->fts_level >= FTS_ROOTLEVEL) {
		FTSENT *next = p->fts_link ? p->fts_link : p->fts_parent;
		free(p);
		p = next;
	}
	free(p);
	free_list(sp->fts_child);
	free(sp);
	return 0;
}

LIBC_ALIAS(fts_open, fts64_open);
LIBC_ALIAS(fts_read, fts64_read);
LIBC_ALIAS(fts_children, fts64_children);
LIBC_ALIAS(fts_set, fts64_set);
LIBC_ALIAS(fts_close, fts64_close);

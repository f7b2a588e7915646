/*
 * ftw and nftw: a depth-first walk in each directory's own order, glibc's
 * rules throughout.  A directory's names are read whole before its
 * entries are visited, so the walk reads one directory at a time, and
 * a callback may remove what it is shown (a FTW_DEPTH | FTW_PHYS walk
 * is how rm -r is written).  Following links, a directory seen once is
 * not entered again, which also ends cycles.  With FTW_CHDIR each
 * callback runs in the directory holding its object (FTW_DP in the
 * directory itself, as glibc's), the names given to the system are the
 * short ones, and the way back out of a directory is a descriptor of
 * the one outside while nopenfd allows, ".." deeper (checked: a link
 * that led in always keeps a descriptor), so that a tree of any depth
 * can be walked.  Without FTW_CHDIR a tree of any depth is walked too,
 * as glibc's: a directory's stream stays open while its entries are
 * visited, and their names go to the system relative to it (the full
 * path, which may pass PATH_MAX, only goes to the callback); with
 * nopenfd streams open the oldest is closed, and what is left of its
 * directory is reached by the full path.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libc.h"

struct seen {
	struct seen *next;
	dev_t dev;
	ino_t ino;
};

/* A directory being walked, and its stream while open (not FTW_CHDIR). */
struct frame {
	struct frame *outer;
	DIR *stream;
};

struct walk {
	__nftw_func_t fn;
	__ftw_func_t old_fn; /* ftw's, instead of fn */
	int flags;
	dev_t dev;	   /* the top directory's, for FTW_MOUNT */
	struct seen *seen; /* directories entered (links followed) */
	char *path;	   /* the object's, as the callback sees it */
	size_t cap;
	struct FTW ftw;
	/* FTW_CHDIR's: the directory walked */
	const struct stat *dir;
	/* the descriptors held: FTW_CHDIR's ways back, or the streams */
	int held, nopenfd;
	struct frame *inner; /* the directory holding the current object */
};

static bool seen_before(struct walk *w, const struct stat *st)
{
	for (struct seen *s = w->seen; s; s = s->next)
		if (s->dev == st->st_dev && s->ino == st->st_ino)
			return true;
	return false;
}

static int remember(struct walk *w, const struct stat *st)
{
	struct seen *s = malloc(sizeof(*s));
	if (!s)
		return -1;
	*s = (struct seen){w->seen, st->st_dev, st->st_ino};
	w->seen = s;
	return 0;
}

/*
 * The directory the system calls find the current object in: its
 * holder's stream while open, else the working directory.
 */
static int sys_dir(const struct walk *w)
{
	return w->inner && w->inner->stream ? dirfd(w->inner->stream)
					    : AT_FDCWD;
}

/*
 * The name of the current object for the system calls, in sys_dir().
 * With FTW_CHDIR the root's short name is empty, and the walk stands in
 * the root.
 */
static const char *sys_name(const struct walk *w)
{
	const char *name = w->path + w->ftw.base;
	if (w->flags & FTW_CHDIR)
		return *name ? name : ".";
	return sys_dir(w) == AT_FDCWD ? w->path : name;
}

/* ftw's callbacks know no FTW_SLN: a dangling link is FTW_NS there. */
static int call(struct walk *w, const struct stat *st, int type)
{
	if (w->old_fn)
		return w->old_fn(w->path, st, type == FTW_SLN ? FTW_NS : type);
	return w->fn(w->path, st, type, &w->ftw);
}

/* Closes the oldest stream held (the outermost: they are the inner ones). */
static void close_oldest(struct walk *w)
{
	int seen = 0;
	for (struct frame *f = w->inner; f; f = f->outer)
		if (f->stream && ++seen == w->held) {
			closedir(f->stream);
			f->stream = NULL;
			w->held--;
			return;
		}
}

/* The current object's stream, a directory's; NULL with errno. */
static DIR *open_dir(struct walk *w)
{
	if (!(w->flags & FTW_CHDIR) && w->held >= w->nopenfd)
		close_oldest(w);
	int fd =
	    openat(sys_dir(w), sys_name(w), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	DIR *d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

/* The entries of d, NUL-separated, "" at the end. */
static char *read_names(DIR *d)
{
	size_t len = 0, cap = 256;
	char *names = malloc(cap);
	struct dirent *e;
	errno = 0;
	while (names && (e = readdir(d))) {
		const char *n = e->d_name;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		size_t l = strlen(n) + 1;
		while (len + l + 1 > cap) {
			char *more = realloc(names, cap *= 2);
			if (!more) {
				free(names);
				names = NULL;
				break;
			}
			names = more;
		}
		if (names)
			memcpy(names + len, n, l), len += l;
	}
	int e2 = names ? errno : ENOMEM;
	if (e2) {
		free(names);
		errno = e2;
		return NULL;
	}
	names[len] = '\0';
	return names;
}

static int visit(struct walk *w, int level);

/* Makes path the entry name in the directory path; false without memory. */
static bool enter_name(struct walk *w, const char *name)
{
	size_t dir = strlen(w->path), need = dir + strlen(name) + 2;
	if (need > w->cap) {
		char *p = realloc(w->path, need * 2);
		if (!p)
			return false;
		w->path = p;
		w->cap = need * 2;
	}
	if (dir && w->path[dir - 1] != '/')
		w->path[dir++] = '/';
	strcpy(w->path + dir, name);
	w->ftw.base = (int)dir;
	return true;
}

/* Visits the entries of the directory w->path, whose names are read. */
static int walk_entries(struct walk *w, const char *names, int level)
{
	size_t dir_len = strlen(w->path);
	int base = w->ftw.base, r = 0;
	for (const char *n = names; *n && !r; n += strlen(n) + 1) {
		if (!enter_name(w, n)) {
			r = -1;
			break;
		}
		r = visit(w, level + 1);
		w->path[dir_len] = '\0';
	}
	w->ftw.base = base;
	w->ftw.level = level;
	if ((w->flags & FTW_ACTIONRETVAL) && r == FTW_SKIP_SIBLINGS)
		r = 0;
	return r;
}

/* Whether the current object, a directory, is reached through a link. */
static bool through_link(const struct walk *w)
{
	struct stat st;
	return !(w->flags & FTW_PHYS) && !lstat(sys_name(w), &st) &&
	       S_ISLNK(st.st_mode);
}

/*
 * FTW_CHDIR's step into the directory at level: *back is a descriptor
 * of the directory left, kept while nopenfd allows (and always when a
 * link leads in, since its ".." is not where the walk came from), -1
 * when ".." leads back; the top's return is walk_from's.
 */
static int enter_dir(struct walk *w, int level, int *back)
{
	*back = -1;
	if (level > 0 && (w->held < w->nopenfd || through_link(w))) {
		*back = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (*back < 0)
			return -1;
		w->held++;
	}
	if (chdir(sys_name(w)) == 0)
		return 0;
	if (*back >= 0) {
		close(*back);
		w->held--;
	}
	return -1;
}

/* Back to the directory outside (its status: outer); 0 or -1. */
static int leave_dir(struct walk *w, int level, int back,
		     const struct stat *outer)
{
	if (level == 0)
		return 0;
	if (back >= 0) {
		int r = fchdir(back);
		close(back);
		w->held--;
		return r;
	}
	struct stat here;
	if (chdir("..") || stat(".", &here))
		return -1;
	if (here.st_dev == outer->st_dev && here.st_ino == outer->st_ino)
		return 0;
	errno = ENOENT; /* moved during the walk: its parent is elsewhere */
	return -1;
}

/* A directory: FTW_D, its entries, FTW_DP; FTW_DNR when unreadable. */
static int walk_dir(struct walk *w, const struct stat *st, int level)
{
	struct frame frame = {.outer = w->inner, .stream = open_dir(w)};
	char *names = frame.stream ? read_names(frame.stream) : NULL;
	if (frame.stream && (!names || (w->flags & FTW_CHDIR))) {
		int e = errno;
		closedir(frame.stream);
		frame.stream = NULL;
		errno = e;
	}
	if (!names)
		return errno == EACCES ? call(w, st, FTW_DNR) : -1;
	if (frame.stream)
		w->held++;
	int r = (w->flags & FTW_DEPTH) ? 0 : call(w, st, FTW_D);
	int back = -1;
	bool entered = false;
	if (!r && (w->flags & FTW_CHDIR)) {
		entered = enter_dir(w, level, &back) == 0;
		r = entered ? 0 : -1;
	}
	const struct stat *outer = w->dir;
	w->dir = st;
	w->inner = &frame;
	if (!r)
		r = walk_entries(w, names, level);
	w->inner = frame.outer;
	w->dir = outer;
	free(names);
	if (frame.stream) {
		closedir(frame.stream);
		w->held--;
	}
	/* glibc's FTW_DP comes before the return to the parent */
	if (!r && (w->flags & FTW_DEPTH))
		r = call(w, st, FTW_DP);
	if (entered && leave_dir(w, level, back, outer) < 0 && !r)
		r = -1;
	if ((w->flags & FTW_ACTIONRETVAL) && r == FTW_SKIP_SUBTREE)
		r = 0;
	return r;
}

/* The type of the object at path, its status in *st; -1 on an error. */
static int classify(struct walk *w, struct stat *st, bool top)
{
	int dir = sys_dir(w);
	const char *name = sys_name(w);
	bool phys = w->flags & FTW_PHYS;
	if (!fstatat(dir, name, st, phys ? AT_SYMLINK_NOFOLLOW : 0)) {
		if (S_ISDIR(st->st_mode))
			return FTW_D;
		return S_ISLNK(st->st_mode) ? FTW_SL : FTW_F;
	}
	if (errno != EACCES && errno != ENOENT)
		return -1;
	int e = errno;
	if (!phys && e == ENOENT &&
	    !fstatat(dir, name, st, AT_SYMLINK_NOFOLLOW) &&
	    S_ISLNK(st->st_mode))
		return FTW_SLN;
	return top ? -1 : FTW_NS;
}

/* The object at w->path, at level: the callback, or its directory. */
static int visit(struct walk *w, int level)
{
	struct stat st;
	w->ftw.level = level;
	int type = classify(w, &st, level == 0);
	if (type < 0)
		return -1;
	if (level == 0)
		w->dev = st.st_dev;
	else if (type != FTW_NS && (w->flags & FTW_MOUNT) &&
		 st.st_dev != w->dev)
		return 0;
	if (type != FTW_D) {
		int r = call(w, &st, type);
		return (w->flags & FTW_ACTIONRETVAL) && r == FTW_SKIP_SUBTREE
			   ? 0
			   : r;
	}
	if (!(w->flags & FTW_PHYS)) {
		if (seen_before(w, &st))
			return 0;
		if (remember(w, &st))
			return -1;
	}
	return walk_dir(w, &st, level);
}

/* With FTW_CHDIR the walk starts in the directory holding dir. */
static int start_in_parent(struct walk *w)
{
	if (w->ftw.base == 0)
		return 0;
	if (w->ftw.base == 1)
		return chdir("/");
	char c = w->path[w->ftw.base - 1];
	w->path[w->ftw.base - 1] = '\0';
	int r = chdir(w->path);
	w->path[w->ftw.base - 1] = c;
	return r;
}

/* The walk for nftw (fn) or ftw (old_fn). */
static int walk_from(const char *dir, __nftw_func_t fn, __ftw_func_t old_fn,
		     int nopenfd, int flags)
{
	if (!*dir) {
		errno = ENOENT;
		return -1;
	}
	struct walk w = {.fn = fn,
			 .old_fn = old_fn,
			 .flags = flags,
			 .nopenfd = nopenfd > 1 ? nopenfd : 1};
	w.cap = strlen(dir) + 256;
	if (!(w.path = malloc(w.cap)))
		return -1;
	strcpy(w.path, dir);
	size_t len = strlen(dir);
	while (len > 1 && w.path[len - 1] == '/')
		w.path[--len] = '\0';
	while (len > 0 && w.path[len - 1] != '/')
		len--;
	w.ftw.base = (int)len;
	int cwd = -1, r = 0;
	if (flags & FTW_CHDIR) {
		cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cwd < 0 || start_in_parent(&w) < 0)
			r = -1;
	}
	if (!r)
		r = visit(&w, 0);
	if ((flags & FTW_ACTIONRETVAL) &&
	    (r == FTW_SKIP_SUBTREE || r == FTW_SKIP_SIBLINGS))
		r = 0;
	int saved = errno;
	if (cwd >= 0) {
		fchdir(cwd);
		close(cwd);
	}
	while (w.seen) {
		struct seen *s = w.seen;
		w.seen = s->next;
		free(s);
	}
	free(w.path);
	errno = saved;
	return r;
}

int nftw(const char *dir, __nftw_func_t fn, int nopenfd, int flags)
{
	return walk_from(dir, fn, NULL, nopenfd, flags);
}

int ftw(const char *dir, __ftw_func_t fn, int nopenfd)
{
	return walk_from(dir, NULL, fn, nopenfd, 0);
}

LIBC_ALIAS(nftw, nftw64);
LIBC_ALIAS(ftw, ftw64);

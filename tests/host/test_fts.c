/*
 * fts (libc/misc/fts.c) against glibc's: walks of one tree (directories,
 * an empty one, files, a FIFO, a link to a directory, a dangling link,
 * a link back to the top) with each set of options, with and without a
 * comparison, with fts_set's instructions and fts_children on the way.
 * Each walk is written as lines (fts_info, level, path, name, lengths,
 * errno, the level of the directory a cycle leads to, the inode when
 * stat'ed; the names of fts_children's list, whose paths glibc leaves
 * unset); the two must agree line by line.  fts_accpath is compared under
 * FTS_NOCHDIR only: glibc's is then the path, as osv's always is.  Output is
 * TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

FTS *osv_fts_open(char *const *argv, int options,
		  int (*compar)(const FTSENT **, const FTSENT **));
FTSENT *osv_fts_read(FTS *sp);
FTSENT *osv_fts_children(FTS *sp, int instr);
int osv_fts_set(FTS *sp, FTSENT *p, int instr);
int osv_fts_close(FTS *sp);

struct impl {
	FTS *(*open)(char *const *, int,
		     int (*)(const FTSENT **, const FTSENT **));
	FTSENT *(*read)(FTS *);
	FTSENT *(*children)(FTS *, int);
	int (*set)(FTS *, FTSENT *, int);
	int (*close)(FTS *);
};

static const struct impl glibc_fts = {fts_open, fts_read, fts_children, fts_set,
				      fts_close};
static const struct impl osv_fts = {
    osv_fts_open, osv_fts_read, osv_fts_children, osv_fts_set, osv_fts_close};

static char top[] = "/tmp/osv_fts_XXXXXX";

static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

static void make_tree(void)
{
	if (!mkdtemp(top) || chdir(top))
		abort();
	int ok = !mkdir("a", 0755) && !mkdir("a/sub", 0755) &&
		 !mkdir("a/empty", 0755) && !mkdir("a/sub/deeper", 0755) &&
		 !symlink("..", "a/sub/up") && !symlink("a", "link") &&
		 !symlink("nowhere", "dangling") && !mkfifo("a/fifo", 0644);
	const char *files[] = {"a/f1", "a/f2", "a/sub/g", "b",
			       "a/sub/deeper/h"};
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		FILE *f = fopen(files[i], "w");
		ok = ok && f && fputs(files[i], f) >= 0 && !fclose(f);
	}
	if (!ok || chdir("/"))
		abort();
}

static void remove_tree(void)
{
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", top);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", top);
}

static void log_entry(FILE *log, const FTSENT *p, int opts)
{
	fprintf(log, "%d %d %s %s %u %u %d", p->fts_info, p->fts_level,
		p->fts_path, p->fts_name, p->fts_pathlen, p->fts_namelen,
		p->fts_errno);
	if (p->fts_info == FTS_DC) /* glibc leaves it unset otherwise */
		fprintf(log, " cycle=%d", p->fts_cycle->fts_level);
	if (opts & FTS_NOCHDIR)
		fprintf(log, " acc=%s", p->fts_accpath);
	/* glibc keeps no struct stat under FTS_NOSTAT */
	if (p->fts_info != FTS_NS && p->fts_info != FTS_NSOK &&
	    !(opts & FTS_NOSTAT))
		fprintf(log, " ino=%lu", (unsigned long)p->fts_statp->st_ino);
	fputc('\n', log);
}

/* What a walk does on the way: fts_set and fts_children. */
static void act(const struct impl *im, FTS *sp, FTSENT *p, FILE *log, int opts,
		int *again_done)
{
	if (!strcmp(p->fts_name, "sub") && p->fts_info == FTS_D)
		im->set(sp, p, FTS_SKIP);
	if (!strcmp(p->fts_name, "f1") && !*again_done) {
		*again_done = 1;
		im->set(sp, p, FTS_AGAIN);
	}
	if (!strcmp(p->fts_name, "link") && p->fts_info == FTS_SL &&
	    p->fts_level == 1)
		im->set(sp, p, FTS_FOLLOW);
	if (p->fts_level == 0 && p->fts_info == FTS_D) {
		int instr = (opts & FTS_SEEDOT) ? FTS_NAMEONLY : 0;
		for (FTSENT *c = im->children(sp, instr); c; c = c->fts_link)
			fprintf(log, "child %d %s\n", instr ? 0 : c->fts_info,
				c->fts_name);
	}
}

/* The walk as text (malloc'ed), with or without the actions. */
static char *walk(const struct impl *im, char **roots, int opts, int sorted,
		  int actions)
{
	char *text = NULL;
	size_t len = 0;
	FILE *log = open_memstream(&text, &len);
	FTS *sp = im->open(roots, opts, sorted ? by_name : NULL);
	if (!sp) {
		fprintf(log, "fts_open failed errno %d\n", errno);
		fclose(log);
		return text;
	}
	int again_done = 0;
	FTSENT *p;
	for (int n = 0; n < 200 && (errno = 0, p = im->read(sp)); n++) {
		log_entry(log, p, opts);
		if (actions)
			act(im, sp, p, log, opts, &again_done);
	}
	fprintf(log, "end errno %d\n", errno);
	im->close(sp);
	fclose(log);
	return text;
}

/* The first line where the two walks differ, for the diagnostic. */
static void show_difference(const char *a, const char *b)
{
	while (*a && *b) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		if (la != lb || memcmp(a, b, la)) {
			printf("# glibc: %.*s\n# osv:   %.*s\n", (int)la, a,
			       (int)lb, b);
			return;
		}
		a += la + (a[la] != 0);
		b += lb + (b[lb] != 0);
	}
	printf("# glibc: %s\n# osv:   %s\n", a, b);
}

static void compare(char **roots, const char *roots_name, int opts, int sorted,
		    int actions)
{
	char *g = walk(&glibc_fts, roots, opts, sorted, actions);
	char *o = walk(&osv_fts, roots, opts, sorted, actions);
	int same = !strcmp(g, o);
	TAP_OK(same, "%s, options %#x%s%s", roots_name, opts,
	       sorted ? ", sorted" : "",
	       actions ? ", fts_set/fts_children" : "");
	if (!same)
		show_difference(g, o);
	free(g);
	free(o);
}

int main(void)
{
	make_tree();
	char link[64], b[64], dangling[64], missing[64];
	snprintf(link, sizeof(link), "%s/link", top);
	snprintf(b, sizeof(b), "%s/b", top);
	snprintf(dangling, sizeof(dangling), "%s/dangling", top);
	snprintf(missing, sizeof(missing), "%s/missing", top);
	char *tree[] = {top, NULL};
	char *several[] = {link, b, dangling, missing, NULL};
	static const int options[] = {
	    FTS_PHYSICAL | FTS_NOCHDIR,
	    FTS_PHYSICAL,
	    FTS_LOGICAL,
	    FTS_LOGICAL | FTS_NOSTAT,
	    FTS_PHYSICAL | FTS_NOCHDIR | FTS_NOSTAT,
	    FTS_PHYSICAL | FTS_NOCHDIR | FTS_SEEDOT,
	    FTS_PHYSICAL | FTS_NOCHDIR | FTS_COMFOLLOW,
	    FTS_PHYSICAL | FTS_NOCHDIR | FTS_XDEV,
	};
	for (size_t i = 0; i < sizeof(options) / sizeof(*options); i++) {
		compare(tree, "the tree", options[i], 1, 0);
		compare(tree, "the tree", options[i], 1, 1);
		compare(tree, "the tree", options[i], 0, 0);
		compare(several, "several roots", options[i], 1, 0);
		compare(several, "several roots", options[i], 0, 1);
	}
	/* No roots at all: glibc's fts_read crashes; osv's ends the walk. */
	char *empty[] = {"", NULL};
	compare(empty, "an empty name", FTS_PHYSICAL, 0, 0);
	compare(tree, "a bad option", 0x400, 0, 0);
	remove_tree();
	return tap_done();
}

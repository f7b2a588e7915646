/*
 * glob against glibc's on a directory tree made for the test: every
 * pattern of a list under every combination of the flags that change
 * results must give the same return value and the same paths (in the
 * same order, but for GLOB_NOSORT whose order is the directories');
 * errfunc sees the same directories; GLOB_DOOFFS, GLOB_APPEND and
 * GLOB_ALTDIRFUNC keep glibc's vector layout and call the caller's
 * functions.  Output is TAP.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include "difftest.h"

int osv_glob(const char *pattern, int flags, int (*errfunc)(const char *, int),
	     glob_t *g);
void osv_globfree(glob_t *g);

static char root[64];

static void make_tree(void)
{
	strcpy(root, "/tmp/osv-glob-XXXXXX");
	if (!mkdtemp(root) || chdir(root)) {
		perror("glob tree");
		exit(99);
	}
	static const char *const dirs[] = {
	    "dir1", "dir2", "dir2/sub", ".hdir", "empty", "Zdir", "b{x}",
	};
	static const char *const files[] = {
	    "a",	"b",	    "ab",      "abc",	   ".hidden",
	    "dir1/x.c", "dir1/y.h", "dir1/.z", "dir2/x.c", "dir2/sub/deep",
	    ".hdir/in", "star*",    "q?",      "br[1]",	   "sp ace",
	    "Zdir/B",	"b{x}/f",   "bx",      "by",	   "back\\slash",
	    "a.txt",	"b.txt",    "c.log",
	};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		mkdir(dirs[i], 0755);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		close(open(files[i], O_CREAT | O_WRONLY, 0644));
	symlink("dir1", "link1");
}

static void remove_tree(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		fprintf(stderr, "# could not remove %s\n", root);
}

/* The directories errfunc was called with, joined. */
static char seen[2][512];
static int which;

static int record_error(const char *path, int err)
{
	size_t n = strlen(seen[which]);
	snprintf(seen[which] + n, sizeof(seen[which]) - n, "%s:%d;", path, err);
	return 0;
}

static int sort_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void compare(const char *pattern, int flags)
{
	glob_t want = {0}, got = {0};
	seen[0][0] = seen[1][0] = '\0';
	which = 0;
	int rw = glob(pattern, flags, record_error, &want);
	which = 1;
	int rg = osv_glob(pattern, flags, record_error, &got);
	if (rw != rg) {
		dt_fail("glob(%s, %#x): %d, glibc %d", dt_str(pattern), flags,
			rg, rw);
		goto out;
	}
	if (strcmp(seen[0], seen[1]))
		dt_fail("glob(%s, %#x): errfunc saw %s, glibc's %s",
			dt_str(pattern), flags, seen[1], seen[0]);
	if (rw != 0)
		goto out;
	if (want.gl_pathc != got.gl_pathc) {
		dt_fail("glob(%s, %#x): %zu paths, glibc %zu", dt_str(pattern),
			flags, got.gl_pathc, want.gl_pathc);
		goto out;
	}
	if (flags & GLOB_NOSORT) {
		qsort(want.gl_pathv, want.gl_pathc, sizeof(char *),
		      sort_strings);
		qsort(got.gl_pathv, got.gl_pathc, sizeof(char *), sort_strings);
	}
	for (size_t i = 0; i < want.gl_pathc; i++)
		if (strcmp(want.gl_pathv[i], got.gl_pathv[i])) {
			dt_fail("glob(%s, %#x)[%zu]: %s, glibc %s",
				dt_str(pattern), flags, i, got.gl_pathv[i],
				want.gl_pathv[i]);
			break;
		}
	CHECK(got.gl_pathv[got.gl_pathc] == NULL, "no NULL after the paths");
out:
	if (rw == 0)
		globfree(&want);
	if (rg == 0)
		osv_globfree(&got);
}

static const char *const patterns[] = {
    "*",
    "a*",
    "?",
    "??",
    "[ab]*",
    "[!a]*",
    "*.txt",
    "*.c",
    "*/*",
    "*/*.c",
    "dir*/*.c",
    "dir2/*/*",
    ".*",
    "*/.*",
    "*/",
    "d*/",
    "a",
    "nothere",
    "nothere/*",
    "dir1/x.c",
    "dir1//x.c",
    "star\\*",
    "star*",
    "q\\?",
    "br\\[1]",
    "br[1]",
    "back\\\\*",
    "back\\slash",
    "sp*",
    "b{x}",
    "b{x,y}",
    "{a,b}*",
    "{a,b}.txt",
    "{dir1,dir2}/*",
    "{z,y}*",
    "b\\{x}",
    "{a,{b,c}}*",
    "{nope,a}",
    "{nope,none}",
    "x{",
    "~root",
    "~root/",
    "~nobody_here",
    "~nobody_here/x",
    "[",
    "a/",
    "ab/*",
    "*/sub",
    "Z*/*",
    "link1/*",
    "[[:upper:]]*",
    "*[^a-z]*",
    "./a*",
    "../*/a",
    "",
};

static const int flag_sets[] = {
    0,
    GLOB_MARK,
    GLOB_NOSORT,
    GLOB_NOCHECK,
    GLOB_NOESCAPE,
    GLOB_PERIOD,
    GLOB_BRACE,
    GLOB_NOMAGIC,
    GLOB_TILDE,
    GLOB_TILDE_CHECK,
    GLOB_ONLYDIR,
    GLOB_ERR,
    GLOB_BRACE | GLOB_NOCHECK,
    GLOB_BRACE | GLOB_MARK | GLOB_PERIOD,
    GLOB_NOMAGIC | GLOB_NOESCAPE,
    GLOB_TILDE | GLOB_MARK,
    GLOB_MARK | GLOB_ONLYDIR,
    GLOB_NOCHECK | GLOB_NOESCAPE | GLOB_BRACE,
};

static void compare_patterns(const char *prefix)
{
	char pattern[256];
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		/* Trailing slashes: see check_trailing_slashes. */
		if (patterns[i][0] &&
		    patterns[i][strlen(patterns[i]) - 1] == '/')
			continue;
		else
			for (size_t f = 0;
			     f < sizeof(flag_sets) / sizeof(flag_sets[0]);
			     f++) {
				snprintf(pattern, sizeof(pattern), "%s%s",
					 prefix, patterns[i]);
				compare(pattern, flag_sets[f]);
			}
}

/* The paths of a successful osv_glob, joined by spaces; "" on failure. */
static const char *paths_of(const char *pattern, int flags)
{
	static char out[512];
	glob_t g;
	out[0] = '\0';
	if (osv_glob(pattern, flags, NULL, &g))
		return out;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		size_t n = strlen(out);
		snprintf(out + n, sizeof(out) - n, "%s%s", i ? " " : "",
			 g.gl_pathv[i]);
	}
	osv_globfree(&g);
	return out;
}

/*
 * A pattern ending in '/' names directories, given with one '/'.  glibc
 * 2.36 is inconsistent there ("/tmp/x/a/" gives the file "/tmp/x/a",
 * "*" + "/" with GLOB_MARK gives "dir//", NOCHECK drops the slash of
 * some patterns): these are osv's answers, the same where glibc agrees
 * with itself.
 */
static void check_trailing_slashes(void)
{
	static const struct {
		const char *pattern;
		int flags;
		const char *paths;
	} cases[] = {
	    {"d*/", 0, "dir1/ dir2/"},
	    {"d*//", 0, "dir1/ dir2/"},
	    {"d*/", GLOB_MARK, "dir1/ dir2/"},
	    {"dir2/", 0, "dir2/"},
	    {"dir2//", GLOB_MARK, "dir2/"},
	    {"*/", 0, "Zdir/ b{x}/ dir1/ dir2/ empty/ link1/"},
	    {".*/", 0, "../ ./ .hdir/"},
	    {"*/", GLOB_PERIOD,
	     "../ ./ .hdir/ Zdir/ b{x}/ dir1/ dir2/ empty/ link1/"},
	    {"a/", 0, ""},
	    {"a*/", 0, ""},
	    {"a/", GLOB_NOCHECK, "a/"},
	    {"dir2/*/", 0, "dir2/sub/"},
	    {"/", 0, "/"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = paths_of(cases[i].pattern, cases[i].flags);
		CHECK(!strcmp(got, cases[i].paths), "glob(%s, %#x): %s, not %s",
		      cases[i].pattern, cases[i].flags, dt_str(got),
		      cases[i].paths);
	}
}

/* GLOB_DOOFFS leads with gl_offs NULLs; GLOB_APPEND adds, sorted apart. */
static void check_offsets_and_append(void)
{
	glob_t g = {.gl_offs = 3};
	int r = osv_glob("*.txt", GLOB_DOOFFS, NULL, &g);
	CHECK(r == 0 && g.gl_pathc == 2 && !g.gl_pathv[0] && !g.gl_pathv[2] &&
		  !strcmp(g.gl_pathv[3], "a.txt") &&
		  !strcmp(g.gl_pathv[4], "b.txt") && !g.gl_pathv[5],
	      "GLOB_DOOFFS: %d, %zu paths", r, g.gl_pathc);
	r = osv_glob("*.log", GLOB_DOOFFS | GLOB_APPEND, NULL, &g);
	CHECK(r == 0 && g.gl_pathc == 3 && !strcmp(g.gl_pathv[5], "c.log") &&
		  !g.gl_pathv[6],
	      "GLOB_APPEND: %d, %zu paths", r, g.gl_pathc);
	r = osv_glob("a*", GLOB_DOOFFS | GLOB_APPEND, NULL, &g);
	CHECK(r == 0 && g.gl_pathc == 7 && !strcmp(g.gl_pathv[6], "a") &&
		  !strcmp(g.gl_pathv[7], "a.txt") &&
		  !strcmp(g.gl_pathv[9], "abc"),
	      "GLOB_APPEND sorts only what it adds: %d, %zu paths", r,
	      g.gl_pathc);
	r = osv_glob("nothere*", GLOB_DOOFFS | GLOB_APPEND, NULL, &g);
	CHECK(r == GLOB_NOMATCH && g.gl_pathc == 7,
	      "GLOB_APPEND without a match keeps the vector");
	osv_globfree(&g);
}

/* An errfunc that stops the walk, and GLOB_ERR: GLOB_ABORTED. */
static int stop(const char *path, int err)
{
	(void)path;
	(void)err;
	return 1;
}

static void check_aborts(void)
{
	glob_t g;
	CHECK(osv_glob("nothere/*", 0, stop, &g) == GLOB_ABORTED,
	      "errfunc's nonzero: GLOB_ABORTED");
	CHECK(osv_glob("nothere/*", GLOB_ERR, NULL, &g) == GLOB_ABORTED,
	      "GLOB_ERR: GLOB_ABORTED");
	CHECK(osv_glob("a/*", GLOB_ERR, NULL, &g) == GLOB_NOMATCH,
	      "a file is no directory (ENOTDIR): not an error");
}

/* GLOB_ALTDIRFUNC: the caller's functions are the ones called. */
static int calls;

static void *count_opendir(const char *path)
{
	calls++;
	return opendir(path);
}

static struct dirent *count_readdir(void *dir)
{
	calls++;
	return readdir(dir);
}

static void count_closedir(void *dir)
{
	calls++;
	closedir(dir);
}

static int count_lstat(const char *path, struct stat *st)
{
	calls++;
	return lstat(path, st);
}

static int count_stat(const char *path, struct stat *st)
{
	calls++;
	return stat(path, st);
}

static void check_altdirfunc(void)
{
	glob_t g = {
	    .gl_opendir = count_opendir,
	    .gl_readdir = count_readdir,
	    .gl_closedir = count_closedir,
	    .gl_lstat = count_lstat,
	    .gl_stat = count_stat,
	};
	int r = osv_glob("dir*/*.c", GLOB_ALTDIRFUNC | GLOB_MARK, NULL, &g);
	CHECK(r == 0 && g.gl_pathc == 2 && !strcmp(g.gl_pathv[0], "dir1/x.c") &&
		  !strcmp(g.gl_pathv[1], "dir2/x.c"),
	      "GLOB_ALTDIRFUNC finds the same paths: %d", r);
	CHECK(calls > 10, "the caller's functions were called (%d calls)",
	      calls);
	osv_globfree(&g);
}

int main(void)
{
	make_tree();
	compare_patterns("");
	dt_group_end("relative patterns under each flag set vs glibc");
	char prefix[80];
	snprintf(prefix, sizeof(prefix), "%s/", root);
	compare_patterns(prefix);
	dt_group_end("absolute patterns under each flag set vs glibc");
	check_trailing_slashes();
	dt_group_end("patterns ending in '/': directories with one '/'");
	check_offsets_and_append();
	dt_group_end("GLOB_DOOFFS and GLOB_APPEND");
	check_aborts();
	dt_group_end("errfunc and GLOB_ERR");
	check_altdirfunc();
	dt_group_end("GLOB_ALTDIRFUNC");
	if (chdir("/"))
		perror("chdir");
	remove_tree();
	return dt_done();
}

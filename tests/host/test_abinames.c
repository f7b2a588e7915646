/*
 * The pure names Debian's libraries still missed, against glibc's:
 * hsearch's tables (random ENTER and FIND on tables of every size, the
 * prime rounding and when ENOMEM comes), the NSAP text forms (random
 * text and bytes), the file tree walks (ftw and nftw with every flag
 * on a tree of files, directories and links: the callbacks' sequence,
 * their arguments and working directory, the FTW_ACTIONRETVAL
 * answers), the getprotoent_r/getservent_r walks over the host's
 * files (small buffers too) and __gmtime_r.  Output is TAP.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <netdb.h>
#include <obstack.h>
#include <search.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "difftest.h"

int osv_hcreate_r(size_t nel, struct hsearch_data *htab);
void osv_hdestroy_r(struct hsearch_data *htab);
int osv_hsearch_r(ENTRY item, ACTION action, ENTRY **retval,
		  struct hsearch_data *htab);
int osv_hcreate(size_t nel);
void osv_hdestroy(void);
ENTRY *osv_hsearch(ENTRY item, ACTION action);
unsigned int osv_inet_nsap_addr(const char *cp, unsigned char *buf, int len);
char *osv_inet_nsap_ntoa(int len, const unsigned char *cp, char *buf);
int osv_nftw(const char *dir, __nftw_func_t fn, int nopenfd, int flags);
int osv_nftw64(const char *dir, __nftw_func_t fn, int nopenfd, int flags);
int osv_ftw(const char *dir, __ftw_func_t fn, int nopenfd);
int osv_ftw64(const char *dir, __ftw_func_t fn, int nopenfd);
int osv_getprotoent_r(struct protoent *ret, char *buf, size_t len,
		      struct protoent **result);
int osv_getservent_r(struct servent *ret, char *buf, size_t len,
		     struct servent **result);
void osv_setprotoent(int stayopen);
void osv_endprotoent(void);
void osv_setservent(int stayopen);
void osv_endservent(void);
struct tm *osv___gmtime_r(const time_t *t, struct tm *tm);
struct tm *__gmtime_r(const time_t *t, struct tm *tm);

void osv__obstack_newchunk(struct obstack *h, int length);
int osv__obstack_begin(struct obstack *h, int size, int alignment,
		       void *(*chunkfun)(long), void (*freefun)(void *));
int osv__obstack_begin_1(struct obstack *h, int size, int alignment,
			 void *(*chunkfun)(void *, long),
			 void (*freefun)(void *, void *), void *arg);
int osv__obstack_memory_used(struct obstack *h);
int osv__obstack_allocated_p(struct obstack *h, void *obj);
int _obstack_allocated_p(struct obstack *h, void *obj);
void osv__obstack_free(struct obstack *h, void *obj);
void osv_obstack_free(struct obstack *h, void *obj);
int osv_obstack_printf(struct obstack *h, const char *fmt, ...);
extern int osv_obstack_exit_failure;
extern void (*osv_obstack_alloc_failed_handler)(void);

/* ---- hsearch ---- */

#define KEYS 200
static char keys[KEYS][16];

/* One random table of both, the same operations: answers must agree. */
static void compare_tables(void)
{
	struct hsearch_data w = {0}, o = {0};
	size_t nel = dt_below(8) ? dt_below(60) : dt_below(300);
	int rw = hcreate_r(nel, &w), ro = osv_hcreate_r(nel, &o);
	CHECK(rw == ro && w.size == o.size && w.filled == o.filled,
	      "hcreate_r(%zu): %d size %u, want %d size %u", nel, ro, o.size,
	      rw, w.size);
	if (!rw || !ro)
		return;
	int ops = 3 * (int)w.size + 20;
	for (int i = 0; i < ops; i++) {
		char *key = keys[dt_below(dt_below(4) ? KEYS / 4 : KEYS)];
		ACTION a = dt_below(3) ? ENTER : FIND;
		ENTRY item = {key, (void *)(uintptr_t)(i + 1)}, *ew, *eo;
		errno = 0;
		int gw = hsearch_r(item, a, &ew, &w), erw = errno;
		errno = 0;
		int go = osv_hsearch_r(item, a, &eo, &o), ero = errno;
		CHECK(gw == go &&
			  (gw ? eo && eo->key == ew->key && eo->data == ew->data
			      : !eo && ero == erw) &&
			  w.filled == o.filled,
		      "table of %u, %s \"%s\": %d errno %d filled %u, want %d "
		      "errno %d filled %u",
		      w.size, a == ENTER ? "ENTER" : "FIND", key, go, ero,
		      o.filled, gw, erw, w.filled);
	}
	CHECK(osv_hcreate_r(10, &o) == 0 && o.size == w.size,
	      "hcreate_r on a live table replaced it");
	hdestroy_r(&w);
	osv_hdestroy_r(&o);
	CHECK(!o.table, "hdestroy_r left the table");
}

static void test_hsearch(void)
{
	for (int i = 0; i < KEYS; i++)
		snprintf(keys[i], sizeof(keys[i]), "key%d", i * 7919 % 1000);
	for (int i = 0; i < 300; i++)
		compare_tables();
	errno = 0;
	CHECK(osv_hcreate_r(5, NULL) == 0 && errno == EINVAL,
	      "hcreate_r(NULL): not 0 and EINVAL");
	errno = 0;
	osv_hdestroy_r(NULL);
	CHECK(errno == EINVAL, "hdestroy_r(NULL): not EINVAL");
	struct hsearch_data o = {0};
	errno = 0;
	CHECK(osv_hcreate_r(SIZE_MAX / 8, &o) == 0 && errno == ENOMEM,
	      "hcreate_r of a huge table: not ENOMEM");
	CHECK(osv_hcreate(4) && hcreate(4), "hcreate(4) failed");
	for (int i = 0; i < 8; i++) {
		ENTRY e = {keys[i], (void *)(uintptr_t)i};
		ENTRY *g = osv_hsearch(e, ENTER), *w = hsearch(e, ENTER);
		CHECK(!g == !w && (!g || g->data == w->data),
		      "hsearch ENTER %d: %p, want %p", i, (void *)g, (void *)w);
	}
	ENTRY f = {keys[3], NULL};
	CHECK(osv_hsearch(f, FIND) && osv_hsearch(f, FIND)->data == (void *)3,
	      "hsearch FIND lost an entry");
	osv_hdestroy();
	hdestroy();
	dt_group_end("hcreate_r, hsearch_r, hdestroy_r and the global table");
}

/* ---- NSAP addresses ---- */

static void test_nsap(void)
{
	static const char alphabet[] = "0123456789abcdefABCDEF.+/xXg -";
	for (int i = 0; i < 20000; i++) {
		char text[64];
		int n = (int)dt_below(40), at = 0;
		if (dt_below(10)) {
			text[at++] = '0';
			text[at++] = dt_below(2) ? 'x' : 'X';
		}
		while (at < n)
			text[at++] = alphabet[dt_below(dt_below(10) ? 22 : 31)];
		text[at] = '\0';
		int max = (int)dt_below(24);
		unsigned char gw[32] = {0}, go[32] = {0};
		unsigned w = inet_nsap_addr(text, gw, max);
		unsigned o = osv_inet_nsap_addr(text, go, max);
		CHECK(w == o && !memcmp(gw, go, sizeof(gw)),
		      "inet_nsap_addr(\"%s\", %d): %u, want %u", text, max, o,
		      w);
	}
	for (int i = 0; i < 3000; i++) {
		unsigned char bytes[300];
		int len = (int)dt_below(i < 2900 ? 20 : 300);
		for (int j = 0; j < len; j++)
			bytes[j] = (unsigned char)dt_rand();
		char bw[800], bo[800];
		inet_nsap_ntoa(len, bytes, bw);
		osv_inet_nsap_ntoa(len, bytes, bo);
		CHECK(!strcmp(bw, bo), "inet_nsap_ntoa(%d): %s, want %s", len,
		      bo, bw);
	}
	unsigned char one[3] = {0x47, 0x00, 0x05};
	CHECK(!strcmp(osv_inet_nsap_ntoa(3, one, NULL),
		      inet_nsap_ntoa(3, one, NULL)),
	      "inet_nsap_ntoa into its own buffer");
	dt_group_end("inet_nsap_addr, inet_nsap_ntoa on random text and bytes");
}

/* ---- file tree walks ---- */

static char tree[64];
static char log_text[2][16384];
static size_t log_len[2];
static int logging;   /* which log the callbacks write */
static int skip_rule; /* which FTW_ACTIONRETVAL answers to give */

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t room = sizeof(log_text[0]) - log_len[logging];
	int n = vsnprintf(log_text[logging] + log_len[logging], room, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < room)
		log_len[logging] += (size_t)n;
}

static const char *tail(const char *path)
{
	const char *t = strrchr(path, '/');
	return t ? t + 1 : path;
}

/* What an FTW_ACTIONRETVAL callback answers for path under the rule. */
static int answer(const char *path)
{
	const char *name = tail(path);
	switch (skip_rule) {
	case 1:
		return !strcmp(name, "sub") ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
	case 2:
		return !strcmp(name, "b") ? FTW_SKIP_SIBLINGS : FTW_CONTINUE;
	case 3:
		return !strcmp(name, "deep") ? FTW_STOP : FTW_CONTINUE;
	case 4:
		return !strcmp(name, "sub") ? FTW_SKIP_SIBLINGS : FTW_CONTINUE;
	case 5:
		return !strcmp(name, "c") ? 42 : 0; /* a plain stop */
	default:
		return 0;
	}
}

static int record(const char *path, const struct stat *st, int type,
		  struct FTW *f)
{
	char cwd[512];
	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "?");
	const char *rel =
	    strncmp(cwd, tree, strlen(tree)) ? cwd : cwd + strlen(tree);
	note("%s t%d b%d l%d %s ino%s|", path + strlen(tree), type, f->base,
	     f->level, rel, type == FTW_NS ? "-" : (st->st_ino ? "+" : "0"));
	return answer(path);
}

static int record_old(const char *path, const struct stat *st, int type)
{
	(void)st;
	note("%s t%d|", path + strlen(tree), type);
	return answer(path);
}

static void make_tree(void)
{
	strcpy(tree, "/tmp/osv-ftw-XXXXXX");
	if (!mkdtemp(tree))
		abort();
	const char *dirs[] = {"a", "a/sub", "a/sub/deep", "b", "c", "c/e"};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s/%s", tree, dirs[i]);
		mkdir(p, 0755);
	}
	const char *files[] = {"f1",   "a/f2",	"a/sub/f3", "a/sub/deep/f4",
			       "b/f5", "c/e/f6"};
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s/%s", tree, files[i]);
		close(open(p, O_CREAT | O_WRONLY, 0644));
	}
	const char *links[][2] = {{"f1", "a/tofile"},
				  {"..", "a/sub/up"},
				  {"nothing", "c/dangling"},
				  {"../a", "c/toa"}};
	for (size_t i = 0; i < sizeof(links) / sizeof(*links); i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s/%s", tree, links[i][1]);
		if (symlink(links[i][0], p))
			abort();
	}
}

static void remove_tree(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tree);
	if (system(cmd))
		printf("# could not remove %s\n", tree);
}

typedef int walk_fn(const char *dir, __nftw_func_t fn, int nopenfd, int flags);

/* osv's nopenfd: glibc's is 64, where its FTW_CHDIR is right. */
static int osv_nopenfd = 64;

/* One nftw by both from root (under the tree) with flags: logs agree. */
static void compare_nftw(walk_fn *osv, const char *root, int flags, int rule)
{
	char path[256], start[512];
	snprintf(path, sizeof(path), "%s%s", tree, root);
	if (!getcwd(start, sizeof(start)))
		abort();
	int r[2], e[2];
	skip_rule = rule;
	for (logging = 0; logging < 2; logging++) {
		log_len[logging] = 0;
		log_text[logging][0] = '\0';
		errno = 0;
		r[logging] = logging ? osv(path, record, osv_nopenfd, flags)
				     : nftw(path, record, 64, flags);
		e[logging] = errno;
		char after[512];
		if (!getcwd(after, sizeof(after)) || strcmp(after, start))
			note("cwd left at %s", after);
		if (chdir(start))
			abort();
	}
	CHECK(r[0] == r[1] && (r[0] != -1 || e[0] == e[1]) &&
		  !strcmp(log_text[0], log_text[1]),
	      "nftw(%s, flags %#x, rule %d): %d errno %d [%s], want %d "
	      "errno %d [%s]",
	      root, flags, rule, r[1], e[1], log_text[1], r[0], e[0],
	      log_text[0]);
}

static void compare_ftw(int (*osv)(const char *, __ftw_func_t, int),
			const char *root)
{
	char path[256];
	snprintf(path, sizeof(path), "%s%s", tree, root);
	int r[2], e[2];
	skip_rule = 0;
	for (logging = 0; logging < 2; logging++) {
		log_len[logging] = 0;
		log_text[logging][0] = '\0';
		errno = 0;
		r[logging] = (logging ? osv : ftw)(path, record_old, 4);
		e[logging] = errno;
	}
	CHECK(r[0] == r[1] && (r[0] != -1 || e[0] == e[1]) &&
		  !strcmp(log_text[0], log_text[1]),
	      "ftw(%s): %d errno %d [%s], want %d errno %d [%s]", root, r[1],
	      e[1], log_text[1], r[0], e[0], log_text[0]);
}

/* The first callback of a walk from the root, then a stop. */
static int record_root(const char *path, const struct stat *st, int type,
		       struct FTW *f)
{
	(void)st;
	char cwd[512];
	note("%s t%d b%d l%d %s", path, type, f->base, f->level,
	     getcwd(cwd, sizeof(cwd)) ? cwd : "?");
	return 1;
}

static int deep_fds;	    /* the most descriptors open in a callback */
static size_t deep_longest; /* the longest path a callback was given */
static int deep_stop_level = -1, deep_answer; /* its answer there */

/*
 * How many descriptors below 256 are open.  A walk's take the lowest
 * free ones, so they are counted whatever else is open or closed: the
 * lowest free descriptor is no count (stdin may be closed, leaving a
 * hole below 1 and 2).
 */
static int open_fds(void)
{
	int n = 0;
	for (int fd = 0; fd < 256; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

/* A deep walk's callbacks: where each runs, the descriptors it leaves. */
static int record_deep(const char *path, const struct stat *st, int type,
		       struct FTW *f)
{
	(void)st;
	int fds = open_fds();
	if (fds > deep_fds)
		deep_fds = fds;
	char cwd[4096];
	note("%zu t%d b%d l%d %zu|", strlen(path), type, f->base, f->level,
	     getcwd(cwd, sizeof(cwd)) ? strlen(cwd) : 0);
	if (strlen(path) > deep_longest)
		deep_longest = strlen(path);
	return f->level == deep_stop_level ? deep_answer : 0;
}

/* ftw's callbacks in a deep walk: the paths' lengths and the types. */
static int record_old_deep(const char *path, const struct stat *st, int type)
{
	(void)st;
	note("%zu t%d|", strlen(path), type);
	return 0;
}

/*
 * FTW_CHDIR down a chain of 300 directories, nopenfd 4: glibc's walk,
 * and no more than nopenfd descriptors held on the way.
 */
static void compare_deep_chdir(void)
{
	char path[4096], start[512];
	int len = snprintf(path, sizeof(path), "%s/chain", tree);
	mkdir(path, 0755);
	for (int i = 0; i < 300; i++) {
		len += snprintf(path + len, sizeof(path) - (size_t)len, "/d");
		mkdir(path, 0755);
	}
	snprintf(path, sizeof(path), "%s/chain", tree);
	if (!getcwd(start, sizeof(start)))
		abort();
	int r[2], fds[2];
	for (logging = 0; logging < 2; logging++) {
		log_len[logging] = 0;
		log_text[logging][0] = '\0';
		int base = open_fds();
		deep_fds = base;
		r[logging] = (logging ? osv_nftw : nftw)(
		    path, record_deep, 4, FTW_CHDIR | FTW_PHYS | FTW_DEPTH);
		fds[logging] = deep_fds - base;
		if (chdir(start))
			abort();
	}
	CHECK(r[0] == r[1] && !strcmp(log_text[0], log_text[1]),
	      "300 levels with FTW_CHDIR: %d [%.200s], want %d [%.200s]", r[1],
	      log_text[1], r[0], log_text[0]);
	CHECK(r[1] == 0 && fds[1] <= 4 + 1 /* and the start */,
	      "300 levels with FTW_CHDIR, nopenfd 4: %d descriptors", fds[1]);
}

/*
 * A chain of 50 directories of 100-character names (paths past
 * PATH_MAX), with a file at the bottom and a second directory at level
 * 42 (a path past PATH_MAX too), before the deep one or after it: then
 * reached by its full path when nopenfd is small, as glibc's (which
 * fails there).  Made from its top by descriptors, as the path is too
 * long for the system.
 */
static void make_long_chain(const char *top)
{
	char name[101];
	memset(name, 'n', 100);
	name[100] = '\0';
	mkdir(top, 0755);
	int fd = open(top, O_RDONLY | O_DIRECTORY);
	for (int level = 1; fd >= 0 && level <= 50; level++) {
		if (level == 42) {
			mkdirat(fd, "z", 0755);
			close(openat(fd, "z/f", O_CREAT | O_WRONLY, 0644));
		}
		mkdirat(fd, name, 0755);
		int inner = openat(fd, name, O_RDONLY | O_DIRECTORY);
		close(fd);
		fd = inner;
	}
	if (fd < 0)
		abort();
	close(openat(fd, "file", O_CREAT | O_WRONLY, 0644));
	close(fd);
}

/* A deep walk by glibc's nftw (which 0) or osv's. */
struct deep_run {
	int r, e;
	int fds;  /* the most descriptors it held in a callback */
	int left; /* descriptors it left open */
};

static struct deep_run run_deep(int which, const char *top, int nopenfd,
				int flags)
{
	logging = which;
	log_len[which] = 0;
	log_text[which][0] = '\0';
	int base = open_fds();
	deep_fds = base;
	errno = 0;
	struct deep_run run;
	run.r = (which ? osv_nftw : nftw)(top, record_deep, nopenfd, flags);
	run.e = errno;
	run.fds = deep_fds - base;
	run.left = open_fds() - base;
	return run;
}

/*
 * Without FTW_CHDIR a walk reaches paths longer than PATH_MAX as glibc's
 * does (by names relative to open directories): the same callbacks and
 * result, no more descriptors held than glibc's, none left open however
 * the walk ends.
 */
static void compare_long_walk(const char *top, int nopenfd, int flags)
{
	struct deep_run g = run_deep(0, top, nopenfd, flags);
	struct deep_run o = run_deep(1, top, nopenfd, flags);
	CHECK(g.r == o.r && (g.r != -1 || g.e == o.e) &&
		  !strcmp(log_text[0], log_text[1]),
	      "paths past PATH_MAX, nopenfd %d, flags %#x, stop at %d: %d "
	      "errno %d [%.300s], want %d errno %d [%.300s]",
	      nopenfd, flags, deep_stop_level, o.r, o.e, log_text[1], g.r, g.e,
	      log_text[0]);
	CHECK(o.fds <= g.fds && o.left == 0,
	      "paths past PATH_MAX, nopenfd %d, flags %#x, stop at %d: %d "
	      "descriptors held (glibc's %d), %d left open",
	      nopenfd, flags, deep_stop_level, o.fds, g.fds, o.left);
}

/*
 * The chain walked for each nopenfd (1 is glibc's failure) and each flag
 * that changes the walk, then stopped or cut short deep down, where
 * streams are open and some of the outer ones closed.
 */
static void compare_long_paths(void)
{
	char top[128];
	snprintf(top, sizeof(top), "%s/long", tree);
	make_long_chain(top);
	static const int flag_sets[] = {0, FTW_PHYS, FTW_DEPTH,
					FTW_PHYS | FTW_DEPTH, FTW_MOUNT};
	for (int nopenfd = 1; nopenfd <= 64; nopenfd *= 4)
		for (size_t i = 0; i < sizeof(flag_sets) / sizeof(*flag_sets);
		     i++)
			compare_long_walk(top, nopenfd, flag_sets[i]);
	CHECK(deep_longest > PATH_MAX, "the longest path seen: %zu",
	      deep_longest);
	static const struct {
		int level, answer, flags;
	} stops[] = {{45, 7, 0},
		     {45, FTW_STOP, FTW_ACTIONRETVAL},
		     {45, FTW_SKIP_SIBLINGS, FTW_ACTIONRETVAL},
		     {30, FTW_SKIP_SUBTREE, FTW_ACTIONRETVAL}};
	for (size_t i = 0; i < sizeof(stops) / sizeof(*stops); i++) {
		deep_stop_level = stops[i].level;
		deep_answer = stops[i].answer;
		compare_long_walk(top, 4, stops[i].flags);
		compare_long_walk(top, 16, stops[i].flags);
	}
	deep_stop_level = -1;
	int r[2];
	for (logging = 0; logging < 2; logging++) {
		log_len[logging] = 0;
		log_text[logging][0] = '\0';
		r[logging] = (logging ? osv_ftw : ftw)(top, record_old_deep, 4);
	}
	CHECK(r[0] == r[1] && !strcmp(log_text[0], log_text[1]),
	      "ftw past PATH_MAX: %d [%.300s], want %d [%.300s]", r[1],
	      log_text[1], r[0], log_text[0]);
}

/* From "/" with FTW_CHDIR the object's short name is empty. */
static void compare_root_chdir(void)
{
	char start[512];
	if (!getcwd(start, sizeof(start)))
		abort();
	int r[2];
	for (logging = 0; logging < 2; logging++) {
		log_len[logging] = 0;
		log_text[logging][0] = '\0';
		r[logging] = (logging ? osv_nftw : nftw)("/", record_root, 4,
							 FTW_CHDIR | FTW_PHYS);
		if (chdir(start))
			abort();
	}
	CHECK(r[0] == r[1] && !strcmp(log_text[0], log_text[1]),
	      "nftw(\"/\", FTW_CHDIR): %d [%s], want %d [%s]", r[1],
	      log_text[1], r[0], log_text[0]);
}

static void test_walks(void)
{
	make_tree();
	static const char *roots[] = {"",      "/",	      "/a",
				      "/a/",   "/f1",	      "/c/toa",
				      "/none", "/c/dangling", "/a/tofile"};
	for (size_t i = 0; i < sizeof(roots) / sizeof(*roots); i++)
		for (int flags = 0; flags < 16; flags++)
			compare_nftw(i % 2 ? osv_nftw : osv_nftw64, roots[i],
				     flags, 0);
	dt_group_end("nftw: every flag but FTW_ACTIONRETVAL, nine roots");
	for (int rule = 1; rule <= 5; rule++)
		for (int flags = 0; flags < 16; flags++)
			compare_nftw(osv_nftw, "", flags | FTW_ACTIONRETVAL,
				     rule);
	for (int flags = 0; flags < 16; flags++)
		compare_nftw(osv_nftw, "", flags, 5);
	compare_nftw(osv_nftw64, "/a", FTW_PHYS | FTW_DEPTH, 0);
	dt_group_end("nftw: FTW_ACTIONRETVAL's answers and a plain stop");
	for (size_t i = 0; i < sizeof(roots) / sizeof(*roots); i++) {
		compare_ftw(osv_ftw, roots[i]);
		compare_ftw(osv_ftw64, roots[i]);
	}
	char empty[] = "";
	errno = 0;
	CHECK(osv_nftw(empty, record, 1, 0) == -1 && errno == ENOENT,
	      "nftw(\"\"): not ENOENT");
	compare_root_chdir();
	/* nopenfd 1: ".." back out, but never where a link led in */
	osv_nopenfd = 1;
	for (size_t i = 0; i < sizeof(roots) / sizeof(*roots); i++)
		for (int flags = 0; flags < 16; flags++)
			compare_nftw(osv_nftw, roots[i], flags, 0);
	osv_nopenfd = 64;
	compare_deep_chdir();
	dt_group_end("ftw, ftw64, an empty path, the root and deep trees with "
		     "FTW_CHDIR, nopenfd 1");
	compare_long_paths();
	dt_group_end(
	    "nftw and ftw past PATH_MAX, nopenfd 1 to 64, stopped deep");
	remove_tree();
}

/* ---- obstacks ---- */

/* One library's obstack functions. */
struct obstack_lib {
	void (*newchunk)(struct obstack *, int);
	int (*begin)(struct obstack *, int, int, void *(*)(long),
		     void (*)(void *));
	int (*begin_1)(struct obstack *, int, int, void *(*)(void *, long),
		       void (*)(void *, void *), void *);
	int (*used)(struct obstack *);
	int (*allocated)(struct obstack *, void *);
	void (*free_to)(struct obstack *, void *);
	int (*printf)(struct obstack *, const char *, ...);
};

static char ob_log[2][65536];
static size_t ob_len[2];
static int ob_side;

static void ob_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void ob_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t room = sizeof(ob_log[0]) - ob_len[ob_side];
	int n = vsnprintf(ob_log[ob_side] + ob_len[ob_side], room, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < room)
		ob_len[ob_side] += (size_t)n;
}

static void *chunk_alloc(long n)
{
	ob_note("a%ld ", n);
	return aligned_alloc(64, ((size_t)n + 63) & ~(size_t)63);
}

static void chunk_free(void *p)
{
	ob_note("f ");
	free(p);
}

static void *chunk_alloc_1(void *arg, long n)
{
	ob_note("A%ld/%d ", n, *(int *)arg);
	return aligned_alloc(64, ((size_t)n + 63) & ~(size_t)63);
}

static void chunk_free_1(void *arg, void *p)
{
	ob_note("F%d ", *(int *)arg);
	free(p);
}

static void *plain_alloc(long n)
{
	return malloc((size_t)n);
}

/* The macros' growing and finishing, over lib's out-of-line calls. */
static void ob_grow(const struct obstack_lib *lib, struct obstack *h,
		    const char *data, int n)
{
	if (h->next_free + n > h->chunk_limit)
		lib->newchunk(h, n);
	memcpy(h->next_free, data, (size_t)n);
	h->next_free += n;
}

static void *ob_finish(struct obstack *h)
{
	char *value = h->object_base;
	if (h->next_free == value)
		h->maybe_empty_object = 1;
	h->next_free =
	    (char *)(((uintptr_t)h->next_free + (unsigned)h->alignment_mask) &
		     ~(uintptr_t)(unsigned)h->alignment_mask);
	if (h->next_free - (char *)h->chunk > h->chunk_limit - (char *)h->chunk)
		h->next_free = h->chunk_limit;
	h->object_base = h->next_free;
	return value;
}

/* Where h stands, as offsets within its chunk (addresses differ). */
static void ob_state(const struct obstack_lib *lib, struct obstack *h)
{
	char *c = (char *)h->chunk;
	ob_note("[%ld %ld %ld %d %d] ", (long)(h->object_base - c),
		(long)(h->next_free - c), (long)(h->chunk_limit - c),
		lib->used(h), h->chunk->prev != NULL);
}

/*
 * A random workload; the caller runs it on both with the same seed.
 * Chunks are 64-byte aligned, so that offsets within them are the same
 * for both (objects are aligned as addresses).
 */
static void ob_workload(const struct obstack_lib *lib, int round)
{
	struct obstack h;
	int tag = round;
	int size = round % 3 == 0 ? 0 : 64 + (int)dt_below(2000);
	int align = round % 4 == 0 ? 0 : 1 << dt_below(6);
	if (round % 2)
		lib->begin(&h, size, align, chunk_alloc, chunk_free);
	else
		lib->begin_1(&h, size, align, chunk_alloc_1, chunk_free_1,
			     &tag);
	ob_state(lib, &h);
	void *objects[200];
	int n = 0;
	char text[6000];
	memset(text, 'x', sizeof(text));
	for (int i = 0; i < 300; i++) {
		unsigned op = dt_below(10);
		if (op < 4) {
			int len = (int)(dt_below(10) ? dt_below(300)
						     : dt_below(6000));
			ob_grow(lib, &h, text, len);
		} else if (op < 5) {
			/*
			 * Room first: where the text overflows the chunk,
			 * glibc's new chunk has room for the piece of the
			 * format that overflowed, ours for the whole text.
			 */
			if (h.chunk_limit - h.next_free < 64)
				lib->newchunk(&h, 64);
			int k = (int)dt_below(1000);
			ob_note("p%d ", lib->printf(&h, "%d-%s|", k, "ob"));
		} else if (op < 8 && n < 200) {
			long size = h.next_free - h.object_base;
			unsigned sum = 0;
			for (long j = 0; j < size; j++)
				sum =
				    sum * 31 + (unsigned char)h.object_base[j];
			ob_note("o%ld/%x ", size, sum);
			objects[n++] = ob_finish(&h);
		} else if (n > 0) {
			int k = (int)dt_below((unsigned)n);
			ob_note("in%d ", lib->allocated(&h, objects[k]));
			lib->free_to(&h, objects[k]);
			n = k;
		}
		ob_state(lib, &h);
	}
	lib->free_to(&h, NULL);
	ob_note("end");
}

static void test_obstacks(void)
{
	static const struct obstack_lib glibc = {
	    _obstack_newchunk,	  _obstack_begin,	_obstack_begin_1,
	    _obstack_memory_used, _obstack_allocated_p, obstack_free,
	    obstack_printf};
	static const struct obstack_lib osv = {
	    osv__obstack_newchunk,    osv__obstack_begin,
	    osv__obstack_begin_1,     osv__obstack_memory_used,
	    osv__obstack_allocated_p, osv_obstack_free,
	    osv_obstack_printf};
	for (int round = 0; round < 200; round++) {
		uint64_t seed = dt_state;
		for (ob_side = 0; ob_side < 2; ob_side++) {
			dt_state = seed;
			ob_len[ob_side] = 0;
			ob_log[ob_side][0] = '\0';
			ob_workload(ob_side ? &osv : &glibc, round);
		}
		size_t at = 0;
		while (at < ob_len[0] && ob_log[0][at] == ob_log[1][at])
			at++;
		CHECK(ob_len[0] == ob_len[1] && at == ob_len[0],
		      "round %d differs at %zu: ...%.120s, want ...%.120s",
		      round, at, ob_log[1] + (at > 60 ? at - 60 : 0),
		      ob_log[0] + (at > 60 ? at - 60 : 0));
	}
	struct obstack h;
	osv__obstack_begin(&h, 64, 0, plain_alloc, free);
	char fill[200];
	memset(fill, 'y', sizeof(fill));
	memcpy(h.next_free, fill, 40);
	h.next_free += 40;
	int room = (int)(h.chunk_limit - h.next_free);
	int printed = osv_obstack_printf(&h, "%0*d", room + 10, 7);
	CHECK(printed == room + 10 && h.chunk->prev == NULL &&
		  h.next_free - h.object_base == 40 + room + 10 &&
		  !memcmp(h.object_base, fill, 40) &&
		  h.object_base[40] == '0' &&
		  h.object_base[40 + room + 9] == '7',
	      "obstack_printf past the chunk: %d, object of %ld", printed,
	      (long)(h.next_free - h.object_base));
	osv_obstack_free(&h, NULL);
	CHECK(osv_obstack_exit_failure == EXIT_FAILURE &&
		  osv_obstack_alloc_failed_handler != NULL,
	      "the failure handler and status");
	dt_group_end("obstacks: chunks, frees, printf, sizes as glibc's");
}

/* ---- the protocols and services walks ---- */

/* The walk of the host's /etc/protocols: one entry's text, or NULL. */
static bool proto_text(int osv, char *buf, size_t len, char *out, size_t cap,
		       int *err)
{
	struct protoent p, *r = (void *)1;
	*err = (osv ? osv_getprotoent_r : getprotoent_r)(&p, buf, len, &r);
	if (!r)
		return false;
	int n = snprintf(out, cap, "%s %d", p.p_name, p.p_proto);
	for (char **a = p.p_aliases; *a && n > 0 && (size_t)n < cap; a++)
		n += snprintf(out + n, cap - (size_t)n, " %s", *a);
	return true;
}

static bool serv_text(int osv, char *buf, size_t len, char *out, size_t cap,
		      int *err)
{
	struct servent s, *r = (void *)1;
	*err = (osv ? osv_getservent_r : getservent_r)(&s, buf, len, &r);
	if (!r)
		return false;
	int n = snprintf(out, cap, "%s %d/%s", s.s_name, ntohs(s.s_port),
			 s.s_proto);
	for (char **a = s.s_aliases; *a && n > 0 && (size_t)n < cap; a++)
		n += snprintf(out + n, cap - (size_t)n, " %s", *a);
	return true;
}

typedef bool entry_text_fn(int osv, char *buf, size_t len, char *out,
			   size_t cap, int *err);

/*
 * Both walks side by side: glibc's with room for any entry, ours with a
 * buffer often too small first, which must give ERANGE and leave the
 * entry to be read again with room; the same entries, then ENOENT at
 * the end from both.  (How small is too small differs: glibc's buffer
 * also holds the line it parses.)
 */
static void compare_walk(const char *what, entry_text_fn *text)
{
	int entries = 0, small = 0;
	for (int step = 0; step < 10000; step++) {
		char bw[1024], bo[1024], tw[512] = "", to[512] = "";
		int ew, eo;
		bool gw = text(0, bw, sizeof(bw), tw, sizeof(tw), &ew);
		bool go = false;
		if (dt_below(3) == 0) {
			size_t len = dt_below(12);
			go = text(1, bo, len, to, sizeof(to), &eo);
			CHECK(gw ? !go && eo == ERANGE : !go && eo == ENOENT,
			      "%s_r with %zu bytes: %d %s", what, len, eo, to);
			small++;
		}
		if (!go)
			go = text(1, bo, sizeof(bo), to, sizeof(to), &eo);
		CHECK(gw == go && ew == eo && !strcmp(tw, to),
		      "%s_r: %d %s, want %d %s", what, eo, to, ew, tw);
		if (!gw && ew == ENOENT)
			break;
		entries += gw;
	}
	CHECK(entries > 5 && small > 0,
	      "%s: the host's file has only %d entries", what, entries);
}

static void test_ent_walks(void)
{
	setprotoent(0);
	osv_setprotoent(0);
	compare_walk("getprotoent", proto_text);
	endprotoent();
	osv_endprotoent();
	setservent(0);
	osv_setservent(0);
	compare_walk("getservent", serv_text);
	endservent();
	osv_endservent();
	dt_group_end("getprotoent_r, getservent_r: the host's files");
	time_t ts[] = {0, 86399, 951782400, -1, 4102444800, -62135596800};
	for (size_t i = 0; i < sizeof(ts) / sizeof(*ts); i++) {
		struct tm w, o;
		memset(&w, 0, sizeof(w));
		memset(&o, 0, sizeof(o));
		CHECK(__gmtime_r(&ts[i], &w) && osv___gmtime_r(&ts[i], &o) &&
			  w.tm_year == o.tm_year && w.tm_yday == o.tm_yday &&
			  w.tm_sec == o.tm_sec && w.tm_wday == o.tm_wday,
		      "__gmtime_r(%lld)", (long long)ts[i]);
	}
	dt_group_end("__gmtime_r");
}

int main(void)
{
	test_hsearch();
	test_nsap();
	test_walks();
	test_obstacks();
	test_ent_walks();
	return dt_done();
}

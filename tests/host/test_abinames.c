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
#include <netdb.h>
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
		r[logging] = (logging ? osv : nftw)(path, record, 64, flags);
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
	dt_group_end("ftw, ftw64 and an empty path");
	remove_tree();
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
	test_ent_walks();
	return dt_done();
}

/*
 * The mntent calls (libc/misc/mntent.c) against glibc's: the same lines
 * read by both, field by field (blanks, comments, escapes, missing
 * fields, long lines cut by small buffers); addmntent's output for names
 * with blanks and backslashes; hasmntopt over option lists.  The libc's
 * streams are its own stdio's, so each side reads its own FILE.  Output
 * is TAP.
 */
#include <mntent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "difftest.h"

typedef void osv_FILE;
osv_FILE *osv_setmntent(const char *file, const char *mode);
struct mntent *osv_getmntent(osv_FILE *stream);
struct mntent *osv_getmntent_r(osv_FILE *stream, struct mntent *result,
			       char *buf, int buflen);
int osv_addmntent(osv_FILE *stream, const struct mntent *mnt);
int osv_endmntent(osv_FILE *stream);
char *osv_hasmntopt(const struct mntent *mnt, const char *opt);

static const char table[] =
    "# /etc/fstab: a comment\n"
    "\n"
    "   \t\n"
    "/dev/vda1 / ext4 rw,relatime 0 1\n"
    "proc /proc proc rw,nosuid,nodev,noexec 0 0\n"
    "  \t# an indented comment\n"
    "/dev/disk\\040one /mnt/my\\040dir\\011tab vfat ro,uid=1000 1 2\n"
    "back\\\\slash /b\\134c\\012d ramfs defaults\n"
    "unknown\\041 /x\\04 tmpfs mode=1777,size=10%  \t\n"
    "only-one-field\n"
    "two fields\n"
    "three fields here\n"
    "\t \tlead /ing blanks rw 7\n"
    "trailing  /x   nfs   rw,vers=4   3   4   extra\n"
    "a /b c d x y\n"
    "a /b c d 5 y\n"
    "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
    "# the last line has no newline\n"
    "/dev/vdb /data zfs rw 0 2";

static char path[] = "/tmp/osv_mntent_XXXXXX";

static void write_table(void)
{
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, table, sizeof(table) - 1) !=
			  (ssize_t)(sizeof(table) - 1)) {
		perror("test_mntent: the table");
		exit(99);
	}
	close(fd);
}

static void compare_entry(const char *what, int line, const struct mntent *g,
			  const struct mntent *o)
{
	CHECK((g == NULL) == (o == NULL), "%s %d: glibc %s, osv %s", what, line,
	      g ? "an entry" : "NULL", o ? "an entry" : "NULL");
	if (!g || !o)
		return;
	const char *gf[] = {g->mnt_fsname, g->mnt_dir, g->mnt_type,
			    g->mnt_opts};
	const char *of[] = {o->mnt_fsname, o->mnt_dir, o->mnt_type,
			    o->mnt_opts};
	for (int i = 0; i < 4; i++)
		CHECK(strcmp(gf[i], of[i]) == 0, "%s %d field %d: %s vs %s",
		      what, line, i, dt_quote(gf[i], strlen(gf[i])),
		      dt_quote(of[i], strlen(of[i])));
	CHECK(g->mnt_freq == o->mnt_freq && g->mnt_passno == o->mnt_passno,
	      "%s %d: freq/passno %d %d vs %d %d", what, line, g->mnt_freq,
	      g->mnt_passno, o->mnt_freq, o->mnt_passno);
}

static void test_getmntent(void)
{
	FILE *g = setmntent(path, "r");
	osv_FILE *o = osv_setmntent(path, "r");
	if (!g || !o) {
		CHECK(0, "setmntent %s failed", path);
		return;
	}
	for (int n = 0;; n++) {
		struct mntent *ge = getmntent(g), *oe = osv_getmntent(o);
		compare_entry("getmntent", n, ge, oe);
		if (!ge || !oe)
			break;
	}
	CHECK(endmntent(g) == osv_endmntent(o), "endmntent's result");
	dt_group_end("getmntent over a table");
}

/*
 * Buffers of every size from 2 to 80: long lines cut, the rest skipped.
 * (With one byte fgets reads nothing, even at the end: glibc loops.)
 */
static void test_getmntent_r(void)
{
	for (int size = 2; size <= 80; size++) {
		FILE *g = setmntent(path, "r");
		osv_FILE *o = osv_setmntent(path, "r");
		char gbuf[80], obuf[80];
		for (int n = 0;; n++) {
			struct mntent gm = {0}, om = {0};
			struct mntent *ge = getmntent_r(g, &gm, gbuf, size);
			struct mntent *oe = osv_getmntent_r(o, &om, obuf, size);
			compare_entry("getmntent_r", size * 1000 + n, ge, oe);
			CHECK(!ge || !oe || (ge == &gm && oe == &om),
			      "getmntent_r returns its result");
			if (!ge || !oe)
				break;
		}
		endmntent(g);
		osv_endmntent(o);
	}
	dt_group_end("getmntent_r with buffers of 2 to 80 bytes");
}

static const struct mntent added[] = {
    {"/dev/vda1", "/", "ext4", "rw", 0, 1},
    {"my disk", "/mnt/a b\tc", "vfat", "ro,uid=1000", 1, 2},
    {"back\\slash", "/new\nline", "odd type", "o p", -1, 12345},
    {"", "", "", "", 0, 0},
};

static void read_back(const char *file, char *buf, size_t size)
{
	FILE *f = fopen(file, "r");
	size_t n = f ? fread(buf, 1, size - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
}

static void test_addmntent(void)
{
	char gpath[] = "/tmp/osv_mntent_g_XXXXXX";
	char opath[] = "/tmp/osv_mntent_o_XXXXXX";
	close(mkstemp(gpath));
	close(mkstemp(opath));
	FILE *g = setmntent(gpath, "a+");
	osv_FILE *o = osv_setmntent(opath, "a+");
	for (size_t i = 0; i < sizeof(added) / sizeof(added[0]); i++)
		CHECK(addmntent(g, &added[i]) == osv_addmntent(o, &added[i]),
		      "addmntent %zu's result", i);
	endmntent(g);
	osv_endmntent(o);
	static char gtext[4096], otext[4096];
	read_back(gpath, gtext, sizeof(gtext));
	read_back(opath, otext, sizeof(otext));
	CHECK(strcmp(gtext, otext) == 0, "addmntent wrote %s, glibc %s",
	      dt_quote(otext, strlen(otext)), dt_quote(gtext, strlen(gtext)));
	/* What addmntent wrote reads back as it was. */
	o = osv_setmntent(opath, "r");
	for (size_t i = 0; i < sizeof(added) / sizeof(added[0]); i++) {
		struct mntent *e = osv_getmntent(o);
		if (added[i].mnt_fsname[0] == '\0')
			continue; /* a line of blanks: skipped */
		compare_entry("read back", (int)i, &added[i], e);
	}
	osv_endmntent(o);
	unlink(gpath);
	unlink(opath);
	dt_group_end("addmntent's lines");
}

static void test_hasmntopt(void)
{
	static const char *opts[] = {
	    "",
	    "rw",
	    "ro,rw",
	    "rwx,rw",
	    "norw,rw=1",
	    "a,b,c",
	    "uid=0,gid=0",
	    "defaults",
	    "rw,,ro",
	    ",rw",
	    "rw,",
	    "size=10%,mode=1777",
	    "xrw,rwx,wrw",
	    "rw=rw,rw",
	    "noatime,atime",
	    "a=b,b",
	};
	static const char *asked[] = {
	    "rw",    "ro",    "",     "a",	  "b", "c",   "uid",
	    "gid=0", "atime", "mode", "size=10%", "x", "rwx", "defaults"};
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		for (size_t j = 0; j < sizeof(asked) / sizeof(asked[0]); j++) {
			struct mntent m = {"f", "/d", "t", (char *)opts[i],
					   0,	0};
			char *gp = hasmntopt(&m, asked[j]);
			char *op = osv_hasmntopt(&m, asked[j]);
			CHECK(gp == op, "hasmntopt(\"%s\", \"%s\"): %s vs %s",
			      opts[i], asked[j], gp ? gp : "NULL",
			      op ? op : "NULL");
		}
	dt_group_end("hasmntopt");
}

int main(void)
{
	write_table();
	test_getmntent();
	test_getmntent_r();
	test_addmntent();
	test_hasmntopt();
	unlink(path);
	return dt_done();
}

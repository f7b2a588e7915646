/*
 * osv-mkimage: builds and inspects root filesystem images.
 *
 *   osv-mkimage [--fs=rofs] [OPTIONS] DIR -o IMAGE   build
 *   osv-mkimage --fs=zfs DIR -o IMAGE                 runs osv-mkzfs DIR IMAGE
 *   osv-mkimage --list IMAGE | --verify IMAGE | --cat IMAGE PATH
 *             | --extract IMAGE DIR                   inspect a rofs image
 *
 * Exit status: 0, 1 for a failure (the message says what and where),
 * 2 for a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "rofs_host.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: %s [--fs=rofs] [OPTIONS] DIR -o IMAGE\n"
	    "       %s --fs=zfs DIR -o IMAGE\n"
	    "       %s --list IMAGE | --verify IMAGE\n"
	    "       %s --cat IMAGE PATH | --extract IMAGE DIR\n"
	    "Build a root filesystem image from the tree under DIR.\n"
	    "  --fs=TYPE        rofs (the default), or zfs (runs osv-mkzfs)\n"
	    "  -o, --output=F   the image to write (written to F.tmp first)\n"
	    "  --owner=UID:GID  every file owned by UID:GID (e.g. 0:0)\n"
	    "  --skip-special   leave out devices, FIFOs and sockets with a\n"
	    "                   warning (by default they fail the build)\n"
	    "  --no-mount-points  add no empty dev, proc and tmp directories\n"
	    "                   (the kernel's mount points) to the root\n"
	    "  -v, --verbose    print each path as it is added\n"
	    "Inspect a rofs image:\n"
	    "  --list IMAGE     one line per file: type, mode, uid, gid, "
	    "links,\n"
	    "                   size, mtime, path (and a link's target)\n"
	    "  --verify IMAGE   check the metadata and every file's "
	    "checksum\n"
	    "  --cat IMAGE PATH write a file's contents to stdout\n"
	    "  --extract IMAGE DIR  recreate the tree in DIR (a new "
	    "directory)\n"
	    "  --help, --version\n",
	    rofs_prog, rofs_prog, rofs_prog, rofs_prog);
}

static int usage_error(const char *what)
{
	fprintf(stderr, "%s: %s\n", rofs_prog, what);
	usage(stderr);
	return 2;
}

static int parse_owner(const char *s, struct rofs_build_options *o)
{
	char *end;
	unsigned long uid, gid;

	errno = 0;
	uid = strtoul(s, &end, 10);
	if (end == s || *end != ':' || errno || uid > UINT32_MAX)
		return 1;
	s = end + 1;
	gid = strtoul(s, &end, 10);
	if (end == s || *end || errno || gid > UINT32_MAX)
		return 1;
	o->set_owner = true;
	o->uid = (uint32_t)uid;
	o->gid = (uint32_t)gid;
	return 0;
}

/* osv-mkzfs beside this program, else on PATH. */
static int run_mkzfs(const char *dir, const char *image)
{
	char self[PATH_MAX], tool[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(tool, sizeof(tool), "%s/osv-mkzfs", self);
			if (access(tool, X_OK) == 0)
				execl(tool, "osv-mkzfs", dir, image,
				      (char *)NULL);
		}
	}
	execlp("osv-mkzfs", "osv-mkzfs", dir, image, (char *)NULL);
	return rofs_fail("cannot run osv-mkzfs: %s", strerror(errno));
}

enum mode { BUILD, LIST, VERIFY, CAT, EXTRACT };

static int inspect(enum mode mode, int argc, char **argv)
{
	struct rofs_image img;
	int want = mode == CAT || mode == EXTRACT ? 2 : 1;
	int rc;

	if (argc != want)
		return usage_error(want == 2 ? "two arguments wanted"
					     : "one image wanted");
	if (rofs_image_open(&img, argv[0]))
		return 1;
	switch (mode) {
	case LIST:
		rofs_image_list(&img, stdout);
		rc = fflush(stdout) ? rofs_fail("write error") : 0;
		break;
	case VERIFY:
		rc = rofs_image_verify(&img);
		if (!rc)
			printf("%s: %u inodes, %u directory entries, %llu "
			       "bytes: ok\n",
			       argv[0], img.fs.inode_count, img.fs.dirent_count,
			       (unsigned long long)img.fs.image_size);
		break;
	case CAT:
		rc = rofs_image_cat(&img, argv[1], stdout);
		break;
	default:
		rc = rofs_image_extract(&img, argv[1]);
	}
	rofs_image_close(&img);
	return rc;
}

int main(int argc, char **argv)
{
	enum {
		OPT_FS = 256,
		OPT_OWNER,
		OPT_SKIP,
		OPT_NOMP,
		OPT_LIST,
		OPT_VERIFY,
		OPT_CAT,
		OPT_EXTRACT,
		OPT_HELP,
		OPT_VERSION
	};
	static const struct option longopts[] = {
	    {"fs", required_argument, NULL, OPT_FS},
	    {"output", required_argument, NULL, 'o'},
	    {"owner", required_argument, NULL, OPT_OWNER},
	    {"skip-special", no_argument, NULL, OPT_SKIP},
	    {"no-mount-points", no_argument, NULL, OPT_NOMP},
	    {"verbose", no_argument, NULL, 'v'},
	    {"list", no_argument, NULL, OPT_LIST},
	    {"verify", no_argument, NULL, OPT_VERIFY},
	    {"cat", no_argument, NULL, OPT_CAT},
	    {"extract", no_argument, NULL, OPT_EXTRACT},
	    {"help", no_argument, NULL, OPT_HELP},
	    {"version", no_argument, NULL, OPT_VERSION},
	    {0},
	};
	struct rofs_build_options opt = {0};
	const char *fs = "rofs", *output = NULL;
	enum mode mode = BUILD;
	int c;

	while ((c = getopt_long(argc, argv, "o:v", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FS:
			fs = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_OWNER:
			if (parse_owner(optarg, &opt))
				return usage_error("--owner wants UID:GID");
			break;
		case OPT_SKIP:
			opt.skip_special = true;
			break;
		case OPT_NOMP:
			opt.no_mount_points = true;
			break;
		case 'v':
			opt.verbose = true;
			break;
		case OPT_LIST:
		case OPT_VERIFY:
		case OPT_CAT:
		case OPT_EXTRACT:
			if (mode != BUILD)
				return usage_error("one of --list, --verify, "
						   "--cat, --extract at most");
			mode = c == OPT_LIST	 ? LIST
			       : c == OPT_VERIFY ? VERIFY
			       : c == OPT_CAT	 ? CAT
						 : EXTRACT;
			break;
		case OPT_HELP:
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("%s (osv) %s\n", rofs_prog, PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind, argv += optind;
	if (mode != BUILD) {
		if (strcmp(fs, "rofs"))
			return usage_error("--list, --verify, --cat and "
					   "--extract read rofs images only");
		return inspect(mode, argc, argv);
	}
	if (argc != 1)
		return usage_error(argc ? "one directory wanted"
					: "no directory given");
	if (!output)
		return usage_error("no image given (-o IMAGE)");
	if (!strcmp(fs, "zfs")) {
		if (opt.set_owner || opt.skip_special || opt.verbose ||
		    opt.no_mount_points)
			return usage_error(
			    "--owner, --skip-special, "
			    "--no-mount-points and --verbose are "
			    "rofs options");
		return run_mkzfs(argv[0], output);
	}
	if (strcmp(fs, "rofs"))
		return usage_error("--fs wants rofs or zfs");
	return rofs_build(argv[0], output, &opt);
}

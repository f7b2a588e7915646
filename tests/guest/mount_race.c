/*
 * Mounts racing and mounts repeated (tests/guest/mount_race.test):
 *
 * - A type that mounts once at a time (VFS_FS_ONCE, as procfs and devfs)
 *   is claimed in the same step as it is checked: "oncefs", a type of
 *   this program, starts a second mount of itself from inside its first
 *   mount and waits for it, which makes the race deterministic; the
 *   second must fail (EBUSY) without entering the type's mount.  A
 *   mount that fails gives the claim back.
 * - The boot's static mount slots are taken again after an unmount:
 *   many mount/unmount cycles all succeed, and every mount lands in a
 *   slot (the kernel image), none on the heap.
 *
 * Each check prints "PASS name" or "FAIL name: why"; the last line
 * counts the failures.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "app.h"
#include "image.h"
#include "thread.h"
#include "vfs.h"

static int failures;

static void check(const char *name, int ok, const char *why)
{
	if (ok) {
		printf("PASS %s\n", name);
	} else {
		printf("FAIL %s: %s\n", name, why);
		failures++;
	}
}

static const char *error_name(int r)
{
	return r == 0 ? "success" : strerror(r);
}

/* mount(2)'s result: 0 or its errno */
static int mount_errno(const char *source, const char *target, const char *type)
{
	return mount(source, target, type, 0, NULL) ? errno : 0;
}

/* ---- oncefs: a directory, one mount at a time ---- */

static struct vnode once_root;
static int inside;	/* mounts inside once_mount right now */
static int overlapped;	/* a mount entered while another was inside */
static int second = -1; /* the errno of the mount racing the first */

static int once_getattr(struct vnode *vn, struct vfs_attr *a)
{
	(void)vn;
	a->mode = 0555;
	a->nlink = 2;
	return 0;
}

static const struct vnode_ops once_ops = {
    .getattr = once_getattr,
};

static void racing_mount(void *arg)
{
	(void)arg;
	second = mount_errno("second", "/once2", "oncefs");
}

static int once_mount(struct vfs_mount *mnt, const char *source,
		      const void *data)
{
	(void)data;
	int r = 0;
	if (__atomic_add_fetch(&inside, 1, __ATOMIC_SEQ_CST) > 1) {
		/* the VFS let a second mount run over the first's vnode:
		 * refuse it, so that the test goes on to say so */
		overlapped = 1;
		r = -EIO;
	} else if (strcmp(source, "fail") == 0) {
		r = -EIO;
	} else if (strcmp(source, "race") == 0) {
		/* the second mount, while this one is under way */
		struct thread *t = thread_create(racing_mount, NULL, NULL);
		if (t)
			thread_join(t, false);
	}
	if (r == 0) {
		vnode_init(&once_root, mnt, &once_ops, VFS_IFDIR, 1, NULL);
		mnt->root = &once_root;
	}
	__atomic_sub_fetch(&inside, 1, __ATOMIC_SEQ_CST);
	return r;
}

static int once_unmount(struct vfs_mount *mnt)
{
	(void)mnt;
	memset(&once_root, 0, sizeof(once_root));
	return 0;
}

static struct vfs_fstype once_type = {
    .name = "oncefs",
    .flags = VFS_FS_NODEV | VFS_FS_ONCE,
    .mount = once_mount,
    .unmount = once_unmount,
};

static void test_once(void)
{
	char why[96];
	mkdir("/once1", 0755);
	mkdir("/once2", 0755);
	check("register", vfs_register_fstype(&once_type) == 0,
	      "vfs_register_fstype failed");

	int first = mount_errno("race", "/once1", "oncefs");
	snprintf(why, sizeof(why), "first %s, second %s, overlapped %d",
		 error_name(first), error_name(second), overlapped);
	check("race_first_mounts", first == 0, why);
	check("race_second_busy", second == EBUSY && !overlapped, why);
	check("race_one_mount", umount("/once2") != 0 && errno == EINVAL,
	      "/once2 is a mount");
	check("race_unmount", umount("/once1") == 0, strerror(errno));

	int r = mount_errno("fail", "/once1", "oncefs");
	snprintf(why, sizeof(why), "got %s", error_name(r));
	check("failed_mount_fails", r == EIO, why);
	r = mount_errno("plain", "/once1", "oncefs");
	snprintf(why, sizeof(why), "got %s", error_name(r));
	check("claim_released_by_failure", r == 0, why);
	r = mount_errno("again", "/once2", "oncefs");
	snprintf(why, sizeof(why), "got %s", error_name(r));
	check("mounted_once_busy", r == EBUSY, why);
	check("unmount_again", umount("/once1") == 0, strerror(errno));
	check("unregister", vfs_unregister_fstype(&once_type) == 0,
	      "vfs_unregister_fstype failed");
}

/* ---- the boot's mount slots, again and again ---- */

#define CYCLES 1000

/* Whether the mount at path lives in the kernel image (a static slot). */
static int in_slot(const char *path)
{
	struct vnode *vn;
	if (vfs_lookup(path, VFS_LOOKUP_FOLLOW, &vn))
		return 0;
	int r = image_holds(vn->mount);
	vnode_release(vn);
	return r;
}

static void test_cycles(void)
{
	char why[96];
	int done = 0, on_heap = 0, r = 0;
	/* a slot free whichever boot mounted /tmp (code or built tree) */
	check("umount_tmp", umount("/tmp") == 0, strerror(errno));
	mkdir("/cycle", 0755);
	for (; done < CYCLES; done++) {
		r = mount_errno("cycle", "/cycle", "ramfs");
		if (r)
			break;
		on_heap += !in_slot("/cycle");
		if (umount("/cycle")) {
			r = errno;
			break;
		}
	}
	snprintf(why, sizeof(why), "stopped at %d: %s", done, error_name(r));
	check("cycles_all_mount", done == CYCLES, why);
	snprintf(why, sizeof(why), "%d of %d on the heap", on_heap, done);
	check("cycles_reuse_slots", on_heap == 0, why);
	r = mount_errno("tmp", "/tmp", "ramfs");
	snprintf(why, sizeof(why), "got %s", error_name(r));
	check("tmp_back_in_slot", r == 0 && in_slot("/tmp"), why);
}

int app_main(int argc, char **argv)
{
	(void)argc, (void)argv;
	test_once();
	test_cycles();
	printf("mount_race: %d failed\n", failures);
	return failures != 0;
}

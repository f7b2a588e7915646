/*
 * Filesystem types in loadable modules: a type the kernel does not have
 * built in is looked for as /libosv-TYPE.so in the boot filesystem,
 * loaded with the kernel's own dynamic linker (its constructor
 * registers the type, vfs.h), then mounted.  This is how --rootfs=TYPE
 * and --mount=TYPE:SOURCE:DIR[:OPTIONS] reach a type such as zfs; the
 * kernel knows modules only by name (CONF_MODULES, from configure).
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "blkdev.h"
#include "config.h"

#include "elf_loader.h"
#include "fs_calls.h"
#include "klog.h"
#include "vfs_impl.h"

#define MODULE_PATH_MAX 64

/* Whether configure built a module of that name (CONF_MODULES). */
static bool module_configured(const char *type)
{
	const char *list = CONF_MODULES;
	if (!VFS_MODULES_BUILT)
		return false; /* and what loads one is left out */
	size_t n = strlen(type);
	for (const char *p = list; (p = strstr(p, type)); p += n)
		if ((p == list || p[-1] == ' ') && p[n] == ' ')
			return true;
	return false;
}

int vfs_load_fstype(const char *type, char *err, size_t errlen)
{
	char path[MODULE_PATH_MAX];
	if (vfs_find_fstype(type))
		return 0;
	if (!module_configured(type)) {
		/* configure leaves the disk filesystems' modules out of a
		 * kernel without a block driver */
		if (BLKDEV_DRIVERS_BUILT)
			snprintf(err, errlen,
				 "no filesystem type '%s': this kernel was "
				 "built without its module (configure "
				 "--disable-%s)",
				 type, type);
		else
			snprintf(err, errlen,
				 "no filesystem type '%s': this kernel has no "
				 "block driver, so no module for a disk "
				 "(configure --with-drivers)",
				 type);
		return -ENODEV;
	}
	if (strchr(type, '/') || snprintf(path, sizeof(path), "/libosv-%s.so",
					  type) >= (int)sizeof(path)) {
		snprintf(err, errlen, "bad filesystem type name '%s'", type);
		return -EINVAL;
	}
	kinfo("osv: loading %s for the %s filesystem\n", path, type);
	if (!elf_dlopen(path, RTLD_NOW | RTLD_NODELETE, NULL)) {
		snprintf(err, errlen,
			 "filesystem type '%s': cannot load its module %s "
			 "from the boot filesystem: %s",
			 type, path, elf_error());
		return -ENOENT;
	}
	const struct vfs_fstype *t = vfs_find_fstype(type);
	if (!t) {
		snprintf(err, errlen,
			 "filesystem type '%s': %s loaded but registered no "
			 "such type",
			 type, path);
		return -ENODEV;
	}
	/* its code holds the kernel's locks: no signal handler there */
	struct dl_find_object o;
	if (elf_find_object((const void *)t->mount, &o) != 0 ||
	    !trap_add_kernel_code(o.dlfo_map_start, o.dlfo_map_end))
		kprintf("osv: %s: no room to mark its code as the kernel's\n",
			path);
	return 0;
}

/*
 * Makes dir and its missing parents (as mount --mkdir does), so that a
 * mount needs no directory prepared in the image; what cannot be made
 * is left for the mount to report.
 */
static void make_mount_point(char *dir)
{
	for (char *p = dir + 1;; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p;
		*p = '\0';
		fs_mkdirat(AT_FDCWD, dir, 0755);
		*p = c;
		if (!c)
			return;
	}
}

const char *vfs_mount_spec(const char *spec)
{
	static char msg[VFS_PATH_MAX + 128];
	char buf[VFS_PATH_MAX + 128];
	char *type = buf, *source, *dir, *opts;
	if (strlen(spec) >= sizeof(buf)) {
		snprintf(msg, sizeof(msg), "--mount: too long");
		return msg;
	}
	strcpy(buf, spec);
	source = strchr(type, ':');
	dir = source ? strchr(source + 1, ':') : NULL;
	if (!dir || source == type || dir[1] != '/') {
		snprintf(msg, sizeof(msg),
			 "--mount=%s: TYPE:SOURCE:/DIR[:OPTIONS] wanted", spec);
		return msg;
	}
	*source++ = '\0';
	*dir++ = '\0';
	opts = strchr(dir, ':');
	if (opts)
		*opts++ = '\0';
	char err[160];
	if (vfs_load_fstype(type, err, sizeof(err))) {
		snprintf(msg, sizeof(msg), "--mount=%s: %s", spec, err);
		return msg;
	}
	make_mount_point(dir);
	int r = vfs_mount(source, dir, type, 0, opts);
	if (r) {
		snprintf(msg, sizeof(msg),
			 "--mount=%s: cannot mount (error %d)", spec, -r);
		return msg;
	}
	return NULL;
}

/*
 * The ZPL's system-attribute tables, shared by the reader (zpl_read.c)
 * and the writer (zpl_write.c): the master node names the SA_ATTRS
 * object, whose REGISTRY maps attribute names to numbers and lengths
 * and whose LAYOUTS lists, per layout number, the attributes of a
 * bonus buffer in order.  Each side reaches the ZAPs its own way (the
 * committed tree, or the open txg), so the loader takes the two calls.
 */
#include <stdlib.h>
#include <string.h>

#include "zfs.h"

static const char *const zpl_names[ZPL_NATTRS] = {
    [ZPL_ATIME] = "ZPL_ATIME",
    [ZPL_MTIME] = "ZPL_MTIME",
    [ZPL_CTIME] = "ZPL_CTIME",
    [ZPL_CRTIME] = "ZPL_CRTIME",
    [ZPL_GEN] = "ZPL_GEN",
    [ZPL_MODE] = "ZPL_MODE",
    [ZPL_SIZE] = "ZPL_SIZE",
    [ZPL_PARENT] = "ZPL_PARENT",
    [ZPL_LINKS] = "ZPL_LINKS",
    [ZPL_XATTR] = "ZPL_XATTR",
    [ZPL_RDEV] = "ZPL_RDEV",
    [ZPL_FLAGS] = "ZPL_FLAGS",
    [ZPL_UID] = "ZPL_UID",
    [ZPL_GID] = "ZPL_GID",
    [ZPL_PAD] = "ZPL_PAD",
    [ZPL_ZNODE_ACL] = "ZPL_ZNODE_ACL",
    [ZPL_DACL_COUNT] = "ZPL_DACL_COUNT",
    [ZPL_SYMLINK] = "ZPL_SYMLINK",
    [ZPL_SCANSTAMP] = "ZPL_SCANSTAMP",
    [ZPL_DACL_ACES] = "ZPL_DACL_ACES",
    [ZPL_DXATTR] = "ZPL_DXATTR",
    [ZPL_PROJID] = "ZPL_PROJID",
};

static int registry_cb(void *arg, const char *name, uint8_t intlen,
		       uint32_t nints, const void *value)
{
	struct zpl_sa *sa = arg;
	uint64_t v;
	if (intlen != 8 || nints != 1)
		return -ZFS_EIO;
	memcpy(&v, value, 8);
	unsigned num = v & 0xffff;
	if (num >= ZPL_SA_MAX_ATTRS)
		return -ZFS_EIO;
	sa->len[num] = (v >> 24) & 0xffff;
	for (int i = 0; i < ZPL_NATTRS; i++)
		if (strcmp(name, zpl_names[i]) == 0) {
			sa->num[i] = (int)num;
			sa->zpl[num] = i;
		}
	return 0;
}

static int layout_cb(void *arg, const char *name, uint8_t intlen,
		     uint32_t nints, const void *value)
{
	struct zpl_sa *sa = arg;
	char *end;
	unsigned long n = strtoul(name, &end, 10);
	if (intlen != 2 || *end || n >= ZPL_SA_MAX_LAYOUTS ||
	    nints > 4096 || sa->layout[n])
		return -ZFS_EIO;
	sa->layout[n] = malloc(nints * 2 + 2);
	if (!sa->layout[n])
		return -ZFS_ENOMEM;
	memcpy(sa->layout[n], value, nints * 2);
	sa->nlayout[n] = (uint16_t)nints;
	return 0;
}

int zpl_sa_load(struct zpl_sa *sa, const struct zpl_sa_source *src)
{
	uint64_t attrs, reg, lay;
	for (int i = 0; i < ZPL_NATTRS; i++)
		sa->num[i] = -1;
	for (int i = 0; i < ZPL_SA_MAX_ATTRS; i++)
		sa->zpl[i] = -1;
	int err = src->lookup(src->ctx, 1, "SA_ATTRS", &attrs);
	if (!err)
		err = src->lookup(src->ctx, attrs, "REGISTRY", &reg);
	if (!err)
		err = src->lookup(src->ctx, attrs, "LAYOUTS", &lay);
	if (!err)
		err = src->iterate(src->ctx, reg, registry_cb, sa);
	if (!err)
		err = src->iterate(src->ctx, lay, layout_cb, sa);
	return err;
}

void zpl_sa_free(struct zpl_sa *sa)
{
	for (int i = 0; i < ZPL_SA_MAX_LAYOUTS; i++) {
		free(sa->layout[i]);
		sa->layout[i] = NULL;
	}
}

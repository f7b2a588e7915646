/* Open files: creation and references (fd.h). */
#include <string.h>

#include "fd.h"
#include "mm.h"
#include "vfs_impl.h"

void (*file_unwatch)(struct file *f);

struct file *file_new(const struct file_ops *ops, struct vnode *vn, int flags,
		      void *data)
{
	struct file *f = heap_calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->ops = ops;
	f->vn = vn;
	f->flags = flags;
	f->data = data;
	f->refs = 1;
	return f;
}

void file_set_name(struct file *f, const char *name)
{
	size_t len = strlen(name) + 1;
	f->name = heap_alloc(len);
	if (f->name)
		memcpy(f->name, name, len);
}

int file_anon_stat(struct file *f, struct vfs_attr *attr)
{
	(void)f;
	*attr = (struct vfs_attr){.mode = 0600, .nlink = 1};
	return 0;
}

struct file *file_ref(struct file *f)
{
	__atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
	return f;
}

void file_release(struct file *f)
{
	if (!f || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (f->watched && file_unwatch)
		file_unwatch(f);
	fs_locks_file_released(f);
	if (f->ops->close)
		f->ops->close(f);
	vnode_release(f->vn);
	vnode_release(f->dir);
	heap_free(f->name);
	heap_free(f);
}

/*
 * procfs, mounted at /proc: what libraries built for glibc read.
 * /proc/self/exe (a link to the program), /proc/self/maps (the loaded
 * objects' segments), /proc/self/auxv (the program's auxiliary vector,
 * auxv.h), /proc/self/fd/N (links to what descriptors
 * hold), /proc/cpuinfo, /proc/meminfo, /proc/mounts and, with the
 * network stack, /proc/net/dev (the interfaces' counters).
 * /proc/self is a directory of its own (there is one process), so
 * /proc/1 is a link to it.  Files are generated at each read; like
 * Linux's they show size 0.  The tree is fixed: nodes are static.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "auxv.h"
#include "boot_info.h"
#include "elf_loader.h"
#include "memory.h"
#include "mm.h"
#include "netdev.h"
#include "ramfs.h" /* the default boot's tree */
#include "uaccess.h"
#include "vfs_impl.h"

#define PROC_SUPER_MAGIC 0x9fa0

struct text {
	char *p;
	size_t len, cap;
	bool failed;
};

struct proc_node {
	struct vnode vn;
	const char *name;
	int parent; /* index in nodes[] */
	uint32_t type, mode;
	void (*gen)(struct text *t);
};

static void text_add(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		size_t room = t->cap - t->len;
		int n = vsnprintf(t->p ? t->p + t->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0 || t->failed)
			return;
		if ((size_t)n < room) {
			t->len += (size_t)n;
			return;
		}
		size_t cap = (t->cap + (size_t)n + 1) * 2;
		char *p = heap_realloc(t->p, cap);
		if (!p) {
			t->failed = true;
			return;
		}
		t->p = p;
		t->cap = cap;
	}
}

/* ---- Generators ---- */

static const char *program_path(void);

static int program_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	if (info->dlpi_name && info->dlpi_name[0] == '/') {
		*(const char **)data = info->dlpi_name;
		return 1;
	}
	return 0;
}

static const char *program_path(void)
{
	const char *path = NULL;
	elf_iterate_phdr(program_cb, &path);
	return path;
}

static int maps_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	struct text *t = data;
	for (unsigned i = 0; info->dlpi_phdr && i < info->dlpi_phnum; i++) {
		const Elf64_Phdr *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		uint64_t start = (info->dlpi_addr + ph->p_vaddr) & ~0xfffULL;
		uint64_t end =
		    (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + 0xfff) &
		    ~0xfffULL;
		text_add(t, "%012lx-%012lx %c%c%cp %08lx 00:00 0 %*s%s\n",
			 start, end, ph->p_flags & PF_R ? 'r' : '-',
			 ph->p_flags & PF_W ? 'w' : '-',
			 ph->p_flags & PF_X ? 'x' : '-',
			 (uint64_t)(ph->p_offset & ~0xfffULL), 10, "",
			 info->dlpi_name ? info->dlpi_name : "");
	}
	return 0;
}

static void gen_maps(struct text *t)
{
	elf_iterate_phdr(maps_cb, t);
}

/* Binary, as Linux's: the vector's entries, AT_NULL's too. */
static void gen_auxv(struct text *t)
{
	size_t bytes;
	const Elf64_auxv_t *auxv = auxv_vector(&bytes);
	t->p = heap_alloc(bytes);
	if (!t->p) {
		t->failed = true;
		return;
	}
	memcpy(t->p, auxv, bytes);
	t->len = t->cap = bytes;
}

static void gen_cpuinfo(struct text *t)
{
	char vendor[13], brand[49];
	struct cpuid_regs r = cpuid(0, 0);
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = 0;
	uint32_t sig = cpuid(1, 0).eax;
	unsigned family = (sig >> 8) & 0xf, model = (sig >> 4) & 0xf;
	if (family == 0xf)
		family += (sig >> 20) & 0xff;
	if (family >= 6)
		model |= ((sig >> 16) & 0xf) << 4;
	brand[0] = 0;
	if (cpuid(0x80000000, 0).eax >= 0x80000004) {
		for (unsigned i = 0; i < 3; i++) {
			struct cpuid_regs b = cpuid(0x80000002 + i, 0);
			memcpy(brand + 16 * i, &b, 16);
		}
		brand[48] = 0;
	}
	uint32_t edx = cpuid(1, 0).edx, ecx = cpuid(1, 0).ecx;
	text_add(t,
		 "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\n"
		 "model\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n"
		 "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\n"
		 "cpu cores\t: 1\nfpu\t\t: yes\nflags\t\t:",
		 vendor, family, model, brand, sig & 0xf);
	/* The names in place, not pointers to them: 230 bytes less. */
	static const struct {
		char name[11];
		uint8_t ecx : 1, bit : 5;
	} flags[] = {
	    {"fpu", false, 0},	      {"tsc", false, 4},
	    {"msr", false, 5},	      {"apic", false, 9},
	    {"cmov", false, 15},      {"mmx", false, 23},
	    {"fxsr", false, 24},      {"sse", false, 25},
	    {"sse2", false, 26},      {"pni", true, 0},
	    {"pclmulqdq", true, 1},   {"ssse3", true, 9},
	    {"fma", true, 12},	      {"cx16", true, 13},
	    {"sse4_1", true, 19},     {"sse4_2", true, 20},
	    {"x2apic", true, 21},     {"movbe", true, 22},
	    {"popcnt", true, 23},     {"aes", true, 25},
	    {"xsave", true, 26},      {"avx", true, 28},
	    {"f16c", true, 29},	      {"rdrand", true, 30},
	    {"hypervisor", true, 31},
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++)
		if ((flags[i].ecx ? ecx : edx) & (1U << flags[i].bit))
			text_add(t, " %s", flags[i].name);
	text_add(t, "\n\n");
}

static void gen_meminfo(struct text *t)
{
	const struct boot_info *bi = boot_get_info();
	uint64_t total = bi ? memory_ram_bytes(bi) >> 10 : 0;
	uint64_t free = page_alloc_free_bytes() >> 10;
	text_add(t,
		 "MemTotal:       %8lu kB\nMemFree:        %8lu kB\n"
		 "MemAvailable:   %8lu kB\nBuffers:               0 kB\n"
		 "Cached:                0 kB\nSwapCached:            0 kB\n"
		 "SwapTotal:             0 kB\nSwapFree:              0 kB\n",
		 total, free, free);
}

static void mount_line(const struct vfs_mount *m, void *arg)
{
	text_add(arg, "%s %s %s %s 0 0\n", m->source, m->path, m->type->name,
		 m->flags & VFS_MNT_RDONLY ? "ro" : "rw");
}

static void gen_mounts(struct text *t)
{
	vfs_for_each_mount(mount_line, t);
}

#if CONF_net
/* Each interface's counters, in Linux's columns (the rest are 0). */
static void gen_net_dev(struct text *t)
{
	text_add(t, "Inter-|   Receive                            "
		    "                    |  Transmit\n"
		    " face |bytes    packets errs drop fifo frame "
		    "compressed multicast|bytes    packets errs drop fifo "
		    "colls carrier compressed\n");
	for (struct netdev *d = netdev_first(); d; d = d->next) {
		const struct netdev_stats *s = &d->stats;
		text_add(t,
			 "%6s:%8lu %7lu    0 %4lu    0     0          0      "
			 "   0 %8lu %7lu    0 %4lu    0     0       0          "
			 "0\n",
			 d->name, s->rx_bytes, s->rx_packets, s->rx_dropped,
			 s->tx_bytes, s->tx_packets, s->tx_dropped);
	}
}
#endif

/* ---- The tree ---- */

enum {
	ROOT,
	SELF,
	EXE,
	MAPS,
	CPUINFO,
	MEMINFO,
	MOUNTS,
	PID1,
	SELF_MOUNTS,
	FD_DIR,
	AUXV,
	NET_DIR, /* the last: only with the network stack */
	NET_DEV
};

static const struct vnode_ops procfs_dir_ops, procfs_file_ops, fd_dir_ops;

/*
 * A node's vnode as the default boot's tree has it (vfs_impl.h), whose
 * mount is vfs_tree_proc; another mount sets them up again for itself.
 */
#if CONF_procfs
#define NODE(i, t, o)                                                          \
	.vn = {.ops = o,                                                       \
	       .mount = &vfs_tree_proc,                                        \
	       .data = &nodes[i],                                              \
	       .ino = (i) + 1,                                                 \
	       .type = t,                                                      \
	       .refs = (i) == ROOT ? 2 : 1}, /* the root's: and its mount's */ \
	    .type = t
#else
#define NODE(i, t, o) .type = t
#endif
#define DIR_NODE(i) NODE(i, VFS_IFDIR, &procfs_dir_ops)
#define FILE_NODE(i, t) NODE(i, t, &procfs_file_ops)

static struct proc_node nodes[] = {
    [ROOT] = {.name = "", .parent = ROOT, DIR_NODE(ROOT), .mode = 0555},
    [SELF] = {.name = "self", .parent = ROOT, DIR_NODE(SELF), .mode = 0555},
    [EXE] = {.name = "exe",
	     .parent = SELF,
	     FILE_NODE(EXE, VFS_IFLNK),
	     .mode = 0777},
    [MAPS] = {.name = "maps",
	      .parent = SELF,
	      FILE_NODE(MAPS, VFS_IFREG),
	      .mode = 0444,
	      .gen = gen_maps},
    [CPUINFO] = {.name = "cpuinfo",
		 .parent = ROOT,
		 FILE_NODE(CPUINFO, VFS_IFREG),
		 .mode = 0444,
		 .gen = gen_cpuinfo},
    [MEMINFO] = {.name = "meminfo",
		 .parent = ROOT,
		 FILE_NODE(MEMINFO, VFS_IFREG),
		 .mode = 0444,
		 .gen = gen_meminfo},
    [MOUNTS] = {.name = "mounts",
		.parent = ROOT,
		FILE_NODE(MOUNTS, VFS_IFLNK),
		.mode = 0777},
    [PID1] = {.name = "1",
	      .parent = ROOT,
	      FILE_NODE(PID1, VFS_IFLNK),
	      .mode = 0777},
    [SELF_MOUNTS] = {.name = "mounts",
		     .parent = SELF,
		     FILE_NODE(SELF_MOUNTS, VFS_IFREG),
		     .mode = 0444,
		     .gen = gen_mounts},
    [FD_DIR] = {.name = "fd",
		.parent = SELF,
		NODE(FD_DIR, VFS_IFDIR, &fd_dir_ops),
		.mode = 0500},
    [AUXV] = {.name = "auxv",
	      .parent = SELF,
	      FILE_NODE(AUXV, VFS_IFREG),
	      .mode = 0400,
	      .gen = gen_auxv},
#if CONF_net
    [NET_DIR] = {.name = "net",
		 .parent = ROOT,
		 DIR_NODE(NET_DIR),
		 .mode = 0555},
    [NET_DEV] = {.name = "dev",
		 .parent = NET_DIR,
		 FILE_NODE(NET_DEV, VFS_IFREG),
		 .mode = 0444,
		 .gen = gen_net_dev},
#endif
};

#define NODES (sizeof(nodes) / sizeof(*nodes))

static struct proc_node *node_of(struct vnode *vn)
{
	return (struct proc_node *)vn;
}

static int procfs_lookup(struct vnode *dir, const char *name, size_t len,
			 struct vnode **out)
{
	struct proc_node *d = node_of(dir);
	int self = (int)(d - nodes);
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = vnode_ref(&nodes[d->parent].vn);
		return 0;
	}
	for (size_t i = 1; i < NODES; i++)
		if (nodes[i].parent == self && strlen(nodes[i].name) == len &&
		    memcmp(nodes[i].name, name, len) == 0) {
			*out = vnode_ref(&nodes[i].vn);
			return 0;
		}
	return -ENOENT;
}

static int procfs_readdir(struct vnode *dir, uint64_t *cookie,
			  struct vfs_dirent *out)
{
	struct proc_node *d = node_of(dir);
	int self = (int)(d - nodes);
	const struct proc_node *n = NULL;
	const char *name = NULL;
	if (*cookie == 0) {
		n = d;
		name = ".";
		*cookie = 1;
	} else if (*cookie == 1) {
		n = &nodes[d->parent];
		name = "..";
		*cookie = 2;
	} else {
		for (size_t i = *cookie - 1; i < NODES && !n; i++)
			if (i && nodes[i].parent == self) {
				n = &nodes[i];
				name = n->name;
				*cookie = i + 2;
			}
		if (!n)
			return 0;
	}
	out->ino = n->vn.ino;
	out->type = n->type;
	out->namelen = (uint16_t)strlen(name);
	memcpy(out->name, name, out->namelen + 1);
	return 1;
}

static long procfs_read(struct vnode *vn, void *buf, size_t len, uint64_t off,
			int ioflags)
{
	(void)ioflags;
	struct proc_node *n = node_of(vn);
	struct text t = {0};
	n->gen(&t);
	long r;
	if (t.failed)
		r = -ENOMEM;
	else if (off >= t.len)
		r = 0;
	else /* buf is the program's: a bad one stops the read short */
		r = copy_out_some(buf, t.p + off,
				  len < t.len - off ? len : t.len - off);
	heap_free(t.p);
	return r;
}

static long procfs_readlink(struct vnode *vn, char *buf, size_t len)
{
	struct proc_node *n = node_of(vn);
	const char *target = n == &nodes[EXE]	   ? program_path()
			     : n == &nodes[MOUNTS] ? "self/mounts"
						   : "self";
	if (!target)
		return -ENOENT;
	size_t l = strlen(target);
	if (l > len)
		l = len;
	memcpy(buf, target, l);
	return (long)l;
}

static int procfs_getattr(struct vnode *vn, struct vfs_attr *a)
{
	struct proc_node *n = node_of(vn);
	a->mode = n->mode;
	a->nlink = n->type == VFS_IFDIR ? 2 : 1;
	if (n->type == VFS_IFLNK) {
		char buf[VFS_PATH_MAX];
		long l = procfs_readlink(vn, buf, sizeof(buf));
		a->size = l > 0 ? (uint64_t)l : 0;
	}
	return 0;
}

/*
 * /proc/self/fd: a link per open descriptor, made at each lookup and
 * freed with its last reference.  The link names the file's path (or
 * "pipe:[N]", "socket:[N]", "/dev/console", "anon_inode:[eventfd]"),
 * so opening it opens that path again (Linux reopens the very file).
 */
#define FD_INO_BASE 0x10000

struct fd_link {
	struct vnode vn;
	int fd;
};

static const struct vnode_ops fd_link_ops;

/* dir/name of a file opened by path, " (deleted)" after as Linux */
static int file_path(struct file *f, char *path, size_t len)
{
	int r = vfs_path_of(f->dir, path, len);
	if (r)
		return r;
	struct vfs_attr a;
	bool gone = vfs_getattr_untimed(f->vn, &a) == 0 && a.nlink == 0;
	size_t n = strlen(path);
	snprintf(path + n, len - n, "%s%s%s", n > 1 ? "/" : "", f->name,
		 gone ? " (deleted)" : "");
	return 0;
}

static long fd_link_readlink(struct vnode *vn, char *buf, size_t len)
{
	struct file *f = fd_get(((struct fd_link *)vn)->fd);
	if (!f)
		return -ENOENT;
	char path[VFS_PATH_MAX];
	struct vfs_attr a;
	int r = 0;
	if (f->vn && f->vn->type == VFS_IFDIR)
		r = vfs_path_of(f->vn, path, sizeof(path));
	else if (f->vn && f->dir)
		r = file_path(f, path, sizeof(path));
	else if (f->vn && f->name) /* memfd_create's */
		snprintf(path, sizeof(path), "/%s (deleted)", f->name);
	else if (f->vn)
		r = -ENOENT;
	else if (f->name)
		snprintf(path, sizeof(path), "%s", f->name);
	else if ((r = f->ops->stat(f, &a)) == 0) {
		if ((a.mode & VFS_IFMT) == VFS_IFIFO)
			snprintf(path, sizeof(path), "pipe:[%lu]",
				 (unsigned long)a.ino);
		else if ((a.mode & VFS_IFMT) == VFS_IFSOCK)
			snprintf(path, sizeof(path), "socket:[%lu]",
				 (unsigned long)a.ino);
		else
			snprintf(path, sizeof(path), "/dev/console");
	}
	file_release(f);
	if (r)
		return r;
	size_t n = strlen(path);
	if (n > len)
		n = len;
	memcpy(buf, path, n);
	return (long)n;
}

static int fd_link_getattr(struct vnode *vn, struct vfs_attr *a)
{
	(void)vn;
	a->mode = 0700;
	a->nlink = 1;
	return 0;
}

static void fd_link_inactive(struct vnode *vn)
{
	heap_free(vn);
}

static const struct vnode_ops fd_link_ops = {
    .readlink = fd_link_readlink,
    .getattr = fd_link_getattr,
    .inactive = fd_link_inactive,
};

static int fd_dir_lookup(struct vnode *dir, const char *name, size_t len,
			 struct vnode **out)
{
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = vnode_ref(&nodes[SELF].vn);
		return 0;
	}
	int fd = 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9' || i > 6 ||
		    (i == 0 && name[0] == '0' && len > 1))
			return -ENOENT;
		fd = fd * 10 + (name[i] - '0');
	}
	struct file *f = fd_get(fd);
	if (!f)
		return -ENOENT;
	file_release(f);
	struct fd_link *l = heap_alloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->fd = fd;
	vnode_init(&l->vn, dir->mount, &fd_link_ops, VFS_IFLNK,
		   FD_INO_BASE + (uint64_t)fd, l);
	*out = &l->vn;
	return 0;
}

static int fd_dir_readdir(struct vnode *dir, uint64_t *cookie,
			  struct vfs_dirent *out)
{
	if (*cookie < 2) {
		const struct proc_node *n =
		    *cookie ? &nodes[SELF] : &nodes[FD_DIR];
		out->ino = n->vn.ino;
		out->type = VFS_IFDIR;
		strcpy(out->name, *cookie ? ".." : ".");
		out->namelen = (uint16_t)strlen(out->name);
		++*cookie;
		return 1;
	}
	(void)dir;
	int fd = fd_next_open((int)(*cookie - 2));
	if (fd < 0)
		return 0;
	*cookie = (uint64_t)fd + 3;
	out->ino = FD_INO_BASE + (uint64_t)fd;
	out->type = VFS_IFLNK;
	out->namelen =
	    (uint16_t)snprintf(out->name, sizeof(out->name), "%d", fd);
	return 1;
}

static const struct vnode_ops fd_dir_ops = {
    .lookup = fd_dir_lookup,
    .readdir = fd_dir_readdir,
    .getattr = procfs_getattr,
};

static const struct vnode_ops procfs_dir_ops = {
    .lookup = procfs_lookup,
    .readdir = procfs_readdir,
    .getattr = procfs_getattr,
};

static const struct vnode_ops procfs_file_ops = {
    .read = procfs_read,
    .readlink = procfs_readlink,
    .getattr = procfs_getattr,
};

/* A mount other than the tree's (VFS_FS_ONCE: one at a time). */
static int procfs_mount(struct vfs_mount *mnt, const char *source,
			const void *data)
{
	(void)source, (void)data;
	for (size_t i = 0; i < NODES; i++)
		vnode_init(&nodes[i].vn, mnt,
			   i == FD_DIR			? &fd_dir_ops
			   : nodes[i].type == VFS_IFDIR ? &procfs_dir_ops
							: &procfs_file_ops,
			   nodes[i].type, i + 1, &nodes[i]);
	mnt->flags |= VFS_MNT_RDONLY;
	mnt->root = vnode_ref(&nodes[ROOT].vn);
	return 0;
}

static int procfs_statfs(struct vfs_mount *mnt, struct vfs_statfs *st)
{
	(void)mnt;
	st->magic = PROC_SUPER_MAGIC;
	st->bsize = 4096;
	return 0;
}

struct vfs_fstype procfs_type = {
    .name = "proc",
    .flags = VFS_FS_OWN_LOCKING | VFS_FS_NODEV | VFS_FS_ONCE,
    .mount = procfs_mount,
    .statfs = procfs_statfs,
};

/* BEGIN the default boot's tree */
#if CONF_procfs
struct vfs_mount vfs_tree_proc = {
    .type = &procfs_type,
    .root = &nodes[ROOT].vn,
    .flags = VFS_MNT_RDONLY,
    .dev = 3,
    .covered = RAMFS_VNODE(ramfs_tree_proc),
    .parent = &vfs_tree_root,
    .busy = NODES,
    .path = "/proc",
    .source = "proc",
    .next = &vfs_tree_tmp,
};
#endif
/* END the default boot's tree */

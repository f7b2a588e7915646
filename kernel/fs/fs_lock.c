/*
 * Advisory locks, with Linux's owners: fcntl's record locks (F_SETLK,
 * F_SETLKW, F_GETLK) belong to the process, open file description locks
 * (F_OFD_*) and flock(2)'s to the open file.  Two locks conflict when
 * their owners differ, their ranges overlap and one is a write lock, so
 * the process's record locks never conflict with each other but do with
 * the OFD locks of its open files.  flock's locks are a space of their
 * own: they never meet a record lock.
 *
 * A record lock goes when the process closes any descriptor of its file
 * (POSIX's rule, which programs such as SQLite work around); the other
 * two when their open file is released.  One list and one wait queue
 * serve every file: programs hold few locks.
 */
#include <fcntl.h>
#include <limits.h>

#include "fs_calls.h"
#include "mm.h"
#include "thread.h"
#include "vfs_impl.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define LOCK_TO_EOF UINT64_MAX
/* What getpid() returns (libc/misc/ids.c): F_GETLK's owner of a record
 * lock.  An OFD lock's is -1, as on Linux. */
#define PROCESS_PID 1

struct kernel_flock {
	short l_type;
	short l_whence;
	int64_t l_start;
	int64_t l_len;
	int l_pid;
};

struct file_lock {
	struct file_lock *next;
	const void *owner; /* &process_owner, or the open file */
	/* The file: its mount and inode (NULL and an address for a file
	 * without a vnode, such as a pipe). */
	const void *mount;
	uint64_t ino;
	uint64_t start, end; /* inclusive; end LOCK_TO_EOF: however long */
	short type;	     /* F_RDLCK or F_WRLCK */
	bool flock;
};

static const char process_owner;
/* Its lock guards the list; waiters for a lock sleep on it. */
static struct waitq lock_wq = WAITQ_INIT;
static struct file_lock *locks;
/* How many there are: the close hooks skip the list when none. */
static unsigned lock_count;

static void lock_key(const struct file *f, struct file_lock *l)
{
	if (f->vn) {
		l->mount = f->vn->mount;
		l->ino = f->vn->ino;
	} else {
		l->mount = NULL;
		l->ino = (uintptr_t)(f->data ? f->data : f);
	}
}

static bool same_file(const struct file_lock *a, const struct file_lock *b)
{
	return a->mount == b->mount && a->ino == b->ino && a->flock == b->flock;
}

static bool overlap(const struct file_lock *a, const struct file_lock *b)
{
	return a->start <= b->end && b->start <= a->end;
}

static const struct file_lock *conflict(const struct file_lock *want)
{
	for (const struct file_lock *l = locks; l; l = l->next)
		if (same_file(l, want) && l->owner != want->owner &&
		    overlap(l, want) &&
		    (l->type == F_WRLCK || want->type == F_WRLCK))
			return l;
	return NULL;
}

static void unlink_lock(struct file_lock **link, struct file_lock **freed)
{
	struct file_lock *l = *link;
	*link = l->next;
	l->next = *freed;
	*freed = l;
	lock_count--;
}

static void insert_lock(struct file_lock *l)
{
	l->next = locks;
	locks = l;
	lock_count++;
}

/*
 * Clears want's owner's locks from want's range, splitting one that
 * reaches past both ends (into *spare, then taken), and merges into
 * want those of its type that touch it; the locks that go are put on
 * *freed.
 */
static void clear_range(struct file_lock *want, struct file_lock **spare,
			struct file_lock **freed)
{
	struct file_lock **link = &locks;
	while (*link) {
		struct file_lock *l = *link;
		bool mine = same_file(l, want) && l->owner == want->owner;
		bool touches =
		    mine && want->type == l->type &&
		    ((l->end != LOCK_TO_EOF && l->end + 1 == want->start) ||
		     (want->end != LOCK_TO_EOF && want->end + 1 == l->start));
		if (!mine || (!overlap(l, want) && !touches)) {
			link = &l->next;
			continue;
		}
		if (want->type == l->type) {
			want->start =
			    l->start < want->start ? l->start : want->start;
			want->end = l->end > want->end ? l->end : want->end;
			unlink_lock(link, freed);
		} else if (l->start < want->start && l->end > want->end) {
			struct file_lock *tail = *spare;
			*spare = NULL;
			*tail = *l;
			tail->start = want->end + 1;
			l->end = want->start - 1;
			insert_lock(tail);
			return;
		} else if (l->start < want->start) {
			l->end = want->start - 1;
			link = &l->next;
		} else if (l->end > want->end) {
			l->start = want->end + 1;
			link = &l->next;
		} else {
			unlink_lock(link, freed);
		}
	}
}

static void free_locks(struct file_lock *l)
{
	while (l) {
		struct file_lock *next = l->next;
		heap_free(l);
		l = next;
	}
}

/*
 * Sets want (F_UNLCK: clears its range), waiting while another owner's
 * lock conflicts when wait, else -EAGAIN.  -EINTR when a signal ends
 * the wait, -ENOMEM.
 */
static int set_lock(const struct file_lock *want_in, bool wait)
{
	/* A split takes one record and the new lock another; the heap
	 * cannot be called under the list's spinlock. */
	struct file_lock *want = heap_alloc(sizeof(*want));
	struct file_lock *spare = heap_alloc(sizeof(*spare));
	struct file_lock *freed = NULL;
	int r = 0;
	if (!want || !spare) {
		heap_free(want);
		heap_free(spare);
		return -ENOMEM;
	}
	*want = *want_in;
	unsigned long flags = spin_lock(&lock_wq.lock);
	if (want->flock) {
		/* flock converts by unlocking first, as Linux does: a
		 * waiter may take the file in between. */
		struct file_lock all = *want;
		all.start = 0;
		all.end = LOCK_TO_EOF;
		all.type = F_UNLCK;
		clear_range(&all, &spare, &freed);
		waitq_wake_locked(&lock_wq, INT_MAX);
	}
	while (want->type != F_UNLCK && conflict(want)) {
		r = wait ? waitq_wait_locked(&lock_wq, THREAD_NO_DEADLINE, true)
			 : -EAGAIN;
		if (r)
			break;
	}
	if (!r) {
		clear_range(want, &spare, &freed);
		if (want->type != F_UNLCK) {
			insert_lock(want);
			want = NULL;
		}
		waitq_wake_locked(&lock_wq, INT_MAX);
	}
	spin_unlock(&lock_wq.lock, flags);
	heap_free(want);
	heap_free(spare);
	free_locks(freed);
	return r;
}

/* Turns fl's whence, start and length into f's byte range. */
static int lock_range(struct file *f, const struct kernel_flock *fl,
		      struct file_lock *l)
{
	int64_t base = 0;
	if (fl->l_whence == SEEK_CUR) {
		base = (int64_t)f->offset;
	} else if (fl->l_whence == SEEK_END) {
		struct vfs_attr attr;
		int r = f->ops->stat ? f->ops->stat(f, &attr) : -EINVAL;
		if (r)
			return r;
		base = (int64_t)attr.size;
	} else if (fl->l_whence != SEEK_SET) {
		return -EINVAL;
	}
	int64_t start, last;
	if (__builtin_add_overflow(base, fl->l_start, &start))
		return -EOVERFLOW;
	if (fl->l_len > 0) {
		if (__builtin_add_overflow(start, fl->l_len - 1, &last))
			return -EOVERFLOW;
	} else if (fl->l_len < 0) {
		last = start - 1;
		if (__builtin_add_overflow(start, fl->l_len, &start))
			return -EINVAL;
	} else {
		last = -1; /* to the end, however far */
	}
	if (start < 0)
		return -EINVAL;
	l->start = (uint64_t)start;
	l->end = last < 0 ? LOCK_TO_EOF : (uint64_t)last;
	return 0;
}

/* F_GETLK: the first lock that would stop fl, or F_UNLCK. */
static void get_lock(struct file_lock *want, struct kernel_flock *fl)
{
	unsigned long flags = spin_lock(&lock_wq.lock);
	const struct file_lock *l = conflict(want);
	if (!l) {
		fl->l_type = F_UNLCK;
	} else {
		fl->l_type = l->type;
		fl->l_whence = SEEK_SET;
		fl->l_start = (int64_t)l->start;
		fl->l_len = l->end == LOCK_TO_EOF
				? 0
				: (int64_t)(l->end - l->start + 1);
		fl->l_pid = l->owner == &process_owner ? PROCESS_PID : -1;
	}
	spin_unlock(&lock_wq.lock, flags);
}

int fs_record_lock(struct file *f, int cmd, void *arg)
{
	struct kernel_flock *fl = arg;
	if (!fl)
		return -EFAULT;
	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK &&
	    fl->l_type != F_UNLCK)
		return -EINVAL;
	bool ofd =
	    cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	if (ofd && fl->l_pid != 0)
		return -EINVAL;
	struct file_lock want = {.owner =
				     ofd ? (const void *)f : &process_owner,
				 .type = fl->l_type};
	lock_key(f, &want);
	int r = lock_range(f, fl, &want);
	if (r)
		return r;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		if (want.type == F_UNLCK)
			return -EINVAL;
		get_lock(&want, fl);
		return 0;
	}
	int acc = f->flags & O_ACCMODE;
	if ((want.type == F_RDLCK && acc == O_WRONLY) ||
	    (want.type == F_WRLCK && acc == O_RDONLY))
		return -EBADF;
	return set_lock(&want, cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

int fs_flock(int fd, int op)
{
	int how = op & ~FS_LOCK_NB;
	short type = how == FS_LOCK_SH	 ? F_RDLCK
		     : how == FS_LOCK_EX ? F_WRLCK
		     : how == FS_LOCK_UN ? F_UNLCK
					 : -1;
	if (type < 0)
		return -EINVAL;
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int r = -EBADF;
	if (!(f->flags & O_PATH)) {
		struct file_lock want = {.owner = f,
					 .start = 0,
					 .end = LOCK_TO_EOF,
					 .type = type,
					 .flock = true};
		lock_key(f, &want);
		r = set_lock(&want, !(op & FS_LOCK_NB));
	}
	file_release(f);
	return r;
}

/* Drops the locks that match owner (and f's file, unless any_file). */
static void drop_locks(const struct file *f, const void *owner, bool any_file)
{
	if (!__atomic_load_n(&lock_count, __ATOMIC_RELAXED))
		return;
	struct file_lock key = {.flock = false}, *freed = NULL;
	lock_key(f, &key);
	unsigned long flags = spin_lock(&lock_wq.lock);
	struct file_lock **link = &locks;
	while (*link) {
		struct file_lock *l = *link;
		bool file = l->mount == key.mount && l->ino == key.ino;
		if (l->owner == owner && (any_file || (file && !l->flock)))
			unlink_lock(link, &freed);
		else
			link = &l->next;
	}
	if (freed)
		waitq_wake_locked(&lock_wq, INT_MAX);
	spin_unlock(&lock_wq.lock, flags);
	free_locks(freed);
}

void fs_locks_fd_closed(const struct file *f)
{
	drop_locks(f, &process_owner, false);
}

void fs_locks_file_released(const struct file *f)
{
	drop_locks(f, f, true);
}

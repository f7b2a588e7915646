/*
 * System V semaphores within the one program: sets in a list under one
 * mutex, by id (never reused, so a waiter that wakes to find its set
 * gone says EIDRM) and by key.  semop applies all of its operations or
 * none; when it cannot, it waits (unless IPC_NOWAIT) for any change to
 * any set, counted by a futex word, interruptibly: a handler that runs
 * ends it with EINTR, as Linux never restarts semop.  SEM_UNDO is
 * accepted with nothing to record: the semaphores end with the program,
 * the only process that could have adjusted them.  A buffer semctl
 * cannot read or fill is EFAULT, as Linux's, and so are semtimedop's
 * operations and timeout.  Permissions are not checked: every caller
 * is the owner's process.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <unistd.h>

#include "../signal/signal_impl.h"
#include "../thread/pthread_impl.h"
#include "../time/clock_impl.h"
#include "clock.h"
#include "sysv_ipc.h"
#include "thread.h"
#include "timer.h"

#define SEMMSL 32000 /* semaphores in a set, as Linux */
#define SEMOPM 500   /* operations in a semop */
#define SEMVMX 32767 /* a semaphore's largest value */

struct sem {
	unsigned short value;
	pid_t pid; /* of the last operation */
	unsigned ncnt, zcnt;
};

struct sem_set {
	struct sem_set *next;
	int id;
	key_t key;
	struct ipc_perm perm;
	time_t otime, ctime;
	int nsems;
	struct sem sems[];
};

static pthread_mutex_t sets_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sem_set *sets;
static int next_id;
static volatile int changes; /* a futex word: bumped on every change */

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* The set of id, or NULL.  Under sets_lock. */
static struct sem_set *find(int id)
{
	for (struct sem_set *s = sets; s; s = s->next)
		if (s->id == id)
			return s;
	return NULL;
}

static struct sem_set *find_key(key_t key)
{
	for (struct sem_set *s = sets; s; s = s->next)
		if (s->key == key && key != IPC_PRIVATE)
			return s;
	return NULL;
}

static int create(key_t key, int nsems, int flags)
{
	if (nsems <= 0 || nsems > SEMMSL)
		return osv_sysv_fail(EINVAL);
	struct sem_set *s =
	    calloc(1, sizeof(*s) + (size_t)nsems * sizeof(struct sem));
	if (!s)
		return osv_sysv_fail(ENOMEM);
	s->id = next_id++;
	s->key = key;
	s->nsems = nsems;
	s->ctime = osv_sysv_now();
	s->perm = (struct ipc_perm){.__key = key,
				    .uid = geteuid(),
				    .gid = getegid(),
				    .cuid = geteuid(),
				    .cgid = getegid(),
				    .mode = flags & 0777};
	s->next = sets;
	sets = s;
	return s->id;
}

int semget(key_t key, int nsems, int flags)
{
	pthread_mutex_lock(&sets_lock);
	struct sem_set *s = find_key(key);
	int r;
	if (key == IPC_PRIVATE || (!s && (flags & IPC_CREAT)))
		r = create(key, nsems, flags);
	else if (!s)
		r = osv_sysv_fail(ENOENT);
	else if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
		r = osv_sysv_fail(EEXIST);
	else if (nsems < 0 || nsems > s->nsems)
		r = osv_sysv_fail(EINVAL);
	else
		r = s->id;
	pthread_mutex_unlock(&sets_lock);
	return r;
}

/*
 * 0 when all of ops can be applied to s now; else ERANGE, or EAGAIN
 * with the first operation that cannot go on in *blocked.
 */
static int check_ops(struct sem_set *s, const struct sembuf *ops, size_t n,
		     size_t *blocked)
{
	/* Values as the operations before each leave them. */
	for (size_t i = 0; i < n; i++) {
		long v = s->sems[ops[i].sem_num].value;
		for (size_t j = 0; j < i; j++)
			if (ops[j].sem_num == ops[i].sem_num)
				v += ops[j].sem_op;
		long after = v + ops[i].sem_op;
		if (after > SEMVMX)
			return ERANGE;
		if ((ops[i].sem_op == 0 && v != 0) || after < 0) {
			*blocked = i;
			return EAGAIN;
		}
	}
	return 0;
}

static void apply_ops(struct sem_set *s, const struct sembuf *ops, size_t n)
{
	pid_t pid = getpid();
	for (size_t i = 0; i < n; i++) {
		struct sem *m = &s->sems[ops[i].sem_num];
		m->value += ops[i].sem_op;
		m->pid = pid;
	}
	s->otime = osv_sysv_now();
}

/* Counts or uncounts a waiter on the semaphore op waits for. */
static void count_waiter(struct sem_set *s, const struct sembuf *op, int d)
{
	struct sem *m = &s->sems[op->sem_num];
	if (op->sem_op == 0)
		m->zcnt += d;
	else
		m->ncnt += d;
}

int semtimedop(int id, struct sembuf *ops, size_t n,
	       const struct timespec *timeout)
{
	uint64_t deadline;
	if (n == 0)
		return osv_sysv_fail(EINVAL);
	if (n > SEMOPM)
		return osv_sysv_fail(E2BIG);
	/* Linux reads the operations, then the timeout, then judges it */
	if (!osv_sysv_buffer_ok(ops, n * sizeof(*ops), false) ||
	    (timeout && !osv_sysv_buffer_ok(timeout, sizeof(*timeout), false)))
		return osv_sysv_fail(EFAULT);
	if (!osv_time_relative_deadline(timeout, &deadline))
		return osv_sysv_fail(EINVAL);
	bool waited = false;
	pthread_mutex_lock(&sets_lock);
	for (;;) {
		struct sem_set *s = find(id);
		if (!s) {
			pthread_mutex_unlock(&sets_lock);
			return osv_sysv_fail(waited ? EIDRM : EINVAL);
		}
		for (size_t i = 0; i < n; i++)
			if (ops[i].sem_num >= s->nsems) {
				pthread_mutex_unlock(&sets_lock);
				return osv_sysv_fail(EFBIG);
			}
		size_t blocked;
		int err = check_ops(s, ops, n, &blocked);
		if (!err) {
			apply_ops(s, ops, n);
			pthread_mutex_unlock(&sets_lock);
			osv_sysv_changed(&changes);
			return 0;
		}
		if (err != EAGAIN || (ops[blocked].sem_flg & IPC_NOWAIT)) {
			pthread_mutex_unlock(&sets_lock);
			return osv_sysv_fail(err);
		}
		int seen = __atomic_load_n(&changes, __ATOMIC_SEQ_CST);
		count_waiter(s, &ops[blocked], 1);
		pthread_mutex_unlock(&sets_lock);
		int r = thread_futex_wait(&changes, seen, deadline, true);
		waited = true;
		pthread_mutex_lock(&sets_lock);
		s = find(id);
		if (s)
			count_waiter(s, &ops[blocked], -1);
		if (r == -ETIMEDOUT) {
			pthread_mutex_unlock(&sets_lock);
			return osv_sysv_fail(EAGAIN);
		}
		if (r == -EINTR) {
			pthread_mutex_unlock(&sets_lock);
			osv_testcancel();
			if (osv_signal_interrupted() != OSV_SIGNAL_NONE)
				return osv_sysv_fail(EINTR);
			pthread_mutex_lock(&sets_lock);
		}
	}
}

int semop(int id, struct sembuf *ops, size_t n)
{
	return semtimedop(id, ops, n, NULL);
}

static int set_value(struct sem_set *s, int num, int val)
{
	if (val < 0 || val > SEMVMX)
		return osv_sysv_fail(ERANGE);
	s->sems[num].value = val;
	s->sems[num].pid = getpid();
	s->ctime = osv_sysv_now();
	return 0;
}

static int set_all(struct sem_set *s, const unsigned short *values)
{
	for (int i = 0; i < s->nsems; i++)
		if (values[i] > SEMVMX)
			return osv_sysv_fail(ERANGE);
	for (int i = 0; i < s->nsems; i++)
		s->sems[i].value = values[i];
	s->ctime = osv_sysv_now();
	return 0;
}

static void stat_set(const struct sem_set *s, struct semid_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	ds->sem_perm = s->perm;
	ds->sem_otime = s->otime;
	ds->sem_ctime = s->ctime;
	ds->sem_nsems = s->nsems;
}

static void remove_set(struct sem_set *s)
{
	struct sem_set **link = &sets;
	while (*link != s)
		link = &(*link)->next;
	*link = s->next;
	free(s);
}

/* Whether semctl's cmd may use the buffer arg gives it for s. */
static bool buffer_ok(const struct sem_set *s, int cmd, union semun arg)
{
	size_t values = (size_t)s->nsems * sizeof(*arg.array);
	switch (cmd) {
	case GETALL:
		return osv_sysv_buffer_ok(arg.array, values, true);
	case SETALL:
		return osv_sysv_buffer_ok(arg.array, values, false);
	case IPC_STAT:
		return osv_sysv_buffer_ok(arg.buf, sizeof(*arg.buf), true);
	default:
		return true;
	}
}

/* What semctl's cmd does on s; under sets_lock. */
static int control(struct sem_set *s, int num, int cmd, union semun arg)
{
	if (!buffer_ok(s, cmd, arg))
		return osv_sysv_fail(EFAULT);
	bool one = cmd == GETVAL || cmd == SETVAL || cmd == GETPID ||
		   cmd == GETNCNT || cmd == GETZCNT;
	if (one && (num < 0 || num >= s->nsems))
		return osv_sysv_fail(EINVAL);
	switch (cmd) {
	case GETVAL:
		return s->sems[num].value;
	case GETPID:
		return s->sems[num].pid;
	case GETNCNT:
		return (int)s->sems[num].ncnt;
	case GETZCNT:
		return (int)s->sems[num].zcnt;
	case SETVAL:
		return set_value(s, num, arg.val);
	case GETALL:
		for (int i = 0; i < s->nsems; i++)
			arg.array[i] = s->sems[i].value;
		return 0;
	case SETALL:
		return set_all(s, arg.array);
	case IPC_STAT:
		stat_set(s, arg.buf);
		return 0;
	case IPC_SET:
		s->perm.uid = arg.buf->sem_perm.uid;
		s->perm.gid = arg.buf->sem_perm.gid;
		s->perm.mode = arg.buf->sem_perm.mode & 0777;
		s->ctime = osv_sysv_now();
		return 0;
	case IPC_RMID:
		remove_set(s);
		return 0;
	default:
		return osv_sysv_fail(EINVAL);
	}
}

int semctl(int id, int num, int cmd, ...)
{
	union semun arg = {0};
	va_list ap;
	va_start(ap, cmd);
	if (cmd == SETVAL || cmd == GETALL || cmd == SETALL ||
	    cmd == IPC_STAT || cmd == IPC_SET)
		arg = va_arg(ap, union semun);
	va_end(ap);
	/* Linux reads IPC_SET's buffer before it looks for the set */
	if (cmd == IPC_SET &&
	    !osv_sysv_buffer_ok(arg.buf, sizeof(*arg.buf), false))
		return osv_sysv_fail(EFAULT);
	pthread_mutex_lock(&sets_lock);
	struct sem_set *s = find(id);
	int r = s ? control(s, num, cmd, arg) : osv_sysv_fail(EINVAL);
	pthread_mutex_unlock(&sets_lock);
	if (r >= 0 && (cmd == SETVAL || cmd == SETALL || cmd == IPC_RMID))
		osv_sysv_changed(
		    &changes); /* waiters look again (or find their set gone) */
	return r;
}

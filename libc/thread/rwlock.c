/*
 * Read-write locks (pthread_rwlock_t as struct rwlock_impl).  An
 * internal lock guards the counts; readers and writers that must wait
 * sleep on a sequence word of their own, bumped whenever the lock
 * becomes free.  As in glibc, readers are preferred by default (a
 * reader may take the lock while writers wait, so read locks can nest);
 * PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP makes new readers wait
 * behind waiting writers.  A thread holding the write lock gets EDEADLK
 * for another rdlock or wrlock.
 */
#include <string.h>

#include "pthread_impl.h"

#define RW(rw) ((struct rwlock_impl *)(rw))

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr)
{
	memset(rw, 0, sizeof(*rw));
	if (attr)
		RW(rw)->flags = *(const unsigned *)attr;
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	return RW(rw)->readers || RW(rw)->writer ? EBUSY : 0;
}

static bool reader_must_wait(const struct rwlock_impl *rw)
{
	return rw->writer ||
	       (rw->flags == PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP &&
		rw->waiting_writers);
}

/* Sleeps on seq (the internal lock held on entry and on return). */
static int sleep_on(struct rwlock_impl *rw, volatile int *seq, int *waiting,
		    uint64_t deadline)
{
	int s = *seq;
	(*waiting)++;
	osv_unlock(&rw->lock);
	int r = thread_futex_wait(seq, s, deadline, false);
	osv_lock(&rw->lock);
	(*waiting)--;
	return r == -ETIMEDOUT ? ETIMEDOUT : 0;
}

static int rdlock(struct rwlock_impl *rw, uint64_t deadline, bool try)
{
	int tid = osv_tid(), err = 0;
	osv_lock(&rw->lock);
	if (rw->writer == tid)
		err = EDEADLK;
	while (!err && reader_must_wait(rw))
		err = try ? EBUSY
			  : sleep_on(rw, &rw->read_seq, &rw->waiting_readers,
				     deadline);
	if (!err)
		rw->readers++;
	osv_unlock(&rw->lock);
	return err;
}

static int wrlock(struct rwlock_impl *rw, uint64_t deadline, bool try)
{
	int tid = osv_tid(), err = 0;
	osv_lock(&rw->lock);
	if (rw->writer == tid)
		err = EDEADLK;
	while (!err && (rw->writer || rw->readers))
		err = try ? EBUSY
			  : sleep_on(rw, &rw->write_seq, &rw->waiting_writers,
				     deadline);
	if (!err)
		rw->writer = tid;
	osv_unlock(&rw->lock);
	return err;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	return rdlock(RW(rw), THREAD_NO_DEADLINE, false);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	return rdlock(RW(rw), THREAD_NO_DEADLINE, true);
}

int pthread_rwlock_clockrdlock(pthread_rwlock_t *rw, clockid_t clock,
			       const struct timespec *abs)
{
	uint64_t deadline;
	int err = osv_deadline(clock, abs, &deadline);
	return err ? err : rdlock(RW(rw), deadline, false);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *abs)
{
	return pthread_rwlock_clockrdlock(rw, CLOCK_REALTIME, abs);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	return wrlock(RW(rw), THREAD_NO_DEADLINE, false);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	return wrlock(RW(rw), THREAD_NO_DEADLINE, true);
}

int pthread_rwlock_clockwrlock(pthread_rwlock_t *rw, clockid_t clock,
			       const struct timespec *abs)
{
	uint64_t deadline;
	int err = osv_deadline(clock, abs, &deadline);
	return err ? err : wrlock(RW(rw), deadline, false);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *abs)
{
	return pthread_rwlock_clockwrlock(rw, CLOCK_REALTIME, abs);
}

int pthread_rwlock_unlock(pthread_rwlock_t *rwp)
{
	struct rwlock_impl *rw = RW(rwp);
	int err = 0;
	osv_lock(&rw->lock);
	if (rw->writer == osv_tid())
		rw->writer = 0;
	else if (rw->readers)
		rw->readers--;
	else
		err = EPERM;
	bool wake_writer = !rw->readers && !rw->writer && rw->waiting_writers;
	bool wake_readers = !rw->writer && rw->waiting_readers;
	if (wake_writer)
		__atomic_fetch_add(&rw->write_seq, 1, __ATOMIC_RELEASE);
	if (wake_readers)
		__atomic_fetch_add(&rw->read_seq, 1, __ATOMIC_RELEASE);
	osv_unlock(&rw->lock);
	if (wake_writer)
		thread_futex_wake(&rw->write_seq, 1);
	if (wake_readers)
		thread_futex_wake(&rw->read_seq, INT_MAX);
	return err;
}

/* pthread_rwlockattr_t: the kind (PTHREAD_RWLOCK_PREFER_*). */
int pthread_rwlockattr_init(pthread_rwlockattr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_rwlockattr_setkind_np(pthread_rwlockattr_t *attr, int kind)
{
	if (kind < PTHREAD_RWLOCK_PREFER_READER_NP ||
	    kind > PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP)
		return EINVAL;
	*(unsigned *)attr = (unsigned)kind;
	return 0;
}

int pthread_rwlockattr_getkind_np(const pthread_rwlockattr_t *attr, int *kind)
{
	*kind = (int)*(const unsigned *)attr;
	return 0;
}

int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *attr, int pshared)
{
	(void)attr;
	return pshared == PTHREAD_PROCESS_PRIVATE ||
		       pshared == PTHREAD_PROCESS_SHARED
		   ? 0
		   : EINVAL;
}

int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *attr,
				  int *pshared)
{
	(void)attr;
	*pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

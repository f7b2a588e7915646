/*
 * Mutexes (pthread_mutex_t as struct mutex_impl).  The lock word is a
 * futex: 0 free, 1 locked, 2 locked and someone may be waiting.  Lock:
 * 0 -> 1 in one compare-and-swap when free; otherwise set 2 and sleep
 * while it stays 2.  Unlock: set 0, and wake one sleeper if it was 2.
 * The owner's thread id is recorded for every kind: a recursive mutex
 * counts its extra locks, an error-checking one refuses a relock
 * (EDEADLK) and an unlock by another thread (EPERM); a normal one
 * deadlocks on a relock, as POSIX allows.  The kind sits where glibc's
 * static initializers put it.  Robust and priority-protocol mutexes are
 * not offered.  A process-shared mutex is a private one: there is one
 * process.
 */
#include <string.h>

#include "pthread_impl.h"

#define M(m) ((struct mutex_impl *)(m))
#define KIND_MASK 3

static int kind_of(const struct mutex_impl *m)
{
	return m->kind & KIND_MASK;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	memset(m, 0, sizeof(*m));
	if (attr)
		M(m)->kind = *(const int *)attr & KIND_MASK;
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return M(m)->lock ? EBUSY : 0;
}

/* Takes the lock word; 0 or ETIMEDOUT at the monotonic deadline. */
static int acquire(struct mutex_impl *m, uint64_t deadline)
{
	int free = 0;
	if (__atomic_compare_exchange_n(&m->lock, &free, 1, false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return 0;
	while (__atomic_exchange_n(&m->lock, 2, __ATOMIC_ACQUIRE) != 0)
		if (thread_futex_wait(&m->lock, 2, deadline, false) ==
		    -ETIMEDOUT)
			return ETIMEDOUT;
	return 0;
}

/* What to do when the caller may already own m: -1 to go on and lock. */
static int relock(struct mutex_impl *m, int tid)
{
	if (m->owner != tid || !m->lock)
		return -1;
	if (kind_of(m) == PTHREAD_MUTEX_RECURSIVE) {
		if (m->count == UINT_MAX)
			return EAGAIN;
		m->count++;
		return 0;
	}
	if (kind_of(m) == PTHREAD_MUTEX_ERRORCHECK)
		return EDEADLK;
	return -1; /* normal and adaptive: deadlock */
}

static int lock_until(struct mutex_impl *m, uint64_t deadline)
{
	int tid = osv_tid();
	int r = relock(m, tid);
	if (r >= 0)
		return r;
	if ((r = acquire(m, deadline)))
		return r;
	m->owner = tid;
	return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	return lock_until(M(m), THREAD_NO_DEADLINE);
}

int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
			    const struct timespec *abs)
{
	uint64_t deadline;
	int tid = osv_tid(), r = relock(M(m), tid);
	if (r >= 0)
		return r;
	int free = 0;
	if (__atomic_compare_exchange_n(&M(m)->lock, &free, 1, false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		M(m)->owner = tid;
		return 0;
	}
	if ((r = osv_deadline(clock, abs, &deadline)))
		return r;
	return lock_until(M(m), deadline);
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abs)
{
	return pthread_mutex_clocklock(m, CLOCK_REALTIME, abs);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int tid = osv_tid(), r = relock(M(m), tid);
	if (r == 0 || (r > 0 && kind_of(M(m)) == PTHREAD_MUTEX_RECURSIVE))
		return r;
	int free = 0;
	if (!__atomic_compare_exchange_n(&M(m)->lock, &free, 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return EBUSY;
	M(m)->owner = tid;
	return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	struct mutex_impl *mi = M(m);
	if (kind_of(mi) != PTHREAD_MUTEX_NORMAL) {
		if (!mi->lock || mi->owner != osv_tid())
			return EPERM;
		if (mi->count) {
			mi->count--;
			return 0;
		}
	}
	mi->owner = 0;
	if (__atomic_exchange_n(&mi->lock, 0, __ATOMIC_RELEASE) == 2)
		thread_futex_wake(&mi->lock, 1);
	return 0;
}

int pthread_mutex_consistent(pthread_mutex_t *m)
{
	(void)m;
	return EINVAL; /* never inconsistent: no robust mutexes */
}

/* pthread_mutexattr_t: the kind in the low bits, as the mutex keeps it. */
int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ADAPTIVE_NP)
		return EINVAL;
	/* the ceiling's bits stay */
	*(int *)attr = (*(int *)attr & ~KIND_MASK) | type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type)
{
	*type = *(const int *)attr & KIND_MASK;
	return 0;
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared)
{
	(void)attr;
	return pshared == PTHREAD_PROCESS_PRIVATE ||
		       pshared == PTHREAD_PROCESS_SHARED
		   ? 0
		   : EINVAL;
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *attr, int *pshared)
{
	(void)attr;
	*pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_mutexattr_setrobust(pthread_mutexattr_t *attr, int robust)
{
	(void)attr;
	if (robust == PTHREAD_MUTEX_STALLED)
		return 0;
	return robust == PTHREAD_MUTEX_ROBUST ? ENOTSUP : EINVAL;
}

int pthread_mutexattr_getrobust(const pthread_mutexattr_t *attr, int *robust)
{
	(void)attr;
	*robust = PTHREAD_MUTEX_STALLED;
	return 0;
}

int pthread_mutexattr_setprotocol(pthread_mutexattr_t *attr, int protocol)
{
	(void)attr;
	if (protocol == PTHREAD_PRIO_NONE)
		return 0;
	return protocol == PTHREAD_PRIO_INHERIT ||
		       protocol == PTHREAD_PRIO_PROTECT
		   ? ENOTSUP
		   : EINVAL;
}

int pthread_mutexattr_getprotocol(const pthread_mutexattr_t *attr,
				  int *protocol)
{
	(void)attr;
	*protocol = PTHREAD_PRIO_NONE;
	return 0;
}

/*
 * The priority ceiling is kept, in glibc's bits of the attribute, for
 * the program to read back; with PTHREAD_PRIO_PROTECT refused it never
 * acts.  The range is SCHED_FIFO's; unset reads as its lowest.
 */
#define CEILING_SHIFT 12
#define CEILING_MASK 0x00fff000
#define FIFO_MIN 1
#define FIFO_MAX 99

int pthread_mutexattr_setprioceiling(pthread_mutexattr_t *attr, int ceiling)
{
	if (ceiling < FIFO_MIN || ceiling > FIFO_MAX)
		return EINVAL;
	int *word = (int *)attr;
	*word = (*word & ~CEILING_MASK) | ceiling << CEILING_SHIFT;
	return 0;
}

int pthread_mutexattr_getprioceiling(const pthread_mutexattr_t *attr,
				     int *ceiling)
{
	int c = (*(const int *)attr & CEILING_MASK) >> CEILING_SHIFT;
	*ceiling = c ? c : FIFO_MIN;
	return 0;
}

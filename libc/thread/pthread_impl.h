/*
 * Inside libc/thread/: the thread descriptor, the private layouts that
 * overlay glibc's opaque pthread types (each checked against glibc's
 * size, and valid when zeroed, as glibc's static initializers leave
 * them), and the small futex lock the objects use internally.
 *
 * Every blocking primitive is built on the kernel's futex-style words
 * (thread_futex_wait()/thread_futex_wake(), kernel/include/thread.h):
 * sleep while a word still holds the value last seen.
 */
#ifndef OSV_LIBC_PTHREAD_IMPL_H
#define OSV_LIBC_PTHREAD_IMPL_H

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>

#include "libc.h"
#include "thread.h"

/* Internal to the libc: not in the kernel's export table. */
#ifndef OSV_HIDDEN
#define OSV_HIDDEN __attribute__((visibility("hidden")))
#endif

#define DEFAULT_STACK_SIZE (1024 * 1024)
#define KEY_BLOCK 32 /* keys per lazily allocated block of values */

/* pthread_exit()'s state word: who frees the descriptor. */
enum { JOINABLE, DETACHED, EXITED };

struct key_value {
	uintptr_t seq; /* the key's sequence when the value was set */
	void *value;
};

struct tls_dtor {
	void (*fn)(void *);
	void *obj;
	void *object; /* a dlopen() reference on fn's object, or NULL */
	struct tls_dtor *next;
};

/* A thread as the libc sees it; pthread_t is its address. */
struct pthread {
	struct thread *kthread;
	void *(*start)(void *);
	void *arg;
	void *result;
	volatile int state; /* JOINABLE, DETACHED, EXITED */
	int cancel_state, cancel_type;
	volatile int cancel_pending;
	bool exiting;
	void *tcb;     /* from elf_tls_create(); freed at the end */
	void *cleanup; /* registered __pthread_unwind_buf_t, newest */
	struct key_value *keys[PTHREAD_KEYS_MAX / KEY_BLOCK];
	struct tls_dtor *tls_dtors;
	size_t stack_size, guard_size; /* as created */
	/* libc/signal/signal.c's, under its lock; signal n is bit n - 1 */
	uint64_t sigmask;	  /* blocked */
	uint64_t sigpending;	  /* sent to this thread, not yet taken */
	struct pthread *sig_next; /* the program's threads */
	bool sig_listed;
	/* sigaltstack's, the thread's own: none while alt_size is 0 */
	void *alt_sp;
	size_t alt_size;
	int alt_flags;	   /* SS_AUTODISARM */
	int h_errno_value; /* the resolver's error (libc/net/h_errno.c) */
};

/* pthread_attr_t's layout (56 bytes). */
struct attr_impl {
	size_t stack_size; /* 0: DEFAULT_STACK_SIZE */
	void *stack_addr;  /* lowest address, or NULL */
	size_t guard_size;
	int detach_state, policy, priority, inherit, scope;
	int guard_set; /* guard_size holds a value set by the caller */
};

/* pthread_mutex_t's layout: glibc's fields where its initializers write. */
struct mutex_impl {
	volatile int lock; /* 0 free, 1 locked, 2 locked with waiters */
	unsigned count;	   /* extra locks of a recursive mutex */
	int owner;	   /* kernel thread id, 0 when free */
	unsigned pad;
	int kind; /* PTHREAD_MUTEX_* (glibc's __kind, offset 16) */
};

/* pthread_cond_t's layout. */
struct cond_impl {
	volatile int seq; /* bumped by each signal and broadcast */
	int clock;	  /* CLOCK_REALTIME (0) unless the attr says */
	volatile int waiters;
};

/* pthread_rwlock_t's layout; flags at glibc's offset 48. */
struct rwlock_impl {
	volatile int lock; /* guards the rest */
	int readers;	   /* holding it to read */
	int writer;	   /* kernel thread id holding it to write, or 0 */
	int waiting_writers, waiting_readers;
	volatile int read_seq, write_seq; /* futex words */
	int pad[5];
	unsigned flags; /* PTHREAD_RWLOCK_PREFER_* */
};

/* pthread_barrier_t's layout. */
struct barrier_impl {
	volatile int lock;
	unsigned count, arrived;
	volatile int generation;
};

/* sem_t's layout. */
struct sem_impl {
	volatile int value;
	volatile int waiters;
};

#define CHECK_LAYOUT(impl, type)                                               \
	_Static_assert(sizeof(struct impl) <= sizeof(type),                    \
		       #impl " fits in " #type)
CHECK_LAYOUT(attr_impl, pthread_attr_t);
CHECK_LAYOUT(mutex_impl, pthread_mutex_t);
CHECK_LAYOUT(cond_impl, pthread_cond_t);
CHECK_LAYOUT(rwlock_impl, pthread_rwlock_t);
CHECK_LAYOUT(barrier_impl, pthread_barrier_t);
CHECK_LAYOUT(sem_impl, sem_t);
_Static_assert(__builtin_offsetof(struct mutex_impl, kind) == 16,
	       "glibc's __kind");
_Static_assert(__builtin_offsetof(struct rwlock_impl, flags) == 48,
	       "glibc's __flags");

/* The calling thread's descriptor (made on first use for threads that
 * pthread_create() did not start: the program's first, kernel ones). */
struct pthread *osv_pthread_self(void) OSV_HIDDEN;

/* Ends the calling thread: cleanup handlers, TLS and key destructors. */
_Noreturn void osv_pthread_finish(struct pthread *self) OSV_HIDDEN;

/* Runs the key destructors (PTHREAD_DESTRUCTOR_ITERATIONS rounds). */
void osv_key_run_destructors(struct pthread *self) OSV_HIDDEN;

/* Frees a descriptor's key values. */
void osv_key_free_values(struct pthread *self) OSV_HIDDEN;

/*
 * Registers a destructor of the calling thread's thread_local object
 * (for __cxa_thread_atexit_impl(); dso is the registering object's
 * __dso_handle, which stays loaded until fn has run); 0, or -1 when out
 * of memory.
 */
int osv_thread_atexit(void (*fn)(void *), void *obj, void *dso) OSV_HIDDEN;

/* Runs the calling thread's osv_thread_atexit() destructors, newest first. */
void osv_thread_run_tls_dtors(struct pthread *self) OSV_HIDDEN;

/*
 * The kernel deadline word (thread.h) of an absolute time on clock
 * (CLOCK_REALTIME, which clock_settime() then moves, or
 * CLOCK_MONOTONIC); THREAD_NO_DEADLINE for NULL.  EINVAL for a bad
 * timespec or clock, else 0.
 */
int osv_deadline(clockid_t clock, const struct timespec *abs,
		 uint64_t *deadline) OSV_HIDDEN;

/*
 * pthread_cond_wait() until a kernel deadline word (thread.h), for the
 * libc's own service threads: 0 or ETIMEDOUT.  sets is
 * clock_realtime_sets() from before the clocks were read for deadline:
 * if the wall clock has been set since, it returns 0 at once
 * (thread_futex_wait_sets()).
 */
int osv_cond_wait_until(pthread_cond_t *c, pthread_mutex_t *m,
			uint64_t deadline, uint64_t sets) OSV_HIDDEN;

/* A cancellation point (cancel.c). */
void osv_testcancel(void) OSV_HIDDEN;

/*
 * The ELF loader's TLS (kernel/include/elf_loader.h), referenced weakly
 * so that kernels without the loader still link: each new thread gets a
 * copy of the static TLS blocks and a TCB; elf_tls_destroy() frees one
 * (passed to the kernel as the thread's release function).
 */
void *elf_tls_create(void) __attribute__((weak));
void elf_tls_destroy(void *tcb) __attribute__((weak));

/*
 * The internal lock: 0 free, 1 locked, 2 locked with waiters.  Inline
 * definitions: a caller compiled for size calls the one external
 * definition (key.c) instead of a copy of its own.
 */
inline void osv_lock(volatile int *l) LIBC_HIDDEN;
inline void osv_lock(volatile int *l)
{
	int free = 0;
	if (__atomic_compare_exchange_n(l, &free, 1, false, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		return;
	while (__atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE) != 0)
		thread_futex_wait(l, 2, THREAD_NO_DEADLINE, false);
}

inline void osv_unlock(volatile int *l) LIBC_HIDDEN;
inline void osv_unlock(volatile int *l)
{
	if (__atomic_exchange_n(l, 0, __ATOMIC_RELEASE) == 2)
		thread_futex_wake(l, 1);
}

/* The kernel thread id of the caller, the owner mark of locks. */
static inline int osv_tid(void)
{
	return thread_id(thread_current());
}

#endif

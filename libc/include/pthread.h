/*
 * pthread.h: POSIX threads with glibc's x86_64 types (sizes, the fields
 * its static initializers set), so that code built against glibc's
 * headers runs on libc/thread/.  This copy serves the kernel's own build.
 */
#ifndef _PTHREAD_H
#define _PTHREAD_H

#include <sched.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long pthread_t;
typedef unsigned int pthread_key_t;
typedef int pthread_once_t;
typedef volatile int pthread_spinlock_t;

typedef union {
	char __size[56];
	long __align;
} pthread_attr_t;

struct __pthread_mutex_s {
	int __lock;
	unsigned int __count;
	int __owner;
	unsigned int __nusers;
	int __kind;
	short __spins;
	short __elision;
	void *__prev, *__next;
};

typedef union {
	struct __pthread_mutex_s __data;
	char __size[40];
	long __align;
} pthread_mutex_t;

typedef union {
	char __size[4];
	int __align;
} pthread_mutexattr_t;

typedef union {
	char __size[48];
	long long __align;
} pthread_cond_t;

typedef union {
	char __size[4];
	int __align;
} pthread_condattr_t;

struct __pthread_rwlock_arch_t {
	unsigned int __readers, __writers, __wrphase_futex, __writers_futex;
	unsigned int __pad3, __pad4;
	int __cur_writer, __shared;
	signed char __rwelision;
	unsigned char __pad1[7];
	unsigned long __pad2;
	unsigned int __flags;
};

typedef union {
	struct __pthread_rwlock_arch_t __data;
	char __size[56];
	long __align;
} pthread_rwlock_t;

typedef union {
	char __size[8];
	long __align;
} pthread_rwlockattr_t;

typedef union {
	char __size[32];
	long __align;
} pthread_barrier_t;

typedef union {
	char __size[4];
	int __align;
} pthread_barrierattr_t;

enum {
	PTHREAD_CREATE_JOINABLE,
	PTHREAD_CREATE_DETACHED,
};

enum {
	PTHREAD_MUTEX_TIMED_NP,
	PTHREAD_MUTEX_RECURSIVE_NP,
	PTHREAD_MUTEX_ERRORCHECK_NP,
	PTHREAD_MUTEX_ADAPTIVE_NP,
	PTHREAD_MUTEX_NORMAL = PTHREAD_MUTEX_TIMED_NP,
	PTHREAD_MUTEX_RECURSIVE = PTHREAD_MUTEX_RECURSIVE_NP,
	PTHREAD_MUTEX_ERRORCHECK = PTHREAD_MUTEX_ERRORCHECK_NP,
	PTHREAD_MUTEX_DEFAULT = PTHREAD_MUTEX_NORMAL,
};

enum { PTHREAD_MUTEX_STALLED, PTHREAD_MUTEX_ROBUST };
enum { PTHREAD_PRIO_NONE, PTHREAD_PRIO_INHERIT, PTHREAD_PRIO_PROTECT };

enum {
	PTHREAD_RWLOCK_PREFER_READER_NP,
	PTHREAD_RWLOCK_PREFER_WRITER_NP,
	PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP,
	PTHREAD_RWLOCK_DEFAULT_NP = PTHREAD_RWLOCK_PREFER_READER_NP,
};

enum { PTHREAD_INHERIT_SCHED, PTHREAD_EXPLICIT_SCHED };
enum { PTHREAD_SCOPE_SYSTEM, PTHREAD_SCOPE_PROCESS };
enum { PTHREAD_PROCESS_PRIVATE, PTHREAD_PROCESS_SHARED };
enum { PTHREAD_CANCEL_ENABLE, PTHREAD_CANCEL_DISABLE };
enum { PTHREAD_CANCEL_DEFERRED, PTHREAD_CANCEL_ASYNCHRONOUS };

#define PTHREAD_CANCELED ((void *)-1)
#define PTHREAD_ONCE_INIT 0
#define PTHREAD_BARRIER_SERIAL_THREAD -1
#define PTHREAD_KEYS_MAX 1024
#define PTHREAD_DESTRUCTOR_ITERATIONS 4
#define PTHREAD_STACK_MIN 16384

/* Static initializers, with glibc's kinds and flags where it puts them. */
/* clang-format off */
#define PTHREAD_MUTEX_INITIALIZER \
	{{0, 0, 0, 0, PTHREAD_MUTEX_TIMED_NP, 0, 0, 0, 0}}
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP \
	{{0, 0, 0, 0, PTHREAD_MUTEX_RECURSIVE_NP, 0, 0, 0, 0}}
#define PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP \
	{{0, 0, 0, 0, PTHREAD_MUTEX_ERRORCHECK_NP, 0, 0, 0, 0}}
#define PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP \
	{{0, 0, 0, 0, PTHREAD_MUTEX_ADAPTIVE_NP, 0, 0, 0, 0}}
#define PTHREAD_RWLOCK_INITIALIZER {{0}}
#define PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP \
	{{0, 0, 0, 0, 0, 0, 0, 0, 0, {0}, 0, \
	  PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP}}
#define PTHREAD_COND_INITIALIZER {{0}}
/* clang-format on */

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
		   void *(*start)(void *), void *arg);
_Noreturn void pthread_exit(void *retval);
int pthread_join(pthread_t thread, void **retval);
int pthread_tryjoin_np(pthread_t thread, void **retval);
int pthread_timedjoin_np(pthread_t thread, void **retval,
			 const struct timespec *abstime);
int pthread_clockjoin_np(pthread_t thread, void **retval, clockid_t clock,
			 const struct timespec *abstime);
int pthread_detach(pthread_t thread);
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
int pthread_getattr_np(pthread_t thread, pthread_attr_t *attr);
int pthread_setaffinity_np(pthread_t thread, size_t size, const void *set);
int pthread_getaffinity_np(pthread_t thread, size_t size, void *set);
int pthread_attr_setaffinity_np(pthread_attr_t *attr, size_t size,
				const void *set);
int pthread_attr_getaffinity_np(const pthread_attr_t *attr, size_t size,
				void *set);
int pthread_setname_np(pthread_t thread, const char *name);
int pthread_getname_np(pthread_t thread, char *name, size_t len);
int pthread_getcpuclockid(pthread_t thread, clockid_t *clock);

int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state);
int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state);
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size);
int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size);
int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size);
int pthread_attr_getstack(const pthread_attr_t *attr, void **addr,
			  size_t *size);
int pthread_attr_setguardsize(pthread_attr_t *attr, size_t size);
int pthread_attr_getguardsize(const pthread_attr_t *attr, size_t *size);
int pthread_attr_setschedparam(pthread_attr_t *attr,
			       const struct sched_param *param);
int pthread_attr_getschedparam(const pthread_attr_t *attr,
			       struct sched_param *param);
int pthread_attr_setschedpolicy(pthread_attr_t *attr, int policy);
int pthread_attr_getschedpolicy(const pthread_attr_t *attr, int *policy);
int pthread_attr_setinheritsched(pthread_attr_t *attr, int inherit);
int pthread_attr_getinheritsched(const pthread_attr_t *attr, int *inherit);
int pthread_attr_setscope(pthread_attr_t *attr, int scope);
int pthread_attr_getscope(const pthread_attr_t *attr, int *scope);

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abs);
int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
			    const struct timespec *abs);
int pthread_mutex_unlock(pthread_mutex_t *m);
int pthread_mutex_consistent(pthread_mutex_t *m);
int pthread_mutexattr_init(pthread_mutexattr_t *attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);
int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type);
int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared);
int pthread_mutexattr_getpshared(const pthread_mutexattr_t *attr, int *pshared);
int pthread_mutexattr_setrobust(pthread_mutexattr_t *attr, int robust);
int pthread_mutexattr_getrobust(const pthread_mutexattr_t *attr, int *robust);
int pthread_mutexattr_setprotocol(pthread_mutexattr_t *attr, int protocol);
int pthread_mutexattr_setprioceiling(pthread_mutexattr_t *attr, int ceiling);
int pthread_mutexattr_getprioceiling(const pthread_mutexattr_t *attr,
				     int *ceiling);
int pthread_mutexattr_getprotocol(const pthread_mutexattr_t *attr,
				  int *protocol);

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
			   const struct timespec *abs);
int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
			   clockid_t clock, const struct timespec *abs);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);
int pthread_condattr_init(pthread_condattr_t *attr);
int pthread_condattr_destroy(pthread_condattr_t *attr);
int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock);
int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock);
int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared);
int pthread_condattr_getpshared(const pthread_condattr_t *attr, int *pshared);

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr);
int pthread_rwlock_destroy(pthread_rwlock_t *rw);
int pthread_rwlock_rdlock(pthread_rwlock_t *rw);
int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw);
int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw,
			       const struct timespec *abs);
int pthread_rwlock_clockrdlock(pthread_rwlock_t *rw, clockid_t clock,
			       const struct timespec *abs);
int pthread_rwlock_wrlock(pthread_rwlock_t *rw);
int pthread_rwlock_trywrlock(pthread_rwlock_t *rw);
int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw,
			       const struct timespec *abs);
int pthread_rwlock_clockwrlock(pthread_rwlock_t *rw, clockid_t clock,
			       const struct timespec *abs);
int pthread_rwlock_unlock(pthread_rwlock_t *rw);
int pthread_rwlockattr_init(pthread_rwlockattr_t *attr);
int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr);
int pthread_rwlockattr_setkind_np(pthread_rwlockattr_t *attr, int kind);
int pthread_rwlockattr_getkind_np(const pthread_rwlockattr_t *attr, int *kind);
int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *attr, int pshared);
int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *attr,
				  int *pshared);

int pthread_barrier_init(pthread_barrier_t *b,
			 const pthread_barrierattr_t *attr, unsigned count);
int pthread_barrier_destroy(pthread_barrier_t *b);
int pthread_barrier_wait(pthread_barrier_t *b);
int pthread_barrierattr_init(pthread_barrierattr_t *attr);
int pthread_barrierattr_destroy(pthread_barrierattr_t *attr);
int pthread_barrierattr_setpshared(pthread_barrierattr_t *attr, int pshared);
int pthread_barrierattr_getpshared(const pthread_barrierattr_t *attr,
				   int *pshared);

int pthread_spin_init(pthread_spinlock_t *lock, int pshared);
int pthread_spin_destroy(pthread_spinlock_t *lock);
int pthread_spin_lock(pthread_spinlock_t *lock);
int pthread_spin_trylock(pthread_spinlock_t *lock);
int pthread_spin_unlock(pthread_spinlock_t *lock);

int pthread_once(pthread_once_t *once, void (*init)(void));

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
int pthread_key_delete(pthread_key_t key);
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);

int pthread_cancel(pthread_t thread);
int pthread_setcancelstate(int state, int *old);
int pthread_setcanceltype(int type, int *old);
void pthread_testcancel(void);

int pthread_setschedparam(pthread_t thread, int policy,
			  const struct sched_param *param);
int pthread_getschedparam(pthread_t thread, int *policy,
			  struct sched_param *param);
int pthread_setschedprio(pthread_t thread, int prio);
int pthread_setconcurrency(int level);
int pthread_getconcurrency(void);
int pthread_yield(void);

int pthread_atfork(void (*prepare)(void), void (*parent)(void),
		   void (*child)(void));

/*
 * Cleanup handlers, with glibc's ABI for C: the buffer records the
 * registers (__sigsetjmp) and is registered; a thread that ends inside
 * the block jumps back into it, runs the handler and goes on to the
 * next older buffer (__pthread_unwind_next).
 */
typedef struct {
	struct {
		long __jmp_buf[8];
		int __mask_was_saved;
	} __cancel_jmp_buf[1];
	void *__pad[4];
} __pthread_unwind_buf_t __attribute__((__aligned__));

/* __sigsetjmp (setjmp.h), under a name that takes this buffer. */
int __sigsetjmp_cancel(void *env, int savemask) __asm__("__sigsetjmp")
    __attribute__((returns_twice));
void __pthread_register_cancel(__pthread_unwind_buf_t *buf);
void __pthread_unregister_cancel(__pthread_unwind_buf_t *buf);
void __pthread_register_cancel_defer(__pthread_unwind_buf_t *buf);
void __pthread_unregister_cancel_restore(__pthread_unwind_buf_t *buf);
_Noreturn void __pthread_unwind_next(__pthread_unwind_buf_t *buf);

/* clang-format off */
#define pthread_cleanup_push(routine, arg)				\
	do {								\
		__pthread_unwind_buf_t __cancel_buf;			\
		void (*__cancel_routine)(void *) = (routine);		\
		void *__cancel_arg = (arg);				\
		if (__sigsetjmp_cancel(__cancel_buf.__cancel_jmp_buf, 0)) { \
			__cancel_routine(__cancel_arg);			\
			__pthread_unwind_next(&__cancel_buf);		\
		}							\
		__pthread_register_cancel(&__cancel_buf);		\
		do {
#define pthread_cleanup_pop(execute)					\
		} while (0);						\
		__pthread_unregister_cancel(&__cancel_buf);		\
		if (execute)						\
			__cancel_routine(__cancel_arg);			\
	} while (0)
/* clang-format on */

#ifdef __cplusplus
}
#endif

#endif

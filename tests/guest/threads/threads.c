/*
 * POSIX threads as a program built against glibc's headers sees them:
 * glibc's types and static initializers, its pthread_cleanup_push()
 * macros, __thread variables (one copy per thread), the stack-protector
 * canary at %fs:0x28 in every thread, errno per thread.  Built with the
 * host's compiler (-fstack-protector-all) and run by kernel.elf from a
 * boot filesystem; prints "PASS name" or "FAIL name" per check and
 * returns the number of failures (tests/guest/threads.test).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ITEMS 1000000
#define RING 4096
#define MANY 1000

static int failures;

static void check(const char *name, int ok)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	failures += !ok;
}

/* ---- __thread variables, the canary, errno ---- */

__thread int tls_value = 7;
static __thread int tls_local;

static uint64_t canary(void)
{
	uint64_t c;
	__asm__("movq %%fs:0x28, %0" : "=r"(c));
	return c;
}

struct tls_report {
	int initial, after;
	void *address;
	uint64_t canary;
	int errno_kept;
};

static void *tls_thread(void *arg)
{
	struct tls_report *r = arg;
	r->initial = tls_value;
	tls_value = (int)(intptr_t)r->address; /* some per-thread value */
	tls_local = tls_value + 1;
	errno = tls_value;
	usleep(10000); /* let the others run and set theirs */
	r->after = tls_value == (int)(intptr_t)r->address &&
		   tls_local == tls_value + 1;
	r->errno_kept = errno == tls_value;
	r->address = &tls_value;
	r->canary = canary();
	return NULL;
}

static void check_tls(void)
{
	struct tls_report r[4];
	pthread_t t[4];
	for (int i = 0; i < 4; i++) {
		r[i].address = (void *)(intptr_t)(100 + i);
		pthread_create(&t[i], NULL, tls_thread, &r[i]);
	}
	int initial = 1, kept = 1, distinct = 1, canaries = 1, errnos = 1;
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		initial &= r[i].initial == 7;
		kept &= r[i].after;
		errnos &= r[i].errno_kept;
		canaries &= r[i].canary == canary() && canary() != 0;
		for (int j = 0; j < i; j++)
			distinct &= r[i].address != r[j].address;
		distinct &= r[i].address != &tls_value;
	}
	check("tls_initial_image", initial);
	check("tls_values_per_thread", kept && tls_value == 7);
	check("tls_addresses_distinct", distinct);
	check("stack_protector_canary_in_threads", canaries);
	check("errno_per_thread", errnos);
}

/* ---- glibc's static initializers ---- */

static pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t recursive = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static pthread_mutex_t errorcheck = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
static pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t rwlock_w =
    PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_count;

static void once_fn(void)
{
	once_count++;
}

static void check_initializers(void)
{
	check("mutex_initializer",
	      !pthread_mutex_lock(&plain) && !pthread_mutex_unlock(&plain));
	check("recursive_initializer", !pthread_mutex_lock(&recursive) &&
					   !pthread_mutex_lock(&recursive) &&
					   !pthread_mutex_unlock(&recursive) &&
					   !pthread_mutex_unlock(&recursive));
	pthread_mutex_lock(&errorcheck);
	check("errorcheck_edeadlk", pthread_mutex_lock(&errorcheck) == EDEADLK);
	pthread_mutex_unlock(&errorcheck);
	check("errorcheck_eperm", pthread_mutex_unlock(&errorcheck) == EPERM);
	check("rwlock_initializer", !pthread_rwlock_rdlock(&rwlock) &&
					!pthread_rwlock_rdlock(&rwlock) &&
					!pthread_rwlock_unlock(&rwlock) &&
					!pthread_rwlock_unlock(&rwlock));
	check("rwlock_writer_initializer",
	      !pthread_rwlock_wrlock(&rwlock_w) &&
		  !pthread_rwlock_unlock(&rwlock_w));
	pthread_once(&once, once_fn);
	pthread_once(&once, once_fn);
	check("once", once_count == 1);
	check("cond_initializer",
	      !pthread_cond_signal(&cond) && !pthread_cond_broadcast(&cond));
}

/* ---- producer/consumer ---- */

/*
 * 10^6 numbered items through a ring under one mutex and two condition
 * variables.  Every item takes the lock; a condition is signalled only
 * when the other side may be waiting on it (the ring was empty, or
 * full), so the two threads take turns a ring at a time rather than an
 * item at a time: fast enough under TCG, and it still exercises the
 * waits at both ends.  The consumer checks that the items come in order.
 */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static int ring[RING];
static int queued, produced, consumed, out_of_order, waits;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&lock);
		while (queued == RING) {
			waits++;
			pthread_cond_wait(&not_full, &lock);
		}
		ring[(produced++) % RING] = i;
		if (queued++ == 0)
			pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&lock);
		while (queued == 0) {
			waits++;
			pthread_cond_wait(&not_empty, &lock);
		}
		out_of_order += ring[(consumed++) % RING] != i;
		if (queued-- == RING)
			pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void check_producer_consumer(void)
{
	pthread_t p, c;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_create(&c, NULL, consumer, NULL);
	pthread_create(&p, NULL, producer, NULL);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("producer/consumer: %d items in %ld ms, %d waits\n", ITEMS,
	       (t1.tv_sec - t0.tv_sec) * 1000 +
		   (t1.tv_nsec - t0.tv_nsec) / 1000000,
	       waits);
	printf("producer/consumer: %d produced, %d consumed, %d left\n",
	       produced, consumed, queued);
	check("producer_consumer_exact",
	      produced == ITEMS && consumed == ITEMS && queued == 0);
	check("producer_consumer_in_order", out_of_order == 0);
	check("producer_consumer_waited", waits > 0);
}

/* ---- CLOCK_MONOTONIC from several threads ---- */

/*
 * 10^6 reads in each of three threads, preempted among each other: no
 * thread sees the clock go back, neither against its own last read nor
 * against the latest read any thread published before it read.
 */
#define CLOCK_READS 1000000
#define CLOCK_THREADS 3

static volatile uint64_t clock_latest;

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void *clock_reader(void *arg)
{
	(void)arg;
	long back = 0;
	uint64_t prev = 0;
	for (int i = 0; i < CLOCK_READS; i++) {
		uint64_t seen =
		    __atomic_load_n(&clock_latest, __ATOMIC_ACQUIRE);
		uint64_t t = monotonic_ns();
		back += t < prev || t < seen;
		prev = t;
		while (seen < t && !__atomic_compare_exchange_n(
				       &clock_latest, &seen, t, 0,
				       __ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
			;
	}
	return (void *)back;
}

static void check_monotonic_threads(void)
{
	pthread_t t[CLOCK_THREADS];
	long back = 0;
	for (int i = 0; i < CLOCK_THREADS; i++)
		pthread_create(&t[i], NULL, clock_reader, NULL);
	for (int i = 0; i < CLOCK_THREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		back += (long)r;
	}
	printf("monotonic: %ld steps back in %d reads by %d threads\n", back,
	       CLOCK_READS * CLOCK_THREADS, CLOCK_THREADS);
	check("monotonic_in_every_thread", back == 0);
}

/* ---- two busy threads ---- */

static volatile int stop;

static void *spin(void *arg)
{
	volatile unsigned long *n = arg;
	while (!stop)
		(*n)++;
	return NULL;
}

static void check_busy(void)
{
	volatile unsigned long a = 0, b = 0;
	pthread_t ta, tb;
	pthread_create(&ta, NULL, spin, (void *)&a);
	pthread_create(&tb, NULL, spin, (void *)&b);
	/* a starved host may stretch this: 10 s at most */
	for (int i = 0; i < 500 && (a <= 1000 || b <= 1000); i++)
		usleep(20000);
	stop = 1;
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	check("busy_threads_both_progress", a > 1000 && b > 1000);
}

/* ---- many threads ---- */

static void *identity(void *arg)
{
	return arg;
}

static void check_many(void)
{
	static pthread_t t[MANY];
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	int created = 0, joined = 0;
	for (long i = 0; i < MANY; i++)
		created += !pthread_create(&t[i], &attr, identity, (void *)i);
	for (long i = 0; i < MANY; i++) {
		void *r = NULL;
		joined += !pthread_join(t[i], &r) && (long)r == i;
	}
	printf("threads: %d created, %d joined\n", created, joined);
	check("thousand_threads", created == MANY && joined == MANY);
}

/* ---- thread_local destructors ---- */

/*
 * What g++ emits for a thread_local object with a destructor: the first
 * use in a thread constructs it and registers its destructor with
 * __cxa_thread_atexit_impl() and the object's __dso_handle.  They must
 * run when the thread ends, newest first, while its TLS is still there,
 * and before the pthread keys' destructors.
 */
int __cxa_thread_atexit_impl(void (*fn)(void *), void *obj, void *dso);
extern void *__dso_handle;

struct tl_record {
	int order[4], n;
	int tls_intact;
	int exit_early; /* end with pthread_exit() instead of returning */
};

struct tl_object {
	int id, alive;
};

static __thread struct tl_object tl_first, tl_second;
static __thread struct tl_record *tl_log;
static pthread_key_t tl_key;

static void tl_destroy(void *p)
{
	struct tl_object *o = p;
	struct tl_record *r = tl_log;
	r->order[r->n++] = o->id;
	r->tls_intact &= o->alive && tl_log == r;
	o->alive = 0;
}

static void tl_key_destroy(void *p)
{
	struct tl_record *r = p;
	r->order[r->n++] = 9;
}

static struct tl_object *tl_use(struct tl_object *o, int id)
{
	if (!o->alive) {
		o->id = id;
		o->alive = 1;
		__cxa_thread_atexit_impl(tl_destroy, o, &__dso_handle);
	}
	return o;
}

static void *tl_thread(void *arg)
{
	struct tl_record *r = arg;
	tl_log = r;
	pthread_setspecific(tl_key, r);
	tl_use(&tl_first, 1);
	tl_use(&tl_second, 2);
	tl_use(&tl_first, 1); /* constructed once, destroyed once */
	if (r->exit_early)
		pthread_exit(NULL);
	return NULL;
}

static void check_thread_local(void)
{
	struct tl_record r[2] = {{.tls_intact = 1}, {.tls_intact = 1}};
	r[1].exit_early = 1;
	pthread_key_create(&tl_key, tl_key_destroy);
	int ok = 1, intact = 1;
	for (int i = 0; i < 2; i++) {
		pthread_t t;
		pthread_create(&t, NULL, tl_thread, &r[i]);
		pthread_join(t, NULL);
		ok &= r[i].n == 3 && r[i].order[0] == 2 && r[i].order[1] == 1 &&
		      r[i].order[2] == 9;
		intact &= r[i].tls_intact;
	}
	pthread_key_delete(tl_key);
	check("thread_local_destructors_at_return", r[0].n == 3 && ok);
	check("thread_local_destructors_at_pthread_exit", r[1].n == 3 && ok);
	check("thread_local_destructors_see_tls", intact);
	check("thread_local_main_untouched", !tl_first.alive && !tl_log);
}

/* ---- keys ---- */

static pthread_key_t key;
static int destroyed;

static void destructor(void *v)
{
	__atomic_fetch_add(&destroyed, (int)(intptr_t)v, __ATOMIC_RELAXED);
}

static void *set_key(void *arg)
{
	pthread_setspecific(key, arg);
	return pthread_getspecific(key);
}

static void check_keys(void)
{
	pthread_key_create(&key, destructor);
	pthread_t t[3];
	int own = 1;
	for (intptr_t i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, set_key, (void *)(i + 10));
	for (intptr_t i = 0; i < 3; i++) {
		void *r;
		pthread_join(t[i], &r);
		own &= r == (void *)(i + 10);
	}
	check("keys_per_thread", own && !pthread_getspecific(key));
	check("key_destructors", destroyed == 10 + 11 + 12);
	pthread_key_delete(key);
}

/* ---- cancellation with glibc's cleanup macros ---- */

static int cleanup_value;
static sem_t started;

static void cleanup(void *arg)
{
	cleanup_value += (int)(intptr_t)arg;
	pthread_mutex_unlock(&lock);
}

static void *cancelled(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	pthread_cleanup_push(cleanup, (void *)1);
	pthread_cleanup_push(cleanup_value ? cleanup : cleanup, (void *)10);
	sem_post(&started);
	for (;;)
		pthread_cond_wait(&not_empty, &lock);
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return NULL;
}

static void unlock_only(void *arg)
{
	cleanup_value += (int)(intptr_t)arg;
}

static void *exits(void *arg)
{
	(void)arg;
	pthread_cleanup_push(unlock_only, (void *)100);
	pthread_exit((void *)5);
	pthread_cleanup_pop(0);
	return NULL;
}

static void check_cancel(void)
{
	pthread_t t;
	void *r;
	sem_init(&started, 0, 0);
	pthread_create(&t, NULL, cancelled, NULL);
	sem_wait(&started);
	pthread_cancel(t);
	pthread_join(t, &r);
	check("cancel_in_cond_wait", r == PTHREAD_CANCELED);
	/* the first handler unlocks, so the second finds it unlocked: EPERM
	 * is not an error for a normal mutex */
	check("cleanup_handlers_ran", cleanup_value == 11);
	pthread_create(&t, NULL, exits, NULL);
	pthread_join(t, &r);
	check("exit_runs_cleanup", r == (void *)5 && cleanup_value == 111);
}

/* ---- the rest ---- */

static void check_misc(void)
{
	pthread_attr_t attr;
	void *addr = NULL;
	size_t size = 0;
	int local;
	pthread_getattr_np(pthread_self(), &attr);
	pthread_attr_getstacksize(&attr, &size);
	check("getattr_np", size > 0);
	pthread_attr_destroy(&attr);
	pthread_t t = pthread_self();
	check("self_equal", pthread_equal(t, pthread_self()));
	check("setname", !pthread_setname_np(t, "main-thread"));
	char name[16];
	check("getname", !pthread_getname_np(t, name, sizeof(name)) &&
			     !strcmp(name, "main-thread"));
	check("setname_too_long",
	      pthread_setname_np(t, "a-name-that-is-too-long") == ERANGE);
	sem_t s;
	sem_init(&s, 0, 2);
	check("sem", !sem_wait(&s) && !sem_trywait(&s) &&
			 sem_trywait(&s) == -1 && errno == EAGAIN);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&plain);
	check("cond_timedwait_timeout",
	      pthread_cond_timedwait(&cond, &plain, &ts) == ETIMEDOUT);
	pthread_mutex_unlock(&plain);
	pthread_barrier_t b;
	pthread_barrier_init(&b, NULL, 1);
	check("barrier",
	      pthread_barrier_wait(&b) == PTHREAD_BARRIER_SERIAL_THREAD);
	pthread_spinlock_t sl;
	pthread_spin_init(&sl, PTHREAD_PROCESS_PRIVATE);
	check("spinlock", !pthread_spin_lock(&sl) &&
			      pthread_spin_trylock(&sl) == EBUSY &&
			      !pthread_spin_unlock(&sl));
	check("sched_yield", sched_yield() == 0);
	(void)addr;
	(void)local;
}

int main(void)
{
	check_tls();
	check_initializers();
	check_producer_consumer();
	check_busy();
	check_monotonic_threads();
	check_many();
	check_keys();
	check_thread_local();
	check_cancel();
	check_misc();
	printf("threads: %d failures\n", failures);
	return failures;
}

/*
 * POSIX threads through the libc (libc/thread/), in a test kernel: each
 * check prints one line that tests/guest/pthreads.test expects.  The
 * same calls from a program built against glibc's headers are in
 * tests/guest/threads/threads.c.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "mm.h"

#define ITEMS 20000
#define MANY 1000

static void say(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAILED");
}

static void abs_in(struct timespec *ts, clockid_t clock, long ms)
{
	clock_gettime(clock, ts);
	ts->tv_nsec += ms * 1000000;
	ts->tv_sec += ts->tv_nsec / 1000000000;
	ts->tv_nsec %= 1000000000;
}

/* ---- producer/consumer over a mutex and two condition variables ---- */

static pthread_mutex_t pc_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static int buffer_count, produced, consumed_total;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&pc_lock);
		while (buffer_count == 8)
			pthread_cond_wait(&not_full, &pc_lock);
		buffer_count++;
		produced++;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&pc_lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	long mine = 0;
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&pc_lock);
		while (buffer_count == 0 && consumed_total < 2 * ITEMS)
			pthread_cond_wait(&not_empty, &pc_lock);
		if (consumed_total == 2 * ITEMS) {
			pthread_cond_broadcast(&not_empty);
			pthread_mutex_unlock(&pc_lock);
			return (void *)mine;
		}
		buffer_count--;
		consumed_total++;
		mine++;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&pc_lock);
	}
}

static void check_producer_consumer(void)
{
	pthread_t p[2], c[3];
	long total = 0;
	for (int i = 0; i < 3; i++)
		pthread_create(&c[i], NULL, consumer, NULL);
	for (int i = 0; i < 2; i++)
		pthread_create(&p[i], NULL, producer, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(p[i], NULL);
	for (int i = 0; i < 3; i++) {
		void *r;
		pthread_join(c[i], &r);
		total += (long)r;
	}
	printf("producer/consumer: produced %d, consumed %ld, left %d\n",
	       produced, total, buffer_count);
}

/* ---- many threads ---- */

static volatile int started;

static void *count_start(void *arg)
{
	__atomic_fetch_add(&started, 1, __ATOMIC_RELAXED);
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
		if (!pthread_create(&t[i], &attr, count_start, (void *)i))
			created++;
	for (long i = 0; i < MANY; i++) {
		void *r;
		if (!pthread_join(t[i], &r) && (long)r == i)
			joined++;
	}
	pthread_attr_destroy(&attr);
	printf("1000 threads: created %d, ran %d, joined %d\n", created,
	       started, joined);
}

/* ---- keys ---- */

static pthread_key_t key;
static volatile int destroyed;

static void destructor(void *v)
{
	__atomic_fetch_add(&destroyed, (int)(long)v, __ATOMIC_RELAXED);
}

static void *use_key(void *arg)
{
	pthread_setspecific(key, arg);
	return pthread_getspecific(key);
}

static void check_keys(void)
{
	pthread_key_create(&key, destructor);
	pthread_t t[4];
	int ok = 1;
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, use_key, (void *)(i + 1));
	for (long i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		ok &= (long)r == i + 1;
	}
	say("keys are per thread", ok && pthread_getspecific(key) == NULL);
	say("key destructors ran with the values", destroyed == 1 + 2 + 3 + 4);
	pthread_key_delete(key);
	say("a deleted key is refused",
	    pthread_setspecific(key, (void *)1) == EINVAL);
}

/* ---- mutex kinds ---- */

static void *try_other(void *arg)
{
	return (void *)(long)pthread_mutex_trylock(arg);
}

static void check_mutex_kinds(void)
{
	pthread_mutex_t ec = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
	pthread_mutex_t rec = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
	pthread_mutex_lock(&ec);
	say("errorcheck relock gives EDEADLK",
	    pthread_mutex_lock(&ec) == EDEADLK);
	pthread_mutex_unlock(&ec);
	say("errorcheck unlock when unlocked gives EPERM",
	    pthread_mutex_unlock(&ec) == EPERM);
	pthread_mutex_lock(&rec);
	pthread_mutex_lock(&rec);
	say("recursive mutex locks twice", pthread_mutex_trylock(&rec) == 0);
	pthread_t t;
	void *r;
	pthread_create(&t, NULL, try_other, &rec);
	pthread_join(t, &r);
	say("another thread's trylock gives EBUSY", (long)r == EBUSY);
	pthread_mutex_unlock(&rec);
	pthread_mutex_unlock(&rec);
	pthread_mutex_unlock(&rec);
	pthread_create(&t, NULL, try_other, &rec);
	pthread_join(t, &r);
	say("unlocked as often as locked, it is free", (long)r == 0);

	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&m);
	struct timespec ts;
	abs_in(&ts, CLOCK_REALTIME, 20);
	say("timedlock times out",
	    pthread_mutex_timedlock(&m, &ts) == ETIMEDOUT);
	pthread_mutex_unlock(&m);
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &ma);
	pthread_mutex_lock(&m);
	say("mutexattr_settype(ERRORCHECK)", pthread_mutex_lock(&m) == EDEADLK);
	pthread_mutex_unlock(&m);
}

/* ---- condition variable on CLOCK_MONOTONIC ---- */

static void check_cond_clock(void)
{
	pthread_condattr_t ca;
	pthread_cond_t c;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c, &ca);
	struct timespec ts, now;
	abs_in(&ts, CLOCK_MONOTONIC, 30);
	pthread_mutex_lock(&m);
	int r = pthread_cond_timedwait(&c, &m, &ts);
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_unlock(&m);
	say("cond_timedwait on CLOCK_MONOTONIC times out on time",
	    r == ETIMEDOUT &&
		(now.tv_sec > ts.tv_sec ||
		 (now.tv_sec == ts.tv_sec && now.tv_nsec >= ts.tv_nsec)));
}

/* ---- rwlock ---- */

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile int readers_in, max_readers_in, writer_saw_readers;

static void *reader(void *arg)
{
	(void)arg;
	pthread_rwlock_rdlock(&rw);
	int n = __atomic_add_fetch(&readers_in, 1, __ATOMIC_RELAXED);
	if (n > max_readers_in)
		max_readers_in = n;
	usleep(20000);
	__atomic_sub_fetch(&readers_in, 1, __ATOMIC_RELAXED);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void *writer(void *arg)
{
	(void)arg;
	pthread_rwlock_wrlock(&rw);
	writer_saw_readers |= readers_in;
	usleep(5000);
	pthread_rwlock_unlock(&rw);
	return NULL;
}

static void check_rwlock(void)
{
	pthread_t t[5];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, reader, NULL);
	usleep(5000);
	pthread_create(&t[3], NULL, writer, NULL);
	pthread_create(&t[4], NULL, writer, NULL);
	for (int i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	say("readers share the rwlock", max_readers_in >= 2);
	say("writers have it alone", !writer_saw_readers);
	pthread_rwlock_wrlock(&rw);
	say("rwlock relock by its writer gives EDEADLK",
	    pthread_rwlock_rdlock(&rw) == EDEADLK);
	pthread_rwlock_unlock(&rw);
}

/* ---- once, barrier, spinlock, semaphore ---- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile int once_runs, barrier_serial, spin_total;
static pthread_barrier_t barrier;
static pthread_spinlock_t spin;

static void init_once(void)
{
	once_runs++;
	usleep(2000);
}

static void *many_things(void *arg)
{
	(void)arg;
	pthread_once(&once, init_once);
	for (int i = 0; i < 10000; i++) {
		pthread_spin_lock(&spin);
		spin_total++;
		pthread_spin_unlock(&spin);
	}
	if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
		__atomic_fetch_add(&barrier_serial, 1, __ATOMIC_RELAXED);
	return NULL;
}

static void check_once_barrier_spin(void)
{
	pthread_t t[4];
	pthread_barrier_init(&barrier, NULL, 4);
	pthread_spin_init(&spin, 0);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, many_things, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	say("pthread_once runs once", once_runs == 1);
	say("one barrier waiter is the serial thread", barrier_serial == 1);
	say("spinlocks exclude", spin_total == 40000);
	pthread_barrier_destroy(&barrier);
}

static sem_t sem;

static void *poster(void *arg)
{
	(void)arg;
	for (int i = 0; i < 1000; i++)
		sem_post(&sem);
	return NULL;
}

static void check_semaphore(void)
{
	sem_init(&sem, 0, 0);
	pthread_t t;
	pthread_create(&t, NULL, poster, NULL);
	int got = 0;
	for (int i = 0; i < 1000; i++)
		got += sem_wait(&sem) == 0;
	pthread_join(t, NULL);
	int v;
	sem_getvalue(&sem, &v);
	say("semaphore: 1000 posts, 1000 waits", got == 1000 && v == 0);
	say("sem_trywait on zero gives EAGAIN",
	    sem_trywait(&sem) == -1 && errno == EAGAIN);
	struct timespec ts;
	abs_in(&ts, CLOCK_REALTIME, 10);
	say("sem_timedwait times out",
	    sem_timedwait(&sem, &ts) == -1 && errno == ETIMEDOUT);
}

/* ---- names, self, detach, cancellation ---- */

static void *named(void *arg)
{
	char buf[16];
	(void)arg;
	pthread_setname_np(pthread_self(), "worker-7");
	pthread_getname_np(pthread_self(), buf, sizeof(buf));
	return (void *)(long)!strcmp(buf, "worker-7");
}

static volatile int cleanup_ran, detached_ran;

static void cleanup(void *arg)
{
	cleanup_ran = (int)(long)arg;
	pthread_mutex_unlock(&pc_lock);
}

static void *cancellable(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&pc_lock);
	pthread_cleanup_push(cleanup, (void *)42);
	for (;;)
		pthread_cond_wait(&not_empty, &pc_lock);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *sleeper(void *arg)
{
	(void)arg;
	sleep(100);
	return NULL;
}

static sem_t detached_go;

static void *detached(void *arg)
{
	(void)arg;
	sem_wait(&detached_go);
	detached_ran = 1;
	return NULL;
}

static void check_misc(void)
{
	pthread_t t;
	void *r;
	pthread_create(&t, NULL, named, NULL);
	pthread_join(t, &r);
	say("setname_np/getname_np", (long)r == 1);
	say("pthread_equal(self, self)",
	    pthread_equal(pthread_self(), pthread_self()));
	say("joining oneself gives EDEADLK",
	    pthread_join(pthread_self(), NULL) == EDEADLK);
	say("sched_yield", sched_yield() == 0);

	pthread_create(&t, NULL, cancellable, NULL);
	usleep(10000);
	pthread_cancel(t);
	pthread_join(t, &r);
	say("a thread cancelled in cond_wait ends with PTHREAD_CANCELED",
	    r == PTHREAD_CANCELED);
	say("and its cleanup handler ran, with the mutex held",
	    cleanup_ran == 42);
	say("which it released", pthread_mutex_trylock(&pc_lock) == 0);
	pthread_mutex_unlock(&pc_lock);

	pthread_create(&t, NULL, sleeper, NULL);
	usleep(5000);
	pthread_cancel(t);
	pthread_join(t, &r);
	say("a sleeping thread is cancelled", r == PTHREAD_CANCELED);

	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	sem_init(&detached_go, 0, 0);
	pthread_create(&t, &a, detached, NULL);
	say("a detached thread cannot be joined",
	    pthread_join(t, NULL) == EINVAL);
	say("nor detached again", pthread_detach(t) == EINVAL);
	sem_post(&detached_go);
	usleep(5000);
	say("it runs and ends by itself", detached_ran);
}

/* ---- memory: a thread's stack, TLS and descriptor go when it does ---- */

#define ROUND 300
#define SLACK (256 * 1024) /* slabs kept, page tables of new stacks */

static volatile int detached_ended;

static void *end_detached(void *arg)
{
	__atomic_fetch_add(&detached_ended, 1, __ATOMIC_RELAXED);
	return arg;
}

static void run_joined(pthread_attr_t *attr, int n)
{
	for (int i = 0; i < n; i++) {
		pthread_t t;
		if (!pthread_create(&t, attr, count_start, NULL))
			pthread_join(t, NULL);
	}
}

static void check_memory_returned(void)
{
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	run_joined(&attr, 20); /* the heap's slabs settle */
	long before = (long)page_alloc_free_bytes();
	run_joined(&attr, ROUND);
	long joined = before - (long)page_alloc_free_bytes();
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	before = (long)page_alloc_free_bytes();
	for (int i = 0; i < ROUND; i++) {
		pthread_t t;
		pthread_create(&t, &attr, end_detached, NULL);
	}
	while (detached_ended < ROUND)
		sched_yield();
	for (int i = 0; i < 10; i++)
		sched_yield(); /* let the last ones die */
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_JOINABLE);
	run_joined(&attr, 1); /* a new thread reaps the dead ones */
	long detached = before - (long)page_alloc_free_bytes();
	pthread_attr_destroy(&attr);
	printf("memory kept after %d threads: joined %ld KiB, detached %ld "
	       "KiB\n",
	       ROUND, joined / 1024, detached / 1024);
	say("joined threads give their memory back", joined < SLACK);
	say("detached threads give their memory back", detached < SLACK);
}

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	check_producer_consumer();
	check_many();
	check_keys();
	check_mutex_kinds();
	check_cond_clock();
	check_rwlock();
	check_once_barrier_spin();
	check_semaphore();
	check_misc();
	check_memory_returned();
	return 0;
}

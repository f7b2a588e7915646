/*
 * Thread micro-benchmark, built both for the host (glibc) and for osv
 * (as an application shared object); bench/threads builds and runs both.
 * Prints one "NAME_ns VALUE" line per figure, VALUE in nanoseconds:
 *
 *   ctxswitch_ns      one thread switch: two threads take turns through a
 *                     shared turn variable, each calling sched_yield until
 *                     it is its turn (a real switch only on one CPU, so
 *                     the script pins the host run to one CPU)
 *   create_join_ns    pthread_create + pthread_join of an empty thread
 *   mutex_ns          uncontended pthread_mutex_lock + unlock pair
 *   mutex_contend_ns  one increment of a shared counter under a mutex,
 *                     two threads incrementing at once
 *   condvar_rt_ns     condition-variable ping-pong round trip (two
 *                     handoffs, each a signal and a wake from wait)
 *
 * Only printf from stdio: osv has no FILE streams yet.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

/* Iteration counts: each figure takes well under a second on osv under
 * QEMU TCG, and milliseconds on the host. */
#define N_SWITCH 20000
#define N_CREATE 2000
#define N_MUTEX 4000000
#define N_CONTEND 1000000
#define N_CONDVAR 20000

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int fail(const char *what, int err)
{
	printf("threads: %s failed (%d)\n", what, err);
	return 1;
}

/* Context switch through sched_yield. */
static atomic_int turn;

static void yield_side(int me, long n)
{
	for (long i = 0; i < n; i++) {
		while (atomic_load_explicit(&turn, memory_order_acquire) != me)
			sched_yield();
		atomic_store_explicit(&turn, !me, memory_order_release);
	}
}

static void *yield_thread(void *arg)
{
	yield_side(1, (long)arg);
	return NULL;
}

static int bench_ctxswitch(void)
{
	pthread_t t;
	int err;

	atomic_store(&turn, 0);
	err = pthread_create(&t, NULL, yield_thread, (void *)(long)N_SWITCH);
	if (err)
		return fail("pthread_create", err);
	long long t0 = now_ns();
	yield_side(0, N_SWITCH);
	pthread_join(t, NULL);
	long long dt = now_ns() - t0;
	/* Each side hands over the turn N times: 2N switches. */
	printf("ctxswitch_ns %lld\n", dt / (2LL * N_SWITCH));
	return 0;
}

/* pthread_create + pthread_join. */
static void *empty_thread(void *arg)
{
	return arg;
}

static int bench_create_join(void)
{
	long long t0 = now_ns();

	for (int i = 0; i < N_CREATE; i++) {
		pthread_t t;
		int err = pthread_create(&t, NULL, empty_thread, NULL);

		if (err)
			return fail("pthread_create", err);
		pthread_join(t, NULL);
	}
	printf("create_join_ns %lld\n", (now_ns() - t0) / N_CREATE);
	return 0;
}

/* Uncontended lock/unlock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int bench_mutex(void)
{
	long long t0 = now_ns();

	for (long i = 0; i < N_MUTEX; i++) {
		pthread_mutex_lock(&lock);
		pthread_mutex_unlock(&lock);
	}
	printf("mutex_ns %lld\n", (now_ns() - t0) / N_MUTEX);
	return 0;
}

/* Two threads incrementing one counter under a mutex. */
static volatile long counter;

static void *contend_thread(void *arg)
{
	for (long i = 0; i < (long)arg; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static int bench_contend(void)
{
	pthread_t t[2];
	int err;

	counter = 0;
	long long t0 = now_ns();
	for (int i = 0; i < 2; i++) {
		err = pthread_create(&t[i], NULL, contend_thread,
				     (void *)(long)N_CONTEND);
		if (err)
			return fail("pthread_create", err);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	long long dt = now_ns() - t0;
	if (counter != 2L * N_CONTEND) {
		printf("threads: counter %ld, expected %ld\n", counter,
		       2L * N_CONTEND);
		return 1;
	}
	printf("mutex_contend_ns %lld\n", dt / (2LL * N_CONTEND));
	return 0;
}

/* Condition-variable ping-pong. */
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int cv_turn;

static void cv_side(int me, long n)
{
	pthread_mutex_lock(&lock);
	for (long i = 0; i < n; i++) {
		while (cv_turn != me)
			pthread_cond_wait(&cond, &lock);
		cv_turn = !me;
		pthread_cond_signal(&cond);
	}
	pthread_mutex_unlock(&lock);
}

static void *cv_thread(void *arg)
{
	cv_side(1, (long)arg);
	return NULL;
}

static int bench_condvar(void)
{
	pthread_t t;
	int err;

	cv_turn = 0;
	err = pthread_create(&t, NULL, cv_thread, (void *)(long)N_CONDVAR);
	if (err)
		return fail("pthread_create", err);
	long long t0 = now_ns();
	cv_side(0, N_CONDVAR);
	pthread_join(t, NULL);
	printf("condvar_rt_ns %lld\n", (now_ns() - t0) / N_CONDVAR);
	return 0;
}

int main(void)
{
	if (bench_ctxswitch() || bench_create_join() || bench_mutex() ||
	    bench_contend() || bench_condvar())
		return 1;
	return 0;
}

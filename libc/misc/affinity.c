/*
 * sched_getaffinity, sched_setaffinity: every thread runs on the one
 * processor the scheduler uses (CPU 0), so the mask is {0}, and a mask
 * without CPU 0 cannot be had (EINVAL, as Linux says for a mask of no
 * usable CPU).  Only the program's own pid (0 or getpid()) and its
 * threads exist.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sched_getaffinity(pid_t pid, size_t size, void *mask);
int sched_setaffinity(pid_t pid, size_t size, const void *mask);

int sched_getaffinity(pid_t pid, size_t size, void *mask)
{
	(void)pid;
	if (size == 0) {
		errno = EINVAL;
		return -1;
	}
	memset(mask, 0, size);
	*(unsigned char *)mask = 1;
	return 0;
}

int sched_setaffinity(pid_t pid, size_t size, const void *mask)
{
	(void)pid;
	if (size == 0 || !(*(const unsigned char *)mask & 1)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* What glibc's CPU_COUNT, CPU_ALLOC and CPU_FREE macros call. */
int __sched_cpucount(size_t size, const void *set);
void *__sched_cpualloc(size_t count);
void __sched_cpufree(void *set);

int __sched_cpucount(size_t size, const void *set)
{
	const unsigned char *p = set;
	int n = 0;
	for (size_t i = 0; i < size; i++)
		for (unsigned b = p[i]; b; b &= b - 1)
			n++;
	return n;
}

void *__sched_cpualloc(size_t count)
{
	/* CPU_ALLOC_SIZE: whole unsigned longs of bits. */
	size_t bytes = (count + 63) / 64 * 8;
	return malloc(bytes ? bytes : 8);
}

void __sched_cpufree(void *set)
{
	free(set);
}

/*
 * The pthread forms answer as the process's: every thread shares the
 * one CPU.  They return the error instead of setting errno, as glibc's.
 * An attribute's set is checked when given (Linux checks it only at
 * pthread_create, with the same EINVAL) so it need not be stored: the
 * only set a thread can have is {0}.
 */

static int affinity_check(size_t size, const void *set)
{
	return size == 0 || !(*(const unsigned char *)set & 1) ? EINVAL : 0;
}

static int affinity_fill(size_t size, void *set)
{
	if (size == 0)
		return EINVAL;
	memset(set, 0, size);
	*(unsigned char *)set = 1;
	return 0;
}

int pthread_setaffinity_np(pthread_t thread, size_t size, const void *set)
{
	(void)thread;
	return affinity_check(size, set);
}

int pthread_getaffinity_np(pthread_t thread, size_t size, void *set)
{
	(void)thread;
	return affinity_fill(size, set);
}

int pthread_attr_setaffinity_np(pthread_attr_t *attr, size_t size,
				const void *set)
{
	(void)attr;
	/* No set: the attribute's affinity is cleared, as glibc's. */
	if (set == NULL || size == 0)
		return 0;
	return affinity_check(size, set);
}

int pthread_attr_getaffinity_np(const pthread_attr_t *attr, size_t size,
				void *set)
{
	(void)attr;
	return affinity_fill(size, set);
}

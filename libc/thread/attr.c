/*
 * Thread attributes (pthread_attr_t as struct attr_impl).  Scheduling
 * attributes are kept and reported but change nothing: one round-robin
 * class serves every thread.  The guard page is always one page below a
 * stack the kernel allocates, none below one the caller gives.
 */
#include <string.h>

#include "pthread_impl.h"

#define A(attr) ((struct attr_impl *)(attr))
#define CA(attr) ((const struct attr_impl *)(attr))

int pthread_attr_init(pthread_attr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	A(attr)->stack_size = DEFAULT_STACK_SIZE;
	A(attr)->guard_size = 4096;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE &&
	    state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	A(attr)->detach_state = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state)
{
	*state = CA(attr)->detach_state;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	A(attr)->stack_size = size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size)
{
	*size =
	    CA(attr)->stack_size ? CA(attr)->stack_size : DEFAULT_STACK_SIZE;
	return 0;
}

int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	A(attr)->stack_addr = addr;
	A(attr)->stack_size = size;
	return 0;
}

int pthread_attr_getstack(const pthread_attr_t *attr, void **addr, size_t *size)
{
	*addr = CA(attr)->stack_addr;
	return pthread_attr_getstacksize(attr, size);
}

int pthread_attr_setguardsize(pthread_attr_t *attr, size_t size)
{
	A(attr)->guard_size = size;
	return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *attr, size_t *size)
{
	*size = CA(attr)->guard_size;
	return 0;
}

int pthread_attr_setschedparam(pthread_attr_t *attr,
			       const struct sched_param *param)
{
	A(attr)->priority = param->sched_priority;
	return 0;
}

int pthread_attr_getschedparam(const pthread_attr_t *attr,
			       struct sched_param *param)
{
	param->sched_priority = CA(attr)->priority;
	return 0;
}

int pthread_attr_setschedpolicy(pthread_attr_t *attr, int policy)
{
	if (policy != SCHED_OTHER && policy != SCHED_FIFO && policy != SCHED_RR)
		return EINVAL;
	A(attr)->policy = policy;
	return 0;
}

int pthread_attr_getschedpolicy(const pthread_attr_t *attr, int *policy)
{
	*policy = CA(attr)->policy;
	return 0;
}

int pthread_attr_setinheritsched(pthread_attr_t *attr, int inherit)
{
	if (inherit != PTHREAD_INHERIT_SCHED &&
	    inherit != PTHREAD_EXPLICIT_SCHED)
		return EINVAL;
	A(attr)->inherit = inherit;
	return 0;
}

int pthread_attr_getinheritsched(const pthread_attr_t *attr, int *inherit)
{
	*inherit = CA(attr)->inherit;
	return 0;
}

int pthread_attr_setscope(pthread_attr_t *attr, int scope)
{
	if (scope == PTHREAD_SCOPE_PROCESS)
		return ENOTSUP;
	if (scope != PTHREAD_SCOPE_SYSTEM)
		return EINVAL;
	A(attr)->scope = scope;
	return 0;
}

int pthread_attr_getscope(const pthread_attr_t *attr, int *scope)
{
	*scope = CA(attr)->scope;
	return 0;
}

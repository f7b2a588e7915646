/*
 * The order of everything around main: a library's initialization
 * before the program's, constructor priorities, then at exit the
 * thread_local destructors, the atexit() handlers (last first), the
 * program's destructors and the library's.
 */
#include <stdio.h>
#include <stdlib.h>

int order_lib_ready(void);
int __cxa_thread_atexit_impl(void (*fn)(void *), void *obj, void *dso);
extern void *__dso_handle;

__attribute__((constructor(101))) static void early_constructor(void)
{
	puts("order: app constructor 101");
}

__attribute__((constructor)) static void constructor(void)
{
	puts("order: app constructor");
}

__attribute__((destructor)) static void destructor(void)
{
	puts("order: app destructor");
}

static void handler1(void)
{
	puts("order: atexit 1");
}

static void handler2(void)
{
	puts("order: atexit 2");
}

static void thread_destructor(void *arg)
{
	puts(arg);
}

int main(void)
{
	puts("order: main");
	atexit(handler1);
	atexit(handler2);
	__cxa_thread_atexit_impl(
	    thread_destructor, "order: thread_local destructor", &__dso_handle);
	return order_lib_ready() - 1;
}

/* ucontext.h: user contexts (glibc's x86_64 ucontext_t). */
#ifndef _UCONTEXT_H
#define _UCONTEXT_H

#include <sys/ucontext.h>

int getcontext(ucontext_t *ucp);
int setcontext(const ucontext_t *ucp);
int swapcontext(ucontext_t *restrict oucp, const ucontext_t *restrict ucp);
void makecontext(ucontext_t *ucp, void (*func)(void), int argc, ...);

#endif

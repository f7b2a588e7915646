/*
 * Shared by the files of libc/signal (the fault path into signal.c),
 * with libc/thread (a thread's mask and its place among the signal
 * takers) and with the calls whose waits a signal interrupts (libc/fs,
 * libc/time, libc/thread).
 */
#ifndef OSV_LIBC_SIGNAL_IMPL_H
#define OSV_LIBC_SIGNAL_IMPL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ucontext.h>

#include "libc.h"

struct pthread;

/*
 * What a handler's arguments point at.  uc sits 8 bytes past a 16-byte
 * boundary so that its __fpregs_mem is aligned for fxsave/fxrstor.
 */
struct osv_sigframe {
	siginfo_t info;
	uint64_t pad;
	ucontext_t uc;
} __attribute__((aligned(16)));
_Static_assert(offsetof(struct osv_sigframe, uc.__fpregs_mem) % 16 == 0,
	       "fxsave needs __fpregs_mem 16-byte aligned");

/*
 * What a handler needs of a stack beside its frame and the calls down to
 * it: room of its own (about what Linux's frame leaves of a MINSIGSTKSZ
 * stack) and room for an interrupt taken while it runs, whose frame goes
 * on the stack in use (on Linux it goes on the kernel stack).
 */
#define OSV_SIGNAL_HANDLER_BYTES 512
#define OSV_SIGNAL_INTERRUPT_BYTES 1024

/*
 * fault.c: uc gets the registers and FPU state of an interrupt's frame f
 * (the program's code it interrupted); and f gets the registers a
 * handler left in uc, as with a fault's.
 */
struct trap_frame;
void osv_signal_interrupt_context(const struct trap_frame *f,
				  ucontext_t *uc) LIBC_HIDDEN;
void osv_signal_interrupt_resume(const ucontext_t *uc,
				 struct trap_frame *f) LIBC_HIDDEN;

/*
 * Runs the program's handler of a fault's signal with info and uc (its
 * registers and FPU state filled; the mask and uc_stack are filled
 * here), on the alternate stack under SA_ONSTACK; false, and nothing
 * runs, when the signal is blocked or has no handler.
 */
bool osv_signal_fault_handler(int sig, siginfo_t *info,
			      ucontext_t *uc) LIBC_HIDDEN;
/*
 * Where a fault's handler for sig would run when the faulting stack
 * (sp) is unusable: the top of the calling thread's alternate stack when
 * sig has an SA_ONSTACK handler it does not block and sp is neither on
 * that stack nor in the page below it (the alternate stack overflowed:
 * a second frame at its top would overwrite the first handler's); else
 * 0, and the fault is fatal.  Also 0, said on the console, when that
 * stack is smaller than need bytes: Linux too forces SIGSEGV when the
 * frame does not fit, where running on would overwrite what lies below.
 */
uintptr_t osv_signal_altstack_top(int sig, uintptr_t sp,
				  size_t need) LIBC_HIDDEN;
/* sigframe.S: see there. */
void osv_signal_save_gregs(greg_t *gregs) LIBC_HIDDEN;
void osv_signal_call_on(void *sp, void (*fn)(void *), void *arg) LIBC_HIDDEN;
/* Hooks the kernel's trap path when a handler for a fault's signal is
 * installed (the first time only). */
void osv_signal_fault_hook_install(int sig) LIBC_HIDDEN;
/* kill() of the program with the siginfo a handler receives (timers). */
int osv_signal_process(int sig, siginfo_t *info) LIBC_HIDDEN;
/* A SIGEV_THREAD notification of ev: lost when out of memory. */
void osv_sigevent_thread(const struct sigevent *ev) LIBC_HIDDEN;
/*
 * pthread_create() of one of the libc's service threads (alarm's, the
 * timers'): it blocks every signal, so never takes the program's.
 */
int osv_signal_service_thread(pthread_t *t, void *(*fn)(void *),
			      void *arg) LIBC_HIDDEN;
/* tgkill() and tkill(): to the thread whose kernel id is tid (gettid()),
 * ESRCH when the program has none. */
int osv_signal_tkill(int tid, int sig) LIBC_HIDDEN;

/*
 * p (its mask set: its creator's) becomes one of the threads a
 * process-directed signal may go to, until osv_signal_thread_end(),
 * which drops what was sent to it alone.
 */
void osv_signal_thread_start(struct pthread *p) LIBC_HIDDEN;
void osv_signal_thread_end(struct pthread *p) LIBC_HIDDEN;

/*
 * For signalfd (libc/fs/signalfd.c): takes the lowest signal of mask
 * (bit n - 1: signal n) pending for the calling thread, else for the
 * program, with its siginfo, as sigtimedwait does; false if none.  And
 * whether one is pending.  Callable with a spinlock held.
 */
bool osv_signal_take_pending(uint64_t mask, siginfo_t *info) LIBC_HIDDEN;
bool osv_signal_pending_in(uint64_t mask) LIBC_HIDDEN;

/*
 * For a call whose interruptible wait ended with -EINTR: runs the
 * handlers of the signals pending for the calling thread that its mask
 * lets through, and says what ran.  NONE: the interrupt was
 * pthread_cancel()'s, or another thread took the signal first; RESTART:
 * every handler that ran has SA_RESTART, so a restartable call goes on;
 * EINTR: the call fails with EINTR.
 */
enum osv_signal_ran { OSV_SIGNAL_NONE, OSV_SIGNAL_RESTART, OSV_SIGNAL_EINTR };
enum osv_signal_ran osv_signal_interrupted(void) LIBC_HIDDEN;

/*
 * A wait under a signal mask of its own (ppoll, pselect, epoll_pwait,
 * sigsuspend), on the caller's stack:
 *	osv_sigmask_wait_begin(&w, mask);
 *	r = osv_sigmask_wait_end(&w, an interruptible wait's result);
 * begin installs mask as the calling thread's; a signal it lets through,
 * pending then or sent later, interrupts the wait (thread_interrupt()).
 * end runs the handlers of such signals, but only when r is not a count
 * of ready events: a count is returned and the signals stay pending, as
 * on Linux (what the count reports would otherwise be lost: EPOLLET).
 * It then restores the caller's mask (delivering what that lets
 * through) and returns r, or -EINTR when a handler ran.
 */
struct osv_sigmask_wait {
	sigset_t old;
};
void osv_sigmask_wait_begin(struct osv_sigmask_wait *w,
			    const sigset_t *mask) LIBC_HIDDEN;
long osv_sigmask_wait_end(struct osv_sigmask_wait *w, long r) LIBC_HIDDEN;

#endif

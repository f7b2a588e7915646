/* The sigset_t operations: one bit a signal, signal n at bit n - 1. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#define BITS (8 * sizeof(unsigned long))

static int bad(int sig)
{
	if (sig < 1 || sig >= _NSIG) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

int sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	return 0;
}

/* Like glibc's: every bit but those of 32 and 33, glibc's own signals
 * (thread cancellation and set*id), which programs may not block. */
int sigfillset(sigset_t *set)
{
	memset(set, 0xff, sizeof(*set));
	set->__val[0] &= ~(3UL << 31);
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (bad(sig))
		return -1;
	set->__val[(sig - 1) / BITS] |= 1UL << ((sig - 1) % BITS);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (bad(sig))
		return -1;
	set->__val[(sig - 1) / BITS] &= ~(1UL << ((sig - 1) % BITS));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (bad(sig))
		return -1;
	return !!(set->__val[(sig - 1) / BITS] & (1UL << ((sig - 1) % BITS)));
}

int sigisemptyset(const sigset_t *set)
{
	for (size_t i = 0; i < sizeof(set->__val) / sizeof(set->__val[0]); i++)
		if (set->__val[i])
			return 0;
	return 1;
}

/* No real-time signals are queued here, but the range is Linux's
 * (glibc keeps 32 and 33 for itself). */
int __libc_current_sigrtmin(void)
{
	return 34;
}

int __libc_current_sigrtmax(void)
{
	return 64;
}

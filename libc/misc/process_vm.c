/*
 * process_vm_readv and process_vm_writev: the program is the machine's
 * only process, so the one pid they can name is its own, and the copy
 * is between two lists of its own memory (Linux's rules otherwise: the
 * lists are walked together up to the shorter one's end).  Unlike
 * Linux's, an unmapped address faults instead of giving EFAULT.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define IOV_MAX 1024

static ssize_t transfer(pid_t pid, const struct iovec *local,
			unsigned long nlocal, const struct iovec *remote,
			unsigned long nremote, unsigned long flags, bool write)
{
	if (flags || nlocal > IOV_MAX || nremote > IOV_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (pid != getpid()) {
		errno = ESRCH;
		return -1;
	}
	size_t done = 0, lo = 0, ro = 0;
	unsigned long li = 0, ri = 0;
	while (li < nlocal && ri < nremote) {
		size_t ll = local[li].iov_len - lo,
		       rl = remote[ri].iov_len - ro;
		size_t n = ll < rl ? ll : rl;
		char *l = (char *)local[li].iov_base + lo;
		char *r = (char *)remote[ri].iov_base + ro;
		memmove(write ? r : l, write ? l : r, n);
		done += n;
		lo += n;
		ro += n;
		if (lo == local[li].iov_len)
			li++, lo = 0;
		if (ro == remote[ri].iov_len)
			ri++, ro = 0;
	}
	return (ssize_t)done;
}

ssize_t process_vm_readv(pid_t pid, const struct iovec *local,
			 unsigned long nlocal, const struct iovec *remote,
			 unsigned long nremote, unsigned long flags)
{
	return transfer(pid, local, nlocal, remote, nremote, flags, false);
}

ssize_t process_vm_writev(pid_t pid, const struct iovec *local,
			  unsigned long nlocal, const struct iovec *remote,
			  unsigned long nremote, unsigned long flags)
{
	return transfer(pid, local, nlocal, remote, nremote, flags, true);
}

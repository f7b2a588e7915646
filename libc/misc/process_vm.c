/*
 * process_vm_readv and process_vm_writev: the program is the machine's
 * only process, so the one pid they can name is its own, and the copy
 * is between two lists of its own memory (Linux's rules otherwise: the
 * lists are walked together up to the shorter one's end).  As Linux's,
 * the copy stops at the first page either side cannot be read or
 * written: the bytes before it are the count, EFAULT when there are
 * none (lists the program cannot read are EFAULT too).
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "vm.h"

#define IOV_MAX 1024

static bool lists_readable(const struct iovec *local, unsigned long nlocal,
			   const struct iovec *remote, unsigned long nremote)
{
	size_t l = nlocal * sizeof(*local), r = nremote * sizeof(*remote);
	return vm_accessible((uintptr_t)local, l, 0) == l &&
	       vm_accessible((uintptr_t)remote, r, 0) == r;
}

/* How many of the n bytes from src to dst can be copied. */
static size_t accessible(const char *src, char *dst, size_t n)
{
	n = vm_accessible((uintptr_t)src, n, 0);
	return vm_accessible((uintptr_t)dst, n, VM_ACCESS_WRITE);
}

static ssize_t transfer(pid_t pid, const struct iovec *local,
			unsigned long nlocal, const struct iovec *remote,
			unsigned long nremote, unsigned long flags, bool write)
{
	if (flags || nlocal > IOV_MAX || nremote > IOV_MAX) {
		errno = EINVAL;
		return -1;
	}
	/* Linux copies the lists in before it looks for the process */
	if (!lists_readable(local, nlocal, remote, nremote)) {
		errno = EFAULT;
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
		size_t can = accessible(write ? l : r, write ? r : l, n);
		memmove(write ? r : l, write ? l : r, can);
		done += can;
		if (can < n) {
			if (done)
				break;
			errno = EFAULT;
			return -1;
		}
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

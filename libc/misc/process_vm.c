/*
 * process_vm_readv and process_vm_writev: the program is the machine's
 * only process, so the one pid they can name is its own, and the copy
 * is between two lists of its own memory (Linux's rules otherwise: the
 * lists are walked together up to the shorter one's end).  As Linux's,
 * the copy stops at the first page either side cannot be read or
 * written: the bytes before it are the count, EFAULT when there are
 * none (lists the program cannot read are EFAULT too).  A list that
 * names no byte gives 0 at once, as Linux's, which looks at neither the
 * other list nor the pid then.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "vm.h"

#define IOV_MAX 1024

/*
 * Linux's checks of one list, in its order: too long (EINVAL), not
 * readable (EFAULT), a length past SSIZE_MAX (EINVAL); 0 or the errno.
 * *empty: whether it names no byte at all.
 */
static int check_list(const struct iovec *v, unsigned long n, bool *empty)
{
	if (n > IOV_MAX)
		return EINVAL;
	size_t size = n * sizeof(*v);
	if (vm_accessible((uintptr_t)v, size, 0) != size)
		return EFAULT;
	*empty = true;
	for (unsigned long i = 0; i < n; i++) {
		if (v[i].iov_len > SSIZE_MAX)
			return EINVAL;
		*empty = *empty && !v[i].iov_len;
	}
	return 0;
}

/*
 * The arguments checked in Linux's order: the local list, the remote
 * one, the pid; 0 or the errno.  An empty list ends the checks (*empty)
 * and the call returns 0, even for a bad remote list or pid, as Linux's.
 */
static int check_args(pid_t pid, const struct iovec *local,
		      unsigned long nlocal, const struct iovec *remote,
		      unsigned long nremote, bool *empty)
{
	int err = check_list(local, nlocal, empty);
	if (!err && !*empty)
		err = check_list(remote, nremote, empty);
	if (!err && !*empty && pid != getpid())
		err = ESRCH;
	return err;
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
	bool empty = false;
	int err = flags
		      ? EINVAL
		      : check_args(pid, local, nlocal, remote, nremote, &empty);
	if (err) {
		errno = err;
		return -1;
	}
	if (empty)
		return 0;
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

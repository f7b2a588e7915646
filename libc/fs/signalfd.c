/*
 * signalfd over the kernel's signalfd files (kernel/fs/signalfd.c),
 * whose records come from the libc's pending signals (signal.c).
 */
#include <string.h>
#include <sys/signalfd.h>

#include "fs_impl.h"

_Static_assert(sizeof(struct signalfd_siginfo) == 128,
	       "struct signalfd_siginfo is Linux's 128 bytes");

static bool take_record(uint64_t mask, void *record)
{
	siginfo_t info;
	if (!osv_signal_take_pending(mask, &info))
		return false;
	struct signalfd_siginfo r;
	memset(&r, 0, sizeof(r));
	r.ssi_signo = info.si_signo;
	r.ssi_errno = info.si_errno;
	r.ssi_code = info.si_code;
	if (info.si_code == SI_TIMER) {
		r.ssi_tid = info.si_timerid;
		r.ssi_overrun = info.si_overrun;
		r.ssi_int = info.si_value.sival_int;
		r.ssi_ptr = (uint64_t)(uintptr_t)info.si_value.sival_ptr;
	} else {
		r.ssi_pid = info.si_pid;
		r.ssi_uid = info.si_uid;
	}
	memcpy(record, &r, sizeof(r));
	return true;
}

static const struct fs_signalfd_source pending_signals = {
    .take = take_record,
    .pending = osv_signal_pending_in,
};

int signalfd(int fd, const sigset_t *mask, int flags)
{
	if (!mask) {
		errno = EINVAL;
		return -1;
	}
	fs_signalfd_source(&pending_signals);
	return (int)fs_ret(fs_signalfd(fd, mask->__val[0], flags));
}

/*
 * POSIX asynchronous I/O, done at once: each request is carried out
 * (pread, pwrite, fsync) in the call that submits it, which POSIX
 * allows, and its notification sent as it completes.  So aio_error
 * never sees EINPROGRESS, aio_suspend returns at once, and aio_cancel
 * finds every request done (AIO_ALLDONE).  The *64 names are the same
 * functions: off_t is 64 bits.
 */
#include <aio.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../signal/signal_impl.h"

#define SI_ASYNCIO (-4)

static void notify(const struct sigevent *ev)
{
	/* Signal 0, which a zeroed aiocb names, sends nothing (sigqueue's
	 * check), as in glibc. */
	if (ev->sigev_notify == SIGEV_SIGNAL && ev->sigev_signo > 0 &&
	    ev->sigev_signo < _NSIG) {
		siginfo_t info;
		memset(&info, 0, sizeof(info));
		info.si_signo = ev->sigev_signo;
		info.si_code = SI_ASYNCIO;
		info.si_pid = getpid();
		info.si_value = ev->sigev_value;
		osv_signal_process(ev->sigev_signo, &info);
	} else if (ev->sigev_notify == SIGEV_THREAD) {
		osv_sigevent_thread(ev);
	}
}

/* Carries out one request; its result is what aio_return gives. */
static void perform(struct aiocb *cb, int op)
{
	ssize_t r;
	void *buf = (void *)cb->aio_buf;
	if (op == LIO_READ)
		r = pread(cb->aio_fildes, buf, cb->aio_nbytes, cb->aio_offset);
	else if (op == LIO_WRITE && (fcntl(cb->aio_fildes, F_GETFL) & O_APPEND))
		r = write(cb->aio_fildes, buf, cb->aio_nbytes);
	else if (op == LIO_WRITE)
		r = pwrite(cb->aio_fildes, buf, cb->aio_nbytes, cb->aio_offset);
	else if (op == O_DSYNC)
		r = fdatasync(cb->aio_fildes);
	else
		r = fsync(cb->aio_fildes);
	cb->__return_value = r;
	cb->__error_code = r < 0 ? errno : 0;
}

/* Submission errors as glibc reports them: EINVAL for a negative
 * offset, EBADF for a closed descriptor, both before any I/O. */
static int submit(struct aiocb *cb, int op)
{
	if ((op == LIO_READ || op == LIO_WRITE) && cb->aio_offset < 0) {
		errno = EINVAL;
		return -1;
	}
	if (fcntl(cb->aio_fildes, F_GETFL) < 0) {
		errno = EBADF;
		return -1;
	}
	int saved = errno;
	perform(cb, op);
	errno = saved;
	notify(&cb->aio_sigevent);
	return 0;
}

int aio_read(struct aiocb *cb)
{
	return submit(cb, LIO_READ);
}

int aio_write(struct aiocb *cb)
{
	return submit(cb, LIO_WRITE);
}

int aio_fsync(int op, struct aiocb *cb)
{
	if (op != O_DSYNC && op != O_SYNC) {
		errno = EINVAL;
		return -1;
	}
	return submit(cb, op);
}

int aio_error(const struct aiocb *cb)
{
	return cb->__error_code;
}

ssize_t aio_return(struct aiocb *cb)
{
	return cb->__return_value;
}

int aio_cancel(int fd, struct aiocb *cb)
{
	if (fcntl(fd, F_GETFL) < 0) {
		errno = EBADF;
		return -1;
	}
	if (cb && cb->aio_fildes != fd) {
		errno = EINVAL;
		return -1;
	}
	return AIO_ALLDONE;
}

/* Every request has completed: the first listed one is done. */
int aio_suspend(const struct aiocb *const list[], int n,
		const struct timespec *timeout)
{
	(void)list, (void)n, (void)timeout;
	return 0;
}

/*
 * Each request in turn, notified as it completes (glibc's lio_listio
 * since 2.4); a request that fails to start is marked with its error
 * (EIO for the call, as glibc).  LIO_NOWAIT notifies ev once all are
 * done, which they are on return.
 */
int lio_listio(int mode, struct aiocb *const list[], int n, struct sigevent *ev)
{
	if ((mode != LIO_WAIT && mode != LIO_NOWAIT) || n < 0) {
		errno = EINVAL;
		return -1;
	}
	int failed = 0;
	for (int i = 0; i < n; i++) {
		struct aiocb *cb = list[i];
		if (!cb || cb->aio_lio_opcode == LIO_NOP)
			continue;
		if (submit(cb, cb->aio_lio_opcode) < 0) {
			cb->__error_code = errno;
			cb->__return_value = -1;
			failed = 1;
		} else if (cb->__error_code) {
			failed = 1;
		}
	}
	if (mode == LIO_NOWAIT && ev)
		notify(ev);
	if (failed) {
		errno = EIO;
		return -1;
	}
	return 0;
}

extern __typeof(aio_read) aio_read64 __attribute__((alias("aio_read")));
extern __typeof(aio_write) aio_write64 __attribute__((alias("aio_write")));
extern __typeof(aio_fsync) aio_fsync64 __attribute__((alias("aio_fsync")));
extern __typeof(aio_error) aio_error64 __attribute__((alias("aio_error")));
extern __typeof(aio_return) aio_return64 __attribute__((alias("aio_return")));
extern __typeof(aio_cancel) aio_cancel64 __attribute__((alias("aio_cancel")));
extern __typeof(aio_suspend) aio_suspend64
    __attribute__((alias("aio_suspend")));
extern __typeof(lio_listio) lio_listio64 __attribute__((alias("lio_listio")));

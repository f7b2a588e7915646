/* aio.h: POSIX asynchronous I/O, glibc's x86_64 layout of struct aiocb. */
#ifndef _AIO_H
#define _AIO_H

#include <signal.h>
#include <sys/types.h>
#include <time.h>

struct aiocb {
	int aio_fildes;
	int aio_lio_opcode;
	int aio_reqprio;
	volatile void *aio_buf;
	size_t aio_nbytes;
	struct sigevent aio_sigevent;
	struct aiocb *__next_prio;
	int __abs_prio;
	int __policy;
	int __error_code;
	ssize_t __return_value;
	off_t aio_offset;
	char __glibc_reserved[32];
};

enum { LIO_READ, LIO_WRITE, LIO_NOP };
enum { LIO_WAIT, LIO_NOWAIT };
enum { AIO_CANCELED, AIO_NOTCANCELED, AIO_ALLDONE };

int aio_read(struct aiocb *cb);
int aio_write(struct aiocb *cb);
int aio_fsync(int op, struct aiocb *cb);
int aio_error(const struct aiocb *cb);
ssize_t aio_return(struct aiocb *cb);
int aio_cancel(int fd, struct aiocb *cb);
int aio_suspend(const struct aiocb *const list[], int n,
		const struct timespec *timeout);
int lio_listio(int mode, struct aiocb *const list[], int n,
	       struct sigevent *ev);

#endif

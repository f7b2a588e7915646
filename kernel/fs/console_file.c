/*
 * The console as a file.  Reading waits for the first byte (asleep
 * when the consoles signal input: console_read_wait()) and then takes
 * what is already there, as a terminal in raw mode would; output is
 * written at once.  TCGETS answers with the settings of a terminal that
 * does nothing special, so isatty() holds; TCSETS records new settings,
 * which TCGETS then reads back, but the console keeps working as it does
 * (no echo, no line editing, no signals from keys: a program's raw mode
 * is what it gets already).  TCFLSH discards the input waiting; output is
 * never queued, so draining, flow control and breaks have nothing to
 * do.  The foreground process group is the program's (1).  It is always
 * writable, and readable (poll, FIONREAD) when the consoles have input
 * waiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "console.h"
#include "console_file.h"
#include "mm.h"
#include "uaccess.h"

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540a
#define TCFLSH 0x540b
#define TIOCGPGRP 0x540f
#define TIOCSPGRP 0x5410
#define TIOCGWINSZ 0x5413
#define FIONREAD 0x541b
#define TIOCGSID 0x5429

#define TCIOFLUSH 2 /* TCFLSH's largest queue selector */
#define TCION 3	    /* TCXONC's largest action */
#define PROGRAM_PGRP 1

/* Linux's struct termios as TCGETS fills it */
struct kernel_termios {
	unsigned c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line;
	unsigned char c_cc[19];
};

/* The settings TCSETS recorded; at first, a plain terminal's. */
static struct kernel_termios settings = {
    .c_iflag = 0x500,  /* ICRNL | IXON */
    .c_oflag = 0x5,    /* OPOST | ONLCR */
    .c_cflag = 0xbf,   /* B38400 | CS8 | CREAD */
    .c_lflag = 0x8a3b, /* ISIG ICANON ECHO ECHOE ECHOK ... */
};

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/*
 * buf is the program's: a bad one fails before a character is taken
 * (or, unmapped meanwhile, ends the read: the character is lost).
 */
long console_file_read(void *buf, size_t len, bool nonblock)
{
	unsigned char *p = buf;
	size_t n = 0;
	if (len == 0)
		return 0;
	if (probe_program_write(buf, 1))
		return -EFAULT;
	int c = nonblock ? console_read() : console_read_wait();
	if (c < 0)
		return -EAGAIN;
	do {
		unsigned char ch = (unsigned char)c;
		if (put_program(p + n, &ch, 1))
			break;
		n++;
	} while (n < len && c != '\n' && (c = console_read()) >= 0);
	return n ? (long)n : -EFAULT;
}

#define WRITE_NEAR 512		/* a write this long is copied to the stack */
#define WRITE_PIECE (64 * 1024) /* a longer one to the heap, this at most */

/*
 * Through a kernel copy, buf being the program's (a bad one: a short
 * write, or EFAULT); in one piece when it fits, that writes of threads
 * do not interleave.
 */
long console_file_write(const void *buf, size_t len)
{
	char near[WRITE_NEAR];
	size_t room = len <= WRITE_NEAR	  ? WRITE_NEAR
		      : len < WRITE_PIECE ? len
					  : WRITE_PIECE;
	char *copy = room == WRITE_NEAR ? near : heap_alloc(room);
	if (!copy) {
		copy = near;
		room = WRITE_NEAR;
	}
	size_t done = 0;
	while (done < len) {
		size_t n = len - done < room ? len - done : room;
		size_t got =
		    n - copy_from_program(copy, (const char *)buf + done, n);
		console_write(copy, got);
		done += got;
		if (got < n)
			break;
	}
	if (copy != near)
		heap_free(copy);
	return done || !len ? (long)done : -EFAULT;
}

/* TCFLSH: the input queue (TCIFLUSH, TCIOFLUSH) is emptied. */
static int flush_queue(unsigned long queue)
{
	if (queue > TCIOFLUSH)
		return -EINVAL;
	if (queue != 1) /* TCOFLUSH: output is never queued */
		while (console_read() >= 0)
			;
	return 0;
}

static int set_foreground(const int *pgrp)
{
	if (*pgrp < 0)
		return -EINVAL;
	return *pgrp == PROGRAM_PGRP ? 0 : -EPERM;
}

static int window_size(struct winsize *w)
{
	memset(w, 0, sizeof(*w));
	w->ws_row = 24;
	w->ws_col = 80;
	return 0;
}

int console_file_ioctl(unsigned long cmd, void *arg)
{
	switch (cmd) {
	case TCGETS:
		memcpy(arg, &settings, sizeof(settings));
		return 0;
	case TCSETSF:
		flush_queue(0);
		/* fall through */
	case TCSETS:
	case TCSETSW:
		memcpy(&settings, arg, sizeof(settings));
		return 0;
	case TCFLSH:
		return flush_queue((unsigned long)arg);
	case TCSBRK:
		return 0;
	case TCXONC:
		return (unsigned long)arg > TCION ? -EINVAL : 0;
	case TIOCGPGRP:
	case TIOCGSID:
		*(int *)arg = PROGRAM_PGRP;
		return 0;
	case TIOCSPGRP:
		return set_foreground(arg);
	case FIONREAD:
		*(int *)arg = (int)console_input_pending();
		return 0;
	case TIOCGWINSZ:
		return window_size(arg);
	default:
		return -ENOTTY;
	}
}

unsigned console_file_poll(void)
{
	unsigned ready = FILE_POLL_OUT;
	if (console_input_pending())
		ready |= FILE_POLL_IN;
	if (!console_input_signalled())
		ready |= FILE_POLL_POLLED;
	return ready;
}

static unsigned file_poll(struct file *f)
{
	(void)f;
	return console_file_poll();
}

static long file_read(struct file *f, void *buf, size_t len, uint64_t *off)
{
	(void)off;
	return console_file_read(buf, len, f->flags & O_NONBLOCK);
}

static long file_write(struct file *f, const void *buf, size_t len,
		       uint64_t *off)
{
	(void)f;
	(void)off;
	return console_file_write(buf, len);
}

static int file_stat(struct file *f, struct vfs_attr *attr)
{
	(void)f;
	memset(attr, 0, sizeof(*attr));
	attr->mode = VFS_IFCHR | 0620;
	attr->nlink = 1;
	attr->rdev = CONSOLE_RDEV;
	attr->blksize = 1024;
	attr->ino = 1;
	return 0;
}

static int file_ioctl(struct file *f, unsigned long cmd, void *arg)
{
	(void)f;
	return console_file_ioctl(cmd, arg);
}

static const struct file_ops console_ops = {
    .read = file_read,
    .write = file_write,
    .stat = file_stat,
    .ioctl = file_ioctl,
    .poll = file_poll,
};

/* Three descriptors and a reference of its own: it is never freed. */
struct file console_file = {
    .ops = &console_ops,
    .flags = O_RDWR,
    .refs = 4,
    .poll_src = &console_input_src,
};

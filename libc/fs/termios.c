/*
 * termios over the terminal ioctls (the console's: kernel/fs/
 * console_file.c), with glibc's conversions: glibc's struct termios has
 * 32 control characters and the two speeds, Linux's 19 and the speed in
 * c_cflag.  A descriptor that is no terminal gives ENOTTY.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

/* glibc's layout */
struct termios {
	tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
	cc_t c_line;
	cc_t c_cc[32];
	speed_t c_ispeed, c_ospeed;
};

/* Linux's */
struct kernel_termios {
	tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
	cc_t c_line;
	cc_t c_cc[19];
};

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);
speed_t cfgetospeed(const struct termios *t);
speed_t cfgetispeed(const struct termios *t);
int cfsetospeed(struct termios *t, speed_t speed);
int cfsetispeed(struct termios *t, speed_t speed);
int cfsetspeed(struct termios *t, speed_t speed);
void cfmakeraw(struct termios *t);
int tcflush(int fd, int queue);
int tcdrain(int fd);
int tcflow(int fd, int action);
int tcsendbreak(int fd, int duration);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);
pid_t tcgetsid(int fd);

#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540a
#define TCFLSH 0x540b
#define TIOCGPGRP 0x540f
#define TIOCSPGRP 0x5410
#define TIOCGSID 0x5429

#define TCSANOW 0
#define TCSADRAIN 1
#define TCSAFLUSH 2

#define CBAUD 0010017
#define CBAUDEX 0010000
#define IBAUD0 020000000000 /* glibc's mark of "input speed 0", not Linux's */
#define B38400 0000017
#define B57600 0010001
#define B4000000 0010017

int tcgetattr(int fd, struct termios *t)
{
	struct kernel_termios k;
	if (ioctl(fd, TCGETS, &k))
		return -1;
	memset(t, 0, sizeof(*t));
	t->c_iflag = k.c_iflag;
	t->c_oflag = k.c_oflag;
	t->c_cflag = k.c_cflag;
	t->c_lflag = k.c_lflag;
	t->c_line = k.c_line;
	memcpy(t->c_cc, k.c_cc, sizeof(k.c_cc));
	t->c_ispeed = t->c_ospeed = k.c_cflag & (CBAUD | CBAUDEX);
	return 0;
}

int tcsetattr(int fd, int action, const struct termios *t)
{
	static const unsigned long request[] = {
	    [TCSANOW] = TCSETS, [TCSADRAIN] = TCSETSW, [TCSAFLUSH] = TCSETSF};
	if (action < TCSANOW || action > TCSAFLUSH) {
		errno = EINVAL;
		return -1;
	}
	struct kernel_termios k = {
	    .c_iflag = t->c_iflag & ~IBAUD0,
	    .c_oflag = t->c_oflag,
	    .c_cflag = t->c_cflag,
	    .c_lflag = t->c_lflag,
	    .c_line = t->c_line,
	};
	memcpy(k.c_cc, t->c_cc, sizeof(k.c_cc));
	return ioctl(fd, request[action], &k);
}

speed_t cfgetospeed(const struct termios *t)
{
	return t->c_cflag & (CBAUD | CBAUDEX);
}

/* Linux has one speed: the input speed is the output speed. */
speed_t cfgetispeed(const struct termios *t)
{
	return t->c_iflag & IBAUD0 ? 0 : cfgetospeed(t);
}

static int valid_speed(speed_t speed)
{
	if (speed <= B38400 || (speed >= B57600 && speed <= B4000000))
		return 1;
	errno = EINVAL;
	return 0;
}

int cfsetospeed(struct termios *t, speed_t speed)
{
	if (!valid_speed(speed))
		return -1;
	t->c_ospeed = speed;
	t->c_cflag = (t->c_cflag & ~(CBAUD | CBAUDEX)) | speed;
	return 0;
}

/* As glibc: input speed 0 means "the output speed", marked by IBAUD0. */
int cfsetispeed(struct termios *t, speed_t speed)
{
	if (!valid_speed(speed))
		return -1;
	t->c_ispeed = speed;
	if (speed == 0) {
		t->c_iflag |= IBAUD0;
		return 0;
	}
	t->c_iflag &= ~IBAUD0;
	t->c_cflag = (t->c_cflag & ~(CBAUD | CBAUDEX)) | speed;
	return 0;
}

int cfsetspeed(struct termios *t, speed_t speed)
{
	if (cfsetospeed(t, speed))
		return -1;
	return cfsetispeed(t, speed);
}

/* The flags of glibc's cfmakeraw (octal, as <termios.h> has them). */
#define RAW_IFLAG_OFF                                                          \
	0002753 /* IGNBRK BRKINT PARMRK ISTRIP INLCR IGNCR ICRNL IXON */
#define RAW_OFLAG_OFF 0000001 /* OPOST */
#define RAW_LFLAG_OFF 0100113 /* ECHO ECHONL ICANON ISIG IEXTEN */
#define CSIZE 0000060
#define PARENB 0000400
#define CS8 0000060
#define VTIME 5
#define VMIN 6

void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~RAW_IFLAG_OFF;
	t->c_oflag &= ~RAW_OFLAG_OFF;
	t->c_lflag &= ~RAW_LFLAG_OFF;
	t->c_cflag = (t->c_cflag & ~(CSIZE | PARENB)) | CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

int tcflush(int fd, int queue)
{
	return ioctl(fd, TCFLSH, (long)queue);
}

int tcdrain(int fd)
{
	return ioctl(fd, TCSBRK, 1L);
}

int tcflow(int fd, int action)
{
	return ioctl(fd, TCXONC, (long)action);
}

int tcsendbreak(int fd, int duration)
{
	(void)duration;
	return ioctl(fd, TCSBRK, 0L);
}

pid_t tcgetpgrp(int fd)
{
	int pgrp;
	return ioctl(fd, TIOCGPGRP, &pgrp) ? -1 : pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	int p = pgrp;
	return ioctl(fd, TIOCSPGRP, &p);
}

pid_t tcgetsid(int fd)
{
	int sid;
	return ioctl(fd, TIOCGSID, &sid) ? -1 : sid;
}

/*
 * tests/guest/console_poll.test's application: poll, select and
 * FIONREAD on the console (standard input, and /dev/console opened
 * again), and on a pipe.  With nothing typed the console is writable,
 * not readable, a non-blocking read says EAGAIN (on standard input and
 * on /dev/console opened O_NONBLOCK), and a poll with a timeout sleeps
 * it out; then, each time after printing "waiting N for poll", it
 * waits in poll() for the line the host types, then ("waiting N for
 * select") in select() on /dev/console for a second one, printing what
 * each saw and how much CPU its thread used meanwhile (a sleeping wait
 * uses almost none), and the lines it read.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int pending(int fd)
{
	int n = -1;
	if (ioctl(fd, FIONREAD, &n) < 0)
		return -1;
	return n;
}

/* Reads one line from fd into buf (without its newline). */
static void read_line(int fd, char *buf, size_t size)
{
	size_t have = 0;
	while (have < size - 1) {
		ssize_t n = read(fd, buf + have, 1);
		if (n <= 0 || buf[have] == '\n')
			break;
		have++;
	}
	buf[have] = '\0';
}

/* Reads a byte from fd, non-blocking; prints what the read said. */
static void read_nonblocking(const char *what, int fd)
{
	char c;
	ssize_t n = read(fd, &c, 1);
	printf("idle non-blocking read of %s: %zd, %s\n", what, n,
	       n < 0 && errno == EAGAIN ? "EAGAIN" : "not EAGAIN");
}

static void idle_console(void)
{
	struct pollfd p = {0, POLLIN | POLLOUT, 0};
	int r = poll(&p, 1, 0);
	printf("idle poll: %d, revents 0x%x\n", r, p.revents);
	printf("idle FIONREAD: %d\n", pending(0));
	int flags = fcntl(0, F_GETFL);
	fcntl(0, F_SETFL, flags | O_NONBLOCK);
	read_nonblocking("stdin", 0);
	fcntl(0, F_SETFL, flags);
	int con = open("/dev/console", O_RDONLY | O_NONBLOCK);
	read_nonblocking("/dev/console", con);
	close(con);
	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(0, &rd);
	FD_SET(1, &wr);
	struct timeval tv = {0, 0};
	r = select(2, &rd, &wr, NULL, &tv);
	printf("idle select: %d, stdin %s, stdout %s\n", r,
	       FD_ISSET(0, &rd) ? "readable" : "not readable",
	       FD_ISSET(1, &wr) ? "writable" : "not writable");
	long long t = now_ms(CLOCK_MONOTONIC);
	p.events = POLLIN;
	r = poll(&p, 1, 300);
	printf("idle poll of 300 ms: %d after %s\n", r,
	       now_ms(CLOCK_MONOTONIC) - t >= 290 ? "the timeout" : "less");
}

static void pipe_poll(void)
{
	int fds[2];
	if (pipe(fds)) {
		printf("pipe: failed\n");
		return;
	}
	struct pollfd p[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLOUT, 0}};
	int r = poll(p, 2, 0);
	printf("pipe empty: %d, read end 0x%x, write end 0x%x\n", r,
	       p[0].revents, p[1].revents);
	if (write(fds[1], "ab", 2) != 2)
		printf("pipe write: failed\n");
	r = poll(p, 1, 0);
	printf("pipe written: %d, read end 0x%x, FIONREAD %d\n", r,
	       p[0].revents, pending(fds[0]));
	close(fds[1]);
	char buf[4];
	if (read(fds[0], buf, sizeof(buf)) != 2)
		printf("pipe read: failed\n");
	r = poll(p, 1, 0);
	printf("pipe closed: %d, read end 0x%x\n", r, p[0].revents);
	close(fds[0]);
	struct pollfd bad = {fds[0], POLLIN, 0};
	r = poll(&bad, 1, 0);
	printf("closed fd: %d, revents 0x%x\n", r, bad.revents);
}

/*
 * Whether a wait for the line the host sends a second after "waiting"
 * slept: at least 500 ms, under a tenth of it in CPU time.  A host that
 * stalled the guest between "waiting" and the wait shortens it, so the
 * program waits for another line, up to WAIT_ROUNDS times; the test
 * checks each wait's figures itself.
 */
#define WAIT_ROUNDS 3
static int slept(long long wall, long long cpu)
{
	return wall >= 500 && cpu * 10 < wall;
}

/* poll() on standard input until a line comes; reads it. */
static int poll_round(int round, char *line, size_t size)
{
	printf("console_poll: waiting %d for poll\n", round);
	fflush(stdout);
	long long wall = now_ms(CLOCK_MONOTONIC);
	long long cpu = now_ms(CLOCK_THREAD_CPUTIME_ID);
	struct pollfd p = {0, POLLIN, 0};
	int r = poll(&p, 1, -1);
	wall = now_ms(CLOCK_MONOTONIC) - wall;
	cpu = now_ms(CLOCK_THREAD_CPUTIME_ID) - cpu;
	printf("poll: %d, revents 0x%x, FIONREAD %s\n", r, p.revents,
	       pending(0) > 0 ? "> 0" : "0");
	printf("poll waited %lld ms, using %lld ms of CPU\n", wall, cpu);
	read_line(0, line, size);
	printf("line 1: %s\n", line);
	printf("after the line, FIONREAD: %d\n", pending(0));
	return slept(wall, cpu);
}

/* select() on /dev/console (con) until a line comes; reads it. */
static int select_round(int round, int con, char *line, size_t size)
{
	printf("console_poll: waiting %d for select\n", round);
	fflush(stdout);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(con, &rd);
	long long wall = now_ms(CLOCK_MONOTONIC);
	long long cpu = now_ms(CLOCK_THREAD_CPUTIME_ID);
	int r = select(con + 1, &rd, NULL, NULL, NULL);
	wall = now_ms(CLOCK_MONOTONIC) - wall;
	cpu = now_ms(CLOCK_THREAD_CPUTIME_ID) - cpu;
	printf("select on /dev/console: %d, %s, FIONREAD %s\n", r,
	       FD_ISSET(con, &rd) ? "readable" : "not readable",
	       pending(con) > 0 ? "> 0" : "0");
	printf("select waited %lld ms, using %lld ms of CPU\n", wall, cpu);
	read_line(con, line, size);
	printf("line 2: %s\n", line);
	return slept(wall, cpu);
}

int main(void)
{
	char line[512];
	idle_console();
	pipe_poll();
	printf("console_poll: ready\n");
	int round = 1;
	for (int n = 1;
	     !poll_round(round, line, sizeof(line)) && n < WAIT_ROUNDS; n++)
		round++;
	round++;
	int con = open("/dev/console", O_RDONLY);
	for (int n = 1;
	     !select_round(round, con, line, sizeof(line)) && n < WAIT_ROUNDS;
	     n++)
		round++;
	close(con);
	return 0;
}

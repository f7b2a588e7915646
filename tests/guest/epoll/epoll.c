/*
 * tests/guest/epoll.test's application: epoll, eventfd and timerfd as a
 * program built against glibc's headers sees them.  Readiness of pipes
 * and eventfds, level and edge triggering, one-shot items re-armed with
 * EPOLL_CTL_MOD, timeouts, the errors Linux gives, a closed file leaving
 * the set, poll and select on the new kinds, threads waking each other
 * through them (each side blocks in the call under test, so no ordering
 * is assumed), and timers' expiration counts.  Prints "PASS name" or
 * "FAIL name" per check and returns the number of failures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int failures;

static void check(const char *name, int ok)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	failures += !ok;
}

/* -1 with errno e */
static int fails_with(int r, int e)
{
	return r == -1 && errno == e;
}

static long long now_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int add(int ep, int fd, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.fd = fd};
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* epoll_wait into ev[8] with timeout 0 */
static int ready_now(int ep, struct epoll_event *ev)
{
	return epoll_wait(ep, ev, 8, 0);
}

static void check_layout(void)
{
	check("epoll_event_12_bytes",
	      sizeof(struct epoll_event) == 12 &&
		  offsetof(struct epoll_event, data) == 4);
}

static void check_pipe(void)
{
	int p[2];
	pipe(p);
	int ep = epoll_create1(0);
	add(ep, p[0], EPOLLIN);
	add(ep, p[1], EPOLLOUT);
	struct epoll_event ev[8];
	int n = ready_now(ep, ev);
	check("pipe_empty_only_writable",
	      n == 1 && ev[0].data.fd == p[1] && ev[0].events == EPOLLOUT);
	write(p[1], "x", 1);
	n = ready_now(ep, ev);
	int in = -1;
	for (int i = 0; i < n; i++)
		if (ev[i].data.fd == p[0])
			in = (int)ev[i].events;
	check("pipe_written_readable", n == 2 && in == EPOLLIN);
	close(p[1]);
	n = ready_now(ep, ev);
	check("pipe_writer_closed_in_hup",
	      n == 1 && ev[0].data.fd == p[0] &&
		  ev[0].events == (EPOLLIN | EPOLLHUP));
	char c;
	read(p[0], &c, 1);
	n = ready_now(ep, ev);
	check("pipe_drained_hup_only", n == 1 && ev[0].events == EPOLLHUP);
	close(p[0]);
	close(ep);
}

static void check_eventfd(void)
{
	int fd = eventfd(0, EFD_NONBLOCK);
	uint64_t v = 0;
	check("eventfd_empty_eagain", fails_with(read(fd, &v, 8), EAGAIN));
	struct pollfd pf = {fd, POLLIN | POLLOUT, 0};
	check("eventfd_empty_poll_writable",
	      poll(&pf, 1, 0) == 1 && pf.revents == POLLOUT);
	v = 3;
	write(fd, &v, 8);
	v = 4;
	write(fd, &v, 8);
	pf.revents = 0;
	check("eventfd_written_poll_readable",
	      poll(&pf, 1, 0) == 1 && pf.revents == (POLLIN | POLLOUT));
	check("eventfd_read_sum", read(fd, &v, 8) == 8 && v == 7);
	check("eventfd_read_resets", fails_with(read(fd, &v, 8), EAGAIN));
	check("eventfd_short_read_einval", fails_with(read(fd, &v, 4), EINVAL));
	check("eventfd_short_write_einval",
	      fails_with(write(fd, &v, 7), EINVAL));
	v = UINT64_MAX;
	check("eventfd_write_max_einval", fails_with(write(fd, &v, 8), EINVAL));
	v = UINT64_MAX - 1;
	check("eventfd_write_to_limit", write(fd, &v, 8) == 8);
	v = 1;
	check("eventfd_overflow_eagain", fails_with(write(fd, &v, 8), EAGAIN));
	pf.revents = 0;
	check("eventfd_full_not_writable",
	      poll(&pf, 1, 0) == 1 && pf.revents == POLLIN);
	eventfd_t got = 0;
	check("eventfd_read_fn",
	      eventfd_read(fd, &got) == 0 && got == UINT64_MAX - 1);
	check("eventfd_write_fn", eventfd_write(fd, 5) == 0 &&
				      eventfd_read(fd, &got) == 0 && got == 5);
	close(fd);

	fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
	uint64_t a = 0, b = 0;
	int r1 = (int)read(fd, &a, 8), r2 = (int)read(fd, &b, 8);
	check("eventfd_semaphore_ones",
	      r1 == 8 && r2 == 8 && a == 1 && b == 1 &&
		  fails_with(read(fd, &v, 8), EAGAIN));
	check("eventfd_cloexec", fcntl(fd, F_GETFD) == FD_CLOEXEC);
	close(fd);
	check("eventfd_bad_flags_einval", fails_with(eventfd(0, 2), EINVAL));
}

static void check_triggering(void)
{
	int fd = eventfd(1, EFD_NONBLOCK);
	int ep = epoll_create1(0);
	add(ep, fd, EPOLLIN);
	struct epoll_event ev[8];
	int n1 = ready_now(ep, ev), n2 = ready_now(ep, ev);
	check("level_reported_again", n1 == 1 && n2 == 1);
	close(ep);

	ep = epoll_create1(0);
	add(ep, fd, EPOLLIN | EPOLLET);
	n1 = ready_now(ep, ev);
	n2 = ready_now(ep, ev);
	check("edge_reported_once",
	      n1 == 1 && ev[0].events == EPOLLIN && n2 == 0);
	eventfd_write(fd, 1);
	check("edge_new_event_reported",
	      ready_now(ep, ev) == 1 && ready_now(ep, ev) == 0);
	uint64_t v;
	read(fd, &v, 8);
	check("edge_drained_nothing", ready_now(ep, ev) == 0);
	eventfd_write(fd, 1);
	check("edge_after_drain_reported", ready_now(ep, ev) == 1);
	close(ep);

	ep = epoll_create1(0);
	add(ep, fd, EPOLLIN | EPOLLONESHOT);
	n1 = ready_now(ep, ev);
	n2 = ready_now(ep, ev);
	eventfd_write(fd, 1);
	int n3 = ready_now(ep, ev);
	check("oneshot_once_until_mod", n1 == 1 && n2 == 0 && n3 == 0);
	struct epoll_event mod = {.events = EPOLLIN | EPOLLONESHOT,
				  .data.u64 = 0x1122334455667788ULL};
	epoll_ctl(ep, EPOLL_CTL_MOD, fd, &mod);
	n1 = ready_now(ep, ev);
	check("oneshot_rearmed_by_mod",
	      n1 == 1 && ev[0].data.u64 == 0x1122334455667788ULL &&
		  ready_now(ep, ev) == 0);
	close(ep);
	close(fd);
}

/*
 * EPOLLET's edges are the item's own file's notifications for what it
 * asks for, as Linux's: not another file's, not the other end's of its
 * pipe, not an eventfd read's (which concerns writers).
 */
static void check_edges_own_file(void)
{
	int a[2], b[2];
	pipe2(a, O_NONBLOCK);
	pipe2(b, O_NONBLOCK);
	int ep = epoll_create1(0);
	add(ep, a[0], EPOLLIN | EPOLLET);
	struct epoll_event ev[8];
	write(a[1], "xyz", 3);
	int n1 = ready_now(ep, ev), n2 = ready_now(ep, ev);
	write(b[1], "x", 1);
	check("edge_other_file_not_reported",
	      n1 == 1 && n2 == 0 && ready_now(ep, ev) == 0);
	char c;
	read(a[0], &c, 1);
	check("edge_own_reader_not_reported", ready_now(ep, ev) == 0);
	write(a[1], "w", 1);
	check("edge_own_new_data_reported", ready_now(ep, ev) == 1 &&
						ev[0].data.fd == a[0] &&
						ready_now(ep, ev) == 0);
	close(ep);

	ep = epoll_create1(0);
	add(ep, a[1], EPOLLOUT | EPOLLET);
	n1 = ready_now(ep, ev);
	write(a[1], "v", 1);
	check("edge_writer_not_reported_by_write",
	      n1 == 1 && ev[0].events == EPOLLOUT && ready_now(ep, ev) == 0);
	close(ep);

	int h[2];
	pipe(h);
	ep = epoll_create1(0);
	add(ep, h[0], EPOLLIN | EPOLLET);
	add(ep, h[1], EPOLLOUT | EPOLLET);
	n1 = ready_now(ep, ev);
	int first = ev[0].data.fd;
	close(h[1]);
	n2 = ready_now(ep, ev);
	check("edge_hangup_reported", n1 == 1 && first == h[1] && n2 == 1 &&
					  ev[0].data.fd == h[0] &&
					  ev[0].events == EPOLLHUP);
	close(ep);
	pipe(h);
	ep = epoll_create1(0);
	add(ep, h[1], EPOLLOUT | EPOLLET);
	n1 = ready_now(ep, ev);
	close(h[0]);
	n2 = ready_now(ep, ev);
	check("edge_reader_gone_error_reported",
	      n1 == 1 && n2 == 1 && (ev[0].events & EPOLLERR));
	close(ep);
	close(h[1]);

	int fd = eventfd(2, EFD_NONBLOCK | EFD_SEMAPHORE);
	ep = epoll_create1(0);
	add(ep, fd, EPOLLIN | EPOLLET);
	n1 = ready_now(ep, ev);
	uint64_t v;
	read(fd, &v, 8);
	check("edge_eventfd_read_not_reported",
	      n1 == 1 && ready_now(ep, ev) == 0);
	eventfd_write(fd, 1);
	check("edge_eventfd_write_reported", ready_now(ep, ev) == 1);
	close(ep);
	close(fd);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

/*
 * Instances in instances, as on Linux: chains of up to five instances
 * (four containments), built in any order; a cycle or a longer chain is
 * ELOOP.
 */
static void check_nesting(void)
{
	int e[7];
	for (int i = 0; i < 7; i++)
		e[i] = epoll_create1(0);
	int p[2];
	pipe(p);
	int deep =
	    add(e[2], e[3], EPOLLIN) == 0 && add(e[3], p[0], EPOLLIN) == 0;
	int top = add(e[1], e[2], EPOLLIN) == 0;
	write(p[1], "x", 1);
	struct epoll_event ev[8];
	int n = ready_now(e[1], ev);
	check("nested_three_levels_ready",
	      deep && top && n == 1 && ev[0].data.fd == e[2]);
	check("nested_cycle_through_chain_eloop",
	      fails_with(add(e[3], e[1], EPOLLIN), ELOOP));
	check("nested_five_deep",
	      add(e[3], e[4], EPOLLIN) == 0 && add(e[4], e[5], EPOLLIN) == 0);
	check("nested_six_deep_below_eloop",
	      fails_with(add(e[5], e[6], EPOLLIN), ELOOP));
	check("nested_six_deep_above_eloop",
	      fails_with(add(e[0], e[1], EPOLLIN), ELOOP));
	for (int i = 0; i < 7; i++)
		close(e[i]);
	close(p[0]);
	close(p[1]);
}

/*
 * A set of MANY eventfds: all written, each is reported once (edge-
 * triggered) through maxevents 64; then one written is the only one
 * reported.  Prints what ctl and a one-event round cost, for the record
 * (not checked: it depends on the host).
 */
#define MANY 1000
static void check_many(void)
{
	static int fds[MANY];
	static unsigned char seen[MANY];
	int ep = epoll_create1(0), made = 0, added = 0;
	for (; made < MANY && (fds[made] = eventfd(0, EFD_NONBLOCK)) >= 0;
	     made++)
		;
	long long t0 = now_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < made; i++) {
		struct epoll_event ev = {.events = EPOLLIN | EPOLLET,
					 .data.u32 = (uint32_t)i};
		added += epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) == 0;
	}
	long long t1 = now_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < made; i++)
		eventfd_write(fds[i], 1);
	struct epoll_event ev[64];
	int total = 0, twice = 0, n;
	while ((n = epoll_wait(ep, ev, 64, 0)) > 0)
		for (int k = 0; k < n; k++) {
			twice += seen[ev[k].data.u32]++ != 0;
			total++;
		}
	check("many_each_reported_once",
	      made == MANY && added == MANY && total == MANY && !twice);
	long long t2 = now_ns(CLOCK_MONOTONIC);
	int only = 0;
	for (int round = 0; round < MANY; round++) {
		int i = (round * 7) % MANY;
		eventfd_write(fds[i], 1);
		only += epoll_wait(ep, ev, 64, 0) == 1 &&
			ev[0].data.u32 == (uint32_t)i;
	}
	long long t3 = now_ns(CLOCK_MONOTONIC);
	check("many_only_the_written_reported", only == MANY);
	printf("many: %d items, ctl add %lld ns, write+wait round %lld ns\n",
	       made, (t1 - t0) / (made ? made : 1), (t3 - t2) / MANY);
	for (int i = 0; i < made; i++)
		close(fds[i]);
	close(ep);
}

/* maxevents 1, two ready level-triggered items: each gets its turn */
static void check_turns(void)
{
	int a = eventfd(1, 0), b = eventfd(1, 0);
	int ep = epoll_create1(0);
	add(ep, a, EPOLLIN);
	add(ep, b, EPOLLIN);
	struct epoll_event first, second, third;
	epoll_wait(ep, &first, 1, 0);
	epoll_wait(ep, &second, 1, 0);
	epoll_wait(ep, &third, 1, 0);
	check("level_items_take_turns", first.data.fd != second.data.fd &&
					    third.data.fd == first.data.fd);
	close(ep);
	close(a);
	close(b);
}

static void check_timeouts(void)
{
	int fd = eventfd(0, 0);
	int ep = epoll_create(1);
	add(ep, fd, EPOLLIN);
	struct epoll_event ev[1];
	long long t0 = now_ns(CLOCK_MONOTONIC);
	int n = epoll_wait(ep, ev, 1, 0);
	long long t1 = now_ns(CLOCK_MONOTONIC);
	n += epoll_wait(ep, ev, 1, 200);
	long long t2 = now_ns(CLOCK_MONOTONIC);
	check("timeout_zero_returns", n == 0 && t1 - t0 < 100000000LL);
	check("timeout_waited_out", t2 - t1 >= 200000000LL);
	struct timespec ts = {0, 100000000L};
	sigset_t mask;
	sigemptyset(&mask);
	t1 = now_ns(CLOCK_MONOTONIC);
	n = epoll_pwait2(ep, ev, 1, &ts, &mask);
	t2 = now_ns(CLOCK_MONOTONIC);
	check("pwait2_timespec_timeout", n == 0 && t2 - t1 >= 100000000LL);
	eventfd_write(fd, 1);
	n = epoll_pwait(ep, ev, 1, -1, &mask);
	check("pwait_ready", n == 1 && ev[0].data.fd == fd);
	close(ep);
	close(fd);
}

static void check_errors(const char *self)
{
	struct epoll_event ev = {.events = EPOLLIN};
	int p[2];
	pipe(p);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	check("create1_cloexec", fcntl(ep, F_GETFD) == FD_CLOEXEC);
	check("create_size_zero_einval", fails_with(epoll_create(0), EINVAL));
	check("create1_bad_flags_einval", fails_with(epoll_create1(1), EINVAL));
	check("ctl_bad_fd_ebadf",
	      fails_with(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev), EBADF));
	check("ctl_bad_epfd_ebadf",
	      fails_with(epoll_ctl(999, EPOLL_CTL_ADD, p[0], &ev), EBADF));
	check("ctl_not_epoll_einval",
	      fails_with(epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev), EINVAL));
	check("ctl_self_einval",
	      fails_with(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL));
	check("ctl_bad_op_einval",
	      fails_with(epoll_ctl(ep, 7, p[0], &ev), EINVAL));
	check("ctl_add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	check("ctl_add_twice_eexist",
	      fails_with(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST));
	check("ctl_mod_absent_enoent",
	      fails_with(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev), ENOENT));
	check("ctl_del_absent_enoent",
	      fails_with(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], &ev), ENOENT));
	check("ctl_del",
	      epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == 0 &&
		  fails_with(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT));
	struct epoll_event excl = {.events = EPOLLIN | EPOLLEXCLUSIVE};
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	check("ctl_mod_exclusive_einval",
	      fails_with(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &excl), EINVAL));
	int q[2];
	pipe(q);
	/* with EPOLLEXCLUSIVE: only IN, OUT, ERR, HUP, WAKEUP and ET */
	struct epoll_event bad_excl = {.events = EPOLLIN | EPOLLEXCLUSIVE |
						 EPOLLRDNORM};
	int other = epoll_create1(0);
	check(
	    "ctl_exclusive_bits",
	    fails_with(epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &bad_excl), EINVAL) &&
		fails_with(epoll_ctl(ep, EPOLL_CTL_ADD, other, &excl),
			   EINVAL) &&
		epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &excl) == 0);
	close(other);
	close(q[0]);
	close(q[1]);
	int file = open(self, O_RDONLY);
	check("ctl_regular_file_eperm",
	      file >= 0 &&
		  fails_with(epoll_ctl(ep, EPOLL_CTL_ADD, file, &ev), EPERM));
	close(file);
	struct epoll_event out[1];
	volatile int negative = -1; /* past the headers' access attribute */
	check("wait_max_zero_einval",
	      fails_with(epoll_wait(ep, out, 0, 0), EINVAL));
	check("wait_max_negative_einval",
	      fails_with(epoll_wait(ep, out, negative, 0), EINVAL));
	check("wait_not_epoll_einval",
	      fails_with(epoll_wait(p[0], out, 1, 0), EINVAL));
	char byte;
	check("read_epoll_einval", fails_with(read(ep, &byte, 1), EINVAL));
	check("wait_bad_fd_ebadf",
	      fails_with(epoll_wait(999, out, 1, 0), EBADF));
	int inner = epoll_create1(0), outer = epoll_create1(0);
	check("nested_add", add(outer, inner, EPOLLIN) == 0);
	check("nested_cycle_eloop",
	      fails_with(add(inner, outer, EPOLLIN), ELOOP));
	write(p[1], "x", 1);
	add(inner, p[0], EPOLLIN);
	int n = epoll_wait(outer, out, 1, 0);
	check("nested_inner_ready", n == 1 && out[0].data.fd == inner);
	close(inner);
	close(outer);
	close(ep);
	close(p[0]);
	close(p[1]);
}

static void check_close_removes(void)
{
	int ep = epoll_create1(0);
	int fd = eventfd(1, 0);
	add(ep, fd, EPOLLIN);
	struct epoll_event ev[8];
	int before = ready_now(ep, ev);
	int dup_fd = dup(fd);
	close(fd);
	int with_dup = ready_now(ep, ev);
	close(dup_fd);
	int after = ready_now(ep, ev);
	check("close_with_dup_stays", before == 1 && with_dup == 1);
	check("close_last_reference_leaves", after == 0);
	/* the number reused by another file is not the old item */
	int again = eventfd(1, 0);
	check("reused_number_not_watched",
	      again == fd && ready_now(ep, ev) == 0 && add(ep, again, 0) == 0);
	close(again);
	close(ep);
}

static void check_poll_select(void)
{
	int fd = eventfd(0, 0);
	int ep = epoll_create1(0);
	add(ep, fd, EPOLLIN);
	struct pollfd pf = {ep, POLLIN, 0};
	int n1 = poll(&pf, 1, 0);
	eventfd_write(fd, 1);
	int n2 = poll(&pf, 1, 0);
	check("poll_sees_epoll", n1 == 0 && n2 == 1 && pf.revents == POLLIN);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	struct timeval tv = {0, 0};
	check("select_sees_eventfd",
	      select(fd + 1, &rd, NULL, NULL, &tv) == 1 && FD_ISSET(fd, &rd));
	close(ep);
	close(fd);
}

/* ---- threads ---- */

struct pingpong {
	int ep, mine, theirs, rounds, seen;
};

/* Waits for its eventfd, answers on the other's, rounds times. */
static void *pong(void *arg)
{
	struct pingpong *p = arg;
	struct epoll_event ev;
	for (int i = 0; i < p->rounds; i++) {
		if (epoll_wait(p->ep, &ev, 1, -1) != 1 || ev.data.fd != p->mine)
			break;
		eventfd_t v;
		eventfd_read(p->mine, &v);
		p->seen += (int)v;
		eventfd_write(p->theirs, 1);
	}
	return NULL;
}

static void check_threads(void)
{
	enum { ROUNDS = 1000 };
	int a = eventfd(0, 0), b = eventfd(0, 0);
	struct pingpong them = {epoll_create1(0), a, b, ROUNDS, 0};
	struct pingpong us = {epoll_create1(0), b, a, ROUNDS, 0};
	add(them.ep, a, EPOLLIN);
	add(us.ep, b, EPOLLIN);
	pthread_t t;
	pthread_create(&t, NULL, pong, &them);
	eventfd_write(a, 1);
	pong(&us);
	pthread_join(t, NULL);
	printf("ping-pong: %d and %d of %d rounds\n", them.seen, us.seen,
	       ROUNDS);
	check("threads_ping_pong", them.seen == ROUNDS && us.seen == ROUNDS);
	close(them.ep);
	close(us.ep);
	close(a);
	close(b);
}

static int blocking_fd;
static uint64_t blocking_value;
static ssize_t blocking_r;

static void *read_blocking(void *arg)
{
	(void)arg;
	blocking_r = read(blocking_fd, &blocking_value, 8);
	return NULL;
}

static void *write_blocking(void *arg)
{
	(void)arg;
	uint64_t one = 1;
	blocking_r = write(blocking_fd, &one, 8);
	return NULL;
}

/* a reader waits for a write, a writer for room a read makes */
static void check_eventfd_blocking(void)
{
	blocking_fd = eventfd(0, 0);
	pthread_t t;
	pthread_create(&t, NULL, read_blocking, NULL);
	eventfd_write(blocking_fd, 42);
	pthread_join(t, NULL);
	check("eventfd_blocked_reader_woken",
	      blocking_r == 8 && blocking_value == 42);
	eventfd_write(blocking_fd, UINT64_MAX - 1);
	pthread_create(&t, NULL, write_blocking, NULL);
	eventfd_t full = 0, after = 0;
	eventfd_read(blocking_fd, &full);
	pthread_join(t, NULL);
	eventfd_read(blocking_fd, &after);
	check("eventfd_blocked_writer_woken",
	      blocking_r == 8 && full == UINT64_MAX - 1 && after == 1);
	close(blocking_fd);
}

static int cancel_ep, cancel_r, cancel_errno;

static void *wait_forever(void *arg)
{
	(void)arg;
	struct epoll_event ev;
	cancel_r = epoll_wait(cancel_ep, &ev, 1, -1);
	cancel_errno = errno;
	return NULL;
}

static int closing_ep;
static struct epoll_event closing_got;
static int closing_r;

static void *wait_one(void *arg)
{
	(void)arg;
	closing_r = epoll_wait(closing_ep, &closing_got, 1, -1);
	return NULL;
}

/* a file closed while a thread waits leaves the set; the wait goes on */
static void check_close_while_waiting(void)
{
	closing_ep = epoll_create1(0);
	int fd = eventfd(0, 0), p[2];
	pipe(p);
	add(closing_ep, fd, EPOLLIN);
	add(closing_ep, p[0], EPOLLIN);
	pthread_t t;
	pthread_create(&t, NULL, wait_one, NULL);
	close(fd);
	write(p[1], "x", 1);
	pthread_join(t, NULL);
	check("close_while_waiting", closing_r == 1 &&
					 closing_got.data.fd == p[0] &&
					 closing_got.events == EPOLLIN);
	close(closing_ep);
	close(p[0]);
	close(p[1]);
}

/* as poll: pthread_cancel interrupts the wait (EINTR) */
static void check_eintr(void)
{
	cancel_ep = epoll_create1(0);
	int fd = eventfd(0, 0);
	add(cancel_ep, fd, EPOLLIN);
	pthread_t t;
	pthread_create(&t, NULL, wait_forever, NULL);
	pthread_cancel(t);
	pthread_join(t, NULL);
	check("cancel_interrupts_eintr",
	      cancel_r == -1 && cancel_errno == EINTR);
	close(cancel_ep);
	close(fd);
}

/* What /proc/self/fd/N names a file of each new kind, as Linux. */
static void check_proc_names(void)
{
	int fds[3] = {epoll_create1(0), eventfd(0, 0),
		      timerfd_create(CLOCK_MONOTONIC, 0)};
	const char *want[3] = {"anon_inode:[eventpoll]", "anon_inode:[eventfd]",
			       "anon_inode:[timerfd]"};
	int same = 0;
	for (int i = 0; i < 3; i++) {
		char path[64], link[64];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[i]);
		ssize_t n = readlink(path, link, sizeof(link) - 1);
		link[n > 0 ? n : 0] = 0;
		same += !strcmp(link, want[i]);
		close(fds[i]);
	}
	check("proc_fd_anon_names", same == 3);
}

/* ---- timerfd ---- */

static void check_timerfd(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec its = {{0, 0}, {0, 50000000L}};
	long long t0 = now_ns(CLOCK_MONOTONIC);
	timerfd_settime(fd, 0, &its, NULL);
	uint64_t n = 0;
	ssize_t r = read(fd, &n, 8);
	long long t1 = now_ns(CLOCK_MONOTONIC);
	check("timerfd_oneshot_blocks",
	      r == 8 && n == 1 && t1 - t0 >= 50000000LL);
	struct itimerspec cur;
	timerfd_gettime(fd, &cur);
	check("timerfd_oneshot_done",
	      cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

	int ep = epoll_create1(0);
	add(ep, fd, EPOLLIN);
	its = (struct itimerspec){{0, 20000000L}, {0, 20000000L}};
	timerfd_settime(fd, 0, &its, NULL);
	struct epoll_event ev;
	int ready = epoll_wait(ep, &ev, 1, -1);
	check("timerfd_epoll_ready", ready == 1 && ev.data.fd == fd);
	read(fd, &n, 8);
	timerfd_gettime(fd, &cur);
	check("timerfd_gettime_interval",
	      cur.it_interval.tv_nsec == 20000000L &&
		  cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 &&
		  cur.it_value.tv_nsec <= 20000000L);
	struct timespec nap = {0, 100000000L};
	t0 = now_ns(CLOCK_MONOTONIC);
	nanosleep(&nap, NULL);
	t1 = now_ns(CLOCK_MONOTONIC);
	read(fd, &n, 8);
	long long at_least = (t1 - t0) / 20000000LL;
	printf("timerfd: %llu expirations in %lld ms\n", (unsigned long long)n,
	       (t1 - t0) / 1000000);
	check("timerfd_interval_count", (long long)n >= at_least && n >= 5);

	its = (struct itimerspec){{0, 0}, {0, 0}};
	struct itimerspec old;
	timerfd_settime(fd, 0, &its, &old);
	int nb = fcntl(fd, F_SETFL, O_NONBLOCK);
	check("timerfd_disarm_old_and_eagain",
	      nb == 0 && old.it_interval.tv_nsec == 20000000L &&
		  fails_with(read(fd, &n, 8), EAGAIN) &&
		  epoll_wait(ep, &ev, 1, 0) == 0);
	close(ep);
	close(fd);

	fd = timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC);
	long long target = now_ns(CLOCK_REALTIME) + 30000000LL;
	its = (struct itimerspec){
	    {0, 0}, {target / 1000000000LL, target % 1000000000LL}};
	timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL);
	r = read(fd, &n, 8);
	check("timerfd_realtime_abstime",
	      r == 8 && n == 1 && now_ns(CLOCK_REALTIME) >= target &&
		  fcntl(fd, F_GETFD) == FD_CLOEXEC);
	its.it_value.tv_nsec = 1000000000L;
	check("timerfd_bad_timespec_einval",
	      fails_with(timerfd_settime(fd, 0, &its, NULL), EINVAL));
	close(fd);
	fd = timerfd_create(CLOCK_MONOTONIC, 0);
	check("timerfd_write_einval", fails_with(write(fd, &n, 8), EINVAL));
	close(fd);
	check("timerfd_bad_clock_einval",
	      fails_with(timerfd_create(12345, 0), EINVAL));
	int p[2];
	pipe(p);
	check("timerfd_settime_not_timer_einval",
	      fails_with(timerfd_gettime(p[0], &cur), EINVAL));
	close(p[0]);
	close(p[1]);
}

/* argument --procfs: the kernel has /proc */
int main(int argc, char **argv)
{
	check_layout();
	check_pipe();
	check_eventfd();
	check_triggering();
	check_edges_own_file();
	check_nesting();
	check_many();
	check_turns();
	check_timeouts();
	check_errors(argv[0]);
	check_close_removes();
	check_poll_select();
	check_threads();
	check_eventfd_blocking();
	check_close_while_waiting();
	check_eintr();
	check_timerfd();
	if (argc > 1 && !strcmp(argv[1], "--procfs"))
		check_proc_names();
	printf("epoll: %d failures\n", failures);
	return failures;
}

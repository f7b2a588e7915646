/*
 * sendfile (libc/fs/sendfile.c) against glibc's, that is Linux's: from a
 * regular file at its offset or at *offset, to a regular file or a pipe;
 * counts past the end, zero, larger than the copy buffer; bad
 * descriptors and offsets.  The result, errno, what reached the output,
 * the input's offset afterwards and *offset must agree.  Output is TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "difftest.h"

ssize_t osv_sendfile(int out_fd, int in_fd, off_t *offset, size_t count);

#define SRC_SIZE 100000

typedef ssize_t sendfile_fn(int, int, off_t *, size_t);

static char src_path[] = "/tmp/osv_sendfile_src_XXXXXX";
static char src[SRC_SIZE];

/* What one call did: compared field by field. */
struct outcome {
	ssize_t ret;
	int err;
	off_t in_pos, offset;
	size_t out_len;
	char out[SRC_SIZE + 1];
};

/* How a case is set up. */
struct setup {
	off_t start;  /* the input's offset before the call */
	off_t offset; /* *offset, when use_offset */
	bool use_offset;
	size_t count;
	int in_flags; /* O_RDONLY, or O_WRONLY for EBADF */
	int out_kind; /* 0: a file, 1: a read-only file, 2: a pipe, 3: full */
};

static int open_output(int kind, int pipe_fds[2])
{
	if (kind >= 2) {
		/* Full at 64 KiB: a longer call stops there. */
		if (pipe2(pipe_fds, O_NONBLOCK))
			abort();
		/* Already full: nothing can be written (EAGAIN). */
		while (kind == 3 && write(pipe_fds[1], src, 4096) > 0)
			;
		return pipe_fds[1];
	}
	char path[] = "/tmp/osv_sendfile_out_XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		abort();
	unlink(path);
	if (kind == 1) {
		/* A descriptor of it that cannot be written. */
		char proc[64];
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		int ro = open(proc, O_RDONLY);
		close(fd);
		fd = ro;
	}
	return fd;
}

static void run(sendfile_fn *fn, const struct setup *s, struct outcome *o)
{
	int in = open(src_path, s->in_flags);
	int pipe_fds[2] = {-1, -1};
	int out = open_output(s->out_kind, pipe_fds);
	if (in < 0 || out < 0)
		abort();
	lseek(in, s->start, SEEK_SET);
	off_t off = s->offset;
	errno = 0;
	o->ret = fn(out, in, s->use_offset ? &off : NULL, s->count);
	o->err = o->ret < 0 ? errno : 0;
	o->in_pos = lseek(in, 0, SEEK_CUR);
	o->offset = off;
	bool is_pipe = s->out_kind >= 2;
	int rd = is_pipe ? pipe_fds[0] : out;
	if (!is_pipe)
		lseek(rd, 0, SEEK_SET);
	ssize_t n = 0;
	if (!is_pipe || o->ret > 0)
		n = read(rd, o->out, o->ret > 0 ? (size_t)o->ret : SRC_SIZE);
	o->out_len = n > 0 ? (size_t)n : 0;
	close(in);
	close(out);
	if (pipe_fds[0] >= 0)
		close(pipe_fds[0]);
}

static void compare(const struct setup *s)
{
	static struct outcome g, v;
	run(sendfile, s, &g);
	run(osv_sendfile, s, &v);
	CHECK(g.ret == v.ret && g.err == v.err && g.in_pos == v.in_pos &&
		  g.offset == v.offset && g.out_len == v.out_len &&
		  memcmp(g.out, v.out, g.out_len) == 0,
	      "start %lld, offset %s%lld, count %zu, in flags %d, out %d: "
	      "glibc %zd errno %d pos %lld off %lld len %zu, "
	      "osv %zd errno %d pos %lld off %lld len %zu",
	      (long long)s->start, s->use_offset ? "" : "NULL/",
	      (long long)s->offset, s->count, s->in_flags, s->out_kind, g.ret,
	      g.err, (long long)g.in_pos, (long long)g.offset, g.out_len, v.ret,
	      v.err, (long long)v.in_pos, (long long)v.offset, v.out_len);
}

int main(void)
{
	int fd = mkstemp(src_path);
	if (fd < 0)
		return 99;
	for (size_t i = 0; i < SRC_SIZE; i++)
		src[i] = (char)dt_rand();
	if (write(fd, src, SRC_SIZE) != SRC_SIZE)
		return 99;
	close(fd);

	static const size_t counts[] = {
	    0,	   1,	  100,	    4095,	  4096,	   4097,
	    12000, 70000, SRC_SIZE, SRC_SIZE + 1, SIZE_MAX};
	static const off_t places[] = {
	    0, 1, 4096, 19999, 50000, SRC_SIZE - 1, SRC_SIZE, SRC_SIZE + 5};
	for (size_t c = 0; c < sizeof(counts) / sizeof(*counts); c++)
		for (size_t p = 0; p < sizeof(places) / sizeof(*places); p++)
			for (int kind = 0; kind < 3; kind += 2) {
				/*
				 * Linux fills a pipe with page pieces: from
				 * an unaligned place, less than 64 KiB.
				 */
				if (kind == 2 && counts[c] > 60000 &&
				    places[p] % 4096)
					continue;
				struct setup s = {.start = places[p],
						  .count = counts[c],
						  .out_kind = kind};
				compare(&s);
				s.start = 7;
				s.use_offset = true;
				s.offset = places[p];
				compare(&s);
			}
	dt_group_end("from a file at its offset and at *offset, to a file "
		     "and a pipe (filled to its 64 KiB)");

	for (int i = 0; i < 2000; i++) {
		struct setup s = {
		    .start = dt_rand() % (SRC_SIZE + 100),
		    .offset = dt_rand() % (SRC_SIZE + 100),
		    .use_offset = dt_rand() % 2,
		    .count = dt_rand() % (SRC_SIZE + 100),
		};
		compare(&s);
	}
	dt_group_end("random offsets and counts");

	compare(&(struct setup){.use_offset = true, .offset = -1, .count = 5});
	compare(&(struct setup){.count = 5, .in_flags = O_WRONLY});
	compare(&(struct setup){.start = 3, .count = 5, .out_kind = 1});
	compare(&(struct setup){
	    .use_offset = true, .offset = 3, .count = 5, .out_kind = 1});
	compare(&(struct setup){.count = 0, .out_kind = 1});
	compare(&(struct setup){.start = 3, .count = 5, .out_kind = 3});
	compare(&(struct setup){
	    .use_offset = true, .offset = 3, .count = 5, .out_kind = 3});
	dt_group_end("negative *offset, unreadable input, unwritable output, "
		     "a full pipe (EAGAIN, nothing read)");

	errno = 0;
	CHECK(osv_sendfile(-1, -1, NULL, 1) == -1 && errno == EBADF,
	      "closed descriptors are EBADF");
	dt_group_end("bad descriptors");
	unlink(src_path);
	return dt_done();
}

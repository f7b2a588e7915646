/*
 * The program's standard input as the kernel option --stdin gives it
 * (tests/guest/stdin.test): reads descriptor 0 to its end and prints
 * what it read, "bytes: N" and "hex: ..." (every byte, two hex digits
 * each), then checks it as a redirected file is on Linux: read returns 0
 * at the end and after it, fstat shows a regular file of that size
 * ("null": the character device /dev/null), isatty is false, lseek goes
 * back, a read into NULL is EFAULT and moves nothing, and the bytes
 * read again are the same, the file is open
 * read-only, and /proc/self/fd/0 names the second argument, if given
 * (the first: "file", or "null" for /dev/null).  With the argument
 * "count", it only counts the bytes.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../app_check.h"

static char *read_all(size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	long r;
	while (buf && (r = read(0, buf + n, cap - n)) > 0) {
		n += (size_t)r;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	*len = n;
	return buf;
}

static void print_hex(const char *buf, size_t len)
{
	printf("bytes: %zu\nhex: ", len);
	for (size_t i = 0; i < len; i++)
		printf("%02x", (unsigned char)buf[i]);
	printf("\n");
}

static void check_again(const char *buf, size_t len)
{
	char *again = malloc(len + 1);
	CHECK("lseek(0, 0, SEEK_SET) goes back to the start",
	      lseek(0, 0, SEEK_SET) == 0);
	if (len) {
		/* through a volatile: the compiler refuses a literal NULL */
		void *volatile null_buf = NULL;
		errno = 0;
		CHECK("read(0) into NULL fails with EFAULT, moving nothing",
		      read(0, null_buf, 1) == -1 && errno == EFAULT);
	}
	long r = again ? read(0, again, len + 1) : -1;
	CHECK("the bytes read again are the same",
	      r == (long)len && memcmp(again, buf, len) == 0);
	free(again);
}

static void check_file(const char *buf, size_t len, int null)
{
	char c;
	struct stat st;
	CHECK("read at the end returns 0", read(0, &c, 1) == 0);
	CHECK("and again", read(0, &c, 1) == 0);
	CHECK("fstat(0) succeeds", fstat(0, &st) == 0);
	if (null) {
		CHECK("fstat(0): a character device",
		      S_ISCHR(st.st_mode) && st.st_size == 0);
	} else {
		CHECK("fstat(0): a regular file", S_ISREG(st.st_mode));
		CHECK("fstat(0): its size the bytes read",
		      st.st_size == (off_t)len);
		CHECK("lseek(0, 0, SEEK_END) is the size",
		      lseek(0, 0, SEEK_END) == (off_t)len);
		check_again(buf, len);
	}
	errno = 0;
	CHECK("isatty(0) is false, ENOTTY", !isatty(0) && errno == ENOTTY);
	CHECK("open read-only", (fcntl(0, F_GETFL) & O_ACCMODE) == O_RDONLY);
	CHECK("write(0) fails with EBADF",
	      write(0, "x", 1) == -1 && errno == EBADF);
}

/* "count": the bytes counted, not kept (an input near the RAM's size). */
static int count_only(void)
{
	static char buf[65536];
	long n, total = 0;
	while ((n = read(0, buf, sizeof(buf))) > 0)
		total += n;
	printf("bytes: %ld\n", total);
	return n < 0;
}

/* /proc/self/fd/0 names the file, as Linux's does. */
static void check_link(const char *path)
{
	char link[256];
	ssize_t n = readlink("/proc/self/fd/0", link, sizeof(link) - 1);
	if (n >= 0)
		link[n] = '\0';
	CHECK("/proc/self/fd/0 names the file",
	      n >= 0 && strcmp(link, path) == 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "count") == 0)
		return count_only();
	size_t len;
	char *buf = read_all(&len);
	if (!buf) {
		printf("out of memory\n");
		return 2;
	}
	print_hex(buf, len);
	check_file(buf, len, argc > 1 && strcmp(argv[1], "null") == 0);
	if (argc > 2)
		check_link(argv[2]);
	return app_check_summary() ? 1 : 0;
}

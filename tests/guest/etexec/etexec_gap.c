/*
 * An ET_EXEC linked with 2 MiB pages (older binutils' layout: text at
 * 0x400000, data at 0x600000 and up) has pages between its segments that
 * nothing maps: reading one through process_vm_readv() must answer
 * EFAULT, as on Linux, not fault.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

extern char etext[]; /* the end of the text segment (ld) */
int data_word = 42;  /* in the second segment */

int main(void)
{
	uintptr_t page = 4096;
	uintptr_t first_end = ((uintptr_t)etext + page - 1) & ~(page - 1);
	uintptr_t second = (uintptr_t)&data_word & ~(page - 1);
	printf("gap=<%d>\n", second > first_end + page);
	if (second <= first_end + page)
		return 1;
	char buf[16];
	struct iovec local = {buf, sizeof(buf)};
	struct iovec remote = {(void *)(first_end + page), sizeof(buf)};
	errno = 0;
	ssize_t r = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	printf("gap_read=<%zd %s>\n", r,
	       errno == EFAULT ? "EFAULT" : strerror(errno));
	remote.iov_base = &data_word;
	remote.iov_len = sizeof(data_word);
	r = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	int word;
	memcpy(&word, buf, sizeof(word));
	printf("data_read=<%zd %d>\n", r, word);
	return 0;
}

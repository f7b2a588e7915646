/*
 * A recoverable fault in the middle of a console driver's write, for
 * its host test: the text to write is placed so that one of its bytes
 * is the first of a page that cannot be read.  The driver's read of it
 * faults; the SIGSEGV handler makes the page readable and runs the
 * test's action (a write made inside the interrupted one, as the kernel
 * prints from a fault it then recovers from), and the read is retried.
 * One fault a placing; a fault anywhere else is the test's crash.
 */
#ifndef TESTS_HOST_FAULT_PAGE_H
#define TESTS_HOST_FAULT_PAGE_H

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char *fault_page;
static size_t fault_page_size;
static void (*fault_page_action)(void);
static unsigned fault_page_faults;

static void fault_page_handler(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)ctx;
	char *at = si->si_addr;
	if (!fault_page || at < fault_page ||
	    at >= fault_page + fault_page_size)
		abort();
	mprotect(fault_page, fault_page_size, PROT_READ | PROT_WRITE);
	fault_page_faults++;
	fault_page_action();
}

/*
 * A copy of the n bytes of text whose byte k (0 < k < n) faults when
 * first read, running action; NULL when memory cannot be had.
 */
static const char *fault_page_place(const char *text, size_t n, size_t k,
				    void (*action)(void))
{
	fault_page_size = (size_t)sysconf(_SC_PAGESIZE);
	if (n - k > fault_page_size || k > fault_page_size)
		return NULL;
	char *pages = mmap(NULL, 2 * fault_page_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages == MAP_FAILED)
		return NULL;
	fault_page = pages + fault_page_size;
	char *copy = fault_page - k;
	memcpy(copy, text, n);
	fault_page_action = action;
	struct sigaction sa = {0};
	sa.sa_sigaction = fault_page_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	mprotect(fault_page, fault_page_size, PROT_NONE);
	return copy;
}

#endif

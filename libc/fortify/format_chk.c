/*
 * What the printf family's fortify flag asks (flag > 0: glibc's headers
 * pass 1 at _FORTIFY_SOURCE=2), checked before anything is formatted:
 * a %n in a format the program could have written (not inside a
 * read-only segment of a loaded object) is refused, as are numbered
 * arguments with a gap (a position up to the highest one that no
 * directive takes).  Both end the program with glibc's message and
 * abort() (status 134).
 */
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../stdio/format_impl.h"
#include "fortify.h"
#include "libc.h"

/* glibc's fatal messages: no ": terminated" after these two. */
static _Noreturn void fatal(const char *msg)
{
	osv_stderr_write(msg, strlen(msg));
	abort();
}

struct range {
	uintptr_t start, end;
	bool read_only;
};

static int find_segment(struct dl_phdr_info *info, size_t size, void *data)
{
	struct range *r = data;

	(void)size;
	for (unsigned i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
		uintptr_t hi = lo + ph->p_memsz;
		if (ph->p_type != PT_LOAD || r->start < lo || r->end > hi)
			continue;
		r->read_only = !(ph->p_flags & PF_W);
		return 1;
	}
	return 0;
}

/* Whether [p, p + len) lies in a read-only segment of a loaded object. */
static bool in_read_only_segment(const void *p, size_t len)
{
	struct range r = {(uintptr_t)p, (uintptr_t)p + len, false};

	dl_iterate_phdr(find_segment, &r);
	return r.read_only;
}

/*
 * Marks argument position pos (1-based) as taken.  Positions past
 * FORMAT_ARGMAX are left to the formatter, which fails the call.
 */
static void take(unsigned char *used, int *max, int pos)
{
	if (pos > FORMAT_ARGMAX)
		return;
	used[pos - 1] = 1;
	if (pos > *max)
		*max = pos;
}

/*
 * Checks the format fmt (the wide formats in the encoding of
 * format_wide.h), whose text lies at [text, text + text_len).
 */
void osv_fortify_format(int flag, const char *fmt, const void *text,
			size_t text_len)
{
	unsigned char used[FORMAT_ARGMAX] = {0};
	int max = 0;
	bool numbered = false, seen_arg = false, percent_n = false;

	if (flag <= 0)
		return;
	for (const char *p = fmt; *p;) {
		struct fmt_directive d;

		if (*p++ != '%')
			continue;
		if (osv_fmt_parse(&p, &d) != PARSE_OK)
			break; /* the formatter reports it */
		if (d.spec.conv == 'n')
			percent_n = true;
		bool arg = osv_fmt_argtype(d.spec.conv, d.spec.len) != ARG_NONE;
		if (arg && !seen_arg) {
			seen_arg = true;
			numbered = d.argpos != 0;
		}
		if (arg && d.argpos > 0)
			take(used, &max, d.argpos);
		if (d.width_arg > 0)
			take(used, &max, d.width_arg);
		if (d.prec_arg > 0)
			take(used, &max, d.prec_arg);
	}
	bool gap = false;
	for (int i = 0; i < max; i++)
		gap |= !used[i];
	if (numbered && gap)
		fatal("*** invalid %N$ use detected ***\n");
	if (percent_n && !in_read_only_segment(text, text_len))
		fatal("*** %n in writable segment detected ***\n");
}

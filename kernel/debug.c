/*
 * Symbolization and backtraces.  The symbol table is the kernel's own:
 * build-aux/gen-ksyms turns the text symbols of a first link into the
 * .ksyms section of the final one (sorted addresses, then names), so a
 * fault report names functions without any host tool.
 */
#include <stdarg.h>
#include <stdio.h>

#include "arch.h"
#include "debug.h"
#include "osv/power.h"

struct ksym {
	uint64_t addr;
	uint32_t name;
	uint32_t size;
};

extern const struct ksym ksyms_table[];
extern const uint64_t ksyms_count;
extern const char ksyms_names[];

const char *ksym_lookup(uint64_t pc, uint64_t *offset)
{
	uint64_t lo = 0, hi = ksyms_count;
	while (lo < hi) { /* first symbol above pc */
		uint64_t mid = lo + (hi - lo) / 2;
		if (ksyms_table[mid].addr <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct ksym *s = &ksyms_table[lo - 1];
	if (pc - s->addr >= s->size)
		return NULL;
	*offset = pc - s->addr;
	return ksyms_names + s->name;
}

const char *ksym_describe(uint64_t pc)
{
	static char buf[160];
	uint64_t off;
	const char *name = ksym_lookup(pc, &off);
	if (name)
		snprintf(buf, sizeof(buf), "%s+0x%lx", name, off);
	else
		snprintf(buf, sizeof(buf), "0x%lx", pc);
	return buf;
}

static void print_frame(unsigned depth, uint64_t pc, void *arg)
{
	(void)arg;
	uint64_t off;
	/* a return address follows its call: look up the call itself */
	const char *name = ksym_lookup(depth ? pc - 1 : pc, &off);
	if (name)
		printf("  #%-2u 0x%016lx %s+0x%lx\n", depth, pc, name,
		       depth ? off + 1 : off);
	else
		printf("  #%-2u 0x%016lx ?\n", depth, pc);
}

void debug_backtrace(uint64_t pc, uint64_t sp, uint64_t fp)
{
	printf("backtrace:\n");
	print_frame(0, pc, NULL);
	unsigned depth = 1;
	uint64_t off;
	if (ksym_lookup(pc, &off)) {
		int pending = arch_frame_pending(pc - off, pc);
		if (pending >= 0 && paging_readable(sp + pending, 8))
			print_frame(depth++, *(const uint64_t *)(sp + pending),
				    NULL);
	}
	arch_walk_frames(fp, depth, print_frame, NULL);
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("osv: panic: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	/* start at the caller: its frame is set up, as it made a call */
	const uint64_t *fp = __builtin_frame_address(0);
	debug_backtrace(fp[1], 0, fp[0]);
	osv_poweroff(OSV_EXIT_FAULT);
}

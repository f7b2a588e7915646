/*
 * Symbolization and backtraces.  The symbol table is the kernel's own:
 * build-aux/gen-ksyms turns the text symbols of a first link into the
 * .ksyms section of the final one (sorted addresses, then names), so a
 * fault report names functions without any host tool.  Code of a loaded
 * program or library is named by the ELF loader from its dynamic symbol
 * table: "main+0x1f (/app.so)", or "/app.so+0x1139" between exported
 * symbols.
 */
#include <stdarg.h>
#include <stdio.h>

#include "arch.h"
#include "debug.h"
#include "elf_loader.h"
#include "klog.h"
#include "osv/power.h"

/*
 * Records sorted by address (build-aux/gen-ksyms): a 16-bit distance
 * from the previous address, how much of the previous name this one
 * keeps (KSYM_NONE: no name; KSYM_EXPORTED: the name of the exported
 * function there, from .dynsym), the rest of the name.  A symbol runs to
 * the next record.  Read in order: only fault reports look names up.
 */
#define KSYM_NONE 255
#define KSYM_EXPORTED 254

extern const uint64_t ksyms_base;
extern const uint64_t ksyms_count;
extern const uint8_t ksyms_records[];

const char *ksym_lookup(uint64_t pc, uint64_t *offset, char name[KSYM_NAME_MAX])
{
	static const char none[] = "", exported[] = "";
	const uint8_t *r = ksyms_records;
	uint64_t addr = ksyms_base;
	const char *found = NULL;
	size_t len = 0; /* of the last name, in name[] */
	for (uint64_t i = 0; i < ksyms_count; i++) {
		uint64_t next = addr + (r[0] | (uint64_t)r[1] << 8);
		if (next > pc)
			break;
		addr = next;
		unsigned keep = r[2];
		r += 3;
		if (keep == KSYM_NONE) {
			found = none;
			r++;
			continue;
		}
		if (keep == KSYM_EXPORTED) {
			found = exported;
			continue;
		}
		len = keep < KSYM_NAME_MAX - 1 ? keep : KSYM_NAME_MAX - 1;
		while (*r) {
			if (len < KSYM_NAME_MAX - 1)
				name[len++] = (char)*r;
			r++;
		}
		r++;
		name[len] = '\0';
		found = name;
	}
	if (found == exported) {
		const char *e = elf_kernel_function_at(addr);
		size_t n = 0;
		for (; e && e[n] && n < KSYM_NAME_MAX - 1; n++)
			name[n] = e[n];
		name[n] = '\0';
		found = e ? name : NULL;
	}
	if (found == NULL || found == none)
		return NULL;
	*offset = pc - addr;
	return found;
}

/*
 * Names the code at pc, looked up at pc - adjust (a return address
 * follows its call: look up the call itself).  false when unknown.
 */
static bool describe(char *buf, size_t len, uint64_t pc, unsigned adjust)
{
	uint64_t off;
	const char *object;
	char kname[KSYM_NAME_MAX];
	const char *name = ksym_lookup(pc - adjust, &off, kname);
	if (name) {
		snprintf(buf, len, "%s+0x%lx", name, off + adjust);
		return true;
	}
	name = elf_symbolize(pc - adjust, &off, &object);
	if (name)
		snprintf(buf, len, "%s+0x%lx (%s)", name, off + adjust, object);
	else if (object)
		snprintf(buf, len, "%s+0x%lx", object, off + adjust);
	return object != NULL;
}

const char *ksym_describe(uint64_t pc)
{
	static char buf[256];
	if (!describe(buf, sizeof(buf), pc, 0))
		snprintf(buf, sizeof(buf), "0x%lx", pc);
	return buf;
}

static void print_frame(unsigned depth, uint64_t pc, void *arg)
{
	(void)arg;
	char buf[256];
	if (describe(buf, sizeof(buf), pc, depth ? 1 : 0))
		kprintf("  #%-2u 0x%016lx %s\n", depth, pc, buf);
	else
		kprintf("  #%-2u 0x%016lx ?\n", depth, pc);
}

/* The start of the function containing pc, or 0 when unknown. */
static uint64_t function_start(uint64_t pc)
{
	uint64_t off;
	const char *object;
	char kname[KSYM_NAME_MAX];
	if (ksym_lookup(pc, &off, kname) || elf_symbolize(pc, &off, &object))
		return pc - off;
	return 0;
}

void debug_backtrace(uint64_t pc, uint64_t sp, uint64_t fp)
{
	kprintf("backtrace:\n");
	print_frame(0, pc, NULL);
	unsigned depth = 1;
	uint64_t start = function_start(pc);
	if (start) {
		int pending = arch_frame_pending(start, pc);
		if (pending >= 0 && paging_readable(sp + pending, 8))
			print_frame(depth++, *(const uint64_t *)(sp + pending),
				    NULL);
	}
	arch_walk_frames(fp, depth, print_frame, NULL);
}

__attribute__((noinline)) void debug_backtrace_here(void)
{
	/*
	 * Start in the caller, at the return address of this call: it is
	 * inside the caller, which has set up its frame.  (The caller's own
	 * return address could be past its end, after a noreturn call.)
	 */
	const uint64_t *fp = __builtin_frame_address(0);
	debug_backtrace(fp[1], 0, fp[0]);
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kprintf("osv: panic: ");
	kvprintf(fmt, ap);
	kprintf("\n");
	va_end(ap);
	debug_backtrace_here();
	osv_poweroff(OSV_EXIT_FAULT);
}

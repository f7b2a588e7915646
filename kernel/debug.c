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
#include "console.h"
#include "debug.h"
#include "elf_loader.h"
#include "klog.h"
#include "osv/power.h"

/*
 * Records sorted by address (build-aux/gen-ksyms): the distance from
 * the previous record (one byte below 128, else two: the low 7 bits with
 * the top bit set, then the rest), how much of the previous name this one
 * keeps (KSYM_NONE: no name; KSYM_SKIP: a record that only moves on),
 * the rest of the name, in which a byte from KSYM_TOKEN up stands for a
 * pair of bytes of ksyms_tokens.  A symbol runs to the next record.  Exported
 * functions have no record: the kernel's .dynsym names them.  Read in
 * order: only fault reports look names up.
 */
#define KSYM_NONE 255
#define KSYM_SKIP 254
#define KSYM_TOKEN 128

extern const uint64_t ksyms_base;
extern const uint64_t ksyms_count;
extern const uint8_t ksyms_records[];
extern const uint8_t ksyms_tokens[];

/*
 * Appends what the name byte c stands for to name[*len], as much as
 * fits.  A token's pair holds only earlier tokens, at most 8 deep
 * (gen-ksyms), so the recursion ends.
 */
static void ksym_expand(uint8_t c, char name[KSYM_NAME_MAX], size_t *len)
{
	if (c >= KSYM_TOKEN) {
		const uint8_t *pair = &ksyms_tokens[2 * (c - KSYM_TOKEN)];
		ksym_expand(pair[0], name, len);
		ksym_expand(pair[1], name, len);
	} else if (*len < KSYM_NAME_MAX - 1) {
		name[(*len)++] = (char)c;
	}
}

const char *ksym_lookup(uint64_t pc, uint64_t *offset, char name[KSYM_NAME_MAX])
{
	static const char none[] = "";
	const uint8_t *r = ksyms_records;
	uint64_t at = ksyms_base, addr = 0;
	const char *found = NULL;
	size_t len = 0; /* of the last name, in name[] */
	uint64_t i;
	for (i = 0; i < ksyms_count; i++) {
		unsigned step = r[0] & 0x80 ? (r[0] & 0x7f) | r[1] << 7 : r[0];
		if (at + step > pc)
			break;
		at += step;
		r += r[0] & 0x80 ? 2 : 1;
		unsigned keep = *r++;
		if (keep == KSYM_SKIP)
			continue;
		addr = at;
		if (keep == KSYM_NONE) {
			found = none;
			r++;
			continue;
		}
		len = keep < KSYM_NAME_MAX - 1 ? keep : KSYM_NAME_MAX - 1;
		while (*r)
			ksym_expand(*r++, name, &len);
		r++;
		name[len] = '\0';
		found = name;
	}
	/* Past the last record (the end of the text) nothing is named. */
	uint64_t start;
	const char *exported =
	    i < ksyms_count ? elf_kernel_function_before(pc, &start) : NULL;
	if (exported && (!found || start > addr)) {
		size_t n = 0;
		for (; exported[n] && n < KSYM_NAME_MAX - 1; n++)
			name[n] = exported[n];
		name[n] = '\0';
		found = name;
		addr = start;
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

/*
 * The report is one block (console_seize()), and bounded: the message
 * is cut at PANIC_MESSAGE_MAX, the backtrace at its frame limit.  The
 * message is formatted into static memory, not the heap (which may be
 * what is broken) nor the stack (which may be short): the console, held
 * for good, lets one panic at a time in, and a panic inside this one
 * prints its format alone rather than write over the message.
 */
#define PANIC_MESSAGE_MAX 1024

void panic(const char *fmt, ...)
{
	static char message[PANIC_MESSAGE_MAX];
	static bool panicking;
	console_seize();
	if (panicking) {
		kprintf("osv: panic while reporting a panic: %s\n", fmt);
		osv_poweroff(OSV_EXIT_FAULT);
	}
	panicking = true;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	kprintf("osv: panic: %s%s\n", message,
		n >= (int)sizeof(message) ? " [cut]" : "");
	debug_backtrace_here();
	osv_poweroff(OSV_EXIT_FAULT);
}

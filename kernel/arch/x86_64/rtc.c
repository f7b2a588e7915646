/*
 * The CMOS real-time clock (MC146818 and its PC descendants), through
 * the index port 0x70 and the data port 0x71.  Register A's bit 7 (UIP)
 * is set from 244 us before the once-a-second update until it ends; the
 * time registers are stable while it is clear.  Register C is read to
 * acknowledge an interrupt; register B's bit 4 (UIE) asks for one at
 * the end of each update, on ISA IRQ 8.
 *
 * Every loop here is bounded by a poll count, not by time: the clock's
 * rate is what is being learnt, and a machine may have no RTC at all (its
 * ports then read 0xff).
 */
#include "arch.h"
#include "irq.h"
#include "../../time/time_impl.h"

#define REG_A 0x0a
#define REG_B 0x0b
#define REG_C 0x0c
#define REG_CENTURY 0x32
#define A_UIP 0x80
#define B_UIE 0x10
#define C_UF 0x10
#define UIP_POLLS 200000    /* UIP lasts about 2 ms at most */
#define EDGE_POLLS 20000000 /* more than a second of polling */

static void (*update_fn)(void);
static int update_vector = -1;

/* Not inlined: the boot reads from a dozen places, translated once. */
static __attribute__((noinline)) uint8_t cmos_read(uint8_t reg)
{
	unsigned long flags = irq_save();
	outb(0x70, reg);
	uint8_t v = inb(0x71);
	irq_restore(flags);
	return v;
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	unsigned long flags = irq_save();
	outb(0x70, reg);
	outb(0x71, v);
	irq_restore(flags);
}

static bool present(void)
{
	return cmos_read(REG_A) != 0xff || cmos_read(REG_B) != 0xff;
}

/* Waits until UIP reads as want; false after max polls. */
static bool wait_uip(bool want, unsigned long max)
{
	for (unsigned long i = 0; i < max; i++)
		if (!!(cmos_read(REG_A) & A_UIP) == want)
			return true;
	return false;
}

/*
 * The registers in struct rtc_regs order, read in a loop and compared as
 * one word: straight code, since under TCG the boot's time is the
 * translation of each block it runs, and each read ends one (where
 * irq_restore tests the saved flags).
 */
static void read_regs(struct rtc_regs *r)
{
	static const uint8_t index[8] = {0x00, 0x02, 0x04,	 0x07,
					 0x08, 0x09, REG_CENTURY, REG_B};
	uint8_t v[8];
#pragma GCC unroll 1
	for (unsigned i = 0; i < 8; i++)
		v[i] = cmos_read(index[i]);
	*r = (struct rtc_regs){v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]};
}

/* The same time and date (status register B aside). */
static bool same(const struct rtc_regs *a, const struct rtc_regs *b)
{
	_Static_assert(sizeof(struct rtc_regs) == 8, "rtc_regs: 8 bytes");
	uint64_t x, y;
	__builtin_memcpy(&x, a, 8);
	__builtin_memcpy(&y, b, 8);
	uint64_t status_b = (uint64_t)0xff
			    << (8 * __builtin_offsetof(struct rtc_regs, status_b));
	return !((x ^ y) & ~status_b);
}

bool rtc_read(struct rtc_regs *out)
{
	if (!present())
		return false;
	/* Two reads in a row that agree, each begun with UIP clear. */
	struct rtc_regs r[2];
	for (int i = 0; i < 10; i++) {
		if (!wait_uip(false, UIP_POLLS))
			return false;
		read_regs(&r[i & 1]);
		if (i > 0 && same(&r[0], &r[1])) {
			*out = r[i & 1];
			return true;
		}
	}
	return false;
}

static void update_interrupt(void *arg)
{
	(void)arg;
	if ((cmos_read(REG_C) & C_UF) && update_fn)
		update_fn();
}

bool rtc_on_update(void (*fn)(void))
{
	if (!present())
		return false;
	update_fn = fn;
	if (update_vector < 0)
		update_vector = irq_route_isa(8, update_interrupt, NULL);
	else
		irq_unmask_gsi(irq_isa_gsi(8));
	if (update_vector < 0)
		return false;
	(void)cmos_read(REG_C);
	cmos_write(REG_B, cmos_read(REG_B) | B_UIE);
	return true;
}

void rtc_stop_updates(void)
{
	cmos_write(REG_B, cmos_read(REG_B) & ~B_UIE);
	if (update_vector >= 0)
		irq_mask_gsi(irq_isa_gsi(8));
	update_fn = NULL;
}

/* The TSC at the end of the next update (UIP falling), 0 if none. */
static uint64_t next_edge(void)
{
	if (!wait_uip(true, EDGE_POLLS) || !wait_uip(false, UIP_POLLS))
		return 0;
	return rdtsc();
}

uint64_t rtc_measure_tsc_second(void)
{
	if (!present())
		return 0;
	uint64_t t0 = next_edge();
	uint64_t t1 = t0 ? next_edge() : 0;
	return t0 && t1 ? t1 - t0 : 0;
}

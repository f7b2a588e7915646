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

static uint8_t cmos_read(uint8_t reg)
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

static void read_regs(struct rtc_regs *r)
{
	r->sec = cmos_read(0x00);
	r->min = cmos_read(0x02);
	r->hour = cmos_read(0x04);
	r->day = cmos_read(0x07);
	r->month = cmos_read(0x08);
	r->year = cmos_read(0x09);
	r->century = cmos_read(REG_CENTURY);
	r->status_b = cmos_read(REG_B);
}

static bool same(const struct rtc_regs *a, const struct rtc_regs *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->day == b->day && a->month == b->month && a->year == b->year &&
	       a->century == b->century;
}

bool rtc_read(struct rtc_regs *out)
{
	if (!present())
		return false;
	struct rtc_regs a, b;
	for (int tries = 0; tries < 5; tries++) {
		if (!wait_uip(false, UIP_POLLS))
			return false;
		read_regs(&a);
		if (!wait_uip(false, UIP_POLLS))
			return false;
		read_regs(&b);
		if (same(&a, &b)) {
			*out = b;
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

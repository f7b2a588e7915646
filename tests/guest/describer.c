/*
 * The firmware's describer of I/O APICs and ISA overrides
 * (irq_set_describer()) runs exactly once, at the first use, and every
 * other use waits for it: two threads make their first ISA look-up at
 * once while the describer, half done, lets the other run.  Both must
 * see its override, and it must have run once.  Then a describer
 * registered after the first use runs at once.  Booted without ACPI
 * (microvm,acpi=off), so that no other describer is registered, and on
 * a machine where nothing is routed before the application runs.
 */
#include <stdio.h>

#include "app.h"
#include "irq.h"
#include "thread.h"

#define FIRST_ISA 5
#define FIRST_GSI 9
#define LATE_ISA 6
#define LATE_GSI 10

static volatile unsigned first_runs, late_runs;
static volatile bool other_looked;
static unsigned seen[2];

/* Yields half way, as a describer reading tables may be preempted. */
static void slow_describer(void)
{
	first_runs++;
	for (int i = 0; i < 50 && !other_looked; i++)
		thread_yield();
	irq_set_isa_override(FIRST_ISA, FIRST_GSI, 0); /* looks IRQ 5 up */
}

static void late_describer(void)
{
	late_runs++;
	irq_set_isa_override(LATE_ISA, LATE_GSI, 0);
}

static void first_use(void *arg)
{
	unsigned *out = arg;
	if (out == &seen[1])
		other_looked = true; /* about to wait for the first one */
	*out = irq_isa_gsi(FIRST_ISA);
}

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	irq_set_describer(slow_describer);
	printf("describer ran at registration: %s\n",
	       first_runs ? "yes" : "no");
	struct thread *a = thread_create(first_use, &seen[0], NULL);
	struct thread *b = thread_create(first_use, &seen[1], NULL);
	if (!a || !b) {
		printf("cannot create threads\n");
		return 1;
	}
	thread_join(a, false);
	thread_join(b, false);
	printf("first uses saw GSI %u and %u\n", seen[0], seen[1]);
	printf("describer runs: %u\n", first_runs);
	irq_set_describer(late_describer);
	printf("late describer runs at once: %u\n", late_runs);
	printf("late override: IRQ %u on GSI %u\n", LATE_ISA,
	       irq_isa_gsi(LATE_ISA));
	printf("late describer runs: %u\n", late_runs);
	return 0;
}

/* An invalid opcode must give an exception report. */
#include "app.h"

__attribute__((noipa)) void fault_ud_trigger(void)
{
	__asm__ volatile("ud2");
}

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fault_ud_trigger();
	return 0;
}

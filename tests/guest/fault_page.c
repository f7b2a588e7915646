/* A write through a NULL pointer must give a page-fault report. */
#include "app.h"

int *volatile fault_target;

__attribute__((noipa)) void fault_page_trigger(void)
{
	*fault_target = 42;
}

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fault_page_trigger();
	return 0;
}

/* Libraries found through DT_RUNPATH (or DT_RPATH) outside /lib. */
#include "check.h"

int rp1(void);

int main(void)
{
	check("runpath", rp1() == 1);
	return check_failures;
}

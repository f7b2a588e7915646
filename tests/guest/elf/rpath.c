/* A library found through DT_RPATH "$ORIGIN/../rplib". */
#include "check.h"

int rp2(void);

int main(void)
{
	check("rpath-origin", rp2() == 2);
	return check_failures;
}

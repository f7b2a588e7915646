/* What the fortified file calls do when a buffer is too small. */
#include <stdlib.h>

#include "fs_impl.h"

void osv_fs_chk_fail(void)
{
	static const char msg[] = "*** buffer overflow detected ***: "
				  "terminated\n";
	osv_stderr_write(msg, sizeof(msg) - 1);
	abort();
}

#include <stdlib.h>
#include <unistd.h>

#include "env_impl.h"

int clearenv(void)
{
	if (ENVIRON && ENVIRON == osv_env_owned) {
		free(osv_env_owned);
		osv_env_owned = NULL;
	}
	ENVIRON = NULL;
	return 0;
}

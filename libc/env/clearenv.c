#include <stdlib.h>
#include <unistd.h>

#include "env_impl.h"

int clearenv(void)
{
	if (__environ && __environ == osv_env_owned) {
		free(osv_env_owned);
		osv_env_owned = NULL;
	}
	__environ = NULL;
	return 0;
}

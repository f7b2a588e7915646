/*
 * getloadavg: the scheduler keeps no average of its run queue, so the
 * load is reported as 0 (an idle machine) rather than made up.
 */
#include <errno.h>

int getloadavg(double loadavg[], int nelem);

int getloadavg(double loadavg[], int nelem)
{
	if (nelem < 0) {
		errno = EINVAL;
		return -1;
	}
	if (nelem > 3)
		nelem = 3;
	for (int i = 0; i < nelem; i++)
		loadavg[i] = 0;
	return nelem;
}

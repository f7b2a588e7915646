#include <getopt.h>
#include <unistd.h>

#include "getopt_impl.h"

int getopt(int argc, char *const argv[], const char *optstring)
{
	return osv_getopt_engine(argc, argv, optstring, NULL, NULL, 0, 0);
}

/* What glibc's headers call for programs asking for POSIX's getopt. */
int __posix_getopt(int argc, char *const argv[], const char *optstring)
{
	return osv_getopt_engine(argc, argv, optstring, NULL, NULL, 0, 1);
}

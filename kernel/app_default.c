/*
 * The application entry of a kernel without a program loader: it boots,
 * reports, and powers off.  A program named on the command line cannot be
 * run yet, and saying so beats ignoring it.
 */
#include <stdio.h>

#include "app.h"

int app_main(int argc, char **argv)
{
	if (argc == 0)
		return 0;
	printf("osv: cannot run %s: this kernel has no program loader\n",
	       argv[0]);
	return 127;
}

/*
 * FD_SET, FD_CLR and FD_ISSET on a descriptor outside an fd_set's 1024
 * bits (bits/select2.h).  The fortified descriptor calls (__read_chk
 * ...) are the VFS's, in libc/fs.
 */
#include "fortify.h"
#include "libc.h"

long __fdelt_chk(long d)
{
	if (d < 0 || d >= 1024)
		osv_fortify_fail("bit out of range 0 - FD_SETSIZE on fd_set");
	return d / 64;
}

LIBC_ALIAS(__fdelt_chk, __fdelt_warn);

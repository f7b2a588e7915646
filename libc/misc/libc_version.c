/*
 * gnu_get_libc_version: the glibc release whose ABI this libc follows
 * (programs and libraries check it to choose features), and its
 * release status.
 */
const char *gnu_get_libc_version(void);
const char *gnu_get_libc_release(void);

const char *gnu_get_libc_version(void)
{
	return "2.36";
}

const char *gnu_get_libc_release(void)
{
	return "stable";
}

/*
 * The glibc version this libc is compatible with (its ABI and behaviour
 * are glibc 2.36's on x86_64): programs that ask get glibc's answers.
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

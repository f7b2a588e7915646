/*
 * The functions glibc's <sys/sysmacros.h> macros call (major, minor,
 * makedev): Linux's 64-bit dev_t, 12 bits of major and 20 of minor
 * split as the old 16-bit encoding left them, the rest above.
 */
#include <sys/sysmacros.h>

unsigned gnu_dev_major(dev_t dev)
{
	return ((dev >> 8) & 0xfff) | ((unsigned)(dev >> 32) & ~0xfffu);
}

unsigned gnu_dev_minor(dev_t dev)
{
	return (dev & 0xff) | ((unsigned)(dev >> 12) & ~0xffu);
}

dev_t gnu_dev_makedev(unsigned major, unsigned minor)
{
	return ((dev_t)(major & 0xfff) << 8) |
	       ((dev_t)(major & ~0xfffu) << 32) | (minor & 0xff) |
	       ((dev_t)(minor & ~0xffu) << 12);
}

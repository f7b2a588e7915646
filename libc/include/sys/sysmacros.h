#ifndef _SYS_SYSMACROS_H
#define _SYS_SYSMACROS_H

#include <sys/types.h>

unsigned gnu_dev_major(dev_t dev);
unsigned gnu_dev_minor(dev_t dev);
dev_t gnu_dev_makedev(unsigned major, unsigned minor);

#define major(dev) gnu_dev_major(dev)
#define minor(dev) gnu_dev_minor(dev)
#define makedev(major, minor) gnu_dev_makedev(major, minor)

#endif

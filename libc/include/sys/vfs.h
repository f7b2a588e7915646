/* sys/vfs.h: glibc's other name of sys/statfs.h. */
#include <sys/statfs.h>

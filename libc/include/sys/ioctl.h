/* sys/ioctl.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#ifdef __cplusplus
extern "C" {
#endif

#define TCGETS 0x5401
#define TIOCSCTTY 0x540e
#define TIOCGWINSZ 0x5413
#define FIONBIO 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451

int ioctl(int fd, unsigned long request, ...);

#ifdef __cplusplus
}
#endif

#endif

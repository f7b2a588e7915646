/* sys/types.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long loff_t;
typedef long off_t;
typedef long off64_t;
typedef unsigned int mode_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned long ino64_t;
typedef unsigned long nlink_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef long blksize_t;
typedef long blkcnt_t;
typedef long blkcnt64_t;
typedef unsigned long fsblkcnt_t;
typedef unsigned long fsfilcnt_t;
typedef unsigned long fsblkcnt64_t;
typedef unsigned long fsfilcnt64_t;
typedef unsigned int id_t;
#ifndef __pid_t_defined
#define __pid_t_defined
typedef int pid_t;
#endif
#ifndef __useconds_t_defined
#define __useconds_t_defined
typedef unsigned int useconds_t;
#endif

#endif

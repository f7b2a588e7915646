/*
 * System V semaphores, glibc's x86_64 layouts.  struct ipc_perm and the
 * IPC_* names are <sys/ipc.h>'s in glibc; they are here while no other
 * IPC call needs them.
 */
#ifndef _SYS_SEM_H
#define _SYS_SEM_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#ifndef OSV_IPC_PERM
#define OSV_IPC_PERM
typedef int key_t;

#define IPC_PRIVATE ((key_t)0)
#define IPC_CREAT 01000
#define IPC_EXCL 02000
#define IPC_NOWAIT 04000
#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2

struct ipc_perm {
	key_t __key;
	uid_t uid;
	gid_t gid;
	uid_t cuid;
	gid_t cgid;
	unsigned short mode;
	unsigned short __pad1;
	unsigned short __seq;
	unsigned short __pad2;
	unsigned long __glibc_reserved1;
	unsigned long __glibc_reserved2;
};
#endif

#define SEM_UNDO 0x1000
#define GETPID 11
#define GETVAL 12
#define GETALL 13
#define GETNCNT 14
#define GETZCNT 15
#define SETVAL 16
#define SETALL 17

struct semid_ds {
	struct ipc_perm sem_perm;
	time_t sem_otime;
	unsigned long __sem_otime_high;
	time_t sem_ctime;
	unsigned long __sem_ctime_high;
	unsigned long sem_nsems;
	unsigned long __glibc_reserved3;
	unsigned long __glibc_reserved4;
};

struct sembuf {
	unsigned short sem_num;
	short sem_op;
	short sem_flg;
};

int semget(key_t key, int nsems, int flags);
int semop(int id, struct sembuf *ops, size_t nops);
int semtimedop(int id, struct sembuf *ops, size_t nops,
	       const struct timespec *timeout);
int semctl(int id, int num, int cmd, ...);

#endif

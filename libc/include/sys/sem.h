/* System V semaphores, glibc's x86_64 layouts. */
#ifndef _SYS_SEM_H
#define _SYS_SEM_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include <sys/ipc.h>

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

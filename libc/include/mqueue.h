/* mqueue.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _MQUEUE_H
#define _MQUEUE_H

typedef int mqd_t;

struct mq_attr {
	long mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs;
	long __pad[4];
};

int mq_getattr(mqd_t q, struct mq_attr *attr);

#endif

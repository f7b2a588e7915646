/*
 * System V message queues within the one program, as the semaphores
 * (sysv_sem.c): queues in a list under one mutex, by id (never reused,
 * so a waiter that wakes to find its queue gone says EIDRM) and by key.
 * A sender waits while the queue is full, a receiver while it holds no
 * message of the type asked for, both on one futex word bumped by every
 * change and interruptibly: a handler that runs ends the wait with
 * EINTR, as Linux never restarts these calls.  The limits are Linux's
 * defaults (MSGMNI queues at most), and IPC_INFO/MSG_INFO/MSG_STAT
 * report as Linux's for ipcs; a buffer msgctl, msgsnd or msgrcv cannot
 * read or fill is EFAULT (msgrcv's message is lost then, as Linux's).
 * Permissions are not checked: every caller is the owner's process.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

#include "../signal/signal_impl.h"
#include "../thread/pthread_impl.h"
#include "../time/clock_impl.h"
#include "sysv_ipc.h"
#include "thread.h"

#define MSGMAX 8192  /* bytes in a message */
#define MSGMNB 16384 /* bytes in a queue, unless IPC_SET changes it */
/* What Linux's IPC_INFO reports besides (include/uapi/linux/msg.h). */
#define MSGMNI 32000
#define MSGPOOL (MSGMNI * MSGMNB / 1024)
#define MSGSSZ 16
#define MSGSEG 0xffff /* MSGPOOL KiB in MSGSSZ segments, capped */

struct message {
	struct message *next;
	long type;
	size_t size;
	char text[];
};

struct queue {
	struct queue *next;
	int id;
	key_t key;
	struct msqid_ds ds;
	struct message *head, **tail;
};

static pthread_mutex_t queues_lock = PTHREAD_MUTEX_INITIALIZER;
static struct queue *queues;
static int queue_count; /* at most MSGMNI, as Linux's */
static int next_id;
static volatile int changes; /* a futex word: bumped on every change */

/* The queue of id, or NULL.  Under queues_lock. */
static struct queue *find(int id)
{
	for (struct queue *q = queues; q; q = q->next)
		if (q->id == id)
			return q;
	return NULL;
}

static struct queue *find_key(key_t key)
{
	if (key == IPC_PRIVATE)
		return NULL; /* each is new: no walk through them all */
	for (struct queue *q = queues; q; q = q->next)
		if (q->key == key)
			return q;
	return NULL;
}

static int create(key_t key, int flags)
{
	if (queue_count >= MSGMNI)
		return osv_sysv_fail(ENOSPC);
	struct queue *q = calloc(1, sizeof(*q));
	if (!q)
		return osv_sysv_fail(ENOMEM);
	q->id = next_id++;
	q->key = key;
	q->tail = &q->head;
	q->ds.msg_perm = (struct ipc_perm){.__key = key,
					   .uid = geteuid(),
					   .gid = getegid(),
					   .cuid = geteuid(),
					   .cgid = getegid(),
					   .mode = flags & 0777};
	q->ds.msg_qbytes = MSGMNB;
	q->ds.msg_ctime = osv_sysv_now();
	q->next = queues;
	queues = q;
	queue_count++;
	return q->id;
}

int msgget(key_t key, int flags)
{
	pthread_mutex_lock(&queues_lock);
	struct queue *q = find_key(key);
	int r;
	if (key == IPC_PRIVATE || (!q && (flags & IPC_CREAT)))
		r = create(key, flags);
	else if (!q)
		r = osv_sysv_fail(ENOENT);
	else if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
		r = osv_sysv_fail(EEXIST);
	else
		r = q->id;
	pthread_mutex_unlock(&queues_lock);
	return r;
}

/*
 * Waits for a change after seen, with queues_lock held and released
 * while asleep; 0, or the error that ends the call (EINTR).
 */
static int wait_change(int seen)
{
	pthread_mutex_unlock(&queues_lock);
	int r = thread_futex_wait(&changes, seen, THREAD_NO_DEADLINE, true);
	if (r == -EINTR) {
		osv_testcancel();
		if (osv_signal_interrupted() != OSV_SIGNAL_NONE)
			return EINTR;
	}
	pthread_mutex_lock(&queues_lock);
	return 0;
}

/*
 * Linux counts a message against the byte limit and each one as a byte.
 * A message larger than the queue never has room: its sender waits, as
 * Linux's, until the queue grows (IPC_SET) or goes.
 */
static bool has_room(const struct queue *q, size_t size)
{
	return q->ds.msg_cbytes + size <= q->ds.msg_qbytes &&
	       q->ds.msg_qnum + 1 <= q->ds.msg_qbytes;
}

static void enqueue(struct queue *q, struct message *m)
{
	m->next = NULL;
	*q->tail = m;
	q->tail = &m->next;
	q->ds.msg_cbytes += m->size;
	q->ds.msg_qnum++;
	q->ds.msg_lspid = getpid();
	q->ds.msg_stime = osv_sysv_now();
}

/*
 * msgsnd's checks in Linux's order: the type read (EFAULT), the size,
 * the id's sign and the type (EINVAL), the text read (EFAULT, before
 * the queue is looked for); 0 or the errno.
 */
static int check_send(int id, const void *msg, size_t size, long *type)
{
	if (!osv_sysv_buffer_ok(msg, sizeof(*type), false))
		return EFAULT;
	memcpy(type, msg, sizeof(*type));
	if (size > MSGMAX || id < 0 || *type < 1)
		return EINVAL;
	if (!osv_sysv_buffer_ok((const char *)msg + sizeof(*type), size, false))
		return EFAULT;
	return 0;
}

int msgsnd(int id, const void *msg, size_t size, int flags)
{
	long type;
	int bad = check_send(id, msg, size, &type);
	if (bad)
		return osv_sysv_fail(bad);
	struct message *m = malloc(sizeof(*m) + size);
	if (!m)
		return osv_sysv_fail(ENOMEM);
	m->type = type;
	m->size = size;
	memcpy(m->text, (const char *)msg + sizeof(long), size);
	bool waited = false;
	int err = 0;
	pthread_mutex_lock(&queues_lock);
	for (;;) {
		struct queue *q = find(id);
		if (!q) {
			err = waited ? EIDRM : EINVAL;
			break;
		}
		if (has_room(q, size)) {
			enqueue(q, m);
			break;
		}
		if (flags & IPC_NOWAIT) {
			err = EAGAIN;
			break;
		}
		err = wait_change(__atomic_load_n(&changes, __ATOMIC_SEQ_CST));
		if (err) {
			free(m);
			return osv_sysv_fail(err);
		}
		waited = true;
	}
	pthread_mutex_unlock(&queues_lock);
	if (err) {
		free(m);
		return osv_sysv_fail(err);
	}
	osv_sysv_changed(&changes);
	return 0;
}

/* The highest type a negative msgtyp takes: LONG_MIN has no opposite. */
static long type_limit(long type)
{
	return type == LONG_MIN ? LONG_MAX : -type;
}

/* Whether m is what msgrcv's type and flags ask for. */
static bool selected(const struct message *m, long type, int flags)
{
	if (type == 0)
		return true;
	if (type < 0)
		return m->type <= type_limit(type);
	return (flags & MSG_EXCEPT) ? m->type != type : m->type == type;
}

/*
 * The link to the message msgrcv takes: the first selected one, or for
 * a negative type the first of the lowest type; NULL if there is none.
 */
static struct message **pick(struct queue *q, long type, int flags)
{
	struct message **best = NULL;
	for (struct message **l = &q->head; *l; l = &(*l)->next) {
		if (!selected(*l, type, flags))
			continue;
		if (type >= 0)
			return l;
		if (!best || (*l)->type < (*best)->type)
			best = l;
	}
	return best;
}

static struct message *dequeue(struct queue *q, struct message **link)
{
	struct message *m = *link;
	*link = m->next;
	if (q->tail == &m->next)
		q->tail = link;
	q->ds.msg_cbytes -= m->size;
	q->ds.msg_qnum--;
	q->ds.msg_lrpid = getpid();
	q->ds.msg_rtime = osv_sysv_now();
	return m;
}

ssize_t msgrcv(int id, void *msg, size_t size, long type, int flags)
{
	if ((ssize_t)size < 0)
		return osv_sysv_fail(EINVAL);
	if (flags & MSG_COPY)
		return osv_sysv_fail(
		    ENOSYS); /* Linux's without checkpoint/restore */
	bool waited = false;
	struct message *m = NULL;
	int err = 0;
	pthread_mutex_lock(&queues_lock);
	for (;;) {
		struct queue *q = find(id);
		if (!q) {
			err = waited ? EIDRM : EINVAL;
			break;
		}
		struct message **link = pick(q, type, flags);
		if (link && (*link)->size > size && !(flags & MSG_NOERROR)) {
			err = E2BIG;
			break;
		}
		if (link) {
			m = dequeue(q, link);
			break;
		}
		if (flags & IPC_NOWAIT) {
			err = ENOMSG;
			break;
		}
		err = wait_change(__atomic_load_n(&changes, __ATOMIC_SEQ_CST));
		if (err)
			return osv_sysv_fail(err);
		waited = true;
	}
	pthread_mutex_unlock(&queues_lock);
	if (err)
		return osv_sysv_fail(err);
	osv_sysv_changed(&changes); /* a sender may have room now */
	size_t n = m->size < size ? m->size : size;
	/* Linux's copy that fails comes after the message is taken: lost */
	bool fits = osv_sysv_buffer_ok(msg, sizeof(long) + n, true);
	if (fits) {
		memcpy(msg, &m->type, sizeof(long));
		memcpy((char *)msg + sizeof(long), m->text, n);
	}
	free(m);
	return fits ? (ssize_t)n : osv_sysv_fail(EFAULT);
}

static void remove_queue(struct queue *q)
{
	struct queue **link = &queues;
	while (*link != q)
		link = &(*link)->next;
	*link = q->next;
	queue_count--;
	while (q->head) {
		struct message *m = q->head;
		q->head = m->next;
		free(m);
	}
	free(q);
}

/* What msgctl's cmd does on q; under queues_lock. */
static int control(struct queue *q, int cmd, struct msqid_ds *buf)
{
	switch (cmd) {
	case IPC_STAT:
		*buf = q->ds;
		return 0;
	case IPC_SET: /* a msg_qbytes of 0 too: Linux's senders then wait */
		q->ds.msg_perm.uid = buf->msg_perm.uid;
		q->ds.msg_perm.gid = buf->msg_perm.gid;
		q->ds.msg_perm.mode = buf->msg_perm.mode & 0777;
		q->ds.msg_qbytes = buf->msg_qbytes;
		q->ds.msg_ctime = osv_sysv_now();
		return 0;
	case IPC_RMID:
		remove_queue(q);
		return 0;
	default:
		return osv_sysv_fail(EINVAL);
	}
}

/*
 * IPC_INFO's limits or MSG_INFO's use (queues, messages, bytes) in
 * Linux's struct msginfo; the highest index in use (an id here: ids are
 * never reused, so the table only grows), or 0.  Under queues_lock.
 */
static int info(int cmd, struct msginfo *mi)
{
	*mi = (struct msginfo){.msgmax = MSGMAX,
			       .msgmnb = MSGMNB,
			       .msgmni = MSGMNI,
			       .msgssz = MSGSSZ,
			       .msgseg = MSGSEG,
			       .msgpool = MSGPOOL,
			       .msgmap = MSGMNB,
			       .msgtql = MSGMNB};
	int highest = 0;
	if (cmd == MSG_INFO)
		mi->msgpool = mi->msgmap = mi->msgtql = 0;
	for (struct queue *q = queues; q; q = q->next) {
		if (q->id > highest)
			highest = q->id;
		if (cmd == MSG_INFO) {
			mi->msgpool++;
			mi->msgmap += (int)q->ds.msg_qnum;
			mi->msgtql += (int)q->ds.msg_cbytes;
		}
	}
	return highest;
}

/* msgctl's commands on one queue; under queues_lock. */
static int control_queue(int id, int cmd, struct msqid_ds *buf)
{
	/* Linux reads IPC_SET's buffer before it looks for the queue */
	if (cmd == IPC_SET && !osv_sysv_buffer_ok(buf, sizeof(*buf), false))
		return osv_sysv_fail(EFAULT);
	struct queue *q = find(id); /* MSG_STAT's index: the id, see info() */
	if (!q)
		return osv_sysv_fail(EINVAL);
	bool stat = cmd == IPC_STAT || cmd == MSG_STAT || cmd == MSG_STAT_ANY;
	if (stat && !osv_sysv_buffer_ok(buf, sizeof(*buf), true))
		return osv_sysv_fail(EFAULT);
	if (cmd == MSG_STAT || cmd == MSG_STAT_ANY)
		return control(q, IPC_STAT, buf) == 0 ? q->id : -1;
	return control(q, cmd, buf);
}

int msgctl(int id, int cmd, struct msqid_ds *buf)
{
	bool info_cmd = cmd == IPC_INFO || cmd == MSG_INFO;
	if (info_cmd && !osv_sysv_buffer_ok(buf, sizeof(struct msginfo), true))
		return osv_sysv_fail(EFAULT);
	pthread_mutex_lock(&queues_lock);
	int r = info_cmd ? info(cmd, (struct msginfo *)buf)
			 : control_queue(id, cmd, buf);
	pthread_mutex_unlock(&queues_lock);
	if (r == 0 && (cmd == IPC_SET || cmd == IPC_RMID))
		osv_sysv_changed(&changes); /* waiters look again (or find their
					   queue gone) */
	return r;
}

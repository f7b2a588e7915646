/*
 * Thread-specific data.  A global table gives each of the
 * PTHREAD_KEYS_MAX keys a sequence number, odd while the key exists, and
 * its destructor; pthread_key_delete() makes the number even.  A thread
 * keeps its values in blocks of KEY_BLOCK allocated on first use, each
 * value beside the sequence number of the key it was set for, so a value
 * of a deleted key never shows through a new key in the same slot.  At
 * thread exit the destructors run for non-NULL values, at most
 * PTHREAD_DESTRUCTOR_ITERATIONS rounds while they set new ones.
 */
#include "mm.h"
#include "pthread_impl.h"

extern inline void osv_lock(volatile int *l);
extern inline void osv_unlock(volatile int *l);

struct key {
	volatile uintptr_t seq;
	void (*destructor)(void *);
};

static struct key keys[PTHREAD_KEYS_MAX];
static volatile int keys_lock;

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	osv_lock(&keys_lock);
	for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
		if (keys[k].seq & 1)
			continue;
		keys[k].destructor = destructor;
		__atomic_store_n(&keys[k].seq, keys[k].seq + 1,
				 __ATOMIC_RELEASE);
		osv_unlock(&keys_lock);
		*key = k;
		return 0;
	}
	osv_unlock(&keys_lock);
	return EAGAIN;
}

int __pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
    __attribute__((alias("pthread_key_create")));

static bool key_valid(pthread_key_t k)
{
	return k < PTHREAD_KEYS_MAX && (keys[k].seq & 1);
}

int pthread_key_delete(pthread_key_t k)
{
	osv_lock(&keys_lock);
	bool ok = key_valid(k);
	if (ok)
		__atomic_store_n(&keys[k].seq, keys[k].seq + 1,
				 __ATOMIC_RELEASE);
	osv_unlock(&keys_lock);
	return ok ? 0 : EINVAL;
}

static struct key_value *slot(struct pthread *self, pthread_key_t k,
			      bool create)
{
	struct key_value **block = &self->keys[k / KEY_BLOCK];
	if (!*block && create)
		*block = heap_calloc(KEY_BLOCK, sizeof(**block));
	return *block ? &(*block)[k % KEY_BLOCK] : NULL;
}

void *pthread_getspecific(pthread_key_t k)
{
	struct pthread *self = osv_pthread_self();
	if (!self || !key_valid(k))
		return NULL;
	struct key_value *v = slot(self, k, false);
	return v && v->seq == keys[k].seq ? v->value : NULL;
}

int pthread_setspecific(pthread_key_t k, const void *value)
{
	struct pthread *self = osv_pthread_self();
	if (!key_valid(k))
		return EINVAL;
	struct key_value *v = self ? slot(self, k, true) : NULL;
	if (!v)
		return ENOMEM;
	v->seq = keys[k].seq;
	v->value = (void *)value;
	return 0;
}

/* Runs the destructors once; true when any ran. */
static bool destructor_round(struct pthread *self)
{
	bool ran = false;
	for (pthread_key_t k = 0; k < PTHREAD_KEYS_MAX; k++) {
		struct key_value *v =
		    self->keys[k / KEY_BLOCK] ? slot(self, k, false) : NULL;
		if (!v || !v->value || v->seq != keys[k].seq || !key_valid(k) ||
		    !keys[k].destructor)
			continue;
		void *value = v->value;
		v->value = NULL;
		keys[k].destructor(value);
		ran = true;
	}
	return ran;
}

void osv_key_run_destructors(struct pthread *self)
{
	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++)
		if (!destructor_round(self))
			break;
}

void osv_key_free_values(struct pthread *self)
{
	for (unsigned b = 0; b < PTHREAD_KEYS_MAX / KEY_BLOCK; b++) {
		heap_free(self->keys[b]);
		self->keys[b] = NULL;
	}
}

/*
 * capget and capset: the program is root with every capability, as a
 * root process on Linux starts (effective and permitted all of Linux
 * 6.1's 41, inheritable none).  capset records the sets it is given
 * under Linux's rules (only ever fewer permitted capabilities), so a
 * program that drops some sees that it did; they grant or deny nothing
 * else here.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

#define CAP_VERSION_1 0x19980330u
#define CAP_VERSION_2 0x20071026u
#define CAP_VERSION_3 0x20080522u
#define CAP_ALL ((1ull << 41) - 1) /* CAP_CHOWN .. CAP_CHECKPOINT_RESTORE */
#define CAP_SETPCAP 8
#define PROGRAM_PID 1

/* Linux's <linux/capability.h> layouts. */
struct cap_header {
	uint32_t version;
	int pid;
};

struct cap_data {
	uint32_t effective, permitted, inheritable;
};

static struct {
	uint64_t effective, permitted, inheritable;
} caps = {CAP_ALL, CAP_ALL, 0};

/* How many 32-bit data words the version passes; 0 for an unknown one,
 * which Linux answers by writing the version it prefers (EINVAL). */
static int data_words(struct cap_header *h)
{
	if (h->version == CAP_VERSION_1)
		return 1;
	if (h->version == CAP_VERSION_2 || h->version == CAP_VERSION_3)
		return 2;
	h->version = CAP_VERSION_3;
	return 0;
}

static int fail(int err)
{
	errno = err;
	return -1;
}

static uint32_t word(uint64_t set, int i)
{
	return (uint32_t)(set >> (32 * i));
}

int capget(struct cap_header *h, struct cap_data *d)
{
	int n = data_words(h);
	if (!n)
		return d ? fail(EINVAL) : 0;
	if (h->pid < 0)
		return fail(EINVAL);
	if (h->pid != 0 && h->pid != PROGRAM_PID)
		return fail(ESRCH);
	if (!d)
		return 0;
	for (int i = 0; i < n; i++) {
		d[i].effective = word(caps.effective, i);
		d[i].permitted = word(caps.permitted, i);
		d[i].inheritable = word(caps.inheritable, i);
	}
	return 0;
}

static uint64_t join(const struct cap_data *d, int n, int field)
{
	uint64_t set = 0;
	for (int i = 0; i < n; i++) {
		const uint32_t *w = &d[i].effective;
		set |= (uint64_t)w[field] << (32 * i);
	}
	return set;
}

/*
 * Linux's rules: permitted may only shrink, effective stays within it,
 * inheritable within the old inheritable and permitted sets unless
 * CAP_SETPCAP is effective; a version 1 call clears the upper words.
 */
int capset(struct cap_header *h, const struct cap_data *d)
{
	int n = data_words(h);
	if (!n)
		return fail(EINVAL);
	if (h->pid != 0 && h->pid != PROGRAM_PID)
		return fail(EPERM);
	uint64_t eff = join(d, n, 0);
	uint64_t perm = join(d, n, 1);
	uint64_t inh = join(d, n, 2);
	if (perm & ~caps.permitted)
		return fail(EPERM);
	bool setpcap = caps.effective & (1ull << CAP_SETPCAP);
	if (inh & ~(setpcap ? CAP_ALL : caps.inheritable | caps.permitted))
		return fail(EPERM);
	if (eff & ~perm)
		return fail(EPERM);
	caps.effective = eff & CAP_ALL;
	caps.permitted = perm & CAP_ALL;
	caps.inheritable = inh & CAP_ALL;
	return 0;
}

/*
 * Transports of 9P messages: the channels the 9P client
 * (kernel/fs/p9fs_*.c, the "9p" filesystem) sends its requests on,
 * each named by a tag.  A driver (virtio-9p: one channel per device,
 * named by the device's mount tag) registers its channels at boot;
 * a mount claims one by the tag it was given.  A channel serves one
 * session at a time: a server has one set of fids per channel, which a
 * new session's Tversion resets (so a second mount of a tag would pull
 * the first one's fids away, and both would pick the same numbers).
 *
 * A channel carries one request at a time and its reply: rpc() sends
 * the whole request and waits for the whole reply, so a 9P tag is
 * never shared by two requests in flight and the client needs no
 * matching of replies.
 */
#ifndef KERNEL_P9_TRANSPORT_H
#define KERNEL_P9_TRANSPORT_H

#include <stdbool.h>
#include <stdint.h>

struct p9_channel {
	const char *tag;  /* the name mounts give as their source */
	uint32_t max_msg; /* the largest message it carries either way */
	/*
	 * Sends req (req_len bytes, a whole 9P message) and waits until the
	 * reply is in resp (resp_cap bytes).  Both buffers are kernel heap
	 * memory (identity-mapped: the device reads and writes them).
	 * Callers take turns: rpc serialises them.  0, or -EIO when the
	 * device failed to answer.
	 */
	int (*rpc)(struct p9_channel *ch, const void *req, uint32_t req_len,
		   void *resp, uint32_t resp_cap);
	struct p9_channel *next; /* the registry's */
	bool claimed;		 /* the registry's: a session has it */
};

/* Adds ch (kept by pointer); for drivers, at boot. */
void p9_channel_register(struct p9_channel *ch);

/*
 * The channel named tag, claimed for a session; NULL with *err -ENOENT
 * (no such tag, as Linux) or -EBUSY (a session has it: a mount of that tag).
 */
struct p9_channel *p9_channel_claim(const char *tag, int *err);

/* Gives back a claimed channel (the session ended). */
void p9_channel_release(struct p9_channel *ch);

#endif

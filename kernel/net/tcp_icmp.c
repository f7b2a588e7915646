/*
 * ICMP errors about our segments: a connect they end, a soft error
 * they leave for a timeout to report (RFC 1122 4.2.3.9, RFC 5461,
 * RFC 5927).
 */
#include <errno.h>
#include <string.h>

#include "tcp_impl.h"

void tcp_icmp_error(struct tcp_engine *eng, int err, uint32_t src, uint32_t dst,
		    const void *quoted, size_t len)
{
	const uint8_t *q = quoted;
	uint16_t sport, dport;
	struct tcp_conn *c;
	uint32_t seq;

	if (len < 8 || err >= 0 || err == -EMSGSIZE)
		return;
	memcpy(&sport, q, 2);
	memcpy(&dport, q + 2, 2);
	c = tcp_lookup(eng, src, sport, dst, dport);
	seq = get32(q + 4);
	/* a blind attacker must guess what we have in flight (RFC 5927) */
	if (!c || seq_lt(seq, c->snd_una) || seq_gt(seq, c->snd_max))
		return;
	/*
	 * Hard errors too are soft once synchronized, so that a forged
	 * one cannot reset a connection (RFC 5927 5.2), as Linux.
	 */
	if (c->state != TCP_SYN_SENT) {
		c->soft_error = -err;
		return;
	}
	/* Host and net unreachable end a connect too, as on Linux. */
	tcp_set_error(c, -err);
	tcp_done(c);
}

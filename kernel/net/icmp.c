/*
 * ICMP: echo requests answered; destination unreachable and time
 * exceeded handed, as an errno, to the protocol of the packet they
 * quote; errors sent for what we cannot deliver.  Errors are never sent
 * about broadcasts or ICMP errors (RFC 1122 3.2.2).
 */
#include <errno.h>
#include <string.h>

#include "icmp.h"
#include "mm.h"

static ip4_proto_fn echo_reply_fn;

void icmp_set_echo_reply_fn(ip4_proto_fn fn)
{
	echo_reply_fn = fn;
}

/* type, code and rest (the 4 bytes after the checksum), then data. */
static void send_icmp(uint32_t src, uint32_t dst, uint8_t type, uint8_t code,
		      const uint8_t *rest, const uint8_t *data, size_t len)
{
	uint8_t *m = heap_alloc(8 + len);
	if (!m) {
		ip4_stats.out_dropped++;
		return;
	}
	m[0] = type;
	m[1] = code;
	m[2] = m[3] = 0;
	memcpy(m + 4, rest, 4);
	memcpy(m + 8, data, len);
	uint16_t sum = inet_fold(inet_sum(m, 8 + len, 0));
	memcpy(m + 2, &sum, 2);
	struct ip4_send s = {.src = src, .dst = dst, .proto = 1};
	ip4_output(&s, m, 8 + len);
	heap_free(m);
}

void icmp_send_error(const struct ip4_packet *p, uint8_t type, uint8_t code)
{
	static const uint8_t zero[4];
	if (ip4_is_broadcast(p->dst) || !ip4_is_local(p->dst))
		return;
	if (p->proto == 1 && (p->len < 1 || (p->data[0] != ICMP_ECHO &&
					     p->data[0] != ICMP_ECHO_REPLY)))
		return;
	size_t quote = p->len < 8 ? p->len : 8;
	uint8_t buf[60 + 8];
	memcpy(buf, p->ip, p->ip_len);
	memcpy(buf + p->ip_len, p->data, quote);
	send_icmp(p->dst, p->src, type, code, zero, buf, p->ip_len + quote);
}

static int errno_of(uint8_t type, uint8_t code)
{
	if (type == ICMP_TIME_EXCEEDED)
		return -EHOSTUNREACH;
	switch (code) {
	case 0:
		return -ENETUNREACH;
	case ICMP_UNREACH_PROTO:
		return -ENOPROTOOPT;
	case ICMP_UNREACH_PORT:
		return -ECONNREFUSED;
	case 4:
		return -EMSGSIZE;
	}
	return -EHOSTUNREACH;
}

static void icmp_input(const struct ip4_packet *p)
{
	if (p->len < 8 || inet_fold(inet_sum(p->data, p->len, 0)) != 0) {
		ip4_stats.in_bad++;
		return;
	}
	uint8_t type = p->data[0];
	if (type == ICMP_ECHO && !ip4_is_broadcast(p->dst))
		send_icmp(p->dst, p->src, ICMP_ECHO_REPLY, 0, p->data + 4,
			  p->data + 8, p->len - 8);
	else if (type == ICMP_ECHO_REPLY && echo_reply_fn)
		echo_reply_fn(p);
	else if (type == ICMP_UNREACH || type == ICMP_TIME_EXCEEDED)
		ip4_deliver_error(errno_of(type, p->data[1]), p->data + 8,
				  p->len - 8);
}

int icmp_init(void)
{
	return ip4_set_proto(1, icmp_input);
}

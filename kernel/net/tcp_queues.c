/*
 * The bytes a connection holds each way, for FIONREAD, SIOCOUTQ and
 * SO_LINGER.  tcp_core.h's tcp_info does not give them, so this one
 * function of the glue reads the engine's layout (tcp_impl.h); it
 * belongs in struct tcp_conn_info.
 */
#include "tcp_impl.h"
#include "tcp_sock.h"

void tcp_sock_queued(const struct tcp_conn *c, uint32_t *rcv, uint32_t *snd)
{
	*rcv = c->shut_rd ? 0 : c->rcvq.len;
	*snd = c->sndq.len;
}

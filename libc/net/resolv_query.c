/*
 * Queries: res_nmkquery builds a question (RFC 1035 section 4.1),
 * res_nsend sends it over UDP to the state's servers in turn, retry
 * times, each try waiting retrans seconds doubled per round and shared
 * among the servers, as glibc does; res_nquery turns the answer's
 * rcode into h_errno and, with RES_USE_EDNS0 or RES_USE_DNSSEC, puts an
 * EDNS(0) OPT record (RFC 6891) in its question that lets a UDP answer
 * fill the caller's buffer, up to 1200 bytes; res_nsearch tries the
 * search list.  A truncated UDP answer (TC) sends the question again
 * to the same server over TCP (RFC 7766; RFC 1035 4.2.2's two-byte
 * length before each message) unless RES_IGNTC, and RES_USEVC asks
 * over TCP from the start; from then on the round's remaining servers
 * are asked over TCP and there is no further round, as in glibc.  The
 * failures are glibc's: a socket that cannot be made ends the call with
 * its errno, servers that refuse give ECONNREFUSED, silence ETIMEDOUT
 * (over TCP the last connection's error), and res_nquery then says
 * TRY_AGAIN.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "resolv_impl.h"

unsigned osv_resolv_random_id(void)
{
	unsigned short id;
	if (getrandom(&id, sizeof(id), 0) != sizeof(id))
		id = (unsigned short)(time(NULL) ^ (long)&id);
	return id;
}

void osv_resolv_set_herrno(res_state s, int err)
{
	s->res_h_errno = err;
	h_errno = err;
}

/* The header of a query: a random id, the opcode, RD and AD as the
 * options say, no counts yet. */
static void put_header(res_state s, int op, unsigned char *buf)
{
	memset(buf, 0, NS_HFIXEDSZ);
	ns_put16(osv_resolv_random_id(), buf);
	buf[2] =
	    (unsigned char)((op & 0xf) << 3 | !!(s->options & RES_RECURSE));
	buf[3] = s->options & RES_TRUSTAD ? 0x20 : 0;
}

/* A compressed name, then fixed bytes (the last len of fixed): the end
 * of what was written, or NULL when room (bytes) is too short. */
static unsigned char *put_record(unsigned char *p, int *room, const char *name,
				 const unsigned char **dnptrs,
				 const unsigned char *fixed, int len)
{
	int n = ns_name_compress(name, p, (size_t)*room, dnptrs, dnptrs + 20);
	if (n < 0)
		return NULL;
	*room -= n;
	memcpy(p + n, fixed, (size_t)len);
	return p + n + len;
}

/*
 * A question (QUERY), or a NOTIFY with data's name as an additional
 * record of type NULL; other opcodes -1 after the header, as glibc.
 * The room for the fixed parts is set aside before the names go in.
 */
int res_nmkquery(res_state s, int op, const char *dname, int class, int type,
		 const unsigned char *data, int datalen,
		 const unsigned char *newrr, unsigned char *buf, int buflen)
{
	(void)datalen, (void)newrr;
	if (class < 0 || class > 65535 || type < 0 || type > 65535 || !buf ||
	    buflen < NS_HFIXEDSZ)
		return -1;
	put_header(s, op, buf);
	if (op != QUERY && op != NS_NOTIFY_OP)
		return -1;
	int extra = op == NS_NOTIFY_OP && data;
	int room = buflen - NS_HFIXEDSZ - NS_QFIXEDSZ - extra * NS_RRFIXEDSZ;
	if (room < 0)
		return -1;
	const unsigned char *dnptrs[20] = {buf};
	unsigned char question[NS_QFIXEDSZ], rr[NS_RRFIXEDSZ] = {0};
	ns_put16((unsigned)type, question);
	ns_put16((unsigned)class, question + 2);
	unsigned char *p = put_record(buf + NS_HFIXEDSZ, &room, dname, dnptrs,
				      question, NS_QFIXEDSZ);
	if (!p)
		return -1;
	ns_put16(1, buf + 4);
	if (extra) {
		ns_put16(T_NULL, rr);
		ns_put16((unsigned)class, rr + 2);
		p = put_record(p, &room, (const char *)data, dnptrs, rr,
			       NS_RRFIXEDSZ);
		if (!p)
			return -1;
		ns_put16(1, buf + 10);
	}
	return (int)(p - buf);
}

int res_mkquery(int op, const char *dname, int class, int type,
		const unsigned char *data, int datalen,
		const unsigned char *newrr, unsigned char *buf, int buflen)
{
	return res_nmkquery(osv_resolv_default(), op, dname, class, type, data,
			    datalen, newrr, buf, buflen);
}

/* The wait of try number attempt, in milliseconds, as glibc's. */
static int try_timeout(res_state s, int attempt)
{
	int seconds = s->retrans << attempt;
	if (attempt > 0)
		seconds /= s->nscount;
	return (seconds > 0 ? seconds : 1) * 1000;
}

/* Milliseconds since *start on the monotonic clock. */
static long ms_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 +
	       (now.tv_nsec - start->tv_nsec) / 1000000;
}

/*
 * Whether the questions of a (alen bytes) are those of q (qlen): their
 * count, then each name (case aside), type and class.
 */
static int same_questions(const unsigned char *q, int qlen,
			  const unsigned char *a, int alen)
{
	int count = (int)ns_get16(q + 4);
	if ((int)ns_get16(a + 4) != count)
		return 0;
	const unsigned char *pq = q + NS_HFIXEDSZ, *pa = a + NS_HFIXEDSZ;
	for (int i = 0; i < count; i++) {
		char qname[NS_MAXDNAME], aname[NS_MAXDNAME];
		int nq = dn_expand(q, q + qlen, pq, qname, sizeof(qname));
		int na = dn_expand(a, a + alen, pa, aname, sizeof(aname));
		if (nq < 0 || na < 0)
			return 0;
		pq += nq;
		pa += na;
		if (pq + NS_QFIXEDSZ > q + qlen ||
		    pa + NS_QFIXEDSZ > a + alen || strcasecmp(qname, aname) ||
		    memcmp(pq, pa, NS_QFIXEDSZ))
			return 0;
		pq += NS_QFIXEDSZ;
		pa += NS_QFIXEDSZ;
	}
	return 1;
}

/* Whether a is a response (QR) with the id of the query q. */
static int is_response_to(const unsigned char *q, const unsigned char *a,
			  int alen)
{
	return alen >= NS_HFIXEDSZ && a[0] == q[0] && a[1] == q[1] &&
	       (a[2] & 0x80);
}

/*
 * Whether the reply answers the query: its id, a response, the same
 * questions (RFC 5452 section 3: a spoofer must also guess the
 * name), except for an UPDATE, whose reply may be a header alone.  The
 * socket is connected, so only the server asked (its address and
 * port) can have sent it.
 */
static int is_reply(const unsigned char *q, int qlen, const unsigned char *a,
		    int alen)
{
	return is_response_to(q, a, alen) &&
	       ((q[2] >> 3 & 0xf) == ns_o_update ||
		same_questions(q, qlen, a, alen));
}

enum try_result { TRY_NEXT = 0, TRY_FATAL = -1 };

/* Whether the server could not serve this question (glibc asks the
 * next one). */
static int is_refusal(const unsigned char *answer)
{
	int rcode = answer[3] & 0x0f;
	return rcode == SERVFAIL || rcode == NOTIMP || rcode == REFUSED;
}

/* A try's deadline: its start and the milliseconds it has. */
struct deadline {
	struct timespec start;
	int ms;
};

/* Waits for events on fd until the deadline: 0 when ready, else the
 * error (ETIMEDOUT when the time ran out). */
static int wait_for(int fd, short events, const struct deadline *d)
{
	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = events};
		long left = d->ms - ms_since(&d->start);
		int r = left > 0 ? poll(&pfd, 1, (int)left) : 0;
		if (r > 0)
			return 0;
		if (r == 0)
			return ETIMEDOUT;
		if (errno != EINTR)
			return errno;
	}
}

/*
 * One try at server ns over UDP: the answer's length, TRY_NEXT to go
 * on (with *reached set when the server was reached or let the wait
 * run out, *truncated when it answered with TC), TRY_FATAL when no
 * socket can be made (errno).
 */
static int try_udp(res_state s, int ns, int attempt, const unsigned char *msg,
		   int msglen, unsigned char *answer, int anslen, int *reached,
		   int *truncated)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return TRY_FATAL;
	const struct sockaddr *to =
	    (const struct sockaddr *)&s->nsaddr_list[ns];
	int n = TRY_NEXT;
	if (connect(fd, to, sizeof(s->nsaddr_list[ns])) < 0 ||
	    send(fd, msg, (size_t)msglen, 0) != msglen)
		goto out;
	/* Stray replies must not restart the wait, or a stream of them
	 * would hold the caller forever. */
	struct deadline d = {.ms = try_timeout(s, attempt)};
	clock_gettime(CLOCK_MONOTONIC, &d.start);
	for (;;) {
		int err = wait_for(fd, POLLIN, &d);
		if (err == ETIMEDOUT)
			*reached = 1;
		if (err)
			break;
		ssize_t len = recv(fd, answer, (size_t)anslen, 0);
		if (len < 0)
			break;
		if (!is_reply(msg, msglen, answer, (int)len))
			continue;
		*reached = 1;
		if (is_refusal(answer))
			break;
		if ((answer[2] & 0x02) && !(s->options & RES_IGNTC))
			*truncated = 1;
		else
			n = (int)len;
		break;
	}
out:
	close(fd);
	return n;
}

static int connect_by(int fd, const struct sockaddr_in *to,
		      const struct deadline *d)
{
	if (!connect(fd, (const struct sockaddr *)to, sizeof(*to)))
		return 0;
	if (errno != EINPROGRESS)
		return errno;
	int err = wait_for(fd, POLLOUT, d);
	socklen_t len = sizeof(err);
	if (!err && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	return err;
}

/*
 * The query after its two-byte length, both in one call (RFC 7766
 * section 8, as glibc's writev: a server may expect them in one
 * segment, and a second small write waits for the first's ack), then
 * whatever a partial write left.
 */
static int send_message(int fd, const unsigned char *msg, int msglen,
			const struct deadline *d)
{
	unsigned char prefix[2];
	ns_put16((unsigned)msglen, prefix);
	struct iovec iov[2] = {{prefix, sizeof(prefix)},
			       {(void *)msg, (size_t)msglen}};
	struct msghdr m = {.msg_iov = iov, .msg_iovlen = 2};
	while (iov[0].iov_len + iov[1].iov_len) {
		int err = wait_for(fd, POLLOUT, d);
		if (err)
			return err;
		ssize_t n = sendmsg(fd, &m, MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return errno;
		for (int i = 0; i < 2 && n > 0; i++) {
			size_t sent = (size_t)n < iov[i].iov_len
					  ? (size_t)n
					  : iov[i].iov_len;
			iov[i].iov_base = (char *)iov[i].iov_base + sent;
			iov[i].iov_len -= sent;
			n -= (ssize_t)sent;
		}
	}
	return 0;
}

/* Not an errno: the server closed the connection before the whole
 * message came (glibc asks again after a reset only). */
#define PEER_CLOSED (-1)

/* Reads len bytes into p (or drops them when p is NULL). */
static int recv_by(int fd, unsigned char *p, size_t len,
		   const struct deadline *d)
{
	unsigned char scratch[512];
	while (len) {
		int err = wait_for(fd, POLLIN, d);
		if (err)
			return err;
		size_t want =
		    p || len < sizeof(scratch) ? len : sizeof(scratch);
		ssize_t n = recv(fd, p ? p : scratch, want, 0);
		if (n == 0)
			return PEER_CLOSED;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return errno;
		if (n > 0) {
			len -= (size_t)n;
			p = p ? p + n : NULL;
		}
	}
	return 0;
}

/*
 * The next message on the connection into answer, its whole length in
 * *len: 0, or the error.  One longer than anslen is cut there, with TC
 * set, and the rest read past so that the stream stays in step.
 */
static int recv_message(int fd, unsigned char *answer, int anslen,
			const struct deadline *d, int *len)
{
	unsigned char prefix[2];
	int err = recv_by(fd, prefix, sizeof(prefix), d);
	if (err)
		return err;
	*len = (int)ns_get16(prefix);
	if (*len < NS_HFIXEDSZ)
		return EMSGSIZE;
	int kept = *len < anslen ? *len : anslen;
	err = recv_by(fd, answer, (size_t)kept, d);
	if (!err && kept < *len) {
		err = recv_by(fd, NULL, (size_t)(*len - kept), d);
		answer[2] |= 0x02;
	}
	return err;
}

/*
 * One try at server ns over TCP, within the try's wait: the answer's
 * length (whatever its rcode, as glibc; its whole length, more than
 * anslen, when it was cut, as glibc and BIND say truncation), TRY_NEXT
 * with *err saying why not, TRY_FATAL when no socket can be made
 * (errno).  Replies to another query are read past.
 */
static int try_tcp(res_state s, int ns, int attempt, const unsigned char *msg,
		   int msglen, unsigned char *answer, int anslen, int *err)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return TRY_FATAL;
	struct deadline d = {.ms = try_timeout(s, attempt)};
	clock_gettime(CLOCK_MONOTONIC, &d.start);
	int n = TRY_NEXT;
	*err = connect_by(fd, &s->nsaddr_list[ns], &d);
	if (!*err)
		*err = send_message(fd, msg, msglen, &d);
	while (!*err) {
		int len = 0;
		*err = recv_message(fd, answer, anslen, &d, &len);
		/* A cut message's questions may be cut too: its id says
		 * whose it is, all that glibc checks over TCP. */
		if (!*err &&
		    (len > anslen ? is_response_to(msg, answer, anslen)
				  : is_reply(msg, msglen, answer, len))) {
			n = len;
			break;
		}
	}
	close(fd);
	return n;
}

/*
 * A TCP try as glibc makes it: a reset connection is tried once more,
 * one closed unanswered is not; the latter's error is ECONNRESET (glibc
 * leaves errno as it was).
 */
static int try_tcp_twice(res_state s, int ns, int attempt,
			 const unsigned char *msg, int msglen,
			 unsigned char *answer, int anslen, int *err)
{
	int n = try_tcp(s, ns, attempt, msg, msglen, answer, anslen, err);
	if (n == TRY_NEXT && *err == ECONNRESET)
		n = try_tcp(s, ns, attempt, msg, msglen, answer, anslen, err);
	if (n == TRY_NEXT && *err == PEER_CLOSED)
		*err = ECONNRESET;
	return n;
}

int res_nsend(res_state s, const unsigned char *msg, int msglen,
	      unsigned char *answer, int anslen)
{
	if (s->nscount == 0) {
		errno = ESRCH;
		return -1;
	}
	if (anslen < NS_HFIXEDSZ || msglen < NS_HFIXEDSZ) {
		errno = EINVAL;
		return -1;
	}
	int reached = 0, tcp = !!(s->options & RES_USEVC), tcp_err = 0;
	int rounds = s->retry > 0 ? s->retry : 1;
	for (int attempt = 0; attempt < rounds; attempt++)
		for (int ns = 0; ns < s->nscount && ns < MAXNS; ns++) {
			int n = TRY_NEXT;
			if (!tcp)
				n = try_udp(s, ns, attempt, msg, msglen, answer,
					    anslen, &reached, &tcp);
			/* TCP asks each server at most once: this round is
			 * the last. */
			if (tcp) {
				rounds = attempt + 1;
				n = try_tcp_twice(s, ns, attempt, msg, msglen,
						  answer, anslen, &tcp_err);
			}
			if (n != TRY_NEXT)
				return n;
		}
	errno = tcp ? tcp_err : reached ? ETIMEDOUT : ECONNREFUSED;
	return -1;
}

int res_send(const unsigned char *msg, int msglen, unsigned char *answer,
	     int anslen)
{
	return res_nsend(osv_resolv_default(), msg, msglen, answer, anslen);
}

/* h_errno for an answer with this rcode and no error in sending. */
static int rcode_herrno(int rcode)
{
	switch (rcode) {
	case NXDOMAIN:
		return HOST_NOT_FOUND;
	case SERVFAIL:
		return TRY_AGAIN;
	case NOERROR:
		return NO_DATA;
	default:
		return NO_RECOVERY;
	}
}

/* glibc's largest advertised UDP payload: an answer this long fits
 * unfragmented on common paths (RFC 6891 section 6.2.5 leaves the choice
 * to the requestor). */
#define EDNS_PAYLOAD_MAX 1200

/*
 * With RES_USE_EDNS0 or RES_USE_DNSSEC, the query (len bytes of size)
 * gets RFC 6891's OPT pseudo-record in its additional section, as
 * glibc's res_nquery adds it (res_nmkquery does not): the root name,
 * the UDP payload the answer buffer allows (at least 512 and at most
 * EDNS_PAYLOAD_MAX), version 0, DO with RES_USE_DNSSEC (RFC 3225), no
 * options.  The new length, or -1 when it does not fit.
 */
static int add_opt(res_state s, unsigned char *query, int len, int size,
		   int anslen)
{
	if (!(s->options & (RES_USE_EDNS0 | RES_USE_DNSSEC)))
		return len;
	if (len + 1 + NS_RRFIXEDSZ > size)
		return -1;
	int payload = anslen < NS_PACKETSZ	  ? NS_PACKETSZ
		      : anslen > EDNS_PAYLOAD_MAX ? EDNS_PAYLOAD_MAX
						  : anslen;
	unsigned char *p = query + len;
	memset(p, 0, 1 + NS_RRFIXEDSZ);
	ns_put16(ns_t_opt, p + 1);
	ns_put16((unsigned)payload, p + 3);
	if (s->options & RES_USE_DNSSEC)
		p[7] = 0x80;
	ns_put16(ns_get16(query + 10) + 1, query + 10);
	return len + 1 + NS_RRFIXEDSZ;
}

int res_nquery(res_state s, const char *name, int class, int type,
	       unsigned char *answer, int anslen)
{
	unsigned char query[NS_PACKETSZ];
	int n = res_nmkquery(s, QUERY, name, class, type, NULL, 0, NULL, query,
			     sizeof(query));
	if (n > 0)
		n = add_opt(s, query, n, (int)sizeof(query), anslen);
	if (n <= 0) {
		osv_resolv_set_herrno(s, NO_RECOVERY);
		return n;
	}
	n = res_nsend(s, query, n, answer, anslen);
	if (n < 0) {
		osv_resolv_set_herrno(s, TRY_AGAIN);
		return n;
	}
	int rcode = answer[3] & 0x0f;
	if (rcode != NOERROR || ns_get16(answer + 6) == 0) {
		osv_resolv_set_herrno(s, rcode_herrno(rcode));
		return -1;
	}
	return n;
}

int res_query(const char *name, int class, int type, unsigned char *answer,
	      int anslen)
{
	return res_nquery(osv_resolv_default(), name, class, type, answer,
			  anslen);
}

int res_nquerydomain(res_state s, const char *name, const char *domain,
		     int class, int type, unsigned char *answer, int anslen)
{
	char full[NS_MAXDNAME];
	size_t n = strlen(name), d = domain ? strlen(domain) : 0;
	if ((domain ? n + 1 + d + 1 : n + 1) > NS_MAXDNAME || n == 0) {
		osv_resolv_set_herrno(s, NO_RECOVERY);
		return -1;
	}
	if (domain) {
		memcpy(full, name, n);
		full[n] = '.';
		memcpy(full + n + 1, domain, d + 1);
		name = full;
	}
	return res_nquery(s, name, class, type, answer, anslen);
}

int res_querydomain(const char *name, const char *domain, int class, int type,
		    unsigned char *answer, int anslen)
{
	return res_nquerydomain(osv_resolv_default(), name, domain, class, type,
				answer, anslen);
}

static int count_dots(const char *name)
{
	int dots = 0;
	for (; *name; name++)
		dots += *name == '.';
	return dots;
}

/*
 * The search list: a name with ndots dots or a final dot first as it
 * is; then, when allowed (RES_DEFNAMES for a name without dots,
 * RES_DNSRCH otherwise), with each domain of the list until one answers
 * or an error other than "no such name" or a server's failure
 * (SERVFAIL: another domain may be served) stops it; then as it is if
 * not tried yet, whatever stopped the list, unless the list held the
 * root (".": the name as it is, in its place) or, with RES_NOTLDQUERY,
 * a name without dots went through the list.  h_errno: the first as-is
 * failure's, else NO_DATA if a domain had the name without the type, else
 * TRY_AGAIN if a server failed, as glibc.
 */
int res_nsearch(res_state s, const char *name, int class, int type,
		unsigned char *answer, int anslen)
{
	errno = 0;
	osv_resolv_set_herrno(s, HOST_NOT_FOUND);
	int dots = count_dots(name);
	size_t len = strlen(name);
	int trailing = len && name[len - 1] == '.';
	int tried = 0, saved = -1, nodata = 0, servfail = 0, searched = 0, ret;
	if (dots >= (int)s->ndots || trailing) {
		ret = res_nquerydomain(s, name, NULL, class, type, answer,
				       anslen);
		if (ret > 0 || trailing)
			return ret;
		saved = s->res_h_errno;
		tried = 1;
	}
	if ((!dots && (s->options & RES_DEFNAMES)) ||
	    (dots && !trailing && (s->options & RES_DNSRCH))) {
		for (char **d = s->dnsrch; *d; d++) {
			/* "name" and "." make "name.": the root. */
			const char *domain = **d == '.' ? *d + 1 : *d;
			tried |= !*domain;
			searched = 1;
			ret = res_nquerydomain(s, name, domain, class, type,
					       answer, anslen);
			if (ret > 0)
				return ret;
			int herr = s->res_h_errno;
			/* The answer buffer holds the server's reply when
			 * one came. */
			if (herr == TRY_AGAIN && (answer[3] & 0xf) == SERVFAIL)
				servfail = 1;
			else if (herr == NO_DATA)
				nodata = 1;
			else if (herr != HOST_NOT_FOUND)
				break;
			if (!(s->options & RES_DNSRCH))
				break;
		}
	}
	if (!tried && (dots || !searched || !(s->options & RES_NOTLDQUERY))) {
		ret = res_nquerydomain(s, name, NULL, class, type, answer,
				       anslen);
		if (ret > 0)
			return ret;
	}
	if (saved != -1)
		osv_resolv_set_herrno(s, saved);
	else if (nodata)
		osv_resolv_set_herrno(s, NO_DATA);
	else if (servfail)
		osv_resolv_set_herrno(s, TRY_AGAIN);
	return -1;
}

int res_search(const char *name, int class, int type, unsigned char *answer,
	       int anslen)
{
	return res_nsearch(osv_resolv_default(), name, class, type, answer,
			   anslen);
}

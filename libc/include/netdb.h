/*
 * netdb.h: the declarations the kernel is built with (glibc's ABI), the
 * name and address databases (libc/net/): hosts, services, protocols,
 * getaddrinfo and getnameinfo.  Values are glibc's.
 */
#ifndef _NETDB_H
#define _NETDB_H

#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hostent {
	char *h_name;
	char **h_aliases;
	int h_addrtype;
	int h_length;
	char **h_addr_list;
};
#define h_addr h_addr_list[0]

struct servent {
	char *s_name;
	char **s_aliases;
	int s_port;
	char *s_proto;
};

struct protoent {
	char *p_name;
	char **p_aliases;
	int p_proto;
};

/* BEGIN abirest: networks */
struct netent {
	char *n_name;
	char **n_aliases;
	int n_addrtype;
	uint32_t n_net;
};
/* END abirest */

struct addrinfo {
	int ai_flags;
	int ai_family;
	int ai_socktype;
	int ai_protocol;
	socklen_t ai_addrlen;
	struct sockaddr *ai_addr;
	char *ai_canonname;
	struct addrinfo *ai_next;
};

/* h_errno's values */
#define NETDB_INTERNAL -1
#define NETDB_SUCCESS 0
#define HOST_NOT_FOUND 1
#define TRY_AGAIN 2
#define NO_RECOVERY 3
#define NO_DATA 4
#define NO_ADDRESS NO_DATA

#define AI_PASSIVE 0x0001
#define AI_CANONNAME 0x0002
#define AI_NUMERICHOST 0x0004
#define AI_V4MAPPED 0x0008
#define AI_ALL 0x0010
#define AI_ADDRCONFIG 0x0020
#define AI_IDN 0x0040
#define AI_CANONIDN 0x0080
#define AI_NUMERICSERV 0x0400

#define EAI_BADFLAGS -1
#define EAI_NONAME -2
#define EAI_AGAIN -3
#define EAI_FAIL -4
#define EAI_NODATA -5
#define EAI_FAMILY -6
#define EAI_SOCKTYPE -7
#define EAI_SERVICE -8
#define EAI_ADDRFAMILY -9
#define EAI_MEMORY -10
#define EAI_SYSTEM -11
#define EAI_OVERFLOW -12
#define EAI_INPROGRESS -100
#define EAI_CANCELED -101
#define EAI_NOTCANCELED -102
#define EAI_ALLDONE -103
#define EAI_INTR -104
#define EAI_IDN_ENCODE -105

#define NI_MAXHOST 1025
#define NI_MAXSERV 32

#define NI_NUMERICHOST 1
#define NI_NUMERICSERV 2
#define NI_NOFQDN 4
#define NI_NAMEREQD 8
#define NI_DGRAM 16
#define NI_IDN 32

int *__h_errno_location(void);
#define h_errno (*__h_errno_location())
const char *hstrerror(int err);
void herror(const char *s);

struct hostent *gethostbyname(const char *name);
struct hostent *gethostbyname2(const char *name, int af);
struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type);
int gethostbyname_r(const char *restrict name, struct hostent *restrict ret,
		    char *restrict buf, size_t buflen,
		    struct hostent **restrict result, int *restrict h_errnop);
int gethostbyname2_r(const char *restrict name, int af,
		     struct hostent *restrict ret, char *restrict buf,
		     size_t buflen, struct hostent **restrict result,
		     int *restrict h_errnop);
int gethostbyaddr_r(const void *restrict addr, socklen_t len, int type,
		    struct hostent *restrict ret, char *restrict buf,
		    size_t buflen, struct hostent **restrict result,
		    int *restrict h_errnop);

struct servent *getservbyname(const char *name, const char *proto);
struct servent *getservbyport(int port, const char *proto);
int getservbyname_r(const char *restrict name, const char *restrict proto,
		    struct servent *restrict ret, char *restrict buf,
		    size_t buflen, struct servent **restrict result);
int getservbyport_r(int port, const char *restrict proto,
		    struct servent *restrict ret, char *restrict buf,
		    size_t buflen, struct servent **restrict result);
void setservent(int stayopen);
void endservent(void);
struct servent *getservent(void);
int getservent_r(struct servent *restrict ret, char *restrict buf,
		 size_t buflen, struct servent **restrict result);

struct protoent *getprotobyname(const char *name);
struct protoent *getprotobynumber(int proto);
int getprotobyname_r(const char *restrict name, struct protoent *restrict ret,
		     char *restrict buf, size_t buflen,
		     struct protoent **restrict result);
int getprotobynumber_r(int proto, struct protoent *restrict ret,
		       char *restrict buf, size_t buflen,
		       struct protoent **restrict result);
void setprotoent(int stayopen);
void endprotoent(void);
struct protoent *getprotoent(void);
int getprotoent_r(struct protoent *restrict ret, char *restrict buf,
		  size_t buflen, struct protoent **restrict result);
int innetgr(const char *netgroup, const char *host, const char *user,
	    const char *domain);
/* BEGIN abirest: networks, the hosts walk */
void setnetent(int stayopen);
void endnetent(void);
struct netent *getnetent(void);
struct netent *getnetbyname(const char *name);
struct netent *getnetbyaddr(uint32_t net, int type);
int getnetent_r(struct netent *ret, char *buf, size_t buflen,
		struct netent **result, int *h_errnop);
int getnetbyname_r(const char *name, struct netent *ret, char *buf,
		   size_t buflen, struct netent **result, int *h_errnop);
int getnetbyaddr_r(uint32_t net, int type, struct netent *ret, char *buf,
		   size_t buflen, struct netent **result, int *h_errnop);
void sethostent(int stayopen);
void endhostent(void);
struct hostent *gethostent(void);
int gethostent_r(struct hostent *ret, char *buf, size_t buflen,
		 struct hostent **result, int *h_errnop);
/* END abirest */

int getaddrinfo(const char *restrict node, const char *restrict service,
		const struct addrinfo *restrict hints,
		struct addrinfo **restrict res);
void freeaddrinfo(struct addrinfo *res);
const char *gai_strerror(int err);
int getnameinfo(const struct sockaddr *restrict sa, socklen_t salen,
		char *restrict host, socklen_t hostlen, char *restrict serv,
		socklen_t servlen, int flags);

#ifdef __cplusplus
}
#endif

#endif

/*
 * resolv.h: the DNS stub resolver, glibc's interface and its layout of
 * struct __res_state (the names res_init ... are glibc's macros for the
 * __res_* symbols it exports).
 */
#ifndef _RESOLV_H
#define _RESOLV_H

#include <arpa/nameser.h>
#include <netinet/in.h>
#include <stdint.h>

#define MAXNS 3
#define MAXDFLSRCH 3
#define MAXDNSRCH 6
#define MAXRESOLVSORT 10
#define RES_MAXNDOTS 15
#define RES_MAXRETRANS 30
#define RES_MAXRETRY 5
#define RES_DFLRETRY 2
#define RES_MAXTIME 65535
#define RES_TIMEOUT 5

struct __res_state {
	int retrans;
	int retry;
	unsigned long options;
	int nscount;
	struct sockaddr_in nsaddr_list[MAXNS];
	unsigned short id;
	char *dnsrch[MAXDNSRCH + 1];
	char defdname[256];
	unsigned long pfcode;
	unsigned ndots : 4;
	unsigned nsort : 4;
	unsigned ipv6_unavail : 1;
	unsigned unused : 23;
	struct {
		struct in_addr addr;
		uint32_t mask;
	} sort_list[MAXRESOLVSORT];
	void *__glibc_unused_qhook;
	void *__glibc_unused_rhook;
	int res_h_errno;
	int _vcsock;
	unsigned int _flags;
	union {
		char pad[52];
		struct {
			uint16_t nscount;
			uint16_t nsmap[MAXNS];
			int nssocks[MAXNS];
			uint16_t nscount6;
			uint16_t nsinit;
			struct sockaddr_in6 *nsaddrs[MAXNS];
			unsigned int __glibc_reserved[2];
		} _ext;
	} _u;
};
typedef struct __res_state *res_state;

#define RES_INIT 0x00000001
#define RES_DEBUG 0x00000002
#define RES_USEVC 0x00000008
#define RES_IGNTC 0x00000020
#define RES_RECURSE 0x00000040
#define RES_DEFNAMES 0x00000080
#define RES_STAYOPEN 0x00000100
#define RES_DNSRCH 0x00000200
#define RES_NOALIASES 0x00001000
#define RES_ROTATE 0x00004000
#define RES_USE_EDNS0 0x00100000
#define RES_SNGLKUP 0x00200000
#define RES_SNGLKUPREOP 0x00400000
#define RES_USE_DNSSEC 0x00800000
#define RES_NOTLDQUERY 0x01000000
#define RES_NORELOAD 0x02000000
#define RES_TRUSTAD 0x04000000
#define RES_NOAAAA 0x08000000
#define RES_DEFAULT (RES_RECURSE | RES_DEFNAMES | RES_DNSRCH)

struct __res_state *__res_state(void);
#define _res (*__res_state())

#define res_init __res_init
#define res_ninit __res_ninit
#define res_nclose __res_nclose

int res_init(void);
int res_ninit(res_state statp);
void res_nclose(res_state statp);
int res_mkquery(int op, const char *dname, int class, int type,
		const unsigned char *data, int datalen,
		const unsigned char *newrr, unsigned char *buf, int buflen);
int res_nmkquery(res_state statp, int op, const char *dname, int class,
		 int type, const unsigned char *data, int datalen,
		 const unsigned char *newrr, unsigned char *buf, int buflen);
int res_send(const unsigned char *msg, int msglen, unsigned char *answer,
	     int anslen);
int res_nsend(res_state statp, const unsigned char *msg, int msglen,
	      unsigned char *answer, int anslen);
int res_query(const char *dname, int class, int type, unsigned char *answer,
	      int anslen);
int res_nquery(res_state statp, const char *dname, int class, int type,
	       unsigned char *answer, int anslen);
int res_search(const char *dname, int class, int type, unsigned char *answer,
	       int anslen);
int res_nsearch(res_state statp, const char *dname, int class, int type,
		unsigned char *answer, int anslen);
int res_querydomain(const char *name, const char *domain, int class, int type,
		    unsigned char *answer, int anslen);
int res_nquerydomain(res_state statp, const char *name, const char *domain,
		     int class, int type, unsigned char *answer, int anslen);
int dn_expand(const unsigned char *msg, const unsigned char *eom,
	      const unsigned char *src, char *dst, int dstsiz);
int dn_comp(const char *src, unsigned char *dst, int dstsiz,
	    unsigned char **dnptrs, unsigned char **lastdnptr);
int dn_skipname(const unsigned char *ptr, const unsigned char *eom);
int res_hnok(const char *dn);
int res_ownok(const char *dn);
int res_mailok(const char *dn);
int res_dnok(const char *dn);

#endif

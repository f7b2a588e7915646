/*
 * arpa/nameser.h: DNS messages (RFC 1035), the parts osv's resolver
 * implements, with glibc's types and layouts (ns_msg, ns_rr).
 */
#ifndef _ARPA_NAMESER_H
#define _ARPA_NAMESER_H

#include <stddef.h>
#include <stdint.h>

#define NS_PACKETSZ 512
#define NS_MAXDNAME 1025
#define NS_MAXMSG 65535
#define NS_MAXCDNAME 255
#define NS_MAXLABEL 63
#define NS_HFIXEDSZ 12
#define NS_QFIXEDSZ 4
#define NS_RRFIXEDSZ 10
#define NS_INT32SZ 4
#define NS_INT16SZ 2
#define NS_DEFAULTPORT 53
#define NS_CMPRSFLGS 0xc0

#define PACKETSZ NS_PACKETSZ
#define MAXDNAME NS_MAXDNAME
#define MAXCDNAME NS_MAXCDNAME
#define MAXLABEL NS_MAXLABEL
#define HFIXEDSZ NS_HFIXEDSZ
#define QFIXEDSZ NS_QFIXEDSZ
#define RRFIXEDSZ NS_RRFIXEDSZ
#define INT32SZ NS_INT32SZ
#define INT16SZ NS_INT16SZ
#define NAMESERVER_PORT NS_DEFAULTPORT
#define INDIR_MASK NS_CMPRSFLGS

typedef enum __ns_sect {
	ns_s_qd = 0,
	ns_s_zn = 0,
	ns_s_an = 1,
	ns_s_pr = 1,
	ns_s_ns = 2,
	ns_s_ud = 2,
	ns_s_ar = 3,
	ns_s_max = 4
} ns_sect;

/* A message being parsed (ns_initparse). */
typedef struct __ns_msg {
	const unsigned char *_msg, *_eom;
	uint16_t _id, _flags, _counts[ns_s_max];
	const unsigned char *_sections[ns_s_max];
	ns_sect _sect;
	int _rrnum;
	const unsigned char *_msg_ptr;
} ns_msg;

/* A resource record (ns_parserr). */
typedef struct __ns_rr {
	char name[NS_MAXDNAME];
	uint16_t type;
	uint16_t rr_class;
	uint32_t ttl;
	uint16_t rdlength;
	const unsigned char *rdata;
} ns_rr;

typedef enum __ns_flag {
	ns_f_qr,
	ns_f_opcode,
	ns_f_aa,
	ns_f_tc,
	ns_f_rd,
	ns_f_ra,
	ns_f_z,
	ns_f_ad,
	ns_f_cd,
	ns_f_rcode,
	ns_f_max
} ns_flag;

typedef enum __ns_opcode {
	ns_o_query = 0,
	ns_o_iquery = 1,
	ns_o_status = 2,
	ns_o_notify = 4,
	ns_o_update = 5,
	ns_o_max = 6
} ns_opcode;

typedef enum __ns_rcode {
	ns_r_noerror = 0,
	ns_r_formerr = 1,
	ns_r_servfail = 2,
	ns_r_nxdomain = 3,
	ns_r_notimpl = 4,
	ns_r_refused = 5
} ns_rcode;

#define QUERY ns_o_query
#define NS_NOTIFY_OP ns_o_notify
#define NOERROR ns_r_noerror
#define FORMERR ns_r_formerr
#define SERVFAIL ns_r_servfail
#define NXDOMAIN ns_r_nxdomain
#define NOTIMP ns_r_notimpl
#define REFUSED ns_r_refused

#define ns_t_a 1
#define ns_t_cname 5
#define ns_t_null 10
#define ns_t_ptr 12
#define ns_t_aaaa 28
#define ns_t_opt 41
#define T_A ns_t_a
#define T_CNAME ns_t_cname
#define T_NULL ns_t_null
#define T_PTR ns_t_ptr
#define T_AAAA ns_t_aaaa
#define T_OPT ns_t_opt
#define ns_c_in 1
#define C_IN ns_c_in

#define ns_msg_id(handle) ((handle)._id + 0)
#define ns_msg_base(handle) ((handle)._msg + 0)
#define ns_msg_end(handle) ((handle)._eom + 0)
#define ns_msg_size(handle) ((handle)._eom - (handle)._msg)
#define ns_msg_count(handle, section) ((handle)._counts[section] + 0)

unsigned int ns_get16(const unsigned char *src);
unsigned long ns_get32(const unsigned char *src);
void ns_put16(unsigned int src, unsigned char *dst);
void ns_put32(unsigned long src, unsigned char *dst);
int ns_initparse(const unsigned char *msg, int msglen, ns_msg *handle);
int ns_skiprr(const unsigned char *ptr, const unsigned char *eom,
	      ns_sect section, int count);
int ns_parserr(ns_msg *handle, ns_sect section, int rrnum, ns_rr *rr);
int ns_msg_getflag(ns_msg handle, int flag);
int ns_name_ntop(const unsigned char *src, char *dst, size_t dstsiz);
int ns_name_pton(const char *src, unsigned char *dst, size_t dstsiz);
int ns_name_unpack(const unsigned char *msg, const unsigned char *eom,
		   const unsigned char *src, unsigned char *dst, size_t dstsiz);
int ns_name_pack(const unsigned char *src, unsigned char *dst, int dstsiz,
		 const unsigned char **dnptrs, const unsigned char **lastdnptr);
int ns_name_uncompress(const unsigned char *msg, const unsigned char *eom,
		       const unsigned char *src, char *dst, size_t dstsiz);
int ns_name_compress(const char *src, unsigned char *dst, size_t dstsiz,
		     const unsigned char **dnptrs,
		     const unsigned char **lastdnptr);
int ns_name_skip(const unsigned char **ptrptr, const unsigned char *eom);

#endif

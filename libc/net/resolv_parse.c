/*
 * Reading DNS messages (ns_initparse, ns_parserr) and the 16- and
 * 32-bit fields in network order.  A handle remembers the section and
 * record it reached, so reading the records of a section in order
 * costs one pass.  Errors as glibc's: EMSGSIZE for a message that ends
 * early or has bytes past its records, ENODEV for a record or section
 * that does not exist.
 */
#include <arpa/nameser.h>
#include <errno.h>
#include <resolv.h>

static int fail(int err)
{
	errno = err;
	return -1;
}

unsigned int ns_get16(const unsigned char *src)
{
	return (unsigned int)src[0] << 8 | src[1];
}

unsigned long ns_get32(const unsigned char *src)
{
	return (unsigned long)ns_get16(src) << 16 | ns_get16(src + 2);
}

void ns_put16(unsigned int src, unsigned char *dst)
{
	dst[0] = (unsigned char)(src >> 8);
	dst[1] = (unsigned char)src;
}

void ns_put32(unsigned long src, unsigned char *dst)
{
	ns_put16((unsigned int)(src >> 16), dst);
	ns_put16((unsigned int)src, dst + 2);
}

/* The bytes count records of section take from ptr, or -1. */
int ns_skiprr(const unsigned char *ptr, const unsigned char *eom,
	      ns_sect section, int count)
{
	const unsigned char *p = ptr;
	for (; count > 0; count--) {
		int name = dn_skipname(p, eom);
		if (name < 0)
			return fail(EMSGSIZE);
		p += name + 2 * NS_INT16SZ;
		if (section == ns_s_qd)
			continue;
		if (p + NS_INT32SZ + NS_INT16SZ > eom)
			return fail(EMSGSIZE);
		p += NS_INT32SZ;
		p += ns_get16(p) + NS_INT16SZ;
	}
	if (p > eom)
		return fail(EMSGSIZE);
	return (int)(p - ptr);
}

/* Points the handle at the first record of section (none: ns_s_max). */
static void start_section(ns_msg *h, ns_sect section)
{
	h->_sect = section;
	h->_rrnum = section == ns_s_max ? -1 : 0;
	h->_msg_ptr = section == ns_s_max ? NULL : h->_sections[section];
}

int ns_initparse(const unsigned char *msg, int msglen, ns_msg *h)
{
	const unsigned char *eom = msg + msglen;
	h->_msg = msg;
	h->_eom = eom;
	if (msglen < NS_HFIXEDSZ)
		return fail(EMSGSIZE);
	h->_id = (uint16_t)ns_get16(msg);
	h->_flags = (uint16_t)ns_get16(msg + 2);
	for (int i = 0; i < ns_s_max; i++)
		h->_counts[i] = (uint16_t)ns_get16(msg + 4 + 2 * i);
	const unsigned char *p = msg + NS_HFIXEDSZ;
	for (int i = 0; i < ns_s_max; i++) {
		h->_sections[i] = NULL;
		if (!h->_counts[i])
			continue;
		int n = ns_skiprr(p, eom, (ns_sect)i, h->_counts[i]);
		if (n < 0)
			return -1;
		h->_sections[i] = p;
		p += n;
	}
	if (p != eom)
		return fail(EMSGSIZE);
	start_section(h, ns_s_max);
	return 0;
}

/* Moves the handle to record rrnum of its section (-1: the next). */
static int seek_record(ns_msg *h, ns_sect section, int rrnum)
{
	if (section != h->_sect)
		start_section(h, section);
	if (rrnum == -1)
		rrnum = h->_rrnum;
	if (rrnum < 0 || rrnum >= h->_counts[section])
		return fail(ENODEV);
	if (rrnum < h->_rrnum)
		start_section(h, section);
	if (rrnum > h->_rrnum) {
		int n =
		    ns_skiprr(h->_msg_ptr, h->_eom, section, rrnum - h->_rrnum);
		if (n < 0)
			return -1;
		h->_msg_ptr += n;
		h->_rrnum = rrnum;
	}
	return 0;
}

int ns_parserr(ns_msg *h, ns_sect section, int rrnum, ns_rr *rr)
{
	if ((int)section < 0 || section >= ns_s_max)
		return fail(ENODEV);
	if (seek_record(h, section, rrnum) < 0)
		return -1;
	int n = dn_expand(h->_msg, h->_eom, h->_msg_ptr, rr->name, NS_MAXDNAME);
	if (n < 0)
		return -1;
	const unsigned char *p = h->_msg_ptr + n;
	if (p + 2 * NS_INT16SZ > h->_eom)
		return fail(EMSGSIZE);
	rr->type = (uint16_t)ns_get16(p);
	rr->rr_class = (uint16_t)ns_get16(p + 2);
	p += 2 * NS_INT16SZ;
	rr->ttl = 0;
	rr->rdlength = 0;
	rr->rdata = NULL;
	if (section != ns_s_qd) {
		if (p + NS_INT32SZ + NS_INT16SZ > h->_eom)
			return fail(EMSGSIZE);
		rr->ttl = (uint32_t)ns_get32(p);
		rr->rdlength = (uint16_t)ns_get16(p + 4);
		p += NS_INT32SZ + NS_INT16SZ;
		if (p + rr->rdlength > h->_eom)
			return fail(EMSGSIZE);
		rr->rdata = p;
		p += rr->rdlength;
	}
	h->_msg_ptr = p;
	if (++h->_rrnum > h->_counts[section])
		start_section(h, (ns_sect)(section + 1));
	return 0;
}

/* Each flag's bits in the header's second 16-bit word: mask, shift. */
static const struct {
	uint16_t mask;
	uint8_t shift;
} flag_bits[ns_f_max] = {
    {0x8000, 15}, {0x7800, 11}, {0x0400, 10}, {0x0200, 9}, {0x0100, 8},
    {0x0080, 7},  {0x0040, 6},	{0x0020, 5},  {0x0010, 4}, {0x000f, 0},
};

int ns_msg_getflag(ns_msg h, int flag)
{
	return (h._flags & flag_bits[flag].mask) >> flag_bits[flag].shift;
}

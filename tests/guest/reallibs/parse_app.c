/*
 * Debian's own libexpat.so.1 and libpcre2-8.so.0, found through
 * DT_NEEDED.  Expat parses a document with an internal DTD whose general
 * entities nest, and the program counts elements, attributes and the
 * characters the entities expand to.  PCRE2 compiles a few patterns,
 * JIT-compiles them (which needs memory that is first writable, then
 * executable: mmap and mprotect with PROT_EXEC) and matches them.
 * Built twice by tests/guest/parse.test: as an osv application and as a
 * host program linked to the same libraries, whose lines the guest's
 * must match.
 */
#include <expat.h>
#include <stdio.h>
#include <string.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static const char document[] =
    "<?xml version='1.0'?>\n"
    "<!DOCTYPE library [\n"
    "  <!ENTITY os 'osv'>\n"
    "  <!ENTITY kind 'a &os; unikernel'>\n"
    "  <!ENTITY note '<note lang=\"en\">&kind; runs Debian&apos;s "
    "libraries</note>'>\n"
    "]>\n"
    "<library name='&os;'>\n"
    "  <book id='1'><title>&kind;</title>&note;</book>\n"
    "  <book id='2' year='2026'><title>Expat &amp; &#x50;CRE2</title>"
    "&note;&note;</book>\n"
    "  <empty/>\n"
    "</library>\n";

struct counts {
	int elements, attributes, depth, max_depth, text_chars;
	char deepest[32];
};

static void XMLCALL on_start(void *data, const XML_Char *name,
			     const XML_Char **attrs)
{
	struct counts *c = data;
	c->elements++;
	for (int i = 0; attrs[i]; i += 2)
		c->attributes++;
	if (++c->depth > c->max_depth) {
		c->max_depth = c->depth;
		snprintf(c->deepest, sizeof c->deepest, "%s", name);
	}
}

static void XMLCALL on_end(void *data, const XML_Char *name)
{
	(void)name;
	((struct counts *)data)->depth--;
}

static void XMLCALL on_text(void *data, const XML_Char *s, int len)
{
	(void)s;
	((struct counts *)data)->text_chars += len;
}

static int expat(void)
{
	struct counts c = {0};
	XML_Parser p = XML_ParserCreate(NULL);
	if (!p) {
		puts("parse expat: no parser");
		return 1;
	}
	XML_SetUserData(p, &c);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	int ok =
	    XML_Parse(p, document, (int)strlen(document), 1) == XML_STATUS_OK;
	printf("parse expat: %s\n",
	       ok ? "ok" : XML_ErrorString(XML_GetErrorCode(p)));
	printf("parse elements: %d, attributes: %d, deepest: %s at %d\n",
	       c.elements, c.attributes, c.deepest, c.max_depth);
	printf("parse text characters: %d\n", c.text_chars);
	XML_ParserFree(p);
	/* a document that is not well-formed must be refused, at its place */
	p = XML_ParserCreate(NULL);
	static const char bad[] = "<a><b></a>";
	ok = XML_Parse(p, bad, (int)strlen(bad), 1) == XML_STATUS_OK;
	printf("parse bad document: %s, line %lu column %lu\n",
	       ok ? "ACCEPTED" : XML_ErrorString(XML_GetErrorCode(p)),
	       XML_GetCurrentLineNumber(p), XML_GetCurrentColumnNumber(p));
	XML_ParserFree(p);
	return 0;
}

static int pcre(const char *pattern, const char *subject)
{
	int err;
	PCRE2_SIZE where;
	pcre2_code *re =
	    pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
			  &err, &where, NULL);
	if (!re) {
		printf("pcre2 compile %s: error %d at %zu\n", pattern, err,
		       (size_t)where);
		return 1;
	}
	int jit = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	size_t jit_size = 0;
	pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &jit_size);
	printf("pcre2 jit %s: %s\n", pattern,
	       jit == 0 && jit_size > 0 ? "compiled" : "NOT COMPILED");
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	/* pcre2_jit_match runs the machine code only: no interpreter behind it
	 */
	int rc = pcre2_jit_match(re, (PCRE2_SPTR)subject, strlen(subject), 0, 0,
				 md, NULL);
	printf("pcre2 match %s: %d", pattern, rc);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	for (int i = 0; i < rc; i++)
		printf(" [%.*s]", (int)(ov[2 * i + 1] - ov[2 * i]),
		       subject + ov[2 * i]);
	putchar('\n');
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return jit != 0;
}

int main(void)
{
	char version[64];
	pcre2_config(PCRE2_CONFIG_VERSION, version);
	uint32_t jit_available = 0;
	pcre2_config(PCRE2_CONFIG_JIT, &jit_available);
	printf("parse expat version: %s\n", XML_ExpatVersion());
	printf("pcre2 version: %s, jit %s\n", version,
	       jit_available ? "available" : "NOT AVAILABLE");
	int failed = expat();
	failed += pcre("(\\w+)@(\\w+)\\.org", "mail osv@debian.org today");
	failed += pcre("^(\\d{4})-(\\d\\d)-(\\d\\d)$", "2026-11-29");
	failed += pcre("(?i)uni(k|c)ernel", "An UNIKERNEL boots");
	failed += pcre("(a|b)*+c", "ababababx");
	failed += pcre("\\p{Greek}+", "alpha \xce\xb1\xce\xb2\xce\xb3 gamma");
	puts(failed ? "parse FAILED" : "parse done");
	return failed;
}

/* regerror: glibc's messages, which programs show to their users. */
#include <regex.h>
#include <string.h>

#include "regex_impl.h"

static const char *const messages[] = {
    [REG_NOERROR] = "Success",
    [REG_NOMATCH] = "No match",
    [REG_BADPAT] = "Invalid regular expression",
    [REG_ECOLLATE] = "Invalid collation character",
    [REG_ECTYPE] = "Invalid character class name",
    [REG_EESCAPE] = "Trailing backslash",
    [REG_ESUBREG] = "Invalid back reference",
    [REG_EBRACK] = "Unmatched [, [^, [:, [., or [=",
    [REG_EPAREN] = "Unmatched ( or \\(",
    [REG_EBRACE] = "Unmatched \\{",
    [REG_BADBR] = "Invalid content of \\{\\}",
    [REG_ERANGE] = "Invalid range end",
    [REG_ESPACE] = "Memory exhausted",
    [REG_BADRPT] = "Invalid preceding regular expression",
    [REG_EEND] = "Premature end of regular expression",
    [REG_ESIZE] = "Regular expression too big",
    [REG_ERPAREN] = "Unmatched ) or \\)",
};

const char *osv_regex_message(int errcode)
{
	return errcode >= 0 &&
		       (size_t)errcode < sizeof(messages) / sizeof(messages[0])
		   ? messages[errcode]
		   : "Invalid regular expression";
}

size_t regerror(int errcode, const regex_t *restrict re, char *restrict buf,
		size_t size)
{
	(void)re;
	const char *msg = osv_regex_message(errcode);
	size_t len = strlen(msg) + 1;
	if (size) {
		size_t n = len < size ? len : size;
		memcpy(buf, msg, n - 1);
		buf[n - 1] = 0;
	}
	return len;
}

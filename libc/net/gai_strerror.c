/*
 * gai_strerror: glibc's messages for getaddrinfo's and getnameinfo's
 * errors; glibc 2.36 has none for EAI_OVERFLOW ("Unknown error").
 */
#include <netdb.h>

static const struct {
	int code;
	const char *text;
} messages[] = {
    {EAI_ADDRFAMILY, "Address family for hostname not supported"},
    {EAI_AGAIN, "Temporary failure in name resolution"},
    {EAI_BADFLAGS, "Bad value for ai_flags"},
    {EAI_FAIL, "Non-recoverable failure in name resolution"},
    {EAI_FAMILY, "ai_family not supported"},
    {EAI_MEMORY, "Memory allocation failure"},
    {EAI_NODATA, "No address associated with hostname"},
    {EAI_NONAME, "Name or service not known"},
    {EAI_SERVICE, "Servname not supported for ai_socktype"},
    {EAI_SOCKTYPE, "ai_socktype not supported"},
    {EAI_SYSTEM, "System error"},
    {EAI_INPROGRESS, "Processing request in progress"},
    {EAI_CANCELED, "Request canceled"},
    {EAI_NOTCANCELED, "Request not canceled"},
    {EAI_ALLDONE, "All requests done"},
    {EAI_INTR, "Interrupted by a signal"},
    {EAI_IDN_ENCODE, "Parameter string not correctly encoded"},
};

const char *gai_strerror(int err)
{
	for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
		if (messages[i].code == err)
			return messages[i].text;
	return "Unknown error";
}

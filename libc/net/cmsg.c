/* The control message after cmsg, for CMSG_NXTHDR (glibc's __cmsg_nxthdr). */
#include <sys/socket.h>

struct cmsghdr *__cmsg_nxthdr(struct msghdr *mhdr, struct cmsghdr *cmsg)
{
	if (cmsg->cmsg_len < sizeof(struct cmsghdr))
		return NULL;
	char *end = (char *)mhdr->msg_control + mhdr->msg_controllen;
	char *next = (char *)cmsg + CMSG_ALIGN(cmsg->cmsg_len);
	if (next + sizeof(struct cmsghdr) > end ||
	    next + CMSG_ALIGN(((struct cmsghdr *)next)->cmsg_len) > end)
		return NULL;
	return (struct cmsghdr *)next;
}

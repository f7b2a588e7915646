/* glibc's sys/sysinfo.h counts and getdtablesize, over sysconf. */
#include <unistd.h>

int get_nprocs(void);
int get_nprocs_conf(void);
long get_phys_pages(void);
long get_avphys_pages(void);
int getdtablesize(void);

#define SC_OPEN_MAX 4
#define SC_NPROCESSORS_CONF 83
#define SC_NPROCESSORS_ONLN 84
#define SC_PHYS_PAGES 85
#define SC_AVPHYS_PAGES 86

int get_nprocs(void)
{
	return (int)sysconf(SC_NPROCESSORS_ONLN);
}

int get_nprocs_conf(void)
{
	return (int)sysconf(SC_NPROCESSORS_CONF);
}

long get_phys_pages(void)
{
	return sysconf(SC_PHYS_PAGES);
}

long get_avphys_pages(void)
{
	return sysconf(SC_AVPHYS_PAGES);
}

/* The soft RLIMIT_NOFILE, or INT_MAX without a limit (glibc's answer). */
int getdtablesize(void)
{
	long n = sysconf(SC_OPEN_MAX);
	return n < 0 || n > 2147483647 ? 2147483647 : (int)n;
}

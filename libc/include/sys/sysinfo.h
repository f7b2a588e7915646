/* sys/sysinfo.h: sysinfo() with glibc's struct layout on x86_64. */
#ifndef _SYS_SYSINFO_H
#define _SYS_SYSINFO_H

#ifdef __cplusplus
extern "C" {
#endif

struct sysinfo {
	long uptime;		/* seconds since boot */
	unsigned long loads[3]; /* 1, 5, 15 minute load averages << 16 */
	unsigned long totalram; /* in mem_unit units */
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};

int sysinfo(struct sysinfo *info);

#ifdef __cplusplus
}
#endif

#endif

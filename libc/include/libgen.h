/* libgen.h: POSIX basename and dirname, as glibc declares them. */
#ifndef _LIBGEN_H
#define _LIBGEN_H

#ifdef __cplusplus
extern "C" {
#endif

char *dirname(char *path);
char *__xpg_basename(char *path);
#define _OSV_POSIX_BASENAME 1
#ifndef basename /* the host tests rename it (tests/host/libc_rename.h) */
#define basename __xpg_basename
#endif

#ifdef __cplusplus
}
#endif

#endif

/*
 * The libc functions under test, by their host-test names (osv_<name>,
 * see libc_rename.h), declared with the host's glibc types: the two
 * libraries share the ABI, so glibc's types describe ours.
 */
#ifndef TESTS_HOST_OSV_LIBC_H
#define TESTS_HOST_OSV_LIBC_H

#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>

/* string.h, strings.h */
void *osv_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *osv_memmove(void *dst, const void *src, size_t n);
void *osv_memccpy(void *restrict dst, const void *restrict src, int c,
		  size_t n);
void *osv_mempcpy(void *restrict dst, const void *restrict src, size_t n);
void *osv___mempcpy(void *restrict dst, const void *restrict src, size_t n);
void *osv_memset(void *dst, int c, size_t n);
int osv_memcmp(const void *a, const void *b, size_t n);
int osv___memcmpeq(const void *a, const void *b, size_t n);
int osv_bcmp(const void *a, const void *b, size_t n);
void *osv_memchr(const void *s, int c, size_t n);
void *osv_rawmemchr(const void *s, int c);
void *osv___rawmemchr(const void *s, int c);
void *osv_memrchr(const void *s, int c, size_t n);
void *osv_memmem(const void *h, size_t hl, const void *n, size_t nl);
void *osv_memfrob(void *s, size_t n);
void osv_explicit_bzero(void *s, size_t n);
void osv_bzero(void *s, size_t n);
void osv___bzero(void *s, size_t n);
void osv_bcopy(const void *src, void *dst, size_t n);
size_t osv_strlen(const char *s);
size_t osv_strnlen(const char *s, size_t max);
char *osv_strcpy(char *restrict dst, const char *restrict src);
char *osv_strncpy(char *restrict dst, const char *restrict src, size_t n);
char *osv_stpcpy(char *restrict dst, const char *restrict src);
char *osv___stpcpy(char *restrict dst, const char *restrict src);
char *osv_stpncpy(char *restrict dst, const char *restrict src, size_t n);
char *osv___stpncpy(char *restrict dst, const char *restrict src, size_t n);
size_t osv_strlcpy(char *restrict dst, const char *restrict src, size_t n);
size_t osv_strlcat(char *restrict dst, const char *restrict src, size_t n);
char *osv_strcat(char *restrict dst, const char *restrict src);
char *osv_strncat(char *restrict dst, const char *restrict src, size_t n);
int osv_strcmp(const char *a, const char *b);
int osv_strncmp(const char *a, const char *b, size_t n);
int osv_strcoll(const char *a, const char *b);
size_t osv_strxfrm(char *restrict dst, const char *restrict src, size_t n);
int osv_strverscmp(const char *a, const char *b);
int osv___strverscmp(const char *a, const char *b);
char *osv_strdup(const char *s);
char *osv___strdup(const char *s);
char *osv_strndup(const char *s, size_t n);
char *osv___strndup(const char *s, size_t n);
char *osv_strchr(const char *s, int c);
char *osv_index(const char *s, int c);
char *osv_strrchr(const char *s, int c);
char *osv_rindex(const char *s, int c);
char *osv_strchrnul(const char *s, int c);
size_t osv_strspn(const char *s, const char *accept);
size_t osv_strcspn(const char *s, const char *reject);
char *osv_strpbrk(const char *s, const char *accept);
char *osv_strstr(const char *h, const char *n);
char *osv_strcasestr(const char *h, const char *n);
char *osv___strcasestr(const char *h, const char *n);
char *osv_strtok(char *restrict s, const char *restrict delim);
char *osv_strtok_r(char *restrict s, const char *restrict delim,
		   char **restrict save);
char *osv___strtok_r(char *restrict s, const char *restrict delim,
		     char **restrict save);
char *osv_strsep(char **restrict sp, const char *restrict delim);
char *osv_strfry(char *s);
char *osv_basename(const char *path);
int osv_strcasecmp(const char *a, const char *b);
int osv___strcasecmp(const char *a, const char *b);
int osv_strncasecmp(const char *a, const char *b, size_t n);
int osv_ffs(int i);
int osv_ffsl(long i);
int osv_ffsll(long long i);
char *osv_strerror(int errnum);
char *osv_strerror_r(int errnum, char *buf, size_t n);
char *osv___strerror_r(int errnum, char *buf, size_t n);
int osv___xpg_strerror_r(int errnum, char *buf, size_t n);
const char *osv_strerrorname_np(int errnum);
const char *osv_strerrordesc_np(int errnum);
char *osv_strsignal(int sig);
const char *osv_sigabbrev_np(int sig);
const char *osv_sigdescr_np(int sig);

/* ctype.h */
const unsigned short **osv___ctype_b_loc(void);
const int32_t **osv___ctype_tolower_loc(void);
const int32_t **osv___ctype_toupper_loc(void);
int osv_isalnum(int c);
int osv_isalpha(int c);
int osv_iscntrl(int c);
int osv_isdigit(int c);
int osv_islower(int c);
int osv_isgraph(int c);
int osv_isprint(int c);
int osv_ispunct(int c);
int osv_isspace(int c);
int osv_isupper(int c);
int osv_isxdigit(int c);
int osv_isblank(int c);
int osv_isascii(int c);
int osv_toascii(int c);
int osv_tolower(int c);
int osv_toupper(int c);
int osv__tolower(int c);
int osv__toupper(int c);

/* stdlib.h, inttypes.h, search.h, unistd.h */
struct random_data;
struct drand48_data;
long osv_strtol(const char *restrict s, char **restrict end, int base);
unsigned long osv_strtoul(const char *restrict s, char **restrict end,
			  int base);
long long osv_strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long osv_strtoull(const char *restrict s, char **restrict end,
				int base);
long long osv_strtoq(const char *restrict s, char **restrict end, int base);
unsigned long long osv_strtouq(const char *restrict s, char **restrict end,
			       int base);
intmax_t osv_strtoimax(const char *restrict s, char **restrict end, int base);
uintmax_t osv_strtoumax(const char *restrict s, char **restrict end, int base);
long osv___strtol_internal(const char *s, char **end, int base, int group);
unsigned long osv___strtoul_internal(const char *s, char **end, int base,
				     int group);
long long osv___strtoll_internal(const char *s, char **end, int base,
				 int group);
unsigned long long osv___strtoull_internal(const char *s, char **end, int base,
					   int group);
int osv_atoi(const char *s);
long osv_atol(const char *s);
long long osv_atoll(const char *s);
void osv_qsort(void *base, size_t n, size_t size,
	       int (*compar)(const void *, const void *));
void osv_qsort_r(void *base, size_t n, size_t size,
		 int (*compar)(const void *, const void *, void *), void *arg);
void *osv_bsearch(const void *key, const void *base, size_t n, size_t size,
		  int (*compar)(const void *, const void *));
void *osv_lfind(const void *key, const void *base, size_t *n, size_t size,
		int (*compar)(const void *, const void *));
void *osv_lsearch(const void *key, void *base, size_t *n, size_t size,
		  int (*compar)(const void *, const void *));
int osv_abs(int x);
long osv_labs(long x);
long long osv_llabs(long long x);
intmax_t osv_imaxabs(intmax_t x);
div_t osv_div(int num, int den);
ldiv_t osv_ldiv(long num, long den);
lldiv_t osv_lldiv(long long num, long long den);
imaxdiv_t osv_imaxdiv(intmax_t num, intmax_t den);
void *osv_reallocarray(void *p, size_t n, size_t size);
int osv_rand(void);
void osv_srand(unsigned int seed);
int osv_rand_r(unsigned int *seed);
long osv_random(void);
void osv_srandom(unsigned int seed);
char *osv_initstate(unsigned int seed, char *state, size_t n);
char *osv_setstate(char *state);
int osv_random_r(struct random_data *restrict buf, int32_t *restrict result);
int osv_srandom_r(unsigned int seed, struct random_data *buf);
int osv_initstate_r(unsigned int seed, char *restrict state, size_t n,
		    struct random_data *restrict buf);
int osv_setstate_r(char *restrict state, struct random_data *restrict buf);
double osv_drand48(void);
double osv_erand48(unsigned short xsubi[3]);
long osv_lrand48(void);
long osv_nrand48(unsigned short xsubi[3]);
long osv_mrand48(void);
long osv_jrand48(unsigned short xsubi[3]);
void osv_srand48(long seed);
unsigned short *osv_seed48(unsigned short seed16v[3]);
void osv_lcong48(unsigned short param[7]);
int osv_drand48_r(struct drand48_data *restrict d, double *restrict r);
int osv_erand48_r(unsigned short x[3], struct drand48_data *restrict d,
		  double *restrict r);
int osv_lrand48_r(struct drand48_data *restrict d, long *restrict r);
int osv_nrand48_r(unsigned short x[3], struct drand48_data *restrict d,
		  long *restrict r);
int osv_mrand48_r(struct drand48_data *restrict d, long *restrict r);
int osv_jrand48_r(unsigned short x[3], struct drand48_data *restrict d,
		  long *restrict r);
int osv_srand48_r(long seed, struct drand48_data *d);
int osv_seed48_r(unsigned short seed16v[3], struct drand48_data *d);
int osv_lcong48_r(unsigned short param[7], struct drand48_data *d);
char *osv_getenv(const char *name);
char *osv_secure_getenv(const char *name);
int osv_setenv(const char *name, const char *value, int overwrite);
int osv_unsetenv(const char *name);
int osv_putenv(char *string);
int osv_clearenv(void);
extern char **osv_environ, **osv___environ, **osv__environ;
void osv_libc_set_environ(char **envp);
extern char ***osv_env_var; /* the libc's pointer to environ (env_impl.h) */

#endif

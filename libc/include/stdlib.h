/* stdlib.h: the declarations the kernel is built with (glibc's ABI). */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void *aligned_alloc(size_t align, size_t size);
int posix_memalign(void **out, size_t align, size_t size);
size_t malloc_usable_size(void *p);

void *reallocarray(void *p, size_t n, size_t size);

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647
/* Bytes in the longest multibyte character of the current locale. */
#define MB_CUR_MAX (__ctype_get_mb_cur_max())
size_t __ctype_get_mb_cur_max(void);

typedef struct {
	int quot;
	int rem;
} div_t;
typedef struct {
	long quot;
	long rem;
} ldiv_t;
typedef struct {
	long long quot;
	long long rem;
} lldiv_t;

int abs(int x) __attribute__((const));
long labs(long x) __attribute__((const));
long long llabs(long long x) __attribute__((const));
div_t div(int num, int den) __attribute__((const));
ldiv_t ldiv(long num, long den) __attribute__((const));
lldiv_t lldiv(long long num, long long den) __attribute__((const));

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
double atof(const char *s);
long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base);
long long strtoq(const char *restrict s, char **restrict end, int base);
unsigned long long strtouq(const char *restrict s, char **restrict end,
			   int base);
double strtod(const char *restrict s, char **restrict end);
float strtof(const char *restrict s, char **restrict end);
long double strtold(const char *restrict s, char **restrict end);

void qsort(void *base, size_t n, size_t size,
	   int (*compar)(const void *, const void *));
void qsort_r(void *base, size_t n, size_t size,
	     int (*compar)(const void *, const void *, void *), void *arg);
void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*compar)(const void *, const void *));

int rand(void);
void srand(unsigned int seed);
int rand_r(unsigned int *seed);
long random(void);
__UINT32_TYPE__ arc4random(void);
void arc4random_buf(void *buf, size_t n);
__UINT32_TYPE__ arc4random_uniform(__UINT32_TYPE__ bound);
void srandom(unsigned int seed);
char *initstate(unsigned int seed, char *state, size_t n);
char *setstate(char *state);

struct random_data {
	int32_t *fptr;
	int32_t *rptr;
	int32_t *state;
	int rand_type;
	int rand_deg;
	int rand_sep;
	int32_t *end_ptr;
};
int random_r(struct random_data *restrict buf, int32_t *restrict result);
int srandom_r(unsigned int seed, struct random_data *buf);
int initstate_r(unsigned int seed, char *restrict state, size_t n,
		struct random_data *restrict buf);
int setstate_r(char *restrict state, struct random_data *restrict buf);

double drand48(void);
double erand48(unsigned short xsubi[3]);
long lrand48(void);
long nrand48(unsigned short xsubi[3]);
long mrand48(void);
long jrand48(unsigned short xsubi[3]);
void srand48(long seed);
unsigned short *seed48(unsigned short seed16v[3]);
void lcong48(unsigned short param[7]);

struct drand48_data {
	unsigned short __x[3];
	unsigned short __old_x[3];
	unsigned short __c;
	unsigned short __init;
	unsigned long long __a;
};
int drand48_r(struct drand48_data *restrict data, double *restrict result);
int erand48_r(unsigned short xsubi[3], struct drand48_data *restrict data,
	      double *restrict result);
int lrand48_r(struct drand48_data *restrict data, long *restrict result);
int nrand48_r(unsigned short xsubi[3], struct drand48_data *restrict data,
	      long *restrict result);
int mrand48_r(struct drand48_data *restrict data, long *restrict result);
int jrand48_r(unsigned short xsubi[3], struct drand48_data *restrict data,
	      long *restrict result);
int srand48_r(long seed, struct drand48_data *data);
int seed48_r(unsigned short seed16v[3], struct drand48_data *data);
int lcong48_r(unsigned short param[7], struct drand48_data *data);

char *getenv(const char *name);
char *secure_getenv(const char *name);
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);
int putenv(char *string);
int clearenv(void);

int mblen(const char *s, size_t n);
int mbtowc(wchar_t *restrict pwc, const char *restrict s, size_t n);
int wctomb(char *s, wchar_t wc);
size_t mbstowcs(wchar_t *restrict dst, const char *restrict src, size_t n);
size_t wcstombs(char *restrict dst, const wchar_t *restrict src, size_t n);

void exit(int status) __attribute__((noreturn));
void _Exit(int status) __attribute__((noreturn));
int atexit(void (*fn)(void));
void abort(void) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif

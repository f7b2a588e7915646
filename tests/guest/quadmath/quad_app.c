/*
 * __float128 through Debian's libquadmath.so.0: printf's %Q conversions,
 * which libquadmath's constructor registers with register_printf_*, and
 * quadmath_snprintf; then the built-in conversions its handlers leave to
 * printf.  Then the program takes over %d, which must not change the
 * kernel's own formatting (here, /proc/self/fd's names).
 * Each line is compared with the host's (tests/guest/quadmath.test).
 */
#include <dirent.h>
#include <printf.h>
#include <quadmath.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static int d_info(const struct printf_info *info, size_t n, int *types,
		  int *size)
{
	(void)info;
	(void)size;
	if (n > 0)
		types[0] = PA_INT;
	return 1;
}

static int d_out(FILE *f, const struct printf_info *info,
		 const void *const *args)
{
	(void)info;
	(void)args;
	return fputs("<d>", f) < 0 ? -1 : 3;
}

/* Whether every name in the directory is a decimal number. */
static bool decimal_names(DIR *d)
{
	struct dirent *e;

	while ((e = readdir(d)))
		if (e->d_name[0] != '.' &&
		    strspn(e->d_name, "0123456789") != strlen(e->d_name))
			return false;
	return true;
}

/* Last: from here on, the program's own %d prints "<d>". */
static void take_over_d(void)
{
	char buf[100];

	register_printf_specifier('d', d_out, d_info);
	snprintf(buf, sizeof(buf), "%d", 42);
	fputs("program's %d: ", stdout);
	puts(buf);
	DIR *d = opendir("/proc/self/fd");
	if (!d) {
		puts("no /proc/self/fd");
		return;
	}
	puts(decimal_names(d) ? "fd names: decimal" : "fd names: not decimal");
	closedir(d);
}

static const char *const names[] = {"1/3", "-2^-16400", "1e400", "pi", "-0"};

int main(void)
{
	__float128 v[5] = {1 / (__float128)3, -0x1p-16400Q, 1e400Q, M_PIq,
			   -0.0Q};
	char buf[200];
	int n;

	for (int i = 0; i < 5; i++) {
		n = printf("%s: %Qe|%.30Qe|%+-50.20Qf|%Qa|%#QG|%010.3QE\n",
			   names[i], v[i], v[i], v[i], v[i], v[i], v[i], v[i]);
		printf("count %d\n", n);
		n = printf("%1$s: %2$*3$.*4$Qg|%2$-*3$Qa|\n", names[i], v[i],
			   40, 12);
		printf("count %d\n", n);
		n = quadmath_snprintf(buf, sizeof(buf), "%+.33Qe", v[i]);
		printf("snprintf %d %s\n", n, buf);
		n = quadmath_snprintf(buf, 10, "%-30.3Qf", v[i]);
		printf("short %d %s\n", n, buf);
	}
	n = snprintf(buf, sizeof(buf), "%e %f %g %a %5.2Lf %d %s %%", 1.5,
		     -2.25, 1e-10, 0.5, 3.25L, 42, "str");
	printf("built-in %d %s\n", n, buf);
	n = snprintf(buf, sizeof(buf), "%Qf and %.3f", (__float128)2.5, 0.125);
	printf("mixed %d %s\n", n, buf);
	wchar_t w[100];
	n = swprintf(w, 100, L"%.5Qe", v[0]);
	printf("wide %d %ls\n", n, w);
	take_over_d();
	return 0;
}

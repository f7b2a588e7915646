/*
 * glibc's printf customisation: conversions, modifiers and argument
 * types a program adds to the printf family (libquadmath's %Qe for
 * __float128).  The registry is allocated on the first registration;
 * the formatting core tests one pointer until then.  As in glibc,
 * registering is meant for a program's start: the tables are read
 * without a lock, so a registration racing a printf may or may not be
 * seen by it, or may fail it (format_hooked.c's fetched()).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <wchar.h>

#include "printf_registry.h"

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

/* The registry, allocated if need be: NULL (errno ENOMEM) without. */
static struct printf_registry *registry(void)
{
	struct printf_registry *r = printf_registry();

	if (r)
		return r;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->hooks.format = osv_fmt_hooked;
	r->hooks.arg_types = osv_fmt_hooked_types;
	__atomic_store_n(&osv_fmt_hooks, &r->hooks, __ATOMIC_RELEASE);
	return r;
}

int register_printf_specifier(int spec, printf_function *func,
			      printf_arginfo_size_function *arginfo)
{
	if (spec < 0 || spec > 0xff) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&registry_lock);
	struct printf_registry *r = registry();
	if (r) {
		r->arginfo[spec] = arginfo;
		r->func[spec] = func;
	}
	pthread_mutex_unlock(&registry_lock);
	return r ? 0 : -1;
}

/*
 * The old arginfo takes no sizes: called as the new one, on x86-64 the
 * extra argument is ignored (glibc registers it the same way).
 */
int register_printf_function(int spec, printf_function *func,
			     printf_arginfo_function *arginfo)
{
	return register_printf_specifier(
	    spec, func,
	    (printf_arginfo_size_function *)(void (*)(void))arginfo);
}

/* Modifiers are made of characters a narrow format can hold. */
static bool valid_modifier(const wchar_t *str)
{
	if (!str || !*str)
		return false;
	for (; *str; str++)
		if (*str < 0 || *str > 0xff)
			return false;
	return true;
}

int register_printf_modifier(const wchar_t *str)
{
	if (!valid_modifier(str)) {
		errno = EINVAL;
		return -1;
	}
	wchar_t *copy = malloc((wcslen(str) + 1) * sizeof(*str));
	if (!copy)
		return -1;
	wcscpy(copy, str);
	pthread_mutex_lock(&registry_lock);
	struct printf_registry *r = registry();
	int bit = -1;
	if (r && r->hooks.nmodifiers == FMT_MODIFIERS_MAX) {
		errno = ENOSPC;
	} else if (r) {
		struct fmt_modifier *m =
		    &r->hooks.modifier[r->hooks.nmodifiers];
		bit = 1 << r->hooks.nmodifiers;
		m->str = copy;
		m->bit = (unsigned short)bit;
		__atomic_store_n(&r->hooks.nmodifiers, r->hooks.nmodifiers + 1,
				 __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&registry_lock);
	if (bit < 0)
		free(copy);
	return bit;
}

int register_printf_type(printf_va_arg_function *fct)
{
	pthread_mutex_lock(&registry_lock);
	struct printf_registry *r = registry();
	int type = -1;
	if (r && r->ntypes == FMT_TYPES_MAX) {
		errno = ENOSPC;
	} else if (r) {
		r->va_arg[r->ntypes] = fct;
		type = PA_LAST + r->ntypes++;
	}
	pthread_mutex_unlock(&registry_lock);
	return type;
}

/*
 * The environment: __environ (also environ and _environ) points at a NULL
 * terminated array of "NAME=value" strings.  The array the kernel passes
 * in (libc_set_environ) or the program assigns is not ours; the first
 * change copies it into a heap array the libc owns and may grow.
 * Strings are never freed: a program may still hold what getenv returned.
 *
 * A PIE that reads environ has its own copy of the variable (a COPY
 * relocation), which the kernel's code cannot bind to: the libc reads
 * and writes the variable through osv_env_var, which the loader points
 * at that copy (libc_use_program_vars, program_vars.h).
 */
#ifndef OSV_LIBC_INTERNAL_ENV_IMPL_H
#define OSV_LIBC_INTERNAL_ENV_IMPL_H

#include <stddef.h>

#include "libc.h"

/* The environment's variable: &__environ, or the program's __environ. */
extern char ***osv_env_var LIBC_HIDDEN;
#define ENVIRON (*osv_env_var)

/*
 * Index of the entry for the name (n bytes), or the number of entries
 * when there is none.
 */
size_t osv_env_find(const char *name, size_t n) LIBC_HIDDEN;

/*
 * Makes ENVIRON an array the libc owns with room for one more entry.
 * Returns the number of entries, or -1 (ENOMEM).
 */
long osv_env_own(void) LIBC_HIDDEN;

/* Replaces entry i (i == count appends); the array must be owned. */
void osv_env_set(size_t i, char *entry) LIBC_HIDDEN;

/* The owned array, so that clearenv can free it. */
extern char **osv_env_owned LIBC_HIDDEN;

/* A name setenv and unsetenv accept: not empty, no '='. */
static inline int env_name_valid(const char *name)
{
	if (!name || !*name)
		return 0;
	for (; *name; name++)
		if (*name == '=')
			return 0;
	return 1;
}

#endif

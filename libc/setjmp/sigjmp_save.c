/*
 * osv_sigjmp_save: the second half of sigsetjmp when the signal mask is
 * to be saved (setjmp.S jumps here with the registers already stored).
 */
#include <setjmp.h>
#include <signal.h>

#include "libc.h"

int osv_sigjmp_save(struct __jmp_buf_tag *env, int savemask) LIBC_HIDDEN;

int osv_sigjmp_save(struct __jmp_buf_tag *env, int savemask)
{
	(void)savemask;
	sigprocmask(SIG_BLOCK, NULL, (sigset_t *)&env->__saved_mask);
	return 0;
}

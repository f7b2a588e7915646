/*
 * makecontext: the context ucp resumes into func(args...) on its stack
 * (uc_stack), the System V ABI's way: six arguments in registers, the
 * others on the stack under a return address into osv_ucontext_start,
 * which resumes uc_link when func returns.  The stack is as a call
 * leaves it (rsp + 8 a multiple of 16).
 */
#include <stdarg.h>
#include <stdint.h>
#include <ucontext.h>

void osv_ucontext_start(void) __attribute__((visibility("hidden")));

static const int arg_regs[6] = {REG_RDI, REG_RSI, REG_RDX,
				REG_RCX, REG_R8,  REG_R9};

void makecontext(ucontext_t *ucp, void (*func)(void), int argc, ...)
{
	int on_stack = argc > 6 ? argc - 6 : 0;
	uintptr_t top = (uintptr_t)ucp->uc_stack.ss_sp + ucp->uc_stack.ss_size;
	uint64_t *sp = (uint64_t *)top - (on_stack + 2);
	sp = (uint64_t *)(((uintptr_t)sp & -16ul) - 8);
	greg_t *gregs = ucp->uc_mcontext.gregs;
	sp[0] = (uintptr_t)osv_ucontext_start;
	sp[on_stack + 1] = (uintptr_t)ucp->uc_link;
	gregs[REG_RIP] = (greg_t)(uintptr_t)func;
	gregs[REG_RSP] = (greg_t)(uintptr_t)sp;
	gregs[REG_RBX] = (greg_t)(uintptr_t)&sp[on_stack + 1];
	va_list ap;
	va_start(ap, argc);
	for (int i = 0; i < argc; i++) {
		greg_t arg = va_arg(ap, greg_t);
		if (i < 6)
			gregs[arg_regs[i]] = arg;
		else
			sp[i - 5] = (uint64_t)arg;
	}
	va_end(ap);
}

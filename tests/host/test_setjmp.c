/*
 * setjmp and longjmp of the libc, run on the host under their osv_
 * names: the values returned, longjmp(env, 0) giving 1, callee-saved
 * registers and locals kept, jumps out of deep recursion and back into
 * loops, all the names (_setjmp, __sigsetjmp, siglongjmp, _longjmp,
 * __longjmp_chk), and glibc's jmp_buf size.  Output is TAP.
 */
#include <setjmp.h>
#include <stdint.h>

#include "difftest.h"

int osv_setjmp(jmp_buf env) __attribute__((returns_twice));
int osv__setjmp(jmp_buf env) __attribute__((returns_twice));
int osv___sigsetjmp(jmp_buf env, int savemask) __attribute__((returns_twice));
void osv_longjmp(jmp_buf env, int val) __attribute__((noreturn));
void osv__longjmp(jmp_buf env, int val) __attribute__((noreturn));
void osv_siglongjmp(jmp_buf env, int val) __attribute__((noreturn));
void osv___longjmp_chk(jmp_buf env, int val) __attribute__((noreturn));

static jmp_buf env;
static int depth_reached;

static __attribute__((noinline)) void recurse(int depth, int val)
{
	volatile char pad[64];
	pad[0] = (char)depth;
	if (depth == 0) {
		depth_reached = pad[0] + 1;
		osv_longjmp(env, val);
	}
	recurse(depth - 1, val);
	pad[1] = 0;
}

/* Keeps values in callee-saved registers across the jump. */
static __attribute__((noinline)) uint64_t registers_survive(void)
{
	register uint64_t a __asm__("rbx") = 0x1111;
	register uint64_t b __asm__("r12") = 0x2222;
	register uint64_t c __asm__("r13") = 0x3333;
	register uint64_t d __asm__("r14") = 0x4444;
	register uint64_t e __asm__("r15") = 0x5555;
	__asm__ volatile("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e));
	if (!osv_setjmp(env)) {
		/* Clobber them all before jumping back. */
		__asm__ volatile("xor %%rbx, %%rbx; xor %%r12, %%r12; "
				 "xor %%r13, %%r13; xor %%r14, %%r14; "
				 "xor %%r15, %%r15"
				 :
				 :
				 : "rbx", "r12", "r13", "r14", "r15");
		osv_longjmp(env, 1);
	}
	__asm__ volatile("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d), "+r"(e));
	return a + b + c + d + e;
}

int main(void)
{
	volatile int count = 0;
	int r = osv_setjmp(env);
	count++;
	if (r == 0)
		osv_longjmp(env, 42);
	CHECK(r == 42 && count == 2, "setjmp returns longjmp's value: %d", r);

	count = 0;
	r = osv__setjmp(env);
	count++;
	if (r == 0)
		osv__longjmp(env, 0);
	CHECK(r == 1 && count == 2, "longjmp(env, 0) returns 1: %d", r);

	for (int v = 1; v < 200; v += 37) {
		depth_reached = 0;
		r = osv___sigsetjmp(env, v & 1);
		if (r == 0)
			recurse(1000, v);
		CHECK(r == v && depth_reached == 1 &&
			  env[0].__mask_was_saved == (v & 1),
		      "out of 1000 frames: %d", r);
	}

	volatile int loops = 0;
	r = osv___sigsetjmp(env, 1);
	if (++loops < 100)
		osv_siglongjmp(env, loops);
	CHECK(loops == 100 && r == 99, "back into the same frame 99 times");

	r = osv_setjmp(env);
	if (r == 0)
		osv___longjmp_chk(env, -5);
	CHECK(r == -5, "__longjmp_chk, negative values");

	CHECK(registers_survive() == 0x1111 + 0x2222 + 0x3333 + 0x4444 + 0x5555,
	      "rbx, r12-r15 restored");
	CHECK(sizeof(jmp_buf) == 200 && _Alignof(jmp_buf) == 8,
	      "glibc's jmp_buf size");
	dt_group_end("setjmp, _setjmp, __sigsetjmp, longjmp, _longjmp, "
		     "siglongjmp, __longjmp_chk");
	return dt_done();
}

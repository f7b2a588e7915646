/*
 * Interrupts must leave the interrupted code's red zone (the 128 bytes
 * below %rsp) and its SSE registers as they were, even when the handler
 * uses a deep stack and the SSE registers itself; and a vector nobody
 * handles is reported once, not fatal.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "arch.h"

#define TEST_VECTOR 0xf1
#define UNHANDLED_VECTOR 0xf0

/* Returns 0, or bit 0 for a damaged red zone, bit 1 for damaged xmm. */
int red_zone_check(void);
__asm__(".text\n"
	".globl red_zone_check\n"
	"red_zone_check:\n"
	"	movabs $0x1122334455667700, %rax\n"
	"	lea -128(%rsp), %rdi\n"
	"	mov $16, %ecx\n"
	"1:	mov %rax, (%rdi)\n"
	"	inc %rax\n"
	"	add $8, %rdi\n"
	"	dec %ecx\n"
	"	jnz 1b\n"
	"	movabs $0x0123456789abcdef, %rax\n"
	"	movq %rax, %xmm0\n	movq %rax, %xmm1\n"
	"	movq %rax, %xmm7\n	movq %rax, %xmm8\n"
	"	movq %rax, %xmm15\n"
	"	int $0xf1\n"
	"	xor %edx, %edx\n"
	"	movabs $0x1122334455667700, %rax\n"
	"	lea -128(%rsp), %rdi\n"
	"	mov $16, %ecx\n"
	"2:	cmp %rax, (%rdi)\n"
	"	je 3f\n"
	"	or $1, %edx\n"
	"3:	inc %rax\n"
	"	add $8, %rdi\n"
	"	dec %ecx\n"
	"	jnz 2b\n"
	"	movabs $0x0123456789abcdef, %rax\n"
	"	movq %xmm0, %rsi\n	cmp %rax, %rsi\n	jne 4f\n"
	"	movq %xmm1, %rsi\n	cmp %rax, %rsi\n	jne 4f\n"
	"	movq %xmm7, %rsi\n	cmp %rax, %rsi\n	jne 4f\n"
	"	movq %xmm8, %rsi\n	cmp %rax, %rsi\n	jne 4f\n"
	"	movq %xmm15, %rsi\n	cmp %rax, %rsi\n	je 5f\n"
	"4:	or $2, %edx\n"
	"5:	mov %edx, %eax\n"
	"	ret\n");

static volatile int handler_calls;

__attribute__((noipa)) static void use_stack(void)
{
	volatile char buf[2048];
	memset((char *)buf, 0xee, sizeof(buf));
}

static void clobbering_handler(struct trap_frame *f)
{
	(void)f;
	handler_calls++;
	use_stack();
	__asm__ volatile("pxor %%xmm0, %%xmm0\n pxor %%xmm1, %%xmm1\n"
			 "pxor %%xmm7, %%xmm7\n pxor %%xmm8, %%xmm8\n"
			 "pxor %%xmm15, %%xmm15" ::
			     : "xmm0", "xmm1", "xmm7", "xmm8", "xmm15");
}

int app_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	trap_set_handler(TEST_VECTOR, clobbering_handler);
	int damage = red_zone_check();
	printf("red zone %s\n", damage & 1 ? "damaged" : "intact");
	printf("sse registers %s\n", damage & 2 ? "damaged" : "intact");
	printf("handler ran %d time(s)\n", handler_calls);
	__asm__ volatile("int $0xf0");
	__asm__ volatile("int $0xf0");
	printf("survived unhandled vectors\n");
	return damage;
}

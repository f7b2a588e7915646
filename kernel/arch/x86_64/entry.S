/*
 * Interrupt and exception entry.
 *
 * Applications run in ring 0 and use the red zone, so the CPU must never
 * push an interrupt frame onto the interrupted stack: every gate enters on
 * an IST stack.  An IST stack is reused by the next entry through the same
 * slot, so a handler cannot stay on it (a nested fault or a preemptive
 * switch would overwrite a live frame).  The common path therefore moves
 * the frame to the interrupted stack, below its red zone, and runs the
 * handler there.  Only #DF, NMI and #MC, which have stacks of their own
 * and never switch threads, stay on their IST stack.
 *
 * If the move itself faults (the interrupted stack pointer was bad), the
 * nested entry sees a %rip inside this file and stays on its IST stack so
 * that the fault can still be reported.  Its frame overwrites the one
 * being moved, so the move first copies that one to trap_moving: a
 * stack overflow's fault can then be handed to the program's signal
 * handler on its alternate stack (trap_frame_lost() in arch.h).
 *
 * Frame layout (struct trap_frame in arch.h), from the final %rsp up:
 * r15 .. rax, vector, error code, rip, cs, rflags, rsp, ss.
 */
#include "asm.h"

	/* right after the boot code: kernel.ld */
	.section .text.entry, "ax"
	.globl trap_entry_start, trap_entry_end
trap_entry_start:

/*
 * The stubs are TRAP_STUB_SIZE bytes apart from trap_stubs (asm.h), so
 * the IDT is filled without a table of their addresses; their labels
 * are local, so .ksyms names a fault in one trap_stubs+OFFSET.  Eight
 * bytes hold a push of the vector as a sign-extended byte and a jump:
 * the vector is made whole, and the zero error code of a vector without
 * one pushed, at the jump's target.
 */
.macro STUB vector, has_error, kind
.Lstub_\vector:
	.if \vector < 128
	pushq $\vector
	.else
	pushq $(\vector - 256)
	.endif
	.if \has_error
	jmp \kind
	.else
	jmp \kind\()_no_error
	.endif
	/* pads to the next stub; an error if this one is longer */
	.org .Lstub_\vector + TRAP_STUB_SIZE, 0xcc
.endm

	/* vectors with a CPU-pushed error code */
.irp v, 8, 10, 11, 12, 13, 14, 17, 21, 29, 30
	.set has_error_\v, 1
.endr

.altmacro
.macro STUB_FOR vector
	.ifdef has_error_\vector
	.if \vector == 8
	STUB \vector, 1, trap_stay
	.else
	STUB \vector, 1, trap_move
	.endif
	.else
	.if \vector == 2 || \vector == 18
	STUB \vector, 0, trap_stay
	.else
	STUB \vector, 0, trap_move
	.endif
	.endif
.endm

	.balign TRAP_STUB_SIZE
	.globl trap_stubs
trap_stubs:
.set i, 0
.rept 256
	STUB_FOR %i
	.set i, i + 1
.endr

/* A zero error code goes below the vector: [vector, 0, rip, ...]. */
trap_move_no_error:
	pushq (%rsp)
	movq $0, 8(%rsp)
/* Move the seven-word frame (vector .. ss) below the interrupted red zone. */
trap_move:
	andq $0xff, (%rsp)		/* the stub pushed a sign-extended byte */
	pushq %rax
	movq 24(%rsp), %rax		/* interrupted %rip */
	cmpq $trap_entry_start, %rax
	jb 1f
	cmpq $trap_entry_end, %rax
	jb trap_stay_popped		/* faulted while moving: stay here */
1:
.Ltrap_move_copy:
	/* rax, vector .. ss, into trap_moving (the caller's %rax last) */
	movq 8(%rsp), %rax
	movq %rax, trap_moving + 8(%rip)
	movq 16(%rsp), %rax
	movq %rax, trap_moving + 16(%rip)
	movq 24(%rsp), %rax
	movq %rax, trap_moving + 24(%rip)
	movq 40(%rsp), %rax
	movq %rax, trap_moving + 40(%rip)
	movq 48(%rsp), %rax
	movq %rax, trap_moving + 48(%rip)
	movq (%rsp), %rax
	movq %rax, trap_moving(%rip)
	movq 48(%rsp), %rax		/* interrupted %rsp */
	subq $RED_ZONE, %rax
	andq $-16, %rax
	xchgq %rax, %rsp		/* %rax = IST frame, %rsp = target */
	.globl trap_move_pushes
	.hidden trap_move_pushes
trap_move_pushes:			/* a fault from here: trap_moving */
	pushq 56(%rax)			/* ss */
	pushq 48(%rax)			/* rsp */
	pushq 40(%rax)			/* rflags */
	pushq 32(%rax)			/* cs */
	pushq 24(%rax)			/* rip */
	pushq 16(%rax)			/* error code */
	pushq 8(%rax)			/* vector */
	.globl trap_move_pushed
	.hidden trap_move_pushed
trap_move_pushed:
	movq (%rax), %rax
	jmp trap_common

/*
 * The move faulted on a page the mappings then served (a stack's page
 * not touched yet): trap_dispatch returns here, %rsp at the IST frame,
 * which that fault's own frame overwrote; rebuilt from trap_moving, it
 * is moved again.  (cs and ss were overwritten with the same values.)
 */
	.globl trap_move_retry
	.hidden trap_move_retry
trap_move_retry:
	movq trap_moving + 8(%rip), %rax
	movq %rax, 8(%rsp)
	movq trap_moving + 16(%rip), %rax
	movq %rax, 16(%rsp)
	movq trap_moving + 24(%rip), %rax
	movq %rax, 24(%rsp)
	movq trap_moving + 40(%rip), %rax
	movq %rax, 40(%rsp)
	movq trap_moving + 48(%rip), %rax
	movq %rax, 48(%rsp)
	movq trap_moving(%rip), %rax
	movq %rax, (%rsp)
	jmp .Ltrap_move_copy

trap_stay_no_error:
	pushq (%rsp)
	movq $0, 8(%rsp)
trap_stay:
	andq $0xff, (%rsp)
	jmp trap_common
trap_stay_popped:
	popq %rax
trap_common:
	cld
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rbx			/* struct trap_frame * */
	/* Handlers may run libc code that uses SSE; the interrupted code's
	 * FPU state is saved around them. */
	subq $512, %rsp
	andq $-64, %rsp
	fxsave64 (%rsp)
	xorl %ebp, %ebp
	movq %rbx, %rdi
	call trap_dispatch
	fxrstor64 (%rsp)
	movq %rbx, %rsp
.Ltrap_pop:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp			/* vector and error code */
	iretq
trap_entry_end:

/* arch.h's trap_resume: the frame's registers, then its iretq. */
	.globl trap_resume
trap_resume:
	movq %rdi, %rsp
	jmp .Ltrap_pop

	.section .bss
	.balign 8
	.globl trap_moving
	.hidden trap_moving
/* The frame being moved: rax, vector, error, rip, (cs), rflags, rsp. */
trap_moving:
	.skip 56

	.section .note.GNU-stack, "", @progbits

/*
 * setjmp.h: glibc's jmp_buf (200 bytes: eight registers, the mask flag
 * and a signal mask).  The registers are stored unmangled, in an order
 * of our own (see libc/setjmp/x86_64/setjmp.S).
 */
#ifndef _SETJMP_H
#define _SETJMP_H

#ifdef __cplusplus
extern "C" {
#endif

typedef long __jmp_buf[8];

typedef struct {
	unsigned long __val[1024 / (8 * sizeof(unsigned long))];
} __jmp_buf_sigset_t;

struct __jmp_buf_tag {
	__jmp_buf __jmpbuf;
	int __mask_was_saved;
	__jmp_buf_sigset_t __saved_mask;
};

typedef struct __jmp_buf_tag jmp_buf[1];
typedef struct __jmp_buf_tag sigjmp_buf[1];

int setjmp(jmp_buf env) __attribute__((returns_twice));
int _setjmp(struct __jmp_buf_tag env[1]) __attribute__((returns_twice));
int __sigsetjmp(struct __jmp_buf_tag env[1], int savemask)
    __attribute__((returns_twice));
void longjmp(struct __jmp_buf_tag env[1], int val) __attribute__((noreturn));
void _longjmp(struct __jmp_buf_tag env[1], int val) __attribute__((noreturn));
void siglongjmp(sigjmp_buf env, int val) __attribute__((noreturn));
void __longjmp_chk(struct __jmp_buf_tag env[1], int val)
    __attribute__((noreturn));

#define sigsetjmp(env, savemask) __sigsetjmp(env, savemask)

#ifdef __cplusplus
}
#endif

#endif

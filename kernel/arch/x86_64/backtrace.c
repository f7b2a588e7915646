/*
 * Frame-pointer backtraces.  The kernel and the code it loads keep
 * frame pointers, so each frame starts with the caller's %rbp followed by
 * the return address.  The walk stops at a NULL or unreadable frame, at a
 * frame that does not move up the stack, or after MAX_FRAMES.
 */
#include "arch.h"

#define MAX_FRAMES 32

void arch_walk_frames(uint64_t rbp, unsigned depth,
		      void (*fn)(unsigned depth, uint64_t pc, void *arg),
		      void *arg)
{
	for (; depth < MAX_FRAMES; depth++) {
		if (rbp & 7 || !paging_readable(rbp, 16))
			return;
		const uint64_t *frame = (const uint64_t *)rbp;
		if (!frame[1])
			return;
		fn(depth, frame[1], arg);
		if (frame[0] <= rbp)
			return;
		rbp = frame[0];
	}
}

/*
 * GCC leaves the frame pointer out of leaf functions that need no stack,
 * and a fault can hit a function before its prologue has run.  In both
 * cases the return address is on top of the stack, not behind %rbp.
 * Returns the number of bytes between %rsp and the return address, or -1
 * when the function at pc (which starts at start) has its frame set up.
 */
int arch_frame_pending(uint64_t start, uint64_t pc)
{
	static const uint8_t endbr64[4] = {0xf3, 0x0f, 0x1e, 0xfa};
	static const uint8_t prologue[4] = {0x55, 0x48, 0x89, 0xe5};
	if (!paging_readable(start, 8))
		return -1;
	const uint8_t *code = (const uint8_t *)start;
	if (__builtin_memcmp(code, endbr64, 4) == 0) {
		code += 4;
		start += 4;
	}
	if (__builtin_memcmp(code, prologue, 4) != 0)
		return 0; /* no frame at all */
	if (pc <= start)
		return 0; /* the push has not run */
	if (pc == start + 1)
		return 8; /* pushed, %rbp not yet set */
	return -1;
}

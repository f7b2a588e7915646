/*
 * The program's auxiliary vector, one for the boot's program: what its
 * start code finds after envp, what getauxval() answers and what
 * /proc/self/auxv shows, so that the three agree.
 */
#ifndef KERNEL_AUXV_H
#define KERNEL_AUXV_H

#include <elf.h>
#include <stddef.h>

struct elf_program_info;

/*
 * Called once the program is loaded, before it runs: the program the
 * vector describes (its headers and entry point) and the path it was
 * started by (AT_EXECFN), which must last as long as the program.
 */
void auxv_set_program(const struct elf_program_info *info, const char *execfn);

/*
 * The vector, ending with AT_NULL, built at the first call after
 * auxv_set_program (or at the first at all: the machine's entries
 * alone); *bytes its size, the AT_NULL included.
 */
const Elf64_auxv_t *auxv_vector(size_t *bytes);

#endif

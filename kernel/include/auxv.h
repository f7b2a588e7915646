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
 * Writes the vector: called once the program is loaded, before its
 * constructors run (and so before it has threads), with the program it
 * describes (its headers, entry point and path).
 */
void auxv_set_program(const struct elf_program_info *info);

/*
 * The vector, ending with AT_NULL (AT_NULL alone before
 * auxv_set_program); *bytes its size, the AT_NULL included.
 */
const Elf64_auxv_t *auxv_vector(size_t *bytes);

#endif

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
 * Writes the vector's entries but the program's: called before the
 * program is loaded (its ifunc resolvers may ask), and so before it has
 * threads.  The program's entries are 0 until auxv_set_program.
 */
void auxv_init(void);

/*
 * Writes the program's entries: its headers, entry point and path;
 * called once it is loaded, before its constructors run.
 */
void auxv_set_program(const struct elf_program_info *info);

/*
 * The vector, ending with AT_NULL (AT_NULL alone before auxv_init);
 * *bytes its size, the AT_NULL included.
 */
const Elf64_auxv_t *auxv_vector(size_t *bytes);

#endif

/*
 * The program loader: the app_main() of kernel.elf.  argv[0] names the
 * program in the boot filesystem; the ELF loader (elf_loader.h) loads it
 * with its libraries, and the program then runs on a stack of its own
 * (with a guard page below) in the loader's region, so that an overflow
 * faults instead of running into the kernel.  Its size is what the
 * program's PT_GNU_STACK asks for (ld -z stack-size=N), else
 * APP_STACK_SIZE; at least APP_STACK_MIN, as the kernel's calls and
 * interrupt handlers run on it too.  It is mapped whole at start (it
 * lies in the loader's region, not in a mapping vm_fault() serves), so
 * a small program in a small guest says so.
 *
 * A shared object is started by calling its main(argc, argv, envp) after
 * the constructors; returning from main is exit(status).  A PIE that
 * does not export main (the usual case: only -rdynamic exports it) is
 * entered at its ELF entry point on a stack laid out as the System V ABI
 * starts a process (argc, argv, envp, auxiliary vector); its _start calls
 * the libc's __libc_start_main(), which calls main and exit().  exit()
 * runs the atexit handlers and the destructors, then powers off with the
 * status, so app_main() only returns when the program cannot be loaded:
 * with ELF_EXIT_NOT_LOADED (127), after saying why.
 *
 * The environment is the libc's environ as the boot left it (the --env
 * options, or none).  main's envp, and the envp on a process stack, hold
 * what it held when the program started, as glibc's do.
 *
 * A PIE's copies of the libc's variables (COPY relocations: environ,
 * optind, stdout ...) are the ones the libc uses from its start
 * (libc_use_program_vars).  A shared object's program has no copies: it
 * binds to the libc's, and nothing is looked up.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "arch.h"
#include "auxv.h"
#include "elf_loader.h"
#include "klog.h"
#include "libc-internal.h"

#define APP_STACK_SIZE (1024 * 1024)
#define APP_STACK_MIN (32 * 1024)

struct start {
	int argc;
	char **argv;
	char **envp;
	int (*main)(int argc, char **argv, char **envp);
	struct elf_program_info info;
	uint64_t process_sp; /* for an entry point: where argc is */
};

static struct start start;

static void run_main(void *arg)
{
	struct start *s = arg;
	elf_run_init();
	exit(s->main(s->argc, s->argv, s->envp));
}

static void run_entry(void *arg)
{
	struct start *s = arg;
	elf_run_init();
	arch_enter_process(s->info.entry, s->process_sp);
}

/*
 * Lays out, below top, what a process finds on its stack: argc, argv[],
 * NULL, envp[], NULL, the auxiliary vector (auxv.h).  Returns the
 * address of argc (16-byte aligned).
 */
static uint64_t process_stack(uint64_t top, const struct start *s)
{
	size_t auxv_bytes;
	const Elf64_auxv_t *auxv = auxv_vector(&auxv_bytes);
	size_t envc = 0;
	while (s->envp[envc])
		envc++;
	size_t words = 1 + (s->argc + 1) + (envc + 1);
	uint64_t sp = (top - words * 8 - auxv_bytes) & ~15ULL;
	uint64_t *p = (uint64_t *)sp;
	*p++ = s->argc;
	for (int i = 0; i < s->argc; i++)
		*p++ = (uint64_t)s->argv[i];
	*p++ = 0; /* end of argv */
	for (size_t i = 0; i < envc; i++)
		*p++ = (uint64_t)s->envp[i];
	*p++ = 0; /* end of envp */
	memcpy(p, auxv, auxv_bytes);
	return sp;
}

static size_t stack_size(const struct elf_program_info *info)
{
	for (unsigned i = 0; i < info->phnum; i++) {
		const Elf64_Phdr *ph = &info->phdr[i];
		if (ph->p_type == PT_GNU_STACK && ph->p_memsz != 0)
			return ph->p_memsz < APP_STACK_MIN
				   ? APP_STACK_MIN
				   : (ph->p_memsz + 4095) & ~(uint64_t)4095;
	}
	return APP_STACK_SIZE;
}

static int not_loaded(void)
{
	/* undefined symbols were printed as they were found */
	if (elf_error_kind() != ELF_ERR_UNDEFINED)
		kprintf("osv: %s\n", elf_error());
	return ELF_EXIT_NOT_LOADED;
}

/* libc_use_program_vars's look-up: the program's own symbols only. */
static void *program_symbol(const void *app, const char *name)
{
	return elf_object_symbol(app, name);
}

/* Does not return when the program runs (see above). */
static __attribute__((noinline)) int run_program(int argc, char **argv)
{
	start.envp = environ;
	libc_set_progname(argv[0]); /* before a COPY of the names is made */
	auxv_init();
	struct elf_object *app =
	    elf_load_program(argv[0], argc, argv, start.envp);
	if (!app)
		return not_loaded();
	start.argc = argc;
	start.argv = argv;
	start.main =
	    (int (*)(int, char **, char **))elf_object_symbol(app, "main");
	elf_program_info(app, &start.info);
	auxv_set_program(&start.info);
	if (start.info.is_executable) /* a shared object is never copied */
		libc_use_program_vars(program_symbol, app);
	if (!start.main && !start.info.entry) {
		kprintf("osv: %s: no main function to run\n", argv[0]);
		return ELF_EXIT_NOT_LOADED;
	}
	size_t size = stack_size(&start.info);
	uint64_t stack = elf_map_anonymous(size);
	if (!stack) {
		kprintf("osv: %s: no memory for a stack of %zu KiB\n", argv[0],
			size / 1024);
		return ELF_EXIT_NOT_LOADED;
	}
	uint64_t top = stack + size;
	kinfo("osv: %s: stack of %zu KiB at [0x%lx, 0x%lx)\n", argv[0],
	      size / 1024, stack, top);
	if (start.main)
		arch_call_on_stack(run_main, &start, top);
	start.process_sp = process_stack(top, &start);
	arch_call_on_stack(run_entry, &start, start.process_sp);
}

/*
 * The test alone when there is nothing to run: run_program's frame and
 * saved registers are no code for the boot without a program to
 * translate (under TCG, each instruction run once costs its translation).
 */
int app_main(int argc, char **argv)
{
	return argc ? run_program(argc, argv) : 0;
}

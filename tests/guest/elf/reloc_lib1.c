/*
 * libreloc1.so (DT_GNU_HASH only, DT_RELR), which needs libreloc2.so:
 * relocations that cross objects, and ifuncs.
 */
extern int lib2_value;
int lib2_add(int a, int b);

int lib1_value = 11;
static int local_data = 5;

int *lib1_local_ptr = &local_data;	 /* R_X86_64_RELATIVE */
int *lib1_ptr_to_lib2 = &lib2_value;	 /* R_X86_64_64, data */
int (*lib1_fn_ptr)(int, int) = lib2_add; /* R_X86_64_64, function */

/* Relative relocations packed by -z pack-relative-relocs (DT_RELR). */
static int table_data;
static int *table[70] = {[0 ... 69] = &table_data};

int lib1_table_ok(void)
{
	for (int i = 0; i < 70; i++)
		if (table[i] != &table_data)
			return 0;
	return 1;
}

int lib1_call(int x)
{
	return lib2_add(x, 1); /* R_X86_64_JUMP_SLOT */
}

int *lib1_addr_of_lib2_value(void)
{
	return &lib2_value; /* R_X86_64_GLOB_DAT */
}

static int pick_a(void)
{
	return 111;
}

static int pick_b(void)
{
	return 222;
}

/* Runs during relocation: lib1_value must be readable by then. */
static int (*resolve_pick(void))(void)
{
	return lib1_value == 11 ? pick_a : pick_b;
}

/* Not preemptible: calls to it are R_X86_64_IRELATIVE. */
static int local_pick(void) __attribute__((ifunc("resolve_pick")));

int lib1_call_local_pick(void)
{
	return local_pick();
}

/* Exported: the program binds to the ifunc symbol itself. */
int lib1_pick(void) __attribute__((ifunc("resolve_pick")));

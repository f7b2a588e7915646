/* The relocation types, across the program and two libraries. */
#include "check.h"

extern int lib1_value, lib2_value;
extern int *lib1_local_ptr, *lib1_ptr_to_lib2;
extern int (*lib1_fn_ptr)(int, int);
int lib1_call(int x);
int *lib1_addr_of_lib2_value(void);
int lib1_call_local_pick(void);
int lib1_pick(void);
int lib1_table_ok(void);
int lib2_add(int a, int b);

static int own = 9;
int *app_own_ptr = &own;		/* R_X86_64_RELATIVE */
int *app_ptr_to_lib2 = &lib2_value;	/* R_X86_64_64 */
int (*app_fn_ptr)(int, int) = lib2_add; /* R_X86_64_64 */

int main(void)
{
	check("relative", *app_own_ptr == 9 && *lib1_local_ptr == 5);
	check("relr", lib1_table_ok());
	check("64-data", app_ptr_to_lib2 == &lib2_value &&
			     lib1_ptr_to_lib2 == &lib2_value &&
			     *app_ptr_to_lib2 == 22);
	check("64-function", app_fn_ptr == lib2_add &&
				 lib1_fn_ptr == lib2_add &&
				 lib1_fn_ptr(1, 2) == 1003);
	check("glob-dat",
	      lib1_addr_of_lib2_value() == &lib2_value && lib1_value == 11);
	check("jump-slot", lib1_call(5) == 1006 && lib2_add(2, 3) == 1005);
	check("irelative", lib1_call_local_pick() == 111);
	check("ifunc-symbol", lib1_pick() == 111);
	return check_failures;
}

/*
 * A relocation the loader does not support: R_X86_64_SIZE64 (the size
 * of a symbol of another object), which the load must refuse by name.
 */
extern int lib2_value;

__asm__(".pushsection .data\n"
	".globl bad_size\n"
	".balign 8\n"
	"bad_size: .quad lib2_value@SIZE\n"
	".popsection");

int main(void)
{
	return 0;
}

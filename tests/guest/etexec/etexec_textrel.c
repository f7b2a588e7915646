/*
 * A text relocation in a program linked at a fixed address: built with
 * -mcmodel=large and -z nocopyreloc, the address of the libc's optind
 * is an immediate of the code, which the loader would have to write
 * into a read-only page.  It must never run.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("optind %d: etexec_textrel ran\n", optind);
	return 0;
}

/* libgone.so: linked against, then left out of the boot filesystem. */
int gone(void)
{
	return 0;
}

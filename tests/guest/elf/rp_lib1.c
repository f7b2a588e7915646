/* librp1.so, found through the program's DT_RUNPATH. */
int rp1(void)
{
	return 1;
}

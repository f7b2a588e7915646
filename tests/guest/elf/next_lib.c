/* libnext.so: a second definition of next_id, after the program's. */
int next_id(void)
{
	return 2;
}

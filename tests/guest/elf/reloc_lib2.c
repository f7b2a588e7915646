/* libreloc2.so, built with DT_HASH only: the end of a dependency chain. */
int lib2_value = 22;

int lib2_add(int a, int b)
{
	return a + b + 1000;
}

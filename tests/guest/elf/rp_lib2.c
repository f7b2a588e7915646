/* librp2.so, found through DT_RPATH with $ORIGIN. */
int rp2(void)
{
	return 2;
}

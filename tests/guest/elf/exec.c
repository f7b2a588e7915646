/* Built as a position-dependent executable (ET_EXEC): refused. */
int main(void)
{
	return 0;
}

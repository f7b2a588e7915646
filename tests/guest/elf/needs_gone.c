/* A program that needs a library the boot filesystem lacks. */
int gone(void);

int main(void)
{
	return gone();
}

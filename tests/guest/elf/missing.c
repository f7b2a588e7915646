/* A program that needs a function nobody defines. */
int osv_test_missing_function(void);

int main(void)
{
	return osv_test_missing_function();
}

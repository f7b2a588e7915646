/* libtlsdesc.so, built with -mtls-dialect=gnu2: TLS descriptors. */
__thread int desc_var = 401;

int *desc_addr(void)
{
	return &desc_var;
}

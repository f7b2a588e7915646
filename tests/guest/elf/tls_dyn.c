/* libtlsdyn.so, dlopen()ed: its TLS block is made on first use. */
__thread int dyn_tls = 301;
static __thread int dyn_bss;

int *dyn_tls_addr(void)
{
	return &dyn_tls;
}

int dyn_bss_bump(void)
{
	return ++dyn_bss;
}

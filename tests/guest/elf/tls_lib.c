/* libtls.so: TLS a program reaches by general-dynamic and initial-exec. */
__thread int lib_gd = 101;
__thread int lib_ie __attribute__((tls_model("initial-exec"))) = 102;
__thread int lib_bss;
__thread char lib_aligned[64] __attribute__((aligned(64))) = {7};

int *lib_gd_addr(void)
{
	return &lib_gd;
}

int *lib_ie_addr(void)
{
	return &lib_ie;
}

int lib_bss_get(void)
{
	return lib_bss;
}

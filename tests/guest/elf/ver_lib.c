/*
 * libver.so: two versions of ver_fn (ver_lib.map), the old one hidden
 * (ver_fn@VERS_1) and the default one (ver_fn@@VERS_2).
 */
int ver_fn_1(void);
int ver_fn_2(void);

__asm__(".symver ver_fn_1, ver_fn@VERS_1");
__asm__(".symver ver_fn_2, ver_fn@@VERS_2");

int ver_fn_1(void)
{
	return 1;
}

int ver_fn_2(void)
{
	return 2;
}

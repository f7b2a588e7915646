#!/bin/sh
# installcheck.sh BINDIR LIBDIR
# What a new user does with an installed SDK: in an empty directory, build
# hello world with the compiler and pkg-config alone, run it with the
# installed osv-run, check its output and exit status; and see that an
# application calling something the kernel does not export fails to link.
set -u
bindir=$1
libdir=$2
fail=0
say() {
	echo "installcheck: $*"
}
check() { # check DESCRIPTION STATUS
	if [ "$2" -eq 0 ]; then say "ok: $1"; else say "FAILED: $1"; fail=1; fi
}
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
export PKG_CONFIG_PATH="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
cc=${CC:-cc}

cat >hello.c <<'C'
#include <stdio.h>
int main(int argc, char **argv)
{
	printf("hello from %s, %d argument(s): %s\n", argv[0], argc - 1,
	       argc > 1 ? argv[1] : "none");
	return 42;
}
C
# shellcheck disable=SC2046
$cc -shared -fPIC -o hello.so hello.c $(pkg-config --cflags --libs osv)
check "hello.so builds with pkg-config alone" $?

"$bindir/osv-run" --timeout 60 hello.so "big world" >out.txt 2>&1
status=$?
[ $status -eq 42 ]
check "osv-run exits with main's status (got $status, want 42)" $?
tr -d '\r' <out.txt | grep -q '^hello from /hello.so, 1 argument(s): big world$'
check "the greeting reaches the console with its argument" $?
[ $fail -eq 0 ] || sed 's/^/| /' out.txt

# (fork is exported now, failing with ENOSYS: a name no libc has.)
cat >missing.c <<'C'
int osv_test_not_exported(void);
int main(void)
{
	return osv_test_not_exported();
}
C
# shellcheck disable=SC2046
$cc -shared -fPIC -o missing.so missing.c $(pkg-config --cflags --libs osv) \
	>link.txt 2>&1
[ $? -ne 0 ] && grep -q "undefined reference to \`osv_test_not_exported'" link.txt
check "a symbol the kernel does not export is a link error" $?

# BEGIN libm.so.6 (issue 8): -lm links against the SDK's own libm
# (libm.so beside the kernel), and osv-run packs libm.so.6 for it.
cat >mathy.c <<'C'
#include <math.h>
#include <stdio.h>
int main(int argc, char **argv)
{
	(void)argv;
	printf("hypot=%g\n", hypot(3.0 * argc, 4.0 * argc));
	return 0;
}
C
# shellcheck disable=SC2046
$cc -shared -fPIC -o mathy.so mathy.c -lm $(pkg-config --cflags --libs osv)
check "an application links with -lm against the SDK" $?
readelf -dW mathy.so 2>/dev/null | grep -q '(NEEDED).*\[libm\.so\.6\]'
check "it needs libm.so.6" $?
"$bindir/osv-run" --timeout 60 mathy.so >out.txt 2>&1
status=$?
[ $status -eq 0 ] && tr -d '\r' <out.txt | grep -q '^hypot=5$'
check "osv-run packs libm.so.6 and the libm works (status $status)" $?
[ $fail -eq 0 ] || sed 's/^/| /' out.txt
# END libm.so.6

# BEGIN rofs (issue 6): an application that reads its data from a rofs
# root image built with osv-mkimage and booted with osv-run --image.
mkdir -p tree/bin tree/etc
printf 'greetings from the image\n' >tree/etc/greeting
cat >reader.c <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	char buf[128];
	int fd = open("/etc/greeting", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		return 1;
	buf[n] = '\0';
	printf("read: %s", buf);
	return 5;
}
C
# shellcheck disable=SC2046
$cc -shared -fPIC -o tree/bin/reader.so reader.c \
	$(pkg-config --cflags --libs osv) &&
	"$bindir/osv-mkimage" --fs=rofs tree -o root.img
check "osv-mkimage builds a rofs image of the application's tree" $?
"$bindir/osv-run" --timeout 60 --image root.img /bin/reader.so >out.txt 2>&1
status=$?
[ $status -eq 5 ] &&
	tr -d '\r' <out.txt | grep -q '^read: greetings from the image$'
check "osv-run --image runs it and it reads its data (status $status)" $?
# END rofs

# BEGIN an application's own kernel from the SDK
# A hidden SDK links hello's own kernel (osv-run --cut); a default one
# says it cannot.
export OSV_CACHE_DIR="$dir/cache"
if [ "$(pkg-config --variable=hide_symbols osv)" = yes ]; then
	"$bindir/osv-run" --cut --timeout 60 hello.so cut >out.txt 2>&1
	status=$?
	[ $status -eq 42 ] && tr -d '\r' <out.txt |
		grep -q '^hello from /hello.so, 1 argument(s): cut$' &&
		ls "$OSV_CACHE_DIR"/kernel-*.elf >/dev/null 2>&1
	check "osv-run --cut runs hello on its own kernel (status $status)" $?
	[ $fail -eq 0 ] || sed 's/^/| /' out.txt
else
	echo printf >hello.exports
	"$bindir/osv-link-kernel" -o kernel.elf hello.exports >out.txt 2>&1
	[ $? -eq 2 ] && grep -q 'built without --enable-hide-symbols' out.txt
	check "osv-link-kernel says a default SDK cannot cut a kernel" $?
fi
# END an application's own kernel from the SDK

k=$(pkg-config --variable=kernel osv)
[ -f "$k" ]
check "pkg-config --variable=kernel names the installed kernel ($k)" $?

# The kernel is installed stripped (QEMU sorts a .symtab at every boot;
# the greeting above shows it boots and loads), its symbols beside it.
! readelf -SW "$k" | grep -q ' \.symtab '
check "the installed kernel carries no .symtab" $?
readelf -sW "$k.debug" 2>/dev/null | grep -q ' kernel_main$'
check "kernel.elf.debug beside it has the kernel's symbols" $?
readelf -p .gnu_debuglink "$k" 2>/dev/null | grep -q 'kernel\.elf\.debug'
check "the kernel names kernel.elf.debug for gdb (.gnu_debuglink)" $?
exit $fail

# Sourced by the python_*.test: py_image DIR packs, as a user would,
# Debian's python3.11 and its whole standard library (with Debian's
# compiled __pycache__ files, so that nothing is compiled in the guest)
# into DIR/root.img, a rofs image, with the Debian libraries its C
# extensions need in /lib (from ./setup's cache, tests/debs.sh) and the
# guest's libm; DIR/hostlib gets the same libraries for the host's run
# (LD_LIBRARY_PATH), so that both sides run the same code.  The test's
# files go in DIR/root/py before py_image is called.
py=/usr/bin/python3.11
mkimage=$top_builddir/rofs/osv-mkimage
. "$srcdir/tests/debs.sh"

py_image() {
	if [ ! -x "$py" ] || [ ! -d /usr/lib/python3.11/lib-dynload ]; then
		echo "1..1"
		echo "not ok 1 - $py and /usr/lib/python3.11 (Debian's python3.11: ./setup installs it)"
		exit 1
	fi
	deb_unpack "$1" libssl3 libsqlite3-0 liblzma5 zlib1g libexpat1 libffi8 \
		libbz2-1.0
	mkdir -p "$1/root/usr/bin" "$1/root/usr/lib" "$1/root/lib" \
		"$1/root/etc" "$1/hostlib" &&
		cp "$py" "$1/root/usr/bin/" &&
		cp -a /usr/lib/python3.11 "$1/root/usr/lib/" &&
		cp -a /etc/python3.11 "$1/root/etc/" || exit 99
	for lib in libssl.so.3 libcrypto.so.3 libsqlite3.so.0 liblzma.so.5 \
		libz.so.1 libexpat.so.1 libffi.so.8 libbz2.so.1.0; do
		f=$(ls "$1"/deb/usr/lib/x86_64-linux-gnu/$lib \
			"$1"/deb/lib/x86_64-linux-gnu/$lib 2>/dev/null |
			head -n 1)
		[ -n "$f" ] && cp -L "$f" "$1/root/lib/$lib" &&
			cp -L "$f" "$1/hostlib/$lib" || exit 99
	done
	cp "$OSV_LIBM" "$1/root/lib/libm.so.6" || exit 99
	"$mkimage" "$1/root" -o "$1/root.img" >"$1/mkimage.out" 2>&1 || {
		sed 's/^/# /' "$1/mkimage.out"
		exit 99
	}
}

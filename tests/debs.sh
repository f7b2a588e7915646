# Debian packages that tests unpack (never install, never commit):
# sourced by the tests that need one and by ./setup, which fetches them
# all into the cache beforehand, so that a test run needs no network
# (a test that had to fetch at run time failed on a mirror's hiccup).
#
#   TEST_DEBS               the packages the tests unpack
#   deb_cache               the cache: $OSV_DEB_CACHE, else
#                           /var/cache/osv/debs
#   deb_cached PKG          prints the cache's newest readable .deb of
#                           PKG (by Debian's version order), else fails
#   deb_download DIR PKG    apt-get download PKG into DIR, tried three
#                           times (a mirror's error is often brief); the
#                           tries' output added to DIR/download.log
#   deb_fetch DIR PKG...    PKG's .deb into DIR: from the cache, else
#                           downloaded (and then cached where the cache
#                           is writable); DIR/download.log says from
#                           where
#   deb_unpack DIR PKG...   deb_fetch, then each .deb unpacked into
#                           DIR/deb; else a failed TAP plan naming the
#                           packages and where they were looked for,
#                           and exit 1 (a missing package fails a test,
#                           never skips it)
#   deb_headers PKG HDR...  whether ${CC:-cc} finds the headers HDR...,
#                           which the installed -dev package PKG gives
#                           (./setup installs it); else a failed TAP
#                           plan saying so, and exit 1

TEST_DEBS="zlib1g libsqlite3-0 libsqlite3-dev libmnl0 zfs-fuse libssl3
	liblzma5 libzstd1 libexpat1 libpcre2-8-0 libquadmath0 libgfortran5
	perl-base libcrypt1 sqlite3 libreadline8 libtinfo6 jq libjq1 libonig5
	mawk bc sed libacl1 libselinux1 grep diffutils gawk libsigsegv2
	libmpfr6 libgmp10 coreutils gzip libffi8 libbz2-1.0"
deb_cache=${OSV_DEB_CACHE:-/var/cache/osv/debs}
case $deb_cache in
/*) ;;
*) deb_cache=$(pwd)/$deb_cache ;; # the same place after a cd
esac

deb_cached() {
	_deb_best=
	_deb_best_version=
	for _deb_file in "$deb_cache/$1"_*.deb; do
		# a file cut short has no readable control part
		_deb_version=$(dpkg-deb -f "$_deb_file" Version 2>/dev/null) ||
			continue
		if [ -z "$_deb_best" ] || dpkg --compare-versions \
			"$_deb_version" gt "$_deb_best_version"; then
			_deb_best=$_deb_file
			_deb_best_version=$_deb_version
		fi
	done
	[ -n "$_deb_best" ] && echo "$_deb_best"
}

deb_download() {
	for _deb_pause in 5 20 0; do
		(cd "$1" && apt-get download "$2") >>"$1/download.log" 2>&1 &&
			return 0
		[ "$_deb_pause" -eq 0 ] || sleep "$_deb_pause"
	done
	return 1
}

deb_fetch() {
	_deb_dest=$1
	shift
	for _deb_pkg in "$@"; do
		_deb_from=$(deb_cached "$_deb_pkg") &&
			cp "$_deb_from" "$_deb_dest/" 2>/dev/null &&
			echo "$_deb_pkg: $_deb_from" >>"$_deb_dest/download.log" &&
			continue
		deb_download "$_deb_dest" "$_deb_pkg" || return 1
		# whole files only: another run may be reading the cache
		for _deb_file in "$_deb_dest/${_deb_pkg}"_*.deb; do
			mkdir -p "$deb_cache" 2>/dev/null &&
				cp "$_deb_file" "$deb_cache/.new.$$" 2>/dev/null &&
				chmod 644 "$deb_cache/.new.$$" &&
				mv "$deb_cache/.new.$$" \
					"$deb_cache/${_deb_file##*/}" 2>/dev/null
		done
	done
	return 0
}

deb_unpack() {
	_deb_dir=$1
	shift
	(deb_fetch "$_deb_dir" "$@" && cd "$_deb_dir" && for _deb_pkg; do
		dpkg-deb -x "$_deb_pkg"_*.deb deb || exit 1
	done) && return 0
	echo "1..1"
	echo "not ok 1 - Debian's $*, from $deb_cache (./setup fills it) or apt-get download"
	sed 's/^/# /' "$_deb_dir/download.log" 2>/dev/null
	exit 1
}

deb_headers() {
	_deb_pkg=$1
	shift
	for _deb_header; do
		# found, not included: some headers need a macro first
		printf '#if !__has_include(<%s>)\n#error\n#endif\n' \
			"$_deb_header" | ${CC:-cc} -E -o /dev/null - \
			2>/dev/null && continue
		echo "1..1"
		echo "not ok 1 - $_deb_header not found: install $_deb_pkg (./setup does)"
		exit 1
	done
}

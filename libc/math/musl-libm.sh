#!/bin/sh
# musl-libm.sh OUT ARCHIVE MEMBER-LIST
# Makes a libm object, OUT, from musl's math members: extracts
# exactly the members named in MEMBER-LIST from ARCHIVE (Debian's
# musl-dev libc.a) and libgcc's complex multiplication helpers (which
# musl's complex functions call), links them into one relocatable
# object and makes every symbol local that is not part of glibc's ABI:
# musl's hidden helpers (__cos, __rem_pio2, ...) and the few default
# ones glibc does not export.  The build fails, naming the symbol and
# the member, if a member needs anything the members and the kernel do
# not provide: nothing of musl's stdio, string, errno or thread code
# (whose names, such as __uflow, are glibc ABI names here) can come in.
# Environment: AR, NM, OBJCOPY, CC; MUSL_LOCALIZE, more names to make
# local (the kernel's part keeps only glibc's libc.so.6 names global).
set -e
out=$1
archive=$2
list=$3
: "${AR:?}" "${NM:?}" "${OBJCOPY:?}" "${CC:?}"
me=musl-libm

# What the members may call outside themselves: the kernel's
# __stack_chk_fail (musl is built with the stack protector) and the
# linker's GOT.
kernel_provides="__stack_chk_fail _GLOBAL_OFFSET_TABLE_"
# From libgcc: the C99 Annex G multiplication of complex numbers.
libgcc_members="_muldc3.o _mulsc3.o _mulxc3.o"
# Default-visibility names of musl's that glibc does not export
# (__signgam it does: glibc's headers name signgam so since 2.23).
localize="__lgammal_r __muldc3 __mulsc3 __mulxc3 ${MUSL_LOCALIZE-}"

if [ ! -f "$archive" ]; then
	echo "$me: $archive does not exist; install Debian's musl-dev" \
		"(apt-get install musl-dev) or configure with" \
		"MUSL_LIBC_A=/path/to/musl/libc.a" >&2
	exit 1
fi
members=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list")
libgcc=$($CC -print-libgcc-file-name)

tmp=$out.d
rm -rf "$tmp" "$out"
trap 'rm -rf "$tmp" "$out.tmp"' EXIT
mkdir -p "$tmp/musl" "$tmp/gcc"

# Each named member must be in the archive exactly once (an archive can
# hold two members of one name; ar x would take the last silently).
"$AR" t "$archive" >"$tmp/contents"
for m in $members; do
	n=$(grep -cx -- "$m" "$tmp/contents" || true)
	if [ "$n" != 1 ]; then
		echo "$me: $archive has $n members named $m (want 1)" >&2
		exit 1
	fi
done
for m in $libgcc_members; do
	"$AR" t "$libgcc" | grep -qx -- "$m" || {
		echo "$me: $libgcc has no member $m" >&2
		exit 1
	}
done
archive_abs=$(cd "$(dirname "$archive")" && pwd)/$(basename "$archive")
libgcc_abs=$(cd "$(dirname "$libgcc")" && pwd)/$(basename "$libgcc")
# shellcheck disable=SC2086
(cd "$tmp/musl" && "$AR" x "$archive_abs" $members)
# shellcheck disable=SC2086
(cd "$tmp/gcc" && "$AR" x "$libgcc_abs" $libgcc_members)

# The closure check: every undefined symbol of every member must be
# defined by another member or be one the kernel provides.
for f in "$tmp"/musl/* "$tmp"/gcc/*; do
	"$NM" --defined-only "$f" | awk '$2 != "U" { print $3 }'
done | sort -u >"$tmp/defined"
bad=0
for f in "$tmp"/musl/* "$tmp"/gcc/*; do
	for s in $("$NM" -u "$f" | awk '{ print $2 }'); do
		grep -qx -- "$s" "$tmp/defined" && continue
		case " $kernel_provides " in *" $s "*) continue ;; esac
		echo "$me: member $(basename "$f") needs $s, which neither" \
			"the math members nor the kernel provide" >&2
		bad=1
	done
done
[ $bad = 0 ] || exit 1

# shellcheck disable=SC2086
$CC -nostdlib -r -o "$out.tmp" "$tmp"/musl/* "$tmp"/gcc/*
loc=
for s in $localize; do
	loc="$loc --localize-symbol=$s"
done
# shellcheck disable=SC2086
"$OBJCOPY" --localize-hidden $loc "$out.tmp" "$out"

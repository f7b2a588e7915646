#!/bin/sh
# Builds the libFuzzer targets with clang (not part of `make check`):
#   zfs/fuzz/build.sh OUTDIR
# then, for example:
#   OUTDIR/fuzz_nvlist zfs/fuzz/corpus/nvlist -max_total_time=60
#   OUTDIR/fuzz_zap zfs/fuzz/corpus/zap -max_len=40000
#   OUTDIR/fuzz_label zfs/fuzz/corpus/label -max_len=16384
# Inputs that crash are worth keeping in the corpus once fixed.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
CC=${CC:-clang}
lib="blkptr checksum label lz4 lzjb nvlist objset sha256 spacemap zap"
srcs=
for f in $lib; do srcs="$srcs $here/../$f.c"; done
for t in nvlist zap label; do
	# shellcheck disable=SC2086
	$CC -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-I"$here/.." -o "$out/fuzz_$t" "$here/fuzz_$t.c" $srcs
done

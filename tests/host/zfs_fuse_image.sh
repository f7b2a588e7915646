#!/bin/sh
# Makes the fixture of zfs_fuse.test: a pool written by zfs-fuse (pool
# version 23, ZPL 4: znodes in bonus buffers, lzjb-compressed data), and
# the manifest of what it holds.  zfs-fuse conflicts with zfsutils-linux,
# so its package is unpacked rather than installed:
#
#   apt-get download zfs-fuse && dpkg-deb -x zfs-fuse_*.deb ROOT
#   apt-get install libfuse2 libaio1
#   tests/host/zfs_fuse_image.sh ROOT OUTDIR
#
# Needs root and /dev/fuse.  Writes OUTDIR/zfs_fuse_pool.img.xz and
# OUTDIR/zfs_fuse_pool.manifest.
set -e
root=$(cd "${1:?usage: zfs_fuse_image.sh ROOT OUTDIR}" && pwd)
out=$(cd "${2:?usage: zfs_fuse_image.sh ROOT OUTDIR}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/zfs-fuse.XXXXXX")
mkdir -p /var/run/zfs /var/lock/zfs "$work/mnt"
"$root/sbin/zfs-fuse" --no-daemon --no-kstat-mount >"$work/daemon.log" 2>&1 &
daemon=$!
trap 'kill $daemon 2>/dev/null; rm -rf "$work"' EXIT
sleep 2
img=$work/zfs_fuse_pool.img
truncate -s 64M "$img"
"$root/sbin/zpool" create -o cachefile=none -m "$work/mnt" fusepool "$img"
"$root/sbin/zfs" set compression=on fusepool
m=$work/mnt
mkdir -p "$m/dir/sub" "$m/many" "$m/empty"
seq 1 40000 >"$m/dir/numbers.txt"
awk 'BEGIN { for (i = 0; i < 4000; i++) printf "%08x", (i * 2654435761) % 4294967296 }' >"$m/dir/hex"
echo hello >"$m/dir/sub/small"
: >"$m/dir/empty-file"
ln -s small "$m/dir/sub/short-link"
ln -s "/a/long/target/$(printf '%0200d' 5)" "$m/dir/long-link"
truncate -s 5M "$m/sparse"
printf tail >>"$m/sparse"
(cd "$m/many" && seq 1 3000 | sed 's/^/name-/' | xargs touch)
chmod 640 "$m/dir/numbers.txt"
chmod 4711 "$m/dir/hex"
chown 42:43 "$m/dir/sub/small"
ln "$m/dir/sub/small" "$m/dir/hard"
# The manifest: type, mode, size, and the SHA-256 or the link target.
(cd "$m" && find . -mindepth 1 ! -path './many/*' | LC_ALL=C sort |
	while IFS= read -r f; do
		p=${f#.}
		mode=$(printf '%06o' "0x$(stat -c %f "$f")")
		size=$(stat -c %s "$f")
		if [ -L "$f" ]; then
			echo "$p $mode $size link $(readlink "$f")"
		elif [ -d "$f" ]; then
			echo "$p $mode $size dir -"
		else
			echo "$p $mode $size file $(sha256sum <"$f" | cut -d' ' -f1)"
		fi
	done) >"$out/zfs_fuse_pool.manifest"
sync
"$root/sbin/zpool" export fusepool
kill $daemon
wait $daemon 2>/dev/null || true
xz -9 -c "$img" >"$out/zfs_fuse_pool.img.xz"

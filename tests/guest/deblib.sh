# Helpers for the tests that run unmodified Debian programs in the guest
# and compare them with the same binaries on the host (debprogs.test,
# debcoreutils.test).  Sourced after lib.sh; the test sets
#   dir      its scratch directory: the host's copy of the guest's root
#            is $dir/root, packed into $dir/initrd
#   libs     the unpacked packages' library directories (LD_LIBRARY_PATH)
#   kernel   the kernel to boot

# host NAME [VAR=VALUE...] PROGRAM ARGS...: the unpacked PROGRAM on the
# host, its lines in $dir/NAME.expected, its status in NAME.status;
# nothing on stderr.  In the guest's environment: none but VAR=VALUE
# (the host's LANG, LC_*, POSIXLY_CORRECT, BC_LINE_LENGTH... would
# change what the programs print, perl warns on stderr of a LANG whose
# locale is not installed), the C locale, UTC as the guest's libc
# without TZ, no input (with host_stdin set: that file, as the guest's
# --stdin); in $dir/root, the guest's root, so that a
# relative path names the same file as in the guest (whose working
# directory is /) and is printed the same.  With host_stderr set, the
# program's standard error is part of its output, as on the guest's
# console (for the programs that report there, such as gzip -v).  Without carriage returns:
# boot_kernel drops the console's, so a program's own (sqlite3's CSV
# rows end in CR LF) cannot be told apart in the guest.
host() {
	host_name=$1
	shift
	: >"$dir/$host_name.stderr"
	(
		cd "$dir/root" || exit 99
		exec >"$dir/$host_name.out" 2>"$dir/$host_name.stderr"
		[ -z "${host_stderr-}" ] || exec 2>&1
		exec env -i LD_LIBRARY_PATH="$libs" TZ=UTC "$@" \
			<"${host_stdin:-/dev/null}"
	)
	echo $? >"$dir/$host_name.status"
	[ ! -s "$dir/$host_name.stderr" ] &&
		tr -d '\r' <"$dir/$host_name.out" >"$dir/$host_name.expected"
	report $? "$host_name runs on the host (status $(cat "$dir/$host_name.status"))" ||
		sed 's/^/# /' "$dir/$host_name.stderr" "$dir/$host_name.expected"
}

# guest NAME KERNEL-COMMAND-LINE...: one boot; its status and the
# program's lines (those between the kernel's boot and power-off lines)
# compared with the host's, each line, then all in order.
guest() {
	guest_name=$1
	shift
	boot_kernel "$kernel" --machine microvm --memory 256M \
		--initrd "$dir/initrd" -- "$@"
	expect_status "$(cat "$dir/$guest_name.status")" \
		"$guest_name runs in the guest and returns the host's status"
	expect_no_line 'undefined symbol|Can.t load' \
		"$guest_name: every symbol it and its modules need is resolved"
	sed -e '1,/^osv: booted in /d' -e '/^osv: poweroff, status /,$d' \
		"$console" >"$dir/$guest_name.got"
	while IFS= read -r line; do
		grep -qxF -- "$line" "$dir/$guest_name.got"
		report $? "$guest_name as on the host: $line"
	done <"$dir/$guest_name.expected"
	diff "$dir/$guest_name.expected" "$dir/$guest_name.got" >"$dir/diff"
	report $? "$guest_name: the guest's lines are the host's, in order" ||
		sed 's/^/# /' "$dir/diff"
}

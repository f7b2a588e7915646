# Helpers for guest tests: boot a kernel with osv-run, then check what it
# did.  Each
# check prints one TAP line; a failed check also shows the console.
# Sourced by tests/guest/*.test, which the harness runs from the build
# directory with srcdir and top_builddir set.

: "${srcdir:=.}" "${top_builddir:=.}"
OSV_RUN="$top_builddir/sdk/osv-run"
# The libm.so.6 osv-run packs for programs linked with -lm: this build's.
: "${OSV_LIBM:=$top_builddir/libc/math/libm.so.6}"
export OSV_LIBM
test_number=0
test_failed=0
console=
status=

plan() {
	echo "1..$1"
}

# require_drivers NAME...: skips the whole test when the build was
# configured without one of these drivers (--with-drivers; make check
# passes the resolved list in OSV_DRIVERS).
require_drivers() {
	for d in "$@"; do
		if ! have_driver "$d"; then
			echo "1..0 # SKIP $(without_driver "$d")"
			exit 0
		fi
	done
}

# have_driver NAME: whether the build has the driver.  Outside make
# check (no OSV_DRIVERS), every driver is assumed.
have_driver() {
	case ",${OSV_DRIVERS-$1}," in
	*",$1,"*) return 0 ;;
	esac
	return 1
}

# missing_driver NAME...: prints the first of the drivers the build lacks.
missing_driver() {
	for missing_driver_name in "$@"; do
		if ! have_driver "$missing_driver_name"; then
			echo "$missing_driver_name"
			return
		fi
	done
}

# without_driver NAME: the reason a check that needs the driver skips.
without_driver() {
	echo "built without the $1 driver (configure --with-drivers=...,$1 to test it; drivers: $OSV_DRIVERS)"
}

# with_driver NAME CHECK ARGS... WHAT: runs the check (expect_line and
# the like, whose last argument says what it checks) when the build has
# the driver, else reports that check skipped and why.  Among checks
# already left out (checks_need), the check gives their reason.
with_driver() {
	with_driver_name=$1
	shift
	if [ -n "$skip_reason" ] || have_driver "$with_driver_name"; then
		"$@"
		return
	fi
	for with_driver_what; do :; done
	skip_check "$with_driver_what" "$(without_driver "$with_driver_name")"
}

# skip_check WHAT REASON: one check that cannot run in this build.
skip_check() {
	test_number=$((test_number + 1))
	echo "ok $test_number - $1 # SKIP $2"
}

# checks_need DRIVER...: the checks that follow, up to the next
# checks_need, need these drivers; in a build without one of them they
# are reported skipped, with the reason, and their boots do not run.
# With no names, the checks that follow run.
skip_reason=
checks_need() {
	skip_reason=
	checks_need_missing=$(missing_driver "$@")
	[ -n "$checks_need_missing" ] &&
		skip_reason=$(without_driver "$checks_need_missing")
	return 0
}

# checks_need_virtio MACHINE: the checks of boots on MACHINE need its
# virtio transport: MMIO on microvm, PCI on pc and q35.
checks_need_virtio() {
	case $1 in
	microvm) checks_need virtio-mmio ;;
	*) checks_need pci virtio-pci ;;
	esac
}

# A kernel without the acpi driver cannot read microvm's DSDT, so its
# microvm boots turn ACPI off: QEMU then lists the virtio-mmio devices
# on the kernel command line (virtio_mmio.device=).
microvm_acpi_off=
have_driver acpi ||
	microvm_acpi_off="--qemu-arg -machine --qemu-arg acpi=off"

# Disks (osv-run --image and --disk) are virtio-blk-pci on pc and q35,
# virtio-blk-device (MMIO) on microvm.  disk_machines lists the machines
# whose transport the build has, pc first; disk_boot holds the osv-run
# options (disk_opts) of the first, on which a test boots what it checks
# once.  A build with virtio-blk has one (configure sees to it).
disk_machines=
have_driver pci && have_driver virtio-pci && disk_machines=pc
have_driver virtio-mmio &&
	disk_machines="${disk_machines:+$disk_machines }microvm"

# disk_opts MACHINE: osv-run's options for a boot with disks on MACHINE.
disk_opts() {
	case $1 in
	microvm) echo "--machine microvm $microvm_acpi_off" ;;
	*) echo "--machine $1" ;;
	esac
}
disk_boot=
[ -n "$disk_machines" ] && disk_boot=$(disk_opts "${disk_machines%% *}")

# require_filesystems NAME...: skip (the whole test) in a build whose
# kernel lacks one of the filesystems (configure --disable-rofs,
# --disable-procfs; OSV_FILESYSTEMS is the configured list).
require_filesystems() {
	for f in "$@"; do
		if ! have_filesystem "$f"; then
			echo "1..0 # SKIP $(without_filesystem "$f")"
			exit 0
		fi
	done
}

# have_filesystem NAME: whether the kernel has the filesystem.
have_filesystem() {
	case ",${OSV_FILESYSTEMS-$1}," in
	*",$1,"*) return 0 ;;
	esac
	return 1
}

# without_filesystem NAME: why a check that needs the filesystem skips.
without_filesystem() {
	case $1 in
	rofs) how="--disable-rofs, or no block driver in --with-drivers" ;;
	*) how="--disable-$1" ;;
	esac
	echo "built without $1 (configure $how; filesystems: $OSV_FILESYSTEMS)"
}

# configurable_srcdir TOP_BUILDDIR DIR: prints a source tree that can be
# configured in another directory: the source tree itself, or, when it
# was configured in place (./setup does that, and configure then refuses
# other build directories), the copy `make distdir` writes into DIR.
configurable_srcdir() {
	abs=$(cd "$srcdir" && pwd)
	if [ ! -f "$abs/config.status" ]; then
		echo "$abs"
		return 0
	fi
	(unset MAKEFLAGS MFLAGS MAKELEVEL
	 ${MAKE:-make} -C "$1" distdir distdir="$2/osv") >"$2/distdir.out" 2>&1 ||
		return 1
	echo "$2/osv"
}

# boot_kernel KERNEL [BOOT-OPTIONS...] [-- COMMAND-LINE...]
boot_kernel() {
	kernel=$1
	shift
	console=$(mktemp) || exit 99
	skipped_boot && return
	stderr=$(mktemp) || exit 99
	opts=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts="$opts $1"
		shift
	done
	[ "${1-}" = -- ] && shift
	# tests of what drivers report set KERNEL_VERBOSE=1
	[ -n "${KERNEL_VERBOSE-}" ] && set -- --verbose "$@"
	# shellcheck disable=SC2086
	"$SHELL" "$OSV_RUN" --kernel "$kernel" $opts --console "$console" \
		--cmdline "$*" >/dev/null 2>"$stderr"
	status=$?
	tr -d '\r' <"$console" >"$console.txt"
	mv "$console.txt" "$console"
	cat "$stderr" >>"$console"
	rm -f "$stderr"
	last_boot="$kernel$opts $*"
}

# run_app [OSV-RUN-OPTIONS...] APP [ARGS...]: the application form of
# osv-run with kernel.elf (or $OSV_TEST_KERNEL); sets status and console
# like boot_kernel.
run_app() {
	console=$(mktemp) || exit 99
	skipped_boot && return
	"$SHELL" "$OSV_RUN" \
		--kernel "${OSV_TEST_KERNEL:-$top_builddir/kernel/kernel.elf}" \
		"$@" >"$console" 2>&1
	status=$?
	tr -d '\r' <"$console" >"$console.txt" && mv "$console.txt" "$console"
	last_boot="osv-run $*"
}

# wait_for PATTERN FILE: until FILE has a line matching PATTERN (60 s).
wait_for() {
	wait_for_i=0
	while [ $wait_for_i -lt 600 ]; do
		grep -q "$1" "$2" 2>/dev/null && return 0
		sleep 0.1
		wait_for_i=$((wait_for_i + 1))
	done
	return 1
}

# A program's wait for input the host sends a second after the line the
# program prints before it slept if it lasted at least 500 ms and used
# under a tenth of that in CPU time.  A host that stalls the guest
# between that line and the wait shortens it, so the host sends again
# (at most 3 rounds) until one wait slept: a kernel that spins, or that
# returns before the input came, fails every round.

# slept WAITED CPU: the wait of WAITED ms using CPU ms of CPU time slept.
slept() {
	[ -n "$1" ] && [ -n "$2" ] && [ "$1" -ge 500 ] &&
		[ $(($2 * 10)) -lt "$1" ]
}

# read_slept AFTER FILE: console_echo's first read after the line
# matching AFTER in its output FILE slept (sets waited and cpu).
read_slept() {
	read_slept_line=$(tr -d '\r' <"$2" | awk -v after="$1" '
		$0 ~ after { seen = 1; next }
		seen && /^console_echo: read [0-9]* bytes after/ { print; exit }')
	waited=$(echo "$read_slept_line" |
		sed -n 's/.* after \([0-9]*\) ms.*/\1/p')
	cpu=$(echo "$read_slept_line" |
		sed -n 's/.* using \([0-9]*\) ms of CPU$/\1/p')
	slept "$waited" "$cpu"
}

# feed_echo_rounds INPUT LOG FIRST TEXT: the host's side of console_echo
# (tests/guest/console_echo) blocked in read: once its output LOG has a
# line matching FIRST, a second later "TEXT 1" is written to INPUT; once
# its echo came back, if that read did not sleep (read_slept), "TEXT 2"
# a second later, then "TEXT 3".
feed_echo_rounds() {
	feed_after=$3
	feed_round=1
	while wait_for "$feed_after" "$2" && sleep 1 &&
		printf '%s %d\n' "$4" $feed_round >"$1" &&
		wait_for "^echo: $4 $feed_round" "$2"; do
		{ read_slept "$feed_after" "$2" || [ $feed_round -ge 3 ]; } &&
			return 0
		feed_after="^echo: $4 $feed_round"
		feed_round=$((feed_round + 1))
	done
	return 1
}

# echo_rounds_slept FIRST TEXT: in $console, the read of one of
# feed_echo_rounds' rounds slept (sets waited and cpu, the last round's
# looked at, and rounds).
echo_rounds_slept() {
	rounds=1
	echo_rounds_after=$1
	until read_slept "$echo_rounds_after" "$console"; do
		[ $rounds -lt 3 ] &&
			grep -q "^echo: $2 $rounds\$" "$console" || return 1
		echo_rounds_after="^echo: $2 $rounds\$"
		rounds=$((rounds + 1))
	done
}

# skipped_boot: whether a boot is left out (checks_need), its checks
# then seeing an empty console and status 0.
skipped_boot() {
	[ -n "$skip_reason" ] || return 1
	status=0
	last_boot="(skipped: $skip_reason)"
}

# report STATUS WHAT: one TAP line; a failure shows the last boot's
# console, if there was a boot, and returns 1 (a test may then show
# more: report ... || show LOG).
report() {
	if [ -n "$skip_reason" ]; then
		skip_check "$2" "$skip_reason"
		return
	fi
	test_number=$((test_number + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $test_number - $2"
		return
	fi
	echo "not ok $test_number - $2"
	test_failed=1
	if [ -n "$console" ]; then
		echo "# boot: $last_boot (status $status)"
		sed 's/^/# | /' "$console"
	fi
	return 1
}

expect_status() {
	[ "$status" -eq "$1" ]
	report $? "$2 (status $1)"
}

expect_line() {
	grep -Eq -- "$1" "$console"
	report $? "$2"
}

expect_no_line() {
	! grep -Eq -- "$1" "$console"
	report $? "$2"
}

expect_count() {
	n=$(grep -Ec -- "$1" "$console")
	[ "$n" -eq "$2" ]
	report $? "$3 (seen $n times, want $2)"
}

# The RAM the kernel reports, in KiB, lies within [lo, hi].
expect_ram_kib() {
	ram=$(sed -n 's/^osv: RAM \([0-9]*\) KiB.*/\1/p' "$console")
	[ -n "$ram" ] && [ "$ram" -ge "$1" ] && [ "$ram" -le "$2" ]
	report $? "$3 (reported ${ram:-nothing} KiB, want $1..$2)"
}

finish() {
	rm -f "$console"
	# the TAP lines carry the verdicts
	exit 0
}

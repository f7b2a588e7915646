# osv_drivers.m4: --with-drivers=LIST, driver profiles and dependencies.
#
# configure.ac declares every driver once with OSV_DRIVER, the name
# groups with OSV_DRIVER_GROUP and which drivers find devices for which
# with OSV_DRIVER_FINDS, then calls OSV_DRIVERS_RESOLVE.  A user
# names drivers, groups and profiles (files in conf/drivers/, one name
# per word, `#' starts a comment; a profile lists drivers and groups),
# and leaves drivers or groups out with `-NAME' (a profile that has
# them, less them: virtio-pci,-acpi).  A bare name that is a profile
# means the profile even when a driver or group has it too (virtio-pci,
# virtio-mmio, xen; configure says so), `+NAME' the driver or group.  Resolution adds what each
# selected driver needs, unless it was left out; where a driver needs
# one of several and the list selects none, it adds those of them on
# which a driver of the list finds devices (OSV_DRIVER_FINDS), and
# fails when there are none.  The result goes to config.h
# (CONF_drivers_NAME, 0 or 1, for every known driver, and CONF_DRIVERS,
# the list as a string), to an Automake conditional DRIVER_NAME per
# driver (NAME upper-cased, `-' as `_'), and to OSV_DRIVERS (the list,
# comma separated, for osv.pc).

# OSV_DRIVER(NAME, NEEDS, DESCRIPTION)
# NEEDS: words; a plain name is pulled in, `a|b' asks that one of them
# be selected (none is pulled in: those a driver of the list finds
# devices on are added, OSV_DRIVER_FINDS; else configure fails and
# says what to add).
AC_DEFUN([OSV_DRIVER], [dnl
m4_append_uniq_w([_OSV_DRIVER_NAMES], [$1])dnl
osv_drivers_known="$osv_drivers_known $1"
osv_drivers_needs_[]m4_translit([$1], [-], [_])="$2"
])

# OSV_DRIVER_FINDS(NAME, DRIVERS): the driver NAME finds devices that
# these drivers run (as a bus's enumeration finds a transport's
# devices).  Named in --with-drivers, NAME chooses among DRIVERS where a
# driver needs one of several (`a|b') and none is selected.
AC_DEFUN([OSV_DRIVER_FINDS], [dnl
m4_append([_OSV_DRIVER_FINDS_HELP], [$1: $2], [; ])dnl
osv_drivers_finders="$osv_drivers_finders $1"
osv_drivers_finds_[]m4_translit([$1], [-], [_])="$2"
])

# OSV_DRIVER_GROUP(NAME, MEMBERS): a name that stands for several drivers.
AC_DEFUN([OSV_DRIVER_GROUP], [dnl
osv_drivers_groups="$osv_drivers_groups $1"
osv_drivers_group_[]m4_translit([$1], [-], [_])="$2"
])

# OSV_DRIVERS_RESOLVE(PROFILE): PROFILE completes a list that names
# drivers and groups but no profile (virtio,acpi gets its console and
# clock from it); a driver it adds can be left out with -NAME.
AC_DEFUN([OSV_DRIVERS_RESOLVE], [dnl
_OSV_DRIVERS_FUNCTIONS
osv_drivers_completion="$1"
AC_ARG_WITH([drivers],
  [AS_HELP_STRING([--with-drivers=LIST],
    [the drivers to build, comma separated: driver names, groups and
     profiles (the files in conf/drivers/: all, base = the serial console
     and the PIT, virtio-pci, virtio-mmio, xen); a name that is both a
     profile and a driver or group (virtio-pci, virtio-mmio, xen) means
     the profile, +NAME the driver or group alone (+virtio-pci: the
     virtio PCI transport and what it needs, with base); -NAME leaves a driver
     or group out (virtio-pci,-acpi: with the drivers that need it); a
     list that names no profile gets ]$1['s drivers too; what a driver
     needs is added; a virtio
     driver with no transport gets the transports on which the list's
     drivers find devices (]m4_defn([_OSV_DRIVER_FINDS_HELP])[), so
     virtio,acpi has both [default=all]])],
  [], [with_drivers=all])
AC_MSG_CHECKING([which drivers to build])
osv_drivers_resolve "$with_drivers" ||
  AC_MSG_ERROR([$osv_drivers_error])
AC_MSG_RESULT([$osv_drivers_selected])
osv_drivers_save_IFS=$IFS
IFS='
'
for osv_drivers_note in $osv_drivers_notes; do
	IFS=$osv_drivers_save_IFS
	AC_MSG_NOTICE([$osv_drivers_note])
done
IFS=$osv_drivers_save_IFS
AS_CASE([" $osv_drivers_selected "], [*" serial "*], [],
  [AC_MSG_WARN([no serial console: osv-run and the tests read the kernel's output and exit status from COM1])])
m4_foreach_w([osv_d], m4_defn([_OSV_DRIVER_NAMES]), [dnl
AS_CASE([" $osv_drivers_selected "],
  [*" osv_d "*], [osv_drivers_on=1], [osv_drivers_on=0])
AC_DEFINE_UNQUOTED([CONF_drivers_]m4_translit(osv_d, [-], [_]),
  [$osv_drivers_on], [1 when the ]osv_d[ driver is built, else 0])
AM_CONDITIONAL([DRIVER_]m4_toupper(m4_translit(osv_d, [-], [_])),
  [test $osv_drivers_on = 1])
])dnl
OSV_DRIVERS=`echo $osv_drivers_selected | sed 's/ /,/g'`
AC_DEFINE_UNQUOTED([CONF_DRIVERS], ["$OSV_DRIVERS"],
  [The drivers built in, comma separated])
AC_SUBST([OSV_DRIVERS])
])

# The resolver, in shell: osv_drivers_resolve LIST sets
# osv_drivers_selected (in declaration order) or osv_drivers_error.
AC_DEFUN([_OSV_DRIVERS_FUNCTIONS], [
osv_drivers_var() {
	echo "$[1]" | sed 's/-/_/g'
}

osv_drivers_has() { # osv_drivers_has WORD "LIST"
	case " $[2] " in *" $[1] "*) return 0 ;; esac
	return 1
}

osv_drivers_profiles() {
	for f in "$srcdir"/conf/drivers/*; do
		test -f "$f" && printf ' %s' "${f##*/}"
	done
}

osv_drivers_unknown() { # osv_drivers_unknown NAME WHERE
	osv_drivers_error="unknown driver name '$[1]'$[2]; valid names are
  profiles:$(osv_drivers_profiles)
  groups:  $osv_drivers_groups
  drivers: $osv_drivers_known"
	return 1
}

# Adds a driver or a group's drivers to osv_drivers_wanted.
osv_drivers_add() { # osv_drivers_add NAME WHERE
	if osv_drivers_has "$[1]" "$osv_drivers_groups"; then
		eval "osv_drivers_wanted=\"\$osv_drivers_wanted \$osv_drivers_group_$(osv_drivers_var "$[1]")\""
	elif osv_drivers_has "$[1]" "$osv_drivers_known"; then
		osv_drivers_wanted="$osv_drivers_wanted $[1]"
	else
		osv_drivers_unknown "$[1]" "$[2]"
	fi
}

# Adds a driver or a group's drivers to osv_drivers_left_out.
osv_drivers_leave_out() { # osv_drivers_leave_out NAME
	if osv_drivers_has "$[1]" "$osv_drivers_groups"; then
		eval "osv_drivers_left_out=\"\$osv_drivers_left_out \$osv_drivers_group_$(osv_drivers_var "$[1]")\""
	elif osv_drivers_has "$[1]" "$osv_drivers_known"; then
		osv_drivers_left_out="$osv_drivers_left_out $[1]"
	else
		osv_drivers_unknown "$[1]" " (in -$[1]: only drivers and groups can be left out)"
	fi
}

# A profile's drivers and groups, on one line.
osv_drivers_profile_words() { # osv_drivers_profile_words PROFILE
	profile=$srcdir/conf/drivers/$[1]
	sed 's/#.*//' "$profile" | tr '\n' ' ' |
		sed 's/  */ /g; s/^ //; s/ $//'
}

# Adds a profile's drivers and groups to osv_drivers_wanted.
osv_drivers_add_profile() { # osv_drivers_add_profile PROFILE
	profile=$srcdir/conf/drivers/$[1]
	for p in $(sed 's/#.*//' "$profile"); do
		osv_drivers_add "$p" " (in profile $profile)" || return 1
	done
}

# A driver that a profile or group brought in and that needs a driver
# left out goes too (virtio-pci,-acpi has no HPET), with a note; one
# the list names is an error (osv_drivers_pull_in says why).
osv_drivers_drop_blocked() {
	dropped=
	kept=
	for d in $osv_drivers_wanted; do
		blocker=$(osv_drivers_blocker "$d")
		if test -z "$blocker" || osv_drivers_has "$d" "$osv_drivers_explicit"; then
			kept="$kept $d"
		elif ! osv_drivers_has "$d" "$dropped"; then
			dropped="$dropped $d"
			osv_drivers_notes="$osv_drivers_notes
$d: left out too, as it needs $blocker (-$blocker)"
		fi
	done
	osv_drivers_wanted=$kept
	osv_drivers_named=$kept
}

# Pulls in what the wanted drivers need, until nothing changes.
osv_drivers_pull_in() {
	changed=yes
	while test $changed = yes; do
		changed=no
		for d in $osv_drivers_wanted; do
			eval "needs=\$osv_drivers_needs_$(osv_drivers_var "$d")"
			for n in $needs; do
				case $n in *'|'*) continue ;; esac
				osv_drivers_has "$n" "$osv_drivers_wanted" && continue
				if osv_drivers_has "$n" "$osv_drivers_left_out"; then
					osv_drivers_error="the $d driver needs $n, which -$n leaves out"
					return 1
				fi
				osv_drivers_wanted="$osv_drivers_wanted $n"
				changed=yes
			done
		done
	done
}

# Prints the left-out driver that keeps NAME out (NAME itself, or what
# it needs, however indirectly); nothing when NAME can be added.
osv_drivers_blocker() { # osv_drivers_blocker NAME
	closure=$[1]
	grew=yes
	while test $grew = yes; do
		grew=no
		for c in $closure; do
			eval "cneeds=\$osv_drivers_needs_$(osv_drivers_var "$c")"
			for cn in $cneeds; do
				case $cn in *'|'*) continue ;; esac
				osv_drivers_has "$cn" "$closure" && continue
				closure="$closure $cn"
				grew=yes
			done
		done
	done
	for c in $closure; do
		osv_drivers_has "$c" "$osv_drivers_left_out" && echo "$c" && return
	done
}

# What the named drivers find, of the alternatives ALTS (`a|b'): sets
# finds_how ("FINDER finds devices on A B, ...") and finds_got (the
# drivers that can be added).
osv_drivers_found_on() { # osv_drivers_found_on ALTS
	finds_how=
	finds_got=
	for f in $osv_drivers_finders; do
		osv_drivers_has "$f" "$osv_drivers_named" || continue
		eval "finds=\$osv_drivers_finds_$(osv_drivers_var "$f")"
		on=
		out=
		for alt in $(echo "$[1]" | sed 's/|/ /g'); do
			osv_drivers_has "$alt" "$finds" || continue
			blocker=$(osv_drivers_blocker "$alt")
			if test -n "$blocker"; then
				out="$out ($alt: left out by -$blocker)"
			else
				on="$on $alt"
				osv_drivers_has "$alt" "$finds_got" ||
					finds_got="$finds_got $alt"
			fi
		done
		test -n "$on$out" &&
			finds_how="${finds_how:+$finds_how, }$f finds devices on${on:- nothing}$out"
	done
}

# Where a driver needs one of several and none is selected, adds those
# on which a named driver finds devices, and notes why; 1 when it added
# nothing.
osv_drivers_choose() {
	for d in $osv_drivers_wanted; do
		eval "needs=\$osv_drivers_needs_$(osv_drivers_var "$d")"
		for n in $needs; do
			case $n in *'|'*) ;; *) continue ;; esac
			osv_drivers_one_of "$n" && continue
			osv_drivers_found_on "$n"
			test -n "$finds_got" || continue
			osv_drivers_wanted="$osv_drivers_wanted$finds_got"
			osv_drivers_notes="$osv_drivers_notes
$(osv_drivers_needing "$n"): none of $(echo "$n" | sed 's/|/, /g') named; $finds_how"
			return 0
		done
	done
	return 1
}

# Whether one of the alternatives ALTS (`a|b') is wanted.
osv_drivers_one_of() { # osv_drivers_one_of ALTS
	for alt in $(echo "$[1]" | sed 's/|/ /g'); do
		osv_drivers_has "$alt" "$osv_drivers_wanted" && return 0
	done
	return 1
}

# Prints the wanted drivers that need one of ALTS.
osv_drivers_needing() { # osv_drivers_needing ALTS
	who=
	for w in $osv_drivers_wanted; do
		eval "wneeds=\$osv_drivers_needs_$(osv_drivers_var "$w")"
		osv_drivers_has "$[1]" "$wneeds" && who="$who $w"
	done
	echo "${who# }"
}

# Fails, saying what to add, when a driver's one-of need is unmet.
osv_drivers_check_one_of() {
	for d in $osv_drivers_wanted; do
		eval "needs=\$osv_drivers_needs_$(osv_drivers_var "$d")"
		for n in $needs; do
			case $n in *'|'*) ;; *) continue ;; esac
			osv_drivers_one_of "$n" && continue
			osv_drivers_error="the $d driver needs one of: $(echo "$n" | sed 's/|/, /g'); none is selected: $(osv_drivers_what_to_add "$n")"
			return 1
		done
	done
}

# Prints what --with-drivers could add to meet a need of one of ALTS:
# one of them, or a driver that finds devices on one.
osv_drivers_what_to_add() { # osv_drivers_what_to_add ALTS
	addable=
	for alt in $(echo "$[1]" | sed 's/|/ /g'); do
		test -z "$(osv_drivers_blocker "$alt")" && addable="$addable $alt"
	done
	if test -z "$addable"; then
		echo "--with-drivers leaves all of them out"
		return
	fi
	hints=
	for f in $osv_drivers_finders; do
		osv_drivers_has "$f" "$osv_drivers_left_out" && continue
		eval "finds=\$osv_drivers_finds_$(osv_drivers_var "$f")"
		on=
		for alt in $addable; do
			osv_drivers_has "$alt" "$finds" && on="$on $alt"
		done
		test -n "$on" && hints="${hints:+$hints; }$f:$on"
	done
	echo "add one to --with-drivers${hints:+, or a driver that finds devices on one ($hints)}"
}

osv_drivers_resolve() { # osv_drivers_resolve LIST
	osv_drivers_wanted=
	osv_drivers_left_out=
	osv_drivers_explicit=
	osv_drivers_error=
	osv_drivers_notes=
	profile_named=no
	words=$(echo "$[1]" | sed 's/,/ /g')
	if test -z "$words" || test "x$[1]" = xno; then
		osv_drivers_error="--with-drivers names no driver (base is the serial console and the PIT)"
		return 1
	fi
	for w in $words; do
		case $w in
		*/* | .*) osv_drivers_unknown "$w" "" || return 1 ;;
		-*)
			osv_drivers_leave_out "${w#-}" || return 1
			continue
			;;
		+*)
			w=${w#+}
			osv_drivers_add "$w" " (+NAME names a driver or group, not a profile)" || return 1
			osv_drivers_has "$w" "$osv_drivers_known" &&
				osv_drivers_explicit="$osv_drivers_explicit $w"
			continue
			;;
		esac
		if test -f "$srcdir/conf/drivers/$w"; then
			osv_drivers_add_profile "$w" || return 1
			profile_named=yes
			osv_drivers_has "$w" "$osv_drivers_known $osv_drivers_groups" &&
				osv_drivers_notes="$osv_drivers_notes
--with-drivers: $w is the profile conf/drivers/$w ($(osv_drivers_profile_words "$w")); +$w names the driver or group alone"
		else
			osv_drivers_add "$w" "" || return 1
			osv_drivers_has "$w" "$osv_drivers_known" &&
				osv_drivers_explicit="$osv_drivers_explicit $w"
		fi
	done
	if test $profile_named = no && test -n "$osv_drivers_completion"; then
		osv_drivers_add_profile "$osv_drivers_completion" || return 1
		osv_drivers_notes="$osv_drivers_notes
--with-drivers names no profile: the $osv_drivers_completion profile's drivers added ($(osv_drivers_profile_words "$osv_drivers_completion")); -NAME leaves one out"
	fi
	kept=
	for d in $osv_drivers_wanted; do
		osv_drivers_has "$d" "$osv_drivers_left_out" ||
			kept="$kept $d"
	done
	osv_drivers_wanted=$kept
	if test -z "$kept"; then
		osv_drivers_error="--with-drivers=$[1] leaves no driver"
		return 1
	fi
	osv_drivers_drop_blocked || return 1
	osv_drivers_pull_in || return 1
	while osv_drivers_choose; do
		osv_drivers_pull_in || return 1
	done
	osv_drivers_check_one_of || return 1
	osv_drivers_selected=
	for d in $osv_drivers_known; do
		osv_drivers_has "$d" "$osv_drivers_wanted" &&
			osv_drivers_selected="$osv_drivers_selected $d"
	done
	osv_drivers_selected=${osv_drivers_selected# }
	return 0
}
])

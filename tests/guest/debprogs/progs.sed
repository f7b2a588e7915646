# Run by tests/guest/debprogs.test with Debian's sed, in the guest and
# on the host: sed -E -f progs.sed text.txt.
1i\
== start
s/\b([[:alpha:]])([[:alpha:]]*)/\u\1\L\2/g
/[0-9]{4}/{
	s/([0-9]{4})/<\1>/g
	s/([0-9]+) Days/\1 D/
}
/(.)\1/s/(.)\1/[\1\1]/
y/\t/|/
/^F/{
	N
	s/\n/ + /
}
$a\
== end

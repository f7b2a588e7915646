# Run by tests/guest/debprogs.test with Debian's gawk (linked at a fixed
# address: ET_EXEC), in the guest and on the host:
# gawk -v dir=DIR -f progs.gawk DATA TEXT, DIR a writable directory.
# gawk's own extensions: BEGINFILE/ENDFILE, gensub, asort/asorti,
# PROCINFO["sorted_in"], strftime/mktime/systime, patsplit, FPAT,
# arbitrary-precision integers (-M is not used: the default doubles),
# bit functions, typeof, switch, length of arrays, printf %'d and %i.
@include "gawklib.awk"
BEGIN { FS = ":"; srand(7) }
BEGINFILE {
	if (ARGIND == 2)
		FS = " "
	printf "BEGINFILE %s (FNR %d)\n", gensub(/.*\//, "", 1, FILENAME), FNR }
ENDFILE { printf "ENDFILE %s: %d records\n", gensub(/.*\//, "", 1, FILENAME), FNR }
NR == FNR { total[$1] += $3; lists[NR] = $2; next }
{
	words += NF
	line = gensub(/([a-z]+) ([a-z]+)/, "\\2 \\1", "g", $0)
	print "swapped:", line
	n = patsplit($0, nums, /[0-9]+/, seps)
	if (n) printf "numbers: %d (%s) sep1 [%s]\n", n, nums[1], seps[1]
}
END {
	print "words", words, "NR", NR
	PROCINFO["sorted_in"] = "@ind_str_asc"
	for (k in total) printf "%s=%d\n", k, total[k]
	PROCINFO["sorted_in"] = "@val_num_desc"
	for (k in total) printf "by value: %s\n", k
	delete PROCINFO["sorted_in"]
	m = asort(lists, sorted)
	for (i = 1; i <= m; i++) printf "asort %d %s\n", i, sorted[i]
	m = asorti(total, idx, "@ind_str_desc")
	for (i = 1; i <= m; i++) printf "asorti %d %s\n", i, idx[i]
	n = split("b,a;c,,d", parts, /[,;]/, seps)
	printf "split %d [%s] [%s] [%s]\n", n, parts[2], parts[4], seps[2]
	print strftime("%Y-%m-%d %H:%M:%S %a %b %j %U %Z", 1700000000, 1)
	print strftime("%c|%x|%X|%s|%e|%V|%G", 86400 * 365 + 3600)
	print mktime("2024 02 29 12 30 45"), mktime("1970 01 01 00 00 00")
	print (systime() > 1600000000) ? "systime ok" : "systime wrong"
	print and(0xF0, 0x3C), or(1, 6), xor(5, 3), lshift(1, 40), rshift(1024, 3), (compl(0) > 0)
	print typeof(1), typeof("a"), typeof(x_unset), typeof(total), typeof(@/re/)
	print length(total), toupper(substr("gawk rocks", 6)), sprintf("%'d|%i|%5.1e", 1234567, 42.9, 0.000123)
	print 2^53 + 1, 2^63, int(-7 / 2), -7 % 3, 1e300 * 1e300, -log(0)
	for (i = 1; i <= 4; i++) {
		switch (i) {
		case 1: print "one"; break
		case /[23]/: print "two or three:", i; break
		default: print "other", i
		}
	}
	printf "%c%c|%-5s|%05.1f|%x|%o|%e|%G\n", 0x263A, 65, "ab", 3.14159, 255, 8, 1234.5, 0.00001
	print index("hello", "l"), match("foo=123,bar=45", /([a-z]+)=([0-9]+)/, mm), mm[1], mm[2], mm[2, "start"]
	s = "aaa"; print gsub(/a/, "&&", s), s, sub(/^/, "[", s), s
	print substr("hello", 0), substr("hello", -1, 3), substr("hello", 4, 100)
	out = dir "/gawk_out.txt"
	for (i = 1; i <= 4; i++) printf "%d squared is %d\n", i, i * i > out
	close(out)
	while ((getline line < out) > 0) { got++; last = line }
	close(out)
	print "read back", got, last
	RS = ""; while ((getline para < out) > 0) print "paragraph of", split(para, x, "\n"), "lines"
	close(out)
	print "ENVIRON", ENVIRON["GREETING"]
	printf "rand %.6f %.6f\n", rand(), rand()
	print "included:", twice(21), LIBNAME
}

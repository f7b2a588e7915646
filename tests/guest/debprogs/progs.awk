# Run by tests/guest/debprogs.test with Debian's mawk, in the guest and
# on the host: mawk -v dir=DIR -v para_file=PARAS -f progs.awk DATA,
# DATA the name:list:number lines, DIR a writable directory (absolute).
BEGIN { FS=":" }
{ n[$1]++; s += $3; split($2, parts, ","); for (i in parts) cnt[parts[i]]++ }
END {
	printf "%d lines, sum %d, avg %.3f\n", NR, s, s/NR
	for (k in n) keys[++m]=k
	# simple sort
	for (i=1;i<=m;i++) for (j=i+1;j<=m;j++) if (keys[j]<keys[i]) {t=keys[i];keys[i]=keys[j];keys[j]=t}
	for (i=1;i<=m;i++) printf "%-6s %3d\n", keys[i], n[keys[i]]
	while ((getline line < FILENAME) > 0) c++
	print "getline read", c
	printf "%e %g %x %o %c|%5.2f|\n", 12345.678, 0.0001234, 255, 8, 65, 3.14159
	print toupper("abc"), substr("hello", 2, 3), index("hello","ll"), length("hello")
	s2 = "foo bar baz"; gsub(/a/, "A", s2); print s2
	print sin(1), cos(1), exp(1), log(10), sqrt(2), int(-3.7), 2^10
	print match("xxabcxx", /abc/), RSTART, RLENGTH
	srand(1); print rand() < 1
	out = dir "/awk_out.txt"
	for (i = 1; i <= 5; i++) printf "row %d %s %.2f\n", i, substr("abcdefgh", i, 3), i / 3 > out
	close(out)
	while ((getline line < out) > 0) { nr++; last = line }
	close(out)
	print "reread", nr, last
	print "append" >> out; close(out)
	nr = 0; while ((getline line < out) > 0) nr++; print "after append", nr
	split("0x1A inf +nan 1e500 -0 1e-400 .5e1 12abc", v, " ")
	for (i = 1; i <= 8; i++) printf "%s -> %.6g\n", v[i], v[i] + 0
	printf "%c%c%c|%5.3s|%-4d|%+.3e|%#x|%05d\n", 72, "ello", 256 + 65, "abcdef", 7, 12345.678, 255, -42
	printf "%.17g %.0f %d %d\n", 0.1, 2.5, 2^31, -2^53
	print length(ENVIRON["GREETING"]) ? ENVIRON["GREETING"] : "no env"
	print index("foobar", "bar"), toupper(sprintf("%x", 48879)), 1e6, 1e16, 123456789012, 0.000001
	srand(7); a = rand(); srand(7); b = rand(); print "rand repeats", (a == b)
	s = "a1b22c333"; while (match(s, /[0-9]+/)) { printf "[%s]", substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH) } print ""
	print 1 == 1.0, "10" < "9", 10 < 9, "abc" ~ /^a.c$/
	CONVFMT = "%.2g"; x = 3.14159; y = x ""; print y
	OFMT = "%.3f"; print 3.14159, 2
	print substr("hello", 0), substr("hello", -1, 3), substr("hello", 4, 100)
	print int("3.9abc"), int(-0.5), 7 % -3, -7 % 3, 2 ^ 0.5
	RS = ""
	while ((getline para < para_file) > 0) { np++; nf = split(para, w, /[ \n]+/); printf "para %d: %d words\n", np, nf }
	print atan2(0, -1), exp(700), log(-1)
}

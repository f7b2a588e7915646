# Run by tests/guest/debprogs.test with Debian's perl, in the guest and
# on the host: perl DATA DIR reads DATA (name:list:number lines) and
# writes, renames and lists files in DIR (absolute).  POSIX, IO and
# List::Util load their XS objects from perl-base.
use strict;
use warnings;
use POSIX qw(strftime floor ceil fmod setlocale LC_ALL mktime DBL_MAX INT_MAX strtod strtol);
use List::Util qw(sum max min first reduce shuffle);
use Scalar::Util qw(looks_like_number blessed reftype);
use Fcntl qw(:DEFAULT :seek);
use File::Spec;
use Cwd qw(getcwd);
use IO::File;
use Hash::Util qw(lock_keys);
use Getopt::Long;
use Text::ParseWords;
my ($file, $dir) = @ARGV;
{
open(my $fh, '<', $file) or die "cannot open $file: $!";
my (%count, @nums);
while (my $line = <$fh>) {
    chomp $line;
    my ($k, $list, $n) = split /:/, $line;
    $count{$k}++;
    push @nums, $n;
    for my $w (split /,/, $list) { $count{"w_$w"} += $n }
}
close $fh;
for my $k (sort keys %count) { printf "%-5s %3d\n", $k, $count{$k} }
my @sorted = sort { $b <=> $a } @nums;
print "desc: @sorted\n";
printf "%.10f %e %g %.3g %08.3f %x %o %b\n", 4*atan2(1,1), 1234.5678, 1e-5, 2/3, -3.14159, 255, 8, 10;
printf "%s\n", join ",", map { sprintf "%.2f", sqrt($_) } 1..5;
my $s = "The quick brown fox jumps over the lazy dog";
my @w = ($s =~ /\b(\w{5})\b/g);
print "five: @w\n";
(my $t = $s) =~ s/(\w+)/\u$1/g;
print "$t\n";
print "match\n" if $s =~ /^The\s+(\w+)/ && $1 eq 'quick';
my @g = gmtime(1700000000);
printf "gmtime %04d-%02d-%02d %02d:%02d:%02d wday %d yday %d\n", $g[5]+1900, $g[4]+1, $g[3], $g[2], $g[1], $g[0], $g[6], $g[7];
print scalar(localtime(1700000000)), "\n";
my $p = pack("NnCa4", 0xdeadbeef, 513, 65, "xyz");
print unpack("H*", $p), "\n";
my @u = unpack("NnCa4", $p);
print join("|", @u), "\n";
print join(",", unpack("w*", pack("w*", 1, 300, 70000))), "\n";
my %h = map { $_ => length $_ } qw(alpha beta gamma delta);
print join(" ", map { "$_=$h{$_}" } sort { $h{$a} <=> $h{$b} or $a cmp $b } keys %h), "\n";
print 2**53 + 1, " ", 10/3, " ", int(7.9), " ", -7 % 3, " ", 1e21, " ", 0.1+0.2, "\n";
print ucfirst(lc("HELLO")), " ", reverse("abc") . "", " ", scalar reverse("abc"), "\n";
my $str = sprintf("%vd", "1.22.333");
print "$str\n";
print "sprintf list: ", sprintf('%2$s %1$s', 'a', 'b'), "\n";
}
print "strftime: ", strftime("%Y-%m-%d %H:%M:%S %a %b %j %U %W %Z %z %s", gmtime(1700000000)), "\n";
print "strftime local: ", strftime("%c|%x|%X|%Z|%z", localtime(1700000000)), "\n";
print "mktime: ", mktime(0, 0, 0, 1, 0, 100), "\n";
print "floor/ceil/fmod: ", floor(-2.5), " ", ceil(-2.5), " ", fmod(10, 3), "\n";
print "DBL_MAX: ", DBL_MAX, " INT_MAX: ", INT_MAX, "\n";
my ($num, $unparsed) = strtod("3.25abc"); print "strtod: $num $unparsed\n";
my @l = strtol("0x1f", 16); print "strtol: @l\n";
print "sum/max/min: ", sum(1..100), " ", max(3, 9, 2), " ", min(3, 9, 2), "\n";
print "reduce: ", reduce { $a * $b } 1..10; print "\n";
print "first: ", first { $_ > 3 } (1, 5, 2, 7); print "\n";
print "looks_like_number: ", join(",", map { looks_like_number($_) ? 1 : 0 } ("1e5", "abc", "0x10", " 12 ", "Inf", "nan")), "\n";
print "numify: ", "inf" + 0, " ", "nan" + 0, " ", 9**9**9, " ", -9**9**9, "\n";
chdir $dir or die; print "getcwd: ", (getcwd() eq $dir ? "same" : getcwd()), "\n";
my $f = File::Spec->catfile($dir, "perl_out.txt");
sysopen(my $fh, $f, O_WRONLY | O_CREAT | O_TRUNC, 0644) or die "sysopen $f: $!";
print $fh "line $_\n" for 1..100;
close $fh;
my @st = stat($f);
print "size: $st[7] mode: ", sprintf("%o", $st[2] & 07777), " nlink: $st[3]\n";
print "-e -s -f -d: ", (-e $f ? 1 : 0), (-s $f), (-f $f ? 1 : 0), (-d $dir ? 1 : 0), "\n";
open($fh, '+<', $f) or die;
seek($fh, 70, SEEK_SET); my $buf; read($fh, $buf, 12); print "read at 70: [$buf] tell ", tell($fh), "\n";
seek($fh, -8, SEEK_END); read($fh, $buf, 100); print "tail: [", join("|", split /\n/, $buf), "]\n";
close $fh;
open($fh, '>>', $f) or die; print $fh "appended\n"; close $fh;
open($fh, '<', $f) or die; my @lines = <$fh>; close $fh;
print "lines: ", scalar(@lines), " last: $lines[-1]";
rename $f, "$f.2" or die "rename: $!";
print "renamed: ", (-e "$f.2" ? 1 : 0), (-e $f ? 1 : 0), "\n";
mkdir "$dir/sub" or die "mkdir: $!";
for my $n (qw(c a b)) { open(my $o, '>', "$dir/sub/$n") or die; print $o $n x 3; close $o }
opendir(my $dh, "$dir/sub") or die; my @ents = sort grep { !/^\./ } readdir($dh); closedir $dh;
print "readdir: @ents\n";
print "glob: ", join(" ", map { s{.*/}{}r } sort glob("$dir/sub/*")), "\n";
unlink map { "$dir/sub/$_" } @ents; rmdir "$dir/sub" or die "rmdir: $!";
print "rmdir: ", (-d "$dir/sub" ? 1 : 0), "\n";
open($fh, '<', "/nonexistent") or print "error: $!\n";
printf "errno: %d\n", $! + 0;
my $io = IO::File->new("$f.2", "r") or die; my $first = <$io>; print "IO::File: $first"; $io->close;
local @ARGV = ('--name=osv', '--n', '5', 'rest');
GetOptions('name=s' => \my $name, 'n=i' => \my $n);
print "GetOptions: $name $n @ARGV\n";
print "shellwords: ", join("|", shellwords(q{a "b c" d\ e 'f g'})), "\n";
my $u = "caf\x{e9} \x{263a} na\x{ef}ve";
{ use utf8; binmode STDOUT, ':utf8'; print "utf8: ", uc($u), " len ", length($u), "\n"; binmode STDOUT, ':raw'; }
print "sprintf: ", join(" ", map { sprintf("%.15g", $_) } (0.1, 1/3, 1e300*10, 2**0.5, 1e-310)), "\n";
print "sprintf2: ", sprintf("%#o %#x %+d % d %-5d| %5s|%-5s| %.2e %G %.0f %.0f %.0f", 8, 255, 5, 5, 42, "ab", "cd", 123456, 1e-10, 0.5, 1.5, 2.5), "\n";
print "pack d/f/q: ", unpack("H*", pack("d< f< q< Q> s> l<", 1.5, -2.25, -1, 2**40, -2, 7)), "\n";
print "unpack: ", join(",", unpack("d< f< q< Q> s> l<", pack("d< f< q< Q> s> l<", 1.5, -2.25, -1, 2**40, -2, 7))), "\n";
print "pack Z A u: ", join("|", unpack("Z* A5 u", pack("Z* A5 u", "hi", "xy", "uuencode me"))), "\n";
my $str = "aaa"; $str++; my $z = "Az"; $z++; my $zz = "zz"; $zz++;
print "incr: $str $z $zz\n";
print "lc/uc: ", lc("ÀB"), " ", ucfirst("élan"), "\n";
print "sort numeric: ", join(" ", sort { $a <=> $b } (10, 9, 100, 1.5, -3, 0)), "\n";
print "sort str: ", join(" ", sort (qw(banana Apple cherry apple 10 9))), "\n";
print "sprintf %s of refs ok: ", (sprintf("%s", []) =~ /^ARRAY\(0x[0-9a-f]+\)$/ ? 1 : 0), "\n";
my %big; $big{$_} = $_ * 2 for 1..50000; my $tot = 0; $tot += $_ for values %big; print "big hash: ", scalar(keys %big), " $tot\n";
my @arr = map { ($_ * 7919) % 10007 } 1..20000; my @s = sort { $a <=> $b } @arr; print "big sort: $s[0] $s[100] $s[-1]\n";
my $text = join(" ", map { "word$_" } 1..1000); my $cnt = () = $text =~ /word\d*7\b/g; print "regex count: $cnt\n";
print "tr: ", ($text =~ tr/0-9//), "\n";
print "sprintf vector: ", sprintf("%vd", "1.2.3"), " ", sprintf("version %vd", v5.36.0), "\n";
print "time sane: ", (time > 1600000000 ? 1 : 0), "\n";
print "localtime list: ", join(",", localtime(0)), "\n";
print "crypt: ", crypt("password", "ab"), "\n";
print "crypt sha512: ", crypt("password", '$6$saltsalt$'), "\n";
eval { die { code => 42 } }; print "die ref: $@->{code}\n";
eval { my $x = 1 / 0; }; print "div0: ", ($@ =~ /^Illegal division by zero/ ? 1 : 0), "\n";
local $SIG{__WARN__} = sub { print "warned: ", $_[0] =~ s/ at .*//sr, "\n" };
warn "hello\n";
my $undef; { no warnings; my $x = "a" . (defined $undef ? 1 : 0); }
print "sprintf %n-free: ", sprintf("%3\$s-%1\$s-%2\$s", "a", "b", "c"), "\n";
print "chained string ops: ", join("", reverse(split //, "stressed")), "\n";
print "oct/hex: ", oct("0755"), " ", oct("0x1F"), " ", oct("0b101"), " ", hex("ff"), "\n";
print "int conv: ", int(1e20), " ", 2**63, " ", 18446744073709551615, " ", -2**63, " ", 9007199254740993, "\n";
print "exp/log: ", exp(1), " ", log(2), " ", sqrt(3), " ", atan2(1, 2), " ", sin(10), " ", cos(10), "\n";
print "srand rand: ", do { srand(42); int(rand(1000)) }, "\n";
$ENV{TZ} = "EST5EDT,M3.2.0,M11.1.0";
POSIX::tzset();
print "rule: ", scalar(localtime(1700000000)), " | ", strftime("%Z %z", localtime(1700000000)), "\n";
print "rule summer: ", scalar(localtime(1690000000)), " | ", strftime("%Z %z", localtime(1690000000)), "\n";
print "rule mktime: ", mktime(0, 30, 2, 12, 2, 123), " ", mktime(0, 0, 12, 4, 6, 123), "\n";
print "done\n";

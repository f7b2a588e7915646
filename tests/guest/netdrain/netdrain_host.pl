#!/usr/bin/perl
# The host's side of tests/guest/netdrain.test (perl-base's sockets).
# Each binds port 0 of 127.0.0.1 (the guest's 10.0.2.2 under slirp),
# writes its port into PORTFILE, and its verdict ("ok", or what went
# wrong) into OUT:
#   tcp PORTFILE N OUT   accepts one connection and reads it to the
#                        end of the stream: N bytes of the pattern, then
#                        an orderly end (not a reset)
#   udp PORTFILE N OUT   wants the datagrams "0".."N-1" (the last is
#                        enough: slirp loses none it took)
# The test sends SIGTERM once the guest is off: a helper still waiting
# for a connection or a datagram then says what it got.
#   idle PORTFILE OUT    accepts one connection, sends "hi\n", reads to
#                        the guest's FIN, then writes every 50 ms until a
#                        write fails (QEMU has ended: slirp's side is
#                        gone), and wants that within 1.5 s of "hi": the
#                        power-off waits for no idle connection (its
#                        bound is 2 s)
#   backlog PORTFILE QMP OUT
#                        waits for the guest's UDP "ready" (its port into
#                        PORTFILE), connects to the host port QEMU
#                        forwards to the guest's 7000 (asked on QMP),
#                        where the guest listens and never accepts, and
#                        writes until nothing more goes (data is left in
#                        slirp's socket: its close is then a reset), sends
#                        the guest "go", and wants the connection reset
#                        within 10 s while QEMU runs on (the test boots
#                        without isa-debug-exit and with -no-shutdown:
#                        QEMU does not end at the power-off), then ends
#                        QEMU on QMP once the guest is off
use strict;
use warnings;
use Errno qw(EAGAIN ECONNRESET);
use IO::Socket::INET;
use Time::HiRes qw(time);
require(($0 =~ s{[^/]*$}{}r) . '../qmp.pl'); # qmp, forwarded_port

sub verdict {
	my ($out, $text) = @_;
	open my $f, '>', "$out.tmp" or die "$out: $!";
	print $f "$text\n";
	close $f;
	rename "$out.tmp", $out or die "rename: $!";
}

sub write_port {
	my ($file, $port) = @_;
	verdict($file, $port);
}

sub listener {
	my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
				      Listen => 1) or die "listen: $!";
	return $l;
}

# read_to_end SOCKET: (the bytes, undef or the error that ended them)
sub read_to_end {
	my ($s) = @_;
	my ($data, $buf) = ('', '');
	for (;;) {
		my $r = sysread($s, $buf, 65536);
		return ($data, "$!") unless defined $r;
		return ($data, undef) if $r == 0;
		$data .= $buf;
	}
}

# fill SOCKET: writes until the socket takes nothing for a second
sub fill {
	my ($s) = @_;
	$s->blocking(0);
	my $chunk = 'x' x 65536;
	for (my $sent = 0; $sent < 64 << 20;) {
		my $w = syswrite($s, $chunk);
		if (defined $w) {
			$sent += $w;
			next;
		}
		return "write: $!" unless $! == EAGAIN;
		my $win = '';
		vec($win, fileno($s), 1) = 1;
		return 'ok' if select(undef, $win, undef, 1) == 0;
	}
	return 'the guest took 64 MiB unaccepted';
}

sub backlog {
	my ($portfile, $qmp, $out) = @_;
	my $u = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
				      Proto => 'udp') or die "udp: $!";
	write_port($portfile, $u->sockport);
	my $guest = $u->recv(my $ready, 16) or die "recv: $!";
	my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
				      PeerPort => forwarded_port($qmp, 7000))
	    or die "connect: $!";
	my $v = fill($s);
	$u->send("go", 0, $guest);
	if ($v eq 'ok') {
		my $rin = '';
		vec($rin, fileno($s), 1) = 1;
		if (select(my $rout = $rin, undef, undef, 10) <= 0) {
			$v = 'no reset within 10 s';
		} elsif (defined sysread($s, my $buf, 16)) {
			$v = 'an orderly end or data, not a reset';
		} elsif ($! != ECONNRESET) {
			$v = "read: $!";
		}
	}
	verdict($out, $v);
	# the reset comes from the drain: the console's poweroff line after
	for (my $t0 = time; time - $t0 < 30; select(undef, undef, undef, 0.1)) {
		last if qmp($qmp, '{"execute":"query-status"}') =~
		    /"status": "shutdown"/;
	}
	qmp($qmp, '{"execute":"quit"}');
	exit 0;
}

my $mode = shift // '';
my $out = $ARGV[-1];
die "usage: $0 tcp|udp PORTFILE N OUT | idle PORTFILE OUT | "
    . "backlog PORTFILE QMP OUT\n"
    unless (($mode eq 'tcp' || $mode eq 'udp' || $mode eq 'backlog') &&
    @ARGV == 3) || ($mode eq 'idle' && @ARGV == 2);
alarm 300;
backlog(@ARGV) if $mode eq 'backlog';
if ($mode eq 'udp') {
	my $u = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
				      Proto => 'udp') or die "udp: $!";
	my ($n, $count, $last) = ($ARGV[1], 0, 'none');
	$SIG{TERM} = sub {
		verdict($out, "$count of $n came, the last: $last");
		exit 0;
	};
	write_port($ARGV[0], $u->sockport);
	# a recv the signal interrupts gives nothing: looked at again
	for (my $buf = ''; $buf ne $n - 1;) {
		next unless defined $u->recv($buf, 16) && length $buf;
		$count++;
		$last = $buf;
	}
	verdict($out, 'ok');
	exit 0;
}
my $l = listener();
# the test's SIGTERM comes once the guest is off: a connection accepted
# by then ends (QEMU's end closes slirp's side), and none comes after
$SIG{TERM} = sub { verdict($out, 'no connection came'); exit 0; };
write_port($ARGV[0], $l->sockport);
my $s = $l->accept or die "accept: $!";
$SIG{TERM} = 'IGNORE';
if ($mode eq 'idle') {
	syswrite($s, "hi\n") == 3 or die "send: $!";
	my $t0 = time;
	my ($data, $err) = read_to_end($s);
	# the guest's FIN comes as its power-off starts; the machine is off
	# when slirp's side is gone, and a write then fails
	$SIG{PIPE} = 'IGNORE';
	while (time - $t0 < 10 && syswrite($s, "x")) {
		select(undef, undef, undef, 0.05);
	}
	my $took = time - $t0;
	my $v = sprintf 'off %.2f s after hi', $took;
	$v = "ok ($v)" if $took < 1.5;
	$v = "data from the guest: '$data'" if length $data;
	verdict($out, $v);
	exit 0;
}
my $n = $ARGV[1];
my $want = join '', map { chr(($_ * 7 + ($_ >> 12)) & 255) } 0 .. $n - 1;
my ($got, $err) = read_to_end($s);
my $v = 'ok';
if ($got ne $want) {
	$v = sprintf 'got %d bytes of %d', length $got, $n;
	$v .= ', not the pattern' if length $got == $n;
}
$v .= ", ended by $err" if defined $err;
verdict($out, $v);

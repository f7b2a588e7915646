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
use strict;
use warnings;
use IO::Socket::INET;
use Time::HiRes qw(time);

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

my $mode = shift // '';
my $out = $ARGV[-1];
die "usage: $0 tcp|udp PORTFILE N OUT | idle PORTFILE OUT\n"
    unless (($mode eq 'tcp' || $mode eq 'udp') && @ARGV == 3) ||
    ($mode eq 'idle' && @ARGV == 2);
alarm 300;
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

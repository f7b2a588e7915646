#!/usr/bin/perl
# The host's side of tests/guest/tcpnet.test (perl-base's sockets, so
# nothing beyond Debian's essential packages).  Each holds its sockets
# from the start, and QEMU's hostfwd binds port 0: no port is picked
# free, let go and bound later, where another program could take it.
#   refuse PORTFILE         binds a TCP port of 127.0.0.1 without
#                           listening (its port into PORTFILE), so that
#                           connects to it are refused, until killed
#   server PORTFILE N OUT   listens on 127.0.0.1 (its port into PORTFILE),
#                           reads N bytes of the pattern to the end of the
#                           stream from one connection and sends them back
#   client QMP N OUT        connects to the host port QEMU forwards to the
#                           guest's 7000 (asked on QEMU's QMP socket QMP)
#                           until the guest greets with "osv\n", sends N
#                           bytes of the pattern, shuts its side, reads
#                           them back
#   closed PORTFILE QMP OUT waits for the guest's UDP "ready" on 127.0.0.1
#                           (its port into PORTFILE), connects to the host
#                           port QEMU forwards to the guest's 7001, where
#                           nobody listens, wants that connection ended
#                           within 10 s (the guest's reset: slirp accepts
#                           for the guest, then closes), answers "done"
# Each but refuse writes its verdict ("ok", or what went wrong) into OUT.
use strict;
use warnings;
use IO::Socket::INET;
use Socket qw(SHUT_WR);
require(($0 =~ s{[^/]*$}{}r) . '../qmp.pl'); # forwarded_port

sub pattern {
	my ($n) = @_;
	return join '', map { chr(($_ * 7 + ($_ >> 12)) & 255) } 0 .. $n - 1;
}

sub verdict {
	my ($out, $text) = @_;
	open my $f, '>', $out or die "$out: $!";
	print $f "$text\n";
	close $f;
}

sub read_all {
	my ($s) = @_;
	my ($data, $buf) = ('', '');
	while (sysread($s, $buf, 65536)) {
		$data .= $buf;
	}
	return $data;
}

sub send_all {
	my ($s, $data) = @_;
	for (my $off = 0; $off < length $data;) {
		my $w = syswrite($s, $data, length($data) - $off, $off);
		return 0 unless $w;
		$off += $w;
	}
	return 1;
}

sub compare {
	my ($got, $want) = @_;
	return "ok" if $got eq $want;
	return sprintf "got %d bytes of %d, not the pattern", length $got,
	    length $want;
}

sub write_port {
	my ($file, $port) = @_;
	verdict("$file.tmp", $port);
	rename "$file.tmp", $file or die "rename: $!";
}

my $mode = shift // '';
if ($mode eq 'refuse' && @ARGV == 1) {
	my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
				      Proto => 'tcp') or die "bind: $!";
	write_port($ARGV[0], $s->sockport);
	sleep;
}
my ($where, $n, $out) = @ARGV;
die "usage: $0 refuse PORTFILE | server PORTFILE N OUT | client QMP N OUT | "
    . "closed PORTFILE QMP OUT\n"
    unless defined $out &&
    ($mode eq 'server' || $mode eq 'client' || $mode eq 'closed');
alarm 300;
if ($mode eq 'closed') {
	my $u = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
				      Proto => 'udp') or die "udp: $!";
	write_port($where, $u->sockport);
	my $guest = $u->recv(my $ready, 16) or die "recv: $!";
	my $v = 'ok';
	my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
				      PeerPort => forwarded_port($n, 7001));
	if ($s) {
		# a guest that drops the SYN leaves slirp retrying for 75 s
		my $rin = '';
		vec($rin, fileno($s), 1) = 1;
		if (select(my $rout = $rin, undef, undef, 10) <= 0) {
			$v = 'no reset from the guest within 10 s';
		} elsif (sysread($s, my $buf, 16)) {
			$v = 'data from a port nobody listens on';
		}
		close $s;
	} elsif (!$!{ECONNREFUSED}) {
		$v = "connect: $!";
	}
	$u->send("done", 0, $guest);
	verdict($out, $v);
	exit 0;
}
my $want = pattern($n);
if ($mode eq 'server') {
	my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
				      Listen => 1, ReuseAddr => 1)
	    or die "listen: $!";
	write_port($where, $l->sockport);
	my $s = $l->accept or die "accept: $!";
	my $got = read_all($s);
	my $v = compare($got, $want);
	$v = "send failed: $!" if $v eq 'ok' && !send_all($s, $got);
	close $s;
	verdict($out, $v);
	exit 0;
}
# the guest's listener is up once it greets: until then slirp accepts and
# the guest resets, so try again
my $fwd = forwarded_port($where, 7000);
for (;;) {
	my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $fwd);
	my $hello = '';
	if ($s) {
		sysread($s, $hello, 4);
	}
	if ($hello ne "osv\n") {
		close $s if $s;
		select(undef, undef, undef, 0.2);
		next;
	}
	my $v = send_all($s, $want) ? 'ok' : "send failed: $!";
	shutdown($s, SHUT_WR);
	$v = compare(read_all($s), $want) if $v eq 'ok';
	close $s;
	verdict($out, $v);
	exit 0;
}

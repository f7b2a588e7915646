# QEMU's QMP socket for the host's helpers of guest tests (perl-base's
# sockets): which host port hostfwd bound for a guest port, and an end
# for a QEMU that does not end by itself.  A helper loads it with
#   require(($0 =~ s{[^/]*$}{}r) . '../qmp.pl');
use strict;
use warnings;
use IO::Socket::UNIX;

# qmp_line SOCKET: QMP's next reply, skipping events
sub qmp_line {
	my ($q) = @_;
	while (defined(my $line = <$q>)) {
		return $line unless $line =~ /^\{"event"/;
	}
	die "QMP: connection closed\n";
}

# qmp PATH COMMAND: QEMU's reply to COMMAND (JSON) on the QMP socket
# PATH, which appears once QEMU runs
sub qmp {
	my ($path, $command) = @_;
	my $q;
	until ($q = IO::Socket::UNIX->new(Peer => $path)) {
		die "QMP $path: $!\n" unless $!{ENOENT} || $!{ECONNREFUSED};
		select(undef, undef, undef, 0.1);
	}
	qmp_line($q);
	print $q qq({"execute":"qmp_capabilities"}\n);
	qmp_line($q);
	print $q "$command\n";
	my $reply = qmp_line($q);
	close $q;
	return $reply;
}

# forwarded_port QMP GUEST_PORT: the host port QEMU's hostfwd bound for
# the guest's port, from "info usernet"
sub forwarded_port {
	my ($path, $guest_port) = @_;
	my $info = qmp($path, qq({"execute":"human-monitor-command",)
	    . qq("arguments":{"command-line":"info usernet"}}));
	$info =~ /HOST_FORWARD\]\s+\d+\s+127\.0\.0\.1\s+(\d+)\s+\S+\s+$guest_port\s/
	    or die "no host port forwarded to $guest_port in $info";
	return $1;
}

1;

import Foundation
import GridSystem
import XCTest

/// Clients that run as other uids (through `setpriv`, as `DaemonHarness.gridctl(_:uid:groups:)`)
/// and do what gridctl never does: hold many connections, or leave before the daemon accepts.
/// They are small Perl programs (perl-base is part of every Debian and Ubuntu system) so that the
/// connecting process really is another process with the credentials the test chose.
final class ForeignPeer: @unchecked Sendable {
    let process: SpawnedProcess
    let outputPath: String

    /// Opens `count` connections one after another as `uid` (primary gid `uid`, supplementary
    /// `groups`), pings on each and prints the first line each one got back (`eof` when the
    /// daemon closed it without a word), then holds them all open until `stop`.
    static func holdConnections(_ daemon: DaemonHarness, uid: UInt32, groups: [UInt32] = [], count: Int) throws -> ForeignPeer {
        try ForeignPeer(daemon, uid: uid, groups: groups, script: holdScript, arguments: [daemon.socketPath, String(count)])
    }

    /// Connects as `uid` with `groups`, writes `request` and forks: the process that connected
    /// exits at once, and its child (a new pid) waits for the answer and prints it. With the
    /// daemon stopped (SIGSTOP) until the connecting process is gone, the daemon accepts a
    /// connection whose pid no longer exists: what it knows of the peer must come from the socket.
    static func connectAndLeave(_ daemon: DaemonHarness, uid: UInt32, groups: [UInt32], request: String) throws -> ForeignPeer {
        try ForeignPeer(daemon, uid: uid, groups: groups, script: leaveScript, arguments: [daemon.socketPath, request])
    }

    private init(_ daemon: DaemonHarness, uid: UInt32, groups: [UInt32], script: String, arguments: [String]) throws {
        outputPath = daemon.directory + "/peer-\(uid)-\(UUID().uuidString).out"
        let groupFlag = groups.isEmpty ? "--clear-groups" : "--groups=" + groups.map(String.init).joined(separator: ",")
        process = try SpawnedProcess(
            arguments: ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(uid)", groupFlag, "/usr/bin/perl", "-e", script] + arguments,
            environment: ProcessInfo.processInfo.environment, stderrPath: outputPath + ".err", stdoutPath: outputPath)
    }

    deinit { stop() }

    /// What it printed so far, one entry per line.
    var lines: [String] {
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Waits (bounded) until it printed `count` lines, and returns them.
    func waitForLines(_ count: Int, seconds: Double = 30, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        var seen: [String] = []
        let done = waitUntil(seconds: seconds) {
            seen = lines
            return seen.count >= count
        }
        let errors = (try? String(contentsOfFile: outputPath + ".err", encoding: .utf8)) ?? ""
        XCTAssertTrue(done, "peer printed \(seen.count) of \(count) lines: \(seen); stderr: \(errors)", file: file, line: line)
        return seen
    }

    /// Kills it (and with it every connection it holds).
    func stop() {
        if !process.hasExited { _ = process.stop(signal: SIGKILL) }
    }

    private static let holdScript = #"""
        use strict; use warnings; use Socket; use IO::Handle;
        $SIG{PIPE} = 'IGNORE';
        STDOUT->autoflush(1);
        my ($path, $count) = @ARGV;
        my @held;
        for my $i (1 .. $count) {
            socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
            if (!connect($s, pack_sockaddr_un($path))) { print "connect_failed: $!\n"; next; }
            syswrite($s, "{\"id\":$i,\"op\":\"ping\"}\n");
            my $line = <$s>;
            print(defined $line ? $line : "eof\n");
            push @held, $s;
        }
        sleep;
        """#

    private static let leaveScript = #"""
        use strict; use warnings; use Socket; use IO::Handle;
        $SIG{PIPE} = 'IGNORE';
        STDOUT->autoflush(1);
        my ($path, $request) = @ARGV;
        socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
        connect($s, pack_sockaddr_un($path)) or die "connect: $!";
        syswrite($s, "$request\n");
        my $pid = fork();
        die "fork: $!" unless defined $pid;
        exit 0 if $pid;
        my $line = <$s>;
        print(defined $line ? $line : "eof\n");
        """#
}

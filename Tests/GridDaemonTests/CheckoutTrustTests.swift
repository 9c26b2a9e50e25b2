import Foundation
import GridClient
import GridCore
import GridSystem
import XCTest

/// gridctl uses `./var/gridd.sock` and `./var/spool` of the directory it runs in only where they
/// belong to the user running it. In a world-writable directory another user's `var/` holds a
/// fake daemon's socket and a spool: a worker's gridctl must neither send its report (phone
/// number included) to that daemon nor drop it into that spool — while the owner's gridctl uses
/// both. The real gridctl, run as two uids via setpriv, no `--socket`, no `$GRIDD_SOCKET`.
final class CheckoutTrustTests: XCTestCase {
    static let worker = UInt32(4242), owner = UInt32(4343)

    /// A world-writable directory whose `var/` (0755, the spool root 0755, its tmp/ and new/
    /// open to all) and the fake daemon's socket in it belong to `owner`.
    final class SharedDirectory {
        let path: String
        let listener: FileDescriptor
        /// Every request line the fake daemon received.
        private(set) var received: [String] = []
        private var connections: [FileDescriptor] = []

        init(owner: UInt32) throws {
            var template = Array("/tmp/gridd-shared-XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else { throw Errno(code: errno, call: "mkdtemp") }
            path = String(cString: made)
            chmod(path, 0o777)
            for (directory, mode) in [("var", 0o755), ("var/spool", 0o755), ("var/spool/tmp", 0o777), ("var/spool/new", 0o777)] {
                try Files.makeDirectories(path + "/" + directory, mode: mode_t(mode))
                chmod(path + "/" + directory, mode_t(mode))
                chown(path + "/" + directory, owner, owner)
            }
            listener = try UnixSocket.listen(path: path + "/var/gridd.sock", mode: 0o666)
            chown(path + "/var/gridd.sock", owner, owner)
        }

        deinit {
            listener.close()
            for connection in connections { connection.close() }
            try? FileManager.default.removeItem(atPath: path)
        }

        /// Accepts what is waiting and answers every complete line with a refusal that names it.
        func serve() {
            while let connection = try? UnixSocket.accept(listener).value { connections.append(connection) }
            for connection in connections {
                var chunk = [UInt8](repeating: 0, count: 65536)
                let count = read(connection.rawValue, &chunk, chunk.count)
                guard count > 0 else { continue }
                for line in chunk[0..<count].split(separator: 0x0A) {
                    received.append(String(decoding: line, as: UTF8.self))
                    let answer = #"{"id":1,"ok":false,"error":{"code":"permission_denied","message":"fake daemon of uid 4343"}}"# + "\n"
                    _ = try? UnixSocket.sendAll(connection, Array(answer.utf8))
                }
            }
        }

        var dropped: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path + "/var/spool/new")) ?? [] }

        /// Runs the real gridctl as `uid` in this directory, without GRIDD_SOCKET/GRIDD_SPOOL,
        /// serving the fake daemon meanwhile.
        func gridctl(_ arguments: [String], uid: UInt32) throws -> (status: Int32, stdout: String, stderr: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            let gridctl = DaemonHarness.productsDirectory.appendingPathComponent("gridctl").path
            process.arguments = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", gridctl] + arguments
            process.currentDirectoryURL = URL(fileURLWithPath: path)
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "GRIDD_SOCKET")
            environment.removeValue(forKey: "GRIDD_SPOOL")
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            XCTAssertTrue(waitUntil(seconds: 30) {
                serve()
                return !process.isRunning
            })
            process.waitUntilExit()
            let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
            return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
        }
    }

    static let report = ["--category", "0102", "--cell", "320506002001006", "--reporter-phone", "13812345678"]

    func testAnotherUsersVarIsNotTrustedAndTheOwnersIs() throws {
        let shared = try SharedDirectory(owner: Self.owner)

        let submitted = try shared.gridctl(["submit"] + Self.report, uid: Self.worker)
        XCTAssertEqual(shared.received, [], "the worker's report reached another user's daemon")
        XCTAssertTrue(submitted.stderr.contains("not using ./var/gridd.sock: ./var belongs to uid 4343, not to you (uid 4242)"), submitted.stderr)
        if !Files.exists(SocketLocator.systemPath) {
            XCTAssertEqual(submitted.status, 69, submitted.stderr)
            XCTAssertTrue(submitted.stderr.contains("cannot connect to gridd at /run/gridd/gridd.sock"), submitted.stderr)
        }

        let dropped = try shared.gridctl(["drop"] + Self.report, uid: Self.worker)
        XCTAssertEqual(shared.dropped, [], "the worker's report was dropped into another user's spool")
        XCTAssertTrue(dropped.stderr.contains("not using ./var/spool: ./var belongs to uid 4343"), dropped.stderr)
        if !Files.exists("/var/lib/gridd/spool") { XCTAssertEqual(dropped.status, 73, dropped.stderr) }

        // The owner's own checkout: both are used.
        let status = try shared.gridctl(["status"], uid: Self.owner)
        XCTAssertEqual(status.status, 1, status.stderr)
        XCTAssertTrue(status.stderr.contains("fake daemon of uid 4343"), status.stderr)
        XCTAssertEqual(shared.received.count, 1)
        XCTAssertTrue(shared.received.first?.contains(#""op":"status""#) == true, "\(shared.received)")
        let ownDrop = try shared.gridctl(["--json", "drop"] + Self.report, uid: Self.owner)
        XCTAssertEqual(ownDrop.status, 0, ownDrop.stderr)
        XCTAssertEqual(shared.dropped.count, 1)
        XCTAssertTrue(ownDrop.stdout.contains(#""spool":"./var/spool""#), ownDrop.stdout)
    }

    func testTheOwnersVarIsRefusedWhenOthersMayWriteIntoItOrItIsALink() throws {
        let shared = try SharedDirectory(owner: Self.owner)
        // Group-writable: a member of the group could put a socket there.
        chmod(shared.path + "/var", 0o775)
        let groupWritable = try shared.gridctl(["status"], uid: Self.owner)
        XCTAssertEqual(shared.received, [])
        XCTAssertTrue(groupWritable.stderr.contains("not using ./var/gridd.sock: ./var is writable by its group"), groupWritable.stderr)
        chmod(shared.path + "/var", 0o755)
        // The spool root writable by others.
        chmod(shared.path + "/var/spool", 0o777)
        let spoolWritable = try shared.gridctl(["drop"] + Self.report, uid: Self.owner)
        XCTAssertEqual(shared.dropped, [])
        XCTAssertTrue(spoolWritable.stderr.contains("not using ./var/spool: it is writable by group and others"), spoolWritable.stderr)
        // `var` a symbolic link (to the owner's real one): not followed.
        XCTAssertEqual(rename(shared.path + "/var", shared.path + "/real-var"), 0)
        XCTAssertEqual(symlink("real-var", shared.path + "/var"), 0)
        lchown(shared.path + "/var", Self.owner, Self.owner)
        let linked = try shared.gridctl(["status"], uid: Self.owner)
        XCTAssertEqual(shared.received, [])
        XCTAssertTrue(linked.stderr.contains("./var is a symbolic link or not a directory"), linked.stderr)
    }
}

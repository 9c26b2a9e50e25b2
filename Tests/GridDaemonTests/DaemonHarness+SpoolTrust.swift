import Foundation
import GridCore
import GridSystem
import XCTest

/// Spool helpers for the tests of a spool others write into: the expected key of a report without
/// its own, what rejected/ holds, and files written in place in new/.
extension DaemonHarness {
    /// The key the spool gives a report without its own `key` (docs/PROTOCOL.md), computed here
    /// from its definition rather than by the daemon's code: `spool:NAME#LINE:` and the first 16
    /// hex digits of the SHA-256 of the report's bytes (the line without its line end, or the
    /// whole file for a one-report file).
    static func spoolKey(file: String, line: Int, bytes: some Sequence<UInt8>) -> String {
        "spool:\(file)#\(line):" + SHA256.hex(bytes).prefix(16)
    }

    static func spoolKey(file: String, line: Int, _ text: String) -> String {
        spoolKey(file: file, line: line, bytes: Array(text.utf8))
    }

    /// Every `.reason` in rejected/, by the name it is stored under (without `.reason`).
    func rejectedReasons() throws -> [String: JSONObject] {
        var reasons: [String: JSONObject] = [:]
        for name in spoolNames("rejected") where name.hasSuffix(".reason") {
            let bytes = try Files.read(spoolDirectory + "/rejected/" + name)
            reasons[String(name.dropLast(".reason".count))] = try XCTUnwrap(try JSONParser.parse(bytes).objectValue, name)
        }
        return reasons
    }

    /// The names in rejected/ that are symbolic links (none may ever be).
    func symbolicLinksInRejected() -> [String] {
        spoolNames("rejected").filter { (try? Directory.linkStatus(spoolDirectory + "/rejected/" + $0))?.isSymbolicLink == true }
    }

    /// Opens new/NAME for writing in place (no tmp/, no rename): the producer the spool must not
    /// read half-written.
    func openInPlace(_ name: String) throws -> FileDescriptor {
        for sub in ["tmp", "new", "rejected"] { try Files.makeDirectories(spoolDirectory + "/" + sub) }
        return try FileDescriptor.open(spoolDirectory + "/new/" + name, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, mode: 0o644)
    }

    /// How many incidents are stored.
    func incidentCount() -> Int? { (try? sqlite("SELECT count(*) FROM incidents"))?.first.flatMap { Int($0) } }
}

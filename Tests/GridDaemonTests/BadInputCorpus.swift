import Foundation
import GridCore
import GridSystem
import XCTest

/// The bad-input corpus of Tests/Corpus, read from disk: socket request lines and spool files,
/// each with the error code it must be refused with — the name of the directory it sits in, so
/// adding a case is adding a file (docs/TESTING.md). Cases that are not plain files (over-long
/// lines, symbolic links, FIFOs, …) are made in code by `BadInputCorpusTests`.
struct BadInputCorpus {
    /// One request line (without its newline) and the code of the error response it must get.
    struct SocketCase {
        var name: String
        var code: String
        var line: [UInt8]
    }

    /// A spool file refused whole: it must end in rejected/ with a `.reason` of this code.
    struct SpoolFileCase {
        var name: String
        var code: String
        var bytes: [UInt8]
    }

    /// A file read as JSON Lines with good and bad lines: each line listed in its `.expect`
    /// file is either `ok` (stored) or refused with a code (rejected/NAME.line-N).
    struct SpoolLinesCase {
        var name: String
        var bytes: [UInt8]
        var expected: [(line: Int, code: String)]

        /// The bytes of 1-based line `number`, without its line ending.
        func line(_ number: Int) -> ArraySlice<UInt8> {
            var line = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)[number - 1]
            if line.last == 0x0D { line = line.dropLast() }
            return line
        }
    }

    var socket: [SocketCase] = []
    var spoolFiles: [SpoolFileCase] = []
    var spoolLines: [SpoolLinesCase] = []

    /// Every refused line or file counts as one case.
    var count: Int { socket.count + spoolFiles.count + spoolLines.reduce(0) { $0 + $1.expected.filter { $0.code != "ok" }.count } }

    static var directory: String { DaemonHarness.repositoryRoot + "/Tests/Corpus" }

    /// The spool's own `.reason` codes (SpoolRejection), besides the protocol's.
    static let spoolCodes: Set<String> = ["empty", "too_large", "too_many_lines", "symlink", "not_regular_file", "unreadable", "bad_name"]
    static let protocolCodes = Set(GridError.Code.allCases.map(\.rawValue))

    /// Reads the corpus; a directory that is not an error code, a socket case holding a newline
    /// or an unreadable `.expect` line fails the load (a typo must not silently skip cases).
    static func load() throws -> BadInputCorpus {
        var corpus = BadInputCorpus()
        for code in try names(in: directory + "/socket") {
            guard protocolCodes.contains(code) else { throw CorpusError("socket/\(code): not an error code of docs/PROTOCOL.md") }
            for name in try names(in: directory + "/socket/" + code) {
                guard name.hasSuffix(".line") else { throw CorpusError("socket/\(code)/\(name): socket cases end in .line") }
                var line = try Files.read(directory + "/socket/\(code)/\(name)")
                if line.last == 0x0A { line.removeLast() }
                guard !line.contains(0x0A) else { throw CorpusError("socket/\(code)/\(name): a request line holds no newline") }
                corpus.socket.append(SocketCase(name: "\(code)/\(name)", code: code, line: line))
            }
        }
        for code in try names(in: directory + "/spool") where code != "lines" {
            guard protocolCodes.contains(code) || spoolCodes.contains(code) else {
                throw CorpusError("spool/\(code): not an error code of docs/PROTOCOL.md")
            }
            for name in try names(in: directory + "/spool/" + code) {
                corpus.spoolFiles.append(SpoolFileCase(name: name, code: code, bytes: try Files.read(directory + "/spool/\(code)/\(name)")))
            }
        }
        let lines = directory + "/spool/lines/"
        for name in try names(in: lines) where !name.hasSuffix(".expect") {
            let expect = String(decoding: try Files.read(lines + name + ".expect"), as: UTF8.self)
            var expected: [(Int, String)] = []
            for row in expect.split(separator: "\n") {
                let parts = row.split(separator: " ")
                guard parts.count == 2, let number = Int(parts[0]), number >= 1,
                    parts[1] == "ok" || protocolCodes.contains(String(parts[1]))
                else { throw CorpusError("spool/lines/\(name).expect: \"\(row)\" is not \"LINE ok\" or \"LINE CODE\"") }
                expected.append((number, String(parts[1])))
            }
            corpus.spoolLines.append(SpoolLinesCase(name: name, bytes: try Files.read(lines + name), expected: expected))
        }
        return corpus
    }

    private static func names(in path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The `id` an error response must echo: the request's own when the line is a JSON object,
    /// else null (the daemon could not read one).
    static func expectedID(of line: [UInt8]) -> JSONValue {
        guard let object = (try? JSONParser.parse(line))?.objectValue else { return .null }
        return object["id"] ?? .null
    }
}

struct CorpusError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

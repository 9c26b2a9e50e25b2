import Foundation
@testable import GridClient

/// gridctl run in-process with its stdout and stderr captured.
final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""

    var stdout: String { lock.withLock { out } }
    var stderr: String { lock.withLock { err } }

    var output: Output {
        Output(
            standardOutput: { text in self.lock.withLock { self.out += text } },
            standardError: { text in self.lock.withLock { self.err += text } })
    }

    /// Runs `arguments` through `Gridctl` and returns the exit status and what it printed.
    static func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let capture = CapturedOutput()
        let status = Gridctl(output: capture.output).run(arguments)
        return (status, capture.stdout, capture.stderr)
    }
}

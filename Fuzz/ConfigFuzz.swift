import GridCore

/// libFuzzer target: gridd.conf text → `GridConfigLoader` (the INI reader and every section's
/// checks). Checks: a refused config has at least one diagnostic, each naming the file, a line
/// inside it (0 for the file as a whole) and a message; a loaded config gives every category a
/// policy at every priority.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let lineCount = bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    switch GridConfigLoader.parse(bytes: bytes, path: "/etc/gridd/gridd.conf", workingDirectory: "/srv/gridd") {
    case .success(let config):
        // Every category's policy resolves (what each new incident does).
        for category in config.categories.categories.values {
            for priority in [Priority.urgent, .normal, .low] { _ = config.policy.snapshot(category: category, priority: priority) }
        }
    case .failure(let problems):
        FuzzChecks.require(!problems.diagnostics.isEmpty, "refused without a diagnostic")
        for problem in problems.diagnostics {
            FuzzChecks.require(problem.file == "/etc/gridd/gridd.conf" && !problem.message.isEmpty, "a diagnostic without file or message")
            FuzzChecks.require(problem.line >= 0 && problem.line <= lineCount, "diagnostic line \(problem.line) outside the file (\(lineCount) lines)")
        }
        _ = problems.description
    }
    return 0
}

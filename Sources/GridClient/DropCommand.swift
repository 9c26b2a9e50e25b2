import GridCore
import GridSystem
import Glibc

/// `gridctl drop`: writes a report into the spool the way a mail queue expects, without the
/// daemon: a unique name in tmp/, write, fsync, rename into new/, fsync new/. The daemon (now, or
/// when it next starts) takes it. Prints the spool file's name.
///
/// Takes the flags of `submit` (the report is built by `SubmitCommand.report(from:)`), or
/// `--file F` / `--file -` with one JSON report or JSON Lines (written as `.jsonl`).
/// Exit status: 0 written, 2 usage, 66 the input cannot be read or is not JSON, 73 the spool
/// file cannot be created (EX_CANTCREAT).
enum DropCommand {
    static let spec = CommandTable.spec("drop")
    static let systemSpool = "/var/lib/gridd/spool"

    /// The spool: `--spool DIR`, else `$GRIDD_SPOOL`, else `./var/spool` where it belongs to the
    /// caller (`CheckoutState`), else `/var/lib/gridd/spool`; `warn` hears why a `./var/spool`
    /// that is there was passed over. `path` is what to write to, `name` what to print.
    static func spoolDirectory(
        flag: String?, environment: (String) -> String? = Files.environment, warn: (String) -> Void = { _ in }
    ) -> (path: String, name: String) {
        if let flag, !flag.isEmpty { return (flag, flag) }
        if let fromEnvironment = environment("GRIDD_SPOOL"), !fromEnvironment.isEmpty { return (fromEnvironment, fromEnvironment) }
        switch CheckoutState.spool() {
        case .trusted(let path, let name): return (path, name)
        case .refused(let reason): warn("\(reason); using \(systemSpool)")
        case .absent: break
        }
        return (systemSpool, systemSpool)
    }

    /// Runs `drop` with the arguments after the command; returns the exit status.
    static func run(_ arguments: [String], json: Bool, output: Output) -> Int32 {
        do throws(ClientError) {
            let parsed = try ParsedArguments(arguments, command: spec, language: output.language)
            var forReport = parsed
            forReport.values.removeValue(forKey: "--spool")
            let content = try self.content(forReport)
            let spool = spoolDirectory(flag: parsed["--spool"], warn: output.error)
            let name: String
            do throws(Errno) {
                name = try write(content.bytes, suffix: content.suffix, spool: spool.path)
            } catch {
                output.error(output.text("drop.failed", ["spool": spool.name, "error": Messages.errorText(error, output.language)]))
                return 73
            }
            if json || parsed.has("--json") {
                output.json(["file": .string(name), "spool": .string(spool.name), "reports": .int(Int64(content.reports))])
            } else {
                output.line(name)
            }
            return 0
        } catch {
            output.error(error)
            return error.exitStatus
        }
    }

    /// The bytes to write: the report from flags as one JSON object, or the `--file` as given
    /// once it is known to be one JSON value (`.json`) or JSON Lines of objects (`.jsonl`).
    static func content(_ arguments: ParsedArguments) throws(ClientError) -> (bytes: [UInt8], suffix: String, reports: Int) {
        guard let file = arguments["--file"] else {
            let report = try SubmitCommand.report(from: arguments)
            return (report.serializedBytes() + [0x0A], ".json", 1)
        }
        guard arguments.positionals.isEmpty else {
            throw ClientError.usage("drop takes no positional arguments (got \(arguments.positionals.joined(separator: " ")))")
        }
        let others = arguments.values.keys.filter { $0 != "--file" }
        guard others.isEmpty else { throw ClientError.usage("--file cannot be combined with \(others.sorted().joined(separator: ", "))") }
        let bytes = try SubmitLines.readBytes(file)
        let terminated = bytes.last == 0x0A ? bytes : bytes + [0x0A]
        if (try? JSONParser.parse(bytes)) != nil, !file.hasSuffix(".jsonl") { return (terminated, ".json", 1) }
        // The file goes into the spool whole: one bad line refuses it here.
        let lines = SubmitLines.lines(bytes)
        for line in lines {
            guard case .failure(let error) = line.report else { continue }
            let reason = error.code == .badRequest ? "a report must be a JSON object" : "not a JSON report: \(error.message)"
            throw ClientError.input("\(file):\(line.number): \(reason)")
        }
        guard !lines.isEmpty else { throw ClientError.input("\(file): no report in it") }
        return (terminated, ".jsonl", lines.count)
    }

    /// Writes `bytes` as tmp/NAME, fsyncs it, renames it to new/NAME and fsyncs new/; returns NAME.
    /// NAME is `<seconds>.<microseconds>.<pid>.<random>.json[l]`: unique without coordination
    /// (the daemon keys reports without a key by the file name).
    static func write(_ bytes: [UInt8], suffix: String, spool: String) throws(Errno) -> String {
        let now = SystemClocks.realtimeNanoseconds()
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let name = "\(now / 1_000_000_000).\(now % 1_000_000_000 / 1000).\(getpid()).\(random)\(suffix)"
        let tmpPath = spool + "/tmp/" + name
        let fd = try FileDescriptor.open(tmpPath, O_WRONLY | O_CREAT | O_EXCL, mode: 0o640)
        do throws(Errno) {
            defer { fd.close() }
            try fd.writeAll(bytes)
            try fd.fsync()
        } catch {
            unlink(tmpPath)
            throw error
        }
        do throws(Errno) {
            try Directory.rename(tmpPath, to: spool + "/new/" + name)
        } catch {
            unlink(tmpPath)
            throw error
        }
        try Directory.sync(spool + "/new")
        return name
    }
}

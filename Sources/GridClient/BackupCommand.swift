import GridCore
import GridStore

/// `gridctl backup FILE [--database PATH]`: a consistent copy of the live database, made while
/// gridd runs and takes reports (`DatabaseBackup`: SQLite's online backup API on a read-only
/// connection, checked with `PRAGMA integrity_check`, written with the database's mode and
/// renamed into place only when complete).
///
/// The database is `--database PATH`, else the one the running daemon names in `status`
/// (`paths.database`). The copy is made by gridctl itself, so the caller must be able to read the
/// database: root, or a member of the `gridd` group (files are 0640 gridd:gridd).
/// Exit status: 0 written, 1 the copy failed (nothing is left at FILE), 2 usage, 69 the daemon is
/// not running and no `--database` was given.
enum BackupCommand {
    static let usage = "backup takes one FILE: gridctl backup FILE [--database PATH]"

    static func run(_ arguments: [String], json: Bool, socket: () -> DaemonSocket, output: Output) -> Int32 {
        do throws(ClientError) {
            let parsed = try ParsedArguments(arguments, command: CommandTable.spec("backup"), language: output.language)
            guard parsed.positionals.count == 1, let destination = parsed.positionals.first, !destination.isEmpty else {
                throw ClientError.usage(usage)
            }
            let database: String
            if let flag = parsed["--database"] { database = flag } else { database = try databasePath(socket()) }
            let copy: DatabaseCopy
            do throws(StoreError) {
                copy = try DatabaseBackup.copy(from: database, to: destination)
            } catch {
                output.error(output.text("backup.failed", ["database": database, "error": String(describing: error)]))
                return 1
            }
            if json || parsed.has("--json") {
                output.json([
                    "file": .string(copy.path), "database": .string(database), "bytes": .int(copy.bytes),
                    "mode": .string(octal(copy.mode)), "schema_version": .int(Int64(copy.schemaVersion)),
                    "incidents": .int(copy.incidents), "events": .int(copy.events), "integrity_check": "ok",
                ])
            } else {
                output.line("backup of \(database) written to \(copy.path)")
                output.line("  holds     \(copy.incidents) incidents, \(copy.events) events (schema version \(copy.schemaVersion))")
                output.line("  size      \(copy.bytes) bytes, mode \(octal(copy.mode))")
                output.line("  checked   integrity_check ok")
            }
            return 0
        } catch {
            output.error(error)
            return error.exitStatus
        }
    }

    /// The database the running daemon uses (`status`: `paths.database`).
    private static func databasePath(_ socket: DaemonSocket) throws(ClientError) -> String {
        let status = try socket.connect().call("status").get()
        guard let path = status["paths"]?["database"]?.stringValue, !path.isEmpty else {
            throw ClientError.protocolError("status names no database path; pass --database PATH")
        }
        return path
    }

    private static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

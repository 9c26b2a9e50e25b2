import GridSystem
import Glibc

/// A test-only switch for the store's fault injector, read from the environment at start-up:
/// with `GRIDD_FAULT_FILE=PATH`, every write statement first looks at PATH, and while that file
/// exists and says `full` (or `ioerr`, or `readonly`) the statement fails with SQLITE_FULL
/// (SQLITE_IOERR, SQLITE_READONLY). Text after the word narrows the fault to the statements whose
/// SQL contains it: `full UPDATE incidents` fails the escalations' and worker actions' updates
/// while intake (`INSERT INTO incidents`) goes on. Lets a test make the store fail and recover
/// from outside the process where no small file system can be mounted. Without the variable it
/// does nothing (the injector is nil: production pays nothing).
public enum StoreFaultSwitch {
    public static let environmentVariable = "GRIDD_FAULT_FILE"

    public static func injector(environment: (String) -> String? = Files.environment) -> (@Sendable (String) -> Int32?)? {
        guard let path = environment(environmentVariable), !path.isEmpty else { return nil }
        return { sql in
            guard let bytes = try? Files.read(path, limit: 256) else { return nil }
            let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces
            let word = String(text.prefix { !$0.isWhitespace })
            let pattern = String(text.dropFirst(word.count)).trimmingSpaces
            guard pattern.isEmpty || sql.contains(pattern) else { return nil }
            switch word {
            case "full": return 13  // SQLITE_FULL
            case "ioerr": return 10  // SQLITE_IOERR
            case "readonly": return 8  // SQLITE_READONLY
            default: return nil
            }
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}

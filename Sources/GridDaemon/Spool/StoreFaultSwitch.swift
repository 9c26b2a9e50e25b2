import GridSystem
import Glibc

/// A test-only switch for the store's fault injector, read from the environment at start-up:
/// with `GRIDD_FAULT_FILE=PATH`, every write statement first looks at PATH, and while that file
/// exists and says `full` (or `ioerr`, or `readonly`) the statement fails with SQLITE_FULL
/// (SQLITE_IOERR, SQLITE_READONLY). Lets a test make the store fail and recover from outside the
/// process where no small file system can be mounted. Without the variable it does nothing
/// (the injector is nil: production pays nothing).
public enum StoreFaultSwitch {
    public static let environmentVariable = "GRIDD_FAULT_FILE"

    public static func injector(environment: (String) -> String? = Files.environment) -> (@Sendable (String) -> Int32?)? {
        guard let path = environment(environmentVariable), !path.isEmpty else { return nil }
        return { _ in
            guard let bytes = try? Files.read(path, limit: 64) else { return nil }
            switch String(decoding: bytes, as: UTF8.self).trimmingSpaces {
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

import GridSystem

/// A test-only switch for the store's fault injector, read from the environment at start-up:
/// with `GRIDD_FAULT_FILE=PATH`, every write statement first looks at PATH, and while that file
/// exists and says `full` (or `ioerr`, or `readonly`) the statement fails with SQLITE_FULL
/// (SQLITE_IOERR, SQLITE_READONLY). Text after the word narrows the fault to the statements whose
/// SQL contains it: `full UPDATE incidents` fails the escalations' and worker actions' updates
/// while intake (`INSERT INTO incidents`) goes on. `hold` (with the same narrowing) fails nothing
/// but makes the statement wait while the file says `hold`, with PATH.held present while one
/// waits: a test can then act between a spool file's read and its commit (and removal), then let
/// it go by removing PATH. Lets a test make the store fail and recover
/// from outside the process where no small file system can be mounted. Without the variable it
/// does nothing (the injector is nil: production pays nothing).
public enum StoreFaultSwitch {
    public static let environmentVariable = "GRIDD_FAULT_FILE"

    public static func injector(environment: (String) -> String? = Files.environment) -> (@Sendable (String) -> Int32?)? {
        guard let path = environment(environmentVariable), !path.isEmpty else { return nil }
        return { sql in
            guard var (word, pattern) = read(path) else { return nil }
            guard pattern.isEmpty || sql.contains(pattern) else { return nil }
            if word == "hold" {
                try? Files.write(Array(sql.utf8), to: path + ".held")
                while word == "hold" && (pattern.isEmpty || sql.contains(pattern)) {
                    SystemClocks.sleep(milliseconds: 10)
                    (word, pattern) = read(path) ?? ("", "")
                }
                try? Files.remove(path + ".held")
                return nil
            }
            switch word {
            case "full": return 13  // SQLITE_FULL
            case "ioerr": return 10  // SQLITE_IOERR
            case "readonly": return 8  // SQLITE_READONLY
            default: return nil
            }
        }
    }

    /// The first word of PATH and the rest (trimmed), or nil when it cannot be read.
    private static func read(_ path: String) -> (word: String, pattern: String)? {
        guard let bytes = try? Files.read(path, limit: 256) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces
        let word = String(text.prefix { !$0.isWhitespace })
        return (word, String(text.dropFirst(word.count)).trimmingSpaces)
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

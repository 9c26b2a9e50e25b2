/// `[Spool]`: how the daemon takes files from the spool directory (see docs/CONFIG.md).
public struct SpoolSettings: Sendable, Equatable {
    /// `MaxFileSize=`: a larger file is rejected without being read. Default 1M.
    public var maxFileBytes: Int64
    /// `RescanInterval=`: how often new/ is listed in full, besides inotify. Default 60s.
    public var rescanIntervalMilliseconds: Int64
    /// `TmpMaxAge=`: files left in tmp/ longer than this are removed (and logged). Default 36h.
    public var tmpMaxAgeMilliseconds: Int64
    /// `MaxLinesPerFile=`: a JSON Lines file with more reports than this is rejected whole. Default 10000.
    public var maxLinesPerFile: Int
    /// `IncompleteTimeout=`: a file written in place whose last line is unfinished (no line end,
    /// not a complete JSON value) is waited for this long after its last change; then its complete
    /// lines are taken and the unfinished one is rejected (`incomplete_line`). Default 10min.
    public var incompleteTimeoutMilliseconds: Int64

    public init(
        maxFileBytes: Int64 = 1 << 20, rescanIntervalMilliseconds: Int64 = 60_000,
        tmpMaxAgeMilliseconds: Int64 = 36 * 3_600_000, maxLinesPerFile: Int = 10_000,
        incompleteTimeoutMilliseconds: Int64 = 600_000
    ) {
        self.maxFileBytes = maxFileBytes
        self.rescanIntervalMilliseconds = rescanIntervalMilliseconds
        self.tmpMaxAgeMilliseconds = tmpMaxAgeMilliseconds
        self.maxLinesPerFile = maxLinesPerFile
        self.incompleteTimeoutMilliseconds = incompleteTimeoutMilliseconds
    }
}

extension GridConfigLoader {
    public static let spoolKeys = ConfigSchema.keys("Spool")
    /// Bounds for `MaxFileSize=`: a file must hold a report; the whole file is read into memory.
    public static let spoolFileBytesRange: ClosedRange<Int64> = 1024...(256 << 20)
}

extension GridConfigFileLoader {
    /// `[Spool]`: sizes, durations and a count; an empty value resets the key to its default.
    mutating func loadSpool(_ sections: [IniSection]) -> SpoolSettings {
        var settings = SpoolSettings()
        let defaults = SpoolSettings()
        for section in sections {
            for entry in section.entries {
                guard known(entry, in: section, keys: GridConfigLoader.spoolKeys) else { continue }
                switch entry.key {
                case "MaxFileSize":
                    if entry.value.isEmpty { settings.maxFileBytes = defaults.maxFileBytes; continue }
                    switch SizeSyntax.parse(entry.value) {
                    case .success(let bytes) where GridConfigLoader.spoolFileBytesRange.contains(bytes):
                        settings.maxFileBytes = bytes
                    case .success:
                        problem(entry.line, "MaxFileSize=\(entry.value): expected a size between 1K and 256M")
                    case .failure(let error):
                        problem(entry.line, "MaxFileSize=\(entry.value): \(error.message)")
                    }
                case "RescanInterval", "TmpMaxAge", "IncompleteTimeout":
                    let field: WritableKeyPath<SpoolSettings, Int64> = switch entry.key {
                    case "RescanInterval": \.rescanIntervalMilliseconds
                    case "TmpMaxAge": \.tmpMaxAgeMilliseconds
                    default: \.incompleteTimeoutMilliseconds
                    }
                    if entry.value.isEmpty {
                        settings[keyPath: field] = defaults[keyPath: field]
                        continue
                    }
                    // The rescan also retries files left by transient errors: not more often than 100 ms.
                    let minimum: Int64 = entry.key == "RescanInterval" ? 100 : 1000
                    switch DurationSyntax.milliseconds(entry.value) {
                    case .success(let ms) where ms >= minimum:
                        settings[keyPath: field] = ms
                    case .success:
                        problem(entry.line, "\(entry.key)=\(entry.value): expected a duration of at least \(minimum == 100 ? "100ms" : "1s")")
                    case .failure(let error):
                        problem(entry.line, "\(entry.key)=\(entry.value): \(error.message)")
                    }
                default:  // MaxLinesPerFile
                    if let n = count(entry, default: defaults.maxLinesPerFile, range: 1...1_000_000) { settings.maxLinesPerFile = n }
                }
            }
        }
        return settings
    }
}

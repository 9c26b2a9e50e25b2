extension GridConfigLoader {
    public static let limitKeys = ConfigSchema.keys("Limits")
    /// Bounds for `MaxLineBytes=`: a line must hold a report; more than this is a memory hazard.
    public static let lineBytesRange: ClosedRange<Int64> = 1024...(64 << 20)
}

extension GridConfigFileLoader {
    /// `[Limits]`: sizes, a duration and counts; an empty value resets the key to its default.
    mutating func loadLimits(_ sections: [IniSection]) -> LimitSettings {
        var limits = LimitSettings()
        let defaults = LimitSettings()
        for section in sections {
            for entry in section.entries {
                guard known(entry, in: section, keys: GridConfigLoader.limitKeys) else { continue }
                switch entry.key {
                case "MaxLineBytes":
                    if entry.value.isEmpty { limits.maxLineBytes = defaults.maxLineBytes; continue }
                    switch SizeSyntax.parse(entry.value) {
                    case .success(let bytes) where GridConfigLoader.lineBytesRange.contains(bytes):
                        limits.maxLineBytes = Int(bytes)
                    case .success:
                        problem(entry.line, "MaxLineBytes=\(entry.value): expected a size between 1K and 64M")
                    case .failure(let error):
                        problem(entry.line, "MaxLineBytes=\(entry.value): \(error.message)")
                    }
                case "IdleTimeout":
                    if let ms = positiveDuration(entry, default: defaults.idleTimeoutMilliseconds) { limits.idleTimeoutMilliseconds = ms }
                case "RequestTimeout":
                    if let ms = positiveDuration(entry, default: defaults.requestTimeoutMilliseconds) {
                        limits.requestTimeoutMilliseconds = ms
                    }
                case "MaxConnections":
                    if let n = count(entry, default: defaults.maxConnections, range: 1...1_000_000) { limits.maxConnections = n }
                case "MaxConnectionsPerUser":
                    if let n = count(entry, default: defaults.maxConnectionsPerUser, range: 1...1_000_000) {
                        limits.maxConnectionsPerUser = n
                    }
                case "ReservedConnections":
                    if let n = count(entry, default: defaults.reservedConnections, range: 0...1_000_000) {
                        limits.reservedConnections = n
                    }
                case "GroupCommitMax":
                    if let n = count(entry, default: defaults.groupCommitMax, range: 1...100_000) { limits.groupCommitMax = n }
                case "MaxBatch":
                    if let n = count(entry, default: defaults.maxBatch, range: 1...100_000) { limits.maxBatch = n }
                case "MaxTitleLength":
                    if let n = count(entry, default: defaults.report.title, range: 1...100_000) { limits.report.title = n }
                case "MaxDescriptionLength":
                    if let n = count(entry, default: defaults.report.description, range: 1...1_000_000) {
                        limits.report.description = n
                    }
                case "MaxAddressLength":
                    if let n = count(entry, default: defaults.report.address, range: 1...100_000) { limits.report.address = n }
                case "MaxKeyLength":
                    if let n = count(entry, default: defaults.report.key, range: 1...100_000) { limits.report.key = n }
                case "MaxReporterNameLength":
                    if let n = count(entry, default: defaults.report.reporterName, range: 1...100_000) {
                        limits.report.reporterName = n
                    }
                case "TailBacklog":
                    if let n = count(entry, default: defaults.tailBacklog, range: 0...1_000_000) { limits.tailBacklog = n }
                case "TailQueue":
                    if let n = count(entry, default: defaults.tailQueue, range: 1...1_000_000) { limits.tailQueue = n }
                case "StopTimeout":
                    if let ms = positiveDuration(entry, default: defaults.stopTimeoutMilliseconds) { limits.stopTimeoutMilliseconds = ms }
                default: break
                }
            }
        }
        return limits
    }

    /// A duration greater than zero (`IdleTimeout=`, `RequestTimeout=`, `StopTimeout=`), in milliseconds; the
    /// default for an empty value; nil after reporting a problem.
    private mutating func positiveDuration(_ entry: IniEntry, default value: Int64) -> Int64? {
        if entry.value.isEmpty { return value }
        switch DurationSyntax.milliseconds(entry.value) {
        case .success(let ms) where ms > 0:
            return ms
        case .success:
            problem(entry.line, "\(entry.key)=\(entry.value): expected a duration greater than zero")
        case .failure(let error):
            problem(entry.line, "\(entry.key)=\(entry.value): \(error.message)")
        }
        return nil
    }
}

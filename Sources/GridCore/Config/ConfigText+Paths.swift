/// Path helpers of the config parsers: resolving a relative path and taking its directory.
extension ConfigText {
    /// `path` made absolute against `base` (if relative) and normalized lexically: `.` and empty
    /// components dropped, `..` removes the previous component (never above `/`).
    static func resolve(_ path: String, against base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The directory part of an absolute, normalized path (`/` for `/x`).
    static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}

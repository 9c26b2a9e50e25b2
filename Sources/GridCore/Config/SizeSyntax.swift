/// The size syntax of systemd (`65536`, `64K`, `64KiB`, `1M`, `1.5M`): a number of bytes with an
/// optional binary suffix. `K`, `M`, `G`, `T` and `KiB`, `MiB`, `GiB`, `TiB` are powers of 1024
/// (case-insensitive); `B` means bytes. `KB`, `MB`, ... are refused as ambiguous (1000 or 1024?).
/// A decimal must come to a whole number of bytes.
public enum SizeSyntax {
    static let multipliers: [(symbols: [String], factor: Int64)] = [
        (["", "b"], 1),
        (["k", "kib"], 1 << 10),
        (["m", "mib"], 1 << 20),
        (["g", "gib"], 1 << 30),
        (["t", "tib"], 1 << 40),
    ]

    /// Parses `text` to a number of bytes.
    public static func parse(_ text: String) -> Result<Int64, ValueSyntaxError> {
        let expected = "expected a size such as 65536, 64K, 64KiB or 1M"
        let trimmed = ConfigText.trim(text)
        guard !trimmed.isEmpty else { return .failure(ValueSyntaxError("empty size; \(expected)")) }
        if trimmed.hasPrefix("-") { return .failure(ValueSyntaxError("negative size \(ConfigText.quoted(text)); \(expected)")) }
        let scalars = Array(trimmed.unicodeScalars)
        var split = 0
        while split < scalars.count, ("0"..."9").contains(scalars[split]) || scalars[split] == "." { split += 1 }
        let number = String(String.UnicodeScalarView(scalars[..<split]))
        let suffix = ConfigText.trim(String(String.UnicodeScalarView(scalars[split...])))
        guard let decimal = ConfigDecimal(number) else {
            return .failure(ValueSyntaxError("invalid size \(ConfigText.quoted(text)); \(expected)"))
        }
        let lower = suffix.lowercased()
        guard let factor = multipliers.first(where: { $0.symbols.contains(lower) })?.factor else {
            if ["kb", "mb", "gb", "tb"].contains(lower) {
                let binary = String(suffix.prefix(1)).uppercased()
                return .failure(ValueSyntaxError(
                    "size \(ConfigText.quoted(text)): \(suffix) is ambiguous; write \(number)\(binary) or \(number)\(binary)iB (powers of 1024)"))
            }
            return .failure(ValueSyntaxError(
                "size \(ConfigText.quoted(text)): unknown unit \(ConfigText.quoted(suffix)); units are B, K, M, G, T (or KiB, MiB, GiB, TiB)"))
        }
        guard let bytes = decimal.times(factor) else {
            if decimal.fractionDigits > 0 && !decimal.overflowed(factor) {
                return .failure(ValueSyntaxError("size \(ConfigText.quoted(text)) is not a whole number of bytes"))
            }
            return .failure(ValueSyntaxError("size \(ConfigText.quoted(text)) is too large"))
        }
        return .success(bytes)
    }

    /// Formats bytes with the largest binary suffix that divides them exactly: 65536 → `64K`,
    /// 1048576 → `1M`, 1000 → `1000`. The result parses back to the same value.
    public static func format(bytes: Int64) -> String {
        for (symbol, factor) in [("T", Int64(1) << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)]
        where bytes != 0 && bytes % factor == 0 {
            return "\(bytes / factor)\(symbol)"
        }
        return "\(bytes)"
    }
}

/// The content digest of a report: what "the same report" means for an idempotency key.
///
/// It exists because a key alone cannot tell a retry from a new report that reuses a key: the
/// store keeps this digest beside the key, and a second report with the same key from the same
/// submitter is "the same" only if its digest matches (otherwise it is refused with `key_conflict`).
///
/// The digest covers the report as decoded, not as sent (whitespace, field order and JSON escapes
/// do not matter): category, priority as given (absent differs from the category's default),
/// title, description, place (location, cell or community, as given), address, reporter name and
/// phone, `reported_at` to the millisecond, and the channel when one is given. The key itself is not part of it. Each field is
/// encoded with a tag and a length (an unambiguous encoding: no two reports share one), then
/// hashed with SHA-256.
public enum ReportDigest {
    /// The 32-byte SHA-256 digest of `report`'s content.
    public static func digest(_ report: Report) -> [UInt8] {
        SHA256.hash(encoding(report))
    }

    /// The canonical bytes that are hashed (a version tag first, so that a change of the encoding
    /// can never match digests stored by an older one by accident).
    static func encoding(_ report: Report) -> [UInt8] {
        var bytes = Array("gridd-report-digest-1".utf8)
        bytes.reserveCapacity(256)
        append(&bytes, tag: 1, report.category)
        append(&bytes, tag: 2, report.priority?.rawValue)
        append(&bytes, tag: 3, report.title)
        append(&bytes, tag: 4, report.description)
        switch report.place {
        case .location(let point):
            bytes.append(5)
            appendWord(&bytes, canonical(point.lat).bitPattern)
            appendWord(&bytes, canonical(point.lon).bitPattern)
        case .cell(let code):
            append(&bytes, tag: 6, code)
        case .community(let code):
            append(&bytes, tag: 7, code)
        }
        append(&bytes, tag: 8, report.address)
        append(&bytes, tag: 9, report.reporter?.name)
        append(&bytes, tag: 10, report.reporter?.phone)
        if let reportedAt = report.reportedAt {
            bytes.append(11)
            appendWord(&bytes, UInt64(bitPattern: reportedAt.milliseconds))
        } else {
            bytes.append(12)
        }
        // Only when given, so a report without a channel keeps the digest it had before channels.
        if let channel = report.channel { append(&bytes, tag: 13, channel.rawValue) }
        return bytes
    }

    /// A text field: its tag, then either 0 (absent) or 1, its UTF-8 length and its bytes.
    private static func append(_ bytes: inout [UInt8], tag: UInt8, _ text: String?) {
        bytes.append(tag)
        guard let text else {
            bytes.append(0)
            return
        }
        bytes.append(1)
        let utf8 = text.utf8
        appendWord(&bytes, UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    private static func appendWord(_ bytes: inout [UInt8], _ word: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }

    /// -0.0 and 0.0 are the same coordinate.
    private static func canonical(_ value: Double) -> Double { value == 0 ? 0 : value }
}

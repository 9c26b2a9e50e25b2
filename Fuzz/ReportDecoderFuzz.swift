import GridCore

/// libFuzzer target: bytes → `JSONParser` → `ReportDecoder`, as a spool file or the report of a
/// `submit` is read, plus the small parsers a report's strings go through (RFC 3339 times, cell
/// and unit codes, phone numbers). Besides "no crash, no hang", it checks that JSON serialization
/// is stable (what the daemon writes parses back and serializes the same), that a decoded
/// report's text fields keep their limits, and that a parsed time prints and parses back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReportDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let value: JSONValue
    do {
        value = try JSONParser.parse(buffer: UnsafeBufferPointer(start: data, count: size))
    } catch {
        FuzzChecks.require(error.offset >= 0 && error.offset <= size, "error offset \(error.offset) outside the input")
        return 0
    }
    FuzzChecks.serializationIsStable(value)
    let decoder = ReportDecoder()
    if let report = try? decoder.decode(value) {
        let limits = decoder.limits
        for (text, limit) in [(report.title, limits.title), (report.description, limits.description), (report.address, limits.address),
                              (report.key, limits.key), (report.reporter?.name, limits.reporterName), (report.reporter?.phone, limits.phone)] {
            FuzzChecks.require((text?.unicodeScalars.count ?? 0) <= limit, "a decoded field is over its limit")
        }
        if let phone = report.reporter?.phone { _ = PhoneNumber.masked(phone) }
    }
    FuzzChecks.forEachString(in: value) { text in
        if let time = Timestamp(rfc3339: text) {
            FuzzChecks.require(Timestamp(rfc3339: time.description) == time, "\(text) → \(time) does not parse back")
        }
        if let cell = CellCode(text) { FuzzChecks.require(cell.community.contains(cell), "cell \(cell) outside its community") }
        if let unit = UnitCode(text), let parent = unit.parent { FuzzChecks.require(parent.contains(unit), "unit \(unit) outside its parent") }
        _ = Category.isWellFormedCode(text)
        _ = PhoneNumber.isPlausible(text)
    }
    return 0
}

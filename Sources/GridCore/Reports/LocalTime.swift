/// An instant with the UTC offset of the working calendar's zone at that instant, so reports show
/// local times (`2026-05-01T00:00:00.000+08:00`) that parse back to the same instant.
public struct LocalTime: Sendable, Equatable, CustomStringConvertible {
    public var instant: Timestamp
    public var utcOffsetSeconds: Int

    public init(_ instant: Timestamp, utcOffsetSeconds: Int) {
        self.instant = instant
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    public init(_ instant: Timestamp, calendar: WorkingCalendar) {
        self.init(instant, utcOffsetSeconds: calendar.utcOffsetSeconds(at: instant))
    }

    /// Parses RFC 3339 and keeps its offset (`Z` is 0).
    public init?(rfc3339 text: String) {
        guard let instant = Timestamp(rfc3339: text) else { return nil }
        var offset = 0
        let bytes = Array(text.utf8)
        if let last = bytes.last, last != UInt8(ascii: "Z"), last != UInt8(ascii: "z"), bytes.count >= 6 {
            let sign = bytes[bytes.count - 6]
            let hours = Int(bytes[bytes.count - 5] - 48) * 10 + Int(bytes[bytes.count - 4] - 48)
            let minutes = Int(bytes[bytes.count - 2] - 48) * 10 + Int(bytes[bytes.count - 1] - 48)
            offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        self.init(instant, utcOffsetSeconds: offset)
    }

    public var description: String { instant.rfc3339(utcOffsetSeconds: utcOffsetSeconds) }

    /// The local calendar date and the minute of that day.
    public var wallClock: (date: CivilDate, minuteOfDay: Int) {
        let local = floorDivide(instant.milliseconds, 1000) + Int64(utcOffsetSeconds)
        let days = floorDivide(local, 86_400)
        return (CivilDate(daysSinceEpoch: days), Int(local - days * 86_400) / 60)
    }

    /// The local date and time without seconds, e.g. `2026-05-01 09:30`.
    public var minuteText: String {
        let text = description
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }
}

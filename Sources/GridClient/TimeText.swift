import GridCore

/// A time from the daemon's answer as people read it: the wall clock of the UTC offset the wire
/// time carries (the calendar's zone, whatever it is: nothing here assumes +08:00), the instant,
/// and the offset. Older records written in UTC (`Z`) have no zone of their own: they are read
/// at the offset of the answer's `now`, so one table does not mix zones.
struct WireTime: Equatable {
    /// The instant with the offset it was written at (0 for `Z`).
    let time: LocalTime
    /// Seconds east of UTC; nil for a time written in UTC (`Z`).
    let offsetSeconds: Int?

    var instant: Timestamp { time.instant }

    init?(_ text: String) {
        guard let time = LocalTime(rfc3339: text) else { return nil }
        self.time = time
        let last = text.utf8.last
        offsetSeconds = last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") ? nil : time.utcOffsetSeconds
    }

    init?(_ value: JSONValue?) {
        guard let text = value?.stringValue else { return nil }
        self.init(text)
    }

    /// The local date and the minute of the day at `offset` (the time's own when it has one).
    func wallClock(fallbackOffset: Int?) -> (date: CivilDate, minuteOfDay: Int) {
        LocalTime(instant, utcOffsetSeconds: offsetSeconds ?? fallbackOffset ?? 0).wallClock
    }
}

/// gridctl's times for people: `12-07 10:30` (the year only when it is not the daemon's current
/// year: `2027-01-04 09:00`) and the time left or overdue (`剩余 2 小时`, `超期 1 天`; `2 h left`,
/// `1 d overdue`), both against the daemon's `now` (it may run a drill clock), never this
/// machine's clock. `--json` keeps the full RFC 3339 times.
enum TimeText {
    /// `text` (an RFC 3339 wire time) in the compact form, at its own offset (or `now`'s for a
    /// UTC time); text that is not a time is shown as it is, `-` for none.
    static func compact(_ value: JSONValue?, now: WireTime?) -> String {
        guard let value, value != .null else { return "-" }
        guard let time = WireTime(value) else { return value.text }
        let (date, minute) = time.wallClock(fallbackOffset: now?.offsetSeconds)
        let clock = "\(twoDigits(minute / 60)):\(twoDigits(minute % 60))"
        let day = "\(twoDigits(date.month))-\(twoDigits(date.day))"
        if let now, now.wallClock(fallbackOffset: nil).date.year == date.year { return "\(day) \(clock)" }
        return "\(date.year)-\(day) \(clock)"
    }

    /// How long until `due`, or how long past it, at `now` (`span`); nil without either time.
    static func remaining(_ due: JSONValue?, now: WireTime?, _ language: Language) -> String? {
        guard let due = WireTime(due), let now else { return nil }
        let delta = due.instant.milliseconds - now.instant.milliseconds
        let key = delta > 0 ? "time.left" : "time.over"
        return Messages.text(key, language, ["span": span(milliseconds: delta, language)])
    }

    /// A length of time as people say it: minutes under an hour, hours under a day, else days —
    /// whole units, rounded down, at least 1 (`2 小时`, `2 h`).
    static func span(milliseconds: Int64, _ language: Language) -> String {
        let minutes = abs(milliseconds) / 60_000
        let (count, unit): (Int64, String) = minutes < 60 ? (minutes, "min") : minutes < 1440 ? (minutes / 60, "h") : (minutes / 1440, "d")
        return Messages.text("time.span.\(unit)", language, ["n": String(max(count, 1))])
    }

    /// `12-07 10:30 (剩余 2 小时)`: a deadline for `show`, with what is left of it.
    static func deadline(_ due: JSONValue?, now: WireTime?, _ language: Language) -> String {
        let time = compact(due, now: now)
        guard let left = remaining(due, now: now, language) else { return time }
        return Messages.text("time.withLeft", language, ["time": time, "left": left])
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

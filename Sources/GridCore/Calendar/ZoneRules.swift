import Foundation

/// A time zone's UTC offsets, and the mapping from local wall-clock time to instants.
///
/// It exists to keep Foundation's `TimeZone` (the tz database) behind two small functions with
/// a documented answer for wall-clock times that a DST change skips or repeats:
/// - a time in a gap (spring forward, e.g. 02:30 on 2026-03-29 in Europe/Berlin) does not exist;
///   it maps to the instant of the transition (03:00 local, the first instant after the gap), so
///   an office interval inside a gap is empty and one across it is shortened;
/// - a time in an overlap (fall back, e.g. 02:30 on 2026-10-25 in Europe/Berlin) happens twice;
///   it maps to its first occurrence (the earlier instant, still in summer time).
/// The mapping is monotonic, so office intervals stay ordered after conversion.
///
/// Offsets are read from the tz database once, at construction, into a table of the zone's changes
/// from 1970 to 2100 (`OffsetTable`); asking ICU for each one cost a lock and a conversion every
/// time, a tenth of the CPU of an intake once case deadlines added two more working-time sums per
/// case. Instants outside the table ask the zone.
struct ZoneRules: Sendable, Equatable {
    let zone: TimeZone
    private let table: OffsetTable?

    private static let dayMilliseconds: Int64 = 86_400_000

    init(zone: TimeZone) {
        self.zone = zone
        table = OffsetTable(zone: zone)
    }

    /// The UTC offset at `milliseconds` since the epoch, in milliseconds.
    func offset(at milliseconds: Int64) -> Int64 {
        table?.offset(at: milliseconds) ?? Self.zoneOffset(zone, at: milliseconds)
    }

    /// The zone's own answer (ICU). Offsets change at whole seconds; dividing by 1000 in Double
    /// never crosses one.
    static func zoneOffset(_ zone: TimeZone, at milliseconds: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(milliseconds) / 1000))) * 1000
    }

    /// The instants in `range` at which the zone's rules say its offset may change (ascending);
    /// from the tz database (`nextDaylightSavingTimeTransition`), read once by the caller.
    func changes(in range: Range<Int64>) -> [Int64] {
        var instants: [Int64] = []
        var after = Date(timeIntervalSince1970: Double(range.lowerBound) / 1000)
        while let next = zone.nextDaylightSavingTimeTransition(after: after) {
            let instant = Int64((next.timeIntervalSince1970 * 1000).rounded())
            let previous = instants.last ?? range.lowerBound - 1
            guard range.upperBound > instant, instant > previous else { break }
            instants.append(instant)
            after = next
        }
        return instants
    }

    /// The local date at an instant.
    func localDate(at milliseconds: Int64) -> CivilDate {
        let local = milliseconds + offset(at: milliseconds)
        return CivilDate(daysSinceEpoch: floorDivide(local, Self.dayMilliseconds))
    }

    /// The instant of a local wall-clock time, given as milliseconds since the local epoch
    /// (days since 1970-01-01 × 86 400 000 + milliseconds since local midnight). Assumes at most
    /// one offset change within a day of that time, which holds for every zone in the tz database.
    func instant(local: Int64) -> Int64 {
        let before = offset(at: local - Self.dayMilliseconds)
        let after = offset(at: local + Self.dayMilliseconds)
        let early = local - before, late = local - after
        let earlyValid = offset(at: early) == before
        if before == after, earlyValid { return early }
        let lateValid = offset(at: late) == after
        switch (earlyValid, lateValid) {
        case (true, true): return min(early, late)  // overlap: the first occurrence
        case (true, false): return early
        case (false, true): return late
        case (false, false): return transition(between: min(early, late), and: max(early, late))
        }
    }

    /// The first instant in `(low, high]` whose offset differs from the offset at `low`.
    private func transition(between low: Int64, and high: Int64) -> Int64 {
        let initial = offset(at: low)
        var low = low, high = high
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: middle) == initial { low = middle } else { high = middle }
        }
        return high
    }
}

/// Division rounding toward negative infinity (instants before 1970 have negative milliseconds).
func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
}

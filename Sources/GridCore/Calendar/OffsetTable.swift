import Foundation

/// A time zone's UTC offsets from 1970 to 2100 as a sorted table of its changes, so that an offset
/// is a binary search instead of a call into ICU (which locks and converts each time).
///
/// Built from `TimeZone.nextDaylightSavingTimeTransition(after:)`, then checked against the zone
/// itself every 7 days and on both sides of every change: a zone whose changes the walk misses
/// (or one with more than `maximumChanges`) gets no table (nil), and its offsets are asked of ICU
/// as before — slower, never wrong.
struct OffsetTable: Sendable, Equatable {
    /// Instants (ms since the epoch) at which the offset changes, ascending.
    private let changes: [Int64]
    /// `offsets[0]` before `changes[0]`; `offsets[i + 1]` from `changes[i]` on.
    private let offsets: [Int64]

    static let start: Int64 = 0
    static let end: Int64 = 4_102_444_800_000  // 2100-01-01T00:00:00Z
    private static let maximumChanges = 1_000
    private static let checkEvery: Int64 = 7 * 86_400_000

    init?(zone: TimeZone) {
        var changes: [Int64] = []
        var offsets = [ZoneRules.zoneOffset(zone, at: Self.start)]
        var after = Date(timeIntervalSince1970: Double(Self.start) / 1000)
        while let next = zone.nextDaylightSavingTimeTransition(after: after) {
            let instant = Int64((next.timeIntervalSince1970 * 1000).rounded())
            guard instant < Self.end else { break }
            guard instant > (changes.last ?? Self.start), changes.count < Self.maximumChanges else { return nil }
            changes.append(instant)
            offsets.append(ZoneRules.zoneOffset(zone, at: instant))
            after = next
        }
        self.changes = changes
        self.offsets = offsets
        guard agrees(with: zone) else { return nil }
    }

    /// The offset at `milliseconds`, or nil outside the table's years.
    func offset(at milliseconds: Int64) -> Int64? {
        guard milliseconds >= Self.start, milliseconds < Self.end else { return nil }
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle] <= milliseconds { low = middle + 1 } else { high = middle }
        }
        return offsets[low]
    }

    /// The table says what the zone says: every 7 days, and a millisecond before and at every change.
    private func agrees(with zone: TimeZone) -> Bool {
        var probes = stride(from: Self.start, to: Self.end, by: Int(Self.checkEvery)).map { $0 }
        for change in changes { probes += [change - 1, change] }
        return probes.allSatisfy { offset(at: $0) == ZoneRules.zoneOffset(zone, at: $0) }
    }
}

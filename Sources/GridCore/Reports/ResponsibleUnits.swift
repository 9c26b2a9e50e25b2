/// The responsible-unit view (责任单位) of a report: per unit that held a window, what it was given
/// and what it did with it, in the report's range and in the period before it (环比).
///
/// - **windows** 立案/受理/处置时限: register, ack and resolve windows the unit was given in the
///   period — started by `reported` with a register window (the centre's), `dispatched`,
///   `registered`, `acknowledged`, `reopened`, `transferred`, `escalated_by_hand` (when they
///   happened) and `escalated` (when the missed window fell due: the new one starts then);
/// - **overdue** 超期: windows it missed in the period (`overdue` events of a register, ack, resolve
///   or verify window, charged to `charged_unit`);
/// - **supervised** 督办: `supervised` events at the unit; **approved**, **denied**: its requests
///   decided (`WindowCounts`);
/// - **resolved_in_window** 按时处置: resolves in the period within the unit's own resolve window
///   (`on_time` of the `resolved` event).
///
/// These are the windows and charges of `CaseWindows` (what `show` lists), counted per unit:
/// `CaseWindows.unitCounts(in:)` derives the same figures from a case's whole timeline, and a test
/// holds the two to each other on lifecycles played out. The report counts them event by event
/// (`add`), in any order, so the store needs no per-case pass and no timeline in memory: one read of
/// the events table, as for the territory view.
public struct WindowCounts: Sendable, Equatable {
    public var windows = 0
    public var overdue = 0
    public var resolvedInWindow = 0
    /// 督办 received: `supervised` events at the unit (the holder held to account).
    public var supervised = 0
    /// 延期/缓办/挂账 requests of the unit decided: `approved` and `denied` events at the unit
    /// (the holder when decided: one request is open at a time, filed by or for the holder),
    /// without the approvals the schema 5 migration wrote for older deferrals (`migrated`).
    public var approved = 0
    public var denied = 0

    public init(windows: Int = 0, overdue: Int = 0, resolvedInWindow: Int = 0, supervised: Int = 0, approved: Int = 0, denied: Int = 0) {
        self.windows = windows
        self.overdue = overdue
        self.resolvedInWindow = resolvedInWindow
        self.supervised = supervised
        self.approved = approved
        self.denied = denied
    }

    public var isEmpty: Bool { self == WindowCounts() }

    mutating func add(_ other: WindowCounts) {
        windows += other.windows
        overdue += other.overdue
        resolvedInWindow += other.resolvedInWindow
        supervised += other.supervised
        approved += other.approved
        denied += other.denied
    }
}

/// The counts of the responsible-unit view, by unit, for both periods of a report.
public struct ResponsibleUnitTally: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var current = WindowCounts()
        public var previous = WindowCounts()

        public init(current: WindowCounts = WindowCounts(), previous: WindowCounts = WindowCounts()) {
            self.current = current
            self.previous = previous
        }
    }

    public private(set) var units: [UnitCode: Counts] = [:]

    public init() {}

    /// When an event counts in this view (nil: it does not): the start of the window it gives,
    /// the time of a miss, the time of a resolve within its window.
    @inline(__always)
    public static func instant(of event: ReportEvent) -> Timestamp? {
        switch event.kind {
        case .dispatched, .acknowledged, .reopened, .transferred, .registered, .escalatedByHand, .supervised: return event.at
        case .reported: return event.flagged ? event.at : nil
        case .escalated: return event.due ?? event.at
        case .overdue: return event.isCharge ? event.at : nil
        case .resolved: return event.onTime ? event.at : nil
        case .approved, .denied: return event.isDecision ? event.at : nil
        default: return nil
        }
    }

    /// Counts `event` for the unit it gives a window to or charges (`charged_unit` of a miss, the
    /// centre of a register window, else `unit`, the event's own), in `period` (from `instant(of:)`).
    public mutating func add(_ event: ReportEvent, unit: UnitCode, period: ReportPeriods.Period) {
        let owner = event.kind == .overdue || event.kind == .reported ? event.chargedUnit ?? unit : unit
        var counts = WindowCounts()
        switch event.kind {
        case .overdue: counts.overdue = 1
        case .resolved: counts.resolvedInWindow = 1
        case .supervised: counts.supervised = 1
        case .approved: counts.approved = 1
        case .denied: counts.denied = 1
        default: counts.windows = 1
        }
        add(counts, to: owner, period: period)
    }

    mutating func add(_ counts: WindowCounts, to unit: UnitCode, period: ReportPeriods.Period) {
        if period == .current {
            units[unit, default: Counts()].current.add(counts)
        } else {
            units[unit, default: Counts()].previous.add(counts)
        }
    }

    /// Folds in what another part of the same report counted.
    public mutating func merge(_ other: ResponsibleUnitTally) {
        for (unit, counts) in other.units {
            add(counts.current, to: unit, period: .current)
            add(counts.previous, to: unit, period: .previous)
        }
    }
}

extension CaseWindows {
    /// The responsible-unit figures of this case in `range`, from its windows and charges: windows
    /// started in it, charges recorded in it, resolve windows met in it by their due.
    public func unitCounts(in range: ReportRange) -> [UnitCode: WindowCounts] {
        var result: [UnitCode: WindowCounts] = [:]
        for window in windows {
            if range.contains(window.started) { result[window.unit, default: WindowCounts()].windows += 1 }
            if window.window == .resolve, window.outcome == .met, let ended = window.ended, range.contains(ended),
                window.due.map({ ended <= $0 }) ?? true
            {
                result[window.unit, default: WindowCounts()].resolvedInWindow += 1
            }
        }
        for charge in charges where range.contains(charge.at) {
            result[charge.unit, default: WindowCounts()].overdue += 1
        }
        return result
    }
}

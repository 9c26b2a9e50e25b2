/// Every window a case was given and what became of it, and its 超期 charges: derived from its
/// events alone, in one pure pass, for `show` (the `windows` and `charges` of its JSON) and the
/// reports (by responsible unit) alike.
///
/// A window is one ack (受理) or resolve (处置) time limit held by one unit at one tier:
/// - `dispatched` starts an ack window at its tier and unit (due: `ack_due`); `escalated` one at
///   the new tier (started when the missed one fell due, as the lifecycle counts it); `transferred`
///   one at the new unit; `acknowledged` and `reopened` start a resolve window (due: `next_due`);
/// - `acknowledged` and `resolved` end the running window: `met`;
/// - an `overdue` event of an ack or resolve window ends it: `missed` (超期). A database from
///   before case deadlines has its `escalated` events without one before them (the migration
///   appended them at the end of the trail, marked `migrated`): there the escalation itself ends
///   the window as missed, and the migrated event only adds the charge;
/// - `transferred` and `cancelled` end it with no verdict: `ended`; a window still open is
///   `running` (also while deferred: `resumed` and `extended` move its `due`).
///
/// A charge is an `overdue` event of an ack or resolve window: the unit and tier it charges
/// (`charged_unit`, `charged_tier`; the event's own unit and tier for events written before those
/// fields existed), the window, when it fell due and when it was recorded. A missed verification
/// window charges nobody.
public struct CaseWindows: Sendable, Equatable {
    public struct Window: Sendable, Equatable {
        public enum Outcome: String, Sendable {
            case met, missed, running, ended
        }

        public var tier: Tier
        public var unit: UnitCode
        /// `ack` or `resolve`.
        public var window: IncidentTimers.Window
        public var started: Timestamp
        public var due: Timestamp?
        public var ended: Timestamp?
        public var outcome: Outcome

        public init(
            tier: Tier, unit: UnitCode, window: IncidentTimers.Window, started: Timestamp, due: Timestamp?,
            ended: Timestamp? = nil, outcome: Outcome = .running
        ) {
            self.tier = tier
            self.unit = unit
            self.window = window
            self.started = started
            self.due = due
            self.ended = ended
            self.outcome = outcome
        }
    }

    /// One 超期, charged for good to the unit that held the missed window.
    public struct Charge: Sendable, Equatable {
        public var unit: UnitCode
        public var tier: Tier
        public var window: IncidentTimers.Window
        /// When the window fell due, and when the miss was recorded.
        public var due: Timestamp?
        public var at: Timestamp

        public init(unit: UnitCode, tier: Tier, window: IncidentTimers.Window, due: Timestamp?, at: Timestamp) {
            self.unit = unit
            self.tier = tier
            self.window = window
            self.due = due
            self.at = at
        }
    }

    public var windows: [Window] = []
    public var charges: [Charge] = []

    public init(windows: [Window] = [], charges: [Charge] = []) {
        self.windows = windows
        self.charges = charges
    }

    /// The windows and charges of a case from its events, in `seq` order. Charges come in the
    /// order the windows fell due (a migrated one was appended after later events).
    public static func from(events: [IncidentEvent]) -> CaseWindows {
        var result = CaseWindows()
        for event in events { result.absorb(event) }
        result.charges = result.charges.enumerated()
            .sorted { ($0.element.due ?? $0.element.at, $0.offset) < ($1.element.due ?? $1.element.at, $1.offset) }
            .map(\.element)
        return result
    }

    private var running: Int? {
        guard let last = windows.indices.last, windows[last].outcome == .running else { return nil }
        return last
    }

    private mutating func end(_ outcome: Window.Outcome, at: Timestamp) {
        guard let index = running else { return }
        windows[index].outcome = outcome
        windows[index].ended = at
    }

    private mutating func start(_ window: IncidentTimers.Window, _ event: IncidentEvent, from: Timestamp, dueKey: String) {
        windows.append(Window(tier: event.tier, unit: event.unit, window: window, started: from, due: Self.time(event.detail[dueKey])))
    }

    private mutating func absorb(_ event: IncidentEvent) {
        switch event.kind {
        case .dispatched:
            start(.ack, event, from: event.at, dueKey: "ack_due")
        case .acknowledged:
            end(.met, at: event.at)
            start(.resolve, event, from: event.at, dueKey: "next_due")
        case .resolved:
            end(.met, at: event.at)
        case .reopened:
            start(.resolve, event, from: event.at, dueKey: "next_due")
        case .overdue:
            guard let window = Self.chargeableWindow(event) else { return }
            addCharge(event, window: window)
            if event.detail["migrated"]?.boolValue != true { end(.missed, at: event.due ?? event.at) }
        case .escalated:
            end(.missed, at: event.due ?? event.at)  // only a database from before 超期 events
            start(.ack, event, from: event.due ?? event.at, dueKey: "next_due")
        case .transferred, .escalatedByHand:
            // Re-routed, or handed up by hand (主动上报): the window ends without a miss; the new
            // holder's ack window starts.
            end(.ended, at: event.at)
            start(.ack, event, from: event.at, dueKey: "next_due")
        case .cancelled, .closed:
            end(.ended, at: event.at)
        case .resumed, .extended:
            if let index = running, let due = Self.time(event.detail["next_due"]) { windows[index].due = due }
        case .reported:
            // The register window (立案时限), held by the city's centre (`register_unit`).
            guard event.detail["register_due"] != nil else { return }
            var held = event
            if let centre = event.detail["register_unit"]?.stringValue.flatMap(UnitCode.init) {
                held.unit = centre
                held.tier = .city
            }
            start(.register, held, from: event.at, dueKey: "register_due")
        case .registered:
            end(.met, at: event.at)
            start(.ack, event, from: event.at, dueKey: "ack_due")
        case .rejected:
            end(.met, at: event.at)
        case .deferred, .suspended, .note, .warning, .reminded, .requested, .approved, .denied, .supervised, .visited:
            break
        }
    }

    private mutating func addCharge(_ event: IncidentEvent, window: IncidentTimers.Window) {
        let unit = event.detail["charged_unit"]?.stringValue.flatMap(UnitCode.init) ?? event.unit
        let tier = event.detail["charged_tier"]?.stringValue.flatMap { Tier(name: $0) } ?? event.tier
        charges.append(Charge(unit: unit, tier: tier, window: window, due: event.due, at: event.at))
    }

    /// The window an `overdue` event charges for: register, ack or resolve; a missed verification
    /// since issue 14 (it names its `charged_unit`, the verifying unit; before, it charged nobody).
    private static func chargeableWindow(_ event: IncidentEvent) -> IncidentTimers.Window? {
        guard let name = event.detail["window"]?.stringValue, let window = IncidentTimers.Window(rawValue: name),
            window != .verify || event.detail["charged_unit"] != nil
        else { return nil }
        return window
    }

    private static func time(_ value: JSONValue?) -> Timestamp? {
        value?.stringValue.flatMap { Timestamp(rfc3339: $0) }
    }
}

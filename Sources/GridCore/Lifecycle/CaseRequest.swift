/// An open request on a case (延期/缓办/挂账 申请), filed by a worker of the holding unit and decided by
/// an operator or a worker of a unit above the holder. It is not a state: the case keeps its state
/// and its clocks run until the request is approved or denied. One open request per case (the
/// `request` column of `incidents`); every step of it is an event (`requested`, `approved`, `denied`).
public struct CaseRequest: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, CustomStringConvertible {
        /// 延期: move the running window's end and the case deadline by `by`.
        case extend
        /// 缓办: pause the case until `resume` or `until`.
        case `defer`
        /// 挂账: suspend the case (timers stop, out of the on-time denominators) until `resume`.
        case suspend

        /// 延期, 缓办, 挂账.
        public var chineseName: String {
            switch self {
            case .extend: return "延期"
            case .defer: return "缓办"
            case .suspend: return "挂账"
            }
        }

        public var description: String { rawValue }
    }

    public var kind: Kind
    /// For 延期: by how much (working or calendar time, as written).
    public var by: PolicyDuration?
    /// For 缓办: when the pause ends by itself (nil: until `resume`).
    public var until: Timestamp?
    /// Why (required).
    public var note: String
    /// Who asked, and when.
    public var requestedBy: Actor
    public var at: Timestamp

    public init(kind: Kind, by: PolicyDuration? = nil, until: Timestamp? = nil, note: String, requestedBy: Actor, at: Timestamp) {
        self.kind = kind
        self.by = by
        self.until = until
        self.note = note
        self.requestedBy = Actor(uid: requestedBy.uid, name: requestedBy.name)
        self.at = at
    }
}

extension CaseRequest {
    /// The stored form (the `request` column): `{"kind": "extend", "by": "2wd", "note": …, "uid":
    /// 1001, "name": "wang", "at": <ms>}`, `until` (ms) for a 缓办 with an end; durations in the
    /// policy syntax, times in milliseconds like every column.
    public var json: JSONValue {
        var object = JSONObject()
        object.appendUnchecked("kind", .string(kind.rawValue))
        if let by { object.appendUnchecked("by", .string(PolicyDurationSyntax.format(by))) }
        if let until { object.appendUnchecked("until", .int(until.milliseconds)) }
        object.appendUnchecked("note", .string(note))
        object.appendUnchecked("uid", .int(Int64(requestedBy.uid)))
        if let name = requestedBy.name { object.appendUnchecked("name", .string(name)) }
        object.appendUnchecked("at", .int(at.milliseconds))
        return .object(object)
    }

    /// Reads the stored form back; nil when it is not one.
    public init?(json: JSONValue) {
        guard let object = json.objectValue,
            let kind = object["kind"]?.stringValue.flatMap(Kind.init(rawValue:)),
            let note = object["note"]?.stringValue,
            let uidValue = object["uid"]?.intValue, let uid = UInt32(exactly: uidValue),
            let at = object["at"]?.intValue
        else { return nil }
        var by: PolicyDuration?
        if let text = object["by"]?.stringValue {
            guard case .success(let parsed) = PolicyDurationSyntax.parse(text) else { return nil }
            by = parsed
        }
        let until = object["until"]?.intValue.map(Timestamp.init(milliseconds:))
        self.init(
            kind: kind, by: by, until: until, note: note,
            requestedBy: Actor(uid: uid, name: object["name"]?.stringValue), at: Timestamp(milliseconds: at))
    }
}

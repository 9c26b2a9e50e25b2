import GridCore

/// One logfmt line of the dispatch log: `ts=… level=… event=… key=value …`.
/// Values with spaces, quotes or `=` are quoted; phone numbers never appear unmasked
/// (callers pass reporters through `PhoneNumber.masked`).
public struct LogLine: Sendable {
    public enum Level: String, Sendable, Comparable {
        case debug, info, notice, warning, error

        /// The syslog priority used in `<N>` prefixes for journald.
        public var syslogPriority: Int {
            switch self {
            case .debug: return 7
            case .info: return 6
            case .notice: return 5
            case .warning: return 4
            case .error: return 3
            }
        }

        private var rank: Int { 7 - syslogPriority }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public var level: Level
    public var event: String
    public var fields: [(String, String)]

    public init(_ level: Level, _ event: String, _ fields: [(String, String)] = []) {
        self.level = level
        self.event = event
        self.fields = fields
    }

    /// The line without timestamp or newline: `level=info event=dispatched id=42 …`.
    public func body() -> String {
        var text = "level=\(level.rawValue) event=\(LogLine.quoted(event))"
        for (key, value) in fields {
            text += " \(key)=\(LogLine.quoted(value))"
        }
        return text
    }

    static func quoted(_ value: String) -> String {
        if !value.isEmpty,
            !value.unicodeScalars.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.value < 0x20 })
        {
            return value
        }
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 { text += "\\u{\(String(scalar.value, radix: 16))}" } else { text.unicodeScalars.append(scalar) }
            }
        }
        return text + "\""
    }
}

extension LogLine {
    /// The dispatch-log line for an incident event.
    public static func event(_ event: IncidentEvent, incident: Incident) -> LogLine {
        var fields: [(String, String)] = [
            ("id", String(incident.id)), ("tier", event.tier.name), ("unit", event.unit.rawValue),
            ("cell", incident.placement.cell?.rawValue ?? "-"), ("category", incident.category),
            ("priority", incident.priority.rawValue), ("state", incident.state.rawValue),
            ("actor", event.actor.description),
        ]
        if let due = event.due {
            fields.append(("due", due.description))
            fields.append(("late_ms", String(event.at.milliseconds - due.milliseconds)))
        }
        for (key, value) in event.detail.pairs {
            switch value {
            case .string(let string): fields.append((key, string))
            case .null: continue
            default: fields.append((key, value.serialized()))
            }
        }
        if let phone = incident.reporter?.phone { fields.append(("reporter_phone", PhoneNumber.masked(phone))) }
        return LogLine(event.kind == .escalated || event.kind == .overdue ? .notice : .info, event.kind.rawValue, fields)
    }
}

import GridCore

/// One logfmt line of the dispatch log: `ts=… level=… event=… key=value …`.
/// Values with spaces, quotes or `=` are quoted; phone numbers never appear unmasked
/// (callers pass reporters through `PhoneNumber.masked`).
public struct LogLine: Sendable {
    /// The level of a line (in GridCore: the `tail` protocol and gridctl name levels too).
    public typealias Level = LogLevel

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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `body()` to `bytes` as UTF-8, without building the string (the dispatch log
    /// writes a line per event straight into its buffers).
    public func write(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "level=".utf8)
        bytes.append(contentsOf: level.rawValue.utf8)
        bytes.append(contentsOf: " event=".utf8)
        Logfmt.appendQuoted(event, to: &bytes)
        for (key, value) in fields {
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: key.utf8)
            bytes.append(UInt8(ascii: "="))
            Logfmt.appendQuoted(value, to: &bytes)
        }
    }
}

extension LogLine {
    /// The dispatch-log line for an incident event; `time` prints its `due` (the log's offset).
    public static func event(_ event: IncidentEvent, incident: Incident, time: (Timestamp) -> String) -> LogLine {
        var fields: [(String, String)] = [
            ("id", String(incident.id)), ("tier", event.tier.name), ("unit", event.unit.rawValue),
            ("cell", incident.placement.cell?.rawValue ?? "-"), ("category", incident.category),
            ("priority", incident.priority.rawValue), ("state", incident.state.rawValue),
            ("actor", event.actor.description),
        ]
        if let due = event.due {
            fields.append(("due", time(due)))
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

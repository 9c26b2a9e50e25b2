/// A report as a reporter sent it, decoded and checked field by field but not yet routed.
/// The same type comes from a socket `submit`, `gridctl submit --file`, and a spool file.
public struct Report: Sendable, Equatable {
    /// Where the reporter says the incident is: exactly one of these is given.
    public enum Place: Sendable, Equatable {
        case location(GeoPoint)
        case cell(String)
        case community(String)
    }

    public struct Reporter: Sendable, Equatable {
        public var name: String?
        public var phone: String?
        public init(name: String? = nil, phone: String? = nil) {
            self.name = name
            self.phone = phone
        }
    }

    /// Idempotency key: a report whose key is already stored returns the stored incident.
    public var key: String?
    public var category: String
    /// Nil when the report names none; the category's default applies.
    public var priority: Priority?
    public var title: String?
    public var description: String?
    public var place: Place
    public var address: String?
    public var reporter: Reporter?
    public var reportedAt: Timestamp?
    /// How the report came in; nil when it names none (stored as `other`).
    public var channel: Channel?

    public init(
        key: String? = nil, category: String, priority: Priority? = nil, title: String? = nil,
        description: String? = nil, place: Place, address: String? = nil, reporter: Reporter? = nil,
        reportedAt: Timestamp? = nil, channel: Channel? = nil
    ) {
        self.key = key
        self.category = category
        self.priority = priority
        self.title = title
        self.description = description
        self.place = place
        self.address = address
        self.reporter = reporter
        self.reportedAt = reportedAt
        self.channel = channel
    }
}

/// The length limits of a report's text fields, in characters (Unicode scalars).
public struct ReportLimits: Sendable, Equatable {
    public var key = 128
    public var title = 100
    public var description = 2000
    public var address = 200
    public var reporterName = 50
    public var phone = 20

    public init() {}
}

import GridCore

/// What `IncidentStore.submit` did with a new incident.
public struct IntakeOutcome: Sendable, Equatable {
    /// The incident as stored, with its id. For a repeated idempotency key: the incident stored first.
    public var incident: Incident
    /// False when the key was already stored and nothing was written.
    public var created: Bool
    /// The recorded event (with its seq and incident id) when `created`; nil otherwise.
    public var event: IncidentEvent?

    public init(incident: Incident, created: Bool, event: IncidentEvent? = nil) {
        self.incident = incident
        self.created = created
        self.event = event
    }
}

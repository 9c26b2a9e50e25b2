/// Where routing put a report: the cell (when known) and the units that own it at each tier,
/// how it was found, and — for anything but a clean match — why.
public struct Placement: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        /// The report named a cell that is in the map.
        case cell
        /// The report named a community (or a cell not in the map whose community is).
        case community
        /// Point-in-polygon on the report's lat/lon.
        case location
        /// Nothing matched: the configured fallback unit takes it.
        case fallback
    }

    public var method: Method
    public var cell: CellCode?
    /// The unit that receives the incident at the start; for a fallback, the fallback unit.
    public var community: UnitCode?
    public var street: UnitCode?
    public var district: UnitCode?
    /// The city above all of them (every unit code names its city).
    public var city: UnitCode
    /// Why the placement is not a plain match (always set for `fallback`).
    public var reason: String?

    public init(
        method: Method, cell: CellCode? = nil, community: UnitCode? = nil, street: UnitCode? = nil,
        district: UnitCode? = nil, city: UnitCode, reason: String? = nil
    ) {
        self.method = method
        self.cell = cell
        self.community = community
        self.street = street
        self.district = district
        self.city = city
        self.reason = reason
    }

    /// A placement inside a known cell.
    public static func inCell(_ cell: CellCode, method: Method, reason: String? = nil) -> Placement {
        Placement(
            method: method, cell: cell, community: cell.community, street: cell.street, district: cell.district,
            city: cell.city, reason: reason)
    }

    /// A placement at a unit with no cell: the unit and its ancestors are filled in.
    public static func atUnit(_ unit: UnitCode, method: Method, reason: String? = nil) -> Placement {
        Placement(
            method: method, cell: nil, community: unit.ancestor(at: .community), street: unit.ancestor(at: .street),
            district: unit.ancestor(at: .district), city: unit.ancestor(at: .city) ?? unit, reason: reason)
    }

    /// The unit responsible at `tier`, if the placement reaches down to it.
    public func unit(at tier: Tier) -> UnitCode? {
        switch tier {
        case .community: return community
        case .street: return street
        case .district: return district
        case .city: return city
        }
    }

    /// The lowest unit the placement names (the fallback unit itself, for a fallback).
    public var lowestUnit: UnitCode { community ?? street ?? district ?? city }
}

// STUB: the routing helper replaces this file with the real implementation
// (GeoJSON loading, validation, spatial index). The public API below is the contract.

/// A named unit of the map (community, street or district).
public struct UnitInfo: Sendable, Equatable {
    public var code: UnitCode
    public var name: String
    public init(code: UnitCode, name: String) {
        self.code = code
        self.name = name
    }
}

/// The grid map: cells as polygons, the units that own them, and a spatial index.
public final class GridMap: Sendable {
    public let cellCount: Int = 0

    public func cell(containing point: GeoPoint) -> CellCode? { nil }
    public func contains(cell: CellCode) -> Bool { false }
    public func unit(_ code: UnitCode) -> UnitInfo? { nil }
}

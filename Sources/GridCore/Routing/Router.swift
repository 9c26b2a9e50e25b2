/// Decides where a report goes: the cell named by code, the community named by code, or the cell
/// under the report's lat/lon. A report that cannot be placed goes to the fallback unit with the
/// reason recorded: it is never dropped. Only input that is wrong in itself is refused.
public struct Router: Sendable {
    public let map: GridMap
    public let fallback: UnitCode

    public init(map: GridMap, fallback: UnitCode) {
        self.map = map
        self.fallback = fallback
    }

    public func route(_ place: Report.Place) throws(GridError) -> Placement {
        switch place {
        case .cell(let text):
            let cell: CellCode
            do throws(CodeError) {
                cell = try CellCode(validating: text)
            } catch {
                throw GridError(.badCell, error.message)
            }
            if map.contains(cell: cell) { return .inCell(cell, method: .cell) }
            if map.unit(cell.community) != nil {
                return .atUnit(cell.community, method: .community, reason: "cell \(cell) is not in the grid map; routed to its community")
            }
            return .atUnit(fallback, method: .fallback, reason: "cell \(cell) and its community are not in the grid map")
        case .community(let text):
            guard let unit = UnitCode(text), unit.tier == .community else {
                throw GridError(.badCommunity, "community code \(text.debugDescription) is not a 12-digit community code")
            }
            guard map.unit(unit) != nil else {
                throw GridError(.unknownCommunity, "community \(unit) is not in the grid map")
            }
            return .atUnit(unit, method: .community)
        case .location(let point):
            if let cell = map.cell(containing: point) { return .inCell(cell, method: .location) }
            return .atUnit(fallback, method: .fallback, reason: "location \(point) is outside every grid cell")
        }
    }
}

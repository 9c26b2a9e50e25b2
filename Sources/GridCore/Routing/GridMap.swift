/// The grid map: the cells (单元网格) as polygons, the communities, streets and districts that own
/// them, and a spatial index for point-in-polygon. Immutable once built, so one map is shared by
/// every request; a reload builds a new one. Load it with `GridMap.load(geoJSON:source:)`.
///
/// `cell(containing:)` follows the boundary rule documented on `PolygonStore`: a point on an
/// edge shared by two cells belongs to the cell east of it (north of it for an east–west edge,
/// north-east of a shared vertex), the same one on every call and whatever the feature order.
/// Should two (overlapping) cells ever both claim a point, the smaller cell code wins.
public final class GridMap: Sendable {
    /// The number of cells.
    public let cellCount: Int
    /// Every cell code, ascending. Cell `i` of the internal tables is `cells[i]`.
    public let cells: [CellCode]
    /// The box around all cells; nil for an empty map.
    public let bounds: GeoBounds?

    private let cellNames: [String?]
    private let cellIndex: [CellCode: Int]
    private let units: [UnitCode: UnitInfo]
    private let store: PolygonStore
    private let index: BucketIndex

    /// A map with no cells: every location falls back.
    public convenience init() {
        self.init(entries: [], unitNames: [:])
    }

    /// One cell ready to be put in a map: its code, name, and polygons of closed `x, y` rings.
    struct Entry {
        var code: CellCode
        var name: String?
        var parts: [[[Double]]]
    }

    /// Builds the map from validated entries (the loader checks codes, names and rings first).
    init(entries: [Entry], unitNames: [UnitCode: String]) {
        let sorted = entries.sorted { $0.code < $1.code }
        var store = PolygonStore()
        for entry in sorted { store.appendCell(parts: entry.parts) }
        self.store = store
        index = BucketIndex(store: store)
        cells = sorted.map(\.code)
        cellNames = sorted.map(\.name)
        cellCount = sorted.count
        cellIndex = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
        units = Dictionary(uniqueKeysWithValues: unitNames.map { ($0, UnitInfo(code: $0, name: $1)) })
        bounds =
            sorted.isEmpty
            ? nil : GeoBounds(minLat: index.minY, minLon: index.minX, maxLat: index.maxY, maxLon: index.maxX)
    }

    /// The cell under the point, or nil when it is outside every cell. Allocation-free.
    public func cell(containing point: GeoPoint) -> CellCode? {
        let found = cellNumber(x: point.lon, y: point.lat)
        return found < 0 ? nil : cells[found]
    }

    /// The index (into `cells`) of the cell under `x` = lon, `y` = lat, or -1. The bucket lists
    /// its cells in ascending order, so the first hit is the smallest code.
    @inline(__always)
    private func cellNumber(x: Double, y: Double) -> Int {
        for slot in index.candidates(x: x, y: y) {
            let cell = Int(index.items[slot])
            if store.boxHolds(cell: cell, x: x, y: y) && store.contains(cell: cell, x: x, y: y) { return cell }
        }
        return -1
    }

    /// Every cell that contains the point, ascending, testing all cells without the index: the
    /// reference the index is checked against, and a way to find overlaps. O(cells).
    public func cellsContainingByBruteForce(_ point: GeoPoint) -> [CellCode] {
        let x = point.lon, y = point.lat
        var found: [CellCode] = []
        // Raw pointers keep this scan quick even in debug builds, where tests call it 20,000 times.
        store.cellBox.withUnsafeBufferPointer { boxes in
            guard var box = boxes.baseAddress else { return }
            var cell = 0
            while cell < cellCount {
                if x >= box.pointee && y >= (box + 1).pointee && x <= (box + 2).pointee && y <= (box + 3).pointee
                    && store.contains(cell: cell, x: x, y: y)
                {
                    found.append(cells[cell])
                }
                box += 4
                cell += 1
            }
        }
        return found
    }

    public func contains(cell: CellCode) -> Bool { cellIndex[cell] != nil }

    /// The cell's code and name, if the map has it.
    public func cellInfo(_ cell: CellCode) -> CellInfo? {
        guard let number = cellIndex[cell] else { return nil }
        return CellInfo(code: cell, name: cellNames[number])
    }

    /// The community, street or district with this code, if any cell of the map lies in it.
    public func unit(_ code: UnitCode) -> UnitInfo? { units[code] }

    /// The units of the map at `tier` (community, street or district), ascending by code.
    public func units(at tier: Tier) -> [UnitInfo] {
        units.values.filter { $0.code.tier == tier }.sorted { $0.code < $1.code }
    }

    /// The cells inside `unit`, ascending.
    public func cells(in unit: UnitCode) -> [CellCode] {
        cells.filter { unit.contains($0) }
    }
}

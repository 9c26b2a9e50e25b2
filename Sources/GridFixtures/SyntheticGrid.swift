import GridCore

/// A deterministic synthetic grid map of any size, for tests and the `grid-bench` benchmark.
///
/// The cells are the squares of a jittered rectangular lattice (about 250 m each, near 120.0°E
/// 31.0°N): neighbouring cells share their edges exactly (the very same vertex coordinates), so
/// the map covers its area with no gaps or overlaps, and the outer boundary is ragged, so
/// random points over the bounding box also land outside. Some cells are MultiPolygons made of two
/// squares two columns apart, and some have a square hole filled by another cell, so coverage
/// stays total. Codes are valid and nested: 40 cells per community, 6 communities per street,
/// 5 streets per district, districts 320501, 320502, … of the fictional city 320500.
/// The same `cells` and `seed` always give the same map, byte for byte.
public struct SyntheticGrid: Sendable {
    /// A cell with a hole, the cell filling the hole, and a point in the middle of the hole.
    public struct Hole: Sendable {
        public let cell: CellCode
        public let filler: CellCode
        public let point: GeoPoint
    }

    /// The number of cells generated (exactly the number asked for).
    public let cellCount: Int
    public let seed: UInt64
    /// The GeoJSON `Feature`s, in generation order (row by row from the south-west).
    public let features: [JSONValue]
    /// The box around every vertex.
    public let bounds: GeoBounds
    /// Cells whose geometry is a MultiPolygon, each with a point in its second (eastern) part.
    public let multiPolygons: [(cell: CellCode, pointInSecondPart: GeoPoint)]
    public let holes: [Hole]

    /// Cells per community, communities per street, streets per district.
    static let fanOut = (cells: 40, communities: 6, streets: 5)
    /// Lattice spacing in degrees: about 250 m at latitude 31°.
    static let spacing = (lon: 0.0026, lat: 0.00225)
    static let origin = (lon: 120.0, lat: 31.0)

    /// Generates a map of `cells` cells (at least 16).
    public init(cells: Int, seed: UInt64 = 0x6772_6964) {
        precondition(cells >= 16, "SyntheticGrid needs at least 16 cells")
        precondition(cells <= 500_000, "SyntheticGrid codes run out above 500,000 cells")
        var builder = LatticeBuilder(cells: cells, seed: seed)
        builder.build()
        cellCount = builder.features.count
        self.seed = seed
        features = builder.features
        bounds = builder.bounds
        multiPolygons = builder.multiPolygons
        holes = builder.holes
        assert(cellCount == cells)
    }

    /// The map as a GeoJSON FeatureCollection; with `shuffleSeed`, the features in a shuffled
    /// order (the map must not depend on it).
    public func geoJSON(shuffleSeed: UInt64? = nil) -> JSONValue {
        var list = features
        if let shuffleSeed {
            var random = SplitMix64(seed: shuffleSeed)
            list.shuffle(using: &random)
        }
        return ["type": "FeatureCollection", "features": .array(list)]
    }

    /// The map as GeoJSON text bytes, as `GridMap.load(geoJSON:source:)` takes them.
    public func geoJSONBytes(shuffleSeed: UInt64? = nil) -> [UInt8] {
        Array(geoJSON(shuffleSeed: shuffleSeed).serialized().utf8)
    }

    /// `count` points uniformly distributed over `bounds` (some fall outside every cell).
    public func randomPoints(_ count: Int, seed: UInt64) -> [GeoPoint] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            GeoPoint(
                lat: bounds.minLat + random.nextUnit() * (bounds.maxLat - bounds.minLat),
                lon: bounds.minLon + random.nextUnit() * (bounds.maxLon - bounds.minLon))
        }
    }
}

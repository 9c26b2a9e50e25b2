import GridCore

/// Builds the features of a `SyntheticGrid`: lays out the lattice, picks which squares become
/// MultiPolygons and which get holes, numbers the cells and writes each as a GeoJSON Feature.
struct LatticeBuilder {
    let columns: Int, rows: Int
    /// `(column, row)` of the first square of each MultiPolygon; its second part is two columns east.
    let mergeStarts: Set<Int>
    let holeSquares: Set<Int>
    /// Jittered lattice vertices, `(columns + 1) × (rows + 1)`, row by row.
    let vertices: [(lon: Double, lat: Double)]

    var features: [JSONValue] = []
    var multiPolygons: [(cell: CellCode, pointInSecondPart: GeoPoint)] = []
    var holes: [SyntheticGrid.Hole] = []

    init(cells: Int, seed: UInt64) {
        let columns = Int(Double(cells).squareRoot().rounded(.up))
        let rows = (cells + columns - 1) / columns
        let holeCount = max(1, cells / 50)
        let mergeCount = columns * rows + holeCount - cells
        // Merges pair column 4k with 4k + 2; holes sit in columns 4k + 1, never in a merge.
        let mergeCandidates = (0..<rows).flatMap { row in
            stride(from: 0, to: columns - 2, by: 4).map { row * columns + $0 }
        }
        let holeCandidates = (0..<rows).flatMap { row in
            stride(from: 1, to: columns, by: 4).map { row * columns + $0 }
        }
        precondition(mergeCandidates.count >= mergeCount && holeCandidates.count >= holeCount)
        self.columns = columns
        self.rows = rows
        mergeStarts = LatticeBuilder.spread(mergeCount, over: mergeCandidates)
        holeSquares = LatticeBuilder.spread(holeCount, over: holeCandidates)

        var random = SplitMix64(seed: seed)
        var vertices: [(lon: Double, lat: Double)] = []
        for row in 0...rows {
            for column in 0...columns {
                let jitterX = (random.nextUnit() - 0.5) * 0.4, jitterY = (random.nextUnit() - 0.5) * 0.4
                vertices.append(
                    (
                        SyntheticGrid.origin.lon + (Double(column) + jitterX) * SyntheticGrid.spacing.lon,
                        SyntheticGrid.origin.lat + (Double(row) + jitterY) * SyntheticGrid.spacing.lat
                    ))
            }
        }
        self.vertices = vertices
    }

    /// `count` of `candidates`, evenly spaced through the list.
    private static func spread(_ count: Int, over candidates: [Int]) -> Set<Int> {
        Set((0..<count).map { candidates[$0 * candidates.count / max(count, 1)] })
    }

    var bounds: GeoBounds {
        GeoBounds(
            minLat: vertices.map(\.lat).min()!, minLon: vertices.map(\.lon).min()!,
            maxLat: vertices.map(\.lat).max()!, maxLon: vertices.map(\.lon).max()!)
    }

    mutating func build() {
        for square in 0..<(columns * rows) {
            if mergeStarts.contains(square - 2) && square % columns >= 2 { continue }  // second part, done
            if mergeStarts.contains(square) {
                let code = nextCode()
                features.append(feature(code, .multiPolygon([[ring(square)], [ring(square + 2)]])))
                multiPolygons.append((code, point(in: square + 2, u: 0.5, v: 0.5)))
            } else if holeSquares.contains(square) {
                let inner = [(0.3, 0.3), (0.3, 0.7), (0.7, 0.7), (0.7, 0.3), (0.3, 0.3)].map {
                    point(in: square, u: $0.0, v: $0.1)
                }
                let host = nextCode()
                features.append(feature(host, .polygon([ring(square), inner])))
                let filler = nextCode()
                features.append(feature(filler, .polygon([inner.reversed()])))
                holes.append(SyntheticGrid.Hole(cell: host, filler: filler, point: point(in: square, u: 0.5, v: 0.5)))
            } else {
                features.append(feature(nextCode(), .polygon([ring(square)])))
            }
        }
    }

    /// The counter-clockwise closed ring of a lattice square.
    private func ring(_ square: Int) -> [GeoPoint] {
        [(0.0, 0.0), (1, 0), (1, 1), (0, 1), (0, 0)].map { point(in: square, u: $0.0, v: $0.1) }
    }

    /// The point at `(u, v)` of a square, interpolated bilinearly between its corners (corners
    /// themselves come out exactly as stored, so neighbours share them bit for bit).
    private func point(in square: Int, u: Double, v: Double) -> GeoPoint {
        let column = square % columns, row = square / columns
        let corner = { (dx: Int, dy: Int) in vertices[(row + dy) * (columns + 1) + column + dx] }
        let (a, b, c, d) = (corner(0, 0), corner(1, 0), corner(1, 1), corner(0, 1))
        func mix(_ p: Double, _ q: Double, _ t: Double) -> Double { t == 0 ? p : t == 1 ? q : p + (q - p) * t }
        let lon = mix(mix(a.lon, b.lon, u), mix(d.lon, c.lon, u), v)
        let lat = mix(mix(a.lat, b.lat, u), mix(d.lat, c.lat, u), v)
        return GeoPoint(lat: lat, lon: lon)
    }

    private enum Geometry {
        case polygon([[GeoPoint]])
        case multiPolygon([[[GeoPoint]]])
    }

    private var codesIssued = 0

    /// The next cell code: 40 cells per community, 6 communities per street, 5 streets per district.
    private mutating func nextCode() -> CellCode {
        let fan = SyntheticGrid.fanOut
        let number = codesIssued
        codesIssued += 1
        let community = number / fan.cells, street = community / fan.communities, district = street / fan.streets
        let text =
            "3205" + digits(district + 1, 2) + digits(street % fan.streets + 1, 3)
            + digits(community % fan.communities + 1, 3) + digits(number % fan.cells + 1, 3)
        return CellCode(text)!
    }

    private func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    private func feature(_ code: CellCode, _ geometry: Geometry) -> JSONValue {
        func ring(_ points: [GeoPoint]) -> JSONValue { .array(points.map { [.double($0.lon), .double($0.lat)] }) }
        let geometryValue: JSONValue
        switch geometry {
        case .polygon(let rings):
            geometryValue = ["type": "Polygon", "coordinates": .array(rings.map(ring))]
        case .multiPolygon(let polygons):
            geometryValue = ["type": "MultiPolygon", "coordinates": .array(polygons.map { .array($0.map(ring)) })]
        }
        let properties: JSONValue = [
            "cell": .string(code.rawValue),
            "name": .string("合成\(code.community.rawValue.suffix(3))社区第\(Int(code.rawValue.suffix(3))!)网格"),
            "community": .string(code.community.rawValue),
            "community_name": .string("合成\(code.community.rawValue.suffix(6))社区"),
            "street_name": .string("合成\(code.street.rawValue.suffix(3))街道"),
            "district_name": .string("合成\(code.district.rawValue.suffix(2))区"),
        ]
        return ["type": "Feature", "properties": properties, "geometry": geometryValue]
    }
}

import GridCore

/// libFuzzer target: GeoJSON bytes → `GridMap.load` (validation, polygon store, bucket index).
/// When a map loads, every position in the input, points just beside it and a lattice over the
/// map's bounds are looked up: the bucket index must give the same cell as a scan of all cells
/// (the smallest code containing the point), and routing by location must not fail.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGridMap(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let map: GridMap
    do {
        map = try GridMap.load(geoJSON: bytes, source: "fuzz.geojson")
    } catch {
        FuzzChecks.require(!error.problems.isEmpty && !error.description.isEmpty, "refused without a problem")
        return 0
    }
    var points: [GeoPoint] = []
    if let document = try? JSONParser.parse(buffer: bytes) {
        FuzzChecks.forEachPosition(in: document) { x, y in
            for (dx, dy) in [(0.0, 0.0), (1e-9, 0), (-1e-9, 0), (0, 1e-9), (0, -1e-9)] { points.append(GeoPoint(lat: y + dy, lon: x + dx)) }
        }
    }
    if let bounds = map.bounds {
        for i in 0...8 {
            for j in 0...8 {
                let lat = bounds.minLat + (bounds.maxLat - bounds.minLat) * Double(i) / 8
                let lon = bounds.minLon + (bounds.maxLon - bounds.minLon) * Double(j) / 8
                points.append(GeoPoint(lat: lat, lon: lon))
            }
        }
    }
    let router = Router(map: map, fallback: UnitCode("320500")!)
    for point in points.prefix(2000) {
        let indexed = map.cell(containing: point)
        FuzzChecks.require(indexed == map.cellsContainingByBruteForce(point).first, "index and scan disagree at \(point)")
        if point.lat.isFinite, point.lon.isFinite, (-90...90).contains(point.lat), (-180...180).contains(point.lon) {
            FuzzChecks.require((try? router.route(.location(point))) != nil, "routing a valid location failed at \(point)")
        }
    }
    for cell in map.cells {
        FuzzChecks.require(map.contains(cell: cell) && map.cellInfo(cell) != nil, "cell \(cell) lost")
    }
    return 0
}

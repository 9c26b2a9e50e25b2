/// Reads GeoJSON polygon coordinates into flat `x, y` rings and checks each ring the way the
/// lookup needs it: at least 4 positions, closed, finite lon/lat in range, non-zero area, and
/// holes inside their exterior. Problems are appended as messages; the feature adds its name.
enum RingReader {
    /// The rings of one polygon (`[[position]]`), or nil after recording why not.
    /// `label` prefixes messages for the parts of a MultiPolygon (e.g. `"polygon 1 "`).
    static func polygon(_ value: JSONValue, label: String, problems: inout [String]) -> [[Double]]? {
        guard let ringValues = value.arrayValue, !ringValues.isEmpty else {
            problems.append("\(label)coordinates must be a non-empty array of rings")
            return nil
        }
        var rings: [[Double]] = []
        var ok = true
        for (number, ringValue) in ringValues.enumerated() {
            if let ring = self.ring(ringValue, name: "\(label)ring \(number)", problems: &problems) {
                rings.append(ring)
            } else {
                ok = false
            }
        }
        guard ok else { return nil }
        for number in rings.indices.dropFirst() where !isInsideOrOn(rings[number], outer: rings[0]) {
            problems.append("\(label)ring \(number) (a hole) is not inside ring 0")
            ok = false
        }
        return ok ? rings : nil
    }

    /// One ring as flat `x, y` pairs, or nil after recording the first thing wrong with it.
    static func ring(_ value: JSONValue, name: String, problems: inout [String]) -> [Double]? {
        guard let positions = value.arrayValue else {
            problems.append("\(name) is not an array of positions")
            return nil
        }
        var flat: [Double] = []
        flat.reserveCapacity(positions.count * 2)
        for (number, position) in positions.enumerated() {
            guard let pair = position.arrayValue, (2...3).contains(pair.count),
                let lon = pair[0].doubleValue, let lat = pair[1].doubleValue
            else {
                problems.append("\(name) position \(number) is not a [lon, lat] pair of numbers")
                return nil
            }
            guard lon.isFinite, lat.isFinite, (-180...180).contains(lon), (-90...90).contains(lat) else {
                problems.append("\(name) position \(number) [\(lon), \(lat)] is out of range (lon ±180, lat ±90)")
                return nil
            }
            flat.append(lon)
            flat.append(lat)
        }
        guard positions.count >= 4 else {
            problems.append("\(name) has \(positions.count) positions (at least 4 needed)")
            return nil
        }
        guard flat[0] == flat[flat.count - 2], flat[1] == flat[flat.count - 1] else {
            problems.append("\(name) is not closed (its last position must repeat the first)")
            return nil
        }
        guard doubleArea(flat) != 0 else {
            problems.append("\(name) is degenerate (zero area)")
            return nil
        }
        return flat
    }

    /// Twice the signed area of a closed flat ring (shoelace), relative to its first point so
    /// that small cells far from the origin do not lose their area to rounding.
    static func doubleArea(_ ring: [Double]) -> Double {
        let x0 = ring[0], y0 = ring[1]
        var sum = 0.0
        var index = 2
        while index + 3 < ring.count {
            let ax = ring[index] - x0, ay = ring[index + 1] - y0
            let bx = ring[index + 2] - x0, by = ring[index + 3] - y0
            sum += ax * by - bx * ay
            index += 2
        }
        return sum
    }

    /// Whether every vertex of `hole` lies inside `outer` or on its boundary.
    static func isInsideOrOn(_ hole: [Double], outer: [Double]) -> Bool {
        let coords = ContiguousArray(outer)
        var index = 0
        while index + 1 < hole.count {
            let x = hole[index], y = hole[index + 1]
            if !isOnBoundary(x: x, y: y, ring: outer)
                && !PolygonStore.crossesOdd(coords, from: 0, to: coords.count / 2, x: x, y: y)
            {
                return false
            }
            index += 2
        }
        return true
    }

    /// Whether the point lies on one of the ring's edges (exactly, up to rounding of the test).
    static func isOnBoundary(x: Double, y: Double, ring: [Double]) -> Bool {
        var index = 0
        while index + 3 < ring.count {
            let x1 = ring[index], y1 = ring[index + 1], x2 = ring[index + 2], y2 = ring[index + 3]
            if x >= min(x1, x2), x <= max(x1, x2), y >= min(y1, y2), y <= max(y1, y2) {
                let cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
                let scale = max(abs(x2 - x1), abs(y2 - y1)) * max(abs(x - x1), abs(y - y1))
                if abs(cross) <= scale * 1e-12 { return true }
            }
            index += 2
        }
        return false
    }
}

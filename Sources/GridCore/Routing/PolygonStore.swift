/// The cells' geometry packed into flat arrays, so that the point-in-polygon test on the lookup
/// hot path reads contiguous doubles with no allocation, no existentials and no closures.
///
/// Layout: cell `c` owns parts `cellPart[c] ..< cellPart[c + 1]` (one per polygon of a
/// MultiPolygon); part `p` owns rings `partRing[p] ..< partRing[p + 1]`, the first the exterior and
/// the rest holes; ring `r` owns points `ringStart[r] ..< ringStart[r + 1]`, stored closed (first
/// point repeated last) as `x, y` = `lon, lat` pairs in `coords`. Boxes are `minX, minY, maxX, maxY`.
///
/// ## Boundary rule
/// A part contains a point when a ray from the point towards +x (east) crosses its rings an odd
/// number of times. An edge counts as crossed when the point's y lies in the half-open span
/// `lower.y <= y < upper.y` of the edge and the edge's x at that y — always computed from the
/// edge's lower (southern) end, whichever way a ring runs — is strictly greater than the point's x.
/// Because two cells that share an edge compute the very same number for it, a point exactly on a
/// shared edge lands in exactly one of them:
/// - on a shared north–south (or slanted) edge: the cell to the east of the edge;
/// - on a shared east–west edge: the cell to the north of the edge;
/// - on a shared vertex: the cell that lies immediately north-east of it.
/// On the map's outer boundary this means the west and south edges are inside, the east and
/// north edges outside. The same holds between a hole and the cell that fills it.
struct PolygonStore: Sendable {
    var coords: ContiguousArray<Double> = []
    var ringStart: ContiguousArray<Int> = [0]
    var partRing: ContiguousArray<Int> = [0]
    var partBox: ContiguousArray<Double> = []
    var cellPart: ContiguousArray<Int> = [0]
    var cellBox: ContiguousArray<Double> = []

    var cellCount: Int { cellPart.count - 1 }

    /// Appends one cell; `parts` are polygons, each a list of closed rings of `x, y` pairs.
    mutating func appendCell(parts: [[[Double]]]) {
        var cellMin = (x: Double.infinity, y: Double.infinity)
        var cellMax = (x: -Double.infinity, y: -Double.infinity)
        for rings in parts {
            var partMin = (x: Double.infinity, y: Double.infinity)
            var partMax = (x: -Double.infinity, y: -Double.infinity)
            for ring in rings {
                var index = 0
                while index + 1 < ring.count {
                    let x = ring[index], y = ring[index + 1]
                    partMin = (min(partMin.x, x), min(partMin.y, y))
                    partMax = (max(partMax.x, x), max(partMax.y, y))
                    index += 2
                }
                coords.append(contentsOf: ring)
                ringStart.append(coords.count / 2)
            }
            partRing.append(ringStart.count - 1)
            partBox.append(contentsOf: [partMin.x, partMin.y, partMax.x, partMax.y])
            cellMin = (min(cellMin.x, partMin.x), min(cellMin.y, partMin.y))
            cellMax = (max(cellMax.x, partMax.x), max(cellMax.y, partMax.y))
        }
        cellPart.append(partRing.count - 1)
        cellBox.append(contentsOf: [cellMin.x, cellMin.y, cellMax.x, cellMax.y])
    }

    /// Whether the closed bounding box of cell `cell` holds the point.
    @inline(__always)
    func boxHolds(cell: Int, x: Double, y: Double) -> Bool {
        let base = cell &* 4
        return x >= cellBox[base] && y >= cellBox[base + 1] && x <= cellBox[base + 2] && y <= cellBox[base + 3]
    }

    /// Whether cell `cell` contains the point, by the boundary rule in the type's documentation.
    func contains(cell: Int, x: Double, y: Double) -> Bool {
        var part = cellPart[cell]
        let partEnd = cellPart[cell + 1]
        while part < partEnd {
            let base = part &* 4
            if x >= partBox[base] && y >= partBox[base + 1] && x <= partBox[base + 2] && y <= partBox[base + 3] {
                var odd = false
                var ring = partRing[part]
                let ringEnd = partRing[part + 1]
                while ring < ringEnd {
                    if PolygonStore.crossesOdd(coords, from: ringStart[ring], to: ringStart[ring + 1], x: x, y: y) {
                        odd.toggle()
                    }
                    ring += 1
                }
                if odd { return true }
            }
            part += 1
        }
        return false
    }

    /// Whether the eastward ray from the point crosses the closed ring stored at points
    /// `start ..< end` of `coords` an odd number of times (the crossing-number test).
    @inline(__always)
    static func crossesOdd(_ coords: ContiguousArray<Double>, from start: Int, to end: Int, x: Double, y: Double)
        -> Bool
    {
        var odd = false
        var index = start &* 2
        let last = (end &- 1) &* 2
        while index < last {
            let y1 = coords[index + 1], y2 = coords[index + 3]
            if (y1 > y) != (y2 > y) {
                let x1 = coords[index], x2 = coords[index + 2]
                if x < PolygonStore.edgeX(x1, y1, x2, y2, atY: y) { odd.toggle() }
            }
            index &+= 2
        }
        return odd
    }

    /// The x of the edge at height `y`, computed from its lower end so that the result does not
    /// depend on the direction the edge is walked (the two cells sharing it walk it oppositely).
    @inline(__always)
    static func edgeX(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, atY y: Double) -> Double {
        if y1 < y2 {
            return x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        } else {
            return x2 + (y - y2) * (x1 - x2) / (y1 - y2)
        }
    }
}

/// A uniform grid of buckets over the map's bounding box, each listing (in ascending cell order)
/// the cells whose bounding boxes overlap it, so a lookup tests a handful of candidate cells
/// instead of all of them. Stored in compressed-row form: bucket `b`'s cells are
/// `items[start[b] ..< start[b + 1]]`.
struct BucketIndex: Sendable {
    let minX: Double, minY: Double, maxX: Double, maxY: Double
    let columns: Int, rows: Int
    let scaleX: Double, scaleY: Double
    let start: ContiguousArray<Int>
    let items: ContiguousArray<Int32>

    /// Builds the index over `store`'s cells with about `bucketsPerCell` buckets per cell.
    init(store: PolygonStore, bucketsPerCell: Double = 2) {
        let cellCount = store.cellCount
        var lo = (x: Double.infinity, y: Double.infinity), hi = (x: -Double.infinity, y: -Double.infinity)
        for cell in 0..<cellCount {
            let base = cell * 4
            lo = (min(lo.x, store.cellBox[base]), min(lo.y, store.cellBox[base + 1]))
            hi = (max(hi.x, store.cellBox[base + 2]), max(hi.y, store.cellBox[base + 3]))
        }
        if cellCount == 0 { lo = (0, 0); hi = (0, 0) }
        minX = lo.x; minY = lo.y; maxX = hi.x; maxY = hi.y
        let width = max(hi.x - lo.x, 1e-12), height = max(hi.y - lo.y, 1e-12)
        let target = max(1, Double(cellCount) * bucketsPerCell)
        let columns = min(4096, max(1, Int((target * width / height).squareRoot().rounded(.up))))
        let rows = min(4096, max(1, Int((target / Double(columns)).rounded(.up))))
        self.columns = columns
        self.rows = rows
        scaleX = Double(columns) / width
        scaleY = Double(rows) / height

        var counts = ContiguousArray<Int>(repeating: 0, count: columns * rows + 1)
        BucketIndex.forEachBucket(of: store, columns: columns, rows: rows, lo: lo, scale: (scaleX, scaleY)) {
            bucket, _ in counts[bucket + 1] += 1
        }
        for bucket in 0..<(columns * rows) { counts[bucket + 1] += counts[bucket] }
        var fill = counts
        var items = ContiguousArray<Int32>(repeating: 0, count: counts[columns * rows])
        BucketIndex.forEachBucket(of: store, columns: columns, rows: rows, lo: lo, scale: (scaleX, scaleY)) {
            bucket, cell in
            items[fill[bucket]] = Int32(cell)
            fill[bucket] += 1
        }
        start = counts
        self.items = items
    }

    /// Calls `body(bucket, cell)` for every bucket each cell's box overlaps, cells in ascending order.
    private static func forEachBucket(
        of store: PolygonStore, columns: Int, rows: Int, lo: (x: Double, y: Double), scale: (Double, Double),
        _ body: (Int, Int) -> Void
    ) {
        for cell in 0..<store.cellCount {
            let base = cell * 4
            let c0 = clamp((store.cellBox[base] - lo.x) * scale.0, columns)
            let r0 = clamp((store.cellBox[base + 1] - lo.y) * scale.1, rows)
            let c1 = clamp((store.cellBox[base + 2] - lo.x) * scale.0, columns)
            let r1 = clamp((store.cellBox[base + 3] - lo.y) * scale.1, rows)
            for row in r0...r1 {
                for column in c0...c1 { body(row * columns + column, cell) }
            }
        }
    }

    /// The bucket coordinate of a scaled offset, clamped into `0 ..< count`. Monotonic in its
    /// input, so a point inside a cell's box always falls in one of the buckets the box was put in.
    @inline(__always)
    private static func clamp(_ scaled: Double, _ count: Int) -> Int {
        if !(scaled > 0) { return 0 }
        if scaled >= Double(count) { return count - 1 }
        return Int(scaled)
    }

    /// The range of `items` holding the candidates for the point; empty outside the map's box.
    @inline(__always)
    func candidates(x: Double, y: Double) -> Range<Int> {
        guard x >= minX, x <= maxX, y >= minY, y <= maxY else { return 0..<0 }
        let column = BucketIndex.clamp((x - minX) * scaleX, columns)
        let row = BucketIndex.clamp((y - minY) * scaleY, rows)
        let bucket = row &* columns &+ column
        return start[bucket]..<start[bucket + 1]
    }
}

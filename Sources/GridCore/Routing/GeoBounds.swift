/// A longitude/latitude bounding box (closed on all sides).
public struct GeoBounds: Sendable, Equatable {
    public var minLat: Double, minLon: Double, maxLat: Double, maxLon: Double
    public init(minLat: Double, minLon: Double, maxLat: Double, maxLon: Double) {
        self.minLat = minLat
        self.minLon = minLon
        self.maxLat = maxLat
        self.maxLon = maxLon
    }

    public func contains(_ point: GeoPoint) -> Bool {
        point.lat >= minLat && point.lat <= maxLat && point.lon >= minLon && point.lon <= maxLon
    }
}

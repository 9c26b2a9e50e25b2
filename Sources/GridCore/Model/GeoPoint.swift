/// A WGS-84 position. Longitude is x, latitude is y, as in GeoJSON.
public struct GeoPoint: Sendable, Equatable, CustomStringConvertible {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Validates a position: finite, latitude in [-90, 90], longitude in [-180, 180].
    public init(validatingLat lat: Double, lon: Double) throws(GridError) {
        guard lat.isFinite, lon.isFinite else { throw GridError(.badLocation, "lat and lon must be finite numbers") }
        guard (-90...90).contains(lat) else { throw GridError(.badLocation, "lat \(lat) is out of range [-90, 90]") }
        guard (-180...180).contains(lon) else { throw GridError(.badLocation, "lon \(lon) is out of range [-180, 180]") }
        self.init(lat: lat, lon: lon)
    }

    public var description: String { "\(lat),\(lon)" }
}

import GridCore

/// Small hand-made GeoJSON maps with exactly representable coordinates, so tests can put
/// points exactly on shared edges and vertices.
enum GridMapTestSupport {
    /// A closed counter-clockwise square ring.
    static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> JSONValue {
        ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])
    }

    static func ring(_ points: [(Double, Double)]) -> JSONValue {
        .array(points.map { [.double($0.0), .double($0.1)] })
    }

    static func polygon(_ rings: JSONValue...) -> JSONValue {
        ["type": "Polygon", "coordinates": .array(rings)]
    }

    static func multiPolygon(_ polygons: [JSONValue]...) -> JSONValue {
        ["type": "MultiPolygon", "coordinates": .array(polygons.map { .array($0) })]
    }

    /// A feature with the unit names derived from the code (so names are consistent).
    static func feature(_ cell: String, _ geometry: JSONValue, extra: [(String, JSONValue)] = []) -> JSONValue {
        var properties = JSONObject()
        properties["cell"] = .string(cell)
        properties["community_name"] = .string("社区" + String(cell.prefix(12).suffix(3)))
        properties["street_name"] = .string("街道" + String(cell.prefix(9).suffix(3)))
        properties["district_name"] = .string("区" + String(cell.prefix(6)))
        for (key, value) in extra { properties[key] = value }
        return ["type": "Feature", "properties": .object(properties), "geometry": geometry]
    }

    static func collection(_ features: [JSONValue]) -> JSONValue {
        ["type": "FeatureCollection", "features": .array(features)]
    }

    /// Cell codes of the small map.
    static let a = "320506001001001", b = "320506001001002", h = "320506001001003"
    static let d = "320506001002001", e = "320506001002002", f = "320506001002003"

    /// Two rows of three 0.5° squares from 120°E 30°N:
    /// ```
    ///   31.0 +-----+-----+-----+
    ///        |  D  |  E  |  F  |
    ///   30.5 +-----+-----+-----+
    ///        |  A  |B [H]|  A  |      A is a MultiPolygon (two squares);
    ///   30.0 +-----+-----+-----+      B has a hole [120.6, 120.9] × [30.1, 30.4] filled by H.
    ///      120.0 120.5 121.0 121.5
    /// ```
    static var smallMapFeatures: [JSONValue] {
        [
            feature(a, multiPolygon([square(120.0, 30.0, 120.5, 30.5)], [square(121.0, 30.0, 121.5, 30.5)])),
            feature(
                b,
                polygon(
                    square(120.5, 30.0, 121.0, 30.5),
                    ring([(120.6, 30.1), (120.6, 30.4), (120.9, 30.4), (120.9, 30.1), (120.6, 30.1)]))),
            feature(h, polygon(square(120.6, 30.1, 120.9, 30.4))),
            feature(d, polygon(square(120.0, 30.5, 120.5, 31.0))),
            feature(e, polygon(square(120.5, 30.5, 121.0, 31.0))),
            feature(f, polygon(square(121.0, 30.5, 121.5, 31.0))),
        ]
    }

    static func smallMap(features: [JSONValue] = smallMapFeatures) throws -> GridMap {
        try GridMap.load(geoJSON: collection(features), source: "test.geojson")
    }
}

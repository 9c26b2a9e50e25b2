extension GridMap {
    /// Parses and validates a GeoJSON FeatureCollection of cells (see `GridMapReader` for the
    /// properties each feature needs). Every problem is collected; if there is any, nothing is
    /// loaded and the error lists them all, each line prefixed with `source`.
    public static func load(geoJSON bytes: some Collection<UInt8>, source: String) throws(GridMapError) -> GridMap {
        let document: JSONValue
        do throws(JSONParseError) {
            document = try JSONParser.parse(bytes)
        } catch {
            throw GridMapError(
                source: source, problems: [GridMapProblem(feature: nil, cell: nil, message: "not valid JSON: \(error)")])
        }
        return try load(geoJSON: document, source: source)
    }

    /// Validates an already parsed GeoJSON FeatureCollection and builds the map from it.
    public static func load(geoJSON document: JSONValue, source: String) throws(GridMapError) -> GridMap {
        var reader = GridMapReader()
        reader.read(document)
        guard reader.problems.isEmpty else { throw GridMapError(source: source, problems: reader.problems) }
        return GridMap(entries: reader.entries, unitNames: reader.unitNames.mapValues(\.name))
    }
}

/// Reads the features of a grid map and checks them, collecting every problem.
///
/// Each feature is a GeoJSON `Feature` with a `Polygon` or `MultiPolygon` geometry and these
/// `properties`: `cell` (15-digit cell code, unique), `community_name`, `street_name`,
/// `district_name` (non-empty), optionally `name` (the cell's name) and `community`, `street`,
/// `district` codes, which must equal the cell code's prefixes. A unit code must carry the same
/// name in every feature that mentions it. Other properties are allowed and ignored.
struct GridMapReader {
    private(set) var problems: [GridMapProblem] = []
    private(set) var entries: [GridMap.Entry] = []
    /// Each unit's name and the feature that first named it.
    private(set) var unitNames: [UnitCode: (name: String, feature: Int)] = [:]
    private var cellFeature: [CellCode: Int] = [:]

    mutating func read(_ document: JSONValue) {
        guard let object = document.objectValue, object["type"]?.stringValue == "FeatureCollection" else {
            let what = document.objectValue.map { "an object of type \($0["type"]?.serialized() ?? "(none)")" }
            problems.append(
                GridMapProblem(
                    feature: nil, cell: nil,
                    message: "not a GeoJSON FeatureCollection (found \(what ?? "a JSON \(document.typeName)"))"))
            return
        }
        guard let features = object["features"]?.arrayValue else {
            problems.append(GridMapProblem(feature: nil, cell: nil, message: "FeatureCollection has no \"features\" array"))
            return
        }
        if features.isEmpty {
            problems.append(GridMapProblem(feature: nil, cell: nil, message: "FeatureCollection has no features"))
        }
        for (number, feature) in features.enumerated() { read(feature: feature, number: number) }
    }

    private mutating func read(feature: JSONValue, number: Int) {
        let properties = feature.objectValue?["properties"]?.objectValue
        let cellText = properties?["cell"]?.stringValue
        var messages: [String] = []
        defer {
            problems += messages.map { GridMapProblem(feature: number, cell: cellText, message: $0) }
        }
        guard let object = feature.objectValue, object["type"]?.stringValue == "Feature" else {
            messages.append("is not a GeoJSON Feature object")
            return
        }
        let parts = geometry(object["geometry"], messages: &messages)
        guard let properties else {
            messages.append("has no \"properties\" object")
            return
        }
        guard let code = cellCode(properties["cell"], messages: &messages) else { return }
        let names = unitNames(properties, code: code, messages: &messages)
        var cellName: String?
        if let nameValue = properties["name"], !nameValue.isNull {
            if let name = nameValue.stringValue { cellName = name } else { messages.append("\"name\" must be a string") }
        }
        if let first = cellFeature[code] {
            messages.append("cell code \(code) is already used by feature \(first)")
            return
        }
        cellFeature[code] = number
        for (unit, name) in names {
            if let known = unitNames[unit] {
                if known.name != name {
                    messages.append(
                        "\(unit.tier.name) \(unit) is named \(name) here but \(known.name) in feature \(known.feature)")
                }
            } else {
                unitNames[unit] = (name, number)
            }
        }
        if messages.isEmpty, let parts { entries.append(GridMap.Entry(code: code, name: cellName, parts: parts)) }
    }

    private func cellCode(_ value: JSONValue?, messages: inout [String]) -> CellCode? {
        guard let text = value?.stringValue else {
            messages.append("property \"cell\" (the 15-digit cell code) is missing or not a string")
            return nil
        }
        do throws(CodeError) {
            return try CellCode(validating: text)
        } catch {
            messages.append(error.message)
            return nil
        }
    }

    /// The community, street and district of the cell with the names the feature gives them
    /// (those it gives), after checking any explicit unit codes against the cell code.
    private func unitNames(_ properties: JSONObject, code: CellCode, messages: inout [String]) -> [(UnitCode, String)] {
        var result: [(UnitCode, String)] = []
        for tier in [Tier.community, .street, .district] {
            let unit = code.unit(at: tier)
            if let given = properties[tier.name], !given.isNull, given.stringValue != unit.rawValue {
                messages.append(
                    "\(tier.name) \(given.serialized()) does not match the cell code, whose \(tier.name) is \(unit)")
            }
            let key = "\(tier.name)_name"
            guard let name = properties[key]?.stringValue, !name.allSatisfy(\.isWhitespace) else {
                messages.append("property \"\(key)\" is missing or empty")
                continue
            }
            result.append((unit, name))
        }
        return result
    }

    /// The polygons of a Polygon or MultiPolygon geometry, or nil after recording why not.
    private func geometry(_ value: JSONValue?, messages: inout [String]) -> [[[Double]]]? {
        guard let geometry = value?.objectValue else {
            messages.append("has no \"geometry\" object")
            return nil
        }
        let type = geometry["type"]?.stringValue ?? "(none)"
        guard let coordinates = geometry["coordinates"], type == "Polygon" || type == "MultiPolygon" else {
            if type == "Polygon" || type == "MultiPolygon" {
                messages.append("\(type) geometry has no \"coordinates\"")
            } else {
                messages.append("geometry type \(type) is not supported (expected Polygon or MultiPolygon)")
            }
            return nil
        }
        if type == "Polygon" {
            return RingReader.polygon(coordinates, label: "", problems: &messages).map { [$0] }
        }
        guard let polygons = coordinates.arrayValue, !polygons.isEmpty else {
            messages.append("MultiPolygon coordinates must be a non-empty array of polygons")
            return nil
        }
        var parts: [[[Double]]] = []
        for (number, polygon) in polygons.enumerated() {
            if let rings = RingReader.polygon(polygon, label: "polygon \(number) ", problems: &messages) {
                parts.append(rings)
            }
        }
        return parts.count == polygons.count ? parts : nil
    }
}

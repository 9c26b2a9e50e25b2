/// The `catalog` answer: what codes mean, for people who know the names. Categories with their
/// major class, and every unit of the map (community, street, district) with its tier and
/// parent, ascending by code:
/// `{"categories": [{"code": "0102", "name": "暴露垃圾", "major": "市容环境"}, …],
///   "units": [{"code": "320506002001", "name": "桃源社区", "tier": "community", "parent": "320506002"}, …]}`.
public enum CatalogWire {
    public static func encode(categories: CategoryCatalog, map: GridMap) -> JSONValue {
        let categoryList: [JSONValue] = categories.sorted.map { category in
            ["code": .string(category.code), "name": .string(category.name), "major": .string(category.majorName)]
        }
        let units = [Tier.district, .street, .community].flatMap { map.units(at: $0) }.sorted { $0.code < $1.code }
        let unitList: [JSONValue] = units.map { unit in
            [
                "code": .string(unit.code.description), "name": .string(unit.name), "tier": .string(unit.code.tier.name),
                "parent": unit.code.parent.map { .string($0.description) } ?? .null,
            ]
        }
        return ["categories": .array(categoryList), "units": .array(unitList)]
    }
}

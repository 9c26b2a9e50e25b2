import Synchronization

/// The current `CityModel`, swapped whole on reload; every request reads one consistent version.
public final class CityModelBox: Sendable {
    private let model: Mutex<CityModel>

    public init(_ model: CityModel) { self.model = Mutex(model) }

    public var current: CityModel { model.withLock { $0 } }

    public func replace(with model: CityModel) { self.model.withLock { $0 = model } }
}

/// `[Evaluation]`: how reports score and rank units (see docs/CONFIG.md, docs/REPORTS.md).
public struct EvaluationSettings: Sendable, Equatable {
    /// `Weights=`: the weights of the composite score 综合指标 (default `on_time=60 close=30 rework=10`).
    public var weights: EvaluationWeights

    public init(weights: EvaluationWeights = .standard) {
        self.weights = weights
    }
}

extension GridConfigLoader {
    public static let evaluationKeys = ConfigSchema.keys("Evaluation")
}

extension GridConfigFileLoader {
    /// `[Evaluation]`: `Weights=` (`EvaluationWeights.parse`); an empty value resets it to the default.
    mutating func loadEvaluation(_ sections: [IniSection]) -> EvaluationSettings {
        var settings = EvaluationSettings()
        for section in sections {
            for entry in section.entries {
                guard known(entry, in: section, keys: GridConfigLoader.evaluationKeys) else { continue }
                if entry.value.isEmpty {
                    settings.weights = .standard
                    continue
                }
                switch EvaluationWeights.parse(entry.value) {
                case .success(let weights): settings.weights = weights
                case .failure(let error): problem(entry.line, "Weights=\(entry.value): \(error.message)")
                }
            }
        }
        return settings
    }
}

/// The facets of a ``Syntax`` that few parameters have (retired enumeration values and patterns,
/// `enumerationRef`, `pathRef`), kept out of line so that copying a syntax stays cheap.
struct RareFacets: Sendable, Hashable, Codable {
    var enumerationStatus: [String: ItemStatus] = [:]
    var patternStatus: [String: ItemStatus] = [:]
    var enumerationRef: EnumerationReference?
    var pathRef: PathReference?

    /// One heap reference holding the facets (an indirect enum case is boxed).
    indirect enum Box: Sendable, Hashable, Codable {
        case value(RareFacets)

        init(_ facets: RareFacets) { self = .value(facets) }

        var facets: RareFacets {
            switch self {
            case .value(let facets): facets
            }
        }
    }
}

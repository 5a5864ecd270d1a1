/// The facets of a ``Syntax`` that few parameters have (retired enumeration values and patterns,
/// `enumerationRef`, `pathRef`), kept out of line so that copying a syntax stays cheap.
struct RareFacets: Sendable, Hashable, Codable {
    var enumerationStatus: [String: ItemStatus] = [:]
    var patternStatus: [String: ItemStatus] = [:]
    /// Enumeration values with `access="readOnly"`: the CPE may report them, an ACS may not set them.
    var readOnlyEnumerations: Set<String> = []
    var enumerationRef: EnumerationReference?
    var pathRef: PathReference?

    /// One immutable heap object holding the facets: reading one facet retains only that facet.
    final class Box: Sendable, Hashable, Codable {
        let facets: RareFacets

        init(_ facets: RareFacets) { self.facets = facets }

        static func == (a: Box, b: Box) -> Bool { a === b || a.facets == b.facets }

        func hash(into hasher: inout Hasher) { hasher.combine(facets) }

        init(from decoder: any Decoder) throws { facets = try RareFacets(from: decoder) }

        func encode(to encoder: any Encoder) throws { try facets.encode(to: encoder) }
    }
}

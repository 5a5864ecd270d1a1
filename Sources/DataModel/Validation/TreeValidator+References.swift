import CWMP

extension TreeValidator {
    /// What an `enumerationRef` value should have been, when the referenced parameter is in the tree
    /// and the value (each item of a list) is neither one of its items nor the `nullValue`.
    static func enumerationRefProblem(
        _ value: String,
        _ reference: EnumerationReference,
        path: String,
        generic: String,
        tree: ParameterTree
    ) -> String? {
        if let null = reference.nullValue, value == null { return nil }
        let genericSegments = generic.utf8.reduce(1) { $1 == UInt8(ascii: ".") ? $0 + 1 : $0 }
        guard let targetPath = reference.instancePath(for: path, genericSegments: genericSegments),
            let allowedText = tree[targetPath]?.value
        else { return nil }
        let listed = allowedText.split(separator: ",").map { $0.trimmingXMLWhitespace() }
        let allowed = Set(listed)
        let items = value.split(separator: ",").map { $0.trimmingXMLWhitespace() }
        guard let wrong = items.first(where: { !allowed.contains($0) && $0 != reference.nullValue }) else {
            return nil
        }
        let shown = listed.prefix(12).joined(separator: ", ") + (listed.count > 12 ? ", …" : "")
        let null = reference.nullValue.map { $0.isEmpty ? " or empty" : " or \($0)" } ?? ""
        let each = items.count > 1 ? "each item " : ""
        return "\(each)one of \(targetPath) (\(shown))\(null); \(wrong) is not"
    }

    /// What a `pathRef` value should have been: each non-empty item must name an item of a loaded
    /// model of the facet's target type, under one of its target parents. A trailing dot is
    /// tolerated; vendor `X_` paths are not judged. Whether a strong reference exists in the tree
    /// is not checked (a tree is often a part of the device's).
    func pathRefProblem(_ value: String, _ reference: PathReference) -> String? {
        for item in value.split(separator: ",") {
            var path = item.trimmingXMLWhitespace()
            if path.hasSuffix(".") { path.removeLast() }
            guard !path.isEmpty, !path.hasPrefix("X_"), !path.contains(".X_") else { continue }
            guard let (model, generic) = models.resolve(path) else {
                return "the path of an item of a loaded model (\(models.rootNames))"
            }
            if let problem = reference.problem(generic: generic, in: model) { return problem }
        }
        return nil
    }
}

import CWMP

extension TreeValidator {
    /// The items of each referenced list parameter a validation run has looked at, keyed by the
    /// referenced parameter's concrete path: each list is split and hashed once per run, however
    /// many values refer to it (a 100,000-item list with 600 referrers is one split, not 600).
    final class ReferencedLists {
        /// One referenced parameter's items, in order (for the message) and as a set.
        struct Items {
            var listed: [String]
            var allowed: Set<String>
        }
        private var lists: [String: Items] = [:]
        /// How many lists have been split so far (each referenced path at most once).
        private(set) var builds = 0

        init() {}

        /// The items of `path`'s value `text`, split on first use.
        func items(of path: String, text: String) -> Items {
            if let known = lists[path] { return known }
            builds += 1
            let listed = text.split(separator: ",").map { $0.trimmingXMLWhitespace() }
            let items = Items(listed: listed, allowed: Set(listed))
            lists[path] = items
            return items
        }
    }

    /// What an `enumerationRef` value should have been, when the referenced parameter is in the tree
    /// and the value (each item of a list) is neither one of its items nor the `nullValue`. A
    /// single value is one item, the empty string included: it is allowed only as the `nullValue`
    /// ("the value that indicates that none of the values … apply", cwmp-datamodel-1-14.xsd:1416-1418);
    /// an empty list is a list of no items. The referenced list is split once per run (`lists`).
    static func enumerationRefProblem(
        _ value: String,
        _ reference: EnumerationReference,
        isList: Bool,
        path: String,
        generic: String,
        tree: ParameterTree,
        lists: ReferencedLists
    ) -> String? {
        if let null = reference.nullValue, value == null { return nil }
        let genericSegments = generic.utf8.reduce(1) { $1 == UInt8(ascii: ".") ? $0 + 1 : $0 }
        guard let targetPath = reference.instancePath(for: path, genericSegments: genericSegments),
            let allowedText = tree[targetPath]?.value
        else { return nil }
        let referenced = lists.items(of: targetPath, text: allowedText)
        let listed = referenced.listed
        let allowed = referenced.allowed
        // Empty items are kept (as ValueChecker keeps them): `n,,ac` has an empty item, which is
        // allowed only as the nullValue.
        let items =
            isList
            ? (value.isEmpty
                ? [] : value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingXMLWhitespace() })
            : [value.trimmingXMLWhitespace()]
        guard let wrong = items.first(where: { !allowed.contains($0) && $0 != reference.nullValue }) else {
            return nil
        }
        let shown = listed.prefix(12).joined(separator: ", ") + (listed.count > 12 ? ", …" : "")
        let null = reference.nullValue.map { $0.isEmpty ? " or empty" : " or \($0)" } ?? ""
        let each = items.count > 1 ? "each item " : ""
        return "\(each)one of \(targetPath) (\(shown))\(null); \(wrong.isEmpty ? "the empty string" : wrong) is not"
    }

    /// What a `pathRef` value should have been: each non-empty item must name an item of a loaded
    /// model of the facet's target type, under one of its target parents. A trailing dot is
    /// tolerated; vendor `X_` paths are not judged. Whether a strong reference exists in the tree
    /// is not checked (a tree is often a part of the device's).
    func pathRefProblem(_ value: String, _ reference: PathReference) -> String? {
        if value.isEmpty { return nil }
        // Most values are one path: no list to split.
        guard value.utf8.contains(UInt8(ascii: ",")) else { return pathRefItemProblem(value[...], reference) }
        for item in value.split(separator: ",") {
            if let problem = pathRefItemProblem(item, reference) { return problem }
        }
        return nil
    }

    /// ``pathRefProblem(_:_:)`` for one item, without copying it.
    private func pathRefItemProblem(_ item: Substring, _ reference: PathReference) -> String? {
        var path = item
        while let first = path.utf8.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D {
            path = path.dropFirst()
        }
        while let last = path.utf8.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D {
            path = path.dropLast()
        }
        if path.utf8.last == UInt8(ascii: ".") { path = path.dropLast() }
        guard !path.isEmpty else { return nil }
        return path.withUTF8 { bytes in
            // Instance numbers start at 1 (AddObjectResponse's InstanceNumber, cwmp-1-2.xsd:1659-1663):
            // a reference to instance 0 names no row any device has.
            var segmentStart = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: ".") {
                let segment = bytes[segmentStart..<i]
                if !segment.isEmpty, segment.allSatisfy({ $0 == UInt8(ascii: "0") }) {
                    return "a row's path: instance numbers start at 1 (cwmp-1-2.xsd:1659-1663), so "
                        + "\(String(decoding: bytes[..<i], as: UTF8.self)) names no row"
                }
                segmentStart = i + 1
            }
            if reference.isRowOfTargetParent(bytes) { return nil }
            // A vendor segment (`X_ACME_Tunnel`) anywhere: not ours to judge.
            for i in bytes.indices.dropLast()
            where bytes[i] == UInt8(ascii: "X") && bytes[i + 1] == UInt8(ascii: "_")
                && (i == 0 || bytes[i - 1] == UInt8(ascii: "."))
            {
                return nil
            }
            guard let (model, generic) = models.resolve(bytes: bytes) else {
                return "the path of an item of a loaded model (\(models.rootNames))"
            }
            return reference.problem(generic: generic, in: model)
        }
    }
}

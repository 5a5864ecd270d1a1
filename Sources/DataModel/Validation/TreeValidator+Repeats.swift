import CWMP

extension TreeValidator {
    /// A `duplicate-parameter` warning at each later copy of a repeated parameter, naming the
    /// first copy's line and the copy GenieACS 1.2.16 stores; each copy the tree does not hold is
    /// checked as the held one was, so a bad value in it is not hidden by the other.
    func checkRepeats(
        _ repeats: [RepeatedParameter],
        tree: ParameterTree,
        lists: ReferencedLists,
        into findings: inout [Finding]
    ) {
        for repeated in repeats {
            let first = repeated.copies.first?.location
            let firstAt = first?.line.map { "line \($0)" } ?? first?.row.map { "row \($0)" } ?? "an earlier entry"
            for copy in repeated.copies.dropFirst() {
                findings.append(
                    Finding(
                        code: .duplicateParameter,
                        severity: .warning,
                        path: repeated.path,
                        expected: "one copy per parameter (first at \(firstAt); \(repeated.consequence))",
                        location: copy.location
                    )
                )
            }
            for copy in repeated.dropped {
                var path = copy.path
                // Vendor names are counted, not checked; an unknown path is reported for the held copy.
                guard path.withUTF8({ PathScan($0).vendorEnd }) == nil,
                    let (model, generic) = path.withUTF8({ models.resolve(bytes: $0) }),
                    Self.unloadedServiceMount(copy.path, generic: generic, model: model) == nil
                else { continue }
                if copy.isObject {
                    checkObject(copy, generic: generic, model: model, into: &findings)
                } else {
                    checkParameter(copy, generic: generic, model: model, tree: tree, lists: lists, into: &findings)
                }
            }
        }
    }
}

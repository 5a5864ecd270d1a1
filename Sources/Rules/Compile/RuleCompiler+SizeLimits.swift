import FerruleCore

/// How many bytes of variable values one compile may substitute into the rules.
///
/// Each `${name}` costs a few bytes of rule text but adds the variable's whole value, so a file
/// within the 64 MiB input cap could name a one-megabyte variable millions of times. The budget
/// is what the largest file Ferrule reads may hold (``BoundedFileReader``'s default, 64 MiB): a
/// real rule set substitutes kilobytes (addresses, names, a certificate).
public struct SubstitutionBudget: Sendable {
    /// 64 MiB.
    public static let maxBytes = 64 << 20
    static var described: String { "64 MiB (\(DisplayText.grouped(maxBytes)) bytes)" }

    private(set) var remaining = maxBytes
    /// Whether running out was reported (once per compile).
    var reported = false

    /// Takes `bytes` from the budget; false (and nothing taken) when fewer remain.
    mutating func spend(_ bytes: Int) -> Bool {
        guard bytes <= remaining else { return false }
        remaining -= bytes
        return true
    }
}

extension TemplatePart {
    /// The literal text this part holds once variables are substituted (functions of literals
    /// included); what is computed on the device counts nothing.
    var substitutedSize: Int {
        switch self {
        case .literal(let text): text.utf8.count
        case .function(_, let args): args.reduce(0) { $0 + $1.substitutedSize }
        default: 0
        }
    }
}

extension RuleCompiler {
    /// The largest preset, provision or virtual parameter `compile` writes, in UTF-8 bytes.
    ///
    /// GenieACS's NBI stores each as one MongoDB document (lib/nbi.ts:78-90 and 133-152 at v1.2.16:
    /// a preset as its JSON, a provision or virtual parameter as `{_id, script}`), and MongoDB
    /// refuses a document over 16 MiB (16,777,216 bytes of BSON), so the upload fails with a server
    /// error after the rest of a deploy went through. 16 KiB of the 16 MiB are left for the `_id`
    /// (a rule name, at most 128 bytes), the field names and BSON's framing.
    public static let maxArtifactBytes = (16 << 20) - (16 << 10)

    /// Reports `contents` (the artifact `kind` of `name`) when over ``maxArtifactBytes``; true when it is.
    /// `atLeast`: `contents` is part of the artifact (a script before its marker line).
    static func refuseOversized(
        _ contents: String,
        _ kind: String,
        of name: String,
        at location: RuleLocation,
        _ diagnostics: inout DiagnosticCollector,
        atLeast: Bool = false
    ) -> Bool {
        let size = contents.utf8.count
        guard size > maxArtifactBytes else { return false }
        diagnostics.error(
            .artifactTooLarge,
            "the \(kind) of \"\(name)\" would be \(atLeast ? "more than " : "")\(DisplayText.grouped(size)) bytes; "
                + "GenieACS stores it as one MongoDB "
                + "document, and MongoDB refuses one over 16 MiB (at most \(DisplayText.grouped(maxArtifactBytes)) "
                + "bytes here)",
            at: location,
            hint: "split the rule, or keep large content out of its values"
        )
        return true
    }
}

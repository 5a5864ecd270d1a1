/// A parameter one source reports more than once: two ParameterValueStructs with the same Name in
/// one message, or two rows with the same Parameter in one CSV file.
///
/// The tree keeps one copy (``kept``), the one GenieACS 1.2.16 keeps; the others are listed here
/// so validation can still check each against the model and report the repetition.
public struct RepeatedParameter: Sendable, Hashable {
    /// What the parameter was read from: decides which copy is kept.
    public enum Source: String, Sendable, Hashable {
        case getParameterValuesResponse, inform, getParameterNamesResponse, setParameterValues, csv, nbiJSON
    }

    /// Which copy a source keeps.
    public enum Kept: String, Sendable, Hashable {
        /// The first: a GetParameterValuesResponse, where GenieACS 1.2.16 stores the first copy and
        /// drops each later one as "Unexpected parameter in response" (lib/session.ts:2535-2543).
        case first
        /// The last: an Inform (each copy is set in turn, lib/session.ts:177-187, 236-249), a
        /// GetParameterNamesResponse, a CSV or NBI file.
        case last
    }

    /// The path as reported (objects end in `.`).
    public var path: String
    /// Every copy in source order; two or more.
    public var copies: [ParameterEntry]
    public var source: Source

    public init(path: String, copies: [ParameterEntry], source: Source) {
        self.path = path
        self.copies = copies
        self.source = source
    }

    /// Which copy the tree holds.
    public var kept: Kept { Self.kept(by: source) }

    static func kept(by source: Source) -> Kept {
        switch source {
        case .getParameterValuesResponse, .setParameterValues: .first
        case .inform, .getParameterNamesResponse, .csv, .nbiJSON: .last
        }
    }

    /// The copies the tree does not hold.
    public var dropped: ArraySlice<ParameterEntry> {
        kept == .first ? copies.dropFirst() : copies.dropLast()
    }

    /// Which copy GenieACS 1.2.16 stores (or, for a file GenieACS does not read, Ferrule keeps), in
    /// words, with the citation.
    public var consequence: String { Self.consequence(of: source) }

    static func consequence(of source: Source) -> String {
        switch source {
        case .getParameterValuesResponse:
            "GenieACS 1.2.16 stores the first copy and ignores each later one as \"Unexpected parameter in "
                + "response\" (lib/session.ts:2535-2543); Ferrule keeps the first too"
        case .inform:
            "GenieACS 1.2.16 stores each copy in turn, so the last wins (lib/session.ts:177-187, 236-249); "
                + "Ferrule keeps the last too"
        case .getParameterNamesResponse:
            "GenieACS 1.2.16 stores each copy in turn, so the last wins (lib/session.ts:2679-2703); "
                + "Ferrule keeps the last too"
        case .setParameterValues:
            "Ferrule keeps the first copy"
        case .csv, .nbiJSON:
            "Ferrule keeps the last copy"
        }
    }
}

/// Builds a tree from one source, entry by entry, noting the paths it reports more than once.
package struct RepeatTrackingBuilder {
    package private(set) var tree = ParameterTree()
    private var repeatIndex: [String: Int] = [:]
    package private(set) var repeats: [RepeatedParameter] = []
    let source: RepeatedParameter.Source

    package init(source: RepeatedParameter.Source) { self.source = source }

    /// Adds `entry`; a path already added by this builder is a repeat: the tree keeps the copy
    /// ``RepeatedParameter/kept`` names, whole (value, type, writability and location together).
    package mutating func add(_ entry: ParameterEntry) {
        var entry = entry
        if entry.isObject && !entry.path.hasSuffix(".") { entry.path += "." }
        guard let existing = tree[entry.path], existing.path == entry.path else {
            tree.insert(entry)
            return
        }
        if let i = repeatIndex[entry.path] {
            repeats[i].copies.append(entry)
        } else {
            repeatIndex[entry.path] = repeats.count
            repeats.append(RepeatedParameter(path: entry.path, copies: [existing, entry], source: source))
        }
        if RepeatedParameter.kept(by: source) == .last {
            tree.remove(entry.path)
            tree.insert(entry)
        }
    }
}

public import Yams

/// The shapes every Ferrule YAML format is read with: parsing with syntax errors as diagnostics,
/// node locations, mappings, lists, single values, numbers, booleans and unknown keys with a
/// "did you mean" hint.
///
/// A format's reader is a struct holding the file name and a ``DiagnosticCollector``; conforming
/// gives it these helpers, each of which reports a problem at the node's `file:line:column` and
/// returns nil, so reading continues and one run reports every problem:
///
/// ```swift
/// struct PolicyReader: YAMLReader {
///     let file: String
///     var diagnostics = DiagnosticCollector()
/// }
/// var reader = PolicyReader(file: "policy.yaml")
/// if let root = reader.compose(text), let entries = reader.mapping(root, what: "the policy") { … }
/// ```
public protocol YAMLReader {
    /// The file as named on the command line.
    var file: String { get }
    /// Receives every problem found.
    var diagnostics: DiagnosticCollector { get set }
    /// Where `node` is; a reader may choose where a missing node points (the default: the file).
    func location(_ node: Node?) -> SourceLocation
}

extension YAMLReader {
    public func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0)
    }

    /// Reports an error at `node`.
    public mutating func error(_ node: Node?, _ code: Diagnostic.Code, _ message: String, hint: String? = nil) {
        diagnostics.error(code, message, at: location(node), hint: hint)
    }

    /// Reports a warning at `node`.
    public mutating func warning(_ node: Node?, _ code: Diagnostic.Code, _ message: String, hint: String? = nil) {
        diagnostics.warning(code, message, at: location(node), hint: hint)
    }

    // MARK: - The document

    /// The document's root node; nil for an empty document or (reported) invalid YAML, or YAML
    /// that uses an alias (``YAMLComposer``).
    public mutating func compose(_ text: String) -> Node? {
        do {
            return try YAMLComposer.compose(text)
        } catch let refusal as YAMLComposer.AliasRefusal {
            diagnostics.error(
                .yamlAlias,
                YAMLComposer.AliasRefusal.message,
                at: SourceLocation(file: file, line: refusal.line, column: refusal.column),
                hint: YAMLComposer.AliasRefusal.hint
            )
        } catch let failure as YamlError {
            syntaxError(failure, text: text)
        } catch {
            diagnostics.error(.yaml, "not valid YAML", at: SourceLocation(file: file))
        }
        return nil
    }

    private mutating func syntaxError(_ failure: YamlError, text: String) {
        switch failure {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text): " } ?? ""
            diagnostics.error(
                .yaml,
                "not valid YAML: \(detail)\(problem)",
                at: SourceLocation(file: file, line: mark.line, column: mark.column),
                hint: "fix the syntax at this position"
            )
        case .reader(let problem, let offset, let value, _):
            let byte = value >= 0 ? " (U+\(String(value, radix: 16, uppercase: true)))" : ""
            diagnostics.error(
                .yaml,
                "not valid YAML: \(problem)\(byte)",
                at: offset.map { Self.location(ofCharacter: $0, in: text, file: file) } ?? SourceLocation(file: file),
                hint: "YAML files are UTF-8 text without control characters; remove or escape them"
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.sorted()
            let mapping = SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
            diagnostics.error(
                .duplicateKey,
                "duplicated key(s) \(names.map { DisplayText.value($0) }.joined(separator: ", "))",
                at: names.first.flatMap { Self.secondOccurrence(of: $0, in: text, mapping: mapping) } ?? mapping,
                hint: "keep one of each"
            )
        default:
            diagnostics.error(.yaml, "not valid YAML", at: SourceLocation(file: file))
        }
    }

    /// The line and column of the character at `offset` (counted from the start, as libyaml's
    /// reader reports it).
    static func location(ofCharacter offset: Int, in text: String, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for (index, character) in text.enumerated() {
            if index == offset { break }
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Where `key` is given the second time in the block mapping starting at `mapping` (Yams
    /// reports only the mapping); nil for flow mappings and anything unusual.
    static func secondOccurrence(of key: String, in text: String, mapping: SourceLocation) -> SourceLocation? {
        // Lines as libyaml counts them: CR, LF, CR LF and the Unicode line breaks all end one.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let indent = mapping.column - 1
        let first = max(0, mapping.line - 1)
        guard indent >= 0, first < lines.count else { return nil }
        var seen = 0
        for index in first..<lines.count {
            let chars = Array(lines[index].unicodeScalars)
            let leading = chars.prefix { $0 == " " }.count
            if index >= mapping.line, leading < indent, leading < chars.count, chars[leading] != "#" { break }
            guard chars.count > indent, index == mapping.line - 1 || leading == indent else { continue }
            let rest = String(String.UnicodeScalarView(chars[indent...]))
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                seen += 1
                if seen == 2 { return SourceLocation(file: mapping.file, line: index + 1, column: mapping.column) }
            }
        }
        return nil
    }

    // MARK: - Shapes

    /// The pairs of a mapping, or nil (reported) when `node` is not one.
    public mutating func mapping(_ node: Node, what: String) -> [(Node, Node)]? {
        guard let m = node.mapping else {
            error(node, .wrongType, "expected \(what) as a mapping (`key: value` lines)")
            return nil
        }
        return m.map { ($0.key, $0.value) }
    }

    /// The items of a list, or nil (reported) when `node` is not one.
    public mutating func sequence(_ node: Node, what: String) -> [Node]? {
        guard let s = node.sequence else {
            error(node, .wrongType, "expected \(what) as a list (`- item` lines or `[a, b]`)")
            return nil
        }
        return Array(s)
    }

    /// A single value's text, or nil (reported) when `node` is a mapping or a list.
    public mutating func scalarText(_ node: Node, what: String) -> String? {
        guard let scalar = node.scalar else {
            error(node, .wrongType, "expected \(what) as a single value")
            return nil
        }
        return scalar.string
    }

    /// Whether a scalar was written without quotes (so `900` is a number, `"900"` text).
    public func isPlain(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain || scalar.style == .any
    }

    /// An unquoted whole number within `range`, or nil (reported).
    public mutating func int(_ node: Node, what: String, range: ClosedRange<Int>) -> Int? {
        guard isPlain(node), let n = node.int else {
            error(node, .wrongType, "expected \(what) as a whole number")
            return nil
        }
        guard range.contains(n) else {
            error(node, .outOfRange, "\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(n)")
            return nil
        }
        return n
    }

    /// An unquoted `true` or `false`, or nil (reported).
    public mutating func bool(_ node: Node, what: String) -> Bool? {
        guard isPlain(node), let b = node.bool else {
            error(node, .wrongType, "expected \(what) as true or false")
            return nil
        }
        return b
    }

    /// Reports `key` as unknown in `place`, with the closest of `known` as a hint, else the list.
    public mutating func unknownKey(_ key: Node, _ name: String, among known: [String], in place: String) {
        let suggestion = DidYouMean.suggestion(for: name, among: known)
        error(
            key,
            .unknownKey,
            "unknown key \"\(DisplayText.value(name))\" in \(place)",
            hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "known keys: \(known.joined(separator: ", "))"
        )
    }
}

/// A YAML node with its mark (line and column), as the foundation's readers see it.
public typealias YAMLNode = Yams.Node

public import CWMP

/// The kinds of file a ``ParameterTree`` can be read from.
public enum TreeSourceFormat: String, Sendable, Hashable, CaseIterable {
    /// Decide from the content: JSON → NBI document, a CSV header → CSV, XML → by RPC.
    case auto
    case inform
    /// GetParameterValuesResponse.
    case gpv
    /// GetParameterNamesResponse.
    case gpn
    /// A GenieACS NBI device document.
    case nbiJSON = "nbi-json"
    /// A GenieACS CSV (UI export or genieacs-sim model).
    case csv
}

/// A parameter tree read from a file, with what the file turned out to be.
public struct LoadedTree: Sendable {
    public var tree: ParameterTree
    /// What the CWMP reader tolerated (empty for JSON and CSV).
    public var warnings: [CWMPWarning]
    /// The format the file was read as (never ``TreeSourceFormat/auto``).
    public var format: TreeSourceFormat
    /// For XML sources, the protocol version of the message.
    public var cwmpVersion: CWMPVersion?
    /// Parameters the file reports more than once; the tree holds the copy GenieACS keeps.
    public var repeats: [RepeatedParameter] = []

    /// Whether the tree came from an Inform (forced-Inform parameters then must all be present).
    public var isInform: Bool { format == .inform }
}

extension ParameterTree {
    /// Reads a tree from a file's bytes.
    ///
    /// - Parameters:
    ///   - bytes: the file content.
    ///   - format: what the file holds, or ``TreeSourceFormat/auto``.
    ///   - file: the file name, for locations and errors.
    ///   - charset: for XML without a declaration, the charset to assume.
    /// - Returns: the tree and the warnings the CWMP reader raised (empty for JSON and CSV).
    public static func load(
        _ bytes: [UInt8],
        format: TreeSourceFormat = .auto,
        file: String? = nil,
        charset: String? = nil
    ) throws(TreeSourceError) -> (tree: ParameterTree, warnings: [CWMPWarning]) {
        let loaded = try loadSource(bytes, format: format, file: file, charset: charset)
        return (loaded.tree, loaded.warnings)
    }

    /// Reads a tree from a file's bytes and says what the file was (see ``load(_:format:file:charset:)``).
    public static func loadSource(
        _ bytes: [UInt8],
        format: TreeSourceFormat = .auto,
        file: String? = nil,
        charset: String? = nil
    ) throws(TreeSourceError) -> LoadedTree {
        switch format == .auto ? detect(bytes) : format {
        case .nbiJSON:
            let read = try ParameterTree.reading(nbiJSON: bytes, file: file)
            return LoadedTree(tree: read.tree, warnings: [], format: .nbiJSON, repeats: read.repeats)
        case .csv:
            let read = try ParameterTree.reading(csv: String(decoding: bytes, as: UTF8.self), file: file)
            return LoadedTree(tree: read.tree, warnings: [], format: .csv, repeats: read.repeats)
        case .auto, .inform, .gpv, .gpn:
            let parsed: ParsedMessage
            do {
                parsed = try CWMPParser().parse(bytes, charset: charset)
            } catch {
                var message = error.message
                if let path = error.elementPath, !path.isEmpty, path != "/" { message += " (in \(path))" }
                if let hint = error.hint { message += "; \(hint)" }
                throw TreeSourceError(
                    file: file,
                    line: error.line,
                    column: error.column,
                    code: error.code.rawValue,
                    message: message
                )
            }
            guard let envelope = parsed.message.envelope else {
                throw TreeSourceError(file: file, message: "the file is empty (an empty CWMP body holds no parameters)")
            }
            let expected: String? =
                switch format {
                case .inform: Inform.methodName
                case .gpv: GetParameterValuesResponse.methodName
                case .gpn: GetParameterNamesResponse.methodName
                default: nil
                }
            if let expected, envelope.body.methodName != expected {
                throw TreeSourceError(
                    file: file,
                    message: "the file holds \(envelope.body.methodName), not \(expected)"
                )
            }
            guard let read = ParameterTree.reading(envelope: envelope, file: file) else {
                throw TreeSourceError(
                    file: file,
                    message: "a \(envelope.body.methodName) carries no parameter tree; give an Inform, "
                        + "GetParameterValuesResponse or GetParameterNamesResponse"
                )
            }
            let kind: TreeSourceFormat =
                switch envelope.body {
                case .inform: .inform
                case .getParameterNamesResponse: .gpn
                default: .gpv
                }
            return LoadedTree(
                tree: read.tree,
                warnings: parsed.warnings,
                format: kind,
                cwmpVersion: envelope.version,
                repeats: read.repeats
            )
        }
    }

    /// Guesses the format from the first non-blank bytes.
    static func detect(_ bytes: [UInt8]) -> TreeSourceFormat {
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < bytes.count, bytes[i].isXMLWhitespace { i += 1 }
        guard i < bytes.count else { return .auto }
        switch bytes[i] {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return .nbiJSON
        case UInt8(ascii: "<"), 0xFE, 0xFF, 0x00: return .auto
        default: return bytes[i...].starts(with: Array("Parameter".utf8)) ? .csv : .auto
        }
    }
}

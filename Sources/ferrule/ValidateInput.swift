import CWMP

/// Reads one tree file for `ferrule validate`: the tree, its reader warnings, and whether it is an
/// Inform (which adds the forced-Inform check).
enum ValidateInput {
    struct Loaded {
        var tree: ParameterTree
        var warnings: [CWMPWarning]
        var isInform: Bool
    }

    static func load(_ bytes: [UInt8], format: TreeSourceFormat, file: String, charset: String?) throws -> Loaded {
        let (tree, warnings) = try ParameterTree.load(bytes, format: format, file: file, charset: charset)
        let isInform: Bool =
            switch format {
            case .inform: true
            case .auto: looksLikeXML(bytes) && isInformMessage(bytes, charset: charset)
            case .gpv, .gpn, .nbiJSON, .csv: false
            }
        return Loaded(tree: tree, warnings: warnings, isInform: isInform)
    }

    /// JSON documents start with `{`/`[` and CSV exports with `Parameter`; everything else is read as XML.
    private static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
        guard
            let first = bytes.first(where: {
                $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\n")
                    && $0 != UInt8(ascii: "\r")
            })
        else { return false }
        return first != UInt8(ascii: "{") && first != UInt8(ascii: "[") && first != UInt8(ascii: "P")
    }

    private static func isInformMessage(_ bytes: [UInt8], charset: String?) -> Bool {
        guard let parsed = try? CWMPParser().parse(bytes, charset: charset), let envelope = parsed.message.envelope
        else { return false }
        return envelope.body.methodName == Inform.methodName
    }
}

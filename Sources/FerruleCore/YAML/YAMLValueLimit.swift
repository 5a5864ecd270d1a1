public import Yams

/// The largest single value (a YAML scalar) a rule or variables file may hold, in UTF-8 bytes.
///
/// What a rule sets ends up in a provision script GenieACS stores as one MongoDB document, at most
/// 16 MiB (the compiler checks the compiled size too). No TR-069 value comes near a
/// megabyte: the longest string the BBF models declare is 65,535 characters
/// (`maxLength="65535"`, tr-181-2-17-0-cwmp-full.xml), and a `script:` action or precondition of a
/// megabyte is far beyond any written by hand. A larger value is refused when the file is read,
/// before it is templated, compiled and hashed (a 20 MB value took 32 s and 457 MB to compile into
/// a provision GenieACS could not store).
public enum YAMLValueLimit {
    /// 1 MiB: sixteen times the longest string any BBF model declares.
    public static let maxBytes = 1 << 20

    /// The size in words for messages: `1 MiB (1,048,576 bytes)`.
    public static var described: String { "1 MiB (\(DisplayText.grouped(maxBytes)) bytes)" }
}

extension YAMLReader {
    /// Reports every scalar (key or value) in the document longer than `limit` UTF-8 bytes, at the
    /// scalar, and returns whether there was one. Walks the nodes with an explicit stack, never
    /// recursion, so no nesting exhausts the stack.
    public mutating func refuseOversizedValues(_ root: Node, limit: Int = YAMLValueLimit.maxBytes, what: String) -> Bool
    {
        var pending = [root]
        var found = false
        while let node = pending.popLast() {
            switch node {
            case .scalar(let scalar):
                let size = scalar.string.utf8.count
                guard size > limit else { continue }
                found = true
                error(
                    node,
                    .valueTooLarge,
                    "value \"\(DisplayText.value(scalar.string))\" is longer than \(YAMLValueLimit.described)",
                    hint: "\(what); keep large content out of the file (a firmware image is a `download`, not a value)"
                )
            case .mapping(let mapping):
                for (key, value) in mapping.reversed() {
                    pending.append(value)
                    pending.append(key)
                }
            case .sequence(let sequence):
                pending += sequence.reversed()
            case .alias:
                continue
            }
        }
        return found
    }
}

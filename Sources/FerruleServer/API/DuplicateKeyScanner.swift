/// Finds the first object key a JSON text repeats, for request bodies: Foundation's decoder keeps
/// the first of two equal keys and drops the other without a word, so
/// `{"max_concurrent": 1, "max_concurrent": 500}` ran with 1. One pass over the bytes (keys
/// compared after unescaping, as the decoder compares them), a set of keys per open object, at
/// most ``depthLimit`` levels (the decoder's own limit; deeper text is left to it, which refuses it).
/// Text that is not JSON ends the scan with no finding: the decoder reports it.
struct DuplicateKeyScanner {
    /// Foundation's `JSONDecoder` nesting limit.
    static let depthLimit = 512

    /// A repeated key and where: the object's path as `body.a.0.b` (``APIErrorMiddleware``'s form).
    struct Finding: Equatable {
        var key: String
        var path: String
    }

    /// An open object or array; `step` is its key or index in the enclosing one (nil at the top).
    private enum Frame {
        case object(keys: Set<String>, step: String?, expectingKey: Bool)
        case array(step: String?, index: Int)

        var step: String? {
            switch self {
            case .object(_, let step, _), .array(let step, _): step
            }
        }
    }

    /// The first repeated key of `bytes`, nil when none (or when the text is not JSON).
    static func firstDuplicate(in bytes: [UInt8]) -> Finding? {
        var scanner = DuplicateKeyScanner(bytes: bytes)
        return scanner.scan()
    }

    private let bytes: [UInt8]
    private var index = 0
    private var stack: [Frame] = []
    /// The key just read in the innermost object, the path step of a value that opens next.
    private var lastKey: String?

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func scan() -> Finding? {
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < Self.depthLimit else { return nil }
                let step = childStep()
                stack.append(
                    byte == UInt8(ascii: "{")
                        ? .object(keys: [], step: step, expectingKey: true) : .array(step: step, index: 0)
                )
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
                index += 1
            case UInt8(ascii: ","):
                switch stack.last {
                case .object(let keys, let step, _):
                    stack[stack.count - 1] = .object(keys: keys, step: step, expectingKey: true)
                case .array(let step, let position): stack[stack.count - 1] = .array(step: step, index: position + 1)
                case nil: return nil
                }
                index += 1
            case UInt8(ascii: "\""):
                index += 1
                guard let text = string() else { return nil }
                if case .object(var keys, let step, true) = stack.last {
                    // Taken out of the stack while it grows, so the set is not copied.
                    stack[stack.count - 1] = .array(step: step, index: 0)
                    guard keys.insert(text).inserted else {
                        return Finding(key: text, path: (["body"] + stack.compactMap(\.step)).joined(separator: "."))
                    }
                    stack[stack.count - 1] = .object(keys: keys, step: step, expectingKey: false)
                    lastKey = text
                }
            default:
                index += 1
            }
        }
        return nil
    }

    /// The key or index of a value opening at the current position.
    private func childStep() -> String? {
        switch stack.last {
        case .object: lastKey ?? ""
        case .array(_, let position): String(position)
        case nil: nil
        }
    }

    /// Reads a string's content after its opening quote, escapes resolved; nil when unterminated
    /// or malformed. Linear in the string: the content goes into one byte buffer, decoded once
    /// (appending to a `String.UnicodeScalarView` piece by piece copied it on every escape, so a
    /// 4 MB tree with 36,000 `\n` took 80 s).
    private mutating func string() -> String? {
        var content: [UInt8] = []
        var run = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                content.append(contentsOf: bytes[run..<index])
                index += 1
                return String(decoding: content, as: UTF8.self)
            }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            content.append(contentsOf: bytes[run..<index])
            index += 1
            guard index < bytes.count else { return nil }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): content.append(escape)
            case UInt8(ascii: "b"): content.append(0x08)
            case UInt8(ascii: "f"): content.append(0x0C)
            case UInt8(ascii: "n"): content.append(0x0A)
            case UInt8(ascii: "r"): content.append(0x0D)
            case UInt8(ascii: "t"): content.append(0x09)
            case UInt8(ascii: "u"):
                guard var unit = hex4() else { return nil }
                if (0xD800..<0xDC00).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                {
                    index += 2
                    guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(unit) else { return nil }
                content.append(contentsOf: UTF8.encode(scalar).map { Array($0) } ?? [])
            default: return nil
            }
            run = index
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        index += 4
        return value
    }
}

/// Appends escaped XML to a byte buffer. Strict in what it writes: every value is escaped, names
/// are written as given, and the output is always UTF-8.
struct XMLWriter {
    var bytes: [UInt8] = []
    var indent: Int = 0
    /// The first character written that XML 1.0 cannot carry, even as a reference (C0 controls
    /// other than tab, LF and CR; U+FFFE, U+FFFF), with the element it stood in and the text of
    /// the last `Name` element before it (the parameter, in a value structure).
    private(set) var unrepresentable: (scalar: Unicode.Scalar, element: String, name: String?)?
    private var lastName: String?
    /// Pretty-print with two-space indentation and LF line ends.
    var pretty: Bool

    init(pretty: Bool = true, capacity: Int = 1024) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func newlineAndIndent() {
        guard pretty else { return }
        if !bytes.isEmpty { bytes.append(0x0A) }
        for _ in 0..<indent { bytes.append(contentsOf: [0x20, 0x20]) }
    }

    /// `<name a="v" …>` and indents what follows.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        newlineAndIndent()
        startTag(name, attributes)
        bytes.append(UInt8(ascii: ">"))
        indent += 1
    }

    /// `</name>` on its own line.
    mutating func close(_ name: String) {
        indent -= 1
        newlineAndIndent()
        bytes.append(contentsOf: "</".utf8)
        raw(name)
        bytes.append(UInt8(ascii: ">"))
    }

    /// `<name a="v">text</name>`; `<name/>` when `text` is nil.
    mutating func element(_ name: String, _ text: String?, _ attributes: [(String, String)] = []) {
        newlineAndIndent()
        startTag(name, attributes)
        guard let text else {
            bytes.append(contentsOf: "/>".utf8)
            return
        }
        bytes.append(UInt8(ascii: ">"))
        check(text, in: name)
        if name == "Name" { lastName = text }
        // A parameter name is read as written, references undecoded (GenieACS 1.2.16
        // lib/xml-parser.ts:261-266, lib/soap.ts:151; docs/cwmp.md): a CR in it goes raw, as a
        // reference would be read back as the five characters `&#13;`.
        escape(text, inAttribute: false, rawCR: name == "Name")
        bytes.append(contentsOf: "</".utf8)
        raw(name)
        bytes.append(UInt8(ascii: ">"))
    }

    private mutating func startTag(_ name: String, _ attributes: [(String, String)]) {
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        for (key, value) in attributes {
            bytes.append(0x20)
            raw(key)
            bytes.append(contentsOf: "=\"".utf8)
            check(value, in: name)
            escape(value, inAttribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Records the first character of `text` outside XML 1.0's `Char` production (§2.2).
    private mutating func check(_ text: String, in element: String) {
        guard unrepresentable == nil else { return }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let allowed =
                v == 0x09 || v == 0x0A || v == 0x0D || (0x20...0xD7FF).contains(v)
                || (0xE000...0xFFFD).contains(v) || v >= 0x10000
            if !allowed {
                unrepresentable = (scalar, element, element == "Name" ? nil : lastName)
                return
            }
        }
    }

    /// Appends `text`, escaping what markup needs in content (`inAttribute` false: `&`, `<`, `>`) or
    /// in a double-quoted attribute value (`&`, `<`, `"`, and tab and LF, which the reader would
    /// normalise to spaces). A raw CR would be normalised to LF by the reader: both keep it as a
    /// reference, except with `rawCR` (a parameter name, which readers take as written).
    private mutating func escape(_ text: String, inAttribute: Bool, rawCR: Bool = false) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">") where !inAttribute: bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\"") where inAttribute: bytes.append(contentsOf: "&quot;".utf8)
            case 0x09 where inAttribute: bytes.append(contentsOf: "&#9;".utf8)
            case 0x0A where inAttribute: bytes.append(contentsOf: "&#10;".utf8)
            case 0x0D where !rawCR: bytes.append(contentsOf: "&#13;".utf8)
            default: bytes.append(b)
            }
        }
    }
}

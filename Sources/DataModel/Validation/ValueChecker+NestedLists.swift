import CWMP

extension ValueChecker {
    /// A list whose items are lists (`[10,500],[20,600]`): the form `nestedBrackets` asks for, the
    /// outer and inner item counts, the whole length, then each scalar as ``check(_:against:)``
    /// checks a flat list's items. One linear pass splits the value.
    func checkNested(_ value: String, _ list: ListFacet, _ inner: ListFacet.InnerList, _ syntax: Syntax) -> [Problem] {
        guard let items = Self.nestedItems(value, list.nesting) else {
            return [
                Problem(
                    code: .listViolation,
                    expected: list.nesting == .required
                        ? "a bracketed list of lists, [a,b],[c,d] (nestedBrackets=\"required\")"
                        : "a list of lists, [a,b],[c,d] or a%2Cb,c%2Cd"
                )
            ]
        }
        var problems: [Problem] = []
        if items.count < list.minItems || list.maxItems.map({ items.count > $0 }) == true {
            problems.append(
                Problem(
                    code: .listViolation,
                    expected: "\(list.minItems)..\(list.maxItems.map(String.init) ?? "") items"
                )
            )
        } else if !list.sizes.isEmpty, !list.sizes.contains(where: { $0.contains(value.unicodeScalars.count) }) {
            problems.append(
                Problem(
                    code: .listViolation,
                    expected: "list length " + list.sizes.map(\.description).joined(separator: " or ")
                )
            )
        } else if let wrong = items.first(where: { item in
            item.count < inner.minItems || inner.maxItems.map { item.count > $0 } == true
                || (!inner.sizes.isEmpty
                    && !inner.sizes.contains { $0.contains(item.joined(separator: ",").unicodeScalars.count) })
        }) {
            let length =
                inner.sizes.isEmpty ? "" : ", length " + inner.sizes.map(\.description).joined(separator: " or ")
            problems.append(
                Problem(
                    code: .listViolation,
                    expected: "each item a list of \(inner.minItems)..\(inner.maxItems.map(String.init) ?? "") items"
                        + length + " ([\(wrong.joined(separator: ","))] is not)"
                )
            )
        }
        for item in items.joined() {
            guard let problem = checkItem(item, syntax) else { continue }
            if !problems.contains(where: { $0.code == problem.code }) { problems.append(problem) }
            if problem.severity == .error { break }
        }
        return problems
    }

    /// The inner lists of a list of lists, or nil when the value is not written as `nesting` asks:
    /// `required` takes only `[a,b],[c,d]`, `legacy` only `a%2Cb,c%2Cd` (inner commas escaped),
    /// `permitted` either (cwmp-datamodel-1-14.xsd:201-222). Empty is the empty list.
    static func nestedItems(_ value: String, _ nesting: ListNesting) -> [[String]]? {
        let text = value.trimmingXMLWhitespace()
        if text.isEmpty { return [] }
        let bracketed = text.utf8.first == UInt8(ascii: "[")
        switch nesting {
        case .required: return bracketed ? bracketedItems(text) : nil
        case .permitted: return bracketed ? bracketedItems(text) : escapedItems(text)
        case .legacy: return escapedItems(text)
        }
    }

    /// `a%2Cb,c%2Cd`: items split on commas, each item's escaped commas (`%2C`, either case) split it.
    private static func escapedItems(_ text: String) -> [[String]] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            item.replacing("%2c", with: "%2C").split(separator: "%2C", omittingEmptySubsequences: false).map {
                String($0).trimmingXMLWhitespace()
            }
        }
    }

    /// `[a,b],[c,d]`: bracketed inner lists separated by commas (white space around them allowed);
    /// nil when anything else is met. `[]` is an empty inner list.
    private static func bracketedItems(_ text: String) -> [[String]]? {
        let bytes = Array(text.utf8)
        var items: [[String]] = []
        var i = 0
        func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D {
                i += 1
            }
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
            let start = i + 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "]") {
                if bytes[end] == UInt8(ascii: "[") { return nil }
                end += 1
            }
            guard end < bytes.count else { return nil }
            let content = String(decoding: bytes[start..<end], as: UTF8.self).trimmingXMLWhitespace()
            items.append(
                content.isEmpty
                    ? []
                    : content.split(separator: ",", omittingEmptySubsequences: false).map {
                        String($0).trimmingXMLWhitespace()
                    }
            )
            i = end + 1
            skipSpace()
            if i == bytes.count { return items }
            guard bytes[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
    }
}

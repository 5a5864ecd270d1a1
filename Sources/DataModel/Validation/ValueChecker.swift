import CWMP

/// Checks one value against a resolved ``Syntax``: lexical form, list, size, range, enumeration,
/// pattern, the status of the enumeration value or pattern it matched, and the text rules of the IP
/// data types. Returns the first problem per facet kind, in that order.
struct ValueChecker {
    /// Compiled `pattern` facets, keyed by their XSD source.
    let patterns: [String: XSDRegex]

    struct Problem: Equatable {
        var code: FindingCode
        var expected: String
        var severity: Severity = .error
    }

    func check(_ value: String, against syntax: Syntax) -> [Problem] {
        var problems: [Problem] = []
        var items = [value]
        if let list = syntax.list {
            if let inner = list.inner { return checkNested(value, list, inner, syntax) }
            items =
                value.isEmpty
                ? []
                : value.split(separator: ",", omittingEmptySubsequences: false).map {
                    String($0).trimmingXMLWhitespace()
                }
            let length = value.unicodeScalars.count
            if items.count < list.minItems || list.maxItems.map({ items.count > $0 }) == true {
                problems.append(
                    Problem(
                        code: .listViolation,
                        expected: "\(list.minItems)..\(list.maxItems.map(String.init) ?? "") items"
                    )
                )
            } else if !list.sizes.isEmpty, !list.sizes.contains(where: { $0.contains(length) }) {
                problems.append(
                    Problem(
                        code: .listViolation,
                        expected: "list length " + list.sizes.map(\.description).joined(separator: " or ")
                    )
                )
            }
        }
        // The first problem of each code; an error ends the list (the items after it add nothing).
        for item in items {
            guard let problem = checkItem(item, syntax) else { continue }
            if let index = problems.firstIndex(where: { $0.code == problem.code }) {
                // A vendor value (info) does not hide a wrong value of the same code after it.
                if problems[index].severity < problem.severity { problems[index] = problem }
            } else {
                problems.append(problem)
            }
            if problem.severity == .error { break }
        }
        return problems
    }

    func checkItem(_ value: String, _ syntax: Syntax) -> Problem? {
        guard case .success(let typed) = TypedValue.parse(value, as: syntax.base.valueType) else {
            return Problem(code: .invalidLexicalValue, expected: "a valid \(syntax.base.rawValue)")
        }
        if !syntax.sizes.isEmpty {
            let length: Int =
                switch typed {
                case .base64(let bytes), .hexBinary(let bytes): bytes.count
                default: value.unicodeScalars.count
                }
            if !syntax.sizes.contains(where: { $0.contains(length) }) {
                return Problem(
                    code: .sizeViolation,
                    expected: "length " + syntax.sizes.map(\.description).joined(separator: " or ")
                )
            }
        }
        if !syntax.ranges.isEmpty, !syntax.ranges.contains(where: { Self.inRange(value, $0) }) {
            return Problem(code: .outOfRange, expected: syntax.ranges.map(\.description).joined(separator: " or "))
        }
        if !syntax.enumerations.isEmpty, !syntax.enumerations.contains(value) {
            let shown =
                syntax.enumerations.prefix(12).joined(separator: ", ") + (syntax.enumerations.count > 12 ? ", …" : "")
            // TR-106 §3.3: a vendor MAY add values of its own, written `X_<VENDOR>_<value>` (the
            // models say so, e.g. tr-181-2-17-0 Device.DeviceInfo.Processor.{i}.Architecture);
            // reported like vendor parameter names, as info.
            if Self.isVendorValue(value) {
                return Problem(
                    code: .notInEnumeration,
                    expected: "one of \(shown), or a vendor value (not checked)",
                    severity: .info
                )
            }
            return Problem(code: .notInEnumeration, expected: "one of \(shown)")
        }
        if !syntax.enumerationStatus.isEmpty, let status = syntax.enumerationStatus[value] {
            return Self.retired(status, "the value \"\(value)\"")
        }
        if !syntax.patterns.isEmpty {
            let compiled = syntax.patterns.compactMap { patterns[$0] }
            // A pattern Swift cannot compile is not held against the device.
            if compiled.count == syntax.patterns.count, !compiled.contains(where: { $0.matches(value) }) {
                return Problem(
                    code: .patternMismatch,
                    expected: "to match " + syntax.patterns.map { "\"\($0)\"" }.joined(separator: " or ")
                )
            }
            if !syntax.patternStatus.isEmpty,
                !syntax.patterns.contains(where: {
                    syntax.patternStatus[$0] == nil && patterns[$0]?.matches(value) == true
                }),
                let retired = syntax.patterns.first(where: { patterns[$0]?.matches(value) == true }),
                let status = syntax.patternStatus[retired]
            {
                return Self.retired(status, "the pattern \"\(retired)\"")
            }
        }
        if let form = syntax.ipForm, let expected = form.problem(value) {
            // Zero-padded octets: the model's pattern admits them, RFC 6943 §3.1.1 warns against them.
            guard form.onlyZeroPadded(value) else { return Problem(code: .invalidIPAddress, expected: expected) }
            return Problem(
                code: .invalidIPAddress,
                expected: expected
                    + " (a zero-padded octet is octal to inet_aton, RFC 6943 §3.1.1; the model's pattern admits it)",
                severity: .warning
            )
        }
        return nil
    }

    /// A value the model still lists but has retired: deprecated and obsoleted are notes, deleted is
    /// an error, as for deprecated and deleted parameters.
    private static func retired(_ status: ItemStatus, _ what: String) -> Problem {
        Problem(
            code: status == .deprecated ? .deprecatedValue : .obsoleteValue,
            expected: "a current value (\(what) is \(status.rawValue))",
            severity: status == .deleted ? .error : .info
        )
    }

    /// Whether a numeric value lies within a range facet and on its step.
    static func inRange(_ value: String, _ range: RangeFacet) -> Bool {
        let text = value.trimmingXMLWhitespace()
        if let v = Int128(text) {
            if let lo = range.minInclusive.flatMap({ Int128($0) }), v < lo { return false }
            if let hi = range.maxInclusive.flatMap({ Int128($0) }), v > hi { return false }
            if let step = range.step.flatMap({ Int128($0) }), step > 1 {
                let base = range.minInclusive.flatMap { Int128($0) } ?? 0
                if (v - base) % step != 0 { return false }
            }
            return true
        }
        guard let v = Double(text) else { return false }
        if let lo = range.minInclusive.flatMap({ Double($0) }), v < lo { return false }
        if let hi = range.maxInclusive.flatMap({ Double($0) }), v > hi { return false }
        return true
    }
}

extension BaseType {
    /// The CWMP wire type for this base type.
    var valueType: ValueType {
        switch self {
        case .string: .string
        case .int: .int
        case .unsignedInt: .unsignedInt
        case .long: .long
        case .unsignedLong: .unsignedLong
        case .boolean: .boolean
        case .dateTime: .dateTime
        case .base64: .base64
        case .hexBinary: .hexBinary
        case .decimal: .decimal
        }
    }
}

extension ValueChecker {
    /// Whether `value` has the form of a vendor-specific enumeration value, `X_<VENDOR>_<value>`
    /// (TR-106 §3.3: VENDOR an OUI or a domain name with its dots as hyphens, e.g. `X_ZTE-COM_`).
    static func isVendorValue(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count > 3, bytes[0] == UInt8(ascii: "X"), bytes[1] == UInt8(ascii: "_") else { return false }
        var index = 2
        while index < bytes.count, bytes[index] != UInt8(ascii: "_") {
            let byte = bytes[index]
            let allowed =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-")
            guard allowed else { return false }
            index += 1
        }
        return index > 2 && index < bytes.count - 1
    }
}

/// JavaScript's `parseInt(text)` (no radix; ECMA-262 §19.2.5), which GenieACS 1.2.16 uses for the
/// number fields of CPE messages (lib/soap.ts:237, 344, 409, 446, 514, 582, 865): leading white
/// space is skipped, a sign and the longest run of digits are read and the rest is ignored
/// (`1 (reboot)` is 1, `2x` is 2); `0x` starts hexadecimal digits. Nil where `parseInt` gives NaN.
///
/// Bounded: at most the first 64 digits count (more saturate, and no CWMP field holds them).
enum LeadingInteger {
    static func parse(_ text: String) -> Int64? {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, isJavaScriptWhitespace(first) { scalars = scalars.dropFirst() }
        var negative = false
        if let first = scalars.first, first == "+" || first == "-" {
            negative = first == "-"
            scalars = scalars.dropFirst()
        }
        var radix: Int64 = 10
        if scalars.starts(with: ["0", "x"]) || scalars.starts(with: ["0", "X"]) {
            radix = 16
            scalars = scalars.dropFirst(2)
        }
        var value: Int64 = 0
        var digits = 0
        for scalar in scalars {
            guard let digit = digitValue(scalar), digit < radix else { break }
            digits += 1
            if digits > 64 { continue }
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (r, o2) = m.addingReportingOverflow(digit)
            value = o1 || o2 ? Int64.max : r
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    private static func digitValue(_ s: Unicode.Scalar) -> Int64? {
        switch s.value {
        case 0x30...0x39: Int64(s.value - 0x30)
        case 0x41...0x46: Int64(s.value - 0x41 + 10)
        case 0x61...0x66: Int64(s.value - 0x61 + 10)
        default: nil
        }
    }

    /// JavaScript's WhiteSpace and LineTerminator (ECMA-262 §12.2, §12.3).
    static func isJavaScriptWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }
}

import Foundation

/// The bits of JavaScript semantics GenieACS's expression code relies on, reproduced exactly:
/// number-to-string conversion, `parseFloat`, `parseInt`, `Number()`, whitespace and truthiness.
enum JavaScript {
    // MARK: Characters

    /// JavaScript's `\s` (WhiteSpace and LineTerminator).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000, 0xFEFF:
            true
        default:
            false
        }
    }

    /// LineTerminator: what a regular expression's `.` does not match.
    static func isLineTerminator(_ unit: UInt16) -> Bool {
        unit == 0x0A || unit == 0x0D || unit == 0x2028 || unit == 0x2029
    }

    // MARK: Number to string

    /// `Number.prototype.toString()` (and `JSON.stringify` for finite numbers).
    static func string(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x == 0 { return "0" }
        if x.isInfinite { return x < 0 ? "-Infinity" : "Infinity" }
        if x < 0 { return "-" + string(-x) }
        let (digits, n) = shortestDigits(x)
        let k = digits.count
        if k <= n && n <= 21 { return digits + String(repeating: "0", count: n - k) }
        if 0 < n && n <= 21 {
            return String(digits.prefix(n)) + "." + String(digits.dropFirst(n))
        }
        if -6 < n && n <= 0 { return "0." + String(repeating: "0", count: -n) + digits }
        let exponent = n - 1
        let exponentText = exponent >= 0 ? "e+\(exponent)" : "e-\(-exponent)"
        if k == 1 { return digits + exponentText }
        return String(digits.prefix(1)) + "." + String(digits.dropFirst()) + exponentText
    }

    /// The shortest round-tripping decimal digits of a positive finite `x` and the exponent `n` with
    /// `x = 0.d₁d₂…dₖ × 10ⁿ` (ECMAScript's Number::toString notation). Swift's `description` already
    /// produces the shortest round-tripping digits; only the layout differs.
    private static func shortestDigits(_ x: Double) -> (String, Int) {
        let text = x.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = Array(integerPart + fractionPart)
        var point = integerPart.count + exponent
        while let first = digits.first, first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == "0" { digits.removeLast() }
        return (String(digits), point)
    }

    // MARK: String to number

    /// `parseFloat(s)`: the longest decimal prefix after leading whitespace; NaN when there is none.
    static func parseFloat(_ s: String) -> Double {
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count, isWhitespace(scalars[i]) { i += 1 }
        return decimalPrefix(scalars, from: i, wholeString: false) ?? .nan
    }

    /// `Number(s)` / unary `+s`: the whole trimmed string must be a number; empty is 0.
    static func toNumber(_ s: String) -> Double {
        var scalars = Array(s.unicodeScalars)
        while let last = scalars.last, isWhitespace(last) { scalars.removeLast() }
        var i = 0
        while i < scalars.count, isWhitespace(scalars[i]) { i += 1 }
        if i == scalars.count { return 0 }
        if scalars.count - i > 2, scalars[i] == "0" {
            let radix: Int? =
                switch scalars[i + 1] {
                case "x", "X": 16
                case "o", "O": 8
                case "b", "B": 2
                default: nil
                }
            if let radix {
                var value = 0.0
                for scalar in scalars[(i + 2)...] {
                    guard let digit = digitValue(scalar), digit < radix else { return .nan }
                    value = value * Double(radix) + Double(digit)
                }
                return value
            }
        }
        return decimalPrefix(scalars, from: i, wholeString: true) ?? .nan
    }

    /// `parseInt(s)` with no radix: optional sign, `0x` for hexadecimal, else decimal digits.
    static func parseInt(_ s: String) -> Double {
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count, isWhitespace(scalars[i]) { i += 1 }
        var sign = 1.0
        if i < scalars.count, scalars[i] == "-" || scalars[i] == "+" {
            if scalars[i] == "-" { sign = -1 }
            i += 1
        }
        var radix = 10
        if i + 1 < scalars.count, scalars[i] == "0", scalars[i + 1] == "x" || scalars[i + 1] == "X" {
            radix = 16
            i += 2
        }
        var value = 0.0
        var any = false
        while i < scalars.count, let digit = digitValue(scalars[i]), digit < radix {
            value = value * Double(radix) + Double(digit)
            any = true
            i += 1
        }
        return any ? sign * value : .nan
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value - 0x30)
        case 0x41...0x5A: Int(scalar.value - 0x41 + 10)
        case 0x61...0x7A: Int(scalar.value - 0x61 + 10)
        default: nil
        }
    }

    /// A StrDecimalLiteral (`[+-]` then `Infinity` or digits with an optional point and exponent)
    /// starting at `start`; with `wholeString` it must end the string.
    private static func decimalPrefix(_ s: [Unicode.Scalar], from start: Int, wholeString: Bool) -> Double? {
        var i = start
        var negative = false
        if i < s.count, s[i] == "-" || s[i] == "+" {
            negative = s[i] == "-"
            i += 1
        }
        let infinity = Array("Infinity".unicodeScalars)
        if s.count - i >= infinity.count, Array(s[i..<(i + infinity.count)]) == infinity {
            guard !wholeString || i + infinity.count == s.count else { return nil }
            return negative ? -.infinity : .infinity
        }
        func isDigit(_ k: Int) -> Bool { k < s.count && s[k].value >= 0x30 && s[k].value <= 0x39 }
        var integerDigits = ""
        while isDigit(i) {
            integerDigits.unicodeScalars.append(s[i])
            i += 1
        }
        var fractionDigits = ""
        if i < s.count, s[i] == ".", !integerDigits.isEmpty || isDigit(i + 1) {
            i += 1
            while isDigit(i) {
                fractionDigits.unicodeScalars.append(s[i])
                i += 1
            }
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        var exponent = ""
        if i < s.count, s[i] == "e" || s[i] == "E" {
            var j = i + 1
            var exponentSign = ""
            if j < s.count, s[j] == "-" || s[j] == "+" {
                exponentSign = s[j] == "-" ? "-" : ""
                j += 1
            }
            if isDigit(j) {
                var exponentDigits = ""
                while isDigit(j) {
                    exponentDigits.unicodeScalars.append(s[j])
                    j += 1
                }
                exponent = "e" + exponentSign + exponentDigits
                i = j
            }
        }
        guard !wholeString || i == s.count else { return nil }
        let literal =
            (integerDigits.isEmpty ? "0" : integerDigits) + "." + (fractionDigits.isEmpty ? "0" : fractionDigits)
            + exponent
        guard let value = Double(literal) else { return nil }
        return negative ? -value : value
    }

    // MARK: Rounding

    /// `Math.round`: halves round towards +∞.
    static func round(_ x: Double) -> Double {
        guard x.isFinite else { return x }
        let floor = x.rounded(.down)
        return x - floor >= 0.5 ? floor + 1 : floor
    }
}

extension JavaScript {
    /// `base ** exponent`.
    static func power(_ base: Double, _ exponent: Double) -> Double {
        Foundation.pow(base, exponent)
    }
}

/// Version-aware ordering of software versions, the Swift twin of the `compareVersions` function
/// compiled into provisions (see ``VersionScript`` for the algorithm).
public enum VersionOrder {
    enum Token: Equatable {
        case number(Double)
        case word(String)
    }

    static func tokens(_ version: String) -> [Token] {
        var out: [Token] = []
        var current = ""
        var numeric = false
        func flush() {
            guard !current.isEmpty else { return }
            out.append(numeric ? .number(Double(current) ?? 0) : .word(current.lowercased()))
            current = ""
        }
        for ch in version {
            if ch.isASCII && ch.isNumber {
                if !numeric { flush() }
                numeric = true
                current.append(ch)
            } else if ch.isASCII && ch.isLetter {
                if numeric { flush() }
                numeric = false
                current.append(ch)
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// -1, 0 or 1 as `a` is before, equal to or after `b`.
    public static func compare(_ a: String, _ b: String) -> Int {
        let x = tokens(a)
        let y = tokens(b)
        for i in 0..<max(x.count, y.count) {
            if i >= x.count {
                if case .number = y[i] { return -1 }
                return 1
            }
            if i >= y.count {
                if case .number = x[i] { return 1 }
                return -1
            }
            switch (x[i], y[i]) {
            case (.number(let p), .number(let q)) where p != q: return p < q ? -1 : 1
            case (.number, .word): return 1
            case (.word, .number): return -1
            case (.word(let p), .word(let q)) where p != q: return p < q ? -1 : 1
            default: continue
            }
        }
        return 0
    }

    /// Whether `version` satisfies `condition`.
    static func satisfies(_ version: String, _ condition: VersionCondition) -> Bool {
        let c = compare(version, condition.version)
        switch condition.op {
        case .eq: return c == 0
        case .ne: return c != 0
        case .lt: return c < 0
        case .lte: return c <= 0
        case .gt: return c > 0
        case .gte: return c >= 0
        }
    }
}

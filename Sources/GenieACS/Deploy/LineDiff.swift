/// A unified diff of two texts, line by line, for plan output.
enum LineDiff {
    enum Line: Equatable {
        case same(Substring)
        case removed(Substring)
        case added(Substring)
    }

    /// The edit script from `a` to `b` (longest common subsequence). Texts past ~4 million line
    /// pairs are shown as all removed then all added.
    static func lines(_ a: String, _ b: String) -> [Line] {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false)
        guard x.count * y.count <= 4_000_000 else { return x.map { .removed($0) } + y.map { .added($0) } }
        let n = x.count
        let m = y.count
        var table = [Int](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] =
                    x[i] == y[j]
                    ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var out: [Line] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, x[i] == y[j] {
                out.append(.same(x[i]))
                i += 1
                j += 1
            } else if i < n, j == m || table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
                out.append(.removed(x[i]))  // on a tie the old line goes first, as diff(1) prints it
                i += 1
            } else {
                out.append(.added(y[j]))
                j += 1
            }
        }
        return out
    }

    /// Changed lines with `context` unchanged lines around them; `@@` between distant hunks.
    static func unified(_ a: String, _ b: String, context: Int = 3) -> [String] {
        let all = lines(a, b)
        var keep = [Bool](repeating: false, count: all.count)
        for (index, line) in all.enumerated() {
            if case .same = line { continue }
            for k in max(0, index - context)...min(all.count - 1, index + context) { keep[k] = true }
        }
        var out: [String] = []
        var skipped = false
        for (index, line) in all.enumerated() {
            guard keep[index] else {
                skipped = true
                continue
            }
            if skipped || (out.isEmpty && index > 0) { out.append("@@") }
            skipped = false
            switch line {
            case .same(let s): out.append(" " + s)
            case .removed(let s): out.append("-" + s)
            case .added(let s): out.append("+" + s)
            }
        }
        return out
    }
}

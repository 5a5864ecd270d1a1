/// The version comparison compiled into provisions, because GenieACS compares versions as
/// strings (`'10.0' < '9.0'`, genieacs-nbi.md §8.3).
///
/// Algorithm (the Swift evaluator uses the same, see `SoftwareVersion`): split both versions into
/// runs of digits and runs of letters, ignoring `.`, `-`, `_`, `+` and spaces; compare run by run —
/// two numbers numerically, two words case-insensitively, a number above a word; when one version
/// runs out, a following word marks a pre-release (`1.0-rc1` < `1.0`) and a following number a
/// later release (`1.0` < `1.0.1`).
enum VersionScript {
    static let compareFunction: [String] = [
        "function versionTokens(v) {",
        "  return String(v).match(/[0-9]+|[A-Za-z]+/g) || [];",
        "}",
        "function compareVersions(a, b) {",
        "  const x = versionTokens(a);",
        "  const y = versionTokens(b);",
        "  for (let i = 0; i < Math.max(x.length, y.length); i++) {",
        "    if (i >= x.length) return /^[0-9]/.test(y[i]) ? -1 : 1;",
        "    if (i >= y.length) return /^[0-9]/.test(x[i]) ? 1 : -1;",
        "    const xn = /^[0-9]/.test(x[i]);",
        "    const yn = /^[0-9]/.test(y[i]);",
        "    if (xn && yn) {",
        "      const d = Number(x[i]) - Number(y[i]);",
        "      if (d !== 0) return d < 0 ? -1 : 1;",
        "    } else if (xn !== yn) {",
        "      return xn ? 1 : -1;",
        "    } else {",
        "      const p = x[i].toLowerCase();",
        "      const q = y[i].toLowerCase();",
        "      if (p !== q) return p < q ? -1 : 1;",
        "    }",
        "  }",
        "  return 0;",
        "}",
    ]
}

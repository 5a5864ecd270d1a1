/// The version comparison compiled into provisions, because GenieACS compares versions as
/// strings (`'10.0' < '9.0'`, GenieACS 1.2.16 lib/common/expression/util.ts:56-64).
///
/// It reproduces ``SoftwareVersion``'s order exactly (tests run both on the same pairs): versions
/// are split into runs of digits and runs of letters (anything else separates); runs are compared
/// in turn — numbers by value (leading zeros ignored, any length), words case-insensitively, a
/// number above a word; when all shared runs are equal the version with more runs is later
/// (`1.0` < `1.0.0`, `4.2.7` < `4.2.7-build1187`).
enum VersionScript {
    static let compareFunction: [String] = [
        "function versionTokens(v) {",
        "  return (String(v).match(/[0-9]+|[\\p{Alphabetic}]+/gu) || []).map(t => /^[0-9]/.test(t) ? (t.replace(/^0+/, \"\") || \"0\") : t.toLowerCase());",
        "}",
        "function compareVersions(a, b) {",
        "  const x = versionTokens(a);",
        "  const y = versionTokens(b);",
        "  for (let i = 0; i < Math.min(x.length, y.length); i++) {",
        "    const xn = /^[0-9]/.test(x[i]);",
        "    const yn = /^[0-9]/.test(y[i]);",
        "    if (xn && yn) {",
        "      if (x[i].length !== y[i].length) return x[i].length < y[i].length ? -1 : 1;",
        "      if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;",
        "    } else if (xn !== yn) {",
        "      return xn ? 1 : -1;",
        "    } else if (x[i] !== y[i]) {",
        "      return x[i] < y[i] ? -1 : 1;",
        "    }",
        "  }",
        "  return x.length === y.length ? 0 : (x.length < y.length ? -1 : 1);",
        "}",
    ]
}

/// Secret values for deploy: from the environment (`FERRULE_SECRET_<NAME>`) or a secrets file.
///
/// The file holds `NAME=value` lines (`#` comments, blank lines, optional single or double quotes
/// around the value), the format of the env files operators already keep out of git. The
/// environment wins over the file. Values are never printed: ``description`` lists names only.
public struct SecretStore: Sendable, CustomStringConvertible {
    private var values: [String: String]
    private var environment: [String: String]

    public init(values: [String: String] = [:], environment: [String: String] = [:]) {
        self.values = values
        self.environment = environment
    }

    /// The environment variable that holds secret `name`: `FERRULE_SECRET_` + the name with
    /// every character outside `[A-Za-z0-9_]` as `_`, upper-cased (`wifi-psk` → `FERRULE_SECRET_WIFI_PSK`).
    public static func environmentName(_ name: String) -> String {
        "FERRULE_SECRET_"
            + String(
                name.uppercased().unicodeScalars.map { scalar -> Character in
                    let ok = ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
                    return ok ? Character(scalar) : "_"
                }
            )
    }

    public func value(_ name: String) -> String? {
        environment[Self.environmentName(name)] ?? values[name]
    }

    /// Parses a secrets file's text.
    /// - Throws: ``SecretFileError`` with the line of a malformed entry (never its value).
    public static func parse(_ text: String, file: String) throws(SecretFileError) -> [String: String] {
        var out: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let body = trimmed.hasPrefix("export ") ? trimmed.dropFirst(7) : trimmed
            guard let eq = body.firstIndex(of: "=") else {
                throw SecretFileError(file: file, line: index + 1, message: "expected NAME=value")
            }
            let name = body[..<eq].trimmedBlanks
            guard !name.isEmpty else {
                throw SecretFileError(file: file, line: index + 1, message: "the name is empty")
            }
            var value = Substring(body[body.index(after: eq)...])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = value.dropFirst().dropLast()
            }
            out[name] = String(value)
        }
        return out
    }

    public var description: String { "SecretStore(\(values.keys.sorted().joined(separator: ", ")))" }
}

/// A malformed line in a secrets file.
public struct SecretFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): error: \(message)" }
}

extension Substring {
    fileprivate var trimmedBlanks: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

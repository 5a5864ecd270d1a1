import Foundation

/// Secret values for `${secret:NAME}`: from the environment (`FERRULE_SECRET_<NAME>`) or a
/// secrets file; deploy and configuration campaigns resolve placeholders with it.
///
/// The file holds `NAME=value` lines (`#` comments, blank lines, optional single or double quotes
/// around the value), the format of the env files operators already keep out of git. The
/// environment wins over the file. Values are never printed: ``description`` lists names only.
public struct SecretStore: Sendable, CustomStringConvertible {
    private var values: [String: String]
    private var environment: [String: String]

    public init(values: [String: String] = [:], environment: [String: String] = [:]) {
        self.values = values
        self.environment = environment.filter { $0.key.hasPrefix(Self.environmentPrefix) }
    }

    /// The prefix of the environment variables that hold secrets.
    public static let environmentPrefix = "FERRULE_SECRET_"

    /// The secrets of a secrets file (when given) and of `environment`'s `FERRULE_SECRET_*`
    /// variables; the environment wins.
    ///
    /// - Throws: ``SecretFileError`` when the file cannot be read or a line is malformed.
    public static func load(file: String?, environment: [String: String]) throws(SecretFileError) -> SecretStore {
        var values: [String: String] = [:]
        if let file {
            let data: [UInt8]
            do {
                data = try BoundedFileReader.read(file)
            } catch {
                throw SecretFileError(
                    .unreadable,
                    file: file,
                    line: 0,
                    message: "cannot read the secrets file: \(error.reason)"
                )
            }
            values = try parse(String(decoding: data, as: UTF8.self), file: file)
        }
        return SecretStore(values: values, environment: environment)
    }

    /// Whether `environment` holds any `FERRULE_SECRET_*` variable.
    public static func hasSecrets(in environment: [String: String]) -> Bool {
        environment.keys.contains { $0.hasPrefix(environmentPrefix) }
    }

    /// The environment variable that holds secret `name`: `FERRULE_SECRET_` + the name with
    /// every character outside `[A-Za-z0-9_]` as `_`, upper-cased (`wifi-psk` → `FERRULE_SECRET_WIFI_PSK`).
    public static func environmentName(_ name: String) -> String {
        environmentPrefix
            + String(
                name.uppercased().unicodeScalars.map { scalar -> Character in
                    let ok = ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
                    return ok ? Character(scalar) : "_"
                }
            )
    }

    /// The value of secret `name`: the environment's, else the file's; nil when neither has it.
    public func value(_ name: String) -> String? {
        environment[Self.environmentName(name)] ?? values[name]
    }

    /// The name of a secret whose value is `value` (the first in name order when several are),
    /// nil for an empty value or none. Lets a stored snapshot keep `${secret:NAME}` where a device
    /// reported a secret's value back.
    public func name(holding value: String) -> String? {
        guard !value.isEmpty else { return nil }
        let fromEnvironment = environment.filter { $0.value == value }.keys
            .map { String($0.dropFirst(Self.environmentPrefix.count)) }
        let fromFile = values.filter { $0.value == value && environment[Self.environmentName($0.key)] == nil }.keys
        return (fromEnvironment + fromFile).min()
    }

    /// Parses a secrets file's text.
    /// - Throws: ``SecretFileError`` with the line of a malformed entry (never its value).
    public static func parse(_ text: String, file: String) throws(SecretFileError) -> [String: String] {
        var out: [String: String] = [:]
        // A UTF-8 byte order mark (Notepad writes one) would otherwise become part of the first name.
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
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

    /// The names of the secrets from the file, never a value.
    public var description: String { "SecretStore(\(values.keys.sorted().joined(separator: ", ")))" }
}

/// A malformed line in a secrets file; its description names the line, never a value.
public struct SecretFileError: Error, Sendable, CustomStringConvertible {
    public var code: Diagnostic.Code
    public var file: String
    /// 1-based; 0 when the whole file is at fault (it cannot be read).
    public var line: Int
    public var message: String

    public init(_ code: Diagnostic.Code = .badSecretsFile, file: String, line: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    /// The problem as a diagnostic (`s.env:2:1: error[bad-secrets-file]: expected NAME=value`).
    public var diagnostic: Diagnostic {
        Diagnostic(.error, code, message, at: SourceLocation(file: file, line: line, column: line > 0 ? 1 : 0))
    }

    public var description: String { diagnostic.description }
}

extension Diagnostic.Code {
    /// A secrets file line that is not `NAME=value`.
    public static let badSecretsFile = Self(rawValue: "bad-secrets-file")
}

extension Substring {
    fileprivate var trimmedBlanks: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

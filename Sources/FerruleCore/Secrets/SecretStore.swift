import Foundation

/// Secret values for `${secret:NAME}`: from the environment (`FERRULE_SECRET_<NAME>`) or a
/// secrets file; deploy and configuration campaigns resolve placeholders with it.
///
/// The file holds `NAME=value` lines (`#` comments, blank lines, optional single or double quotes
/// around the value; ``parse(_:file:)`` says exactly what is accepted), the format of the env files operators already keep out of git. The
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

    /// Every secret value this store holds, with its name, in name order (a file's value the
    /// environment overrides too: it is still a secret): what output is scrubbed of, so a value
    /// that turns up where nothing recorded it is still never shown. Empty values are left out.
    public var namedValues: [(name: String, value: String)] {
        let fromFile = values.filter { !$0.value.isEmpty }.map { (name: $0.key, value: $0.value) }
        let fromEnvironment = environment.filter { !$0.value.isEmpty }
            .map { (name: String($0.key.dropFirst(Self.environmentPrefix.count)), value: $0.value) }
        return (fromEnvironment + fromFile).sorted { ($0.name, $0.value) < ($1.name, $1.value) }
    }

    /// Parses a secrets file's text.
    ///
    /// A line is blank, a `#` comment, or `NAME=value` (optionally after `export `). A value in
    /// single or double quotes is taken as it is between them (no escapes, no expansion); after
    /// the closing quote only blanks and a `# comment` may follow. An unquoted value runs to the
    /// end of the line; it may hold `#` and quotes, but not a blank before a `#` (what a shell or a
    /// dotenv reader would take for a comment: put the comment on a line of its own or quote the
    /// value) nor blanks at either end (invisible, and cut off by other readers: quote them).
    /// Anything else is an error, rather than a value with a stray quote or comment in it sent to
    /// devices: an opening quote without its closing one, text after the closing quote, a name
    /// given twice (YAML refuses duplicate keys for the same reason).
    /// - Throws: ``SecretFileError`` at the line and column of a malformed entry (never its value).
    public static func parse(_ text: String, file: String) throws(SecretFileError) -> [String: String] {
        var out: [String: String] = [:]
        var firstLine: [String: Int] = [:]
        // A UTF-8 byte order mark (Notepad writes one) would otherwise become part of the first name.
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        // "\r\n" is one Character in Swift: a split on "\n" alone never splits a CRLF file.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            func fail(_ at: Substring.Index, _ message: String) -> SecretFileError {
                SecretFileError(
                    file: file,
                    line: index + 1,
                    column: line.distance(from: line.startIndex, to: at) + 1,
                    message: message
                )
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let body = trimmed.hasPrefix("export ") ? trimmed.dropFirst(7) : trimmed
            guard let eq = body.firstIndex(of: "=") else { throw fail(body.startIndex, "expected NAME=value") }
            let name = body[..<eq].trimmedBlanks
            guard !name.isEmpty else { throw fail(body.startIndex, "the name is empty") }
            let shown = DisplayText.value(name, limit: 40)
            let raw = body[body.index(after: eq)...]
            let value: Substring
            if let quote = raw.first, quote == "\"" || quote == "'" {
                let inside = raw.dropFirst()
                guard let close = inside.firstIndex(of: quote) else {
                    throw fail(
                        raw.startIndex,
                        "the value of \(shown) opens a quote (\(quote)) that this line does not close; close it "
                            + "(a value spans one line), or write the value without quotes"
                    )
                }
                value = inside[..<close]
                let rest = inside[inside.index(after: close)...]
                if let stray = rest.firstIndex(where: { $0 != " " && $0 != "\t" }),
                    rest[stray] != "#" || stray == rest.startIndex
                {
                    throw fail(
                        stray,
                        "text after the closing quote (\(quote)) of \(shown)'s value; quotes take no escapes (quote a "
                            + "value holding \(quote) with \(quote == "\"" ? "'" : "\"") instead), and a comment after "
                            + "the value needs a blank before its #"
                    )
                }
            } else {
                if let first = raw.first, first == " " || first == "\t" {
                    throw fail(
                        raw.startIndex,
                        "blank after \(shown)=: write NAME=value, or quote the value if the blank is part of it"
                    )
                }
                if let hash = raw.indices.first(where: {
                    raw[$0] == "#" && $0 > raw.startIndex && [" ", "\t"].contains(raw[raw.index(before: $0)])
                }) {
                    throw fail(
                        hash,
                        "\(shown)'s value is followed by a # comment on the same line; put the comment on a line "
                            + "of its own, or quote the value if the # is part of it"
                    )
                }
                if let last = raw.last, last == " " || last == "\t" {
                    let end = raw.lastIndex { $0 != " " && $0 != "\t" }.map { raw.index(after: $0) } ?? raw.startIndex
                    throw fail(end, "\(shown)'s value ends in blanks; quote the value if they are part of it")
                }
                value = raw
            }
            if let first = firstLine[name] {
                throw fail(
                    body.startIndex,
                    "\(shown) is given twice (first on line \(first)); keep one, the one meant"
                )
            }
            firstLine[name] = index + 1
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
    /// 1-based character column of the fault in its line.
    public var column: Int
    public var message: String

    public init(
        _ code: Diagnostic.Code = .badSecretsFile,
        file: String,
        line: Int,
        column: Int = 1,
        message: String
    ) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// The problem as a diagnostic (`s.env:2:1: error[bad-secrets-file]: expected NAME=value`).
    public var diagnostic: Diagnostic {
        Diagnostic(.error, code, message, at: SourceLocation(file: file, line: line, column: line > 0 ? column : 0))
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

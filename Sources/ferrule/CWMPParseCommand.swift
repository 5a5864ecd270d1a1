import ArgumentParser
import CWMP
import FerruleCore
import Foundation

/// `ferrule cwmp parse`: read CWMP SOAP messages and print what they carry.
struct CWMPParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse CWMP SOAP messages and print their header, RPC and warnings.",
        discussion: """
            Reads each FILE as one HTTP body, as tolerantly as a real ACS: quirks real CPEs send are \
            accepted with a warning. A directory stands for the .xml files below it.

            Exit status: 0 when every file parsed, 1 when any failed (the others are still printed), \
            2 for unreadable files, 64 for usage errors.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Argument(help: "CWMP message files (one HTTP body each), or directories of them.")
    var files: [String]

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(help: "The HTTP Content-Type charset to assume for bodies without an XML declaration (e.g. ISO-8859-1).")
    var charset: String?

    @Flag(help: "Show passwords and passphrases instead of <redacted>.")
    var showSecrets = false

    func run() async throws {
        let paths = InputFiles.expand(files, extensions: ["xml"])
        guard !paths.isEmpty else { throw ValidationError("no .xml files found in \(files.joined(separator: " "))") }
        let parser = CWMPParser()
        var reports: [ParseReport] = []
        var unreadable = false
        for path in paths {
            switch InputFiles.read(path) {
            case .failure(let error):
                unreadable = true
                reports.append(
                    ParseReport(file: path, ok: false, error: .init(code: error.code, message: error.reason))
                )
            case .success(let bytes):
                do {
                    reports.append(ParseReport(file: path, ok: true, parsed: try parser.parse(bytes, charset: charset)))
                } catch {
                    reports.append(
                        ParseReport(
                            file: path,
                            ok: false,
                            error: .init(
                                code: error.code.rawValue,
                                message: error.message + (error.hint.map { "; " + $0 } ?? ""),
                                line: error.line,
                                column: error.column,
                                elementPath: error.elementPath
                            )
                        )
                    )
                }
            }
        }
        switch format {
        case .json: try printJSON(reports)
        case .text: printText(reports)
        }
        if unreadable { throw ExitCode(2) }
        if reports.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }

    private func printJSON(_ reports: [ParseReport]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[Redaction.userInfoKey] = !showSecrets
        print(String(decoding: try encoder.encode(reports), as: UTF8.self))
    }

    private func printText(_ reports: [ParseReport]) {
        for report in reports {
            if let error = report.error {
                let location = error.line.map { ":\($0):\(error.column ?? 0)" } ?? ""
                let path = error.elementPath.map { " (in \($0))" } ?? ""
                StandardError.write("\(report.file)\(location): error[\(error.code)]: \(error.message)\(path)\n")
                continue
            }
            guard let parsed = report.parsed else { continue }
            switch parsed.message {
            case .empty:
                print("\(report.file): empty body (no more requests / end of session)")
            case .envelope(let envelope):
                let version = envelope.version.map { "CWMP \($0.rawValue)" } ?? "CWMP version unknown"
                let id = envelope.header.id.map { "ID \"\($0)\"" } ?? "no ID"
                print(
                    "\(report.file): \(envelope.body.methodName) (\(version), \(id)) \(TextSummary.describe(envelope.body, redact: !showSecrets))"
                )
            }
            for warning in parsed.warnings {
                let line = warning.line.map { ":\($0)" } ?? ""
                print("\(report.file)\(line): warning[\(warning.code)]: \(warning.message)")
            }
        }
    }
}

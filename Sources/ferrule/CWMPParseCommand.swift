import ArgumentParser
import CWMP
import FerruleCore
import FerruleJSON
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

            --format json prints one JSON array with an object per file, written as each file is \
            parsed; --format jsonl prints the same objects as JSON Lines, one compact object per line \
            and per file, in the order given. Numbers, booleans and null keep their JSON types. \
            Output starts before the last file is read, and memory does not grow with the number of \
            files.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, jsonl, text
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
        let output = JSONStreamWriter()
        var encoder = JSONValueEncoder()
        encoder.userInfo[Redaction.userInfoKey] = !showSecrets
        if format == .json { output.beginArray(.foundation) }
        var unreadable = false
        var failed = false
        // One file at a time: each report is written out before the next file is read, so memory
        // holds one message, not the whole run.
        for path in paths {
            let (report, wasUnreadable) = parse(path, parser: parser)
            unreadable = unreadable || wasUnreadable
            failed = failed || !report.ok
            switch format {
            case .json: try report.writeElement(to: output, using: encoder, redact: !showSecrets)
            case .jsonl: output.line(try report.jsonValue(using: encoder, redact: !showSecrets))
            case .text: printText(report)
            }
        }
        if format == .json { output.endArray() }
        output.flush()
        if unreadable { throw ExitCode(2) }
        if failed { throw ExitCode(1) }
    }

    /// One file's report, and whether the file could not be read at all (exit status 2).
    private func parse(_ path: String, parser: CWMPParser) -> (report: ParseReport, unreadable: Bool) {
        switch InputFiles.read(path) {
        case .failure(let error):
            return (ParseReport(file: path, ok: false, error: .init(code: error.code, message: error.reason)), true)
        case .success(let bytes):
            do {
                return (ParseReport(file: path, ok: true, parsed: try parser.parse(bytes, charset: charset)), false)
            } catch {
                let info = ParseReport.ErrorInfo(
                    code: error.code.rawValue,
                    message: error.message + (error.hint.map { "; " + $0 } ?? ""),
                    line: error.line,
                    column: error.column,
                    elementPath: error.elementPath
                )
                return (ParseReport(file: path, ok: false, error: info), false)
            }
        }
    }

    private func printText(_ report: ParseReport) {
        if let error = report.error {
            let location = error.line.map { ":\($0):\(error.column ?? 0)" } ?? ""
            let path = error.elementPath.map { " (in \($0))" } ?? ""
            StandardError.write("\(report.file)\(location): error[\(error.code)]: \(error.message)\(path)\n")
            return
        }
        guard let parsed = report.parsed else { return }
        switch parsed.message {
        case .empty:
            print("\(report.file): empty body (no more requests / end of session)")
        case .envelope(let envelope):
            let version = envelope.version.map { "CWMP \($0.rawValue)" } ?? "CWMP version unknown"
            let id = envelope.header.id.map { "ID \"\($0)\"" } ?? "no ID"
            // The method name and the ID come from the message too: the whole line is escaped.
            let summary = TextSummary.describe(envelope.body, redact: !showSecrets)
            print(DisplayText.escaped("\(report.file): \(envelope.body.methodName) (\(version), \(id)) ") + summary)
        }
        for warning in parsed.warnings {
            let line = warning.locationSuffix
            print(DisplayText.escaped("\(report.file)\(line): warning[\(warning.code)]: \(warning.message)"))
        }
    }
}

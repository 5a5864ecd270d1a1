public import ArgumentParser
import CWMP
public import DeviceTrees
import FerruleCore
import FerruleJSON
import Foundation

extension TreeSourceFormat: ExpressibleByArgument {}

/// `ferrule cwmp tree`: print the parameter tree of device captures and exports.
struct CWMPTreeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Print the parameter tree of CWMP messages, GenieACS device documents or CSV exports.",
        discussion: """
            Sources: an Inform, a GetParameterValuesResponse or a GetParameterNamesResponse (XML), a \
            GenieACS NBI device document (JSON), or a GenieACS CSV (UI export or genieacs-sim model). \
            Several files are merged into one tree (names from a GPN, values from a GPV); --each prints \
            one tree per file. A directory stands for the .xml, .json and .csv files below it.

            TSV columns: path, type, value, writable. Object paths end in '.'. Tabs, line breaks and \
            backslashes in values are written as \\t, \\n, \\r and \\\\.

            JSON: one array of parameter objects (path, type, value, writable, object, line; absent \
            members are left out); with --each, one {file, parameters} document per file. JSONL: one \
            compact parameter object per line (with its file under --each). Booleans and line numbers \
            keep their JSON types; values stay strings, as CWMP carries them. Output is written as it \
            goes: with --each each file is printed before the next is read.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tsv, json, jsonl
    }

    @Argument(help: "Tree sources, or directories of them.")
    var files: [String]

    @Option(help: "What the files hold (auto decides per file).")
    var from: TreeSourceFormat = .auto

    @Option(help: "Output format.")
    var format: Format = .tsv

    @Flag(help: "Print one tree per file instead of merging them.")
    var each = false

    @Option(help: "The charset to assume for XML bodies without a declaration.")
    var charset: String?

    @Flag(help: "Show passwords and passphrases instead of <redacted>.")
    var showSecrets = false

    func run() async throws {
        let paths = InputFiles.expand(files, extensions: ["xml", "json", "csv"])
        guard !paths.isEmpty else { throw ValidationError("no tree sources found in \(files.joined(separator: " "))") }
        let output = JSONStreamWriter()
        var merged = ParameterTree()
        var failed = false
        for path in paths {
            let bytes: [UInt8]
            switch InputFiles.read(path) {
            case .failure(let error):
                output.flush()
                StandardError.write("\(error)\n")
                throw ExitCode(2)
            case .success(let b): bytes = b
            }
            do {
                let (tree, warnings) = try ParameterTree.load(bytes, format: from, file: path, charset: charset)
                for warning in warnings {
                    StandardError.write(
                        "\(path)\(warning.locationSuffix): warning[\(warning.code)]: \(DisplayText.line(warning.message))\n"
                    )
                }
                // With --each a file's tree is printed and dropped before the next file is read.
                if each { write(tree, file: path, to: output) } else { merged = merged.merging(tree) }
            } catch {
                StandardError.write("\(error)\n")
                failed = true
            }
        }
        if !each { write(merged, file: nil, to: output) }
        output.flush()
        if failed { throw ExitCode(1) }
    }

    private func shown(_ entry: ParameterEntry) -> String? {
        guard let value = entry.value else { return nil }
        return showSecrets ? value : Redaction.parameterValue(value, path: entry.path)
    }

    private func write(_ tree: ParameterTree, file: String?, to output: JSONStreamWriter) {
        switch format {
        case .tsv:
            if let file { output.raw("# \(file)\n") }
            for entry in tree.entries {
                let writable = entry.writable.map { $0 ? "true" : "false" } ?? ""
                output.raw(
                    "\(Self.escapeTSV(entry.path))\t\(Self.escapeTSV(entry.typeSpelling ?? entry.type?.xsdName ?? ""))\t\(Self.escapeTSV(shown(entry) ?? ""))\t\(writable)\n"
                )
            }
        case .json:
            if let file {
                let rows = tree.entries.map { row($0, file: nil) }
                output.raw(JSONValue.object([("file", .string(file)), ("parameters", .array(rows))]).prettyText)
                return
            }
            output.beginArray(.foundation)
            for entry in tree.entries { output.element(row(entry, file: nil)) }
            output.endArray()
        case .jsonl:
            for entry in tree.entries { output.line(row(entry, file: file)) }
        }
    }

    /// One parameter as a JSON object, members in sorted order, absent ones left out.
    private func row(_ entry: ParameterEntry, file: String?) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let file { members.append(("file", .string(file))) }
        if let line = entry.location?.line { members.append(("line", .number(String(line)))) }
        members.append(("object", .bool(entry.isObject)))
        members.append(("path", .string(entry.path)))
        // The type as sent (`xs:boolean`), as GenieACS keeps it (lib/soap.ts:134-139).
        if let type = entry.typeSpelling ?? entry.type?.xsdName { members.append(("type", .string(type))) }
        if let value = shown(entry) { members.append(("value", .string(value))) }
        if let writable = entry.writable { members.append(("writable", .bool(writable))) }
        return .object(members)
    }

    /// A TSV field: `\\`, tab, CR and LF as `\\`, `\t`, `\r`, `\n`; any other control character as
    /// `\u{…}` (``DisplayText/escaped(_:)``), so a device's names and values cannot drive the terminal.
    static func escapeTSV(_ value: String) -> String {
        DisplayText.escaped(value.contains("\\") ? value.replacingAll("\\", with: "\\\\") : value)
    }
}

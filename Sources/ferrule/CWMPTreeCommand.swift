public import ArgumentParser
import CWMP
public import DeviceTrees
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
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tsv, json
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
        var trees: [(file: String, tree: ParameterTree)] = []
        var failed = false
        for path in paths {
            let bytes: [UInt8]
            switch InputFiles.read(path) {
            case .failure(let error):
                StandardError.write("\(error)\n")
                throw ExitCode(2)
            case .success(let b): bytes = b
            }
            do {
                let (tree, warnings) = try ParameterTree.load(bytes, format: from, file: path, charset: charset)
                for warning in warnings {
                    StandardError.write(
                        "\(path)\(warning.line.map { ":\($0)" } ?? ""): warning[\(warning.code)]: \(warning.message)\n"
                    )
                }
                trees.append((path, tree))
            } catch {
                StandardError.write("\(error)\n")
                failed = true
            }
        }
        if each {
            for (file, tree) in trees { try output(tree, file: file) }
        } else {
            try output(trees.reduce(ParameterTree()) { $0.merging($1.tree) }, file: nil)
        }
        if failed { throw ExitCode(1) }
    }

    private func shown(_ entry: ParameterEntry) -> String? {
        guard let value = entry.value else { return nil }
        return !showSecrets && !value.isEmpty && SecretParameters.isSecret(entry.path) ? Redaction.marker : value
    }

    private func output(_ tree: ParameterTree, file: String?) throws {
        switch format {
        case .tsv:
            var text = ""
            if let file { text += "# \(file)\n" }
            for entry in tree.entries {
                let writable = entry.writable.map { $0 ? "true" : "false" } ?? ""
                text +=
                    "\(entry.path)\t\(entry.type?.xsdName ?? "")\t\(Self.escapeTSV(shown(entry) ?? ""))\t\(writable)\n"
            }
            print(text, terminator: "")
        case .json:
            struct Row: Encodable {
                var path: String
                var type: String?
                var value: String?
                var writable: Bool?
                var object: Bool
                var line: Int?
            }
            let rows = tree.entries.map {
                Row(
                    path: $0.path,
                    type: $0.type?.xsdName,
                    value: shown($0),
                    writable: $0.writable,
                    object: $0.isObject,
                    line: $0.location?.line
                )
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            if let file {
                struct FileTree: Encodable {
                    var file: String
                    var parameters: [Row]
                }
                print(String(decoding: try encoder.encode(FileTree(file: file, parameters: rows)), as: UTF8.self))
            } else {
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            }
        }
    }

    static func escapeTSV(_ value: String) -> String {
        guard value.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\\" }) else { return value }
        var out = ""
        for ch in value {
            switch ch {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\r\n": out += "\\r\\n"
            case "\\": out += "\\\\"
            default: out.append(ch)
            }
        }
        return out
    }
}

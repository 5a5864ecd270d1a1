public import ArgumentParser
public import CWMP
import DeviceTrees
import FerruleCore

extension CWMPVersion: ExpressibleByArgument {}

/// `ferrule cwmp render`: write a parameter tree as a CWMP message, to build fixtures from exports.
struct CWMPRenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract:
            "Write a parameter tree as a CWMP message (Inform, GetParameterValuesResponse or GetParameterNamesResponse).",
        discussion: """
            Builds test fixtures from device exports: the tree is read as by 'ferrule cwmp tree' and \
            written to standard output as a well-formed SOAP envelope. An Inform carries the device's \
            DeviceId (from DeviceInfo) and its forced Inform parameters (--all-parameters: every value). \
            Passwords and passphrases are written as <redacted>, and a URL's user:password@ as \
            <redacted>@, as 'ferrule cwmp tree' shows them, unless --show-secrets is given.
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case inform, gpv, gpn
    }

    @Option(name: .customLong("as"), help: "The message to write.")
    var kind: Kind

    @Argument(help: "The tree source (XML, NBI JSON or CSV).")
    var treeFile: String

    @Option(help: "What the file holds.")
    var from: TreeSourceFormat = .auto

    @Option(
        help: """
            The CWMP version to write (1.0 … 1.4); an Inform of 1.3 carries SessionTimeout, of 1.4 \
            SupportedCWMPVersions.
            """
    )
    var cwmpVersion: CWMPVersion = .v1_2

    @Option(help: "The cwmp:ID header value.")
    var id: String = "1"

    @Flag(help: "Put every parameter with a value into the Inform, not only the forced ones.")
    var allParameters = false

    @Option(help: "The Inform's CurrentTime (default: the unknown time).")
    var currentTime: String = "0001-01-01T00:00:00Z"

    @Flag(help: "Write passwords and passphrases instead of <redacted>.")
    var showSecrets = false

    func run() async throws {
        let bytes: [UInt8]
        switch InputFiles.read(treeFile) {
        case .failure(let error):
            StandardError.write("\(error)\n")
            throw ExitCode(2)
        case .success(let b): bytes = b
        }
        var tree: ParameterTree
        do {
            tree = try ParameterTree.load(bytes, format: from, file: treeFile).tree
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(1)
        }
        // Redacted as `cwmp tree` shows values (``Redaction/parameterValue(_:path:)``): a fixture
        // built from a customer's export is checked in and shared.
        if !showSecrets {
            tree = ParameterTree(
                tree.unorderedEntries.map { entry in
                    var entry = entry
                    entry.value = entry.value.map { Redaction.parameterValue($0, path: entry.path) }
                    return entry
                }
            )
        }
        let body: CWMPBody =
            switch kind {
            case .inform: .inform(tree.renderedInform(allParameters: allParameters, currentTime: currentTime))
            case .gpv: .getParameterValuesResponse(GetParameterValuesResponse(parameters: tree.parameterValues))
            case .gpn: .getParameterNamesResponse(GetParameterNamesResponse(parameters: tree.parameterInfo))
            }
        // 1.3 and 1.4 use the cwmp-1-2 namespace; only Inform headers tell them from 1.2.
        let header: CWMPHeader
        if kind == .inform {
            header = CWMPHeader.inform(id: id, version: cwmpVersion)
        } else {
            header = CWMPHeader(id: id)
            if cwmpVersion > .v1_2 {
                let note = Diagnostic(
                    .note,
                    Diagnostic.Code(rawValue: "version-in-inform"),
                    "a \(body.methodName) carries no version header: CWMP \(cwmpVersion.rawValue) is told from 1.2 "
                        + "only in the session's Inform (SessionTimeout, SupportedCWMPVersions), so this message "
                        + "is the same as in 1.2",
                    at: SourceLocation(file: treeFile)
                )
                StandardError.write("\(note)\n")
            }
        }
        let envelope = CWMPEnvelope(version: cwmpVersion, header: header, body: body)
        do {
            print(String(decoding: try CWMPSerializer.serializeChecked(envelope), as: UTF8.self), terminator: "")
        } catch {
            // Where it is in the tree: the parameter whose value holds it, or (a name that holds it)
            // the first parameter whose path does.
            let entry =
                error.parameter.flatMap { tree[$0] }
                ?? tree.unorderedEntries.first { $0.path.unicodeScalars.contains(error.scalar) }
            let message =
                error.parameter == nil && error.element == "Name" && entry != nil
                ? "\(error)".replacing(
                    "the Name element",
                    with: "the parameter name \(DisplayText.escaped(entry?.path ?? ""))"
                ) : "\(error)"
            let diagnostic = Diagnostic(
                .error,
                Diagnostic.Code(rawValue: "unrepresentable"),
                message,
                at: SourceLocation(file: treeFile, line: entry?.location?.line ?? 0, column: entry == nil ? 0 : 1)
            )
            StandardError.write("\(diagnostic)\n")
            throw ExitCode(1)
        }
    }
}

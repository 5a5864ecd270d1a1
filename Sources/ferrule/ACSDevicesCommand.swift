import ArgumentParser
import CWMP
import DeviceTrees
import FerruleCore
import FerruleJSON
import Foundation
import GenieACS

/// `ferrule acs devices`: list devices matching a query.
struct ACSDevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List devices (id, manufacturer, product class, serial, software version, last inform, tags)."
    )

    @OptionGroup var acs: ACSOptions

    @Option(help: #"A GenieACS device query (MongoDB-style JSON), e.g. '{"_tags":"beta"}'."#)
    var query: String?

    @Option(
        help: """
            Comma-separated paths to return; with --format json, the documents are printed as GenieACS \
            holds them, secret parameters masked as 'acs device' masks them.
            """
    )
    var projection: String?

    @Option(help: "At most this many devices (all when omitted; fetched in pages of 1000 by _id).")
    var limit: Int?

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let projection { _ = try Self.projectionFields(projection) }
    }

    /// `--projection`'s paths as GenieACS reads them (split at `,`, each trimmed: lib/nbi.ts:644-650
    /// at v1.2.16), a partial path's trailing `.` dropped (`Device.WiFi.` projects the subtree
    /// `Device.WiFi` names). GenieACS hands the projection to MongoDB unchecked, which refuses an
    /// empty path, an empty segment or a `$` segment only after the 200 and the list's `[` are
    /// sent: the NBI worker then stops, with every request in flight. Those are usage errors here.
    static func projectionFields(_ text: String) throws -> [String] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { entry in
            var path = entry.trimmingCharacters(in: .whitespacesAndNewlines)  // as JavaScript's trim()
            if path.hasSuffix("."), !path.hasSuffix("..") { path.removeLast() }
            let shown = DisplayText.value(String(entry), limit: 60)
            let segments = path.split(separator: ".", omittingEmptySubsequences: false)
            guard !path.isEmpty else {
                throw ValidationError("--projection has an empty path (\"\(shown)\"): give comma-separated paths")
            }
            if segments.contains(where: \.isEmpty) {
                throw ValidationError(
                    "--projection path \"\(shown)\" has an empty segment: MongoDB refuses it after GenieACS has begun its answer, which stops the NBI"
                )
            }
            if segments.contains(where: { $0.hasPrefix("$") }) {
                throw ValidationError(
                    "--projection path \"\(shown)\" has a segment starting with $: MongoDB refuses it after GenieACS has begun its answer, which stops the NBI"
                )
            }
            return path
        }
    }

    static let versionPaths = [
        "Device.DeviceInfo.SoftwareVersion", "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
    ]

    static let columns = [
        "id", "manufacturer", "productClass", "serialNumber", "softwareVersion", "lastInform", "tags",
    ]

    func run() async throws {
        let filter = try query.map(parseQuery)
        let client = try acs.client()
        let explicit = try projection.map(Self.projectionFields)
        let fields =
            explicit ?? ["_id", "_deviceId", "_lastInform", "_tags"] + Self.versionPaths
        // Written page by page as GenieACS answers (pages of 1000 by `_id`): memory stays one page
        // whatever the fleet's size. A failure midway leaves the JSON array unclosed, so a reader
        // cannot take a partial list for the whole one; the exit code is 1 either way.
        var remaining = limit ?? Int.max
        let pages = client.all(.devices, query: filter, projection: fields)
        if format == .json, explicit != nil {
            // Each document is written as it is rendered: the same bytes as the whole array's
            // canonical text, without building it.
            let output = JSONStreamWriter()
            output.beginArray(.canonical)
            try await reportingACSErrors {
                for try await page in pages {
                    for document in page.prefix(remaining) { output.element(Redaction.deviceDocument(document)) }
                    remaining -= min(remaining, page.count)
                    output.flush()
                    if remaining == 0 { break }  // no further page is asked for
                }
            }
            output.endArray()
            output.flush()
            return
        }
        var stream = TableOutput.Stream(columns: Self.columns, format: format)
        try await reportingACSErrors {
            for try await page in pages {
                let rows = page.prefix(remaining).map(Self.row)
                remaining -= rows.count
                Swift.print(stream.page(rows, last: false), terminator: "")
                if remaining == 0 { break }  // no further page is asked for
            }
        }
        Swift.print(stream.page([], last: true), terminator: "")
    }

    /// One device as a row of ``columns``.
    static func row(_ d: JSONValue) -> [String] {
        let version = versionPaths.lazy.compactMap { d.path($0)?["_value"]?.stringValue }.first ?? ""
        return [
            d["_id"]?.stringValue ?? "", d["_deviceId"]?["_Manufacturer"]?.stringValue ?? "",
            d["_deviceId"]?["_ProductClass"]?.stringValue ?? "",
            d["_deviceId"]?["_SerialNumber"]?.stringValue ?? "",
            version, d["_lastInform"]?.stringValue ?? "",
            (d["_tags"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " "),
        ]
    }
}

/// `ferrule acs device ID`: one device's parameters.
struct ACSDeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "Show one device's parameters (secrets such as passphrases are masked)."
    )

    @OptionGroup var acs: ACSOptions

    @Argument(help: "The device id (OUI-ProductClass-Serial, as GenieACS shows it).")
    var id: String

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func run() async throws {
        let client = try acs.client()
        guard let document = try await reportingACSErrors({ try await client.device(id) }) else {
            StandardError.write("error: GenieACS at \(client.baseURL) has no device \"\(id)\"\n")
            throw ExitCode(1)
        }
        let tree: ParameterTree
        do {
            tree = try ParameterTree(nbiJSON: Array(document.compactText.utf8), file: id)
        } catch {
            StandardError.write("error: device \(id): \(error)\n")
            throw ExitCode(1)
        }
        let rows = tree.entries.filter { !$0.isObject }.map { entry -> [String] in
            let value = Redaction.deviceValue(.string(entry.value ?? ""), path: entry.path).stringValue ?? ""
            return [entry.path, value, entry.type?.description ?? "", entry.writable.map { $0 ? "yes" : "no" } ?? ""]
        }
        TableOutput.print(
            columns: ["parameter", "value", "type", "writable"],
            rows: rows,
            format: format,
            types: ["writable": .boolean]
        )
    }
}

/// Parses a `--query` argument.
///
/// GenieACS 1.2.16 expands a device query key by key (lib/nbi.ts:615-628, lib/query.ts:101-126):
/// `[]` becomes `{}` and matches every device, a string or number matches nothing; and what throws
/// there or in MongoDB stops the NBI worker, leaving the connection unanswered
/// (``DeviceQueryCheck``, shared with campaigns and the REST `device_filter`). Those are refused
/// here instead of being sent.
func parseQuery(_ text: String) throws -> JSONValue {
    let value: JSONValue
    do {
        value = try JSONValue.parse(text)
    } catch {
        throw ValidationError("--query is not JSON (\(error)); quote it: --query '{\"_tags\":\"beta\"}'")
    }
    guard case .object = value else {
        throw ValidationError(
            "--query must be a JSON object (a MongoDB filter), not \(DisplayText.value(String(text.prefix(40))).debugDescription); "
                + "for every device leave it out, else e.g. --query '{\"_tags\":\"beta\"}'"
        )
    }
    let problems = DeviceQueryCheck.problems(value)
    guard problems.isEmpty else {
        let lines = problems.map { problem in
            "--query at \(problem.location): \(problem.message)" + (problem.hint.map { " (\($0))" } ?? "")
        }
        throw ValidationError(
            lines.joined(separator: "\n") + "\nnot sent: " + DeviceQueryCheck.notSentReason(problems)
        )
    }
    return value
}

extension JSONValue {
    /// A dotted path through nested objects (`Device.DeviceInfo.SoftwareVersion`).
    func path(_ dotted: String) -> JSONValue? {
        var node: JSONValue? = self
        for part in dotted.split(separator: ".") { node = node?[String(part)] }
        return node
    }
}

import CWMP
import FerruleTestSupport
import Foundation

/// Runs a provision script the way GenieACS's sandbox does, against a fixed parameter tree, with
/// `Tools/provision-harness.js` under Node (GenieACS v1.2.16 lib/sandbox.ts, lib/session.ts). See the script's header
/// for what it reproduces and what it simplifies.
enum ProvisionHarness {
    /// What one run declared.
    struct Result: Sendable, Hashable {
        /// A `declare(path, …, {value: v})`: the path as given, its matches at the time of the call,
        /// the value as JavaScript's `String(v)` (arrays and objects as JSON) and the explicit type.
        struct Declaration: Sendable, Hashable {
            var path: String
            var resolved: [String]
            var value: String
            var type: String?
        }

        /// A `declare(path, …, {path: n})`: the path as given, the wanted count, what matches in the
        /// final run, and the instances the session added (with their alias keys) and deleted for it.
        struct PathCount: Sendable, Hashable {
            var path: String
            var count: Int
            var matched: [String]
            var added: [AddedInstance] = []
            var deleted: [String] = []
        }

        /// An instance the session added (AddObject): its path (`Device.Time.Client.2`) and the
        /// alias key values set on it.
        struct AddedInstance: Sendable, Hashable {
            var path: String
            var values: [String: String]
        }

        var declarations: [Declaration]
        var pathCounts: [PathCount]
        /// `log()` messages as GenieACS writes them: once per preset cycle the script runs in.
        var logs: [String]
        /// Every path passed to declare() in any run (refreshes and lookups included).
        var declared: [String] = []

        /// The value declarations that resolved to `path` (a concrete parameter path).
        func declarations(setting path: String) -> [Declaration] {
            declarations.filter { $0.resolved.contains(path) }
        }

        /// Instances added over the session (each once), in declaration order.
        var added: [AddedInstance] {
            var seen: Set<String> = []
            return pathCounts.flatMap(\.added).filter { seen.insert($0.path).inserted }
        }

        /// Instances deleted over the session (each once).
        var deleted: Set<String> { Set(pathCounts.flatMap(\.deleted)) }

        /// The last value declared for `path`, if any declaration resolved to it.
        func value(at path: String) -> String? { declarations(setting: path).last?.value }

        /// The last value declaration whose declared path string is `path` (whether or not it matched).
        func declaration(_ path: String) -> Declaration? { declarations.last { $0.path == path } }
    }

    /// The script threw (or did not compile): `<ErrorName>: <message>`, like a GenieACS fault.
    struct ScriptError: Error, CustomStringConvertible {
        var message: String
        /// The script line, when Node reported one.
        var line: Int?
        var logs: [String]
        var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    /// Node could not be run or the harness answered something unexpected.
    struct HarnessFailure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = Repository.url("Tools/provision-harness.js").path

    /// Runs `script` against `tree`.
    ///
    /// - Parameters:
    ///   - args: the provision arguments (`args` in the script).
    ///   - deviceId: `id`, `serialNumber`, `oui`, `productClass`, `manufacturer` (any subset).
    ///   - now: the session time in ms since the epoch (`Date.now()`).
    /// - Throws: ``ScriptError`` when the script fails, ``HarnessFailure`` when Node does.
    static func run(
        script source: String,
        args: [String],
        tree: ParameterTree,
        deviceId: [String: String],
        tags: [String],
        now: Double
    ) async throws -> Result {
        var parameters: [String: Any] = [:]
        for entry in tree.unorderedEntries {
            var p: [String: Any] = ["object": entry.isObject]
            if let value = entry.value { p["value"] = value }
            if let type = entry.type { p["type"] = type.xsdName }
            if let writable = entry.writable { p["writable"] = writable }
            parameters[entry.path] = p
        }
        let input: [String: Any] = [
            "script": source, "args": args, "parameters": parameters, "deviceId": deviceId, "tags": tags, "now": now,
        ]
        let output = try await node(try JSONSerialization.data(withJSONObject: input))
        guard let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any] else {
            throw HarnessFailure(description: "unexpected harness output: \(String(decoding: output, as: UTF8.self))")
        }
        let logs = object["logs"] as? [String] ?? []
        if let error = object["error"] as? String {
            throw ScriptError(message: error, line: object["line"] as? Int, logs: logs)
        }
        var result = Result(declarations: [], pathCounts: [], logs: logs)
        result.declared = object["declared"] as? [String] ?? []
        for item in object["declarations"] as? [[String: Any]] ?? [] {
            let path = item["path"] as? String ?? ""
            switch item["attribute"] as? String {
            case "value":
                result.declarations.append(
                    .init(
                        path: path,
                        resolved: item["resolved"] as? [String] ?? [],
                        value: item["value"] as? String ?? "",
                        type: item["type"] as? String
                    )
                )
            case "path":
                let added = (item["added"] as? [[String: Any]] ?? []).map { instance -> Result.AddedInstance in
                    Result.AddedInstance(
                        path: instance["path"] as? String ?? "",
                        values: instance["values"] as? [String: String] ?? [:]
                    )
                }
                result.pathCounts.append(
                    .init(
                        path: path,
                        count: (item["count"] as? NSNumber)?.intValue ?? -1,
                        matched: item["matched"] as? [String] ?? [],
                        added: added,
                        deleted: item["deleted"] as? [String] ?? []
                    )
                )
            default:
                break
            }
        }
        return result
    }

    private static func node(_ input: Data) async throws -> Data {
        let output = try await NodeRunner.run([script], input: input)
        guard output.status == 0 || output.status == 1, !output.stdout.isEmpty else {
            throw HarnessFailure(description: "node \(script) exited with \(output.status): \(output.stderr)")
        }
        return output.stdoutData
    }
}

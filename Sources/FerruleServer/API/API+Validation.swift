import CWMP
import DataModel
import DeviceTrees
import FerruleCore

/// `/ferrule/validation/trees`: `ferrule validate` on one uploaded tree (``DataModel/TreeValidator``
/// against the server's Broadband Forum models).
extension APIHandler {
    /// The largest tree accepted.
    static let treeLimit = 16 << 20

    func validateTree(_ input: Operations.ValidateTree.Input) async throws -> Operations.ValidateTree.Output {
        await handle(.cpeRead, "Validate tree", Operations.ValidateTree.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            // The request's own checks come before the server's configuration (`minLength: 1`).
            guard !body.tree.isEmpty else {
                throw APIFailure.invalid("Request validation failed: tree is empty; send the device tree's text")
            }
            guard let models = try await models() else {
                throw APIFailure(
                    status: 503,
                    detail: "No data models are configured on this server: start it with FERRULE_MODELS set to a "
                        + "directory of BBF *-full.xml data models (or where ./Models holds them)"
                )
            }
            let bytes = Array(body.tree.utf8)
            guard bytes.count <= Self.treeLimit else {
                throw APIFailure(status: 413, detail: "The tree is \(bytes.count) bytes; at most 16 MiB")
            }
            let format: TreeSourceFormat
            switch body.format ?? .auto {
            case .auto, .cwmpXml: format = .auto
            case .genieacsJson: format = .nbiJSON
            case .csv: format = .csv
            }
            let name = body.name ?? "tree"
            let loaded: LoadedTree
            do {
                loaded = try ParameterTree.loadSource(bytes, format: format, file: name)
            } catch {
                throw APIFailure.invalid("The tree cannot be read: \(DisplayText.line(String(describing: error)))")
            }
            let report = TreeValidator(models: models).validate(
                loaded.tree,
                isInform: loaded.isInform,
                cwmpVersion: loaded.cwmpVersion,
                repeats: loaded.repeats
            )
            let findings: [Components.Schemas.Finding] = report.findings.map { finding in
                var message = "\(finding.path): expected \(finding.expected)"
                if let value = finding.value { message += ", got \(DisplayText.value(value))" }
                return .init(
                    severity: finding.severity.rawValue,
                    code: finding.code.rawValue,
                    message: message,
                    path: finding.path
                )
            }
            let modelNames = Set(report.findings.compactMap(\.model))
            return .ok(
                .init(
                    body: .json(
                        .init(
                            ok: report.count(.error) == 0,
                            model: modelNames.isEmpty
                                ? models.models.map(\.name).joined(separator: ", ")
                                : modelNames.sorted().joined(separator: ", "),
                            parameters: report.parametersChecked,
                            findings: findings
                        )
                    )
                )
            )
        }
    }
}

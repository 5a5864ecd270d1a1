import FerruleCore
import Foundation
import GenieACS
import Rules

/// `/ferrule/rules/…`: `ferrule compile`, `lint`, `plan` and `deploy` on an uploaded rule project
/// (``RuleUpload``), against the tenant's GenieACS for plan and deploy.
extension APIHandler {
    func compileRules(_ input: Operations.CompileRules.Input) async throws -> Operations.CompileRules.Output {
        await handle(.cpeRead, "Compile rules", Operations.CompileRules.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let upload = try RuleUpload(files: body.files.additionalProperties)
            defer { upload.remove() }
            var diagnostics = DiagnosticCollector()
            let compiled = try upload.compile(environment: body.environment, diagnostics: &diagnostics)
            let ok = !diagnostics.diagnostics.contains { $0.severity == .error }
            let artifacts: [Components.Schemas.CompiledArtifact] =
                ok
                ? compiled.artifacts.compactMap { artifact in
                    let kind: Components.Schemas.CompiledArtifact.KindPayload
                    switch artifact.kind {
                    case .preset: kind = .preset
                    case .provision: kind = .provision
                    case .virtualParameter: kind = .virtualParameter
                    case .manifest: return nil
                    }
                    let file = (artifact.path as NSString).lastPathComponent
                    return .init(kind: kind, name: (file as NSString).deletingPathExtension, content: artifact.contents)
                } : []
            return .ok(
                .init(
                    body: .json(.init(ok: ok, diagnostics: Self.diagnostics(diagnostics, upload), artifacts: artifacts))
                )
            )
        }
    }

    func lintRules(_ input: Operations.LintRules.Input) async throws -> Operations.LintRules.Output {
        await handle(.cpeRead, "Lint rules", Operations.LintRules.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let upload = try RuleUpload(files: body.files.additionalProperties)
            defer { upload.remove() }
            var diagnostics = DiagnosticCollector()
            let compiled = try upload.compile(environment: body.environment, diagnostics: &diagnostics)
            RuleLinter.lint(compiled.rules, models: try await models(), diagnostics: &diagnostics)
            let ok = !diagnostics.diagnostics.contains { $0.severity == .error }
            return .ok(.init(body: .json(.init(ok: ok, diagnostics: Self.diagnostics(diagnostics, upload)))))
        }
    }

    func planRules(_ input: Operations.PlanRules.Input) async throws -> Operations.PlanRules.Output {
        await handle(.cpeRead, "Plan rules", Operations.PlanRules.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let target = try Self.ruleTarget(body.files.additionalProperties, environment: body.environment, caller)
            defer { target.upload.remove() }
            let (upload, acs, diagnostics) = (target.upload, target.acs, target.diagnostics)
            guard let desired = target.desired else {
                return .ok(.init(body: .json(Self.failedPlan(diagnostics, upload))))
            }
            let plan = try await livePlan(desired, acs: acs, tenant: caller.tenant)
            return .ok(
                .init(body: .json(Self.plan(plan, steps: nil, diagnostics: diagnostics, upload)))
            )
        }
    }

    func deployRules(_ input: Operations.DeployRules.Input) async throws -> Operations.DeployRules.Output {
        await handle(.cpeWrite, "Deploy rules", Operations.DeployRules.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let target = try Self.ruleTarget(body.files.additionalProperties, environment: body.environment, caller)
            defer { target.upload.remove() }
            let (upload, acs, diagnostics) = (target.upload, target.acs, target.diagnostics)
            guard let desired = target.desired else {
                throw APIFailure.invalid(
                    "The rules have errors; GenieACS was not contacted: "
                        + Self.diagnostics(diagnostics, upload).filter { $0.severity == .error }.prefix(10).map(\.text)
                        .joined(separator: "; ")
                )
            }
            let secrets = options.secrets(caller.tenant)
            let missing = desired.secretNames.filter { secrets.value($0) == nil }
            guard missing.isEmpty else {
                throw APIFailure.invalid(
                    "The rules use secrets tenant \(caller.tenant)'s secrets_file has no value for: "
                        + "\(missing.map { DisplayText.value($0) }.joined(separator: ", ")); nothing was changed"
                )
            }
            let plan = try await livePlan(desired, acs: acs, tenant: caller.tenant)
            let prune = body.prune ?? false
            guard plan.hasChanges(prune: prune) || !plan.conflicts.isEmpty else {
                return .ok(
                    .init(body: .json(Self.plan(plan, steps: [], diagnostics: diagnostics, upload)))
                )
            }
            // The REST deploy never adopts: say so here, where `--adopt` (the CLI's) means nothing.
            if !plan.conflicts.isEmpty {
                let names = plan.conflicts.map { "\($0.kind.label) \(DisplayText.value($0.name))" }
                throw APIFailure.conflict(
                    "GenieACS already has \(names.joined(separator: ", ")) without Ferrule's marker; nothing was "
                        + "changed. Rename the rule or delete the live artifact; the REST deploy never takes over an "
                        + "artifact Ferrule did not write (only the command-line deploy adopts, when told to)"
                )
            }
            let report: Deployer.Report
            do {
                report = try await Deployer(acs: acs).deploy(
                    plan,
                    desired: desired,
                    secrets: secrets,
                    prune: prune,
                    adopt: false
                )
            } catch let error as DeployLeaseError {
                // The tenant's GenieACS by name only: its address is the server's business (docs/serve.md).
                let text = error.description.replacingOccurrences(
                    of: error.acs,
                    with: "tenant \(caller.tenant)'s GenieACS"
                )
                throw APIFailure.conflict(DisplayText.line(text))
            } catch let error as DeployError {
                throw APIFailure.conflict(DisplayText.line(error.description))
            }
            return .ok(
                .init(
                    body: .json(
                        Self.plan(plan, steps: report.steps, diagnostics: diagnostics, upload)
                    )
                )
            )
        }
    }

    // MARK: Helpers

    /// An uploaded project compiled for plan or deploy, with the tenant's GenieACS; the caller
    /// removes ``upload`` when it has answered.
    struct RuleTarget {
        let upload: RuleUpload
        let acs: any GenieACSNBI
        let diagnostics: DiagnosticCollector
        /// The artifacts, nil when the rules have errors (in ``diagnostics``).
        let desired: ArtifactSet?
    }

    /// Writes the upload, finds the tenant's GenieACS and compiles the project.
    static func ruleTarget(_ files: [String: String], environment: String?, _ caller: Caller) throws -> RuleTarget {
        let upload = try RuleUpload(files: files)
        do {
            let acs = try caller.acs()
            var diagnostics = DiagnosticCollector()
            let desired = try artifactSet(upload, environment: environment, diagnostics: &diagnostics)
            return RuleTarget(upload: upload, acs: acs, diagnostics: diagnostics, desired: desired)
        } catch {
            upload.remove()
            throw error
        }
    }

    /// `desired` planned against what the tenant's GenieACS has now.
    func livePlan(_ desired: ArtifactSet, acs: any GenieACSNBI, tenant: String) async throws -> Plan {
        let secrets = options.secrets(tenant)
        return Planner.plan(
            desired: desired,
            live: try await LiveArtifacts.read(from: acs, secrets: secrets),
            secrets: secrets
        )
    }

    /// The compiled artifacts keyed for planning, nil when the rules have errors.
    static func artifactSet(
        _ upload: RuleUpload,
        environment: String?,
        diagnostics: inout DiagnosticCollector
    ) throws -> ArtifactSet? {
        let compiled = try upload.compile(environment: environment, diagnostics: &diagnostics)
        guard !diagnostics.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        do {
            return try ArtifactSet(files: compiled.artifacts.map { (path: $0.path, contents: $0.contents) })
        } catch {
            throw APIFailure.invalid("The compiled artifacts do not form a set: \(DisplayText.line(error.description))")
        }
    }

    static func failedPlan(_ diagnostics: DiagnosticCollector, _ upload: RuleUpload) -> Components.Schemas.PlanResponse
    {
        let list = Self.diagnostics(diagnostics, upload)
        return .init(
            ok: false,
            changes: 0,
            items: [],
            diagnostics: list,
            text: list.map(\.text).joined(separator: "\n")
        )
    }

    /// A plan (and, after a deploy, what was done) as the response; `text` as `ferrule plan` prints it.
    static func plan(
        _ plan: Plan,
        steps: [Deployer.Step]?,
        diagnostics: DiagnosticCollector,
        _ upload: RuleUpload
    ) -> Components.Schemas.PlanResponse {
        let items: [Components.Schemas.PlanItem] = plan.items.map { item in
            .init(
                action: item.drift ? "drift" : item.action.rawValue,
                kind: item.kind.rawValue,
                name: item.name,
                detail: item.notes.isEmpty ? nil : upload.scrub(item.notes.joined(separator: "; "))
            )
        }
        // The upstream's URL is the server's business, not a (read-only) caller's.
        var text = upload.scrub(PlanRenderer.text(plan, acs: "the tenant's GenieACS", colour: false, prune: false))
        if let steps {
            text += steps.map { "  \($0.action.rawValue)d \($0.kind.label) \($0.name)\n" }.joined()
        }
        return .init(
            ok: plan.conflicts.isEmpty,
            // Deletes only happen with `prune` (deploy's option; a plan has none): as `ferrule plan`
            // counts them, they are listed but not counted.
            changes: steps?.count ?? plan.changes.filter { $0.action != .delete }.count,
            items: items,
            diagnostics: Self.diagnostics(diagnostics, upload),
            text: text
        )
    }

    /// Diagnostics as the API shows them, paths relative to the upload.
    static func diagnostics(_ collector: DiagnosticCollector, _ upload: RuleUpload) -> [Components.Schemas.Diagnostic] {
        collector.sorted.map { d in
            var located = d
            located.location.file = upload.relative(d.location.file)
            return Self.diagnostic(located, scrub: upload.scrub)
        }
    }
}

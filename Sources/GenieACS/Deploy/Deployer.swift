import FerruleArtifacts
public import FerruleCore
import FerruleJSON
import Synchronization

/// Applies a plan to GenieACS in a safe order and verifies the result.
///
/// Order: provisions and virtual parameters before the presets that use them; presets removed
/// before their provisions. Then everything is read back and planned again: the second plan
/// must show no changes (and a second deploy changes nothing).
public struct Deployer: Sendable {
    public let acs: any GenieACSNBI
    public var concurrency: Int
    /// The deploy lease in GenieACS: one deploy at a time.
    public var lock: DeployLock
    /// Once signalled (SIGINT/SIGTERM in `ferrule deploy`), no new write starts: the writes in
    /// flight finish, the lease is given back and ``deploy(_:desired:secrets:prune:adopt:)``
    /// throws ``DeployStopped``. A deploy run again plans from what GenieACS then holds.
    public var stopping: AsyncEvent?
    /// How the lease's heartbeat waits between renewals (every sixth of ``DeployLock/ttl``); nil:
    /// `Task.sleep`. Tests pace it themselves.
    public var heartbeatPace: (@Sendable (Duration) async throws -> Void)?

    public init(acs: any GenieACSNBI, concurrency: Int = 8, lock: DeployLock? = nil) {
        self.acs = acs
        self.concurrency = max(1, concurrency)
        self.lock = lock ?? DeployLock(acs: acs)
    }

    /// One write made.
    public struct Step: Sendable, Hashable {
        public var action: Plan.Item.Action
        public var kind: ArtifactKind
        public var name: String
    }

    /// What deploy did.
    public struct Report: Sendable {
        public var steps: [Step]
        /// The plan read back after the writes (no changes when the deploy verified).
        public var verification: Plan
    }

    /// Applies `plan`'s creates and updates (and deletes when `prune`), then verifies.
    ///
    /// - Parameters:
    ///   - adopt: overwrite live artifacts that have a desired name but no Ferrule marker.
    /// Everything happens under the deploy lease (``DeployLock``); GenieACS is planned again under
    /// it, so a deploy that ran in between is noticed before anything is written.
    ///
    /// - Throws: ``DeployLeaseError`` while another deploy holds GenieACS; ``DeployError`` before
    ///   any write when a secret is missing, a preset would wedge GenieACS, there are conflicts
    ///   without `adopt`, or GenieACS changed since `plan`; ``GenieACSError`` when a write fails
    ///   (the steps done so far are in the error). A ``GenieACSError`` quotes what the server
    ///   answered without any secret value this deploy knows (``GenieACSError/withholding(_:)``):
    ///   a proxy that echoes a preset PUT's body in its error page does not print the secret.
    public func deploy(
        _ plan: Plan,
        desired: ArtifactSet,
        secrets: SecretStore,
        prune: Bool,
        adopt: Bool
    ) async throws -> Report {
        // The one place every NBI failure of a deploy passes: the secrets source's values, and the
        // values deploy filled into live presets as each read finds them, are withheld.
        let known = KnownSecrets(ScriptSecrets.knownValues(live: LiveArtifacts(), secrets: secrets))
        do {
            return try await deploying(
                plan,
                desired: desired,
                secrets: secrets,
                prune: prune,
                adopt: adopt,
                known: known
            )
        } catch let error as GenieACSError {
            throw error.withholding(known.values)
        }
    }

    /// Secret values a deploy knows, added to as it reads GenieACS.
    private final class KnownSecrets: Sendable {
        private let list: Mutex<[(value: String, shown: String)]>

        init(_ values: [(value: String, shown: String)]) { list = Mutex(values) }

        var values: [(value: String, shown: String)] { list.withLock { $0 } }

        func learn(_ live: LiveArtifacts) {
            let found = ScriptSecrets.knownValues(live: live, secrets: nil)
            list.withLock { $0 += found }
        }
    }

    private func deploying(
        _ plan: Plan,
        desired: ArtifactSet,
        secrets: SecretStore,
        prune: Bool,
        adopt: Bool,
        known: KnownSecrets
    ) async throws -> Report {
        if !adopt, !plan.conflicts.isEmpty {
            throw DeployError.conflicts(plan.conflicts.map { "\($0.kind.label) \($0.name)" })
        }
        // Everything is prepared before the first write: a missing secret or a bad preset stops
        // the deploy with GenieACS untouched.
        var writes: [ArtifactKind: [(String, Write)]] = [:]
        for item in plan.items where item.action == .create || item.action == .update || item.action == .conflict {
            guard let artifact = desired.artifact(item.kind, item.name) else { continue }
            switch artifact.content {
            case .preset(let document):
                let resolved: JSONValue
                do {
                    resolved = try SecretTemplates.resolved(document, secrets)
                } catch {
                    throw DeployError.missingSecret(error, preset: item.name)
                }
                let problems = PresetCheck.problems(resolved)
                guard problems.isEmpty else { throw DeployError.invalidPreset(item.name, problems) }
                writes[.preset, default: []].append((item.name, .preset(resolved)))
            case .script(let text):
                writes[item.kind, default: []].append((item.name, .script(text)))
            }
        }
        if stopping?.isSet == true { throw DeployStopped(written: 0) }
        let lease = try await lock.acquire()
        let heartbeat = LeaseHeartbeat(
            renewedAt: lease.acquiredAt,
            timeout: lock.ttlMilliseconds,
            now: lock.now,
            renew: { [lock] _ in try await lock.renew(lease) }
        )
        let beating = heartbeat.start(pace: heartbeatPace ?? { try await Task.sleep(for: $0) })
        do {
            let report = try await write(
                writes,
                plan: plan,
                desired: desired,
                secrets: secrets,
                prune: prune,
                lease: Held(lease: lease, heartbeat: heartbeat),
                known: known
            )
            await stop(beating)
            try await lock.release(lease)
            return report
        } catch {
            await stop(beating)
            try? await lock.release(lease)
            throw error
        }
    }

    /// The lease this deploy holds and its heartbeat.
    private struct Held: Sendable {
        let lease: DeployLease
        let heartbeat: LeaseHeartbeat
    }

    /// Stops the heartbeat and waits for a renewal in flight, so none lands after the release.
    private func stop(_ beating: Task<Void, Never>) async {
        beating.cancel()
        await beating.value
    }

    /// Right before a batch of writes: the lease is still this deploy's (renewed when its last
    /// renewal is older than half the TTL, then read back from GenieACS).
    private func requireHeld(_ held: Held) async throws {
        guard try await held.heartbeat.confirm() else {
            throw DeployLeaseError(lease: try await lock.current(), acs: acs.baseURL)
        }
        try await lock.requireHeld(held.lease)
    }

    /// The writes and the verification, holding `lease`.
    private func write(
        _ writes: [ArtifactKind: [(String, Write)]],
        plan: Plan,
        desired: ArtifactSet,
        secrets: SecretStore,
        prune: Bool,
        lease: Held,
        known: KnownSecrets
    ) async throws -> Report {
        let liveNow = try await LiveArtifacts.read(from: acs)
        known.learn(liveNow)
        let now = Planner.plan(desired: desired, live: liveNow, secrets: secrets)
        guard Self.signature(now) == Self.signature(plan) else { throw DeployError.planChanged }
        var steps: [Step] = []
        do {
            try await write(writes, plan: plan, live: liveNow, prune: prune, lease: lease, steps: &steps)
        } catch let stopped as DeployStopped {
            throw DeployStopped(written: steps.count + stopped.written)
        }
        // Still ours: a deploy that overlapped this one (its write raced ours) is reported, not hidden.
        try await requireHeld(lease)
        let live = try await LiveArtifacts.read(from: acs)
        known.learn(live)
        let verification = Planner.plan(desired: desired, live: live, secrets: secrets)
        // Drift of an artifact this deploy neither wrote nor deleted (owned, no longer desired, kept
        // without prune) is plan's to report, not a failure of what was written.
        let drifted = verification.drifted.filter { prune || $0.action != .delete }
        if verification.hasChanges(prune: prune) || !drifted.isEmpty {
            throw DeployError.notVerified(
                (verification.changes.filter { prune || $0.action != .delete } + drifted).map {
                    "\($0.kind.label) \($0.name): \($0.action.rawValue)\($0.drift ? " (drift)" : "")"
                }
            )
        }
        return Report(steps: steps, verification: verification)
    }

    /// The writes, in order, each batch's steps appended to `steps` once it is done.
    ///
    /// A provision whose new script comes with new arguments in a preset that runs it (a secret
    /// argument inserted in front of another moves it from `args[0]` to `args[1]`) is staged:
    /// GenieACS reloads presets and provisions after every write (1.2.16 lib/nbi.ts:85-148 drop
    /// the cache hash; lib/cwmp/local-cache.ts reads them anew), so a session between the
    /// provision's write and the preset's would run the new script with the old arguments (the
    /// PPP password written as the Wi-Fi passphrase). So first the new script is written under a
    /// name of its own (``Staging``), then the presets that run it with their new arguments,
    /// pointing at that name; then everything as usual; then the staged copy is deleted. Every
    /// state GenieACS passes through pairs a script with the arguments it was compiled with.
    private func write(
        _ writes: [ArtifactKind: [(String, Write)]],
        plan: Plan,
        live: LiveArtifacts,
        prune: Bool,
        lease: Held,
        steps: inout [Step]
    ) async throws {
        func record(_ action: Plan.Item.Action, _ kind: ArtifactKind, _ names: [String]) {
            steps += names.map { Step(action: action, kind: kind, name: $0) }
        }
        let staging = Staging(writes, live: live)
        for batch in [staging.copies.map { ($0.copy, Write.script($0.script)) }, staging.presets] where !batch.isEmpty {
            try await requireHeld(lease)
            try await run(batch) { name, write in
                switch write {
                case .preset(let document): try await acs.putPreset(name, document)
                case .script(let text): try await acs.putProvision(name, script: text)
                case .none: break
                }
            }
        }
        for kind in [ArtifactKind.provision, .virtualParameter, .preset] {
            let batch = writes[kind] ?? []
            if !batch.isEmpty { try await requireHeld(lease) }
            try await run(batch) { name, write in
                switch write {
                case .preset(let document): try await acs.putPreset(name, document)
                case .script(let text):
                    if kind == .provision {
                        try await acs.putProvision(name, script: text)
                    } else {
                        try await acs.putVirtualParameter(name, script: text)
                    }
                case .none: break
                }
            }
            for (name, _) in batch {
                let action = plan.items.first { $0.kind == kind && $0.name == name }?.action ?? .update
                steps.append(Step(action: action == .conflict ? .update : action, kind: kind, name: name))
            }
        }
        if !staging.copies.isEmpty {
            try await requireHeld(lease)
            try await run(staging.copies.map { ($0.copy, Write.none) }) { name, _ in
                try await acs.deleteProvision(name)
            }
        }
        if prune {
            for kind in [ArtifactKind.preset, .provision, .virtualParameter] {
                let names = plan.items.filter { $0.kind == kind && $0.action == .delete }.map(\.name)
                if !names.isEmpty { try await requireHeld(lease) }
                try await run(names.map { ($0, Write.none) }) { name, _ in
                    switch kind {
                    case .preset: try await acs.deletePreset(name)
                    case .provision: try await acs.deleteProvision(name)
                    case .virtualParameter: try await acs.deleteVirtualParameter(name)
                    }
                }
                record(.delete, kind, names)
            }
        }
    }

    /// What a plan would do, for telling whether GenieACS changed between two plans.
    private static func signature(_ plan: Plan) -> [String] {
        plan.items.map { "\($0.kind) \($0.name) \($0.action) \($0.drift) \($0.liveDigest ?? "") \($0.before ?? "")" }
    }

    fileprivate enum Write: Sendable {
        case preset(JSONValue)
        case script(String)
        case none
    }

    /// The provisions a deploy stages and the presets it points at the staged copies first (see
    /// ``write(_:plan:live:prune:lease:steps:)``).
    fileprivate struct Staging {
        /// A provision's new script under the name it is staged as: `<name>~next-<8 hex digits of
        /// the script's hash>`.
        var copies: [(provision: String, copy: String, script: String)] = []
        /// Presets as they will be, each staged provision they run named by its copy.
        var presets: [(String, Write)] = []

        init(_ writes: [ArtifactKind: [(String, Write)]], live: LiveArtifacts) {
            // Only a provision GenieACS holds now has an old script a session could pair wrongly.
            var updated: [String: String] = [:]
            for case (let name, .script(let text)) in writes[.provision] ?? [] where live.provisions[name] != nil {
                updated[name] = text
            }
            guard !updated.isEmpty else { return }
            var copyNames: [String: String] = [:]
            for case (let name, .preset(let document)) in writes[.preset] ?? [] {
                guard let old = live.presets[name] else { continue }
                let oldArgs = Self.provisionArguments(old)
                var configurations = document["configurations"]?.arrayValue ?? []
                var staged = false
                for index in configurations.indices {
                    let configuration = configurations[index]
                    guard configuration["type"]?.stringValue == "provision",
                        let provision = configuration["name"]?.stringValue, let script = updated[provision],
                        let before = oldArgs[provision], before != (configuration["args"] ?? .array([]))
                    else { continue }
                    let copy = copyNames[provision] ?? Self.copyName(provision, script, taken: live)
                    if copyNames[provision] == nil {
                        copyNames[provision] = copy
                        copies.append((provision, copy, script))
                    }
                    configurations[index] = configuration.setting("name", to: .string(copy))
                    staged = true
                }
                if staged {
                    presets.append((name, .preset(document.setting("configurations", to: .array(configurations)))))
                }
            }
        }

        /// The arguments each provision a preset runs is given (the first configuration of each).
        static func provisionArguments(_ preset: JSONValue) -> [String: JSONValue] {
            var arguments: [String: JSONValue] = [:]
            for configuration in preset["configurations"]?.arrayValue ?? []
            where configuration["type"]?.stringValue == "provision" {
                guard let name = configuration["name"]?.stringValue, arguments[name] == nil else { continue }
                arguments[name] = configuration["args"] ?? .array([])
            }
            return arguments
        }

        /// A name for the staged copy that GenieACS does not hold.
        static func copyName(_ provision: String, _ script: String, taken live: LiveArtifacts) -> String {
            let digest = OwnershipMarker.hash(ofScriptBody: script).dropFirst("sha256:".count)
            var length = 8
            while length < digest.count, live.provisions["\(provision)~next-\(digest.prefix(length))"] != nil {
                length += 8
            }
            return "\(provision)~next-\(digest.prefix(length))"
        }
    }

    /// Runs `body` on each item, at most ``concurrency`` at once; the first failure stops the batch.
    /// Once ``stopping`` is signalled no item starts: those in flight finish, then
    /// ``DeployStopped`` says how many were done.
    private func run(
        _ items: [(String, Write)],
        _ body: @escaping @Sendable (String, Write) async throws -> Void
    ) async throws {
        let stopping = self.stopping
        let done = try await withThrowingTaskGroup(of: Void.self) { group in
            var iterator = items.makeIterator()
            var done = 0
            func startNext() -> Bool {
                guard stopping?.isSet != true, let (name, write) = iterator.next() else { return false }
                group.addTask { try await body(name, write) }
                return true
            }
            for _ in 0..<concurrency {
                guard startNext() else { break }
            }
            while try await group.next() != nil {
                done += 1
                _ = startNext()
            }
            return done
        }
        if done < items.count { throw DeployStopped(written: done) }
    }
}

/// Why deploy stopped.
public struct DeployError: Error, Sendable, CustomStringConvertible {
    public var description: String

    static func conflicts(_ names: [String]) -> DeployError {
        DeployError(
            description:
                "GenieACS already has \(names.joined(separator: ", ")) without Ferrule's marker; nothing was changed. "
                + "Rename the rule, delete the live artifact, or pass --adopt to let Ferrule own it"
        )
    }

    static func missingSecret(_ error: MissingSecretError, preset: String) -> DeployError {
        DeployError(description: "preset \(preset): \(error); nothing was changed")
    }

    static func invalidPreset(_ name: String, _ problems: [String]) -> DeployError {
        DeployError(
            description:
                "preset \(name) would break GenieACS's preset loader: \(problems.joined(separator: "; ")); nothing was changed"
        )
    }

    static let planChanged = DeployError(
        description:
            "GenieACS changed since the plan was made (another deploy or an edit); nothing was changed. "
            + "Run `ferrule plan` again to see the new differences"
    )

    static func notVerified(_ items: [String]) -> DeployError {
        DeployError(
            description:
                "deploy finished but GenieACS does not hold what was written: \(items.joined(separator: "; ")). "
                + "Another writer may be changing it; run `ferrule plan` to see the difference"
        )
    }
}

/// A deploy stopped on request (SIGINT/SIGTERM) before all its writes: the writes in flight
/// finished and the lease was given back; GenieACS may hold part of the change.
public struct DeployStopped: Error, Sendable {
    /// Writes made before it stopped.
    public var written: Int
}

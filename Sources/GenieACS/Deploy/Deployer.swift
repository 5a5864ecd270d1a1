public import FerruleCore
import FerruleJSON

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
    ///   (the steps done so far are in the error).
    public func deploy(
        _ plan: Plan,
        desired: ArtifactSet,
        secrets: SecretStore,
        prune: Bool,
        adopt: Bool
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
                lease: Held(lease: lease, heartbeat: heartbeat)
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
        lease: Held
    ) async throws -> Report {
        let now = Planner.plan(desired: desired, live: try await LiveArtifacts.read(from: acs), secrets: secrets)
        guard Self.signature(now) == Self.signature(plan) else { throw DeployError.planChanged }
        var steps: [Step] = []
        do {
            try await write(writes, plan: plan, prune: prune, lease: lease, steps: &steps)
        } catch let stopped as DeployStopped {
            throw DeployStopped(written: steps.count + stopped.written)
        }
        // Still ours: a deploy that overlapped this one (its write raced ours) is reported, not hidden.
        try await requireHeld(lease)
        let live = try await LiveArtifacts.read(from: acs)
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
    private func write(
        _ writes: [ArtifactKind: [(String, Write)]],
        plan: Plan,
        prune: Bool,
        lease: Held,
        steps: inout [Step]
    ) async throws {
        func record(_ action: Plan.Item.Action, _ kind: ArtifactKind, _ names: [String]) {
            steps += names.map { Step(action: action, kind: kind, name: $0) }
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

    private enum Write: Sendable {
        case preset(JSONValue)
        case script(String)
        case none
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

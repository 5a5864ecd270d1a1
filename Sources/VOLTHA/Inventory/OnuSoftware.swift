/// An ONU's software versions as its adapter reads them over OMCI when asked (`GetOnuImages`).
///
/// VOLTHA keeps no software versions of an ONU in its device record: the openonu adapter writes
/// only vendor, vendor id and model to the core (voltha-openonu-adapter-go
/// `internal/pkg/core/device_handler.go:2957-2959`), and `Device.images` / `firmware_version` stay
/// empty. The versions come from `GetOnuImages` (voltha-protos `protos/voltha_protos/voltha.proto:383`),
/// which the core hands to the adapter (voltha-go `rw_core/core/device/manager_nbi.go:525-545`,
/// `agent_image.go:761-791`) and the adapter answers by reading the two software image MEs over
/// OMCI (openonu `internal/pkg/core/openonu.go:868-881`, `internal/pkg/swupg/onu_image_status.go:66-108`).
public struct OnuSoftware: Sendable, Hashable {
    /// The active image's version.
    public var active: String
    /// The inactive (standby) image's version.
    public var standby: String

    /// The versions `images` give: the active image, and the one that is not active — the two
    /// openonu puts in its own `ONU_ACTIVATED` event (`software-version`, `inactive-software-version`;
    /// `internal/pkg/mib/mib_sync.go:1081-1130`, `onu_device_entry.go:896-919`).
    public init(images: [OnuImage]) {
        active = images.first(where: \.isActive)?.version ?? ""
        standby = images.first(where: { !$0.isActive && !$0.version.isEmpty })?.version ?? ""
    }

    /// Versions from their parts.
    public init(active: String, standby: String) {
        self.active = active
        self.standby = standby
    }
}

/// An ONU whose software versions could not be read, and why.
public struct OnuSoftwareFailure: Sendable, Hashable {
    public var deviceID: String
    public var serialNumber: String
    public var error: VolthaError
}

/// What ``VolthaClient/onuSoftware(_:maxInFlight:budget:)`` read: versions by ONU device id, the
/// ONUs whose `GetOnuImages` failed (their versions stay empty), and those its time budget left
/// unread.
public struct OnuSoftwareReport: Sendable {
    public var versions: [String: OnuSoftware] = [:]
    public var failures: [OnuSoftwareFailure] = []
    /// The device ids of the ONUs asked for that were not read when the time budget ran out (not
    /// yet called, or their call cut short), in the order given.
    public var unread: [String] = []

    public init(versions: [String: OnuSoftware] = [:], failures: [OnuSoftwareFailure] = [], unread: [String] = []) {
        self.versions = versions
        self.failures = failures
        self.unread = unread
    }

    /// Writes the versions read into `entries` (by device id); the others are left as they are.
    public func apply(to entries: inout [OnuInventoryEntry]) {
        for index in entries.indices {
            guard let software = versions[entries[index].deviceID] else { continue }
            entries[index].activeSoftware = software.active
            entries[index].standbySoftware = software.standby
        }
    }

    /// One line per failure, at most `limit`, then how many more: for a warning.
    public func failureLines(limit: Int = 10) -> [String] {
        var lines = failures.prefix(limit).map {
            "\($0.serialNumber.isEmpty ? $0.deviceID : $0.serialNumber) (\($0.deviceID)): \($0.error.untargeted)"
        }
        if failures.count > limit { lines.append("… and \(failures.count - limit) more") }
        return lines
    }
}

extension OnuInventoryEntry {
    /// Whether the ONU's adapter can answer `GetOnuImages`: oper ACTIVE and REACHABLE. The openonu
    /// adapter reads the images only when the ONU is ready for OMCI configuration
    /// (`onu_image_status.go:68-71`), which it becomes with the MIB download that also sets ACTIVE
    /// and REACHABLE (`device_handler.go:2970-2974, 3019`) and stops being when the ONU goes down
    /// (UNREACHABLE, DISCOVERED: `device_handler.go:2716-2728`) or reboots (`device_handler.go:1680`).
    public var answersImages: Bool { operStatus == .active && connectStatus == .reachable }
}

extension VolthaClient {
    /// How many `GetOnuImages` calls are in flight at once by default: each one is several OMCI
    /// round trips to the ONU through the adapter, which serves every ONU of the deployment.
    public static let imageCallsInFlight = 8

    /// The software versions of those `onus` that can answer (``OnuInventoryEntry/answersImages``),
    /// one `GetOnuImages` each, at most `maxInFlight` at once, each with the client's deadline. An
    /// ONU whose call fails is in ``OnuSoftwareReport/failures``; the others are not asked.
    ///
    /// With a `budget`, the whole read takes at most that long (give or take the cancellation of
    /// the calls in flight): no call starts after it, the calls still running are cancelled, and
    /// the ONUs not read are ``OnuSoftwareReport/unread``. Each call's deadline alone would let
    /// thousands of slow ONUs hold the caller for hours.
    public func onuSoftware(
        _ onus: [OnuInventoryEntry],
        maxInFlight: Int = imageCallsInFlight,
        budget: Duration? = nil
    ) async -> OnuSoftwareReport {
        let targets = onus.filter(\.answersImages)
        var report = OnuSoftwareReport()
        guard !targets.isEmpty else { return report }
        let width = max(1, maxInFlight)
        // A nil index is the budget's timer.
        await withTaskGroup(of: (Int?, Result<[OnuImage], VolthaError>).self) { group in
            var next = 0
            var done = 0
            var spent = false
            var cutShort: [Int] = []
            if let budget {
                group.addTask {
                    // Cancelled (it returns early) once every call is done within the budget.
                    try? await Task.sleep(for: budget)
                    return (nil, .success([]))
                }
            }
            func start(_ index: Int) {
                let id = targets[index].deviceID
                group.addTask {
                    do {
                        return (index, .success(try await self.onuImages(deviceID: id)))
                    } catch let error as VolthaError {
                        return (index, .failure(error))
                    } catch {
                        let failure = VolthaError(
                            .server,
                            "GetOnuImages of \(id.shortened(40)) did not finish: \(String(describing: error).shortened())",
                            target: self.address
                        )
                        return (index, .failure(failure))
                    }
                }
            }
            while next < min(width, targets.count) {
                start(next)
                next += 1
            }
            while let (slot, result) = await group.next() {
                guard let index = slot else {
                    if done < targets.count {
                        // The budget is spent: nothing new starts, and the calls in flight end now.
                        spent = true
                        group.cancelAll()
                    }
                    continue
                }
                done += 1
                let onu = targets[index]
                switch result {
                case .success(let images): report.versions[onu.deviceID] = OnuSoftware(images: images)
                case .failure where spent:
                    // Cut short by the budget (a cancelled call fails): not read, not a failure of the ONU.
                    cutShort.append(index)
                case .failure(let error):
                    report.failures.append(
                        OnuSoftwareFailure(deviceID: onu.deviceID, serialNumber: onu.serialNumber, error: error)
                    )
                }
                if next < targets.count, !spent {
                    start(next)
                    next += 1
                }
                // Every call started is done: the timer, if any, is not needed any more.
                if done == next, spent || next == targets.count { group.cancelAll() }
            }
            report.unread = (cutShort.sorted() + Array(next..<targets.count)).map { targets[$0].deviceID }
        }
        // In inventory order, whatever order the calls finished in.
        let order = Dictionary(targets.enumerated().map { ($1.deviceID, $0) }, uniquingKeysWith: { first, _ in first })
        report.failures.sort { order[$0.deviceID, default: 0] < order[$1.deviceID, default: 0] }
        return report
    }
}

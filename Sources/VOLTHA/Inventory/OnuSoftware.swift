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

/// What ``VolthaClient/onuSoftware(_:maxInFlight:)`` read: versions by ONU device id, and the ONUs
/// whose `GetOnuImages` failed (their versions stay empty).
public struct OnuSoftwareReport: Sendable {
    public var versions: [String: OnuSoftware] = [:]
    public var failures: [OnuSoftwareFailure] = []

    public init(versions: [String: OnuSoftware] = [:], failures: [OnuSoftwareFailure] = []) {
        self.versions = versions
        self.failures = failures
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
    public func onuSoftware(_ onus: [OnuInventoryEntry], maxInFlight: Int = imageCallsInFlight) async
        -> OnuSoftwareReport
    {
        let targets = onus.filter(\.answersImages)
        var report = OnuSoftwareReport()
        guard !targets.isEmpty else { return report }
        let width = max(1, maxInFlight)
        await withTaskGroup(of: (Int, Result<[OnuImage], VolthaError>).self) { group in
            var next = 0
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
            while let (index, result) = await group.next() {
                let onu = targets[index]
                switch result {
                case .success(let images): report.versions[onu.deviceID] = OnuSoftware(images: images)
                case .failure(let error):
                    report.failures.append(
                        OnuSoftwareFailure(deviceID: onu.deviceID, serialNumber: onu.serialNumber, error: error)
                    )
                }
                if next < targets.count {
                    start(next)
                    next += 1
                }
            }
        }
        // In inventory order, whatever order the calls finished in.
        let order = Dictionary(targets.enumerated().map { ($1.deviceID, $0) }, uniquingKeysWith: { first, _ in first })
        report.failures.sort { order[$0.deviceID, default: 0] < order[$1.deviceID, default: 0] }
        return report
    }
}

internal import FerruleJSON
internal import PONEvents

/// Provisions and deprovisions ONU subscribers the way VOLTHA deployments do: VOLTHA has no
/// subscriber API; the SDN controller installs the flows and meters. So provisioning is the SADIS
/// subscriber entry (which ONOS reads from Ferrule's ``SadisServer``) plus the ONOS olt app call
/// that adds the service on the UNI; deprovisioning removes both.
public struct OnuProvisioner: Sendable {
    let voltha: VolthaClient
    let onos: OnosOltClient
    let sadis: SadisStore

    /// A provisioner over these three systems.
    public init(voltha: VolthaClient, onos: OnosOltClient, sadis: SadisStore) {
        self.voltha = voltha
        self.onos = onos
        self.sadis = sadis
    }

    /// Checks `request` against the SADIS file and VOLTHA (the OLT exists, has that PON port, and
    /// the ONU is on it) without changing anything.
    ///
    /// - Returns: the ONU device.
    /// - Throws: ``VolthaError`` `invalidInput` or `notFound` naming what is wrong.
    @discardableResult
    public func validate(_ request: ProvisionRequest) async throws -> Device {
        try request.validate(against: try sadis.read(), file: sadis.path)
        let devices = try await voltha.devices()
        guard let olt = devices.first(where: { $0.isRoot && ($0.id == request.olt || $0.serialNumber == request.olt) })
        else {
            throw VolthaError(
                .notFound,
                "no OLT \(request.olt.shortened(80)) (neither an OLT id nor an OLT serial); list OLTs with \"ferrule voltha devices\"",
                target: voltha.address,
                detail: "ListDevices"
            )
        }
        let pons = try await voltha.ports(deviceID: olt.id).filter { $0.type == .ponOLT }
        let label = "pon-\(request.ponInterface)"
        guard pons.contains(where: { $0.label == label }) else {
            let labels: [String] = pons.map(\.label).sorted(by: Self.labelOrder)
            var has = "no PON ports"
            if let first = labels.first, let last = labels.last { has = "\(first)…\(last) (\(labels.count))" }
            throw VolthaError(
                .invalidInput,
                "PON port \(request.ponInterface) is out of range: OLT \(olt.id) has \(has)",
                target: voltha.address
            )
        }
        let onus = VolthaClient.bySerial(devices.filter { !$0.isRoot }, request.onuSerial)
        guard
            let onu = onus.first(where: {
                Self.parent(of: $0) == olt.id && $0.proxyAddress?.channelID == request.ponInterface
            })
        else {
            if let elsewhere = onus.first {
                throw VolthaError(
                    .invalidInput,
                    "ONU \(request.onuSerial) is not on OLT \(olt.id) \(label): VOLTHA has it on OLT "
                        + "\(Self.parent(of: elsewhere)) pon-\(elsewhere.proxyAddress?.channelID ?? 0)",
                    target: voltha.address
                )
            }
            throw VolthaError(
                .invalidInput,
                "ONU \(request.onuSerial.shortened(80)) is not on OLT \(olt.id) \(label): VOLTHA knows no ONU with that serial (has it ranged?)",
                target: voltha.address
            )
        }
        return onu
    }

    /// Validates, writes the SADIS entry, drops ONOS's cached copy and asks the olt app to add the
    /// service. When ONOS refuses, the SADIS file is put back as it was.
    ///
    /// - Returns: the entry now in the SADIS file and the ONU it is for.
    public func provision(_ request: ProvisionRequest) async throws -> (entry: SubscriberEntry, onu: Device) {
        let onu = try await validate(request)
        // SADIS and ONOS name the UNI after VOLTHA's spelling of the serial (`ALCL78de45b1-1`).
        var request = request
        request.onuSerial = onu.serialNumber
        let (entry, previous) = try sadis.update { document -> (SubscriberEntry, SubscriberEntry?) in
            let old = document.entry(id: request.portName).flatMap(SubscriberEntry.init(json:))
            let entry = try Self.merged(request, into: old)
            document.upsert(entry)
            return (entry, old)
        }
        let wasThere = previous?.services.contains(request.service) == true
        do {
            try await onos.invalidateSubscriberCache(id: entry.id)
            try await onos.addService(
                portName: entry.id,
                sTag: request.service.sTag,
                cTag: request.service.cTag,
                technologyProfileID: request.service.technologyProfileID
            )
        } catch let error as VolthaError where wasThere && error.kind == .onos && error.detail.hasSuffix(": 204") {
            // The same service with the same tags was provisioned before: ONOS has nothing to add
            // (204), and the run changes nothing, as documented.
        } catch {
            if !wasThere, let failure = await takeOut(request) {
                throw VolthaError(
                    .sadis,
                    "\(error); and the SADIS file could not be put back (\(failure)): \(request.portName.shortened(80)) "
                        + "still lists service \(request.service.serviceName.shortened(40)), which ONOS did not program; "
                        + "take it out of the file by hand",
                    target: sadis.path
                )
            }
            throw error
        }
        return (entry, onu)
    }

    /// Takes `request`'s service out of its UNI's entry again after ONOS refused it, and the entry
    /// when nothing else is left in it. Only this service: another provisioning of the same UNI may
    /// have added its own meanwhile, and ONOS programmed that one. Waits up to 5 s for another
    /// writer's lock.
    ///
    /// - Returns: nil when done, else why it could not be done.
    private func takeOut(_ request: ProvisionRequest) async -> String? {
        var why = ""
        for attempt in 0..<25 {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(200)) }
            do {
                try sadis.update { document in document.removeService(request.service, from: request.portName) }
                return nil
            } catch let error as VolthaError {
                why = error.message
            } catch {
                why = "\(error)"
            }
        }
        return why
    }

    /// The UNI's entry with `request`'s service added: a UNI carries several services (hsia, voip,
    /// …) in its `uniTagList`, and ONOS programs each. The same service again with the same tags
    /// changes nothing; a service of that name with other tags, or another service on the same
    /// tags, is refused: replacing it in SADIS would leave the old one programmed in ONOS, with no
    /// record of it for a later deprovision.
    static func merged(_ request: ProvisionRequest, into old: SubscriberEntry?) throws -> SubscriberEntry {
        let service = request.service
        var services = old?.services ?? []
        if let same = services.first(where: { $0.serviceName == service.serviceName }) {
            guard same == service else {
                throw VolthaError(
                    .failedPrecondition,
                    "\(request.portName.shortened(80)) already has service \(same.serviceName.shortened(40)) "
                        + "(s-tag \(same.sTag), c-tag \(same.cTag)); deprovision it first "
                        + "(`ferrule voltha deprovision-onu --serial \(request.onuSerial.shortened(40))`), then provision "
                        + "the new tags",
                    target: ""
                )
            }
        } else {
            if let clash = services.first(where: { $0.sTag == service.sTag && $0.cTag == service.cTag }) {
                throw VolthaError(
                    .failedPrecondition,
                    "\(request.portName.shortened(80)) already carries s-tag \(service.sTag), c-tag \(service.cTag) "
                        + "for service \(clash.serviceName.shortened(40)); give the new service other tags",
                    target: ""
                )
            }
            services.append(service)
        }
        return SubscriberEntry(
            id: request.portName,
            services: services,
            nasPortID: old?.nasPortID,
            circuitID: old?.circuitID,
            remoteID: old?.remoteID
        )
    }

    /// Removes every service of the subscriber on `<serial>-<uni>` from ONOS, then its SADIS entry.
    ///
    /// - Returns: the removed entry.
    /// - Throws: ``VolthaError`` `invalidInput` when the SADIS file has no such subscriber.
    public func deprovision(onuSerial: String, uni: Int = 1) async throws -> SubscriberEntry {
        let document = try sadis.read()
        let suffix = "-\(uni)"
        // The entry is named after VOLTHA's spelling of the serial; the label's upper case finds it too.
        let id =
            document.entry(id: onuSerial + suffix) != nil
            ? onuSerial + suffix
            : document.entries.lazy.compactMap { $0["id"]?.stringValue }.first {
                $0.hasSuffix(suffix) && GPONSerial.same(String($0.dropLast(suffix.count)), onuSerial)
            } ?? onuSerial + suffix
        guard let entry = document.entry(id: id).flatMap(SubscriberEntry.init(json:)) else {
            throw VolthaError(
                .invalidInput,
                "no subscriber \(id.shortened(80)) in \(sadis.path); nothing to deprovision",
                target: ""
            )
        }
        for service in entry.services {
            try await onos.removeService(
                portName: id,
                sTag: service.sTag,
                cTag: service.cTag,
                technologyProfileID: service.technologyProfileID
            )
        }
        _ = try sadis.update { document in document.remove(id: id) }
        try await onos.invalidateSubscriberCache(id: id)
        return entry
    }

    /// `pon-2` before `pon-10`.
    static func labelOrder(_ a: String, _ b: String) -> Bool { a.count == b.count ? a < b : a.count < b.count }

    static func parent(of onu: Device) -> String {
        if let owner = onu.proxyAddress?.deviceID, !owner.isEmpty { return owner }
        return onu.parentID
    }
}

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

    /// Checks `request` against the SADIS file and VOLTHA (the OLT exists, has that PON port, the
    /// ONU is on it and has that UNI, and the UNI has no service of that name with other values)
    /// without changing anything.
    ///
    /// - Returns: the ONU device, and warnings (``tagCollisions(_:olt:devices:document:)``).
    /// - Throws: ``VolthaError`` `invalidInput` or `notFound` naming what is wrong.
    @discardableResult
    public func validate(_ request: ProvisionRequest) async throws -> (onu: Device, warnings: [String]) {
        let checked = try await check(request)
        return (checked.onu, checked.warnings)
    }

    /// What ``validate(_:)`` found: the OLT, the ONU and its UNI port, and the warnings to give.
    struct Checked {
        var olt: Device
        var onu: Device
        var uni: DevicePort
        var warnings: [String] = []
    }

    func check(_ request: ProvisionRequest) async throws -> Checked {
        // The file must exist: its bandwidth profiles are checked, and a mistyped path would
        // otherwise be an empty file blamed on the profile.
        let document = try sadis.readExisting()
        try request.validate(against: document, file: sadis.path)
        let devices = try await voltha.devices()
        let olt = try VolthaClient.olt(request.olt, in: devices, target: voltha.address)
        // Under a disabled or unreachable OLT, ONOS has no ports of its ONUs to program (VOLTHA
        // takes the OLT's logical device down with it): refuse here, --check too, naming it.
        if olt.adminState != .enabled || olt.connectStatus == .unreachable {
            throw VolthaError(
                .failedPrecondition,
                "OLT \(olt.id.shortened(40)) is \(olt.adminState) and \(olt.connectStatus) (oper status \(olt.operStatus)): "
                    + "ONOS cannot program its ONUs' UNIs; "
                    + (olt.adminState == .enabled
                        ? "wait until it is reachable again (`ferrule voltha device \(olt.id.shortened(40))`)"
                        : "enable it first (`ferrule voltha enable \(olt.id.shortened(40))`)")
                    + ", then provision",
                target: voltha.address
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
        let uni = try await checkUNI(request, onu: onu)
        // What provisioning would refuse, --check refuses too (the entry is named after VOLTHA's spelling).
        var named = request
        named.onuSerial = onu.serialNumber
        _ = try Self.merged(named, into: document.entry(id: named.portName).flatMap(SubscriberEntry.init(json:)))
        let warnings = Self.tagCollisions(named, olt: olt.id, devices: devices, document: document)
        return Checked(olt: olt, onu: onu, uni: uni, warnings: warnings)
    }

    /// The other UNIs of the same OLT whose SADIS entry already has a service with the request's
    /// s-tag and c-tag. In the 1:1 VLAN model the OLT classifies downstream traffic on the NNI by
    /// those two tags alone, so two subscribers with the same pair collide; neither ONOS's olt app
    /// nor VOLTHA checks it (voltha-openolt-adapter `internal/pkg/core/openolt_flowmgr.go` installs
    /// what it is given). Some workflows share a pair on purpose (multicast, TT's VoIP), so these
    /// are warnings, not refusals. Linear: one pass over the devices, one over the file's entries.
    static func tagCollisions(_ request: ProvisionRequest, olt: String, devices: [Device], document: SadisDocument)
        -> [String]
    {
        var onOLT = Set<String>()
        for device in devices where !device.isRoot && parent(of: device) == olt {
            onOLT.insert(GPONSerial.canonical(device.serialNumber))
        }
        var out: [String] = []
        for entry in document.subscribers where entry.id != request.portName {
            guard let dash = entry.id.lastIndex(of: "-"),
                onOLT.contains(GPONSerial.canonical(String(entry.id[..<dash])))
            else { continue }
            for service in entry.services
            where service.sTag == request.service.sTag && service.cTag == request.service.cTag {
                out.append(
                    "s-tag \(service.sTag) c-tag \(service.cTag) is already service \(service.serviceName.shortened(40)) "
                        + "of \(entry.id.shortened(80)) on the same OLT \(olt.shortened(40)): in the 1:1 VLAN model the "
                        + "OLT tells subscribers apart downstream by these two tags, so the two collide; give this "
                        + "UNI its own c-tag unless your workflow shares the pair (multicast, TT VoIP)"
                )
            }
        }
        return out
    }

    /// Checks that the ONU has the UNI `request` names, from its ports in VOLTHA
    /// (`ListDevicePorts`, `voltha-protos:protos/voltha_protos/voltha.proto`; `device.proto`
    /// `Port.type` `ETHERNET_UNI`, `Port.ofp_port.name`). The openonu adapter names each Ethernet
    /// UNI's OpenFlow port `<serial>-<MacBpNo>` with `MacBpNo = UniID + 1` (POTS ports
    /// `<serial>-P-<n>`; voltha-openonu-adapter-go `internal/pkg/common/onu_uni_port.go`
    /// `NewOnuUniPort`, `CreateVolthaPort`): the `<serial>-<uni>` SADIS and ONOS key the subscriber by.
    ///
    /// - Returns: the UNI's port.
    /// - Throws: ``VolthaError`` `invalidInput` naming the UNIs the ONU has, or saying it has none yet.
    func checkUNI(_ request: ProvisionRequest, onu: Device) async throws -> DevicePort {
        let ports = try await voltha.ports(deviceID: onu.id).filter { $0.type == .ethernetUNI }
        let unis = Self.uniPorts(ports, serial: onu.serialNumber)
        if let port = unis[request.uni] { return port }
        let name = "ONU \(onu.serialNumber.shortened(40)) (\(onu.id.shortened(40)))"
        guard !unis.isEmpty else {
            throw VolthaError(
                .invalidInput,
                "\(name) has no UNI ports in VOLTHA yet (oper status \(onu.operStatus), reason "
                    + "\"\(onu.reason.shortened(60))\"): ONOS cannot program UNI \(request.uni) before the ONU's "
                    + "MIB is downloaded. Wait until it is ACTIVE (`ferrule voltha device \(onu.id.shortened(40))`), "
                    + "then provision",
                target: voltha.address,
                detail: "ListDevicePorts"
            )
        }
        let list = unis.keys.sorted().map(String.init).joined(separator: ", ")
        throw VolthaError(
            .invalidInput,
            "\(name) has no UNI \(request.uni): VOLTHA lists UNI \(list) (\(unis.count) Ethernet UNI port"
                + (unis.count == 1 ? "); pass --uni \(list)" : "s); pass one of them as --uni"),
            target: voltha.address,
            detail: "ListDevicePorts"
        )
    }

    /// An ONU's Ethernet UNI ports by 1-based UNI number: from each port's OpenFlow name
    /// `<serial>-<n>` (the serial matched as ``GPONSerial/same(_:_:)`` does); when the adapter names
    /// none, 1…count in port-number order.
    static func uniPorts(_ ports: [DevicePort], serial: String) -> [Int: DevicePort] {
        var unis: [Int: DevicePort] = [:]
        for port in ports {
            guard let dash = port.name.lastIndex(of: "-"),
                GPONSerial.same(String(port.name[..<dash]), serial),
                let number = Int(port.name[port.name.index(after: dash)...]), number > 0
            else { continue }
            unis[number] = port
        }
        if unis.isEmpty, ports.allSatisfy({ $0.name.isEmpty }) {
            for (index, port) in ports.sorted(by: { $0.number < $1.number }).enumerated() { unis[index + 1] = port }
        }
        return unis
    }

    /// Validates, writes the SADIS entry, drops ONOS's cached copy and asks the olt app to add the
    /// service. When ONOS refuses, the SADIS file is put back as it was. When ONOS's answer leaves
    /// open whether it programmed the service (no answer in time, the connection closed after the
    /// request was sent, a 5xx, a 204), ONOS is read back (``OnosOltClient/programmedServices(deviceID:port:)``):
    /// programmed → the entry stays and the result carries a warning; not programmed (after an
    /// answer) → the entry is taken out again; unknown (the read-back fails, or ONOS never answered
    /// and does not list it yet, so may still program it) → the entry stays and the error says what
    /// is unknown and how to check and finish it.
    ///
    /// - Returns: the entry now in the SADIS file, the ONU it is for, and warnings: the tag
    ///   collisions ``validate(_:)`` names, and one when ONOS answered ambiguously but lists the
    ///   service as programmed.
    public func provision(
        _ request: ProvisionRequest
    ) async throws -> (entry: SubscriberEntry, onu: Device, warnings: [String]) {
        let checked = try await check(request)
        let onu = checked.onu
        // SADIS and ONOS name the UNI after VOLTHA's spelling of the serial (`ALCL78de45b1-1`).
        var request = request
        request.onuSerial = onu.serialNumber
        let (entry, previous) = try await sadis.update(waitingUpTo: SadisStore.lockWait) {
            document -> (SubscriberEntry, SubscriberEntry?) in
            let old = document.entry(id: request.portName).flatMap(SubscriberEntry.init(json:))
            let entry = try Self.merged(request, into: old)
            document.upsert(entry)
            return (entry, old)
        }
        let wasThere = previous?.services.contains(request.service) == true
        do {
            try await onos.invalidateSubscriberCache(id: entry.id)
        } catch {
            // The olt app was not asked yet: nothing is programmed.
            try await rollBack(request, wasThere: wasThere, after: error)
        }
        do {
            try await onos.addServiceCall(
                portName: entry.id,
                sTag: request.service.sTag,
                cTag: request.service.cTag,
                technologyProfileID: request.service.technologyProfileID
            )
            return (entry, onu, checked.warnings)
        } catch let failure as OnosCallFailure {
            // A 204 for a service already in the file is what ONOS answers when it has it programmed
            // (`Olt.java:431-434`), but also when its SADIS lookup finds no such service
            // (`Olt.java:416-421`): only the read-back tells them apart.
            let repeated = wasThere && failure.error.detail.hasSuffix(": 204")
            guard failure.mayHaveActed, !wasThere || repeated else {
                try await rollBack(request, wasThere: wasThere, after: failure.error)
            }
            let warning = try await settleAmbiguous(request, checked: checked, failure: failure, wasThere: wasThere)
            var warnings = checked.warnings
            if !repeated { warnings.append(warning) }
            return (entry, onu, warnings)
        }
    }

    /// After an ambiguous answer to the olt app call: reads ONOS back and keeps the SADIS entry
    /// (returning the warning), takes it out again (unless it `wasThere` before this run), or keeps
    /// it and throws what is unknown.
    private func settleAmbiguous(
        _ request: ProvisionRequest,
        checked: Checked,
        failure call: OnosCallFailure,
        wasThere: Bool
    ) async throws -> String {
        let failure = call.error
        let service = request.service
        let what =
            "service \(service.serviceName.shortened(40)) (s-tag \(service.sTag), c-tag \(service.cTag), tp "
            + "\(service.technologyProfileID)) on \(request.portName.shortened(80))"
        let serial = request.onuSerial.shortened(40)
        var location = "ONOS"
        var check = "GET \(onos.shownURL)/onos/olt/oltapp/programmed-subscribers"
        do {
            // ONOS knows the UNI as the OLT's logical device (`of:` + datapath id) and the UNI's port
            // number, which VOLTHA gives the logical port too (voltha-go
            // `rw_core/core/device/logical_agent_port.go` `addUNILogicalPort`).
            guard let logical = try await voltha.logicalDevices().first(where: { $0.rootDeviceID == checked.olt.id })
            else {
                throw VolthaError(
                    .notFound,
                    "VOLTHA has no logical device for OLT \(checked.olt.id.shortened(40))",
                    target: voltha.address,
                    detail: "ListLogicalDevices"
                )
            }
            location = "\(logical.onosDeviceID)/\(checked.uni.number)"
            check = "curl \(onos.programmedURL(deviceID: logical.onosDeviceID, port: checked.uni.number))"
            // ONOS programs a subscriber asynchronously (opencord/olt `Olt.java` `provisionSubscriber`
            // hands it to an executor): a service still on its way shows up within a few seconds.
            var programmed = false
            for attempt in 0..<3 where !programmed {
                if attempt > 0 { try await Task.sleep(for: .seconds(1)) }
                programmed = try await onos.programmedServices(deviceID: logical.onosDeviceID, port: checked.uni.number)
                    .contains {
                        $0.cTag == service.cTag && $0.sTag == service.sTag
                            && $0.technologyProfileID == service.technologyProfileID
                    }
            }
            if programmed {
                return
                    "ONOS's answer left it open whether it programmed \(what) (\(failure.untargeted)); its programmed "
                    + "subscribers on \(location) list it, so it is provisioned and the SADIS entry stays. "
                    + "Check with: \(check)"
            }
            // ONOS never answered: its handler may still be at work (looking SADIS up, queueing the
            // subscriber), so "not listed yet" does not mean it will not be.
            if call.unanswered {
                throw Unknown(
                    reason: "ONOS had not answered when Ferrule gave up (--onos-timeout), and its programmed "
                        + "subscribers on \(location) do not list it yet: it may still program it"
                )
            }
        } catch {
            let reason = (error as? Unknown)?.reason ?? "reading it back failed (\(error))"
            throw VolthaError(
                .onos,
                "\(failure.untargeted); whether ONOS programmed \(what) is unknown: \(reason). The SADIS "
                    + "entry is kept, as ONOS may be using it. Check with: \(check) — listed: it is provisioned; "
                    + "not listed: run this provision-onu again to finish it, or `ferrule voltha deprovision-onu "
                    + "--serial \(serial) --uni \(request.uni)` to undo it",
                target: onos.shownURL
            )
        }
        // 204: ONOS provisioned nothing although its SADIS lookup is how it finds the service
        // (`Olt.java:403-421`): say what to check rather than "fix the cause".
        let noContent = failure.detail.hasSuffix(": 204")
        let lookup =
            noContent
            ? " ONOS answered 204 (it provisioned nothing): its SADIS lookup found no service with these tags and "
                + "technology profile for \(request.portName.shortened(80)) — can ONOS reach `ferrule voltha "
                + "sadis-serve`? Check with: curl -u <user> \(onos.subscriberURL(id: request.portName)) (ONOS's "
                + "sadis app integration URL must point at sadis-serve's /v2/subscribers/%s)."
            : ""
        let undone =
            wasThere
            ? "the SADIS entry stays as it was before this run.\(lookup) Fix that and run this provision-onu again"
            : "the service was taken out of the SADIS file again.\(lookup) "
                + (noContent ? "Fix that" : "Fix the cause") + " and run this provision-onu again"
        try await rollBack(
            request,
            wasThere: wasThere,
            after: VolthaError(
                .onos,
                "\(failure.untargeted); ONOS's programmed subscribers on \(location) do not list \(what), so it is not "
                    + "provisioned and \(undone)",
                target: onos.shownURL
            )
        )
    }

    /// Why the read-back could not settle it.
    private struct Unknown: Error {
        var reason: String
    }

    /// Takes `request`'s service out of the SADIS file again (unless it was there before this run),
    /// then throws `error`; or an error naming what to take out by hand when that failed.
    private func rollBack(_ request: ProvisionRequest, wasThere: Bool, after error: any Error) async throws -> Never {
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

    /// Takes `request`'s service out of its UNI's entry again after ONOS refused it, and the entry
    /// when nothing else is left in it. Only this service: another provisioning of the same UNI may
    /// have added its own meanwhile, and ONOS programmed that one. Waits up to 5 s for another
    /// writer's lock.
    ///
    /// - Returns: nil when done, else why it could not be done.
    private func takeOut(_ request: ProvisionRequest) async -> String? {
        do {
            try await sadis.update(waitingUpTo: .seconds(5)) { document in
                document.removeService(request.service, from: request.portName)
            }
            return nil
        } catch let error as VolthaError {
            return error.message
        } catch {
            return "\(error)"
        }
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
                let changes = Self.differences(from: same, to: service).map { "\($0.field) \($0.old) → \($0.new)" }
                let all = services.map { $0.serviceName.shortened(40) }.joined(separator: ", ")
                let serial = request.onuSerial.shortened(40)
                throw VolthaError(
                    .failedPrecondition,
                    "\(request.portName.shortened(80)) already has service \(same.serviceName.shortened(40)) with other "
                        + "values: \(changes.joined(separator: ", ")); nothing was changed. A programmed service is not "
                        + "replaced in place (ONOS would keep the old flows and meters). To change it: `ferrule voltha "
                        + "deprovision-onu --serial \(serial) --uni \(request.uni)` (removes every service on the UNI: "
                        + "\(all)), then run this provision-onu again"
                        + (services.count > 1 ? " and provision the other services again" : ""),
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

    /// The fields in which `new` differs from `old`, named as `provision-onu`'s options, old and new
    /// values shortened.
    static func differences(
        from old: SubscriberService,
        to new: SubscriberService
    ) -> [(field: String, old: String, new: String)] {
        var out: [(field: String, old: String, new: String)] = []
        func compare(_ field: String, _ a: String, _ b: String) {
            if a != b { out.append((field, a.shortened(40), b.shortened(40))) }
        }
        compare("--s-tag", String(old.sTag), String(new.sTag))
        compare("--c-tag", String(old.cTag), String(new.cTag))
        compare("--uni-tag-match", String(old.uniTagMatch), String(new.uniTagMatch))
        compare("--tp-id", String(old.technologyProfileID), String(new.technologyProfileID))
        compare("--upstream-bp", old.upstreamBandwidthProfile, new.upstreamBandwidthProfile)
        compare("--downstream-bp", old.downstreamBandwidthProfile, new.downstreamBandwidthProfile)
        compare("DHCP", old.isDhcpRequired ? "on" : "off (--no-dhcp)", new.isDhcpRequired ? "on" : "off (--no-dhcp)")
        return out
    }

    /// What ``deprovision(onuSerial:uni:)`` did.
    public struct Deprovisioned: Sendable, Hashable {
        /// The entry taken out of the SADIS file.
        public var entry: SubscriberEntry
        /// What ONOS had not programmed (and so had nothing to remove), one line each.
        public var notes: [String]
    }

    /// Removes every service of the subscriber on `<serial>-<uni>` from ONOS, then its SADIS entry,
    /// then ONOS's cached copy of it.
    ///
    /// ONOS's cached copy is dropped once before anything changes too: harmless (ONOS reads the
    /// same entry again), and the one call that needs ONOS's credentials (the sadis app's REST asks
    /// for them, opencord/sadis `app/src/main/webapp/WEB-INF/web.xml:24-32`; the olt app's does
    /// not), so wrong credentials stop the run with nothing changed. A service ONOS answers with 204
    /// (nothing removed) is read back from its programmed subscribers: still listed → the SADIS
    /// entry is kept and the error says so; not listed → it was not programmed. A UNI ONOS does not
    /// know (500 "ConnectPoint not found": the ONU was deleted or swapped) has nothing programmed.
    ///
    /// - Returns: the removed entry, and notes on services ONOS had not programmed.
    /// - Throws: ``VolthaError`` `invalidInput` when the SADIS file has no such subscriber; `onos`
    ///   saying what was already done when ONOS fails part way.
    public func deprovision(onuSerial: String, uni: Int = 1) async throws -> Deprovisioned {
        let document = try sadis.readExisting()
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
        do {
            try await onos.invalidateSubscriberCache(id: id)
        } catch let error as VolthaError {
            var refused = error
            refused.message += "; nothing was changed (ONOS and the SADIS file are as they were)"
            throw refused
        }
        var notes: [String] = []
        var removed: [String] = []
        for service in entry.services {
            let what =
                "service \(service.serviceName.shortened(40)) (s-tag \(service.sTag), c-tag \(service.cTag), tp "
                + "\(service.technologyProfileID))"
            let outcome: ServiceRemoval
            do {
                outcome = try await onos.removeService(
                    portName: id,
                    sTag: service.sTag,
                    cTag: service.cTag,
                    technologyProfileID: service.technologyProfileID
                )
            } catch let error as VolthaError {
                throw partway(error, id: id, removed: removed)
            }
            switch outcome {
            case .removed:
                removed.append(service.serviceName.shortened(40))
            case .unknownPort:
                notes.append(
                    "ONOS knows no UNI \(id.shortened(80)) (ConnectPoint not found: the ONU is gone from ONOS), so "
                        + "nothing of it is programmed there; its SADIS entry is removed"
                )
            case .nothingRemoved:
                do {
                    try await confirmNotProgrammed(service, id: id, onuSerial: onuSerial, uni: uni, what: what)
                } catch let error as VolthaError {
                    throw partway(error, id: id, removed: removed)
                }
                notes.append("ONOS had \(what) on \(id.shortened(80)) not programmed (204: nothing to remove)")
            }
            if outcome == .unknownPort { break }
        }
        _ = try await sadis.update(waitingUpTo: SadisStore.lockWait) { document in document.remove(id: id) }
        do {
            try await onos.invalidateSubscriberCache(id: id)
        } catch let error as VolthaError {
            var failed = error
            failed.message =
                "\(id.shortened(80)) is deprovisioned (its services are off ONOS and its entry is out of \(sadis.path)), "
                + "but ONOS's cached copy of the entry could not be dropped: \(error.message). ONOS may go on "
                + "reading the old entry from its cache; drop it with: curl -u <user> -X DELETE "
                + onos.cacheURL(id: id)
            throw failed
        }
        return Deprovisioned(entry: entry, notes: notes)
    }

    /// `error` from ONOS part way through a deprovision, saying what was already removed and that
    /// the SADIS entry is kept, so the same deprovision-onu can be run again.
    private func partway(_ error: VolthaError, id: String, removed: [String]) -> VolthaError {
        var failed = error
        failed.message +=
            "; the SADIS entry \(id.shortened(80)) is kept"
            + (removed.isEmpty ? "" : " (removed from ONOS already: \(removed.joined(separator: ", ")))")
            + ". Run this deprovision-onu again once that is fixed"
        return failed
    }

    /// After ONOS answered a service's removal with 204: reads ONOS's programmed subscribers on the
    /// UNI (found through VOLTHA, as ``settleAmbiguous(_:checked:failure:wasThere:)`` does) and
    /// returns when they do not list the service's tags; throws when they do (ONOS's SADIS lookup
    /// probably failed, or the file's technology profile is not the one ONOS programmed) or when
    /// that cannot be read.
    private func confirmNotProgrammed(
        _ service: SubscriberService,
        id: String,
        onuSerial: String,
        uni: Int,
        what: String
    ) async throws {
        var check = "GET \(onos.shownURL)/onos/olt/oltapp/programmed-subscribers"
        let listed: [ProgrammedService]
        do {
            let devices = try await voltha.devices()
            guard let onu = VolthaClient.bySerial(devices.filter { !$0.isRoot }, onuSerial).first else {
                throw VolthaError(.notFound, "VOLTHA knows no ONU \(onuSerial.shortened(40))", target: voltha.address)
            }
            let ports = try await voltha.ports(deviceID: onu.id).filter { $0.type == .ethernetUNI }
            guard let port = Self.uniPorts(ports, serial: onu.serialNumber)[uni] else {
                throw VolthaError(
                    .notFound,
                    "VOLTHA lists no UNI \(uni) on ONU \(onu.id.shortened(40))",
                    target: voltha.address
                )
            }
            let olt = Self.parent(of: onu)
            guard let logical = try await voltha.logicalDevices().first(where: { $0.rootDeviceID == olt }) else {
                throw VolthaError(
                    .notFound,
                    "VOLTHA has no logical device for OLT \(olt.shortened(40))",
                    target: voltha.address
                )
            }
            check = "curl \(onos.programmedURL(deviceID: logical.onosDeviceID, port: port.number))"
            listed = try await onos.programmedServices(deviceID: logical.onosDeviceID, port: port.number)
        } catch {
            throw VolthaError(
                .onos,
                "ONOS answered the removal of \(what) from \(id.shortened(80)) with 204 (it removed nothing), and "
                    + "whether it still programs it is unknown: reading it back failed (\(error)). Check with: \(check)",
                target: onos.shownURL
            )
        }
        if let still = listed.first(where: { $0.cTag == service.cTag && $0.sTag == service.sTag }) {
            throw VolthaError(
                .onos,
                "ONOS answered the removal of \(what) from \(id.shortened(80)) with 204 (it removed nothing) but still "
                    + "programs s-tag \(still.sTag), c-tag \(still.cTag) with tp \(still.technologyProfileID): "
                    + (still.technologyProfileID != service.technologyProfileID
                        ? "the SADIS file's technology profile is not the one ONOS programmed"
                        : "ONOS's SADIS lookup found no such service (can ONOS reach `ferrule voltha sadis-serve`? "
                            + "Check with: curl -u <user> \(onos.subscriberURL(id: id)))")
                    + ". Check with: \(check)",
                target: onos.shownURL
            )
        }
    }

    /// `pon-2` before `pon-10`.
    static func labelOrder(_ a: String, _ b: String) -> Bool { a.count == b.count ? a < b : a.count < b.count }

    static func parent(of onu: Device) -> String {
        if let owner = onu.proxyAddress?.deviceID, !owner.isEmpty { return owner }
        return onu.parentID
    }
}

import ArgumentParser
import CurlHTTP
import FerruleCore
import Foundation
import VOLTHA

/// ONOS options for provisioning: `--onos URL` or FERRULE_ONOS_URL; credentials from
/// FERRULE_ONOS_USERNAME / FERRULE_ONOS_PASSWORD (ONOS's default karaf:karaf otherwise).
struct OnosOptions: ParsableArguments {
    @Option(name: .customLong("onos"), help: "ONOS REST, e.g. http://onos:8181 (default: $FERRULE_ONOS_URL).")
    var url: String?

    @Option(help: "The SADIS file ONOS reads through `ferrule voltha sadis-serve` (default: $FERRULE_SADIS).")
    var sadis: String?

    @Option(name: .customLong("onos-timeout"), help: "Seconds to wait for each ONOS call, 1-3600.")
    var timeout: Int = 60

    func validate() throws {
        guard (1...3600).contains(timeout) else {
            throw ValidationError("--onos-timeout \(timeout) is out of range: 1-3600 seconds")
        }
    }

    func client() throws -> OnosOltClient {
        let environment = CommandEnvironment.current
        guard let base = url ?? environment["FERRULE_ONOS_URL"] else {
            throw ValidationError("no ONOS URL: pass --onos URL or set FERRULE_ONOS_URL (e.g. http://onos:8181)")
        }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw ValidationError("--onos must be an http:// or https:// URL, e.g. http://onos:8181")
        }
        // A password in the URL would be shown by `ps` and in every ONOS error: as for GenieACS,
        // credentials come from the environment only.
        if let components = URLComponents(string: base), components.user != nil || components.password != nil {
            throw ValidationError(
                "the ONOS URL carries credentials (user:password@); give the URL without them and set "
                    + "FERRULE_ONOS_USERNAME and FERRULE_ONOS_PASSWORD instead"
            )
        }
        let configuration = HTTPClientConfiguration(
            authentication: .basic(
                username: environment.variables["FERRULE_ONOS_USERNAME"] ?? "karaf",
                password: environment.variables["FERRULE_ONOS_PASSWORD"] ?? "karaf"
            ),
            requestTimeout: .seconds(timeout)
        )
        return OnosOltClient(baseURL: base, http: try HTTPClient(configuration: configuration))
    }
}

/// `ferrule voltha provision-onu`.
struct VolthaProvisionOnuCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision-onu",
        abstract:
            "Give an ONU UNI a subscriber: SADIS entry (c-tag, s-tag, tech profile, bandwidth profiles) + ONOS olt app.",
        discussion: """
            Checks first: VLANs 1-4094, tech profile 64-255, both bandwidth profiles defined in the \
            SADIS file, the OLT known to VOLTHA with that PON port, the ONU on that port with that UNI \
            (an Ethernet UNI port in VOLTHA), and no service of that name with other values on the UNI. Then \
            writes the entry <serial>-<uni> to the SADIS file, drops ONOS's cached copy and calls \
            POST /onos/olt/oltapp/services/<serial>-<uni>/<s-tag>/<c-tag>/<tp-id>. When ONOS \
            refuses, the SADIS file is restored. When its answer leaves open whether it programmed the \
            service (timeout, connection closed, 5xx), ONOS's programmed subscribers are read back: \
            listed → provisioned (with a warning); not listed → restored; unreadable → the entry is kept \
            and the error says how to check and finish. --check validates only.
            """
    )
    @OptionGroup var voltha: VolthaOptions
    @OptionGroup var onos: OnosOptions
    @Option(help: "The OLT (device id or serial).") var olt: String
    @Option(help: "The PON interface number (pon-N).") var pon: UInt32
    @Option(help: "The ONU serial, e.g. BBSM00000001.") var serial: String
    @Option(help: "The UNI, 1-based.") var uni: Int = 1
    @Option(name: .customLong("c-tag"), help: "C-VLAN on the PON.") var cTag: Int
    @Option(name: .customLong("s-tag"), help: "S-VLAN on the PON.") var sTag: Int
    // 0 is what ONOS reads for a SADIS service without uniTagMatch (VlanId.NO_VID; SubscriberService).
    @Option(
        name: .customLong("uni-tag-match"),
        help: "VLAN from the RG, 0-4096: 0 untagged (what ONOS reads when SADIS gives none), 4096 any."
    )
    var uniTagMatch: Int = 0
    @Option(name: .customLong("tp-id"), help: "Technology profile id.") var technologyProfile: Int = 64
    @Option(name: .customLong("upstream-bp"), help: "Upstream bandwidth profile id.") var upstream: String
    @Option(name: .customLong("downstream-bp"), help: "Downstream bandwidth profile id.") var downstream: String
    @Option(help: "The service name.") var service: String = "hsia"
    @Flag(name: .customLong("no-dhcp"), help: "Do not trap DHCP for this service.") var noDHCP = false
    @Flag(help: "Validate only; change nothing.") var check = false

    var request: ProvisionRequest {
        ProvisionRequest(
            olt: olt,
            ponInterface: pon,
            onuSerial: serial,
            uni: uni,
            service: SubscriberService(
                serviceName: service,
                cTag: cTag,
                sTag: sTag,
                uniTagMatch: uniTagMatch,
                technologyProfileID: technologyProfile,
                upstreamBandwidthProfile: upstream,
                downstreamBandwidthProfile: downstream,
                isDhcpRequired: !noDHCP
            )
        )
    }

    /// Values out of range are usage errors (64), before anything is read or called.
    func validate() throws {
        try requireDeviceKey(olt, "--olt")
        do {
            try request.checkValues()
        } catch let error as VolthaError {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let store = try SadisOptions.store(onos.sadis)
        let request = self.request
        let onosClient = try onos.client()
        let (onu, warnings) = try await voltha.run { client in
            let provisioner = OnuProvisioner(voltha: client, onos: onosClient, sadis: store)
            if check { return try await provisioner.validate(request) }
            let done = try await provisioner.provision(request)
            return (done.onu, done.warnings)
        }
        for warning in warnings { StandardError.write("warning: \(warning)\n") }
        // The UNI as SADIS and ONOS name it: after VOLTHA's spelling of the serial (`ALCL78de45b1-1`).
        let portName = "\(onu.serialNumber)-\(uni)"
        if check {
            print("ok: \(portName) can be provisioned (ONU \(onu.id) on \(olt) pon-\(pon))")
        } else {
            print(
                "provisioned \(portName): c-tag \(cTag) s-tag \(sTag) tp \(technologyProfile) "
                    + "bp \(upstream)/\(downstream) (ONU \(onu.id); SADIS \(store.path); ONOS olt app)"
            )
        }
    }
}

/// `ferrule voltha deprovision-onu`.
struct VolthaDeprovisionOnuCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deprovision-onu",
        abstract: "Remove an ONU UNI's subscriber: its services from the ONOS olt app, then its SADIS entry.",
        discussion: """
            Drops ONOS's cached copy of the entry first (the call that needs the ONOS credentials: \
            wrong ones change nothing), then DELETE /onos/olt/oltapp/services/<id>/<s-tag>/<c-tag>/<tp-id> \
            per service. ONOS's 204 means it removed nothing: its programmed subscribers are read back, \
            and a service it still lists keeps the SADIS entry. A UNI ONOS does not know (ConnectPoint \
            not found: the ONU was deleted) has nothing programmed: its entry is removed.
            """
    )
    @OptionGroup var voltha: VolthaOptions
    @OptionGroup var onos: OnosOptions
    @Option(help: "The ONU serial.") var serial: String
    @Option(help: "The UNI, 1-based.") var uni: Int = 1

    func validate() throws {
        if VolthaClient.isBlank(serial) {
            throw ValidationError("--serial is empty (an unset variable?); give the ONU serial, e.g. BBSM00000001")
        }
        // As provision-onu's: a UNI that cannot have been provisioned is a usage error.
        guard (1...16).contains(uni) else { throw ValidationError("--uni \(uni) is out of range: 1-16") }
    }

    func run() async throws {
        let store = try SadisOptions.store(onos.sadis)
        let onosClient = try onos.client()
        let done = try await voltha.run { client in
            try await OnuProvisioner(voltha: client, onos: onosClient, sadis: store).deprovision(
                onuSerial: serial,
                uni: uni
            )
        }
        let entry = done.entry
        for note in done.notes { print("note: \(note)") }
        print("deprovisioned \(entry.id) (\(entry.services.count) service(s) off ONOS; SADIS \(store.path))")
    }
}

/// `ferrule voltha sadis-serve`: the SADIS HTTP source for ONOS.
struct VolthaSadisServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sadis-serve",
        abstract: "Serve the SADIS file to ONOS (/v2/subscribers/<id>, /v2/bandwidthprofiles/<id>, /v2/static).",
        discussion: """
            Point ONOS's SADIS integration at it: "url": "http://<host>:<port>/v2/subscribers/%s" and \
            "http://<host>:<port>/v2/bandwidthprofiles/%s". Edits to the file are served at once.
            """
    )
    @Option(help: "The SADIS file (default: $FERRULE_SADIS).") var sadis: String?
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port (0 picks a free one).") var port: Int = 8190
    @Option(name: .customLong("max-connections"), help: "Connections served at once, 1-100000; more are closed.")
    var maxConnections: Int = 256
    @Option(
        name: .customLong("idle-timeout"),
        help: "Seconds, 1-3600, a connection may take to send a whole request (or take an answer) before it is closed."
    )
    var idleTimeout: Int = 30

    func validate() throws {
        guard (1...100_000).contains(maxConnections) else {
            throw ValidationError("--max-connections \(maxConnections) is out of range: 1-100000")
        }
        guard (1...3600).contains(idleTimeout) else {
            throw ValidationError("--idle-timeout \(idleTimeout) is out of range: 1-3600 seconds")
        }
    }

    func run() async throws {
        let store = try SadisOptions.store(sadis)
        // A mistyped path would serve 404 for every subscriber and ONOS would provision nothing:
        // the file must be there, and readable, when the server starts (later edits are served,
        // a broken one answered 500).
        guard FileManager.default.fileExists(atPath: store.path) else {
            StandardError.write(
                "error: \(DisplayText.value(store.path)): no such SADIS file; nothing is served. Check the path, or "
                    + "create the file with the bandwidth profiles ONOS needs (`ferrule voltha provision-onu` adds the "
                    + "subscribers; {\"sadis\": {\"entries\": []}, \"bandwidthprofile\": {\"entries\": []}} is an "
                    + "empty one)\n"
            )
            throw ExitCode(1)
        }
        _ = try reportingSadis { try store.readExisting() }
        let server = try await reportingVolthaErrors {
            try await SadisServer.bind(
                store: store,
                host: host,
                port: port,
                limits: .init(maxConnections: maxConnections, idleTimeout: .seconds(idleTimeout))
            )
        }
        // Unbuffered: whoever started the server waits for this line.
        FileHandle.standardOutput.write(Data("listening on http://\(server.host):\(server.port)\n".utf8))
        try await server.run()
    }
}

import FerruleJSON
import Foundation
import Synchronization
import Testing

@testable import VOLTHA

#if canImport(Glibc)
import Glibc
#endif

@Suite("SADIS documents, routes and provisioning checks")
struct SadisTests {
    static let text = """
        {
          "sadis": {
            "integration": {"cache": {"enabled": true, "maxsize": 50, "ttl": "PT1m"}},
            "entries": [
              {"id": "BBSIM_OLT_0", "hardwareIdentifier": "00:00:0a:00:00:05", "uplinkPort": 16777216, "nasId": "BBSIM_OLT_0"}
            ]
          },
          "bandwidthprofile": {
            "entries": [
              {"id": "Default", "cir": 1000000, "cbs": 1001, "eir": 1002, "ebs": 1003, "air": 100000},
              {"id": "User_Bandwidth1", "cir": 50000, "cbs": 10000, "eir": 100000, "ebs": 10000},
              {"id": "User_Bandwidth2", "cir": 10000, "cbs": 5000, "pir": 300000, "pbs": 10000, "gir": 0}
            ]
          }
        }
        """

    static func document() throws -> SadisDocument { try SadisDocument(bytes: Array(text.utf8), file: "sadis.json") }

    static let service = SubscriberService(
        cTag: 900,
        sTag: 900,
        upstreamBandwidthProfile: "User_Bandwidth1",
        downstreamBandwidthProfile: "User_Bandwidth2"
    )

    @Test("adding and removing a subscriber keeps the OLT entry and the integration block")
    func upsertRemove() throws {
        var document = try Self.document()
        document.upsert(SubscriberEntry(id: "BBSM00000001-1", services: [Self.service]))
        let reread = try SadisDocument(bytes: Array(document.text.utf8), file: "sadis.json")
        #expect(reread.subscribers.map(\.id) == ["BBSM00000001-1"])
        #expect(reread.entry(id: "BBSIM_OLT_0")?["uplinkPort"]?.intValue == 16_777_216)
        #expect(reread.root["sadis"]?["integration"]?["cache"]?["ttl"]?.stringValue == "PT1m")
        let service = try #require(reread.subscribers.first?.services.first)
        #expect(service == Self.service)
        var removed = reread
        #expect(removed.remove(id: "BBSM00000001-1")?.id == "BBSM00000001-1")
        #expect(removed.subscribers.isEmpty && removed.entries.count == 1)
    }

    @Test("a second service joins the UNI's list; the same again is a no-op; other tags for a service are refused")
    func mergedServices() throws {
        func request(_ service: SubscriberService) -> ProvisionRequest {
            ProvisionRequest(olt: "BBSIM_OLT_0", ponInterface: 0, onuSerial: "BBSM00000001", service: service)
        }
        let hsia = try OnuProvisioner.merged(request(Self.service), into: nil)
        #expect(hsia.services == [Self.service])
        var voip = Self.service
        voip.serviceName = "voip"
        voip.cTag = 901
        let both = try OnuProvisioner.merged(request(voip), into: hsia)
        #expect(both.services.map(\.serviceName) == ["hsia", "voip"], "hsia stays programmed and recorded")
        #expect(try OnuProvisioner.merged(request(Self.service), into: both) == both)
        var retagged = Self.service
        retagged.cTag = 902
        let refused = #expect(throws: VolthaError.self) { try OnuProvisioner.merged(request(retagged), into: both) }
        #expect(refused?.message.contains("already has service hsia with other values: --c-tag 900 → 902;") == true)
        #expect(refused?.message.contains("deprovision-onu --serial BBSM00000001 --uni 1") == true)
        #expect(refused?.message.contains("removes every service on the UNI: hsia, voip") == true)
        var sameTags = voip
        sameTags.serviceName = "iptv"
        #expect(throws: VolthaError.self) { try OnuProvisioner.merged(request(sameTags), into: both) }
    }

    @Test("the SADIS source answers as BBSim's: entry, profile, 404 {} and the static document")
    func routes() throws {
        var document = try Self.document()
        document.upsert(SubscriberEntry(id: "BBSM00000001-1", services: [Self.service]))
        let routes = SadisRoutes(document: document)
        let entry = routes.respond(method: "GET", path: "/v2/subscribers/BBSM00000001-1")
        #expect(entry.status == 200)
        let json = try JSONValue.parse(entry.body)
        #expect(json["uniTagList"]?.arrayValue?.first?["ponCTag"]?.intValue == 900)
        #expect(json["uniTagList"]?.arrayValue?.first?["technologyProfileId"]?.intValue == 64)
        #expect(routes.respond(method: "GET", path: "/subscribers/BBSIM_OLT_0").status == 200)
        let profile = routes.respond(method: "GET", path: "/v2/bandwidthprofiles/User_Bandwidth2")
        #expect(try JSONValue.parse(profile.body)["pir"]?.intValue == 300_000)
        #expect(routes.respond(method: "GET", path: "/v2/subscribers/BBSM00000009-1") == (404, "{}"))
        #expect(routes.respond(method: "POST", path: "/v2/subscribers/BBSM00000001-1").status == 405)
        #expect(routes.respond(method: "GET", path: "/v2/static").status == 200)
    }

    @Test("bad JSON and bad profiles are reported with the file name and position")
    func badFiles() {
        let broken = #expect(throws: VolthaError.self) {
            try SadisDocument(bytes: Array("{\n  \"sadis\": [,]\n}".utf8), file: "sadis.json")
        }
        #expect(broken?.message.hasPrefix("sadis.json:2:") == true)
        let profile = #expect(throws: VolthaError.self) {
            try SadisDocument(
                bytes: Array(#"{"bandwidthprofile":{"entries":[{"id":"x","cir":-1}]}}"#.utf8),
                file: "sadis.json"
            )
        }
        #expect(profile?.message.contains("bandwidth profile x: cir must be a non-negative integer") == true)
    }

    @Test(
        "provisioning input is checked before anything is sent",
        arguments: [
            (4095, 900, 64, "User_Bandwidth1", "c-tag 4095 is out of range: VLAN ids are 1-4094"),
            (900, 0, 64, "User_Bandwidth1", "s-tag 0 is out of range"),
            (900, 900, 63, "User_Bandwidth1", "technology profile 63 is out of range"),
            (
                900, 900, 64, "Gold",
                "unknown bandwidth profile \"Gold\": sadis.json defines Default, User_Bandwidth1, User_Bandwidth2"
            ),
        ]
    )
    func validation(_ cTag: Int, _ sTag: Int, _ tp: Int, _ upstream: String, _ expected: String) throws {
        var service = Self.service
        service.cTag = cTag
        service.sTag = sTag
        service.technologyProfileID = tp
        service.upstreamBandwidthProfile = upstream
        let request = ProvisionRequest(olt: "olt-1", ponInterface: 0, onuSerial: "BBSM00000001", service: service)
        let error = #expect(throws: VolthaError.self) {
            try request.validate(against: try Self.document(), file: "sadis.json")
        }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
    }

    @Test("adding a service keeps the operator's fields on the entry and on the services already there")
    func operatorFieldsKept() throws {
        let entry = """
            {"id": "BBSM00000003-1", "nasId": "ACME-NAS-7", "circuitId": "circ-7", "remoteId": "rem-7", "nasPortId": "np7",
             "uniTagList": [{"serviceName": "hsia", "ponCTag": 950, "ponSTag": 900, "uniTagMatch": 0,
               "technologyProfileId": 64, "upstreamBandwidthProfile": "Default", "downstreamBandwidthProfile": "Default",
               "isDhcpRequired": true, "isIgmpRequired": true, "usPonCTagPriority": 3, "enableMacLearning": true,
               "configuredMacAddress": "aa:bb:cc:dd:ee:ff", "upstreamOltBandwidthProfile": "Default"},
              {"serviceName": "mcast", "ponCTag": "any", "ponSTag": 4000}]}
            """
        var document = try SadisDocument(
            bytes: Array(
                Self.text.replacingOccurrences(
                    of: #""nasId": "BBSIM_OLT_0"}"#,
                    with: #""nasId": "BBSIM_OLT_0"}, "# + entry
                ).utf8
            ),
            file: "sadis.json"
        )
        let old = try #require(document.entry(id: "BBSM00000003-1").flatMap(SubscriberEntry.init(json:)))
        var voip = Self.service
        voip.serviceName = "voip"
        voip.cTag = 901
        let request = ProvisionRequest(olt: "BBSIM_OLT_0", ponInterface: 0, onuSerial: "BBSM00000003", service: voip)
        document.upsert(try OnuProvisioner.merged(request, into: old))
        let written = try #require(document.entry(id: "BBSM00000003-1"))
        #expect(written["nasId"]?.stringValue == "ACME-NAS-7" && written["nasPortId"]?.stringValue == "np7")
        let services = written["uniTagList"]?.arrayValue ?? []
        #expect(services.compactMap { $0["serviceName"]?.stringValue } == ["hsia", "voip", "mcast"])
        let hsia = services[0]
        #expect(hsia["isIgmpRequired"]?.boolValue == true && hsia["usPonCTagPriority"]?.intValue == 3)
        #expect(hsia["enableMacLearning"]?.boolValue == true)
        #expect(hsia["configuredMacAddress"]?.stringValue == "aa:bb:cc:dd:ee:ff")
        #expect(hsia["upstreamOltBandwidthProfile"]?.stringValue == "Default")
        #expect(services[2]["ponCTag"]?.stringValue == "any", "a service Ferrule cannot read stays as it was")
    }

    @Test(
        "a write goes through a symbolic link, keeps the file's mode, and is refused when Ferrule could not read it back"
    )
    func storeWriteInPlace() throws {
        let directory = try EventStoreFixtures.directory()
        let real = directory.appendingPathComponent("shared-sadis.json").path
        try Data(Self.text.utf8).write(to: URL(fileURLWithPath: real))
        #expect(chmod(real, 0o664) == 0)
        let link = directory.appendingPathComponent("sadis.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let store = SadisStore(path: link)
        try store.update { $0.upsert(SubscriberEntry(id: "BBSM00000001-1", services: [Self.service])) }
        let attributes = try FileManager.default.attributesOfItem(atPath: link)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink, "the link is still a link")
        #expect(try SadisStore(path: real).read().subscribers.map(\.id) == ["BBSM00000001-1"])
        let mode = try FileManager.default.attributesOfItem(atPath: real)[.posixPermissions] as? Int
        #expect(mode == 0o664)
        // A change that would make the file larger than Ferrule reads is refused; the file stays.
        let before = try Data(contentsOf: URL(fileURLWithPath: real))
        let huge = String(repeating: "x", count: SadisStore.maximumSize)
        let refused = #expect(throws: VolthaError.self) {
            try store.update {
                $0.upsert(SubscriberEntry(id: "BBSM00000002-1", services: [Self.service], circuitID: huge))
            }
        }
        #expect(refused?.message.contains("nothing was written") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: real)) == before)
    }

    @Test("a rollback takes out only its own service; the entry goes with the last one")
    func removeOwnService() throws {
        var document = try Self.document()
        var voip = Self.service
        voip.serviceName = "voip"
        voip.cTag = 901
        document.upsert(SubscriberEntry(id: "BBSM00000001-1", services: [Self.service, voip]))
        document.removeService(Self.service, from: "BBSM00000001-1")
        #expect(document.subscribers.first?.services == [voip], "the other run's service stays")
        document.removeService(voip, from: "BBSM00000001-1")
        #expect(document.entry(id: "BBSM00000001-1") == nil)
        #expect(document.entry(id: "BBSIM_OLT_0") != nil)
    }

    @Test("the store writes atomically and refuses a second writer")
    func store() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sadis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SadisStore(path: directory.appendingPathComponent("sadis.json").path)
        #expect(try store.read().entries.isEmpty)
        // Only provision-onu's read takes a missing file as empty; what serves or lists it refuses it.
        let missing = #expect(throws: VolthaError.self) { try store.readExisting() }
        #expect(missing?.message.contains("no such SADIS file") == true)
        try store.update { $0.upsert(SubscriberEntry(id: "BBSM00000001-1", services: [Self.service])) }
        let nested = #expect(throws: VolthaError.self) {
            try store.update { _ in try store.update { _ in } }
        }
        #expect(nested?.message.contains("another ferrule is changing this file") == true)
        #expect(try store.read().subscribers.map(\.id) == ["BBSM00000001-1"])
    }

    @Test("a writer waits for another's lock, and gives up with the lock's name when it is held too long")
    func storeWaitsForLock() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sadis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SadisStore(path: directory.appendingPathComponent("sadis.json").path)
        // Another process's lock: flock on a separate open file conflicts within one process too.
        let other = open(store.path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(other >= 0)
        #expect(flock(other, LOCK_EX | LOCK_NB) == 0)
        let held = await #expect(throws: VolthaError.self) {
            try await store.update(waitingUpTo: .milliseconds(200)) {
                $0.upsert(SubscriberEntry(id: "A-1", services: []))
            }
        }
        #expect(held?.message.contains("another ferrule has been changing this file") == true)
        #expect(held?.message.contains("sadis.json.lock") == true)
        #expect(try store.read().entries.isEmpty)
        let waiting = Task {
            try await store.update(waitingUpTo: .seconds(30)) {
                $0.upsert(SubscriberEntry(id: "BBSM00000001-1", services: [Self.service]))
            }
        }
        close(other)
        try await waiting.value
        #expect(try store.read().subscribers.map(\.id) == ["BBSM00000001-1"])
    }

    @Test("two entries with one id are refused, naming the id and both entries")
    func duplicateIDs() throws {
        let text =
            #"{"sadis": {"entries": [{"id": "OLT"}, {"id": "BBSM00000002-1", "uniTagList": []}, "#
            + #"{"id": "BBSM00000002-1", "uniTagList": []}]}, "bandwidthprofile": {"entries": []}}"#
        let error = #expect(throws: VolthaError.self) { try SadisDocument(bytes: Array(text.utf8), file: "s.json") }
        #expect(
            error?.message.hasPrefix(
                "s.json: error[sadis]: id \"BBSM00000002-1\" is in sadis.entries twice (entries 2 and 3)"
            ) == true,
            "\(error?.message ?? "")"
        )
    }

    @Test(
        "a service without technologyProfileId is tp -1, as ONOS reads it, so deprovisioning names the tp ONOS programmed"
    )
    func missingTechnologyProfileIsMinusOne() throws {
        let json = try JSONValue.parse(
            Array(#"{"serviceName": "hsia", "ponCTag": 901, "ponSTag": 900, "upstreamBandwidthProfile": "A"}"#.utf8)
        )
        let service = try #require(SubscriberService(json: json))
        #expect(service.technologyProfileID == -1)
        #expect(service.json["technologyProfileId"]?.intValue == -1)
    }

    @Test("addresses parse as host:port, [v6]:port or host alone (port 55555)")
    func addresses() throws {
        #expect(try VolthaConfiguration(address: "voltha-api:55555").address == "voltha-api:55555")
        #expect(try VolthaConfiguration(address: "10.0.0.1").port == 55555)
        #expect(try VolthaConfiguration(address: "[::1]:50057").host == "::1")
        #expect(throws: VolthaError.self) { try VolthaConfiguration(address: "host:99999") }
        #expect(throws: VolthaError.self) { try VolthaConfiguration(address: ":55555") }
    }
}

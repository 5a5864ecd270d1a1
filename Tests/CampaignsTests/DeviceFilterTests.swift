import FerruleCore
import FerruleJSON
import FerruleTestSupport
import Foundation
import Rules
import Testing

@testable import Campaigns

/// Reads a campaign file whose only interesting part is `devices:`.
private func filter(_ devices: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> DeviceFilter
{
    var diagnostics = DiagnosticCollector()
    let text = """
        name: t
        firmware: {file: f.bin, target_version: V5R021C00S230}
        devices:
        \(devices.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        """
    let spec = CampaignFile.parse(text, file: "f.yaml", diagnostics: &diagnostics)
    #expect(diagnostics.diagnostics.isEmpty, "\(diagnostics.sorted)", sourceLocation: sourceLocation)
    return try #require(spec?.filter, sourceLocation: sourceLocation)
}

private let fixtures = Repository.url("Fixtures")

private func document(_ name: String) throws -> JSONValue {
    let data = try Data(contentsOf: fixtures.appendingPathComponent("trees/\(name)"))
    return try JSONValue.parse(Array(data))
}

/// A small device document as the NBI returns it.
private func device(
    version: String? = nil,
    tr181: Bool = false,
    tags: [String] = [],
    manufacturer: String = "Huawei Technologies Co., Ltd",
    productClass: String = "EG8145V5"
) -> JSONValue {
    var members: [(String, JSONValue)] = [
        ("_id", .string("00E0FC-\(productClass)-1")),
        (
            "_deviceId",
            .object([
                ("_Manufacturer", .string(manufacturer)), ("_OUI", .string("00E0FC")),
                ("_ProductClass", .string(productClass)), ("_SerialNumber", .string("48575443A1B2C3D4")),
            ])
        ),
        ("_tags", .array(tags.map { .string($0) })),
        ("_lastInform", .string("2026-11-20T06:00:03.512Z")),
    ]
    if let version {
        let info = JSONValue.object([("SoftwareVersion", .object([("_value", .string(version))]))])
        members.append((tr181 ? "Device" : "InternetGatewayDevice", .object([("DeviceInfo", info)])))
    }
    return .object(members)
}

@Suite("Device filters: the coarse NBI query, client-side matching, summaries")
struct DeviceFilterTests {
    @Test("the example filter maps friendly keys to GenieACS fields and keeps versions client-side")
    func exampleQuery() throws {
        let f = try filter(
            """
            manufacturer: Huawei
            model: {$in: [EG8145V5, HG8245H]}
            software_version: {$lt: V5R021C00S230}
            tags: {$nin: [lab, vip]}
            query: {"InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Enable": true}
            """
        )
        let query = try #require(f.nbiQuery())
        #expect(
            query.compactText
                == #"{"$and":[{"_deviceId._Manufacturer":"Huawei"},{"_deviceId._ProductClass":{"$in":["EG8145V5","HG8245H"]}},"#
                + #"{"_tags":{"$nin":["lab","vip"]}},"#
                + #"{"InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Enable":true}]}"#
        )
        #expect(
            f.projection == [
                "_id", "_deviceId._Manufacturer", "_deviceId._ProductClass", "Device.DeviceInfo.SoftwareVersion",
                "InternetGatewayDevice.DeviceInfo.SoftwareVersion", "_tags",
            ]
        )
    }

    @Test("$ne is never combined with another operator in one object")
    func neSplit() throws {
        let f = try filter("serial: {$ne: ABC, $in: [ABC, DEF]}\nmanufacturer: {$ne: ZTE}")
        let query = try #require(f.nbiQuery())
        #expect(
            query.compactText
                == #"{"$and":[{"_deviceId._SerialNumber":{"$ne":"ABC"}},{"_deviceId._SerialNumber":{"$in":["ABC","DEF"]}},"#
                + #"{"_deviceId._Manufacturer":{"$ne":"ZTE"}}]}"#
        )
        func objects(_ v: JSONValue) -> [[(String, JSONValue)]] {
            switch v {
            case .object(let m): [m] + m.flatMap { objects($0.1) }
            case .array(let items): items.flatMap(objects)
            default: []
            }
        }
        for members in objects(query) where members.contains(where: { $0.0 == "$ne" || $0.0 == "$not" }) {
            #expect(members.count == 1)
        }
    }

    @Test("a single condition is sent bare, an empty filter sends nothing")
    func shapes() throws {
        #expect(try filter("tags: fibre").nbiQuery()?.compactText == #"{"_tags":"fibre"}"#)
        #expect(try filter("all: true").nbiQuery() == nil)
        #expect(try filter("software_version: {$gte: V5}").nbiQuery() == nil)
        #expect(DeviceFilter().nbiQuery() == nil)
        #expect(DeviceFilter().summary == "all devices")
    }

    @Test("software_version equality goes to both data models; order stays client-side")
    func versionEquality() throws {
        let f = try filter("software_version: {$in: [V5R019C10S100, V5R020C00S050]}")
        #expect(
            f.nbiQuery()?.compactText
                == #"{"$or":[{"Device.DeviceInfo.SoftwareVersion":{"$in":["V5R019C10S100","V5R020C00S050"]}},"#
                + #"{"InternetGatewayDevice.DeviceInfo.SoftwareVersion":{"$in":["V5R019C10S100","V5R020C00S050"]}}]}"#
        )
        #expect(try filter("software_version: {$ne: V1}").nbiQuery() == nil)
        #expect(try filter("software_version: {$nin: [V1]}").nbiQuery() == nil)
    }

    @Test("versions compare as versions: V5R019C10S100 < V5R021C00S230 and 1.10.0 > 1.9.2")
    func versionOrder() throws {
        let lt = try filter("software_version: {$lt: V5R021C00S230}")
        #expect(lt.matches(device(version: "V5R019C10S100")))
        #expect(lt.matches(device(version: "V5R019C10S100", tr181: true)))
        #expect(!lt.matches(device(version: "V5R021C00S230")))
        #expect(!lt.matches(device(version: "V5R021C10S100")))
        #expect(!lt.matches(device(version: nil)))
        let gt = try filter("software_version: {$gt: 1.9.2}")
        #expect(gt.matches(device(version: "1.10.0")))
        #expect(!gt.matches(device(version: "1.9.2")))
        #expect(!gt.matches(device(version: "1.9.1")))
        #expect("1.10.0" < "1.9.2", "as text the order is the other way round, which is why this is client-side")
    }

    @Test("wildcards are sent as an escaped, anchored $regex and matched the same way here")
    func wildcards() throws {
        let f = try filter(#"manufacturer: "Huawei Technologies Co.*""#)
        #expect(
            f.nbiQuery()?.compactText == #"{"_deviceId._Manufacturer":{"$regex":"^Huawei Technologies Co\\..*$"}}"#
        )
        #expect(f.matches(device()))
        #expect(!f.matches(device(manufacturer: "Huawei Technologies CoX Ltd")))
        let mixed = try filter("model: {$in: [EG8145V5, HG8*]}")
        #expect(
            mixed.nbiQuery()?.compactText
                == #"{"$or":[{"_deviceId._ProductClass":"EG8145V5"},{"_deviceId._ProductClass":{"$regex":"^HG8.*$"}}]}"#
        )
        #expect(mixed.matches(device(productClass: "HG8245H")))
        #expect(!mixed.matches(device(productClass: "EG8245H")))
        // An exclusion with a wildcard would exclude more in GenieACS: client-side only.
        let excluded = try filter("model: {$ne: HG8*}")
        #expect(excluded.nbiQuery() == nil)
        #expect(!excluded.matches(device(productClass: "HG8245H")))
        #expect(excluded.matches(device(productClass: "EG8145V5")))
    }

    @Test("OUIs match in either case, in GenieACS and here")
    func oui() throws {
        let f = try filter("oui: 00e0fc")
        #expect(f.nbiQuery()?.compactText == #"{"_deviceId._OUI":{"$regex":"^00[Ee]0[Ff][Cc]$"}}"#)
        #expect(f.matches(device()))
    }

    @Test("texts GenieACS would read as /regex/ stay client-side")
    func slashTexts() throws {
        let f = try filter(#"serial: "/4857.*/""#)
        #expect(f.nbiQuery() == nil)
        #expect(!f.matches(device()))
    }

    @Test("parameter conditions: numbers are sent, text order and text exclusions are not")
    func parameters() throws {
        let f = try filter(
            """
            Device.ManagementServer.PeriodicInformInterval: {$gte: 900}
            Device.WiFi.Radio.1.Channel: {$ne: 6}
            Device.DeviceInfo.ModelName: {$ne: EX220}
            Device.DeviceInfo.HardwareVersion: {$gt: "1.0"}
            """
        )
        #expect(
            f.nbiQuery()?.compactText
                == #"{"$and":[{"Device.ManagementServer.PeriodicInformInterval":{"$gte":900}},{"Device.WiFi.Radio.1.Channel":{"$ne":6}}]}"#
        )
    }

    @Test("last_inform is normalised to UTC ISO text, which GenieACS reads as a date")
    func lastInform() throws {
        let f = try filter(#"last_inform: {$gt: "2026-11-01T01:00:00+01:00"}"#)
        #expect(f.nbiQuery()?.compactText == #"{"_lastInform":{"$gt":"2026-11-01T00:00:00.000Z"}}"#)
        #expect(f.matches(device()))
        let before = try filter(#"last_inform: {$lt: "2026-11-01"}"#)
        #expect(!before.matches(device()))
    }

    @Test("the TR-098 fixture document matches on every kind of condition")
    func tr098Document() throws {
        let doc = try document("nbi-device-tr098.json")
        let f = try filter(
            """
            id: 00E0FC-HG8245H-48575443A1B2C3D4
            manufacturer: "Huawei*"
            oui: 00E0FC
            model: HG8245H
            serial: {$regex: "^4857"}
            software_version: {$lt: V5R021C00S230}
            tags: {$all: [fibre, pilot-2024]}
            last_inform: {$gte: "2024-03-18T06:00:00Z"}
            InternetGatewayDevice.ManagementServer.PeriodicInformInterval: 3600
            InternetGatewayDevice.DeviceInfo.UpTime: {$gt: 500000}
            Device.DeviceInfo.SoftwareVersion: {$exists: false}
            """
        )
        #expect(f.matches(doc))
        #expect(try !filter("tags: {$nin: [fibre]}").matches(doc))
        #expect(try filter("tags: {$ne: lab}").matches(doc))
        #expect(try !filter("tags: lab").matches(doc))
        #expect(try !filter("software_version: {$gte: V3R017C10S126}").matches(doc))
        #expect(try filter("software_version: V3R017C10S125").matches(doc))
    }

    @Test("the TR-181 fixture document: SoftwareVersion from Device., tags with spaces, absent parameters")
    func tr181Document() throws {
        let doc = try document("nbi-device-tr181.json")
        #expect(try filter("software_version: {$gte: 1.2.3}").matches(doc))
        #expect(try filter("software_version: {$lt: 1.10.0}").matches(doc))
        #expect(try filter(#"tags: "Customer Premises""#).matches(doc))
        #expect(try filter("manufacturer: TP-Link\nmodel: {$nin: [HG8245H]}").matches(doc))
        #expect(try filter("Device.ManagementServer.PeriodicInformInterval: {$lt: 7200}").matches(doc))
        // MongoDB semantics for an absent parameter: $ne and $nin match, the rest do not.
        #expect(try filter("Device.X_Vendor.Missing: {$ne: 1}").matches(doc))
        #expect(try !filter("Device.X_Vendor.Missing: 1").matches(doc))
        #expect(try !filter("Device.X_Vendor.Missing: {$lt: 5}").matches(doc))
    }

    @Test("numeric text equals a number value, as GenieACS's expansion makes it")
    func numericText() throws {
        let doc = try document("nbi-device-tr181.json")
        #expect(try filter(#"Device.ManagementServer.PeriodicInformInterval: "3600""#).matches(doc))
        #expect(try filter("Device.ManagementServer.PeriodicInformInterval: 3600").matches(doc))
        #expect(try !filter("Device.ManagementServer.PeriodicInformInterval: {$in: [300, 900]}").matches(doc))
    }

    @Test("summaries read as sentences")
    func summaries() throws {
        let f = try filter(
            """
            manufacturer: Huawei
            software_version: {$lt: V5R021C00S230}
            model: {$in: [EG8145V5, HG8245H]}
            tags: {$nin: [lab, vip]}
            Device.WiFi.Radio.1.Channel: {$exists: false}
            query: {"_registered": {"$gt": "2024-01-01"}}
            """
        )
        #expect(
            f.summary
                == "manufacturer = Huawei AND software_version < V5R021C00S230 AND model in [EG8145V5, HG8245H]"
                + " AND tags have none of [lab, vip] AND Device.WiFi.Radio.1.Channel is absent"
                + #" AND query {"_registered":{"$gt":"2024-01-01"}}"#
        )
    }
}

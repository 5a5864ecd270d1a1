import DeviceTrees
import Testing

@testable import CWMP

@Suite("ParameterTree from every source, merge and diff")
struct ParameterTreeTests {
    @Test("from a GetParameterNamesResponse and a GetParameterValuesResponse, merged")
    func gpnPlusGpv() throws {
        let names = ParameterTree(parameterInfo: [
            ParameterInfo(name: "Device.WiFi.SSID.1.", writable: false),
            ParameterInfo(name: "Device.WiFi.SSID.1.SSID", writable: true, line: 9),
        ])
        let values = ParameterTree(parameterValues: [ParameterValue("Device.WiFi.SSID.1.SSID", "home", type: .string)])
        let merged = names.merging(values)
        #expect(merged.count == 2)
        #expect(
            merged["Device.WiFi.SSID.1.SSID"]
                == ParameterEntry(path: "Device.WiFi.SSID.1.SSID", value: "home", type: .string, writable: true)
        )
        #expect(merged["Device.WiFi.SSID.1.SSID"]?.location?.line == 9)
        #expect(merged["Device.WiFi.SSID.1"]?.isObject == true)
        #expect(merged.roots == ["Device."])
    }

    @Test("natural order sorts instance numbers numerically")
    func naturalOrder() {
        let tree = ParameterTree(
            ["Device.Port.10.X", "Device.Port.3.X", "Device.Port.3.", "Device.A"].map {
                ParameterEntry(path: $0, isObject: $0.hasSuffix("."))
            }
        )
        #expect(tree.entries.map(\.path) == ["Device.A", "Device.Port.3.", "Device.Port.3.X", "Device.Port.10.X"])
    }

    @Test("diff reports added, removed and changed entries")
    func diff() {
        let before = ParameterTree([
            ParameterEntry(path: "Device.A", value: "1"), ParameterEntry(path: "Device.B", value: "2"),
        ])
        let after = ParameterTree([
            ParameterEntry(path: "Device.A", value: "9"), ParameterEntry(path: "Device.C", value: "3"),
        ])
        let d = before.diff(after)
        #expect(d.added.map(\.path) == ["Device.C"])
        #expect(d.removed.map(\.path) == ["Device.B"])
        #expect(d.changed.map { $0.after.value } == ["9"])
        #expect(before.diff(before).isEmpty)
    }

    @Test("GenieACS 12-column CSV export: quoted values with commas and quotes, objects, rows")
    func exportCSV() throws {
        let csv = #"""
            Parameter,Object,Object timestamp,Writable,Writable timestamp,Value,Value type,Value timestamp,Notification,Notification timestamp,Access list,Access list timestamp
            Device.Bridging.Bridge.1,true,2023-05-25T21:04:24.895Z,true,2023-05-25T21:04:24.895Z,"",,,,,,
            Device.Bridging.Bridge.1.Enable,false,2023-05-25T21:04:24.895Z,true,2023-05-25T21:04:24.895Z,"true",xsd:boolean,2023-05-25T21:04:24.897Z,,,,
            Device.IP.Interface.1.LowerLayers,false,,false,,"Device.Ethernet.Link.1,Device.PPP.Interface.1",xsd:string,,,,,
            Device.DeviceInfo.Description,false,,false,,"say ""hi""",xsd:unsignedint,,,,,

            """#
        let tree = try ParameterTree(csv: csv, file: "x.csv")
        #expect(tree.count == 4)
        #expect(tree["Device.Bridging.Bridge.1."]?.isObject == true)
        #expect(
            tree["Device.Bridging.Bridge.1.Enable"]
                == ParameterEntry(
                    path: "Device.Bridging.Bridge.1.Enable",
                    value: "true",
                    type: .boolean,
                    writable: true
                )
        )
        #expect(tree["Device.IP.Interface.1.LowerLayers"]?.value == "Device.Ethernet.Link.1,Device.PPP.Interface.1")
        #expect(tree["Device.DeviceInfo.Description"]?.value == "say \"hi\"")
        #expect(tree["Device.DeviceInfo.Description"]?.type == .unsignedInt)
        // Kept as exported: GenieACS converts only exact spellings, so this value compares as text.
        #expect(tree["Device.DeviceInfo.Description"]?.typeSpelling == "xsd:unsignedint")
        #expect(tree["Device.Bridging.Bridge.1.Enable"]?.typeSpelling == nil)
        #expect(tree["Device.Bridging.Bridge.1.Enable"]?.location?.row == 2)
    }

    @Test("GenieACS export: a parameter known by name only (\"\" with no type) has no value, like NBI without _value")
    func exportNameOnly() throws {
        let csv = """
            Parameter,Object,Object timestamp,Writable,Writable timestamp,Value,Value type,Value timestamp,Notification,Notification timestamp,Access list,Access list timestamp
            Device.DeviceInfo.UpTime,false,2023-05-25T21:04:24.895Z,false,2023-05-25T21:04:24.895Z,"",,,,,,
            Device.DeviceInfo.Description,false,,false,,"",xsd:string,2023-05-25T21:04:24.897Z,,,,
            """
        let tree = try ParameterTree(csv: csv)
        #expect(tree["Device.DeviceInfo.UpTime"] == ParameterEntry(path: "Device.DeviceInfo.UpTime", writable: false))
        #expect(tree["Device.DeviceInfo.UpTime"]?.value == nil)
        // An empty string GenieACS fetched carries its type and stays an empty value.
        #expect(tree["Device.DeviceInfo.Description"]?.value == "")
    }

    @Test("GenieACS's own rows (DeviceID, Events, Tags, VirtualParameters) are not device parameters")
    func exportPseudoRoots() throws {
        let csv = """
            Parameter,Object,Object timestamp,Writable,Writable timestamp,Value,Value type,Value timestamp,Notification,Notification timestamp,Access list,Access list timestamp
            DeviceID.SerialNumber,false,,false,,"S1",xsd:string,,,,,
            Events.Inform,false,,false,,"2026-01-01T00:00:00.000Z",xsd:dateTime,,,,,
            Tags.beta,false,,true,,"true",xsd:boolean,,,,,
            VirtualParameters.Uptime,false,,false,,"1",xsd:int,,,,,
            Device.DeviceInfo.SerialNumber,false,,false,,"S1",xsd:string,,,,,
            """
        let tree = try ParameterTree(csv: csv)
        #expect(tree.entries.map(\.path) == ["Device.DeviceInfo.SerialNumber"])
    }

    @Test("genieacs-sim 5-column CSV: object rows end in '.'")
    func simulatorCSV() throws {
        let csv =
            "Parameter,Object,Writable,Value,Value type\r\nInternetGatewayDevice.LANDevice.,true,false,,\r\nInternetGatewayDevice.DeviceInfo.UpTime,false,false,1234,xsd:unsignedInt\r\n"
        let tree = try ParameterTree(csv: csv)
        #expect(
            tree.entries == [
                ParameterEntry(
                    path: "InternetGatewayDevice.DeviceInfo.UpTime",
                    value: "1234",
                    type: .unsignedInt,
                    writable: false
                ),
                ParameterEntry(path: "InternetGatewayDevice.LANDevice.", writable: false, isObject: true),
            ]
        )
    }

    @Test(
        "CSV errors name the line",
        arguments: [
            ("Name,Value\nA,1\n", 1),
            ("Parameter,Object,Writable,Value,Value type\nA,false,false,\"open\n", 2),
            ("Parameter,Object,Writable,Value,Value type\nA,false\n", 2),
        ]
    )
    func csvErrors(text: String, line: Int) {
        #expect { try ParameterTree(csv: text, file: "bad.csv") } throws: { ($0 as? TreeSourceError)?.line == line }
    }

    @Test("GenieACS NBI device document: metadata and pseudo-roots skipped, numbers kept as written")
    func nbiDocument() throws {
        let json = """
            {"_id":"202BC1-BM632w-000001","_deviceId":{"_OUI":"202BC1"},"_tags":["beta"],"Events":{"Inform":{"_value":"2026-01-01T00:00:00.000Z"}},
             "InternetGatewayDevice":{"_object":true,"_writable":false,"DeviceInfo":{"_object":true,"_writable":false,
               "SoftwareVersion":{"_value":"V1R1","_type":"xsd:string","_writable":false},
               "UpTime":{"_value":120,"_type":"xsd:unsignedInt","_writable":false},
               "X_Flag":{"_value":true,"_type":"xsd:boolean","_writable":true},
               "Pending":{"_writable":true,"_object":false}}}}
            """
        let tree = try ParameterTree(nbiJSON: Array(json.utf8))
        #expect(
            tree.entries.map(\.path) == [
                "InternetGatewayDevice.", "InternetGatewayDevice.DeviceInfo.",
                "InternetGatewayDevice.DeviceInfo.Pending",
                "InternetGatewayDevice.DeviceInfo.SoftwareVersion", "InternetGatewayDevice.DeviceInfo.UpTime",
                "InternetGatewayDevice.DeviceInfo.X_Flag",
            ]
        )
        #expect(tree["InternetGatewayDevice.DeviceInfo.UpTime"]?.value == "120")
        #expect(tree["InternetGatewayDevice.DeviceInfo.X_Flag"]?.value == "true")
        #expect(tree["InternetGatewayDevice.DeviceInfo.Pending"]?.value == nil)
        #expect { try ParameterTree(nbiJSON: Array("{\"a\":\n[1,".utf8)) } throws: {
            ($0 as? TreeSourceError)?.line == 2
        }
        // A UTF-8 byte order mark is skipped, as the XML and CSV readers skip it.
        let withBOM = try ParameterTree(nbiJSON: [0xEF, 0xBB, 0xBF] + Array(json.utf8))
        #expect(withBOM.entries.map(\.path) == tree.entries.map(\.path))
        // A syntax error is file:line:col, the column in its own place.
        #expect {
            try ParameterTree(nbiJSON: Array("{\"_id\":\"x\",\n\"Device\":{\"a\":1,}}".utf8), file: "t.json")
        } throws: {
            let error = $0 as? TreeSourceError
            return error?.line == 2 && error?.column != nil
                && error?.description.hasPrefix("t.json:2:\(error?.column ?? 0): error[unreadable]: not valid JSON")
                    == true
        }
    }

    @Test("load detects the format and renders back to a message that reads the same")
    func loadAndRender() throws {
        let csv =
            "Parameter,Object,Writable,Value,Value type\nDevice.DeviceInfo.SoftwareVersion,false,false,1.2,xsd:string\nDevice.DeviceInfo.SerialNumber,false,false,S1,xsd:string\n"
        let (tree, _) = try ParameterTree.load(Array(csv.utf8))
        let gpv = CWMPEnvelope(
            header: CWMPHeader(id: "1"),
            body: .getParameterValuesResponse(GetParameterValuesResponse(parameters: tree.parameterValues))
        )
        let (back, warnings) = try ParameterTree.load(CWMPSerializer.serialize(gpv), format: .gpv)
        #expect(warnings.isEmpty)
        #expect(back.entries.map { [$0.path, $0.value ?? ""] } == tree.entries.map { [$0.path, $0.value ?? ""] })
        let inform = tree.renderedInform()
        #expect(inform.deviceId.serialNumber == "S1")
        #expect(inform.parameters.map(\.name) == ["Device.DeviceInfo.SoftwareVersion"])
        #expect { try ParameterTree.load(CWMPSerializer.serialize(gpv), format: .inform) } throws: {
            $0 is TreeSourceError
        }
    }
}

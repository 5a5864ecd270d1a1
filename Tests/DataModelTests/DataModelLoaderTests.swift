import FerruleTestSupport
import Testing

@testable import DataModel

@Suite("Loading the Broadband Forum full data models")
struct DataModelLoaderTests {
    @Test("TR-181 2.17 loads with the counts an XML parser gives")
    func tr181() throws {
        let model = try DataModelLoader.load(
            try Repository.bytes("Models/tr-181-2-17-0-cwmp-full.xml"),
            file: "tr-181.xml"
        )
        #expect(model.name == "Device:2.17")
        #expect(model.label == "TR-181 2.17")
        #expect(model.rootPath == "Device.")
        #expect(model.objects.count == 790)
        #expect(model.objects.values.filter(\.isTable).count == 400)
        #expect(model.parameters.count == 6483)
        #expect(model.parameters.values.filter(\.forcedInform).count == 7)
        let mac = try #require(model.parameters["Device.Ethernet.Interface.{i}.MACAddress"])
        #expect(mac.syntax.dataType == "MACAddress")
        #expect(mac.syntax.base == .string)
        #expect(mac.syntax.sizes == [SizeFacet(maxLength: 17)])
        #expect(mac.syntax.patterns.count == 2)
        let ipv4 = try #require(model.parameters["Device.IP.Interface.{i}.IPv4Address.{i}.IPAddress"])
        #expect(ipv4.syntax.dataType == "IPv4Address")
        #expect(ipv4.syntax.sizes == [SizeFacet(maxLength: 15)])
        let channel = try #require(model.parameters["Device.WiFi.Radio.{i}.Channel"])
        #expect(channel.syntax.base == .unsignedInt)
        #expect(channel.access == .readWrite)
        let alias = try #require(model.parameters["Device.IP.Interface.{i}.Alias"])
        #expect(alias.access == .writeOnceReadOnly)
        let table = try #require(model.objects["Device.IP.Interface.{i}."])
        #expect(table.numEntriesParameter == "InterfaceNumberOfEntries")
        #expect(table.maxEntries == nil)
    }

    @Test(
        "TR-098 1.8 and the TR-104 service model load",
        arguments: [
            ("Models/tr-098-1-8-0-full.xml", "InternetGatewayDevice:1.14", 192, 1801, false),
            // 848 in objects plus VoiceServiceNumberOfEntries at the top of the model (tr-104-2-0-2-cwmp-full.xml:834).
            ("Models/tr-104-2-0-2-cwmp-full.xml", "VoiceService:2.0", 113, 849, true),
        ]
    )
    func others(file: String, name: String, objects: Int, parameters: Int, isService: Bool) throws {
        let model = try DataModelLoader.load(try Repository.bytes(file), file: file)
        #expect(model.name == name)
        #expect(model.objects.count == objects)
        #expect(model.parameters.count == parameters)
        #expect(model.isService == isService)
    }

    @Test("an unresolved dataType names the file and line")
    func unresolvedDataType() throws {
        let xml = """
            <dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-14" spec="urn:x">
              <model name="Device:2.17">
                <object name="Device." access="readOnly" minEntries="1" maxEntries="1">
                  <parameter name="X" access="readOnly">
                    <syntax><dataType ref="NoSuchType"/></syntax>
                  </parameter>
                </object>
              </model>
            </dm:document>
            """
        #expect {
            try DataModelLoader.load(Array(xml.utf8), file: "broken.xml")
        } throws: { error in
            guard let error = error as? DataModelError else { return false }
            return error.file == "broken.xml" && error.line == 5 && error.description.contains("NoSuchType")
        }
    }

    @Test(
        "a malformed model, an unknown namespace and a component file are errors with file and line",
        arguments: [
            (
                "<dm:document xmlns:dm=\"urn:broadband-forum-org:cwmp:datamodel-1-14\">\n<model name=\"Device:2\">\n</dm:document>",
                3
            ),
            ("<dm:document xmlns:dm=\"urn:example:other\">\n<model name=\"Device:2\"/></dm:document>", 1),
            (
                "<dm:document xmlns:dm=\"urn:broadband-forum-org:cwmp:datamodel-1-14\">\n<import file=\"x.xml\"/><model name=\"Device:2\"/></dm:document>",
                2
            ),
        ]
    )
    func malformed(xml: String, line: Int) {
        #expect {
            try DataModelLoader.load(Array(xml.utf8), file: "bad.xml")
        } throws: { error in
            (error as? DataModelError)?.line == line && (error as? DataModelError)?.file == "bad.xml"
        }
    }
}

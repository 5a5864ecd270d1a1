import FerruleTestSupport
import Testing

@testable import DataModel

@Suite("Compiled models (.fmodel)")
struct CompiledModelTests {
    @Test(
        "every shipped model survives compile → load unchanged",
        arguments: [
            "Models/tr-181-2-17-0-cwmp-full.xml", "Models/tr-098-1-8-0-full.xml", "Models/tr-104-2-0-2-cwmp-full.xml",
        ]
    )
    func roundTrip(file: String) throws {
        let xml = try Repository.bytes(file)
        let model = try DataModelLoader.load(xml, file: file)
        let compiled = CompiledModel.encode(model, sourceHash: CompiledModel.sourceHash(xml))
        #expect(CompiledModel.isCompiled(compiled))
        #expect(compiled.count < xml.count / 4)
        let (decoded, hash) = try CompiledModel.decode(compiled, file: "x.fmodel")
        #expect(decoded == model)
        #expect(hash == CompiledModel.sourceHash(xml))
        #expect(try DataModelLoader.load(compiled, file: "x.fmodel") == model)
    }

    @Test(
        "enumeration values' access survives compile → load (IPPing DiagnosticsState: None, Complete, Error… are readOnly)"
    )
    func readOnlyEnumerations() throws {
        let file = "Models/tr-181-2-17-0-cwmp-full.xml"
        let xml = try Repository.bytes(file)
        let model = try DataModelLoader.load(xml, file: file)
        let path = "Device.IP.Diagnostics.IPPing.DiagnosticsState"
        // The dataType's None, Complete, Error plus IPPing's own Error_… values (readOnly too).
        let reserved = try #require(model.parameters[path]?.syntax.readOnlyEnumerations)
        #expect(reserved.isSuperset(of: ["None", "Complete", "Error", "Error_CannotResolveHostName"]))
        #expect(!reserved.contains("Requested") && !reserved.contains("Canceled"))
        let (decoded, _) = try CompiledModel.decode(CompiledModel.encode(model, sourceHash: 1), file: "x.fmodel")
        #expect(decoded.parameters[path]?.syntax.readOnlyEnumerations == reserved)
    }

    @Test("any single changed byte of a compiled model is a 'compiled model is corrupt' error naming the checksum")
    func checksum() throws {
        let xml = try Repository.bytes("Models/tr-104-2-0-2-cwmp-full.xml")
        let compiled = CompiledModel.encode(try DataModelLoader.load(xml, file: "tr-104.xml"), sourceHash: 1)
        // TISPAN -> TISPAM: a valid value would be refused if this loaded.
        let at = try #require(
            compiled.indices.first { compiled[$0...].starts(with: Array("TISPAN".utf8)) }
        )
        var changed = compiled
        changed[at + 5] = UInt8(ascii: "M")
        #expect {
            try CompiledModel.decode(changed, file: "tr104.fmodel")
        } throws: { error in
            let description = (error as? DataModelError)?.description ?? ""
            return description.contains("compiled model is corrupt: its checksum")
                && description.contains("recompile it with `ferrule model compile")
        }
        // Every byte after the version, one at a time (the format version has its own error).
        for i in stride(from: 5, to: compiled.count, by: max(1, compiled.count / 500)) {
            var mangled = compiled
            mangled[i] ^= 0x01
            #expect(throws: DataModelError.self) { try CompiledModel.decode(mangled, file: "m.fmodel") }
        }
    }

    @Test("a truncated, corrupt or other-version file is an error naming the file, never a crash")
    func corrupt() throws {
        let xml = try Repository.bytes("Models/tr-104-2-0-2-cwmp-full.xml")
        let compiled = CompiledModel.encode(try DataModelLoader.load(xml, file: "tr-104.xml"), sourceHash: 1)
        for cut in stride(from: 5, to: compiled.count, by: max(1, compiled.count / 97)) {
            #expect(throws: DataModelError.self) {
                try CompiledModel.decode(Array(compiled.prefix(cut)), file: "cut.fmodel")
            }
        }
        var otherVersion = compiled
        otherVersion[4] = 99
        #expect {
            try CompiledModel.decode(otherVersion, file: "old.fmodel")
        } throws: { error in
            (error as? DataModelError)?.description.contains("recompile") == true
                && (error as? DataModelError)?.file == "old.fmodel"
        }
        #expect(throws: DataModelError.self) { try CompiledModel.decode(compiled + [0], file: "extra.fmodel") }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var mangled = compiled
            let i = Int.random(in: 13..<mangled.count, using: &rng)
            mangled[i] = UInt8.random(in: 0...255, using: &rng)
            _ = try? CompiledModel.decode(mangled, file: "mangled.fmodel")
        }
    }
}

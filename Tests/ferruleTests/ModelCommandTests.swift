import FerruleTestSupport
import Foundation
import Testing

/// End-to-end: `ferrule model compile`, and validating with the compiled model.
@Suite("ferrule model compile (end to end)")
struct ModelCommandTests {
    @Test("compiles TR-181, and validate gives the same findings with the .fmodel as with the XML")
    func compileAndValidate() async throws {
        let output = try Scratch.file("tr-181.fmodel", [])
        let compile = try await FerruleRunner.run([
            "model", "compile", "Models/tr-181-2-17-0-cwmp-full.xml", "-o", output,
        ])
        #expect(compile.status == 0, "\(compile.stderr)")
        #expect(compile.stdout.contains("Device:2.17"))
        #expect(compile.stdout.contains("6483 parameters"))
        let tree = "Fixtures/trees/genieacs-export-tr181.csv"
        let withXML = try await FerruleRunner.run([
            "validate", "--format", "json", "--model", "Models/tr-181-2-17-0-cwmp-full.xml", tree,
        ])
        let withCompiled = try await FerruleRunner.run(["validate", "--format", "json", "--model", output, tree])
        #expect(withXML.status == withCompiled.status)
        #expect(
            withXML.stdout.replacingOccurrences(of: output, with: "MODEL")
                == withCompiled.stdout.replacingOccurrences(of: output, with: "MODEL")
        )
    }

    @Test("a malformed model is an error naming file and line; an unreadable one exits 2")
    func errors() async throws {
        let broken = try Scratch.file(
            "broken.xml",
            Array(
                "<dm:document xmlns:dm=\"urn:broadband-forum-org:cwmp:datamodel-1-14\">\n<model name=\"Device:2\">\n</dm:document>"
                    .utf8
            )
        )
        let result = try await FerruleRunner.run(["model", "compile", broken])
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.xml:3"))
        #expect(try await FerruleRunner.run(["model", "compile", "/nonexistent/model.xml"]).status == 2)
    }
}

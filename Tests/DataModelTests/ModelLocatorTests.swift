import DataModel
import FerruleTestSupport
import Foundation
import Testing

@Suite struct ModelLocatorTests {
    @Test("explicit files win; a directory stands for its *-full.xml; an empty one is an error")
    func explicit() throws {
        let directory = try Scratch.directory("models")
        #expect(throws: ModelLocatorError.self) {
            try ModelLocator(explicit: [directory.path], environmentDirectory: nil).locate()
        }
        try Data().write(to: directory.appendingPathComponent("tr-181-2-17-0-cwmp-full.xml"))
        try Data().write(to: directory.appendingPathComponent("notes.txt"))
        let found = try ModelLocator(explicit: [directory.path], environmentDirectory: "/elsewhere").locate()
        #expect(found == [directory.path + "/tr-181-2-17-0-cwmp-full.xml"])
        let fromEnvironment = try ModelLocator(explicit: [], environmentDirectory: directory.path).locate()
        #expect(fromEnvironment == found)
    }

    @Test("a FERRULE_MODELS that is not a directory says so and what to pass")
    func notADirectory() {
        let locator = ModelLocator(explicit: [], environmentDirectory: "/nonexistent/models")
        #expect(locator.isExplicit)
        #expect(throws: ModelLocatorError.self) { try locator.locate() }
        do {
            _ = try locator.locate()
        } catch {
            #expect(error.message.contains("FERRULE_MODELS=/nonexistent/models is not a directory"))
            #expect(error.message.contains("--model FILE"))
        }
    }
}

import FerruleCore
import Testing

@Suite struct DisplayTextTests {
    @Test("a 5 MB value shows its first 80 characters and its size")
    func shortensHugeValues() {
        let huge = String(repeating: "A", count: 5_242_880)
        let shown = DisplayText.value(huge)
        #expect(shown == String(repeating: "A", count: 80) + "… (5,242,880 bytes)")
    }

    @Test("short values are shown unchanged")
    func keepsShortValues() {
        #expect(DisplayText.value("Device.WiFi.SSID.1.SSID") == "Device.WiFi.SSID.1.SSID")
        #expect(DisplayText.value(String(repeating: "é", count: 80)) == String(repeating: "é", count: 80))
    }

    @Test("control bytes are escaped, never written raw to the terminal")
    func escapesControlBytes() {
        #expect(DisplayText.escaped("a\u{1B}[2Jb\u{07}") == "a\\u{1B}[2Jb\\u{7}")
        #expect(DisplayText.escaped("line\nnext\ttab\r\0") == "line\\nnext\\ttab\\r\\0")
        #expect(DisplayText.escaped("\u{7F}\u{85}") == "\\u{7F}\\u{85}")
        #expect(DisplayText.escaped("ünïcödé ✓") == "ünïcödé ✓")
    }

    @Test("a quoted value escapes its backslashes too, so an escape shown and text that looks like one read apart")
    func escapesBackslashesInValues() {
        let bell = DisplayText.value("a\u{07}")
        let lookalike = DisplayText.value("a\\u{7}")
        #expect(bell == "a\\u{7}")
        #expect(lookalike == "a\\\\u{7}")
        #expect(bell != lookalike)
        #expect(DisplayText.escapedValue("share\\") == "share\\\\")
        #expect(
            DisplayText.value(String(repeating: "\\", count: 100)) == String(repeating: "\\", count: 160)
                + "… (100 bytes)"
        )
        // Whole lines are escaped again where they are printed: escaped() and line() leave the
        // backslashes of the values in them alone, so nothing is escaped twice.
        let message = "the name \(bell) is odd"
        #expect(DisplayText.escaped(message) == message)
        #expect(DisplayText.line(message) == message)
    }

    @Test("bidirectional overrides and isolates are escaped, so quoted text cannot reorder what follows it")
    func escapesBidiControls() {
        #expect(DisplayText.escaped("a\u{202E}b\u{202A}c") == "a\\u{202E}b\\u{202A}c")
        #expect(DisplayText.escaped("\u{2066}x\u{2069}") == "\\u{2066}x\\u{2069}")
        #expect(DisplayText.escaped("\u{200F}\u{2070}") == "\u{200F}\u{2070}", "marks outside the ranges stay")
    }

    @Test("sizes are grouped by thousands")
    func groupsNumbers() {
        #expect(DisplayText.grouped(0) == "0")
        #expect(DisplayText.grouped(999) == "999")
        #expect(DisplayText.grouped(1000) == "1,000")
        #expect(DisplayText.grouped(5_242_880) == "5,242,880")
    }
}

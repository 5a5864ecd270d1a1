import Foundation
import Testing

@testable import ferrule

/// `campaign report` prints in pages; the result must be the same document as printing at once.
@Suite struct TableOutputStreamTests {
    static let columns = ["device", "state"]
    static let rows = (0..<7).map { ["dev-\($0)", $0 % 2 == 0 ? "succeeded" : "failed, \"quoted\""] }

    @Test("JSON and CSV in pages equal the whole output at once", arguments: [ListFormat.json, .csv])
    func pagesEqualWhole(_ format: ListFormat) {
        var stream = TableOutput.Stream(columns: Self.columns, format: format)
        let paged =
            stream.page(Array(Self.rows[0..<3]), last: false) + stream.page(Array(Self.rows[3..<6]), last: false)
            + stream.page(Array(Self.rows[6...]), last: true)
        #expect(paged == TableOutput.render(columns: Self.columns, rows: Self.rows, format: format))
    }

    @Test("an empty report is an empty JSON array and a CSV header", arguments: [ListFormat.json, .csv])
    func empty(_ format: ListFormat) {
        var stream = TableOutput.Stream(columns: Self.columns, format: format)
        #expect(stream.page([], last: true) == TableOutput.render(columns: Self.columns, rows: [], format: format))
    }

    @Test("tables print the header once")
    func tableHeaderOnce() {
        var stream = TableOutput.Stream(columns: Self.columns, format: .table)
        let text = stream.page(Array(Self.rows[0..<3]), last: false) + stream.page(Array(Self.rows[3...]), last: true)
        #expect(text.components(separatedBy: "DEVICE").count == 2)
        #expect(text.split(separator: "\n").count == 8)
    }
}

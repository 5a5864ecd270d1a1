/// A `record` or `committed` line of kafka-probe's output.
struct ProbeLine: Equatable {
    var kind: String
    var partition: Int32
    var offset: Int64
    /// `<sha256 of the value> key=<key>` for a record, as kafka-produce-events.py prints it; empty otherwise.
    var content: String

    /// `record voltha.events 0 12 <sha> key=<k>` or `committed voltha.events 0 12`.
    init?(_ line: String) {
        let fields = line.split(separator: " ", maxSplits: 4).map(String.init)
        guard fields.count >= 4, fields[0] == "record" || fields[0] == "committed",
            let partition = Int32(fields[2]), let offset = Int64(fields[3])
        else { return nil }
        kind = fields[0]
        self.partition = partition
        self.offset = offset
        content = fields.count == 5 ? fields[4] : ""
    }

    /// The records of `output`, in order.
    static func records(_ output: [String]) -> [ProbeLine] {
        output.compactMap(ProbeLine.init).filter { $0.kind == "record" }
    }

    /// The offsets committed in `output`, in order.
    static func commits(_ output: [String]) -> [Int64] {
        output.compactMap(ProbeLine.init).filter { $0.kind == "committed" }.map(\.offset)
    }
}

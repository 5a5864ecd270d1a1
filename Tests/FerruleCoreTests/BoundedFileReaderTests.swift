import Foundation
import Testing

@testable import FerruleCore

/// Every file Ferrule reads has a cap, and what is not a file is refused at once (issue 13, item 2).
@Suite("Bounded file reading: caps, special files, FIFOs")
struct BoundedFileReaderTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bounded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func failure(_ body: () throws(BoundedReadError) -> [UInt8]) -> BoundedReadError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test("a regular file under the cap is read whole")
    func readsRegularFile() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.yaml")
        let content = Array(repeating: UInt8(ascii: "x"), count: 200_000)
        try Data(content).write(to: file)
        #expect(try BoundedFileReader.read(file.path, limit: 200_000) == content)
    }

    @Test("a file over the cap is refused before it is read, naming the size, the limit and how to raise it")
    func refusesLargeFile() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("big.xml")
        try Data(repeating: 0x20, count: 1_001).write(to: file)
        let error = try #require(
            Self.failure { () throws(BoundedReadError) in try BoundedFileReader.read(file.path, limit: 1_000) }
        )
        #expect(error.kind == .tooLarge(size: 1_001, limit: 1_000))
        #expect(error.description.hasPrefix("\(file.path): error[too-large]: "))
        #expect(error.description.contains("FERRULE_MAX_INPUT_BYTES"))
    }

    @Test("/dev/zero is refused at once as a character device, not read until memory runs out")
    func refusesDevZero() throws {
        let start = ContinuousClock.now
        let error = try #require(
            Self.failure { () throws(BoundedReadError) in try BoundedFileReader.read("/dev/zero") }
        )
        #expect(error.kind == .notRegular("a character device"))
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("a FIFO without a writer is refused at once instead of blocking")
    func refusesFIFO() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(path, 0o600) == 0)
        let error = try #require(Self.failure { () throws(BoundedReadError) in try BoundedFileReader.read(path) })
        #expect(error.kind == .notRegular("a FIFO (named pipe)"))
    }

    @Test("a directory and a missing file are refused with their reasons")
    func refusesDirectoryAndMissing() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(
            Self.failure { () throws(BoundedReadError) in try BoundedFileReader.read(dir.path) }?.kind
                == .notRegular("a directory")
        )
        let missing = Self.failure { () throws(BoundedReadError) in try BoundedFileReader.read(dir.path + "/nope") }
        #expect(missing?.kind == .notFound)
        #expect(missing?.description == "\(dir.path)/nope: error[unreadable]: cannot read the file: no such file")
    }

    @Test("the default cap is 64 MiB")
    func defaultCap() {
        #expect(BoundedFileReader.defaultLimit == 64 * 1024 * 1024)
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw HTTP/1.1 exchange over a POSIX socket, so tests see the exact status line (URLSession drops the reason
/// phrase) and can tell a dropped connection from a response.
struct RawResponse {
    /// `HTTP/1.1 202 Task faulted`.
    var statusLine: String
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

enum RawHTTP {
    /// Sends one request with `Connection: close` and reads to EOF; nil when the server closed without a response.
    static func request(
        port: Int,
        _ method: String,
        _ path: String,
        body: String = "",
        headers: [(String, String)] = []
    ) async -> RawResponse? {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (k, v) in headers { request += "\(k): \(v)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { request += "Content-Length: \(body.utf8.count)\r\n" }
        request += "\r\n" + body
        let bytes = Array(request.utf8)
        let raw: [UInt8]? = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: exchange(port: port, bytes)) }
            thread.start()
        }
        guard let raw, !raw.isEmpty else { return nil }
        return parse(raw, head: method == "HEAD")
    }

    private static func exchange(port: Int, _ bytes: [UInt8]) -> [UInt8]? {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return nil }
            sent += n
        }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    private static func parse(_ raw: [UInt8], head: Bool) -> RawResponse? {
        let text = String(decoding: raw, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            )
        }
        var body = String(text[split.upperBound...])
        if !head, headers.contains(where: { $0.0.lowercased() == "transfer-encoding" }) { body = dechunk(body) }
        return RawResponse(statusLine: lines.first ?? "", headers: headers, body: body)
    }

    private static func dechunk(_ s: String) -> String {
        var rest = Substring(s)
        var out = ""
        while let lineEnd = rest.range(of: "\r\n") {
            guard let size = Int(rest[..<lineEnd.lowerBound], radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            let chunk = rest.utf8[start...].prefix(size)
            out += String(decoding: chunk, as: UTF8.self)
            rest = Substring(rest.utf8[rest.utf8.index(start, offsetBy: size + 2)...])
        }
        return out
    }
}

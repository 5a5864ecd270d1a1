import Testing

@testable import CWMP

@Suite("Namespace interning")
struct NamespaceInterningTests {
    @Test("URIs keep one ID each past the linear-scan size, whichever prefix spells them")
    func manyNamespaces() throws {
        let declarations = (0..<40).map { "xmlns:p\($0)=\"urn:x\($0 % 20)\"" }.joined(separator: " ")
        let children = (0..<40).map { "<p\($0):e/>" }.joined()
        let doc = Array("<root \(declarations)>\(children)<e xmlns=\"urn:x3\"/></root>".utf8)
        let tree = try doc.withUnsafeBytes { try SAXTreeBuilder.build($0, maxDepth: 8).get().tree }
        let root = try #require(tree.root)
        #expect(root.children.map(\.namespaceURI) == (0..<40).map { "urn:x\($0 % 20)" } + ["urn:x3"])
        #expect(tree.namespaces == [""] + (0..<20).map { "urn:x\($0)" })
    }
}

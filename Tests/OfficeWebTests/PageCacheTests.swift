import Foundation
import Testing
@testable import OfficeWeb

@Suite("Web page: pages kept while their inputs are unchanged")
struct PageCacheTests {
    @Test("a page is rendered once per key, again when the key (its inputs' state) changes; no more than the capacity are kept")
    func keptPages() throws {
        let cache = PageCache(capacity: 2)
        var renders = 0
        func page(_ key: String) -> String { cache.page(key) { renders += 1; return "page \(key) #\(renders)" } }
        #expect(page("a") == "page a #1")
        #expect(page("a") == "page a #1", "the same inputs: kept")
        #expect(page("b") == "page b #2")
        #expect(page("c") == "page c #3")
        #expect(page("a") == "page a #4", "the oldest was dropped beyond the capacity")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("page-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(PageCache.state(of: file) == "-")
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let before = PageCache.state(of: file)
        try "xy".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(PageCache.state(of: file) != before, "a changed file changes the key")
    }
}

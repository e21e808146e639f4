import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import Workflow
@testable import OfficeWeb

/// 文件 over the demo workspace after the folder service also refused a note: every taken file
/// newest first with its receipt, one file's problems and report, the refused one with its reason.
@Suite("Web page: 文件")
struct FilesPageTests {
    @Test("every file the demo took in, newest first; the August civil-affairs list's three errors and its report; a note dropped in the inbox listed as refused with its reason; no full ID on any page")
    func files() async throws {
        let (site, folder, _) = try CheckPageTests.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A clerk drops a note in the inbox; the service refuses it.
        try "请各单位于本月5日前报送名单。\n".write(toFile: site.workspace.inbox + "/通知.xlsx", atomically: true, encoding: .utf8)
        var config = try WorkspaceConfig.read(workspace: site.workspace)
        config.settleSeconds = 0.2
        _ = try FolderService(workspace: site.workspace, log: ServiceLog(path: folder + "/service.log", echo: false), config: config).run(once: true)
        let taken = ReceivedFiles.taken(in: site.workspace)
        #expect(taken.count >= 12 && taken.map(\.day) == taken.map(\.day).sorted(by: >), "newest first: \(taken.map(\.day))")

        try await Application(router: site.router()).test(.router) { client in
            let list = try await client.execute(uri: "/files", method: .get) { String(buffer: $0.body) }
            #expect(list.contains("<h2>收到的文件（\(taken.count) 个）</h2>"))
            let august = try #require(taken.first { $0.name == "低保特困人员名单-2026年8月" })
            let id = FilesPage.id(of: august)
            #expect(list.contains("<a href=\"/files/\(id)\">低保特困人员名单-2026年8月</a>"))
            #expect(list.contains("<h3>通知.xlsx</h3>") && list.contains("未能处理："), "the refused note and its reason")
            let detail = try await client.execute(uri: "/files/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(detail.contains("回执：低保特困人员名单-2026年8月.xlsx"))
            #expect(detail.components(separatedBy: "<tr class=\"error\">").count - 1 == 3, "the August list's three errors")
            try await client.execute(uri: "/files/\(id)/report", method: .get) { response in
                #expect(response.status == .ok && response.body.readableBytes > 1000)
            }
            for page in [list, detail] {
                #expect(page.range(of: #"[1-9]\d{16}[\dX]"#, options: .regularExpression) == nil, "no full ID")
            }
            for uri in ["/files/0000000000000000", "/files/..%2F..%2F.sheetflow", "/files/0000000000000000/report"] {
                try await client.execute(uri: uri, method: .get) { response in #expect(response.status == .notFound, "\(uri)") }
            }
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import Workflow
@testable import OfficeWeb

/// 本月情况 over the demo workspace: the senders against their deadline, the files received, the
/// month's reports to download, and the lists' counts with their chart.
@Suite("Web page: 本月情况")
struct MonthPageTests {
    @Test("October of the demo: each sender on time with its list, the files, eight reports to download (openpyxl reads one), the lists' counts as the lists hold them, a chart; no full ID; an unknown report is not found")
    func october() async throws {
        let (site, folder, _) = try CheckPageTests.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reports = site.workspace.reportFolder(for: ReportMonth(year: 2026, month: 10))
        // The counts as openpyxl reads the lists: rows whose 序号 is a number.
        let expected = try ExternalTool.python("""
            import json, os, sys, openpyxl
            counts = {}
            for name in sorted(os.listdir(sys.argv[1])):
                for key in ("应参未参", "应代缴未代缴", "应发未发", "跨地推送"):
                    if name.startswith(key):
                        ws = openpyxl.load_workbook(os.path.join(sys.argv[1], name)).worksheets[0]
                        counts[key] = counts.get(key, 0) + sum(1 for row in ws.iter_rows(values_only=True) if isinstance(row[0], int))
            print(json.dumps(counts))
            """, [reports]) as? [String: Int] ?? [:]
        #expect(expected.count == 4)
        let app = Application(router: site.router())
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/month?m=2026-10", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(html.contains("<h1>本月情况：2026年10月</h1>"))
            for sender in ["民政部门", "残联", "乡村振兴（扶贫）部门"] {
                #expect(html.range(of: "<td>\(sender)</td><td>2026-10-05</td><td>[^<]+-2026年9月.xlsx</td><td>2026-10-03</td><td>2026-09-30</td><td>按时</td>",
                                   options: .regularExpression) != nil, "\(sender)")
            }
            #expect(html.contains("<td>社保经办机构</td><td>参保缴费信息</td><td>1</td>"))
            let links = html.matches(of: /href="(\/reports\/2026-10\/\d+)"/).map { String($0.1) }
            #expect(links.count == 8)
            let row = "<tr><td>2026年10月</td>" + PublishedReports.countedLists.map { "<td>\(expected[$0] ?? -1)</td>" }.joined() + "</tr>"
            #expect(html.contains(row), "\(row)")
            #expect(html.contains("<svg") && html.matches(of: /<polyline/).count == 4)
            #expect(html.range(of: #"[1-9]\d{16}[\dX]"#, options: .regularExpression) == nil, "no full ID on the page")

            let download = folder + "/下载.xlsx"
            let first = try #require(links.first)
            try await client.execute(uri: first, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentDisposition]?.contains("filename*=UTF-8''") == true)
                try Data(buffer: response.body).write(to: URL(fileURLWithPath: download))
            }
            let title = try ExternalTool.python("""
                import json, sys, openpyxl
                print(json.dumps({"title": openpyxl.load_workbook(sys.argv[1]).worksheets[0]["A1"].value}))
                """, [download]) as? [String: Any] ?? [:]
            #expect((title["title"] as? String)?.hasSuffix("名单") == true, "\(title)")
            for uri in ["/reports/2026-10/99", "/reports/..%2F..%2F.sheetflow/0", "/reports/2026-10/-1"] {
                try await client.execute(uri: uri, method: .get) { response in #expect(response.status == .notFound, "\(uri)") }
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/month")
            }
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import Workflow
@testable import OfficeWeb

/// 查人 through HTTP: the query is posted with the form's token; the answer names the lists and
/// the records, with the ID masked.
@Suite("Web page: 查人")
struct PersonPageTests {
    @Test("someone on October's 应参未参名单, looked up by name: the list and why, the records with file and row, the ID masked; refused without the form's token; an unknown name says so")
    func lookUp() async throws {
        let (site, folder, _) = try CheckPageTests.site()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let register = try Register(readingAt: site.workspace.registerPath)
        var ids: [String] = []
        try register.forEachPerson { ids.append($0.id) }
        var someone: (id: String, name: String)?
        for id in ids where someone == nil {
            guard let explained = try register.explain(id, month: ReportMonth(year: 2026, month: 10), profile: site.profile),
                  explained.lists.contains(where: { $0.list == "应参未参名单" }), try register.findPeople(explained.person.name).count == 1 else { continue }
            someone = (id, explained.person.name)
        }
        let person = try #require(someone)
        try await Application(router: site.router()).test(.router) { client in
            let (token, cookie) = try await client.execute(uri: "/person", method: .get) { response in
                let setCookie = try #require(response.headers[.setCookie])
                let cookie = String(setCookie.split(separator: ";")[0])
                return (String(cookie.split(separator: "=")[1]), cookie)
            }
            func post(_ query: String, token: String?) async throws -> (HTTPResponse.Status, String) {
                var body = "q=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&m=2026-10"
                if let token { body += "&form_token=\(token)" }
                return try await client.execute(uri: "/person", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                body: ByteBuffer(string: body)) { ($0.status, String(buffer: $0.body)) }
            }
            let (status, page) = try await post(person.name, token: token)
            #expect(status == .ok)
            #expect(page.contains("应参未参名单：属「"), "\(page)")
            #expect(page.contains(ResidentID.mask(person.id)))
            #expect(page.range(of: #"[1-9]\d{16}[\dX]"#, options: .regularExpression) == nil, "no full ID")
            #expect(page.range(of: #"低保特困人员名单-2026年(8|9|10)月\.xlsx 第 \d+ 行"#, options: .regularExpression) != nil
                    || page.range(of: #"名单-2026年(8|9|10)月\.xlsx 第 \d+ 行"#, options: .regularExpression) != nil, "records with file and row")
            let (forged, _) = try await post(person.name, token: nil)
            #expect(forged == .forbidden)
            let (_, unknown) = try await post("没有这个人", token: token)
            #expect(unknown.contains("登记册中没有「没有这个人」"))
        }
    }
}

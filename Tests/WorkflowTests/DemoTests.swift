import Foundation
import Testing
import XLSXKit
@testable import Workflow

@Suite("Demo")
struct DemoTests {
    @Test("the demo lays out a workspace and reads the sample roster from the inbox")
    func demoWorkspace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sheetflow-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try Demo(workspace: folder).run()
        for sub in ["inbox/民政局", "outbox", "archive", "failed"] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(sub).path, isDirectory: &isDirectory) && isDirectory.boolValue)
        }
        #expect(outcome.roster.lastPathComponent == "示例-低保对象名单.xlsx")
        #expect(outcome.sheets.count == 1)
        #expect(outcome.sheets[0].name == "低保对象")
        #expect(outcome.sheets[0].rows == 7)
        #expect(outcome.preview[2].first == "A3=序号")
        #expect(outcome.preview[3].contains("B4=张三"))

        // Running again replaces the sample instead of failing.
        let again = try Demo(workspace: folder).run()
        #expect(again.sheets[0].rows == 7)
    }
}

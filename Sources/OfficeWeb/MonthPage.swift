import Foundation
import Hummingbird
import Workflow
import XLSXKit

/// 本月情况: for a month, what each sender delivered and whether on time, the files received,
/// the month's current reports to download, and how many people the lists name, with a small
/// chart of those counts over the last twelve months (inline SVG, no scripts).
struct MonthPage {
    let site: OfficeSite

    func page(_ request: Request, visitor: Visitor) async throws -> Response {
        let asked = request.uri.queryParameters["m"].flatMap { ReportMonth(String($0)) }
        let html = try await site.offload { [self] in
            let now = ChinaTime.day(Date())
            let current = ReportMonth(year: now.year, month: now.month)
            let month = asked ?? current
            // The page changes when the register does, when a set of reports is published, or on a new day.
            let key = [month.key, now.iso8601, visitor.scope, visitor.label ?? "", PageCache.state(of: site.workspace.registerPath), PageCache.state(of: site.workspace.outbox),
                       PageCache.state(of: site.workspace.reportFolder(for: month))].joined(separator: "|")
            return try site.pages.page(key) { try render(month, current: current, today: now.iso8601, visitor: visitor) }
        }
        return HTMLPage.response(html)
    }

    private func render(_ month: ReportMonth, current: ReportMonth, today: String, visitor: Visitor) throws -> String {
        let published = PublishedReports.months(in: site.workspace)
        var html = monthLinks(shown: month, current: current, published: published)
        do {
            html += try arrivals(month, today: today, visitor: visitor)
        } catch let error as RegisterError {
            html += "<h2>报送情况</h2><p class=\"refused\">登记册暂时无法读取：\(HTMLPage.escape(error.description))</p>"
        }
        html += reports(month, visitor: visitor)
        html += counts(month, published: published)
        return HTMLPage.document(title: "本月情况：\(month)", current: "/month", body: html, visitor: visitor)
    }

    /// A month's report file, by its number in the set's listing (a name from the URL never becomes a
    /// path); for a 科室负责人 only, as the reports name every sender's people. Each download is audited.
    func download(month key: String, number: String, context: OfficeContext) -> Response {
        guard context.who.role == .chief else {
            return HTMLPage.refusal(MonthPage.chiefOnly, title: "本月情况", current: "/month", visitor: context.who, status: .forbidden)
        }
        guard let month = ReportMonth(key), let index = Int(number) else { return notFound() }
        let files = PublishedReports.files(of: month, in: site.workspace)
        guard files.indices.contains(index),
              let data = FileManager.default.contents(atPath: site.workspace.reportFolder(for: month) + "/" + files[index]) else { return notFound() }
        guard site.audit.write(user: context.who.account, action: "下载", object: "\(month)报表 \(files[index])", address: context.address) else {
            return HTMLPage.refusal(site.audit.unwritable, title: "本月情况", current: "/month", visitor: context.who)
        }
        return HTMLPage.download(data, name: files[index])
    }

    static let chiefOnly = "本月报表列出各单位报送的人员，只有科室负责人的账户可以查看和下载。"

    private func notFound() -> Response {
        HTMLPage.response(HTMLPage.document(title: "本月情况", current: "/month", body: "<p class=\"refused\">没有这份报表（可能已被新的一套替换）。请回到本月情况重新下载。</p>"),
                          status: .notFound)
    }

    private func monthLinks(shown: ReportMonth, current: ReportMonth, published: [ReportMonth]) -> String {
        var months = published
        if !months.contains(current) { months.append(current) }
        let links = months.suffix(13).map { month in
            month == shown ? "<strong>\(month)</strong>" : "<a href=\"/month?m=\(month.key)\">\(month)</a>"
        }
        return "<p>月份：" + links.joined(separator: " · ") + "</p>"
    }

    /// What arrived and whether on time; a sender's account sees its own sender's lines only.
    private func arrivals(_ month: ReportMonth, today: String, visitor: Visitor) throws -> String {
        guard FileManager.default.fileExists(atPath: site.workspace.registerPath) else {
            return "<h2>报送情况</h2><p>还没有登记册：收件箱还没有处理过文件。</p>"
        }
        let register = try Register(readingAt: site.workspace.registerPath)
        let status = try register.arrivals(in: month, profile: site.profile, today: today)
        var html = "<h2>报送情况</h2>"
        html += "<p>\(HTMLPage.escape("\(month.previous)末在册 \(status.people) 人，\(status.statuses) 个类别身份（以 \(today) 判断）。"))</p>"
        if let deadline = status.senderDeadline {
            html += "<p>\(HTMLPage.escape("各单位报送\(month.previous)的名单，期限 \(deadline.describe(in: month, calendar: site.profile.calendar))：\(deadline.what)"))</p>"
            let senders = status.senders.filter { visitor.sees($0.sender) }
            if senders.isEmpty {
                html += "<p>还没有收到过名单，无从判断。</p>"
            } else {
                html += "<table><thead><tr><th>报送单位</th><th>期限</th><th>收到的名单</th><th>收到日期</th><th>数据截至</th><th>结果</th></tr></thead><tbody>"
                for line in senders {
                    let late: Bool = if case .onTime = line.verdict { false } else if case .pending = line.verdict { false } else { true }
                    html += "<tr\(late ? " class=\"error\"" : "")><td>\(HTMLPage.escape(line.sender))</td><td>\(line.due.iso8601)</td>"
                    html += "<td>\(HTMLPage.escape(line.delivery?.file ?? "—"))</td><td>\(line.delivery.map { $0.received.iso8601 } ?? "—")</td>"
                    html += "<td>\(HTMLPage.escape(line.delivery?.asOf ?? "—"))</td><td>\(HTMLPage.escape(line.verdict.description))</td></tr>"
                }
                html += "</tbody></table>"
            }
        }
        for (deadline, due) in status.otherDeadlines {
            html += "<p>\(HTMLPage.escape("\(deadline.binds.rawValue)：\(deadline.what)，期限 \(due.iso8601)"))</p>"
        }
        html += "<h2>本月收到的文件</h2>"
        let lines = status.lines.filter { visitor.sees($0.sender) }
        guard !lines.isEmpty else { return html + "<p>本月尚未收到文件。</p>" }
        html += "<table><thead><tr><th>报送单位</th><th>文件类型</th><th>文件数</th><th>记录数</th><th>最新数据截至</th></tr></thead><tbody>"
        for line in lines {
            html += "<tr><td>\(HTMLPage.escape(line.sender))</td><td>\(HTMLPage.escape(line.kind))</td><td>\(line.files)</td><td>\(line.records)</td>"
            html += "<td>\(HTMLPage.escape(line.latestAsOf))</td></tr>"
        }
        return html + "</tbody></table>"
    }

    private func reports(_ month: ReportMonth, visitor: Visitor) -> String {
        guard visitor.role == .chief else { return "<h2>本月报表</h2><p>\(MonthPage.chiefOnly)</p>" }
        let files = PublishedReports.files(of: month, in: site.workspace)
        guard !files.isEmpty else { return "<h2>本月报表</h2><p>\(HTMLPage.escape(month.description))的报表还没有生成。</p>" }
        let items = files.enumerated().map { index, name in
            "<li><a href=\"/reports/\(month.key)/\(index)\">\(HTMLPage.escape(name))</a></li>"
        }
        return "<h2>本月报表</h2><p>该月最新的一整套报表：</p><ul>" + items.joined() + "</ul>"
    }

    private func counts(_ month: ReportMonth, published: [ReportMonth]) -> String {
        let window = published.filter { ($0.year, $0.month) <= (month.year, month.month) }.suffix(12)
        guard !window.isEmpty else { return "" }
        let series = window.map { ($0, PublishedReports.counts(of: $0, in: site.workspace)) }
        var html = "<h2>名单人数</h2>" + CountChart.svg(series.map { ($0.0.description, $0.1) }, lists: PublishedReports.countedLists)
        html += "<table><thead><tr><th>月份</th>"
        html += PublishedReports.countedLists.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for (shown, counts) in series.reversed() {
            html += "<tr><td>\(shown)</td>" + PublishedReports.countedLists.map { "<td>\(counts[$0].map(String.init) ?? "—")</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }
}

/// A line chart of the lists' counts month by month, as inline SVG.
enum CountChart {
    static let colours = ["#c0392b", "#d68910", "#2471a3", "#1e8449"]

    static func svg(_ months: [(label: String, counts: [String: Int])], lists: [String]) -> String {
        let width = 640.0, height = 240.0, left = 56.0, bottom = 40.0, top = 16.0, right = 56.0
        let highest = max(1, months.flatMap { $0.counts.values }.max() ?? 1)
        let step = months.count > 1 ? (width - left - right) / Double(months.count - 1) : 0
        func x(_ index: Int) -> Double { left + Double(index) * step }
        func y(_ value: Int) -> Double { top + (height - top - bottom) * (1 - Double(value) / Double(highest)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"各名单人数按月变化\">"
        svg += "<line x1=\"\(left)\" y1=\"\(y(0))\" x2=\"\(width - right)\" y2=\"\(y(0))\" stroke=\"#999\"/>"
        svg += "<text x=\"4\" y=\"\(y(highest) + 4)\" font-size=\"11\">\(highest)</text><text x=\"4\" y=\"\(y(0) + 4)\" font-size=\"11\">0</text>"
        for (index, month) in months.enumerated() {
            svg += "<text x=\"\(x(index))\" y=\"\(height - bottom + 16)\" font-size=\"11\" text-anchor=\"middle\">\(HTMLPage.escape(month.label))</text>"
        }
        for (number, list) in lists.enumerated() {
            let points = months.enumerated().compactMap { index, month in month.counts[list].map { "\(x(index)),\(y($0))" } }
            guard !points.isEmpty else { continue }
            let colour = colours[number % colours.count]
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"><title>\(HTMLPage.escape(list))</title></polyline>"
            svg += "<text x=\"\(left + Double(number) * 130)\" y=\"\(height - 6)\" font-size=\"12\" fill=\"\(colour)\">■ \(HTMLPage.escape(list))</text>"
        }
        return svg + "</svg>"
    }
}

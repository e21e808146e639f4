import Foundation
import XLSXKit

/// Turns a profile file (and the files it inherits from) into a `Profile`, or an error naming
/// the file and line.
enum ProfileReader {
    static let knownKeys = ["id", "name", "basis", "inherits", "region", "categories", "screening", "priority", "age", "payment", "cycle",
                            "deadlines", "templates"]

    /// Reads a parsed profile file; values it leaves out come from `parent` (the profile it inherits).
    static func read(_ node: ProfileNode, file: String, parent: Profile?) throws -> Profile {
        try node.checkKeys(allowed: knownKeys)
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        let id = try node.text("id")
        guard id == folder.lastPathComponent else {
            throw (node.member("id") ?? node).error("id「\(id)」应与所在文件夹同名（\(folder.lastPathComponent)）。")
        }
        let region = try node.member("region").flatMap { try $0.optionalText() } ?? parent?.region ?? ""
        guard [2, 4, 6].contains(region.count), region.allSatisfy(\.isASCIIDigit) else {
            throw (node.member("region") ?? node).error("region 应是 2、4 或 6 位的行政区划代码（加引号，如 \"4402\"），收到「\(region)」。")
        }
        let categories = try node.member("categories").map(categoryList) ?? parent?.categories ?? []
        guard !categories.isEmpty else { throw node.error("缺少「categories」（纳入代缴的人员类别）。") }
        let screening = try node.member("screening").map(categoryList) ?? parent?.screening ?? []
        let priority = try node.member("priority").map(categoryList) ?? parent?.priority ?? categories
        if let missing = categories.first(where: { !priority.contains($0) }) {
            throw (node.member("priority") ?? node).error("priority 中缺少类别「\(missing.rawValue)」：每个纳入的类别都要排定先后。")
        }
        var profile = Profile(
            id: id,
            name: try node.member("name").flatMap { try $0.optionalText() } ?? parent?.name ?? id,
            basis: try node.member("basis").flatMap { try $0.optionalText() } ?? parent?.basis ?? "",
            inherits: try node.member("inherits").flatMap { try $0.optionalText() },
            region: region,
            categories: categories,
            screening: screening,
            priority: priority,
            age: try node.member("age").map { try age($0, parent: parent?.age) } ?? parent?.age ?? Profile.AgeBounds(minimum: 16, maximum: nil, pension: 60),
            payment: try node.member("payment").map { try payment($0, parent: parent?.payment) } ?? parent?.payment
                ?? Profile.Payment(standard: "", amount: nil, payer: ""),
            cycle: try node.member("cycle").map { try cycle($0, parent: parent?.cycle) } ?? parent?.cycle ?? Profile.Cycle(comparison: .monthly, cutoff: nil),
            deadlines: try node.member("deadlines").map(deadlines) ?? parent?.deadlines ?? [],
            templates: try node.member("templates").map { try templates($0, folder: folder, categories: categories + screening) } ?? parent?.templates ?? [],
            file: file)
        profile.calendar = try WorkCalendar.shipped(in: folder.deletingLastPathComponent().path)
        return profile
    }

    private static func categoryList(_ node: ProfileNode) throws -> [Category] {
        guard case .sequence(let items, _) = node else { throw node.error("这里应是人员类别的列表，例如 [低保对象, 特困人员]。") }
        return try items.compactMap { item in
            guard let text = try item.optionalText() else { return nil }
            guard let category = Category(rawValue: text) else {
                throw item.error("不认识的人员类别「\(text)」。可用的类别：\(Category.allCases.map(\.rawValue).joined(separator: "、"))。")
            }
            return category
        }
    }

    private static func age(_ node: ProfileNode, parent: Profile.AgeBounds?) throws -> Profile.AgeBounds {
        try node.checkKeys(allowed: ["minimum", "maximum", "pension"])
        let minimum = try node.member("minimum")?.optionalInteger(0...120) ?? parent?.minimum ?? 16
        let maximum = try node.member("maximum").map { try $0.optionalInteger(0...120) } ?? parent?.maximum
        let pension = try node.member("pension")?.optionalInteger(0...120) ?? parent?.pension ?? 60
        if let maximum, maximum <= minimum {
            throw (node.member("maximum") ?? node).error("maximum（\(maximum)）应大于 minimum（\(minimum)）。")
        }
        return Profile.AgeBounds(minimum: minimum, maximum: maximum, pension: pension)
    }

    private static func payment(_ node: ProfileNode, parent: Profile.Payment?) throws -> Profile.Payment {
        try node.checkKeys(allowed: ["standard", "amount", "payer"])
        var amount = parent?.amount
        if let member = node.member("amount") {
            amount = try member.optionalText().map { text in
                guard let value = Double(text), value >= 0 else { throw member.error("amount 应是金额（元），例如 180，收到「\(text)」。") }
                return value
            }
        }
        return Profile.Payment(standard: try node.member("standard").flatMap { try $0.optionalText() } ?? parent?.standard ?? "",
                               amount: amount,
                               payer: try node.member("payer").flatMap { try $0.optionalText() } ?? parent?.payer ?? "")
    }

    private static func cycle(_ node: ProfileNode, parent: Profile.Cycle?) throws -> Profile.Cycle {
        try node.checkKeys(allowed: ["reference", "comparison", "comparison_day", "cutoff"])
        if let member = node.member("reference"), let text = try member.optionalText(), text != "月末" {
            throw member.error("reference 目前只支持「月末」（数据截至每月最后一天），收到「\(text)」。")
        }
        var result = parent ?? Profile.Cycle(comparison: .monthly, cutoff: nil)
        if let member = node.member("comparison"), let text = try member.optionalText() {
            guard let frequency = Profile.Frequency(rawValue: text) else {
                throw member.error("comparison 应是「每月」或「每季度」，收到「\(text)」。")
            }
            result.comparison = frequency
        }
        if let member = node.member("comparison_day") {
            result.comparisonDay = try member.optionalInteger(1...31)
        }
        if let member = node.member("cutoff") {
            result.cutoff = try member.optionalText().map { text in
                let parts = text.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 2, (1...12).contains(parts[0]), (1...31).contains(parts[1]) else {
                    throw member.error("cutoff 应写成 月-日，例如 10-31，收到「\(text)」。")
                }
                return Profile.MonthDay(month: parts[0], day: parts[1])
            }
        }
        return result
    }

    private static func deadlines(_ node: ProfileNode) throws -> [Profile.Deadline] {
        guard case .sequence(let items, _) = node else { throw node.error("deadlines 应是列表，每项以“- what:”开头。") }
        return try items.map { item in
            try item.checkKeys(allowed: ["what", "binds", "day", "workdays"])
            guard let day = try item.member("day")?.optionalInteger(1...31) else { throw item.error("每项期限都要写 day（每月几日前）。") }
            let workdays = try item.member("workdays")?.optionalText()
            guard workdays == nil || workdays == "true" || workdays == "false" else {
                throw (item.member("workdays") ?? item).error("workdays 应是 true 或 false。")
            }
            let parties = Profile.Party.allCases.map(\.rawValue).joined(separator: "、")
            guard let bindsText = try item.member("binds")?.optionalText() else { throw item.error("每项期限都要写 binds（约束谁：\(parties)）。") }
            guard let binds = Profile.Party(rawValue: bindsText) else {
                throw (item.member("binds") ?? item).error("binds 应是以下之一：\(parties)；收到「\(bindsText)」。")
            }
            return Profile.Deadline(what: try item.text("what"), binds: binds, day: day, workdays: workdays == "true")
        }
    }

    private static func templates(_ node: ProfileNode, folder: URL, categories: [Category]) throws -> [Profile.TemplateUse] {
        guard case .sequence(let items, _) = node else { throw node.error("templates 应是列表，每项以“- file:”开头。") }
        return try items.map { item in
            try item.checkKeys(allowed: ["file", "output", "categories", "lists"])
            let name = try item.text("file")
            let file = folder.appendingPathComponent(name).standardizedFileURL.path
            guard FileManager.default.fileExists(atPath: file) else {
                throw (item.member("file") ?? item).error("找不到模板文件「\(name)」（路径相对于本配置所在的文件夹）。")
            }
            let outputText = try item.text("output")
            guard let output = Profile.OutputKind(rawValue: outputText) else {
                throw (item.member("output") ?? item).error("不认识的输出「\(outputText)」。可用的输出：\(Profile.OutputKind.allCases.map(\.rawValue).joined(separator: "、"))。")
            }
            var lists: [String: [Category]] = [:]
            if let member = item.member("lists") {
                guard case .mapping(let pairs, _) = member else { throw member.error("lists 应是“名单名: [类别…]”的形式。") }
                for (list, value) in pairs { lists[list] = try categoryList(value) }
            }
            let used = try item.member("categories").map(categoryList) ?? []
            for category in used + lists.values.flatMap({ $0 }) where !categories.contains(category) {
                throw item.error("模板用到的类别「\(category.rawValue)」不在本配置的 categories 或 screening 中。")
            }
            try checkLists(of: file, named: name, against: lists, at: item.member("lists"), item: item)
            return Profile.TemplateUse(file: file, output: output, categories: used, lists: lists)
        }
    }

    /// The list names the profile gives must be the ones the template's placeholders use.
    private static func checkLists(of file: String, named name: String, against lists: [String: [Category]], at listsNode: ProfileNode?, item: ProfileNode) throws {
        let node = listsNode ?? item
        let placeholders: TemplatePlaceholders
        do {
            placeholders = try TemplatePlaceholders(template: file)
        } catch let error as XLSXError {
            throw node.error("模板「\(name)」无法读取：\(error.message)")
        }
        let used = Set(placeholders.lists.keys)
        if case .mapping(let pairs, _)? = listsNode, let extra = pairs.first(where: { !used.contains($0.key) }) {
            throw extra.value.error("模板「\(name)」中没有名为「\(extra.key)」的名单（模板中的名单：\(shown(used))）。")
        }
        let named = lists.isEmpty ? used.intersection([""]) : Set(lists.keys)
        guard used == named else {
            throw node.error("模板「\(name)」中的名单是：\(shown(used))；lists 应逐一写出这些名单对应的人员类别。")
        }
    }

    private static func shown(_ lists: Set<String>) -> String {
        lists.isEmpty ? "无" : lists.sorted().map { $0.isEmpty ? "（默认名单，{.字段}）" : $0 }.joined(separator: "、")
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

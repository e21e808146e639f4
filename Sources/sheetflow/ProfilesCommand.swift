import ArgumentParser
import Foundation
import Workflow

/// `sheetflow profiles`: lists the policy profiles, or shows one; checks every profile file.
struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "列出政策配置（各地代缴政策），或查看其中一个；同时检查配置文件有无错误。",
        discussion: """
        每个配置是 Templates/<名称>/profile.yaml，与该地的模板放在一起。要用于其他县（市、区），
        复制一个文件夹、改名，再修改其中的 profile.yaml（id 与文件夹同名），然后运行本命令检查：
        有错误时会指出文件和行号，退出码为 2。

        示例：
          sheetflow profiles                       列出所有配置
          sheetflow profiles shaoguan-2018         查看韶关市配置的详细内容
          sheetflow profiles --templates ./我的模板  检查自己修改的配置
        """
    )

    @Argument(help: "要查看的配置名称（如 shaoguan-2018）。")
    var id: String?

    @Option(name: .long, help: "模板和配置所在的文件夹（默认为随程序提供的 Templates）。")
    var templates: String?

    func run() throws {
        do {
            let catalog = try templates.map { ProfileCatalog(folder: $0) } ?? ProfileCatalog.shipped()
            if let id {
                show(try catalog.profile(id), folder: catalog.folder)
                return
            }
            print("配置所在文件夹：\(catalog.folder)")
            var broken = 0
            for id in try catalog.ids() {
                do {
                    let profile = try catalog.profile(id)
                    let marker = id == ProfileCatalog.defaultProfile ? "（默认）" : ""
                    print("  \(id)\(marker)  \(profile.name)  地区代码 \(profile.region)  依据 \(profile.basis)  模板 \(profile.templates.count) 个")
                } catch let error as ProfileError {
                    broken += 1
                    print("  \(id)  有错误：\(error)")
                }
            }
            if broken > 0 {
                printError("\(broken) 个配置有错误，请按上面的提示修改。")
                throw ExitStatus.unreadable
            }
        } catch let error as ProfileError {
            printError(error.description)
            throw ExitStatus.unreadable
        }
    }

    private func show(_ profile: Profile, folder: String) {
        print("\(profile.id)  \(profile.name)")
        print("  配置文件：\(profile.file)")
        if let parent = profile.inherits { print("  继承：\(parent)（未写出的设置取自它）") }
        print("  政策依据：\(profile.basis)")
        print("  地区代码：\(profile.region)")
        print("  人员类别：\(profile.categories.map(\.rawValue).joined(separator: "、"))")
        if !profile.screening.isEmpty { print("  仅用于筛查的类别：\(profile.screening.map(\.rawValue).joined(separator: "、"))") }
        print("  统计优先顺序：\(profile.priority.map(\.rawValue).joined(separator: " > "))")
        let upper = profile.age.maximum.map { "、未满 \($0) 周岁" } ?? ""
        print("  年龄：年满 \(profile.age.minimum) 周岁\(upper)代缴；\(profile.age.pension) 周岁起领取待遇")
        let amount = profile.payment.amount.map { "，每人每年 \(Self.yuan($0)) 元" } ?? ""
        print("  代缴：\(profile.payment.standard)\(amount)；承担：\(profile.payment.payer)")
        let cutoff = profile.cycle.cutoff.map { "；年度截止 \($0)（之后新增的列入次年）" } ?? ""
        let day = profile.cycle.comparisonDay.map { "（比对日为当月 \($0) 日）" } ?? ""
        print("  比对：\(profile.cycle.comparison.rawValue)\(day)\(cutoff)")
        for deadline in profile.deadlines {
            print("  期限（\(deadline.binds.rawValue)）：\(deadline.workdays ? "每月前 \(deadline.day) 个工作日内" : "每月 \(deadline.day) 日前")  \(deadline.what)")
        }
        for use in profile.templates {
            let path = use.file.hasPrefix(folder + "/") ? String(use.file.dropFirst(folder.count + 1)) : use.file
            var scope = use.categories.map(\.rawValue).joined(separator: "、")
            if !use.lists.isEmpty {
                scope = use.lists.keys.sorted().map { "\($0)=\(use.lists[$0]!.map(\.rawValue).joined(separator: "、"))" }.joined(separator: "；")
            }
            print("  模板：[\(use.output.rawValue)] \(path)\(scope.isEmpty ? "" : "（\(scope)）")")
        }
    }

    private static func yuan(_ amount: Double) -> String {
        amount == amount.rounded() ? String(Int(amount)) : String(format: "%.2f", amount)
    }
}

import Foundation
import Hummingbird

/// The pages' common frame: one stylesheet in the page (no external files, no scripts), the
/// navigation, and text escaped for HTML.
enum HTMLPage {
    /// `text` safe inside an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// The pages in the navigation, by path.
    static let sections = [("/month", "本月情况"), ("/files", "文件"), ("/check", "上传校验"), ("/person", "查人")]

    /// A whole page: `body` is HTML already escaped where it holds text. The navigation names the
    /// visitor logged in, with 退出; the login page has none.
    static func document(title: String, current: String, body: String, visitor: Visitor? = nil, navigation shown: Bool = true) -> String {
        var navigation = sections.map { path, label in
            path == current ? "<strong>\(label)</strong>" : "<a href=\"\(path)\">\(label)</a>"
        }.joined(separator: " · ")
        if let label = visitor?.label {
            navigation += "<span class=\"who\">\(escape(label)) · <a href=\"/logout\">退出</a></span>"
        }
        if !shown { navigation = "" }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · sheetflow</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; color: #222; }
            nav { border-bottom: 1px solid #ccc; padding-bottom: .5rem; margin-bottom: 1rem; }
            nav a, nav strong { margin-right: .5rem; } nav .who { float: right; }
            table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
            th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
            th { background: #f2f2f2; }
            .error { background: #ffc7ce; } .warning { background: #ffeb9c; }
            table.problems td:nth-child(-n+5) { white-space: nowrap; }
            table.files th:nth-child(1), table.files td:nth-child(1), table.files td:nth-child(4) { white-space: nowrap; }
            .receipt { font-size: 1.05rem; } .refused { color: #9c0006; font-weight: bold; }
            form { margin: 1rem 0; padding: 1rem; border: 1px dashed #999; }
            pre { white-space: pre-wrap; background: #f8f8f8; padding: .5rem; }
            </style>
            </head>
            <body>
            <nav>sheetflow\(navigation.isEmpty ? "" : "：" + navigation)</nav>
            <h1>\(escape(title))</h1>
            \(body)
            </body>
            </html>
            """
    }

    /// A file to download under `name` (sent as RFC 5987 UTF-8; the plain `filename` is ASCII).
    static func download(_ data: Data, name: String) -> Response {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "download"
        let type = name.hasSuffix(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/octet-stream"
        return Response(status: .ok,
                        headers: [.contentType: type, .contentDisposition: "attachment; filename=\"download\"; filename*=UTF-8''\(encoded)",
                                  .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A page that says why something was not done.
    static func refusal(_ reason: String, title: String, current: String, visitor: Visitor?,
                        status: HTTPResponse.Status = .serviceUnavailable) -> Response {
        response(document(title: title, current: current, body: "<p class=\"refused\">\(escape(reason))</p>", visitor: visitor), status: status)
    }

    /// The page as an HTTP response.
    static func response(_ html: String, status: HTTPResponse.Status = .ok, cookie: Cookie? = nil) -> Response {
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        if let cookie { response.setCookie(cookie) }
        return response
    }
}

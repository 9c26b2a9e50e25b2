import Foundation
import GridCore
import XCTest

/// The HTML report in a real headless browser (Debian's chromium): it renders, in Chinese (the
/// title with the unit and the period, the ranking, the target line of `[Evaluation] Target=`),
/// its three SVG charts are in the rendered DOM, and no request leaves the page.
///
/// "No request" is checked three ways: the file names nothing outside itself (no URL, `src=`,
/// `url(`, script, stylesheet link or `@import`); chromium, with its proxy pointed at a dead port
/// so nothing can leave, logs in its net log no request started by the page; and the same check
/// run on a control page that does ask for an image, a stylesheet and a font finds those requests
/// — so the detector is known to see what it looks for.
final class ReportHTMLBrowserTests: XCTestCase {
    func testHTMLRendersItsChartsAndRequestsNothing() throws {
        _ = try OptionalTool.locate(HeadlessChromium.candidates, package: "chromium")  // skip before any work
        let daemon = try ReportTests.playJune(extraConfig: "\n[Evaluation]\nTarget=90%\n")
        let page = daemon.directory + "/report.html"
        let result = try daemon.gridctl(["report", "--from", "2026-06-01", "--to", "2026-06-30", "--by", "community", "--output", page])
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try String(contentsOfFile: page, encoding: .utf8)

        // Static: nothing outside the file is named.
        for needle in ["http:", "https:", "//", "src=", "url(", "<script", "<link", "@import", "<img", "<iframe"] {
            XCTAssertFalse(html.lowercased().contains(needle), "the HTML report contains \(needle)")
        }
        XCTAssertTrue(html.contains("Content-Security-Policy"))

        let chromium = try HeadlessChromium.locate(workDirectory: daemon.directory)
        let rendered = try chromium.run(page, mode: ["--dump-dom"], name: "report")
        XCTAssertEqual(rendered.status, 0, "chromium failed: \(rendered.stderr.suffix(2000))")
        // Rendered: the DOM chromium built has the title, the three charts and their marks.
        let dom = rendered.stdout
        XCTAssertTrue(dom.contains("<h1 id=\"title\">全市 2026年6月 网格化管理综合评价</h1>"), String(dom.prefix(1500)))
        XCTAssertTrue(dom.contains("<title>全市 2026年6月 网格化管理综合评价</title>"))
        XCTAssertFalse(dom.contains("evaluation report"), "no English title")
        for chart in ["chart-on-time", "chart-escalations", "chart-daily"] {
            XCTAssertTrue(dom.contains("<svg id=\"\(chart)\""), "\(chart) is not in the rendered DOM")
        }
        XCTAssertTrue(dom.contains("<rect"), "no bars in the rendered charts")
        XCTAssertTrue(dom.contains("<polyline"), "no daily lines in the rendered chart")
        XCTAssertTrue(dom.contains("桃源社区 (320506002001)"))
        // The ranking (排名) with its 环比 column, rendered.
        XCTAssertTrue(dom.contains("<section id=\"ranking\"><h2>社区排名</h2>"), "no ranking table in the rendered DOM")
        for header in ["排名", "综合指标", "环比", "按期结案率"] {
            XCTAssertTrue(dom.contains("<th>\(header)</th>"), "the ranking has no \(header) column")
        }
        XCTAssertTrue(dom.contains("<td class=\"number\">1</td><td>桃源社区 (320506002001)</td><td class=\"number\">100.0</td>"), "桃源社区 ranks first")
        // The target line, rendered in the on-time chart.
        XCTAssertTrue(dom.contains("<g id=\"target-line\">"), "no target line in the rendered DOM")
        XCTAssertTrue(dom.contains("目标 90%"))
        XCTAssertEqual(ReportHTMLPageTests.englishCapitals(in: dom), [], "English capitals on the rendered page")
        XCTAssertEqual(rendered.pageRequests, [], "the report page started requests")

        // A screenshot is a real image of a real size.
        let screenshot = daemon.directory + "/report.png"
        let shot = try chromium.run(page, mode: ["--screenshot=" + screenshot], name: "screenshot")
        XCTAssertEqual(shot.status, 0, shot.stderr.suffix(2000).description)
        let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")
        XCTAssertGreaterThan(png.count, 20_000, "the screenshot is nearly empty")

        // Printed, the pages are A4 landscape (297 × 210 mm: 841.92 × 594.96 points), from @media print.
        let pdfPath = daemon.directory + "/report.pdf"
        let printed = try chromium.run(page, mode: ["--no-pdf-header-footer", "--print-to-pdf=" + pdfPath], name: "print")
        XCTAssertEqual(printed.status, 0, printed.stderr.suffix(2000).description)
        let pdf = String(decoding: try Data(contentsOf: URL(fileURLWithPath: pdfPath)), as: UTF8.self)
        let boxes = pdf.components(separatedBy: "/MediaBox [").dropFirst().map { String($0.prefix { $0 != "]" }) }
        XCTAssertFalse(boxes.isEmpty, "no page in the PDF")
        for box in boxes {
            let numbers = box.split(separator: " ").compactMap { Double($0) }
            XCTAssertEqual(numbers.count, 4, box)
            guard numbers.count == 4 else { continue }
            XCTAssertEqual(numbers[2], 841.92, accuracy: 1, "A4 landscape width: \(box)")
            XCTAssertEqual(numbers[3], 594.96, accuracy: 1, "A4 landscape height: \(box)")
        }

        // Control: a page that asks for things is caught asking.
        let control = daemon.directory + "/control.html"
        try """
            <!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="https://example.com/style.css">
            <style>@font-face{font-family:x;src:url(https://example.com/font.woff2)}body{font-family:x}</style></head>
            <body><p>control</p><img src="http://example.com/pixel.png"></body></html>
            """.write(toFile: control, atomically: true, encoding: .utf8)
        let caught = try chromium.run(control, mode: ["--dump-dom"], name: "control")
        XCTAssertTrue(caught.pageRequests.contains { $0.hasPrefix("http://example.com/pixel.png") }, "\(caught.pageRequests)")
        XCTAssertTrue(caught.pageRequests.contains { $0.hasPrefix("https://example.com/style.css") }, "\(caught.pageRequests)")
    }
}

import XCTest

@testable import GridCore

/// The content digest behind idempotency keys: equal for the same decoded report, different when
/// any field differs (including "absent" against "the default"), and unambiguous across fields.
final class ReportDigestTests: XCTestCase {
    static let base = Report(
        key: "device-7#1", category: "0102", priority: .urgent, title: "楼道堆放垃圾", description: "东门外",
        place: .cell("320506002001006"), address: "花园路 12 号", reporter: .init(name: "张三", phone: "13812345678"),
        reportedAt: Timestamp(milliseconds: 1_777_600_000_000))

    func testTheSameReportHasTheSameDigestWhateverItsKey() {
        var other = Self.base
        other.key = "another key"
        XCTAssertEqual(ReportDigest.digest(Self.base), ReportDigest.digest(other))
        XCTAssertEqual(ReportDigest.digest(Self.base).count, 32)
        var zero = Self.base
        zero.place = .location(GeoPoint(lat: 0.0, lon: 120.6))
        var negativeZero = zero
        negativeZero.place = .location(GeoPoint(lat: -0.0, lon: 120.6))
        XCTAssertEqual(ReportDigest.digest(zero), ReportDigest.digest(negativeZero))
    }

    func testEveryFieldCounts() {
        let changes: [(String, (inout Report) -> Void)] = [
            ("category", { $0.category = "0103" }),
            ("priority absent", { $0.priority = nil }),
            ("priority", { $0.priority = .normal }),
            ("title", { $0.title = "楼道堆放杂物" }),
            ("title absent", { $0.title = nil }),
            ("description", { $0.description = nil }),
            ("cell", { $0.place = .cell("320506002001007") }),
            ("community", { $0.place = .community("320506002001") }),
            ("location", { $0.place = .location(GeoPoint(lat: 31.3, lon: 120.6)) }),
            ("address", { $0.address = "花园路 14 号" }),
            ("reporter name", { $0.reporter?.name = "李四" }),
            ("reporter phone", { $0.reporter?.phone = "13812345679" }),
            ("reporter absent", { $0.reporter = nil }),
            ("reported_at", { $0.reportedAt = Timestamp(milliseconds: 1_777_600_000_001) }),
            ("reported_at absent", { $0.reportedAt = nil }),
        ]
        var seen = [ReportDigest.digest(Self.base): "base"]
        for (name, change) in changes {
            var report = Self.base
            change(&report)
            let digest = ReportDigest.digest(report)
            XCTAssertNil(seen[digest], "\(name) has the digest of \(seen[digest] ?? "-")")
            seen[digest] = name
        }
    }

    /// Text moved from one field to the next is another report (each field carries its length).
    func testFieldBoundariesAreUnambiguous() {
        var first = Self.base
        first.title = "ab"
        first.description = nil
        var second = Self.base
        second.title = "a"
        second.description = "b"
        XCTAssertNotEqual(ReportDigest.digest(first), ReportDigest.digest(second))
        var empty = Self.base
        empty.title = ""
        var absent = Self.base
        absent.title = nil
        XCTAssertNotEqual(ReportDigest.digest(empty), ReportDigest.digest(absent))
    }
}

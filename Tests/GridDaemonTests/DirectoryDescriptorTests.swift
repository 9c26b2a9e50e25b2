import Foundation
import GridSystem
import XCTest

/// The *at calls the spool makes in directories others write into: nothing is followed through a
/// link, created over an existing entry, or renamed over one; modes do not depend on the umask.
final class DirectoryDescriptorTests: XCTestCase {
    var path = ""
    var directory: DirectoryDescriptor!

    override func setUpWithError() throws {
        var template = Array("/tmp/gridd-dirfd-XXXXXX".utf8CString)
        path = String(cString: try XCTUnwrap(mkdtemp(&template)))
        directory = try DirectoryDescriptor.open(path)
    }

    override func tearDown() {
        directory?.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    func testALinkIsNeitherFollowedNorWrittenThrough() throws {
        let target = path + "/target"
        try "precious".write(toFile: target, atomically: false, encoding: .utf8)
        XCTAssertEqual(symlink(target, path + "/link"), 0)
        XCTAssertThrowsError(try directory.openFile("link", O_RDONLY)) { XCTAssertEqual(($0 as? Errno)?.code, ELOOP) }
        XCTAssertThrowsError(try directory.createFile("link", Array("overwritten".utf8))) { XCTAssertEqual(($0 as? Errno)?.code, EEXIST) }
        XCTAssertThrowsError(try directory.openFile("link", O_WRONLY | O_CREAT | O_TRUNC)) { XCTAssertEqual(($0 as? Errno)?.code, EEXIST) }
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "precious")
        XCTAssertTrue(try directory.status("link").isSymbolicLink)
        XCTAssertEqual(directory.linkTarget("link"), target)
    }

    func testCreatedFilesHaveTheirModeWhateverTheUmask() throws {
        let previous = umask(0o077)
        defer { umask(previous) }
        try directory.createFile("a", Array("x".utf8), mode: 0o640)
        XCTAssertEqual(try directory.status("a").mode & 0o777, 0o640)
        umask(0)
        try directory.createFile("b", Array("x".utf8), mode: 0o640)
        XCTAssertEqual(try directory.status("b").mode & 0o777, 0o640)
    }

    func testARenameNeverReplaces() throws {
        try directory.createFile("from", Array("new".utf8))
        try directory.createFile("to", Array("old".utf8))
        XCTAssertThrowsError(try directory.rename("from", to: directory, as: "to")) { XCTAssertEqual(($0 as? Errno)?.code, EEXIST) }
        XCTAssertEqual(try String(contentsOfFile: path + "/to", encoding: .utf8), "old")
        try directory.rename("from", to: directory, as: "moved")
        XCTAssertEqual(try String(contentsOfFile: path + "/moved", encoding: .utf8), "new")
        XCTAssertThrowsError(try directory.status("from")) { XCTAssertEqual(($0 as? Errno)?.code, ENOENT) }
    }

    func testANameIsOneComponent() {
        for name in ["", ".", "..", "a/b", "../escape", "/etc/passwd"] {
            XCTAssertThrowsError(try directory.openFile(name, O_RDONLY), name) { XCTAssertEqual(($0 as? Errno)?.code, EINVAL) }
            XCTAssertThrowsError(try directory.unlink(name), name) { XCTAssertEqual(($0 as? Errno)?.code, EINVAL) }
        }
    }
}

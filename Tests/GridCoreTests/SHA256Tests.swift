import GridCore
import XCTest

/// SHA-256 against the FIPS 180-2 examples (appendix B) and the block-boundary lengths, in one
/// call and fed in pieces of every size.
final class SHA256Tests: XCTestCase {
    func testTheFIPS180Vectors() {
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundary (55 bytes is the most that fits one final block).
    func testLengthsAroundTheBlockBoundary() {
        let expected: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
            119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
            120: "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
        ]
        for (count, hex) in expected {
            XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: count)), hex, "\(count) bytes")
        }
    }

    func testFeedingInPiecesGivesTheSameDigest() {
        let bytes = (0..<1024).map { UInt8(truncatingIfNeeded: $0) }
        let whole = "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9"
        XCTAssertEqual(SHA256.hex(bytes), whole)
        XCTAssertEqual(SHA256.hex(bytes[...]), whole, "an ArraySlice")
        for piece in [1, 3, 63, 64, 65, 200] {
            var hasher = SHA256()
            var offset = 0
            while offset < bytes.count {
                hasher.update(bytes[offset..<min(offset + piece, bytes.count)])
                offset += piece
            }
            XCTAssertEqual(SHA256.hexString(hasher.finalize()), whole, "pieces of \(piece)")
        }
    }
}

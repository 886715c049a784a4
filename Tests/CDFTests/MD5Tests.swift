import Testing
@testable import CDF

/// The MD5 a CDF's checksum uses, against the test suite of RFC 1321.
@Suite struct MD5Tests {
    static func hex(_ text: String, pieces: Int = 1) -> String {
        var md5 = MD5()
        let bytes = Array(text.utf8)
        let step = max(1, bytes.count / pieces)
        for start in stride(from: 0, to: bytes.count, by: step) { md5.update(bytes[start..<min(start + step, bytes.count)]) }
        return CDFFile.hex(md5.finish())
    }

    @Test func rfc1321Vectors() {
        #expect(Self.hex("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Self.hex("abc") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Self.hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0")
        #expect(Self.hex("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b")
        let digits = String(repeating: "1234567890", count: 8)
        #expect(Self.hex(digits) == "57edf4a22be3c955ac49da2e2107b67a")
        // Fed in uneven pieces, across block boundaries.
        #expect(Self.hex(digits, pieces: 7) == "57edf4a22be3c955ac49da2e2107b67a")
    }
}

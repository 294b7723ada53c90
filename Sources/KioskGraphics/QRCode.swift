import CQRencode
import Foundation

public enum QRCode {
    /// The module matrix for `payload` as bytes (8-bit mode, error correction level M), row-major,
    /// without the quiet zone. Level M survives the smudges of a thermal print without making a URL's
    /// code too dense to scan from a phone.
    public static func modules(for payload: String) throws -> (size: Int, isDark: [Bool]) {
        let bytes = Array(payload.utf8)
        guard !bytes.isEmpty else { throw GraphicsError("QR code payload is empty") }
        let encoded = bytes.withUnsafeBufferPointer { buffer in
            QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, QR_ECLEVEL_M)
        }
        guard let code = encoded else {
            let reason = errno == ERANGE ? "payload too long (\(bytes.count) bytes)" : String(cString: strerror(errno))
            throw GraphicsError("QR encoding failed: \(reason)")
        }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        let data = code.pointee.data!
        var isDark = [Bool](repeating: false, count: size * size)
        for index in 0..<(size * size) {
            // libqrencode keeps other flags in the upper bits; bit 0 is the module's colour.
            isDark[index] = data[index] & 1 == 1
        }
        return (size, isDark)
    }
}

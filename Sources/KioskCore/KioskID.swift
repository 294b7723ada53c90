/// The one rule for kiosk ids, shared by the kiosk's config and the center's registry, so the center never
/// issues a credential for an id a kiosk cannot be configured with. Ids appear in file names, logs, CSV and
/// usage events, so they keep to a plain, bounded alphabet.
public enum KioskID {
    public static let maximumLength = 64
    public static let rule = "1 to 64 characters from A–Z, a–z, 0–9, '-' and '_' (letters, digits, '-' and '_' only)"

    public static func isValid(_ id: String) -> Bool {
        (1...maximumLength).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }
}

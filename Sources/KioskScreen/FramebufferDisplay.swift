import CLinuxFramebuffer
import Foundation
import Glibc
import KioskGraphics

/// The Linux framebuffer (/dev/fb0): reads the real mode, maps the memory, converts the canvas's ARGB32 into
/// the device's pixel format honouring its line stride, and writes only the rows that changed since the
/// last frame. The console is switched to graphics mode so its cursor does not blink through.
public final class FramebufferDisplay: Display {
    public let width: Int
    public let height: Int
    public let bitsPerPixel: Int
    public let lineLength: Int
    private let device: String
    private let fd: Int32
    private let memory: UnsafeMutableRawPointer
    private let memoryLength: Int
    private let format: PixelFormat
    private var lastFrame: [UInt8] = []
    private var console: (fd: Int32, previousMode: Int32)?

    struct PixelFormat {
        var red: (offset: UInt32, length: UInt32)
        var green: (offset: UInt32, length: UInt32)
        var blue: (offset: UInt32, length: UInt32)
    }

    public init(device: String = "/dev/fb0", console consolePath: String? = "/dev/tty0") throws {
        self.device = device
        fd = open(device, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw DisplayError(device: device, message: "cannot open: \(String(cString: strerror(errno)))") }
        var variable = fb_var_screeninfo()
        var fixed = fb_fix_screeninfo()
        guard kiosk_fb_get_vscreeninfo(fd, &variable) == 0, kiosk_fb_get_fscreeninfo(fd, &fixed) == 0 else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw DisplayError(device: device, message: "not a framebuffer: \(message)")
        }
        width = Int(variable.xres)
        height = Int(variable.yres)
        bitsPerPixel = Int(variable.bits_per_pixel)
        lineLength = Int(fixed.line_length)
        format = PixelFormat(red: (variable.red.offset, variable.red.length),
                             green: (variable.green.offset, variable.green.length),
                             blue: (variable.blue.offset, variable.blue.length))
        guard [16, 24, 32].contains(bitsPerPixel) else {
            Glibc.close(fd)
            throw DisplayError(device: device, message: "\(bitsPerPixel) bits per pixel is not supported (16, 24 or 32)")
        }
        // The visible page starts at yoffset; map the whole memory and draw into that page.
        memoryLength = Int(fixed.smem_len)
        let mapped = mmap(nil, memoryLength, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let mapped, mapped != MAP_FAILED else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw DisplayError(device: device, message: "cannot map framebuffer memory: \(message)")
        }
        memory = mapped.advanced(by: Int(variable.yoffset) * lineLength + Int(variable.xoffset) * bitsPerPixel / 8)
        if let consolePath {
            let consoleFD = open(consolePath, O_RDWR | O_CLOEXEC)
            var mode: Int32 = 0
            if consoleFD >= 0, kiosk_kd_get_mode(consoleFD, &mode) == 0, kiosk_kd_set_mode(consoleFD, UInt(KD_GRAPHICS)) == 0 {
                console = (consoleFD, mode)
            } else if consoleFD >= 0 {
                Glibc.close(consoleFD)
            }
        }
    }

    deinit { close() }

    public func close() {
        if let console {
            _ = kiosk_kd_set_mode(console.fd, UInt(console.previousMode))
            Glibc.close(console.fd)
            self.console = nil
        }
    }

    public func present(_ canvas: Canvas) throws {
        guard Int(canvas.width) == width, Int(canvas.height) == height else {
            throw DisplayError(device: device, message: "frame is \(Int(canvas.width))x\(Int(canvas.height)), screen is \(width)x\(height)")
        }
        let bytesPerPixel = bitsPerPixel / 8
        canvas.withPixels { pixels, stride in
            if lastFrame.count != stride * height { lastFrame = [UInt8](repeating: 0, count: stride * height); lastFrame[0] = 1 }
            for row in 0..<height {
                let source = pixels.baseAddress!.advanced(by: row * stride)
                // Damage by rows: skip rows identical to what the glass already shows.
                let unchanged = lastFrame.withUnsafeMutableBytes { previous in
                    memcmp(previous.baseAddress!.advanced(by: row * stride), source, width * 4) == 0
                }
                if unchanged { continue }
                lastFrame.withUnsafeMutableBytes { previous in
                    _ = memcpy(previous.baseAddress!.advanced(by: row * stride), source, width * 4)
                }
                let destination = memory.advanced(by: row * lineLength)
                if bitsPerPixel == 32, format.red.offset == 16, format.green.offset == 8, format.blue.offset == 0 {
                    memcpy(destination, source, width * 4)
                    continue
                }
                let argb = source.assumingMemoryBound(to: UInt32.self)
                for column in 0..<width {
                    let pixel = argb[column]
                    let value = pack(red: (pixel >> 16) & 0xFF, green: (pixel >> 8) & 0xFF, blue: pixel & 0xFF)
                    let target = destination.advanced(by: column * bytesPerPixel)
                    switch bytesPerPixel {
                    case 4: target.storeBytes(of: value, as: UInt32.self)
                    case 3:
                        target.storeBytes(of: UInt8(value & 0xFF), as: UInt8.self)
                        target.advanced(by: 1).storeBytes(of: UInt8((value >> 8) & 0xFF), as: UInt8.self)
                        target.advanced(by: 2).storeBytes(of: UInt8((value >> 16) & 0xFF), as: UInt8.self)
                    default: target.storeBytes(of: UInt16(value & 0xFFFF), as: UInt16.self)
                    }
                }
            }
        }
    }

    private func pack(red: UInt32, green: UInt32, blue: UInt32) -> UInt32 {
        func channel(_ value: UInt32, _ field: (offset: UInt32, length: UInt32)) -> UInt32 {
            (value >> (8 - min(8, field.length))) << field.offset
        }
        return channel(red, format.red) | channel(green, format.green) | channel(blue, format.blue)
    }

    /// A copy of what the framebuffer holds now, as an image canvas: what the system test saves as PNG.
    public func readBack() throws -> Canvas {
        let canvas = try Canvas.image(width: width, height: height)
        let bytesPerPixel = bitsPerPixel / 8
        canvas.withMutablePixels { pixels, stride in
            for row in 0..<height {
                let source = memory.advanced(by: row * lineLength)
                let target = pixels.baseAddress!.advanced(by: row * stride).assumingMemoryBound(to: UInt32.self)
                for column in 0..<width {
                    let at = source.advanced(by: column * bytesPerPixel)
                    let value: UInt32 = switch bytesPerPixel {
                    case 4: at.load(as: UInt32.self)
                    case 3: UInt32(at.load(as: UInt8.self)) | UInt32(at.advanced(by: 1).load(as: UInt8.self)) << 8
                        | UInt32(at.advanced(by: 2).load(as: UInt8.self)) << 16
                    default: UInt32(at.loadUnaligned(as: UInt16.self))
                    }
                    func channel(_ field: (offset: UInt32, length: UInt32)) -> UInt32 {
                        let raw = (value >> field.offset) & ((1 << field.length) - 1)
                        return field.length >= 8 ? raw : raw << (8 - field.length)
                    }
                    target[column] = 0xFF00_0000 | channel(format.red) << 16 | channel(format.green) << 8 | channel(format.blue)
                }
            }
        }
        return canvas
    }
}

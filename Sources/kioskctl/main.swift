import ArgumentParser
import Foundation
import KioskContent
import KioskCore
import KioskDaemon
import KioskGraphics
import KioskInput
import KioskPrinting
import KioskScreen
import KioskStorage

@main
struct Kioskctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kioskctl",
        abstract: "Tools for kiosk technicians and content authors.",
        subcommands: [ContentCommand.self, Walk.self, Render.self, Slip.self, Touch.self])
}

func fail(_ message: String, code: Int32 = 1) -> ExitCode {
    FileHandle.standardError.write(Data("kioskctl: \(message)\n".utf8))
    return ExitCode(code)
}

func loadBundle(_ path: String) throws -> ContentSet {
    do { return try ContentBundle.read(from: path) } catch { throw fail("\(error)") }
}

/// The options every command that walks a flow takes.
struct WalkOptions: ParsableArguments {
    @Option(help: "The content bundle (built by `kioskctl content build`).")
    var bundle: String

    @Option(help: "The flow's id.")
    var flow: String

    @Option(name: .customLong("choose"), parsing: .singleValue,
            help: "The answer on each screen, in order: an option's number (from 1) or id; on a multi-select, several joined by commas or '-' for none ticked; a number on a keypad screen; 'next' on an info page.")
    var choices: [String] = []

    func walk(content: ContentSet) throws -> Walkthrough {
        do { return try Walkthrough(content: content, flowID: flow, answers: choices) } catch { throw fail("\(error)") }
    }
}

struct ContentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "content", abstract: "Check and build content, and list every path through it.",
        subcommands: [Check.self, Build.self, Paths.self])

    /// How the checker lays text out: which themes and screen sizes to try.
    struct LayoutOptions: ParsableArguments {
        @Option(name: .customLong("screen"), parsing: .singleValue,
                help: "A screen size to lay every node out on, WIDTHxHEIGHT; repeat for several (default 1080x1920).")
        var screens: [String] = []
        @Option(name: .customLong("theme"), parsing: .singleValue,
                help: "A theme to lay out in: standard, elder or high_contrast; repeat for several (default all three).")
        var themes: [String] = []
        @Flag(help: "Skip laying text out (structure only; faster).") var noLayout = false

        func probe() throws -> RenderedLayoutProbe? {
            if noLayout { return nil }
            let sizes = try (screens.isEmpty ? ["1080x1920"] : screens).map { text in
                let (width, height) = try parseSize(text)
                return RenderedLayoutProbe.ScreenSize(width: width, height: height)
            }
            let themes = try (self.themes.isEmpty ? ["standard", "elder", "high_contrast"] : self.themes).map { name in
                guard let theme = Theme.named(name) else { throw fail("unknown theme '\(name)'") }
                return theme
            }
            return try RenderedLayoutProbe(themes: themes, sizes: sizes)
        }

        func load(_ directory: String) throws -> ContentSet {
            let probe = try probe()
            do {
                return try ContentLoader.load(directory: directory, layout: probe) { warning in
                    FileHandle.standardError.write(Data("\(warning)\n".utf8))
                }
            } catch {
                throw fail("\(error.errors.count) error\(error.errors.count == 1 ? "" : "s"):\n\(error)")
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check an authored content folder: syntax, references, reachability, dead ends, cycles, variables, conditions, citations, and whether all text fits. Exits non-zero on any error.")
        @Argument(help: "The content folder (with content.yaml).") var directory: String
        @OptionGroup var layout: LayoutOptions

        func run() throws {
            let content = try layout.load(directory)
            let nodes = content.flows.reduce(0) { $0 + $1.nodes.count }
            print("ok: \(content.flows.count) flows, \(nodes) nodes, \(content.directory.count) places, version \(content.version)")
        }
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a content folder and build its bundle.")
        @Argument(help: "The content folder (with content.yaml).") var directory: String
        @Option(name: .shortAndLong, help: "Where to write the bundle (.sqlite).") var output: String
        @OptionGroup var layout: LayoutOptions

        func run() throws {
            let content = try layout.load(directory)
            do { try ContentBundle.write(content, to: output) } catch { throw fail("\(output): \(error)") }
            print("built \(output): \(content.flows.count) flows, version \(content.version)")
        }
    }

    struct Paths: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every path through each flow: the answers, in `kioskctl walk --choose` form, and the outcome.")
        @Argument(help: "The content folder (with content.yaml).") var directory: String
        @Option(help: "Only this flow.") var flow: String?
        @Flag(help: "Print JSON lines with every node passed.") var json = false
        @Option(help: "Also write each path's slip as text into this folder (FLOW/NN-OUTCOME.txt), for golden tests.")
        var slips: String?

        func run() throws {
            let content: ContentSet
            do { content = try ContentLoader.load(directory: directory) } catch { throw fail("\(error)") }
            let flows = try flow.map { id in
                guard let flow = content.flow(id) else { throw fail("no flow '\(id)'") }
                return [flow]
            } ?? content.flows
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var incomplete = false
            for flow in flows {
                let listing: FlowPaths.Listing
                do { listing = try FlowPaths.list(flow, settings: LocalSettings(content.settings)) } catch { throw fail("\(flow.id): \(error)") }
                for path in listing.paths {
                    if json {
                        print(String(decoding: try encoder.encode(path), as: UTF8.self))
                    } else {
                        print("\(flow.id)\t\(path.outcome)\t\(path.answers.joined(separator: " "))")
                    }
                }
                if listing.truncated { FileHandle.standardError.write(Data("\(flow.id): stopped after \(listing.paths.count) paths\n".utf8)) }
                if !listing.untakenArms.isEmpty {
                    incomplete = true
                    FileHandle.standardError.write(Data(
                        "\(flow.id): no listed path takes \(listing.untakenArms.joined(separator: ", "))\n".utf8))
                }
                if let slips {
                    do { try GoldenSlips.write(listing.paths, flow: flow, content: content, to: slips) }
                    catch { throw fail("\(slips): \(error)") }
                }
            }
            if incomplete { throw ExitCode(2) }
        }
    }
}

struct Walk: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Walk a flow and print each screen, and the slip at an outcome.")
    @OptionGroup var options: WalkOptions
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() throws {
        let walk = try options.walk(content: loadBundle(options.bundle))
        let screens = Array(walk.screens.dropFirst())
        if json {
            struct Output: Encodable {
                struct Screen: Encodable {
                    var kind: String, title: String, progress: String?, prompt: String?, body: [String], choices: [String]
                }
                var screens: [Screen]
                var slip: SlipModel?
            }
            let output = Output(screens: screens.map {
                .init(kind: $0.kind.rawValue, title: $0.title, progress: $0.progress, prompt: $0.prompt, body: $0.body,
                      choices: $0.choices.map(\.label))
            }, slip: walk.slip)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
            return
        }
        for screen in screens {
            print("== \(screen.title)" + (screen.progress.map { "  [\($0)]" } ?? ""))
            if let prompt = screen.prompt { print(prompt) }
            for (index, choice) in screen.choices.enumerated() { print("  \(index + 1). \(choice.label)") }
            print("")
        }
        if let slip = walk.slip { print(SlipBuilder.text(of: slip)) }
    }
}

func parseSize(_ text: String) throws -> (Int, Int) {
    let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, parts.allSatisfy({ (240...8192).contains($0) }) else {
        throw fail("--size must look like 1080x1920")
    }
    return (parts[0], parts[1])
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render the screen after some choices to PNG.")
    @OptionGroup var options: WalkOptions
    @Option(help: "Screen size in pixels, WIDTHxHEIGHT.") var size = "1080x1920"
    @Option(help: "standard, elder or high_contrast.") var theme = "standard"
    @Option(name: .shortAndLong, help: "The PNG to write.") var output: String

    func run() throws {
        let walk = try options.walk(content: loadBundle(options.bundle))
        let (width, height) = try parseSize(size)
        guard let theme = Theme.named(theme) else { throw fail("unknown theme '\(self.theme)'") }
        let canvas = try Canvas.image(width: width, height: height)
        let layout = try ScreenRenderer(theme: theme, width: width, height: height).render(walk.screens.last!, on: canvas)
        try canvas.writePNG(to: output)
        for overflow in layout.overflows { FileHandle.standardError.write(Data("warning: text does not fit: \(overflow)\n".utf8)) }
        print("wrote \(output)")
    }
}

struct Slip: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render the slip of an outcome to PDF or PNG without printing.")
    @OptionGroup var options: WalkOptions
    @Option(help: "58mm, 80mm or a4.") var paper = "80mm"
    @Option(help: "Kiosk id printed on the slip.") var kiosk = "preview"
    @Option(help: "The center's public address the QR code points to.") var publicUrl = "https://example.invalid"
    @Option(name: .shortAndLong, help: "slip.pdf or slip.png.") var output: String

    func run() throws {
        let content = try loadBundle(options.bundle)
        let walk: Walkthrough
        do {
            walk = try Walkthrough(content: content, flowID: options.flow, answers: options.choices, kioskID: kiosk,
                                   publicBaseURL: publicUrl)
        } catch { throw fail("\(error)") }
        guard let slip = walk.slip else { throw fail("those choices do not reach an outcome; add more --choose") }
        guard let paper = SlipPaper(rawValue: paper) else { throw fail("--paper must be 58mm, 80mm or a4") }
        let data = output.lowercased().hasSuffix(".png") ? try SlipRenderer.png(slip, paper: paper)
            : try SlipRenderer.pdf(slip, paper: paper)
        try data.write(to: URL(fileURLWithPath: output))
        print("wrote \(output)")
    }
}

struct Touch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Touchscreen tools.", subcommands: [Replay.self, List.self, Script.self])

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replay an evemu recording and print gestures as JSON lines.")
        @Argument(help: "An evemu recording.") var file: String
        @Option(help: "Screen size, WIDTHxHEIGHT.") var screen = "1080x1920"
        @Option(help: "Rotation: 0, 90, 180 or 270.") var rotate = 0

        func run() throws {
            let (width, height) = try parseSize(screen)
            guard let rotation = ScreenRotation(rawValue: rotate) else { throw fail("--rotate must be 0, 90, 180 or 270") }
            let recording: EvemuRecording
            do { recording = try EvemuRecording.load(path: file) } catch { throw fail("\(error)") }
            var pipeline = TouchPipeline(device: recording.device, mapping: TouchMapping(
                screenWidth: width, screenHeight: height, rotation: rotation, flipX: false, flipY: false, calibration: nil))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for event in recording.events {
                for gesture in pipeline.feed(event) { print(String(decoding: try encoder.encode(gesture), as: UTF8.self)) }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List input devices and whether each is taken as a touchscreen.")
        @Option(help: "Where the event devices are.") var directory = "/dev/input"

        func run() {
            let devices = TouchscreenDiscovery.scan(directory: directory)
            if devices.isEmpty { print("no input devices in \(directory)") }
            for device in devices {
                print("\(device.path)\t\(device.isTouchscreen ? "touchscreen" : "ignored")\t\(device.name)\t\(device.reason)")
            }
        }
    }

    struct Script: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an evemu recording that taps through a flow on a given device, for replay with kioskd.")
        @OptionGroup var options: WalkOptions
        @Option(help: "An evemu recording or .desc whose device to imitate.") var device: String
        @Option(help: "Screen size, WIDTHxHEIGHT.") var size = "1080x1920"
        @Option(help: "standard, elder or high_contrast.") var theme = "standard"
        @Option(name: .shortAndLong, help: "The recording to write.") var output: String

        func run() throws {
            let content = try loadBundle(options.bundle)
            let (width, height) = try parseSize(size)
            guard let theme = Theme.named(theme) else { throw fail("unknown theme '\(self.theme)'") }
            let info: TouchDeviceInfo
            do { info = try EvemuRecording.load(path: device).device } catch { throw fail("\(error)") }
            let mapping = TouchMapping(screenWidth: width, screenHeight: height, rotation: .none, flipX: false,
                                       flipY: false, calibration: nil)
            let points: [(x: Double, y: Double)]
            do {
                points = try Walkthrough.tapPoints(content: content, flowID: options.flow, answers: options.choices,
                                                   theme: theme, width: width, height: height)
            } catch { throw fail("\(error)") }
            try EvemuWriter.tapRecording(device: info, mapping: mapping, taps: points)
                .write(toFile: output, atomically: true, encoding: .utf8)
            print("wrote \(output): \(points.count) taps")
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import KioskScreen
import NIOCore

/// The browser simulator: shows the live frame and turns clicks into taps that enter the same input
/// stream as the touchscreen's.
enum SimulatorServer {
    static func application(display: SimulatorDisplay, host: String, port: Int,
                            deliver: @escaping @Sendable (InputEvent) -> Void,
                            onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.get("/") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: page(width: display.width, height: display.height))))
        }
        router.get("/frame.png") { request, _ -> Response in
            let after = request.uri.queryParameters.get("after", as: Int.self) ?? 0
            let frame = await display.frame(after: after, timeout: .seconds(25))
            return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-store",
                                                    HTTPField.Name("X-Frame")!: String(frame.number)],
                            body: .init(byteBuffer: ByteBuffer(data: frame.png)))
        }
        router.post("/tap") { request, _ -> HTTPResponse.Status in
            guard let x = request.uri.queryParameters.get("x", as: Double.self),
                  let y = request.uri.queryParameters.get("y", as: Double.self),
                  (0...Double(display.width)).contains(x), (0...Double(display.height)).contains(y) else {
                return .badRequest
            }
            deliver(.tap(x: x, y: y))
            return .noContent
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port)),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
    }

    static func page(width: Int, height: Int) -> String {
        """
        <!doctype html><html><head><meta charset="utf-8"><title>kioskd simulator</title>
        <style>body{margin:0;background:#333;display:flex;justify-content:center;align-items:center;height:100vh}
        img{width:auto;height:auto;max-height:100vh;max-width:100vw;cursor:pointer;box-shadow:0 0 24px #000}</style></head>
        <body><img id="screen" src="/frame.png?after=0" width="\(width)" height="\(height)" alt="kiosk screen">
        <script>
        const img = document.getElementById('screen');
        let frame = 0;
        async function follow() {
          for (;;) {
            try {
              const response = await fetch('/frame.png?after=' + frame, {cache: 'no-store'});
              frame = parseInt(response.headers.get('X-Frame') || '0');
              const url = URL.createObjectURL(await response.blob());
              const old = img.src; img.src = url; if (old.startsWith('blob:')) URL.revokeObjectURL(old);
            } catch (e) { await new Promise(r => setTimeout(r, 1000)); }
          }
        }
        img.addEventListener('click', (event) => {
          const box = img.getBoundingClientRect();
          const x = Math.round((event.clientX - box.left) * \(width) / box.width);
          const y = Math.round((event.clientY - box.top) * \(height) / box.height);
          fetch('/tap?x=' + x + '&y=' + y, {method: 'POST'});
        });
        follow();
        </script></body></html>
        """
    }
}

import FerryTestSupport
import Foundation

/// A loopback proxy in front of a STAC API that answers every `POST /search` with 503 and passes
/// everything else through: a catalog whose "already published" search fails while publishing works.
struct SearchFailingProxy {
    let baseURL: String

    static func withRunning<T>(to upstream: String, isolation: isolated (any Actor)? = #isolation,
                               _ body: (SearchFailingProxy) async throws -> T) async throws -> T {
        let directory = try TemporaryDirectory()
        let port = try FreePort.find()
        let script = directory.path("proxy.py")
        try #"""
            import sys, urllib.request, urllib.error
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

            port, upstream = int(sys.argv[1]), sys.argv[2].rstrip("/")

            class Handler(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"

                def forward(self, method):
                    length = int(self.headers.get("Content-Length") or 0)
                    body = self.rfile.read(length) if length else None
                    if method == "POST" and self.path.split("?")[0] == "/search":
                        self.answer(503, b'{"detail": "search is down"}', "application/json")
                        return
                    request = urllib.request.Request(upstream + self.path, data=body, method=method)
                    for name in ("Content-Type", "Accept"):
                        if self.headers.get(name):
                            request.add_header(name, self.headers[name])
                    try:
                        with urllib.request.urlopen(request, timeout=60) as reply:
                            self.answer(reply.status, reply.read(), reply.headers.get("Content-Type", "application/json"))
                    except urllib.error.HTTPError as error:
                        self.answer(error.code, error.read(), error.headers.get("Content-Type", "application/json"))

                def answer(self, status, data, content_type):
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

                def do_GET(self): self.forward("GET")
                def do_POST(self): self.forward("POST")
                def do_PUT(self): self.forward("PUT")
                def do_DELETE(self): self.forward("DELETE")
                def log_message(self, *args): pass

            ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
            """#.write(toFile: script, atomically: true, encoding: .utf8)
        let child = try ChildProcess(try PythonPeer.interpreter(), [script, String(port), upstream], outputPrefix: directory.path("proxy"))
        do {
            try await FreePort.waitUntilListening(port: port, timeout: 30)
            let result = try await body(SearchFailingProxy(baseURL: "http://127.0.0.1:\(port)"))
            child.kill()
            _ = await child.wait()
            return result
        } catch {
            child.kill()
            _ = await child.wait()
            throw error
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Leaflet as Debian's `libjs-leaflet` installs it: bureau networks are often cut off from the internet, so the
/// map never loads a script or a tile from outside. Only the package's own files are served, by name.
enum LeafletAssets {
    static let package = "libjs-leaflet"
    static let directory = "/usr/share/javascript/leaflet"
    static let files: [String: String] = [
        "leaflet.js": "text/javascript; charset=utf-8", "leaflet.css": "text/css; charset=utf-8",
        "images/marker-icon.png": "image/png", "images/marker-icon-2x.png": "image/png", "images/marker-shadow.png": "image/png",
        "images/layers.png": "image/png", "images/layers-2x.png": "image/png",
    ]

    static var isInstalled: Bool { FileManager.default.fileExists(atPath: directory + "/leaflet.js") }

    /// What `serve` logs at start-up when the package is missing (the map page says the same).
    static var missingMessage: String {
        "the map needs Debian's \(package) (\(directory)/leaflet.js is missing): sudo apt-get install \(package), or scripts/install-deps.sh run"
    }

    static func response(for name: String) throws -> Response {
        guard let type = files[name] else { throw ProblemDetails.notFound(code: "not_found", "no Leaflet file '\(name)'") }
        guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
            throw ProblemDetails(
                status: .serviceUnavailable, code: "leaflet_missing", title: "地图组件未安装 (map library missing)", detail: missingMessage)
        }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=86400"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

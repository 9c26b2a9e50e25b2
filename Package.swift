// swift-tools-version:6.0
//
// gridd — a grid-management (网格化管理) incident dispatcher.
// Layers point down only:
//   gridd, gridctl, grid-bench  →  GridDaemon / GridClient  →  GridStore  →  GridCore
// GridSystem (syscall wrappers) and the C shims sit beside the bottom layer.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "gridd",
    products: [
        .executable(name: "gridd", targets: ["gridd"]),
        .executable(name: "gridctl", targets: ["gridctl"]),
        .executable(name: "grid-bench", targets: ["grid-bench"]),
    ],
    targets: [
        // C: libsqlite3 from the system, and a tiny shim for what needs _GNU_SOURCE.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "CLinux", path: "Sources/CLinux"),

        // Pure domain: model, routing, config, policy, wire protocol. No I/O.
        .target(name: "GridCore", swiftSettings: swiftSettings),
        // Syscalls wrapped once: EINTR retried, errno thrown as a typed error.
        .target(name: "GridSystem", dependencies: ["CLinux"], swiftSettings: swiftSettings),
        // SQLite: connection, statements, migrations, the incident store (and its database file, through GridSystem).
        .target(name: "GridStore", dependencies: ["GridCore", "CSQLite", "GridSystem"], swiftSettings: swiftSettings),
        // The daemon: socket server, request handling, dispatch log, signals.
        .target(
            name: "GridDaemon",
            dependencies: ["GridCore", "GridStore", "GridSystem"],
            swiftSettings: swiftSettings
        ),
        // The client side of the socket protocol and gridctl's commands and formatting (and
        // `gridctl backup`, which copies the database through GridStore).
        .target(name: "GridClient", dependencies: ["GridCore", "GridStore", "GridSystem"], swiftSettings: swiftSettings),
        // Synthetic maps and reports, and a crowd of misbehaving socket clients, shared by tests and the bench.
        .target(name: "GridFixtures", dependencies: ["GridCore", "GridSystem"], swiftSettings: swiftSettings),
        // Test scaffolding kept out of the production targets, shared by the tests and the bench:
        // the database seeders, the manual clock, the sample config writer. (GridFixtures stays
        // apart: it needs no store, and GridCoreTests links it.)
        .target(name: "GridTesting", dependencies: ["GridCore", "GridStore", "GridSystem", "GridFixtures"], swiftSettings: swiftSettings),

        .executableTarget(name: "gridd", dependencies: ["GridDaemon"], swiftSettings: swiftSettings),
        .executableTarget(name: "gridctl", dependencies: ["GridClient"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "grid-bench",
            dependencies: ["GridCore", "GridStore", "GridDaemon", "GridClient", "GridFixtures", "GridTesting"],
            swiftSettings: swiftSettings
        ),

        .testTarget(
            name: "GridCoreTests",
            dependencies: ["GridCore", "GridFixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridStoreTests",
            dependencies: ["GridStore", "GridCore", "GridFixtures", "GridTesting"],
            swiftSettings: swiftSettings
        ),
        // gridctl's command table, help and message catalogue: pure, no daemon.
        .testTarget(
            name: "GridClientTests",
            dependencies: ["GridClient", "GridCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GridDaemonTests",
            dependencies: [
                "GridDaemon", "GridClient", "GridStore", "GridCore", "GridFixtures", "GridTesting", "gridd", "gridctl",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

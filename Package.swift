// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kiln",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kiln", targets: ["kiln"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        // MARK: - libgit2 (the only C boundary; imported by `Git` alone)
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // MARK: - Model (pure: the spec types that manifests decode into and the planner plans over)
        .target(name: "KilnModel"),

        // MARK: - Redaction (pure: one redactor for every output)
        .target(name: "Redaction"),

        .target(
            name: "Git",
            dependencies: [
                "CLibGit2",
                "Redaction",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // MARK: - libyaml's event parser (imported by `Manifest` alone)
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        // MARK: - Manifests
        .target(
            name: "Manifest",
            dependencies: [
                "CLibYAML",
                "KilnModel",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // MARK: - AWS wire protocols
        .target(
            name: "AWS",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                "Redaction",
            ]
        ),

        // MARK: - Planning (pure: no I/O)
        .target(name: "Planner", dependencies: ["KilnModel"]),

        // MARK: - Cloud: observe AWS into the actual state, carry out planned actions
        .target(
            name: "Cloud",
            dependencies: ["AWS", "Planner", "Redaction", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: - Reconcile engine: one cycle (load, observe, plan, apply, report)
        .target(
            name: "Controller",
            dependencies: [
                "Git",
                "Manifest",
                "AWS",
                "Cloud",
                "Planner",
                "Redaction",
                "Yams",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),

        // MARK: - Executable
        .executableTarget(
            name: "kiln",
            dependencies: [
                "Git",
                "Manifest",
                "AWS",
                "Planner",
                "Controller",
                "Redaction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Benchmarks, kept apart from the tests: `swift run -c release kiln-bench`
        .executableTarget(
            name: "kiln-bench",
            dependencies: [
                "Git",
                "Manifest",
                "AWS",
                "Planner",
                "Cloud",
                "Controller",
                "KilnTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Test support: moto harness, programmable proxy, git fixtures
        .target(
            name: "KilnTestSupport",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: - Local environment: moto_server behind the fault proxy (deploy/local/run.sh)
        .executableTarget(
            name: "kiln-testbed",
            dependencies: ["KilnTestSupport", .product(name: "NIOHTTP1", package: "swift-nio")]
        ),

        // MARK: - Tests
        .testTarget(name: "KilnModelTests", dependencies: ["KilnModel"]),
        .testTarget(name: "RedactionTests", dependencies: ["Redaction"]),
        .testTarget(name: "GitTests", dependencies: ["Git", "Redaction", "KilnTestSupport"]),
        .testTarget(
            name: "ManifestTests",
            dependencies: ["Manifest"],
            exclude: ["Support/schema_check.py"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AWSTests",
            dependencies: [
                "AWS",
                "KilnTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "CloudTests", dependencies: ["Cloud", "KilnTestSupport"]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner"], resources: [.copy("Golden")]),
        .testTarget(name: "KilnTests", dependencies: ["kiln", "KilnTestSupport"]),
        .testTarget(name: "ControllerTests", dependencies: ["Controller", "Cloud", "kiln", "KilnTestSupport"]),
        .testTarget(name: "KilnTestSupportTests", dependencies: ["KilnTestSupport"]),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Controller", "Git", "Manifest", "Planner", "AWS", "Cloud", "KilnTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "OpsTests", dependencies: ["Controller", "Cloud", "Planner", "Manifest", "AWS", "KilnTestSupport"]),
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "Manifest", "AWS", "Controller", "KilnTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "FaultMatrixTests",
            dependencies: [
                "Controller", "Cloud", "Planner", "AWS", "Git", "KilnTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
    ]
)

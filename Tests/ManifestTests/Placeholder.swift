import Testing

@Test func placeholderManifest() {}

import Testing

@Test func placeholderKiln() {}

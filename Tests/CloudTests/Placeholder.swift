import Testing

@Test func placeholderCloud() {}
